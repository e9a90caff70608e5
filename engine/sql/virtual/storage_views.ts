/**
 * Per-server performance views built from each server's own snapshot (reference §4, §5, §6):
 * `GV$OB_SSTABLES` (memtables and SSTables of every tablet replica), `GV$OB_MEMSTORE` (memstore use
 * per tenant, bytes) and `GV$OB_LOG_STAT` (PALF state per LS replica).
 *
 * GV$ scoping: the sys tenant sees every tenant's rows, a user tenant its own. A crashed server
 * cannot answer, so it contributes no rows (a real GV$ query skips an unreachable server too).
 *
 * GV$OB_SSTABLES follows the view's TABLE_TYPE names (`MEMTABLE`, `MINI`, `MINOR`, `MAJOR`, and for
 * a columnar major of V4.3 `CO_MAJOR` for its base column group — rowkey or all columns — and
 * `NORMAL_CG` for each other column group; confirmed from the view definition in
 * src/share/inner_table) and lists a tablet's tables in table-store order: major (base group
 * first), minor, mini, then memtables. An active memtable has
 * END_LOG_SCN = SCN max (4611686018427387903) until it freezes and an unknown upper transaction
 * version (INT64_MAX); an SSTable's UPPER_TRANS_VERSION is its end SCN (it holds committed rows only).
 * Not modelled: table reference counts (REF shows 0), uncommitted rows in memtables ('NO'). The
 * V4.3 master also has CG_IDX and DATA_CHECKSUM columns; the V4.3.3 columns of reference §5 are used.
 *
 * GV$OB_LOG_STAT: LSNs here are PALF entry indexes, not byte offsets as in OceanBase; BEGIN_LSN is the
 * checkpoint (log before it may be recycled); config_seq is not modelled (shown as 1).
 */
import type { Value } from '../../common/value';
import type { LsReplicaSnapshot, ServerSnapshot, SstableSnapshot } from '../../server/snapshot';
import { BIGINT, col, recordsToRows, scnValue, varchar } from './format';
import { formatMemberList } from './ls_views';
import type { ViewContext, ViewSpec } from './view';

const INT64_MAX_TEXT = '9223372036854775807';
const SCN_MAX_TEXT = '4611686018427387903';

/** Servers able to answer a GV$ query, in snapshot order. */
export function answeringServers(ctx: ViewContext): ServerSnapshot[] {
  return ctx.snapshot.servers.filter((s) => s.status !== 'CRASHED');
}

const SSTABLES_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('TABLE_TYPE', varchar(32)),
  col('TENANT_ID', BIGINT),
  col('LS_ID', BIGINT),
  col('TABLET_ID', BIGINT),
  col('START_LOG_SCN', BIGINT),
  col('END_LOG_SCN', BIGINT),
  col('SIZE', BIGINT),
  col('REF', BIGINT),
  col('UPPER_TRANS_VERSION', BIGINT),
  col('IS_ACTIVE', varchar(3)),
  col('CONTAIN_UNCOMMITTED_ROW', varchar(3)),
];

const SSTABLE_ORDER: Record<SstableSnapshot['type'], number> = { MAJOR: 0, MINOR: 1, MINI: 2 };

/** True for a columnar major (a CO SSTable): column groups beyond a single `all columns` one. */
export function isColumnarMajor(s: SstableSnapshot): boolean {
  const groups = s.columnGroups ?? [];
  return s.type === 'MAJOR' && groups.length > 0 && !(groups.length === 1 && groups[0].name === 'all columns');
}

/**
 * The rows one SSTable contributes: itself, or for a columnar major one row per column-group
 * SSTable — the base group (`rowkey` or `all columns`) as CO_MAJOR, each other group as NORMAL_CG
 * (the names GV$OB_SSTABLES gives ObITable types 17 and 18 in V4.3).
 */
function sstableParts(s: SstableSnapshot): { type: string; bytes: number }[] {
  if (!isColumnarMajor(s)) return [{ type: s.type, bytes: s.bytes }];
  const groups = s.columnGroups!;
  const isBase = (name: string) => name === 'rowkey' || name === 'all columns';
  const parts = groups.map((g) => ({ type: isBase(g.name) ? 'CO_MAJOR' : 'NORMAL_CG', bytes: g.bytes }));
  if (!groups.some((g) => isBase(g.name))) {
    const rest = s.bytes - groups.reduce((n, g) => n + g.bytes, 0);
    parts.unshift({ type: 'CO_MAJOR', bytes: Math.max(0, rest) });
  }
  return parts.sort((a, b) => (a.type === 'CO_MAJOR' ? 0 : 1) - (b.type === 'CO_MAJOR' ? 0 : 1));
}

export const GV_OB_SSTABLES: ViewSpec = {
  name: 'GV$OB_SSTABLES',
  db: 'oceanbase',
  scope: 'any',
  columns: SSTABLES_COLUMNS,
  rows(ctx) {
    const records: Record<string, Value>[] = [];
    for (const server of answeringServers(ctx)) {
      for (const tablet of server.tablets) {
        if (!ctx.canSee(tablet.tenantId)) continue;
        const base = { SVR_IP: server.svrIp, SVR_PORT: server.svrPort, TENANT_ID: tablet.tenantId, LS_ID: tablet.lsId, TABLET_ID: tablet.tabletId };
        const sstables = tablet.sstables
          .map((s, i) => ({ s, i }))
          .sort((a, b) => SSTABLE_ORDER[a.s.type] - SSTABLE_ORDER[b.s.type] || a.i - b.i);
        for (const { s } of sstables) {
          for (const part of sstableParts(s)) {
            records.push({
              ...base,
              TABLE_TYPE: part.type,
              START_LOG_SCN: scnValue(s.startScn),
              END_LOG_SCN: scnValue(s.endScn),
              SIZE: part.bytes,
              REF: 0,
              UPPER_TRANS_VERSION: scnValue(s.endScn),
              IS_ACTIVE: 'NO',
              CONTAIN_UNCOMMITTED_ROW: 'NO',
            });
          }
        }
        for (const m of tablet.memtables) {
          records.push({
            ...base,
            TABLE_TYPE: 'MEMTABLE',
            START_LOG_SCN: scnValue(m.startScn),
            END_LOG_SCN: scnValue(m.isActive || m.endScn === '' ? SCN_MAX_TEXT : m.endScn),
            SIZE: m.bytes,
            REF: 0,
            UPPER_TRANS_VERSION: scnValue(INT64_MAX_TEXT),
            IS_ACTIVE: m.isActive ? 'YES' : 'NO',
            CONTAIN_UNCOMMITTED_ROW: 'NO',
          });
        }
      }
    }
    return recordsToRows(SSTABLES_COLUMNS, records);
  },
};

const MEMSTORE_COLUMNS = [
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('TENANT_ID', BIGINT),
  col('ACTIVE_SPAN', BIGINT),
  col('FREEZE_TRIGGER', BIGINT),
  col('FREEZE_CNT', BIGINT),
  col('MEMSTORE_USED', BIGINT),
  col('MEMSTORE_LIMIT', BIGINT),
];

export const GV_OB_MEMSTORE: ViewSpec = {
  name: 'GV$OB_MEMSTORE',
  db: 'oceanbase',
  scope: 'any',
  columns: MEMSTORE_COLUMNS,
  rows(ctx) {
    const records: Record<string, Value>[] = [];
    for (const server of answeringServers(ctx)) {
      for (const m of [...server.memstore].sort((a, b) => a.tenantId - b.tenantId)) {
        if (!ctx.canSee(m.tenantId)) continue;
        records.push({
          SVR_IP: server.svrIp,
          SVR_PORT: server.svrPort,
          TENANT_ID: m.tenantId,
          ACTIVE_SPAN: m.activeBytes,
          FREEZE_TRIGGER: m.freezeTriggerBytes,
          FREEZE_CNT: m.freezeCount,
          MEMSTORE_USED: m.totalBytes,
          MEMSTORE_LIMIT: m.memstoreLimitBytes,
        });
      }
    }
    return recordsToRows(MEMSTORE_COLUMNS, records);
  },
};

const LOG_STAT_COLUMNS = [
  col('TENANT_ID', BIGINT),
  col('LS_ID', BIGINT),
  col('SVR_IP', varchar(46)),
  col('SVR_PORT', BIGINT),
  col('ROLE', varchar(32)),
  col('PROPOSAL_ID', BIGINT),
  col('CONFIG_VERSION', varchar(128)),
  col('ACCESS_MODE', varchar(32)),
  col('PAXOS_MEMBER_LIST', varchar(1024)),
  col('PAXOS_REPLICA_NUM', BIGINT),
  col('IN_SYNC', varchar(3)),
  col('BASE_LSN', BIGINT),
  col('BEGIN_LSN', BIGINT),
  col('BEGIN_SCN', BIGINT),
  col('END_LSN', BIGINT),
  col('END_SCN', BIGINT),
  col('MAX_LSN', BIGINT),
  col('MAX_SCN', BIGINT),
  col('ARBITRATION_MEMBER', varchar(128)),
  col('DEGRADED_LIST', varchar(1024)),
  col('LEARNER_LIST', varchar(1024)),
];

/** Committed LSN of the LS's leader (highest proposal), used to judge a follower's IN_SYNC. */
function leaderCommittedLsn(servers: readonly ServerSnapshot[], r: LsReplicaSnapshot): number | null {
  let best: LsReplicaSnapshot | null = null;
  for (const s of servers) {
    for (const x of s.lsReplicas) {
      if (x.tenantId === r.tenantId && x.lsId === r.lsId && x.role === 'LEADER' && (best === null || x.proposalId > best.proposalId)) best = x;
    }
  }
  return best ? best.committedLsn : null;
}

export const GV_OB_LOG_STAT: ViewSpec = {
  name: 'GV$OB_LOG_STAT',
  db: 'oceanbase',
  scope: 'any',
  columns: LOG_STAT_COLUMNS,
  rows(ctx) {
    const servers = answeringServers(ctx);
    const records: Record<string, Value>[] = [];
    for (const server of servers) {
      for (const r of server.lsReplicas) {
        if (!ctx.canSee(r.tenantId)) continue;
        const leaderLsn = r.role === 'LEADER' ? r.committedLsn : leaderCommittedLsn(servers, r);
        records.push({
          TENANT_ID: r.tenantId,
          LS_ID: r.lsId,
          SVR_IP: server.svrIp,
          SVR_PORT: server.svrPort,
          ROLE: r.role,
          PROPOSAL_ID: r.proposalId,
          // PALF's LogConfigVersion: the proposal id it was set in and its sequence (issue #4).
          CONFIG_VERSION: `{proposal_id:${r.proposalId}, config_seq:${r.configVersion ?? 1}}`,
          ACCESS_MODE: 'APPEND',
          PAXOS_MEMBER_LIST: formatMemberList(ctx, r.memberList),
          PAXOS_REPLICA_NUM: r.memberList.length,
          IN_SYNC: leaderLsn !== null && r.lastLsn >= leaderLsn ? 'YES' : 'NO',
          BASE_LSN: r.checkpointLsn,
          BEGIN_LSN: r.checkpointLsn,
          BEGIN_SCN: null,
          END_LSN: r.committedLsn,
          END_SCN: scnValue(r.appliedScn),
          MAX_LSN: r.lastLsn,
          MAX_SCN: scnValue(r.appliedScn),
          ARBITRATION_MEMBER: '',
          DEGRADED_LIST: '',
          LEARNER_LIST: formatMemberList(ctx, r.learnerList ?? []),
        });
      }
    }
    return recordsToRows(LOG_STAT_COLUMNS, records);
  },
};

export const STORAGE_VIEWS: readonly ViewSpec[] = [GV_OB_SSTABLES, GV_OB_MEMSTORE, GV_OB_LOG_STAT];
