/**
 * The tenant balancer of the root service (OceanBase's `ObTenantBalanceService` + partition
 * balance, simplified): after `ALTER RESOURCE TENANT ... UNIT_NUM` changed a tenant's LSs, it moves
 * user tablets between the tenant's user LSs by transfer tasks so that every NORMAL LS holds an
 * even share, and no tablet is left on a DROPPING LS.
 *
 *   balance job DOING ──(every new LS NORMAL)──▶ planBalance ──▶ createTransferTask (INIT)
 *        ▲                                                        │ one task at a time
 *        └── no move left: the job's SUCCESS ◀── runTransfer ◀──┘ (START → DOING → COMPLETED/FAILED)
 *            is no longer held (completes the balance job; a scale-in's DROPPING LSs are empty)
 *
 * Plan (deterministic, minimal moves): n user tablets over the k NORMAL user LSs (ids ≥ 1001);
 * LS i (in id order) may keep ⌈n/k⌉ or ⌊n/k⌋ tablets (the first n mod k LSs get one more). Each LS
 * keeps its lowest tablet ids up to its quota; the rest — and every tablet on an LS that is not
 * NORMAL (DROPPING) — go, in tablet-id order, round-robin to the LSs below quota. Moves between
 * one (src, dest) pair form one task. While a move is pending the tenant job is held below 100 %
 * (`holdBalancingJobs`), so the balance job completes only after its transfers.
 *
 * The balancer keeps no state of its own beyond "busy": after a root-service failover the new one
 * re-runs tasks left INIT/START/DOING (every transfer step is idempotent) and re-plans.
 */
import type { ClusterState, RsCommandInput, RsTransferTask } from './types';

/** A tablet and the LS the schema places it in. */
export interface TabletPlacement {
  tabletId: number;
  lsId: number;
}

/** One planned transfer: tablets from `srcLsId` to `destLsId`. */
export interface PlannedTransfer {
  srcLsId: number;
  destLsId: number;
  tabletIds: number[];
}

/** A transfer task as the runner gets it. */
export interface BalancerTask {
  taskId: number;
  tenantId: number;
  srcLsId: number;
  destLsId: number;
  tabletIds: number[];
}

export type BalancerTaskStatus = 'START' | 'DOING' | 'COMPLETED' | 'FAILED';

export interface BalancerHost {
  /** True while this server is the root service. */
  active(): boolean;
  state(): ClusterState;
  /** The tenant's user tablets and their LSs per its schema (from its LS 1 leader). */
  tablets(tenantId: number): Promise<TabletPlacement[]>;
  /** Proposes a root-service command; resolves with the state after it. */
  command(input: RsCommandInput): Promise<ClusterState>;
  /** Runs one transfer task end to end (server/transfer_service.ts `runTransferTask`). */
  runTransfer(task: BalancerTask, report: (taskId: number, status: BalancerTaskStatus, scns: { startScn?: string; finishScn?: string }) => Promise<void>): Promise<{ status: 'COMPLETED' | 'FAILED' }>;
  log(level: 'info' | 'warn', message: string): void;
}

const userLs = (lsId: number) => lsId >= 1001;

/**
 * The transfers that spread `tablets` evenly over the tenant's NORMAL user LSs (see the module
 * comment). Empty when balanced, or when the tenant has no NORMAL user LS.
 */
export function planBalance(state: ClusterState, tenantId: number, tablets: readonly TabletPlacement[]): PlannedTransfer[] {
  const targets = state.ls.filter((l) => l.tenantId === tenantId && userLs(l.lsId) && l.status === 'NORMAL').map((l) => l.lsId).sort((a, b) => a - b);
  if (targets.length === 0) return [];
  const movable = tablets.filter((t) => userLs(t.lsId)).slice().sort((a, b) => a.tabletId - b.tabletId);
  const n = movable.length;
  const quota = new Map(targets.map((l, i) => [l, Math.floor(n / targets.length) + (i < n % targets.length ? 1 : 0)]));
  const kept = new Map(targets.map((l) => [l, 0]));
  const moving: TabletPlacement[] = [];
  for (const t of movable) {
    const q = quota.get(t.lsId);
    if (q !== undefined && kept.get(t.lsId)! < q) kept.set(t.lsId, kept.get(t.lsId)! + 1);
    else moving.push(t);
  }
  const byPair = new Map<string, PlannedTransfer>();
  let next = 0;
  for (const t of moving) {
    // Round-robin over the LSs still below quota, in id order.
    let dest = -1;
    for (let i = 0; i < targets.length; i++) {
      const l = targets[(next + i) % targets.length];
      if (kept.get(l)! < quota.get(l)!) {
        dest = l;
        next = (next + i + 1) % targets.length;
        break;
      }
    }
    if (dest < 0) break; // cannot happen: quotas sum to n
    kept.set(dest, kept.get(dest)! + 1);
    const k = `${t.lsId}>${dest}`;
    if (!byPair.has(k)) byPair.set(k, { srcLsId: t.lsId, destLsId: dest, tabletIds: [] });
    byPair.get(k)!.tabletIds.push(t.tabletId);
  }
  return [...byPair.values()];
}

/**
 * Holds back a tenant job's SUCCESS while its tenant's balance job is still moving tablets
 * (`balancing(tenantId)`): the command becomes INPROGRESS at 99 %. Other commands pass unchanged.
 */
export function holdBalancingJobs(state: ClusterState, cmds: RsCommandInput[], balancing: (tenantId: number) => boolean): RsCommandInput[] {
  return cmds.map((c) => {
    if (c.type !== 'jobProgress' || c.jobStatus !== 'SUCCESS') return c;
    const job = state.tenantJobs.find((j) => j.jobId === c.jobId);
    if (!job || !balancing(job.tenantId)) return c;
    return { ...c, progress: 99, jobStatus: 'INPROGRESS' };
  });
}

export class Balancer {
  private busy = false;
  /** Balance jobs whose last pass found nothing to move (in memory: a new root service re-checks). */
  private readonly balancedJobs = new Set<number>();

  constructor(private readonly host: BalancerHost) {}

  /** Whether the tenant's balance job is not done moving tablets (for `holdBalancingJobs`). */
  balancing(tenantId: number): boolean {
    const state = this.host.state();
    const job = state.balanceJobs.find((b) => b.tenantId === tenantId && b.status === 'DOING');
    if (!job) return false;
    return !this.balancedJobs.has(job.jobId) || this.openTasks(state, tenantId).length > 0 || !this.plannable(state, tenantId);
  }

  /** One balancing pass (the root service's periodic check); at most one pass runs at a time. */
  async onCheck(): Promise<void> {
    if (this.busy || !this.host.active()) return;
    this.busy = true;
    try {
      for (const job of this.host.state().balanceJobs.filter((b) => b.status === 'DOING')) {
        if (!this.host.active()) return;
        await this.balanceTenant(job.tenantId);
      }
    } catch (e) {
      this.host.log('warn', `balancer: ${(e as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  /** Unfinished transfer tasks of the tenant, oldest first. */
  private openTasks(state: ClusterState, tenantId: number): RsTransferTask[] {
    return state.transferTasks.filter((t) => t.tenantId === tenantId && (t.status === 'INIT' || t.status === 'START' || t.status === 'DOING'));
  }

  /** The tenant's LSs are settled enough to plan: none CREATING. */
  private plannable(state: ClusterState, tenantId: number): boolean {
    return !state.ls.some((l) => l.tenantId === tenantId && l.status === 'CREATING');
  }

  private async balanceTenant(tenantId: number): Promise<void> {
    let state = this.host.state();
    const job = state.balanceJobs.find((b) => b.tenantId === tenantId && b.status === 'DOING');
    if (!job) return;
    this.balancedJobs.delete(job.jobId);
    if (!this.plannable(state, tenantId)) return;
    // Tasks a previous root service left unfinished first (their steps are idempotent).
    for (const t of this.openTasks(state, tenantId)) {
      if (!this.host.active()) return;
      await this.run(t);
    }
    const plan = planBalance(state, tenantId, await this.host.tablets(tenantId));
    for (const p of plan) {
      if (!this.host.active()) return;
      state = await this.host.command({ type: 'createTransferTask', tenantId, balanceJobId: job.jobId, srcLsId: p.srcLsId, destLsId: p.destLsId, tabletIds: p.tabletIds, startScn: '0' });
      const task = state.transferTasks.filter((t) => t.tenantId === tenantId && t.status === 'INIT' && t.srcLsId === p.srcLsId && t.destLsId === p.destLsId).at(-1);
      if (!task) continue;
      const r = await this.run(task);
      if (r === 'FAILED') return; // re-planned at the next pass
    }
    if (plan.length > 0) return; // verify against the schema at the next pass
    // Balanced: the job's SUCCESS (from the LS progress check) is no longer held back.
    this.balancedJobs.add(job.jobId);
  }

  private async run(t: RsTransferTask): Promise<'COMPLETED' | 'FAILED'> {
    this.host.log('info', `transfer task ${t.taskId}: tablets ${t.tabletIds.join(',')} of tenant ${t.tenantId} from LS ${t.srcLsId} to LS ${t.destLsId}`);
    const report = async (taskId: number, status: BalancerTaskStatus, scns: { startScn?: string; finishScn?: string }) => {
      await this.host.command({ type: 'transferTaskStatus', taskId, status, ...(scns.finishScn !== undefined ? { finishScn: scns.finishScn } : {}) });
    };
    const r = await this.host.runTransfer({ taskId: t.taskId, tenantId: t.tenantId, srcLsId: t.srcLsId, destLsId: t.destLsId, tabletIds: [...t.tabletIds] }, report);
    return r.status;
  }
}
