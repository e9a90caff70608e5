/**
 * What a server reports about itself (`ObServer.snapshot()`), and what the root service reports
 * about the cluster. The UI panels render these; the system views (`DBA_OB_*`, `GV$OB_*`) are
 * built from the same objects, so a panel and a query always agree (architecture §6).
 *
 * Units: sizes in bytes, times in µs since the epoch, SCNs as decimal strings (bigints do not
 * survive every JSON path to the UI).
 */

export type ReplicaRole = 'LEADER' | 'FOLLOWER';
export type ReplicaType = 'FULL' | 'READONLY' | 'COLUMNSTORE';

export interface LsReplicaSnapshot {
  tenantId: number;
  lsId: number;
  role: ReplicaRole;
  replicaType: ReplicaType;
  /** PALF proposal id (term). */
  proposalId: number;
  /** Server ids of the Paxos members (voting replicas). */
  memberList: number[];
  /** Issue #4: server ids of the learners (R and C replicas). */
  learnerList?: number[];
  /** Issue #4: PALF config version (GV$OB_LOG_STAT.CONFIG_VERSION). */
  configVersion?: number;
  /** Issue #4: last LSN persisted locally. */
  persistedLsn?: number;
  /**
   * Issue #4: election state. `leaseExpiryUs`: on the leader, when its lease ends unless renewed
   * (µs, simulated clock); `electionState` CANDIDATE while campaigning; `servingStrong`: a leader
   * whose takeover finished (its no-op committed and applied), so it serves strong reads/writes.
   */
  election?: { electionState: 'LEADER' | 'CANDIDATE' | 'FOLLOWER'; leaseExpiryUs: number | null; votedFor: number | null; servingStrong: boolean };
  /** Server id of the leader as this replica knows it. */
  leaderServerId: number | null;
  /** Last LSN in the local log, last LSN known committed, last LSN applied. */
  lastLsn: number;
  committedLsn: number;
  appliedLsn: number;
  /** Highest commit SCN replayed into memtables. */
  appliedScn: string;
  /** Replay starts after this LSN on restart (checkpoint). */
  checkpointLsn: number;
  tabletCount: number;
}

export interface MemtableSnapshot {
  isActive: boolean;
  rowCount: number;
  /** Approximate memory use in bytes. */
  bytes: number;
  startScn: string;
  endScn: string;
}

export type SstableType = 'MINI' | 'MINOR' | 'MAJOR';

export interface SstableSnapshot {
  type: SstableType;
  rowCount: number;
  /** Bytes on disk (sum of its macroblocks' used bytes). */
  bytes: number;
  startScn: string;
  endScn: string;
  macroBlockCount: number;
  microBlockCount: number;
  /** Macroblocks reused from the previous major (incremental major compaction). */
  reusedMacroBlockCount?: number;
  /** Microblock format: 'flat' rows (minis, minors) or 'encoded' columns (majors, issue 3). */
  format?: 'flat' | 'encoded';
  /** Table option COMPRESSION the blocks were written with (`none`, `lz4_1.0`, `zstd_1.3.8`). */
  compression?: string;
  /** Bytes of the rows before encoding and compression (RAW), for the compression ratio. */
  rawBytes?: number;
  /** A columnar major (CO SSTable): one entry per column-group SSTable; absent for row-only. */
  columnGroups?: ColumnGroupSstableSnapshot[];
}

/** One column-group SSTable of a columnar major (`rowkey`, `all columns` or one column's name). */
export interface ColumnGroupSstableSnapshot {
  /** 'all columns', 'rowkey', or the stored column index for an `each column` group. */
  name: string;
  /** Stored column indexes in this group. */
  columns: number[];
  rowCount: number;
  bytes: number;
  rawBytes: number;
  macroBlockCount: number;
  microBlockCount: number;
  reusedMacroBlockCount: number;
}

/**
 * On-demand detail of one SSTable for the storage panel's column view (`ObServerApi` call, not
 * part of the periodic snapshot): its column groups, macroblocks and microblocks with, per column,
 * the encoding chosen, bytes before/after and the skip-index aggregates (values as display text).
 * At most `SSTABLE_DETAIL_MICROBLOCKS_MAX` microblocks per column group are listed.
 */
export interface SstableDetail {
  tenantId: number;
  tabletId: number;
  type: SstableType;
  format: 'flat' | 'encoded';
  compression: string;
  /** Column names by stored column index (the schema's, hidden `__pk_increment` included), so the
   *  column view can label columns; absent: the view labels them `column <index>`. */
  columnNames?: string[];
  columnGroups: {
    name: string;
    columns: number[];
    macroBlocks: { blockId: number; rowCount: number; bytes: number; microBlockCount: number; reused: boolean }[];
    microBlocks: MicroBlockDetail[];
    /** True when more microblocks exist than are listed. */
    truncated: boolean;
  }[];
}

export interface MicroBlockDetail {
  macroBlockId: number;
  /** Index of the microblock inside its macroblock. */
  index: number;
  /** Ordinal of its first row within the SSTable. */
  rowStart: number;
  rowCount: number;
  /** Bytes on disk (after encoding and compression) and before (RAW rows). */
  bytes: number;
  rawBytes: number;
  columns: {
    column: number;
    encoding: string;
    bytes: number;
    rawBytes: number;
    min: string | null;
    max: string | null;
    nullCount: number;
    sum: string | null;
  }[];
}

/** One task of a compaction DAG (issue 3 §8): prepare, merge of a row range × column groups, finish. */
export interface CompactionDagTaskSnapshot {
  /** OceanBase-style id, e.g. `Y1-000000000000001A-0-0`. */
  taskId: string;
  kind: 'PREPARE' | 'MERGE' | 'FINISH';
  status: 'WAITING' | 'RUNNING' | 'FINISHED';
  /** Horizontal split: range i of n (0-based). */
  rangeIndex: number;
  rangeCount: number;
  /** Vertical split: column groups [cgStart, cgEnd) of this task. */
  cgStart: number;
  cgEnd: number;
  rowsDone: number;
  rowsTotal: number;
}

/** A finished compaction (GV$OB_TABLET_COMPACTION_HISTORY row), kept per server (latest first). */
export interface CompactionHistorySnapshot {
  tenantId: number;
  lsId: number;
  tabletId: number;
  mergeType: CompactionTaskSnapshot['mergeType'];
  compactionScn: string;
  startUs: number;
  finishUs: number;
  taskId: string;
  /** Bytes of the output SSTable(s) on disk. */
  occupySize: number;
  macroBlockCount: number;
  /** Macroblocks reused unchanged from the previous major. */
  multiplexedMacroBlockCount: number;
  newMicroBlockCount: number;
  totalRowCount: number;
  incrementalRowCount: number;
  /** rawBytes / occupySize (1 when nothing was written). */
  compressionRatio: number;
  parallelDegree: number;
  startCgId: number;
  endCgId: number;
  comments: string;
}

/** The tenant's major compaction as its root service (LS 1 leader) tracks it (reference §4.4). */
export interface MajorCompactionSnapshot {
  tenantId: number;
  frozenScn: string;
  frozenTimeUs: number;
  globalBroadcastScn: string;
  lastScn: string;
  lastFinishTimeUs: number;
  startTimeUs: number;
  status: 'IDLE' | 'COMPACTING' | 'VERIFYING';
  isError: boolean;
  isSuspended: boolean;
  info: string;
  /** Per zone: BROADCAST_SCN, LAST_SCN and status (IDLE / COMPACTING). */
  zones: { zone: string; broadcastScn: string; lastScn: string; lastFinishTimeUs: number; startTimeUs: number; status: 'IDLE' | 'COMPACTING' }[];
  /** Frozen SCN history (DBA_OB_FREEZE_INFO), oldest first. */
  freezeInfo: { frozenScn: string; schemaVersion: number; createTimeUs: number }[];
}

export interface CompactionTaskSnapshot {
  /** CONVERT_CO_MAJOR_MERGE: a C replica rewriting a row major column-wise at the same SCN. */
  mergeType: 'MINI_MERGE' | 'MINOR_MERGE' | 'MAJOR_MERGE' | 'MEDIUM_MERGE' | 'CONVERT_CO_MAJOR_MERGE';
  status: 'WAITING' | 'RUNNING';
  /** Rows merged so far out of `rowsTotal`. */
  rowsDone: number;
  rowsTotal: number;
  startUs: number;
  compactionScn: string;
}

export interface TabletSnapshot {
  tenantId: number;
  lsId: number;
  tabletId: number;
  tableId: number;
  memtables: MemtableSnapshot[];
  sstables: SstableSnapshot[];
  compaction: CompactionTaskSnapshot | null;
  /** The running compaction's DAG tasks (empty or absent when none runs). */
  dagTasks?: CompactionDagTaskSnapshot[];
  /** Table store format the next major writes ('row', 'column', 'hybrid'). */
  storeFormat?: 'row' | 'column' | 'hybrid';
  /** How this replica stores the tablet's baseline: 'column' on a COLUMNSTORE (C) replica for a
   *  user table, else 'row' (the table's own schema decides). */
  replicaStoreFormat?: 'row' | 'column';
  /** C replicas, user tablets only: the row-to-column conversion of the baseline
   *  (CDB_OB_CS_REPLICA_STATS). WAITING — no major yet, or a row major not converted yet;
   *  CONVERTING — CONVERT_CO_MAJOR_MERGE running (rows done / total); DONE — the major is columnar. */
  csConversion?: CsConversionSnapshot;
}

/** Progress of a C replica tablet's row-to-column conversion. */
export interface CsConversionSnapshot {
  status: 'WAITING' | 'CONVERTING' | 'DONE';
  rowsDone: number;
  rowsTotal: number;
  /** Macroblocks of the current major (all column groups): CDB_OB_CS_REPLICA_STATS counts them. */
  macroBlockCount: number;
}

export interface MemstoreSnapshot {
  tenantId: number;
  activeBytes: number;
  totalBytes: number;
  freezeTriggerBytes: number;
  memstoreLimitBytes: number;
  freezeCount: number;
}

export type ServerStatus = 'ACTIVE' | 'INACTIVE' | 'CRASHED' | 'BOOTING' | 'STOPPED';

export interface ServerSnapshot {
  serverId: number;
  svrIp: string;
  svrPort: number;
  sqlPort: number;
  zone: string;
  status: ServerStatus;
  /** Message of the assertion that crashed it, when CRASHED. */
  crashMessage?: string;
  withRootserver: boolean;
  startServiceTimeUs: number;
  buildVersion: string;
  lsReplicas: LsReplicaSnapshot[];
  tablets: TabletSnapshot[];
  memstore: MemstoreSnapshot[];
  counters: {
    sqlStatements: number;
    rpcIn: number;
    rpcOut: number;
    palfEntriesAppended: number;
    blockCacheHits: number;
    blockCacheMisses: number;
    /** Bytes in this server's data (block) file and clog files. */
    dataFileBytes: number;
    clogBytes: number;
  };
  /** Issue #5: the request queue (SQL and RPC priorities, worker tasks), engine/server/request_queue.ts. */
  requestQueue?: RequestQueueSnapshot;
  /** Finished compactions on this server, latest first (at most COMPACTION_HISTORY_MAX). */
  compactionHistory?: CompactionHistorySnapshot[];
  /** Major compactions of the tenants whose root service (LS 1 leader) runs here. */
  majorCompactions?: MajorCompactionSnapshot[];
  takenAtUs: number;
}

/**
 * Issue #5: an OBServer's tenant request queue as the seed describes it — requests wait in a bounded
 * queue by priority (RPC before SQL) and are served by a fixed number of worker tasks.
 */
export interface RequestQueueSnapshot {
  /** Worker tasks (concurrently served requests) and how many are busy now. */
  workers: number;
  active: number;
  /** Requests waiting, per priority. */
  queuedRpc: number;
  queuedSql: number;
  /** Queue capacity (requests waiting, all priorities); a request beyond it is refused (-4019). */
  capacity: number;
  /** Requests served since start, per priority, and refused because the queue was full. */
  servedRpc: number;
  servedSql: number;
  rejected: number;
  /** Highest queue depth seen since start. */
  depthMax: number;
}

export interface ZoneSnapshot {
  zone: string;
  status: 'ACTIVE' | 'INACTIVE';
  idc: string;
  region: string;
  type: 'ReadWrite';
  createTimeUs: number;
  modifyTimeUs: number;
}

export interface UnitConfigSnapshot {
  unitConfigId: number;
  name: string;
  maxCpu: number;
  minCpu: number;
  memorySize: number;
  logDiskSize: number;
  maxIops: string;
  minIops: string;
  iopsWeight: number;
  /** Issue #4 (DBA_OB_UNIT_CONFIGS CREATE_TIME / MODIFY_TIME), µs. */
  createTimeUs?: number;
  modifyTimeUs?: number;
}

export interface ResourcePoolSnapshot {
  resourcePoolId: number;
  name: string;
  tenantId: number;
  unitCount: number;
  unitConfigId: number;
  zoneList: string[];
  replicaType: 'FULL' | 'READONLY' | 'COLUMNSTORE';
  /** Issue #4 (DBA_OB_RESOURCE_POOLS CREATE_TIME / MODIFY_TIME), µs. */
  createTimeUs?: number;
  modifyTimeUs?: number;
}

export interface UnitSnapshot {
  unitId: number;
  tenantId: number;
  status: 'ACTIVE' | 'DELETING';
  resourcePoolId: number;
  unitGroupId: number;
  zone: string;
  serverId: number;
  unitConfigId: number;
  /** Issue #4: DBA_OB_UNITS.MIGRATE_FROM_SVR_* (server id) while the unit migrates, else null. */
  migrateFromServerId?: number | null;
  createTimeUs?: number;
  modifyTimeUs?: number;
}

export interface LsSnapshot {
  tenantId: number;
  lsId: number;
  status: 'NORMAL' | 'CREATING' | 'DROPPING' | 'WAIT_OFFLINE';
  primaryZone: string;
  unitGroupId: number;
  lsGroupId: number;
  createScn: string;
  /** Server ids of its replicas (all FULL in this slice). */
  replicaServerIds: number[];
  /** Issue #4: each replica's server and type as the root service placed it (locality). */
  replicas?: { serverId: number; replicaType: ReplicaType }[];
  /** The leader as the location cache knows it (-1 / unknown while electing: see `leaderKnown`). */
  leaderServerId: number;
  leaderKnown?: boolean;
}

export interface TenantSnapshot {
  tenantId: number;
  tenantName: string;
  tenantType: 'SYS' | 'META' | 'USER';
  primaryZone: string;
  /** As the view shows it: `FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3`. */
  locality: string;
  compatibilityMode: 'MYSQL';
  status: 'NORMAL' | 'CREATING' | 'DROPPING';
  unitNum: number;
  createTimeUs: number;
  ls: LsSnapshot[];
  /** Issue #4: DBA_OB_TENANTS.PREVIOUS_LOCALITY (display format) while a locality change runs, else null. */
  previousLocality?: string | null;
  modifyTimeUs?: number;
  /** Issue #4: DBA_OB_TENANTS.MAX_LS_ID. */
  maxLsId?: number;
}

export interface TabletLocationSnapshot {
  tenantId: number;
  databaseName: string;
  tableName: string;
  tableId: number;
  partitionName: string | null;
  tabletId: number;
  lsId: number;
  objectId: number;
}

/** Issue #4: a server as the root service sees it (DBA_OB_SERVERS' status columns). */
export interface RsServerSnapshot {
  serverId: number;
  svrIp: string;
  svrPort: number;
  zone: string;
  /** ACTIVE; INACTIVE once silent for `lease_time`; DELETING during ALTER SYSTEM DELETE SERVER. */
  status: 'ACTIVE' | 'INACTIVE' | 'DELETING';
  /** Set by ALTER SYSTEM STOP SERVER (µs), 0 when serving. */
  stopTimeUs: number;
  startServiceTimeUs: number;
  lastHeartbeatUs: number;
  /** INACTIVE longer than `server_permanent_offline_time`: its replicas are rebuilt elsewhere. */
  permanentOffline: boolean;
  /** Issue #4 (DBA_OB_SERVERS / GV$OB_SERVERS): SQL port, times (µs), node capacity (CPUs, bytes). */
  sqlPort?: number;
  createTimeUs?: number;
  modifyTimeUs?: number;
  cpuCapacity?: number;
  memCapacityBytes?: number;
  logDiskCapacityBytes?: number;
}

/** Issue #4: DBA_OB_TENANT_JOBS row (locality, primary zone and unit num changes). */
export interface TenantJobSnapshot {
  jobId: number;
  tenantId: number;
  jobType: 'ALTER_TENANT_LOCALITY' | 'ALTER_TENANT_PRIMARY_ZONE' | 'ALTER_RESOURCE_TENANT_UNIT_NUM' | 'SHRINK_RESOURCE_TENANT_UNIT_NUM';
  jobStatus: 'INPROGRESS' | 'SUCCESS' | 'FAILED' | 'CANCELED';
  /** 0..100. */
  progress: number;
  /** DBA_OB_TENANT_JOBS.RESULT_CODE (null while running). */
  resultCode?: number | null;
  sqlText: string;
  extraInfo: string;
  startTimeUs: number;
  modifyTimeUs: number;
}

/** Issue #4: DBA_OB_BALANCE_JOBS row. */
export interface BalanceJobSnapshot {
  jobId: number;
  tenantId: number;
  jobType: 'LS_BALANCE' | 'PARTITION_BALANCE';
  /** DBA_OB_BALANCE_JOBS.BALANCE_STRATEGY, e.g. `LS_BALANCE_BY_EXPAND`. */
  balanceStrategy?: string;
  targetUnitNum: number;
  targetPrimaryZoneNum: number;
  status: 'DOING' | 'CANCELING' | 'COMPLETED' | 'CANCELED';
  comment: string;
  startTimeUs: number;
  modifyTimeUs: number;
}

/** Issue #4: DBA_OB_TRANSFER_TASKS row (one task moves tablets from one LS to another). */
export interface TransferTaskSnapshot {
  taskId: number;
  tenantId: number;
  srcLsId: number;
  destLsId: number;
  /** `tablet_id:0,...` as the view shows it. */
  tabletList: number[];
  status: 'INIT' | 'START' | 'DOING' | 'COMPLETED' | 'FAILED' | 'CANCELED';
  balanceJobId: number;
  startScn: string;
  finishScn: string;
  startTimeUs: number;
  finishTimeUs: number;
}

export interface ClusterSnapshot {
  clusterName: string;
  /** Issue #4: servers as the root service tracks them (status, heartbeats). */
  rsServers?: RsServerSnapshot[];
  tenantJobs?: TenantJobSnapshot[];
  balanceJobs?: BalanceJobSnapshot[];
  transferTasks?: TransferTaskSnapshot[];
  /** Issue #4: server id of the root service (sys tenant LS 1 leader), null while electing. */
  rootServerId?: number | null;
  zones: ZoneSnapshot[];
  servers: ServerSnapshot[];
  tenants: TenantSnapshot[];
  unitConfigs: UnitConfigSnapshot[];
  resourcePools: ResourcePoolSnapshot[];
  units: UnitSnapshot[];
  /** Every user table partition and its tablet and LS, per tenant. */
  tabletLocations: TabletLocationSnapshot[];
  takenAtUs: number;
}
