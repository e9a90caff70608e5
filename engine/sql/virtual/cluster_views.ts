/**
 * Cluster and tenant management views: `DBA_OB_ZONES`, `DBA_OB_SERVERS`, `DBA_OB_TENANTS`,
 * `DBA_OB_UNIT_CONFIGS`, `DBA_OB_RESOURCE_POOLS`, `DBA_OB_UNITS` (reference §1, §6).
 *
 * Columns, order and value spellings follow OceanBase's view definitions (reference §6 and the
 * inner-table schema): times of 0 print as NULL; `WITH_ROOTSERVER` is YES/NO; a tenant of type
 * SYS or META shows PRIMARY / NORMAL / NOARCHIVELOG and NULL SCNs. Rows come in the order of the
 * inner tables' primary keys (zone; ip, port; tenant id; config, pool and unit ids).
 *
 * Issue #4: with the root service's state in the snapshot (`rsServers`, `rootServerId`, object
 * times, `previousLocality`, `migrateFromServerId`) the views show it: server STATUS ACTIVE /
 * INACTIVE / DELETING and STOP_TIME, PREVIOUS_LOCALITY during a locality change, MIGRATE_FROM_* of
 * a migrating unit. Not modelled: BLOCK_MIGRATE_IN_TIME and LAST_OFFLINE_TIME (NULL); without
 * object times, creation times are the cluster's bootstrap time or the owning tenant's creation.
 */
import type { Value } from '../../common/value';
import type { ClusterSnapshot, RsServerSnapshot, ServerSnapshot, TenantSnapshot } from '../../server/snapshot';
import { BIGINT, DOUBLE, TIMESTAMP6, col, compareText, intFromText, recordsToRows, scnValue, timeValue, varchar } from './format';
import { SYS_TENANT, type ViewContext, type ViewSpec } from './view';

/** `RECOVERY_UNTIL_SCN` of a primary tenant: SCN::max_scn(), "no limit" (reference §3.6). */
const SCN_MAX_TEXT = '4611686018427387903';
const COMPATIBLE_DEFAULT = '4.3.3.0';
const SQL_PORT_DEFAULT = 2881;

/** The cluster's bootstrap time: the oldest zone's creation (µs). */
export function bootstrapTimeUs(snapshot: ClusterSnapshot): number {
  let oldest = 0;
  for (const zone of snapshot.zones) {
    if (oldest === 0 || (zone.createTimeUs > 0 && zone.createTimeUs < oldest)) oldest = zone.createTimeUs;
  }
  return oldest;
}

/** `4.3.3.0` from a build version like `4.3.3.0_100000...`; the V4.3.3 default otherwise. */
export function compatibleVersion(snapshot: ClusterSnapshot): string {
  for (const server of snapshot.servers) {
    const m = /^(\d+\.\d+\.\d+\.\d+)/.exec(server.buildVersion);
    if (m) return m[1];
  }
  return COMPATIBLE_DEFAULT;
}

const ZONES_COLUMNS = [
  col('ZONE', varchar(128)),
  col('CREATE_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('STATUS', varchar(1024)),
  col('IDC', varchar(1024)),
  col('REGION', varchar(1024)),
  col('TYPE', varchar(1024)),
];

export const DBA_OB_ZONES: ViewSpec = {
  name: 'DBA_OB_ZONES',
  db: 'oceanbase',
  scope: 'sys-only',
  columns: ZONES_COLUMNS,
  rows(ctx) {
    const zones = [...ctx.snapshot.zones].sort((a, b) => compareText(a.zone, b.zone));
    return recordsToRows(ZONES_COLUMNS, zones.map((z) => ({
      ZONE: z.zone,
      CREATE_TIME: timeValue(z.createTimeUs),
      MODIFY_TIME: timeValue(z.modifyTimeUs),
      STATUS: z.status,
      IDC: z.idc,
      REGION: z.region,
      TYPE: z.type,
    })));
  },
};

const SERVERS_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('ID', BIGINT),
  col('ZONE', varchar(128)),
  col('SQL_PORT', BIGINT),
  col('WITH_ROOTSERVER', varchar(3)),
  col('STATUS', varchar(64)),
  col('START_SERVICE_TIME', TIMESTAMP6),
  col('STOP_TIME', TIMESTAMP6),
  col('BLOCK_MIGRATE_IN_TIME', TIMESTAMP6),
  col('CREATE_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('BUILD_VERSION', varchar(256)),
  col('LAST_OFFLINE_TIME', TIMESTAMP6),
];

/** DBA_OB_SERVERS.STATUS: a crashed server has lost its heartbeat (INACTIVE); a booting one is ACTIVE but not yet serving. */
export function serverStatusText(server: ServerSnapshot): 'ACTIVE' | 'INACTIVE' {
  return server.status === 'ACTIVE' || server.status === 'BOOTING' ? 'ACTIVE' : 'INACTIVE';
}

export function compareServers(a: ServerSnapshot, b: ServerSnapshot): number {
  return compareText(a.svrIp, b.svrIp) || a.svrPort - b.svrPort;
}

/**
 * `__all_server` as the root service keeps it (issue #4): with `rsServers` in the snapshot, one row
 * per server the root service knows (ADD SERVER'd servers included), STATUS from its heartbeats
 * (ACTIVE / INACTIVE / DELETING), STOP_TIME from ALTER SYSTEM STOP SERVER, WITH_ROOTSERVER from
 * `rootServerId`. Without them (older snapshots), one row per reporting server.
 */
export const DBA_OB_SERVERS: ViewSpec = {
  name: 'DBA_OB_SERVERS',
  db: 'oceanbase',
  scope: 'sys-only',
  columns: SERVERS_COLUMNS,
  rows(ctx) {
    if (ctx.snapshot.rsServers !== undefined) return rsServerRows(ctx, ctx.snapshot.rsServers);
    const createUs = bootstrapTimeUs(ctx.snapshot);
    const servers = [...ctx.snapshot.servers].sort(compareServers);
    return recordsToRows(SERVERS_COLUMNS, servers.map((s) => ({
      SVR_IP: s.svrIp,
      SVR_PORT: s.svrPort,
      ID: s.serverId,
      ZONE: s.zone,
      SQL_PORT: s.sqlPort,
      WITH_ROOTSERVER: s.withRootserver ? 'YES' : 'NO',
      STATUS: serverStatusText(s),
      // Not serving yet (booting) or not alive: OceanBase shows NULL.
      START_SERVICE_TIME: s.status === 'ACTIVE' ? timeValue(s.startServiceTimeUs) : null,
      STOP_TIME: null,
      BLOCK_MIGRATE_IN_TIME: null,
      CREATE_TIME: timeValue(createUs || s.startServiceTimeUs),
      MODIFY_TIME: timeValue(Math.max(createUs, s.startServiceTimeUs)),
      BUILD_VERSION: s.buildVersion,
      LAST_OFFLINE_TIME: null,
    })));
  },
};

function rsServerRows(ctx: ViewContext, rsServers: readonly RsServerSnapshot[]): Value[][] {
  const bootUs = bootstrapTimeUs(ctx.snapshot);
  const rootServerId = ctx.snapshot.rootServerId;
  const sorted = [...rsServers].sort((a, b) => compareText(a.svrIp, b.svrIp) || a.svrPort - b.svrPort);
  return recordsToRows(SERVERS_COLUMNS, sorted.map((rs) => {
    const s = ctx.serverById(rs.serverId);
    const withRs = rootServerId !== undefined ? rootServerId === rs.serverId : s?.withRootserver === true;
    const createUs = rs.createTimeUs ?? (bootUs || rs.startServiceTimeUs);
    return {
      SVR_IP: rs.svrIp,
      SVR_PORT: rs.svrPort,
      ID: rs.serverId,
      ZONE: rs.zone,
      SQL_PORT: rs.sqlPort ?? s?.sqlPort ?? SQL_PORT_DEFAULT,
      WITH_ROOTSERVER: withRs ? 'YES' : 'NO',
      STATUS: rs.status,
      START_SERVICE_TIME: rs.status === 'INACTIVE' ? null : timeValue(rs.startServiceTimeUs),
      STOP_TIME: timeValue(rs.stopTimeUs),
      BLOCK_MIGRATE_IN_TIME: null,
      CREATE_TIME: timeValue(createUs),
      MODIFY_TIME: timeValue(rs.modifyTimeUs ?? Math.max(createUs, rs.startServiceTimeUs)),
      BUILD_VERSION: s?.buildVersion ?? '',
      LAST_OFFLINE_TIME: null,
    };
  }));
}

const TENANTS_COLUMNS = [
  col('TENANT_ID', BIGINT),
  col('TENANT_NAME', varchar(128)),
  col('TENANT_TYPE', varchar(4)),
  col('CREATE_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('PRIMARY_ZONE', varchar(128)),
  col('LOCALITY', varchar(4096)),
  col('PREVIOUS_LOCALITY', varchar(4096)),
  col('COMPATIBILITY_MODE', varchar(6)),
  col('STATUS', varchar(64)),
  col('IN_RECYCLEBIN', varchar(3)),
  col('LOCKED', varchar(3)),
  col('TENANT_ROLE', varchar(100)),
  col('SWITCHOVER_STATUS', varchar(100)),
  col('SWITCHOVER_EPOCH', BIGINT),
  col('SYNC_SCN', BIGINT),
  col('REPLAYABLE_SCN', BIGINT),
  col('READABLE_SCN', BIGINT),
  col('RECOVERY_UNTIL_SCN', BIGINT),
  col('LOG_MODE', varchar(100)),
  col('ARBITRATION_SERVICE_STATUS', varchar(64)),
  col('UNIT_NUM', BIGINT),
  col('COMPATIBLE', varchar(64)),
  col('MAX_LS_ID', BIGINT),
];

/**
 * The tenant's replayed SCN: over its log streams, the smallest of each LS's most advanced replica's
 * applied SCN, i.e. the point up to which every LS has applied its log. Null when no replica reports (tenant unreachable).
 */
export function tenantSyncScn(snapshot: ClusterSnapshot, tenantId: number): string | null {
  let min: bigint | null = null;
  const lsScn = new Map<number, bigint>();
  for (const server of snapshot.servers) {
    for (const r of server.lsReplicas) {
      if (r.tenantId !== tenantId || r.appliedScn === '') continue;
      const v = BigInt(r.appliedScn);
      const prev = lsScn.get(r.lsId);
      if (prev === undefined || v > prev) lsScn.set(r.lsId, v);
    }
  }
  for (const v of lsScn.values()) if (min === null || v < min) min = v;
  return min === null ? null : min.toString();
}

function tenantRecord(ctx: ViewContext, t: TenantSnapshot): Record<string, Value> {
  const isUser = t.tenantType === 'USER';
  const syncScn = isUser ? tenantSyncScn(ctx.snapshot, t.tenantId) : null;
  let maxLsId = 1;
  if (isUser) for (const ls of t.ls) maxLsId = Math.max(maxLsId, ls.lsId);
  if (t.maxLsId !== undefined) maxLsId = Math.max(maxLsId, t.maxLsId);
  return {
    TENANT_ID: t.tenantId,
    TENANT_NAME: t.tenantName,
    TENANT_TYPE: t.tenantType,
    CREATE_TIME: timeValue(t.createTimeUs),
    MODIFY_TIME: timeValue(t.modifyTimeUs ?? t.createTimeUs),
    PRIMARY_ZONE: t.primaryZone,
    LOCALITY: t.locality,
    PREVIOUS_LOCALITY: t.previousLocality ?? null,
    COMPATIBILITY_MODE: t.compatibilityMode,
    STATUS: t.status,
    IN_RECYCLEBIN: 'NO',
    LOCKED: 'NO',
    TENANT_ROLE: 'PRIMARY',
    SWITCHOVER_STATUS: 'NORMAL',
    SWITCHOVER_EPOCH: 0,
    SYNC_SCN: scnValue(syncScn),
    REPLAYABLE_SCN: scnValue(syncScn),
    READABLE_SCN: scnValue(syncScn),
    RECOVERY_UNTIL_SCN: isUser ? scnValue(SCN_MAX_TEXT) : null,
    LOG_MODE: 'NOARCHIVELOG',
    ARBITRATION_SERVICE_STATUS: 'DISABLED',
    UNIT_NUM: t.unitNum,
    COMPATIBLE: compatibleVersion(ctx.snapshot),
    MAX_LS_ID: maxLsId,
  };
}

/** Every tenant from sys; from a user tenant only that tenant (its meta tenant stays hidden). */
export const DBA_OB_TENANTS: ViewSpec = {
  name: 'DBA_OB_TENANTS',
  db: 'oceanbase',
  scope: 'any',
  columns: TENANTS_COLUMNS,
  rows(ctx) {
    const tenants = ctx.snapshot.tenants
      .filter((t) => ctx.isSysTenant || t.tenantId === ctx.tenantId)
      .sort((a, b) => a.tenantId - b.tenantId);
    return recordsToRows(TENANTS_COLUMNS, tenants.map((t) => tenantRecord(ctx, t)));
  },
};

/** Creation time of a resource pool: its tenant's creation (pools are made just before), else bootstrap. */
function poolCreateUs(snapshot: ClusterSnapshot, tenantId: number): number {
  const tenant = snapshot.tenants.find((t) => t.tenantId === tenantId);
  return tenant && tenantId !== SYS_TENANT ? tenant.createTimeUs : bootstrapTimeUs(snapshot);
}

const UNIT_CONFIGS_COLUMNS = [
  col('UNIT_CONFIG_ID', BIGINT),
  col('NAME', varchar(128)),
  col('CREATE_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('MAX_CPU', DOUBLE),
  col('MIN_CPU', DOUBLE),
  col('MEMORY_SIZE', BIGINT),
  col('LOG_DISK_SIZE', BIGINT),
  col('MAX_IOPS', BIGINT),
  col('MIN_IOPS', BIGINT),
  col('IOPS_WEIGHT', BIGINT),
];

export const DBA_OB_UNIT_CONFIGS: ViewSpec = {
  name: 'DBA_OB_UNIT_CONFIGS',
  db: 'oceanbase',
  scope: 'sys-only',
  columns: UNIT_CONFIGS_COLUMNS,
  rows(ctx) {
    const snapshot = ctx.snapshot;
    const configs = [...snapshot.unitConfigs].sort((a, b) => a.unitConfigId - b.unitConfigId);
    return recordsToRows(UNIT_CONFIGS_COLUMNS, configs.map((u) => {
      const pool = snapshot.resourcePools.find((p) => p.unitConfigId === u.unitConfigId);
      const createUs = u.createTimeUs ?? (pool ? poolCreateUs(snapshot, pool.tenantId) : bootstrapTimeUs(snapshot));
      return {
        UNIT_CONFIG_ID: u.unitConfigId,
        NAME: u.name,
        CREATE_TIME: timeValue(createUs),
        MODIFY_TIME: timeValue(u.modifyTimeUs ?? createUs),
        MAX_CPU: u.maxCpu,
        MIN_CPU: u.minCpu,
        MEMORY_SIZE: u.memorySize,
        LOG_DISK_SIZE: u.logDiskSize,
        MAX_IOPS: intFromText(u.maxIops),
        MIN_IOPS: intFromText(u.minIops),
        IOPS_WEIGHT: u.iopsWeight,
      };
    }));
  },
};

const RESOURCE_POOLS_COLUMNS = [
  col('RESOURCE_POOL_ID', BIGINT),
  col('NAME', varchar(128)),
  col('TENANT_ID', BIGINT),
  col('CREATE_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('UNIT_COUNT', BIGINT),
  col('UNIT_CONFIG_ID', BIGINT),
  col('ZONE_LIST', varchar(4096)),
  col('REPLICA_TYPE', varchar(18)),
];

export const DBA_OB_RESOURCE_POOLS: ViewSpec = {
  name: 'DBA_OB_RESOURCE_POOLS',
  db: 'oceanbase',
  scope: 'sys-only',
  columns: RESOURCE_POOLS_COLUMNS,
  rows(ctx) {
    const pools = [...ctx.snapshot.resourcePools].sort((a, b) => a.resourcePoolId - b.resourcePoolId);
    return recordsToRows(RESOURCE_POOLS_COLUMNS, pools.map((p) => {
      const createUs = p.createTimeUs ?? poolCreateUs(ctx.snapshot, p.tenantId);
      return {
        RESOURCE_POOL_ID: p.resourcePoolId,
        NAME: p.name,
        // A pool not yet granted to a tenant has tenant_id -1, shown as NULL.
        TENANT_ID: p.tenantId < 0 ? null : p.tenantId,
        CREATE_TIME: timeValue(createUs),
        MODIFY_TIME: timeValue(p.modifyTimeUs ?? createUs),
        UNIT_COUNT: p.unitCount,
        UNIT_CONFIG_ID: p.unitConfigId,
        ZONE_LIST: p.zoneList.join(';'),
        REPLICA_TYPE: p.replicaType,
      };
    }));
  },
};

const UNITS_COLUMNS = [
  col('UNIT_ID', BIGINT),
  col('TENANT_ID', BIGINT),
  col('STATUS', varchar(128)),
  col('RESOURCE_POOL_ID', BIGINT),
  col('UNIT_GROUP_ID', BIGINT),
  col('CREATE_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('ZONE', varchar(128)),
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('MIGRATE_FROM_SVR_IP', varchar(46)),
  col('MIGRATE_FROM_SVR_PORT', BIGINT),
  col('MANUAL_MIGRATE', varchar(3)),
  col('UNIT_CONFIG_ID', BIGINT),
  col('MAX_CPU', DOUBLE),
  col('MIN_CPU', DOUBLE),
  col('MEMORY_SIZE', BIGINT),
  col('LOG_DISK_SIZE', BIGINT),
  col('MAX_IOPS', BIGINT),
  col('MIN_IOPS', BIGINT),
  col('IOPS_WEIGHT', BIGINT),
];

export const DBA_OB_UNITS: ViewSpec = {
  name: 'DBA_OB_UNITS',
  db: 'oceanbase',
  scope: 'sys-only',
  columns: UNITS_COLUMNS,
  rows(ctx) {
    const snapshot = ctx.snapshot;
    const units = [...snapshot.units].sort((a, b) => a.unitId - b.unitId);
    const records: Record<string, Value>[] = [];
    for (const u of units) {
      const server = ctx.serverById(u.serverId);
      const config = snapshot.unitConfigs.find((c) => c.unitConfigId === u.unitConfigId);
      const createUs = u.createTimeUs ?? poolCreateUs(snapshot, u.tenantId);
      const from = u.migrateFromServerId != null ? serverAddressOf(ctx, u.migrateFromServerId) : null;
      records.push({
        UNIT_ID: u.unitId,
        TENANT_ID: u.tenantId,
        STATUS: u.status,
        RESOURCE_POOL_ID: u.resourcePoolId,
        UNIT_GROUP_ID: u.unitGroupId,
        CREATE_TIME: timeValue(createUs),
        MODIFY_TIME: timeValue(u.modifyTimeUs ?? createUs),
        ZONE: u.zone,
        SVR_IP: server ? server.svrIp : (serverAddressOf(ctx, u.serverId)?.svrIp ?? null),
        SVR_PORT: server ? server.svrPort : (serverAddressOf(ctx, u.serverId)?.svrPort ?? null),
        MIGRATE_FROM_SVR_IP: from ? from.svrIp : null,
        MIGRATE_FROM_SVR_PORT: from ? from.svrPort : null,
        // OceanBase: 'NO' for a migration the root service started itself, NULL when none runs.
        MANUAL_MIGRATE: from ? 'NO' : null,
        UNIT_CONFIG_ID: u.unitConfigId,
        MAX_CPU: config ? config.maxCpu : null,
        MIN_CPU: config ? config.minCpu : null,
        MEMORY_SIZE: config ? config.memorySize : null,
        LOG_DISK_SIZE: config ? config.logDiskSize : null,
        MAX_IOPS: config ? intFromText(config.maxIops) : null,
        MIN_IOPS: config ? intFromText(config.minIops) : null,
        IOPS_WEIGHT: config ? config.iopsWeight : null,
      });
    }
    return recordsToRows(UNITS_COLUMNS, records);
  },
};

/** A server's address from its report, else from the root service's server list. */
function serverAddressOf(ctx: ViewContext, serverId: number): { svrIp: string; svrPort: number } | null {
  const s = ctx.serverById(serverId) ?? ctx.snapshot.rsServers?.find((r) => r.serverId === serverId);
  return s ? { svrIp: s.svrIp, svrPort: s.svrPort } : null;
}

export const CLUSTER_VIEWS: readonly ViewSpec[] = [
  DBA_OB_ZONES,
  DBA_OB_SERVERS,
  DBA_OB_TENANTS,
  DBA_OB_UNIT_CONFIGS,
  DBA_OB_RESOURCE_POOLS,
  DBA_OB_UNITS,
];
