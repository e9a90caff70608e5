/**
 * The root service's own updates (no statement behind them): LS status changes reported by the
 * runtime, tenant job progress, transfer tasks. They close the loops the statements open:
 * - an LS reported NORMAL; a CREATING tenant whose LSs are all NORMAL becomes NORMAL;
 * - an LS reported WAIT_OFFLINE (dropped) stays in the state as history (ids never reused) but is
 *   no longer placed; a DROPPING tenant whose LSs are all offline is removed; DELETING units whose
 *   unit group carries no live LS any more are removed;
 * - a tenant job reaching SUCCESS ends its locality change (PREVIOUS_LOCALITY → NULL) and
 *   completes the tenant's running balance jobs.
 * Handlers mutate the copy `applyRsCommand` made; unknown ids are ignored (a late report).
 */
import { lsOfTenant, tenantById } from './cluster_state';
import { metaOf } from './placement';
import { removeTenant } from './apply_tenant';
import type { ClusterState, RsCommand } from './types';

type Cmd<T extends RsCommand['type']> = RsCommand & { type: T };

export function lsStatus(s: ClusterState, cmd: Cmd<'lsStatus'>): void {
  const ls = s.ls.find((l) => l.tenantId === cmd.tenantId && l.lsId === cmd.lsId);
  if (!ls) return;
  ls.status = cmd.status;
  const tenant = tenantById(s, cmd.tenantId);
  if (!tenant) return;
  const userId = tenant.type === 'META' ? tenant.tenantId + 1 : tenant.tenantId;
  const pair = [tenantById(s, userId), metaOf(s, userId)].filter((t) => t !== undefined);
  if (tenant.status === 'CREATING' && pair.every((t) => lsOfTenant(s, t.tenantId).every((l) => l.status !== 'CREATING'))) {
    for (const t of pair) { t.status = 'NORMAL'; t.modifyTimeUs = cmd.atUs; }
  }
  if (tenant.status === 'DROPPING' && pair.every((t) => lsOfTenant(s, t.tenantId).every((l) => l.status === 'WAIT_OFFLINE'))) {
    removeTenant(s, userId);
    return;
  }
  removeRetiredUnits(s);
}

export function jobProgress(s: ClusterState, cmd: Cmd<'jobProgress'>): void {
  const job = s.tenantJobs.find((j) => j.jobId === cmd.jobId);
  if (!job) return;
  job.progress = Math.max(0, Math.min(100, cmd.progress));
  job.jobStatus = cmd.jobStatus;
  job.modifyTimeUs = cmd.atUs;
  if (cmd.jobStatus === 'INPROGRESS') return;
  job.resultCode = cmd.jobStatus === 'SUCCESS' ? 0 : -4072;
  if (cmd.jobStatus === 'SUCCESS') job.progress = 100;
  const tenant = tenantById(s, job.tenantId);
  if (tenant && job.jobType === 'ALTER_TENANT_LOCALITY') {
    for (const t of [tenant, metaOf(s, tenant.tenantId)]) if (t) t.previousLocality = null;
  }
  for (const b of s.balanceJobs) {
    if (b.tenantId === job.tenantId && b.status === 'DOING') {
      b.status = cmd.jobStatus === 'SUCCESS' ? 'COMPLETED' : 'CANCELED';
      b.modifyTimeUs = cmd.atUs;
    }
  }
  removeRetiredUnits(s);
}

export function createTransferTask(s: ClusterState, cmd: Cmd<'createTransferTask'>): void {
  s.transferTasks.push({
    taskId: s.nextIds.transferTask++, tenantId: cmd.tenantId, balanceJobId: cmd.balanceJobId, srcLsId: cmd.srcLsId,
    destLsId: cmd.destLsId, tabletIds: [...cmd.tabletIds], status: 'INIT', startScn: cmd.startScn, finishScn: '0',
    createTimeUs: cmd.atUs, modifyTimeUs: cmd.atUs,
  });
}

export function transferTaskStatus(s: ClusterState, cmd: Cmd<'transferTaskStatus'>): void {
  const task = s.transferTasks.find((t) => t.taskId === cmd.taskId);
  if (!task) return;
  task.status = cmd.status;
  if (cmd.finishScn !== undefined) task.finishScn = cmd.finishScn;
  task.modifyTimeUs = cmd.atUs;
}

/** DELETING units whose unit group no longer carries a live LS of their tenant are removed. */
function removeRetiredUnits(s: ClusterState): void {
  const liveGroups = new Set(
    s.ls.filter((l) => l.status !== 'WAIT_OFFLINE').flatMap((l) => [`${l.tenantId}:${l.unitGroupId}`, `${l.tenantId + 1}:${l.unitGroupId}`]),
  );
  s.units = s.units.filter((u) => {
    if (u.status !== 'DELETING') return true;
    const owner = s.resourcePools.find((p) => p.resourcePoolId === u.resourcePoolId)?.tenantId ?? -1;
    return liveGroups.has(`${owner}:${u.unitGroupId}`);
  });
}
