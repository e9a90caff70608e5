/**
 * OBKV-Table single operations and batches against a 3-server in-process cluster, with the
 * reference's affected-row counts and error codes (obkv-apis §1.3, §1.6, §1.11).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../workers/system_clock';
import { LocalCluster } from '../../server/local_cluster';
import { KV_BATCH_OPS_MAX } from '../../common/limits';
import { KV_METHODS } from '../types';
import { cv, errorOf, KvTestClient, op, rowsOf, sql } from './kv_harness';

let cluster: LocalCluster;
let kv: KvTestClient;

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  kv = new KvTestClient(cluster);
  await sql(cluster, `CREATE TABLE t (c1 BIGINT PRIMARY KEY, c2 VARCHAR(5), c3 INT DEFAULT 7, c4 DOUBLE)`);
  await sql(cluster, `CREATE TABLE nn (c1 INT PRIMARY KEY, c2 VARCHAR(10) NOT NULL)`);
  await sql(cluster, `CREATE TABLE ck (k1 INT, k2 VARCHAR(10), v INT, PRIMARY KEY (k1, k2)) PARTITION BY HASH(k1) PARTITIONS 3`);
  await sql(cluster, `CREATE TABLE idx (c1 INT PRIMARY KEY, c2 INT, KEY i2 (c2))`);
  await sql(cluster, `CREATE TABLE bin (k VARBINARY(10) PRIMARY KEY, b VARBINARY(4), s VARCHAR(4), dt DATETIME)`);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

describe('single operations', () => {
  it('get of a missing row answers row null; insert then get returns the row with defaults', async () => {
    expect(await kv.execute('t', op('get', [1]))).toEqual({ affectedRows: 0, row: null });
    expect(await kv.execute('t', op('insert', [1], { c2: 'a' }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('t', op('get', [1]))).row).toEqual({ c1: 1, c2: 'a', c3: 7, c4: null });
    expect((await kv.execute('t', op('get', [1], {}, { selectColumns: ['c3'] }))).row).toEqual({ c3: 7 });
  });

  it('insert of an existing row fails with -5024 naming the key', async () => {
    await kv.execute('t', op('insert', [2], { c2: 'b' }));
    const e = await errorOf(kv.execute('t', op('insert', [2], { c2: 'x' })));
    expect(e.obCode).toBe(-5024);
    expect(e.message).toBe("Duplicate entry '2' for key 'PRIMARY'");
  });

  it('delete answers 1 then 0; update of a missing row answers 0 without error', async () => {
    await kv.execute('t', op('insert', [3], { c2: 'c' }));
    expect(await kv.execute('t', op('delete', [3]))).toEqual({ affectedRows: 1 });
    expect(await kv.execute('t', op('delete', [3]))).toEqual({ affectedRows: 0 });
    expect(await kv.execute('t', op('update', [3], { c2: 'z' }))).toEqual({ affectedRows: 0 });
    expect((await kv.execute('t', op('get', [3]))).row).toBeNull();
  });

  it('update changes only the given columns', async () => {
    await kv.execute('t', op('insert', [4], { c2: 'd', c4: 1.5 }));
    expect(await kv.execute('t', op('update', [4], { c3: 40 }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('t', op('get', [4]))).row).toEqual({ c1: 4, c2: 'd', c3: 40, c4: 1.5 });
  });

  it('insertOrUpdate answers 1 both when inserting and when updating (others unchanged)', async () => {
    expect(await kv.execute('t', op('insertOrUpdate', [5], { c2: 'e' }))).toEqual({ affectedRows: 1 });
    expect(await kv.execute('t', op('insertOrUpdate', [5], { c4: 2.5 }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('t', op('get', [5]))).row).toEqual({ c1: 5, c2: 'e', c3: 7, c4: 2.5 });
  });

  it('replace answers 1 for a new row and 2 for an existing one, resetting omitted columns to defaults', async () => {
    expect(await kv.execute('t', op('replace', [6], { c2: 'f', c3: 60 }))).toEqual({ affectedRows: 1 });
    expect(await kv.execute('t', op('replace', [6], { c4: 3.5 }))).toEqual({ affectedRows: 2 });
    expect((await kv.execute('t', op('get', [6]))).row).toEqual({ c1: 6, c2: null, c3: 7, c4: 3.5 });
  });

  it('increment: NULL counts as 0, a missing row is inserted with the delta, withResult returns the new values', async () => {
    await kv.execute('t', op('insert', [7], { c2: 'g', c3: null }));
    expect(await kv.execute('t', op('increment', [7], { c3: 5 }, { withResult: true }))).toEqual({ affectedRows: 1, row: { c3: 5 } });
    expect(await kv.execute('t', op('increment', [7], { c3: 2 }, { withResult: true }))).toEqual({ affectedRows: 1, row: { c3: 7 } });
    expect(await kv.execute('t', op('increment', [7], { c3: 1 }))).toEqual({ affectedRows: 1 });
    expect(await kv.execute('t', op('increment', [8], { c3: 3 }, { withResult: true }))).toEqual({ affectedRows: 1, row: { c3: 3 } });
    expect((await kv.execute('t', op('get', [8]))).row).toEqual({ c1: 8, c2: null, c3: 3, c4: null });
  });

  it('increment of a non-integer column or with a string delta fails with -10511', async () => {
    const e1 = await errorOf(kv.execute('t', op('increment', [7], { c2: 1 })));
    expect(e1.obCode).toBe(-10511);
    expect(e1.message).toBe("Column type for 'c2' not match, schema column type is 'VARCHAR', input column type is 'BIGINT'");
    const e2 = await errorOf(kv.execute('t', op('increment', [7], { c3: 'x' })));
    expect(e2.obCode).toBe(-10511);
    expect(e2.message).toContain("schema column type is 'INT', input column type is 'VARCHAR'");
  });

  it('append: NULL counts as empty, a missing row is inserted, non-string columns → -4007, too long → -5167', async () => {
    await kv.execute('t', op('insert', [9], {}));
    expect(await kv.execute('t', op('append', [9], { c2: 'P' }, { withResult: true }))).toEqual({ affectedRows: 1, row: { c2: 'P' } });
    expect(await kv.execute('t', op('append', [9], { c2: 'Y' }, { withResult: true }))).toEqual({ affectedRows: 1, row: { c2: 'PY' } });
    expect(await kv.execute('t', op('append', [10], { c2: 'new' }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('t', op('get', [10]))).row!.c2).toBe('new');
    expect((await errorOf(kv.execute('t', op('append', [9], { c3: '1' })))).obCode).toBe(-4007);
    expect((await errorOf(kv.execute('t', op('append', [9], { c2: 'abcd' })))).obCode).toBe(-5167);
  });

  it('conditional update/delete/increment with a filter: no match → 0 and the row is untouched', async () => {
    await kv.execute('t', op('insert', [11], { c2: 'k', c3: 5 }));
    expect(await kv.execute('t', op('update', [11], { c2: 'no' }, { filter: "TableCompareFilter(>, 'c3:5')" }))).toEqual({ affectedRows: 0 });
    expect(await kv.execute('t', op('update', [11], { c2: 'yes' }, { filter: "TableCompareFilter(>=, 'c3:5')" }))).toEqual({ affectedRows: 1 });
    expect(await kv.execute('t', op('increment', [11], { c3: 1 }, { filter: "TableCompareFilter(=, 'c2:no')" }))).toEqual({ affectedRows: 0 });
    expect(await kv.execute('t', op('delete', [11], {}, { filter: "TableCompareFilter(IS, 'c4:')" }))).toEqual({ affectedRows: 1 });
  });

  it('put overwrites the whole row; with binlog_row_image FULL every column must be given', async () => {
    expect(await kv.execute('t', op('put', [12], { c2: 'p', c3: 1, c4: 0.5 }))).toEqual({ affectedRows: 1 });
    expect(await kv.execute('t', op('put', [12], { c2: 'q', c3: 2, c4: null }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('t', op('get', [12]))).row).toEqual({ c1: 12, c2: 'q', c3: 2, c4: null });
    const e = await errorOf(kv.execute('t', op('put', [12], { c2: 'q' })));
    expect([e.obCode, e.message]).toEqual([-4007, 'binlog_row_image is full use put not supported']);
  });

  it('put on a table with an index fails with -4007', async () => {
    const e = await errorOf(kv.execute('idx', op('put', [1], { c2: 1 })));
    expect([e.obCode, e.message]).toEqual([-4007, 'table with index use put not supported']);
  });

  it('strict input types: -10511, -4235, -5167, -5217, -10510, -4227', async () => {
    const e1 = await errorOf(kv.execute('t', op('insert', [20], { c2: 1 })));
    expect(e1.message).toBe("Column type for 'c2' not match, schema column type is 'VARCHAR', input column type is 'BIGINT'");
    expect((await errorOf(kv.execute('t', op('insert', [20], { c3: 'x' })))).obCode).toBe(-10511);
    expect((await errorOf(kv.execute('t', op('insert', [20], { c3: 1.5 })))).obCode).toBe(-10511);
    expect((await errorOf(kv.execute('t', op('insert', ['20'], {})))).obCode).toBe(-10511);
    const e2 = await errorOf(kv.execute('nn', op('insert', [1], { c2: null })));
    expect([e2.obCode, e2.message]).toEqual([-4235, "Column 'c2' cannot be null"]);
    const e3 = await errorOf(kv.execute('t', op('insert', [20], { c2: 'toolong' })));
    expect([e3.obCode, e3.message]).toEqual([-5167, "Data too long for column 'c2' at row 0"]);
    const e4 = await errorOf(kv.execute('t', op('insert', [20], { cx: 1 })));
    expect([e4.obCode, e4.message]).toEqual([-5217, "Unknown column 'cx' in 't'"]);
    const e5 = await errorOf(kv.execute('t', op('insert', [20, 1], {})));
    expect([e5.obCode, e5.message]).toEqual([-10510, "Rowkey column count not match, schema rowkey count is '1', input rowkey count is '2'"]);
    const e6 = await errorOf(kv.execute('nn', op('insert', [1], {})));
    expect([e6.obCode, e6.message]).toEqual([-4227, "Field 'c2' doesn't have a default value"]);
    expect((await errorOf(kv.execute('t', op('insert', [20], { c3: 2 ** 40 })))).obCode).toBe(-4224);
    expect((await kv.execute('t', op('get', [20]))).row).toBeNull();
  });

  it('an integer input is accepted by a DOUBLE column (a JavaScript number has no width)', async () => {
    expect(await kv.execute('t', op('insert', [21], { c4: 2 }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('t', op('get', [21]))).row!.c4).toBe(2);
  });

  it('rowkey columns in the mutate list: same value accepted, a different value refused', async () => {
    expect(await kv.execute('t', op('insert', [22], [cv('c1', 22), cv('c2', 'r')]))).toEqual({ affectedRows: 1 });
    expect((await errorOf(kv.execute('t', op('update', [22], [cv('c1', 23)])))).obCode).toBe(-5040);
    expect((await errorOf(kv.execute('t', op('insertOrUpdate', [22], [cv('c1', 23)])))).obCode).toBe(-4007);
  });

  it('composite keys on a partitioned table; rows are visible to SQL', async () => {
    for (let k = 1; k <= 6; k++) expect(await kv.execute('ck', op('insert', [k, `r${k}`], { v: k * 10 }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('ck', op('get', [4, 'R4']))).row).toEqual({ k1: 4, k2: 'r4', v: 40 });
    expect(rowsOf(await sql(cluster, 'SELECT k1, k2, v FROM ck ORDER BY k1'))).toEqual(
      [1, 2, 3, 4, 5, 6].map((k) => [String(k), `r${k}`, String(k * 10)]),
    );
  });

  it('a rowkey sent to a tablet of another partition answers -4725', async () => {
    const r = await kv.route('ck');
    const right = kv.partitionOf(r, [1, 'r1']);
    const wrong = r.schema.partitions.find((p) => p.index !== right.index)!;
    const e = await errorOf(kv.call(kv.leaderOf(r, wrong), KV_METHODS.execute, { ...kv.stamp(r, 'ck', wrong), op: op('get', [1, 'r1']) }));
    expect(e.obCode).toBe(-4725);
  });
});

describe('concurrent read-modify-writes', () => {
  it('concurrent increments of one row all apply (a raced one is retried)', async () => {
    const rs = await Promise.all(Array.from({ length: 8 }, () => kv.execute('t', op('increment', [300], { c3: 1 }))));
    expect(rs.every((r) => r.affectedRows === 1)).toBe(true);
    expect((await kv.execute('t', op('get', [300]))).row!.c3).toBe(8);
  });
});

describe('binary and temporal columns', () => {
  it('append on VARBINARY and VARCHAR: {[1],"P"} + {[2],"Y"} → {[1,2],"PY"}', async () => {
    await kv.execute('bin', op('insert', ['k1'], [cv('b', '\x01', 'VARBINARY'), cv('s', 'P')]));
    const r = await kv.execute('bin', op('append', ['k1'], [cv('b', '\x02', 'VARBINARY'), cv('s', 'Y')], { withResult: true }));
    expect(r).toEqual({ affectedRows: 1, row: { b: '\x01\x02', s: 'PY' } });
  });

  it('binary keys compare byte by byte (no case folding); text into VARBINARY is stored as its UTF-8 bytes', async () => {
    await kv.execute('bin', op('insert', ['a'], [cv('b', 'é')]));
    expect(await kv.execute('bin', op('insert', ['A'], {}))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('bin', op('get', ['a'], {}, { selectColumns: ['b'] }))).row).toEqual({ b: '\xc3\xa9' });
    expect((await errorOf(kv.execute('bin', op('insert', ['z'], [cv('b', 'abcde')])))).obCode).toBe(-5167);
  });

  it('DATETIME values are canonical text; out of range → -4157', async () => {
    await kv.execute('bin', op('insert', ['d1'], [cv('dt', '2024-1-2 3:04:05', 'DATETIME')]));
    expect((await kv.execute('bin', op('get', ['d1'], {}, { selectColumns: ['dt'] }))).row).toEqual({ dt: '2024-01-02 03:04:05' });
    const e = await errorOf(kv.execute('bin', op('insert', ['d2'], [cv('dt', '10000-01-01 00:00:00', 'DATETIME')])));
    expect([e.obCode, e.message]).toEqual([-4157, "DATETIME value is out of range in 'dt'"]);
    expect((await errorOf(kv.execute('bin', op('insert', ['d2'], [cv('dt', 5)])))).obCode).toBe(-10511);
  });
});

describe('batches', () => {
  it('later operations see earlier ones (insert then increment in one batch)', async () => {
    const items = await kv.batch('t', [
      op('insert', [100], { c3: 1 }),
      op('increment', [100], { c3: 2 }, { withResult: true }),
      op('get', [100], {}, { selectColumns: ['c3'] }),
    ], true);
    expect(items).toEqual([
      { ok: true, result: { affectedRows: 1 } },
      { ok: true, result: { affectedRows: 1, row: { c3: 3 } } },
      { ok: true, result: { affectedRows: 0, row: { c3: 3 } } },
    ]);
  });

  it('an atomic batch fails as a whole: nothing of it is kept', async () => {
    const e = await errorOf(kv.batch('t', [op('insert', [101], {}), op('insert', [100], {})], true));
    expect(e.obCode).toBe(-5024);
    expect((await kv.execute('t', op('get', [101]))).row).toBeNull();
  });

  it('a non-atomic batch answers per operation; the failed one alone fails', async () => {
    const items = await kv.batch('t', [op('insert', [102], {}), op('insert', [100], {}), op('replace', [103], {})], false);
    expect(items.map((i) => (i.ok ? i.result.affectedRows : i.error.obCode))).toEqual([1, -5024, 1]);
    expect((await kv.execute('t', op('get', [102]))).row).not.toBeNull();
  });

  it(`a batch of more than KV_BATCH_OPS_MAX operations is refused`, async () => {
    const ops = Array.from({ length: KV_BATCH_OPS_MAX + 1 }, (_, i) => op('get', [i]));
    expect((await errorOf(kv.batch('t', ops, false))).obCode).toBe(-4002);
  });

  it('a batch of gets answers each row (missing → null)', async () => {
    const items = await kv.batch('t', [op('get', [100]), op('get', [99999]), op('get', [102], {}, { selectColumns: ['c1'] })], false);
    expect(items).toEqual([
      { ok: true, result: { affectedRows: 0, row: { c1: 100, c2: null, c3: 3, c4: null } } },
      { ok: true, result: { affectedRows: 0, row: null } },
      { ok: true, result: { affectedRows: 0, row: { c1: 102 } } },
    ]);
  });
});
