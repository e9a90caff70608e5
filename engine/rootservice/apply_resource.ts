/**
 * Resource commands (reference §1.4–1.5): CREATE / ALTER / DROP RESOURCE UNIT and RESOURCE POOL.
 *
 * Unit config defaults: MIN_CPU = MAX_CPU; LOG_DISK_SIZE = 3 × MEMORY_SIZE; IOPS INT64_MAX when
 * neither MIN_IOPS nor MAX_IOPS is given, else the missing one copies the other; IOPS_WEIGHT 0 when
 * an IOPS value is given, else MIN_CPU. Limits: MIN_CPU ≥ 1, MEMORY_SIZE ≥
 * `__min_full_resource_pool_memory` (5G), LOG_DISK_SIZE ≥ 2G, IOPS ≥ 1024 (error 4659).
 * ALTER RESOURCE UNIT re-checks that every unit using the config still fits its server (4624).
 * A pool's UNIT_NUM counts units per zone; one attribute per ALTER RESOURCE POOL (1235).
 * Handlers mutate the copy `applyRsCommand` made.
 */
import { Errors } from '../common/ob_error';
import {
  GIB, INT64_MAX_TEXT, MIN_FULL_RESOURCE_POOL_MEMORY_BYTES, MIN_LOG_DISK_SIZE_BYTES, MIN_UNIT_CPU, MIN_UNIT_IOPS, SYS_UNIT_CONFIG_ID,
  findPool, findUnitConfig, serverAddr, serverById, tenantById, zoneNames,
} from './cluster_state';
import { createUnits, overCapacity, unitGroupsOf } from './placement';
import { alterTenantUnitNum } from './apply_tenant';
import type { ClusterState, RsCommand, RsResourcePool, RsUnitConfig } from './types';

type Cmd<T extends RsCommand['type']> = RsCommand & { type: T };

export function createUnitConfig(s: ClusterState, cmd: Cmd<'createUnitConfig'>): void {
  if (s.unitConfigs.some((c) => c.name === cmd.name)) {
    if (cmd.ifNotExists) return;
    throw Errors.resourceUnitExist(cmd.name);
  }
  const minCpu = cmd.minCpu ?? cmd.maxCpu;
  const iopsGiven = cmd.maxIops !== null || cmd.minIops !== null;
  const config: RsUnitConfig = {
    unitConfigId: s.nextIds.unitConfig, name: cmd.name, maxCpu: cmd.maxCpu, minCpu, memorySizeBytes: cmd.memorySizeBytes,
    logDiskSizeBytes: cmd.logDiskSizeBytes ?? 3 * cmd.memorySizeBytes,
    maxIops: cmd.maxIops ?? cmd.minIops ?? INT64_MAX_TEXT, minIops: cmd.minIops ?? cmd.maxIops ?? INT64_MAX_TEXT,
    iopsWeight: cmd.iopsWeight ?? (iopsGiven ? 0 : minCpu), createTimeUs: cmd.atUs, modifyTimeUs: cmd.atUs,
  };
  validateUnitConfig(config);
  s.nextIds.unitConfig++;
  s.unitConfigs.push(config);
}

export function alterUnitConfig(s: ClusterState, cmd: Cmd<'alterUnitConfig'>): void {
  const c = findUnitConfig(s, cmd.name);
  if (cmd.maxCpu !== undefined) c.maxCpu = cmd.maxCpu;
  if (cmd.minCpu !== undefined) c.minCpu = cmd.minCpu;
  else if (cmd.maxCpu !== undefined && c.minCpu > cmd.maxCpu) c.minCpu = cmd.maxCpu;
  if (cmd.memorySizeBytes !== undefined) c.memorySizeBytes = cmd.memorySizeBytes;
  if (cmd.logDiskSizeBytes !== undefined) c.logDiskSizeBytes = cmd.logDiskSizeBytes;
  if (cmd.maxIops !== undefined) c.maxIops = cmd.maxIops;
  if (cmd.minIops !== undefined) c.minIops = cmd.minIops;
  if (cmd.iopsWeight !== undefined) c.iopsWeight = cmd.iopsWeight;
  c.modifyTimeUs = cmd.atUs;
  validateUnitConfig(c);
  const pools = s.resourcePools.filter((p) => p.unitConfigId === c.unitConfigId);
  for (const p of pools) assertPoolUnitsFit(s, p);
}

export function dropUnitConfig(s: ClusterState, cmd: Cmd<'dropUnitConfig'>): void {
  const c = s.unitConfigs.find((x) => x.name === cmd.name);
  if (!c) {
    if (cmd.ifExists) return;
    throw Errors.resourceUnitNotExist(cmd.name);
  }
  if (s.resourcePools.some((p) => p.unitConfigId === c.unitConfigId)) throw Errors.resourceUnitIsReferenced(cmd.name);
  s.unitConfigs = s.unitConfigs.filter((x) => x !== c);
}

function validateUnitConfig(c: RsUnitConfig): void {
  if (c.minCpu < MIN_UNIT_CPU) throw Errors.resourceUnitValueBelowLimit('MIN_CPU', String(MIN_UNIT_CPU));
  if (c.maxCpu < c.minCpu) throw Errors.resourceUnitValueBelowLimit('MAX_CPU', String(c.minCpu));
  if (c.unitConfigId !== SYS_UNIT_CONFIG_ID && c.memorySizeBytes < MIN_FULL_RESOURCE_POOL_MEMORY_BYTES) {
    throw Errors.resourceUnitValueBelowLimit('MEMORY_SIZE', `${MIN_FULL_RESOURCE_POOL_MEMORY_BYTES / GIB}G`);
  }
  if (c.logDiskSizeBytes < MIN_LOG_DISK_SIZE_BYTES) {
    throw Errors.resourceUnitValueBelowLimit('LOG_DISK_SIZE', `${MIN_LOG_DISK_SIZE_BYTES / GIB}G`);
  }
  for (const [name, v] of [['MIN_IOPS', c.minIops], ['MAX_IOPS', c.maxIops]] as const) {
    if (!/^\d+$/.test(v)) throw Errors.invalidArgument(`Incorrect arguments to ${name}`);
    if (BigInt(v) < MIN_UNIT_IOPS) throw Errors.resourceUnitValueBelowLimit(name, String(MIN_UNIT_IOPS));
  }
  if (BigInt(c.maxIops) < BigInt(c.minIops)) throw Errors.resourceUnitValueBelowLimit('MAX_IOPS', c.minIops);
  if (c.iopsWeight < 0) throw Errors.invalidArgument('Incorrect arguments to IOPS_WEIGHT');
}

/** Every unit of the pool still fits its server (after a config change): else 4624. */
function assertPoolUnitsFit(s: ClusterState, p: RsResourcePool): void {
  for (const u of s.units.filter((x) => x.resourcePoolId === p.resourcePoolId)) {
    const server = serverById(s, u.serverId);
    const lack = server ? overCapacity(s, server) : null;
    if (server && lack) throw Errors.machineResourceNotEnough(server.zone, serverAddr(server), lack);
  }
}

function validateZoneList(s: ClusterState, zones: string[]): void {
  const known = zoneNames(s);
  const seen = new Set<string>();
  for (const z of zones) {
    if (!known.includes(z)) throw Errors.zoneInfoNotExist(z);
    if (seen.has(z)) throw Errors.zoneDuplicated(z, zones.join(','));
    seen.add(z);
  }
  if (zones.length === 0) throw Errors.invalidArgument('Incorrect arguments to zone_list');
}

export function createResourcePool(s: ClusterState, cmd: Cmd<'createResourcePool'>): void {
  if (s.resourcePools.some((p) => p.name === cmd.name)) throw Errors.resourcePoolExist(cmd.name);
  const config = findUnitConfig(s, cmd.unitConfigName);
  if (!Number.isInteger(cmd.unitNum) || cmd.unitNum < 1) throw Errors.invalidArgument('Incorrect arguments to unit_num');
  const zoneList = cmd.zoneList ?? zoneNames(s);
  validateZoneList(s, zoneList);
  const pool: RsResourcePool = {
    resourcePoolId: s.nextIds.resourcePool++, name: cmd.name, tenantId: -1, unitCount: cmd.unitNum,
    unitConfigId: config.unitConfigId, zoneList: [...zoneList], replicaType: cmd.replicaType, createTimeUs: cmd.atUs, modifyTimeUs: cmd.atUs,
  };
  s.resourcePools.push(pool);
  createUnits(s, pool, pool.zoneList, pool.unitCount, cmd.atUs);
}

export function alterResourcePool(s: ClusterState, cmd: Cmd<'alterResourcePool'>): void {
  const pool = findPool(s, cmd.name);
  const given = [cmd.unitConfigName, cmd.unitNum, cmd.zoneList].filter((x) => x !== undefined).length;
  if (given > 1) throw Errors.notSupported('alter unit_num, resource_unit, zone_list in one cmd');
  if (given === 0) throw Errors.invalidArgument('Incorrect arguments to alter resource pool');
  pool.modifyTimeUs = cmd.atUs;
  if (cmd.unitConfigName !== undefined) {
    pool.unitConfigId = findUnitConfig(s, cmd.unitConfigName).unitConfigId;
    assertPoolUnitsFit(s, pool);
  } else if (cmd.unitNum !== undefined) {
    alterPoolUnitNum(s, pool, cmd.unitNum, cmd.deleteUnitIds ?? [], cmd);
  } else if (cmd.zoneList !== undefined) {
    alterPoolZoneList(s, pool, cmd.zoneList, cmd.atUs);
  }
}

function alterPoolUnitNum(s: ClusterState, pool: RsResourcePool, unitNum: number, deleteUnitIds: number[], cmd: Cmd<'alterResourcePool'>): void {
  if (!Number.isInteger(unitNum) || unitNum < 1) throw Errors.invalidArgument('Incorrect arguments to unit_num');
  if (pool.tenantId !== -1) {
    const tenant = tenantById(s, pool.tenantId)!;
    if (tenant.resourcePoolIds.length !== 1) throw Errors.notSupported('alter unit_num of a resource pool shared by a tenant with several pools');
    const groups = new Set(s.units.filter((u) => deleteUnitIds.includes(u.unitId)).map((u) => u.unitGroupId));
    alterTenantUnitNum(s, { atUs: cmd.atUs, type: 'alterResourceTenantUnitNum', name: tenant.name, unitNum, deleteUnitGroupIds: [...groups], sqlText: '' });
    return;
  }
  const delta = unitNum - pool.unitCount;
  if (delta >= 0 && deleteUnitIds.length > 0) throw Errors.invalidArgument('Incorrect arguments to delete unit');
  if (delta > 0) createUnits(s, pool, pool.zoneList, delta, cmd.atUs);
  if (delta < 0) removePoolUnits(s, pool, -delta, deleteUnitIds);
  pool.unitCount = unitNum;
}

/** Removes `perZone` units of an unused pool in each zone: the listed ones, else the newest. */
function removePoolUnits(s: ClusterState, pool: RsResourcePool, perZone: number, deleteUnitIds: number[]): void {
  const mine = s.units.filter((u) => u.resourcePoolId === pool.resourcePoolId);
  let victims = mine.filter((u) => deleteUnitIds.includes(u.unitId));
  if (deleteUnitIds.length > 0) {
    const ok = victims.length === deleteUnitIds.length && pool.zoneList.every((z) => victims.filter((u) => u.zone === z).length === perZone);
    if (!ok) throw Errors.invalidArgument('Incorrect arguments to delete unit');
  } else {
    victims = pool.zoneList.flatMap((z) => mine.filter((u) => u.zone === z).sort((a, b) => b.unitId - a.unitId).slice(0, perZone));
  }
  const ids = new Set(victims.map((u) => u.unitId));
  s.units = s.units.filter((u) => !ids.has(u.unitId));
}

function alterPoolZoneList(s: ClusterState, pool: RsResourcePool, zoneList: string[], atUs: number): void {
  validateZoneList(s, zoneList);
  const added = zoneList.filter((z) => !pool.zoneList.includes(z));
  const removed = pool.zoneList.filter((z) => !zoneList.includes(z));
  const tenant = pool.tenantId === -1 ? undefined : tenantById(s, pool.tenantId);
  for (const z of removed) {
    if (tenant?.locality.some((i) => i.zone === z)) throw Errors.opNotAllow(`removing zone '${z}' that the tenant's locality uses`);
  }
  s.units = s.units.filter((u) => !(u.resourcePoolId === pool.resourcePoolId && removed.includes(u.zone)));
  const created = createUnits(s, pool, added, pool.unitCount, atUs);
  if (tenant) {
    // New zones' units join the tenant's existing unit groups, in order.
    const groupIds = unitGroupsOf(s, tenant.tenantId).map((g) => g.unitGroupId).filter((id) => id !== 0);
    for (const z of added) created.filter((u) => u.zone === z).forEach((u, i) => { u.unitGroupId = groupIds[i] ?? 0; });
  }
  pool.zoneList = [...zoneList];
}

export function dropResourcePool(s: ClusterState, cmd: Cmd<'dropResourcePool'>): void {
  const pool = s.resourcePools.find((p) => p.name === cmd.name);
  if (!pool) {
    if (cmd.ifExists) return;
    throw Errors.resourcePoolNotExist(cmd.name);
  }
  if (pool.tenantId !== -1) throw Errors.resourcePoolAlreadyGranted(cmd.name);
  s.units = s.units.filter((u) => u.resourcePoolId !== pool.resourcePoolId);
  s.resourcePools = s.resourcePools.filter((p) => p !== pool);
}
