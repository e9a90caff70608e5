import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import type { Value } from '../common/value';
import { FULL_RANGE, type KeyRange } from '../sql/exec_context';
import { initCompression } from './compression';
import { columnStats, compareInClass, vectorValueAt } from './encoding';
import type { ColumnBatch, ScanStats } from './types';
import type { StoragePredicate } from './encoding/types';
import { Tablet } from './tablet';
import { loadWide, text, wideIdentity, WIDE_CLASSES } from './test/columnar_helpers';
import { freshBlocks, k, l, NO_YIELD, range, readAll, s } from './test/helpers';
import { emptyScanStats } from './types';

beforeAll(() => initCompression());

const FORMATS = ['row', 'column', 'hybrid'] as const;

/** Reference: does `v` pass `p` (NULL never passes a comparison)? */
function passes(v: Value, p: StoragePredicate, cls = WIDE_CLASSES[0]): boolean {
  if (p.op === 'is_null') return v === null;
  if (p.op === 'is_not_null') return v !== null;
  if (v === null) return false;
  const cmp = (x: Value) => compareInClass(v, x, cls);
  switch (p.op) {
    case '=':
      return cmp(p.value) === 0;
    case '<>':
      return cmp(p.value) !== 0;
    case '<':
      return cmp(p.value) < 0;
    case '<=':
      return cmp(p.value) <= 0;
    case '>':
      return cmp(p.value) > 0;
    case '>=':
      return cmp(p.value) >= 0;
    case 'in':
      return p.values.some((x) => x !== null && cmp(x) === 0);
    case 'between':
      return cmp(p.low) >= 0 && cmp(p.high) <= 0;
  }
}

/** Selected rows of column batches, as value rows. */
function batchRows(batches: Iterable<ColumnBatch>, columns: readonly number[]): Value[][] {
  const out: Value[][] = [];
  for (const b of batches) {
    expect(b.columns.length).toBe(columns.length);
    const idx = b.sel === null ? Array.from({ length: b.length }, (_, i) => i) : Array.from(b.sel.subarray(0, b.selCount));
    for (const i of idx) out.push(b.columns.map((v, j) => vectorValueAt(v, i, WIDE_CLASSES[columns[j]])));
  }
  return out;
}

function reference(t: Tablet, snapshot: number, r: KeyRange, columns: number[], preds: StoragePredicate[]): Value[][] {
  return readAll(t, s(snapshot), r, { columns }).filter((row) => preds.every((p) => passes(row[p.column], p, WIDE_CLASSES[columns[p.column]])));
}

const sorted = (rows: Value[][]) => text(rows).sort();

async function baseline(format: (typeof FORMATS)[number]): Promise<Tablet> {
  const { bm } = await freshBlocks();
  const t = Tablet.create(wideIdentity(format), bm);
  loadWide(t, 0, 4000, 10, 1);
  loadWide(t, 0, 4000, 20, 2, 1, 5);
  t.applyCommitted([{ key: k(77), row: null }], s(25), l(3));
  await t.runMajorCompaction(s(30), NO_YIELD);
  return t;
}

describe('scanColumns on encoded majors', () => {
  it('prunes microblocks by skip index on sorted data and returns exactly the filtered rows', async () => {
    for (const format of FORMATS) {
      const t = await baseline(format);
      const columns = [0, 1, 4];
      const preds: StoragePredicate[] = [{ column: 0, op: 'between', low: 1000, high: 1200 }, { column: 2, op: '=', value: 'N' }];
      const stats = emptyScanStats();
      const got = batchRows(t.scanColumns(FULL_RANGE, s(30), { columns, predicates: preds, stats }), columns);
      expect(sorted(got)).toEqual(sorted(reference(t, 30, FULL_RANGE, columns, preds)));
      expect(got.length).toBeGreaterThan(50);
      expect(stats.microBlocksSkipped).toBeGreaterThan(0);
      expect(stats.microBlocksRead).toBeGreaterThan(0);
      expect(stats.bytesRead).toBeGreaterThan(0);
      expect(stats.columnStore).toBe(format === 'column'); // hybrid: 3 of 6 columns read the row group
      // Reading fewer rows than a full scan: pruning kept most microblocks unread.
      const full = emptyScanStats();
      batchRows(t.scanColumns(FULL_RANGE, s(30), { columns, stats: full }), columns);
      expect(stats.microBlocksRead + stats.microBlocksSkipped).toBeGreaterThanOrEqual(full.microBlocksRead / columns.length);
      expect(stats.microBlocksRead).toBeLessThan(full.microBlocksRead);
      expect(full.rowsScanned).toBe(3999);
    }
  });

  it('a key range maps to rows by ordinal; hybrid reads the row group when asked', async () => {
    const t = await baseline('hybrid');
    const columns = [0, 2, 3, 5];
    const r = range(1500, 2500, false, true);
    const row = emptyScanStats();
    const viaRow = batchRows(t.scanColumns(r, s(30), { columns, useColumnStore: false, stats: row }), columns);
    const col = emptyScanStats();
    const viaCol = batchRows(t.scanColumns(r, s(30), { columns, useColumnStore: true, stats: col }), columns);
    const ref = reference(t, 30, r, columns, []);
    expect(text(viaRow)).toEqual(text(ref));
    expect(text(viaCol)).toEqual(text(ref));
    expect(row.columnStore).toBe(false);
    expect(col.columnStore).toBe(true);
    expect(viaRow.length).toBe(1000);
  });

  it('falls back to the row scan when increments overlap, with the same rows', async () => {
    for (const format of FORMATS) {
      const t = await baseline(format);
      loadWide(t, 3990, 4010, 40, 4, 9);
      t.applyCommitted([{ key: k(1100), row: null }], s(41), l(5));
      const columns = [1, 0];
      const preds: StoragePredicate[] = [{ column: 1, op: '>=', value: 1050 }];
      for (const snap of [30, 45]) {
        const stats = emptyScanStats();
        const got = batchRows(t.scanColumns(FULL_RANGE, s(snap), { columns, predicates: preds, stats }), columns);
        expect(sorted(got)).toEqual(sorted(reference(t, snap, FULL_RANGE, columns, preds)));
        // At 30 the increments (SCN ≥ 40) are invisible: the major alone answers.
        expect(stats.columnStore).toBe(snap === 30 && format !== 'row');
      }
      // A range the increments do not touch still takes the fast path.
      const stats = emptyScanStats();
      const r = range(0, 999);
      const got = batchRows(t.scanColumns(r, s(45), { columns, stats }), columns);
      expect(sorted(got)).toEqual(sorted(reference(t, 45, r, columns, [])));
      expect(stats.microBlocksRead).toBeGreaterThan(0);
    }
  });

  it('property: equals the row scan filtered by a reference, for random predicates, ranges and columns', async () => {
    const tablets = await Promise.all(FORMATS.map((f) => baseline(f)));
    // One tablet also carries overlapping increments (fallback path).
    const withInc = await baseline('column');
    loadWide(withInc, 100, 300, 40, 4, 5, 3);
    const all = [...tablets, withInc];
    const constFor = (c: number) => {
      switch (c) {
        case 0:
          return fc.integer({ min: -5, max: 4100 });
        case 1:
          return fc.integer({ min: -2, max: 52 });
        case 2:
          return fc.integer({ min: -21000, max: 81000 }).map((n) => new Decimal(BigInt(n), 2) as Value);
        case 3:
          return fc.integer({ min: 0, max: 1000 }).chain((n) => fc.constantFrom(`name-${n}`, `NAME-${n}`, `name-${n} `));
        case 4:
          return fc.constantFrom('A', 'n', 'R', 'X');
        default:
          return fc.oneof(fc.integer({ min: -3, max: 10 }), fc.double({ min: -3, max: 10, noNaN: true }));
      }
    };
    const predFor = (columns: number[]) =>
      fc.integer({ min: 0, max: columns.length - 1 }).chain((j) => {
        const v = constFor(columns[j]);
        return fc.oneof(
          fc.record({ column: fc.constant(j), op: fc.constantFrom('=', '<>', '<', '<=', '>', '>=' as const), value: v }),
          fc.record({ column: fc.constant(j), op: fc.constant('in' as const), values: fc.array(v, { minLength: 1, maxLength: 4 }) }),
          fc.record({ column: fc.constant(j), op: fc.constant('between' as const), low: v, high: v }),
          fc.record({ column: fc.constant(j), op: fc.constantFrom('is_null', 'is_not_null' as const) }),
        ) as fc.Arbitrary<StoragePredicate>;
      });
    const arb = fc
      .record({
        tablet: fc.integer({ min: 0, max: all.length - 1 }),
        columns: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 }),
        lo: fc.integer({ min: -10, max: 4100 }),
        span: fc.integer({ min: 0, max: 4200 }),
        incl: fc.tuple(fc.boolean(), fc.boolean()),
        hint: fc.option(fc.boolean(), { nil: undefined }),
        snapshot: fc.constantFrom(30, 45),
      })
      .chain((x) => fc.record({ x: fc.constant(x), preds: fc.array(predFor(x.columns), { maxLength: 3 }) }));
    fc.assert(
      fc.property(arb, ({ x, preds }) => {
        const t = all[x.tablet];
        const r = range(x.lo, x.lo + x.span, x.incl[0], x.incl[1]);
        const got = batchRows(t.scanColumns(r, s(x.snapshot), { columns: x.columns, predicates: preds, useColumnStore: x.hint }), x.columns);
        expect(sorted(got)).toEqual(sorted(reference(t, x.snapshot, r, x.columns, preds)));
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});

describe('aggregateColumns', () => {
  function refStats(t: Tablet, snapshot: number, r: KeyRange, columns: number[]) {
    const rows = readAll(t, s(snapshot), r, { columns });
    return columns.map((c, j) => (rows.length === 0 ? null : columnStats(rows.map((x) => x[j]), WIDE_CLASSES[c])));
  }
  const show = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Decimal ? v.toString() : v));

  it('answers whole microblocks from stored aggregates and equals a reference', async () => {
    for (const format of FORMATS) {
      const t = await baseline(format);
      const columns = [1, 0, 2, 5];
      for (const r of [FULL_RANGE, range(1234, 3210), range(50, 60, false, false)]) {
        const stats: ScanStats = emptyScanStats();
        const got = t.aggregateColumns(r, s(30), columns, stats);
        const ref = refStats(t, 30, r, columns);
        for (let j = 0; j < columns.length; j++) {
          expect(show(got[j]), `${format} column ${columns[j]}`).toBe(show(ref[j]));
        }
        if (r === FULL_RANGE) expect(stats.microBlocksAggregated).toBeGreaterThan(0);
        if (r === FULL_RANGE && format !== 'row') expect(stats.microBlocksRead).toBe(0);
      }
    }
  });

  it('falls back to visible rows when increments overlap', async () => {
    const t = await baseline('column');
    loadWide(t, 0, 10, 40, 4, 3);
    t.applyCommitted([{ key: k(20), row: null }], s(41), l(5));
    const columns = [1, 2];
    const stats = emptyScanStats();
    const got = t.aggregateColumns(FULL_RANGE, s(45), columns, stats);
    expect(show(got)).toBe(show(refStats(t, 45, FULL_RANGE, columns)));
    expect(got[0].rowCount).toBe(3998);
    expect(stats.microBlocksAggregated).toBe(0);
  });
});
