/**
 * The sqllogictest dialect of our SQL golden files (duckdb `test/sql/**.test`, conventions §21):
 * parsing, result rendering, comparison and rewriting — pure string work; the runner
 * (`engine/sql/test/golden.test.ts`) does the I/O and talks to the cluster.
 *
 * Records are separated by blank lines; `#` starts a comment line.
 *
 *   statement ok                      statement error 1062          query IT rowsort
 *   CREATE TABLE t (...)              INSERT INTO t VALUES (1)      SELECT id, v FROM t
 *                                     ----                          ----
 *                                     ERROR 1062 (23000): Dup...    1<TAB>a
 *
 * - `statement ok` / `statement error [mysqlCode]`: after an optional `----`, the full error line as
 *   the MySQL client prints it (`ERROR <code> (<sqlstate>): <message>`) is compared exactly.
 * - `query <types> [nosort|rowsort|valuesort]`: one letter per column (I integer, T text, R real or
 *   decimal; only the count is checked), rows tab-separated, NULL as `NULL`, the empty string as
 *   `(empty)`. `rowsort` sorts rows as text before comparing; `valuesort` sorts all values. A value
 *   with newlines (SHOW CREATE TABLE) continues on the next lines (use it with `nosort`).
 * - Playground extensions: `connection <name> [<tenant>]` switches to the named session, opening it
 *   on first use (records start on `default`; the tenant defaults to `sys` for the name `sys` and to
 *   `test` otherwise), so two connections can watch each other's transactions;
 *   `require fresh_cluster` runs the file on a newly booted cluster, for files whose output shows
 *   ids; `halt` ends the file.
 */

export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

interface RecordBase {
  /** 1-based line of the record's header. */
  line: number;
}

export type GoldenRecord =
  | (RecordBase & { kind: 'statement'; sql: string; expectError: boolean; errorCode: number | null; errorText: string | null; expectedRange: LineRange })
  | (RecordBase & { kind: 'query'; sql: string; types: string; sort: SortMode; expected: string[]; expectedRange: LineRange })
  | (RecordBase & { kind: 'connection'; name: string; tenant: string })
  | (RecordBase & { kind: 'require'; what: string });

/** Lines [start, end) (0-based) holding a record's expected output; `start` is after `----`. */
export interface LineRange {
  start: number;
  end: number;
  /** True when the record had no `----` line (the rewrite must add one). */
  missingSeparator: boolean;
}

export class GoldenSyntaxError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'GoldenSyntaxError';
  }
}

const SEPARATOR = '----';
const isBlank = (s: string) => s.trim() === '';

/** Parses a golden file into records. Throws GoldenSyntaxError naming file:line on bad headers. */
export function parseGolden(file: string, text: string): GoldenRecord[] {
  const lines = text.split('\n');
  const records: GoldenRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (isBlank(line) || line.startsWith('#')) {
      i++;
      continue;
    }
    const words = line.trim().split(/\s+/);
    const header = i;
    if (words[0] === 'halt') break;
    if (words[0] === 'connection') {
      if (words.length < 2 || words.length > 3) throw new GoldenSyntaxError(file, header + 1, "usage: connection <name> [<tenant>]");
      const tenant = words[2] ?? (words[1] === 'sys' ? 'sys' : 'test');
      records.push({ kind: 'connection', line: header + 1, name: words[1], tenant });
      i++;
      continue;
    }
    if (words[0] === 'require') {
      if (words.length !== 2) throw new GoldenSyntaxError(file, header + 1, "usage: require <what>");
      records.push({ kind: 'require', line: header + 1, what: words[1] });
      i++;
      continue;
    }
    if (words[0] !== 'statement' && words[0] !== 'query') {
      throw new GoldenSyntaxError(file, header + 1, `unknown record '${words[0]}'`);
    }
    i++;
    const sqlLines: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && lines[i] !== SEPARATOR) sqlLines.push(lines[i++]);
    if (sqlLines.length === 0) throw new GoldenSyntaxError(file, header + 1, 'record without SQL');
    const sql = sqlLines.join('\n');
    const hasSeparator = i < lines.length && lines[i] === SEPARATOR;
    if (hasSeparator) i++;
    const start = i;
    const expected: string[] = [];
    if (hasSeparator) while (i < lines.length && !isBlank(lines[i])) expected.push(lines[i++]);
    const expectedRange: LineRange = { start, end: i, missingSeparator: !hasSeparator };
    records.push(words[0] === 'statement'
      ? statementRecord(file, header + 1, words, sql, expected, expectedRange)
      : queryRecord(file, header + 1, words, sql, expected, expectedRange));
  }
  return records;
}

function statementRecord(file: string, line: number, words: string[], sql: string, expected: string[], range: LineRange): GoldenRecord {
  if (words[1] !== 'ok' && words[1] !== 'error') throw new GoldenSyntaxError(file, line, "expected 'statement ok' or 'statement error'");
  const expectError = words[1] === 'error';
  let errorCode: number | null = null;
  if (words[2] !== undefined) {
    if (!expectError || !/^\d+$/.test(words[2])) throw new GoldenSyntaxError(file, line, `bad statement argument '${words[2]}'`);
    errorCode = Number(words[2]);
  }
  if (!expectError && expected.length > 0) throw new GoldenSyntaxError(file, line, "'statement ok' has no expected output");
  if (expected.length > 1) throw new GoldenSyntaxError(file, line, 'expected error must be one line');
  return { kind: 'statement', line, sql, expectError, errorCode, errorText: expected[0] ?? null, expectedRange: range };
}

function queryRecord(file: string, line: number, words: string[], sql: string, expected: string[], range: LineRange): GoldenRecord {
  const types = words[1] ?? '';
  if (!/^[ITR]+$/.test(types)) throw new GoldenSyntaxError(file, line, `query column types must be letters I, T, R: '${types}'`);
  const sort = (words[2] ?? 'nosort') as SortMode;
  if (sort !== 'nosort' && sort !== 'rowsort' && sort !== 'valuesort') throw new GoldenSyntaxError(file, line, `unknown sort mode '${sort}'`);
  return { kind: 'query', line, sql, types, sort, expected, expectedRange: range };
}

/** One value as golden files write it: NULL → `NULL`, '' → `(empty)`. */
export function renderValue(v: string | null): string {
  if (v === null) return 'NULL';
  if (v === '') return '(empty)';
  return v;
}

/**
 * Rows as golden lines (tab-separated), sorted as the record asks. A value holding newlines (SHOW
 * CREATE TABLE) continues on the following lines, so use such values with `nosort` only.
 */
export function renderRows(rows: readonly (readonly (string | null)[])[], sort: SortMode): string[] {
  if (sort === 'valuesort') return rows.flatMap((r) => r.map(renderValue)).sort();
  const lines = rows.map((r) => r.map(renderValue).join('\t'));
  if (sort === 'rowsort') lines.sort();
  return lines.flatMap((l) => l.split('\n'));
}

/** The expected lines normalised like `renderRows` (sorted for rowsort/valuesort). */
export function normaliseExpected(expected: readonly string[], sort: SortMode): string[] {
  if (sort === 'valuesort') return expected.flatMap((l) => l.split('\t')).sort();
  return sort === 'rowsort' ? [...expected].sort() : [...expected];
}

/** A human-readable diff of two line lists (first differing line and both full outputs). */
export function describeMismatch(expected: readonly string[], actual: readonly string[]): string {
  let first = 0;
  while (first < expected.length && first < actual.length && expected[first] === actual[first]) first++;
  const show = (ls: readonly string[]) => (ls.length === 0 ? '    (no rows)' : ls.map((l) => `    ${l}`).join('\n'));
  return `first difference at result line ${first + 1}\n  expected:\n${show(expected)}\n  actual:\n${show(actual)}`;
}

/** A replacement of a record's expected output, for UPDATE_GOLDEN. */
export interface GoldenUpdate {
  range: LineRange;
  lines: string[];
}

/** Applies updates (non-overlapping ranges) to the file text; adds `----` where a record had none. */
export function applyUpdates(text: string, updates: readonly GoldenUpdate[]): string {
  const lines = text.split('\n');
  const ordered = [...updates].sort((a, b) => b.range.start - a.range.start);
  for (const u of ordered) {
    const replacement = u.range.missingSeparator ? [SEPARATOR, ...u.lines] : u.lines;
    lines.splice(u.range.start, u.range.end - u.range.start, ...replacement);
  }
  return lines.join('\n');
}
