import { describe, expect, it } from 'vitest';
import { clusterStateSnapshot } from '../state_snapshot';
import { topologyFromState } from '../state_topology';
import { boot, expectObError, pool, run, tenant, unit, withServers, T0 } from './helpers';

describe('zones', () => {
  it('adds, stops, starts and deletes an empty zone', () => {
    let s = run(boot(), { type: 'addZone', zone: 'zone4', idc: 'hz1', region: 'hangzhou' });
    expect(s.zones.at(-1)).toMatchObject({ zone: 'zone4', idc: 'hz1', region: 'hangzhou', status: 'ACTIVE' });
    s = run(s, { type: 'stopZone', zone: 'zone4' });
    expect(s.zones.at(-1)!.status).toBe('INACTIVE');
    s = run(s, { type: 'startZone', zone: 'zone4' }, { type: 'deleteZone', zone: 'zone4' });
    expect(s.zones.map((z) => z.zone)).toEqual(['zone1', 'zone2', 'zone3']);
  });

  it('refuses deleting a zone with servers, duplicates and unknown zones', () => {
    expectObError(() => run(boot(), { type: 'deleteZone', zone: 'zone1' }),
      'ERROR 4668 (HY000): The zone is not empty and can not be deleted. You should delete the servers of the zone. There are 1 servers alive and 0 not alive.');
    expectObError(() => run(boot(), { type: 'addZone', zone: 'zone1', idc: '', region: '' }), "ERROR 4017 (HY000): zone 'zone1' already exists");
    expectObError(() => run(boot(), { type: 'stopZone', zone: 'zone7' }), "ERROR 4530 (HY000): Zone info 'zone7' not exist");
  });
});

describe('servers', () => {
  it('adds a server INACTIVE until its first heartbeat', () => {
    let s = run(boot(), { type: 'addZone', zone: 'zone4', idc: '', region: '' }, { type: 'addServer', svrIp: '10.0.0.4', svrPort: 2882, zone: 'zone4', serverId: 4 });
    expect(s.servers.at(-1)).toMatchObject({ serverId: 4, status: 'INACTIVE', sqlPort: 2881, memCapacityBytes: 32 * 1024 ** 3 });
    s = run(s, { type: 'serverLiveness', serverId: 4, status: 'ACTIVE', permanentOffline: false, startServiceTimeUs: T0 + 5 });
    expect(s.servers.at(-1)).toMatchObject({ status: 'ACTIVE', startServiceTimeUs: T0 + 5 });
    expect(topologyFromState(s).servers.map((x) => x.serverId)).toEqual([1, 2, 3, 4]);
    expectObError(() => run(s, { type: 'addServer', svrIp: '10.0.0.4', svrPort: 2882, zone: 'zone4', serverId: 5 }),
      "ERROR 4017 (HY000): server '10.0.0.4:2882' already exists");
    expectObError(() => run(s, { type: 'addServer', svrIp: '10.0.0.9', svrPort: 2882, zone: 'zone9', serverId: 9 }), "ERROR 4530 (HY000): Zone info 'zone9' not exist");
  });

  it('deletes an empty server at once', () => {
    const s = run(withServers(boot(), [{ zone: 'zone4', serverId: 4 }]), { type: 'deleteServer', svrIp: '10.0.0.4', svrPort: 2882 });
    expect(s.servers.map((x) => x.serverId)).toEqual([1, 2, 3]);
  });

  it('DELETE SERVER migrates its units (and their LS replicas) within the zone, then removes it', () => {
    let s = withServers(boot(), [{ zone: 'zone1', serverId: 4, newZone: false }]);
    s = run(s, { type: 'deleteServer', svrIp: '10.0.0.1', svrPort: 2882 });
    expect(s.servers.find((x) => x.serverId === 1)!.status).toBe('DELETING');
    const moved = s.units.filter((u) => u.migrateFromServerId === 1);
    expect(moved.map((u) => [u.unitId, u.serverId])).toEqual([[1, 4], [1001, 4]]);
    expect(s.ls.every((l) => !l.replicas.some((r) => r.serverId === 1))).toBe(true);
    expect(s.ls.filter((l) => l.lsId === 1).every((l) => l.replicas.some((r) => r.serverId === 4))).toBe(true);
    expect(clusterStateSnapshot(s).units.find((u) => u.unitId === 1001)!.migrateFromServerId).toBe(1);
    expectObError(() => run(s, { type: 'deleteServer', svrIp: '10.0.0.1', svrPort: 2882 }), 'ERROR 4628 (HY000): server has already been deleted');
    s = run(s, { type: 'unitMigrated', unitId: 1 });
    expect(s.servers.some((x) => x.serverId === 1)).toBe(true);
    s = run(s, { type: 'unitMigrated', unitId: 1001 });
    expect(s.servers.map((x) => x.serverId)).toEqual([2, 3, 4]);
  });

  it('refuses DELETE SERVER when no server of the zone can take its units; CANCEL DELETE needs DELETING', () => {
    expectObError(() => run(boot(), { type: 'deleteServer', svrIp: '10.0.0.2', svrPort: 2882 }),
      "ERROR 4745 (HY000): delete server not allowed, no other server in zone 'zone2' can hold unit 2");
    expectObError(() => run(boot(), { type: 'cancelDeleteServer', svrIp: '10.0.0.2', svrPort: 2882 }), 'ERROR 4629 (HY000): server is not in deleting status');
    expectObError(() => run(boot(), { type: 'deleteServer', svrIp: '10.0.0.9', svrPort: 2882 }), "ERROR 4018 (HY000): server '10.0.0.9:2882' not exist");
  });

  it('STOP SERVER records the stop time; a second zone cannot be stopped', () => {
    let s = run(boot(), { type: 'stopServer', svrIp: '10.0.0.1', svrPort: 2882 });
    expect(s.servers[0].stopTimeUs).toBeGreaterThan(0);
    expectObError(() => run(s, { type: 'stopServer', svrIp: '10.0.0.2', svrPort: 2882 }), 'ERROR 4660 (HY000): Can not stop server in multiple zones');
    expectObError(() => run(s, { type: 'stopZone', zone: 'zone3' }), 'ERROR 4660 (HY000): Can not stop server in multiple zones');
    s = run(s, { type: 'startServer', svrIp: '10.0.0.1', svrPort: 2882 });
    expect(s.servers[0].stopTimeUs).toBe(0);
    expect(topologyFromState(s).rootServer).toBe(1);
  });

  it('moves the root service preference off a stopped server', () => {
    const s = run(boot(), { type: 'stopServer', svrIp: '10.0.0.1', svrPort: 2882 });
    expect(topologyFromState(s).rootServer).toBe(2);
  });

  it('heartbeat liveness: INACTIVE and permanent offline; a DELETING server stays DELETING', () => {
    let s = run(boot(), { type: 'serverLiveness', serverId: 3, status: 'INACTIVE', permanentOffline: true, startServiceTimeUs: T0 });
    expect(s.servers[2]).toMatchObject({ status: 'INACTIVE', permanentOffline: true });
    expect(clusterStateSnapshot(s).rsServers[2]).toMatchObject({ status: 'INACTIVE', permanentOffline: true });
    s = withServers(boot(), [{ zone: 'zone1', serverId: 4, newZone: false }]);
    s = run(s, { type: 'deleteServer', svrIp: '10.0.0.1', svrPort: 2882 },
      { type: 'serverLiveness', serverId: 1, status: 'ACTIVE', permanentOffline: false, startServiceTimeUs: T0 });
    expect(s.servers[0].status).toBe('DELETING');
  });

  it('replaceReplica rebuilds a permanently offline replica on another server of the zone', () => {
    let s = withServers(boot(), [{ zone: 'zone3', serverId: 4, newZone: false }]);
    s = run(s,
      { type: 'serverLiveness', serverId: 3, status: 'INACTIVE', permanentOffline: true, startServiceTimeUs: T0 },
      { type: 'replaceReplica', tenantId: 1002, lsId: 1001, fromServerId: 3, toServerId: 4 });
    expect(s.units.find((u) => u.unitId === 1003)).toMatchObject({ serverId: 4, migrateFromServerId: 3 });
    const onFour = s.ls.filter((l) => l.replicas.some((r) => r.serverId === 4)).map((l) => `${l.tenantId}:${l.lsId}`);
    expect(onFour).toEqual(['1001:1', '1002:1', '1002:1001', '1002:1002', '1002:1003']);
    expectObError(() => run(s, { type: 'replaceReplica', tenantId: 1002, lsId: 1001, fromServerId: 2, toServerId: 4 }),
      'ERROR 1210 (HY000): Incorrect arguments to replace replica');
  });
});

describe('root service internal updates', () => {
  it('a CREATING tenant becomes NORMAL once all its and its meta tenant LSs are NORMAL', () => {
    let s = run(boot(), unit('u1', 5), pool('p1', 'u1'), tenant('t1', ['p1'], { primaryZone: 'zone1' }));
    const lss = s.ls.filter((l) => l.tenantId >= 1003);
    expect(lss.map((l) => `${l.tenantId}:${l.lsId}`)).toEqual(['1003:1', '1004:1', '1004:1001']);
    for (const l of lss.slice(0, 2)) s = run(s, { type: 'lsStatus', tenantId: l.tenantId, lsId: l.lsId, status: 'NORMAL' });
    expect(s.tenants.find((t) => t.tenantId === 1004)!.status).toBe('CREATING');
    s = run(s, { type: 'lsStatus', tenantId: 1004, lsId: 1001, status: 'NORMAL' });
    expect(s.tenants.filter((t) => t.tenantId >= 1003).map((t) => t.status)).toEqual(['NORMAL', 'NORMAL']);
  });

  it('records transfer tasks and their progress', () => {
    let s = run(boot(), { type: 'createTransferTask', tenantId: 1002, balanceJobId: 7, srcLsId: 1001, destLsId: 1002, tabletIds: [200001, 200002], startScn: '5' });
    expect(s.transferTasks[0]).toMatchObject({ taskId: 1, status: 'INIT', tabletIds: [200001, 200002] });
    s = run(s, { type: 'transferTaskStatus', taskId: 1, status: 'COMPLETED', finishScn: '9' });
    const row = clusterStateSnapshot(s).transferTasks[0];
    expect(row).toMatchObject({ status: 'COMPLETED', finishScn: '9', tabletList: [200001, 200002], srcLsId: 1001, destLsId: 1002 });
    expect(row.finishTimeUs).toBeGreaterThan(0);
  });

  it('ignores late reports about things that are gone', () => {
    const s = run(boot(), { type: 'jobProgress', jobId: 99, progress: 5, jobStatus: 'INPROGRESS' }, { type: 'lsStatus', tenantId: 9, lsId: 1, status: 'NORMAL' });
    expect({ ...s, version: 1 }).toEqual(boot());
  });
});
