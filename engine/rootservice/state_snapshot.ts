/**
 * `clusterStateSnapshot`: the rows of the topology views built from the root service's state —
 * DBA_OB_ZONES, DBA_OB_SERVERS' status columns, DBA_OB_UNIT_CONFIGS, DBA_OB_RESOURCE_POOLS,
 * DBA_OB_UNITS, DBA_OB_TENANTS, DBA_OB_LS, DBA_OB_TENANT_JOBS, DBA_OB_BALANCE_JOBS,
 * DBA_OB_TRANSFER_TASKS — as the `ClusterSnapshot` parts (engine/server/snapshot.ts) the UI and
 * the virtual views read. Sizes in bytes, times in µs.
 *
 * LS rows carry the preferred leader with `leaderKnown: false`: the server building the cluster
 * snapshot fills in the real leader from the replicas' PALF state. Offline (WAIT_OFFLINE) LSs are
 * omitted, as DBA_OB_LS omits garbage-collected LSs.
 */
import type {
  BalanceJobSnapshot, ClusterSnapshot, RsServerSnapshot, TenantJobSnapshot, TenantSnapshot, TransferTaskSnapshot, UnitSnapshot,
} from '../server/snapshot';
import { lsOfTenant } from './cluster_state';
import { preferredLeaderOf } from './election_priority';
import { formatLocality } from './locality';
import type { ClusterState, RsTenant } from './types';

export type ClusterStateSnapshot = Pick<ClusterSnapshot, 'zones' | 'unitConfigs' | 'resourcePools' | 'units'> & {
  rsServers: RsServerSnapshot[];
  tenantJobs: TenantJobSnapshot[];
  balanceJobs: BalanceJobSnapshot[];
  transferTasks: TransferTaskSnapshot[];
  tenants: TenantSnapshot[];
};

/** The view rows of `state` (see module comment). Pure; ordered by id. */
export function clusterStateSnapshot(state: ClusterState): ClusterStateSnapshot {
  const poolById = new Map(state.resourcePools.map((p) => [p.resourcePoolId, p]));
  return {
    zones: state.zones.map((z) => ({ ...z, type: 'ReadWrite' as const })),
    rsServers: [...state.servers].sort((a, b) => a.serverId - b.serverId).map((s) => ({
      serverId: s.serverId, svrIp: s.svrIp, svrPort: s.svrPort, zone: s.zone, status: s.status, stopTimeUs: s.stopTimeUs,
      startServiceTimeUs: s.startServiceTimeUs, lastHeartbeatUs: s.lastHeartbeatUs, permanentOffline: s.permanentOffline,
      sqlPort: s.sqlPort, createTimeUs: s.createTimeUs, modifyTimeUs: s.modifyTimeUs, cpuCapacity: s.cpuCapacity,
      memCapacityBytes: s.memCapacityBytes, logDiskCapacityBytes: s.logDiskCapacityBytes,
    })),
    unitConfigs: [...state.unitConfigs].sort((a, b) => a.unitConfigId - b.unitConfigId).map((c) => ({
      unitConfigId: c.unitConfigId, name: c.name, maxCpu: c.maxCpu, minCpu: c.minCpu, memorySize: c.memorySizeBytes,
      logDiskSize: c.logDiskSizeBytes, maxIops: c.maxIops, minIops: c.minIops, iopsWeight: c.iopsWeight,
      createTimeUs: c.createTimeUs, modifyTimeUs: c.modifyTimeUs,
    })),
    resourcePools: [...state.resourcePools].sort((a, b) => a.resourcePoolId - b.resourcePoolId).map((p) => ({
      resourcePoolId: p.resourcePoolId, name: p.name, tenantId: p.tenantId, unitCount: p.unitCount, unitConfigId: p.unitConfigId,
      zoneList: [...p.zoneList], replicaType: p.replicaType, createTimeUs: p.createTimeUs, modifyTimeUs: p.modifyTimeUs,
    })),
    units: [...state.units].sort((a, b) => a.unitId - b.unitId).map((u): UnitSnapshot => {
      const pool = poolById.get(u.resourcePoolId);
      return {
        unitId: u.unitId, tenantId: pool?.tenantId ?? -1, status: u.status, resourcePoolId: u.resourcePoolId,
        unitGroupId: u.unitGroupId, zone: u.zone, serverId: u.serverId, unitConfigId: pool?.unitConfigId ?? 0,
        migrateFromServerId: u.migrateFromServerId, createTimeUs: u.createTimeUs, modifyTimeUs: u.modifyTimeUs,
      };
    }),
    tenants: [...state.tenants].sort((a, b) => a.tenantId - b.tenantId).map((t) => tenantSnapshot(state, t)),
    tenantJobs: state.tenantJobs.map((j) => ({
      jobId: j.jobId, tenantId: j.tenantId, jobType: j.jobType, jobStatus: j.jobStatus, progress: j.progress, resultCode: j.resultCode,
      sqlText: j.sqlText, extraInfo: j.extraInfo, startTimeUs: j.startTimeUs, modifyTimeUs: j.modifyTimeUs,
    })),
    balanceJobs: state.balanceJobs.map((b) => ({
      jobId: b.jobId, tenantId: b.tenantId, jobType: b.jobType, balanceStrategy: b.balanceStrategy, targetUnitNum: b.targetUnitNum,
      targetPrimaryZoneNum: b.targetPrimaryZoneNum, status: b.status, comment: b.comment, startTimeUs: b.createTimeUs,
      modifyTimeUs: b.modifyTimeUs,
    })),
    transferTasks: state.transferTasks.map((t) => ({
      taskId: t.taskId, tenantId: t.tenantId, srcLsId: t.srcLsId, destLsId: t.destLsId, tabletList: [...t.tabletIds],
      status: t.status, balanceJobId: t.balanceJobId, startScn: t.startScn, finishScn: t.finishScn, startTimeUs: t.createTimeUs,
      finishTimeUs: t.status === 'COMPLETED' || t.status === 'FAILED' || t.status === 'CANCELED' ? t.modifyTimeUs : 0,
    })),
  };
}

function tenantSnapshot(state: ClusterState, t: RsTenant): TenantSnapshot {
  const all = lsOfTenant(state, t.tenantId);
  return {
    tenantId: t.tenantId, tenantName: t.name, tenantType: t.type, primaryZone: t.primaryZone, locality: formatLocality(t.locality),
    compatibilityMode: 'MYSQL', status: t.status, unitNum: t.unitNum, createTimeUs: t.createTimeUs,
    previousLocality: t.previousLocality ? formatLocality(t.previousLocality) : null, modifyTimeUs: t.modifyTimeUs,
    maxLsId: all.reduce((m, l) => Math.max(m, l.lsId), 1),
    ls: all.filter((l) => l.status !== 'WAIT_OFFLINE').map((l) => ({
      tenantId: l.tenantId, lsId: l.lsId, status: l.status, primaryZone: l.primaryZone, unitGroupId: l.unitGroupId,
      lsGroupId: l.lsGroupId, createScn: l.createScn, replicaServerIds: l.replicas.map((r) => r.serverId),
      replicas: l.replicas.map((r) => ({ ...r })), leaderServerId: preferredLeaderOf(state, l) ?? -1, leaderKnown: false,
    })),
  };
}
