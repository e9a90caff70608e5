import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, LsReplicaSnapshot, ServerSnapshot } from '../../engine/server/snapshot';
import {
  describeLinkEffect, describeLinkEnds, formatMs, leaderReplicaOf, leaseRemainingMs, linkViews, logLagEntries, replicaKind, serverStatus,
  tenantsOnServer, zoneLayout,
} from './topology';

const replica = (over: Partial<LsReplicaSnapshot>): LsReplicaSnapshot => ({
  tenantId: 1002, lsId: 1001, role: 'FOLLOWER', replicaType: 'FULL', proposalId: 3, memberList: [1, 2, 3], leaderServerId: 1,
  lastLsn: 10, committedLsn: 10, appliedLsn: 10, appliedScn: '1', checkpointLsn: 0, tabletCount: 1, ...over,
});

const server = (serverId: number, zone: string, lsReplicas: LsReplicaSnapshot[]): ServerSnapshot => ({
  serverId, svrIp: `10.0.0.${serverId}`, svrPort: 2882, sqlPort: 2881, zone, status: 'ACTIVE', withRootserver: serverId === 1,
  startServiceTimeUs: 0, buildVersion: 'x', lsReplicas, tablets: [], memstore: [],
  counters: { sqlStatements: 0, rpcIn: 0, rpcOut: 0, palfEntriesAppended: 0, blockCacheHits: 0, blockCacheMisses: 0, dataFileBytes: 0, clogBytes: 0 },
  takenAtUs: 5_000_000,
});

/** unit_num = 2 on one server: two unit groups, LS 1001 in LS group 1001 (UG 1001), LS 1002 in LS group 1002 (UG 1002). */
function cluster(): ClusterSnapshot {
  return {
    clusterName: 'obcluster', zones: [{ zone: 'zone1', status: 'ACTIVE', idc: '', region: '', type: 'ReadWrite', createTimeUs: 0, modifyTimeUs: 0 }],
    servers: [
      server(1, 'zone1', [
        replica({ lsId: 1, role: 'LEADER', lastLsn: 40 }),
        replica({ lsId: 1001, role: 'LEADER', lastLsn: 12 }),
        replica({ lsId: 1002, lastLsn: 7, leaderServerId: 2 }),
      ]),
      server(2, 'zone2', [replica({ lsId: 1002, role: 'LEADER', lastLsn: 9, leaderServerId: 2 })]),
    ],
    tenants: [
      {
        tenantId: 1002, tenantName: 'test', tenantType: 'USER', primaryZone: 'zone1', locality: '', compatibilityMode: 'MYSQL', status: 'NORMAL',
        unitNum: 2, createTimeUs: 0,
        ls: [
          { tenantId: 1002, lsId: 1, status: 'NORMAL', primaryZone: 'zone1', unitGroupId: 0, lsGroupId: 0, createScn: '1', replicaServerIds: [1], leaderServerId: 1 },
          { tenantId: 1002, lsId: 1001, status: 'NORMAL', primaryZone: 'zone1', unitGroupId: 1001, lsGroupId: 1001, createScn: '1', replicaServerIds: [1], leaderServerId: 1 },
          { tenantId: 1002, lsId: 1002, status: 'NORMAL', primaryZone: 'zone1', unitGroupId: 1002, lsGroupId: 1002, createScn: '1', replicaServerIds: [1, 2], leaderServerId: 2 },
        ],
      },
    ],
    unitConfigs: [{ unitConfigId: 1, name: 'u', maxCpu: 2, minCpu: 2, memorySize: 1 << 30, logDiskSize: 0, maxIops: '', minIops: '', iopsWeight: 0 }],
    resourcePools: [],
    units: [
      { unitId: 7, tenantId: 1002, status: 'ACTIVE', resourcePoolId: 1, unitGroupId: 1002, zone: 'zone1', serverId: 1, unitConfigId: 1 },
      { unitId: 6, tenantId: 1002, status: 'ACTIVE', resourcePoolId: 1, unitGroupId: 1001, zone: 'zone1', serverId: 1, unitConfigId: 1 },
    ],
    tabletLocations: [],
    takenAtUs: 5_000_000,
  };
}

describe('server status on the card', () => {
  it('shows the worker’s fate first, then the root service’s view, then the server’s own', () => {
    expect(serverStatus('crashed', { status: 'ACTIVE' }, undefined).status).toBe('CRASHED');
    expect(serverStatus('stopped', undefined, { status: 'INACTIVE', stopTimeUs: 0, permanentOffline: false })).toEqual({
      status: 'STOPPED', rsNote: 'root service: INACTIVE',
    });
    expect(serverStatus('running', { status: 'ACTIVE' }, { status: 'INACTIVE', stopTimeUs: 0, permanentOffline: false }).status).toBe('INACTIVE');
    expect(serverStatus('running', { status: 'ACTIVE' }, { status: 'ACTIVE', stopTimeUs: 12, permanentOffline: false }).status).toBe('STOPPED');
    expect(serverStatus('running', { status: 'ACTIVE' }, undefined)).toEqual({ status: 'ACTIVE', rsNote: null });
    expect(serverStatus(undefined, undefined, undefined).status).toBe('INACTIVE');
  });

  it('a running node the root service does not list yet is NOT ADDED, whatever it says of itself', () => {
    expect(serverStatus('running', { status: 'ACTIVE' }, undefined, false)).toEqual({ status: 'NOT ADDED', rsNote: null });
    expect(serverStatus('booting', undefined, undefined, false).status).toBe('BOOTING');
  });
});

describe('replica chip facts', () => {
  it('draws leader, candidate, learner (R/C or in the learner list) and follower apart', () => {
    expect(replicaKind(replica({ role: 'LEADER' }), 1)).toBe('leader');
    expect(replicaKind(replica({ election: { electionState: 'CANDIDATE', leaseExpiryUs: null, votedFor: 2, servingStrong: false } }), 2)).toBe('candidate');
    expect(replicaKind(replica({ replicaType: 'COLUMNSTORE' }), 3)).toBe('learner');
    expect(replicaKind(replica({ learnerList: [3] }), 3)).toBe('learner');
    expect(replicaKind(replica({}), 2)).toBe('follower');
  });

  it('gives a leader’s remaining lease from its expiry and the snapshot time, never negative', () => {
    const lead = (leaseExpiryUs: number | null) => replica({ role: 'LEADER', election: { electionState: 'LEADER', leaseExpiryUs, votedFor: 1, servingStrong: true } });
    expect(leaseRemainingMs(lead(8_200_000), 5_000_000)).toBe(3200);
    expect(leaseRemainingMs(lead(4_000_000), 5_000_000)).toBe(0);
    expect(leaseRemainingMs(lead(null), 5_000_000)).toBeNull();
    expect(leaseRemainingMs(replica({}), 5_000_000)).toBeNull();
    expect([formatMs(850), formatMs(3200), formatMs(12_345)]).toEqual(['850 ms', '3.2 s', '12 s']);
  });

  it('finds the leader the location cache names and the lag behind it in entries', () => {
    const snap = cluster();
    const leader = leaderReplicaOf(snap, 1002, 1002);
    expect(leader?.serverId).toBe(2);
    const mine = snap.servers[0].lsReplicas.find((r) => r.lsId === 1002)!;
    expect(logLagEntries(mine, leader!.replica)).toBe(2);
    expect(logLagEntries(mine, null)).toBeNull();
    expect(leaderReplicaOf(snap, 1002, 4242)).toBeNull();
  });
});

describe('units by unit group, replicas by LS group', () => {
  it('puts each LS under the unit of its unit group, LS 1 (LS group 0) under the first unit', () => {
    const [t] = tenantsOnServer(cluster(), 1);
    expect(t.tenantName).toBe('test');
    expect(t.units.map((u) => [u.unit?.unitId, u.unit?.unitGroupId, u.lsGroups.map((g) => [g.lsGroupId, g.replicas.map((r) => r.lsId)])])).toEqual([
      [6, 1001, [[0, [1]], [1001, [1001]]]],
      [7, 1002, [[1002, [1002]]]],
    ]);
    expect(t.units[0].config?.maxCpu).toBe(2);
  });

  it('leaves out tenants with no unit and no replica on the server; keeps replicas without units', () => {
    const snap = cluster();
    snap.units = [];
    expect(tenantsOnServer(snap, 3)).toEqual([]);
    const [t] = tenantsOnServer(snap, 2);
    expect(t.units).toHaveLength(1);
    expect(t.units[0].unit).toBeNull();
    expect(t.units[0].lsGroups.map((g) => g.lsGroupId)).toEqual([1002]);
  });

  it('lays out zones with servers from the snapshot, the root service and the deployment', () => {
    const snap = cluster();
    snap.rsServers = [{ serverId: 4, svrIp: '10.0.0.4', svrPort: 2882, zone: 'zone1', status: 'INACTIVE', stopTimeUs: 0, startServiceTimeUs: 0, lastHeartbeatUs: 0, permanentOffline: false }];
    expect(zoneLayout(snap, [{ serverId: 3, zone: 'zone3' }, { serverId: 1, zone: 'zone1' }])).toEqual([
      { zone: 'zone1', serverIds: [1, 4] },
      { zone: 'zone2', serverIds: [2] },
      { zone: 'zone3', serverIds: [3] },
    ]);
  });
});

describe('link faults as the page lists them', () => {
  it('folds matching directions into one two-way link and keeps one-way and differing ones apart', () => {
    const f = (from: number, to: number, cut: boolean, delayUs = 0, lossRate = 0) => ({ from, to, cut, delayUs, lossRate });
    const links = linkViews([f(2, 1, true), f(1, 2, true), f(1, 3, false, 200_000), f(3, 1, false, 0, 0.2), f(2, 3, false)]);
    expect(links).toEqual([
      { a: 1, b: 2, oneWay: false, cut: true, delayUs: 0, lossRate: 0 },
      { a: 1, b: 3, oneWay: true, cut: false, delayUs: 200_000, lossRate: 0 },
      { a: 3, b: 1, oneWay: true, cut: false, delayUs: 0, lossRate: 0.2 },
    ]);
    expect(links.map((l) => `${describeLinkEnds(l)}: ${describeLinkEffect(l)}`)).toEqual([
      'server 1 ⇄ server 2: ✂ cut',
      'server 1 → server 3: ◷ delay 200 ms',
      'server 3 → server 1: ⚠ loss 20%',
    ]);
  });
});
