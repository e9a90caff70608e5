/**
 * Robustness of the HBase filter language (issue #5: "a malformed … filter string gives a message
 * that names what is wrong and where"): property tests over arbitrary text and over valid filter
 * strings with random edits. Every input either parses — and then builds into a filter that
 * evaluates cells, or fails with -10514 naming the filter — or fails with -10514
 * OB_KV_FILTER_PARSE_ERROR whose message names a 0-based position. No other exception escapes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8ToBytes } from '../common/binary';
import { KV_FILTER_DEPTH_MAX, KV_FILTER_REGEX_CHARS_MAX } from '../common/limits';
import { ObError } from '../common/ob_error';
import { parseFilterString, type FilterExpr } from './filter_parser';
import { buildFilter, FILTER_NAMES } from './filters';
import type { HCell } from './types';

const NUM_RUNS = 200;

const VALID = [
  "ValueFilter(=, 'binary:abc')",
  "PrefixFilter('r') AND (QualifierFilter(>=, 'binary:q') OR SKIP ValueFilter(!=, 'binary:0'))",
  "SingleColumnValueFilter('f', 'a', =, 'binary:v1', true, true) AND PageFilter(3)",
  "WHILE RowFilter(<, 'binaryprefix:r9') OR ColumnRangeFilter('a', true, 'c', false)",
  "TimestampsFilter(1, 2, 3) AND KeyOnlyFilter() AND ColumnPaginationFilter(2, 0)",
  "FamilyFilter(=, 'substring:f') AND ValueFilter(=, 'regexstring:^v[0-9]') AND MultipleColumnPrefixFilter('a', 'it''s')",
];

const SPECIAL = [
  '(', ')', "'", "''", ',', ' ', 'AND', 'OR', 'SKIP', 'WHILE', '=', '<', '<=', '>', '>=', '!=', '!', '-', '1', '99999999999999999999',
  'true', 'false', 'binary:', 'regexstring:', 'substring:', 'binaryprefix:', ':', '\\', '\n', '\u0000', '😀', ...FILTER_NAMES.slice(0, 6),
];

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

function show(text: string): string {
  return text.length <= 160 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 80))}…(${text.length} chars)`;
}

const CELLS: HCell[] = [
  { row: 'r1', family: 'f', qualifier: 'a', timestamp: 1, value: 'v1' },
  { row: 'r1', family: 'f', qualifier: 'b', timestamp: 2, value: 'abc' },
  { row: 'r2', family: 'f', qualifier: 'a', timestamp: 3, value: '' },
];

/** Runs a built filter over two rows the way a scan does; any ObError is allowed, nothing else. */
function evaluate(expr: FilterExpr, text: string): void {
  for (const reversed of [false, true]) {
    let f;
    try {
      f = buildFilter(expr, { reversed });
    } catch (e) {
      if (!(e instanceof ObError)) throw new Error(`non-ObError building ${show(text)}: ${String(e)}`);
      expect(e.obCode, show(text)).toBe(-10514);
      expect(e.message, show(text)).toMatch(/position \d+|[A-Z][A-Za-z]+Filter/);
      return;
    }
    for (const row of ['r1', 'r2']) {
      f.reset();
      if (f.filterAllRemaining() || f.filterRowKey(row)) continue;
      const kept: HCell[] = [];
      for (const c of CELLS.filter((x) => x.row === row)) {
        if (f.filterCell(c) === 'INCLUDE' || f.filterCell(c) === 'INCLUDE_AND_NEXT_COL') kept.push(f.transformCell(c));
      }
      const cells = f.filterRowCells(kept);
      expect(Array.isArray(cells)).toBe(true);
      if (f.hasFilterRow()) expect(typeof f.filterRow()).toBe('boolean');
    }
  }
}

/** The message of the -10514 that parsing and building `text` fails with. */
function filterError(text: string): string {
  try {
    buildFilter(parseFilterString(text), { reversed: false });
  } catch (e) {
    if (!(e instanceof ObError)) throw e;
    expect(e.obCode).toBe(-10514);
    return e.message;
  }
  throw new Error(`no error for ${show(text)}`);
}

function check(text: string): void {
  let expr: FilterExpr;
  try {
    expr = parseFilterString(text);
  } catch (e) {
    if (!(e instanceof ObError)) throw new Error(`non-ObError for ${show(text)}: ${String(e)}`);
    expect(e.obCode, show(text)).toBe(-10514);
    if (text.trim() === '') return; // "empty filter string": nothing to point at
    const m = /position (\d+)/.exec(e.message);
    expect(m, `no position in "${e.message}" for ${show(text)}`).not.toBeNull();
    expect(Number(m![1])).toBeLessThanOrEqual(text.length);
    return;
  }
  evaluate(expr, text);
}

describe('HBase filter language: no input escapes as anything but an ObError', () => {
  it('arbitrary strings parse or fail with -10514 naming a position', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), check), { numRuns: NUM_RUNS });
    fc.assert(fc.property(fc.array(fc.constantFrom(...SPECIAL), { maxLength: 30 }).map((a) => a.join(' ')), check), { numRuns: NUM_RUNS });
  });

  it('valid filters with random edits parse and evaluate, or fail with -10514 saying where', () => {
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(edit, { minLength: 1, maxLength: 4 }), (base, edits) => check(applyEdits(base, edits))),
      { numRuns: NUM_RUNS },
    );
  });

  it('the valid filters themselves parse and build', () => {
    for (const f of VALID) expect(() => buildFilter(parseFilterString(f), { reversed: false }), f).not.toThrow();
  });

  it('nesting (parentheses and SKIP/WHILE) is allowed to KV_FILTER_DEPTH_MAX; one more level names its position', () => {
    // 64 levels alternating SKIP/WHILE/( with an OR at each parenthesis: builds and evaluates.
    let text = "PrefixFilter('r')";
    for (let i = 0; i < KV_FILTER_DEPTH_MAX; i++) {
      text = i % 3 === 0 ? `(${text} OR ValueFilter(=, 'binary:x${i}'))` : i % 3 === 1 ? `SKIP ${text}` : `WHILE ${text}`;
    }
    evaluate(parseFilterString(text), text);
    // One more level outside: the innermost '(' (just before the leaf) is the 65th.
    expect(filterError(`SKIP ${text}`)).toBe(`Parse filter failed: nesting deeper than 64 at position ${5 + text.indexOf("PrefixFilter('r')") - 1}`);
    expect(filterError(`PrefixFilter('a') AND ${'('.repeat(65)}PrefixFilter('a')${')'.repeat(65)}`)).toBe(
      `Parse filter failed: nesting deeper than 64 at position ${22 + 64}`,
    );
    expect(filterError(`${'WHILE '.repeat(65)}PrefixFilter('a')`)).toBe(`Parse filter failed: nesting deeper than 64 at position ${6 * 64}`);
  });

  it('comparator errors name the filter and the comparator position', () => {
    expect(filterError("PrefixFilter('r') AND ValueFilter(=, 'nope:x')")).toBe(
      "Parse filter failed: ValueFilter: unknown comparator type 'nope' at position 37",
    );
    expect(filterError("RowFilter(<, 'r1')")).toContain("RowFilter: comparator 'r1' has no type");
    expect(filterError("RowFilter(<, 'r1')")).toMatch(/at position 13$/);
    expect(filterError("QualifierFilter(=, 'regexstring:[a')")).toBe(
      "Parse filter failed: QualifierFilter: regexstring comparator at position 19: invalid regular expression '[a'",
    );
  });

  it('regexstring: patterns that can backtrack catastrophically, or are too long, are refused when the filter is built', () => {
    for (const pattern of ['(a+)+$', '(a*)*b', '([a-z]+)*x', '(\\w+\\s?)*$', '(.*a){20}']) {
      const text = `ValueFilter(=, 'regexstring:${pattern}')`;
      expect(filterError(text), text).toMatch(/^Parse filter failed: ValueFilter: regexstring comparator at position 15: regular expression '.*' is unsafe/);
    }
    expect(filterError(`SingleColumnValueFilter('f', 'a', =, 'regexstring:${'a'.repeat(KV_FILTER_REGEX_CHARS_MAX + 1)}')`)).toBe(
      `Parse filter failed: SingleColumnValueFilter: regexstring comparator at position 37: regular expression longer than ${KV_FILTER_REGEX_CHARS_MAX} characters`,
    );
    // The refused pattern never runs: a long value that would hang a backtracking matcher is safe.
    const evil: HCell = { row: 'r1', family: 'f', qualifier: 'a', timestamp: 1, value: `${'a'.repeat(50_000)}!` };
    const safe = buildFilter(parseFilterString("ValueFilter(=, 'regexstring:^a+!$')"), { reversed: false });
    expect(safe.filterCell(evil)).toBe('INCLUDE');
  });

  it('regexstring: matches the value decoded as UTF-8 text, anywhere, with . matching newlines', () => {
    const f = buildFilter(parseFilterString("ValueFilter(=, 'regexstring:é.x')"), { reversed: false });
    const cell = (value: string): HCell => ({ row: 'r1', family: 'f', qualifier: 'a', timestamp: 1, value });
    expect(f.filterCell(cell(utf8ToBytes('-é\nx-')))).toBe('INCLUDE');
    expect(f.filterCell(cell(utf8ToBytes('-éx-')))).toBe('SKIP');
    expect(f.filterCell(cell('\xe9\nx'))).toBe('SKIP'); // a lone Latin-1 byte is not 'é' in UTF-8
    expect(buildFilter(parseFilterString("ValueFilter(!=, 'regexstring:^v[0-9]$')"), { reversed: false }).filterCell(cell('v7'))).toBe('SKIP');
  });

  it('deep nesting (parentheses, SKIP/WHILE chains) parses or fails with -10514, never overflows the stack', () => {
    for (const depth of [10_000, 100_000]) {
      check(`${'('.repeat(depth)}PrefixFilter('a')${')'.repeat(depth)}`);
      check(`${'SKIP '.repeat(depth)}PrefixFilter('a')`);
    }
  });
});
