/**
 * PALF election helpers: randomised election timeouts ranked by priority, the leader lease, and
 * the voter's log-freshness rule. Pure functions of their arguments; `PalfReplica` owns the state.
 *
 * Models OceanBase's election (reference §3.3): a candidate needs a majority of votes; the leader
 * keeps its role through a lease renewed by a majority's acknowledgements and stops serving when
 * it lapses; any two majorities intersect, so no two leaders hold a valid lease at once. Priority
 * (the primary zone) decides who campaigns first: a replica outranked by k members waits k extra
 * base timeouts, so the preferred live replica normally wins.
 *
 * Lease safety argument (ticks of all replicas run at the same rate):
 * - the leader's lease ends `leaseTicks` after the *send* tick of the latest message each member of
 *   some majority acknowledged (vote grants count, echoing the campaign tick);
 * - a voter refuses every vote (and ignores the higher proposal id) for `leaseTicks` after it last
 *   heard from a leader or granted a vote — it heard after the send, so its guard outlasts the lease;
 * - a new leader needs a majority of grants, which intersects the old lease's majority.
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import { PALF_HEARTBEAT_TICKS } from '../common/limits';
import type { PalfElectionConfig } from './types';

/** Checks an election configuration (bugs in the host's settings are assertion failures). */
export function checkElectionConfig(c: PalfElectionConfig): void {
  assert(Number.isInteger(c.electionTimeoutTicks) && c.electionTimeoutTicks >= 1, 'election timeout ≥ 1 tick');
  assert(Number.isInteger(c.leaseTicks) && c.leaseTicks > PALF_HEARTBEAT_TICKS, 'lease spans several heartbeats');
  assert(c.leaseTicks <= c.electionTimeoutTicks, 'a follower never campaigns inside a lease it honours');
}

/**
 * Ticks a replica waits without a leader before campaigning: base + rank × base + jitter in
 * [0, base), where rank = members with strictly higher priority than `self`.
 */
export function randomizedTimeoutTicks(c: PalfElectionConfig, self: ServerId, members: readonly ServerId[]): number {
  const mine = c.priority(self);
  let rank = 0;
  for (const m of members) if (m !== self && c.priority(m) > mine) rank++;
  return c.electionTimeoutTicks * (1 + rank) + c.rng.int(c.electionTimeoutTicks);
}

/**
 * The tick at which a leader's lease ends: `leaseTicks` after the k-th most recent acknowledged
 * send tick, k a majority, the leader's own `nowTick` included. `ackTicks` holds one value per
 * follower (−Infinity when it never acknowledged this leadership).
 */
export function leaseExpiryTick(nowTick: number, ackTicks: readonly number[], leaseTicks: number): number {
  const ticks = [nowTick, ...ackTicks].sort((a, b) => b - a);
  return ticks[Math.floor(ticks.length / 2)] + leaseTicks;
}

/**
 * Raft's election restriction: a voter grants only a candidate whose log is at least as up to
 * date as its own — a higher last proposal id, or the same one and an LSN at least as high.
 */
export function candidateLogUpToDate(
  candidateLastProposalId: number, candidateLastLsn: number, voterLastProposalId: number, voterLastLsn: number,
): boolean {
  if (candidateLastProposalId !== voterLastProposalId) return candidateLastProposalId > voterLastProposalId;
  return candidateLastLsn >= voterLastLsn;
}
