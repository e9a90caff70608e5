/**
 * Weak-consistency reads on the in-process cluster (issue #4, reference §3.7), on a virtual clock.
 * The default cluster has every leader on server 1 (zone1); servers 2 and 3 hold followers. A WEAK
 * read (hint or `ob_read_consistency`) from a session on a follower's server is served locally by
 * that follower without GTS and says so in `readRoutes`; a STRONG read goes to the leader; a
 * follower whose log lags past `max_stale_time_for_weak_consistency` refuses and the read falls
 * back to another follower, then the leader; a lagging follower never shows a version newer than
 * its readable SCN nor an uncommitted row; DML in a weak transaction is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lsId, serverId, tenantId } from '../common/ids';
import { MemoryNetwork, VirtualClock } from '../env/memory';
import { buildTopology, defaultServers } from '../rootservice/topology';
import { RpcEndpoint } from '../rpc/rpc';
import type { ExecuteReply, ReadRoute } from './api';
import { LocalCluster } from './local_cluster';
import { LocationService } from './location';
import { pumped } from './test/virtual_time';
import { weakReadCandidates } from './weak_read';

interface Run {
  cluster: LocalCluster;
  clock: VirtualClock;
}

let run: Run | null = null;
afterEach(async () => {
  if (run) await pumped(run.clock, run.cluster.stop());
  run = null;
});

async function boot(): Promise<Run> {
  const clock = new VirtualClock();
  const cluster = await pumped(clock, LocalCluster.start({ clock, seed: 7 }));
  run = { cluster, clock };
  return run;
}

type Exec = (text: string) => Promise<ExecuteReply>;

async function session(r: Run, server: number): Promise<Exec> {
  const s = r.cluster.server(server);
  const id = await pumped(r.clock, s.openSession({ tenant: 'test', database: 'test' }));
  return (text) => pumped(r.clock, s.execute(id, text));
}

async function ok(exec: Exec, text: string): Promise<ExecuteReply> {
  const reply = await exec(text);
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  return reply;
}

const last = (r: ExecuteReply) => r.results[r.results.length - 1];

function advance(r: Run, us: number): Promise<void> {
  return pumped(r.clock, new Promise<void>((resolve) => r.clock.schedule(us, resolve)), 20_000);
}

/** Waits until every replica of the test tenant's LS 1001 applied what its leader committed. */
async function synced(r: Run): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const lss = r.cluster.servers.map((s) => s.logStream(1002, 1001)!);
    const leader = lss.find((l) => l.isServing())!;
    if (lss.every((l) => l.appliedLsn >= leader.palf.status().committedLsn)) return;
    await advance(r, 10_000);
  }
  throw new Error('replicas did not catch up');
}

/** Counts GTS requests made by `server` (its sessions' snapshots and commit versions). */
function countGts(r: Run, server: number): { calls: number } {
  const s = r.cluster.server(server);
  const counter = { calls: 0 };
  const original = s.gts.bind(s);
  s.gts = (t) => {
    counter.calls++;
    return original(t);
  };
  return counter;
}

/** A one-way delay on the link from the leader's server to `to` (its log arrives late there). */
function delayFrom(r: Run, from: number, to: number, delayUs: number): void {
  r.cluster.network.setLinkFault({ from, to, cut: false, delayUs, lossRate: 0 });
}

async function createTable(exec: Exec): Promise<void> {
  await ok(exec, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
  await ok(exec, 'INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)');
}

describe('weak-consistency reads', () => {
  it('are served by the local follower without GTS, by hint and by ob_read_consistency; strong reads go to the leader', async () => {
    const r = await boot();
    const exec1 = await session(r, 1);
    await createTable(exec1);
    await synced(r);
    const exec2 = await session(r, 2);
    await ok(exec2, 'SELECT 1'); // schema and location warmed up
    const gts = countGts(r, 2);

    const hinted = last(await ok(exec2, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ id, v FROM t ORDER BY id'));
    expect(hinted.rows).toEqual([['1', '10'], ['2', '20'], ['3', '30']]);
    expect(hinted.readRoutes).toHaveLength(1);
    const route = hinted.readRoutes![0];
    expect(route).toMatchObject({ lsId: 1001, serverId: 2, svrIp: '10.0.0.2', zone: 'zone2', role: 'FOLLOWER', replicaType: 'FULL', weak: true });
    expect(route.note).toBeUndefined();
    expect(BigInt(route.readScn)).toBe(r.cluster.server(2).logStream(1002, 1001)!.appliedScn);
    expect(gts.calls).toBe(0);

    await ok(exec2, 'SET ob_read_consistency = WEAK');
    gts.calls = 0; // SET evaluates its value as a (strong) SELECT
    const point = last(await ok(exec2, 'SELECT v FROM t WHERE id = 2'));
    expect(point.rows).toEqual([['20']]);
    expect(point.readRoutes![0]).toMatchObject({ serverId: 2, role: 'FOLLOWER', weak: true });
    const counted = last(await ok(exec2, 'SELECT COUNT(*), SUM(v) FROM t'));
    expect(counted.rows).toEqual([['3', '60']]);
    expect(counted.readRoutes![0]).toMatchObject({ serverId: 2, role: 'FOLLOWER', weak: true });
    expect(gts.calls).toBe(0);

    // The hint beats the variable: STRONG reads at a GTS snapshot on the leader.
    const strong = last(await ok(exec2, 'SELECT /*+ READ_CONSISTENCY(STRONG) */ id FROM t ORDER BY id'));
    expect(strong.rows).toEqual([['1'], ['2'], ['3']]);
    expect(strong.readRoutes![0]).toMatchObject({ lsId: 1001, serverId: 1, role: 'LEADER', replicaType: 'FULL', weak: false });
    expect(gts.calls).toBe(1);
    await ok(exec2, 'SET ob_read_consistency = STRONG');
    const byDefault = last(await ok(exec2, 'SELECT id FROM t WHERE id = 3'));
    expect(byDefault.readRoutes![0]).toMatchObject({ serverId: 1, role: 'LEADER', weak: false });
  });

  it('falls back to another follower, then the leader, when followers lag past max_stale_time_for_weak_consistency', async () => {
    const r = await boot();
    const exec1 = await session(r, 1);
    await createTable(exec1);
    await ok(exec1, "ALTER SYSTEM SET max_stale_time_for_weak_consistency = '1s'");
    await synced(r);
    const exec3 = await session(r, 3);
    await ok(exec3, "ALTER SYSTEM SET max_stale_time_for_weak_consistency = '1s'");
    await ok(exec3, 'SELECT 1');
    await advance(r, 2_000_000);

    // Server 3's replica hears the leader 2 s late: a new commit leaves it more than 1 s behind.
    delayFrom(r, 1, 3, 2_000_000);
    await ok(exec1, 'UPDATE t SET v = 11 WHERE id = 1');
    const viaFollower2 = last(await ok(exec3, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ id, v FROM t ORDER BY id'));
    expect(viaFollower2.rows).toEqual([['1', '11'], ['2', '20'], ['3', '30']]);
    const route2: ReadRoute = viaFollower2.readRoutes![0];
    expect(route2).toMatchObject({ serverId: 2, role: 'FOLLOWER', zone: 'zone2', weak: true });
    expect(route2.note).toContain('10.0.0.3');
    expect(route2.note).toContain('replica is not readable');

    // Both followers lag: the leader serves.
    await advance(r, 3_000_000);
    delayFrom(r, 1, 2, 2_000_000);
    await ok(exec1, 'UPDATE t SET v = 12 WHERE id = 1');
    const viaLeader = last(await ok(exec3, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ id, v FROM t ORDER BY id'));
    expect(viaLeader.rows).toEqual([['1', '12'], ['2', '20'], ['3', '30']]);
    expect(viaLeader.readRoutes![0]).toMatchObject({ serverId: 1, role: 'LEADER' });
    expect(viaLeader.readRoutes![0].note).toContain('10.0.0.2');
  });

  it('shows a lagging follower as stale and never returns a newer version or an uncommitted row', async () => {
    const r = await boot();
    const exec1 = await session(r, 1);
    await createTable(exec1);
    await synced(r);
    const exec3 = await session(r, 3);
    await ok(exec3, 'SELECT 1');
    await advance(r, 1_000_000);
    const before = r.cluster.server(3).logStream(1002, 1001)!.appliedScn;

    delayFrom(r, 1, 3, 2_000_000);
    await ok(exec1, 'UPDATE t SET v = 99 WHERE id = 2');
    const committed = r.cluster.server(1).logStream(1002, 1001)!.appliedScn;
    const open = await session(r, 1);
    await ok(open, 'BEGIN');
    await ok(open, 'INSERT INTO t VALUES (4, 40)');

    const lagging = last(await ok(exec3, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ id, v FROM t ORDER BY id'));
    const route = lagging.readRoutes![0];
    expect(route).toMatchObject({ serverId: 3, role: 'FOLLOWER', weak: true });
    expect(BigInt(route.readScn)).toBe(before);
    expect(BigInt(route.readScn)).toBeLessThan(committed);
    expect(route.staleUs!).toBeGreaterThanOrEqual(1_000_000);
    expect(lagging.rows).toEqual([['1', '10'], ['2', '20'], ['3', '30']]);

    await advance(r, 2_500_000);
    const caughtUp = last(await ok(exec3, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ id, v FROM t ORDER BY id'));
    expect(caughtUp.readRoutes![0]).toMatchObject({ serverId: 3, role: 'FOLLOWER' });
    expect(BigInt(caughtUp.readRoutes![0].readScn)).toBe(committed);
    expect(caughtUp.rows).toEqual([['1', '10'], ['2', '99'], ['3', '30']]); // row 4 is not committed
    await ok(open, 'ROLLBACK');
  });

  it('refuses DML in a transaction whose first statement read WEAK', async () => {
    const r = await boot();
    const exec1 = await session(r, 1);
    await createTable(exec1);
    await synced(r);
    const exec2 = await session(r, 2);
    await ok(exec2, 'BEGIN');
    const read = last(await ok(exec2, 'SELECT /*+ READ_CONSISTENCY(WEAK) */ id FROM t WHERE id = 1'));
    expect(read.readRoutes![0]).toMatchObject({ serverId: 2, weak: true });
    // Later reads stay WEAK whatever their hint; a write fails with ERROR 1235.
    const later = last(await ok(exec2, 'SELECT /*+ READ_CONSISTENCY(STRONG) */ id FROM t WHERE id = 2'));
    expect(later.readRoutes![0]).toMatchObject({ serverId: 2, weak: true });
    const write = await exec2('INSERT INTO t VALUES (5, 50)');
    expect(write.error?.mysqlCode).toBe(1235);
    await ok(exec2, 'ROLLBACK');
    const after = last(await ok(exec1, 'SELECT COUNT(*) FROM t'));
    expect(after.rows).toEqual([['3']]);
  });
});

describe('weak-read routing order', () => {
  function location(placement: { leader: number; members: number[]; learners: number[] }, types: Record<number, 'FULL' | 'READONLY' | 'COLUMNSTORE'>) {
    const servers = [...defaultServers(), { serverId: 4, zone: 'zone2', svrIp: '10.0.0.4' }, { serverId: 5, zone: 'zone3', svrIp: '10.0.0.5' }];
    const topology = buildTopology(servers);
    const ls = topology.tenants.find((t) => t.tenantId === 1002)!.ls.find((l) => l.lsId === 1001)!;
    ls.replicaTypes = types;
    ls.learners = placement.learners.map((s) => serverId(s));
    const loc = new LocationService(topology);
    const clock = new VirtualClock();
    loc.bind({ rpc: new RpcEndpoint(new MemoryNetwork().transport(serverId(1)), clock), clock, alive: () => true });
    loc.setPlacementSource((t, l) => (t === 1002 && l === 1001 ? placement : undefined));
    return loc;
  }

  it('tries the local replica, then the same zone, then R before F followers, and a remote leader last; C replicas only under COLUMN_STORE_ONLY', () => {
    const loc = location({ leader: 1, members: [1, 2, 3], learners: [4, 5] }, { 1: 'FULL', 2: 'FULL', 3: 'FULL', 4: 'READONLY', 5: 'COLUMNSTORE' });
    const order = (self: number, policy: Parameters<typeof weakReadCandidates>[4]) =>
      weakReadCandidates(loc, tenantId(1002), lsId(1001), serverId(self), policy).map((c) => c.serverId);
    expect(order(3, 'READONLY_ZONE_FIRST')).toEqual([3, 4, 2, 1]);
    expect(order(2, 'READONLY_ZONE_FIRST')).toEqual([2, 4, 3, 1]);
    expect(order(1, 'READONLY_ZONE_FIRST')).toEqual([1, 4, 2, 3]); // the local leader reads at its own readable SCN
    expect(order(3, 'COLUMN_STORE_ONLY')).toEqual([5, 1]);
    expect(order(3, 'ONLY_READONLY_ZONE')).toEqual([4, 1]);
    expect(order(1, 'COLUMN_STORE_ONLY')).toEqual([5, 1]);
  });
});
