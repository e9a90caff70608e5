/**
 * Transfer of a tablet between two log streams of tenant `test` (issue #4), on the in-process
 * cluster and a virtual clock, driven directly through transfer_service (the root service's
 * balancer runs the same call): rows written before, during (concurrent autocommit INSERTs,
 * retried on OB_EAGAIN until the schema routes them to the dest) and after the transfer all read
 * back exactly once; DBA_OB_TABLET_TO_LS shows the new LS; the src replicas no longer hold the
 * tablet; a restarted dest replica still has it; a transaction open on the tablet is killed rather
 * than half-moved; a failed task unblocks the tablet; with the root service recording the task,
 * DBA_OB_TRANSFER_TASKS shows it running and DBA_OB_TRANSFER_TASK_HISTORY completed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SCN_MAX, type TabletId } from '../common/ids';
import { VirtualClock } from '../env/memory';
import { FULL_RANGE } from '../sql/exec_context';
import type { ExecuteReply } from './api';
import { LocalCluster } from './local_cluster';
import { pumped } from './test/virtual_time';
import { runTransferTask, type TransferTaskStatus } from './transfer_service';

interface Run {
  cluster: LocalCluster;
  clock: VirtualClock;
}

let run: Run | null = null;
afterEach(async () => {
  if (run) await pumped(run.clock, run.cluster.stop());
  run = null;
});

const TENANT = 1002;

async function boot(seed = 7): Promise<Run> {
  const clock = new VirtualClock();
  const cluster = await pumped(clock, LocalCluster.start({ clock, seed }));
  run = { cluster, clock };
  return run;
}

type Exec = (text: string) => Promise<ExecuteReply>;

/** A session on `server`; `exec` runs SQL without driving the clock (the caller pumps). */
async function session(r: Run, server: number): Promise<{ exec: Exec; pumpedExec: Exec }> {
  const s = r.cluster.server(server);
  const id = await pumped(r.clock, s.openSession({ tenant: 'test', database: 'test' }));
  return { exec: (text) => s.execute(id, text), pumpedExec: (text) => pumped(r.clock, s.execute(id, text)) };
}

function check(reply: ExecuteReply, text = ''): ExecuteReply {
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  return reply;
}

const rowsOf = (r: ExecuteReply) => r.results[r.results.length - 1].rows;

/** The table's only tablet and its LS per server 1's schema. */
function placement(r: Run, table: string): { tabletId: number; lsId: number } {
  const t = r.cluster.server(1).schemas.get(TENANT)!.getTable('test', table)!;
  return { tabletId: t.partitions[0].tabletId, lsId: t.partitions[0].lsId };
}

/** Rows of the tablet in a server's replica of `lsId` (null: the replica has no such tablet). */
function replicaRows(r: Run, server: number, lsId: number, tabletId: number): number | null {
  const tablet = r.cluster.server(server).logStream(TENANT, lsId)?.tablets.get(tabletId as TabletId);
  if (!tablet) return null;
  let n = 0;
  for (const b of tablet.scan(FULL_RANGE, SCN_MAX)) n += b.length;
  return n;
}

async function until(r: Run, ok: () => boolean, maxUs: number): Promise<void> {
  const deadline = r.clock.nowUs() + maxUs;
  while (!ok()) {
    if (r.clock.nowUs() > deadline) throw new Error('condition not reached in virtual time');
    await pumped(r.clock, new Promise<void>((res) => r.clock.schedule(50_000, res)));
  }
}

describe('tablet transfer between log streams', () => {
  it('moves a tablet with concurrent inserts: every acknowledged row exactly once, routing and replicas follow', async () => {
    const r = await boot();
    const a = await session(r, 2);
    check(await a.pumpedExec('CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))'));
    const values = Array.from({ length: 300 }, (_, i) => `(${i}, 'v${i}')`).join(',');
    check(await a.pumpedExec(`INSERT INTO t VALUES ${values}`));
    check(await a.pumpedExec('UPDATE t SET v = CONCAT(v, \'-u\') WHERE id < 50'));
    check(await a.pumpedExec('DELETE FROM t WHERE id >= 290'));
    const { tabletId, lsId: src } = placement(r, 't');
    const dest = src === 1001 ? 1002 : 1001;

    // Concurrent autocommit inserts from another server while the transfer runs.
    const b = await session(r, 3);
    const acked: number[] = [];
    let stop = false;
    const writer = (async () => {
      for (let id = 1000; !stop; id++) {
        const reply = await b.exec(`INSERT INTO t VALUES (${id}, 'c${id}')`);
        check(reply, `insert ${id}`);
        acked.push(id);
        await new Promise<void>((res) => r.clock.schedule(10_000, res));
      }
    })();
    const statuses: TransferTaskStatus[] = [];
    const ackedAt: number[] = [];
    const c = await session(r, 1);
    let blockedDuring = false;
    let during: Promise<ExecuteReply> | null = null;
    const transfer = (async () => {
      await new Promise<void>((res) => r.clock.schedule(200_000, res)); // let some inserts land first
      const result = await runTransferTask(r.cluster.server(1), { taskId: 1, tenantId: TENANT, srcLsId: src, destLsId: dest, tabletIds: [tabletId] },
        async (_task, status) => {
          statuses.push(status);
          ackedAt.push(acked.length);
          if (status !== 'DOING') return;
          // Between transfer_out and the schema change: the src refuses writes (OB_EAGAIN) and
          // this statement is retried until it reaches the dest.
          blockedDuring = r.cluster.servers.every((s) => s.logStream(TENANT, src)!.txMgr.isBlocked(tabletId as TabletId));
          during = c.exec("INSERT INTO t VALUES (999, 'during')");
        });
      await new Promise<void>((res) => r.clock.schedule(300_000, res)); // inserts keep going on the dest
      stop = true;
      return result;
    })();
    const [result] = await pumped(r.clock, Promise.all([transfer, writer]));
    expect(result.status).toBe('COMPLETED');
    expect(statuses).toEqual(['START', 'DOING', 'COMPLETED']);
    expect(BigInt(result.finishScn)).toBeGreaterThan(BigInt(result.startScn));
    // Inserts were acknowledged before the transfer started, while it ran, and after it.
    expect(ackedAt[0]).toBeGreaterThan(3);
    expect(acked.length).toBeGreaterThan(ackedAt[2] + 3);
    expect(blockedDuring).toBe(true);
    check(await pumped(r.clock, during!), 'insert during the transfer');

    // Every server routes to the dest: the schema moved.
    for (const s of [1, 2, 3]) expect(r.cluster.server(s).schemas.get(TENANT)!.getTable('test', 't')!.partitions[0].lsId).toBe(dest);
    // Rows before, during and after, exactly once, from sessions on every server.
    const expected = [...Array.from({ length: 290 }, (_, i) => i), 999, ...acked];
    for (const s of [1, 2, 3]) {
      const q = await session(r, s);
      const got = rowsOf(check(await q.pumpedExec('SELECT id FROM t ORDER BY id'))).map((x) => Number(x[0]));
      expect(got).toEqual(expected);
    }
    const updated = rowsOf(check(await a.pumpedExec('SELECT v FROM t WHERE id IN (7, 60, 1000) ORDER BY id')));
    expect(updated.map((x) => x[0])).toEqual(['v7-u', 'v60', 'c1000']);

    // After: writes go to the dest.
    check(await a.pumpedExec("INSERT INTO t VALUES (5000, 'after')"));
    check(await a.pumpedExec("UPDATE t SET v = 'changed' WHERE id = 1"));
    expect(rowsOf(check(await a.pumpedExec('SELECT v FROM t WHERE id IN (1, 5000) ORDER BY id'))).map((x) => x[0])).toEqual(['changed', 'after']);

    const view = rowsOf(check(await a.pumpedExec(`SELECT LS_ID FROM oceanbase.DBA_OB_TABLET_TO_LS WHERE TABLET_ID = ${tabletId}`)));
    expect(view.map((x) => Number(x[0]))).toEqual([dest]);

    // The src replicas no longer hold the tablet; every dest replica has all the rows.
    const total = expected.length + 1;
    await until(r, () => [1, 2, 3].every((s) => replicaRows(r, s, dest, tabletId) === total), 5_000_000);
    for (const s of [1, 2, 3]) {
      expect(replicaRows(r, s, src, tabletId)).toBeNull();
      expect(r.cluster.server(s).logStream(TENANT, src)!.txMgr.isBlocked(tabletId as TabletId)).toBe(false);
    }

    // A restarted dest replica (replaying its clog) still has the tablet and its rows.
    await pumped(r.clock, r.cluster.killServer(3));
    await pumped(r.clock, r.cluster.restartServer(3));
    await until(r, () => replicaRows(r, 3, dest, tabletId) === total, 10_000_000);
    const srcLs = () => r.cluster.server(3).logStream(TENANT, src)!;
    const srcLeader = r.cluster.servers.find((s) => s.logStream(TENANT, src)?.isServing())!.logStream(TENANT, src)!;
    await until(r, () => srcLs().appliedLsn >= srcLeader.appliedLsn, 10_000_000);
    expect(replicaRows(r, 3, src, tabletId)).toBeNull();
    expect(srcLs().transferringOut.size).toBe(0);
  }, 120_000);

  it('kills a transaction still open on the tablet, and a failed task leaves the tablet writable where it was', async () => {
    const r = await boot(9);
    const a = await session(r, 1);
    check(await a.pumpedExec('CREATE TABLE t (id INT PRIMARY KEY, v INT)'));
    check(await a.pumpedExec('INSERT INTO t VALUES (1, 1), (2, 2)'));
    const { tabletId, lsId: src } = placement(r, 't');
    const dest = src === 1001 ? 1002 : 1001;

    const open = await session(r, 2);
    check(await open.pumpedExec('BEGIN'));
    check(await open.pumpedExec('INSERT INTO t VALUES (3, 3)'));
    const result = await pumped(r.clock, runTransferTask(r.cluster.server(1), { taskId: 1, tenantId: TENANT, srcLsId: src, destLsId: dest, tabletIds: [tabletId] }));
    expect(result.status).toBe('COMPLETED');
    const commit = await open.pumpedExec('COMMIT');
    expect(commit.error?.mysqlCode).toBe(6211); // OB_TRANS_KILLED: it never committed
    expect(rowsOf(check(await a.pumpedExec('SELECT id FROM t ORDER BY id'))).map((x) => Number(x[0]))).toEqual([1, 2]);

    // A task naming a tablet that is not in its src LS fails, and nothing is blocked.
    const failed = await pumped(r.clock, runTransferTask(r.cluster.server(1), { taskId: 2, tenantId: TENANT, srcLsId: src, destLsId: dest, tabletIds: [tabletId] }));
    expect(failed.status).toBe('FAILED');
    expect(failed.error?.obCode).toBe(-4018);
    check(await a.pumpedExec('INSERT INTO t VALUES (4, 4)'));
    expect(rowsOf(check(await a.pumpedExec('SELECT COUNT(*) FROM t'))).map((x) => Number(x[0]))).toEqual([3]);
  }, 120_000);

  it('records the task in the root service: DBA_OB_TRANSFER_TASKS while it runs, then the history view', async () => {
    const r = await boot(5);
    await until(r, () => r.cluster.servers.some((s) => s.rootService.isActive()), 10_000_000);
    const rsServer = r.cluster.servers.find((s) => s.rootService.isActive())!;
    const a = await session(r, rsServer.serverId);
    check(await a.pumpedExec('CREATE TABLE t (id INT PRIMARY KEY)'));
    check(await a.pumpedExec('INSERT INTO t VALUES (1), (2), (3)'));
    const { tabletId, lsId: src } = placement(r, 't');
    const dest = src === 1001 ? 1002 : 1001;
    const rs = rsServer.rootService;
    const created = await pumped(r.clock, rs.handleCommand({ type: 'createTransferTask', tenantId: TENANT, balanceJobId: 0, srcLsId: src, destLsId: dest, tabletIds: [tabletId], startScn: '0' }));
    const taskId = created.state.transferTasks.at(-1)!.taskId;
    let running: unknown[][] = [];
    const result = await pumped(r.clock, runTransferTask(rsServer, { taskId, tenantId: TENANT, srcLsId: src, destLsId: dest, tabletIds: [tabletId] },
      async (id, status, scns) => {
        await rs.handleCommand({ type: 'transferTaskStatus', taskId: id, status, ...(scns.finishScn ? { finishScn: scns.finishScn } : {}) });
        if (status === 'DOING') running = rowsOf(check(await a.exec('SELECT TASK_ID, SRC_LS, DEST_LS, TABLET_LIST, STATUS FROM oceanbase.DBA_OB_TRANSFER_TASKS')));
      }));
    expect(result.status).toBe('COMPLETED');
    expect(running.map((x) => x.map(String))).toEqual([[String(taskId), String(src), String(dest), `${tabletId}:0`, 'DOING']]);
    const history = rowsOf(check(await a.pumpedExec('SELECT TASK_ID, SRC_LS, DEST_LS, STATUS, FINISH_SCN FROM oceanbase.DBA_OB_TRANSFER_TASK_HISTORY')));
    expect(history.map((x) => x.map(String))).toEqual([[String(taskId), String(src), String(dest), 'COMPLETED', result.finishScn]]);
    expect(rowsOf(check(await a.pumpedExec('SELECT COUNT(*) FROM oceanbase.DBA_OB_TRANSFER_TASKS')))[0].map(Number)).toEqual([0]);
    expect(rowsOf(check(await a.pumpedExec('SELECT id FROM t ORDER BY id'))).map((x) => Number(x[0]))).toEqual([1, 2, 3]);
  }, 120_000);
});
