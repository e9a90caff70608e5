/**
 * Root service job views (issue #4, reference §1.7, §2.6, §5): `DBA_OB_TENANT_JOBS`, the balance
 * jobs and transfer tasks with their histories (`DBA_/CDB_OB_BALANCE_JOBS`,
 * `..._BALANCE_JOB_HISTORY`, `..._TRANSFER_TASKS`, `..._TRANSFER_TASK_HISTORY`) and the C-replica
 * conversion progress `DBA_/CDB_OB_CS_REPLICA_STATS`.
 *
 * How OceanBase fills them:
 * - `DBA_OB_TENANT_JOBS` (`__all_rootservice_job`) keeps every job with its TENANT_ID; the sys
 *   tenant sees all tenants' jobs, a user tenant its own. RS_SVR_IP/PORT: the root service's server.
 * - A balance job or transfer task is in `..._BALANCE_JOBS` / `..._TRANSFER_TASKS` while it runs
 *   and moves to the `_HISTORY` view when it ends (COMPLETED / CANCELED / FAILED), whose second
 *   time column is FINISH_TIME. The history views' column lists mirror the live ones with
 *   FINISH_TIME for MODIFY_TIME (the exact V4.3 list is UNCONFIRMED).
 * - TRANSFER PART_LIST is `table_id:object_id,...` and TABLET_LIST `tablet_id:0,...` (the transfer
 *   seq is not modelled).
 * - `..._CS_REPLICA_STATS`: one row per COLUMNSTORE replica (server, LS): its tablets, how many
 *   have a columnar major (converted), and their macroblocks. A tablet without a major has nothing
 *   to convert and counts as available. AVAILABLE is 'TRUE' once every tablet is.
 */
import type { Value } from '../../common/value';
import type { ServerSnapshot, TabletSnapshot, TransferTaskSnapshot } from '../../server/snapshot';
import type { ResultColumn } from '../exec_context';
import { BIGINT, TIMESTAMP6, col, compareText, recordsToRows, scnValue, timeValue, varchar } from './format';
import { cdbViewWithDbaTwin, type ViewContext, type ViewSpec } from './view';

const withTenantId = (columns: ResultColumn[]): ResultColumn[] => [col('TENANT_ID', BIGINT), ...columns];

/** The root service's address (RS_SVR_IP / RS_SVR_PORT), when known. */
function rootServer(ctx: ViewContext): { svrIp: string; svrPort: number } | null {
  const id = ctx.snapshot.rootServerId ?? ctx.snapshot.servers.find((s) => s.withRootserver)?.serverId;
  if (id === undefined || id === null) return null;
  const s = ctx.serverById(id) ?? ctx.snapshot.rsServers?.find((r) => r.serverId === id);
  return s ? { svrIp: s.svrIp, svrPort: s.svrPort } : null;
}

// ---------------------------------------------------------------- DBA_OB_TENANT_JOBS

const TENANT_JOBS_COLUMNS = [
  col('JOB_ID', BIGINT),
  col('JOB_TYPE', varchar(128)),
  col('JOB_STATUS', varchar(128)),
  col('RESULT_CODE', BIGINT),
  col('PROGRESS', BIGINT),
  col('START_TIME', TIMESTAMP6),
  col('MODIFY_TIME', TIMESTAMP6),
  col('TENANT_ID', BIGINT),
  col('SQL_TEXT', varchar(65536)),
  col('EXTRA_INFO', varchar(512)),
  col('RS_SVR_IP', varchar(46)),
  col('RS_SVR_PORT', BIGINT),
];

export const DBA_OB_TENANT_JOBS: ViewSpec = {
  name: 'DBA_OB_TENANT_JOBS',
  db: 'oceanbase',
  scope: 'any',
  columns: TENANT_JOBS_COLUMNS,
  rows(ctx) {
    const rs = rootServer(ctx);
    const jobs = (ctx.snapshot.tenantJobs ?? []).filter((j) => ctx.canSee(j.tenantId)).sort((a, b) => a.jobId - b.jobId);
    return recordsToRows(TENANT_JOBS_COLUMNS, jobs.map((j) => ({
      JOB_ID: j.jobId,
      JOB_TYPE: j.jobType,
      JOB_STATUS: j.jobStatus,
      RESULT_CODE: j.resultCode ?? (j.jobStatus === 'SUCCESS' ? 0 : null),
      PROGRESS: j.progress,
      START_TIME: timeValue(j.startTimeUs),
      MODIFY_TIME: timeValue(j.modifyTimeUs),
      TENANT_ID: j.tenantId,
      SQL_TEXT: j.sqlText,
      EXTRA_INFO: j.extraInfo,
      RS_SVR_IP: rs ? rs.svrIp : null,
      RS_SVR_PORT: rs ? rs.svrPort : null,
    })));
  },
};

// ---------------------------------------------------------------- balance jobs

const BALANCE_JOB_TAIL = [
  col('BALANCE_STRATEGY', varchar(64)),
  col('JOB_TYPE', varchar(64)),
  col('TARGET_UNIT_NUM', BIGINT),
  col('TARGET_PRIMARY_ZONE_NUM', BIGINT),
  col('STATUS', varchar(64)),
  col('COMMENT', varchar(65536)),
];

const balanceJobsView = (history: boolean): [ViewSpec, ViewSpec] =>
  cdbViewWithDbaTwin({
    name: history ? 'CDB_OB_BALANCE_JOB_HISTORY' : 'CDB_OB_BALANCE_JOBS',
    columns: withTenantId([
      col('JOB_ID', BIGINT),
      col('CREATE_TIME', TIMESTAMP6),
      col(history ? 'FINISH_TIME' : 'MODIFY_TIME', TIMESTAMP6),
      ...BALANCE_JOB_TAIL,
    ]),
    records(ctx, tenants) {
      const ids = new Set(tenants.map((t) => t.tenantId));
      const ended = (status: string) => status === 'COMPLETED' || status === 'CANCELED';
      return (ctx.snapshot.balanceJobs ?? [])
        .filter((j) => ids.has(j.tenantId) && ended(j.status) === history)
        .sort((a, b) => a.tenantId - b.tenantId || a.jobId - b.jobId)
        .map((j) => ({
          TENANT_ID: j.tenantId,
          JOB_ID: j.jobId,
          CREATE_TIME: timeValue(j.startTimeUs),
          [history ? 'FINISH_TIME' : 'MODIFY_TIME']: timeValue(j.modifyTimeUs),
          BALANCE_STRATEGY: j.balanceStrategy ?? '',
          JOB_TYPE: j.jobType,
          TARGET_UNIT_NUM: j.targetUnitNum,
          TARGET_PRIMARY_ZONE_NUM: j.targetPrimaryZoneNum,
          STATUS: j.status,
          COMMENT: j.comment,
        }));
    },
  });

// ---------------------------------------------------------------- transfer tasks

const TRANSFER_TAIL = [
  col('SRC_LS', BIGINT),
  col('DEST_LS', BIGINT),
  col('PART_LIST', varchar(65536)),
  col('PART_COUNT', BIGINT),
  col('NOT_EXIST_PART_LIST', varchar(65536)),
  col('LOCK_CONFLICT_PART_LIST', varchar(65536)),
  col('TABLE_LOCK_TABLET_LIST', varchar(65536)),
  col('TABLET_LIST', varchar(65536)),
  col('TABLET_COUNT', BIGINT),
  col('START_SCN', BIGINT),
  col('FINISH_SCN', BIGINT),
  col('STATUS', varchar(64)),
  col('TRACE_ID', varchar(64)),
  col('RESULT', BIGINT),
  col('BALANCE_TASK_ID', BIGINT),
  col('TABLE_LOCK_OWNER_ID', BIGINT),
  col('COMMENT', varchar(65536)),
];

/** `table_id:object_id,...` of the task's tablets (from the tablet locations). */
function partList(ctx: ViewContext, t: TransferTaskSnapshot): string {
  const parts: string[] = [];
  for (const tabletId of t.tabletList) {
    const loc = ctx.snapshot.tabletLocations.find((l) => l.tenantId === t.tenantId && l.tabletId === tabletId);
    if (loc) parts.push(`${loc.tableId}:${loc.objectId}`);
  }
  return parts.join(',');
}

const transferTasksView = (history: boolean): [ViewSpec, ViewSpec] =>
  cdbViewWithDbaTwin({
    name: history ? 'CDB_OB_TRANSFER_TASK_HISTORY' : 'CDB_OB_TRANSFER_TASKS',
    columns: withTenantId([
      col('TASK_ID', BIGINT),
      col('CREATE_TIME', TIMESTAMP6),
      col(history ? 'FINISH_TIME' : 'MODIFY_TIME', TIMESTAMP6),
      ...TRANSFER_TAIL,
    ]),
    records(ctx, tenants) {
      const ids = new Set(tenants.map((t) => t.tenantId));
      const ended = (status: string) => status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELED';
      return (ctx.snapshot.transferTasks ?? [])
        .filter((t) => ids.has(t.tenantId) && ended(t.status) === history)
        .sort((a, b) => a.tenantId - b.tenantId || a.taskId - b.taskId)
        .map((t) => {
          const parts = partList(ctx, t);
          const done = t.status === 'COMPLETED';
          return {
            TENANT_ID: t.tenantId,
            TASK_ID: t.taskId,
            CREATE_TIME: timeValue(t.startTimeUs),
            [history ? 'FINISH_TIME' : 'MODIFY_TIME']: timeValue(t.finishTimeUs || t.startTimeUs),
            SRC_LS: t.srcLsId,
            DEST_LS: t.destLsId,
            PART_LIST: parts,
            PART_COUNT: parts === '' ? 0 : parts.split(',').length,
            NOT_EXIST_PART_LIST: done ? '' : null,
            LOCK_CONFLICT_PART_LIST: done ? '' : null,
            TABLE_LOCK_TABLET_LIST: done ? '' : null,
            TABLET_LIST: t.tabletList.map((id) => `${id}:0`).join(','),
            TABLET_COUNT: t.tabletList.length,
            START_SCN: scnValue(t.startScn),
            FINISH_SCN: scnValue(t.finishScn),
            STATUS: t.status,
            TRACE_ID: '',
            RESULT: t.status === 'FAILED' ? -1 : 0,
            BALANCE_TASK_ID: t.balanceJobId,
            TABLE_LOCK_OWNER_ID: null,
            COMMENT: '',
          };
        });
    },
  });

// ---------------------------------------------------------------- C replica conversion

/** Converted (columnar major) or nothing to convert (no major): available. */
function tabletConversion(t: TabletSnapshot): { available: boolean; macroBlocks: number } {
  let latest = null as TabletSnapshot['sstables'][number] | null;
  for (const s of t.sstables) {
    if (s.type !== 'MAJOR') continue;
    if (latest === null || BigInt(s.endScn || '0') >= BigInt(latest.endScn || '0')) latest = s;
  }
  if (latest === null) return { available: true, macroBlocks: 0 };
  return { available: (latest.columnGroups?.length ?? 0) > 0, macroBlocks: latest.macroBlockCount };
}

const CS_REPLICA_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('LS_ID', BIGINT),
  col('TOTAL_TABLET_CNT', BIGINT),
  col('AVAILABLE_TABLET_CNT', BIGINT),
  col('TOTAL_MACRO_BLOCK_CNT', BIGINT),
  col('AVAILABLE_MACRO_BLOCK_CNT', BIGINT),
  col('AVAILABLE', varchar(5)),
];

const [DBA_OB_CS_REPLICA_STATS, CDB_OB_CS_REPLICA_STATS] = cdbViewWithDbaTwin({
  name: 'CDB_OB_CS_REPLICA_STATS',
  columns: withTenantId(CS_REPLICA_COLUMNS),
  records(ctx, tenants) {
    const ids = new Set(tenants.map((t) => t.tenantId));
    const out: { key: [number, string, number, number]; record: Record<string, Value> }[] = [];
    for (const server of ctx.snapshot.servers) {
      if (server.status === 'CRASHED') continue;
      for (const r of server.lsReplicas) {
        if (r.replicaType !== 'COLUMNSTORE' || !ids.has(r.tenantId)) continue;
        out.push({ key: [r.tenantId, server.svrIp, server.svrPort, r.lsId], record: csReplicaRecord(server, r.tenantId, r.lsId) });
      }
    }
    out.sort((a, b) => a.key[0] - b.key[0] || compareText(a.key[1], b.key[1]) || a.key[2] - b.key[2] || a.key[3] - b.key[3]);
    return out.map((e) => e.record);
  },
});

function csReplicaRecord(server: ServerSnapshot, tenantId: number, lsId: number): Record<string, Value> {
  let total = 0;
  let available = 0;
  let totalMacro = 0;
  let availableMacro = 0;
  for (const t of server.tablets) {
    if (t.tenantId !== tenantId || t.lsId !== lsId) continue;
    const c = tabletConversion(t);
    total++;
    totalMacro += c.macroBlocks;
    if (c.available) {
      available++;
      availableMacro += c.macroBlocks;
    }
  }
  return {
    TENANT_ID: tenantId,
    SVR_IP: server.svrIp,
    SVR_PORT: server.svrPort,
    LS_ID: lsId,
    TOTAL_TABLET_CNT: total,
    AVAILABLE_TABLET_CNT: available,
    TOTAL_MACRO_BLOCK_CNT: totalMacro,
    AVAILABLE_MACRO_BLOCK_CNT: availableMacro,
    AVAILABLE: available === total ? 'TRUE' : 'FALSE',
  };
}

const [DBA_OB_BALANCE_JOBS, CDB_OB_BALANCE_JOBS] = balanceJobsView(false);
const [DBA_OB_BALANCE_JOB_HISTORY, CDB_OB_BALANCE_JOB_HISTORY] = balanceJobsView(true);
const [DBA_OB_TRANSFER_TASKS, CDB_OB_TRANSFER_TASKS] = transferTasksView(false);
const [DBA_OB_TRANSFER_TASK_HISTORY, CDB_OB_TRANSFER_TASK_HISTORY] = transferTasksView(true);

export const JOB_VIEWS: readonly ViewSpec[] = [
  DBA_OB_TENANT_JOBS,
  DBA_OB_BALANCE_JOBS,
  CDB_OB_BALANCE_JOBS,
  DBA_OB_BALANCE_JOB_HISTORY,
  CDB_OB_BALANCE_JOB_HISTORY,
  DBA_OB_TRANSFER_TASKS,
  CDB_OB_TRANSFER_TASKS,
  DBA_OB_TRANSFER_TASK_HISTORY,
  CDB_OB_TRANSFER_TASK_HISTORY,
  DBA_OB_CS_REPLICA_STATS,
  CDB_OB_CS_REPLICA_STATS,
];
