/**
 * The in-process 3-server cluster: the same engine as the browser, over an in-memory network and
 * file systems. Covers the write path (redo through PALF, majority before ack, follower replay),
 * transactions across log streams, and recovery from the file systems.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SCN_MAX, serverId } from '../common/ids';
import { MemoryFileSystem } from '../env/memory';
import { FULL_RANGE } from '../sql/exec_context';
import { SystemClock } from '../../workers/system_clock';
import type { ExecuteReply } from './api';
import { LocalCluster } from './local_cluster';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

async function boot(fsList?: MemoryFileSystem[]): Promise<LocalCluster> {
  cluster = await LocalCluster.start({ clock: new SystemClock(), fsFor: fsList ? (id) => fsList[id - 1] : undefined });
  return cluster;
}

async function sql(c: LocalCluster, text: string, server = 1, db: string | null = 'test'): Promise<ExecuteReply> {
  const s = c.server(server);
  const id = await s.openSession({ tenant: 'test', database: db });
  try {
    return await s.execute(id, text);
  } finally {
    await s.closeSession(id);
  }
}

async function ok(c: LocalCluster, text: string, server = 1): Promise<ExecuteReply> {
  const r = await sql(c, text, server);
  if (r.error) throw new Error(`${text}: ERROR ${r.error.mysqlCode} ${r.error.message}`);
  return r;
}

const rowsOf = (r: ExecuteReply) => r.results[r.results.length - 1].rows;

async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('in-process cluster', () => {
  it('boots obcluster with one leader per user log stream, one per zone', async () => {
    const c = await boot();
    const snap = await c.server(2).clusterSnapshot();
    expect(snap.servers.map((s) => s.zone)).toEqual(['zone1', 'zone2', 'zone3']);
    for (const ls of [1001, 1002, 1003]) {
      const roles = snap.servers.flatMap((s) => s.lsReplicas.filter((r) => r.tenantId === 1002 && r.lsId === ls).map((r) => [s.serverId, r.role]));
      expect(roles.filter(([, role]) => role === 'LEADER')).toEqual([[ls - 1000, 'LEADER']]);
      expect(roles).toHaveLength(3);
    }
    expect(snap.tenants.map((t) => [t.tenantId, t.tenantName])).toEqual([[1, 'sys'], [1001, 'META$1002'], [1002, 'test']]);
  });

  it('replicates committed rows to every replica, readable from any server', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20)) PARTITION BY HASH(id) PARTITIONS 3');
    await ok(c, "INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d'),(5,'e'),(6,'f')");
    expect(rowsOf(await ok(c, 'SELECT id, v FROM t ORDER BY id', 3))).toEqual([
      ['1', 'a'], ['2', 'b'], ['3', 'c'], ['4', 'd'], ['5', 'e'], ['6', 'f'],
    ]);
    // Followers replay the same redo into their memtables: every replica of every tablet agrees.
    const table = c.server(1).schemas.get(1002)!.getTable('test', 't')!;
    const replicaRows = (server: number) =>
      table.partitions.map((p) => [...c.server(server).logStream(1002, p.lsId)!.tablets.get(p.tabletId)!.scan(FULL_RANGE, SCN_MAX)].flat());
    await eventually(() => [2, 3].every((s) => JSON.stringify(replicaRows(s)) === JSON.stringify(replicaRows(1))));
    expect(replicaRows(1).flat()).toHaveLength(6);
  });

  it('answers a commit only after a majority of replicas persisted the redo', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE m (id INT PRIMARY KEY)');
    const table = c.server(1).schemas.get(1002)!.getTable('test', 'm')!;
    const leader = table.partitions[0].lsId - 1000; // LS 100x is led by server x
    const others = [1, 2, 3].filter((s) => s !== leader);
    for (const o of others) c.network.cutLink(serverId(leader), serverId(o));
    let done = false;
    const pending = sql(c, 'INSERT INTO m VALUES (1)', leader).then((r) => {
      done = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(done).toBe(false); // the leader alone is no majority
    c.network.healLink(serverId(leader), serverId(others[0]));
    const r = await pending;
    expect(r.error).toBeUndefined();
    expect(rowsOf(await ok(c, 'SELECT COUNT(*) FROM m', leader))).toEqual([['1']]);
    c.network.healLink(serverId(leader), serverId(others[1]));
  });

  it('commits a multi-partition statement all-or-nothing (2PC across log streams)', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE p (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 3');
    await ok(c, 'INSERT INTO p VALUES (3)');
    const r = await sql(c, 'INSERT INTO p VALUES (1),(2),(3),(4)');
    expect(r.error?.mysqlCode).toBe(1062);
    expect(rowsOf(await ok(c, 'SELECT id FROM p ORDER BY id'))).toEqual([['3']]);
    await ok(c, 'INSERT INTO p VALUES (1),(2),(4),(5)');
    expect(rowsOf(await ok(c, 'SELECT COUNT(*) FROM p', 2))).toEqual([['5']]);
  });

  it('keeps an explicit transaction invisible until COMMIT and discards it on ROLLBACK', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE x (id INT PRIMARY KEY, n INT)');
    const s = c.server(1);
    const a = await s.openSession({ tenant: 'test', database: 'test' });
    await s.execute(a, 'BEGIN; INSERT INTO x VALUES (1, 10); UPDATE x SET n = 11 WHERE id = 1');
    expect(rowsOf(await ok(c, 'SELECT COUNT(*) FROM x', 2))).toEqual([['0']]);
    expect(rowsOf(await s.execute(a, 'SELECT n FROM x'))).toEqual([['11']]);
    await s.execute(a, 'COMMIT');
    expect(rowsOf(await ok(c, 'SELECT n FROM x', 2))).toEqual([['11']]);
    await s.execute(a, 'BEGIN; DELETE FROM x; ROLLBACK');
    expect(rowsOf(await ok(c, 'SELECT n FROM x', 3))).toEqual([['11']]);
    await s.closeSession(a);
  });

  it('recovers committed rows after a restart, from SSTables and the clog', async () => {
    const fsList = [new MemoryFileSystem(), new MemoryFileSystem(), new MemoryFileSystem()];
    let c = await boot(fsList);
    await ok(c, 'CREATE DATABASE d1');
    await ok(c, 'CREATE TABLE d1.r (id INT PRIMARY KEY, v VARCHAR(10)) PARTITION BY HASH(id) PARTITIONS 3');
    await ok(c, "INSERT INTO d1.r VALUES (1,'a'),(2,'b'),(3,'c')");
    await ok(c, 'ALTER SYSTEM MINOR FREEZE');
    await eventually(() => c.servers.every((s) => s.logStream(1002, 1001)!.replayStartLsn() > 1), 5000);
    await ok(c, "INSERT INTO d1.r VALUES (4,'d')"); // only in the clog
    await c.stop();
    for (const f of fsList) f.crash(); // unflushed bytes are lost
    c = await boot(fsList);
    expect(rowsOf(await ok(c, 'SELECT id, v FROM d1.r ORDER BY id', 2))).toEqual([['1', 'a'], ['2', 'b'], ['3', 'c'], ['4', 'd']]);
    const snap = await c.server(1).snapshot();
    expect(snap.tablets.some((t) => t.sstables.some((s) => s.type === 'MINI'))).toBe(true);
  });

  it('builds a major SSTable on every replica with ALTER SYSTEM MAJOR FREEZE', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE g (id INT PRIMARY KEY, v INT)');
    await ok(c, 'INSERT INTO g VALUES (1, 1), (2, 2)');
    await ok(c, 'ALTER SYSTEM MAJOR FREEZE');
    const table = c.server(1).schemas.get(1002)!.getTable('test', 'g')!;
    const hasMajor = async (server: number) =>
      (await c.server(server).snapshot()).tablets.find((t) => t.tabletId === table.partitions[0].tabletId)!.sstables.some((s) => s.type === 'MAJOR');
    const flags: boolean[] = [];
    const until = Date.now() + 5000;
    for (;;) {
      flags.length = 0;
      for (const s of [1, 2, 3]) flags.push(await hasMajor(s));
      if (flags.every(Boolean) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(flags).toEqual([true, true, true]);
    await ok(c, 'UPDATE g SET v = 20 WHERE id = 2');
    expect(rowsOf(await ok(c, 'SELECT id, v FROM g ORDER BY id', 3))).toEqual([['1', '1'], ['2', '20']]);
  });
});

describe('write conflicts', () => {
  it('READ COMMITTED: a blocked UPDATE re-reads the committed row instead of losing the update', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE c (id INT PRIMARY KEY, n INT)');
    await ok(c, 'INSERT INTO c VALUES (1, 0)');
    const s = c.server(1);
    const a = await s.openSession({ tenant: 'test', database: 'test' });
    expect((await s.execute(a, 'BEGIN; UPDATE c SET n = n + 1 WHERE id = 1')).error).toBeUndefined();
    const blocked = sql(c, 'UPDATE c SET n = n + 1 WHERE id = 1', 2); // waits for a's row lock
    await new Promise((r) => setTimeout(r, 100));
    await s.execute(a, 'COMMIT');
    expect((await blocked).error).toBeUndefined();
    expect(rowsOf(await ok(c, 'SELECT n FROM c WHERE id = 1', 3))).toEqual([['2']]);
    await s.closeSession(a);
  });

  it('REPEATABLE READ: one snapshot per transaction, and a conflicting write fails with ERROR 6235', async () => {
    const c = await boot();
    await ok(c, 'CREATE TABLE r (id INT PRIMARY KEY, n INT)');
    await ok(c, 'INSERT INTO r VALUES (1, 0)');
    const s = c.server(1);
    const b = await s.openSession({ tenant: 'test', database: 'test' });
    await s.execute(b, 'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await s.execute(b, 'BEGIN');
    expect(rowsOf(await s.execute(b, 'SELECT n FROM r WHERE id = 1'))).toEqual([['0']]);
    await ok(c, 'UPDATE r SET n = 5 WHERE id = 1', 2);
    expect(rowsOf(await s.execute(b, 'SELECT n FROM r WHERE id = 1'))).toEqual([['0']]); // same snapshot
    const r = await s.execute(b, 'UPDATE r SET n = n + 1 WHERE id = 1');
    expect(r.error).toMatchObject({ mysqlCode: 6235, message: "can't serialize access for this transaction" });
    await s.execute(b, 'ROLLBACK');
    expect(rowsOf(await ok(c, 'SELECT n FROM r WHERE id = 1'))).toEqual([['5']]);
    await s.closeSession(b);
  });
});
