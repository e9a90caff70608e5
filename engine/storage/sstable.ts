/**
 * An immutable SSTable (OceanBase's `ObSSTable`): an ordered list of macroblocks in the server's
 * block file, described by an `SSTableMeta` (kept in the tablet's meta for the checkpoint).
 *
 * Kinds, as `GV$OB_SSTABLES.TABLE_TYPE` names them: MINI (a dumped memtable, L0), MINOR (merged
 * minis, L1) and MAJOR (the baseline at a frozen SCN, L2). MINI and MINOR rows are
 * multi-version: every committed version, delete markers included, ordered (rowkey asc, SCN
 * desc), in flat microblocks. A MAJOR holds one live version per rowkey — the newest at its
 * frozen SCN, deletes dropped — in encoded microblocks (encoded_microblock.ts) since format 2;
 * format-1 (flat) majors from older checkpoints still open and read.
 *
 * Column groups (issue 3, OceanBase's CO SSTable): an encoded SSTable stores one column group
 * (`group`: its stored columns, classes, skip-index bits and rolled-up aggregates). A major is a
 * keyed group SSTable — `all columns` (row and hybrid stores) or `rowkey` (pure column store) —
 * plus, in `columnGroups`, one unkeyed SSTable per column (`each column`). Rows line up by
 * ordinal across the group SSTables: each macroblock meta records its first row's ordinal, and
 * `microDirectory()` maps ordinals to microblocks. When the keyed group lacks columns (pure
 * column store), row reads assemble the missing columns from the column groups by ordinal
 * (COLUMN TABLE GET).
 *
 * Lookups: the macroblock list (first/last key in the meta) and each macroblock's microblock
 * index (read from disk on first use, checked, then kept) are binary-searched, then the
 * microblock (from the block cache) is. A rowkey's versions may continue into the next
 * microblock or macroblock; cursors and probes handle that.
 *
 * Lifetime: the table store holds one reference; a scan retains the SSTables it reads. At zero
 * references the SSTable drops its references on its macroblocks (`BlockManager.free`), and its
 * column-group SSTables theirs.
 */
import { assert } from '../common/assert';
import type { Scn } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { ColumnGroupSstableSnapshot, SstableSnapshot, SstableType } from '../server/snapshot';
import type { KeyRange } from '../sql/exec_context';
import type { BlockManager } from './block_manager';
import { EncodedMicroBlock } from './encoded_microblock';
import type { ColumnClass } from './encoding/types';
import type { ScanStats } from './types';
import { rangeIsEmpty, type Projection, type VersionIterator } from './iterator';
import type { MacroBlockIndex, MicroIndexEntry } from './macroblock';
import type { VersionProbe } from './memtable';
import type { MicroRows } from './microblock';
import { RowDecoder } from './row_decoder';
import { readStats, storedFromJson, type StoredStats, type StoredStatsJson } from './skip_index';

/** Format 1: flat microblocks only (before issue 3). Format 2: flat or encoded, column groups. */
export const SSTABLE_FORMAT_VERSION = 2;
export const SSTABLE_FORMAT_VERSION_FLAT = 1;

/** One macroblock of an SSTable, as recorded in the SSTable's meta. */
export interface MacroBlockMeta {
  blockId: number;
  firstKey: EncodedRowkey;
  lastKey: EncodedRowkey;
  rowCount: number;
  microBlockCount: number;
  /** Bytes written in the 2 MiB slot. */
  usedBytes: number;
  /** Sum (mod 2^32) of the logical row hashes of its rows (0 in unkeyed column groups). */
  rowChecksum: number;
  /** Encoded: ordinal of its first row within the SSTable (rows line up across column groups). */
  firstRowOrdinal?: number;
  /** Encoded: RAW bytes of its rows (before encoding and compression). */
  rawBytes?: number;
  /** Encoded: skip-index aggregates per group column, rolled up from its microblocks. */
  stats?: (StoredStatsJson | null)[];
  /** True when an incremental major appended it unchanged from the previous major. */
  reused?: boolean;
}

/** The column group an encoded SSTable stores. */
export interface ColumnGroupMeta {
  /** 'all columns', 'rowkey', or the stored column index of an `each column` group. */
  name: string;
  /** Stored column indexes, in the group's order. */
  columns: number[];
  /** Whether rowkeys and SCNs are stored (the all-columns and rowkey groups). */
  keyed: boolean;
  /** Per group column: the class from the storage schema, or null (inferred per microblock). */
  classes: (ColumnClass | null)[];
  /** Per group column: skip-index bits. */
  skipBits: number[];
  /** Per group column: aggregates over the whole SSTable (null: not kept). */
  stats?: (StoredStatsJson | null)[];
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
  /** Microblock format (absent in format 1: flat). */
  format?: 'flat' | 'encoded';
  /** Table option COMPRESSION of its encoded microblocks. */
  compression?: string;
  /** RAW bytes of the rows (encoded SSTables). */
  rawBytes?: number;
  /** Encoded: the column group stored here. */
  group?: ColumnGroupMeta;
  /** A major's store format ('row', 'column', 'hybrid'). */
  storeFormat?: 'row' | 'column' | 'hybrid';
  /** A columnar major: the `each column` group SSTables (same rows, by ordinal). */
  columnGroups?: SSTableMeta[];
}

/** Ordinal position of every microblock of an SSTable, in order. */
export interface MicroDirectory {
  /** Per microblock: its macroblock index, index inside the macroblock, first row ordinal. */
  macro: Int32Array;
  micro: Int32Array;
  start: Float64Array;
  /** start[] plus the total row count at the end (length + 1 entries). */
  count: number;
}

export class SSTable {
  readonly kind: SstableType;
  readonly startScn: Scn;
  readonly endScn: Scn;
  readonly minVersionScn: Scn;
  readonly maxVersionScn: Scn;
  /** The `each column` group SSTables of a columnar major (empty otherwise). */
  readonly columnGroups: SSTable[];
  /** Per table column: its position in this SSTable's group, or −1 (all columns when flat). */
  private readonly groupPos: number[];
  /** Per table column: the column-group SSTable holding it (when this group lacks it). */
  private readonly cgOf: (SSTable | undefined)[];
  /** True when rows read here must take columns from `columnGroups` (a pure column store). */
  readonly assembles: boolean;
  private readonly macroIndexes: (MacroBlockIndex | undefined)[];
  private readonly microStats: ((StoredStats | null)[] | undefined)[][];
  private directory: MicroDirectory | null = null;
  /** Sequential-access cache of `valueAtOrdinal`. */
  private lastMicro: { start: number; end: number; rows: EncodedMicroBlock } | null = null;
  private refCount = 1;

  private constructor(
    readonly meta: SSTableMeta,
    readonly blockManager: BlockManager,
    columnGroups: SSTable[],
  ) {
    assert(
      meta.formatVersion === SSTABLE_FORMAT_VERSION || meta.formatVersion === SSTABLE_FORMAT_VERSION_FLAT,
      `unknown SSTable format ${meta.formatVersion}`,
    );
    this.kind = meta.kind;
    this.startScn = BigInt(meta.startScn) as Scn;
    this.endScn = BigInt(meta.endScn) as Scn;
    this.minVersionScn = BigInt(meta.minVersionScn) as Scn;
    this.maxVersionScn = BigInt(meta.maxVersionScn) as Scn;
    this.macroIndexes = new Array(meta.macroBlocks.length);
    this.microStats = meta.macroBlocks.map(() => []);
    this.columnGroups = columnGroups;
    this.groupPos = [];
    this.cgOf = [];
    const g = meta.group;
    if (g !== undefined) g.columns.forEach((c, j) => (this.groupPos[c] = j));
    for (const cg of columnGroups) for (const c of cg.meta.group?.columns ?? []) if (this.groupPos[c] === undefined) this.cgOf[c] = cg;
    this.assembles = g !== undefined && g.name !== 'all columns' && columnGroups.length > 0;
  }

  /**
   * Opens a just-built SSTable described by `meta` (and its column groups), taking one reference
   * on each of its macroblocks (new ones still held by the builder, or ones reused from an older
   * major). The returned table holds the owner's reference.
   */
  static open(meta: SSTableMeta, bm: BlockManager): SSTable {
    for (const m of meta.macroBlocks) bm.ref(m.blockId);
    return new SSTable(meta, bm, (meta.columnGroups ?? []).map((g) => SSTable.open(g, bm)));
  }

  /**
   * Reopens a checkpointed SSTable after a restart. Its blocks' references come from
   * `BlockManager.markUsed` (the server marks every block its checkpoint lists before restoring
   * tablets); a block not marked yet is marked here, so either order is safe.
   */
  static restore(meta: SSTableMeta, bm: BlockManager): SSTable {
    const unmarked = meta.macroBlocks.filter((m) => !bm.isUsed(m.blockId)).map((m) => m.blockId);
    if (unmarked.length > 0) bm.markUsed(unmarked);
    return new SSTable(meta, bm, (meta.columnGroups ?? []).map((g) => SSTable.restore(g, bm)));
  }

  /** Every block id of `meta` and its column groups. */
  static blockIdsOf(meta: SSTableMeta): number[] {
    return [...meta.macroBlocks.map((m) => m.blockId), ...(meta.columnGroups ?? []).flatMap((g) => SSTable.blockIdsOf(g))];
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
  get isEncoded(): boolean {
    return this.meta.format === 'encoded';
  }
  get group(): ColumnGroupMeta | undefined {
    return this.meta.group;
  }

  retain(): void {
    assert(this.refCount > 0, 'retain of a released SSTable');
    this.refCount++;
  }

  /** Drops a reference; the last one frees the macroblocks' references (column groups too). */
  release(): void {
    assert(this.refCount > 0, 'SSTable released twice');
    if (--this.refCount > 0) return;
    for (const m of this.meta.macroBlocks) this.blockManager.free(m.blockId);
    for (const g of this.columnGroups) g.release();
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
  micro(i: number, u: number): MicroRows {
    return this.blockManager.readMicroBlock(this.meta.macroBlocks[i].blockId, this.macroIndex(i).micros[u]);
  }

  /** Microblock `u` of macroblock `i` of an encoded SSTable. */
  encodedMicro(i: number, u: number): EncodedMicroBlock {
    const m = this.micro(i, u);
    if (!(m instanceof EncodedMicroBlock)) throw Errors.checksumError(this.blockManager.path, this.meta.macroBlocks[i].blockId);
    return m;
  }

  /** The index entry (offset, length, rows, keys) of microblock `u` of macroblock `i`. */
  microEntry(i: number, u: number): MicroIndexEntry {
    return this.macroIndex(i).micros[u];
  }

  /** Skip-index aggregates of microblock `u` of macroblock `i` per group column (from the index). */
  microStatsAt(i: number, u: number): (StoredStats | null)[] {
    let s = this.microStats[i][u];
    if (s === undefined) {
      const e = this.macroIndex(i).micros[u];
      const bm = this.blockManager;
      if (e.aux === undefined || e.aux.length === 0) s = [];
      else {
        const d = new RowDecoder(e.aux, `${bm.path} block ${this.meta.macroBlocks[i].blockId}`);
        s = readStats(d, e.rowCount);
        const classes = this.meta.group?.classes ?? [];
        if (s.length !== classes.length) throw Errors.checksumError(bm.path, this.meta.macroBlocks[i].blockId);
      }
      this.microStats[i][u] = s;
    }
    return s;
  }

  /** Aggregates of macroblock `i` per group column (from the meta). */
  macroStatsAt(i: number): (StoredStats | null)[] {
    const g = this.meta.group;
    const js = this.meta.macroBlocks[i].stats;
    if (g === undefined || js === undefined) return [];
    return js.map((j, k) => (g.classes[k] === null ? null : storedFromJson(j, g.classes[k]!)));
  }

  /** Aggregates of the whole SSTable per group column. */
  tableStats(): (StoredStats | null)[] {
    const g = this.meta.group;
    if (g === undefined || g.stats === undefined) return [];
    return g.stats.map((j, k) => (g.classes[k] === null ? null : storedFromJson(j, g.classes[k]!)));
  }

  /** Ordinal of macroblock `i`'s first row. */
  macroFirstOrdinal(i: number): number {
    const m = this.meta.macroBlocks[i];
    if (m.firstRowOrdinal !== undefined) return m.firstRowOrdinal;
    let o = 0;
    for (let k = 0; k < i; k++) o += this.meta.macroBlocks[k].rowCount;
    return o;
  }

  /** Every microblock with its first row ordinal (reads each macroblock's index once). */
  microDirectory(): MicroDirectory {
    if (this.directory !== null) return this.directory;
    const blocks = this.meta.macroBlocks;
    let n = 0;
    for (const b of blocks) n += b.microBlockCount;
    const macro = new Int32Array(n);
    const micro = new Int32Array(n);
    const start = new Float64Array(n + 1);
    let k = 0;
    for (let i = 0; i < blocks.length; i++) {
      let o = this.macroFirstOrdinal(i);
      const micros = this.macroIndex(i).micros;
      for (let u = 0; u < micros.length; u++) {
        macro[k] = i;
        micro[k] = u;
        start[k] = o;
        o += micros[u].rowCount;
        k++;
      }
    }
    start[n] = this.meta.rowCount;
    this.directory = { macro, micro, start, count: n };
    return this.directory;
  }

  /** Index in `microDirectory()` of the microblock holding row `ordinal`. */
  microOfOrdinal(ordinal: number): number {
    const d = this.microDirectory();
    let lo = 0;
    let hi = d.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (d.start[mid + 1] <= ordinal) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Value of group column `j` at row `ordinal` (an encoded SSTable; sequential reads are cheap). */
  valueAtOrdinal(ordinal: number, j: number): Value {
    let last = this.lastMicro;
    if (last === null || ordinal < last.start || ordinal >= last.end) {
      const k = this.microOfOrdinal(ordinal);
      const d = this.microDirectory();
      assert(k < d.count, `ordinal ${ordinal} past the SSTable`);
      last = this.lastMicro = { start: d.start[k], end: d.start[k + 1], rows: this.encodedMicro(d.macro[k], d.micro[k]) };
    }
    return last.rows.valueAt(j, ordinal - last.start);
  }

  /**
   * Row `i` of microblock (mi, ui) with the columns the keyed group lacks taken from the column
   * groups by ordinal (a pure column store), projected by `p` (all columns when null).
   */
  assembleRow(mi: number, ui: number, i: number, p: Projection | null): Value[] {
    const rows = this.encodedMicro(mi, ui);
    let ordinal = -1;
    const width = p === null ? this.groupPos.length > this.cgOf.length ? this.groupPos.length : this.cgOf.length : p.columns.length;
    const out = new Array<Value>(width);
    for (let k = 0; k < width; k++) {
      const c = p === null ? k : p.columns[k];
      const pos = this.groupPos[c];
      if (pos !== undefined) {
        out[k] = rows.valueAt(pos, i);
        continue;
      }
      const cg = this.cgOf[c];
      if (cg === undefined) {
        out[k] = null;
        continue;
      }
      if (ordinal < 0) ordinal = this.ordinalOf(mi, ui, i);
      out[k] = cg.valueAtOrdinal(ordinal, cg.groupPos[c]);
    }
    return out;
  }

  /** Ordinal of row `i` of microblock (mi, ui). */
  ordinalOf(mi: number, ui: number, i: number): number {
    let o = this.macroFirstOrdinal(mi) + i;
    const micros = this.macroIndex(mi).micros;
    for (let u = 0; u < ui; u++) o += micros[u].rowCount;
    return o;
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
            probe.offer(rows.scns[i], this.assembles ? this.assembleRow(mi, ui, i, null) : rows.rowAt(i));
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

  /**
   * Ordinal of the first row at or after the range's start (`start` side) or past its end (`end`
   * side) — a key range mapped to rows [lo, hi) of a keyed SSTable.
   */
  ordinalBound(range: KeyRange, side: 'start' | 'end'): number {
    const macros = this.meta.macroBlocks;
    if (macros.length === 0) return 0;
    const key = side === 'start' ? range.start : range.end;
    // start: first row with key >= start (> when exclusive); end: first row with key > end (>= when exclusive).
    const strict = side === 'start' ? !range.startInclusive : range.endInclusive;
    const mi = firstSpanEndingAtOrAfter(macros, key, strict);
    if (mi >= macros.length) return this.meta.rowCount;
    const micros = this.macroIndex(mi).micros;
    const ui = firstSpanEndingAtOrAfter(micros, key, strict);
    if (ui >= micros.length) return this.macroFirstOrdinal(mi) + macros[mi].rowCount;
    const base = this.ordinalOf(mi, ui, 0);
    const e = micros[ui];
    if (strict ? e.firstKey > key : e.firstKey >= key) return base;
    const rows = this.micro(mi, ui);
    return base + (strict ? upperBound(rows.keys, key, 0, rows.rowCount) : lowerBound(rows.keys, key, 0, rows.rowCount));
  }

  /** A version cursor over `range` (see iterator.ts for the order); each microblock it loads is
   *  added to `stats` (microBlocksRead, bytesRead) when given. */
  iterator(range: KeyRange, reverse: boolean, stats: ScanStats | null = null): VersionIterator {
    return new SSTableIterator(this, range, reverse, stats);
  }

  /** Bytes on disk of this SSTable and its column groups. */
  get totalBytes(): number {
    return this.meta.bytes + this.columnGroups.reduce((n, g) => n + g.meta.bytes, 0);
  }

  snapshot(): SstableSnapshot {
    const m = this.meta;
    const all = [this, ...this.columnGroups];
    const snap: SstableSnapshot = {
      type: m.kind,
      rowCount: m.rowCount,
      bytes: this.totalBytes,
      startScn: m.startScn,
      endScn: m.endScn,
      macroBlockCount: all.reduce((n, t) => n + t.meta.macroBlocks.length, 0),
      microBlockCount: all.reduce((n, t) => n + t.meta.macroBlocks.reduce((k, b) => k + b.microBlockCount, 0), 0),
      format: m.format ?? 'flat',
    };
    if (m.kind === 'MAJOR') snap.reusedMacroBlockCount = all.reduce((n, t) => n + t.meta.reusedMacroBlockCount, 0);
    if (m.format === 'encoded') {
      snap.compression = m.compression;
      snap.rawBytes = all.reduce((n, t) => n + (t.meta.rawBytes ?? 0), 0);
      if (this.columnGroups.length > 0) snap.columnGroups = all.map((t) => t.groupSnapshot());
    }
    return snap;
  }

  private groupSnapshot(): ColumnGroupSstableSnapshot {
    const m = this.meta;
    return {
      name: m.group?.name ?? 'all columns',
      columns: m.group?.columns ?? [],
      rowCount: m.rowCount,
      bytes: m.bytes,
      rawBytes: m.rawBytes ?? 0,
      macroBlockCount: m.macroBlocks.length,
      microBlockCount: m.macroBlocks.reduce((k, b) => k + b.microBlockCount, 0),
      reusedMacroBlockCount: m.reusedMacroBlockCount,
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
  private rows: MicroRows | null = null;
  private i = 0;
  private lo = 0;
  private hi = 0;

  constructor(
    private readonly table: SSTable,
    private readonly range: KeyRange,
    private readonly reverse: boolean,
    private readonly stats: ScanStats | null,
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
    return this.table.assembles ? this.table.assembleRow(this.mi, this.ui, this.i, null) : this.rows!.rowAt(this.i);
  }
  projectedRow(p: Projection | null): Value[] {
    return this.table.assembles ? this.table.assembleRow(this.mi, this.ui, this.i, p) : this.rows!.projectedRowAt(this.i, p);
  }
  storedRow(): Value[] | Uint8Array | null {
    return this.table.assembles ? this.table.assembleRow(this.mi, this.ui, this.i, null) : this.rows!.storedRowAt(this.i);
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
      if (this.stats !== null) {
        this.stats.microBlocksRead++;
        this.stats.bytesRead += entry.length;
      }
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
