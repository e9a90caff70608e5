/**
 * Leader failover on the in-process cluster (issue #4), on a virtual clock: the server leading
 * LS 1001 — and every tenant's LS 1, so GTS and the root service too — is killed. A new leader is
 * elected within 8 s of simulated time, no acknowledged write is lost, writes go on (the statement
 * retry follows the new leader), a transaction open across the failover dies with OB_TRANS_KILLED
 * and leaves nothing, a 2PC transaction prepared before it is finished by the new leader, GTS never
 * goes back, and the restarted server catches up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tenantId } from '../common/ids';
import type { ObEvent } from '../env';
import { VirtualClock } from '../env/memory';
import type { ExecuteReply } from './api';
import { LocalCluster } from './local_cluster';
import { pumped } from './test/virtual_time';

interface Run {
  cluster: LocalCluster;
  clock: VirtualClock;
  events: ObEvent[];
}

let run: Run | null = null;
afterEach(async () => {
  if (run) await pumped(run.clock, run.cluster.stop());
  run = null;
});

async function boot(seed = 11): Promise<Run> {
  const clock = new VirtualClock();
  const events: ObEvent[] = [];
  const cluster = await pumped(clock, LocalCluster.start({ clock, seed, events: { emit: (e) => events.push(e) } }));
  run = { cluster, clock, events };
  return run;
}

/** A session on `server`, and a way to run SQL in it on virtual time. */
async function session(r: Run, server: number): Promise<(text: string) => Promise<ExecuteReply>> {
  const s = r.cluster.server(server);
  const id = await pumped(r.clock, s.openSession({ tenant: 'test', database: 'test' }));
  return (text) => pumped(r.clock, s.execute(id, text));
}

async function ok(exec: (t: string) => Promise<ExecuteReply>, text: string): Promise<ExecuteReply> {
  const reply = await exec(text);
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  return reply;
}

const rowsOf = (r: ExecuteReply) => r.results[r.results.length - 1].rows;

function advance(r: Run, us: number): Promise<void> {
  return pumped(r.clock, new Promise<void>((resolve) => r.clock.schedule(us, resolve)), 20_000);
}

async function until(r: Run, check: () => boolean, maxUs: number): Promise<void> {
  const deadline = r.clock.nowUs() + maxUs;
  while (!check()) {
    if (r.clock.nowUs() > deadline) throw new Error('condition not reached in virtual time');
    await advance(r, 50_000);
  }
}

/** The server whose replica of the LS serves as leader (null while electing). */
function servingLeader(r: Run, tenant: number, ls: number): number | null {
  const s = r.cluster.servers.find((x) => x.status === 'ACTIVE' && x.logStream(tenant, ls)?.isServing());
  return s ? s.serverId : null;
}

describe('leader failover', () => {
  it('elects a new leader within 8 s, loses no acknowledged write, keeps writing, and catches up the restarted server', async () => {
    const r = await boot();
    expect(servingLeader(r, 1002, 1001)).toBe(1); // the primary zone's leader, after the first election
    expect(servingLeader(r, 1002, 1)).toBe(1);
    const exec = await session(r, 2);
    await ok(exec, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    const table = r.cluster.server(2).schemas.get(1002)!.getTable('test', 't')!;
    expect(table.partitions[0].lsId).toBe(1001);

    const acked: number[] = [];
    for (let i = 1; i <= 10; i++) if (!(await exec(`INSERT INTO t VALUES (${i}, ${i})`)).error) acked.push(i);
    expect(acked).toHaveLength(10);
    const gtsBefore = await pumped(r.clock, r.cluster.server(2).gts(tenantId(1002)));
    const sysGtsBefore = await pumped(r.clock, r.cluster.server(2).gts(tenantId(1)));

    const killedAt = r.clock.nowUs();
    await pumped(r.clock, r.cluster.killServer(1));
    // Writes go on: the statement retry follows the new leader (within ob_query_timeout).
    for (let i = 11; i <= 20; i++) {
      const reply = await exec(`INSERT INTO t VALUES (${i}, ${i})`);
      if (!reply.error) acked.push(i);
    }
    expect(acked.filter((i) => i > 10).length).toBeGreaterThan(0);

    const elected = r.events.filter((e): e is Extract<ObEvent, { kind: 'election' }> =>
      e.kind === 'election' && e.tenantId === 1002 && e.lsId === 1001 && e.atUs > killedAt);
    expect(elected.length).toBeGreaterThan(0);
    expect(elected[0].atUs - killedAt).toBeLessThan(8_000_000);
    expect(elected[0].serverId).not.toBe(1);
    expect(elected[0].reason).toBe('leader lease expired');
    expect(servingLeader(r, 1002, 1)).not.toBeNull(); // GTS and DDL moved too

    // Every acknowledged row reads back, from both surviving servers.
    for (const server of [2, 3]) {
      const q = await session(r, server);
      const ids = rowsOf(await ok(q, 'SELECT id FROM t ORDER BY id')).map((row) => Number(row[0]));
      for (const i of acked) expect(ids).toContain(i);
    }
    // The cluster snapshot names the live leaders; replicas report their election state.
    await until(r, () => [[1, 1], [1001, 1], [1002, 1]].every(([t, l]) => servingLeader(r, t, l) !== null), 10_000_000);
    const snap = await pumped(r.clock, r.cluster.server(3).clusterSnapshot());
    const ls1001 = snap.tenants.find((t) => t.tenantId === 1002)!.ls.find((l) => l.lsId === 1001)!;
    expect(ls1001).toMatchObject({ leaderServerId: servingLeader(r, 1002, 1001), leaderKnown: true });
    expect(snap.rootServerId).toBe(servingLeader(r, 1, 1));
    expect(snap.servers.find((x) => x.serverId === snap.rootServerId)!.withRootserver).toBe(true);
    const leaderReplica = snap.servers.flatMap((x) => x.lsReplicas).find((x) => x.tenantId === 1002 && x.lsId === 1001 && x.role === 'LEADER')!;
    expect(leaderReplica.election).toMatchObject({ electionState: 'LEADER', servingStrong: true });
    expect(leaderReplica.election!.leaseExpiryUs!).toBeGreaterThan(snap.takenAtUs - 1);

    // GTS never goes back across the LS 1 failover, for the user and the sys tenant.
    expect(await pumped(r.clock, r.cluster.server(2).gts(tenantId(1002)))).toBeGreaterThan(gtsBefore);
    expect(await pumped(r.clock, r.cluster.server(3).gts(tenantId(1)))).toBeGreaterThan(sysGtsBefore);

    // The killed server comes back and catches up with the leader of LS 1001.
    await pumped(r.clock, r.cluster.restartServer(1));
    await ok(exec, 'INSERT INTO t VALUES (100, 100)');
    await pumped(r.clock, r.cluster.whenLeadersReady()); // its replicas (LS 1's schema among them) caught up
    const appliedOf = (server: number) => r.cluster.server(server).logStream(1002, 1001)!.appliedLsn;
    await until(r, () => {
      const leader = servingLeader(r, 1002, 1001);
      return leader !== null && appliedOf(1) >= r.cluster.server(leader).logStream(1002, 1001)!.palf.status().committedLsn;
    }, 20_000_000);
    const back = await session(r, 1);
    const n = Number(rowsOf(await ok(back, 'SELECT COUNT(*) FROM t'))[0][0]);
    expect(n).toBe(acked.length + 1);
  });

  it('kills a transaction open across the failover and leaves nothing of it', async () => {
    const r = await boot(12);
    const exec = await session(r, 2);
    await ok(exec, 'CREATE TABLE k (id INT PRIMARY KEY)');
    await ok(exec, 'BEGIN');
    await ok(exec, 'INSERT INTO k VALUES (1)'); // acknowledged by LS 1001's leader on server 1
    await pumped(r.clock, r.cluster.killServer(1));
    await until(r, () => servingLeader(r, 1002, 1001) !== null, 20_000_000);
    const next = await exec('INSERT INTO k VALUES (2)');
    const commit = next.error ? next : await exec('COMMIT');
    expect(commit.error?.message).toBe('Transaction is killed');
    await ok(exec, 'ROLLBACK');
    expect(rowsOf(await ok(exec, 'SELECT COUNT(*) FROM k'))).toEqual([['0']]);
    // The session goes on with new transactions.
    await ok(exec, 'INSERT INTO k VALUES (3)');
    expect(rowsOf(await ok(exec, 'SELECT id FROM k'))).toEqual([['3']]);
  });

  it('never reports a commit proposed on an isolated leader: its entry is replaced, the statement reruns on the new leader', async () => {
    const r = await boot(14);
    const exec = await session(r, 1);
    await ok(exec, 'CREATE TABLE i (id INT PRIMARY KEY, n INT)');
    await ok(exec, 'SET ob_query_timeout = 60000000');
    await ok(exec, 'INSERT INTO i VALUES (1, 0)');
    const entriesBefore = r.cluster.server(1).logStream(1002, 1001)!.palf.status().lastLsn;
    for (const o of [2, 3]) r.cluster.network.cutLink(1 as never, o as never);
    let done: ExecuteReply | null = null;
    const pending = r.cluster.server(1).execute(
      await pumped(r.clock, r.cluster.server(1).openSession({ tenant: 'test', database: 'test' })),
      'UPDATE i SET n = n + 1 WHERE id = 1',
    ).then((x) => (done = x));
    // The isolated leader proposed the commit record; servers 2 and 3 elect a new leader meanwhile.
    await until(r, () => [2, 3].some((s) => r.cluster.server(s).logStream(1002, 1001)!.isServing()), 20_000_000);
    expect(r.cluster.server(1).logStream(1002, 1001)!.palf.status().lastLsn).toBeGreaterThan(entriesBefore);
    expect(done).toBeNull();
    for (const o of [2, 3]) r.cluster.network.healLink(1 as never, o as never);
    const reply = await pumped(r.clock, pending);
    expect(reply.error).toBeUndefined();
    // Applied exactly once: the replaced entry never counted, the rerun did.
    expect(rowsOf(await ok(await session(r, 2), 'SELECT n FROM i WHERE id = 1'))).toEqual([['1']]);
  });

  it('lets the new leader finish a 2PC transaction prepared before the failover', async () => {
    const r = await boot(13);
    const exec = await session(r, 3);
    await ok(exec, 'CREATE TABLE p (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 3');
    const table = r.cluster.server(3).schemas.get(1002)!.getTable('test', 'p')!;
    expect(new Set(table.partitions.map((x) => x.lsId)).size).toBe(3);
    // Server 1 dies right after it logged its prepare, before it hears the commit decision.
    const s1 = r.cluster.server(1);
    let prepared = 0;
    const prepare = s1.participant.prepare.bind(s1.participant);
    s1.participant.prepare = async (req) => {
      const scn = await prepare(req);
      prepared++;
      void r.cluster.killServer(1);
      return new Promise<string>(() => { /* the answer never leaves the dead server */ }).then(() => scn);
    };
    await ok(exec, 'BEGIN');
    await ok(exec, 'INSERT INTO p VALUES (1),(2),(3),(4),(5),(6)');
    const commit = await exec('COMMIT');
    expect(prepared).toBe(1);
    expect(commit.error).toBeUndefined();
    const ids = rowsOf(await ok(exec, 'SELECT id FROM p ORDER BY id')).map((row) => Number(row[0]));
    expect(ids).toEqual([1, 2, 3, 4, 5, 6]);
    const other = await session(r, 2);
    expect(rowsOf(await ok(other, 'SELECT COUNT(*) FROM p'))).toEqual([['6']]);
  });
});
