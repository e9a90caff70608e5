/**
 * Column scans and aggregate pushdown over an encoded major (OceanBase's vectorized column-store
 * scan, `ObCOSSTableRowScanner`, with pushed-down filters on encoded data and skip-index
 * aggregation, reference §4.9–4.10). Used by `Tablet.scanColumns` / `aggregateColumns` when no
 * incremental layer with versions visible at the snapshot overlaps the range (otherwise the
 * tablet falls back to its row scan).
 *
 * A key range is first mapped to rows [lo, hi) by ordinal in the keyed group. Each requested
 * column is read from one group SSTable: its `each column` group in a column store (or a hybrid
 * asked for columns), else the all-columns group. Group SSTables cut microblocks at different
 * rows, so the scan walks ordinal *windows*: the union of every involved group's microblock
 * boundaries. Per window:
 *   1. a predicate whose column's microblock skip index rules it out skips that whole microblock's
 *      rows (`microBlocksSkipped`) — no group reads them;
 *   2. predicates are evaluated once per microblock on the encoded data (`filterEncoded`: DICT
 *      entries, RLE runs, CONST, packed deltas), else on the decoded vector (`filterVector`);
 *   3. the requested columns of a window with surviving rows are decoded (vectors cached with the
 *      block) and handed out as zero-copy slices with a selection vector.
 * Aggregates use the SSTable's, then the macroblocks', then the microblocks' stored aggregates
 * for whole blocks inside the range (`microBlocksAggregated`) and decode only partial ones.
 *
 * No per-row objects: selections are typed arrays; string and bigint columns stay `values`.
 */
import type { Value } from '../common/value';
import { EncodedMicroBlock } from './encoded_microblock';
import { filterEncoded, filterVector, mergeStats, predicateMayMatch, vectorStats } from './encoding';
import type { ColumnClass, ColumnStats, ColumnVector, StoragePredicate } from './encoding/types';
import { canAggregate, canPrune, emptyStats } from './skip_index';
import type { SSTable } from './sstable';
import type { ColumnBatch, ScanStats } from './types';

/** Where one requested column is read: a group SSTable and the column's position in it. */
interface ColumnSource {
  table: SSTable;
  pos: number;
  /** Class from the schema (null: take the microblock's). */
  cls: ColumnClass | null;
}

/**
 * Picks, per stored column, the group SSTable to read. `preferColumns`: use `each column`
 * groups when the major has them (a column store always has to for non-rowkey columns).
 */
export function columnSources(major: SSTable, columns: readonly number[], preferColumns: boolean): (ColumnSource | null)[] {
  const keyed = major.group;
  const keyedPos = new Map<number, number>();
  keyed?.columns.forEach((c, j) => keyedPos.set(c, j));
  const cgPos = new Map<number, SSTable>();
  for (const cg of major.columnGroups) for (const c of cg.group?.columns ?? []) cgPos.set(c, cg);
  return columns.map((c) => {
    const cg = cgPos.get(c);
    const kp = keyedPos.get(c);
    if (cg !== undefined && (preferColumns || kp === undefined)) {
      const pos = cg.group!.columns.indexOf(c);
      return { table: cg, pos, cls: cg.group!.classes[pos] };
    }
    if (kp === undefined || keyed === undefined) return null;
    return { table: major, pos: kp, cls: keyed.classes[kp] };
  });
}

/** The keyed group's rows [lo, hi) for `range`-mapped bounds. */
export function ordinalRange(major: SSTable, range: import('../sql/exec_context').KeyRange): [number, number] {
  const lo = major.ordinalBound(range, 'start');
  const hi = major.ordinalBound(range, 'end');
  return [lo, Math.max(lo, hi)];
}

/** `v` rows [from, to) without copying typed arrays. */
export function sliceVector(v: ColumnVector, from: number, to: number): ColumnVector {
  if (from === 0 && to === v.length) return v;
  const nulls = v.nulls === null ? null : v.nulls.subarray(from, to);
  const d = v.data;
  const length = to - from;
  switch (d.kind) {
    case 'int':
    case 'double':
      return { length, nulls, data: { kind: d.kind, values: d.values.subarray(from, to) } };
    case 'decimal':
      return { length, nulls, data: { kind: 'decimal', unscaled: d.unscaled.subarray(from, to), scale: d.scale } };
    case 'dict':
      return { length, nulls, data: { kind: 'dict', codes: d.codes.subarray(from, to), dict: d.dict } };
    case 'values':
      return { length, nulls, data: { kind: 'values', values: d.values.slice(from, to) } };
  }
}

/** Column `j` of row-major `rows` as a `values` vector. */
export function valuesVector(rows: readonly (readonly Value[])[], j: number): ColumnVector {
  const n = rows.length;
  const values = new Array<Value>(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = rows[i][j];
    values[i] = v;
    if (v === null) (nulls ??= new Uint8Array(n))[i] = 1;
  }
  return { length: n, nulls, data: { kind: 'values', values } };
}

/** A vector of `n` NULLs (a column added after the major was written). */
export function nullVector(n: number): ColumnVector {
  return { length: n, nulls: new Uint8Array(n).fill(1), data: { kind: 'values', values: new Array<Value>(n).fill(null) } };
}

/** Per group SSTable involved in a scan: its microblock directory and position. */
class GroupCursor {
  k = 0;
  loadedK = -1;
  micro: EncodedMicroBlock | null = null;
  readonly dir;

  constructor(
    readonly table: SSTable,
    private readonly stats: ScanStats,
  ) {
    this.dir = table.microDirectory();
  }

  /** Moves to the microblock holding row `pos`. */
  seek(pos: number): void {
    const start = this.dir.start;
    if (this.k < this.dir.count && start[this.k] <= pos && pos < start[this.k + 1]) return;
    while (this.k < this.dir.count && start[this.k + 1] <= pos) this.k++;
    if (this.k >= this.dir.count || start[this.k] > pos) this.k = this.table.microOfOrdinal(pos);
  }

  get start(): number {
    return this.dir.start[this.k];
  }
  get end(): number {
    return this.dir.start[this.k + 1];
  }

  /** The current microblock, read (and counted) once. */
  load(): EncodedMicroBlock {
    if (this.loadedK !== this.k || this.micro === null) {
      const d = this.dir;
      this.micro = this.table.encodedMicro(d.macro[this.k], d.micro[this.k]);
      this.loadedK = this.k;
      this.stats.microBlocksRead++;
      this.stats.bytesRead += this.micro.storedBytes;
    }
    return this.micro;
  }
}

interface PredicateState {
  pred: StoragePredicate;
  cursor: GroupCursor;
  pos: number;
  cls: ColumnClass | null;
  /** Microblock index the selection bytes are for, and the bytes (1 = passes). */
  selK: number;
  sel: Uint8Array;
  /** Last microblock counted as skipped. */
  skippedK: number;
}

/**
 * Column batches of rows [lo, hi) of `major` (all visible: the caller checked the snapshot):
 * `columns` are stored column indexes, `predicates` refer to positions in `columns`.
 */
export function* scanMajorColumns(
  major: SSTable,
  lo: number,
  hi: number,
  columns: readonly number[],
  predicates: readonly StoragePredicate[],
  preferColumns: boolean,
  stats: ScanStats,
): Generator<ColumnBatch> {
  if (lo >= hi) return;
  const sources = columnSources(major, columns, preferColumns);
  const cursors = new Map<SSTable, GroupCursor>();
  const cursorOf = (t: SSTable) => {
    let c = cursors.get(t);
    if (c === undefined) cursors.set(t, (c = new GroupCursor(t, stats)));
    return c;
  };
  const colCursors = sources.map((s) => (s === null ? null : cursorOf(s.table)));
  if (sources.some((s) => s !== null && s.table !== major)) stats.columnStore = true;
  const preds: PredicateState[] = [];
  for (const pred of predicates) {
    const src = sources[pred.column];
    if (src === null) {
      // A column missing from the major reads as NULL: only IS NULL can pass.
      if (pred.op === 'is_null') continue;
      return;
    }
    preds.push({ pred, cursor: colCursors[pred.column]!, pos: src.pos, cls: src.cls, selK: -1, sel: new Uint8Array(0), skippedK: -1 });
  }
  // Cheap predicates first: numbers before strings, so string comparisons see fewer rows.
  preds.sort((a, b) => predicateCost(a) - predicateCost(b));
  if (cursors.size === 0) cursorOf(major);
  const all = [...cursors.values()];
  let pos = lo;
  let selScratch = new Int32Array(0);
  let winSel = new Uint8Array(0);
  while (pos < hi) {
    for (const c of all) c.seek(pos);
    // 1. Skip-index pruning of whole microblocks.
    let skipTo = pos;
    for (const p of preds) {
      const c = p.cursor;
      const ms = c.table.microStatsAt(c.dir.macro[c.k], c.dir.micro[c.k])[p.pos];
      const cls = p.cls;
      if (cls !== null && canPrune(ms) && !predicateMayMatch(ms.stats, p.pred, cls)) {
        if (p.skippedK !== c.k) {
          p.skippedK = c.k;
          stats.microBlocksSkipped++;
        }
        if (c.end > skipTo) skipTo = c.end;
      }
    }
    if (skipTo > pos) {
      pos = skipTo;
      continue;
    }
    let end = hi;
    for (const c of all) if (c.end < end) end = c.end;
    const len = end - pos;
    stats.rowsScanned += len;
    // 2. Predicates over the window, sharing one selection: on encoded data where the encoding
    //    allows and the column is not decoded yet (once per microblock), else on the vector.
    let sel: Int32Array | null = null;
    let selCount = len;
    if (preds.length > 0) {
      if (winSel.length < len) winSel = new Uint8Array(Math.max(len, 1024));
      winSel.fill(1, 0, len);
      for (const p of preds) applyPredicate(p, pos, len, winSel);
      if (selScratch.length < len) selScratch = new Int32Array(Math.max(len, 1024));
      selCount = 0;
      for (let r = 0; r < len; r++) if (winSel[r] !== 0) selScratch[selCount++] = r;
      if (selCount === 0) {
        pos = end;
        continue;
      }
      sel = selCount === len ? null : selScratch.slice(0, selCount);
    }
    // 3. Decode and slice the requested columns.
    const out: ColumnVector[] = new Array(columns.length);
    for (let j = 0; j < columns.length; j++) {
      const c = colCursors[j];
      if (c === null) {
        out[j] = nullVector(len);
        continue;
      }
      const m = c.load();
      const off = pos - c.start;
      out[j] = sliceVector(m.vector(sources[j]!.pos), off, off + len);
    }
    yield { length: len, columns: out, sel, selCount: sel === null ? len : selCount };
    pos = end;
  }
}

/** Encodings `filterEncoded` evaluates without decoding every row. */
const ENCODED_FILTERS = new Set(['DICT', 'RLE', 'CONST', 'INTEGER_BASE_DIFF']);

function predicateCost(p: PredicateState): number {
  return p.cls === null || p.cls.kind === 'string' ? 1 : 0;
}

/** ANDs predicate `p` over rows [pos, pos + len) into `sel` (window positions). */
function applyPredicate(p: PredicateState, pos: number, len: number, sel: Uint8Array): void {
  const c = p.cursor;
  const m = c.load();
  const off = pos - c.start;
  const info = m.columns[p.pos];
  if (m.decodedVector(p.pos) === undefined && ENCODED_FILTERS.has(info.type)) {
    if (p.selK !== c.k) evalEncoded(p, m);
    if (p.selK === c.k) {
      const s = p.sel;
      for (let r = 0; r < len; r++) if (s[off + r] === 0) sel[r] = 0;
      return;
    }
  }
  filterVector(sliceVector(m.vector(p.pos), off, off + len), p.pred, info.cls, sel);
}

/** Evaluates `p` on microblock `m`'s encoded column into `p.sel`; leaves `selK` unset when the
 *  encoding is not handled (the caller decodes). */
function evalEncoded(p: PredicateState, m: EncodedMicroBlock): void {
  const n = m.rowCount;
  if (p.sel.length < n) p.sel = new Uint8Array(Math.max(n, 1024));
  const sel = p.sel;
  sel.fill(1, 0, n);
  const info = m.columns[p.pos];
  if (filterEncoded(info.type, m.columnBytes(p.pos), n, info.cls, p.pred, sel)) p.selK = p.cursor.k;
}

/**
 * Skip-index aggregates of `columns` over rows [lo, hi) of `major`: stored aggregates for whole
 * SSTables, macroblocks and microblocks inside the range, decoded vectors otherwise.
 */
export function aggregateMajorColumns(major: SSTable, lo: number, hi: number, columns: readonly number[], stats: ScanStats): ColumnStats[] {
  const sources = columnSources(major, columns, true);
  if (sources.some((s) => s !== null && s.table !== major)) stats.columnStore = true;
  const rows = Math.max(0, hi - lo);
  return sources.map((src) => {
    if (src === null) return { ...emptyStats(), rowCount: rows, nullCount: rows };
    if (rows === 0) return emptyStats();
    return aggregateColumn(src, lo, hi, stats);
  });
}

function aggregateColumn(src: ColumnSource, lo: number, hi: number, stats: ScanStats): ColumnStats {
  const t = src.table;
  const cls = src.cls;
  let acc: ColumnStats | null = null;
  const add = (s: ColumnStats, c: ColumnClass) => (acc = acc === null ? s : mergeStats(acc, s, c));
  const macros = t.macroBlocks;
  if (cls !== null && lo === 0 && hi === t.rowCount) {
    const ts = t.tableStats()[src.pos];
    if (canAggregate(ts, cls)) {
      stats.microBlocksAggregated += macros.reduce((n, m) => n + m.microBlockCount, 0);
      return ts.stats;
    }
  }
  for (let i = 0; i < macros.length; i++) {
    const mStart = t.macroFirstOrdinal(i);
    const mEnd = mStart + macros[i].rowCount;
    if (mEnd <= lo || mStart >= hi) continue;
    if (cls !== null && mStart >= lo && mEnd <= hi) {
      const ms = t.macroStatsAt(i)[src.pos];
      if (canAggregate(ms, cls)) {
        stats.microBlocksAggregated += macros[i].microBlockCount;
        add(ms.stats, cls);
        continue;
      }
    }
    const micros = t.macroIndex(i).micros;
    let uStart = mStart;
    for (let u = 0; u < micros.length; u++) {
      const uEnd = uStart + micros[u].rowCount;
      const from = Math.max(lo, uStart);
      const to = Math.min(hi, uEnd);
      if (from < to) {
        const whole = from === uStart && to === uEnd;
        const us = t.microStatsAt(i, u)[src.pos];
        if (whole && cls !== null && canAggregate(us, cls)) {
          stats.microBlocksAggregated++;
          add(us.stats, cls);
        } else {
          const m = t.encodedMicro(i, u);
          stats.microBlocksRead++;
          stats.bytesRead += m.storedBytes;
          stats.rowsScanned += to - from;
          const mcls = cls ?? m.columns[src.pos].cls;
          let sel: Int32Array | null = null;
          if (!whole) {
            sel = new Int32Array(to - from);
            for (let r = 0; r < sel.length; r++) sel[r] = from - uStart + r;
          }
          add(vectorStats(m.vector(src.pos), mcls, sel, sel?.length), mcls);
        }
      }
      uStart = uEnd;
    }
  }
  return acc ?? emptyStats();
}
