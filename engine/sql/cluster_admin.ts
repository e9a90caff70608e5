/**
 * Cluster and tenant management statements → root service commands (issue #4). OceanBase's SQL
 * layer resolves `CREATE RESOURCE UNIT`, `ALTER SYSTEM ADD SERVER`, `CREATE TENANT`, ... into RPC
 * arguments for the RootService (`ObRootService::create_resource_unit`, ...); here a statement
 * becomes one or more `RsCommandInput`s sent through `ctx.admin.rootService`, in order.
 *
 * What is decided here (the statement's own rules, before the root service sees it):
 * - Only the sys tenant may run these statements (`ERROR 1227 (42501): Access denied`, OceanBase's
 *   `get_sys_tenant_super_priv`), except `ALTER SYSTEM SWITCH REPLICA LEADER` on the own tenant.
 * - Sizes: `'5G'`, `'512M'`, `'10GB'`, `'5368709120'` or a bare byte count (K/M/G/T/P are powers of
 *   1024, as OceanBase's capacity parser reads them). IOPS stay decimal text (INT64_MAX fits).
 * - Defaults that belong to the statement: ADD ZONE's IDC '' and REGION 'default_region'; a pool's
 *   UNIT_NUM 1 and REPLICA_TYPE FULL. Defaults that depend on other state (MIN_CPU = MAX_CPU,
 *   LOG_DISK_SIZE = 3 × MEMORY_SIZE, IOPS, PRIMARY_ZONE RANDOM, the locality from the pools) are
 *   left null for the root service to apply.
 * - One attribute per ALTER RESOURCE POOL (`ERROR 1235 (0A000): alter unit_num, resource_unit,
 *   zone_list in one cmd not supported`) and per ALTER TENANT (locality or primary zone).
 * The statement text goes into `sqlText` of the commands that start a tenant job.
 */
import { Errors } from '../common/ob_error';
import type { RsCommandInput } from '../rootservice/types';
import type { ReplicaType } from '../server/snapshot';
import type { ClusterAdmin, ResourceUnitOption } from './ast';
import type { ExecContext, SessionState, StatementResult } from './exec_context';

const SYS_TENANT_ID = 1;
const DEFAULT_REGION = 'default_region';
/** Tenant names OceanBase refuses since V4.2.1 (they name tenant sets in ALTER SYSTEM). */
const RESERVED_TENANT_NAMES: ReadonlySet<string> = new Set(['all', 'all_user', 'all_meta']);
const CAPACITY_UNITS: Readonly<Record<string, number>> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40, P: 2 ** 50 };

/**
 * Runs a management statement: its commands go to the root service one by one (a list of servers
 * gives one command per server). Errors: `Errors.noPrivilege` outside the sys tenant, the
 * statement's own checks (see the module comment) and whatever the root service answers.
 */
export async function executeClusterAdmin(stmt: ClusterAdmin, sqlText: string, ctx: ExecContext): Promise<StatementResult> {
  for (const cmd of clusterAdminCommands(stmt, sqlText, ctx.session)) await ctx.admin.rootService(cmd);
  return { kind: 'ok', affectedRows: 0 };
}

/** The root service commands of `stmt`, in order (pure: no side effect). */
export function clusterAdminCommands(stmt: ClusterAdmin, sqlText: string, session: Pick<SessionState, 'tenantId' | 'tenantName'>): RsCommandInput[] {
  const isSys = Number(session.tenantId) === SYS_TENANT_ID;
  if (stmt.action === 'switchReplicaLeader') {
    const tenantName = stmt.tenant ?? session.tenantName;
    if (!isSys && tenantName.toLowerCase() !== session.tenantName.toLowerCase()) throw Errors.noPrivilege();
    const { svrIp, svrPort } = serverAddress(stmt.server);
    return [{ type: 'switchReplicaLeader', tenantName, lsId: stmt.lsId, svrIp, svrPort }];
  }
  if (!isSys) throw Errors.noPrivilege();
  switch (stmt.action) {
    case 'addZone':
      return [{ type: 'addZone', zone: stmt.zone, idc: stmt.idc ?? '', region: stmt.region ?? DEFAULT_REGION }];
    case 'deleteZone':
    case 'startZone':
    case 'stopZone':
      return [{ type: stmt.action, zone: stmt.zone }];
    case 'addServer':
      // serverId 0: the root service gives the address its server id (the simulated node's).
      return stmt.servers.map((s) => ({ type: 'addServer' as const, ...serverAddress(s), zone: stmt.zone ?? '', serverId: 0 }));
    case 'deleteServer':
    case 'cancelDeleteServer':
    case 'startServer':
    case 'stopServer': {
      const type = stmt.action;
      return stmt.servers.map((s) => ({ type, ...serverAddress(s) }));
    }
    case 'createResourceUnit':
      return [createUnitConfig(stmt)];
    case 'alterResourceUnit':
      return [{ type: 'alterUnitConfig', name: stmt.name, ...unitFields(stmt.options) }];
    case 'dropResourceUnit':
      return [{ type: 'dropUnitConfig', name: stmt.name, ifExists: stmt.ifExists }];
    case 'createResourcePool':
      return [createResourcePool(stmt)];
    case 'alterResourcePool':
      return [alterResourcePool(stmt)];
    case 'dropResourcePool':
      return [{ type: 'dropResourcePool', name: stmt.name, ifExists: stmt.ifExists }];
    case 'createTenant':
      return [createTenant(stmt, sqlText)];
    case 'alterTenant':
      return [alterTenant(stmt, sqlText)];
    case 'alterResourceTenant':
      return [{ type: 'alterResourceTenantUnitNum', name: stmt.name, unitNum: stmt.unitNum, deleteUnitGroupIds: stmt.deleteUnitGroups, sqlText }];
    case 'dropTenant':
      return [{ type: 'dropTenant', name: stmt.name, ifExists: stmt.ifExists, force: stmt.force }];
  }
}

// ---------------------------------------------------------------- values

/** `'10.0.0.1:2882'` → ip and RPC port. Errors: `Errors.invalidArgument` for a malformed address. */
export function serverAddress(text: string): { svrIp: string; svrPort: number } {
  const m = /^\s*([^:\s]+):(\d{1,5})\s*$/.exec(text);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) throw Errors.invalidArgument('Incorrect arguments to server');
  return { svrIp: m[1], svrPort: port };
}

/**
 * A capacity as OceanBase's config parser reads it → bytes: an integer with an optional unit
 * K/M/G/T/P (powers of 1024, optional trailing B, any case), or a bare integer (bytes).
 * Errors: `Errors.invalidArgument('Incorrect arguments to <option>')`.
 */
export function capacityBytes(option: string, value: string | number): number {
  const bad = () => Errors.invalidArgument(`Incorrect arguments to ${option.toLowerCase()}`);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw bad();
    return value;
  }
  const m = /^\s*(\d+)\s*([kmgtp]?)b?\s*$/i.exec(value);
  if (!m) throw bad();
  const bytes = Number(m[1]) * CAPACITY_UNITS[m[2].toUpperCase()];
  if (!Number.isSafeInteger(bytes)) throw bad();
  return bytes;
}

function cpuCount(option: string, value: string | number): number {
  const v = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(v) || v <= 0) throw Errors.invalidArgument(`Incorrect arguments to ${option.toLowerCase()}`);
  return v;
}

/** IOPS as decimal text (exact past 2^53). */
function iopsText(option: string, value: string | number): string {
  const text = typeof value === 'number' ? (Number.isSafeInteger(value) ? String(value) : '') : value.trim();
  if (!/^\d+$/.test(text)) throw Errors.invalidArgument(`Incorrect arguments to ${option.toLowerCase()}`);
  return text;
}

function wholeNumber(option: string, value: string | number): number {
  const v = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(v) || v < 0) throw Errors.invalidArgument(`Incorrect arguments to ${option.toLowerCase()}`);
  return v;
}

// ---------------------------------------------------------------- resource units and pools

interface UnitFields {
  maxCpu?: number;
  minCpu?: number;
  memorySizeBytes?: number;
  logDiskSizeBytes?: number;
  maxIops?: string;
  minIops?: string;
  iopsWeight?: number;
}

/** The options written, converted (a repeated option: the last one counts). */
function unitFields(options: readonly ResourceUnitOption[]): UnitFields {
  const f: UnitFields = {};
  for (const { name, value } of options) {
    if (name === 'MAX_CPU') f.maxCpu = cpuCount(name, value);
    else if (name === 'MIN_CPU') f.minCpu = cpuCount(name, value);
    else if (name === 'MEMORY_SIZE') f.memorySizeBytes = capacityBytes(name, value);
    else if (name === 'LOG_DISK_SIZE') f.logDiskSizeBytes = capacityBytes(name, value);
    else if (name === 'MAX_IOPS') f.maxIops = iopsText(name, value);
    else if (name === 'MIN_IOPS') f.minIops = iopsText(name, value);
    else f.iopsWeight = wholeNumber(name, value);
  }
  return f;
}

/** MAX_CPU and MEMORY_SIZE are required (ERROR 4162 Miss argument); the rest default in the RS. */
function createUnitConfig(stmt: ClusterAdmin & { action: 'createResourceUnit' }): RsCommandInput {
  const f = unitFields(stmt.options);
  if (f.maxCpu === undefined) throw Errors.missArgument('max_cpu');
  if (f.memorySizeBytes === undefined) throw Errors.missArgument('memory_size');
  return {
    type: 'createUnitConfig',
    name: stmt.name,
    ifNotExists: stmt.ifNotExists,
    maxCpu: f.maxCpu,
    minCpu: f.minCpu ?? null,
    memorySizeBytes: f.memorySizeBytes,
    logDiskSizeBytes: f.logDiskSizeBytes ?? null,
    maxIops: f.maxIops ?? null,
    minIops: f.minIops ?? null,
    iopsWeight: f.iopsWeight ?? null,
  };
}

/** `FULL`/`F`, `READONLY`/`R`, `COLUMNSTORE`/`C` (any case). */
export function replicaTypeOf(text: string): ReplicaType {
  const t = text.trim().toUpperCase();
  if (t === 'FULL' || t === 'F') return 'FULL';
  if (t === 'READONLY' || t === 'R') return 'READONLY';
  if (t === 'COLUMNSTORE' || t === 'C') return 'COLUMNSTORE';
  throw Errors.invalidArgument('Incorrect arguments to replica_type');
}

function createResourcePool(stmt: ClusterAdmin & { action: 'createResourcePool' }): RsCommandInput {
  let unit: string | undefined;
  let unitNum = 1;
  let zoneList: string[] | null = null;
  let replicaType: ReplicaType = 'FULL';
  for (const o of stmt.options) {
    if (o.name === 'UNIT') unit = o.value;
    else if (o.name === 'UNIT_NUM') unitNum = o.value;
    else if (o.name === 'ZONE_LIST') zoneList = o.value;
    else if (o.name === 'REPLICA_TYPE') replicaType = replicaTypeOf(o.value);
  }
  if (unit === undefined) throw Errors.missArgument('unit');
  if (unitNum < 1) throw Errors.invalidArgument('Incorrect arguments to unit_num');
  return { type: 'createResourcePool', name: stmt.name, unitConfigName: unit, unitNum, zoneList, replicaType };
}

/** Exactly one of UNIT, UNIT_NUM (with its DELETE UNIT list) and ZONE_LIST. */
function alterResourcePool(stmt: ClusterAdmin & { action: 'alterResourcePool' }): RsCommandInput {
  const cmd: RsCommandInput & { type: 'alterResourcePool' } = { type: 'alterResourcePool', name: stmt.name };
  const changed = new Set<string>();
  for (const o of stmt.options) {
    if (o.name === 'REPLICA_TYPE') throw Errors.notSupported('alter resource pool replica_type');
    if (o.name !== 'DELETE_UNIT') changed.add(o.name);
    if (o.name === 'UNIT') cmd.unitConfigName = o.value;
    else if (o.name === 'UNIT_NUM') cmd.unitNum = o.value;
    else if (o.name === 'ZONE_LIST') cmd.zoneList = o.value;
    else if (o.name === 'DELETE_UNIT') cmd.deleteUnitIds = o.value;
  }
  if (changed.size > 1) throw Errors.notSupported('alter unit_num, resource_unit, zone_list in one cmd');
  return cmd;
}

// ---------------------------------------------------------------- tenants

function checkTenantName(name: string): void {
  if (RESERVED_TENANT_NAMES.has(name.toLowerCase())) throw Errors.notSupported('since 4.2.1, naming a tenant as all/all_user/all_meta is');
}

function createTenant(stmt: ClusterAdmin & { action: 'createTenant' }, sqlText: string): RsCommandInput {
  checkTenantName(stmt.name);
  let pools: string[] = [];
  let primaryZone: string | null = null;
  let locality: string | null = null;
  for (const o of stmt.options) {
    if (o.name === 'RESOURCE_POOL_LIST') pools = o.value;
    else if (o.name === 'PRIMARY_ZONE') primaryZone = o.value;
    else if (o.name === 'LOCALITY') locality = o.value;
    else if (o.name === 'READ_ONLY' && o.value) throw Errors.notSupported('read only tenant');
    else if (o.name === 'ENABLE_ARBITRATION_SERVICE' && o.value) throw Errors.notSupported('arbitration service');
  }
  for (const v of stmt.variables) {
    if (v.name.toLowerCase() === 'ob_compatibility_mode' && String(v.value).toLowerCase() !== 'mysql') throw Errors.notSupported('Oracle mode tenant');
  }
  // ObCreateTenantArg::check_valid: LOG_USER_ERROR(OB_INVALID_ARGUMENT, "pool list. empty pool list.")
  if (pools.length === 0) throw Errors.invalidArgument('Incorrect arguments to pool list. empty pool list.');
  return { type: 'createTenant', name: stmt.name, ifNotExists: stmt.ifNotExists, resourcePoolList: pools, primaryZone, locality, sqlText };
}

/** One modelled attribute per statement: PRIMARY_ZONE or LOCALITY. */
function alterTenant(stmt: ClusterAdmin & { action: 'alterTenant' }, sqlText: string): RsCommandInput {
  let primaryZone: string | undefined;
  let locality: string | undefined;
  for (const o of stmt.options) {
    if (o.name === 'PRIMARY_ZONE') primaryZone = o.value;
    else if (o.name === 'LOCALITY') locality = o.value;
    else if (o.name === 'RESOURCE_POOL_LIST') throw Errors.notSupported('ALTER TENANT RESOURCE_POOL_LIST');
    else throw Errors.notSupported(`ALTER TENANT ${o.name}`);
  }
  if (locality !== undefined && primaryZone !== undefined) {
    throw Errors.notSupported('modify tenant locality and primary_zone in one cmd');
  }
  if (locality !== undefined) return { type: 'alterTenantLocality', name: stmt.name, locality, sqlText };
  return { type: 'alterTenantPrimaryZone', name: stmt.name, primaryZone: primaryZone!, sqlText };
}
