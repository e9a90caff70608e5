import { describe, expect, it } from 'vitest';
import { createFakeContext, errorOf, query, run } from './fake_context';

async function setup() {
  const ctx = createFakeContext();
  await run(ctx, `CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10), n DECIMAL(10,2), d DATE)`);
  await run(ctx, `INSERT INTO t VALUES (1,'a',1.50,'2024-01-01'),(2,'B',2.25,'2024-02-01'),(3,'c',NULL,NULL),(4,'a',4.00,'2024-03-01')`);
  return ctx;
}

describe('SELECT basics', () => {
  it('selects without FROM', async () => {
    const ctx = createFakeContext();
    expect(await query(ctx, 'SELECT 1+1')).toEqual([['2']]);
    const r = await run(ctx, 'SELECT 1+1, 2 AS two FROM DUAL');
    expect(r.kind === 'rows' && r.columns.map((c) => c.name)).toEqual(['1+1', 'two']);
  });

  it('filters, projects and orders', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT id, v FROM t WHERE id > 1 ORDER BY id DESC')).toEqual([['4', 'a'], ['3', 'c'], ['2', 'B']]);
    expect(await query(ctx, "SELECT id FROM t WHERE v = 'A' ORDER BY 1")).toEqual([['1'], ['4']]);
    expect(await query(ctx, 'SELECT * FROM t WHERE id = 3')).toEqual([['3', 'c', 'NULL', 'NULL']]);
  });

  it('names columns as MySQL does', async () => {
    const ctx = await setup();
    const r = await run(ctx, 'SELECT id, t.v, COUNT(*), n AS amount FROM t GROUP BY id, v, n');
    expect(r.kind === 'rows' && r.columns.map((c) => c.name)).toEqual(['id', 'v', 'COUNT(*)', 'amount']);
  });

  it('groups and aggregates', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT v, COUNT(*), SUM(n) FROM t GROUP BY v ORDER BY v')).toEqual([
      ['a', '2', '5.50'],
      ['B', '1', '2.25'],
      ['c', '1', 'NULL'],
    ]);
    expect(await query(ctx, 'SELECT COUNT(*), COUNT(n), MAX(d) FROM t')).toEqual([['4', '3', '2024-03-01']]);
    expect(await query(ctx, 'SELECT COUNT(*) FROM t WHERE id > 100')).toEqual([['0']]);
    expect(await query(ctx, 'SELECT v, COUNT(*) c FROM t GROUP BY v HAVING c > 1')).toEqual([['a', '2']]);
  });

  it('limits and offsets', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT id FROM t ORDER BY id LIMIT 2')).toEqual([['1'], ['2']]);
    expect(await query(ctx, 'SELECT id FROM t ORDER BY id LIMIT 1, 2')).toEqual([['2'], ['3']]);
    expect(await query(ctx, 'SELECT id FROM t LIMIT 1')).toEqual([['1']]);
  });

  it('distinct and union', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT DISTINCT v FROM t ORDER BY v')).toEqual([['a'], ['B'], ['c']]);
    expect(await query(ctx, 'SELECT id FROM t WHERE id < 3 UNION ALL SELECT id FROM t WHERE id < 2')).toEqual([['1'], ['2'], ['1']]);
    expect(await query(ctx, 'SELECT v FROM t UNION SELECT v FROM t ORDER BY 1')).toEqual([['a'], ['B'], ['c']]);
  });

  it('reports unknown columns and tables with MySQL texts', async () => {
    const ctx = await setup();
    expect(await errorOf(ctx, 'SELECT c9 FROM t')).toBe("ERROR 1054 (42S22): Unknown column 'c9' in 'field list'");
    expect(await errorOf(ctx, 'SELECT id FROM t WHERE c9 = 1')).toBe("ERROR 1054 (42S22): Unknown column 'c9' in 'where clause'");
    expect(await errorOf(ctx, 'SELECT id FROM t ORDER BY c9')).toBe("ERROR 1054 (42S22): Unknown column 'c9' in 'order clause'");
    expect(await errorOf(ctx, 'SELECT id FROM t GROUP BY c9')).toBe("ERROR 1054 (42S22): Unknown column 'c9' in 'group statement'");
    expect(await errorOf(ctx, 'SELECT * FROM t9')).toBe("ERROR 1146 (42S02): Table 'test.t9' doesn't exist");
    expect(await errorOf(ctx, 'SELECT id FROM t a, t b')).toBe("ERROR 1052 (23000): Column 'id' in field list is ambiguous");
    expect(await errorOf(ctx, 'SELECT 1 FROM t, t')).toBe("ERROR 1066 (42000): Not unique table/alias: 't'");
  });

  it('GROUP BY by alias and position, ORDER BY an unselected aggregate, ungrouped columns', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT v AS k, COUNT(*) FROM t GROUP BY k ORDER BY COUNT(*) DESC, k')).toEqual([['a', '2'], ['B', '1'], ['c', '1']]);
    expect(await query(ctx, 'SELECT v, SUM(id) FROM t GROUP BY 1 ORDER BY 2')).toEqual([['B', '2'], ['c', '3'], ['a', '5']]);
    expect(await query(ctx, 'SELECT v, d FROM t WHERE v = \'B\' GROUP BY v')).toEqual([['B', '2024-02-01']]);
    expect(await errorOf(ctx, 'SELECT v FROM t WHERE COUNT(*) > 1')).toBe('ERROR 1111 (HY000): Invalid use of group function');
    expect(await errorOf(ctx, 'SELECT COUNT(*) FROM t GROUP BY 2')).toBe("ERROR 1054 (42S22): Unknown column '2' in 'group statement'");
  });

  it('a WHERE over a derived table with LIMIT filters after the LIMIT', async () => {
    const ctx = await setup();
    expect(await query(ctx, "SELECT id FROM (SELECT id, v FROM t ORDER BY id LIMIT 2) x WHERE v = 'B'")).toEqual([['2']]);
    expect(await query(ctx, "SELECT id FROM (SELECT id, v FROM t ORDER BY id LIMIT 2) x WHERE v = 'c'")).toEqual([]);
  });

  it('union with a global ORDER BY and LIMIT', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT id FROM t WHERE id < 3 UNION SELECT id + 10 FROM t WHERE id > 3 ORDER BY id DESC LIMIT 2')).toEqual([['14'], ['2']]);
  });

  it('unknown functions name the current database', async () => {
    const ctx = await setup();
    expect(await errorOf(ctx, 'SELECT nosuchfn(1)')).toBe('ERROR 1305 (42000): FUNCTION test.nosuchfn does not exist');
  });

  it('CASE, LIKE, BETWEEN, IN and IS NULL resolve to the expression engine', async () => {
    const ctx = await setup();
    expect(await query(ctx, "SELECT id, CASE WHEN n > 2 THEN 'big' ELSE 'small' END FROM t WHERE v LIKE 'a%' ORDER BY id")).toEqual([['1', 'small'], ['4', 'big']]);
    expect(await query(ctx, 'SELECT id FROM t WHERE id BETWEEN 2 AND 3 AND id NOT IN (3) AND n IS NOT NULL')).toEqual([['2']]);
    expect(await query(ctx, "SELECT COUNT(*) FROM t WHERE d >= DATE '2024-01-15' - INTERVAL 1 MONTH")).toEqual([['3']]);
  });
});
