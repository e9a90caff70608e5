/**
 * A PALF replica's membership configuration: the Paxos member list (F replicas, the voters), the
 * learners (R and C replicas: they receive and apply the log but never vote), and how it changes.
 *
 * Models OceanBase's `LogConfigMgr` with Raft's single-server membership change (Raft thesis
 * §4.1): a config entry (`LogEntry.config`) takes effect on a replica as soon as it is *appended*
 * to its log, not when committed; if that entry is truncated the replica falls back to the
 * configuration of the latest config entry still in its log. Only one change may be uncommitted
 * at a time, so the old and the new member lists differ by one server and any majority of one
 * intersects any majority of the other.
 *
 * State: a `base` configuration (committed, or the host's initial one) and `records`, the config
 * entries above it in LSN order. The current configuration is that of the last record, else the
 * base. A record is either from the log or *adopted*: a configuration a leader announced in its
 * heartbeat for an LSN this replica has not received yet (a joining replica learns its group before
 * it has caught up). An adopted record is replaced by whatever entry the log later holds at its LSN
 * and dropped when that entry carries no configuration.
 *
 * Invariants: records are in increasing LSN order, all above `baseLsn`; at most one adopted record,
 * always the last; configVersion never decreases along the records.
 */
import type { ServerId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { LogEntry, PalfConfigChange, PalfConfigEntry } from './types';

interface ConfigRecord {
  lsn: number;
  config: PalfConfigEntry;
  adopted: boolean;
}

export class PalfConfigState {
  private base: PalfConfigEntry;
  private baseLsn: number;
  private records: ConfigRecord[] = [];

  /**
   * Starts from `current`, installed by the entry at `currentLsn` (0: the initial configuration).
   * `previous`: the configuration it replaced (a restarted replica's meta), which a truncation of
   * that entry reverts to. When the local log ends before `currentLsn` (`lastLsn`: a restarted
   * replica that had adopted it, or lost the entry in a crash), the configuration is held as adopted.
   */
  constructor(current: PalfConfigEntry, currentLsn: number, lastLsn = currentLsn, previous?: { config: PalfConfigEntry; lsn: number }) {
    if (currentLsn === 0 || previous === undefined || previous.lsn >= currentLsn) {
      this.base = copyConfig(current);
      this.baseLsn = currentLsn > lastLsn ? 0 : currentLsn;
      if (currentLsn > lastLsn) this.records.push({ lsn: currentLsn, config: copyConfig(current), adopted: true });
      return;
    }
    this.base = copyConfig(previous.config);
    this.baseLsn = previous.lsn;
    this.records.push({ lsn: currentLsn, config: copyConfig(current), adopted: currentLsn > lastLsn });
  }

  /** The configuration in effect. */
  get current(): PalfConfigEntry {
    return this.records.length > 0 ? this.records[this.records.length - 1].config : this.base;
  }

  /** LSN of the entry that installed the current configuration (0: initial). */
  get currentLsn(): number {
    return this.records.length > 0 ? this.records[this.records.length - 1].lsn : this.baseLsn;
  }

  /** The configuration the current one replaced (the current one when there is no record). */
  get previous(): PalfConfigEntry {
    return this.records.length > 1 ? this.records[this.records.length - 2].config : this.base;
  }

  /** LSN of the entry that installed `previous`. */
  get previousLsn(): number {
    return this.records.length > 1 ? this.records[this.records.length - 2].lsn : this.baseLsn;
  }

  get members(): readonly ServerId[] {
    return this.current.members;
  }

  get learners(): readonly ServerId[] {
    return this.current.learners;
  }

  get version(): number {
    return this.current.configVersion;
  }

  isMember(server: ServerId): boolean {
    return this.current.members.includes(server);
  }

  isLearner(server: ServerId): boolean {
    return this.current.learners.includes(server);
  }

  /** True when `votes` holds a majority of the current members. */
  hasMajority(votes: ReadonlySet<ServerId>): boolean {
    let n = 0;
    for (const m of this.current.members) if (votes.has(m)) n++;
    return n > this.current.members.length / 2;
  }

  /** A config entry from the log is above the commit point (another change must wait). */
  pending(committedLsn: number): boolean {
    const last = this.records[this.records.length - 1];
    if (last === undefined) return false;
    if (!last.adopted) return last.lsn > committedLsn;
    const before = this.records[this.records.length - 2];
    return before !== undefined && before.lsn > committedLsn;
  }

  /**
   * An entry was appended to the local log at `entry.lsn`. Returns true when the current
   * configuration changed (the caller persists its meta and, on a leader, updates its followers).
   */
  onAppend(entry: LogEntry): boolean {
    const before = this.current;
    const adopted = this.adoptedRecord();
    if (adopted !== null && adopted.lsn <= entry.lsn) this.records.pop();
    if (entry.config !== undefined) this.insertLogRecord(entry.lsn, entry.config);
    return this.current !== before;
  }

  /** Drops an adopted configuration (a new leader's own log is authoritative). */
  dropAdopted(): boolean {
    if (this.adoptedRecord() === null) return false;
    this.records.pop();
    return true;
  }

  /**
   * Restart: `entries` are the config entries found in the log's tail [fromLsn, lastLsn], in LSN
   * order. When the log's entry at the current configuration's LSN is in that window but is not
   * that configuration (the host crashed between a truncation and the meta write), the current
   * record is dropped (back to the previous configuration); config entries above it are reinstated
   * (it crashed after flushing them but before writing the meta).
   */
  recoverFromLog(entries: readonly LogEntry[], fromLsn: number, lastLsn: number): boolean {
    const before = this.current;
    const last = this.records[this.records.length - 1];
    if (last !== undefined && !last.adopted && last.lsn >= fromLsn && last.lsn <= lastLsn &&
      !entries.some((e) => e.lsn === last.lsn && e.config?.configVersion === last.config.configVersion)) {
      this.records.pop();
    }
    for (const e of entries) if (e.config !== undefined && e.lsn > this.currentLsn) this.insertLogRecord(e.lsn, e.config);
    return this.current !== before;
  }

  private adoptedRecord(): ConfigRecord | null {
    const last = this.records[this.records.length - 1];
    return last !== undefined && last.adopted ? last : null;
  }

  /** Inserts a record of the log in LSN order (below an adopted one). */
  private insertLogRecord(lsn: number, config: PalfConfigEntry): void {
    let at = this.records.length;
    while (at > 0 && this.records[at - 1].lsn >= lsn) at--;
    const replaced = at < this.records.length && this.records[at].lsn === lsn ? 1 : 0;
    this.records.splice(at, replaced, { lsn, config: copyConfig(config), adopted: false });
  }

  /** The log lost its entries from `fromLsn` on: their configurations are undone. */
  onTruncate(fromLsn: number): boolean {
    const before = this.current;
    // An adopted record stays: it announces an LSN the log does not hold (yet).
    this.records = this.records.filter((r) => r.adopted || r.lsn < fromLsn);
    return this.current !== before;
  }

  /** Entries up to `committedLsn` are committed: their configurations fold into the base. */
  onCommit(committedLsn: number): void {
    while (this.records.length > 0 && !this.records[0].adopted && this.records[0].lsn <= committedLsn) {
      const r = this.records.shift()!;
      this.base = r.config;
      this.baseLsn = r.lsn;
    }
  }

  /**
   * The current leader announced `config`, installed at `configLsn`. It replaces any configuration
   * adopted earlier (an announcement of a deposed leader may name an entry that never commits), and
   * is adopted when it is newer than the log's and the local log does not reach `configLsn` yet
   * (otherwise the log decides). Returns true when the current configuration changed.
   */
  adopt(config: PalfConfigEntry, configLsn: number, lastLsn: number): boolean {
    const held = this.adoptedRecord();
    if (held !== null && held.lsn === configLsn && held.config.configVersion === config.configVersion) return false;
    const before = this.current;
    if (held !== null) this.records.pop();
    if (config.configVersion > this.version && configLsn > lastLsn) {
      this.records.push({ lsn: configLsn, config: copyConfig(config), adopted: true });
    }
    return this.current !== before;
  }

  /**
   * The configuration `change` would install, one version up.
   * Errors: `Errors.invalidArgument` when the change does not apply to the current configuration
   * (adding a present server, removing or promoting an absent one, removing the last member).
   */
  next(change: PalfConfigChange): PalfConfigEntry {
    const { members, learners, configVersion } = this.current;
    const s = change.server;
    const isMember = members.includes(s);
    const isLearner = learners.includes(s);
    const without = (list: readonly ServerId[]) => list.filter((x) => x !== s);
    let next: { members: ServerId[]; learners: ServerId[] };
    switch (change.type) {
      case 'addMember':
        if (isMember || isLearner) throw Errors.invalidArgument(`server ${s} is already a ${isMember ? 'member' : 'learner'}`);
        next = { members: [...members, s], learners: [...learners] };
        break;
      case 'addLearner':
        if (isMember || isLearner) throw Errors.invalidArgument(`server ${s} is already a ${isMember ? 'member' : 'learner'}`);
        next = { members: [...members], learners: [...learners, s] };
        break;
      case 'removeMember':
      case 'demoteMember':
        if (!isMember) throw Errors.invalidArgument(`server ${s} is not a member`);
        if (members.length === 1) throw Errors.invalidArgument(`server ${s} is the last member`);
        next = { members: without(members), learners: change.type === 'demoteMember' ? [...learners, s] : [...learners] };
        break;
      case 'removeLearner':
        if (!isLearner) throw Errors.invalidArgument(`server ${s} is not a learner`);
        next = { members: [...members], learners: without(learners) };
        break;
      case 'promoteLearner':
        if (!isLearner) throw Errors.invalidArgument(`server ${s} is not a learner`);
        next = { members: [...members, s], learners: without(learners) };
        break;
    }
    return { ...next, configVersion: configVersion + 1 };
  }
}

export function copyConfig(c: PalfConfigEntry): PalfConfigEntry {
  return { members: [...c.members], learners: [...c.learners], configVersion: c.configVersion };
}
