/**
 * The LS manager's decisions as pure planners (which replicas to open/close, the next PALF config
 * change, where a leader hands over) and its driver over a fake host.
 */
import { describe, expect, it } from 'vitest';
import { lsId, lsn, serverId, tenantId } from '../common/ids';
import { VirtualClock } from '../env/memory';
import type { ObEvent } from '../env';
import { PalfHarness } from '../palf/test/harness';
import type { PalfConfigChange, PalfStatus } from '../palf/types';
import { electionPriority } from '../rootservice/election_priority';
import { ClusterStateHolder, type LsLeaderReport } from '../rootservice/root_service';
import type { ClusterState, RsLs, RsLsReplica, RsServer } from '../rootservice/types';
import { LsManager, planConfigStep, proposeConfigChangeAndWait, planLeaderMove, planLocalReplicas, type LocalReplicaView, type LsRef, type ReplicaOpenSpec } from './ls_manager';

const F = (s: number): RsLsReplica => ({ serverId: s, replicaType: 'FULL' });
const R = (s: number): RsLsReplica => ({ serverId: s, replicaType: 'READONLY' });

function server(id: number, over: Partial<RsServer> = {}): RsServer {
  return {
    serverId: id, svrIp: `10.0.0.${id}`, svrPort: 2882, sqlPort: 2881, zone: `zone${id}`, status: 'ACTIVE', stopTimeUs: 0,
    startServiceTimeUs: 1, lastHeartbeatUs: 1, permanentOffline: false, createTimeUs: 1, modifyTimeUs: 1,
    cpuCapacity: 16, memCapacityBytes: 1, logDiskCapacityBytes: 1, ...over,
  };
}

function ls(t: number, l: number, replicas: RsLsReplica[], over: Partial<RsLs> = {}): RsLs {
  return {
    tenantId: t, lsId: l, status: 'NORMAL', primaryZone: 'zone1', unitGroupId: 0, lsGroupId: 0, replicas,
    preferredLeader: null, createScn: '1', createTimeUs: 1, ...over,
  };
}

function state(lss: RsLs[], servers: RsServer[] = [1, 2, 3, 4].map((i) => server(i)), version = 2): ClusterState {
  return {
    version, clusterName: 'obcluster', zones: [], servers, unitConfigs: [], resourcePools: [], units: [], ls: lss,
    tenants: [{ tenantId: 1002, name: 't', type: 'USER', primaryZone: 'RANDOM', locality: [], previousLocality: null, status: 'NORMAL', unitNum: 1, resourcePoolIds: [], createTimeUs: 1, modifyTimeUs: 1 }],
    tenantJobs: [], balanceJobs: [], transferTasks: [],
    nextIds: { unitConfig: 1001, resourcePool: 1001, unit: 1001, tenant: 1004, job: 1, transferTask: 1 },
  };
}

/** A leader's PALF status: `matchLsn` per follower, committed LSN 100. */
function leaderStatus(self: number, members: number[], learners: number[], match: Record<number, number>, pending = false): PalfStatus {
  return {
    tenantId: tenantId(1002), lsId: lsId(1001), role: 'LEADER', proposalId: 3, leader: serverId(self),
    memberList: members.map((m) => serverId(m)), learnerList: learners.map((m) => serverId(m)), configVersion: 4, configChangePending: pending,
    lastLsn: lsn(100), lastProposalId: 3, persistedLsn: lsn(100), committedLsn: lsn(100), appliedLsn: lsn(100), maxScn: null,
    followers: Object.entries(match).map(([s, m]) => ({ server: serverId(Number(s)), matchLsn: lsn(m), nextLsn: lsn(m + 1), state: 'REPLICATE' as const })),
  };
}

describe('planConfigStep: one PALF membership change at a time toward the desired replicas', () => {
  it('adds a missing replica as a learner, promotes it once caught up, then removes the replaced member', () => {
    const desired = [F(1), F(2), F(4)];
    expect(planConfigStep(desired, leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 0 }))).toEqual({ type: 'addLearner', server: 4 });
    // Learner far behind: wait (no removal before every desired F is a member).
    expect(planConfigStep(desired, leaderStatus(1, [1, 2, 3], [4], { 2: 100, 3: 0, 4: 10 }))).toBeNull();
    expect(planConfigStep(desired, leaderStatus(1, [1, 2, 3], [4], { 2: 100, 3: 0, 4: 97 }))).toEqual({ type: 'promoteLearner', server: 4 });
    expect(planConfigStep(desired, leaderStatus(1, [1, 2, 3, 4], [], { 2: 100, 3: 0, 4: 100 }))).toEqual({ type: 'removeMember', server: 3 });
    expect(planConfigStep(desired, leaderStatus(1, [1, 2, 4], [], { 2: 100, 4: 100 }))).toBeNull();
  });

  it('waits while a config change is pending and acts only on the leader', () => {
    expect(planConfigStep([F(1), F(2), F(4)], leaderStatus(1, [1, 2, 3], [], {}, true))).toBeNull();
    const follower = { ...leaderStatus(1, [1, 2, 3], [], {}), role: 'FOLLOWER' as const };
    expect(planConfigStep([F(1), F(2), F(4)], follower)).toBeNull();
  });

  it('turns an F into an R by demoting it, and drops a learner no longer desired', () => {
    expect(planConfigStep([F(1), F(2), R(3)], leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 100 }))).toEqual({ type: 'demoteMember', server: 3 });
    expect(planConfigStep([F(1), F(2), F(3)], leaderStatus(1, [1, 2, 3], [4], { 2: 100, 3: 100, 4: 100 }))).toEqual({ type: 'removeLearner', server: 4 });
    // An R replica wanted on a new server: it joins as a learner and stays one.
    expect(planConfigStep([F(1), F(2), F(3), R(4)], leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 100 }))).toEqual({ type: 'addLearner', server: 4 });
    expect(planConfigStep([F(1), F(2), F(3), R(4)], leaderStatus(1, [1, 2, 3], [4], { 2: 100, 3: 100, 4: 100 }))).toBeNull();
  });

  it('never removes the leader itself nor shrinks below a majority of the desired F count', () => {
    // The leader (1) is not desired: it must hand over first; the plan leaves it alone.
    expect(planConfigStep([F(2), F(3), F(4)], leaderStatus(1, [1, 2, 3, 4], [], { 2: 100, 3: 100, 4: 100 }))).toBeNull();
    // 5 → 3 F: members 1..5, desired 1..3: remove 4 then 5 (4 members ≥ majority(3) = 2).
    expect(planConfigStep([F(1), F(2), F(3)], leaderStatus(1, [1, 2, 3, 4, 5], [], { 2: 100, 3: 100, 4: 100, 5: 100 }))).toEqual({ type: 'removeMember', server: 4 });
  });
});

describe('planLeaderMove: SWITCH REPLICA LEADER and leaders leaving stopped servers', () => {
  const prioOf = (st: ClusterState, l: RsLs) => (s: number) => electionPriority(st, l.tenantId, l.lsId, s);
  it('hands over to the preferred leader once it is a caught-up member', () => {
    const l = ls(1002, 1001, [F(1), F(2), F(3)], { preferredLeader: 3 });
    const st = state([l]);
    expect(planLeaderMove(l, 1, leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 100 }), prioOf(st, l))).toBe(3);
    expect(planLeaderMove(l, 1, leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 20 }), prioOf(st, l))).toBeNull();
    // Already on the preferred server: stay.
    expect(planLeaderMove(l, 3, leaderStatus(3, [1, 2, 3], [], { 1: 100, 2: 100 }), prioOf(st, l))).toBeNull();
  });

  it('moves off a stopped server to the caught-up F member of highest priority', () => {
    const l = ls(1002, 1001, [F(1), F(2), F(3)], { primaryZone: 'zone1;zone3;zone2' });
    const st = state([l], [server(1, { stopTimeUs: 5 }), server(2), server(3)]);
    expect(planLeaderMove(l, 1, leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 100 }), prioOf(st, l))).toBe(3);
    expect(planLeaderMove(l, 1, leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 0 }), prioOf(st, l))).toBe(2);
    // Serving normally: keep the role (primary-zone handover is PALF's election, not this).
    expect(planLeaderMove(l, 2, leaderStatus(2, [1, 2, 3], [], { 1: 100, 3: 100 }), prioOf(state([l]), l))).toBeNull();
  });

  it('leaves a replica that is no longer a desired F once another member can lead', () => {
    const l = ls(1002, 1001, [F(2), F(3), F(4)]);
    expect(planLeaderMove(l, 1, leaderStatus(1, [1, 2, 3], [4], { 2: 100, 3: 100, 4: 100 }), prioOf(state([l]), l))).toBe(2);
  });
});

describe('planLocalReplicas: open what the state places here, close what the leader dropped', () => {
  it('opens a brand-new LS with its full member list and a joining replica with none', () => {
    const st = state([ls(1002, 1001, [F(1), F(2), R(4)], { status: 'CREATING', lsGroupId: 1001, unitGroupId: 1001 }), ls(1002, 1002, [F(2), F(3), F(4)])]);
    const plan = planLocalReplicas(st, 4, [], []);
    expect(plan.open).toEqual<ReplicaOpenSpec[]>([
      { tenantId: 1002, lsId: 1001, replicaType: 'READONLY', members: [1, 2], learners: [4], unitGroupId: 1001, lsGroupId: 1001 },
      { tenantId: 1002, lsId: 1002, replicaType: 'FULL', members: [], learners: [], unitGroupId: 0, lsGroupId: 0 },
    ]);
    expect(plan.close).toEqual([]);
    expect(planLocalReplicas(st, 4, [{ tenantId: 1002, lsId: 1001, role: 'FOLLOWER' }, { tenantId: 1002, lsId: 1002, role: 'FOLLOWER' }], []).open).toEqual([]);
  });

  it('closes a replica moved away only once the leader no longer lists this server', () => {
    const st = state([ls(1002, 1001, [F(1), F(2), F(4)])]);
    const local = [{ tenantId: 1002, lsId: 1001, role: 'FOLLOWER' as const }];
    const report = (members: number[], pending = false): LsLeaderReport => ({ tenantId: 1002, lsId: 1001, serverId: 1, proposalId: 3, members, learners: [], configChangePending: pending, serving: true });
    expect(planLocalReplicas(st, 3, local, []).close).toEqual([]);
    expect(planLocalReplicas(st, 3, local, [report([1, 2, 3, 4])]).close).toEqual([]);
    expect(planLocalReplicas(st, 3, local, [report([1, 2, 4], true)]).close).toEqual([]);
    expect(planLocalReplicas(st, 3, local, [report([1, 2, 4])]).close).toEqual([{ tenantId: 1002, lsId: 1001 }]);
  });

  it('closes at once every replica of a dropped LS, leaders included, and never reopens it', () => {
    const st = state([ls(1002, 1002, [F(1)], { status: 'DROPPING' }), ls(1002, 1003, [F(1)], { status: 'WAIT_OFFLINE' })]);
    const plan = planLocalReplicas(st, 1, [{ tenantId: 1002, lsId: 1001, role: 'FOLLOWER' }, { tenantId: 1002, lsId: 1002, role: 'LEADER' }], []);
    expect(plan.close).toEqual([{ tenantId: 1002, lsId: 1001 }, { tenantId: 1002, lsId: 1002 }]);
    expect(plan.open).toEqual([]);
  });

  it('keeps a DROPPING LS of a live tenant open while it holds tablets (transfers move them), closes it once empty', () => {
    const st = state([ls(1002, 1001, [F(1)]), ls(1002, 1002, [F(1)], { status: 'DROPPING' })]);
    const local = (tabletCount: number) => [{ tenantId: 1002, lsId: 1002, role: 'LEADER' as const, tabletCount }];
    expect(planLocalReplicas(st, 1, local(2), []).close).toEqual([]);
    expect(planLocalReplicas(st, 1, local(0), []).close).toEqual([{ tenantId: 1002, lsId: 1002 }]);
    // DROP TENANT: the tenant itself is DROPPING, so its LSs close with their tablets.
    const dropped = { ...st, tenants: st.tenants.map((t) => ({ ...t, status: 'DROPPING' as const })) };
    expect(planLocalReplicas(dropped, 1, local(2), []).close).toEqual([{ tenantId: 1002, lsId: 1002 }]);
  });

  it('keeps a leader whose replica moved away until it handed over', () => {
    const st = state([ls(1002, 1001, [F(2), F(3), F(4)])]);
    expect(planLocalReplicas(st, 1, [{ tenantId: 1002, lsId: 1001, role: 'LEADER' }], []).close).toEqual([]);
  });
});

describe('LsManager: drives the plans on one server', () => {
  function harness(st: ClusterState, replicas: LocalReplicaView[]) {
    const clock = new VirtualClock();
    const holder = new ClusterStateHolder(st, (s) => s);
    const events: ObEvent[] = [];
    const calls = { opened: [] as ReplicaOpenSpec[], closed: [] as LsRef[], changes: [] as PalfConfigChange[], transfers: [] as number[], tenants: [] as number[] };
    const mgr = new LsManager({
      serverId: 1, clock, events: { emit: (e) => events.push(e) }, holder,
      localReplicas: () => replicas,
      leaderConfigs: () => [],
      openReplica: async (spec) => void calls.opened.push(spec),
      closeReplica: async (ref) => void calls.closed.push(ref),
      ensureTenant: (t) => void calls.tenants.push(t.tenantId),
      proposeConfigChange: async (_ref, change) => void calls.changes.push(change),
      transferLeader: (_ref, to) => void calls.transfers.push(to),
      priority: () => 0,
      log: () => {},
    });
    return { mgr, holder, events, calls };
  }

  it('does nothing before the server heard from the root service', async () => {
    const h = harness(state([ls(1002, 1001, [F(1), F(2)])]), []);
    await h.mgr.reconcile();
    expect(h.calls.opened).toEqual([]);
    h.holder.synced = true;
    await h.mgr.reconcile();
    expect(h.calls.opened.map((o) => o.lsId)).toEqual([1001]);
    expect(h.calls.tenants).toEqual([1002]);
  });

  it('takes one config step on a serving leader and reports it as an ls-member-change event', async () => {
    const view: LocalReplicaView = { tenantId: 1002, lsId: 1001, status: leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 100 }), serving: true };
    const h = harness(state([ls(1002, 1001, [F(1), F(2), F(3), F(4)])]), [view]);
    h.holder.synced = true;
    await h.mgr.reconcile();
    await Promise.resolve();
    await Promise.resolve();
    expect(h.calls.changes).toEqual([{ type: 'addLearner', server: 4 }]);
    expect(h.events).toMatchObject([{ kind: 'ls-member-change', tenantId: 1002, lsId: 1001, change: 'add learner', serverId: 4 }]);
  });
});

describe('proposeConfigChangeAndWait', () => {
  function fakeLs(commitAfterTicks: number) {
    let ticks = 0;
    let status = leaderStatus(1, [1, 2, 3], [], { 2: 100, 3: 100 });
    const proposed: PalfConfigChange[] = [];
    return {
      proposed,
      lose: () => (status = { ...status, role: 'FOLLOWER', proposalId: 4 }),
      ls: {
        palf: {
          proposeConfigChange: (c: PalfConfigChange) => { proposed.push(c); return 101; },
          status: () => ({ ...status, committedLsn: lsn(++ticks > commitAfterTicks ? 101 : 100) }),
        },
        schedulePump: () => {},
      },
    };
  }

  it('resolves once the config entry is committed', async () => {
    const clock = new VirtualClock();
    const f = fakeLs(3);
    let done = false;
    const p = proposeConfigChangeAndWait(f.ls, clock, { type: 'addLearner', server: serverId(4) }).then(() => (done = true));
    for (let i = 0; i < 2; i++) { clock.advance(50_000); await Promise.resolve(); await Promise.resolve(); }
    expect(done).toBe(false);
    for (let i = 0; i < 3; i++) { clock.advance(50_000); await Promise.resolve(); await Promise.resolve(); }
    await p;
    expect(f.proposed).toEqual([{ type: 'addLearner', server: 4 }]);
  });

  it('fails with OB_NOT_MASTER when leadership is lost first', async () => {
    const clock = new VirtualClock();
    const f = fakeLs(100);
    const p = proposeConfigChangeAndWait(f.ls, clock, { type: 'addLearner', server: serverId(4) }).catch((e: unknown) => e);
    f.lose();
    clock.advance(50_000);
    expect((await p as { obCode: number }).obCode).toBe(-4038);
  });
});


describe('planConfigStep against real PALF replicas (palf test harness)', () => {
  /** Applies planConfigStep on the leader until it returns null; returns the changes made. */
  function converge(h: PalfHarness, desired: RsLsReplica[]): string[] {
    const done: string[] = [];
    for (let i = 0; i < 20; i++) {
      h.tick(4);
      h.settle();
      const change = planConfigStep(desired, h.node(1).replica.status());
      if (!change) return done;
      h.change(change, 1);
      h.settle();
      done.push(`${change.type} ${change.server}`);
    }
    throw new Error(`no convergence after ${done.join(', ')}`);
  }

  it('replaces a dead member by a new replica without ever losing the majority', () => {
    const h = new PalfHarness({ size: 3 });
    h.propose('a');
    h.settle();
    h.crash(3);
    h.addNode(4);
    expect(converge(h, [F(1), F(2), F(4)])).toEqual(['addLearner 4', 'promoteLearner 4', 'removeMember 3']);
    const st = h.node(1).replica.status();
    expect([...st.memberList].sort()).toEqual([1, 2, 4]);
    expect(st.learnerList ?? []).toEqual([]);
    h.propose('b');
    h.settle();
    expect(h.appliedLog(4).some((e) => e.endsWith(':b'))).toBe(true);
  });

  it('turns the F replica of zone3 into an R replica (locality F,F,R)', () => {
    const h = new PalfHarness({ size: 3 });
    h.propose('a');
    h.settle();
    expect(converge(h, [F(1), F(2), R(3)])).toEqual(['demoteMember 3']);
    const st = h.node(1).replica.status();
    expect([...st.memberList].sort()).toEqual([1, 2]);
    expect(st.learnerList).toEqual([3]);
  });
});
