/**
 * `bootstrapClusterState`: the default cluster every server derives from the server list without
 * any log — what OceanBase's bootstrap writes into `__all_zone`, `__all_server`,
 * `__all_unit_config`, `__all_resource_pool`, `__all_unit`, `__all_tenant` and `__all_ls`, plus
 * the Docker image's user tenant `test` (reference §1.9). It must equal topology.ts's
 * `buildTopology` once turned into a topology (tested).
 */
import { CLUSTER_NAME, SQL_PORT, SVR_PORT, type ServerInfo } from './topology';
import type { ClusterState, RsServer, RsUnit } from './types';
import { applyRsCommand } from './apply';
import {
  GIB, INT64_MAX_TEXT, NODE_CPU_CAPACITY, NODE_LOG_DISK_CAPACITY_BYTES, NODE_MEM_CAPACITY_BYTES, SYS_POOL_ID, SYS_TENANT,
  SYS_UNIT_CONFIG_ID,
} from './cluster_state';

function emptyState(): ClusterState {
  return {
    version: 0,
    clusterName: CLUSTER_NAME,
    zones: [],
    servers: [],
    unitConfigs: [],
    resourcePools: [],
    units: [],
    tenants: [],
    ls: [],
    tenantJobs: [],
    balanceJobs: [],
    transferTasks: [],
    nextIds: { unitConfig: 1001, resourcePool: 1001, unit: 1001, tenant: 1002, job: 1, transferTask: 1 },
  };
}

/**
 * The default cluster of `servers` (one server per zone, as topology.ts's `buildTopology`):
 * zones and ACTIVE servers, the sys tenant (`sys_unit_config` 1 CPU / 2G, `sys_pool`, units
 * 1..n, LS 1), and the user tenant `test` (1002, `test_unit` 2 CPU / 5G on `test_pool`, UNIT_NUM
 * 1, PRIMARY_ZONE RANDOM, F@each zone) with its meta tenant `META$1002` — built by applying the
 * same commands a user would (CREATE RESOURCE UNIT / POOL, CREATE TENANT), then marked NORMAL.
 * Returns version 1. Identical on every server for the same list and `atUs`.
 */
export function bootstrapClusterState(servers: ServerInfo[], atUs: number): ClusterState {
  const s = emptyState();
  const zones = [...new Set(servers.map((x) => x.zone))];
  s.zones = zones.map((zone) => ({ zone, status: 'ACTIVE', idc: '', region: 'default_region', createTimeUs: atUs, modifyTimeUs: atUs }));
  s.servers = servers.map((x) => bootstrapServer(x, atUs));
  addSysTenant(s, zones, atUs);
  let st = s;
  const run = (cmd: Parameters<typeof applyRsCommand>[1]) => { st = applyRsCommand(st, cmd); };
  run({ atUs, type: 'createUnitConfig', name: 'test_unit', ifNotExists: false, maxCpu: 2, minCpu: null, memorySizeBytes: 5 * GIB, logDiskSizeBytes: null, maxIops: null, minIops: null, iopsWeight: null });
  run({ atUs, type: 'createResourcePool', name: 'test_pool', unitConfigName: 'test_unit', unitNum: 1, zoneList: null, replicaType: 'FULL' });
  run({ atUs, type: 'createTenant', name: 'test', ifNotExists: false, resourcePoolList: ['test_pool'], primaryZone: null, locality: null, sqlText: '' });
  for (const t of st.tenants) t.status = 'NORMAL';
  for (const l of st.ls) { l.status = 'NORMAL'; l.createScn = '1'; }
  st.version = 1;
  return st;
}

function bootstrapServer(x: ServerInfo, atUs: number): RsServer {
  return {
    serverId: x.serverId, svrIp: x.svrIp, svrPort: SVR_PORT, sqlPort: SQL_PORT, zone: x.zone, status: 'ACTIVE',
    stopTimeUs: 0, startServiceTimeUs: atUs, lastHeartbeatUs: atUs, permanentOffline: false,
    createTimeUs: atUs, modifyTimeUs: atUs,
    cpuCapacity: NODE_CPU_CAPACITY, memCapacityBytes: NODE_MEM_CAPACITY_BYTES, logDiskCapacityBytes: NODE_LOG_DISK_CAPACITY_BYTES,
  };
}

/** The sys tenant: `sys_unit_config` (1), `sys_pool` (1), units 1..n (one per zone), LS 1. */
function addSysTenant(s: ClusterState, zones: string[], atUs: number): void {
  s.unitConfigs.push({
    unitConfigId: SYS_UNIT_CONFIG_ID, name: 'sys_unit_config', maxCpu: 1, minCpu: 1, memorySizeBytes: 2 * GIB,
    logDiskSizeBytes: 6 * GIB, maxIops: INT64_MAX_TEXT, minIops: INT64_MAX_TEXT, iopsWeight: 1, createTimeUs: atUs, modifyTimeUs: atUs,
  });
  s.resourcePools.push({
    resourcePoolId: SYS_POOL_ID, name: 'sys_pool', tenantId: SYS_TENANT, unitCount: 1, unitConfigId: SYS_UNIT_CONFIG_ID,
    zoneList: zones, replicaType: 'FULL', createTimeUs: atUs, modifyTimeUs: atUs,
  });
  const firstServerOf = (zone: string) => s.servers.find((x) => x.zone === zone)!;
  s.units.push(...zones.map((zone, i): RsUnit => ({
    unitId: 1 + i, resourcePoolId: SYS_POOL_ID, unitGroupId: 0, zone, serverId: firstServerOf(zone).serverId,
    status: 'ACTIVE', migrateFromServerId: null, createTimeUs: atUs, modifyTimeUs: atUs,
  })));
  s.tenants.push({
    tenantId: SYS_TENANT, name: 'sys', type: 'SYS', primaryZone: 'RANDOM',
    locality: zones.map((zone) => ({ replicaType: 'FULL', zone })), previousLocality: null, status: 'NORMAL',
    unitNum: 1, resourcePoolIds: [SYS_POOL_ID], createTimeUs: atUs, modifyTimeUs: atUs,
  });
  s.ls.push({
    tenantId: SYS_TENANT, lsId: 1, status: 'NORMAL', primaryZone: zones.join(';'), unitGroupId: 0, lsGroupId: 0,
    replicas: zones.map((zone) => ({ serverId: firstServerOf(zone).serverId, replicaType: 'FULL' })),
    preferredLeader: null, createScn: '1', createTimeUs: atUs,
  });
}
