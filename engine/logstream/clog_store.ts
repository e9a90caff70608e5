/**
 * The clog of one log stream replica: its PALF log entries and PALF meta on the injected
 * `FileSystem`, under `clog/<tenantId>/<lsId>/` (OceanBase: `clog/tenant_<id>/<ls_id>/log/<block>`
 * and `.../meta/`).
 *
 * Files:
 * - `log.<8-digit block id>` — segments ("blocks" in PALF) of records (format: palf/log_codec.ts).
 *   A segment holds consecutive LSNs; the next segment continues at the next LSN. When the active
 *   segment passes PALF_CLOG_SEGMENT_BYTES, the next flush goes to a spare segment opened ahead of
 *   time (opening a file is asynchronous; appends and flushes are not).
 * - `meta.0`, `meta.1` — the PALF meta (proposal id, member list) in two slots written
 *   alternately; a torn write of one slot leaves the other, older copy.
 *
 * Group commit: `append` only queues entries; `flush` encodes the whole batch into one buffer,
 * writes it with one `write` and makes it durable with one `flush` of the file.
 *
 * Recovery (`open`): every record is checked (magic, version, lengths, crc-32 of header and
 * payload, consecutive LSNs, non-decreasing proposal ids). A damaged record with nothing valid
 * after it is a torn tail — the last batch, written partially before a crash — and is cut off.
 * A damaged record followed by valid ones is corruption: `Errors.checksumError` naming the file and
 * the byte offset, never silently shorter data.
 *
 * Invariants: records on disk are exactly LSNs [firstLsn, flushedLsn]; queued entries continue
 * them; a truncation never goes below the highest committed LSN stamped in the log.
 */
import { assert } from '../common/assert';
import type { Lsn } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import { PALF_CLOG_SEGMENT_BYTES } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { FileHandle, FileSystem } from '../env';
import {
  decodeLogRecordChecked, decodeLogRecordHeader, decodeMetaRecord, encodeLogRecord, encodeMetaRecord,
  logRecordBytes,
} from '../palf/log_codec';
import type { LogEntry, PalfMeta, PalfRestoreState } from '../palf/types';

const SEGMENT_PREFIX = 'log.';
const META_SLOTS = ['meta.0', 'meta.1'] as const;

/** One segment file: the LSN of its first record and the byte offset of every record. */
interface Segment {
  id: number;
  handle: FileHandle;
  startLsn: number;
  offsets: number[];
  sizeBytes: number;
}

export interface ClogOptions {
  /** Segment size at which the clog moves to a new file; default PALF_CLOG_SEGMENT_BYTES. */
  segmentBytes?: number;
}

export interface ClogOpenResult {
  store: ClogStore;
  /** What the PALF replica restarts from; null for a fresh log (no meta ever written). */
  restore: PalfRestoreState | null;
  /** Bytes cut off a torn tail (0 when the log ended cleanly). */
  truncatedBytes: number;
}

export class ClogStore {
  private queued: LogEntry[] = [];
  private queuedCommittedLsn = 0;
  private lastLsnValue: number;
  private lastProposalIdValue: number;
  private committedLsnValue: number;
  private spare: Segment | null = null;
  private spareOpening: Promise<void> | null = null;
  private nextSegmentId: number;
  private readonly dead: string[] = [];
  private metaSequence: number;
  private closed = false;

  private constructor(
    private readonly fs: FileSystem,
    readonly dir: string,
    private readonly segments: Segment[],
    private readonly metaHandles: FileHandle[],
    private meta: PalfMeta | null,
    metaSequence: number,
    committedLsn: number,
    private readonly segmentBytes: number,
  ) {
    assert(segmentBytes > 0, 'clog segments have a size');
    assert(segments.length >= 1, 'a clog has an active segment');
    const active = segments[segments.length - 1];
    this.lastLsnValue = active.startLsn + active.offsets.length - 1;
    this.lastProposalIdValue = 0;
    this.committedLsnValue = Math.min(committedLsn, this.lastLsnValue);
    this.nextSegmentId = active.id + 1;
    this.metaSequence = metaSequence;
  }

  /**
   * Opens (or creates) the clog in `dir`, validating every record and cutting a torn tail.
   * Errors: `Errors.checksumError(file, byteOffset)` for a damaged record that is not the tail;
   * `Errors.ioError` when segments do not continue each other or the meta is lost while entries
   * exist; whatever the FileSystem throws.
   */
  static async open(fs: FileSystem, dir: string, options: ClogOptions = {}): Promise<ClogOpenResult> {
    const names = await fs.list(dir);
    const metaHandles = [await fs.open(`${dir}/${META_SLOTS[0]}`), await fs.open(`${dir}/${META_SLOTS[1]}`)];
    const slots = metaHandles.map((h) => decodeMetaRecord(h.read(0, h.size())));
    const best = slots.reduce((a, b) => (b !== null && (a === null || b.sequence > a.sequence) ? b : a), null);
    const ids = names.filter((n) => /^log\.\d+$/.test(n)).map((n) => Number(n.slice(SEGMENT_PREFIX.length)))
      .sort((a, b) => a - b);
    const scan = await scanSegments(fs, dir, ids).catch((e: unknown) => {
      for (const h of metaHandles) h.close();
      throw e;
    });
    if (scan.segments.length === 0) {
      const id = ids.length > 0 ? ids[ids.length - 1] + 1 : 1;
      const handle = await fs.open(segmentPath(dir, id));
      scan.segments.push({ id, handle, startLsn: 1, offsets: [], sizeBytes: 0 });
    }
    const store = new ClogStore(fs, dir, scan.segments, metaHandles, best?.meta ?? null, best?.sequence ?? 0,
      scan.committedLsn, options.segmentBytes ?? PALF_CLOG_SEGMENT_BYTES);
    store.lastProposalIdValue = scan.lastProposalId;
    if (best === null && store.lastLsnValue > 0) {
      store.close();
      throw Errors.ioError(`clog ${dir}: PALF meta lost while the log holds entries`);
    }
    await store.maintain();
    return { store, restore: store.restoreState(), truncatedBytes: scan.truncatedBytes };
  }

  /** LSN of the last entry (queued or flushed); 0 for an empty log. */
  get lastLsn(): Lsn {
    return toLsn(this.lastLsnValue);
  }

  get lastProposalId(): number {
    return this.lastProposalIdValue;
  }

  /** LSN of the first entry still on disk (recycling moves it up). */
  get firstLsn(): Lsn {
    return toLsn(this.segments[0].startLsn);
  }

  /** Highest commit point stamped in the log (a lower bound of the LS's committed LSN). */
  get committedLsn(): Lsn {
    return toLsn(this.committedLsnValue);
  }

  /** Bytes of the log on disk plus queued records. */
  get bytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.sizeBytes;
    for (const e of this.queued) total += logRecordBytes(e);
    return total;
  }

  /** Queues entries continuing the log; `committedLsn` (the writer's commit point) is stamped in. */
  append(entries: readonly LogEntry[], committedLsn?: Lsn): void {
    assert(!this.closed, `clog ${this.dir} is closed`);
    for (const e of entries) {
      assert(e.lsn === this.lastLsnValue + 1, `clog append ${e.lsn} after ${this.lastLsnValue}`);
      assert(e.proposalId >= this.lastProposalIdValue, 'proposal ids never decrease along the clog');
      this.queued.push(e);
      this.lastLsnValue = e.lsn;
      this.lastProposalIdValue = e.proposalId;
    }
    if (committedLsn !== undefined) this.queuedCommittedLsn = Math.max(this.queuedCommittedLsn, committedLsn);
  }

  /** Writes the queued batch with one write and makes it durable with one flush (group commit). */
  flush(): void {
    assert(!this.closed, `clog ${this.dir} is closed`);
    if (this.queued.length === 0) return;
    this.maybeRoll();
    const active = this.segments[this.segments.length - 1];
    let total = 0;
    for (const e of this.queued) total += logRecordBytes(e);
    const buffer = new Uint8Array(total);
    const stamp = Math.min(Math.max(this.committedLsnValue, this.queuedCommittedLsn), this.lastLsnValue);
    const offsets: number[] = [];
    let offset = 0;
    for (const e of this.queued) {
      offsets.push(active.sizeBytes + offset);
      offset = encodeLogRecord(e, stamp, buffer, offset);
    }
    active.handle.write(active.sizeBytes, buffer);
    active.handle.flush();
    // Only a batch that reached the disk is indexed (a failed write leaves the store as it was).
    if (active.offsets.length === 0) active.startLsn = this.queued[0].lsn;
    for (const o of offsets) active.offsets.push(o);
    active.sizeBytes += total;
    this.committedLsnValue = stamp;
    this.queued = [];
  }

  /**
   * Reads up to `maxEntries` entries from `fromLsn` (flushed or queued). Returns fewer only at the
   * end of the log. Errors: `Errors.checksumError(file, byteOffset)` when a record read back is
   * damaged.
   */
  read(fromLsn: Lsn, maxEntries: number): LogEntry[] {
    assert(!this.closed, `clog ${this.dir} is closed`);
    assert(fromLsn >= this.firstLsn, `clog read at ${fromLsn} below the first LSN ${this.firstLsn} (recycled)`);
    const out: LogEntry[] = [];
    let at: number = fromLsn;
    const flushedLsn = this.lastLsnValue - this.queued.length;
    while (out.length < maxEntries && at <= flushedLsn) {
      const seg = this.segmentOf(at);
      const index = at - seg.startLsn;
      const count = Math.min(maxEntries - out.length, seg.offsets.length - index);
      const start = seg.offsets[index];
      const end = index + count < seg.offsets.length ? seg.offsets[index + count] : seg.sizeBytes;
      const bytes = seg.handle.read(start, end - start);
      let offset = 0;
      for (let i = 0; i < count; i++) {
        const rec = decodeLogRecordChecked(bytes, offset);
        if (rec === null || rec.entry.lsn !== at) throw Errors.checksumError(seg.handle.path, start + offset);
        out.push(rec.entry);
        offset += rec.recordBytes;
        at++;
      }
    }
    for (const e of this.queued) {
      if (out.length >= maxEntries) break;
      if (e.lsn >= at) {
        out.push(e);
        at++;
      }
    }
    return out;
  }

  /**
   * Drops every entry from `fromLsn` on (a follower's conflicting suffix), durably before
   * returning: later segments are emptied and flushed first, then the containing one is cut.
   */
  truncate(fromLsn: Lsn): void {
    assert(!this.closed, `clog ${this.dir} is closed`);
    assert(fromLsn > this.committedLsnValue, `clog truncate at ${fromLsn} below the committed LSN ${this.committedLsnValue}`);
    assert(fromLsn >= this.firstLsn, 'clog truncate within the log');
    if (fromLsn > this.lastLsnValue) return;
    const flushedLsn = this.lastLsnValue - this.queued.length;
    this.queued = this.queued.filter((e) => e.lsn < fromLsn);
    if (fromLsn <= flushedLsn) this.truncateFlushed(fromLsn);
    this.lastLsnValue = fromLsn - 1;
    this.lastProposalIdValue = this.lastLsnValue === 0 ? 0 : this.read(toLsn(this.lastLsnValue), 1)[0].proposalId;
  }

  /** The persisted PALF meta, or null when none was ever written. */
  readMeta(): PalfMeta | null {
    return this.meta;
  }

  /** Persists `meta` durably (write + flush) into the older of the two slots. */
  writeMeta(meta: PalfMeta): void {
    assert(!this.closed, `clog ${this.dir} is closed`);
    const sequence = this.metaSequence + 1;
    const record = encodeMetaRecord(meta, sequence);
    const handle = this.metaHandles[sequence % 2];
    handle.write(0, record);
    handle.truncate(record.length);
    handle.flush();
    this.meta = meta;
    this.metaSequence = sequence;
  }

  /** What a restarting PALF replica needs (null when no meta was ever written). */
  restoreState(): PalfRestoreState | null {
    if (this.meta === null) return null;
    return {
      lastLsn: toLsn(this.lastLsnValue),
      lastProposalId: this.lastProposalIdValue,
      committedLsn: toLsn(this.committedLsnValue),
      meta: this.meta,
    };
  }

  /**
   * Housekeeping that needs asynchronous file operations: opens the spare segment the next roll
   * will use and removes segments emptied by a truncation. The host calls it now and then
   * (`open` and every roll start it too).
   */
  async maintain(): Promise<void> {
    while (this.dead.length > 0 && !this.closed) await this.fs.remove(this.dead.shift()!);
    await this.prepareSpare();
  }

  /**
   * Log recycling after a checkpoint: removes whole segments whose entries are all below
   * `beforeLsn` (never the active one). Returns the bytes freed.
   */
  async recycle(beforeLsn: Lsn): Promise<number> {
    let freed = 0;
    while (this.segments.length > 1 && this.segments[1].startLsn <= beforeLsn) {
      const seg = this.segments.shift()!;
      freed += seg.sizeBytes;
      seg.handle.close();
      await this.fs.remove(seg.handle.path);
    }
    return freed;
  }

  /** Closes every file (server stop or crash); queued entries are dropped. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.segments) s.handle.close();
    this.spare?.handle.close();
    this.spare = null;
    for (const h of this.metaHandles) h.close();
  }

  private segmentOf(at: number): Segment {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (this.segments[mid].startLsn <= at) lo = mid;
      else hi = mid - 1;
    }
    const seg = this.segments[lo];
    assert(at >= seg.startLsn && at < seg.startLsn + seg.offsets.length, `LSN ${at} in no clog segment`);
    return seg;
  }

  private truncateFlushed(fromLsn: number): void {
    const target = this.segmentOf(fromLsn);
    while (this.segments[this.segments.length - 1] !== target) {
      const seg = this.segments.pop()!;
      seg.handle.truncate(0);
      seg.handle.flush();
      seg.handle.close();
      this.dead.push(seg.handle.path);
    }
    const index = fromLsn - target.startLsn;
    target.sizeBytes = target.offsets[index];
    target.offsets.length = index;
    target.handle.truncate(target.sizeBytes);
    target.handle.flush();
  }

  /** Moves to the spare segment when the active one is full; starts opening the next spare. */
  private maybeRoll(): void {
    const active = this.segments[this.segments.length - 1];
    if (active.sizeBytes < this.segmentBytes || active.offsets.length === 0) return;
    if (this.spare !== null) {
      this.segments.push(this.spare);
      this.spare = null;
    }
    void this.prepareSpare().catch(() => { /* retried at the next roll or maintain() */ });
  }

  /** Opens the next segment file ahead of need (one at a time; concurrent callers share it). */
  private prepareSpare(): Promise<void> {
    if (this.spare !== null || this.closed) return Promise.resolve();
    if (this.spareOpening === null) {
      const id = this.nextSegmentId++;
      this.spareOpening = this.fs.open(segmentPath(this.dir, id)).then((handle) => {
        if (this.closed) {
          handle.close();
          return;
        }
        handle.truncate(0);
        this.spare = { id, handle, startLsn: this.lastLsnValue + 1, offsets: [], sizeBytes: 0 };
      }).finally(() => {
        this.spareOpening = null;
      });
    }
    return this.spareOpening;
  }
}

function segmentPath(dir: string, id: number): string {
  return `${dir}/${SEGMENT_PREFIX}${String(id).padStart(8, '0')}`;
}

interface ScanResult {
  segments: Segment[];
  lastProposalId: number;
  committedLsn: number;
  truncatedBytes: number;
}

/**
 * Opens and validates the segments in id order. Empty segments (spares, or emptied by a
 * truncation) are removed; a torn tail of the last non-empty one is cut.
 */
async function scanSegments(fs: FileSystem, dir: string, ids: number[]): Promise<ScanResult> {
  const result: ScanResult = { segments: [], lastProposalId: 0, committedLsn: 0, truncatedBytes: 0 };
  const opened: FileHandle[] = [];
  try {
    let lastLsn = 0;
    for (let i = 0; i < ids.length; i++) {
      const handle = await fs.open(segmentPath(dir, ids[i]));
      if (handle.size() === 0) {
        handle.close();
        await fs.remove(handle.path);
        continue;
      }
      opened.push(handle);
      const bytes = handle.read(0, handle.size());
      const seg: Segment = { id: ids[i], handle, startLsn: 0, offsets: [], sizeBytes: 0 };
      const end = scanRecords(bytes, seg, result);
      const intact = end < bytes.length ? decodeLogRecordChecked(bytes, end) : null;
      if (intact !== null) {
        const after = seg.offsets.length > 0 ? seg.startLsn + seg.offsets.length - 1 : lastLsn;
        throw Errors.ioError(`clog ${handle.path}: LSN ${intact.entry.lsn} (proposal id ${intact.entry.proposalId}) ` +
          `at byte ${end} does not follow LSN ${after}`);
      }
      if (end < bytes.length) {
        // A damaged record: a torn tail only if nothing valid follows, here or in later segments.
        const later = await laterSegmentsHaveData(fs, dir, ids.slice(i + 1));
        if (later || findValidRecordAfter(bytes, end) !== null) throw Errors.checksumError(handle.path, end);
        handle.truncate(end);
        handle.flush();
        result.truncatedBytes += bytes.length - end;
      }
      seg.sizeBytes = end;
      if (seg.offsets.length === 0) {
        opened.pop();
        handle.close();
        await fs.remove(handle.path);
        continue;
      }
      if (lastLsn > 0 && seg.startLsn !== lastLsn + 1) {
        throw Errors.ioError(`clog ${handle.path} starts at LSN ${seg.startLsn}, expected ${lastLsn + 1}`);
      }
      lastLsn = seg.startLsn + seg.offsets.length - 1;
      result.segments.push(seg);
    }
    return result;
  } catch (e) {
    for (const h of opened) h.close();
    throw e;
  }
}

/**
 * Reads consecutive valid records into `seg`; returns the offset where they end (a damaged
 * record, one out of sequence, or the end of the file).
 */
function scanRecords(bytes: Uint8Array, seg: Segment, result: ScanResult): number {
  let offset = 0;
  let expected = 0;
  while (offset < bytes.length) {
    const rec = decodeLogRecordChecked(bytes, offset);
    if (rec === null) break;
    const e = rec.entry;
    // A segment's first LSN is checked against the previous segment by the caller.
    const first = seg.offsets.length === 0;
    if ((!first && e.lsn !== expected) || e.proposalId < result.lastProposalId) break;
    if (seg.offsets.length === 0) seg.startLsn = e.lsn;
    seg.offsets.push(offset);
    result.lastProposalId = e.proposalId;
    result.committedLsn = Math.max(result.committedLsn, rec.committedLsn);
    expected = e.lsn + 1;
    offset += rec.recordBytes;
  }
  return offset;
}

/** The offset of the first record after `from` whose header is intact, or null. */
function findValidRecordAfter(bytes: Uint8Array, from: number): number | null {
  for (let at = from + 1; at + 4 <= bytes.length; at++) {
    if (bytes[at] === 0x50 && bytes[at + 1] === 0x41 && decodeLogRecordHeader(bytes, at) !== null) return at;
  }
  return null;
}

async function laterSegmentsHaveData(fs: FileSystem, dir: string, ids: number[]): Promise<boolean> {
  for (const id of ids) {
    const handle = await fs.open(segmentPath(dir, id));
    const size = handle.size();
    handle.close();
    if (size > 0) return true;
  }
  return false;
}
