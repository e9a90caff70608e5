/**
 * The golden-file dialect and runner against a scripted endpoint: parsing, NULL/empty rendering,
 * rowsort, error code and text checks, mismatch reports with file:line, and UPDATE_GOLDEN rewriting.
 */
import { describe, expect, it } from 'vitest';
import type { ExecuteReply, WireResult } from '../../../server/api';
import { applyUpdates, parseGolden, renderRows, GoldenSyntaxError } from './sqllogic';
import { runGoldenRecords, type GoldenEndpoint } from './runner';

const FILE = [
  '# a comment',
  'statement ok',
  'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))',
  '',
  'statement error 1062',
  'INSERT INTO t VALUES (1,\'a\'),(1,\'b\')',
  '----',
  "ERROR 1062 (23000): Duplicate entry '1' for key 'PRIMARY'",
  '',
  'query IT rowsort',
  'SELECT id, v',
  'FROM t',
  '----',
  '2\tNULL',
  '1\ta',
  '',
  'connection sys',
  '',
  'query T',
  "SELECT ''",
  '----',
  '(empty)',
  '',
].join('\n');

function rows(values: (string | null)[][], n = values[0]?.length ?? 1): ExecuteReply {
  const result: WireResult = {
    sql: '', kind: 'rows', columns: Array.from({ length: n }, (_, i) => ({ name: `c${i}`, type: 'varchar(10)', numeric: false })),
    rows: values, affectedRows: 0, warningCount: 0, elapsedUs: 0,
  };
  return { results: [result], database: 'test' };
}
const ok = (): ExecuteReply => ({ results: [], database: 'test' });
const err = (mysqlCode: number, sqlState: string, message: string): ExecuteReply => ({
  results: [], database: 'test', error: { obCode: -1, mysqlCode, sqlState, message, retryable: false, sql: '', statementIndex: 0 },
});

function scripted(replies: ExecuteReply[], seen: [string, string][] = []): GoldenEndpoint {
  let i = 0;
  return {
    async execute(connection, sql) {
      seen.push([`${connection.name}@${connection.tenant}`, sql]);
      return replies[i++];
    },
  };
}

describe('parseGolden', () => {
  it('reads statements, errors, queries and connections with their lines', () => {
    const records = parseGolden('f.test', FILE);
    expect(records.map((r) => [r.kind, r.line])).toEqual([['statement', 2], ['statement', 5], ['query', 10], ['connection', 17], ['query', 19]]);
    const q = records[2];
    expect(q.kind === 'query' && [q.sql, q.types, q.sort, q.expected]).toEqual(['SELECT id, v\nFROM t', 'IT', 'rowsort', ['2\tNULL', '1\ta']]);
    const e = records[1];
    expect(e.kind === 'statement' && [e.expectError, e.errorCode, e.errorText]).toEqual([true, 1062, "ERROR 1062 (23000): Duplicate entry '1' for key 'PRIMARY'"]);
  });

  it('rejects unknown records and bad type letters, naming file and line', () => {
    expect(() => parseGolden('x.test', 'stmt ok\nSELECT 1\n')).toThrow(new GoldenSyntaxError('x.test', 1, "unknown record 'stmt'"));
    expect(() => parseGolden('x.test', '\nquery IX\nSELECT 1\n')).toThrow(/x\.test:2: query column types/);
  });

  it('names connections, defaulting the tenant to sys for "sys" and test otherwise', () => {
    const records = parseGolden('c.test', 'connection sys\n\nconnection con2\n\nconnection admin sys\n');
    expect(records).toEqual([
      { kind: 'connection', line: 1, name: 'sys', tenant: 'sys' },
      { kind: 'connection', line: 3, name: 'con2', tenant: 'test' },
      { kind: 'connection', line: 5, name: 'admin', tenant: 'sys' },
    ]);
  });

  it('stops at halt', () => {
    expect(parseGolden('f', 'statement ok\nSELECT 1\n\nhalt\n\nstatement ok\nSELECT 2\n')).toHaveLength(1);
  });
});

describe('renderRows', () => {
  it('prints NULL and the empty string distinguishably and sorts rows for rowsort', () => {
    expect(renderRows([['b', null], ['a', '']], 'rowsort')).toEqual(['a\t(empty)', 'b\tNULL']);
    expect(renderRows([['b', '2'], ['a', '1']], 'valuesort')).toEqual(['1', '2', 'a', 'b']);
  });

  it('continues a multi-line value (SHOW CREATE TABLE) on the following lines', () => {
    expect(renderRows([['t', 'CREATE TABLE `t` (\n  `a` int(11)\n)']], 'nosort')).toEqual(['t\tCREATE TABLE `t` (', '  `a` int(11)', ')']);
  });
});

describe('runGoldenRecords', () => {
  it('passes when the endpoint answers as expected, switching tenant on connection', async () => {
    const seen: [string, string][] = [];
    const endpoint = scripted([
      ok(),
      err(1062, '23000', "Duplicate entry '1' for key 'PRIMARY'"),
      rows([['1', 'a'], ['2', null]]),
      rows([['']]),
    ], seen);
    const outcome = await runGoldenRecords('f.test', parseGolden('f.test', FILE), endpoint);
    expect(outcome.mismatches).toEqual([]);
    expect(seen.map(([t]) => t)).toEqual(['default@test', 'default@test', 'default@test', 'sys@sys']);
  });

  it('reports wrong results, wrong error codes and texts, and unexpected errors with file:line', async () => {
    const endpoint = scripted([
      err(1050, '42S01', "Table 't' already exists"),
      err(1062, '23000', "Duplicate entry '1' for key 'id'"),
      rows([['1', 'a']]),
      rows([['x', 'y']], 2),
    ]);
    const outcome = await runGoldenRecords('f.test', parseGolden('f.test', FILE), endpoint);
    expect(outcome.mismatches).toHaveLength(4);
    expect(outcome.mismatches[0]).toMatch(/^f\.test:2: expected ok, got ERROR 1050 \(42S01\): Table 't' already exists/);
    expect(outcome.mismatches[1]).toMatch(/^f\.test:5: wrong error text/);
    expect(outcome.mismatches[2]).toMatch(/^f\.test:10: wrong result/);
    expect(outcome.mismatches[3]).toMatch(/^f\.test:19: expected 1 column\(s\) \(T\), got 2/);
  });

  it('rewrites expected outputs in place for UPDATE_GOLDEN', async () => {
    const endpoint = scripted([
      ok(),
      err(1062, '23000', "Duplicate entry '1' for key 'PRIMARY'"),
      rows([['3', 'c']]),
      rows([['z']]),
    ]);
    const outcome = await runGoldenRecords('f.test', parseGolden('f.test', FILE), endpoint);
    const updated = applyUpdates(FILE, outcome.updates);
    expect(updated).toContain('FROM t\n----\n3\tc\n\nconnection sys');
    expect(updated).toContain("SELECT ''\n----\nz\n");
    expect(parseGolden('f.test', updated)).toHaveLength(5);
  });

  it('adds the separator and error line when a statement error had none', async () => {
    const text = 'statement error 1146\nSELECT * FROM t9\n';
    const outcome = await runGoldenRecords('g.test', parseGolden('g.test', text), scripted([err(1146, '42S02', "Table 'test.t9' doesn't exist")]));
    expect(outcome.mismatches).toEqual([]);
    expect(applyUpdates(text, outcome.updates)).toBe("statement error 1146\nSELECT * FROM t9\n----\nERROR 1146 (42S02): Table 'test.t9' doesn't exist\n");
  });
});
