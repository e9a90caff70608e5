/**
 * Sources of MVCC-visible rows for a tablet scan: per rowkey in the range, the newest version with
 * commit SCN ≤ the snapshot, delete markers hiding the row, projected — OceanBase's
 * `ObMultipleScanMerge` and, for a table store whose layers hold disjoint rowkeys, its single-table
 * fast path.
 *
 * - `MergedVisibleSource`: any version stream (a `MergeIterator` over several layers, or one
 *   SSTable's iterator) through `MvccCursor` — the general path.
 * - `MemtableVisibleSource`: one memtable, read straight from its ordered index: a version chain
 *   per rowkey, so the visible version is found in the chain without a merge or a cursor per
 *   version. Inserts while the scan is paused between batches (the index changed) make it seek
 *   again after the last rowkey it examined.
 *
 * `Tablet.scan` uses one source per layer, one after another, when the layers' rowkey spans do
 * not overlap (each rowkey then lives in one layer, so the newest visible version is in that
 * layer), and a merged source otherwise. Each source's range is clamped to its layer's span as it
 * was when the scan opened, so rows come out in rowkey order whatever is inserted meanwhile (a
 * scan at a snapshot never sees those rows anyway: the DAS waits for commits at or below it first).
 */
import type { Scn } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { KeyRange } from '../sql/exec_context';
import { MvccCursor, projectRow, rangeIsEmpty, type Projection, type VersionIterator } from './iterator';
import type { Memtable, MvccRow } from './memtable';
import type { IndexPos } from './sorted_index';

/** Visible rows of one part of a scan, in scan order. */
export interface VisibleSource {
  /** Appends at most `max` (≥ 1) visible rows to `out` (fresh arrays); false once it has no more. */
  fill(out: Value[][], max: number): boolean;
}

/** Visible rows of a version stream in `reverse` direction (any number of layers). */
export class MergedVisibleSource implements VisibleSource {
  private readonly cursor: MvccCursor;

  constructor(it: VersionIterator, snapshot: Scn, reverse: boolean, projection: Projection | null) {
    this.cursor = new MvccCursor(it, snapshot, reverse, projection);
  }

  fill(out: Value[][], max: number): boolean {
    const c = this.cursor;
    for (let n = 0; n < max; n++) {
      if (!c.advance()) return false;
      out.push(c.row);
    }
    return true;
  }
}

/** Visible rows of one memtable within `range`, read from its index leaves. */
export class MemtableVisibleSource implements VisibleSource {
  private readonly pos: IndexPos = { leaf: 0, slot: 0 };
  /** Index version the position is valid for. */
  private seen: number;
  /** Rowkey of the last item examined (the scan resumes after it when the index changed). */
  private lastKey: EncodedRowkey | null = null;
  private done = false;

  constructor(
    private readonly memtable: Memtable,
    private readonly range: KeyRange,
    private readonly snapshot: Scn,
    private readonly reverse: boolean,
    private readonly projection: Projection | null,
  ) {
    this.seen = memtable.index.version;
    if (rangeIsEmpty(range)) this.done = true;
    else this.seek();
  }

  private seek(): void {
    const index = this.memtable.index;
    const r = this.range;
    this.seen = index.version;
    if (this.reverse) {
      if (this.lastKey === null) index.seekLast(r.end, r.endInclusive, this.pos);
      else index.seekLast(this.lastKey, false, this.pos);
    } else if (this.lastKey === null) index.seekFirst(r.start, r.startInclusive, this.pos);
    else index.seekFirst(this.lastKey, false, this.pos);
  }

  fill(out: Value[][], max: number): boolean {
    if (this.done) return false;
    if (this.memtable.index.version !== this.seen) this.seek();
    const more = this.reverse ? this.fillBackward(out, max) : this.fillForward(out, max);
    if (!more) this.done = true;
    return more;
  }

  /** The item's newest version with SCN ≤ snapshot, projected; null when none or deleted. */
  private visible(item: MvccRow): Value[] | null {
    const scns = item.scns;
    const snapshot = this.snapshot;
    let v = scns.length - 1;
    while (v >= 0 && scns[v] > snapshot) v--;
    if (v < 0) return null;
    const row = item.rows[v];
    return row === null ? null : projectRow(row, this.projection);
  }

  private fillForward(out: Value[][], max: number): boolean {
    const leaves = this.memtable.index.leafArrays();
    const r = this.range;
    const pos = this.pos;
    let added = 0;
    while (pos.leaf < leaves.length) {
      const leaf = leaves[pos.leaf];
      const last = leaf[leaf.length - 1].key;
      // Only the leaf holding the range's end needs a bound check per item.
      const whole = r.endInclusive ? last <= r.end : last < r.end;
      for (let i = pos.slot; i < leaf.length; i++) {
        const item = leaf[i];
        if (!whole && (r.endInclusive ? item.key > r.end : item.key >= r.end)) return false;
        this.lastKey = item.key;
        const row = this.visible(item);
        if (row === null) continue;
        out.push(row);
        if (++added === max) {
          pos.slot = i + 1;
          if (pos.slot === leaf.length) {
            pos.leaf++;
            pos.slot = 0;
          }
          return true;
        }
      }
      pos.leaf++;
      pos.slot = 0;
    }
    return false;
  }

  private fillBackward(out: Value[][], max: number): boolean {
    const leaves = this.memtable.index.leafArrays();
    const r = this.range;
    const pos = this.pos;
    let added = 0;
    while (pos.leaf >= 0) {
      const leaf = leaves[pos.leaf];
      const first = leaf[0].key;
      const whole = r.startInclusive ? first >= r.start : first > r.start;
      for (let i = pos.slot; i >= 0; i--) {
        const item = leaf[i];
        if (!whole && (r.startInclusive ? item.key < r.start : item.key <= r.start)) return false;
        this.lastKey = item.key;
        const row = this.visible(item);
        if (row === null) continue;
        out.push(row);
        if (++added === max) {
          pos.slot = i - 1;
          if (pos.slot < 0) {
            pos.leaf--;
            pos.slot = pos.leaf >= 0 ? leaves[pos.leaf].length - 1 : 0;
          }
          return true;
        }
      }
      pos.leaf--;
      pos.slot = pos.leaf >= 0 ? leaves[pos.leaf].length - 1 : 0;
    }
    return false;
  }
}

/** `range` narrowed to the inclusive span [first, last] (a layer's rowkeys when the scan opened). */
export function clampRange(range: KeyRange, first: EncodedRowkey, last: EncodedRowkey): KeyRange {
  const startInside = range.startInclusive ? first >= range.start : first > range.start;
  const endInside = range.endInclusive ? last <= range.end : last < range.end;
  if (startInside && endInside) return { start: first, startInclusive: true, end: last, endInclusive: true };
  return {
    start: startInside ? first : range.start,
    startInclusive: startInside ? true : range.startInclusive,
    end: endInside ? last : range.end,
    endInclusive: endInside ? true : range.endInclusive,
  };
}
