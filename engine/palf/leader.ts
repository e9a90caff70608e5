/**
 * The leader role of a PALF replica: replication to every follower and learner, majority commit,
 * heartbeats, the leader lease, and the choice of a successor (etcd raft's leader-side `Progress`
 * handling; PALF's `LogSlidingWindow` + `LogConfigMgr` on the leader).
 *
 * - The leader tracks a `Progress` per replication target: the members and learners of its
 *   current configuration, plus — while a config entry is uncommitted — those of the one it
 *   replaced, so that a removed replica still receives the entry that removes it.
 * - It commits the highest LSN a majority of the current *members* persisted (its own copy counts
 *   once `advance` reported it stable, and only while it is itself a member); learners never count,
 *   for commit or for the lease. An earlier proposal id's entries commit only through one of its own
 *   (Raft §5.4.2).
 * - Heartbeats carry the commit point a follower can use and the current configuration (a joining
 *   replica adopts it).
 * - With election: the lease ends `leaseTicks` after the send tick of the latest message a majority
 *   of members acknowledged (`election.ts`).
 *
 * The replica (replica.ts) decides role changes; this class only reports what it observed.
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import { PALF_APPEND_BATCH_BYTES_MAX, PALF_APPEND_BATCH_ENTRIES_MAX, PALF_HEARTBEAT_TICKS, PALF_RETRANSMIT_TICKS } from '../common/limits';
import type { PalfCore } from './core';
import { leaseExpiryTick } from './election';
import { Progress } from './progress';
import type { PalfAppendResponse, PalfElectionConfig, PalfFollowerStatus, PalfHeartbeat, PalfMessage } from './types';

export class PalfLeader {
  readonly kind = 'LEADER';
  readonly progress = new Map<ServerId, Progress>();
  heartbeatElapsedTicks = 0;
  /** LSN of the first entry of this proposal id: entries before it commit only through it. */
  readonly termStartLsn: number;
  /** Proposals or a new role wait to be shipped to the followers at the next `ready()`. */
  needBroadcast = true;
  /** The commit point moved: followers not told of it by an append get a heartbeat at `ready()`. */
  commitAdvanced = false;
  /** A commanded leader transfer (SWITCH REPLICA LEADER) waiting for its target to catch up. */
  transfer: { server: ServerId; untilTick: number } | null = null;
  /** The replication targets must be re-derived once the pending config entry commits. */
  private targetsStale = false;

  /**
   * Takes the leader role over `core`. `won`: the campaign's grants (their campaign tick starts
   * the lease of those voters).
   */
  constructor(private readonly core: PalfCore, won?: { granted: ReadonlySet<ServerId>; campaignTick: number }) {
    this.termStartLsn = core.log.lastLsn + 1;
    this.syncTargets();
    if (won !== undefined) {
      for (const [server, pr] of this.progress) if (won.granted.has(server)) pr.leaseAckTick = won.campaignTick;
    }
  }

  /** Adds a Progress for every new replication target, drops those no longer needed. */
  syncTargets(): void {
    const { cfg, self, log, committedLsn } = this.core;
    const pending = cfg.pending(committedLsn);
    const targets = new Set<ServerId>([...cfg.members, ...cfg.learners]);
    if (pending) for (const s of [...cfg.previous.members, ...cfg.previous.learners]) targets.add(s);
    targets.delete(self);
    for (const s of targets) {
      if (this.progress.has(s)) continue;
      this.progress.set(s, new Progress(s, log.lastLsn + 1));
      this.needBroadcast = true;
    }
    for (const [s, pr] of [...this.progress]) {
      if (targets.has(s)) continue;
      this.notifyCommit(pr); // a removed replica learns that its removal committed
      this.progress.delete(s);
    }
    this.targetsStale = pending;
  }

  /** Handles a message of the current proposal id addressed to the leader. */
  step(from: ServerId, message: PalfMessage): void {
    const pr = this.progress.get(from);
    switch (message.type) {
      case 'appendResponse':
        if (pr !== undefined) this.onAppendResponse(pr, message);
        return;
      case 'heartbeatResponse':
        if (pr === undefined) return;
        if (message.leaderTick !== undefined && this.core.cfg.isMember(from)) {
          pr.leaseAckTick = Math.max(pr.leaseAckTick, message.leaderTick);
        }
        // The follower is alive: a paused probe (lost, or sent while it was down) goes again.
        // A replicating follower's lost batches are resent by the retransmit timer in tick().
        if (pr.state === 'PROBE') {
          pr.probeSent = false;
          if (pr.matchLsn < this.core.log.lastLsn) this.sendAppend(pr, true);
        }
        return;
      case 'voteRequest':
        this.core.send(from, { type: 'voteResponse', proposalId: this.core.proposalId, granted: false, campaignTick: message.campaignTick });
        return;
      case 'voteResponse':
        return; // late grants of the campaign it already won
      case 'append':
      case 'heartbeat':
      case 'timeoutNow':
        assert(false, `two leaders with proposal id ${this.core.proposalId}: ${this.core.self} and ${from}`);
    }
  }

  /** Heartbeats and retransmissions at a tick. */
  tickReplication(): void {
    this.heartbeatElapsedTicks++;
    if (this.heartbeatElapsedTicks >= PALF_HEARTBEAT_TICKS) {
      this.heartbeatElapsedTicks = 0;
      for (const pr of this.progress.values()) this.sendHeartbeat(pr);
    }
    for (const pr of this.progress.values()) {
      pr.ticksSinceResponse++;
      if (pr.state === 'REPLICATE' && pr.hasInflight() && pr.ticksSinceResponse >= PALF_RETRANSMIT_TICKS) {
        pr.becomeProbe();
        pr.ticksSinceResponse = 0;
        this.sendAppend(pr, true);
      }
    }
  }

  /** True when `server` persisted the leader's whole log (a transfer may go to it). */
  caughtUp(server: ServerId): boolean {
    const pr = this.progress.get(server);
    return pr !== undefined && pr.matchLsn === this.core.log.lastLsn;
  }

  /** True when `server` acknowledged a heartbeat recently (within two heartbeat periods). */
  live(server: ServerId): boolean {
    const pr = this.progress.get(server);
    return pr !== undefined && pr.leaseAckTick >= this.core.nowTick - 2 * PALF_HEARTBEAT_TICKS;
  }

  /**
   * Priority hand-over (OceanBase moves leadership to the primary zone): the caught-up, live member
   * of the highest priority above the leader's own, or null. None while the leader is not a member.
   */
  priorityTarget(election: PalfElectionConfig): ServerId | null {
    const { cfg, self } = this.core;
    if (!cfg.isMember(self)) return null;
    let target: ServerId | null = null;
    let best = election.priority(self);
    for (const m of cfg.members) {
      if (m === self) continue;
      const p = election.priority(m);
      if (p > best && this.live(m) && this.caughtUp(m)) {
        best = p;
        target = m;
      }
    }
    return target;
  }

  /** A leader that left the member list: the caught-up member to hand over to (highest priority), or null. */
  successor(election: PalfElectionConfig | null): ServerId | null {
    let target: ServerId | null = null;
    for (const m of this.core.cfg.members) {
      if (!this.caughtUp(m)) continue;
      if (target === null || (election !== null && election.priority(m) > election.priority(target))) target = m;
    }
    return target;
  }

  /** Election only: the tick at which the lease ends unless renewed (majority of members). */
  leaseExpiry(): number {
    const { cfg, self, nowTick, election } = this.core;
    assert(election !== null, 'lease without election');
    const acks: number[] = [];
    for (const m of cfg.members) acks.push(m === self ? nowTick : this.progress.get(m)?.leaseAckTick ?? Number.NEGATIVE_INFINITY);
    return leaseExpiryTick(acks, election.leaseTicks);
  }

  /** This proposal id's first entry is committed: the leader may serve and reconfigure. */
  takeoverDone(): boolean {
    return this.core.committedLsn >= this.termStartLsn;
  }

  /**
   * Commits the highest LSN a majority of members persisted, the leader's own copy among them while
   * it is a member, provided it belongs to this proposal id. Returns true when the commit point moved.
   */
  maybeCommit(): boolean {
    const { cfg, self, log } = this.core;
    const members = cfg.members;
    const matched: number[] = [];
    for (const m of members) matched.push(m === self ? log.stableLsn : this.progress.get(m)?.matchLsn ?? 0);
    matched.sort((a, b) => b - a);
    // Never beyond the leader's own disk: a fixed leader that restarts must hold every committed
    // entry, as it cannot learn a longer log from the others (no election restriction then).
    const quorumLsn = Math.min(matched[Math.floor(members.length / 2)], log.stableLsn);
    if (quorumLsn <= this.core.committedLsn || quorumLsn < this.termStartLsn) return false;
    this.core.commitTo(quorumLsn);
    this.commitAdvanced = true;
    if (this.targetsStale && !cfg.pending(this.core.committedLsn)) this.syncTargets();
    return true;
  }

  /** At `ready()`: ship pending proposals (one batch stream per follower) and the commit point. */
  flush(): void {
    for (const pr of this.progress.values()) {
      const probe = pr.state === 'PROBE';
      while (this.needBroadcast && this.sendAppend(pr, probe)) {
        if (probe || pr.nextLsn > this.core.log.lastLsn) break;
      }
      if (this.commitAdvanced) this.notifyCommit(pr);
    }
    this.needBroadcast = false;
    this.commitAdvanced = false;
  }

  followers(): PalfFollowerStatus[] {
    return [...this.progress.values()].map((p) => p.status());
  }

  private onAppendResponse(pr: Progress, m: PalfAppendResponse): void {
    const log = this.core.log;
    if (!m.success) {
      // Back off to where the follower's log may match ours: the last entry of ours whose
      // proposal id is at most the one the follower has at its hint.
      const probeLsn = m.hintProposalId > 0
        ? log.lastLsnWithProposalAtMost(Math.min(m.hintLsn, log.lastLsn), m.hintProposalId, pr.matchLsn)
        : m.hintLsn;
      if (pr.maybeDecrTo(m.rejectedLsn, probeLsn)) this.sendAppend(pr, true);
      return;
    }
    assert(m.matchLsn <= log.lastLsn, `follower ${pr.server} acked ${m.matchLsn} beyond the log`);
    const learned = pr.maybeUpdate(m.matchLsn);
    // A probe answered "I match exactly there" ends probing even when it taught no new match.
    if (!learned && !(pr.state === 'PROBE' && pr.matchLsn === m.matchLsn)) return;
    if (pr.state === 'PROBE') pr.becomeReplicate();
    this.maybeCommit();
    while (pr.nextLsn <= log.lastLsn && this.sendAppend(pr, false)) { /* stream the backlog */ }
    this.notifyCommit(pr);
  }

  /**
   * Sends the follower the entries from its nextLsn (capped per message); an empty append (a
   * probe) only when `allowEmpty`. Returns false when paused or there was nothing to send.
   */
  private sendAppend(pr: Progress, allowEmpty: boolean): boolean {
    if (pr.isPaused()) return false;
    const { log, committedLsn, proposalId } = this.core;
    const entries = pr.nextLsn <= log.lastLsn
      ? log.slice(pr.nextLsn, PALF_APPEND_BATCH_ENTRIES_MAX, PALF_APPEND_BATCH_BYTES_MAX)
      : [];
    if (entries.length === 0 && !allowEmpty) return false;
    const prevLsn = toLsn(pr.nextLsn - 1);
    this.core.send(pr.server, {
      type: 'append', proposalId, prevLsn, prevProposalId: log.proposalIdAt(prevLsn),
      entries, committedLsn: toLsn(committedLsn),
    });
    if (pr.state === 'REPLICATE') {
      const usable = Math.min(committedLsn, entries.length > 0 ? entries[entries.length - 1].lsn : prevLsn);
      pr.sentCommittedLsn = Math.max(pr.sentCommittedLsn, usable);
    }
    pr.sent(entries.length > 0 ? entries[entries.length - 1].lsn : null);
    return true;
  }

  /** Tells a follower a commit point it can use and has not been sent yet (etcd's sentCommit). */
  private notifyCommit(pr: Progress): void {
    if (Math.min(pr.matchLsn, this.core.committedLsn) > pr.sentCommittedLsn) this.sendHeartbeat(pr);
  }

  /** A heartbeat tells a follower only the commit point its matched log can use, and the config. */
  private sendHeartbeat(pr: Progress): void {
    const { cfg, committedLsn: leaderCommitted, proposalId, election, nowTick } = this.core;
    const committedLsn = Math.min(pr.matchLsn, leaderCommitted);
    const message: PalfHeartbeat = {
      type: 'heartbeat', proposalId, committedLsn: toLsn(committedLsn), config: cfg.current, configLsn: toLsn(cfg.currentLsn),
    };
    if (election !== null) message.leaderTick = nowTick;
    pr.sentCommittedLsn = Math.max(pr.sentCommittedLsn, committedLsn);
    this.core.send(pr.server, message);
  }
}
