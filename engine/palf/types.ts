/**
 * The shapes PALF exchanges with its host and with the other replicas of a log stream.
 *
 * Everything here is plain data: structured-clone safe (a message may cross a `MessagePort`),
 * payloads as `Uint8Array`, SCNs as bigint. PALF never looks inside a payload: the transaction
 * layer encodes redo/commit records into it (OceanBase's `LogEntry` inside a `LogGroupEntry`).
 *
 * LSNs here are 1-based entry indexes (see `common/ids.ts`), not byte offsets as in OceanBase;
 * `proposalId` is PALF's name for a Raft term. LSN 0 with proposal id 0 is the empty log.
 */
import type { Lsn, LsId, Scn, ServerId, TenantId } from '../common/ids';
import type { ElectionReason } from '../env';

/** One entry of the replicated log. `scn` is the record's SCN when the proposer gave one. */
export interface LogEntry {
  lsn: Lsn;
  /** The proposal id (term) of the leader that created the entry. */
  proposalId: number;
  scn: Scn | null;
  payload: Uint8Array;
  /**
   * Issue #4: a membership-change entry (PALF's config log) carries the new configuration here and
   * an empty payload; the host applies it as a no-op. Absent on ordinary entries.
   */
  config?: PalfConfigEntry;
}

/**
 * The configuration a config entry installs (reference §3.3: "reconfiguration of the member
 * list, learners"). One change at a time (single-server membership change): a new config entry
 * is accepted only when the previous one is committed. It takes effect on every replica as soon
 * as it is appended to the local log (Raft §4.1), and is reverted if that entry is truncated.
 */
export interface PalfConfigEntry {
  members: ServerId[];
  learners: ServerId[];
  configVersion: number;
}

/**
 * A requested membership change (OceanBase's `add_member`/`remove_member`/`add_learner`/
 * `remove_learner`/`switch_learner_to_acceptor`/`switch_acceptor_to_learner`).
 * `promoteLearner`: a learner becomes a voting member (R → F); `demoteMember` the reverse.
 */
export type PalfConfigChange =
  | { type: 'addMember' | 'removeMember' | 'addLearner' | 'removeLearner' | 'promoteLearner' | 'demoteMember'; server: ServerId };

/**
 * Leader → follower: "after (prevLsn, prevProposalId) come these entries; everything up to
 * committedLsn is committed". An empty `entries` is a probe. (Raft AppendEntries, PALF push log.)
 */
export interface PalfAppend {
  type: 'append';
  proposalId: number;
  prevLsn: Lsn;
  prevProposalId: number;
  entries: LogEntry[];
  committedLsn: Lsn;
}

/**
 * Follower → leader, answering an append once the follower has persisted what it accepted.
 * `success`: the follower's log matches the leader's up to `matchLsn`.
 * `!success`: the follower has no entry (prevLsn, prevProposalId); `rejectedLsn` echoes prevLsn and
 * (`hintLsn`, `hintProposalId`) is the follower's last entry at or below it whose proposal id is
 * not above prevProposalId — the leader backs off to there (etcd raft's findConflictByTerm).
 * A response carrying a higher `proposalId` than the leader's tells it a newer leader exists.
 */
export interface PalfAppendResponse {
  type: 'appendResponse';
  proposalId: number;
  success: boolean;
  matchLsn: Lsn;
  rejectedLsn: Lsn;
  hintLsn: Lsn;
  hintProposalId: number;
}

/** Leader → follower every PALF_HEARTBEAT_TICKS: liveness and the commit point the follower may use. */
export interface PalfHeartbeat {
  type: 'heartbeat';
  proposalId: number;
  committedLsn: Lsn;
  /** Election only: the leader's local tick when it sent this; the answer echoes it (lease). */
  leaderTick?: number;
  /**
   * Issue #4: the leader's current configuration and the LSN of the entry that installed it
   * (0: the initial one). A replica whose log does not reach `configLsn` yet adopts a config of a
   * higher version (a joining replica learns its group before it has caught up).
   */
  config?: PalfConfigEntry;
  configLsn?: Lsn;
}

/** Follower → leader: "I am alive" — lets the leader resume a paused follower at once. */
export interface PalfHeartbeatResponse {
  type: 'heartbeatResponse';
  proposalId: number;
  /** Election only: the `leaderTick` of the heartbeat answered — renews the leader's lease. */
  leaderTick?: number;
}

/**
 * Candidate → voter (election only): "vote for me in `proposalId`; my log ends at (lastLsn,
 * lastProposalId)". `campaignTick` is the candidate's local tick when it started campaigning; the
 * grant echoes it and the leader's first lease runs from it. `transfer`: the leader handed its
 * role over (`timeoutNow`), so voters skip their lease guard (etcd's campaignTransfer).
 */
export interface PalfVoteRequest {
  type: 'voteRequest';
  proposalId: number;
  lastLsn: Lsn;
  lastProposalId: number;
  campaignTick: number;
  transfer: boolean;
}

/** Voter → candidate: the vote for `proposalId`, granted or not (a voter's vote is persisted first). */
export interface PalfVoteResponse {
  type: 'voteResponse';
  proposalId: number;
  granted: boolean;
  campaignTick: number;
}

/**
 * Leader → a caught-up follower of higher priority (primary zone): "campaign now". The leader
 * stops serving when it sends this (OceanBase's leader hands its role to the preferred replica).
 */
export interface PalfTimeoutNow {
  type: 'timeoutNow';
  proposalId: number;
  /** Issue #4: why the leader hands over; the new leader reports it (default 'leader transferred'). */
  reason?: ElectionReason;
}

export type PalfMessage =
  | PalfAppend | PalfAppendResponse | PalfHeartbeat | PalfHeartbeatResponse
  | PalfVoteRequest | PalfVoteResponse | PalfTimeoutNow;

/** What a replica must persist besides its log: PALF's `LogMeta` (proposal id, member list). */
export interface PalfMeta {
  proposalId: number;
  /** The Paxos member list (voting replicas), leader included. */
  members: ServerId[];
  /** Bumped whenever the member list changes (GV$OB_LOG_STAT.CONFIG_VERSION). */
  configVersion: number;
  /** Issue #4: non-voting replicas (R and C) that receive the log; absent = none. */
  learners?: ServerId[];
  /** Election only: whom this replica voted for in `proposalId` (null: nobody yet). */
  votedFor?: ServerId | null;
  /**
   * Issue #4: LSN of the config entry that installed `members`/`learners` (0 or absent: the
   * host's initial configuration, which then wins over the meta on restart as before).
   */
  configLsn?: Lsn;
  /**
   * Issue #4: the configuration the current one replaced and its entry's LSN. Only the last config
   * entry of a log can be uncommitted (a leader appends one only once its previous one committed),
   * so this is what a truncation of that entry reverts to, also after a restart.
   */
  previousConfig?: PalfConfigEntry & { configLsn: Lsn };
}

/**
 * One batch of work for the host (etcd raft's `Ready`). The host must, in this order:
 *  1. truncate its clog at `truncateFrom` when set, append `persist`, write `persistMeta` when set,
 *     and flush — all before any message of this batch leaves (a follower's ack promises that
 *     the entries are on its disk; no message may carry a proposal id that is not durable);
 *  2. send `messages`;
 *  3. apply `committed` (already persisted locally, in LSN order, contiguous);
 *  4. call `advance(ready)`, and only then ask for the next `ready()`.
 * (A leader's host may ship its appends while its own entries are still being flushed, as PALF
 * does — the leader commits only what its own `advance` reported — but never before
 * `persistMeta` is durable.)
 */
export interface PalfReady {
  persist: LogEntry[];
  truncateFrom: Lsn | null;
  messages: { to: ServerId; message: PalfMessage }[];
  committed: LogEntry[];
  persistMeta: PalfMeta | null;
  /** The replica's committed LSN now; the clog stamps it into the records it writes. */
  committedLsn: Lsn;
}

/** A log stream's PALF replica configuration. `members` includes `self` and the leader. */
export interface PalfConfig {
  tenantId: TenantId;
  lsId: LsId;
  self: ServerId;
  members: ServerId[];
  /** Fixed leader until election exists (issue #4); null: no leader is known. */
  leader: ServerId | null;
  /** Issue #4: non-voting learners (R/C replicas), never `self` when `self` is a member. */
  learners?: ServerId[];
  /** Proposal id to start from on a fresh log (a restarted leader moves past its persisted one). */
  proposalId: number;
  /** Persisted entries kept in memory; default PALF_MEMORY_ENTRIES_MAX (tests make it small). */
  memoryEntriesMax?: number;
  /**
   * Enables election with a leader lease (issue #4). Absent: the leader stays `leader`, exactly
   * as before. Present: `leader` is ignored, every replica starts as a follower with no leader.
   */
  election?: PalfElectionConfig;
}

/**
 * Election settings (OceanBase: lease ≈ 4 s, renewed every 250 ms; here in PALF ticks).
 * Invariant: leaseTicks ≤ electionTimeoutTicks (a follower never campaigns while it still honours
 * a leader's lease) and PALF_HEARTBEAT_TICKS < leaseTicks.
 */
export interface PalfElectionConfig {
  /** Base ticks without a leader before a follower campaigns; randomised up to twice this. */
  electionTimeoutTicks: number;
  /** A leader serves only while a majority acknowledged it within this many ticks. */
  leaseTicks: number;
  /** Higher is preferred (OceanBase: the primary zone's order); lower-priority replicas wait longer. */
  priority: (server: ServerId) => number;
  /** Seeded randomness for the timeout jitter (never Math.random). */
  rng: { int(n: number): number };
  /**
   * Issue #4: base ticks before the first campaign of a replica that has not heard of a leader
   * since it started (ranked and randomised like the normal timeout). Default
   * `electionTimeoutTicks`. A fresh replica (no persisted meta: it never acknowledged a leader)
   * may campaign and vote at once; a restarted one still waits out `leaseTicks` first.
   */
  initialTimeoutTicks?: number;
}

/** What a restarting replica recovered from its clog (see `ClogStore.open`). */
export interface PalfRestoreState {
  /** Last LSN in the local clog and the proposal id of that entry (0, 0 for an empty log). */
  lastLsn: Lsn;
  lastProposalId: number;
  /** A lower bound of the committed LSN (the highest commit point stamped in the clog). */
  committedLsn: Lsn;
  meta: PalfMeta;
  /**
   * Entries up to here are already applied by the host (its checkpoint, ≤ lastLsn; implies they
   * are committed); `ready().committed` starts after it. Default: `committedLsn` (the host
   * replays nothing through PALF).
   */
  appliedLsn?: Lsn;
}

export type PalfRole = 'LEADER' | 'FOLLOWER';

/** A follower as its leader sees it (etcd raft's `Progress`). */
export interface PalfFollowerStatus {
  server: ServerId;
  matchLsn: Lsn;
  nextLsn: Lsn;
  state: 'PROBE' | 'REPLICATE';
}

/** A replica's PALF state, for snapshots and GV$OB_LOG_STAT. */
export interface PalfStatus {
  tenantId: TenantId;
  lsId: LsId;
  role: PalfRole;
  proposalId: number;
  leader: ServerId | null;
  memberList: ServerId[];
  /** Issue #4: the learners (R/C replicas) of the current config. */
  learnerList?: ServerId[];
  configVersion: number;
  /** Issue #4: a config entry is appended but not yet committed (another change must wait). */
  configChangePending?: boolean;
  /** Last LSN in the local log (persisted or not) and the proposal id of that entry. */
  lastLsn: Lsn;
  lastProposalId: number;
  /** Last LSN persisted locally (END_LSN). */
  persistedLsn: Lsn;
  committedLsn: Lsn;
  /** Last committed LSN handed to the host to apply. */
  appliedLsn: Lsn;
  /** Highest SCN of an entry in the log (MAX_SCN), null when no entry carried one. */
  maxScn: Scn | null;
  /** On the leader: each follower's replication progress; [] on a follower. */
  followers: PalfFollowerStatus[];
  /** Present only when election is enabled. */
  election?: PalfElectionStatus;
}

/** A replica's election state (a CANDIDATE reports `role: 'FOLLOWER'`, as GV$OB_LOG_STAT does). */
export interface PalfElectionStatus {
  state: 'LEADER' | 'CANDIDATE' | 'FOLLOWER';
  /** The replica's local tick count. */
  nowTick: number;
  /** On the leader: the tick at which its lease ends unless renewed; null elsewhere. */
  leaseExpiryTick: number | null;
  votedFor: ServerId | null;
  /** On the leader: its no-op entry of this proposal id is committed (it may serve strong reads). */
  takeoverDone: boolean;
  /** Issue #4: why this replica last became leader (null: it never did since it started). */
  lastElectionReason?: ElectionReason | null;
  /** Issue #4: the proposal id in which this replica last became leader (null: never). */
  electedProposalId?: number | null;
}
