/**
 * `PalfReplica`: one replica of a log stream's replicated log, as a pure state machine.
 *
 * `propose`, `step` and `tick` change memory only; `ready()` hands the host what to persist, send
 * and apply, and the host calls `advance(ready)` once it has persisted (etcd raft's `RawNode`,
 * toydb's `raft::Node`). No timers, promises, files or ports in here.
 *
 * The role is a discriminated union with one step function per role. Until election exists
 * (issue #4) the leader is fixed by configuration, but everything else is Raft/Multi-Paxos:
 * proposal ids (terms) in every message, the (prevLsn, prevProposalId) consistency check,
 * followers truncating a conflicting suffix, the leader tracking each follower's match/next LSN,
 * probing and retransmitting, and majority commit over *persisted* copies — the leader counts
 * itself only once its own `advance` reported the entry on disk.
 *
 * Safety rules kept from Raft:
 * - a replica never accepts a message of an older proposal id, and adopts (and persists) a newer;
 * - a restarted leader takes a proposal id above the one it persisted, so two different entries
 *   never share (lsn, proposalId);
 * - the leader commits an entry of an earlier proposal id only by committing one of its own
 *   (Raft §5.4.2) — the transaction layer's `leader_start` record is that first entry;
 * - committed entries are never truncated (asserted);
 * - with a fixed leader there is no election restriction (a voter refusing a candidate with a
 *   shorter log), so the leader commits only what is on its own disk: a restarted leader holds
 *   every committed entry even if its host shipped appends before flushing (as PALF does).
 *
 * Election (only when `PalfConfig.election` is set; see `election.ts` for timeouts and the lease):
 * - every replica starts as a FOLLOWER with no leader; one that hears no leader for its randomised,
 *   priority-ranked timeout becomes a CANDIDATE with proposal id + 1, votes for itself and sends
 *   `voteRequest`s; a voter grants at most one vote per proposal id (persisted in `PalfMeta.votedFor`
 *   before the grant leaves) and only to a candidate whose log is at least as up to date;
 * - a voter that heard from a leader (or granted a vote) within `leaseTicks` ignores vote requests
 *   entirely, and does not adopt their proposal id — unless the leader handed over (`transfer`);
 * - a candidate with a majority of grants becomes LEADER, its lease running from its campaign
 *   tick, and at once appends an empty no-op entry of its proposal id (LSN `termStartLsn`). That
 *   entry precedes every proposal of the term and commits the earlier proposal ids' tail (Raft
 *   §5.4.2); the host must skip empty payloads when applying. `status().election.takeoverDone`
 *   says when it is committed (strong reads may then be served);
 * - the leader renews its lease with heartbeats (`leaderTick` echoed); at the tick where no
 *   majority acknowledged it within `leaseTicks` it steps down to FOLLOWER and `propose` throws
 *   OB_NOT_MASTER;
 * - a leader that sees a caught-up, live follower of higher priority sends it `timeoutNow` and
 *   steps down (OceanBase hands leadership to the primary zone on its own).
 */
import { assert } from '../common/assert';
import type { Lsn, Scn, ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import {
  PALF_APPEND_BATCH_BYTES_MAX, PALF_APPEND_BATCH_ENTRIES_MAX, PALF_APPLY_BATCH_ENTRIES_MAX, PALF_ENTRY_BYTES_MAX,
  PALF_HEARTBEAT_TICKS, PALF_MEMORY_ENTRIES_MAX, PALF_RETRANSMIT_TICKS, PALF_SLIDING_WINDOW_ENTRIES_MAX,
} from '../common/limits';
import { Errors } from '../common/ob_error';
import { candidateLogUpToDate, checkElectionConfig, leaseExpiryTick, randomizedTimeoutTicks } from './election';
import { PalfLog, type PalfLogReader } from './palf_log';
import { Progress } from './progress';
import type {
  LogEntry, PalfAppend, PalfAppendResponse, PalfConfig, PalfElectionConfig, PalfElectionStatus, PalfHeartbeat,
  PalfMessage, PalfMeta, PalfReady, PalfRestoreState, PalfStatus, PalfVoteRequest, PalfVoteResponse,
} from './types';

interface LeaderState {
  kind: 'LEADER';
  progress: Map<ServerId, Progress>;
  heartbeatElapsedTicks: number;
  /** LSN of the first entry of this proposal id: entries before it commit only through it. */
  termStartLsn: number;
  /** Proposals or a new role wait to be shipped to the followers at the next `ready()`. */
  needBroadcast: boolean;
  /** The commit point moved: followers not told of it by an append get a heartbeat at `ready()`. */
  commitAdvanced: boolean;
}

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
}

type RoleState = LeaderState | FollowerState | CandidateState;

export class PalfReplica {
  private readonly config: PalfConfig;
  private readonly members: ServerId[];
  private readonly memoryEntriesMax: number;
  private configVersion: number;
  private proposalId: number;
  private role: RoleState;
  private readonly log: PalfLog;
  private committedLsn: number;
  /** Last committed LSN handed to the host to apply. */
  private appliedLsn: number;
  private maxScn: Scn | null = null;
  private messages: { to: ServerId; message: PalfMessage }[] = [];
  private metaDirty: boolean;
  private readyInFlight = false;
  /** Election settings; null: the leader is fixed by configuration. */
  private readonly election: PalfElectionConfig | null;
  /** Local logical time: ticks since this replica (re)started. */
  private nowTick = 0;
  /** The vote cast in `proposalId` (election only). */
  private votedFor: ServerId | null = null;
  /** Ticks since this replica last heard from a leader or granted a vote (start counts). */
  private leaseGuardTicks = 0;
  /** The current randomised election timeout in ticks. */
  private timeoutTicks = 0;

  /**
   * A replica from its configuration, fresh or restarted from what its clog held.
   * A restarted leader moves to a proposal id above the persisted one.
   */
  constructor(config: PalfConfig, restored?: PalfRestoreState) {
    assert(config.members.includes(config.self), 'a PALF replica is in its own member list');
    assert(config.leader === null || config.members.includes(config.leader), 'the leader is a member');
    assert(new Set(config.members).size === config.members.length, 'members are distinct');
    this.config = config;
    this.members = [...config.members];
    this.memoryEntriesMax = config.memoryEntriesMax ?? PALF_MEMORY_ENTRIES_MAX;
    assert(this.memoryEntriesMax >= 1, 'memory window holds at least one entry');
    const meta = restored?.meta;
    const sameMembers = meta !== undefined && meta.members.length === this.members.length &&
      meta.members.every((m) => this.members.includes(m));
    this.configVersion = meta === undefined ? 1 : meta.configVersion + (sameMembers ? 0 : 1);
    this.proposalId = Math.max(config.proposalId, meta?.proposalId ?? 0);
    this.log = new PalfLog(restored?.lastLsn ?? toLsn(0), restored?.lastProposalId ?? 0);
    // What the host applied (its checkpoint) was committed, even if the clog's stamp lags.
    this.committedLsn = Math.max(restored?.committedLsn ?? 0, restored?.appliedLsn ?? 0);
    this.appliedLsn = restored?.appliedLsn ?? this.committedLsn;
    assert(this.committedLsn <= this.log.lastLsn, 'restored commit and apply points within the log');
    assert(this.log.lastProposalId <= this.proposalId, 'log entries are not from the future');
    this.election = config.election ?? null;
    this.metaDirty = meta === undefined || !sameMembers || meta.proposalId !== this.proposalId;
    if (this.election !== null) {
      checkElectionConfig(this.election);
      this.votedFor = meta !== undefined && meta.proposalId === this.proposalId ? meta.votedFor ?? null : null;
      this.role = { kind: 'FOLLOWER', leader: null, ticksSinceLeader: 0 };
      this.timeoutTicks = randomizedTimeoutTicks(this.election, config.self, this.members);
      return;
    }
    this.role = { kind: 'FOLLOWER', leader: config.leader, ticksSinceLeader: 0 };
    if (config.leader === config.self) {
      if (meta !== undefined) this.proposalId = Math.max(config.proposalId, meta.proposalId + 1);
      this.becomeLeader();
    }
  }

  /** The host's way to read persisted entries back (followers catching up, restart replay). */
  setLogReader(reader: PalfLogReader): void {
    this.log.setReader(reader);
  }

  /**
   * Appends `payload` to the log as leader and returns its LSN. It is shipped at the next
   * `ready()` (group commit) and committed once a majority persisted it.
   * Errors: `Errors.notMaster` on a follower or candidate (with election: also once the lease
   * lapsed, as the leader then steps down at its tick); `Errors.eagain` when PALF_SLIDING_WINDOW_ENTRIES_MAX
   * entries already wait for a majority; `Errors.invalidArgument` above PALF_ENTRY_BYTES_MAX bytes.
   */
  propose(payload: Uint8Array, scn?: Scn): Lsn {
    const role = this.role;
    if (role.kind !== 'LEADER') throw Errors.notMaster();
    if (payload.length > PALF_ENTRY_BYTES_MAX) {
      throw Errors.invalidArgument(`log entry of ${payload.length} bytes exceeds ${PALF_ENTRY_BYTES_MAX}`);
    }
    if (this.log.lastLsn - this.committedLsn >= PALF_SLIDING_WINDOW_ENTRIES_MAX) throw Errors.eagain();
    const entry: LogEntry = { lsn: toLsn(this.log.lastLsn + 1), proposalId: this.proposalId, scn: scn ?? null, payload };
    this.log.append([entry]);
    this.noteScn(entry.scn);
    role.needBroadcast = true;
    return entry.lsn;
  }

  /** Handles a message from replica `from` of this log stream. */
  step(from: ServerId, message: PalfMessage): void {
    if (from === this.config.self || !this.members.includes(from)) return;
    if (message.type === 'voteRequest' && message.proposalId > this.proposalId && this.honoursLease(message)) {
      return; // a leader's lease still binds this voter: not even the proposal id is adopted
    }
    if (message.proposalId > this.proposalId) {
      const fromLeader = message.type === 'append' || message.type === 'heartbeat';
      // Only a leader restarts the election timer: a stale candidate bumping the proposal id must
      // not keep the replica that could win from ever campaigning.
      const role = this.role;
      const keptTicks = fromLeader ? 0 : role.kind === 'FOLLOWER' ? role.ticksSinceLeader
        : role.kind === 'CANDIDATE' ? role.elapsedTicks : 0;
      this.becomeFollower(message.proposalId, fromLeader ? from : null, keptTicks);
    } else if (message.proposalId < this.proposalId) {
      // A stale leader learns of the newer proposal id from the answer; stale answers are dropped.
      if (message.type === 'append' || message.type === 'heartbeat') this.send(from, this.rejection(toLsn(0)));
      if (message.type === 'voteRequest') this.send(from, this.voteAnswer(false, message.campaignTick));
      return;
    }
    const role = this.role;
    if (role.kind === 'LEADER') this.stepLeader(role, from, message);
    else if (role.kind === 'CANDIDATE') this.stepCandidate(role, from, message);
    else this.stepFollower(role, from, message);
  }

  /** Advances logical time by one PALF_TICK_MS: heartbeats and retransmissions on the leader. */
  tick(): void {
    this.nowTick++;
    this.leaseGuardTicks++;
    const role = this.role;
    if (role.kind === 'FOLLOWER') {
      role.ticksSinceLeader++;
      if (this.election !== null && role.ticksSinceLeader >= this.timeoutTicks) this.campaign(false);
      return;
    }
    if (role.kind === 'CANDIDATE') {
      role.elapsedTicks++;
      if (role.elapsedTicks >= this.timeoutTicks) this.campaign(false);
      return;
    }
    if (this.election !== null && !this.tickLeaderElection(role, this.election)) return;
    role.heartbeatElapsedTicks++;
    if (role.heartbeatElapsedTicks >= PALF_HEARTBEAT_TICKS) {
      role.heartbeatElapsedTicks = 0;
      for (const pr of role.progress.values()) this.sendHeartbeat(pr);
    }
    for (const pr of role.progress.values()) {
      pr.ticksSinceResponse++;
      if (pr.state === 'REPLICATE' && pr.hasInflight() && pr.ticksSinceResponse >= PALF_RETRANSMIT_TICKS) {
        pr.becomeProbe();
        pr.ticksSinceResponse = 0;
        this.sendAppend(pr, true);
      }
    }
  }

  /** True when `ready()` has something for the host. */
  hasReady(): boolean {
    const role = this.role;
    return this.messages.length > 0 || this.log.hasUnpersisted() || this.metaDirty ||
      this.appliedLsn < Math.min(this.committedLsn, this.log.stableLsn) ||
      (role.kind === 'LEADER' && (role.needBroadcast || role.commitAdvanced));
  }

  /**
   * Takes the pending batch (see `PalfReady` for what the host must do with it). Only one batch
   * may be outstanding: call `advance` before the next `ready`.
   */
  ready(): PalfReady {
    assert(!this.readyInFlight, 'PalfReplica.ready() before advance() of the previous batch');
    if (this.role.kind === 'LEADER') this.flushLeader(this.role);
    const { truncateFrom, persist } = this.log.takeUnpersisted();
    const applyTo = Math.min(this.committedLsn, this.log.stableLsn, this.appliedLsn + PALF_APPLY_BATCH_ENTRIES_MAX);
    const committed = applyTo > this.appliedLsn ? this.log.slice(this.appliedLsn + 1, applyTo - this.appliedLsn) : [];
    assert(committed.length === Math.max(0, applyTo - this.appliedLsn), 'committed entries are contiguous');
    this.appliedLsn = Math.max(this.appliedLsn, applyTo);
    const ready: PalfReady = {
      persist,
      truncateFrom,
      messages: this.messages,
      committed,
      persistMeta: this.metaDirty ? this.meta() : null,
      committedLsn: toLsn(this.committedLsn),
    };
    this.messages = [];
    this.metaDirty = false;
    this.readyInFlight = true;
    return ready;
  }

  /** The host persisted `ready` (truncate, append, meta, flush). */
  advance(ready: PalfReady): void {
    assert(this.readyInFlight, 'PalfReplica.advance() without a ready() batch');
    this.readyInFlight = false;
    if (ready.persist.length > 0) this.log.markPersisted(ready.persist[ready.persist.length - 1].lsn);
    if (this.role.kind === 'LEADER') this.maybeCommit(this.role);
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
    return {
      tenantId: this.config.tenantId,
      lsId: this.config.lsId,
      role: role.kind === 'LEADER' ? 'LEADER' : 'FOLLOWER',
      proposalId: this.proposalId,
      leader: role.kind === 'LEADER' ? this.config.self : role.kind === 'FOLLOWER' ? role.leader : null,
      memberList: [...this.members],
      configVersion: this.configVersion,
      lastLsn: this.log.lastLsn,
      lastProposalId: this.log.lastProposalId,
      persistedLsn: this.log.stableLsn,
      committedLsn: toLsn(this.committedLsn),
      appliedLsn: toLsn(this.appliedLsn),
      maxScn: this.maxScn,
      followers: role.kind === 'LEADER' ? [...role.progress.values()].map((p) => p.status()) : [],
      ...(this.election !== null ? { election: this.electionStatus() } : {}),
    };
  }

  private electionStatus(): PalfElectionStatus {
    const role = this.role;
    return {
      state: role.kind,
      nowTick: this.nowTick,
      leaseExpiryTick: role.kind === 'LEADER' ? this.leaseExpiry(role) : null,
      votedFor: this.votedFor,
      takeoverDone: role.kind === 'LEADER' && this.committedLsn >= role.termStartLsn,
    };
  }

  // --- roles -------------------------------------------------------------------------------

  /**
   * Takes the leader role. `won`: an elected leader's campaign — its voters' grants start the
   * lease, and it appends its no-op entry (empty payload) first.
   */
  private becomeLeader(won?: CandidateState): void {
    const progress = new Map<ServerId, Progress>();
    for (const m of this.members) {
      if (m === this.config.self) continue;
      const pr = new Progress(m, this.log.lastLsn + 1);
      if (won?.granted.has(m)) pr.leaseAckTick = won.campaignTick;
      progress.set(m, pr);
    }
    const role: LeaderState = {
      kind: 'LEADER', progress, heartbeatElapsedTicks: 0, termStartLsn: this.log.lastLsn + 1,
      needBroadcast: true, commitAdvanced: false,
    };
    this.role = role;
    this.metaDirty = true;
    if (won !== undefined) {
      const noop: LogEntry = { lsn: toLsn(this.log.lastLsn + 1), proposalId: this.proposalId, scn: null, payload: new Uint8Array(0) };
      this.log.append([noop]);
    }
  }

  /** Follows `leader` (null: unknown) in `proposalId`; `ticksSinceLeader` carries a running timer. */
  private becomeFollower(proposalId: number, leader: ServerId | null, ticksSinceLeader = 0): void {
    assert(proposalId >= this.proposalId, 'proposal ids only grow');
    if (proposalId > this.proposalId) this.votedFor = null;
    this.proposalId = proposalId;
    const wasFollower = this.role.kind === 'FOLLOWER';
    this.role = { kind: 'FOLLOWER', leader, ticksSinceLeader };
    this.metaDirty = true;
    if (this.election !== null) {
      if (!wasFollower || ticksSinceLeader === 0) {
        this.timeoutTicks = randomizedTimeoutTicks(this.election, this.config.self, this.members);
      }
      if (leader !== null) this.leaseGuardTicks = 0;
    }
  }

  // --- election ----------------------------------------------------------------------------

  /** Becomes a candidate for proposal id + 1 and asks every other member for its vote. */
  private campaign(transfer: boolean): void {
    const election = this.election;
    assert(election !== null, 'campaign without election');
    this.proposalId++;
    this.votedFor = this.config.self;
    this.metaDirty = true;
    const role: CandidateState = {
      kind: 'CANDIDATE', elapsedTicks: 0, campaignTick: this.nowTick, granted: new Set([this.config.self]),
    };
    this.role = role;
    this.timeoutTicks = randomizedTimeoutTicks(election, this.config.self, this.members);
    if (this.hasMajority(role.granted)) {
      this.becomeLeader(role);
      return;
    }
    const request: PalfVoteRequest = {
      type: 'voteRequest', proposalId: this.proposalId, lastLsn: this.log.lastLsn,
      lastProposalId: this.log.lastProposalId, campaignTick: this.nowTick, transfer,
    };
    for (const m of this.members) if (m !== this.config.self) this.send(m, request);
  }

  /** True while a leader's lease may still bind this replica (vote requests are then ignored). */
  private honoursLease(m: PalfVoteRequest): boolean {
    if (this.election === null || m.transfer) return false;
    return this.role.kind === 'LEADER' || this.leaseGuardTicks < this.election.leaseTicks;
  }

  /** A vote request of this proposal id: one vote per proposal id, to an up-to-date log only. */
  private onVoteRequest(from: ServerId, m: PalfVoteRequest): void {
    const grant = (this.votedFor === null || this.votedFor === from) &&
      candidateLogUpToDate(m.lastProposalId, m.lastLsn, this.log.lastProposalId, this.log.lastLsn);
    if (grant) {
      if (this.votedFor === null) this.metaDirty = true; // the vote is durable before the grant leaves
      this.votedFor = from;
      this.leaseGuardTicks = 0;
      if (this.role.kind === 'FOLLOWER') this.role.ticksSinceLeader = 0;
    }
    this.send(from, this.voteAnswer(grant, m.campaignTick));
  }

  private voteAnswer(granted: boolean, campaignTick: number): PalfVoteResponse {
    return { type: 'voteResponse', proposalId: this.proposalId, granted, campaignTick };
  }

  private stepCandidate(role: CandidateState, from: ServerId, message: PalfMessage): void {
    switch (message.type) {
      case 'append':
      case 'heartbeat':
        // Another replica won this proposal id.
        this.becomeFollower(this.proposalId, from);
        if (this.role.kind === 'FOLLOWER') this.stepFollower(this.role, from, message);
        return;
      case 'voteRequest':
        this.send(from, this.voteAnswer(false, message.campaignTick)); // voted for itself
        return;
      case 'voteResponse':
        if (!message.granted || message.campaignTick !== role.campaignTick) return;
        role.granted.add(from);
        if (this.hasMajority(role.granted)) this.becomeLeader(role);
        return;
      case 'appendResponse':
      case 'heartbeatResponse':
      case 'timeoutNow':
        return;
    }
  }

  /**
   * The leader's election duties at a tick. Returns false when it stepped down: its lease
   * lapsed, or it handed leadership to a caught-up follower of higher priority.
   */
  private tickLeaderElection(role: LeaderState, election: PalfElectionConfig): boolean {
    if (this.nowTick >= this.leaseExpiry(role)) {
      this.becomeFollower(this.proposalId, null);
      return false;
    }
    if (this.committedLsn < role.termStartLsn) return true;
    let target: Progress | null = null;
    let best = election.priority(this.config.self);
    for (const pr of role.progress.values()) {
      const p = election.priority(pr.server);
      const live = pr.leaseAckTick >= this.nowTick - 2 * PALF_HEARTBEAT_TICKS;
      if (p > best && live && pr.matchLsn === this.log.lastLsn) {
        best = p;
        target = pr;
      }
    }
    if (target === null) return true;
    this.send(target.server, { type: 'timeoutNow', proposalId: this.proposalId });
    this.becomeFollower(this.proposalId, null);
    return false;
  }

  private leaseExpiry(role: LeaderState): number {
    assert(this.election !== null, 'lease without election');
    const acks: number[] = [];
    for (const pr of role.progress.values()) acks.push(pr.leaseAckTick);
    return leaseExpiryTick(this.nowTick, acks, this.election.leaseTicks);
  }

  private hasMajority(votes: Set<ServerId>): boolean {
    return votes.size > this.members.length / 2;
  }

  private stepLeader(role: LeaderState, from: ServerId, message: PalfMessage): void {
    const pr = role.progress.get(from);
    assert(pr !== undefined, `leader has no progress for member ${from}`);
    switch (message.type) {
      case 'appendResponse':
        this.onAppendResponse(role, pr, message);
        return;
      case 'heartbeatResponse':
        if (message.leaderTick !== undefined) pr.leaseAckTick = Math.max(pr.leaseAckTick, message.leaderTick);
        // The follower is alive: a paused probe (lost, or sent while it was down) goes again.
        // A replicating follower's lost batches are resent by the retransmit timer in tick().
        if (pr.state === 'PROBE') {
          pr.probeSent = false;
          if (pr.matchLsn < this.log.lastLsn) this.sendAppend(pr, true);
        }
        return;
      case 'voteRequest':
        this.send(from, this.voteAnswer(false, message.campaignTick)); // it voted for itself
        return;
      case 'voteResponse':
        return; // late grants of the campaign it already won
      case 'append':
      case 'heartbeat':
      case 'timeoutNow':
        assert(false, `two leaders with proposal id ${this.proposalId}: ${this.config.self} and ${from}`);
    }
  }

  private stepFollower(role: FollowerState, from: ServerId, message: PalfMessage): void {
    switch (message.type) {
      case 'append':
        role.leader = from;
        role.ticksSinceLeader = 0;
        this.leaseGuardTicks = 0;
        this.onAppend(from, message);
        return;
      case 'heartbeat':
        role.leader = from;
        role.ticksSinceLeader = 0;
        this.leaseGuardTicks = 0;
        this.commitTo(Math.min(message.committedLsn, this.log.lastLsn));
        this.send(from, message.leaderTick === undefined
          ? { type: 'heartbeatResponse', proposalId: this.proposalId }
          : { type: 'heartbeatResponse', proposalId: this.proposalId, leaderTick: message.leaderTick });
        return;
      case 'voteRequest':
        this.onVoteRequest(from, message);
        return;
      case 'timeoutNow':
        // The leader handed its role over: campaign at once, voters skip their lease guard.
        if (this.election !== null && role.leader === from) this.campaign(true);
        return;
      case 'appendResponse':
      case 'heartbeatResponse':
      case 'voteResponse':
        return; // answers to a leadership or campaign this replica no longer holds
    }
  }

  // --- follower ----------------------------------------------------------------------------

  /** Raft's AppendEntries receiver: consistency check, truncate a conflicting suffix, append. */
  private onAppend(from: ServerId, m: PalfAppend): void {
    if (m.prevLsn < this.committedLsn) {
      // Everything up to our commit point matches the leader's log already.
      this.send(from, this.acceptance(this.committedLsn));
      return;
    }
    if (m.prevLsn > this.log.lastLsn || this.log.proposalIdAt(m.prevLsn) !== m.prevProposalId) {
      this.send(from, this.rejection(m.prevLsn, m.prevProposalId));
      return;
    }
    let i = 0;
    for (; i < m.entries.length; i++) {
      const e = m.entries[i];
      assert(e.lsn === m.prevLsn + 1 + i, 'append entries are contiguous after prevLsn');
      if (e.lsn > this.log.lastLsn) break;
      if (this.log.proposalIdAt(e.lsn) !== e.proposalId) {
        assert(e.lsn > this.committedLsn, `conflict at committed LSN ${e.lsn}`);
        this.log.truncate(e.lsn);
        break;
      }
    }
    const fresh = i === 0 ? m.entries : m.entries.slice(i);
    this.log.append(fresh);
    for (const e of fresh) this.noteScn(e.scn);
    const lastNewLsn = m.prevLsn + m.entries.length;
    this.commitTo(Math.min(m.committedLsn, lastNewLsn));
    this.send(from, this.acceptance(lastNewLsn));
  }

  private commitTo(lsn: number): void {
    if (lsn <= this.committedLsn) return;
    assert(lsn <= this.log.lastLsn, `commit ${lsn} beyond the log's end ${this.log.lastLsn}`);
    this.committedLsn = lsn;
  }

  private acceptance(matchLsn: number): PalfAppendResponse {
    return {
      type: 'appendResponse', proposalId: this.proposalId, success: true, matchLsn: toLsn(matchLsn),
      rejectedLsn: toLsn(0), hintLsn: toLsn(0), hintProposalId: 0,
    };
  }

  /** A rejection of an append after (prevLsn, prevProposalId), with a hint where to retry. */
  private rejection(prevLsn: Lsn, prevProposalId = 0): PalfAppendResponse {
    const at = Math.min(prevLsn, this.log.lastLsn);
    const hintLsn = this.log.lastLsnWithProposalAtMost(at, prevProposalId, this.committedLsn);
    return {
      type: 'appendResponse', proposalId: this.proposalId, success: false, matchLsn: toLsn(0),
      rejectedLsn: prevLsn, hintLsn, hintProposalId: this.log.proposalIdAt(hintLsn),
    };
  }

  // --- leader ------------------------------------------------------------------------------

  private onAppendResponse(role: LeaderState, pr: Progress, m: PalfAppendResponse): void {
    if (!m.success) {
      // Back off to where the follower's log may match ours: the last entry of ours whose
      // proposal id is at most the one the follower has at its hint.
      const probeLsn = m.hintProposalId > 0
        ? this.log.lastLsnWithProposalAtMost(Math.min(m.hintLsn, this.log.lastLsn), m.hintProposalId, pr.matchLsn)
        : m.hintLsn;
      if (pr.maybeDecrTo(m.rejectedLsn, probeLsn)) this.sendAppend(pr, true);
      return;
    }
    assert(m.matchLsn <= this.log.lastLsn, `follower ${pr.server} acked ${m.matchLsn} beyond the log`);
    const learned = pr.maybeUpdate(m.matchLsn);
    // A probe answered "I match exactly there" ends probing even when it taught no new match.
    if (!learned && !(pr.state === 'PROBE' && pr.matchLsn === m.matchLsn)) return;
    if (pr.state === 'PROBE') pr.becomeReplicate();
    this.maybeCommit(role);
    while (pr.nextLsn <= this.log.lastLsn && this.sendAppend(pr, false)) { /* stream the backlog */ }
    this.notifyCommit(pr);
  }

  /**
   * Commits the highest LSN a majority persisted, the leader's own copy among them (it counts
   * once `advance` reported it stable), provided it belongs to this proposal id.
   */
  private maybeCommit(role: LeaderState): void {
    const matched: number[] = [this.log.stableLsn];
    for (const pr of role.progress.values()) matched.push(pr.matchLsn);
    matched.sort((a, b) => b - a);
    // Never beyond the leader's own disk: a fixed leader that restarts must hold every committed
    // entry, as it cannot learn a longer log from the others (no election restriction yet).
    const quorumLsn = Math.min(matched[Math.floor(this.members.length / 2)], this.log.stableLsn);
    if (quorumLsn <= this.committedLsn || quorumLsn < role.termStartLsn) return;
    this.commitTo(quorumLsn);
    role.commitAdvanced = true;
  }

  /** At `ready()`: ship pending proposals (one batch stream per follower) and the commit point. */
  private flushLeader(role: LeaderState): void {
    for (const pr of role.progress.values()) {
      const probe = pr.state === 'PROBE';
      while (role.needBroadcast && this.sendAppend(pr, probe)) {
        if (probe || pr.nextLsn > this.log.lastLsn) break;
      }
      if (role.commitAdvanced) this.notifyCommit(pr);
    }
    role.needBroadcast = false;
    role.commitAdvanced = false;
  }

  /**
   * Sends the follower the entries from its nextLsn (capped per message); an empty append (a
   * probe) only when `allowEmpty`. Returns false when paused or there was nothing to send.
   */
  private sendAppend(pr: Progress, allowEmpty: boolean): boolean {
    if (pr.isPaused()) return false;
    const entries = pr.nextLsn <= this.log.lastLsn
      ? this.log.slice(pr.nextLsn, PALF_APPEND_BATCH_ENTRIES_MAX, PALF_APPEND_BATCH_BYTES_MAX)
      : [];
    if (entries.length === 0 && !allowEmpty) return false;
    const prevLsn = toLsn(pr.nextLsn - 1);
    this.send(pr.server, {
      type: 'append', proposalId: this.proposalId, prevLsn, prevProposalId: this.log.proposalIdAt(prevLsn),
      entries, committedLsn: toLsn(this.committedLsn),
    });
    if (pr.state === 'REPLICATE') {
      const usable = Math.min(this.committedLsn, entries.length > 0 ? entries[entries.length - 1].lsn : prevLsn);
      pr.sentCommittedLsn = Math.max(pr.sentCommittedLsn, usable);
    }
    pr.sent(entries.length > 0 ? entries[entries.length - 1].lsn : null);
    return true;
  }

  /** Tells a follower a commit point it can use and has not been sent yet (etcd's sentCommit). */
  private notifyCommit(pr: Progress): void {
    if (Math.min(pr.matchLsn, this.committedLsn) > pr.sentCommittedLsn) this.sendHeartbeat(pr);
  }

  /** A heartbeat tells a follower only the commit point its matched log can use. */
  private sendHeartbeat(pr: Progress): void {
    const committedLsn = Math.min(pr.matchLsn, this.committedLsn);
    const message: PalfHeartbeat = { type: 'heartbeat', proposalId: this.proposalId, committedLsn: toLsn(committedLsn) };
    if (this.election !== null) message.leaderTick = this.nowTick;
    pr.sentCommittedLsn = Math.max(pr.sentCommittedLsn, committedLsn);
    this.send(pr.server, message);
  }

  // --- helpers -----------------------------------------------------------------------------

  private send(to: ServerId, message: PalfMessage): void {
    this.messages.push({ to, message });
  }

  private meta(): PalfMeta {
    const meta: PalfMeta = { proposalId: this.proposalId, members: [...this.members], configVersion: this.configVersion };
    if (this.election !== null) meta.votedFor = this.votedFor;
    return meta;
  }

  private noteScn(scn: Scn | null): void {
    if (scn !== null && (this.maxScn === null || scn > this.maxScn)) this.maxScn = scn;
  }
}
