import { describe, expect, it } from 'vitest';
import { createFakeContext, errorOf, query, run } from './fake_context';

async function setup() {
  const ctx = createFakeContext();
  await run(ctx, `CREATE TABLE c (id INT PRIMARY KEY, name VARCHAR(10), nation INT)`);
  await run(ctx, `CREATE TABLE o (id INT PRIMARY KEY, cid INT, amount INT)`);
  await run(ctx, `CREATE TABLE n (id INT PRIMARY KEY, name VARCHAR(10))`);
  await run(ctx, `INSERT INTO c VALUES (1,'ann',1),(2,'bob',2),(3,'cid',1)`);
  await run(ctx, `INSERT INTO o VALUES (10,1,100),(11,1,50),(12,2,70),(13,9,1)`);
  await run(ctx, `INSERT INTO n VALUES (1,'fr'),(2,'de')`);
  return ctx;
}

describe('joins', () => {
  it('inner joins with ON, WHERE and comma lists', async () => {
    const ctx = await setup();
    const expected = [['ann', '100'], ['ann', '50'], ['bob', '70']];
    expect(await query(ctx, 'SELECT c.name, o.amount FROM c JOIN o ON c.id = o.cid ORDER BY o.id')).toEqual(expected);
    expect(await query(ctx, 'SELECT c.name, o.amount FROM c, o WHERE c.id = o.cid ORDER BY o.id')).toEqual(expected);
    expect(await query(ctx, 'SELECT n.name, SUM(o.amount) FROM o, c, n WHERE o.cid = c.id AND c.nation = n.id GROUP BY n.name ORDER BY 2')).toEqual([
      ['de', '70'],
      ['fr', '150'],
    ]);
  });

  it('left joins keep unmatched rows with NULLs', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT c.name, o.id FROM c LEFT JOIN o ON c.id = o.cid AND o.amount > 60 ORDER BY c.id, o.id')).toEqual([
      ['ann', '10'],
      ['bob', '12'],
      ['cid', 'NULL'],
    ]);
    expect(await query(ctx, 'SELECT o.id, c.name FROM c RIGHT JOIN o ON c.id = o.cid WHERE c.id IS NULL')).toEqual([['13', 'NULL']]);
  });

  it('non-equi joins run as nested loops; USING', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT c.id, n.id FROM c JOIN n ON c.id < n.id ORDER BY 1, 2')).toEqual([['1', '2']]);
    expect(await query(ctx, 'SELECT COUNT(*) FROM c CROSS JOIN n')).toEqual([['6']]);
    expect(await query(ctx, 'SELECT * FROM c JOIN n USING (id) ORDER BY id')).toEqual([['1', 'ann', '1', 'fr'], ['2', 'bob', '2', 'de']]);
  });

  it('derived tables', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT x.cid, x.total FROM (SELECT cid, SUM(amount) AS total FROM o GROUP BY cid) x WHERE x.total > 60 ORDER BY x.cid')).toEqual([
      ['1', '150'],
      ['2', '70'],
    ]);
  });
});

describe('subqueries', () => {
  it('uncorrelated IN, NOT IN, EXISTS and scalar', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT name FROM c WHERE id IN (SELECT cid FROM o) ORDER BY name')).toEqual([['ann'], ['bob']]);
    expect(await query(ctx, 'SELECT name FROM c WHERE id NOT IN (SELECT cid FROM o)')).toEqual([['cid']]);
    expect(await query(ctx, 'SELECT COUNT(*) FROM c WHERE EXISTS (SELECT 1 FROM o WHERE amount > 90)')).toEqual([['3']]);
    expect(await query(ctx, 'SELECT name, (SELECT MAX(amount) FROM o) FROM c WHERE id = 1')).toEqual([['ann', '100']]);
  });

  it('correlated EXISTS, NOT EXISTS and scalar subqueries', async () => {
    const ctx = await setup();
    expect(await query(ctx, 'SELECT name FROM c WHERE EXISTS (SELECT 1 FROM o WHERE o.cid = c.id AND o.amount > 60) ORDER BY name')).toEqual([['ann'], ['bob']]);
    expect(await query(ctx, 'SELECT name FROM c WHERE NOT EXISTS (SELECT * FROM o WHERE o.cid = c.id)')).toEqual([['cid']]);
    expect(await query(ctx, 'SELECT name, (SELECT SUM(amount) FROM o WHERE o.cid = c.id) FROM c ORDER BY id')).toEqual([
      ['ann', '150'],
      ['bob', '70'],
      ['cid', 'NULL'],
    ]);
    expect(await query(ctx, 'SELECT id FROM o WHERE amount > (SELECT AVG(amount) FROM o o2 WHERE o2.cid = o.cid) ORDER BY id')).toEqual([['10']]);
  });

  it('NOT IN with NULL yields no rows; scalar subquery with two rows fails', async () => {
    const ctx = await setup();
    await run(ctx, 'CREATE TABLE z (v INT); INSERT INTO z VALUES (1), (NULL)');
    expect(await query(ctx, 'SELECT id FROM c WHERE id NOT IN (SELECT v FROM z)')).toEqual([]);
    expect(await errorOf(ctx, 'SELECT (SELECT id FROM c) FROM n')).toBe('ERROR 1242 (21000): Subquery returns more than 1 row');
  });
});

describe('partitioned tables', () => {
  it('routes, prunes and scans every partition', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE k (id INT PRIMARY KEY, v VARCHAR(5)) PARTITION BY KEY(id) PARTITIONS 3');
    await run(ctx, "INSERT INTO k VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e'),(6,'f')");
    expect(ctx.cluster.partitionRowCounts('test', 'k').reduce((a, b) => a + b)).toBe(6);
    expect(ctx.cluster.partitionRowCounts('test', 'k').filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(await query(ctx, 'SELECT v FROM k WHERE id IN (2, 5) ORDER BY v')).toEqual([['b'], ['e']]);
    expect(await query(ctx, 'SELECT COUNT(*) FROM k')).toEqual([['6']]);
  });

  it('RANGE partitions reject values above the last bound', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE r (id INT PRIMARY KEY) PARTITION BY RANGE(id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN (20))');
    await run(ctx, 'INSERT INTO r VALUES (1), (15)');
    expect(ctx.cluster.partitionRowCounts('test', 'r')).toEqual([1, 1]);
    expect(await errorOf(ctx, 'INSERT INTO r VALUES (25)')).toBe('ERROR 1526 (HY000): Table has no partition for value 25');
  });
});

describe('correlated subqueries over keyed tables', () => {
  it('re-plans the subquery per outer row: bound parameters become ranges', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE a (k INT PRIMARY KEY, v INT)');
    await run(ctx, 'CREATE TABLE b (k INT, s INT, w INT, PRIMARY KEY (k, s))');
    await run(ctx, 'INSERT INTO a VALUES (1, 10), (2, 20), (3, 30)');
    await run(ctx, 'INSERT INTO b VALUES (1, 1, 5), (1, 2, 7), (2, 1, 1), (3, 9, 100)');
    expect(await query(ctx, 'SELECT k, (SELECT SUM(w) FROM b WHERE b.k = a.k AND b.s < 5) FROM a ORDER BY k')).toEqual([['1', '12'], ['2', '1'], ['3', 'NULL']]);
    expect(await query(ctx, 'SELECT k FROM a WHERE v > (SELECT MAX(w) FROM b WHERE b.k = a.k) ORDER BY k')).toEqual([['1'], ['2']]);
    expect(
      await query(ctx, 'SELECT k FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.k = a.k AND b.w > (SELECT MIN(w) FROM b b2 WHERE b2.k = a.k)) ORDER BY k'),
    ).toEqual([['1']]);
  });
});
