/**
 * The root service's state — OceanBase's inner tables `__all_zone`, `__all_server`,
 * `__all_unit_config`, `__all_resource_pool`, `__all_unit`, `__all_tenant`, `__all_ls`,
 * `__all_ls_status`, `__all_tenant_job`, `__all_balance_job`, `__all_transfer_task` — as one plain,
 * structured-clone-safe value (issue #4).
 *
 * How it lives (architecture §3 `rootservice/`):
 * - The state is changed only by `RsCommand`s. The root service (the sys tenant's LS 1 leader)
 *   validates a command against the state (`applyRsCommand`, pure: same state + command → same
 *   result on every replica), proposes it as an `rs` record on the sys tenant's LS 1, and every
 *   replica of that LS applies it. A new root service (after an election) therefore has the state.
 * - Servers that host no sys LS 1 replica get the state from the root service's heartbeat replies;
 *   every server keeps the newest `version` it has seen.
 * - Each server opens the LS replicas the state places on it and closes the ones it no longer
 *   hosts; each LS leader moves its PALF member/learner lists one step at a time toward `replicas`.
 *
 * Ids follow OceanBase's conventions (reference §1.1): unit configs / pools 1 (sys) then 1001+;
 * units 1 (sys) then 1001+; user tenants even ids from 1002, meta tenant = user id − 1; user LS
 * ids 1001+ per tenant; unit group id = the id of the unit group's first unit; LS group id 1001+.
 * Times are µs since the epoch on the simulated clock.
 */
import type { ReplicaType } from '../server/snapshot';

export interface RsZone {
  zone: string;
  /** ACTIVE, or INACTIVE after ALTER SYSTEM STOP ZONE. */
  status: 'ACTIVE' | 'INACTIVE';
  idc: string;
  region: string;
  createTimeUs: number;
  modifyTimeUs: number;
}

export interface RsServer {
  serverId: number;
  svrIp: string;
  /** RPC port (2882). */
  svrPort: number;
  sqlPort: number;
  zone: string;
  /** ACTIVE; INACTIVE when silent for `lease_time`; DELETING during DELETE SERVER. */
  status: 'ACTIVE' | 'INACTIVE' | 'DELETING';
  /** ALTER SYSTEM STOP SERVER time (µs), 0 when not stopped. */
  stopTimeUs: number;
  startServiceTimeUs: number;
  /** Last heartbeat the root service received (µs); not replicated precisely (see root_service). */
  lastHeartbeatUs: number;
  /** INACTIVE for longer than `server_permanent_offline_time`. */
  permanentOffline: boolean;
  createTimeUs: number;
  modifyTimeUs: number;
  /** Capacity of the simulated node (GV$OB_SERVERS): CPUs, bytes. */
  cpuCapacity: number;
  memCapacityBytes: number;
  logDiskCapacityBytes: number;
}

export interface RsUnitConfig {
  unitConfigId: number;
  name: string;
  maxCpu: number;
  minCpu: number;
  memorySizeBytes: number;
  logDiskSizeBytes: number;
  /** INT64_MAX shown as '9223372036854775807': kept as decimal strings. */
  maxIops: string;
  minIops: string;
  iopsWeight: number;
  createTimeUs: number;
  modifyTimeUs: number;
}

export interface RsResourcePool {
  resourcePoolId: number;
  name: string;
  /** -1 while unused. */
  tenantId: number;
  /** UNIT_NUM: units per zone. */
  unitCount: number;
  unitConfigId: number;
  zoneList: string[];
  replicaType: ReplicaType;
  createTimeUs: number;
  modifyTimeUs: number;
}

export interface RsUnit {
  unitId: number;
  resourcePoolId: number;
  /** Units with one unit group id across zones hold the same LSs (reference §2.4). 0 for sys. */
  unitGroupId: number;
  zone: string;
  serverId: number;
  status: 'ACTIVE' | 'DELETING';
  /** Set while the unit migrates off a permanently offline or deleted server. */
  migrateFromServerId: number | null;
  createTimeUs: number;
  modifyTimeUs: number;
}

/** One locality item: `FULL{1}@zone1`. */
export interface RsLocalityItem {
  replicaType: ReplicaType;
  zone: string;
}

export interface RsTenant {
  tenantId: number;
  name: string;
  type: 'SYS' | 'META' | 'USER';
  /** As written: `RANDOM`, `zone1;zone2,zone3`. */
  primaryZone: string;
  locality: RsLocalityItem[];
  /** Set while ALTER TENANT ... LOCALITY runs (DBA_OB_TENANTS.PREVIOUS_LOCALITY). */
  previousLocality: RsLocalityItem[] | null;
  status: 'NORMAL' | 'CREATING' | 'DROPPING';
  unitNum: number;
  /** Pools of the tenant (a META tenant shares its user tenant's). */
  resourcePoolIds: number[];
  createTimeUs: number;
  modifyTimeUs: number;
}

/** One replica of an LS as the root service places it. */
export interface RsLsReplica {
  serverId: number;
  replicaType: ReplicaType;
}

export interface RsLs {
  tenantId: number;
  lsId: number;
  status: 'CREATING' | 'NORMAL' | 'DROPPING' | 'WAIT_OFFLINE';
  /** The LS's own priority as DBA_OB_LS shows it: `zone1;zone2,zone3`. */
  primaryZone: string;
  /** 0 for LS 1. */
  unitGroupId: number;
  lsGroupId: number;
  /** Desired replicas: the LS leaders converge their PALF member/learner lists to these. */
  replicas: RsLsReplica[];
  /** Server a `SWITCH REPLICA LEADER` asked for (first in election priority), or null. */
  preferredLeader: number | null;
  createScn: string;
  createTimeUs: number;
}

export interface RsTenantJob {
  jobId: number;
  tenantId: number;
  jobType: 'ALTER_TENANT_LOCALITY' | 'ALTER_TENANT_PRIMARY_ZONE' | 'ALTER_RESOURCE_TENANT_UNIT_NUM' | 'SHRINK_RESOURCE_TENANT_UNIT_NUM';
  jobStatus: 'INPROGRESS' | 'SUCCESS' | 'FAILED' | 'CANCELED';
  progress: number;
  resultCode: number | null;
  sqlText: string;
  extraInfo: string;
  startTimeUs: number;
  modifyTimeUs: number;
}

export interface RsBalanceJob {
  jobId: number;
  tenantId: number;
  jobType: 'LS_BALANCE' | 'PARTITION_BALANCE';
  balanceStrategy: string;
  targetUnitNum: number;
  targetPrimaryZoneNum: number;
  status: 'DOING' | 'CANCELING' | 'COMPLETED' | 'CANCELED';
  comment: string;
  createTimeUs: number;
  modifyTimeUs: number;
}

export interface RsTransferTask {
  taskId: number;
  tenantId: number;
  balanceJobId: number;
  srcLsId: number;
  destLsId: number;
  tabletIds: number[];
  status: 'INIT' | 'START' | 'DOING' | 'COMPLETED' | 'FAILED' | 'CANCELED';
  startScn: string;
  finishScn: string;
  createTimeUs: number;
  modifyTimeUs: number;
}

/** Everything the root service manages. `version` increases with every applied command. */
export interface ClusterState {
  version: number;
  clusterName: string;
  zones: RsZone[];
  servers: RsServer[];
  unitConfigs: RsUnitConfig[];
  resourcePools: RsResourcePool[];
  units: RsUnit[];
  tenants: RsTenant[];
  ls: RsLs[];
  tenantJobs: RsTenantJob[];
  balanceJobs: RsBalanceJob[];
  transferTasks: RsTransferTask[];
  /** Next ids to hand out (deterministic on every replica). */
  nextIds: { unitConfig: number; resourcePool: number; unit: number; tenant: number; job: number; transferTask: number };
}

/**
 * A change to the cluster state. Statement-level commands come from SQL run as root@sys (or from
 * a user tenant for its own ALTER SYSTEM SWITCH REPLICA LEADER); the rest are issued by the root
 * service itself (heartbeats, jobs, transfers). Every command carries the root service's clock
 * reading `atUs`, so applying it is deterministic.
 */
export type RsCommand = { atUs: number } & (
  | { type: 'addZone'; zone: string; idc: string; region: string }
  | { type: 'deleteZone'; zone: string }
  | { type: 'startZone' | 'stopZone'; zone: string }
  | { type: 'addServer'; svrIp: string; svrPort: number; zone: string; serverId: number }
  | { type: 'deleteServer' | 'cancelDeleteServer' | 'startServer' | 'stopServer'; svrIp: string; svrPort: number }
  | { type: 'createUnitConfig'; name: string; ifNotExists: boolean; maxCpu: number; minCpu: number | null; memorySizeBytes: number; logDiskSizeBytes: number | null; maxIops: string | null; minIops: string | null; iopsWeight: number | null }
  | { type: 'alterUnitConfig'; name: string; maxCpu?: number; minCpu?: number; memorySizeBytes?: number; logDiskSizeBytes?: number; maxIops?: string; minIops?: string; iopsWeight?: number }
  | { type: 'dropUnitConfig'; name: string; ifExists: boolean }
  | { type: 'createResourcePool'; name: string; unitConfigName: string; unitNum: number; zoneList: string[] | null; replicaType: ReplicaType }
  | { type: 'alterResourcePool'; name: string; unitConfigName?: string; unitNum?: number; zoneList?: string[]; deleteUnitIds?: number[] }
  | { type: 'dropResourcePool'; name: string; ifExists: boolean }
  | { type: 'createTenant'; name: string; ifNotExists: boolean; resourcePoolList: string[]; primaryZone: string | null; locality: string | null; sqlText: string }
  | { type: 'alterTenantPrimaryZone'; name: string; primaryZone: string; sqlText: string }
  | { type: 'alterTenantLocality'; name: string; locality: string; sqlText: string }
  | { type: 'alterResourceTenantUnitNum'; name: string; unitNum: number; deleteUnitGroupIds: number[]; sqlText: string }
  | { type: 'dropTenant'; name: string; ifExists: boolean; force: boolean }
  | { type: 'switchReplicaLeader'; tenantName: string; lsId: number; svrIp: string; svrPort: number }
  /** Root service internal: a heartbeat changed a server's liveness. */
  | { type: 'serverLiveness'; serverId: number; status: 'ACTIVE' | 'INACTIVE'; permanentOffline: boolean; startServiceTimeUs: number }
  /** Root service internal: an LS finished creating / its replicas converged / a job advanced. */
  | { type: 'lsStatus'; tenantId: number; lsId: number; status: RsLs['status'] }
  | { type: 'jobProgress'; jobId: number; progress: number; jobStatus: RsTenantJob['jobStatus'] }
  | { type: 'transferTaskStatus'; taskId: number; status: RsTransferTask['status']; finishScn?: string }
  | { type: 'replaceReplica'; tenantId: number; lsId: number; fromServerId: number; toServerId: number }
  /** Root service internal: a migrating unit's LS replicas all converged on its new server (clears
   *  MIGRATE_FROM; a DELETING server that hosts nothing any more is then removed). */
  | { type: 'unitMigrated'; unitId: number }
  /** Root service internal: a balance job planned one transfer of tablets between two LSs. */
  | { type: 'createTransferTask'; tenantId: number; balanceJobId: number; srcLsId: number; destLsId: number; tabletIds: number[]; startScn: string }
);

/** A command as a statement submits it; the root service stamps `atUs` when it proposes it. */
export type RsCommandInput = RsCommand extends infer C ? (C extends RsCommand ? Omit<C, 'atUs'> : never) : never;
