/**
 * PALF election helpers: randomised election timeouts ranked by priority, the leader lease, and
 * the voter's log-freshness rule. Pure functions of their arguments; `PalfReplica` owns the state.
 *
 * `answerVoteRequest` is the voter's side, over the replica's shared state.
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
import type { PalfCore } from './core';
import type { PalfElectionConfig, PalfVoteRequest, PalfVoteResponse } from './types';

/** Checks an election configuration (bugs in the host's settings are assertion failures). */
export function checkElectionConfig(c: PalfElectionConfig): void {
  assert(Number.isInteger(c.electionTimeoutTicks) && c.electionTimeoutTicks >= 1, 'election timeout ≥ 1 tick');
  assert(Number.isInteger(c.leaseTicks) && c.leaseTicks > PALF_HEARTBEAT_TICKS, 'lease spans several heartbeats');
  assert(c.leaseTicks <= c.electionTimeoutTicks, 'a follower never campaigns inside a lease it honours');
  const initial = c.initialTimeoutTicks;
  assert(initial === undefined || (Number.isInteger(initial) && initial >= 1), 'initial election timeout ≥ 1 tick');
}

/**
 * Ticks a replica waits without a leader before campaigning: base + rank × step + jitter, where
 * rank = members with strictly higher priority than `self` — not counting `lostLeader`, the
 * leader whose silence this timeout waits out (it cannot campaign) — and step is a quarter of
 * base. Jitter only separates replicas of equal priority: in [0, base) when another member shares
 * `self`'s priority (as Raft randomises), else under a tick or two. So after a leader dies the best
 * surviving replica campaigns right after the lease (base ≥ lease) and each lower rank one step
 * later: with a 4 s lease a new leader is elected about 4–5 s after the last renewal, inside
 * OceanBase's 8 s RTO. `baseTicks` defaults to the configured election timeout.
 */
export function randomizedTimeoutTicks(
  c: PalfElectionConfig, self: ServerId, members: readonly ServerId[], baseTicks = c.electionTimeoutTicks,
  lostLeader: ServerId | null = null,
): number {
  const step = Math.max(1, Math.floor(baseTicks / 4));
  const mine = c.priority(self);
  const tied = members.some((m) => m !== self && m !== lostLeader && c.priority(m) === mine);
  const jitter = c.rng.int(tied ? baseTicks : Math.max(1, Math.floor(step / 8)));
  return baseTicks + step * priorityRank(c, self, members, lostLeader) + jitter;
}

/**
 * The first timeout of a replica that has not heard of a leader since it started (fast first
 * election): ranked and randomised on `initialTimeoutTicks`. A restarted replica may have
 * acknowledged a leader just before it went down, so it still campaigns no earlier than
 * `leaseTicks` after its start (the rank still orders the candidates).
 */
export function initialTimeoutTicks(
  c: PalfElectionConfig, self: ServerId, members: readonly ServerId[], restarted: boolean,
): number {
  const base = c.initialTimeoutTicks ?? c.electionTimeoutTicks;
  if (!restarted) return base * (1 + priorityRank(c, self, members, null)) + c.rng.int(base);
  return c.leaseTicks + base * priorityRank(c, self, members, null) + c.rng.int(base);
}

/** Members other than `excluded` with strictly higher priority than `self`. */
function priorityRank(c: PalfElectionConfig, self: ServerId, members: readonly ServerId[], excluded: ServerId | null): number {
  const mine = c.priority(self);
  let rank = 0;
  for (const m of members) if (m !== self && m !== excluded && c.priority(m) > mine) rank++;
  return rank;
}

/**
 * The tick at which a leader's lease ends: `leaseTicks` after the k-th most recent acknowledged
 * send tick, k a majority of the members. `ackTicks` holds one value per member (the leader's own
 * `nowTick` when it is a member; −Infinity for a member that never acknowledged this leadership).
 */
export function leaseExpiryTick(ackTicks: readonly number[], leaseTicks: number): number {
  const ticks = [...ackTicks].sort((a, b) => b - a);
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

/**
 * A vote request of the current proposal id (the lease guard already passed): one vote per
 * proposal id, persisted (`metaDirty`) before the grant leaves, and only to an up-to-date log.
 * Answers the candidate; returns true when granted (the caller restarts its timers).
 */
export function answerVoteRequest(core: PalfCore, from: ServerId, m: PalfVoteRequest): boolean {
  const grant = (core.votedFor === null || core.votedFor === from) &&
    candidateLogUpToDate(m.lastProposalId, m.lastLsn, core.log.lastProposalId, core.log.lastLsn);
  if (grant) {
    if (core.votedFor === null) core.metaDirty = true;
    core.votedFor = from;
  }
  core.send(from, voteAnswer(core, grant, m.campaignTick));
  return grant;
}

export function voteAnswer(core: PalfCore, granted: boolean, campaignTick: number): PalfVoteResponse {
  return { type: 'voteResponse', proposalId: core.proposalId, granted, campaignTick };
}
