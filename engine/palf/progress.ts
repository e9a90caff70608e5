/**
 * A PALF leader's view of one follower's log (etcd raft's `Progress`, PALF's per-member
 * `LogSyncMemberList` state).
 *
 * - `matchLsn`: the follower's log is known to equal the leader's up to here (it persisted it).
 * - `nextLsn`: the next entry to send.
 * - PROBE: the leader does not know where the logs diverge; it sends one append at a time
 *   (`probeSent` pauses further sends until an answer or a heartbeat response arrives) and backs
 *   `nextLsn` off on each rejection.
 * - REPLICATE: the logs agree up to matchLsn; the leader streams batches optimistically, at most
 *   PALF_INFLIGHT_APPENDS_MAX unacknowledged, advancing nextLsn as it sends.
 *
 * Invariants: matchLsn < nextLsn; in PROBE no batch is counted in flight.
 */
import { assert } from '../common/assert';
import { PALF_INFLIGHT_APPENDS_MAX } from '../common/limits';
import type { Lsn, ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import type { PalfFollowerStatus } from './types';

export class Progress {
  matchLsn = 0;
  nextLsn: number;
  state: 'PROBE' | 'REPLICATE' = 'PROBE';
  probeSent = false;
  /** Last LSN of each append in flight (REPLICATE only), oldest first. */
  private inflight: number[] = [];
  /** Ticks since the last append response (any outcome). */
  ticksSinceResponse = 0;
  /** Highest commit point already sent that this follower can use (≤ what it matched). */
  sentCommittedLsn = 0;
  /**
   * Election only: the leader's local send tick of the latest message this follower acknowledged
   * for this leadership (its vote grant echoes the campaign tick); −Infinity when none. Drives the
   * lease (`election.ts`).
   */
  leaseAckTick = Number.NEGATIVE_INFINITY;

  constructor(
    readonly server: ServerId,
    nextLsn: number,
  ) {
    assert(nextLsn >= 1, 'next LSN starts at 1');
    this.nextLsn = nextLsn;
  }

  /** True when no append may be sent now. */
  isPaused(): boolean {
    return this.state === 'PROBE' ? this.probeSent : this.inflight.length >= PALF_INFLIGHT_APPENDS_MAX;
  }

  hasInflight(): boolean {
    return this.inflight.length > 0;
  }

  /** Records an append of entries ending at `lastLsn` (or a probe when it carried none). */
  sent(lastLsn: number | null): void {
    if (this.state === 'PROBE') {
      this.probeSent = true;
      return;
    }
    if (lastLsn === null) return;
    assert(lastLsn >= this.nextLsn, 'a replicate batch moves nextLsn forward');
    this.nextLsn = lastLsn + 1;
    this.inflight.push(lastLsn);
  }

  becomeProbe(): void {
    this.state = 'PROBE';
    this.probeSent = false;
    this.inflight = [];
    this.nextLsn = this.matchLsn + 1;
  }

  becomeReplicate(): void {
    this.state = 'REPLICATE';
    this.probeSent = false;
    this.inflight = [];
    this.nextLsn = this.matchLsn + 1;
  }

  /** An ack up to `matchLsn`. Returns false when it taught nothing new (a stale ack). */
  maybeUpdate(matchLsn: number): boolean {
    this.ticksSinceResponse = 0;
    if (matchLsn <= this.matchLsn) {
      this.probeSent = false;
      return false;
    }
    this.matchLsn = matchLsn;
    this.nextLsn = Math.max(this.nextLsn, matchLsn + 1);
    this.probeSent = false;
    while (this.inflight.length > 0 && this.inflight[0] <= matchLsn) this.inflight.shift();
    assert(this.matchLsn < this.nextLsn, 'match below next');
    return true;
  }

  /**
   * A rejection of the append whose prevLsn was `rejectedLsn`; the follower's log may match up to
   * `probeLsn`. Returns false for a stale rejection (of an append sent before a later decision).
   */
  maybeDecrTo(rejectedLsn: number, probeLsn: number): boolean {
    this.ticksSinceResponse = 0;
    if (this.state === 'REPLICATE') {
      if (rejectedLsn <= this.matchLsn) return false;
    } else if (rejectedLsn !== this.nextLsn - 1) {
      return false;
    }
    const next = Math.max(this.matchLsn + 1, Math.min(rejectedLsn, probeLsn + 1));
    this.state = 'PROBE';
    this.inflight = [];
    this.probeSent = false;
    this.nextLsn = next;
    return true;
  }

  status(): PalfFollowerStatus {
    return { server: this.server, matchLsn: toLsn(this.matchLsn) as Lsn, nextLsn: toLsn(this.nextLsn), state: this.state };
  }
}
