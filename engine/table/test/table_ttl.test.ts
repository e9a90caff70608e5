/**
 * OBKV TTL tables (obkv-apis §1.10): expired rows are invisible to reads at once, writes treat them
 * as missing (insert 1, update 0, insertOrUpdate writes a fresh row, increment/append as new,
 * replace 2, delete 0), and ALTER SYSTEM TRIGGER TTL removes them physically (SQL count(*) → 0).
 * Rows expire by their `expired_ts` column: long past → expired, far future → live.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../workers/system_clock';
import { LocalCluster } from '../../server/local_cluster';
import { TABLE_TTL_TRIGGER_RPC } from '../table_service';
import type { KvTtlTaskRecord } from '../ttl_task';
import { errorOf, KvTestClient, op, query, rowsOf, sql } from './kv_harness';

let cluster: LocalCluster;
let kv: KvTestClient;
const PAST = '2000-01-01 00:00:00';
const FUTURE = '2037-01-01 00:00:00';

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  kv = new KvTestClient(cluster);
  await sql(cluster, `CREATE TABLE tt (k INT PRIMARY KEY, v VARCHAR(10), n INT, expired_ts TIMESTAMP(6) NULL DEFAULT NULL) TTL(expired_ts + INTERVAL 10 SECOND)`);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

async function seed(k: number, ts: string | null, v = 'old', n = 1): Promise<void> {
  await sql(cluster, `REPLACE INTO tt VALUES (${k}, '${v}', ${n}, ${ts === null ? 'NULL' : `'${ts}'`})`);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('TTL visibility', () => {
  it('get and scan skip expired rows (also for offset); NULL never expires', async () => {
    await seed(1, PAST);
    await seed(2, FUTURE);
    await seed(3, null);
    await seed(4, PAST);
    await seed(5, FUTURE);
    expect((await kv.execute('tt', op('get', [1]))).row).toBeNull();
    expect((await kv.execute('tt', op('get', [2]))).row).toMatchObject({ k: 2, v: 'old' });
    expect((await kv.rows('tt', query({ select: ['k'] }))).map((r) => r.k)).toEqual([2, 3, 5]);
    expect((await kv.rows('tt', query({ select: ['k'], offset: 1, limit: 1 }))).map((r) => r.k)).toEqual([3]);
    expect(await kv.aggregate('tt', query(), [{ fn: 'count', column: null }])).toEqual({ 'count(*)': 3 });
  });

  it('a row expires once expired_ts + interval <= now (server clock)', async () => {
    const now = Date.now();
    const text = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    await seed(6, text(now - 9_000)); // expires in about a second
    await seed(7, text(now - 11_000)); // already expired
    expect((await kv.execute('tt', op('get', [7]))).row).toBeNull();
    await eventually(async () => (await kv.execute('tt', op('get', [6]))).row === null, 5000);
  });
});

describe('writes on expired rows behave as on missing rows', () => {
  it('insert succeeds (1); a live row still answers -5024', async () => {
    await seed(10, PAST);
    expect(await kv.execute('tt', op('insert', [10], { v: 'new' }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('tt', op('get', [10]))).row).toEqual({ k: 10, v: 'new', n: null, expired_ts: null });
    expect((await errorOf(kv.execute('tt', op('insert', [10], { v: 'again' })))).obCode).toBe(-5024);
  });

  it('update → 0, delete → 0', async () => {
    await seed(11, PAST);
    expect(await kv.execute('tt', op('update', [11], { v: 'x' }))).toEqual({ affectedRows: 0 });
    expect(await kv.execute('tt', op('delete', [11]))).toEqual({ affectedRows: 0 });
  });

  it('insertOrUpdate inserts a fresh row: old values are gone', async () => {
    await seed(12, PAST, 'old', 5);
    expect(await kv.execute('tt', op('insertOrUpdate', [12], { v: 'fresh' }))).toEqual({ affectedRows: 1 });
    expect((await kv.execute('tt', op('get', [12]))).row).toEqual({ k: 12, v: 'fresh', n: null, expired_ts: null });
  });

  it('increment and append behave as on a new row', async () => {
    await seed(13, PAST, 'old', 5);
    expect(await kv.execute('tt', op('increment', [13], { n: 2 }, { withResult: true }))).toEqual({ affectedRows: 1, row: { n: 2 } });
    await seed(14, PAST, 'old', 5);
    expect(await kv.execute('tt', op('append', [14], { v: 'X' }, { withResult: true }))).toEqual({ affectedRows: 1, row: { v: 'X' } });
    expect((await kv.execute('tt', op('get', [14]))).row).toEqual({ k: 14, v: 'X', n: null, expired_ts: null });
  });

  it('replace answers 2 (the expired row is deleted, the new one inserted)', async () => {
    await seed(15, PAST);
    expect(await kv.execute('tt', op('replace', [15], { v: 'r' }))).toEqual({ affectedRows: 2 });
    expect((await kv.execute('tt', op('get', [15]))).row).toMatchObject({ v: 'r' });
  });
});

describe('TTL task', () => {
  it('ALTER SYSTEM TRIGGER TTL deletes expired rows physically; live rows stay', async () => {
    await sql(cluster, 'DELETE FROM tt');
    for (let k = 100; k < 110; k++) await seed(k, k % 2 === 0 ? PAST : FUTURE);
    expect(rowsOf(await sql(cluster, 'SELECT count(*) FROM tt WHERE expired_ts < NOW()'))).toEqual([['5']]);
    await sql(cluster, 'ALTER SYSTEM SET enable_kv_ttl = true');
    await sql(cluster, 'ALTER SYSTEM TRIGGER TTL');
    await eventually(async () => rowsOf(await sql(cluster, 'SELECT count(*) FROM tt WHERE expired_ts < NOW()'))[0][0] === '0');
    expect(rowsOf(await sql(cluster, 'SELECT k FROM tt ORDER BY k'))).toEqual([['101'], ['103'], ['105'], ['107'], ['109']]);
  });

  it('the table.ttl.trigger RPC answers once the leader replicas are swept, with its counters', async () => {
    for (let k = 200; k < 204; k++) await seed(k, PAST);
    const tenantId = (await kv.route('tt')).tenantId;
    let deleted = 0;
    for (const s of [1, 2, 3]) {
      const rec = await cluster.server(s).rpc.call<KvTtlTaskRecord>(s as never, TABLE_TTL_TRIGGER_RPC, { tenantId });
      expect(rec.status).toBe('FINISHED');
      deleted += rec.deletedRows;
    }
    // The periodic duty (enable_kv_ttl is on) may have removed some of them first.
    expect(deleted).toBeLessThanOrEqual(4);
    expect(rowsOf(await sql(cluster, 'SELECT count(*) FROM tt WHERE k >= 200'))).toEqual([['0']]);
  });
});
