/**
 * OBKV-Table queries and aggregations on one tablet (obkv-apis §1.7, §1.9): ranges with
 * inclusive/exclusive bounds, MIN/MAX, prefix ranges, unions, reverse order, filter then offset
 * then limit, secondary-index order, streaming query sessions; and the route checks of the
 * server (stale leader → -4038, old schema version → -4029, wrong tablet → -4725).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../workers/system_clock';
import { LocalCluster } from '../../server/local_cluster';
import { KV_MAX, KV_METHODS, KV_MIN, type KvValue } from '../types';
import { errorOf, KvTestClient, op, query, range, sql } from './kv_harness';

let cluster: LocalCluster;
let kv: KvTestClient;

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  kv = new KvTestClient(cluster);
  await sql(cluster, `CREATE TABLE q (k INT PRIMARY KEY, s VARCHAR(10), v INT, d DOUBLE, KEY iv (v))`);
  const rows: string[] = [];
  for (let k = 1; k <= 10; k++) rows.push(`(${k}, 's${k}', ${k % 3 === 0 ? 'NULL' : (11 - k) * 10}, ${k / 2})`);
  await sql(cluster, `INSERT INTO q VALUES ${rows.join(',')}`);
  await sql(cluster, `CREATE TABLE p (a INT, b VARCHAR(10), c INT, PRIMARY KEY (a, b))`);
  await sql(cluster, `INSERT INTO p VALUES (1,'x',1),(1,'y',2),(1,'z',3),(2,'x',4),(2,'y',5),(3,'x',6)`);
  await sql(cluster, `CREATE TABLE vs (k VARCHAR(10) PRIMARY KEY, n INT)`);
  await sql(cluster, `INSERT INTO vs VALUES ('123',1),('124',2),('234',3),('456',4),('567',5)`);
  await sql(cluster, `CREATE TABLE big (k INT PRIMARY KEY, v INT)`);
  const big: string[] = [];
  for (let k = 0; k < 250; k++) big.push(`(${k}, ${k})`);
  await sql(cluster, `INSERT INTO big VALUES ${big.join(',')}`);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const keys = async (table: string, q: Parameters<typeof query>[0], col = 'k'): Promise<KvValue[]> =>
  (await kv.rows(table, query(q))).map((r) => r[col]);

describe('query ranges', () => {
  it('no range scans the whole tablet in key order; select projects', async () => {
    expect(await keys('q', {})).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const r = await kv.query('q', query({ select: ['s', 'k'], ranges: [range([2], [3])] }));
    expect(r.columns).toEqual(['s', 'k']);
    expect(r.rows).toEqual([['s2', 2], ['s3', 3]]);
    expect(r.sessionId).toBeNull();
  });

  it('inclusive and exclusive bounds', async () => {
    expect(await keys('q', { ranges: [range([3], [6])] })).toEqual([3, 4, 5, 6]);
    expect(await keys('q', { ranges: [range([3], [6], false, false)] })).toEqual([4, 5]);
    expect(await keys('q', { ranges: [range([3], [6], true, false)] })).toEqual([3, 4, 5]);
    expect(await keys('q', { ranges: [range([6], [3])] })).toEqual([]);
  });

  it('MIN/MAX sentinels and the union of overlapping ranges', async () => {
    expect(await keys('q', { ranges: [range([KV_MIN], [2])] })).toEqual([1, 2]);
    expect(await keys('q', { ranges: [range([9], [KV_MAX])] })).toEqual([9, 10]);
    expect(await keys('q', { ranges: [range([8], [9]), range([1], [2]), range([2], [3], false), range([9], [10], false)] })).toEqual([1, 2, 3, 8, 9, 10]);
  });

  it('composite keys: MIN/MAX cells and prefix ranges with scanRangeColumns', async () => {
    const ab = async (q: Parameters<typeof query>[0]) => (await kv.rows('p', query(q))).map((r) => `${r.a}${r.b}`);
    expect(await ab({ ranges: [range([1, KV_MIN], [1, KV_MAX])] })).toEqual(['1x', '1y', '1z']);
    expect(await ab({ ranges: [range([1, 'y'], [2, 'x'])] })).toEqual(['1y', '1z', '2x']);
    expect(await ab({ ranges: [range([1, 'y'], [2, KV_MIN])] })).toEqual(['1y', '1z']);
    expect(await ab({ scanRangeColumns: ['a'], ranges: [range([2], [3])] })).toEqual(['2x', '2y', '3x']);
    expect(await ab({ scanRangeColumns: ['a'], ranges: [range([1], [3], false, false)] })).toEqual(['2x', '2y']);
  });

  it('a range with fewer cells than the rowkey and no scanRangeColumns → -10513', async () => {
    const e = await errorOf(kv.query('p', query({ ranges: [range([1], [2])] })));
    expect([e.obCode, e.message]).toEqual([-10513, "Scan range missing, input scan range cell count is '1', which should equal to rowkey count '2'"]);
  });

  it('varchar keys compare as text: ["12","126"] returns 123 and 124', async () => {
    expect(await keys('vs', { ranges: [range(['12'], ['126'])] })).toEqual(['123', '124']);
  });

  it('reverse order, filter then offset then limit', async () => {
    expect(await keys('q', { reverse: true, limit: 3 })).toEqual([10, 9, 8]);
    expect(await keys('q', { filter: "TableCompareFilter(>, 'd:1.5')", offset: 2, limit: 3 })).toEqual([6, 7, 8]);
    expect(await keys('q', { filter: "TableCompareFilter(IS, 'v:')", reverse: true })).toEqual([9, 6, 3]);
    expect(await keys('q', { offset: 8 })).toEqual([9, 10]);
    expect(await keys('q', { limit: 0 })).toEqual([]);
  });

  it('indexName orders and ranges by the index columns', async () => {
    // v = (11 - k) * 10 except NULL for multiples of 3: index order is NULLs first, then by v.
    expect(await keys('q', { indexName: 'iv' })).toEqual([3, 6, 9, 10, 8, 7, 5, 4, 2, 1]);
    expect(await keys('q', { indexName: 'iv', ranges: [range([10], [40])] })).toEqual([10, 8, 7]);
    expect(await keys('q', { indexName: 'iv', ranges: [range([10], [40])], reverse: true, limit: 2 })).toEqual([7, 8]);
  });

  it('unknown select or filter columns → -5217; malformed filters → -10514', async () => {
    expect((await errorOf(kv.query('q', query({ select: ['zz'] })))).obCode).toBe(-5217);
    expect((await errorOf(kv.query('q', query({ filter: "TableCompareFilter(=, 'zz:1')" })))).obCode).toBe(-5217);
    expect((await errorOf(kv.query('q', query({ filter: 'TableCompareFilter(=' })))).obCode).toBe(-10514);
  });
});

describe('streaming query sessions', () => {
  it('batchSize pulls rows batch by batch until the scan is done', async () => {
    const first = await kv.query('big', query({ select: ['k'], filter: "TableCompareFilter(<, 'k:105')" }), 40);
    expect(first.rows.length).toBe(40);
    expect(first.sessionId).not.toBeNull();
    const got = first.rows.map((r) => r[0]);
    let sessionId = first.sessionId;
    let calls = 0;
    while (sessionId !== null) {
      const next = await kv.call<{ rows: KvValue[][]; sessionId: number | null }>(first.server, KV_METHODS.queryNext, { tenantId: first.tenantId, sessionId });
      got.push(...next.rows.map((r) => r[0]));
      sessionId = next.sessionId;
      calls++;
    }
    expect(calls).toBe(2);
    expect(got).toEqual(Array.from({ length: 105 }, (_, i) => i));
  });

  it('a closed session answers -10524', async () => {
    const first = await kv.query('big', query(), 10);
    const body = { tenantId: first.tenantId, sessionId: first.sessionId };
    expect(await kv.call(first.server, KV_METHODS.queryClose, body)).toBeNull();
    const e = await errorOf(kv.call(first.server, KV_METHODS.queryNext, body));
    expect(e.obCode).toBe(-10524);
    expect((await errorOf(kv.call(first.server, KV_METHODS.queryClose, body))).obCode).toBe(-10524);
  });

  it('a session reads at the snapshot of its query', async () => {
    const first = await kv.query('q', query({ select: ['k', 'v'] }), 2);
    await kv.execute('q', op('update', [5], { v: 555 }));
    let rows = first.rows;
    let sessionId = first.sessionId;
    while (sessionId !== null) {
      const next = await kv.call<{ rows: KvValue[][]; sessionId: number | null }>(first.server, KV_METHODS.queryNext, { tenantId: first.tenantId, sessionId });
      rows = rows.concat(next.rows);
      sessionId = next.sessionId;
    }
    expect(rows.find((r) => r[0] === 5)).toEqual([5, 60]);
    await kv.execute('q', op('update', [5], { v: 60 }));
  });
});

describe('aggregation', () => {
  it('count/sum/min/max/avg with result keys as the reference prints them', async () => {
    const r = await kv.aggregate('q', query(), [
      { fn: 'count', column: null }, { fn: 'count', column: 'v' }, { fn: 'sum', column: 'v' }, { fn: 'min', column: 'v' },
      { fn: 'max', column: 's' }, { fn: 'avg', column: 'd' }, { fn: 'max', column: 'v', alias: 'top' },
    ]);
    expect(r).toEqual({
      'count(*)': 10, 'count(v)': 7, 'sum(v)': 100 + 90 + 70 + 60 + 40 + 30 + 10, 'min(v)': 10, 'max(s)': 's9', 'avg(d)': 2.75, 'max(top)': 100,
    });
  });

  it('filter and limit apply before aggregating; no rows → count 0 and null min/max', async () => {
    expect(await kv.aggregate('q', query({ filter: "TableCompareFilter(>, 'k:4')", limit: 2 }), [{ fn: 'count', column: null }, { fn: 'sum', column: 'k' }])).toEqual({
      'count(*)': 2, 'sum(k)': 11,
    });
    expect(await kv.aggregate('q', query({ ranges: [range([100], [200])] }), [{ fn: 'count', column: null }, { fn: 'max', column: 'v' }, { fn: 'sum', column: 'v' }])).toEqual({
      'count(*)': 0, 'max(v)': null, 'sum(v)': null,
    });
  });

  it('SUM of VARCHAR → -4007, unknown column → -4016', async () => {
    const e = await errorOf(kv.aggregate('q', query(), [{ fn: 'sum', column: 's' }]));
    expect([e.obCode, e.message]).toEqual([-4007, 'VARCHAR type for sum aggregation not supported']);
    expect((await errorOf(kv.aggregate('q', query(), [{ fn: 'max', column: 'nope' }]))).obCode).toBe(-4016);
  });

  it('a double sum overflowing → -4224', async () => {
    await sql(cluster, 'CREATE TABLE dd (k INT PRIMARY KEY, d DOUBLE)');
    await sql(cluster, 'INSERT INTO dd VALUES (1, 1.7e308), (2, 1.7e308)');
    const e = await errorOf(kv.aggregate('dd', query(), [{ fn: 'sum', column: 'd' }]));
    expect([e.obCode, e.message]).toEqual([-4224, "Out of range value for column 'sum(d)' at row 0"]);
  });
});

describe('routing checks at the server', () => {
  it('table.route answers the schema and each LS leader; unknown table → -5200', async () => {
    const r = await kv.route('q', 2);
    expect(r.schema.name).toBe('q');
    expect(r.reply.locations).toHaveLength(1);
    const loc = r.reply.locations[0];
    expect(cluster.server(loc.leader!).logStream(r.tenantId, loc.lsId)!.isServing()).toBe(true);
    expect(loc.replicas.sort()).toEqual([1, 2, 3]);
    expect(loc.svrIp).toBe(cluster.server(loc.leader!).config.svrIp);
    const e = await errorOf(kv.route('nope'));
    expect([e.obCode, e.message]).toEqual([-5200, "Unknown table 'nope' in test"]);
    expect((await kv.route('Q')).schema.name).toBe('q');
    const t = await errorOf(kv.call(1, KV_METHODS.route, { tenant: 'nosuch', database: 'test', table: 'q' }));
    expect(t.obCode).toBe(-5160);
  });

  it('a request to a follower answers -4038 OB_NOT_MASTER', async () => {
    const r = await kv.route('q');
    const p = r.schema.partitions[0];
    const follower = [1, 2, 3].find((s) => s !== kv.leaderOf(r, p))!;
    const e = await errorOf(kv.call(follower, KV_METHODS.execute, { ...kv.stamp(r, 'q', p), op: op('get', [1]) }));
    expect(e.obCode).toBe(-4038);
  });

  it('an old schema version answers -4029; a wrong tablet or LS answers -4725', async () => {
    await sql(cluster, 'CREATE TABLE sv (k INT PRIMARY KEY, v INT)');
    const r = await kv.route('sv');
    const p = r.schema.partitions[0];
    const leader = kv.leaderOf(r, p);
    await sql(cluster, 'TRUNCATE TABLE sv');
    const e = await errorOf(kv.call(leader, KV_METHODS.execute, { ...kv.stamp(r, 'sv', p), op: op('get', [1]) }));
    expect(e.obCode).toBe(-4029);
    const fresh = await kv.route('sv');
    const fp = fresh.schema.partitions[0];
    const stamp = kv.stamp(fresh, 'sv', fp);
    expect((await errorOf(kv.call(leader, KV_METHODS.execute, { ...stamp, tabletId: 1, op: op('get', [1]) }))).obCode).toBe(-4725);
    expect((await errorOf(kv.call(leader, KV_METHODS.execute, { ...stamp, lsId: fp.lsId + 1, op: op('get', [1]) }))).obCode).toBe(-4725);
  });
});
