/**
 * The filter language and HBase filter semantics, without a cluster: rows are assembled by
 * `assembleRow` (the service's own per-row path) from synthetic stored rows (K, Q, −ts, V).
 */
import { describe, expect, it } from 'vitest';
import type { Value } from '../common/value';
import type { TableSchema } from '../schema/schema';
import { parseFilterString } from './filter_parser';
import { UNLIMITED_VERSIONS, type HFamily } from './hbase_model';
import { assembleRow, filterOf, readContext, type FamilyPlan } from './hbase_read';
import type { HCell, HReadSpec } from './types';

type C = [row: string, family: string, qualifier: string, ts: number, value: string];

function family(name: string, maxVersions = UNLIMITED_VERSIONS, ttlMs: number | null = null): HFamily {
  return { name, table: {} as TableSchema, maxVersions, ttlMs, enabled: true, keyTypes: [] };
}

const FAMS = [family('f'), family('g')];

/** Scans `data` like the service: rows in order (reverse when asked), families merged. */
function scan(data: C[], read: Partial<HReadSpec> = {}, opts: { reversed?: boolean; nowMs?: number; fams?: HFamily[] } = {}): HCell[] {
  const fams = opts.fams ?? FAMS;
  const spec: HReadSpec = { columns: [], maxVersions: 1, timeRange: null, timestamp: null, filter: null, ...read };
  const plans: FamilyPlan[] = fams.map((f) => ({ family: f, qualifiers: null, qualifierSet: null }));
  const ctx = readContext(plans, spec, filterOf(spec, opts.reversed ?? false), opts.nowMs ?? 1e12);
  const rows = [...new Set(data.map((c) => c[0]))].sort();
  if (opts.reversed) rows.reverse();
  const out: HCell[] = [];
  for (const row of rows) {
    const perFamily = fams.map((f) =>
      data
        .filter((c) => c[0] === row && c[1] === f.name)
        .sort((a, b) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : b[3] - a[3]))
        .map((c): Value[] => [c[0], c[2], -c[3], c[4]]),
    );
    const r = assembleRow(ctx, row, perFamily);
    out.push(...r.cells);
    if (r.stop) break;
  }
  return out;
}

const show = (cells: HCell[]) => cells.map((c) => `${c.row}/${c.family}:${c.qualifier}@${c.timestamp}=${c.value}`);
const rows = (cells: HCell[]) => [...new Set(cells.map((c) => c.row))];

const DATA: C[] = [
  ['r1', 'f', 'a', 1, 'x'], ['r1', 'f', 'b', 1, 'value1'], ['r1', 'f', 'b', 2, 'value2'], ['r1', 'g', 'c', 1, 'abc'],
  ['r2', 'f', 'a', 1, 'y'], ['r2', 'f', 'ab', 1, 'hello'], ['r2', 'g', 'c', 1, 'zzz'],
  ['r3', 'f', 'b', 1, 'value3'], ['s1', 'f', 'a', 5, 'Q'],
];

describe('filter language parser', () => {
  it('parses calls, lists, SKIP/WHILE and quoted strings with doubled quotes', () => {
    expect(parseFilterString("ValueFilter(=, 'it''s')")).toEqual({
      kind: 'call', name: 'ValueFilter', pos: 0,
      args: [{ kind: 'op', op: 'EQUAL', pos: 12 }, { kind: 'string', value: "it's", pos: 15 }],
    });
    const e = parseFilterString("PrefixFilter('r') AND (QualifierFilter(>=, 'binary:b') OR SKIP ValueFilter(!=, 'binary:0'))");
    expect(e.kind).toBe('and');
    const or = (e as { items: { kind: string; items?: { kind: string }[] }[] }).items[1];
    expect(or.kind).toBe('or');
    expect(or.items!.map((i) => i.kind)).toEqual(['call', 'skip']);
    // AND binds tighter than OR.
    expect(parseFilterString('KeyOnlyFilter() OR FirstKeyOnlyFilter() AND PageFilter(1)').kind).toBe('or');
  });

  it('reports malformed strings with the token and position (-10514)', () => {
    const err = (s: string) => {
      try {
        scan(DATA, { filter: s });
      } catch (e) {
        return e as { obCode: number; message: string };
      }
      throw new Error(`no error for ${s}`);
    };
    expect(err("ValueFilter(=, 'binary:a'")).toMatchObject({ obCode: -10514, message: expect.stringContaining('position 25') });
    expect(err("ValueFilter(=, 'binary:a') AND").message).toContain('unexpected end of filter string');
    expect(err("ValueFilter(=, 'binary:a')) ").message).toContain("unexpected ')' at position 26");
    expect(err("ValueFilter(=, 'oops)").message).toContain('unterminated string starting at position 15');
    expect(err('FooFilter()').message).toContain("unknown filter 'FooFilter' at position 0");
    expect(err("ValueFilter(=, 'nocolon')").message).toContain("comparator 'nocolon' has no type");
    expect(err('PageFilter(1, 2)').message).toContain('PageFilter at position 0 expects 1 argument(s), got 2');
    expect(err("ValueFilter(~, 'binary:a')").message).toContain("unexpected '~' at position 12");
  });
});

describe('HBase filter semantics', () => {
  it('compare filters with binary, binaryprefix, regexstring and substring comparators', () => {
    // Filters run before version counting (HBase): an older version that matches is returned.
    expect(show(scan(DATA, { filter: "ValueFilter(=, 'binary:value1')" }))).toEqual(['r1/f:b@1=value1']);
    expect(show(scan(DATA, { filter: "ValueFilter(>, 'binary:value2')" }))).toEqual(['r1/f:a@1=x', 'r2/f:a@1=y', 'r2/g:c@1=zzz', 'r3/f:b@1=value3']);
    expect(rows(scan(DATA, { filter: "ValueFilter(=, 'binaryprefix:val')" }))).toEqual(['r1', 'r3']);
    expect(show(scan(DATA, { filter: "ValueFilter(=, 'regexstring:^h.*o$')" }))).toEqual(['r2/f:ab@1=hello']);
    expect(show(scan(DATA, { filter: "ValueFilter(=, 'substring:q')" }))).toEqual(['s1/f:a@5=Q']);
    expect(rows(scan(DATA, { filter: "RowFilter(<, 'binary:r2')" }))).toEqual(['r1']);
    expect(show(scan(DATA, { filter: "FamilyFilter(=, 'binary:g')" }))).toEqual(['r1/g:c@1=abc', 'r2/g:c@1=zzz']);
    expect(show(scan(DATA, { filter: "QualifierFilter(=, 'binary:ab')" }))).toEqual(['r2/f:ab@1=hello']);
  });

  it('row-key filters: PrefixFilter, InclusiveStopFilter (both directions)', () => {
    expect(rows(scan(DATA, { filter: "PrefixFilter('r')" }))).toEqual(['r1', 'r2', 'r3']);
    expect(rows(scan(DATA, { filter: "InclusiveStopFilter('r2')" }))).toEqual(['r1', 'r2']);
    expect(rows(scan(DATA, { filter: "InclusiveStopFilter('r2')" }, { reversed: true }))).toEqual(['s1', 'r3', 'r2']);
    expect(rows(scan(DATA, { filter: "PrefixFilter('r')" }, { reversed: true }))).toEqual(['r3', 'r2', 'r1']);
  });

  it('column filters: prefixes, ranges, pagination, count, first key, key only, timestamps', () => {
    expect(show(scan(DATA, { filter: "ColumnPrefixFilter('a')" }))).toEqual(['r1/f:a@1=x', 'r2/f:a@1=y', 'r2/f:ab@1=hello', 's1/f:a@5=Q']);
    expect(show(scan(DATA, { filter: "MultipleColumnPrefixFilter('ab', 'c')" }))).toEqual(['r1/g:c@1=abc', 'r2/f:ab@1=hello', 'r2/g:c@1=zzz']);
    expect(show(scan(DATA, { filter: "ColumnRangeFilter('ab', true, 'c', false)" }))).toEqual(['r1/f:b@2=value2', 'r2/f:ab@1=hello', 'r3/f:b@1=value3']);
    // ColumnPaginationFilter(limit 1, offset 1): the second column of each row (families in order).
    expect(show(scan(DATA, { filter: 'ColumnPaginationFilter(1, 1)' }))).toEqual(['r1/f:b@2=value2', 'r2/f:ab@1=hello']);
    expect(show(scan(DATA, { filter: 'FirstKeyOnlyFilter()' }))).toEqual(['r1/f:a@1=x', 'r2/f:a@1=y', 'r3/f:b@1=value3', 's1/f:a@5=Q']);
    expect(show(scan(DATA, { filter: 'KeyOnlyFilter()' })).slice(0, 2)).toEqual(['r1/f:a@1=', 'r1/f:b@2=']);
    expect(show(scan(DATA, { filter: 'TimestampsFilter(1)', maxVersions: 3 }))).toEqual([
      'r1/f:a@1=x', 'r1/f:b@1=value1', 'r1/g:c@1=abc', 'r2/f:a@1=y', 'r2/f:ab@1=hello', 'r2/g:c@1=zzz', 'r3/f:b@1=value3',
    ]);
    // ColumnCountGetFilter(2): two columns of the first row, then the scan ends.
    expect(show(scan(DATA, { filter: 'ColumnCountGetFilter(2)' }))).toEqual(['r1/f:a@1=x', 'r1/f:b@2=value2']);
  });

  it('SingleColumnValueFilter keeps or drops whole rows; the Exclude variant drops the tested column', () => {
    const scvf = "SingleColumnValueFilter('f', 'b', =, 'binary:value2')";
    expect(rows(scan(DATA, { filter: scvf }))).toEqual(['r1', 'r2', 's1']); // rows without f:b pass (filterIfMissing false)
    expect(rows(scan(DATA, { filter: "SingleColumnValueFilter('f', 'b', =, 'binary:value2', true, true)" }))).toEqual(['r1']);
    // latestVersionOnly false: any version the read reaches may match.
    expect(rows(scan(DATA, { filter: "SingleColumnValueFilter('f', 'b', =, 'binary:value1', true, false)", maxVersions: 2 }))).toEqual(['r1']);
    expect(rows(scan(DATA, { filter: "SingleColumnValueFilter('f', 'b', =, 'binary:value1', true, true)" }))).toEqual([]);
    expect(show(scan(DATA, { filter: "SingleColumnValueExcludeFilter('f', 'b', =, 'binary:value2', true, true)" })))
      .toEqual(['r1/f:a@1=x', 'r1/g:c@1=abc']);
  });

  it('FilterList AND / OR, PageFilter, SKIP and WHILE', () => {
    expect(rows(scan(DATA, { filter: "ValueFilter(=, 'binary:x') OR ValueFilter(=, 'binary:zzz')" }))).toEqual(['r1', 'r2']);
    expect(show(scan(DATA, { filter: "RowFilter(=, 'binary:r2') AND FamilyFilter(=, 'binary:f')" }))).toEqual(['r2/f:a@1=y', 'r2/f:ab@1=hello']);
    expect(rows(scan(DATA, { filter: "RowFilter(=, 'binary:r1') OR ValueFilter(=, 'binary:Q')" }))).toEqual(['r1', 's1']);
    expect(rows(scan(DATA, { filter: 'PageFilter(2)' }))).toEqual(['r1', 'r2']);
    expect(rows(scan(DATA, { filter: 'PageFilter(2)' }, { reversed: true }))).toEqual(['s1', 'r3']);
    // PageFilter counts rows the other filters kept.
    expect(rows(scan(DATA, { filter: "PrefixFilter('r') AND ValueFilter(=, 'binaryprefix:value') AND PageFilter(1)" }))).toEqual(['r1']);
    // SKIP drops rows with any excluded cell; WHILE ends the scan at the first exclusion.
    expect(rows(scan(DATA, { filter: "SKIP ValueFilter(!=, 'binary:zzz')" }))).toEqual(['r1', 'r3', 's1']);
    expect(rows(scan(DATA, { filter: "WHILE RowFilter(!=, 'binary:r3')" }))).toEqual(['r1', 'r2']);
  });

  it('applies TimeToLive and the family MaxVersions before time ranges and filters', () => {
    const fams = [family('f', 2, 1000), family('g')];
    const data: C[] = [['r', 'f', 'q', 5000, 'v5'], ['r', 'f', 'q', 4500, 'v45'], ['r', 'f', 'q', 4200, 'v42'], ['r', 'f', 'q', 3000, 'old']];
    expect(show(scan(data, { maxVersions: 10 }, { fams, nowMs: 5200 }))).toEqual(['r/f:q@5000=v5', 'r/f:q@4500=v45']);
    expect(show(scan(data, { maxVersions: 10, timeRange: [4000, 4600] }, { fams, nowMs: 5200 }))).toEqual(['r/f:q@4500=v45']);
    expect(show(scan(data, { maxVersions: 10 }, { fams, nowMs: 6100 }))).toEqual([]);
  });
});
