/**
 * Robustness of the OBKV-Table filter language (issue #5: "a malformed … filter string gives a
 * message that names what is wrong and where"): property tests over arbitrary text and over valid
 * filters with random edits. Every input either parses — and then compiles against a table and
 * evaluates on rows, or fails with an ObError — or fails with -10514 OB_KV_FILTER_PARSE_ERROR whose
 * message names a 0-based position inside the text. No other exception type may escape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KV_FILTER_DEPTH_MAX } from '../../common/limits';
import { ObError } from '../../common/ob_error';
import type { Value } from '../../common/value';
import { DEFAULT_TABLE_OPTIONS, type ColumnSchema, type TableSchema } from '../../schema/schema';
import { compileFilter, parseFilter } from '../filter';
import { tableMeta } from '../table_meta';

const NUM_RUNS = 200;

const col = (index: number, name: string, type: ColumnSchema['type']): ColumnSchema => ({
  index, name, type, nullable: index > 0, autoIncrement: false, hidden: false,
});

const table: TableSchema = {
  tenantId: 1002 as never, databaseName: 'test', tableId: 500001 as never, name: 't',
  columns: [
    col(0, 'id', { kind: 'bigint' }),
    col(1, 'name', { kind: 'varchar', precision: 20 }),
    col(2, 'score', { kind: 'double' }),
    col(3, 'bin', { kind: 'varchar', precision: 20, binary: true }),
    col(4, 'ts', { kind: 'datetime' }),
  ],
  rowkey: [0], isHeap: false, partitionScheme: null, partitions: [], options: DEFAULT_TABLE_OPTIONS, schemaVersion: 1,
};
const meta = tableMeta(table);
const rows: Value[][] = [
  [1, 'Alice', 9.5, 'ab', '2024-01-01 10:00:00'],
  [2, 'bob', null, 'AB', '2024-06-01 00:00:00'],
  [10, null, 3, null, null],
];

const VALID = [
  "TableCompareFilter(=, 'name:Alice')",
  "TableCompareFilter(>=, 'id:2') && TableCompareFilter(IS_NOT, 'name:')",
  "TableCompareFilter(<, 'score:5.5') || (TableCompareFilter(IS, 'ts:') && TableCompareFilter(!=, 'bin:ab'))",
  "((TableCompareFilter(<=, 'ts:2024-03-01 00:00:00')))",
  "TableCompareFilter(>, 'name:it''s') || TableCompareFilter(=, 'id:10')",
];

/** Characters that matter to the grammar, plus some that do not. */
const SPECIAL = ['(', ')', "'", "''", ',', ':', '&&', '||', '&', '|', '=', '<', '>', '!', ' ', 'IS', 'IS_NOT', 'TableCompareFilter', '\\', '\n', '\u0000', '😀'];

/** One random edit of `s`: delete a span, insert a token, or duplicate a span. */
const edit = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 12 }),
  token: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 3 })),
});

function applyEdits(s: string, edits: { kind: string; at: number; len: number; token: string }[]): string {
  for (const e of edits) {
    const at = s.length === 0 ? 0 : e.at % (s.length + 1);
    if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.len);
    else if (e.kind === 'insert') s = s.slice(0, at) + e.token + s.slice(at);
    else s = s.slice(0, at) + s.slice(at, at + e.len) + s.slice(at);
  }
  return s;
}

/** The input for a failure message (long inputs shortened). */
function show(text: string): string {
  return text.length <= 160 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 80))}…(${text.length} chars)`;
}

/** Parses, compiles and evaluates `text`; fails the property on anything but the allowed errors. */
function check(text: string): void {
  let node;
  try {
    node = parseFilter(text);
  } catch (e) {
    if (!(e instanceof ObError)) throw new Error(`non-ObError for ${show(text)}: ${String(e)}`);
    expect(e.obCode, show(text)).toBe(-10514);
    const m = /at position (\d+)/.exec(e.message);
    expect(m, `no position in "${e.message}" for ${show(text)}`).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(text.length);
    return;
  }
  if (node === null) {
    expect(text.trim()).toBe('');
    return;
  }
  try {
    const pred = compileFilter(node, meta);
    for (const r of rows) expect(typeof pred(r)).toBe('boolean');
  } catch (e) {
    if (!(e instanceof ObError)) throw new Error(`non-ObError compiling ${show(text)}: ${String(e)}`);
  }
}

describe('OBKV table filter: no input escapes as anything but an ObError', () => {
  it('arbitrary strings parse or fail with -10514 naming a position', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), check), { numRuns: NUM_RUNS });
    fc.assert(fc.property(fc.array(fc.constantFrom(...SPECIAL), { maxLength: 30 }).map((a) => a.join('')), check), { numRuns: NUM_RUNS });
  });

  it('valid filters with random edits parse (and compile/evaluate) or fail with -10514 naming a position', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 4 }), (base, edits) => check(applyEdits(base, edits))),
      { numRuns: NUM_RUNS },
    );
  });

  it('the valid filters themselves parse and evaluate', () => {
    for (const f of VALID) {
      const pred = compileFilter(parseFilter(f)!, meta);
      expect(rows.map((r) => pred(r)).some((x) => x)).toBe(true);
    }
  });

  it('parentheses nest up to KV_FILTER_DEPTH_MAX (64); one more names the offending position', () => {
    const nest = (d: number, leaf: string) => `${'('.repeat(d)}${leaf}${')'.repeat(d)}`;
    const ok = compileFilter(parseFilter(nest(KV_FILTER_DEPTH_MAX, "TableCompareFilter(=, 'id:1') || TableCompareFilter(=, 'id:2')"))!, meta);
    expect(rows.map((r) => ok(r))).toEqual([true, true, false]);
    // 64 levels each holding an AND and an OR (a deep-but-allowed tree) compile and evaluate.
    let text = "TableCompareFilter(=, 'id:10')";
    for (let i = 0; i < KV_FILTER_DEPTH_MAX; i++) text = `(${text} || TableCompareFilter(=, 'id:${i + 100}')) && TableCompareFilter(IS_NOT, 'id:')`;
    const deep = compileFilter(parseFilter(text)!, meta);
    expect(rows.map((r) => deep(r))).toEqual([false, false, true]);
    const e = (() => {
      try {
        parseFilter(`  ${nest(KV_FILTER_DEPTH_MAX + 1, "TableCompareFilter(=, 'id:1')")}`);
      } catch (err) {
        return err as ObError;
      }
      throw new Error('65 levels parsed');
    })();
    expect(e.obCode).toBe(-10514);
    expect(e.message).toBe('Parse filter failed: nesting deeper than 64 at position 66');
  });

  it('deeply nested parentheses parse or fail with -10514, never overflow the stack', () => {
    for (const depth of [10_000, 100_000]) {
      const text = `${'('.repeat(depth)}TableCompareFilter(=, 'id:1')${')'.repeat(depth)}`;
      check(text);
    }
  });
});
