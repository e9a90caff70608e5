/**
 * The follower side of PALF log replication (Raft's AppendEntries receiver; PALF's follower
 * `LogSlidingWindow::receive_log`): the (prevLsn, prevProposalId) consistency check, truncation of
 * a conflicting uncommitted suffix, appending, the commit point a leader reports, and heartbeats —
 * which also announce the leader's configuration for a replica that has not received it yet.
 *
 * Pure functions over the replica's `PalfCore`; the answers go to `core.messages`. Learners and
 * members receive the log alike.
 */
import { assert } from '../common/assert';
import type { Lsn, ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import type { PalfCore } from './core';
import type { PalfAppend, PalfAppendResponse, PalfHeartbeat } from './types';

/** An append of the current proposal id from the leader: check, truncate a conflict, append, ack. */
export function followerAppend(core: PalfCore, from: ServerId, m: PalfAppend): void {
  const log = core.log;
  if (m.prevLsn < core.committedLsn) {
    // Everything up to our commit point matches the leader's log already.
    core.send(from, acceptance(core, core.committedLsn));
    return;
  }
  if (m.prevLsn > log.lastLsn || log.proposalIdAt(m.prevLsn) !== m.prevProposalId) {
    core.send(from, rejection(core, m.prevLsn, m.prevProposalId));
    return;
  }
  let i = 0;
  for (; i < m.entries.length; i++) {
    const e = m.entries[i];
    assert(e.lsn === m.prevLsn + 1 + i, 'append entries are contiguous after prevLsn');
    if (e.lsn > log.lastLsn) break;
    if (log.proposalIdAt(e.lsn) !== e.proposalId) {
      core.truncateFrom(e.lsn);
      break;
    }
  }
  core.appendEntries(i === 0 ? m.entries : m.entries.slice(i));
  const lastNewLsn = m.prevLsn + m.entries.length;
  core.commitTo(Math.min(m.committedLsn, lastNewLsn));
  core.send(from, acceptance(core, lastNewLsn));
}

/**
 * A heartbeat of the current proposal id: adopt the announced configuration when the log does not
 * reach it yet, take the commit point, answer (echoing `leaderTick` for the lease).
 */
export function followerHeartbeat(core: PalfCore, from: ServerId, m: PalfHeartbeat): void {
  const lastLsn = core.log.lastLsn;
  if (m.config !== undefined && core.cfg.adopt(m.config, m.configLsn ?? 0, lastLsn)) core.metaDirty = true;
  core.commitTo(Math.min(m.committedLsn, lastLsn));
  core.send(from, m.leaderTick === undefined
    ? { type: 'heartbeatResponse', proposalId: core.proposalId }
    : { type: 'heartbeatResponse', proposalId: core.proposalId, leaderTick: m.leaderTick });
}

function acceptance(core: PalfCore, matchLsn: number): PalfAppendResponse {
  return {
    type: 'appendResponse', proposalId: core.proposalId, success: true, matchLsn: toLsn(matchLsn),
    rejectedLsn: toLsn(0), hintLsn: toLsn(0), hintProposalId: 0,
  };
}

/**
 * A rejection of an append after (prevLsn, prevProposalId), with a hint where to retry (etcd raft's
 * findConflictByTerm). Also the answer to a stale leader (prevLsn 0): it carries our proposal id.
 */
export function rejection(core: PalfCore, prevLsn: Lsn, prevProposalId = 0): PalfAppendResponse {
  const log = core.log;
  const at = Math.min(prevLsn, log.lastLsn);
  const hintLsn = log.lastLsnWithProposalAtMost(at, prevProposalId, core.committedLsn);
  return {
    type: 'appendResponse', proposalId: core.proposalId, success: false, matchLsn: toLsn(0),
    rejectedLsn: prevLsn, hintLsn, hintProposalId: log.proposalIdAt(hintLsn),
  };
}
