/**
 * `PalfReplica`: one replica of a log stream's replicated log, as a pure state machine.
 *
 * `propose`, `step` and `tick` change memory only; `ready()` hands the host what to persist, send
 * and apply, and the host calls `advance(ready)` once it has persisted (etcd raft's `RawNode`,
 * toydb's `raft::Node`). No timers, promises, files or ports in here.
 *
 * The role is a discriminated union: FOLLOWER and CANDIDATE are handled here, LEADER by
 * `PalfLeader` (leader.ts: replication, commit, heartbeats, lease). Shared state lives in
 * `PalfCore` (core.ts), the membership in `PalfConfigState` (config_state.ts). Raft/Multi-Paxos
 * throughout: proposal ids (terms) in every message, the (prevLsn, prevProposalId) consistency
 * check, followers truncating a conflicting suffix, majority commit over *persisted* copies.
 *
 * Safety rules kept from Raft:
 * - a replica never accepts a message of an older proposal id, and adopts (and persists) a newer;
 * - a restarted fixed leader takes a proposal id above the one it persisted;
 * - the leader commits an entry of an earlier proposal id only by committing one of its own;
 * - committed entries are never truncated (asserted).
 *
 * Membership (issue #4; OceanBase F replicas are members, R/C replicas learners):
 * - learners receive appends and heartbeats, persist and apply, but never campaign and never count
 *   for commit, election or the lease; a replica not in its member list behaves the same (it still
 *   answers vote requests, as its configuration may be stale, but only members' grants count);
 * - `proposeConfigChange` appends a config entry (one server at a time, one uncommitted change at a
 *   time, only once the leader committed an entry of its own proposal id — Raft's fix for
 *   single-server changes); it takes effect on every replica when appended, reverts if truncated;
 * - a leader that removed (or demoted) itself keeps replicating until the entry commits, then hands
 *   over to a caught-up member (`timeoutNow`, reason 'leader stepped down') and steps down;
 * - heartbeats carry the leader's configuration: a joining replica (members = []) adopts it.
 *
 * Election (only when `PalfConfig.election` is set; see `election.ts` for timeouts and the lease):
 * - every replica starts as a FOLLOWER with no leader; a member that hears no leader for its
 *   randomised, priority-ranked timeout (the shorter `initialTimeoutTicks` until it first hears of
 *   one or campaigns) becomes a CANDIDATE with proposal id + 1, votes for itself and asks the other members; a
 *   voter grants at most one vote per proposal id (persisted before the grant leaves) and only to an
 *   up-to-date log;
 * - a voter that heard from a leader (or granted a vote) within `leaseTicks` ignores vote requests,
 *   unless the leader handed over (`transfer`); a restarted voter counts its start as such (it may
 *   have acknowledged a lease just before going down), a fresh one (no meta) does not;
 * - the winner's lease runs from its campaign tick; it appends an empty no-op entry first
 *   (`status().election.takeoverDone` once committed); it steps down at the tick its lease lapses;
 * - a leader hands over (`timeoutNow`) to a caught-up, live member of higher priority, or to the
 *   target of `transferLeader` (ALTER SYSTEM SWITCH REPLICA LEADER) once it caught up.
 */
import { assert } from '../common/assert';
import type { Lsn, Scn, ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import { PALF_APPLY_BATCH_ENTRIES_MAX, PALF_ENTRY_BYTES_MAX, PALF_MEMORY_ENTRIES_MAX, PALF_SLIDING_WINDOW_ENTRIES_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { ElectionReason } from '../env';
import { PalfConfigState } from './config_state';
import { PalfCore } from './core';
import { answerVoteRequest, checkElectionConfig, initialTimeoutTicks, randomizedTimeoutTicks, voteAnswer } from './election';
import { PalfLeader } from './leader';
import { PalfLog, type PalfLogReader } from './palf_log';
import { followerAppend, followerHeartbeat, rejection } from './follower';
import { initialConfig, recoverConfigFromLog } from './restore';
import type {
  LogEntry, PalfConfig, PalfConfigChange, PalfElectionConfig, PalfElectionStatus, PalfMessage, PalfReady,
  PalfRestoreState, PalfStatus, PalfVoteRequest,
} from './types';

interface FollowerState {
  kind: 'FOLLOWER';
  leader: ServerId | null;
  ticksSinceLeader: number;
}

/** Election only: campaigning for `proposalId`. */
interface CandidateState {
  kind: 'CANDIDATE';
  elapsedTicks: number;
  /** Local tick when the campaign began; grants echo it and the first lease runs from it. */
  campaignTick: number;
  granted: Set<ServerId>;
  /** Why this campaign started (reported once it wins). */
  reason: ElectionReason;
}

type RoleState = PalfLeader | FollowerState | CandidateState;

export class PalfReplica {
  private readonly config: PalfConfig;
  private readonly memoryEntriesMax: number;
  private readonly core: PalfCore;
  private readonly log: PalfLog;
  private role: RoleState;
  /** Last committed LSN handed to the host to apply. */
  private appliedLsn: number;
  private readyInFlight = false;
  /** Ticks since this replica last heard from a leader or granted a vote (∞: never, fresh). */
  private leaseGuardTicks: number;
  /** The current randomised election timeout in ticks. */
  private timeoutTicks = 0;
  /** Heard of a leader (or led) since it started. */
  private heardLeader = false;
  /**
   * Campaigned since it started. With `heardLeader`, ends the fast first timeout: a retry must come
   * no sooner than `leaseTicks` (voters that granted the last round ignore requests that long).
   */
  private campaigned = false;
  /** Started from a persisted meta (restart), not fresh. */
  private readonly restarted: boolean;
  /** The config entries of the clog tail are scanned once the log reader is set (restart). */
  private configScanPending: boolean;
  private lastElectionReason: ElectionReason | null = null;
  private electedProposalId: number | null = null;

  /**
   * A replica from its configuration, fresh or restarted from what its clog held.
   * `config.members` may be [] for a replica joining an existing group (it adopts the leader's
   * configuration). A restarted fixed leader moves to a proposal id above the persisted one.
   */
  constructor(config: PalfConfig, restored?: PalfRestoreState) {
    const learners = config.learners ?? [];
    assert(config.members.length === 0 || config.members.includes(config.self) || learners.includes(config.self),
      'a PALF replica is in its own member or learner list, or joins with none');
    assert(config.leader === null || config.members.includes(config.leader), 'the leader is a member');
    assert(new Set(config.members).size === config.members.length, 'members are distinct');
    assert(learners.every((l) => !config.members.includes(l)), 'a learner is not a member');
    this.config = config;
    this.memoryEntriesMax = config.memoryEntriesMax ?? PALF_MEMORY_ENTRIES_MAX;
    assert(this.memoryEntriesMax >= 1, 'memory window holds at least one entry');
    const meta = restored?.meta;
    this.restarted = meta !== undefined;
    const proposalId = Math.max(config.proposalId, meta?.proposalId ?? 0);
    this.log = new PalfLog(restored?.lastLsn ?? toLsn(0), restored?.lastProposalId ?? 0);
    const start = initialConfig(config, meta);
    const cfg = new PalfConfigState(start.entry, start.lsn, this.log.lastLsn, start.previous);
    // What the host applied (its checkpoint) was committed, even if the clog's stamp lags.
    const committedLsn = Math.max(restored?.committedLsn ?? 0, restored?.appliedLsn ?? 0);
    this.appliedLsn = restored?.appliedLsn ?? committedLsn;
    assert(committedLsn <= this.log.lastLsn, 'restored commit and apply points within the log');
    assert(this.log.lastProposalId <= proposalId, 'log entries are not from the future');
    const election = config.election ?? null;
    const metaDirty = meta === undefined || start.changed || meta.proposalId !== proposalId;
    this.core = new PalfCore(config.self, this.log, cfg, election, proposalId, committedLsn, metaDirty);
    this.configScanPending = restored !== undefined && this.log.lastLsn > 0;
    this.leaseGuardTicks = this.restarted ? 0 : Number.POSITIVE_INFINITY;
    if (election !== null) {
      checkElectionConfig(election);
      this.core.votedFor = meta !== undefined && meta.proposalId === proposalId ? meta.votedFor ?? null : null;
      this.role = { kind: 'FOLLOWER', leader: null, ticksSinceLeader: 0 };
      this.timeoutTicks = this.nextTimeoutTicks(election, true);
      return;
    }
    this.role = { kind: 'FOLLOWER', leader: config.leader, ticksSinceLeader: 0 };
    if (config.leader === config.self) {
      if (meta !== undefined) this.core.proposalId = Math.max(config.proposalId, meta.proposalId + 1);
      this.becomeLeader();
    }
  }

  /**
   * The host's way to read persisted entries back (followers catching up, restart replay). On a
   * restarted replica it also recovers config entries of the clog tail the meta missed.
   */
  setLogReader(reader: PalfLogReader): void {
    this.log.setReader(reader);
    if (!this.configScanPending) return;
    this.configScanPending = false;
    if (recoverConfigFromLog(this.core.cfg, this.log, this.core.committedLsn)) {
      this.core.metaDirty = true;
      if (this.role.kind === 'LEADER') this.role.syncTargets();
    }
  }

  /**
   * Appends `payload` to the log as leader and returns its LSN. It is shipped at the next
   * `ready()` (group commit) and committed once a majority of members persisted it.
   * Errors: `Errors.notMaster` on a follower or candidate (with election: also once the lease
   * lapsed, as the leader then steps down at its tick); `Errors.eagain` when PALF_SLIDING_WINDOW_ENTRIES_MAX
   * entries already wait for a majority; `Errors.invalidArgument` above PALF_ENTRY_BYTES_MAX bytes.
   */
  propose(payload: Uint8Array, scn?: Scn): Lsn {
    const role = this.leaderOrThrow();
    if (payload.length > PALF_ENTRY_BYTES_MAX) {
      throw Errors.invalidArgument(`log entry of ${payload.length} bytes exceeds ${PALF_ENTRY_BYTES_MAX}`);
    }
    return this.appendAsLeader(role, { payload, scn: scn ?? null });
  }

  /**
   * Proposes a membership change as leader (OceanBase's add/remove member or learner, switch
   * learner ↔ acceptor) and returns the LSN of its config entry. The new configuration (version + 1)
   * takes effect at once on the leader and on each replica as it appends the entry; the change is
   * done when that LSN is committed (`status().configChangePending` false again). Prefer
   * `addLearner` then `promoteLearner` (as OceanBase does) over `addMember`: a member added with an
   * empty log counts toward the majority (and the lease) before it has caught up.
   * Errors: `Errors.notMaster` on a non-leader; `Errors.eagain` while a previous config entry is
   * uncommitted or the leader has not committed an entry of its own proposal id yet;
   * `Errors.invalidArgument` for a change that does not apply (see `PalfConfigState.next`), or a
   * fixed leader (no election) leaving the member list.
   */
  proposeConfigChange(change: PalfConfigChange): Lsn {
    const role = this.leaderOrThrow();
    const { cfg, committedLsn } = this.core;
    if (!role.takeoverDone() || cfg.pending(committedLsn)) throw Errors.eagain();
    const next = cfg.next(change);
    if (this.core.election === null && !next.members.includes(this.config.self)) {
      throw Errors.invalidArgument('a leader fixed by configuration cannot leave the member list');
    }
    const at = this.appendAsLeader(role, { payload: new Uint8Array(0), scn: null, config: next });
    role.syncTargets();
    return at;
  }

  /**
   * Hands leadership to member `target` (ALTER SYSTEM SWITCH REPLICA LEADER): at once when it has
   * persisted the whole log, else as soon as it has — retried for up to electionTimeoutTicks ticks.
   * The target campaigns with `transfer` set (voters skip their lease guard) and reports the reason
   * 'switch leader by command'. The host's priority function should rank the target highest, or
   * the priority hand-over may move leadership back.
   * Errors: `Errors.notMaster` on a non-leader; `Errors.invalidArgument` when `target` is not a
   * member; `Errors.notSupported` without election.
   */
  transferLeader(target: ServerId): void {
    const role = this.leaderOrThrow();
    const election = this.core.election;
    if (!this.core.cfg.isMember(target)) throw Errors.invalidArgument(`server ${target} is not a member of the log stream`);
    if (election === null) throw Errors.notSupported('switching the leader of a log stream without election');
    if (target === this.config.self) {
      role.transfer = null;
      return;
    }
    role.transfer = { server: target, untilTick: this.core.nowTick + election.electionTimeoutTicks };
    this.tryTransfer(role);
  }

  /** Handles a message from replica `from` of this log stream. */
  step(from: ServerId, message: PalfMessage): void {
    if (from === this.core.self) return;
    // Votes are answered whatever the local configuration says (Raft §4.1: it may be stale — a
    // promoted learner that has not received its promotion must still vote); a candidate counts
    // only the grants of its own members, and a leader's lease guard keeps removed replicas from
    // disturbing the group.
    if (message.type === 'voteRequest' && message.proposalId > this.core.proposalId && this.honoursLease(message)) {
      return; // a leader's lease still binds this voter: not even the proposal id is adopted
    }
    if (message.proposalId > this.core.proposalId) {
      const fromLeader = message.type === 'append' || message.type === 'heartbeat';
      // Only a leader restarts the election timer: a stale candidate bumping the proposal id must
      // not keep the replica that could win from ever campaigning.
      const role = this.role;
      const keptTicks = fromLeader ? 0 : role.kind === 'FOLLOWER' ? role.ticksSinceLeader
        : role.kind === 'CANDIDATE' ? role.elapsedTicks : 0;
      this.becomeFollower(message.proposalId, fromLeader ? from : null, keptTicks);
    } else if (message.proposalId < this.core.proposalId) {
      // A stale leader learns of the newer proposal id from the answer; stale answers are dropped.
      if (message.type === 'append' || message.type === 'heartbeat') this.core.send(from, rejection(this.core, toLsn(0)));
      if (message.type === 'voteRequest') this.core.send(from, voteAnswer(this.core, false, message.campaignTick));
      return;
    }
    const role = this.role;
    if (role.kind === 'LEADER') {
      role.step(from, message);
      if (this.role === role) this.afterLeaderProgress(role);
    } else if (role.kind === 'CANDIDATE') {
      this.stepCandidate(role, from, message);
    } else {
      this.stepFollower(role, from, message);
    }
  }

  /** Advances logical time by one PALF_TICK_MS: timeouts, heartbeats and retransmissions. */
  tick(): void {
    this.core.nowTick++;
    this.leaseGuardTicks++;
    const role = this.role;
    const election = this.core.election;
    if (role.kind === 'FOLLOWER') {
      role.ticksSinceLeader++;
      if (election !== null && this.core.cfg.isMember(this.config.self) && role.ticksSinceLeader >= this.timeoutTicks) {
        this.campaign(this.heardLeader ? 'leader lease expired' : 'no leader at start', false);
      }
      return;
    }
    if (role.kind === 'CANDIDATE') {
      role.elapsedTicks++;
      if (role.elapsedTicks < this.timeoutTicks) return;
      if (this.core.cfg.isMember(this.config.self)) this.campaign(role.reason, false);
      else this.becomeFollower(this.core.proposalId, null);
      return;
    }
    if (election !== null && !this.tickLeaderElection(role)) return;
    role.tickReplication();
  }

  /** True when `ready()` has something for the host. */
  hasReady(): boolean {
    const role = this.role;
    return this.core.messages.length > 0 || this.log.hasUnpersisted() || this.core.metaDirty ||
      this.appliedLsn < Math.min(this.core.committedLsn, this.log.stableLsn) ||
      (role.kind === 'LEADER' && (role.needBroadcast || role.commitAdvanced));
  }

  /**
   * Takes the pending batch (see `PalfReady` for what the host must do with it). Only one batch
   * may be outstanding: call `advance` before the next `ready`.
   */
  ready(): PalfReady {
    assert(!this.readyInFlight, 'PalfReplica.ready() before advance() of the previous batch');
    const core = this.core;
    if (this.role.kind === 'LEADER') this.role.flush();
    const { truncateFrom, persist } = this.log.takeUnpersisted();
    const applyTo = Math.min(core.committedLsn, this.log.stableLsn, this.appliedLsn + PALF_APPLY_BATCH_ENTRIES_MAX);
    const committed = applyTo > this.appliedLsn ? this.log.slice(this.appliedLsn + 1, applyTo - this.appliedLsn) : [];
    assert(committed.length === Math.max(0, applyTo - this.appliedLsn), 'committed entries are contiguous');
    this.appliedLsn = Math.max(this.appliedLsn, applyTo);
    const ready: PalfReady = {
      persist, truncateFrom, messages: core.messages, committed,
      persistMeta: core.metaDirty ? core.meta() : null, committedLsn: toLsn(core.committedLsn),
    };
    core.messages = [];
    core.metaDirty = false;
    this.readyInFlight = true;
    return ready;
  }

  /** The host persisted `ready` (truncate, append, meta, flush). */
  advance(ready: PalfReady): void {
    assert(this.readyInFlight, 'PalfReplica.advance() without a ready() batch');
    this.readyInFlight = false;
    if (ready.persist.length > 0) this.log.markPersisted(ready.persist[ready.persist.length - 1].lsn);
    const role = this.role;
    if (role.kind === 'LEADER') {
      role.maybeCommit();
      this.afterLeaderProgress(role);
    }
    this.log.evict(this.memoryEntriesMax, this.appliedLsn);
  }

  /**
   * True while this replica is the leader (cheaper than `status()` on hot paths). With election,
   * a leader whose lease lapsed has already stepped down at its tick.
   */
  isLeader(): boolean {
    return this.role.kind === 'LEADER';
  }

  /** PALF state for snapshots and GV$OB_LOG_STAT. */
  status(): PalfStatus {
    const role = this.role;
    const { cfg, committedLsn } = this.core;
    return {
      tenantId: this.config.tenantId,
      lsId: this.config.lsId,
      role: role.kind === 'LEADER' ? 'LEADER' : 'FOLLOWER',
      proposalId: this.core.proposalId,
      leader: role.kind === 'LEADER' ? this.config.self : role.kind === 'FOLLOWER' ? role.leader : null,
      memberList: [...cfg.members],
      learnerList: [...cfg.learners],
      configVersion: cfg.version,
      configChangePending: cfg.pending(committedLsn),
      lastLsn: this.log.lastLsn,
      lastProposalId: this.log.lastProposalId,
      persistedLsn: this.log.stableLsn,
      committedLsn: toLsn(committedLsn),
      appliedLsn: toLsn(this.appliedLsn),
      maxScn: this.core.maxScn,
      followers: role.kind === 'LEADER' ? role.followers() : [],
      ...(this.core.election !== null ? { election: this.electionStatus() } : {}),
    };
  }

  private electionStatus(): PalfElectionStatus {
    const role = this.role;
    return {
      state: role.kind,
      nowTick: this.core.nowTick,
      leaseExpiryTick: role.kind === 'LEADER' ? role.leaseExpiry() : null,
      votedFor: this.core.votedFor,
      takeoverDone: role.kind === 'LEADER' && role.takeoverDone(),
      lastElectionReason: this.lastElectionReason,
      electedProposalId: this.electedProposalId,
    };
  }

  // --- roles -------------------------------------------------------------------------------

  private leaderOrThrow(): PalfLeader {
    const role = this.role;
    if (role.kind !== 'LEADER') throw Errors.notMaster();
    return role;
  }

  /** Appends one entry of this proposal id on the leader, shipped at the next `ready()`. */
  private appendAsLeader(role: PalfLeader, body: Pick<LogEntry, 'payload' | 'scn' | 'config'>): Lsn {
    if (this.log.lastLsn - this.core.committedLsn >= PALF_SLIDING_WINDOW_ENTRIES_MAX) throw Errors.eagain();
    const entry: LogEntry = { lsn: toLsn(this.log.lastLsn + 1), proposalId: this.core.proposalId, ...body };
    if (entry.config === undefined) delete entry.config;
    this.core.appendEntries([entry]);
    role.needBroadcast = true;
    return entry.lsn;
  }

  /**
   * Takes the leader role. `won`: an elected leader's campaign — its voters' grants start the
   * lease, and it appends its no-op entry (empty payload) first.
   */
  private becomeLeader(won?: CandidateState): void {
    if (this.core.cfg.dropAdopted()) this.core.metaDirty = true;
    this.role = new PalfLeader(this.core, won);
    this.core.metaDirty = true;
    this.heardLeader = true;
    if (won !== undefined) {
      this.appendAsLeader(this.role, { payload: new Uint8Array(0), scn: null });
      this.lastElectionReason = won.reason;
      this.electedProposalId = this.core.proposalId;
    }
  }

  /** Follows `leader` (null: unknown) in `proposalId`; `ticksSinceLeader` carries a running timer. */
  private becomeFollower(proposalId: number, leader: ServerId | null, ticksSinceLeader = 0): void {
    const core = this.core;
    assert(proposalId >= core.proposalId, 'proposal ids only grow');
    if (proposalId > core.proposalId) core.votedFor = null;
    core.proposalId = proposalId;
    const wasFollower = this.role.kind === 'FOLLOWER';
    this.role = { kind: 'FOLLOWER', leader, ticksSinceLeader };
    core.metaDirty = true;
    if (leader !== null) this.heardLeader = true;
    if (core.election !== null) {
      if (!wasFollower || ticksSinceLeader === 0) this.timeoutTicks = this.nextTimeoutTicks(core.election, false);
      if (leader !== null) this.leaseGuardTicks = 0;
    }
  }

  /** The next election timeout: the fast first one until a leader is heard of or a campaign ran. */
  private nextTimeoutTicks(election: PalfElectionConfig, atStart: boolean): number {
    const members = this.core.cfg.members;
    const lostLeader = this.role.kind === 'FOLLOWER' ? this.role.leader : null;
    if (this.heardLeader || this.campaigned) return randomizedTimeoutTicks(election, this.config.self, members, undefined, lostLeader);
    return initialTimeoutTicks(election, this.config.self, members, atStart && this.restarted);
  }

  // --- election ----------------------------------------------------------------------------

  /** Becomes a candidate for proposal id + 1 and asks every other member for its vote. */
  private campaign(reason: ElectionReason, transfer: boolean): void {
    const core = this.core;
    const election = core.election;
    assert(election !== null, 'campaign without election');
    core.proposalId++;
    core.votedFor = this.config.self;
    this.campaigned = true;
    core.metaDirty = true;
    const role: CandidateState = {
      kind: 'CANDIDATE', elapsedTicks: 0, campaignTick: core.nowTick, granted: new Set([this.config.self]), reason,
    };
    this.role = role;
    this.timeoutTicks = this.nextTimeoutTicks(election, false);
    if (core.cfg.hasMajority(role.granted)) {
      this.becomeLeader(role);
      return;
    }
    const request: PalfVoteRequest = {
      type: 'voteRequest', proposalId: core.proposalId, lastLsn: this.log.lastLsn,
      lastProposalId: this.log.lastProposalId, campaignTick: core.nowTick, transfer,
    };
    for (const m of core.cfg.members) if (m !== this.config.self) core.send(m, request);
  }

  /** True while a leader's lease may still bind this replica (vote requests are then ignored). */
  private honoursLease(m: PalfVoteRequest): boolean {
    const election = this.core.election;
    if (election === null || m.transfer) return false;
    return this.role.kind === 'LEADER' || this.leaseGuardTicks < election.leaseTicks;
  }

  private stepCandidate(role: CandidateState, from: ServerId, message: PalfMessage): void {
    switch (message.type) {
      case 'append':
      case 'heartbeat':
        // Another replica won this proposal id.
        this.becomeFollower(this.core.proposalId, from);
        if (this.role.kind === 'FOLLOWER') this.stepFollower(this.role, from, message);
        return;
      case 'voteRequest':
        this.core.send(from, voteAnswer(this.core, false, message.campaignTick)); // voted for itself
        return;
      case 'voteResponse':
        if (!message.granted || message.campaignTick !== role.campaignTick) return;
        role.granted.add(from);
        if (this.core.cfg.hasMajority(role.granted)) this.becomeLeader(role);
        return;
      case 'appendResponse':
      case 'heartbeatResponse':
      case 'timeoutNow':
        return;
    }
  }

  /**
   * The leader's election duties at a tick. Returns false when it stepped down: its lease
   * lapsed, or it handed leadership over (commanded transfer, or a caught-up, live member of
   * higher priority).
   */
  private tickLeaderElection(role: PalfLeader): boolean {
    const election = this.core.election;
    assert(election !== null, 'leader election duties without election');
    if (this.core.nowTick >= role.leaseExpiry()) {
      this.becomeFollower(this.core.proposalId, null);
      return false;
    }
    if (role.transfer !== null) {
      if (this.core.nowTick >= role.transfer.untilTick) role.transfer = null;
      else return !this.tryTransfer(role);
    }
    if (!role.takeoverDone()) return true;
    const target = role.priorityTarget(election);
    if (target === null) return true;
    this.handOver(target, 'priority handover');
    return false;
  }

  /** A commanded transfer whose target has caught up goes now. Returns true when handed over. */
  private tryTransfer(role: PalfLeader): boolean {
    const t = role.transfer;
    if (t === null || !role.caughtUp(t.server)) return false;
    this.handOver(t.server, 'switch leader by command');
    return true;
  }

  /** Sends `target` a `timeoutNow` and steps down (the leader stops serving at once). */
  private handOver(target: ServerId, reason: ElectionReason): void {
    this.core.send(target, { type: 'timeoutNow', proposalId: this.core.proposalId, reason });
    this.becomeFollower(this.core.proposalId, null);
  }

  /**
   * After the leader's commit point or a follower's progress moved: a leader whose removal
   * committed hands over to the best caught-up member and steps down; a pending transfer whose
   * target caught up goes.
   */
  private afterLeaderProgress(role: PalfLeader): void {
    const { cfg, committedLsn, election } = this.core;
    if (!cfg.isMember(this.config.self) && !cfg.pending(committedLsn)) {
      const target = role.successor(election);
      if (target !== null && election !== null) this.handOver(target, 'leader stepped down');
      else this.becomeFollower(this.core.proposalId, null);
      return;
    }
    if (role.transfer !== null) this.tryTransfer(role);
  }

  // --- follower ----------------------------------------------------------------------------

  private stepFollower(role: FollowerState, from: ServerId, message: PalfMessage): void {
    switch (message.type) {
      case 'append':
        this.heardFrom(role, from);
        followerAppend(this.core, from, message);
        return;
      case 'heartbeat':
        this.heardFrom(role, from);
        followerHeartbeat(this.core, from, message);
        return;
      case 'voteRequest':
        if (answerVoteRequest(this.core, from, message)) {
          this.leaseGuardTicks = 0;
          role.ticksSinceLeader = 0;
        }
        return;
      case 'timeoutNow':
        // The leader handed its role over: campaign at once, voters skip their lease guard.
        if (this.core.election !== null && role.leader === from && this.core.cfg.isMember(this.config.self)) {
          this.campaign(message.reason ?? 'leader transferred', true);
        }
        return;
      case 'appendResponse':
      case 'heartbeatResponse':
      case 'voteResponse':
        return; // answers to a leadership or campaign this replica no longer holds
    }
  }

  private heardFrom(role: FollowerState, leader: ServerId): void {
    const newLeader = role.leader !== leader;
    role.leader = leader;
    role.ticksSinceLeader = 0;
    this.leaseGuardTicks = 0;
    // The timeout ranks this replica without the leader it follows: recompute it when that changes.
    if ((!this.heardLeader || newLeader) && this.core.election !== null) {
      this.heardLeader = true;
      this.timeoutTicks = this.nextTimeoutTicks(this.core.election, false);
    }
  }
}
