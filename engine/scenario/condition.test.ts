/**
 * `wait for` conditions: each decided on hand-built snapshots (which fields count), then on a real
 * simulated cluster — leaders after boot, a new leader after the old one's server is killed, mini
 * compactions after a minor freeze, the major compaction after a major freeze, balance at rest,
 * and the server status the root service reports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterSnapshot, LsReplicaSnapshot, ServerSnapshot, TabletSnapshot } from '../server/snapshot';
import { SimCluster } from '../sim/sim_cluster';
import { nodeSimOptions } from '../sim/test/node_host';
import { clusterServing, conditionHolds, conditionReachedText, describeCondition, servingLeader, waitTimedOutText } from './condition';

function replica(tenantId: number, lsId: number, role: 'LEADER' | 'FOLLOWER', extra: Partial<LsReplicaSnapshot> = {}): LsReplicaSnapshot {
  return {
    tenantId, lsId, role, replicaType: 'FULL', proposalId: 1, memberList: [1, 2, 3], leaderServerId: null,
    lastLsn: 10, committedLsn: 10, appliedLsn: 10, appliedScn: '1', checkpointLsn: 0, tabletCount: 1, ...extra,
  };
}

function server(id: number, extra: Partial<ServerSnapshot> = {}): ServerSnapshot {
  return {
    serverId: id, svrIp: `10.0.0.${id}`, svrPort: 2882, sqlPort: 2881, zone: `zone${id}`, status: 'ACTIVE', withRootserver: false,
    startServiceTimeUs: 0, buildVersion: 'x', lsReplicas: [], tablets: [], memstore: [],
    counters: { sqlStatements: 0, rpcIn: 0, rpcOut: 0, palfEntriesAppended: 0, blockCacheHits: 0, blockCacheMisses: 0, dataFileBytes: 0, clogBytes: 0 },
    takenAtUs: 0, ...extra,
  };
}

function tablet(tenantId: number, tabletId: number, extra: Partial<TabletSnapshot> = {}): TabletSnapshot {
  return { tenantId, lsId: 1001, tabletId, tableId: 500000, memtables: [], sstables: [], compaction: null, ...extra };
}

function cluster(servers: ServerSnapshot[], extra: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  const ls = (tenantId: number, lsId: number) => ({
    tenantId, lsId, status: 'NORMAL' as const, primaryZone: 'zone1', unitGroupId: 1, lsGroupId: 0, createScn: '1', replicaServerIds: [1, 2, 3], leaderServerId: 1,
  });
  return {
    clusterName: 'obcluster', zones: [], servers, unitConfigs: [], resourcePools: [], units: [], tabletLocations: [], takenAtUs: 0,
    tenants: [
      { tenantId: 1, tenantName: 'sys', tenantType: 'SYS', primaryZone: 'RANDOM', locality: '', compatibilityMode: 'MYSQL', status: 'NORMAL', unitNum: 1, createTimeUs: 0, ls: [ls(1, 1)] },
      { tenantId: 1002, tenantName: 'test', tenantType: 'USER', primaryZone: 'RANDOM', locality: '', compatibilityMode: 'MYSQL', status: 'NORMAL', unitNum: 1, createTimeUs: 0, ls: [ls(1002, 1), ls(1002, 1001)] },
    ],
    ...extra,
  };
}

const led = (): ServerSnapshot[] => [
  server(1, { lsReplicas: [replica(1, 1, 'LEADER'), replica(1002, 1, 'FOLLOWER'), replica(1002, 1001, 'FOLLOWER')] }),
  server(2, { lsReplicas: [replica(1, 1, 'FOLLOWER'), replica(1002, 1, 'LEADER'), replica(1002, 1001, 'LEADER', { election: { electionState: 'LEADER', leaseExpiryUs: 1, votedFor: 2, servingStrong: true } })] }),
  server(3, { lsReplicas: [replica(1, 1, 'FOLLOWER'), replica(1002, 1, 'FOLLOWER'), replica(1002, 1001, 'FOLLOWER')] }),
];

describe('conditions on hand-built snapshots', () => {
  it('leader: a serving leader on a running server, in the zone / on the server asked for', () => {
    const snap = cluster(led());
    const leader = { kind: 'leader' as const, tenant: 'test', lsId: 1001, zone: null, serverId: null };
    expect(conditionHolds(leader, snap)).toBe(true);
    expect(conditionHolds({ ...leader, zone: 'zone2' }, snap)).toBe(true);
    expect(conditionHolds({ ...leader, zone: 'zone1' }, snap)).toBe(false);
    expect(conditionHolds({ ...leader, serverId: 2 }, snap)).toBe(true);
    expect(conditionHolds({ ...leader, tenant: 'nope' }, snap)).toBe(false);
    expect(conditionReachedText(leader, snap)).toBe('leader of LS 1001 (test) is on server 2 (zone2)');
    // Not serving yet (takeover not finished), or its server is down: no leader.
    const taking = led();
    taking[1].lsReplicas[2].election!.servingStrong = false;
    expect(conditionHolds(leader, cluster(taking))).toBe(false);
    const down = led();
    down[1].status = 'INACTIVE';
    expect(conditionHolds(leader, cluster(down))).toBe(false);
  });

  it('leader: the highest proposal id wins over a deposed leader that has not noticed', () => {
    const s = led();
    s[2].lsReplicas[2] = replica(1002, 1001, 'LEADER', { proposalId: 5 });
    expect(servingLeader(cluster(s), 1002, 1001)!.server.serverId).toBe(3);
  });

  it('leaders: every LS led, and LS 1 followers caught up', () => {
    expect(clusterServing(cluster(led()))).toBe(true);
    const lagging = led();
    lagging[2].lsReplicas[0].appliedLsn = 3;
    expect(conditionHolds({ kind: 'leaders' }, cluster(lagging))).toBe(false);
    const leaderless = led();
    leaderless[1].lsReplicas[2].role = 'FOLLOWER';
    expect(conditionHolds({ kind: 'leaders' }, cluster(leaderless))).toBe(false);
  });

  it('server: ACTIVE / INACTIVE from the root service, STOPPED when not running', () => {
    const rs = (status: 'ACTIVE' | 'INACTIVE', stopTimeUs = 0) => ({ serverId: 2, svrIp: '10.0.0.2', svrPort: 2882, zone: 'zone2', status, stopTimeUs, startServiceTimeUs: 0, lastHeartbeatUs: 0, permanentOffline: false });
    const servers = led();
    expect(conditionHolds({ kind: 'server', serverId: 2, status: 'ACTIVE' }, cluster(servers, { rsServers: [rs('ACTIVE')] }))).toBe(true);
    expect(conditionHolds({ kind: 'server', serverId: 2, status: 'INACTIVE' }, cluster(servers, { rsServers: [rs('ACTIVE')] }))).toBe(false);
    servers[1].status = 'INACTIVE'; // unreachable: its process is gone
    expect(conditionHolds({ kind: 'server', serverId: 2, status: 'ACTIVE' }, cluster(servers, { rsServers: [rs('ACTIVE')] }))).toBe(false);
    expect(conditionHolds({ kind: 'server', serverId: 2, status: 'STOPPED' }, cluster(servers, { rsServers: [rs('ACTIVE')] }))).toBe(true);
    expect(conditionHolds({ kind: 'server', serverId: 2, status: 'INACTIVE' }, cluster(servers, { rsServers: [rs('INACTIVE')] }))).toBe(true);
    expect(conditionHolds({ kind: 'server', serverId: 2, status: 'STOPPED' }, cluster(led(), { rsServers: [rs('ACTIVE', 5)] }))).toBe(true);
  });

  it('mini compaction: no frozen memtable left in the tenant', () => {
    const active = { isActive: true, rowCount: 1, bytes: 10, startScn: '1', endScn: '0' };
    const s = led();
    s[0].tablets = [tablet(1002, 200001, { memtables: [{ ...active, isActive: false }, active] }), tablet(1, 1, { memtables: [{ ...active, isActive: false }] })];
    expect(conditionHolds({ kind: 'miniDone', tenant: 'test' }, cluster(s))).toBe(false);
    s[0].tablets[0].memtables = [active];
    expect(conditionHolds({ kind: 'miniDone', tenant: 'test' }, cluster(s))).toBe(true); // sys's frozen memtable is not test's
  });

  it('major compaction: IDLE at the frozen SCN and every replica has the major', () => {
    const mc = {
      tenantId: 1002, frozenScn: '100', frozenTimeUs: 0, globalBroadcastScn: '100', lastScn: '100', lastFinishTimeUs: 0, startTimeUs: 0,
      status: 'IDLE' as const, isError: false, isSuspended: false, info: '', zones: [], freezeInfo: [],
    };
    const major = (endScn: string) => ({ type: 'MAJOR' as const, rowCount: 1, bytes: 1, startScn: '0', endScn, macroBlockCount: 1, microBlockCount: 1 });
    const s = led();
    s[1].majorCompactions = [mc];
    s[0].tablets = [tablet(1002, 200001, { sstables: [major('100')] })];
    s[2].tablets = [tablet(1002, 200001, { sstables: [major('50')] })];
    const c = { kind: 'majorDone' as const, tenant: 'test' };
    expect(conditionHolds(c, cluster(s))).toBe(false);
    s[2].tablets[0].sstables = [major('100')];
    expect(conditionHolds(c, cluster(s))).toBe(true);
    s[1].majorCompactions = [{ ...mc, status: 'COMPACTING', lastScn: '50' }];
    expect(conditionHolds(c, cluster(s))).toBe(false);
  });

  it('balance: no job, transfer or unit-number change running and every LS NORMAL', () => {
    const c = { kind: 'balanced' as const, tenant: 'test' };
    expect(conditionHolds(c, cluster(led()))).toBe(true);
    const job = { jobId: 1, tenantId: 1002, jobType: 'LS_BALANCE' as const, targetUnitNum: 2, targetPrimaryZoneNum: 1, status: 'DOING' as const, comment: '', startTimeUs: 0, modifyTimeUs: 0 };
    expect(conditionHolds(c, cluster(led(), { balanceJobs: [job] }))).toBe(false);
    expect(conditionHolds(c, cluster(led(), { balanceJobs: [{ ...job, status: 'COMPLETED' }] }))).toBe(true);
    const task = { taskId: 1, tenantId: 1002, srcLsId: 1001, destLsId: 1002, tabletList: [], status: 'DOING' as const, balanceJobId: 1, startScn: '0', finishScn: '0', startTimeUs: 0, finishTimeUs: 0 };
    expect(conditionHolds(c, cluster(led(), { transferTasks: [task] }))).toBe(false);
  });

  it('column store conversion: some C-replica tablet, all DONE', () => {
    const c = { kind: 'csConverted' as const, tenant: 'test' };
    const s = led();
    expect(conditionHolds(c, cluster(s))).toBe(false); // no C replica at all
    s[2].tablets = [tablet(1002, 200001, { csConversion: { status: 'CONVERTING', rowsDone: 1, rowsTotal: 2, macroBlockCount: 1 } })];
    expect(conditionHolds(c, cluster(s))).toBe(false);
    s[2].tablets[0].csConversion!.status = 'DONE';
    expect(conditionHolds(c, cluster(s))).toBe(true);
  });

  it('describes what a wait waits for', () => {
    expect(waitTimedOutText({ kind: 'leader', tenant: 'test', lsId: 1001, zone: 'zone2', serverId: null }, 30_000)).toBe(
      'timed out after 30s waiting for a leader of LS 1001 (test) in zone2',
    );
    expect(describeCondition({ kind: 'sql', tenant: 'test', query: 'SELECT 1', value: '1' })).toBe('`SELECT 1` to return 1');
  });
});

describe('conditions on a simulated cluster', () => {
  let sim: SimCluster | null = null;
  afterEach(async () => {
    await sim?.stop();
    sim = null;
  });

  const holds = async (c: Parameters<typeof conditionHolds>[0]) => conditionHolds(c, await sim!.clusterSnapshot());

  it('leaders after boot; a new leader after a kill; mini and major compactions after freezes', async () => {
    sim = await SimCluster.start(nodeSimOptions(5));
    expect(await holds({ kind: 'leaders' })).toBe(true);
    expect(await holds({ kind: 'balanced', tenant: 'test' })).toBe(true);
    expect(await holds({ kind: 'server', serverId: 2, status: 'ACTIVE' })).toBe(true);
    const ok = async (id: number, sql: string, tenant = 'test') => {
      const r = await sim!.sql(id, sql, { tenant });
      expect(r.error, sql).toBeUndefined();
      return r;
    };
    await ok(1, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await ok(1, 'INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)');

    await ok(1, 'ALTER SYSTEM MINOR FREEZE TENANT = test', 'sys');
    await sim.runUntil(() => holds({ kind: 'miniDone', tenant: 'test' }), 30_000);
    const minis = (await sim.clusterSnapshot()).servers.flatMap((s) => s.tablets.filter((t) => t.tenantId === 1002).flatMap((t) => t.sstables));
    expect(minis.some((s) => s.type === 'MINI')).toBe(true);

    await ok(1, 'ALTER SYSTEM MAJOR FREEZE TENANT = test', 'sys');
    await sim.runUntil(() => holds({ kind: 'majorDone', tenant: 'test' }), 120_000);
    const info = await ok(1, "SELECT STATUS FROM oceanbase.CDB_OB_MAJOR_COMPACTION WHERE TENANT_ID = 1002", 'sys');
    expect(info.results[0].rows).toEqual([['IDLE']]);

    const snap = await sim.clusterSnapshot();
    const leader = servingLeader(snap, 1002, 1001)!.server;
    sim.kill(leader.serverId);
    const atLeader = { kind: 'leader' as const, tenant: 'test', lsId: 1001, zone: null, serverId: leader.serverId };
    expect(await holds(atLeader)).toBe(false);
    expect(await holds({ kind: 'server', serverId: leader.serverId, status: 'STOPPED' })).toBe(true);
    await sim.runUntil(() => holds({ ...atLeader, serverId: null }), 30_000);
    expect(servingLeader(await sim.clusterSnapshot(), 1002, 1001)!.server.serverId).not.toBe(leader.serverId);
  }, 120_000);
});
