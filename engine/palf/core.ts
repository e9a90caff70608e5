/**
 * The state every role of a PALF replica shares: its log, its membership configuration, its
 * proposal id, commit point, logical clock and the outbox of the current `ready()` batch.
 *
 * `PalfReplica` (replica.ts) owns one `PalfCore` and hands it to its leader role (leader.ts); all
 * changes to the log go through `appendEntries`/`truncateFrom` so that a config entry takes effect
 * when appended and is undone when truncated (Raft §4.1), and through `commitTo` so that committed
 * configurations fold into the base. Pure state: no I/O, no timers.
 */
import { assert } from '../common/assert';
import type { Scn, ServerId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import type { PalfConfigState } from './config_state';
import type { PalfLog } from './palf_log';
import type { LogEntry, PalfElectionConfig, PalfMessage, PalfMeta } from './types';

export class PalfCore {
  proposalId: number;
  committedLsn: number;
  /** Local logical time: ticks since this replica (re)started. */
  nowTick = 0;
  /** The vote cast in `proposalId` (election only). */
  votedFor: ServerId | null = null;
  /** The meta (proposal id, vote, configuration) changed and must be persisted at `ready()`. */
  metaDirty: boolean;
  messages: { to: ServerId; message: PalfMessage }[] = [];
  maxScn: Scn | null = null;

  constructor(
    readonly self: ServerId,
    readonly log: PalfLog,
    readonly cfg: PalfConfigState,
    /** Election settings; null: the leader is fixed by configuration. */
    readonly election: PalfElectionConfig | null,
    proposalId: number,
    committedLsn: number,
    metaDirty: boolean,
  ) {
    this.proposalId = proposalId;
    this.committedLsn = committedLsn;
    this.metaDirty = metaDirty;
  }

  send(to: ServerId, message: PalfMessage): void {
    this.messages.push({ to, message });
  }

  /** Appends entries continuing the log; config entries take effect now. */
  appendEntries(entries: readonly LogEntry[]): void {
    this.log.append(entries);
    for (const e of entries) {
      if (e.scn !== null && (this.maxScn === null || e.scn > this.maxScn)) this.maxScn = e.scn;
      if (this.cfg.onAppend(e)) this.metaDirty = true;
    }
  }

  /** Drops the log from `fromLsn` on (never committed entries); their configs are undone. */
  truncateFrom(fromLsn: number): void {
    assert(fromLsn > this.committedLsn, `conflict at committed LSN ${fromLsn}`);
    this.log.truncate(fromLsn);
    if (this.cfg.onTruncate(fromLsn)) this.metaDirty = true;
  }

  commitTo(lsn: number): void {
    if (lsn <= this.committedLsn) return;
    assert(lsn <= this.log.lastLsn, `commit ${lsn} beyond the log's end ${this.log.lastLsn}`);
    this.committedLsn = lsn;
    this.cfg.onCommit(lsn);
  }

  /** What must survive a restart besides the log (PALF's `LogMeta`). */
  meta(): PalfMeta {
    const c = this.cfg.current;
    const meta: PalfMeta = {
      proposalId: this.proposalId, members: [...c.members], configVersion: c.configVersion,
      learners: [...c.learners], configLsn: toLsn(this.cfg.currentLsn),
    };
    if (this.cfg.currentLsn > 0) meta.previousConfig = { ...this.cfg.previous, configLsn: toLsn(this.cfg.previousLsn) };
    if (this.election !== null) meta.votedFor = this.votedFor;
    return meta;
  }
}
