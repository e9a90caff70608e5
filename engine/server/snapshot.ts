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
}

export interface CompactionTaskSnapshot {
  mergeType: 'MINI_MERGE' | 'MINOR_MERGE' | 'MAJOR_MERGE' | 'MEDIUM_MERGE';
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
}

export interface MemstoreSnapshot {
  tenantId: number;
  activeBytes: number;
  totalBytes: number;
  freezeTriggerBytes: number;
  memstoreLimitBytes: number;
  freezeCount: number;
}

export type ServerStatus = 'ACTIVE' | 'INACTIVE' | 'CRASHED' | 'BOOTING';

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
  takenAtUs: number;
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
}

export interface ResourcePoolSnapshot {
  resourcePoolId: number;
  name: string;
  tenantId: number;
  unitCount: number;
  unitConfigId: number;
  zoneList: string[];
  replicaType: 'FULL';
}

export interface UnitSnapshot {
  unitId: number;
  tenantId: number;
  status: 'ACTIVE';
  resourcePoolId: number;
  unitGroupId: number;
  zone: string;
  serverId: number;
  unitConfigId: number;
}

export interface LsSnapshot {
  tenantId: number;
  lsId: number;
  status: 'NORMAL';
  primaryZone: string;
  unitGroupId: number;
  lsGroupId: number;
  createScn: string;
  /** Server ids of its replicas (all FULL in this slice). */
  replicaServerIds: number[];
  leaderServerId: number;
}

export interface TenantSnapshot {
  tenantId: number;
  tenantName: string;
  tenantType: 'SYS' | 'META' | 'USER';
  primaryZone: string;
  /** As the view shows it: `FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3`. */
  locality: string;
  compatibilityMode: 'MYSQL';
  status: 'NORMAL';
  unitNum: number;
  createTimeUs: number;
  ls: LsSnapshot[];
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

export interface ClusterSnapshot {
  clusterName: string;
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
