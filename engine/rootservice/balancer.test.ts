/**
 * The tenant balancer: the plan (even spread with minimal moves, DROPPING LSs emptied), holding
 * the tenant job back while tablets move, and the pass that creates and runs transfer tasks one
 * at a time through the root-service commands (a fake host applying them to the state).
 */
import { describe, expect, it } from 'vitest';
import { applyRsCommand } from './apply';
import { Balancer, holdBalancingJobs, planBalance, type BalancerHost, type BalancerTask, type TabletPlacement } from './balancer';
import { boot, T0 } from './test/helpers';
import type { ClusterState, RsCommandInput } from './types';

const TENANT = 1002;

function withLs(state: ClusterState, status: Record<number, ClusterState['ls'][number]['status']>): ClusterState {
  return { ...state, ls: state.ls.map((l) => (l.tenantId === TENANT && status[l.lsId] ? { ...l, status: status[l.lsId] } : l)) };
}

const on = (lsId: number, ...ids: number[]): TabletPlacement[] => ids.map((tabletId) => ({ tabletId, lsId }));

describe('planBalance', () => {
  it('spreads tablets evenly, keeping the lowest ids where they are and moving the rest round-robin', () => {
    const plan = planBalance(boot(), TENANT, on(1001, 200001, 200002, 200003, 200004, 200005, 200006, 200007));
    // 7 tablets over 3 LSs: quotas 3, 2, 2. LS 1001 keeps 200001..200003.
    expect(plan).toEqual([
      { srcLsId: 1001, destLsId: 1002, tabletIds: [200004, 200006] },
      { srcLsId: 1001, destLsId: 1003, tabletIds: [200005, 200007] },
    ]);
  });

  it('plans nothing when balanced, and ignores tablets of LS 1', () => {
    const tablets = [...on(1001, 1, 4), ...on(1002, 2, 5), ...on(1003, 3), ...on(1, 10, 11, 12)];
    expect(planBalance(boot(), TENANT, tablets)).toEqual([]);
  });

  it('empties a DROPPING LS (scale-in) and only fills NORMAL ones', () => {
    const state = withLs(boot(), { 1003: 'DROPPING' });
    const plan = planBalance(state, TENANT, [...on(1001, 1), ...on(1002, 2), ...on(1003, 3, 4)]);
    expect(plan).toEqual([
      { srcLsId: 1003, destLsId: 1001, tabletIds: [3] },
      { srcLsId: 1003, destLsId: 1002, tabletIds: [4] },
    ]);
    expect(planBalance(withLs(boot(), { 1001: 'CREATING', 1002: 'CREATING', 1003: 'CREATING' }), TENANT, on(1001, 1))).toEqual([]);
  });
});

/** A root service over a plain state: commands applied in order; transfers move the fake schema's tablets. */
function fakeHost(initial: ClusterState, tablets: TabletPlacement[], failTask: number | null = null) {
  let state = initial;
  const runs: BalancerTask[] = [];
  const host: BalancerHost = {
    active: () => true,
    state: () => state,
    tablets: async () => tablets.map((t) => ({ ...t })),
    command: async (input: RsCommandInput) => {
      state = { ...applyRsCommand(state, { ...input, atUs: T0 + state.version } as never), version: state.version + 1 };
      return state;
    },
    runTransfer: async (task, report) => {
      runs.push(task);
      await report(task.taskId, 'START', { startScn: '10' });
      await report(task.taskId, 'DOING', {});
      if (task.taskId === failTask) {
        await report(task.taskId, 'FAILED', {});
        return { status: 'FAILED' };
      }
      for (const t of tablets) if (task.tabletIds.includes(t.tabletId)) t.lsId = task.destLsId;
      await report(task.taskId, 'COMPLETED', { finishScn: '20' });
      return { status: 'COMPLETED' };
    },
    log: () => {},
  };
  return { host, runs, state: () => state };
}

/** The default tenant after a (simulated) scale-out: a DOING balance job and an INPROGRESS tenant job. */
function scaledOut(): ClusterState {
  const s = boot();
  return {
    ...s,
    tenantJobs: [{ jobId: 1, tenantId: TENANT, jobType: 'ALTER_RESOURCE_TENANT_UNIT_NUM', jobStatus: 'INPROGRESS', progress: 50, resultCode: null, sqlText: '', extraInfo: '', startTimeUs: T0, modifyTimeUs: T0 }],
    balanceJobs: [{ jobId: 2, tenantId: TENANT, jobType: 'LS_BALANCE', balanceStrategy: 'LS_BALANCE_BY_EXPAND', targetUnitNum: 2, targetPrimaryZoneNum: 1, status: 'DOING', comment: '', createTimeUs: T0, modifyTimeUs: T0 }],
    nextIds: { ...s.nextIds, job: 3 },
  };
}

describe('Balancer', () => {
  it('runs one transfer task per move, records them COMPLETED, then releases the job', async () => {
    const tablets = on(1001, 11, 12, 13, 14, 15, 16);
    const f = fakeHost(scaledOut(), tablets);
    const b = new Balancer(f.host);
    const success: RsCommandInput = { type: 'jobProgress', jobId: 1, progress: 100, jobStatus: 'SUCCESS' };
    expect(holdBalancingJobs(f.state(), [success], (t) => b.balancing(t))).toEqual([{ ...success, progress: 99, jobStatus: 'INPROGRESS' }]);

    await b.onCheck();
    expect(f.runs.map((r) => [r.srcLsId, r.destLsId, r.tabletIds])).toEqual([[1001, 1002, [13, 15]], [1001, 1003, [14, 16]]]);
    expect(f.state().transferTasks.map((t) => [t.taskId, t.balanceJobId, t.status, t.finishScn])).toEqual([[1, 2, 'COMPLETED', '20'], [2, 2, 'COMPLETED', '20']]);
    // The next pass finds the tablets balanced: the job's SUCCESS goes through and completes the balance job.
    await b.onCheck();
    expect(f.runs).toHaveLength(2);
    const [cmd] = holdBalancingJobs(f.state(), [success], (t) => b.balancing(t));
    expect(cmd).toEqual(success);
    await f.host.command(cmd);
    expect(f.state().balanceJobs[0].status).toBe('COMPLETED');
    expect(f.state().tenantJobs[0].jobStatus).toBe('SUCCESS');
  });

  it('marks a failed task FAILED, keeps the job held, and re-plans at the next pass', async () => {
    const tablets = on(1001, 11, 12, 13);
    const f = fakeHost(scaledOut(), tablets, 1);
    const b = new Balancer(f.host);
    await b.onCheck();
    expect(f.state().transferTasks.map((t) => t.status)).toEqual(['FAILED']);
    expect(b.balancing(TENANT)).toBe(true);
    await b.onCheck();
    expect(f.state().transferTasks.map((t) => t.status)).toEqual(['FAILED', 'COMPLETED', 'COMPLETED']);
    expect(tablets.map((t) => t.lsId)).toEqual([1001, 1002, 1003]);
  });

  it('waits while a new LS is still CREATING', async () => {
    const f = fakeHost(withLs(scaledOut(), { 1003: 'CREATING' }), on(1001, 11, 12, 13));
    const b = new Balancer(f.host);
    await b.onCheck();
    expect(f.runs).toEqual([]);
    expect(b.balancing(TENANT)).toBe(true);
  });
});
