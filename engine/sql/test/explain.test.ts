import { describe, expect, it } from 'vitest';
import { createFakeContext, explain, run, type FakeContext } from './fake_context';

async function setup(): Promise<FakeContext> {
  const ctx = createFakeContext();
  ctx.cluster.lsCount = 2; // LS 1001 local, LS 1002 led by server 2
  await run(ctx, 'CREATE TABLE t1 (c1 INT, c2 INT)');
  await run(ctx, 'CREATE TABLE t2 (c1 INT PRIMARY KEY, c2 INT, c3 VARCHAR(10))');
  await run(ctx, 'CREATE TABLE p (c1 INT PRIMARY KEY, c2 INT) PARTITION BY HASH(c1) PARTITIONS 4');
  await run(ctx, 'CREATE TABLE r (a INT, b INT, c INT, PRIMARY KEY (a, b))');
  return ctx;
}

const lines = (...l: string[]) => l.join('\n');

describe('EXPLAIN (OceanBase V4 layout)', () => {
  it('SCALAR GROUP BY with COUNT(*) pushed into a heap table full scan (reference §7.3)', async () => {
    const ctx = await setup();
    expect(await explain(ctx, 'EXPLAIN SELECT COUNT(*) FROM t1')).toBe(
      lines(
        '=================================================',
        '|ID|OPERATOR         |NAME|EST.ROWS|EST.TIME(us)|',
        '-------------------------------------------------',
        '|0 |SCALAR GROUP BY  |    |1       |2           |',
        '|1 |└─TABLE FULL SCAN|t1  |1       |2           |',
        '=================================================',
        'Outputs & filters:',
        '-------------------------------------',
        '  0 - output([T_FUN_COUNT_SUM(T_FUN_COUNT(*))]), filter(nil), rowset=256',
        '      group(nil), agg_func([T_FUN_COUNT_SUM(T_FUN_COUNT(*))])',
        '  1 - output([T_FUN_COUNT(*)]), filter(nil), rowset=256',
        '      access(nil), partitions(p0)',
        '      is_index_back=false, is_global_index=false,',
        '      range_key([t1.__pk_increment]), range(MIN ; MAX)always true',
      ),
    );
  });

  it('TABLE GET for a full-rowkey equality', async () => {
    const ctx = await setup();
    expect(await explain(ctx, 'EXPLAIN SELECT * FROM t2 WHERE c1 = 1')).toBe(
      lines(
        '=========================================',
        '|ID|OPERATOR |NAME|EST.ROWS|EST.TIME(us)|',
        '-----------------------------------------',
        '|0 |TABLE GET|t2  |1       |2           |',
        '=========================================',
        'Outputs & filters:',
        '-------------------------------------',
        '  0 - output([t2.c1], [t2.c2], [t2.c3]), filter(nil), rowset=256',
        '      access([t2.c1], [t2.c2], [t2.c3]), partitions(p0)',
        '      is_index_back=false, is_global_index=false,',
        '      range_key([t2.c1]), range[1 ; 1],',
        '      range_cond([t2.c1 = 1])',
      ),
    );
  });

  it('EXPLAIN BASIC: TOP-N SORT over a TABLE RANGE SCAN with a residual filter', async () => {
    const ctx = await setup();
    expect(await explain(ctx, 'EXPLAIN BASIC SELECT c2 FROM t2 WHERE c1 > 5 AND c2 < 3 ORDER BY c2 LIMIT 10')).toBe(
      lines(
        '============================',
        '|ID|OPERATOR          |NAME|',
        '----------------------------',
        '|0 |TOP-N SORT        |    |',
        '|1 |└─TABLE RANGE SCAN|t2  |',
        '============================',
        'Outputs & filters:',
        '-------------------------------------',
        '  0 - output([t2.c2]), filter(nil), rowset=256',
        '      sort_keys([t2.c2, ASC]), topn(10)',
        '  1 - output([t2.c2]), filter([t2.c2 < 3]), rowset=256',
        '      access([t2.c2]), partitions(p0)',
        '      is_index_back=false, is_global_index=false, filter_before_indexback[false],',
        '      range_key([t2.c1]), range(5 ; MAX),',
        '      range_cond([t2.c1 > 5])',
      ),
    );
  });

  it('prefix range on a composite rowkey', async () => {
    const ctx = await setup();
    const text = await explain(ctx, 'EXPLAIN SELECT * FROM r WHERE a = 1');
    expect(text).toContain('|0 |TABLE RANGE SCAN|r   |');
    expect(text).toContain('      range_key([r.a], [r.b]), range(1,MIN ; 1,MAX),\n      range_cond([r.a = 1])');
  });

  it('HASH JOIN with equal_conds and a pushed-down filter', async () => {
    const ctx = await setup();
    expect(await explain(ctx, 'EXPLAIN SELECT t1.c1, t2.c3 FROM t1, t2 WHERE t1.c2 = t2.c1 AND t2.c2 > 4')).toBe(
      lines(
        '=================================================',
        '|ID|OPERATOR         |NAME|EST.ROWS|EST.TIME(us)|',
        '-------------------------------------------------',
        '|0 |HASH JOIN        |    |1       |4           |',
        '|1 |├─TABLE FULL SCAN|t1  |1       |2           |',
        '|2 |└─TABLE FULL SCAN|t2  |1       |2           |',
        '=================================================',
        'Outputs & filters:',
        '-------------------------------------',
        '  0 - output([t1.c1], [t2.c3]), filter(nil), rowset=256',
        '      equal_conds([t1.c2 = t2.c1]), other_conds(nil)',
        '  1 - output([t1.c1], [t1.c2]), filter(nil), rowset=256',
        '      access([t1.c1], [t1.c2]), partitions(p0)',
        '      is_index_back=false, is_global_index=false,',
        '      range_key([t1.__pk_increment]), range(MIN ; MAX)always true',
        '  2 - output([t2.c1], [t2.c2], [t2.c3]), filter([t2.c2 > 4]), rowset=256',
        '      access([t2.c1], [t2.c2], [t2.c3]), partitions(p0)',
        '      is_index_back=false, is_global_index=false, filter_before_indexback[false],',
        '      range_key([t2.c1]), range(MIN ; MAX)always true',
      ),
    );
  });

  it('PX operators over a multi-partition scan; pruning to one remote partition', async () => {
    const ctx = await setup();
    expect(await explain(ctx, 'EXPLAIN BASIC SELECT * FROM p')).toBe(
      lines(
        '=======================================',
        '|ID|OPERATOR                 |NAME    |',
        '---------------------------------------',
        '|0 |PX COORDINATOR           |        |',
        '|1 |└─EXCHANGE OUT DISTR     |:EX10000|',
        '|2 |  └─PX PARTITION ITERATOR|        |',
        '|3 |    └─TABLE FULL SCAN    |p       |',
        '=======================================',
        'Outputs & filters:',
        '-------------------------------------',
        '  0 - output([p.c1], [p.c2]), filter(nil), rowset=256',
        '  1 - output([p.c1], [p.c2]), filter(nil), rowset=256',
        '      dop=1',
        '  2 - output([p.c1], [p.c2]), filter(nil), rowset=256',
        '      force partition granule',
        '  3 - output([p.c1], [p.c2]), filter(nil), rowset=256',
        '      access([p.c1], [p.c2]), partitions(p[0-3])',
        '      is_index_back=false, is_global_index=false,',
        '      range_key([p.c1]), range(MIN ; MAX)always true',
      ),
    );
    const one = await explain(ctx, 'EXPLAIN BASIC SELECT * FROM p WHERE c1 = 3');
    expect(one.split('\n').slice(3, 6)).toEqual(['|0 |EXCHANGE IN REMOTE   |    |', '|1 |└─EXCHANGE OUT REMOTE|    |', '|2 |  └─TABLE GET        |p   |']);
    expect(one).toContain('partitions(p3)');
    expect(await explain(ctx, 'EXPLAIN BASIC SELECT * FROM p WHERE c1 IN (1, 5)')).toContain('partitions(p1)');
  });

  it('IN subquery becomes a HASH SEMI JOIN; correlated scalar subquery a SUBPLAN FILTER', async () => {
    const ctx = await setup();
    const semi = await explain(ctx, 'EXPLAIN BASIC SELECT * FROM t1 WHERE c1 IN (SELECT c1 FROM t2)');
    expect(semi.split('\n').slice(3, 6)).toEqual(['|0 |HASH SEMI JOIN   |    |', '|1 |├─TABLE FULL SCAN|t1  |', '|2 |└─TABLE FULL SCAN|t2  |']);
    const anti = await explain(ctx, 'EXPLAIN BASIC SELECT * FROM t1 WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.c1 = t1.c1)');
    expect(anti).toContain('|0 |HASH ANTI JOIN   |    |');
    const sub = await explain(ctx, 'EXPLAIN BASIC SELECT * FROM t1 WHERE c1 > (SELECT AVG(c2) FROM t2 WHERE t2.c1 = t1.c2)');
    expect(sub.split('\n').slice(3, 7)).toEqual([
      '|0 |SUBPLAN FILTER     |    |',
      '|1 |├─TABLE FULL SCAN  |t1  |',
      '|2 |└─SCALAR GROUP BY  |    |',
      '|3 |  └─TABLE FULL SCAN|t2  |',
    ]);
    expect(sub).toContain('  0 - output([t1.c1], [t1.c2]), filter([t1.c1 > subquery(1)]), rowset=256');
  });

  it('EXPLAIN FORMAT=JSON nests CHILD_n objects', async () => {
    const ctx = await setup();
    const json = JSON.parse(await explain(ctx, 'EXPLAIN FORMAT=JSON SELECT t1.c1 FROM t1 JOIN t2 ON t1.c1 = t2.c1'));
    expect(Object.keys(json)).toEqual(['ID', 'OPERATOR', 'NAME', 'EST.ROWS', 'EST.TIME(us)', 'output', 'CHILD_1', 'CHILD_2']);
    expect(json.OPERATOR).toBe('HASH JOIN');
    expect(json.CHILD_1).toMatchObject({ ID: 1, OPERATOR: 'TABLE FULL SCAN', NAME: 't1', output: 'output([t1.c1])' });
    expect(json.CHILD_2).toMatchObject({ ID: 2, NAME: 't2' });
  });

  it('DML plans: DISTRIBUTED INSERT over EXPRESSION, UPDATE over TABLE GET', async () => {
    const ctx = await setup();
    const ins = await explain(ctx, 'EXPLAIN INSERT INTO p VALUES (1, 2), (2, 3)');
    expect(ins).toContain('|0 |DISTRIBUTED INSERT|p   |2       |2           |');
    expect(ins).toContain('      columns([{p: ({p: (p.c1, p.c2)})}]), partitions(p1, p2)');
    expect(ins).toContain('      values({1, 2}, {2, 3})');
    const upd = await explain(ctx, 'EXPLAIN UPDATE t2 SET c2 = c2 + 1 WHERE c1 = 3');
    expect(upd.split('\n').slice(3, 5)).toEqual(['|0 |UPDATE     |t2  |1       |3           |', '|1 |└─TABLE GET|t2  |1       |2           |']);
    expect(upd).toContain('      update([t2.c2=t2.c2 + 1])');
  });

  it('explains without executing', async () => {
    const ctx = await setup();
    await run(ctx, 'EXPLAIN INSERT INTO t2 VALUES (1, 1, NULL)');
    expect(ctx.cluster.partitionRowCounts('test', 't2')).toEqual([0]);
  });
});

describe('estimates from the server', () => {
  it('uses reported row counts for EST.ROWS and builds the hash table on the smaller input', async () => {
    const ctx = await setup();
    ctx.estimateRowCount = (t) => (t.name === 't1' ? 5000 : 40);
    const text = await explain(ctx, 'EXPLAIN BASIC SELECT t1.c1 FROM t1, t2 WHERE t1.c2 = t2.c1');
    expect(text.split('\n').slice(3, 6)).toEqual(['|0 |HASH JOIN        |    |', '|1 |├─TABLE FULL SCAN|t2  |', '|2 |└─TABLE FULL SCAN|t1  |']);
    const full = await explain(ctx, 'EXPLAIN SELECT * FROM t1 WHERE c1 > 3');
    expect(full).toContain('|0 |TABLE FULL SCAN|t1  |2500    |127         |');
  });

  it('COUNT(*) pushdown counts rows that pass the scan filters', async () => {
    const ctx = await setup();
    await run(ctx, 'INSERT INTO t1 VALUES (1, 1), (2, 2), (3, 3)');
    const { query } = await import('./fake_context');
    expect(await query(ctx, 'SELECT COUNT(*) FROM t1 WHERE c2 >= 2')).toEqual([['2']]);
    expect(await query(ctx, 'SELECT COUNT(*), COUNT(*) + 1 FROM t1')).toEqual([['3', '4']]);
    expect(await query(ctx, 'SELECT COUNT(*) FROM t1 WHERE c2 > 9')).toEqual([['0']]);
  });
});
