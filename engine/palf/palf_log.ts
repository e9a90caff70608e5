/**
 * The replica's view of its own log: the last entries in memory, the rest on disk behind a reader.
 *
 * Models PALF's sliding window over `LogStorage`: entries [memoryFirstLsn, lastLsn] are in memory;
 * older ones were persisted and are read back through the host's reader (the clog). Three cursors
 * say how far the host has got with the log:
 *
 *   1 ........ stableLsn ........ handedLsn ........ lastLsn
 *   |  on disk  |  handed to the host,   |  not yet handed  |
 *               |  persist in progress   |                  |
 *
 * Invariants: stableLsn ≤ handedLsn ≤ lastLsn; proposal ids never decrease along the log; an
 * entry is evicted from memory only once it is stable (and the caller says it is applied), so
 * unpersisted entries are always in memory. A truncation of entries the host may already have
 * written is remembered in `pendingTruncateFrom` until handed over with the next persist batch.
 */
import { assert } from '../common/assert';
import type { Lsn } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import type { LogEntry } from './types';

/** Reads persisted entries [fromLsn, …] (at most `maxEntries`) back from the clog, in order. */
export type PalfLogReader = (fromLsn: Lsn, maxEntries: number) => LogEntry[];

export class PalfLog {
  private entries: LogEntry[] = [];
  private lastLsnValue: number;
  private lastProposalIdValue: number;
  private stableLsnValue: number;
  private handedLsnValue: number;
  private pendingTruncateFrom: number | null = null;
  private reader: PalfLogReader | null = null;

  /** A log whose entries up to `lastLsn` (proposal id `lastProposalId`) are on disk already. */
  constructor(lastLsn: Lsn, lastProposalId: number) {
    assert(lastLsn >= 0 && (lastLsn > 0 || lastProposalId === 0), 'an empty log has proposal id 0');
    this.lastLsnValue = lastLsn;
    this.lastProposalIdValue = lastProposalId;
    this.stableLsnValue = lastLsn;
    this.handedLsnValue = lastLsn;
  }

  get lastLsn(): Lsn {
    return toLsn(this.lastLsnValue);
  }

  get lastProposalId(): number {
    return this.lastProposalIdValue;
  }

  /** Last LSN the host has persisted (and reported through `advance`). */
  get stableLsn(): Lsn {
    return toLsn(this.stableLsnValue);
  }

  /** First LSN held in memory (lastLsn + 1 when none is). */
  get memoryFirstLsn(): Lsn {
    return toLsn(this.lastLsnValue + 1 - this.entries.length);
  }

  get memoryEntryCount(): number {
    return this.entries.length;
  }

  setReader(reader: PalfLogReader): void {
    this.reader = reader;
  }

  /** True when entries or a truncation wait to be handed to the host for persisting. */
  hasUnpersisted(): boolean {
    return this.handedLsnValue < this.lastLsnValue || this.pendingTruncateFrom !== null;
  }

  /** Appends entries that continue the log (lsn = lastLsn + 1, …, proposal ids not decreasing). */
  append(entries: readonly LogEntry[]): void {
    for (const e of entries) {
      assert(e.lsn === this.lastLsnValue + 1, `log append out of order: ${e.lsn} after ${this.lastLsnValue}`);
      assert(e.proposalId >= this.lastProposalIdValue, 'proposal ids never decrease along the log');
      this.entries.push(e);
      this.lastLsnValue = e.lsn;
      this.lastProposalIdValue = e.proposalId;
    }
  }

  /**
   * The proposal id of the entry at `at` (0 for LSN 0). `at` must be in the log; entries older
   * than the memory window come from the reader.
   */
  proposalIdAt(at: number): number {
    assert(at >= 0 && at <= this.lastLsnValue, `no log entry at ${at} (last ${this.lastLsnValue})`);
    if (at === 0) return 0;
    if (at === this.lastLsnValue) return this.lastProposalIdValue;
    const first = this.memoryFirstLsn;
    if (at >= first) return this.entries[at - first].proposalId;
    return this.readBack(at, 1)[0].proposalId;
  }

  /**
   * Entries from `fromLsn` on, at most `maxEntries` and — beyond the first — at most `maxBytes`
   * of payload. Returns [] when fromLsn > lastLsn.
   */
  slice(fromLsn: number, maxEntries: number, maxBytes = Number.MAX_SAFE_INTEGER): LogEntry[] {
    assert(fromLsn >= 1 && maxEntries >= 1, 'slice from a real LSN');
    const out: LogEntry[] = [];
    let at = fromLsn;
    let bytes = 0;
    const first = this.memoryFirstLsn;
    if (at < first) {
      for (const e of this.readBack(at, Math.min(maxEntries, first - at))) {
        if (out.length > 0 && bytes + e.payload.length > maxBytes) return out;
        out.push(e);
        bytes += e.payload.length;
        at++;
      }
    }
    while (at <= this.lastLsnValue && out.length < maxEntries) {
      const e = this.entries[at - first];
      if (out.length > 0 && bytes + e.payload.length > maxBytes) break;
      out.push(e);
      bytes += e.payload.length;
      at++;
    }
    return out;
  }

  /**
   * Drops entries from `fromLsn` on (a follower's conflicting suffix). When the host may already
   * hold some of them, the truncation is handed over with the next persist batch.
   */
  truncate(fromLsn: number): void {
    assert(fromLsn >= 1 && fromLsn <= this.lastLsnValue, `truncate at ${fromLsn} outside the log`);
    const newLastProposalId = this.proposalIdAt(fromLsn - 1);
    const first = this.memoryFirstLsn;
    this.entries.length = Math.max(0, fromLsn - first);
    this.lastLsnValue = fromLsn - 1;
    this.lastProposalIdValue = newLastProposalId;
    if (fromLsn <= this.handedLsnValue) {
      this.pendingTruncateFrom = Math.min(this.pendingTruncateFrom ?? fromLsn, fromLsn);
      this.handedLsnValue = fromLsn - 1;
    }
    this.stableLsnValue = Math.min(this.stableLsnValue, fromLsn - 1);
  }

  /** Hands the host everything not yet handed: a truncation point and the entries to append. */
  takeUnpersisted(): { truncateFrom: Lsn | null; persist: LogEntry[] } {
    const truncateFrom = this.pendingTruncateFrom === null ? null : toLsn(this.pendingTruncateFrom);
    const from = this.handedLsnValue + 1;
    const persist = from <= this.lastLsnValue ? this.entries.slice(from - this.memoryFirstLsn) : [];
    assert(persist.length === this.lastLsnValue - this.handedLsnValue, 'unpersisted entries stay in memory');
    this.pendingTruncateFrom = null;
    this.handedLsnValue = this.lastLsnValue;
    return { truncateFrom, persist };
  }

  /**
   * The host persisted a batch ending at `upToLsn`. Entries truncated since the batch was handed
   * out lowered handedLsn, so only what still belongs to the log becomes stable.
   */
  markPersisted(upToLsn: number): void {
    const stable = Math.min(upToLsn, this.handedLsnValue);
    this.stableLsnValue = Math.max(this.stableLsnValue, stable);
    assert(this.stableLsnValue <= this.lastLsnValue, 'stable LSN within the log');
  }

  /**
   * Frees memory: keeps at most `maxEntries`, dropping only entries at or below `evictableLsn`
   * (stable and applied). Drops in chunks so the array is not shifted on every call.
   */
  evict(maxEntries: number, evictableLsn: number): void {
    if (this.entries.length <= maxEntries) return;
    const bound = Math.min(evictableLsn, this.stableLsnValue);
    const target = this.entries.length - Math.max(1, Math.floor(maxEntries * 3 / 4));
    const first = this.memoryFirstLsn;
    const count = Math.min(target, bound - first + 1);
    if (count > 0) this.entries.splice(0, count);
  }

  /**
   * The largest LSN in [floorLsn, atLsn] whose entry has a proposal id ≤ `proposalId` (floorLsn if
   * none). Proposal ids never decrease along the log, so this is a binary search (etcd raft's
   * `findConflictByTerm`, used to skip a whole conflicting suffix in one round trip).
   */
  lastLsnWithProposalAtMost(atLsn: number, proposalId: number, floorLsn: number): Lsn {
    let lo = Math.max(0, Math.min(floorLsn, atLsn));
    let hi = Math.min(atLsn, this.lastLsnValue);
    if (hi <= lo) return toLsn(lo);
    // Invariant: answer in [lo, hi]; lo qualifies (or is the floor).
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.proposalIdAt(mid) <= proposalId) lo = mid;
      else hi = mid - 1;
    }
    return toLsn(lo);
  }

  private readBack(fromLsn: number, count: number): LogEntry[] {
    assert(this.reader !== null, `PALF entry ${fromLsn} is on disk only: the host must setLogReader()`);
    const got = this.reader(toLsn(fromLsn), count);
    assert(got.length === count && got[0].lsn === fromLsn,
      `clog reader returned ${got.length} entries from ${got[0]?.lsn} for ${count} from ${fromLsn}`);
    return got;
  }
}
