/**
 * Compaction views (reference §4.3–4.5, §5), built from the servers' snapshots only:
 * - `GV$OB_COMPACTION_PROGRESS`: per server and tenant compaction — the tenant's major (running:
 *   NODE_RUNNING, done: FINISH, from the root service's frozen SCN and the server's replicas) and
 *   the mini/minor merges running there;
 * - `GV$OB_TABLET_COMPACTION_PROGRESS`: one row per tablet merge in progress;
 * - `GV$OB_TABLET_COMPACTION_HISTORY` and `GV$OB_MERGE_INFO`: the servers' finished merges;
 * - `CDB_/DBA_OB_MAJOR_COMPACTION`, `CDB_/DBA_OB_ZONE_MAJOR_COMPACTION`, `CDB_/DBA_OB_FREEZE_INFO`:
 *   the root services' major compaction state (status IDLE / COMPACTING / VERIFYING).
 *
 * Value conventions taken from OceanBase's virtual tables: STATUS strings are the DAG statuses
 * (`ObIDag::ObIDagStatusStr`: READY, NODE_RUNNING, FINISH); COMPRESSION_RATIO is compressed bytes /
 * original bytes (1 when unknown), truncated to two decimals; PARALLEL_INFO is '-' for a merge run
 * by one task; NEW_FLUSH_DATA_RATE is KB/s; FROZEN_TIME is FROZEN_SCN read as a time (SCNs are ns),
 * so a fresh tenant shows SCN 1 at 1970-01-01, and unset start/finish times print the epoch too
 * (`usec_to_time(0)`), while GV$ times of 0 are NULL. COMMENTS of a major progress row follow the
 * V4.3 format `is_inited:1,real_finish_cnt:N`.
 * Not modelled: PARTICIPANT_TABLE, MACRO_ID_LIST and KEPT_SNAPSHOT (empty), progressive merge
 * rounds (0), MERGE_LEVEL (always MACRO_BLOCK_LEVEL), MULTIPLEXED_MICRO_COUNT_IN_NEW_MACRO (0).
 */
import type { Value } from '../../common/value';
import type {
  CompactionHistorySnapshot,
  MajorCompactionSnapshot,
  ServerSnapshot,
  TabletSnapshot,
  TenantSnapshot,
} from '../../server/snapshot';
import { compatibleVersion } from './cluster_views';
import { BIGINT, DOUBLE, TIMESTAMP6, col, formatTimestampUs, recordsToRows, scnValue, timeValue, varchar } from './format';
import { answeringServers } from './storage_views';
import { cdbViewWithDbaTwin, type ViewContext, type ViewSpec } from './view';

const yesNo = (b: boolean) => (b ? 'YES' : 'NO');
/** `usec_to_time(us)`: the epoch for 0, as the DBA_/CDB_ compaction views print unset times. */
const epochTime = (us: number) => formatTimestampUs(Math.max(0, Math.floor(us)));
/** OceanBase's ratio arithmetic: two decimals, truncated. */
const truncate2 = (x: number) => Math.floor(x * 100) / 100;

/** compressed / original from a history entry's original / compressed (1 when unknown). */
function compressedOverOriginal(rawOverOccupy: number): number {
  return rawOverOccupy > 0 && Number.isFinite(rawOverOccupy) ? truncate2(1 / rawOverOccupy) : 1;
}

function ipHex(ip: string): string {
  return ip.split('.').map((p) => Number(p).toString(16).toUpperCase().padStart(2, '0')).join('');
}

// ---------------------------------------------------------------- root service state

/** The tenant's major compaction as its root service reports it (newest frozen SCN if several do). */
export function majorOf(ctx: ViewContext, tenantId: number): MajorCompactionSnapshot | undefined {
  let best: MajorCompactionSnapshot | undefined;
  for (const server of answeringServers(ctx)) {
    for (const m of server.majorCompactions ?? []) {
      if (m.tenantId === tenantId && (best === undefined || BigInt(m.frozenScn) > BigInt(best.frozenScn))) best = m;
    }
  }
  return best ?? fallbackMajor(ctx, tenantId);
}

/**
 * When no root service answers (its server is down): the newest major SCN any replica holds,
 * shown IDLE, so the views still say which baseline the tenant has.
 */
function fallbackMajor(ctx: ViewContext, tenantId: number): MajorCompactionSnapshot | undefined {
  const tenant = ctx.tenantById(tenantId);
  if (!tenant) return undefined;
  let newest = 1n;
  for (const server of answeringServers(ctx)) {
    for (const t of server.tablets) {
      if (t.tenantId !== tenantId) continue;
      for (const s of t.sstables) if (s.type === 'MAJOR' && BigInt(s.endScn) > newest) newest = BigInt(s.endScn);
    }
  }
  const scn = newest.toString();
  const zones = [...new Set(ctx.snapshot.servers.map((s) => s.zone))].sort();
  return {
    tenantId, frozenScn: scn, frozenTimeUs: Number(newest / 1000n), globalBroadcastScn: scn, lastScn: scn,
    lastFinishTimeUs: tenant.createTimeUs, startTimeUs: 0, status: 'IDLE', isError: false, isSuspended: false, info: '',
    zones: zones.map((zone) => ({ zone, broadcastScn: scn, lastScn: scn, lastFinishTimeUs: tenant.createTimeUs, startTimeUs: 0, status: 'IDLE' as const })),
    freezeInfo: [{ frozenScn: '1', schemaVersion: 0, createTimeUs: tenant.createTimeUs }],
  };
}

const MAJOR_COLUMNS = [
  col('TENANT_ID', BIGINT),
  col('FROZEN_SCN', BIGINT),
  col('FROZEN_TIME', TIMESTAMP6),
  col('GLOBAL_BROADCAST_SCN', BIGINT),
  col('LAST_SCN', BIGINT),
  col('LAST_FINISH_TIME', TIMESTAMP6),
  col('START_TIME', TIMESTAMP6),
  col('STATUS', varchar(64)),
  col('IS_ERROR', varchar(3)),
  col('IS_SUSPENDED', varchar(3)),
  col('INFO', varchar(65536)),
];

const [DBA_OB_MAJOR_COMPACTION, CDB_OB_MAJOR_COMPACTION] = cdbViewWithDbaTwin({
  name: 'CDB_OB_MAJOR_COMPACTION',
  columns: MAJOR_COLUMNS,
  records(ctx, tenants) {
    const records: Record<string, Value>[] = [];
    for (const t of tenants) {
      const m = majorOf(ctx, t.tenantId);
      if (!m) continue;
      records.push({
        TENANT_ID: t.tenantId,
        FROZEN_SCN: scnValue(m.frozenScn),
        FROZEN_TIME: epochTime(m.frozenTimeUs),
        GLOBAL_BROADCAST_SCN: scnValue(m.globalBroadcastScn),
        LAST_SCN: scnValue(m.lastScn),
        LAST_FINISH_TIME: epochTime(m.lastFinishTimeUs),
        START_TIME: epochTime(m.startTimeUs),
        STATUS: m.status,
        IS_ERROR: yesNo(m.isError),
        IS_SUSPENDED: yesNo(m.isSuspended),
        INFO: m.info,
      });
    }
    return records;
  },
});

const ZONE_MAJOR_COLUMNS = [
  col('TENANT_ID', BIGINT),
  col('ZONE', varchar(128)),
  col('BROADCAST_SCN', BIGINT),
  col('LAST_SCN', BIGINT),
  col('LAST_FINISH_TIME', TIMESTAMP6),
  col('START_TIME', TIMESTAMP6),
  col('STATUS', varchar(64)),
];

const [DBA_OB_ZONE_MAJOR_COMPACTION, CDB_OB_ZONE_MAJOR_COMPACTION] = cdbViewWithDbaTwin({
  name: 'CDB_OB_ZONE_MAJOR_COMPACTION',
  columns: ZONE_MAJOR_COLUMNS,
  records(ctx, tenants) {
    const records: Record<string, Value>[] = [];
    for (const t of tenants) {
      const m = majorOf(ctx, t.tenantId);
      for (const z of m?.zones ?? []) {
        records.push({
          TENANT_ID: t.tenantId,
          ZONE: z.zone,
          BROADCAST_SCN: scnValue(z.broadcastScn),
          LAST_SCN: scnValue(z.lastScn),
          LAST_FINISH_TIME: epochTime(z.lastFinishTimeUs),
          START_TIME: epochTime(z.startTimeUs),
          STATUS: z.status,
        });
      }
    }
    return records;
  },
});

/** `4.3.3.0` → OceanBase's packed data version (major << 32 | minor << 16 | patch << 8 | build). */
export function clusterVersionNumber(version: string): number {
  const [a, b, c, d] = version.split('.').map((x) => Number(x) || 0);
  return a * 2 ** 32 + b * 2 ** 16 + c * 2 ** 8 + (d ?? 0);
}

const FREEZE_INFO_COLUMNS = [
  col('TENANT_ID', BIGINT),
  col('FROZEN_SCN', BIGINT),
  col('CLUSTER_VERSION', BIGINT),
  col('SCHEMA_VERSION', BIGINT),
  col('GMT_CREATE', TIMESTAMP6),
  col('GMT_MODIFIED', TIMESTAMP6),
];

const [DBA_OB_FREEZE_INFO, CDB_OB_FREEZE_INFO] = cdbViewWithDbaTwin({
  name: 'CDB_OB_FREEZE_INFO',
  columns: FREEZE_INFO_COLUMNS,
  records(ctx, tenants) {
    const version = clusterVersionNumber(compatibleVersion(ctx.snapshot));
    const records: Record<string, Value>[] = [];
    for (const t of tenants) {
      for (const f of majorOf(ctx, t.tenantId)?.freezeInfo ?? []) {
        records.push({
          TENANT_ID: t.tenantId,
          FROZEN_SCN: scnValue(f.frozenScn),
          CLUSTER_VERSION: version,
          SCHEMA_VERSION: f.schemaVersion,
          GMT_CREATE: timeValue(f.createTimeUs),
          GMT_MODIFIED: timeValue(f.createTimeUs),
        });
      }
    }
    return records;
  },
});

// ---------------------------------------------------------------- per-tablet progress

/** Bytes a running merge reads: frozen memtables (mini), minis and minor (minor), all SSTables (major). */
function inputBytes(t: TabletSnapshot): number {
  const type = t.compaction?.mergeType;
  if (type === 'MINI_MERGE') return t.memtables.filter((m) => !m.isActive).reduce((n, m) => n + m.bytes, 0);
  if (type === 'MINOR_MERGE') return t.sstables.filter((s) => s.type !== 'MAJOR').reduce((n, s) => n + s.bytes, 0);
  return t.sstables.reduce((n, s) => n + s.bytes, 0);
}

interface TabletProgress {
  dataSize: number;
  unfinishedSize: number;
  estimatedFinishUs: number;
}

function tabletProgress(t: TabletSnapshot, nowUs: number): TabletProgress {
  const c = t.compaction;
  const dataSize = inputBytes(t);
  if (!c) return { dataSize, unfinishedSize: 0, estimatedFinishUs: nowUs };
  const fraction = c.rowsTotal > 0 ? Math.min(1, c.rowsDone / c.rowsTotal) : 0;
  const elapsedUs = Math.max(0, nowUs - c.startUs);
  return {
    dataSize,
    unfinishedSize: Math.round(dataSize * (1 - fraction)),
    estimatedFinishUs: fraction > 0 ? c.startUs + Math.ceil(elapsedUs / fraction) : nowUs + 1_000_000,
  };
}

function taskIdOf(server: ServerSnapshot, t: TabletSnapshot): string {
  const running = t.dagTasks?.find((d) => d.status === 'RUNNING') ?? t.dagTasks?.[0];
  if (running) return running.taskId;
  // OceanBase's trace id: `Y` + port and IPv4 in hex (`YB42AC1E87CA` is 172.30.135.202:2882).
  return `Y${server.svrPort.toString(16).toUpperCase()}${ipHex(server.svrIp)}-${t.tabletId.toString(16).toUpperCase().padStart(16, '0')}-0-0`;
}

const TABLET_PROGRESS_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('TENANT_ID', BIGINT),
  col('TYPE', varchar(64)),
  col('LS_ID', BIGINT),
  col('TABLET_ID', BIGINT),
  col('COMPACTION_SCN', BIGINT),
  col('TASK_ID', varchar(64)),
  col('STATUS', varchar(64)),
  col('DATA_SIZE', BIGINT),
  col('UNFINISHED_DATA_SIZE', BIGINT),
  col('PROGRESSIVE_COMPACTION_ROUND', BIGINT),
  col('CREATE_TIME', TIMESTAMP6),
  col('START_TIME', TIMESTAMP6),
  col('ESTIMATED_FINISH_TIME', TIMESTAMP6),
];

export const GV_OB_TABLET_COMPACTION_PROGRESS: ViewSpec = {
  name: 'GV$OB_TABLET_COMPACTION_PROGRESS',
  db: 'oceanbase',
  scope: 'any',
  columns: TABLET_PROGRESS_COLUMNS,
  rows(ctx) {
    const nowUs = ctx.snapshot.takenAtUs;
    const records: Record<string, Value>[] = [];
    for (const server of answeringServers(ctx)) {
      for (const t of server.tablets) {
        const c = t.compaction;
        if (!c || !ctx.canSee(t.tenantId)) continue;
        const p = tabletProgress(t, nowUs);
        records.push({
          SVR_IP: server.svrIp,
          SVR_PORT: server.svrPort,
          TENANT_ID: t.tenantId,
          TYPE: c.mergeType,
          LS_ID: t.lsId,
          TABLET_ID: t.tabletId,
          COMPACTION_SCN: scnValue(c.compactionScn),
          TASK_ID: taskIdOf(server, t),
          STATUS: c.status === 'RUNNING' ? 'NODE_RUNNING' : 'READY',
          DATA_SIZE: p.dataSize,
          UNFINISHED_DATA_SIZE: p.unfinishedSize,
          PROGRESSIVE_COMPACTION_ROUND: 0,
          CREATE_TIME: timeValue(c.startUs),
          START_TIME: timeValue(c.startUs),
          ESTIMATED_FINISH_TIME: timeValue(p.estimatedFinishUs),
        });
      }
    }
    return recordsToRows(TABLET_PROGRESS_COLUMNS, records);
  },
};

// ---------------------------------------------------------------- per-server progress

const PROGRESS_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('TENANT_ID', BIGINT),
  col('TYPE', varchar(64)),
  col('ZONE', varchar(128)),
  col('COMPACTION_SCN', BIGINT),
  col('STATUS', varchar(64)),
  col('TOTAL_TABLET_COUNT', BIGINT),
  col('UNFINISHED_TABLET_COUNT', BIGINT),
  col('DATA_SIZE', BIGINT),
  col('UNFINISHED_DATA_SIZE', BIGINT),
  col('COMPRESSION_RATIO', DOUBLE),
  col('START_TIME', TIMESTAMP6),
  col('ESTIMATED_FINISH_TIME', TIMESTAMP6),
  col('COMMENTS', varchar(1024)),
];

/** The server's part of the tenant's major: its replicas at (or short of) the frozen SCN. */
function majorProgressRecord(server: ServerSnapshot, tenant: TenantSnapshot, m: MajorCompactionSnapshot, nowUs: number): Record<string, Value> {
  const frozen = BigInt(m.frozenScn);
  const zone = m.zones.find((z) => z.zone === server.zone);
  const zoneDone = zone !== undefined && zone.status === 'IDLE' && zone.lastScn === m.frozenScn;
  const tablets = server.tablets.filter((t) => t.tenantId === tenant.tenantId);
  let finished = 0;
  let dataSize = 0;
  let unfinishedSize = 0;
  let bytes = 0;
  let rawBytes = 0;
  for (const t of tablets) {
    const major = t.sstables.find((s) => s.type === 'MAJOR');
    const done = zoneDone || (major !== undefined && BigInt(major.endScn) >= frozen);
    const size = done && major ? major.bytes : t.sstables.reduce((n, s) => n + s.bytes, 0);
    dataSize += size;
    if (done) {
      finished++;
      if (major && major.rawBytes !== undefined && major.rawBytes > 0) {
        bytes += major.bytes;
        rawBytes += major.rawBytes;
      }
    } else unfinishedSize += size;
  }
  const startUs = zone?.startTimeUs || m.startTimeUs;
  const allDone = zoneDone || (tablets.length > 0 && finished === tablets.length);
  const estimateUs = finished > 0 ? startUs + Math.ceil(((nowUs - startUs) * tablets.length) / finished) : nowUs + 1_000_000;
  return {
    SVR_IP: server.svrIp,
    SVR_PORT: server.svrPort,
    TENANT_ID: tenant.tenantId,
    TYPE: 'MAJOR_MERGE',
    ZONE: server.zone,
    COMPACTION_SCN: scnValue(m.frozenScn),
    STATUS: allDone ? 'FINISH' : 'NODE_RUNNING',
    TOTAL_TABLET_COUNT: tablets.length,
    UNFINISHED_TABLET_COUNT: tablets.length - finished,
    DATA_SIZE: dataSize,
    UNFINISHED_DATA_SIZE: unfinishedSize,
    COMPRESSION_RATIO: rawBytes > 0 ? truncate2(bytes / rawBytes) : 1,
    START_TIME: timeValue(startUs),
    ESTIMATED_FINISH_TIME: timeValue(allDone ? zone?.lastFinishTimeUs || m.lastFinishTimeUs : Math.max(estimateUs, nowUs)),
    COMMENTS: `is_inited:1,real_finish_cnt:${finished}`,
  };
}

/** Running mini / minor merges of the tenant on the server, one row per merge type. */
function runningMergeRecords(server: ServerSnapshot, tenantId: number, nowUs: number): Record<string, Value>[] {
  const out: Record<string, Value>[] = [];
  for (const type of ['MINI_MERGE', 'MINOR_MERGE'] as const) {
    const running = server.tablets.filter((t) => t.tenantId === tenantId && t.compaction?.mergeType === type);
    if (running.length === 0) continue;
    let scn = 0n;
    let startUs = Number.MAX_SAFE_INTEGER;
    let estimateUs = 0;
    let dataSize = 0;
    let unfinishedSize = 0;
    for (const t of running) {
      const p = tabletProgress(t, nowUs);
      if (BigInt(t.compaction!.compactionScn) > scn) scn = BigInt(t.compaction!.compactionScn);
      startUs = Math.min(startUs, t.compaction!.startUs);
      estimateUs = Math.max(estimateUs, p.estimatedFinishUs);
      dataSize += p.dataSize;
      unfinishedSize += p.unfinishedSize;
    }
    out.push({
      SVR_IP: server.svrIp,
      SVR_PORT: server.svrPort,
      TENANT_ID: tenantId,
      TYPE: type,
      ZONE: server.zone,
      COMPACTION_SCN: scnValue(scn.toString()),
      STATUS: 'NODE_RUNNING',
      TOTAL_TABLET_COUNT: running.length,
      UNFINISHED_TABLET_COUNT: running.length,
      DATA_SIZE: dataSize,
      UNFINISHED_DATA_SIZE: unfinishedSize,
      COMPRESSION_RATIO: 1,
      START_TIME: timeValue(startUs),
      ESTIMATED_FINISH_TIME: timeValue(estimateUs),
      COMMENTS: '',
    });
  }
  return out;
}

export const GV_OB_COMPACTION_PROGRESS: ViewSpec = {
  name: 'GV$OB_COMPACTION_PROGRESS',
  db: 'oceanbase',
  scope: 'any',
  columns: PROGRESS_COLUMNS,
  rows(ctx) {
    const nowUs = ctx.snapshot.takenAtUs;
    const tenants = [...ctx.snapshot.tenants].filter((t) => ctx.canSee(t.tenantId)).sort((a, b) => a.tenantId - b.tenantId);
    const majors = new Map(tenants.map((t) => [t.tenantId, majorOf(ctx, t.tenantId)]));
    const records: Record<string, Value>[] = [];
    for (const server of answeringServers(ctx)) {
      for (const tenant of tenants) {
        if (!server.lsReplicas.some((r) => r.tenantId === tenant.tenantId)) continue;
        const m = majors.get(tenant.tenantId);
        if (m && m.frozenScn !== '1') records.push(majorProgressRecord(server, tenant, m, nowUs));
        records.push(...runningMergeRecords(server, tenant.tenantId, nowUs));
      }
    }
    return recordsToRows(PROGRESS_COLUMNS, records);
  },
};

// ---------------------------------------------------------------- finished merges

const HISTORY_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('TENANT_ID', BIGINT),
  col('LS_ID', BIGINT),
  col('TABLET_ID', BIGINT),
  col('TYPE', varchar(64)),
  col('COMPACTION_SCN', BIGINT),
  col('START_TIME', TIMESTAMP6),
  col('FINISH_TIME', TIMESTAMP6),
  col('TASK_ID', varchar(64)),
  col('OCCUPY_SIZE', BIGINT),
  col('MACRO_BLOCK_COUNT', BIGINT),
  col('MULTIPLEXED_MACRO_BLOCK_COUNT', BIGINT),
  col('NEW_MICRO_COUNT_IN_NEW_MACRO', BIGINT),
  col('MULTIPLEXED_MICRO_COUNT_IN_NEW_MACRO', BIGINT),
  col('TOTAL_ROW_COUNT', BIGINT),
  col('INCREMENTAL_ROW_COUNT', BIGINT),
  col('COMPRESSION_RATIO', DOUBLE),
  col('NEW_FLUSH_DATA_RATE', BIGINT),
  col('PROGRESSIVE_COMPACTION_ROUND', BIGINT),
  col('PROGRESSIVE_COMPACTION_NUM', BIGINT),
  col('PARALLEL_DEGREE', BIGINT),
  col('PARALLEL_INFO', varchar(512)),
  col('PARTICIPANT_TABLE', varchar(512)),
  col('MACRO_ID_LIST', varchar(256)),
  col('COMMENTS', varchar(256)),
  col('START_CG_ID', BIGINT),
  col('END_CG_ID', BIGINT),
  col('KEPT_SNAPSHOT', varchar(128)),
  col('MERGE_LEVEL', varchar(64)),
];

/** KB written per second of merge time (0 for an instantaneous merge). */
function flushRateKbPerSecond(h: CompactionHistorySnapshot): number {
  const seconds = (h.finishUs - h.startUs) / 1_000_000;
  return seconds > 0 ? Math.floor(h.occupySize / 1024 / seconds) : 0;
}

/** Every visible finished merge: server by server, each server's latest first. */
function visibleHistory(ctx: ViewContext): { server: ServerSnapshot; h: CompactionHistorySnapshot }[] {
  const out: { server: ServerSnapshot; h: CompactionHistorySnapshot }[] = [];
  for (const server of answeringServers(ctx)) {
    for (const h of server.compactionHistory ?? []) if (ctx.canSee(h.tenantId)) out.push({ server, h });
  }
  return out;
}

export const GV_OB_TABLET_COMPACTION_HISTORY: ViewSpec = {
  name: 'GV$OB_TABLET_COMPACTION_HISTORY',
  db: 'oceanbase',
  scope: 'any',
  columns: HISTORY_COLUMNS,
  rows(ctx) {
    return recordsToRows(HISTORY_COLUMNS, visibleHistory(ctx).map(({ server, h }) => ({
      SVR_IP: server.svrIp,
      SVR_PORT: server.svrPort,
      TENANT_ID: h.tenantId,
      LS_ID: h.lsId,
      TABLET_ID: h.tabletId,
      TYPE: h.mergeType,
      COMPACTION_SCN: scnValue(h.compactionScn),
      START_TIME: timeValue(h.startUs),
      FINISH_TIME: timeValue(h.finishUs),
      TASK_ID: h.taskId,
      OCCUPY_SIZE: h.occupySize,
      MACRO_BLOCK_COUNT: h.macroBlockCount,
      MULTIPLEXED_MACRO_BLOCK_COUNT: h.multiplexedMacroBlockCount,
      NEW_MICRO_COUNT_IN_NEW_MACRO: h.newMicroBlockCount,
      MULTIPLEXED_MICRO_COUNT_IN_NEW_MACRO: 0,
      TOTAL_ROW_COUNT: h.totalRowCount,
      INCREMENTAL_ROW_COUNT: h.incrementalRowCount,
      COMPRESSION_RATIO: compressedOverOriginal(h.compressionRatio),
      NEW_FLUSH_DATA_RATE: flushRateKbPerSecond(h),
      PROGRESSIVE_COMPACTION_ROUND: 0,
      PROGRESSIVE_COMPACTION_NUM: 0,
      PARALLEL_DEGREE: h.parallelDegree,
      PARALLEL_INFO: h.parallelDegree > 1 ? `parallel_degree:${h.parallelDegree}` : '-',
      PARTICIPANT_TABLE: '',
      MACRO_ID_LIST: '',
      COMMENTS: h.comments,
      START_CG_ID: h.startCgId,
      END_CG_ID: h.endCgId,
      KEPT_SNAPSHOT: '',
      MERGE_LEVEL: 'MACRO_BLOCK_LEVEL',
    })));
  },
};

const MERGE_INFO_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('TENANT_ID', BIGINT),
  col('TABLE_ID', BIGINT),
  col('LS_ID', BIGINT),
  col('TABLET_ID', BIGINT),
  col('ACTION', varchar(64)),
  col('COMPACTION_SCN', BIGINT),
  col('START_TIME', TIMESTAMP6),
  col('END_TIME', TIMESTAMP6),
  col('MACRO_BLOCK_COUNT', BIGINT),
  col('REUSE_PCT', DOUBLE),
  col('PARALLEL_DEGREE', BIGINT),
];

export const GV_OB_MERGE_INFO: ViewSpec = {
  name: 'GV$OB_MERGE_INFO',
  db: 'oceanbase',
  scope: 'any',
  columns: MERGE_INFO_COLUMNS,
  rows(ctx) {
    const tableOf = new Map(ctx.snapshot.tabletLocations.map((l) => [`${l.tenantId}/${l.tabletId}`, l.tableId]));
    return recordsToRows(MERGE_INFO_COLUMNS, visibleHistory(ctx).map(({ server, h }) => ({
      SVR_IP: server.svrIp,
      SVR_PORT: server.svrPort,
      TENANT_ID: h.tenantId,
      TABLE_ID: tableOf.get(`${h.tenantId}/${h.tabletId}`) ?? server.tablets.find((t) => t.tabletId === h.tabletId)?.tableId ?? null,
      LS_ID: h.lsId,
      TABLET_ID: h.tabletId,
      ACTION: h.mergeType,
      COMPACTION_SCN: scnValue(h.compactionScn),
      START_TIME: timeValue(h.startUs),
      END_TIME: timeValue(h.finishUs),
      MACRO_BLOCK_COUNT: h.macroBlockCount,
      REUSE_PCT: h.macroBlockCount > 0 ? truncate2((100 * h.multiplexedMacroBlockCount) / h.macroBlockCount) : 0,
      PARALLEL_DEGREE: h.parallelDegree,
    })));
  },
};

export const COMPACTION_VIEWS: readonly ViewSpec[] = [
  GV_OB_COMPACTION_PROGRESS,
  GV_OB_TABLET_COMPACTION_PROGRESS,
  GV_OB_TABLET_COMPACTION_HISTORY,
  GV_OB_MERGE_INFO,
  DBA_OB_MAJOR_COMPACTION,
  CDB_OB_MAJOR_COMPACTION,
  DBA_OB_ZONE_MAJOR_COMPACTION,
  CDB_OB_ZONE_MAJOR_COMPACTION,
  DBA_OB_FREEZE_INFO,
  CDB_OB_FREEZE_INFO,
];
