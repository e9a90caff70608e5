/**
 * Cluster and tenant management end to end (issue #4) on the in-process cluster, on a virtual
 * clock: statements run as root@sys go through the root service (sys LS 1 leader), are replicated
 * as `rs` records, and every server's LS manager makes replicas and PALF configs follow the state.
 * Covered: CREATE RESOURCE UNIT / POOL / TENANT (PRIMARY_ZONE, LOCALITY) and SQL in the new tenant;
 * the seed's UNIT_NUM 2 example on six servers; the topology views; ALTER TENANT PRIMARY_ZONE and
 * SWITCH REPLICA LEADER moving leaders; ALTER TENANT LOCALITY one step at a time (F→R, add C) with
 * the job reaching SUCCESS and the learner listed, a C replica converted to column store; STOP /
 * START SERVER; liveness (INACTIVE after lease_time, ACTIVE after restart); root service failover;
 * ADD SERVER; errors in MySQL form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Value } from '../common/value';
import type { ObEvent } from '../env';
import { VirtualClock } from '../env/memory';
import type { ExecuteReply } from './api';
import { LocalCluster } from './local_cluster';
import type { ServerInfo } from './ob_server';
import { pumped } from './test/virtual_time';

interface Run {
  cluster: LocalCluster;
  clock: VirtualClock;
  events: ObEvent[];
}

type Exec = (text: string) => Promise<ExecuteReply>;

let run: Run | null = null;
afterEach(async () => {
  if (run) await pumped(run.clock, run.cluster.stop());
  run = null;
});

async function boot(servers?: ServerInfo[], seed = 7): Promise<Run> {
  const clock = new VirtualClock();
  const events: ObEvent[] = [];
  const cluster = await pumped(clock, LocalCluster.start({ clock, seed, events: { emit: (e) => events.push(e) }, ...(servers ? { servers } : {}) }));
  run = { cluster, clock, events };
  // Let the root service hear every server once (heartbeats every 2 s).
  await advance(run, 3_000_000);
  return run;
}

/** Six servers, two per zone (ids 1..6: zone1 = 1, 4; zone2 = 2, 5; zone3 = 3, 6). */
function sixServers(): ServerInfo[] {
  return [1, 2, 3, 4, 5, 6].map((i) => ({ serverId: i, zone: `zone${((i - 1) % 3) + 1}`, svrIp: `10.0.0.${i}` }));
}

async function session(r: Run, server: number, tenant = 'sys', database?: string): Promise<Exec> {
  const s = r.cluster.server(server);
  const id = await pumped(r.clock, s.openSession({ tenant, user: 'root', ...(database ? { database } : {}) }));
  return (text) => pumped(r.clock, s.execute(id, text));
}

/** Runs a statement that must succeed; its rows with integer texts as numbers (the wire gives text). */
async function ok(exec: Exec, text: string): Promise<Value[][]> {
  const reply = await exec(text);
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  const rows = reply.results[reply.results.length - 1]?.rows ?? [];
  return rows.map((row) => row.map((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v)));
}

/** The MySQL-form error of a statement that must fail. */
async function fails(exec: Exec, text: string): Promise<string> {
  const reply = await exec(text);
  if (!reply.error) throw new Error(`${text}: expected an error`);
  return `ERROR ${reply.error.mysqlCode}: ${reply.error.message}`;
}

function advance(r: Run, us: number): Promise<void> {
  return pumped(r.clock, new Promise<void>((resolve) => r.clock.schedule(us, resolve)), 20_000);
}

async function until(r: Run, check: () => boolean | Promise<boolean>, maxUs: number, what = 'condition'): Promise<void> {
  const deadline = r.clock.nowUs() + maxUs;
  while (!(await check())) {
    if (r.clock.nowUs() > deadline) throw new Error(`${what} not reached in ${maxUs / 1e6} s of virtual time`);
    await advance(r, 100_000);
  }
}

/** The server whose replica of the LS serves as leader (null while electing). */
function servingLeader(r: Run, tenant: number, ls: number): number | null {
  const s = r.cluster.servers.find((x) => x.status === 'ACTIVE' && x.logStream(tenant, ls)?.isServing());
  return s ? s.serverId : null;
}

function tenantIdOf(r: Run, name: string): number {
  const t = r.cluster.servers[0].stateHolder.state.tenants.find((x) => x.name === name);
  if (!t) throw new Error(`no tenant ${name}`);
  return t.tenantId;
}

function lsIdsOf(r: Run, tenantId: number): number[] {
  return r.cluster.servers[0].stateHolder.state.ls.filter((l) => l.tenantId === tenantId).map((l) => l.lsId).sort((a, b) => a - b);
}

describe('tenant management through the root service', () => {
  it('creates a unit, a pool and a tenant whose leaders sit in its primary zone, and serves SQL in it', async () => {
    const r = await boot();
    const sys = await session(r, 3);
    await ok(sys, `CREATE RESOURCE UNIT u1 MAX_CPU 2, MEMORY_SIZE '5G'`);
    await ok(sys, `CREATE RESOURCE POOL p1 UNIT = 'u1', UNIT_NUM = 1, ZONE_LIST = ('zone1', 'zone2', 'zone3')`);
    await ok(sys, `CREATE TENANT t1 RESOURCE_POOL_LIST = ('p1'), PRIMARY_ZONE = 'zone2', LOCALITY = 'F@zone1, F@zone2, F@zone3'`);
    const t1 = tenantIdOf(r, 't1');
    expect(t1).toBe(1004);
    expect(lsIdsOf(r, t1)).toEqual([1, 1001]);
    // CREATE TENANT returns once the tenant's LSs serve; the election priority puts them in zone2.
    await until(r, () => servingLeader(r, t1, 1) === 2 && servingLeader(r, t1, 1001) === 2, 15_000_000, 'leaders in zone2');

    expect((await ok(sys, `SELECT NAME, MAX_CPU, MIN_CPU, MEMORY_SIZE FROM oceanbase.DBA_OB_UNIT_CONFIGS WHERE NAME = 'u1'`)))
      .toEqual([['u1', 2, 2, 5 * 1024 ** 3]]);
    expect((await ok(sys, `SELECT NAME, UNIT_COUNT, ZONE_LIST, REPLICA_TYPE, TENANT_ID FROM oceanbase.DBA_OB_RESOURCE_POOLS WHERE NAME = 'p1'`)))
      .toEqual([['p1', 1, 'zone1;zone2;zone3', 'FULL', t1]]);
    const units = await ok(sys, `SELECT ZONE, UNIT_GROUP_ID, STATUS FROM oceanbase.DBA_OB_UNITS WHERE TENANT_ID = ${t1} ORDER BY ZONE`);
    expect(units.map((u) => [u[0], u[2]])).toEqual([['zone1', 'ACTIVE'], ['zone2', 'ACTIVE'], ['zone3', 'ACTIVE']]);
    expect(new Set(units.map((u) => u[1])).size).toBe(1);
    expect(Number(units[0][1])).toBeGreaterThan(1000);
    expect(await ok(sys, `SELECT TENANT_NAME, TENANT_TYPE, PRIMARY_ZONE, LOCALITY, STATUS FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_ID = ${t1}`))
      .toEqual([['t1', 'USER', 'zone2', 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3', 'NORMAL']]);

    // SQL in the new tenant, from another server (its state arrives with the heartbeat reply).
    await until(r, () => r.cluster.server(1).location.tenantByName('t1') !== undefined, 5_000_000, 'server 1 knows t1');
    const user = await session(r, 1, 't1');
    const dbs = (await ok(user, 'SHOW DATABASES')).map((x) => x[0]);
    expect(dbs).toContain('test');
    await ok(user, 'CREATE TABLE test.t (id INT PRIMARY KEY, v VARCHAR(10))');
    await ok(user, `INSERT INTO test.t VALUES (1, 'a'), (2, 'b')`);
    expect(await ok(user, 'SELECT id, v FROM test.t ORDER BY id')).toEqual([[1, 'a'], [2, 'b']]);

    const ls = await ok(user, 'SELECT LS_ID, STATUS, UNIT_GROUP_ID, LS_GROUP_ID, PRIMARY_ZONE FROM oceanbase.DBA_OB_LS ORDER BY LS_ID');
    expect(ls.map((x) => [x[0], x[1]])).toEqual([[1, 'NORMAL'], [1001, 'NORMAL']]);
    expect(ls[1][2]).toBe(units[0][1]);
    expect(Number(ls[1][3])).toBeGreaterThan(1000);
    const loc = await ok(user, 'SELECT SVR_IP, ROLE, MEMBER_LIST, LEARNER_LIST, REPLICA_TYPE FROM oceanbase.DBA_OB_LS_LOCATIONS WHERE LS_ID = 1001 ORDER BY SVR_IP');
    expect(loc.map((x) => [x[0], x[1], x[4]])).toEqual([['10.0.0.1', 'FOLLOWER', 'FULL'], ['10.0.0.2', 'LEADER', 'FULL'], ['10.0.0.3', 'FOLLOWER', 'FULL']]);
    expect(loc[1][2]).toBe('10.0.0.1:2882:1,10.0.0.2:2882:1,10.0.0.3:2882:1');
    expect(loc[1][3]).toBe('');
  });

  it(`runs the seed's example: UNIT_NUM 2 over three zones makes two unit groups, two LS groups and six LSs`, async () => {
    const r = await boot(sixServers());
    const sys = await session(r, 1);
    await ok(sys, `CREATE RESOURCE UNIT u2 MAX_CPU 2, MEMORY_SIZE '5G'`);
    await ok(sys, `CREATE RESOURCE POOL p2 UNIT = 'u2', UNIT_NUM = 2, ZONE_LIST = ('zone1', 'zone2', 'zone3')`);
    await ok(sys, `CREATE TENANT t2 RESOURCE_POOL_LIST = ('p2'), PRIMARY_ZONE = 'zone1,zone2,zone3'`);
    const t2 = tenantIdOf(r, 't2');
    const units = await ok(sys, `SELECT UNIT_GROUP_ID, ZONE, SVR_IP FROM oceanbase.DBA_OB_UNITS WHERE TENANT_ID = ${t2} ORDER BY UNIT_GROUP_ID, ZONE`);
    expect(units).toHaveLength(6);
    const groups = [...new Set(units.map((u) => u[0]))];
    expect(groups).toHaveLength(2);
    // Each unit group has one unit per zone, on distinct servers.
    expect(new Set(units.map((u) => u[2])).size).toBe(6);
    const ls = await ok(sys, `SELECT LS_ID, UNIT_GROUP_ID, LS_GROUP_ID, STATUS FROM oceanbase.CDB_OB_LS WHERE TENANT_ID = ${t2} AND LS_ID > 1 ORDER BY LS_ID`);
    expect(ls).toHaveLength(6);
    expect(new Set(ls.map((x) => x[1]))).toEqual(new Set(groups));
    expect(new Set(ls.map((x) => x[2])).size).toBe(2);
    expect(ls.every((x) => x[3] === 'NORMAL')).toBe(true);
    // PRIMARY_ZONE 'zone1,zone2,zone3' (one level): the six leaders spread over the three zones.
    const state = r.cluster.servers[0].stateHolder.state;
    const zoneOf = (id: number) => state.servers.find((s) => s.serverId === id)!.zone;
    await until(r, () => lsIdsOf(r, t2).every((l) => servingLeader(r, t2, l) !== null), 15_000_000, 'every LS of t2 led');
    const leaderZones = lsIdsOf(r, t2).filter((l) => l > 1).map((l) => zoneOf(servingLeader(r, t2, l)!));
    expect(leaderZones.filter((z) => z === 'zone1')).toHaveLength(2);
    expect(leaderZones.filter((z) => z === 'zone2')).toHaveLength(2);
    expect(leaderZones.filter((z) => z === 'zone3')).toHaveLength(2);
    const user = await session(r, 4, 't2');
    await ok(user, 'CREATE TABLE test.p (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 6');
    await ok(user, 'INSERT INTO test.p VALUES (1), (2), (3), (4), (5), (6), (7)');
    expect(await ok(user, 'SELECT COUNT(*) FROM test.p')).toEqual([[7]]);

    // Scale-out of the default tenant: a second unit group on the other three servers, three new LSs.
    await ok(sys, 'ALTER RESOURCE TENANT test UNIT_NUM = 2');
    await until(r, () => r.cluster.server(1).stateHolder.state.ls.filter((l) => l.tenantId === 1002 && l.lsId > 1 && l.status === 'NORMAL').length === 6,
      20_000_000, 'six NORMAL user LSs of test');
    const job = await ok(sys, `SELECT JOB_TYPE, JOB_STATUS FROM oceanbase.DBA_OB_TENANT_JOBS WHERE TENANT_ID = 1002`);
    expect(job).toContainEqual(['ALTER_RESOURCE_TENANT_UNIT_NUM', expect.stringMatching(/^(INPROGRESS|SUCCESS)$/)]);
    expect(await ok(sys, `SELECT COUNT(DISTINCT UNIT_GROUP_ID) FROM oceanbase.DBA_OB_UNITS WHERE TENANT_ID = 1002`)).toEqual([[2]]);
  });

  it('scales test out with ALTER RESOURCE TENANT UNIT_NUM: the balancer transfers tablets to the new LSs and no row is lost', async () => {
    const r = await boot(sixServers());
    const sys = await session(r, 1);
    const user = await session(r, 2, 'test');
    await ok(user, 'CREATE TABLE test.s (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 6');
    await ok(user, `INSERT INTO test.s VALUES ${Array.from({ length: 60 }, (_, i) => `(${i}, ${i * 10})`).join(', ')}`);
    const before = await ok(sys, 'SELECT TABLET_ID, LS_ID FROM oceanbase.CDB_OB_TABLET_TO_LS WHERE TENANT_ID = 1002 ORDER BY TABLET_ID');
    expect(before.every((row) => (row[1] as number) <= 1003)).toBe(true);

    await ok(sys, 'ALTER RESOURCE TENANT test UNIT_NUM = 2');
    await until(r, async () => {
      const jobs = await ok(sys, `SELECT JOB_STATUS FROM oceanbase.DBA_OB_TENANT_JOBS WHERE TENANT_ID = 1002 AND JOB_TYPE = 'ALTER_RESOURCE_TENANT_UNIT_NUM'`);
      return jobs.length > 0 && jobs.every((j) => j[0] === 'SUCCESS');
    }, 60_000_000, 'the UNIT_NUM job to succeed');
    // The tablets are spread over all six user LSs (one per LS), moved by COMPLETED transfer tasks.
    const after = await ok(sys, 'SELECT TABLET_ID, LS_ID FROM oceanbase.CDB_OB_TABLET_TO_LS WHERE TENANT_ID = 1002 ORDER BY TABLET_ID');
    const userTablets = after.filter((row) => before.some((b) => b[0] === row[0]));
    expect(new Set(userTablets.map((row) => row[1])).size).toBe(6);
    const tasks = await ok(sys, 'SELECT STATUS FROM oceanbase.CDB_OB_TRANSFER_TASK_HISTORY WHERE TENANT_ID = 1002');
    expect(tasks.length).toBeGreaterThan(0);
    expect(tasks.every((t) => t[0] === 'COMPLETED')).toBe(true);
    // Every row reads back exactly once, from a session on another server too.
    expect(await ok(user, 'SELECT COUNT(*), SUM(v) FROM test.s')).toEqual([[60, 17700]]);
    const other = await session(r, 6, 'test');
    expect(await ok(other, 'SELECT COUNT(*), SUM(v) FROM test.s')).toEqual([[60, 17700]]);
    await ok(user, 'INSERT INTO test.s VALUES (100, 1)');
    expect(await ok(other, 'SELECT v FROM test.s WHERE id = 100')).toEqual([[1]]);
  });

  it('moves leaders with ALTER TENANT PRIMARY_ZONE and one LS leader with SWITCH REPLICA LEADER', async () => {
    const r = await boot();
    const sys = await session(r, 2);
    expect(servingLeader(r, 1002, 1001)).toBe(1);
    // RANDOM over three zones had three user LSs; a one-zone primary zone keeps one (UNIT_NUM × 1):
    // LSs 1002 and 1003 (no tablets) are dropped, LS 1 and 1001 lead from zone3.
    await ok(sys, `ALTER TENANT test PRIMARY_ZONE = 'zone3'`);
    await until(r, () => servingLeader(r, 1002, 1) === 3 && servingLeader(r, 1002, 1001) === 3, 20_000_000, 'test LS 1 and 1001 led from zone3');
    await until(r, async () => (await ok(sys, `SELECT JOB_STATUS FROM oceanbase.DBA_OB_TENANT_JOBS WHERE TENANT_ID = 1002 AND JOB_TYPE = 'ALTER_TENANT_PRIMARY_ZONE'`))[0]?.[0] === 'SUCCESS',
      20_000_000, 'primary zone job SUCCESS');
    expect(await ok(sys, `SELECT LS_ID, PRIMARY_ZONE FROM oceanbase.CDB_OB_LS WHERE TENANT_ID = 1002 ORDER BY LS_ID`)).toEqual([[1, 'zone3'], [1001, 'zone3']]);
    expect(r.cluster.servers.every((s) => s.logStream(1002, 1002) === undefined)).toBe(true);
    expect(await ok(sys, `SELECT PRIMARY_ZONE FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'test'`)).toEqual([['zone3']]);

    await ok(sys, `ALTER SYSTEM SWITCH REPLICA LEADER LS = 1001 SERVER = '10.0.0.1:2882' TENANT = test`);
    await until(r, () => servingLeader(r, 1002, 1001) === 1, 20_000_000, 'LS 1001 led from server 1');
    expect(servingLeader(r, 1002, 1)).toBe(3);
    const loc = await ok(sys, `SELECT SVR_IP FROM oceanbase.CDB_OB_LS_LOCATIONS WHERE TENANT_ID = 1002 AND LS_ID = 1001 AND ROLE = 'LEADER'`);
    expect(loc).toEqual([['10.0.0.1']]);
    // SQL still works in the reshaped tenant.
    const user = await session(r, 2, 'test', 'test');
    await ok(user, 'CREATE TABLE k (id INT PRIMARY KEY)');
    await ok(user, 'INSERT INTO k VALUES (1)');
    expect(await ok(user, 'SELECT id FROM k')).toEqual([[1]]);
  });

  it('changes an F replica to R with ALTER TENANT LOCALITY: the job reaches SUCCESS and the leader lists the learner', async () => {
    const r = await boot();
    const sys = await session(r, 1);
    const user = await session(r, 2, 'test', 'test');
    await ok(user, 'CREATE TABLE f (id INT PRIMARY KEY, v INT)');
    await ok(user, 'INSERT INTO f VALUES (1, 10), (2, 20)');
    await ok(sys, `ALTER TENANT test LOCALITY = 'F@zone1, F@zone2, R@zone3'`);
    expect(await ok(sys, `SELECT LOCALITY, PREVIOUS_LOCALITY FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'test'`))
      .toEqual([['FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3', 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3']]);
    const job = `SELECT JOB_STATUS, PROGRESS FROM oceanbase.DBA_OB_TENANT_JOBS WHERE TENANT_ID = 1002 AND JOB_TYPE = 'ALTER_TENANT_LOCALITY'`;
    await until(r, async () => (await ok(sys, job))[0]?.[0] === 'SUCCESS', 40_000_000, 'locality job SUCCESS');
    expect(await ok(sys, job)).toEqual([['SUCCESS', 100]]);
    expect(await ok(sys, `SELECT PREVIOUS_LOCALITY FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'test'`)).toEqual([[null]]);
    // RANDOM now spreads leaders over the two F zones: two user LSs; the third (empty) was dropped.
    const live = r.cluster.server(1).stateHolder.state.ls.filter((l) => l.tenantId === 1002 && l.status === 'NORMAL').map((l) => l.lsId);
    expect(live).toEqual([1, 1001, 1002]);
    // Every LS of the tenant: zone3's replica is a learner, never the leader.
    for (const ls of live) {
      const rows = await ok(sys, `SELECT SVR_IP, ROLE, MEMBER_LIST, LEARNER_LIST, REPLICA_TYPE FROM oceanbase.CDB_OB_LS_LOCATIONS WHERE TENANT_ID = 1002 AND LS_ID = ${ls} ORDER BY SVR_IP`);
      const leader = rows.find((x) => x[1] === 'LEADER')!;
      expect(leader[0]).not.toBe('10.0.0.3');
      expect(leader[2]).toBe('10.0.0.1:2882:1,10.0.0.2:2882:1');
      expect(leader[3]).toBe('10.0.0.3:2882:1');
      expect(rows.find((x) => x[0] === '10.0.0.3')![4]).toBe('READONLY');
    }
    // Writes go on with two F replicas; the R replica still receives the log.
    await ok(user, 'INSERT INTO f VALUES (3, 30)');
    expect(await ok(user, 'SELECT SUM(v) FROM f')).toEqual([[60]]);
    const lsId = r.cluster.server(2).schemas.get(1002)!.getTable('test', 'f')!.partitions[0].lsId;
    const leaderLsn = () => r.cluster.servers.find((x) => x.logStream(1002, lsId)?.isServing())!.logStream(1002, lsId)!.palf.status().committedLsn;
    await until(r, () => r.cluster.server(3).logStream(1002, lsId)!.appliedLsn >= leaderLsn(), 5_000_000, 'R replica caught up');
    expect(await fails(sys, `ALTER TENANT test LOCALITY = 'F@zone1, R@zone2, R@zone3'`)).toBe('ERROR 4179: alter tenant locality from 2 FULL replicas to 1 not allowed');
  });

  it('adds a C replica with ALTER TENANT LOCALITY: it catches up as a learner and stores majors column-wise', async () => {
    const r = await boot();
    const sys = await session(r, 1);
    await ok(sys, `CREATE RESOURCE UNIT u3 MAX_CPU 2, MEMORY_SIZE '5G'`);
    await ok(sys, `CREATE RESOURCE POOL p3 UNIT = 'u3', UNIT_NUM = 1, ZONE_LIST = ('zone1', 'zone2', 'zone3')`);
    await ok(sys, `CREATE TENANT t3 RESOURCE_POOL_LIST = ('p3'), PRIMARY_ZONE = 'zone1', LOCALITY = 'F@zone1, F@zone2'`);
    const t3 = tenantIdOf(r, 't3');
    expect(r.cluster.server(3).logStream(t3, 1001)).toBeUndefined();
    const user = await session(r, 1, 't3');
    await ok(user, 'CREATE TABLE test.c (id INT PRIMARY KEY, v INT)');
    await ok(user, 'INSERT INTO test.c VALUES (1, 1), (2, 2), (3, 3)');
    await ok(sys, `ALTER TENANT t3 LOCALITY = 'F@zone1, F@zone2, C@zone3'`);
    const job = `SELECT JOB_STATUS FROM oceanbase.DBA_OB_TENANT_JOBS WHERE TENANT_ID = ${t3} AND JOB_TYPE = 'ALTER_TENANT_LOCALITY'`;
    await until(r, async () => (await ok(sys, job))[0]?.[0] === 'SUCCESS', 40_000_000, 'locality job SUCCESS');
    const rows = await ok(sys, `SELECT SVR_IP, ROLE, LEARNER_LIST, REPLICA_TYPE FROM oceanbase.CDB_OB_LS_LOCATIONS WHERE TENANT_ID = ${t3} AND LS_ID = 1001 ORDER BY SVR_IP`);
    expect(rows).toEqual([['10.0.0.1', 'LEADER', '10.0.0.3:2882:1', 'FULL'], ['10.0.0.2', 'FOLLOWER', '', 'FULL'], ['10.0.0.3', 'FOLLOWER', '', 'COLUMNSTORE']]);
    const c = r.cluster.server(3);
    const tabletId = c.schemas.get(t3)!.getTable('test', 'c')!.partitions[0].tabletId;
    await until(r, () => c.logStream(t3, 1001)?.tablets.get(tabletId as never) !== undefined, 10_000_000, 'C replica has the tablet');
    expect(c.logStream(t3, 1001)!.tablets.get(tabletId as never)!.replicaStoreFormat()).toBe('column');
    const snap = await pumped(r.clock, c.snapshot());
    expect(snap.lsReplicas.find((x) => x.tenantId === t3 && x.lsId === 1001)!.replicaType).toBe('COLUMNSTORE');
    // The next major on the C replica is columnar; the F replicas keep the table's row store.
    await ok(sys, 'ALTER SYSTEM MAJOR FREEZE TENANT = t3');
    const major = (server: number) => r.cluster.server(server).logStream(t3, 1001)?.tablets.get(tabletId as never)?.snapshot();
    await until(r, () => major(3)?.sstables.some((x) => x.type === 'MAJOR') === true && major(1)?.sstables.some((x) => x.type === 'MAJOR') === true, 30_000_000, 'majors built');
    expect(major(3)!.storeFormat).toBe('column');
    expect(major(1)!.storeFormat).toBe('row');
    expect(await ok(user, 'SELECT SUM(v) FROM test.c')).toEqual([[6]]);
    // A restart reopens the replica added after bootstrap from its clog, still a learner, still columnar.
    await pumped(r.clock, r.cluster.killServer(3));
    await ok(user, 'INSERT INTO test.c VALUES (4, 4)');
    const again = await pumped(r.clock, r.cluster.restartServer(3));
    const reopened = again.logStream(t3, 1001);
    expect(reopened).toBeDefined();
    expect(reopened!.palf.status().learnerList).toEqual([3]);
    await until(r, () => again.logStream(t3, 1001)!.appliedLsn >= r.cluster.server(1).logStream(t3, 1001)!.palf.status().committedLsn, 10_000_000, 'C replica caught up after restart');
    const t = again.logStream(t3, 1001)!.tablets.get(tabletId as never)!;
    expect(t.replicaStoreFormat()).toBe('column');
    await until(r, () => t.snapshot().csConversion?.status === 'DONE', 10_000_000, 'conversion status DONE');
  });

  it('moves leaders off a server with ALTER SYSTEM STOP SERVER and back after START SERVER', async () => {
    const r = await boot();
    const sys = await session(r, 2);
    const ledBy = (server: number) => r.cluster.servers.flatMap((s) => [...s.logStreams.values()].filter((l) => l.isServing()).map(() => s.serverId)).filter((x) => x === server).length;
    expect(ledBy(1)).toBeGreaterThan(0);
    await ok(sys, `ALTER SYSTEM STOP SERVER '10.0.0.1:2882'`);
    await until(r, () => ledBy(1) === 0, 20_000_000, 'no leader left on server 1');
    // The root service moved with the sys LS 1 leader.
    expect(servingLeader(r, 1, 1)).not.toBe(1);
    const row = await ok(sys, `SELECT STATUS, STOP_TIME IS NOT NULL, WITH_ROOTSERVER FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.1'`);
    expect(row).toEqual([['ACTIVE', 1, 'NO']]);
    expect(await fails(sys, `ALTER SYSTEM STOP SERVER '10.0.0.2:2882'`)).toBe('ERROR 4660: Can not stop server in multiple zones');
    const user = await session(r, 3, 'test', 'test');
    await ok(user, 'CREATE TABLE s (id INT PRIMARY KEY)');
    await ok(user, 'INSERT INTO s VALUES (1), (2)');
    await ok(sys, `ALTER SYSTEM START SERVER '10.0.0.1:2882'`);
    await until(r, () => servingLeader(r, 1002, 1001) === 1 && servingLeader(r, 1, 1) === 1, 20_000_000, 'zone1 leaders back on server 1');
    expect(await ok(sys, `SELECT STOP_TIME FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.1'`)).toEqual([[null]]);
    expect(await ok(user, 'SELECT COUNT(*) FROM s')).toEqual([[2]]);
  });

  it('shows a server killed for longer than lease_time INACTIVE, and ACTIVE again after its restart', async () => {
    const r = await boot();
    const sys = await session(r, 1);
    const status = async () => (await ok(sys, `SELECT STATUS FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.3'`))[0][0];
    expect(await status()).toBe('ACTIVE');
    await pumped(r.clock, r.cluster.killServer(3));
    await advance(r, 5_000_000);
    expect(await status()).toBe('ACTIVE'); // lease_time is 10 s
    await until(r, async () => (await status()) === 'INACTIVE', 10_000_000, 'server 3 INACTIVE');
    expect(r.events.some((e) => e.kind === 'server-status' && e.serverId === 3 && e.status === 'INACTIVE')).toBe(true);
    await pumped(r.clock, r.cluster.restartServer(3));
    await until(r, async () => (await status()) === 'ACTIVE', 10_000_000, 'server 3 ACTIVE');
    const started = await ok(sys, `SELECT START_SERVICE_TIME IS NOT NULL FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.3'`);
    expect(started).toEqual([[1]]);
  });

  it('fails the root service over with the sys LS 1 leader; management statements still work', async () => {
    const r = await boot();
    expect(servingLeader(r, 1, 1)).toBe(1);
    const snap1 = await pumped(r.clock, r.cluster.server(2).clusterSnapshot());
    expect(snap1.rootServerId).toBe(1);
    await pumped(r.clock, r.cluster.killServer(1));
    await until(r, () => servingLeader(r, 1, 1) !== null, 10_000_000, 'a new sys LS 1 leader');
    const rs = servingLeader(r, 1, 1)!;
    await until(r, () => r.cluster.server(rs).rootService.isActive(), 2_000_000, 'root service active');
    const sys = await session(r, rs === 2 ? 3 : 2);
    await ok(sys, `CREATE RESOURCE UNIT after_failover MAX_CPU 1, MEMORY_SIZE '5G'`);
    expect(await ok(sys, `SELECT NAME FROM oceanbase.DBA_OB_UNIT_CONFIGS WHERE NAME = 'after_failover'`)).toEqual([['after_failover']]);
    expect(await ok(sys, `SELECT SVR_IP FROM oceanbase.DBA_OB_SERVERS WHERE WITH_ROOTSERVER = 'YES'`)).toEqual([[`10.0.0.${rs}`]]);
    await until(r, async () => (await ok(sys, `SELECT STATUS FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.1'`))[0][0] === 'INACTIVE', 20_000_000, 'server 1 INACTIVE');
    // The restarted server replays the sys LS and gets the state changes it missed.
    await pumped(r.clock, r.cluster.restartServer(1));
    await until(r, () => r.cluster.server(1).stateHolder.state.unitConfigs.some((u) => u.name === 'after_failover'), 10_000_000, 'server 1 has the new state');
  });

  it('adds a server started by the host with ALTER SYSTEM ADD SERVER and places units on it', async () => {
    const r = await boot();
    const sys = await session(r, 1);
    expect(await fails(sys, `ALTER SYSTEM ADD SERVER '10.0.0.4:2882' ZONE 'zone1'`)).toBe('ERROR 4638: server is not alive: 10.0.0.4:2882');
    await pumped(r.clock, r.cluster.addServer('zone1'));
    await ok(sys, `ALTER SYSTEM ADD SERVER '10.0.0.4:2882' ZONE 'zone1'`);
    const status = async () => (await ok(sys, `SELECT ID, ZONE, STATUS FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.4'`));
    await until(r, async () => (await status())[0]?.[2] === 'ACTIVE', 10_000_000, 'server 4 ACTIVE');
    expect(await status()).toEqual([[4, 'zone1', 'ACTIVE']]);
    await ok(sys, `CREATE RESOURCE UNIT u4 MAX_CPU 1, MEMORY_SIZE '5G'`);
    await ok(sys, `CREATE RESOURCE POOL p4 UNIT = 'u4', UNIT_NUM = 2, ZONE_LIST = ('zone1')`);
    await ok(sys, `CREATE TENANT t4 RESOURCE_POOL_LIST = ('p4'), PRIMARY_ZONE = 'zone1', LOCALITY = 'F@zone1'`);
    const t4 = tenantIdOf(r, 't4');
    expect(await ok(sys, `SELECT SVR_IP FROM oceanbase.DBA_OB_UNITS WHERE TENANT_ID = ${t4} ORDER BY SVR_IP`)).toEqual([['10.0.0.1'], ['10.0.0.4']]);
    expect(r.cluster.server(4).logStreams.size).toBeGreaterThan(0);
    const user = await session(r, 1, 't4');
    await ok(user, 'CREATE TABLE test.a (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 2');
    await ok(user, 'INSERT INTO test.a VALUES (1), (2), (3)');
    expect(await ok(user, 'SELECT COUNT(*) FROM test.a')).toEqual([[3]]);
  });

  it('answers management errors in MySQL form', async () => {
    const r = await boot();
    const sys = await session(r, 1);
    await ok(sys, `CREATE RESOURCE UNIT big MAX_CPU 4, MEMORY_SIZE '30G'`);
    expect(await fails(sys, `CREATE RESOURCE POOL bigp UNIT = 'big', UNIT_NUM = 1`))
      .toBe(`ERROR 4624: zone 'zone1' server '"10.0.0.1:2882"' MEMORY_SIZE resource is not enough to hold a new unit`);
    expect(await fails(sys, `CREATE RESOURCE UNIT big MAX_CPU 1, MEMORY_SIZE '5G'`)).toBe(`ERROR 4649: resource unit 'big' already exist`);
    expect(await fails(sys, `ALTER TENANT test PRIMARY_ZONE = 'zone1', LOCALITY = 'F@zone1,F@zone2,F@zone3'`)).toMatch(/^ERROR 1235: /);
    const user = await session(r, 2, 'test');
    expect(await fails(user, `CREATE RESOURCE UNIT u9 MAX_CPU 1, MEMORY_SIZE '5G'`)).toMatch(/^ERROR 1227: /);
  });
});
