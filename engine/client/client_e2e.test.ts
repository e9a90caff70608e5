/**
 * Every OBKV-Table and OBKV-HBase call once through the routing client on an in-process cluster:
 * single-row ops with OBKV's affected-row counts, batches split by partition (results in request
 * order; an atomic batch across partitions refused on the client), queries over several
 * partitions (partition order, offset/limit across them, streaming), aggregation (one partition;
 * -4007 over several), and the HBase admin, put/get/exists/delete, scans merged by row across
 * partitions (forward and reversed), increment, append, checkAndMutate and batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../workers/system_clock';
import { LocalCluster } from '../server/local_cluster';
import { sql } from '../table/test/kv_harness';
import { createKvClients } from './index';
import type { KvScriptGlobals } from './kv_api_types';
import { ATOMIC_BATCH_ACROSS_PARTITIONS } from './table_exec';
import type { KvCallTrace } from './trace';

let cluster: LocalCluster;
let g: Omit<KvScriptGlobals, 'print'>;
const traces: KvCallTrace[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  g = createKvClients(cluster.kvTransport(), { onTrace: (t) => traces.push(t) }).globals;
  await sql(cluster, 'CREATE TABLE t (c1 BIGINT PRIMARY KEY, c2 VARCHAR(20), c3 INT, c4 VARBINARY(20))');
  await sql(cluster, 'CREATE TABLE h (c1 BIGINT PRIMARY KEY, c2 INT) PARTITION BY HASH(c1) PARTITIONS 4');
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('table model', () => {
  it('single-row operations answer OBKV affected rows; get of a missing row is {}', async () => {
    const c = g.client;
    expect(await c.get('t', 1)).toEqual({});
    expect(await c.insert('t', 1, ['c2', 'c3'], ['a', 1])).toBe(1);
    await expect(c.insert('t', 1, ['c2'], ['x'])).rejects.toMatchObject({ code: -5024, errorName: 'OB_ERR_PRIMARY_KEY_DUPLICATE' });
    expect(await c.update('t', 1, ['c3'], [2])).toBe(1);
    expect(await c.update('t', 99, ['c3'], [2])).toBe(0);
    expect(await c.insertOrUpdate('t', 1, ['c2'], ['b'])).toBe(1);
    expect(await c.replace('t', 1, ['c2', 'c3'], ['c', 3])).toBe(2);
    expect(await c.put('t', 2, ['c2', 'c3', 'c4'], ['p', 5, null])).toBe(1);
    expect(await c.increment('t', 1, ['c3'], [10], true)).toEqual({ c3: 13 });
    expect(await c.append('t', 1, ['c2'], ['z'], true)).toEqual({ c2: 'cz' });
    expect(await c.append('t', 1, ['c4'], [new Uint8Array([1, 2])], false)).toEqual({});
    expect(await c.get('t', 1, ['c2', 'c3', 'c4'])).toEqual({ c2: 'cz', c3: 13, c4: new Uint8Array([1, 2]) });
    expect(await c.delete('t', 1)).toBe(1);
    expect(await c.delete('t', 1)).toBe(0);
  });

  it('wrong rowkey arity and unknown tables fail as ObTableException', async () => {
    await expect(g.client.get('t', [1, 2])).rejects.toMatchObject({ code: -10510 });
    await expect(g.client.get('nope', 1)).rejects.toMatchObject({ code: -5200, errorName: 'OB_ERR_UNKNOWN_TABLE' });
  });

  it('a batch over partitions runs per tablet; results come back in request order', async () => {
    const b = g.client.batch('h');
    for (let k = 0; k < 8; k++) b.insert(k, ['c2'], [k * 10]);
    b.insert(3, ['c2'], [0]).get(5).get(6, ['c2']);
    const before = traces.length;
    const r = await b.execute();
    expect(r.results.slice(0, 8)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect((r.results[8] as { code: number }).code).toBe(-5024);
    expect(r.results[9]).toEqual({ c1: 5, c2: 50 });
    expect(r.results[10]).toEqual({ c2: 60 });
    expect([r.getCorrectCount(), r.getWrongCount()]).toEqual([10, 1]);
    const sent = traces.slice(before);
    expect(sent.map((t) => t.partitionIndex).sort()).toEqual([0, 1, 2, 3]);
    expect(sent.every((t) => t.method === 'table.batch')).toBe(true);
  });

  it('an atomic batch spanning partitions is refused on the client; within one partition it commits', async () => {
    await expect(g.client.batch('h').insert(100, ['c2'], [1]).insert(101, ['c2'], [1]).setIsAtomic(true).execute())
      .rejects.toThrow(ATOMIC_BATCH_ACROSS_PARTITIONS);
    expect(await g.client.get('h', 100)).toEqual({});
    const r = await g.client.batch('h').insert(100, ['c2'], [1]).insert(104, ['c2'], [2]).setIsAtomic(true).execute();
    expect(r.results).toEqual([1, 1]);
  });

  it('a query visits partitions in index order (reverse when descending), offset/limit across them', async () => {
    const all = await g.client.query('h').addScanRange(0, 7).execute();
    // HASH(c1) % 4: p0 = 0, 4; p1 = 1, 5; p2 = 2, 6; p3 = 3, 7.
    expect(all.rows.map((r) => r.c1)).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
    const page = await g.client.query('h').addScanRange(0, 7).select('c1').limit(3, 3).execute();
    expect(page.rows).toEqual([{ c1: 5 }, { c1: 2 }, { c1: 6 }]);
    const rev = await g.client.query('h').addScanRange(0, 7).scanOrder(false).limit(3).execute();
    expect(rev.rows.map((r) => r.c1)).toEqual([7, 3, 6]);
    const filtered = await g.client.query('h').addScanRange(0, 7).setFilter(g.compareVal('>=', 'c2', 50)).execute();
    expect(filtered.rows.map((r) => r.c1)).toEqual([5, 6, 7]);
    const point = await g.client.query('h').addScanRange(6, 6).execute();
    expect(point.rows).toEqual([{ c1: 6, c2: 60 }]);
    expect(traces[traces.length - 1].partitionIndex).toBe(2);
  });

  it('asyncExecute streams rows across partitions in batches', async () => {
    const rs = await g.client.query('h').addScanRange(0, 7).setBatchSize(3).asyncExecute();
    const got: unknown[] = [];
    while (await rs.next()) got.push(rs.getRow().c1);
    await rs.close();
    expect(got).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
  });

  it('aggregation runs on one partition; over several it fails with -4007', async () => {
    await g.client.insert('t', 10, ['c3'], [4]);
    await g.client.insert('t', 11, ['c3'], [6]);
    const r = await g.client.aggregate('t').max('c3').min('c3').count().sum('c3').avg('c3').addScanRange(10, 11).execute();
    expect(r).toEqual({ 'max(c3)': 6, 'min(c3)': 4, 'count(*)': 2, 'sum(c3)': 10, 'avg(c3)': 5 });
    await expect(g.client.aggregate('h').count().addScanRange(0, 7).execute()).rejects.toMatchObject({ code: -4007 });
    expect(await g.client.aggregate('h').count().addScanRange(5, 5).execute()).toEqual({ 'count(*)': 1 });
  });
});

describe('HBase model', () => {
  it('admin creates, lists and describes a table', async () => {
    await g.hbase.admin.createTable('ht', [{ name: 'f', maxVersions: 3 }, { name: 'g' }], { partitions: 3 });
    expect(await g.hbase.admin.tableExists('ht')).toBe(true);
    expect(await g.hbase.admin.listTables()).toContain('ht');
    const d = await g.hbase.admin.describe('ht');
    expect(d.families.map((f) => f.name).sort()).toEqual(['f', 'g']);
  });

  it('put, get (versions), exists and delete variants', async () => {
    const { Put, Get, Delete } = g;
    const t = g.hbase.table('ht');
    await t.put(new Put('r1').addColumn('f', 'q', 1000, 'v1').addColumn('f', 'q', 2000, 'v2').addColumn('g', 'x', 'gx'));
    const r = await t.get(new Get('r1').addColumn('f', 'q').setMaxVersions(5));
    expect(r.cells.map((c) => [c.timestamp, c.value])).toEqual([[2000, 'v2'], [1000, 'v1']]);
    expect((await t.get(new Get('r1'))).getValue('g', 'x')).toBe('gx');
    expect(await t.exists(new Get('r1').addColumn('f', 'q').setTimeStamp(1000))).toBe(true);
    expect(await t.exists(new Get('nope'))).toBe(false);
    await t.delete(new Delete('r1').addColumn('f', 'q'));
    expect((await t.get(new Get('r1').addColumn('f', 'q').setMaxVersions(5))).cells.map((c) => c.timestamp)).toEqual([1000]);
    await t.delete(new Delete('r1'));
    expect((await t.get(new Get('r1'))).isEmpty()).toBe(true);
  });

  it('a scan merges every partition by row (reversed: descending), with limit and scanner paging', async () => {
    const { Put, Scan } = g;
    const t = g.hbase.table('ht');
    const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    await t.put(rows.map((r) => new Put(r).addColumn('f', 'q', `v-${r}`)));
    const fw = await t.scan(new Scan());
    expect(fw.map((x) => x.row)).toEqual(rows);
    const parts = new Set(traces.filter((x) => x.method === 'hbase.scan').slice(-3).map((x) => x.partitionIndex));
    expect(parts.size).toBe(3);
    expect((await t.scan(new Scan().withStartRow('c').withStopRow('f'))).map((x) => x.row)).toEqual(['c', 'd', 'e']);
    expect((await t.scan(new Scan().withStartRow('c', false).withStopRow('f', true))).map((x) => x.row)).toEqual(['d', 'e', 'f']);
    expect((await t.scan(new Scan().withStartRow('f').withStopRow('c').setReversed(true))).map((x) => x.row)).toEqual(['f', 'e', 'd']);
    expect((await t.scan(new Scan().withStartRow('f').withStopRow('c', true).setReversed(true))).map((x) => x.row)).toEqual(['f', 'e', 'd', 'c']);
    expect((await t.scan(new Scan().setLimit(4))).map((x) => x.row)).toEqual(['a', 'b', 'c', 'd']);
    const sc = await t.getScanner(new Scan().setCaching(3));
    const seen: string[] = [];
    for (let x = await sc.next(); x !== null; x = await sc.next()) seen.push(x.row);
    await sc.close();
    expect(seen).toEqual(rows);
  });

  it('incrementColumnValue, append, checkAndMutate (OBKV direction) and batch', async () => {
    const { Put, Get, Delete, CompareOp } = g;
    const t = g.hbase.table('ht');
    expect(await t.incrementColumnValue('cnt', 'f', 'n', 1)).toBe(1n);
    expect(await t.incrementColumnValue('cnt', 'f', 'n', 2)).toBe(3n);
    await t.put(new Put('ap').addColumn('f', 'q', 'value'));
    expect((await t.append('ap', 'f', 'q', '_append')).getValue('f', 'q')).toBe('value_append');
    await t.put(new Put('ck').addColumn('f', 'q', 'value6'));
    expect(await t.checkAndMutate('ck', 'f', 'q', CompareOp.GREATER, 'value5', new Put('ck').addColumn('f', 'q', 'value7'))).toBe(true);
    expect(await t.checkAndMutate('ck', 'f', 'q', CompareOp.GREATER, 'value9', new Delete('ck'))).toBe(false);
    expect((await t.get(new Get('ck'))).getValue('f', 'q')).toBe('value7');
    const res = await t.batch([new Put('b1').addColumn('f', 'q', 'x'), new Get('ck'), new Delete('ap')]);
    expect(res[0]).toBeUndefined();
    expect(res[1]?.getValue('f', 'q')).toBe('value7');
    expect((await t.get(new Get('ap'))).isEmpty()).toBe(true);
  });

  it('disable, delete; a dropped table is unknown', async () => {
    await g.hbase.admin.disableTable('ht');
    expect(await g.hbase.admin.isTableEnabled('ht')).toBe(false);
    await g.hbase.admin.deleteTable('ht');
    expect(await g.hbase.admin.tableExists('ht')).toBe(false);
    await expect(g.hbase.table('ht').get(new g.Get('r1'))).rejects.toHaveProperty('code');
  });
});
