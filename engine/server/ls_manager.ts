/**
 * The LS manager of one server (OceanBase's `ObLSService` create/remove plus the leader side of
 * `ObLSReplicaTaskExecutor` / the disaster-recovery worker, simplified): it makes the log-stream
 * replicas this server runs follow the cluster state, and on each LS it leads moves the PALF
 * member/learner lists toward the state's desired replicas, one change at a time.
 *
 * Every LS_MANAGER_INTERVAL_US, once the server has heard from the root service (`holder.synced`):
 *  1. every tenant of the state gets its schema service here (`ensureTenant`; a new tenant's
 *     default databases come with it, as for `test`);
 *  2. `planLocalReplicas`: replicas the state places here and that are not open are opened — a
 *     brand-new LS (status CREATING) with its full initial member/learner lists, a replica joining
 *     an existing group as a learner-to-be with `members: []` (it adopts the leader's config when
 *     the leader adds it); replicas no longer placed here are closed and their files removed once
 *     the LS's leader (as reported to the root service) no longer lists this server (a leader is
 *     never closed that way: it hands over first) — and at once, leader or not, when the LS itself
 *     is gone or WAIT_OFFLINE, or DROPPING with its tenant dropped (DROP TENANT; the root service
 *     then records WAIT_OFFLINE); a DROPPING LS of a live tenant (PRIMARY_ZONE / UNIT_NUM shrank
 *     the LS count) is closed once it holds no tablet, the balancer's transfers having moved them;
 *  3. on each LS this server leads: `planLeaderMove` — hand over to the `SWITCH REPLICA LEADER`
 *     target, or away when this server is stopped or no longer a desired F replica;
 *     `planConfigStep` — add a missing replica as learner, promote a caught-up learner that should
 *     be F, demote an F that should be R/C, remove what is not desired (never the leader, never
 *     below a majority of the desired F count, only once every desired F is a member). Each applied
 *     change emits an `ls-member-change` event.
 * Invariant: at most one open/close and one config change per LS in flight.
 */
import { LS_CATCH_UP_ENTRIES, LS_MANAGER_INTERVAL_US, LS_TRANSFER_RETRY_US, PALF_TICK_MS } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { Clock, EventSink } from '../env';
import type { PalfConfigChange, PalfStatus } from '../palf/types';
import { PRIORITY_UNAVAILABLE } from '../rootservice/election_priority';
import type { ClusterStateHolder, LsLeaderReport } from '../rootservice/root_service';
import type { ClusterState, RsLs, RsLsReplica, RsTenant } from '../rootservice/types';
import type { ReplicaType } from './snapshot';

export interface LsRef {
  tenantId: number;
  lsId: number;
}

/** A replica to open on this server. `members`/`learners` seed a fresh clog only. */
export interface ReplicaOpenSpec extends LsRef {
  replicaType: ReplicaType;
  members: number[];
  learners: number[];
  unitGroupId: number;
  lsGroupId: number;
}

/** An LS replica open on this server. */
export interface LocalReplicaView extends LsRef {
  status: PalfStatus;
  /** Leader that applied its takeover entry (serves). */
  serving: boolean;
  /** Tablets the replica holds (a DROPPING LS stays open until transfers emptied it). */
  tabletCount?: number;
}

export interface LsManagerHost {
  serverId: number;
  clock: Clock;
  events: EventSink;
  holder: ClusterStateHolder;
  localReplicas(): LocalReplicaView[];
  /** The LS leaders' configs the root service last reported (heartbeat replies). */
  leaderConfigs(): LsLeaderReport[];
  openReplica(spec: ReplicaOpenSpec): Promise<void>;
  /** Closes the replica and removes its files (clog, tablets). */
  closeReplica(ref: LsRef): Promise<void>;
  /** Creates the tenant's schema service (and GTS source where it applies) if absent. */
  ensureTenant(tenant: RsTenant): void;
  /** PALF `proposeConfigChange` on the local leader; resolves when the change is committed. */
  proposeConfigChange(ref: LsRef, change: PalfConfigChange): Promise<void>;
  /** PALF `transferLeader` on the local leader. */
  transferLeader(ref: LsRef, to: number): void;
  /** Election priority (rootservice `electionPriority`): higher is preferred. */
  priority(state: ClusterState, tenantId: number, lsId: number, serverId: number): number;
  log(level: 'info' | 'warn', message: string): void;
}

const keyOf = (r: LsRef) => `${r.tenantId}/${r.lsId}`;
const majority = (n: number) => Math.floor(n / 2) + 1;

function desiredSplit(replicas: RsLsReplica[]): { full: number[]; learners: number[] } {
  const sorted = [...replicas].sort((a, b) => a.serverId - b.serverId);
  return {
    full: sorted.filter((r) => r.replicaType === 'FULL').map((r) => r.serverId),
    learners: sorted.filter((r) => r.replicaType !== 'FULL').map((r) => r.serverId),
  };
}

/** A dropped LS (DROPPING, or WAIT_OFFLINE history) is placed nowhere. */
function gone(ls: RsLs | undefined): boolean {
  return ls === undefined || ls.status === 'DROPPING' || ls.status === 'WAIT_OFFLINE';
}

function placedHere(ls: RsLs, self: number): boolean {
  return !gone(ls) && ls.replicas.some((r) => r.serverId === self);
}

/**
 * Which replicas to open and close on server `self` (pure). `local`: replicas open here with their
 * role; `leaderConfigs`: the leaders' reported configs. See the module comment for the rules.
 */
export function planLocalReplicas(
  state: ClusterState,
  self: number,
  local: (LsRef & { role: PalfStatus['role']; tabletCount?: number })[],
  leaderConfigs: LsLeaderReport[],
): { open: ReplicaOpenSpec[]; close: LsRef[] } {
  const openKeys = new Set(local.map(keyOf));
  const open: ReplicaOpenSpec[] = [];
  for (const ls of state.ls) {
    if (!placedHere(ls, self) || openKeys.has(keyOf(ls))) continue;
    const mine = ls.replicas.find((r) => r.serverId === self)!;
    const fresh = ls.status === 'CREATING';
    const d = desiredSplit(ls.replicas);
    open.push({
      tenantId: ls.tenantId, lsId: ls.lsId, replicaType: mine.replicaType,
      members: fresh ? d.full : [], learners: fresh ? d.learners : [], unitGroupId: ls.unitGroupId, lsGroupId: ls.lsGroupId,
    });
  }
  const close: LsRef[] = [];
  for (const r of local) {
    const ls = state.ls.find((l) => l.tenantId === r.tenantId && l.lsId === r.lsId);
    if (ls && placedHere(ls, self)) continue;
    if (gone(ls)) {
      // A DROPPING LS of a live tenant keeps its replicas until transfers moved its tablets away.
      const tenantLive = state.tenants.some((t) => t.tenantId === r.tenantId && t.status !== 'DROPPING');
      if (ls === undefined || ls.status === 'WAIT_OFFLINE' || !tenantLive || (r.tabletCount ?? 0) === 0) close.push({ tenantId: r.tenantId, lsId: r.lsId });
      continue;
    }
    if (r.role === 'LEADER') continue;
    const cfg = leaderConfigs.find((c) => c.tenantId === r.tenantId && c.lsId === r.lsId);
    if (cfg && cfg.serverId !== self && !cfg.configChangePending && !cfg.members.includes(self) && !cfg.learners.includes(self)) {
      close.push({ tenantId: r.tenantId, lsId: r.lsId });
    }
  }
  return { open, close };
}

/** Whether `server` is within `catchUpEntries` of the leader's committed LSN. */
function caughtUp(status: PalfStatus, server: number, catchUpEntries: number): boolean {
  const f = status.followers.find((x) => x.server === server);
  return f !== undefined && f.matchLsn + catchUpEntries >= status.committedLsn;
}

/**
 * The next PALF membership change that moves a leader's config toward `desired` (pure), or null
 * when it matches, a change is pending, or the next step must wait (a learner catching up).
 * Order: add missing replicas as learners; promote caught-up learners that should be F; then —
 * only once every desired F is a member — demote F replicas that should be R/C, remove members
 * and learners not desired. Never touches the leader itself; never leaves fewer members than a
 * majority of the desired F count.
 */
export function planConfigStep(desired: RsLsReplica[], status: PalfStatus, catchUpEntries = LS_CATCH_UP_ENTRIES): PalfConfigChange | null {
  if (status.role !== 'LEADER' || status.configChangePending) return null;
  const leader = status.leader;
  const members = status.memberList as number[];
  const learners = (status.learnerList ?? []) as number[];
  const d = desiredSplit(desired);
  const wanted = [...d.full, ...d.learners];
  for (const s of wanted) {
    if (!members.includes(s) && !learners.includes(s)) return { type: 'addLearner', server: s as never };
  }
  for (const s of d.full) {
    if (learners.includes(s) && caughtUp(status, s, catchUpEntries)) return { type: 'promoteLearner', server: s as never };
  }
  if (!d.full.every((s) => members.includes(s))) return null;
  const canShrink = members.length - 1 >= majority(d.full.length);
  for (const s of d.learners) {
    if (members.includes(s) && s !== leader && canShrink) return { type: 'demoteMember', server: s as never };
  }
  for (const s of [...members].sort((a, b) => a - b)) {
    if (!wanted.includes(s) && s !== leader && canShrink) return { type: 'removeMember', server: s as never };
  }
  for (const s of [...learners].sort((a, b) => a - b)) {
    if (!wanted.includes(s)) return { type: 'removeLearner', server: s as never };
  }
  return null;
}

/**
 * Where a leader on `self` should hand its role (pure), or null to keep it: to the LS's
 * `preferredLeader` (SWITCH REPLICA LEADER) once it is a caught-up member; away — to the caught-up
 * member of highest election priority above its own — when `self` is no longer electable in
 * earnest (priority ≤ PRIORITY_UNAVAILABLE: stopped server or zone, INACTIVE, not a desired F).
 * Ordinary primary-zone handover is PALF's own (election priority), not this.
 */
export function planLeaderMove(
  ls: RsLs,
  self: number,
  status: PalfStatus,
  priority: (serverId: number) => number,
  catchUpEntries = LS_CATCH_UP_ENTRIES,
): number | null {
  if (status.role !== 'LEADER') return null;
  const mine = priority(self);
  const candidates = (status.memberList as number[])
    .filter((s) => s !== self && caughtUp(status, s, catchUpEntries) && priority(s) > mine)
    .sort((a, b) => priority(b) - priority(a) || a - b);
  const preferred = ls.preferredLeader;
  if (preferred !== null && preferred !== self && candidates.includes(preferred)) return preferred;
  if (mine > PRIORITY_UNAVAILABLE) return null;
  return candidates[0] ?? null;
}

/**
 * Helper for the host's `proposeConfigChange`: proposes `change` on a local PALF leader and
 * resolves once its config entry is committed (polled every PALF tick, at most `timeoutUs`).
 * Errors: PALF's (OB_NOT_MASTER, OB_EAGAIN while a change is pending, 1210 for a change that does
 * not apply); OB_NOT_MASTER when leadership is lost before the commit; OB_TIMEOUT past `timeoutUs`.
 */
export async function proposeConfigChangeAndWait(
  ls: { palf: { proposeConfigChange(change: PalfConfigChange): number; status(): PalfStatus }; schedulePump(): void },
  clock: Clock,
  change: PalfConfigChange,
  timeoutUs = 30_000_000,
): Promise<void> {
  const proposalId = ls.palf.status().proposalId;
  const at = ls.palf.proposeConfigChange(change);
  ls.schedulePump();
  const deadlineUs = clock.nowUs() + timeoutUs;
  for (;;) {
    await new Promise<void>((resolve) => clock.schedule(PALF_TICK_MS * 1000, resolve));
    const st = ls.palf.status();
    if (st.role !== 'LEADER' || st.proposalId !== proposalId) throw Errors.notMaster();
    if (st.committedLsn >= at) return;
    if (clock.nowUs() > deadlineUs) throw Errors.timeout(timeoutUs);
  }
}

const CHANGE_TEXT: Record<PalfConfigChange['type'], string> = {
  addMember: 'add member', removeMember: 'remove member', addLearner: 'add learner',
  removeLearner: 'remove learner', promoteLearner: 'promote learner to member', demoteMember: 'demote member to learner',
};

/** Drives `planLocalReplicas`, `planLeaderMove` and `planConfigStep` on one server. */
export class LsManager {
  private lastRunUs = -Infinity;
  private running = false;
  private readonly busy = new Set<string>();
  private readonly changing = new Set<string>();
  private readonly transferAtUs = new Map<string, number>();

  constructor(private readonly host: LsManagerHost) {}

  /** Every PALF tick. */
  onTick(): void {
    const now = this.host.clock.nowUs();
    if (this.running || now - this.lastRunUs < LS_MANAGER_INTERVAL_US) return;
    this.lastRunUs = now;
    void this.reconcile();
  }

  /** One reconciliation pass (exposed for tests). */
  async reconcile(): Promise<void> {
    if (!this.host.holder.synced || this.running) return;
    this.running = true;
    try {
      const state = this.host.holder.state;
      for (const t of state.tenants) if (t.status !== 'DROPPING') this.host.ensureTenant(t);
      const local = this.host.localReplicas();
      const views = local.map((r) => ({ tenantId: r.tenantId, lsId: r.lsId, role: r.status.role, tabletCount: r.tabletCount }));
      const plan = planLocalReplicas(state, this.host.serverId, views, this.host.leaderConfigs());
      for (const spec of plan.open) await this.once(spec, () => this.host.openReplica(spec), 'open');
      for (const ref of plan.close) await this.once(ref, () => this.host.closeReplica(ref), 'close');
      for (const r of local) if (r.status.role === 'LEADER' && r.serving) this.lead(state, r);
    } finally {
      this.running = false;
    }
  }

  private async once(ref: LsRef, fn: () => Promise<void>, what: string): Promise<void> {
    const k = keyOf(ref);
    if (this.busy.has(k)) return;
    this.busy.add(k);
    try {
      await fn();
      this.host.log('info', `${what} LS replica ${ref.tenantId}/${ref.lsId}`);
    } catch (e) {
      this.host.log('warn', `${what} LS replica ${ref.tenantId}/${ref.lsId} failed: ${(e as Error).message}`);
    } finally {
      this.busy.delete(k);
    }
  }

  /** Leader duties on one LS: hand over, or take one config step. */
  private lead(state: ClusterState, r: LocalReplicaView): void {
    const ls = state.ls.find((l) => l.tenantId === r.tenantId && l.lsId === r.lsId);
    if (ls === undefined || gone(ls)) return;
    const k = keyOf(r);
    const now = this.host.clock.nowUs();
    const to = planLeaderMove(ls, this.host.serverId, r.status, (s) => this.host.priority(state, r.tenantId, r.lsId, s));
    if (to !== null) {
      if (now - (this.transferAtUs.get(k) ?? -Infinity) >= LS_TRANSFER_RETRY_US) {
        this.transferAtUs.set(k, now);
        this.host.transferLeader(r, to);
      }
      return;
    }
    if (this.changing.has(k)) return;
    const change = planConfigStep(ls.replicas, r.status);
    if (!change) return;
    this.changing.add(k);
    void this.host.proposeConfigChange(r, change)
      .then(() => this.host.events.emit({
        kind: 'ls-member-change', tenantId: r.tenantId, lsId: r.lsId, change: CHANGE_TEXT[change.type], serverId: change.server, atUs: this.host.clock.nowUs(),
      }))
      .catch((e) => this.host.log('warn', `LS ${k} ${CHANGE_TEXT[change.type]} ${change.server}: ${(e as Error).message}`))
      .finally(() => this.changing.delete(k));
  }
}
