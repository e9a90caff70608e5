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
 */
import { assert } from '../common/assert';
import type { Lsn, Scn, ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import {
  PALF_APPEND_BATCH_BYTES_MAX, PALF_APPEND_BATCH_ENTRIES_MAX, PALF_APPLY_BATCH_ENTRIES_MAX, PALF_ENTRY_BYTES_MAX,
  PALF_HEARTBEAT_TICKS, PALF_MEMORY_ENTRIES_MAX, PALF_RETRANSMIT_TICKS, PALF_SLIDING_WINDOW_ENTRIES_MAX,
} from '../common/limits';
import { Errors } from '../common/ob_error';
import { PalfLog, type PalfLogReader } from './palf_log';
import { Progress } from './progress';
import type {
  LogEntry, PalfAppend, PalfAppendResponse, PalfConfig, PalfHeartbeat, PalfMessage, PalfMeta, PalfReady,
  PalfRestoreState, PalfStatus,
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

type RoleState = LeaderState | FollowerState;

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
    this.role = { kind: 'FOLLOWER', leader: config.leader, ticksSinceLeader: 0 };
    this.metaDirty = meta === undefined || !sameMembers || meta.proposalId !== this.proposalId;
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
   * Errors: `Errors.notMaster` on a follower; `Errors.eagain` when PALF_SLIDING_WINDOW_ENTRIES_MAX
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
    if (message.proposalId > this.proposalId) {
      const fromLeader = message.type === 'append' || message.type === 'heartbeat';
      this.becomeFollower(message.proposalId, fromLeader ? from : null);
    } else if (message.proposalId < this.proposalId) {
      // A stale leader learns of the newer proposal id from the answer; stale answers are dropped.
      if (message.type === 'append' || message.type === 'heartbeat') this.send(from, this.rejection(toLsn(0)));
      return;
    }
    if (this.role.kind === 'LEADER') this.stepLeader(this.role, from, message);
    else this.stepFollower(this.role, from, message);
  }

  /** Advances logical time by one PALF_TICK_MS: heartbeats and retransmissions on the leader. */
  tick(): void {
    const role = this.role;
    if (role.kind === 'FOLLOWER') {
      role.ticksSinceLeader++;
      return;
    }
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

  /** True while this replica is the leader (cheaper than `status()` on hot paths). */
  isLeader(): boolean {
    return this.role.kind === 'LEADER';
  }

  /** PALF state for snapshots and GV$OB_LOG_STAT. */
  status(): PalfStatus {
    const role = this.role;
    return {
      tenantId: this.config.tenantId,
      lsId: this.config.lsId,
      role: role.kind,
      proposalId: this.proposalId,
      leader: role.kind === 'LEADER' ? this.config.self : role.leader,
      memberList: [...this.members],
      configVersion: this.configVersion,
      lastLsn: this.log.lastLsn,
      lastProposalId: this.log.lastProposalId,
      persistedLsn: this.log.stableLsn,
      committedLsn: toLsn(this.committedLsn),
      appliedLsn: toLsn(this.appliedLsn),
      maxScn: this.maxScn,
      followers: role.kind === 'LEADER' ? [...role.progress.values()].map((p) => p.status()) : [],
    };
  }

  // --- roles -------------------------------------------------------------------------------

  private becomeLeader(): void {
    const progress = new Map<ServerId, Progress>();
    for (const m of this.members) if (m !== this.config.self) progress.set(m, new Progress(m, this.log.lastLsn + 1));
    this.role = {
      kind: 'LEADER', progress, heartbeatElapsedTicks: 0, termStartLsn: this.log.lastLsn + 1,
      needBroadcast: true, commitAdvanced: false,
    };
    this.metaDirty = true;
  }

  private becomeFollower(proposalId: number, leader: ServerId | null): void {
    assert(proposalId >= this.proposalId, 'proposal ids only grow');
    this.proposalId = proposalId;
    this.role = { kind: 'FOLLOWER', leader, ticksSinceLeader: 0 };
    this.metaDirty = true;
  }

  private stepLeader(role: LeaderState, from: ServerId, message: PalfMessage): void {
    const pr = role.progress.get(from);
    assert(pr !== undefined, `leader has no progress for member ${from}`);
    switch (message.type) {
      case 'appendResponse':
        this.onAppendResponse(role, pr, message);
        return;
      case 'heartbeatResponse':
        // The follower is alive: a paused probe (lost, or sent while it was down) goes again.
        // A replicating follower's lost batches are resent by the retransmit timer in tick().
        if (pr.state === 'PROBE') {
          pr.probeSent = false;
          if (pr.matchLsn < this.log.lastLsn) this.sendAppend(pr, true);
        }
        return;
      case 'append':
      case 'heartbeat':
        assert(false, `two leaders with proposal id ${this.proposalId}: ${this.config.self} and ${from}`);
    }
  }

  private stepFollower(role: FollowerState, from: ServerId, message: PalfMessage): void {
    switch (message.type) {
      case 'append':
        role.leader = from;
        role.ticksSinceLeader = 0;
        this.onAppend(from, message);
        return;
      case 'heartbeat':
        role.leader = from;
        role.ticksSinceLeader = 0;
        this.commitTo(Math.min(message.committedLsn, this.log.lastLsn));
        this.send(from, { type: 'heartbeatResponse', proposalId: this.proposalId });
        return;
      case 'appendResponse':
      case 'heartbeatResponse':
        return; // answers to a leadership this replica no longer holds
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
    pr.sentCommittedLsn = Math.max(pr.sentCommittedLsn, committedLsn);
    this.send(pr.server, message);
  }

  // --- helpers -----------------------------------------------------------------------------

  private send(to: ServerId, message: PalfMessage): void {
    this.messages.push({ to, message });
  }

  private meta(): PalfMeta {
    return { proposalId: this.proposalId, members: [...this.members], configVersion: this.configVersion };
  }

  private noteScn(scn: Scn | null): void {
    if (scn !== null && (this.maxScn === null || scn > this.maxScn)) this.maxScn = scn;
  }
}
