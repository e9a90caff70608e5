/**
 * Log-stream and location views (reference §2.2–2.3, §6): `DBA_OB_LS`, `DBA_OB_LS_LOCATIONS`,
 * `DBA_OB_TABLET_TO_LS`, `DBA_OB_TABLE_LOCATIONS` and their sys-tenant `CDB_` twins (TENANT_ID
 * first, every tenant).
 *
 * How OceanBase fills them (its view definitions):
 * - `DBA_OB_LS_LOCATIONS` has one row per replica. `MEMBER_LIST` (`ip:port:timestamp,...`) and
 *   `PAXOS_REPLICA_NUMBER` are set on the LEADER row only (NULL on followers); the leader row's
 *   `LEARNER_LIST` lists the R/C replicas (issue #4; '' without learners and on follower rows);
 *   REPLICA_TYPE is what the replica reports, else what the root service placed; `REBUILD` is 'FALSE'. Member timestamps are not modelled: every member
 *   shows `:1`, as members added at tenant creation do.
 * - `DBA_OB_LS`: LS 1 has a NULL `CREATE_SCN`; SYNC_SCN/READABLE_SCN are NULL for sys and meta
 *   tenants; `FLAG` is '' (no broadcast LS in this slice).
 * - `DBA_OB_TABLE_LOCATIONS` joins partitions → tablet → LS → replicas, one row per replica, ordered
 *   by table id, tablet id, zone, ip, port. For a non-partitioned table OceanBase's definition selects
 *   the *string* 'NULL' as PARTITION_NAME and SUBPARTITION_NAME; we do the same.
 * Who leads an LS: the replica that reports LEADER with the highest proposal id (PALF term), else the
 * root service's record in the tenant snapshot; at most one LEADER row per LS.
 * Not modelled: internal (system) tablets in DBA_OB_TABLET_TO_LS / DBA_OB_TABLE_LOCATIONS, which real
 * OceanBase lists in LS 1; LS replica creation times (the tenant's creation time is shown).
 */
import { tablegroupOf } from './tablegroup_views';
import type { Value } from '../../common/value';
import type { LsSnapshot, ReplicaType, ServerSnapshot, TenantSnapshot } from '../../server/snapshot';
import { BIGINT, TIMESTAMP6, col, compareText, recordsToRows, scnValue, timeValue, varchar } from './format';
import { cdbViewWithDbaTwin, type ViewContext, type ViewSpec } from './view';
import type { ResultColumn } from '../exec_context';

/** One replica of one LS as the location views show it. */
export interface LsReplicaLocation {
  tenantId: number;
  lsId: number;
  server: ServerSnapshot;
  role: 'LEADER' | 'FOLLOWER';
  /** Paxos members (server ids), known on the leader row only. */
  memberList: number[] | null;
  /** Learners (R and C replicas, server ids), known on the leader row only (issue #4). */
  learnerList: number[] | null;
  replicaType: ReplicaType;
  createTimeUs: number;
}

/** The server leading `ls`: highest-proposal LEADER report, else the root service's record. */
export function lsLeaderServerId(ctx: ViewContext, tenantId: number, ls: LsSnapshot): number | null {
  let best: { serverId: number; proposalId: number } | null = null;
  for (const server of ctx.snapshot.servers) {
    if (server.status === 'CRASHED') continue;
    for (const r of server.lsReplicas) {
      if (r.tenantId !== tenantId || r.lsId !== ls.lsId || r.role !== 'LEADER') continue;
      if (best === null || r.proposalId > best.proposalId) best = { serverId: server.serverId, proposalId: r.proposalId };
    }
  }
  return best ? best.serverId : ls.leaderServerId;
}

/** Replica locations of every LS of `tenant`, ordered by LS id, then server ip and port. */
export function lsLocations(ctx: ViewContext, tenant: TenantSnapshot): LsReplicaLocation[] {
  const out: LsReplicaLocation[] = [];
  const lsList = [...tenant.ls].sort((a, b) => a.lsId - b.lsId);
  for (const ls of lsList) {
    const leaderId = lsLeaderServerId(ctx, tenant.tenantId, ls);
    const replicaIds = new Set(ls.replicaServerIds);
    for (const r of ls.replicas ?? []) replicaIds.add(r.serverId);
    for (const server of ctx.snapshot.servers) {
      if (server.lsReplicas.some((r) => r.tenantId === tenant.tenantId && r.lsId === ls.lsId)) replicaIds.add(server.serverId);
    }
    const servers = [...replicaIds]
      .map((id) => ctx.serverById(id))
      .filter((s): s is ServerSnapshot => s !== undefined)
      .sort((a, b) => compareText(a.svrIp, b.svrIp) || a.svrPort - b.svrPort);
    for (const server of servers) {
      const isLeader = server.serverId === leaderId;
      out.push({
        tenantId: tenant.tenantId,
        lsId: ls.lsId,
        server,
        role: isLeader ? 'LEADER' : 'FOLLOWER',
        memberList: isLeader ? leaderMemberList(server, tenant.tenantId, ls) : null,
        learnerList: isLeader ? leaderLearnerList(server, tenant.tenantId, ls) : null,
        replicaType: replicaTypeAt(server, tenant.tenantId, ls),
        createTimeUs: tenant.createTimeUs,
      });
    }
  }
  return out;
}

function leaderMemberList(leader: ServerSnapshot, tenantId: number, ls: LsSnapshot): number[] {
  const report = leader.lsReplicas.find((r) => r.tenantId === tenantId && r.lsId === ls.lsId);
  if (report && report.memberList.length > 0) return report.memberList;
  if (ls.replicas) return ls.replicas.filter((r) => r.replicaType === 'FULL').map((r) => r.serverId);
  return ls.replicaServerIds;
}

/** The leader's PALF learner list, else the root service's non-FULL replicas. */
function leaderLearnerList(leader: ServerSnapshot, tenantId: number, ls: LsSnapshot): number[] {
  const report = leader.lsReplicas.find((r) => r.tenantId === tenantId && r.lsId === ls.lsId);
  if (report?.learnerList) return report.learnerList;
  return (ls.replicas ?? []).filter((r) => r.replicaType !== 'FULL').map((r) => r.serverId);
}

/** The replica's type as it reports it, else as the root service placed it, else FULL. */
function replicaTypeAt(server: ServerSnapshot, tenantId: number, ls: LsSnapshot): ReplicaType {
  const report = server.lsReplicas.find((r) => r.tenantId === tenantId && r.lsId === ls.lsId);
  if (report) return report.replicaType;
  return ls.replicas?.find((r) => r.serverId === server.serverId)?.replicaType ?? 'FULL';
}

/** `10.0.0.1:2882:1,10.0.0.2:2882:1` — PALF member list as the views print it. */
export function formatMemberList(ctx: ViewContext, serverIds: readonly number[]): string {
  return serverIds
    .map((id) => ctx.serverById(id))
    .filter((s): s is ServerSnapshot => s !== undefined)
    .map((s) => `${s.svrIp}:${s.svrPort}:1`)
    .join(',');
}

const withTenantId = (columns: ResultColumn[]): ResultColumn[] => [col('TENANT_ID', BIGINT), ...columns];

// ---------------------------------------------------------------- DBA_OB_LS / CDB_OB_LS

const LS_COLUMNS = [
  col('LS_ID', BIGINT),
  col('STATUS', varchar(100)),
  col('PRIMARY_ZONE', varchar(4096)),
  col('UNIT_GROUP_ID', BIGINT),
  col('LS_GROUP_ID', BIGINT),
  col('CREATE_SCN', BIGINT),
  col('DROP_SCN', BIGINT),
  col('SYNC_SCN', BIGINT),
  col('READABLE_SCN', BIGINT),
  col('FLAG', varchar(2048)),
];

/** Highest and lowest applied SCN over the LS's replicas (sync = leader's progress, readable = all). */
function lsScns(ctx: ViewContext, tenantId: number, lsId: number): { sync: string | null; readable: string | null } {
  let max: bigint | null = null;
  let min: bigint | null = null;
  for (const server of ctx.snapshot.servers) {
    for (const r of server.lsReplicas) {
      if (r.tenantId !== tenantId || r.lsId !== lsId || r.appliedScn === '') continue;
      const v = BigInt(r.appliedScn);
      if (max === null || v > max) max = v;
      if (min === null || v < min) min = v;
    }
  }
  return { sync: max === null ? null : max.toString(), readable: min === null ? null : min.toString() };
}

const [DBA_OB_LS, CDB_OB_LS] = cdbViewWithDbaTwin({
  name: 'CDB_OB_LS',
  columns: withTenantId(LS_COLUMNS),
  records(ctx, tenants) {
    const records: Record<string, Value>[] = [];
    for (const tenant of tenants) {
      const isUser = tenant.tenantType === 'USER';
      for (const ls of [...tenant.ls].sort((a, b) => a.lsId - b.lsId)) {
        const scns = isUser ? lsScns(ctx, tenant.tenantId, ls.lsId) : { sync: null, readable: null };
        records.push({
          TENANT_ID: tenant.tenantId,
          LS_ID: ls.lsId,
          // WAIT_OFFLINE is spelled with a space in the view (reference §2.3).
          STATUS: ls.status === 'WAIT_OFFLINE' ? 'WAIT OFFLINE' : ls.status,
          PRIMARY_ZONE: ls.primaryZone,
          UNIT_GROUP_ID: ls.unitGroupId,
          LS_GROUP_ID: ls.lsGroupId,
          CREATE_SCN: ls.lsId === 1 ? null : scnValue(ls.createScn),
          DROP_SCN: null,
          SYNC_SCN: scnValue(scns.sync),
          READABLE_SCN: scnValue(scns.readable),
          FLAG: '',
        });
      }
    }
    return records;
  },
});

// ---------------------------------------------------------------- DBA_OB_LS_LOCATIONS

const LS_LOCATION_HEAD = [col('CREATE_TIME', TIMESTAMP6), col('MODIFY_TIME', TIMESTAMP6)];
const LS_LOCATION_TAIL = [
  col('LS_ID', BIGINT),
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('SQL_PORT', BIGINT),
  col('ZONE', varchar(128)),
  col('ROLE', varchar(8)),
  col('MEMBER_LIST', varchar(65536)),
  col('PAXOS_REPLICA_NUMBER', BIGINT),
  col('REPLICA_TYPE', varchar(18)),
  col('LEARNER_LIST', varchar(65536)),
  col('REBUILD', varchar(5)),
];

const [DBA_OB_LS_LOCATIONS, CDB_OB_LS_LOCATIONS] = cdbViewWithDbaTwin({
  name: 'CDB_OB_LS_LOCATIONS',
  columns: [...LS_LOCATION_HEAD, col('TENANT_ID', BIGINT), ...LS_LOCATION_TAIL],
  records(ctx, tenants) {
    const records: Record<string, Value>[] = [];
    for (const tenant of tenants) {
      for (const loc of lsLocations(ctx, tenant)) {
        records.push({
          CREATE_TIME: timeValue(loc.createTimeUs),
          MODIFY_TIME: timeValue(loc.createTimeUs),
          TENANT_ID: loc.tenantId,
          LS_ID: loc.lsId,
          SVR_IP: loc.server.svrIp,
          SVR_PORT: loc.server.svrPort,
          SQL_PORT: loc.server.sqlPort,
          ZONE: loc.server.zone,
          ROLE: loc.role,
          MEMBER_LIST: loc.memberList ? formatMemberList(ctx, loc.memberList) : null,
          PAXOS_REPLICA_NUMBER: loc.memberList ? loc.memberList.length : null,
          REPLICA_TYPE: loc.replicaType,
          // The leader row lists the learners (R/C replicas); follower rows show ''.
          LEARNER_LIST: loc.learnerList ? formatMemberList(ctx, loc.learnerList) : '',
          REBUILD: 'FALSE',
        });
      }
    }
    return records;
  },
});

// ---------------------------------------------------------------- DBA_OB_TABLET_TO_LS

const TABLET_TO_LS_COLUMNS = [col('TABLET_ID', BIGINT), col('LS_ID', BIGINT)];

const [DBA_OB_TABLET_TO_LS, CDB_OB_TABLET_TO_LS] = cdbViewWithDbaTwin({
  name: 'CDB_OB_TABLET_TO_LS',
  columns: withTenantId(TABLET_TO_LS_COLUMNS),
  records(ctx, tenants) {
    const ids = new Set(tenants.map((t) => t.tenantId));
    return ctx.snapshot.tabletLocations
      .filter((t) => ids.has(t.tenantId))
      .sort((a, b) => a.tenantId - b.tenantId || a.tabletId - b.tabletId)
      .map((t) => ({ TENANT_ID: t.tenantId, TABLET_ID: t.tabletId, LS_ID: t.lsId }));
  },
});

// ---------------------------------------------------------------- DBA_OB_TABLE_LOCATIONS

const TABLE_LOCATIONS_COLUMNS = [
  col('DATABASE_NAME', varchar(128)),
  col('TABLE_NAME', varchar(256)),
  col('TABLE_ID', BIGINT),
  col('TABLE_TYPE', varchar(21)),
  col('PARTITION_NAME', varchar(64)),
  col('SUBPARTITION_NAME', varchar(64)),
  col('INDEX_NAME', varchar(256)),
  col('DATA_TABLE_ID', BIGINT),
  col('TABLET_ID', BIGINT),
  col('LS_ID', BIGINT),
  col('ZONE', varchar(128)),
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('ROLE', varchar(8)),
  col('REPLICA_TYPE', varchar(18)),
  col('DUPLICATE_SCOPE', varchar(7)),
  col('OBJECT_ID', BIGINT),
  col('TABLEGROUP_NAME', varchar(128)),
  col('TABLEGROUP_ID', BIGINT),
  col('SHARDING', varchar(10)),
];

const [DBA_OB_TABLE_LOCATIONS, CDB_OB_TABLE_LOCATIONS] = cdbViewWithDbaTwin({
  name: 'CDB_OB_TABLE_LOCATIONS',
  columns: withTenantId(TABLE_LOCATIONS_COLUMNS),
  records(ctx, tenants) {
    const entries: { record: Record<string, Value>; sortKey: (number | string)[] }[] = [];
    for (const tenant of tenants) {
      const replicasByLs = new Map<number, LsReplicaLocation[]>();
      for (const loc of lsLocations(ctx, tenant)) {
        const list = replicasByLs.get(loc.lsId) ?? [];
        list.push(loc);
        replicasByLs.set(loc.lsId, list);
      }
      for (const t of ctx.snapshot.tabletLocations) {
        if (t.tenantId !== tenant.tenantId) continue;
        for (const loc of replicasByLs.get(t.lsId) ?? []) {
          const tg = tenant.tenantId === ctx.tenantId ? tablegroupOf(ctx.schema, t.databaseName, t.tableName) : undefined;
          const record: Record<string, Value> = {
            TENANT_ID: tenant.tenantId,
            DATABASE_NAME: t.databaseName,
            TABLE_NAME: t.tableName,
            TABLE_ID: t.tableId,
            TABLE_TYPE: 'USER TABLE',
            // OceanBase's view selects the string 'NULL' for a non-partitioned table.
            PARTITION_NAME: t.partitionName ?? 'NULL',
            SUBPARTITION_NAME: 'NULL',
            INDEX_NAME: null,
            DATA_TABLE_ID: null,
            TABLET_ID: t.tabletId,
            LS_ID: t.lsId,
            ZONE: loc.server.zone,
            SVR_IP: loc.server.svrIp,
            SVR_PORT: loc.server.svrPort,
            ROLE: loc.role,
            REPLICA_TYPE: loc.replicaType,
            DUPLICATE_SCOPE: 'NONE',
            OBJECT_ID: t.objectId,
            TABLEGROUP_NAME: tg?.name ?? null,
            TABLEGROUP_ID: tg?.tablegroupId ?? null,
            SHARDING: tg?.sharding ?? null,
          };
          const sortKey = [tenant.tenantId, t.tableId, t.tabletId, loc.server.zone, loc.server.svrIp, loc.server.svrPort];
          entries.push({ record, sortKey });
          }
        }
      }
      entries.sort((a, b) => compareSortKeys(a.sortKey, b.sortKey));
      return entries.map((e) => e.record);
  },
});

function compareSortKeys(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    return typeof x === 'number' && typeof y === 'number' ? x - y : compareText(String(x), String(y));
  }
  return 0;
}

export const LS_VIEWS: readonly ViewSpec[] = [
  DBA_OB_LS,
  CDB_OB_LS,
  DBA_OB_LS_LOCATIONS,
  CDB_OB_LS_LOCATIONS,
  DBA_OB_TABLET_TO_LS,
  CDB_OB_TABLET_TO_LS,
  DBA_OB_TABLE_LOCATIONS,
  CDB_OB_TABLE_LOCATIONS,
];
