/**
 * The plan cache (plan_cache.ts) and the fast parser that keys it (parser/fast_parser.ts): a
 * repeated SELECT runs its cached plan with new literal values and answers exactly what planning
 * it from scratch answers — across partitions, ranges, IN lists, select-list literals, LIMITs and
 * schema changes.
 */
import { describe, expect, it } from 'vitest';
import type { ExecContext } from '../exec_context';
import { executeStatement } from '../executor';
import { formatValue } from '../expr/format';
import { fastParse, parseSql, parseStatement } from '../parser';
import { planCacheStats } from '../plan_cache';
import { createFakeContext, run } from './fake_context';

/** Runs one statement the way the server's session does (parseStatement, then execute). */
async function q(ctx: ExecContext, sql: string): Promise<string[][]> {
  const r = await executeStatement(parseStatement(sql), ctx);
  if (r.kind !== 'rows') throw new Error(`not a query: ${sql}`);
  return r.rows.map((row) => row.map((v, i) => formatValue(v, r.columns[i].type) ?? 'NULL'));
}

/** The same statement planned from scratch (parseSql never takes the plan cache). */
async function fresh(ctx: ExecContext, sql: string): Promise<string[][]> {
  const [p] = parseSql(sql);
  const r = await executeStatement(p, ctx);
  if (r.kind !== 'rows') throw new Error(`not a query: ${sql}`);
  return r.rows.map((row) => row.map((v, i) => formatValue(v, r.columns[i].type) ?? 'NULL'));
}

async function setup(withVersion?: () => number) {
  const ctx = createFakeContext();
  if (withVersion) Object.defineProperty(ctx.schema, 'version', { get: withVersion });
  await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), n DECIMAL(10,2), d DATE) PARTITION BY HASH(id) PARTITIONS 3');
  await run(
    ctx,
    `INSERT INTO t VALUES (1,'a',1.50,'2024-01-01'),(2,'B',2.25,'2024-02-01'),(3,'c',NULL,NULL),(4,'a',4.00,'2024-03-01'),(5,'e',5.00,'2024-04-01'),(6,'f',6.00,'2024-05-01')`,
  );
  return ctx;
}

describe('fast parser', () => {
  it('keys a statement by its text with integer and string literals as parameters', () => {
    const a = fastParse("SELECT v FROM t WHERE id = 5 AND v = 'it''s'");
    const b = fastParse("SELECT v FROM t WHERE id = 17 AND v = 'x'");
    expect(a?.key).toBe(b?.key);
    expect(a?.params.map((p) => p.value)).toEqual([5, "it's"]);
    expect(fastParse('SELECT v FROM t1 WHERE id = 5')?.params.map((p) => p.value)).toEqual([5]);
    expect(fastParse('select v from t where id = 5')?.key).not.toBe(a?.key);
  });

  it('leaves alone what it does not model exactly', () => {
    for (const sql of [
      'CREATE TABLE t (id INT PRIMARY KEY)',
      'SELECT 1.5 FROM t',
      'SELECT 1e3',
      'SELECT 0x1F',
      "SELECT _utf8'a'",
      "SELECT x'41'",
      'SELECT 1; SELECT 2',
      ' SELECT 1',
      'SELECT 1 ',
      'SELECT 1 -- trailing comment',
      "SELECT 'unterminated",
      'SELECT 1234567890123456',
    ]) {
      expect(fastParse(sql), sql).toBeNull();
    }
    expect(fastParse('SELECT /*+ READ_CONSISTENCY(WEAK) */ 1')?.params.map((p) => p.value)).toEqual([1]);
  });
});

describe('statement-tree cache', () => {
  it('gives DML texts that differ in literals the trees the grammar gives them', () => {
    const texts = [
      "INSERT INTO t VALUES (1, 'one')",
      "INSERT INTO t VALUES (22, 'it''s')",
      "INSERT INTO t VALUES (333, '')",
      "UPDATE t SET v = 'x' WHERE id = 4",
      "UPDATE t SET v = 'yy' WHERE id = 55",
      'DELETE FROM t WHERE id = 6 AND v IS NULL',
      'DELETE FROM t WHERE id = 77 AND v IS NULL',
      "REPLACE INTO t (id, v) VALUES (8, 'a'), (9, 'b')",
      "REPLACE INTO t (id, v) VALUES (10, 'c'), (11, 'd')",
    ];
    for (const sql of texts) {
      const [grammar] = parseSql(sql);
      expect(parseStatement(sql).statement, sql).toEqual(grammar.statement);
    }
    // Each tree is a fresh copy: changing one does not change the next.
    const a = parseStatement("INSERT INTO t VALUES (12, 'e')").statement;
    (a as { values: { value: unknown }[][] }).values[0][0].value = 'changed';
    expect(parseStatement("INSERT INTO t VALUES (13, 'f')").statement).toEqual(parseSql("INSERT INTO t VALUES (13, 'f')")[0].statement);
  });

  it('still reports syntax errors of texts whose literals sit in unusual places', () => {
    expect(() => parseStatement('INSERT INTO t VALUES (1, 2')).toThrow(/syntax/);
    expect(() => parseStatement('DELETE FROM t WHERE id = 1 AND')).toThrow(/syntax/);
  });
});

describe('plan cache', () => {
  it('answers point gets on every partition like a freshly planned statement', async () => {
    const ctx = await setup();
    const before = planCacheStats.hits;
    for (let id = 0; id <= 7; id++) {
      const sql = `SELECT v, n FROM t WHERE id = ${id}`;
      expect(await q(ctx, sql)).toEqual(await fresh(ctx, sql));
    }
    expect(await q(ctx, 'SELECT v, n FROM t WHERE id = 4')).toEqual([['a', '4.00']]);
    expect(planCacheStats.hits - before).toBeGreaterThanOrEqual(7);
  });

  it('keeps each parameter in its place when two have the same value', async () => {
    const ctx = await setup();
    expect(await q(ctx, 'SELECT id FROM t WHERE id >= 2 AND id <= 2 ORDER BY id')).toEqual([['2']]);
    expect(await q(ctx, 'SELECT id FROM t WHERE id >= 3 AND id <= 5 ORDER BY id')).toEqual([['3'], ['4'], ['5']]);
    expect(await q(ctx, 'SELECT id FROM t WHERE n >= 2 AND id >= 2 ORDER BY id')).toEqual([['2'], ['4'], ['5'], ['6']]);
    expect(await q(ctx, 'SELECT id FROM t WHERE n >= 5 AND id >= 1 ORDER BY id')).toEqual([['5'], ['6']]);
    expect(await q(ctx, "SELECT id FROM t WHERE v = 'a' AND id > 1 ORDER BY id")).toEqual([['4']]);
    expect(await q(ctx, "SELECT id FROM t WHERE v = 'f' AND id > 5 ORDER BY id")).toEqual([['6']]);
  });

  it('handles IN lists, BETWEEN and ranges', async () => {
    const ctx = await setup();
    for (const sql of [
      'SELECT id FROM t WHERE id IN (1, 3, 5) ORDER BY id',
      'SELECT id FROM t WHERE id IN (6, 6, 2) ORDER BY id',
      'SELECT id FROM t WHERE id BETWEEN 2 AND 4 ORDER BY id',
      'SELECT id FROM t WHERE id BETWEEN 5 AND 1 ORDER BY id',
      'SELECT COUNT(*) FROM t WHERE id >= 3',
      'SELECT COUNT(*) FROM t WHERE id >= 6',
    ]) {
      expect(await q(ctx, sql), sql).toEqual(await fresh(ctx, sql));
    }
  });

  it('plans a new value of a date string normally when it no longer bounds a range', async () => {
    const ctx = await setup();
    for (const sql of [
      "SELECT id FROM t WHERE d >= '2024-03-01' ORDER BY id",
      "SELECT id FROM t WHERE d >= 'not a date' ORDER BY id",
      "SELECT id FROM t WHERE d >= '2024-02-01' ORDER BY id",
    ]) {
      expect(await q(ctx, sql), sql).toEqual(await fresh(ctx, sql));
    }
  });

  it('keeps literals of the select list, LIMIT and ORDER BY as part of the plan', async () => {
    const ctx = await setup();
    const r1 = await executeStatement(parseStatement('SELECT 1 AS k, v FROM t WHERE id = 1'), ctx);
    const r2 = await executeStatement(parseStatement('SELECT 2 AS k, v FROM t WHERE id = 2'), ctx);
    expect(r1.kind === 'rows' && r1.rows).toEqual([[1, 'a']]);
    expect(r2.kind === 'rows' && r2.rows).toEqual([[2, 'B']]);
    const r3 = await executeStatement(parseStatement('SELECT id + 10 FROM t WHERE id = 3'), ctx);
    const r4 = await executeStatement(parseStatement('SELECT id + 20 FROM t WHERE id = 3'), ctx);
    expect(r3.kind === 'rows' && [r3.columns[0].name, r3.rows]).toEqual(['id + 10', [[13]]]);
    expect(r4.kind === 'rows' && [r4.columns[0].name, r4.rows]).toEqual(['id + 20', [[23]]]);
    expect(await q(ctx, 'SELECT id FROM t WHERE id > 1 ORDER BY id LIMIT 2')).toEqual([['2'], ['3']]);
    expect(await q(ctx, 'SELECT id FROM t WHERE id > 1 ORDER BY id LIMIT 3')).toEqual([['2'], ['3'], ['4']]);
    expect(await q(ctx, 'SELECT v, COUNT(*) FROM t WHERE id > 0 GROUP BY 1 ORDER BY 1')).toEqual(await fresh(ctx, 'SELECT v, COUNT(*) FROM t WHERE id > 0 GROUP BY 1 ORDER BY 1'));
  });

  it('drops a plan when the schema changes and when the database differs', async () => {
    let version = 1;
    const ctx = await setup(() => version);
    expect(await q(ctx, 'SELECT v FROM t WHERE id = 1')).toEqual([['a']]);
    await run(ctx, 'DROP TABLE t');
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))');
    await run(ctx, "INSERT INTO t VALUES (1, 'new')");
    version = 2;
    expect(await q(ctx, 'SELECT v FROM t WHERE id = 1')).toEqual([['new']]);
    await run(ctx, 'CREATE DATABASE d2');
    await run(ctx, 'CREATE TABLE d2.t (id INT PRIMARY KEY, v VARCHAR(10))');
    await run(ctx, "INSERT INTO d2.t VALUES (1, 'other')");
    version = 3;
    ctx.session.database = 'd2';
    expect(await q(ctx, 'SELECT v FROM t WHERE id = 1')).toEqual([['other']]);
  });

  it('reports errors of a cached statement as the normal path does', async () => {
    const ctx = await setup();
    expect(await q(ctx, 'SELECT v FROM t WHERE id = 1')).toEqual([['a']]);
    await expect(q(ctx, 'SELECT v FROM nosuch WHERE id = 1')).rejects.toThrow(/doesn't exist/);
    await expect(q(ctx, 'SELECT v FROM t WHERE id = 1 AND')).rejects.toThrow(/syntax/);
  });
});
