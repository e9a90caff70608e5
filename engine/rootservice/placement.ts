/**
 * Placement: which server gets a new unit, which units form a unit group, and where a tenant's
 * LS replicas go (reference §1.5, §2.3–2.4, §3.2).
 *
 * - A unit goes to the least-loaded server of its zone that can hold it (the sum of MIN_CPU,
 *   MEMORY_SIZE and LOG_DISK_SIZE of the units on a node stays within its capacity; V4 does not
 *   over-commit memory) and that holds no unit of the same tenant / pool.
 * - Units with one UNIT_GROUP_ID across zones form a unit group (id = its first unit's id); the
 *   tenant's LSs are grouped into LS groups, one per unit group, placed on that group's units.
 * - Each LS has one replica per locality item (type F/R/C in that zone) on the group's unit in
 *   that zone; LS 1 lives on the first unit group.
 * - User LSs per unit group = the number of zones in PRIMARY_ZONE's first level; LS k prefers
 *   first-level zone k (its DBA_OB_LS.PRIMARY_ZONE), so leaders spread over those zones.
 * All functions here work on a state copy the caller owns (`nextState`): they mutate it.
 */
import { Errors } from '../common/ob_error';
import {
  FIRST_LS_GROUP, FIRST_USER_LS, lsOfTenant, serverAddr, tenantById, unitConfigById, unitsOfTenant, zoneNames,
} from './cluster_state';
import { lsPrimaryZone } from './primary_zone';
import type { ClusterState, RsLocalityItem, RsLs, RsLsReplica, RsResourcePool, RsServer, RsTenant, RsUnit, RsUnitConfig } from './types';

export interface ResourceUsage {
  cpu: number;
  memBytes: number;
  logDiskBytes: number;
}

/** Resources assigned on a server: units placed there, and units still migrating away from it. */
export function serverUsage(state: ClusterState, serverId: number, excludeUnitIds: ReadonlySet<number> = new Set()): ResourceUsage {
  const usage: ResourceUsage = { cpu: 0, memBytes: 0, logDiskBytes: 0 };
  for (const u of state.units) {
    if (excludeUnitIds.has(u.unitId)) continue;
    if (u.serverId !== serverId && u.migrateFromServerId !== serverId) continue;
    const c = unitConfigById(state, poolOf(state, u).unitConfigId);
    usage.cpu += c.minCpu;
    usage.memBytes += c.memorySizeBytes;
    usage.logDiskBytes += c.logDiskSizeBytes;
  }
  return usage;
}

export function poolOf(state: ClusterState, u: RsUnit): RsResourcePool {
  const p = state.resourcePools.find((x) => x.resourcePoolId === u.resourcePoolId);
  if (!p) throw Errors.internal(`unit ${u.unitId} has no pool`);
  return p;
}

/** The first resource a unit of `config` would overflow on `server` (MIN_CPU, MEMORY_SIZE, LOG_DISK_SIZE), or null. */
export function lackingResource(state: ClusterState, server: RsServer, config: RsUnitConfig, excludeUnitIds?: ReadonlySet<number>): string | null {
  const used = serverUsage(state, server.serverId, excludeUnitIds);
  if (used.cpu + config.minCpu > server.cpuCapacity) return 'MIN_CPU';
  if (used.memBytes + config.memorySizeBytes > server.memCapacityBytes) return 'MEMORY_SIZE';
  if (used.logDiskBytes + config.logDiskSizeBytes > server.logDiskCapacityBytes) return 'LOG_DISK_SIZE';
  return null;
}

/** The first resource whose assigned total exceeds the server's capacity, or null. */
export function overCapacity(state: ClusterState, server: RsServer): string | null {
  const used = serverUsage(state, server.serverId);
  if (used.cpu > server.cpuCapacity) return 'MIN_CPU';
  if (used.memBytes > server.memCapacityBytes) return 'MEMORY_SIZE';
  if (used.logDiskBytes > server.logDiskCapacityBytes) return 'LOG_DISK_SIZE';
  return null;
}

function loadRatio(state: ClusterState, s: RsServer): number {
  const u = serverUsage(state, s.serverId);
  return u.memBytes / s.memCapacityBytes + u.cpu / s.cpuCapacity;
}

/** Servers that can take a new unit: ACTIVE (not DELETING / INACTIVE / permanently offline). */
export function canHostNewUnit(s: RsServer): boolean {
  return s.status === 'ACTIVE' && !s.permanentOffline;
}

/**
 * Picks `count` distinct servers in `zone` for units of `config`, least loaded first, skipping
 * `avoid` (servers already holding a unit of the same tenant or pool). Throws 4656 when the zone
 * has fewer servers than `count`, 4624 naming the first candidate and resource that does not fit,
 * 4734 when too few servers are eligible.
 */
export function pickServers(state: ClusterState, zone: string, count: number, config: RsUnitConfig, avoid: ReadonlySet<number>): number[] {
  const inZone = state.servers.filter((s) => s.zone === zone && s.status !== 'DELETING');
  if (inZone.length < count + inZone.filter((s) => avoid.has(s.serverId)).length) throw Errors.unitNumOverServerCount();
  const candidates = inZone
    .filter((s) => canHostNewUnit(s) && !avoid.has(s.serverId))
    .map((s) => ({ s, load: loadRatio(state, s) }))
    .sort((a, b) => a.load - b.load || a.s.serverId - b.s.serverId)
    .map((x) => x.s);
  const picked: number[] = [];
  let firstMiss: { server: RsServer; resource: string } | null = null;
  for (const s of candidates) {
    if (picked.length === count) break;
    const lack = lackingResource(state, s, config);
    if (lack === null) picked.push(s.serverId);
    else firstMiss ??= { server: s, resource: lack };
  }
  if (picked.length < count) {
    if (firstMiss) throw Errors.machineResourceNotEnough(zone, serverAddr(firstMiss.server), firstMiss.resource);
    throw Errors.zoneServerNotEnough(zone, count - picked.length);
  }
  return picked;
}

/** Servers hosting a unit of any pool owned by `ownerTenantId` (or of `pool` itself when unowned). */
export function serversOfOwner(state: ClusterState, pool: RsResourcePool): Set<number> {
  const pools = new Set(
    state.resourcePools
      .filter((p) => p.resourcePoolId === pool.resourcePoolId || (pool.tenantId !== -1 && p.tenantId === pool.tenantId))
      .map((p) => p.resourcePoolId),
  );
  return new Set(state.units.filter((u) => pools.has(u.resourcePoolId)).map((u) => u.serverId));
}

/** Creates `perZone` new units of `pool` in each of `zones` (unit group 0: grouped later). */
export function createUnits(state: ClusterState, pool: RsResourcePool, zones: string[], perZone: number, atUs: number): RsUnit[] {
  const config = unitConfigById(state, pool.unitConfigId);
  const avoid = serversOfOwner(state, pool);
  const picks = zones.map((zone) => ({ zone, servers: pickServers(state, zone, perZone, config, avoid) }));
  const created: RsUnit[] = [];
  for (let i = 0; i < perZone; i++) {
    for (const { zone, servers } of picks) {
      const unit: RsUnit = {
        unitId: state.nextIds.unit++, resourcePoolId: pool.resourcePoolId, unitGroupId: 0, zone, serverId: servers[i],
        status: 'ACTIVE', migrateFromServerId: null, createTimeUs: atUs, modifyTimeUs: atUs,
      };
      state.units.push(unit);
      created.push(unit);
    }
  }
  return created;
}

export interface UnitGroup {
  unitGroupId: number;
  /** One unit per zone, in the cluster's zone order. */
  units: RsUnit[];
}

/** The tenant's ACTIVE unit groups by id (META: its user tenant's). */
export function unitGroupsOf(state: ClusterState, tenantId: number): UnitGroup[] {
  const order = zoneNames(state);
  const byGroup = new Map<number, RsUnit[]>();
  for (const u of unitsOfTenant(state, tenantId)) {
    if (u.status !== 'ACTIVE') continue;
    const list = byGroup.get(u.unitGroupId) ?? [];
    list.push(u);
    byGroup.set(u.unitGroupId, list);
  }
  return [...byGroup.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([unitGroupId, units]) => ({ unitGroupId, units: units.sort((a, b) => order.indexOf(a.zone) - order.indexOf(b.zone)) }));
}

/**
 * Gives the tenant's ungrouped units (unit group 0) unit groups: the i-th ungrouped unit of every
 * zone forms group i, whose id is its smallest unit id. Not for the sys tenant (its group is 0).
 */
export function assignUnitGroups(state: ClusterState, userTenantId: number): void {
  const fresh = unitsOfTenant(state, userTenantId).filter((u) => u.unitGroupId === 0);
  if (fresh.length === 0) return;
  const perZone = new Map<string, RsUnit[]>();
  for (const u of fresh) perZone.set(u.zone, [...(perZone.get(u.zone) ?? []), u]);
  const counts = new Set([...perZone.values()].map((l) => l.length));
  if (counts.size !== 1) throw Errors.internal('zones of a tenant have different unit counts');
  const n = [...counts][0];
  for (let i = 0; i < n; i++) {
    const group = [...perZone.values()].map((l) => l[i]);
    const id = Math.min(...group.map((u) => u.unitId));
    for (const u of group) u.unitGroupId = id;
  }
}

/** One replica per locality item on the group's unit in that zone. */
export function replicasOn(group: UnitGroup | undefined, locality: RsLocalityItem[]): RsLsReplica[] {
  if (!group) return [];
  return locality.flatMap((item) => {
    const unit = group.units.find((u) => u.zone === item.zone);
    return unit ? [{ serverId: unit.serverId, replicaType: item.replicaType }] : [];
  });
}

const live = (l: RsLs) => l.status !== 'DROPPING' && l.status !== 'WAIT_OFFLINE';

/**
 * Lays out a tenant's LSs for its current units, locality and primary zone `levels`: LS 1 on the
 * first unit group; for a USER tenant, per unit group one LS per first-level zone (existing LSs
 * kept and re-pointed, missing ones created CREATING, surplus and orphaned ones DROPPING). Ids:
 * new LSs take the next id above every LS the tenant ever had; LS groups 1001+ per tenant.
 */
export function layoutTenantLs(state: ClusterState, tenant: RsTenant, levels: string[][], atUs: number): void {
  const groups = unitGroupsOf(state, tenant.tenantId);
  const first = levels[0] ?? [];
  const all = lsOfTenant(state, tenant.tenantId);
  const ls1 = all.find((l) => l.lsId === 1);
  if (ls1) {
    ls1.primaryZone = lsPrimaryZone(levels, first[0] ?? '');
    ls1.replicas = replicasOn(groups[0], tenant.locality);
    dropStalePreferredLeader(ls1);
  }
  if (tenant.type !== 'USER') return;
  let nextLsId = Math.max(FIRST_USER_LS - 1, ...all.map((l) => l.lsId)) + 1;
  let nextLsGroup = Math.max(FIRST_LS_GROUP - 1, ...all.map((l) => l.lsGroupId)) + 1;
  const userLs = all.filter((l) => l.lsId !== 1 && live(l));
  const groupIds = new Set(groups.map((g) => g.unitGroupId));
  for (const l of userLs) if (!groupIds.has(l.unitGroupId)) l.status = 'DROPPING';
  for (const g of groups) {
    const inGroup = userLs.filter((l) => l.unitGroupId === g.unitGroupId);
    const lsGroupId = inGroup[0]?.lsGroupId ?? nextLsGroup++;
    first.forEach((zone, k) => {
      let ls = inGroup[k];
      if (!ls) {
        ls = {
          tenantId: tenant.tenantId, lsId: nextLsId++, status: 'CREATING', primaryZone: '', unitGroupId: g.unitGroupId,
          lsGroupId, replicas: [], preferredLeader: null, createScn: String(atUs * 1000), createTimeUs: atUs,
        };
        state.ls.push(ls);
      }
      ls.primaryZone = lsPrimaryZone(levels, zone);
      ls.replicas = replicasOn(g, tenant.locality);
      dropStalePreferredLeader(ls);
    });
    for (const extra of inGroup.slice(first.length)) extra.status = 'DROPPING';
  }
  // LSs still draining keep following the locality while their unit group exists.
  for (const l of all) {
    const g = groups.find((x) => x.unitGroupId === l.unitGroupId);
    if (l.lsId !== 1 && l.status === 'DROPPING' && g) {
      l.replicas = replicasOn(g, tenant.locality);
      dropStalePreferredLeader(l);
    }
  }
}

/** A SWITCH REPLICA LEADER target that no longer holds a FULL replica is forgotten. */
export function dropStalePreferredLeader(ls: RsLs): void {
  if (ls.preferredLeader === null) return;
  if (!ls.replicas.some((r) => r.serverId === ls.preferredLeader && r.replicaType === 'FULL')) ls.preferredLeader = null;
}

/** The meta tenant of a user tenant (id − 1), if present. */
export function metaOf(state: ClusterState, userTenantId: number): RsTenant | undefined {
  const m = tenantById(state, userTenantId - 1);
  return m?.type === 'META' ? m : undefined;
}
