/**
 * An immutable SSTable (OceanBase's `ObSSTable`): an ordered list of macroblocks in the server's
 * block file, described by an `SSTableMeta` (kept in the tablet's meta for the checkpoint).
 *
 * Kinds, as `GV$OB_SSTABLES.TABLE_TYPE` names them: MINI (a dumped memtable, L0), MINOR (merged
 * minis, L1) and MAJOR (the baseline at a frozen SCN, L2). MINI and MINOR rows are
 * multi-version: every committed version, delete markers included, ordered (rowkey asc, SCN
 * desc). A MAJOR holds one live version per rowkey — the newest at its frozen SCN, deletes
 * dropped.
 *
 * Lookups: the macroblock list (first/last key in the meta) and each macroblock's microblock
 * index (read from disk on first use, checked, then kept) are binary-searched, then the
 * microblock (from the block cache) is. A rowkey's versions may continue into the next
 * microblock or macroblock; cursors and probes handle that.
 *
 * Lifetime: the table store holds one reference; a scan retains the SSTables it reads. At zero
 * references the SSTable drops its references on its macroblocks (`BlockManager.free`).
 */
import { assert } from '../common/assert';
import type { Scn } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { SstableSnapshot, SstableType } from '../server/snapshot';
import type { KeyRange } from '../sql/exec_context';
import type { BlockManager } from './block_manager';
import { rangeIsEmpty, type Projection, type VersionIterator } from './iterator';
import type { MacroBlockIndex, MicroIndexEntry } from './macroblock';
import type { VersionProbe } from './memtable';
import type { MicroBlockRows } from './microblock';

export const SSTABLE_FORMAT_VERSION = 1;

/** One macroblock of an SSTable, as recorded in the SSTable's meta. */
export interface MacroBlockMeta {
  blockId: number;
  firstKey: EncodedRowkey;
  lastKey: EncodedRowkey;
  rowCount: number;
  microBlockCount: number;
  /** Bytes written in the 2 MiB slot. */
  usedBytes: number;
  /** Sum (mod 2^32) of the logical row hashes of its rows. */
  rowChecksum: number;
}

/** JSON-safe description of an SSTable (SCNs as decimal strings). */
export interface SSTableMeta {
  formatVersion: number;
  kind: SstableType;
  /** Sequence number within the tablet (newer tables have larger numbers). */
  seq: number;
  startScn: string;
  endScn: string;
  /** Smallest and largest commit SCN of the versions stored ("0" when empty). */
  minVersionScn: string;
  maxVersionScn: string;
  /** Every log entry ≤ this LSN is reflected (minis and minors: of the dumped memtables). */
  endLsn: number;
  /** Stored row versions (a MAJOR: rows). */
  rowCount: number;
  bytes: number;
  /** Sum (mod 2^32) of the macroblocks' row checksums: for a MAJOR, the baseline checksum. */
  checksum: number;
  macroBlocks: MacroBlockMeta[];
  reusedMacroBlockCount: number;
}

export class SSTable {
  readonly kind: SstableType;
  readonly startScn: Scn;
  readonly endScn: Scn;
  readonly minVersionScn: Scn;
  readonly maxVersionScn: Scn;
  private readonly macroIndexes: (MacroBlockIndex | undefined)[];
  private refCount = 1;

  private constructor(
    readonly meta: SSTableMeta,
    readonly blockManager: BlockManager,
  ) {
    assert(meta.formatVersion === SSTABLE_FORMAT_VERSION, `unknown SSTable format ${meta.formatVersion}`);
    this.kind = meta.kind;
    this.startScn = BigInt(meta.startScn) as Scn;
    this.endScn = BigInt(meta.endScn) as Scn;
    this.minVersionScn = BigInt(meta.minVersionScn) as Scn;
    this.maxVersionScn = BigInt(meta.maxVersionScn) as Scn;
    this.macroIndexes = new Array(meta.macroBlocks.length);
  }

  /**
   * Opens a just-built SSTable described by `meta`, taking one reference on each of its
   * macroblocks (new ones still held by the builder, or ones reused from an older major). The
   * returned table holds the owner's reference.
   */
  static open(meta: SSTableMeta, bm: BlockManager): SSTable {
    for (const m of meta.macroBlocks) bm.ref(m.blockId);
    return new SSTable(meta, bm);
  }

  /**
   * Reopens a checkpointed SSTable after a restart. Its blocks' references come from
   * `BlockManager.markUsed` (the server marks every block its checkpoint lists before restoring
   * tablets); a block not marked yet is marked here, so either order is safe.
   */
  static restore(meta: SSTableMeta, bm: BlockManager): SSTable {
    const unmarked = meta.macroBlocks.filter((m) => !bm.isUsed(m.blockId)).map((m) => m.blockId);
    if (unmarked.length > 0) bm.markUsed(unmarked);
    return new SSTable(meta, bm);
  }

  get seq(): number {
    return this.meta.seq;
  }
  get rowCount(): number {
    return this.meta.rowCount;
  }
  get macroBlocks(): readonly MacroBlockMeta[] {
    return this.meta.macroBlocks;
  }
  get isEmpty(): boolean {
    return this.meta.macroBlocks.length === 0;
  }
  get references(): number {
    return this.refCount;
  }

  retain(): void {
    assert(this.refCount > 0, 'retain of a released SSTable');
    this.refCount++;
  }

  /** Drops a reference; the last one frees the macroblocks' references. */
  release(): void {
    assert(this.refCount > 0, 'SSTable released twice');
    if (--this.refCount > 0) return;
    for (const m of this.meta.macroBlocks) this.blockManager.free(m.blockId);
  }

  /** The checked microblock index of macroblock `i` (read once, then kept). */
  macroIndex(i: number): MacroBlockIndex {
    let idx = this.macroIndexes[i];
    if (idx === undefined) {
      const m = this.meta.macroBlocks[i];
      idx = this.blockManager.readMacroIndex(m.blockId);
      if (idx.rowCount !== m.rowCount || idx.micros.length !== m.microBlockCount) {
        throw Errors.checksumError(this.blockManager.path, m.blockId);
      }
      this.macroIndexes[i] = idx;
    }
    return idx;
  }

  /** Decoded rows of microblock `u` of macroblock `i`. */
  micro(i: number, u: number): MicroBlockRows {
    return this.blockManager.readMicroBlock(this.meta.macroBlocks[i].blockId, this.macroIndex(i).micros[u]);
  }

  /** Offers `key`'s newest version with SCN ≤ `snapshot` to `probe`. */
  probe(key: EncodedRowkey, snapshot: Scn, probe: VersionProbe): void {
    if (this.minVersionScn > snapshot || this.isEmpty) return;
    let mi = firstMacroAtOrAfter(this.meta.macroBlocks, key);
    for (; mi < this.meta.macroBlocks.length; mi++) {
      if (this.meta.macroBlocks[mi].firstKey > key) return;
      const micros = this.macroIndex(mi).micros;
      for (let ui = firstMicroAtOrAfter(micros, key); ui < micros.length; ui++) {
        if (micros[ui].firstKey > key) return;
        const rows = this.micro(mi, ui);
        let i = lowerBound(rows.keys, key, 0, rows.rowCount);
        for (; i < rows.rowCount && rows.keys[i] === key; i++) {
          if (rows.scns[i] <= snapshot) {
            probe.offer(rows.scns[i], rows.rowAt(i));
            return;
          }
        }
        if (i < rows.rowCount) return;
      }
    }
  }

  /** The SCN of `key`'s newest version here, or null. */
  newestScn(key: EncodedRowkey): Scn | null {
    if (this.isEmpty) return null;
    const mi = firstMacroAtOrAfter(this.meta.macroBlocks, key);
    if (mi >= this.meta.macroBlocks.length || this.meta.macroBlocks[mi].firstKey > key) return null;
    const micros = this.macroIndex(mi).micros;
    const ui = firstMicroAtOrAfter(micros, key);
    if (ui >= micros.length || micros[ui].firstKey > key) return null;
    const rows = this.micro(mi, ui);
    const i = lowerBound(rows.keys, key, 0, rows.rowCount);
    return i < rows.rowCount && rows.keys[i] === key ? rows.scns[i] : null;
  }

  /** A version cursor over `range` (see iterator.ts for the order). */
  iterator(range: KeyRange, reverse: boolean): VersionIterator {
    return new SSTableIterator(this, range, reverse);
  }

  snapshot(): SstableSnapshot {
    const m = this.meta;
    return {
      type: m.kind,
      rowCount: m.rowCount,
      bytes: m.bytes,
      startScn: m.startScn,
      endScn: m.endScn,
      macroBlockCount: m.macroBlocks.length,
      microBlockCount: m.macroBlocks.reduce((n, b) => n + b.microBlockCount, 0),
      ...(m.kind === 'MAJOR' ? { reusedMacroBlockCount: m.reusedMacroBlockCount } : {}),
    };
  }
}

/** First i in [lo, hi) with keys[i] ≥ key. */
export function lowerBound(keys: readonly EncodedRowkey[], key: EncodedRowkey, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First i in [lo, hi) with keys[i] > key. */
export function upperBound(keys: readonly EncodedRowkey[], key: EncodedRowkey, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First span (macroblock or microblock) whose last key is ≥ key (or > key when `strict`). */
function firstSpanEndingAtOrAfter(spans: readonly { lastKey: EncodedRowkey }[], key: EncodedRowkey, strict = false): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? spans[mid].lastKey <= key : spans[mid].lastKey < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Last span whose first key is ≤ key (or < key when `strict`); −1 when none. */
function lastSpanStartingAtOrBefore(spans: readonly { firstKey: EncodedRowkey }[], key: EncodedRowkey, strict = false): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? spans[mid].firstKey < key : spans[mid].firstKey <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

const firstMacroAtOrAfter = (m: readonly MacroBlockMeta[], key: EncodedRowkey) => firstSpanEndingAtOrAfter(m, key);
const firstMicroAtOrAfter = (m: readonly MicroIndexEntry[], key: EncodedRowkey) => firstSpanEndingAtOrAfter(m, key);

/**
 * Cursor over an SSTable's versions within a key range. Inside a microblock it walks the decoded
 * arrays between precomputed bounds [lo, hi), so a row costs no key comparison.
 */
class SSTableIterator implements VersionIterator {
  private mi = 0;
  private ui = 0;
  private rows: MicroBlockRows | null = null;
  private i = 0;
  private lo = 0;
  private hi = 0;

  constructor(
    private readonly table: SSTable,
    private readonly range: KeyRange,
    private readonly reverse: boolean,
  ) {
    const macros = table.macroBlocks;
    if (rangeIsEmpty(range) || macros.length === 0) return;
    if (reverse) {
      this.mi = lastSpanStartingAtOrBefore(macros, range.end, !range.endInclusive);
      if (this.mi < 0) return;
      const micros = table.macroIndex(this.mi).micros;
      this.ui = lastSpanStartingAtOrBefore(micros, range.end, !range.endInclusive);
    } else {
      this.mi = firstSpanEndingAtOrAfter(macros, range.start, !range.startInclusive);
      if (this.mi >= macros.length) return;
      const micros = table.macroIndex(this.mi).micros;
      this.ui = firstSpanEndingAtOrAfter(micros, range.start, !range.startInclusive);
    }
    this.enterMicro();
  }

  isValid(): boolean {
    return this.rows !== null;
  }
  key(): EncodedRowkey {
    return this.rows!.keys[this.i];
  }
  scn(): Scn {
    return this.rows!.scns[this.i];
  }
  isDelete(): boolean {
    return this.rows!.isDeleteAt(this.i);
  }
  row(): Value[] | null {
    return this.rows!.rowAt(this.i);
  }
  projectedRow(p: Projection | null): Value[] {
    return this.rows!.projectedRowAt(this.i, p);
  }
  storedRow(): Uint8Array | null {
    return this.rows!.encodedRowAt(this.i);
  }

  next(): void {
    if (this.rows === null) return;
    if (this.reverse ? --this.i >= this.lo : ++this.i < this.hi) return;
    if (this.stepPosition()) this.enterMicro();
    else this.rows = null;
  }

  /** Moves (mi, ui) to the next microblock in this direction; false past the last one. */
  private stepPosition(): boolean {
    const t = this.table;
    if (this.reverse) {
      if (--this.ui < 0) {
        if (--this.mi < 0) return false;
        this.ui = t.macroIndex(this.mi).micros.length - 1;
      }
    } else if (++this.ui >= t.macroIndex(this.mi).micros.length) {
      if (++this.mi >= t.macroBlocks.length) return false;
      this.ui = 0;
    }
    return true;
  }

  /** Loads microblock (mi, ui) and positions inside the range, or ends when it lies past it. */
  private enterMicro(): void {
    const r = this.range;
    for (;;) {
      const entry = this.table.macroIndex(this.mi).micros[this.ui];
      if (entry === undefined || (this.reverse ? beforeStart(entry.lastKey, r) : afterEnd(entry.firstKey, r))) {
        this.rows = null;
        return;
      }
      const rows = this.table.micro(this.mi, this.ui);
      const n = rows.rowCount;
      this.lo = beforeStart(entry.firstKey, r)
        ? r.startInclusive ? lowerBound(rows.keys, r.start, 0, n) : upperBound(rows.keys, r.start, 0, n)
        : 0;
      this.hi = afterEnd(entry.lastKey, r)
        ? r.endInclusive ? upperBound(rows.keys, r.end, 0, n) : lowerBound(rows.keys, r.end, 0, n)
        : n;
      if (this.lo < this.hi) {
        this.rows = rows;
        this.i = this.reverse ? this.hi - 1 : this.lo;
        return;
      }
      if (!this.stepPosition()) {
        this.rows = null;
        return;
      }
    }
  }
}
/** True when `key` is below the range's start bound. */
function beforeStart(key: EncodedRowkey, r: KeyRange): boolean {
  return r.startInclusive ? key < r.start : key <= r.start;
}

/** True when `key` is above the range's end bound. */
function afterEnd(key: EncodedRowkey, r: KeyRange): boolean {
  return r.endInclusive ? key > r.end : key >= r.end;
}
