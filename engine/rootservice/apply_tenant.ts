/**
 * Tenant commands (reference §1.6–1.8, §2.3–2.7, §3.2): CREATE TENANT, ALTER TENANT PRIMARY_ZONE /
 * LOCALITY, ALTER RESOURCE TENANT ... UNIT_NUM, DROP TENANT, ALTER SYSTEM SWITCH REPLICA LEADER.
 *
 * - CREATE TENANT binds its pools (same UNIT_NUM, disjoint zones), takes the next free even id
 *   (meta tenant = id − 1, `META$<id>`), defaults LOCALITY to F@each pool zone and PRIMARY_ZONE to
 *   RANDOM, forms unit groups, and lays out LS 1 (meta and user) plus UNIT_NUM × |first level|
 *   user LSs, all CREATING (the runtime reports NORMAL).
 * - PRIMARY_ZONE / LOCALITY / UNIT_NUM changes re-lay the LSs (new ones CREATING, surplus DROPPING)
 *   and record a DBA_OB_TENANT_JOBS row INPROGRESS (and a balance job when the LS count changes);
 *   the runtime advances them with `jobProgress`. The zones of PRIMARY_ZONE must hold FULL replicas.
 * - DROP TENANT marks both tenants and their LSs DROPPING; they are removed once every LS went
 *   WAIT_OFFLINE (`lsStatus`), or at once with FORCE (or a second DROP).
 * Handlers mutate the copy `applyRsCommand` made.
 */
import { Errors } from '../common/ob_error';
import { findPool, findServerByAddr, findTenant, lsOfTenant, tenantZones, unitsOfTenant, zoneNames } from './cluster_state';
import { formatLocality, localityChange, parseLocality } from './locality';
import { assignUnitGroups, createUnits, layoutTenantLs, metaOf, unitGroupsOf } from './placement';
import { normalizePrimaryZone, parsePrimaryZone } from './primary_zone';
import type { ClusterState, RsBalanceJob, RsCommand, RsLocalityItem, RsTenant, RsTenantJob } from './types';

type Cmd<T extends RsCommand['type']> = RsCommand & { type: T };

const copyLocality = (items: RsLocalityItem[]) => items.map((i) => ({ ...i }));
const fullZones = (locality: RsLocalityItem[]) => locality.filter((i) => i.replicaType === 'FULL').map((i) => i.zone);

/** PRIMARY_ZONE levels over the zones that hold FULL replicas (RANDOM = all of them). */
export function tenantLevels(tenant: RsTenant): string[][] {
  return parsePrimaryZone(tenant.primaryZone, fullZones(tenant.locality));
}

const liveUserLsCount = (s: ClusterState, tenantId: number) =>
  lsOfTenant(s, tenantId).filter((l) => l.lsId !== 1 && l.status !== 'DROPPING' && l.status !== 'WAIT_OFFLINE').length;

export function createTenant(s: ClusterState, cmd: Cmd<'createTenant'>): void {
  if (s.tenants.some((t) => t.name.toLowerCase() === cmd.name.toLowerCase())) {
    if (cmd.ifNotExists) return;
    throw Errors.tenantExist(cmd.name);
  }
  if (cmd.resourcePoolList.length === 0) throw Errors.emptyResourcePoolList();
  const pools = [...new Set(cmd.resourcePoolList)].map((name) => findPool(s, name));
  for (const p of pools) if (p.tenantId !== -1) throw Errors.resourcePoolAlreadyGranted(p.name);
  if (new Set(pools.map((p) => p.unitCount)).size > 1) throw Errors.notSupported('resource pools with different unit_num in one tenant');
  const seen = new Set<string>();
  for (const z of pools.flatMap((p) => p.zoneList)) {
    if (seen.has(z)) throw Errors.zoneDuplicated(z, pools.flatMap((p) => p.zoneList).join(','));
    seen.add(z);
  }
  const zones = zoneNames(s).filter((z) => seen.has(z));
  const locality = cmd.locality !== null ? parseLocality(cmd.locality, zones) : zones.map((zone): RsLocalityItem => ({ replicaType: 'FULL', zone }));
  const primaryZone = normalizePrimaryZone(cmd.primaryZone ?? 'RANDOM');
  const levels = parsePrimaryZone(primaryZone, fullZones(locality));
  const userId = nextUserTenantId(s);
  s.nextIds.tenant = userId + 2;
  const base = {
    primaryZone, locality, previousLocality: null, status: 'CREATING' as const, unitNum: pools[0].unitCount,
    resourcePoolIds: pools.map((p) => p.resourcePoolId), createTimeUs: cmd.atUs, modifyTimeUs: cmd.atUs,
  };
  const meta: RsTenant = { ...base, tenantId: userId - 1, name: `META$${userId}`, type: 'META', locality: copyLocality(locality), resourcePoolIds: [...base.resourcePoolIds] };
  const user: RsTenant = { ...base, tenantId: userId, name: cmd.name, type: 'USER' };
  s.tenants.push(meta, user);
  s.tenants.sort((a, b) => a.tenantId - b.tenantId);
  for (const p of pools) { p.tenantId = userId; p.modifyTimeUs = cmd.atUs; }
  assignUnitGroups(s, userId);
  for (const t of [meta, user]) {
    s.ls.push({
      tenantId: t.tenantId, lsId: 1, status: 'CREATING', primaryZone: '', unitGroupId: 0, lsGroupId: 0, replicas: [],
      preferredLeader: null, createScn: String(cmd.atUs * 1000), createTimeUs: cmd.atUs,
    });
    layoutTenantLs(s, t, levels, cmd.atUs);
  }
}

function nextUserTenantId(s: ClusterState): number {
  let id = s.nextIds.tenant % 2 === 0 ? s.nextIds.tenant : s.nextIds.tenant + 1;
  while (s.tenants.some((t) => t.tenantId === id || t.tenantId === id - 1)) id += 2;
  return id;
}

/** The user (or sys) tenant a management statement names; META tenants cannot be altered. */
function alterableTenant(s: ClusterState, name: string): RsTenant {
  const t = findTenant(s, name);
  if (t.type === 'META') throw Errors.opNotAllow('alter meta tenant');
  if (t.status === 'DROPPING') throw Errors.opNotAllow('alter a dropping tenant');
  return t;
}

/** Re-lays the LSs of `tenant` and its meta tenant after a primary zone / locality / unit change. */
function relayout(s: ClusterState, tenant: RsTenant, atUs: number): void {
  const levels = tenantLevels(tenant);
  const meta = tenant.type === 'USER' ? metaOf(s, tenant.tenantId) : undefined;
  if (meta) {
    meta.primaryZone = tenant.primaryZone;
    meta.locality = copyLocality(tenant.locality);
    meta.previousLocality = tenant.previousLocality ? copyLocality(tenant.previousLocality) : null;
    meta.unitNum = tenant.unitNum;
    meta.modifyTimeUs = atUs;
    layoutTenantLs(s, meta, levels, atUs);
  }
  layoutTenantLs(s, tenant, levels, atUs);
  tenant.modifyTimeUs = atUs;
}

export function alterTenantPrimaryZone(s: ClusterState, cmd: Cmd<'alterTenantPrimaryZone'>): void {
  const tenant = alterableTenant(s, cmd.name);
  const primaryZone = normalizePrimaryZone(cmd.primaryZone);
  const levels = parsePrimaryZone(primaryZone, fullZones(tenant.locality));
  const before = liveUserLsCount(s, tenant.tenantId);
  tenant.primaryZone = primaryZone;
  relayout(s, tenant, cmd.atUs);
  for (const j of s.tenantJobs) {
    if (j.tenantId === tenant.tenantId && j.jobType === 'ALTER_TENANT_PRIMARY_ZONE' && j.jobStatus === 'INPROGRESS') {
      j.jobStatus = 'CANCELED';
      j.modifyTimeUs = cmd.atUs;
    }
  }
  addTenantJob(s, tenant.tenantId, 'ALTER_TENANT_PRIMARY_ZONE', cmd.sqlText, cmd.atUs);
  const after = liveUserLsCount(s, tenant.tenantId);
  if (after !== before) addBalanceJob(s, tenant, after > before ? 'LS_BALANCE_BY_EXPAND' : 'LS_BALANCE_BY_SHRINK', levels[0].length, cmd.atUs);
}

export function alterTenantLocality(s: ClusterState, cmd: Cmd<'alterTenantLocality'>): void {
  const tenant = alterableTenant(s, cmd.name);
  if (tenant.previousLocality !== null) throw Errors.opNotAllow('alter tenant locality while the previous locality change is running');
  const next = parseLocality(cmd.locality, tenantZones(s, tenant));
  if (localityChange(tenant.locality, next).kind === 'none') return;
  if (tenant.primaryZone !== 'RANDOM') {
    const full = fullZones(next);
    const lost = tenant.primaryZone.split(/[;,]/).find((z) => !full.includes(z));
    if (lost !== undefined) throw Errors.opNotAllow(`locality without a FULL replica in primary zone '${lost}'`);
  }
  tenant.previousLocality = tenant.locality;
  tenant.locality = next;
  relayout(s, tenant, cmd.atUs);
  const job = addTenantJob(s, tenant.tenantId, 'ALTER_TENANT_LOCALITY', cmd.sqlText, cmd.atUs);
  job.extraInfo = `FROM: '${formatLocality(tenant.previousLocality)}' TO: '${formatLocality(next)}'`;
}

/**
 * ALTER RESOURCE TENANT t UNIT_NUM = n [DELETE UNIT_GROUP = (...)]: scale out adds one unit per
 * zone per new unit group and an LS group of |first level| new LSs; scale in marks the deleted
 * groups' units DELETING (the given groups, else the newest) and their LSs DROPPING.
 */
export function alterTenantUnitNum(s: ClusterState, cmd: Cmd<'alterResourceTenantUnitNum'>): void {
  const tenant = alterableTenant(s, cmd.name);
  if (tenant.type !== 'USER') throw Errors.notSupported('alter unit num of sys tenant');
  const n = cmd.unitNum;
  if (!Number.isInteger(n) || n < 1) throw Errors.invalidArgument('Incorrect arguments to unit_num');
  const cur = tenant.unitNum;
  if (cmd.deleteUnitGroupIds.length > 0 && n >= cur) throw Errors.invalidArgument('Incorrect arguments to delete unit group');
  if (n === cur) return;
  const running = s.tenantJobs.some((j) => j.tenantId === tenant.tenantId && j.jobStatus === 'INPROGRESS'
    && (j.jobType === 'ALTER_RESOURCE_TENANT_UNIT_NUM' || j.jobType === 'SHRINK_RESOURCE_TENANT_UNIT_NUM'));
  if (running) throw Errors.opNotAllow('alter unit num while the previous unit num change is running');
  const pools = s.resourcePools.filter((p) => p.tenantId === tenant.tenantId);
  if (n > cur) {
    for (const p of pools) createUnits(s, p, p.zoneList, n - cur, cmd.atUs);
    assignUnitGroups(s, tenant.tenantId);
  } else {
    const groups = unitGroupsOf(s, tenant.tenantId).map((g) => g.unitGroupId);
    let victims = cmd.deleteUnitGroupIds;
    if (victims.length > 0) {
      if (new Set(victims).size !== cur - n || victims.some((g) => !groups.includes(g))) {
        throw Errors.invalidArgument('Incorrect arguments to delete unit group');
      }
    } else {
      victims = groups.slice(n);
    }
    for (const u of unitsOfTenant(s, tenant.tenantId)) {
      if (victims.includes(u.unitGroupId)) { u.status = 'DELETING'; u.modifyTimeUs = cmd.atUs; }
    }
  }
  for (const p of pools) { p.unitCount = n; p.modifyTimeUs = cmd.atUs; }
  tenant.unitNum = n;
  relayout(s, tenant, cmd.atUs);
  addTenantJob(s, tenant.tenantId, n > cur ? 'ALTER_RESOURCE_TENANT_UNIT_NUM' : 'SHRINK_RESOURCE_TENANT_UNIT_NUM', cmd.sqlText, cmd.atUs);
  addBalanceJob(s, tenant, n > cur ? 'LS_BALANCE_BY_EXPAND' : 'LS_BALANCE_BY_SHRINK', tenantLevels(tenant)[0].length, cmd.atUs);
}

export function dropTenant(s: ClusterState, cmd: Cmd<'dropTenant'>): void {
  const tenant = s.tenants.find((t) => t.name.toLowerCase() === cmd.name.toLowerCase());
  if (!tenant) {
    if (cmd.ifExists) return;
    throw Errors.tenantNotExist(cmd.name);
  }
  if (tenant.type !== 'USER') throw Errors.opNotAllow(`drop ${tenant.type.toLowerCase()} tenant`);
  if (cmd.force || tenant.status === 'DROPPING') {
    removeTenant(s, tenant.tenantId);
    return;
  }
  for (const t of [tenant, metaOf(s, tenant.tenantId)]) {
    if (!t) continue;
    t.status = 'DROPPING';
    t.modifyTimeUs = cmd.atUs;
    for (const l of lsOfTenant(s, t.tenantId)) if (l.status !== 'WAIT_OFFLINE') l.status = 'DROPPING';
  }
}

/** Removes a user tenant and its meta tenant, their LSs; their pools become unused (units stay). */
export function removeTenant(s: ClusterState, userTenantId: number): void {
  const ids = new Set([userTenantId, userTenantId - 1]);
  s.tenants = s.tenants.filter((t) => !ids.has(t.tenantId));
  s.ls = s.ls.filter((l) => !ids.has(l.tenantId));
  const pools = new Set(s.resourcePools.filter((p) => p.tenantId === userTenantId).map((p) => p.resourcePoolId));
  s.units = s.units.filter((u) => !(pools.has(u.resourcePoolId) && u.status === 'DELETING'));
  for (const u of s.units) if (pools.has(u.resourcePoolId)) u.unitGroupId = 0;
  for (const p of s.resourcePools) if (pools.has(p.resourcePoolId)) p.tenantId = -1;
}

export function switchReplicaLeader(s: ClusterState, cmd: Cmd<'switchReplicaLeader'>): void {
  const tenant = findTenant(s, cmd.tenantName);
  const ls = lsOfTenant(s, tenant.tenantId).find((l) => l.lsId === cmd.lsId && l.status !== 'WAIT_OFFLINE');
  if (!ls) throw Errors.lsNotExist();
  const server = findServerByAddr(s, cmd.svrIp, cmd.svrPort);
  if (!ls.replicas.some((r) => r.serverId === server.serverId && r.replicaType === 'FULL')) {
    throw Errors.invalidArgument(`Incorrect arguments to server, '${cmd.svrIp}:${cmd.svrPort}' has no FULL replica of log stream ${cmd.lsId}`);
  }
  ls.preferredLeader = server.serverId;
}

function addTenantJob(s: ClusterState, tenantId: number, jobType: RsTenantJob['jobType'], sqlText: string, atUs: number): RsTenantJob {
  const job: RsTenantJob = {
    jobId: s.nextIds.job++, tenantId, jobType, jobStatus: 'INPROGRESS', progress: 0, resultCode: null, sqlText, extraInfo: '',
    startTimeUs: atUs, modifyTimeUs: atUs,
  };
  s.tenantJobs.push(job);
  return job;
}

function addBalanceJob(s: ClusterState, tenant: RsTenant, strategy: string, primaryZoneNum: number, atUs: number): void {
  const job: RsBalanceJob = {
    jobId: s.nextIds.job++, tenantId: tenant.tenantId, jobType: 'LS_BALANCE', balanceStrategy: strategy,
    targetUnitNum: tenant.unitNum, targetPrimaryZoneNum: primaryZoneNum, status: 'DOING', comment: '', createTimeUs: atUs, modifyTimeUs: atUs,
  };
  s.balanceJobs.push(job);
}
