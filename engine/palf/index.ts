/**
 * PALF — the replicated log of one log stream (OceanBase's "Paxos-backed Append-only Log File
 * system", reference §3.3).
 *
 * Every log stream (LS) has one PALF log, replicated to the LS's Paxos members (its F replicas).
 * The leader appends entries (the transaction layer's redo and commit records, opaque here);
 * an entry is committed once a majority of the members has *persisted* it; every replica then
 * applies committed entries in LSN order (followers replay them into their memtables).
 *
 * The replica is a pure state machine, driven by its host (the log stream, `engine/logstream`):
 *
 *            propose(payload) ─┐        step(from, message) ─┐       tick() every PALF_TICK_MS
 *                              ▼                             ▼             │
 *                     ┌───────────────────────────────────────────────────┴──┐
 *                     │ PalfReplica: role (LEADER | FOLLOWER), proposal id,  │
 *                     │ PalfLog (memory window + clog reader), Progress/peer │
 *                     └───────────────────────────────────────────────────┬──┘
 *                                           ready() │            ▲ advance(ready)
 *                                                   ▼            │
 *   host: 1. clog.truncate(truncateFrom); clog.append(persist); clog.writeMeta(persistMeta); flush
 *         2. send messages           3. apply committed           4. advance(ready)
 *
 * Nothing in `engine/palf/` touches time, files or the network: timers are ticks, the disk is the
 * host's `ClogStore`, messages are handed out in `ready()`. The same code therefore runs in a
 * worker, in Node and in the deterministic simulator.
 *
 * Protocol (Raft, in PALF's words): `proposalId` is the term; an append carries (prevLsn,
 * prevProposalId) and the follower accepts it only when its log has that entry, truncating any
 * conflicting suffix; the leader tracks each follower's matchLsn/nextLsn (`Progress`), probes
 * one message at a time until the logs agree, then streams batches of up to
 * PALF_APPEND_BATCH_ENTRIES_MAX entries (group commit: all proposals since the last `ready()`
 * travel as one persist batch and one message per follower). Heartbeats carry the commit point.
 * The leader is fixed by configuration unless `PalfConfig.election` enables election with a leader
 * lease (issue #4, `election.ts`): randomised priority-ranked timeouts, one persisted vote per
 * proposal id to an up-to-date log, a lease renewed by a majority's heartbeat acks, a no-op entry
 * opening each elected term, and hand-over to a higher-priority replica.
 *
 * Membership (issue #4): the Paxos members (F replicas) vote and count for commit and the lease;
 * learners (R and C replicas) receive, persist and apply the log only. `proposeConfigChange`
 * changes one server at a time through a config entry (`LogEntry.config`) that takes effect when
 * appended and reverts if truncated; heartbeats announce the configuration so a replica created to
 * join (`members: []`) adopts it. `transferLeader` is ALTER SYSTEM SWITCH REPLICA LEADER.
 *
 * Files: replica.ts (the state machine, follower/candidate roles), leader.ts (replication, commit,
 * lease), follower.ts (append/heartbeat receiver), election.ts (timeouts, lease, votes),
 * config_state.ts + restore.ts (membership), core.ts (shared state), progress.ts, palf_log.ts,
 * log_codec.ts (on-disk format).
 */
export { PalfReplica } from './replica';
export type { PalfLogReader } from './palf_log';
export type {
  LogEntry,
  PalfAppend,
  PalfAppendResponse,
  PalfConfig,
  PalfConfigChange,
  PalfConfigEntry,
  PalfElectionConfig,
  PalfElectionStatus,
  PalfFollowerStatus,
  PalfHeartbeat,
  PalfHeartbeatResponse,
  PalfMessage,
  PalfMeta,
  PalfReady,
  PalfRestoreState,
  PalfRole,
  PalfStatus,
  PalfTimeoutNow,
  PalfVoteRequest,
  PalfVoteResponse,
} from './types';
