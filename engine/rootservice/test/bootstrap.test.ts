import { describe, expect, it } from 'vitest';
import { bootstrapClusterState } from '../bootstrap';
import { topologyFromState } from '../state_topology';
import { clusterStateSnapshot } from '../state_snapshot';
import { buildTopology, defaultServers } from '../topology';
import { boot, T0 } from './helpers';

describe('bootstrapClusterState', () => {
  it('derives exactly the default topology (buildTopology) from the default servers', () => {
    expect(topologyFromState(boot())).toEqual(buildTopology(defaultServers()));
  });

  it('matches buildTopology for a five-zone server list too', () => {
    const servers = [1, 2, 3, 4, 5].map((i) => ({ serverId: i, zone: `z${i}`, svrIp: `192.168.0.${i}` }));
    expect(topologyFromState(bootstrapClusterState(servers, T0))).toEqual(buildTopology(servers));
  });

  it('has the default ids, configs and tenants OceanBase shows', () => {
    const s = boot();
    expect(s.version).toBe(1);
    expect(s.unitConfigs.map((c) => [c.unitConfigId, c.name, c.maxCpu, c.memorySizeBytes, c.logDiskSizeBytes, c.iopsWeight])).toEqual([
      [1, 'sys_unit_config', 1, 2 * 1024 ** 3, 6 * 1024 ** 3, 1],
      [1001, 'test_unit', 2, 5 * 1024 ** 3, 15 * 1024 ** 3, 2],
    ]);
    expect(s.resourcePools.map((p) => [p.resourcePoolId, p.name, p.tenantId])).toEqual([[1, 'sys_pool', 1], [1001, 'test_pool', 1002]]);
    expect(s.units.map((u) => [u.unitId, u.serverId, u.unitGroupId])).toEqual([
      [1, 1, 0], [2, 2, 0], [3, 3, 0], [1001, 1, 1001], [1002, 2, 1001], [1003, 3, 1001],
    ]);
    expect(s.tenants.map((t) => [t.tenantId, t.name, t.type, t.status, t.primaryZone])).toEqual([
      [1, 'sys', 'SYS', 'NORMAL', 'RANDOM'], [1001, 'META$1002', 'META', 'NORMAL', 'RANDOM'], [1002, 'test', 'USER', 'NORMAL', 'RANDOM'],
    ]);
    expect(s.ls.filter((l) => l.tenantId === 1002).map((l) => [l.lsId, l.lsGroupId, l.unitGroupId, l.primaryZone, l.status])).toEqual([
      [1, 0, 0, 'zone1;zone2;zone3', 'NORMAL'],
      [1001, 1001, 1001, 'zone1;zone2;zone3', 'NORMAL'],
      [1002, 1001, 1001, 'zone2;zone1;zone3', 'NORMAL'],
      [1003, 1001, 1001, 'zone3;zone1;zone2', 'NORMAL'],
    ]);
    expect(s.servers.every((x) => x.status === 'ACTIVE' && x.svrPort === 2882 && x.sqlPort === 2881)).toBe(true);
  });

  it('is deterministic: the same list and time give equal states', () => {
    expect(boot()).toEqual(boot());
  });

  it('snapshots the view rows with locality display and preferred leaders', () => {
    const snap = clusterStateSnapshot(boot());
    const test = snap.tenants.find((t) => t.tenantName === 'test')!;
    expect(test.locality).toBe('FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3');
    expect(test.previousLocality).toBeNull();
    expect(test.maxLsId).toBe(1003);
    expect(test.ls.map((l) => [l.lsId, l.leaderServerId, l.leaderKnown])).toEqual([[1, 1, false], [1001, 1, false], [1002, 2, false], [1003, 3, false]]);
    expect(snap.units.find((u) => u.unitId === 1001)).toMatchObject({ tenantId: 1002, unitConfigId: 1001, migrateFromServerId: null });
    expect(snap.unitConfigs[0]).toMatchObject({ name: 'sys_unit_config', memorySize: 2147483648, maxIops: '9223372036854775807' });
    expect(snap.zones.map((z) => [z.zone, z.status, z.type])).toEqual([['zone1', 'ACTIVE', 'ReadWrite'], ['zone2', 'ACTIVE', 'ReadWrite'], ['zone3', 'ACTIVE', 'ReadWrite']]);
    expect(snap.rsServers.map((x) => [x.serverId, x.status, x.cpuCapacity])).toEqual([[1, 'ACTIVE', 16], [2, 'ACTIVE', 16], [3, 'ACTIVE', 16]]);
  });
});
