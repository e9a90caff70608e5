/**
 * The root service's state (`ClusterState`, types.ts — OceanBase's inner tables `__all_zone`,
 * `__all_server`, `__all_unit_config`, `__all_resource_pool`, `__all_unit`, `__all_tenant`,
 * `__all_ls`): the constants of a simulated node and the lookups shared by the command handlers.
 * The default cluster itself is built in bootstrap.ts.
 *
 * Invariants (checked by the command handlers, relied on by placement and topology):
 * - a tenant has at most one unit per server; every zone of a pool has `unitCount` units;
 * - every LS replica sits on a server that hosts a unit of the LS's tenant (meta tenants share
 *   their user tenant's pools); each LS has at most one replica per zone;
 * - ids only grow (`nextIds`), so every replica applying the same commands gets the same ids.
 * Pure: no clock reads (times come in as `atUs`), no randomness, no I/O.
 */
import { Errors } from '../common/ob_error';
import type { ClusterState, RsLs, RsResourcePool, RsServer, RsTenant, RsUnit, RsUnitConfig } from './types';

export const GIB = 1024 * 1024 * 1024;
/** Capacity of one simulated OBServer (GV$OB_SERVERS CPU_CAPACITY, MEM_CAPACITY, LOG_DISK_CAPACITY). */
export const NODE_CPU_CAPACITY = 16;
export const NODE_MEM_CAPACITY_BYTES = 32 * GIB;
export const NODE_LOG_DISK_CAPACITY_BYTES = 96 * GIB;
/** `__min_full_resource_pool_memory` (reference §1.4): the smallest MEMORY_SIZE of a user unit. */
export const MIN_FULL_RESOURCE_POOL_MEMORY_BYTES = 5 * GIB;
/** Smallest LOG_DISK_SIZE, MIN_CPU and IOPS of a unit config (reference §1.4). */
export const MIN_LOG_DISK_SIZE_BYTES = 2 * GIB;
export const MIN_UNIT_CPU = 1;
export const MIN_UNIT_IOPS = 1024n;
/** INT64_MAX, the IOPS default, shown as in `sys_unit_config`'s row. */
export const INT64_MAX_TEXT = '9223372036854775807';
export const SYS_TENANT = 1;
export const SYS_UNIT_CONFIG_ID = 1;
export const SYS_POOL_ID = 1;
/** The first user LS id and LS group id of a tenant (reference §2.3–2.4). */
export const FIRST_USER_LS = 1001;
export const FIRST_LS_GROUP = 1001;

/** `ip:port`, as OceanBase names a server in statements and errors. */
export function serverAddr(s: Pick<RsServer, 'svrIp' | 'svrPort'>): string {
  return `${s.svrIp}:${s.svrPort}`;
}

/** A copy of `state` to change: version + 1. The input is never mutated. */
export function nextState(state: ClusterState): ClusterState {
  const next = structuredClone(state);
  next.version = state.version + 1;
  return next;
}

export function findServerByAddr(state: ClusterState, svrIp: string, svrPort: number): RsServer {
  const s = state.servers.find((x) => x.svrIp === svrIp && x.svrPort === svrPort);
  if (!s) throw Errors.entryNotExist(`server '${svrIp}:${svrPort}' not exist`);
  return s;
}

export function serverById(state: ClusterState, serverId: number): RsServer | undefined {
  return state.servers.find((s) => s.serverId === serverId);
}

export function findUnitConfig(state: ClusterState, name: string): RsUnitConfig {
  const c = state.unitConfigs.find((x) => x.name === name);
  if (!c) throw Errors.resourceUnitNotExist(name);
  return c;
}

export function unitConfigById(state: ClusterState, id: number): RsUnitConfig {
  const c = state.unitConfigs.find((x) => x.unitConfigId === id);
  if (!c) throw Errors.internal(`unit config ${id} missing`);
  return c;
}

export function findPool(state: ClusterState, name: string): RsResourcePool {
  const p = state.resourcePools.find((x) => x.name === name);
  if (!p) throw Errors.resourcePoolNotExist(name);
  return p;
}

export function findTenant(state: ClusterState, name: string): RsTenant {
  const t = state.tenants.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (!t) throw Errors.tenantNotExist(name);
  return t;
}

export function tenantById(state: ClusterState, tenantId: number): RsTenant | undefined {
  return state.tenants.find((t) => t.tenantId === tenantId);
}

/** The tenant whose pools a tenant uses: a META tenant shares its user tenant's (id + 1). */
export function poolOwnerOf(tenant: RsTenant): number {
  return tenant.type === 'META' ? tenant.tenantId + 1 : tenant.tenantId;
}

/** Units of the tenant's pools (META: its user tenant's), by unit id. */
export function unitsOfTenant(state: ClusterState, tenantId: number): RsUnit[] {
  const t = tenantById(state, tenantId);
  if (!t) return [];
  const owner = poolOwnerOf(t);
  const pools = new Set(state.resourcePools.filter((p) => p.tenantId === owner).map((p) => p.resourcePoolId));
  return state.units.filter((u) => pools.has(u.resourcePoolId)).sort((a, b) => a.unitId - b.unitId);
}

export function lsOfTenant(state: ClusterState, tenantId: number): RsLs[] {
  return state.ls.filter((l) => l.tenantId === tenantId).sort((a, b) => a.lsId - b.lsId);
}

/** The tenant's zones: the zones of its pools, in the cluster's zone order. */
export function tenantZones(state: ClusterState, tenant: RsTenant): string[] {
  const owner = poolOwnerOf(tenant);
  const zones = new Set(state.resourcePools.filter((p) => p.tenantId === owner).flatMap((p) => p.zoneList));
  return state.zones.map((z) => z.zone).filter((z) => zones.has(z));
}

/** The cluster's zone names in creation order. */
export function zoneNames(state: ClusterState): string[] {
  return state.zones.map((z) => z.zone);
}
