/**
 * Zone and server commands (reference §1.2–1.3): ALTER SYSTEM ADD/DELETE/START/STOP ZONE and
 * ADD/DELETE/CANCEL DELETE/START/STOP SERVER, plus the root service's own server updates (heartbeat
 * liveness, unit migration off a deleted or permanently offline server).
 *
 * - ADD SERVER: the server is INACTIVE until its first heartbeat (`serverLiveness`).
 * - DELETE SERVER: a server hosting nothing is removed at once; otherwise it becomes DELETING and
 *   each of its units migrates to another server of the zone (MIGRATE_FROM set; the unit's LS
 *   replicas move with it); `unitMigrated` clears MIGRATE_FROM and removes a drained server.
 * - STOP SERVER / STOP ZONE: only one zone may be stopped at a time (OceanBase keeps a majority).
 * Handlers mutate the copy `applyRsCommand` made.
 */
import { Errors } from '../common/ob_error';
import { NODE_CPU_CAPACITY, NODE_LOG_DISK_CAPACITY_BYTES, NODE_MEM_CAPACITY_BYTES, findServerByAddr, lsOfTenant, serverAddr, serverById, tenantById } from './cluster_state';
import { SQL_PORT } from './topology';
import { canHostNewUnit, lackingResource, poolOf, serversOfOwner } from './placement';
import type { ClusterState, RsCommand, RsServer, RsUnit } from './types';

type Cmd<T extends RsCommand['type']> = RsCommand & { type: T };
/** DELETE / CANCEL DELETE / START / STOP SERVER share one command shape. */
type ServerCmd = Extract<RsCommand, { type: 'deleteServer' | 'cancelDeleteServer' | 'startServer' | 'stopServer' }>;

export function addZone(s: ClusterState, cmd: Cmd<'addZone'>): void {
  if (s.zones.some((z) => z.zone === cmd.zone)) throw Errors.entryExist(`zone '${cmd.zone}' already exists`);
  s.zones.push({ zone: cmd.zone, status: 'ACTIVE', idc: cmd.idc, region: cmd.region, createTimeUs: cmd.atUs, modifyTimeUs: cmd.atUs });
}

export function deleteZone(s: ClusterState, cmd: Cmd<'deleteZone'>): void {
  zoneOf(s, cmd.zone);
  const servers = s.servers.filter((x) => x.zone === cmd.zone);
  if (servers.length > 0) {
    const alive = servers.filter((x) => x.status === 'ACTIVE').length;
    throw Errors.zoneNotEmpty(alive, servers.length - alive);
  }
  const pool = s.resourcePools.find((p) => p.zoneList.includes(cmd.zone));
  if (pool) throw Errors.opNotAllow(`delete zone '${cmd.zone}' used by resource pool '${pool.name}'`);
  s.zones = s.zones.filter((z) => z.zone !== cmd.zone);
}

export function startStopZone(s: ClusterState, cmd: Cmd<'startZone' | 'stopZone'>): void {
  const z = zoneOf(s, cmd.zone);
  if (cmd.type === 'stopZone') assertOnlyZoneStopped(s, cmd.zone);
  z.status = cmd.type === 'stopZone' ? 'INACTIVE' : 'ACTIVE';
  z.modifyTimeUs = cmd.atUs;
}

export function addServer(s: ClusterState, cmd: Cmd<'addServer'>): void {
  zoneOf(s, cmd.zone);
  if (s.servers.some((x) => x.svrIp === cmd.svrIp && x.svrPort === cmd.svrPort)) {
    throw Errors.entryExist(`server '${cmd.svrIp}:${cmd.svrPort}' already exists`);
  }
  if (serverById(s, cmd.serverId)) throw Errors.entryExist(`server id ${cmd.serverId} already exists`);
  s.servers.push({
    serverId: cmd.serverId, svrIp: cmd.svrIp, svrPort: cmd.svrPort, sqlPort: SQL_PORT, zone: cmd.zone, status: 'INACTIVE',
    stopTimeUs: 0, startServiceTimeUs: 0, lastHeartbeatUs: 0, permanentOffline: false, createTimeUs: cmd.atUs, modifyTimeUs: cmd.atUs,
    cpuCapacity: NODE_CPU_CAPACITY, memCapacityBytes: NODE_MEM_CAPACITY_BYTES, logDiskCapacityBytes: NODE_LOG_DISK_CAPACITY_BYTES,
  });
}

export function deleteServer(s: ClusterState, cmd: ServerCmd): void {
  const server = findServerByAddr(s, cmd.svrIp, cmd.svrPort);
  if (server.status === 'DELETING') throw Errors.serverAlreadyDeleted();
  const hosted = s.units.filter((u) => u.serverId === server.serverId);
  for (const unit of hosted) {
    const target = migrationTarget(s, unit, server);
    if (target === null) {
      throw Errors.deleteServerNotAllowed(`delete server not allowed, no other server in zone '${server.zone}' can hold unit ${unit.unitId}`);
    }
    moveUnit(s, unit, target, cmd.atUs);
  }
  server.status = 'DELETING';
  server.modifyTimeUs = cmd.atUs;
  removeDrainedServers(s);
}

export function cancelDeleteServer(s: ClusterState, cmd: ServerCmd): void {
  const server = findServerByAddr(s, cmd.svrIp, cmd.svrPort);
  if (server.status !== 'DELETING') throw Errors.serverNotDeleting();
  server.status = 'ACTIVE';
  server.modifyTimeUs = cmd.atUs;
}

export function startStopServer(s: ClusterState, cmd: ServerCmd): void {
  const server = findServerByAddr(s, cmd.svrIp, cmd.svrPort);
  if (cmd.type === 'stopServer') {
    assertOnlyZoneStopped(s, server.zone);
    if (server.stopTimeUs === 0) server.stopTimeUs = cmd.atUs;
  } else {
    server.stopTimeUs = 0;
  }
  server.modifyTimeUs = cmd.atUs;
}

/** Heartbeat outcome: ACTIVE / INACTIVE (a DELETING server stays DELETING), permanent offline. */
export function serverLiveness(s: ClusterState, cmd: Cmd<'serverLiveness'>): void {
  const server = serverById(s, cmd.serverId);
  if (!server) return;
  if (server.status !== 'DELETING') server.status = cmd.status;
  server.permanentOffline = cmd.permanentOffline;
  server.startServiceTimeUs = cmd.startServiceTimeUs;
  if (cmd.status === 'ACTIVE') server.lastHeartbeatUs = cmd.atUs;
  server.modifyTimeUs = cmd.atUs;
}

/**
 * Rebuilds a replica elsewhere (permanent offline): the tenant's unit on `fromServerId` moves to
 * `toServerId` (same zone, ACTIVE, no unit of the tenant yet, room for it) and all LS replicas of
 * that unit move with it. Throws 1210 for a target that does not qualify.
 */
export function replaceReplica(s: ClusterState, cmd: Cmd<'replaceReplica'>): void {
  const tenant = tenantById(s, cmd.tenantId);
  const ls = lsOfTenant(s, cmd.tenantId).find((l) => l.lsId === cmd.lsId);
  if (!tenant || !ls) throw Errors.lsNotExist();
  const owner = tenant.type === 'META' ? tenant.tenantId + 1 : tenant.tenantId;
  const unit = s.units.find((u) => u.serverId === cmd.fromServerId && poolOf(s, u).tenantId === owner);
  const from = serverById(s, cmd.fromServerId);
  const to = serverById(s, cmd.toServerId);
  if (!unit || !from || !to || to.zone !== from.zone || !canHostNewUnit(to) || serversOfOwner(s, poolOf(s, unit)).has(to.serverId)) {
    throw Errors.invalidArgument('Incorrect arguments to replace replica');
  }
  const lack = lackingResource(s, to, unitConfigOf(s, unit));
  if (lack) throw Errors.machineResourceNotEnough(to.zone, serverAddr(to), lack);
  moveUnit(s, unit, to.serverId, cmd.atUs);
}

export function unitMigrated(s: ClusterState, cmd: Cmd<'unitMigrated'>): void {
  const unit = s.units.find((u) => u.unitId === cmd.unitId);
  if (!unit) return;
  unit.migrateFromServerId = null;
  unit.modifyTimeUs = cmd.atUs;
  removeDrainedServers(s);
}

function unitConfigOf(s: ClusterState, unit: RsUnit) {
  const id = poolOf(s, unit).unitConfigId;
  return s.unitConfigs.find((c) => c.unitConfigId === id)!;
}

function migrationTarget(s: ClusterState, unit: RsUnit, from: RsServer): number | null {
  const taken = serversOfOwner(s, poolOf(s, unit));
  const config = unitConfigOf(s, unit);
  const target = s.servers
    .filter((x) => x.zone === from.zone && x.serverId !== from.serverId && canHostNewUnit(x) && !taken.has(x.serverId))
    .sort((a, b) => a.serverId - b.serverId)
    .find((x) => lackingResource(s, x, config) === null);
  return target?.serverId ?? null;
}

/** Moves a unit and every LS replica it carries (its tenant's and its meta tenant's). */
function moveUnit(s: ClusterState, unit: RsUnit, toServerId: number, atUs: number): void {
  const fromServerId = unit.serverId;
  unit.migrateFromServerId = fromServerId;
  unit.serverId = toServerId;
  unit.modifyTimeUs = atUs;
  const owner = poolOf(s, unit).tenantId;
  if (owner === -1) return;
  const tenants = new Set([owner, owner - 1]);
  for (const ls of s.ls) {
    if (!tenants.has(ls.tenantId)) continue;
    const owning = tenantById(s, ls.tenantId);
    if (!owning || (ls.tenantId !== owner && owning.type !== 'META')) continue;
    for (const r of ls.replicas) if (r.serverId === fromServerId) r.serverId = toServerId;
    if (ls.preferredLeader === fromServerId) ls.preferredLeader = null;
  }
}

function removeDrainedServers(s: ClusterState): void {
  s.servers = s.servers.filter(
    (x) => x.status !== 'DELETING' || s.units.some((u) => u.serverId === x.serverId || u.migrateFromServerId === x.serverId),
  );
}

function zoneOf(s: ClusterState, zone: string) {
  const z = s.zones.find((x) => x.zone === zone);
  if (!z) throw Errors.zoneInfoNotExist(zone);
  return z;
}

/** OceanBase refuses to stop servers or zones in two zones at once (4660). */
function assertOnlyZoneStopped(s: ClusterState, zone: string): void {
  const otherStopped =
    s.servers.some((x) => x.zone !== zone && x.stopTimeUs > 0) || s.zones.some((z) => z.zone !== zone && z.status === 'INACTIVE');
  if (otherStopped) throw Errors.stopServerInMultipleZones();
}
