/**
 * The cluster's static layout in this slice: zones, servers, unit configs, resource pools, units,
 * tenants and their log streams with fixed leaders. Every server derives the same topology from the
 * same server list, so no coordination is needed at bootstrap (issue #4 makes it reshapeable).
 *
 * Mirrors a fresh OceanBase V4 cluster (reference §1.1, §1.9, §2.3–2.4):
 * - cluster `obcluster`, zones zone1..zone3, one OBServer each (`DBA_OB_SERVERS.ID` 1..3, RPC 2882);
 * - sys tenant 1 (`sys_unit_config` 1, `sys_pool` 1, LS 1 only);
 * - user tenant `test` 1002 (MySQL mode, one unit per zone, locality F@zone1,F@zone2,F@zone3,
 *   PRIMARY_ZONE RANDOM) and its meta tenant 1001 (`META$1002`), each with LS 1;
 * - the user tenant's LSs 1001–1003, one leader per zone (UNIT_NUM 1 × 3 zones of RANDOM), in one
 *   unit group / LS group; LS 1 leaders (and so GTS and the root service) on zone1's server.
 *
 * Issue #4: the root service's `ClusterState` is the source of truth; `topologyFromState`
 * (state_topology.ts) derives this shape from it, and `buildTopology` stays as the reference of
 * the default cluster (tests check both agree).
 */
import { assert } from '../common/assert';
import { lsId, serverId, tenantId, type LsId, type ServerId, type TenantId } from '../common/ids';
import type { ReplicaType } from '../server/snapshot';

export interface ServerInfo {
  serverId: number;
  zone: string;
  svrIp: string;
}

export const CLUSTER_NAME = 'obcluster';
export const SVR_PORT = 2882;
export const SQL_PORT = 2881;
export const BUILD_VERSION = '4.3.3.0_100000132024101715-playground(Nov 21 2026)';

export function defaultServers(): ServerInfo[] {
  return [1, 2, 3].map((i) => ({ serverId: i, zone: `zone${i}`, svrIp: `10.0.0.${i}` }));
}

export interface LsPlacement {
  tenantId: TenantId;
  lsId: LsId;
  /** The preferred leader: the replica with the highest election priority (issue #4). */
  leader: ServerId;
  /** Paxos members: the FULL replicas. */
  members: ServerId[];
  /** Issue #4: learners — the READONLY and COLUMNSTORE replicas. */
  learners: ServerId[];
  /** Issue #4: each replica's type by server id. */
  replicaTypes: Record<number, ReplicaType>;
  unitGroupId: number;
  lsGroupId: number;
  /** The LS's own election priority as DBA_OB_LS shows it. */
  primaryZone: string;
}

export interface TenantLayout {
  tenantId: TenantId;
  name: string;
  type: 'SYS' | 'META' | 'USER';
  primaryZone: string;
  locality: string;
  unitConfigId: number;
  resourcePoolId: number;
  /** Unit id per server id. */
  unitIds: Map<number, number>;
  unitGroupId: number;
  ls: LsPlacement[];
}

export interface ClusterTopology {
  servers: ServerInfo[];
  tenants: TenantLayout[];
  /** The server hosting the root service (sys tenant LS 1 leader). */
  rootServer: ServerId;
}

/** The one user tenant of the default cluster. */
export const TEST_TENANT_ID = tenantId(1002);
export const TEST_TENANT_NAME = 'test';

export function buildTopology(servers: ServerInfo[]): ClusterTopology {
  assert(servers.length >= 1, 'a cluster needs a server');
  const ids = servers.map((s) => serverId(s.serverId));
  const first = ids[0];
  const zones = servers.map((s) => s.zone);
  const locality = zones.map((z) => `FULL{1}@${z}`).join(', ');
  const unitIdsFrom = (base: number) => new Map(servers.map((s, i) => [s.serverId, base + i]));
  const allFull = (): Record<number, ReplicaType> => Object.fromEntries(ids.map((id) => [id, 'FULL' as const]));
  const sysLs = (t: TenantId, unitGroupId = 0): LsPlacement => ({
    tenantId: t, lsId: lsId(1), leader: first, members: ids, learners: [], replicaTypes: allFull(), unitGroupId, lsGroupId: 0,
    primaryZone: zones.join(';'),
  });
  const sys: TenantLayout = {
    tenantId: tenantId(1), name: 'sys', type: 'SYS', primaryZone: 'RANDOM', locality,
    unitConfigId: 1, resourcePoolId: 1, unitIds: unitIdsFrom(1), unitGroupId: 0, ls: [sysLs(tenantId(1))],
  };
  const userUnits = unitIdsFrom(1001);
  const unitGroupId = 1001;
  const meta: TenantLayout = {
    tenantId: tenantId(1001), name: 'META$1002', type: 'META', primaryZone: 'RANDOM', locality,
    unitConfigId: 1001, resourcePoolId: 1001, unitIds: userUnits, unitGroupId, ls: [sysLs(tenantId(1001))],
  };
  const userLs: LsPlacement[] = servers.map((s, i) => ({
    tenantId: TEST_TENANT_ID,
    lsId: lsId(1001 + i),
    leader: serverId(s.serverId),
    members: ids,
    learners: [],
    replicaTypes: allFull(),
    unitGroupId,
    lsGroupId: 1001,
    primaryZone: [s.zone, ...zones.filter((z) => z !== s.zone)].join(';'),
  }));
  const user: TenantLayout = {
    tenantId: TEST_TENANT_ID, name: TEST_TENANT_NAME, type: 'USER', primaryZone: 'RANDOM', locality,
    unitConfigId: 1001, resourcePoolId: 1001, unitIds: userUnits, unitGroupId,
    ls: [sysLs(TEST_TENANT_ID), ...userLs],
  };
  return { servers, tenants: [sys, meta, user], rootServer: first };
}

export function userLsIds(t: TenantLayout): LsId[] {
  return t.ls.filter((l) => l.lsId !== 1).map((l) => l.lsId);
}
