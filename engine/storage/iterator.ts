/**
 * The one iterator protocol of the read path (conventions §6, mini-lsm `iterators.rs`).
 *
 * Every layer of a tablet's table store — memtable, SSTable (and, inside it, each decoded
 * microblock) — and the merge of several layers expose the same `VersionIterator`: a cursor over
 * multi-version row entries `(rowkey, commit SCN, row | delete marker)`. Visibility
 * (`MvccCursor`) and compaction are written once against it, so the read path is composed, not
 * special-cased (OceanBase: `ObStoreRowIterator` under `ObMultipleMerge`).
 *
 * Order. Forward: rowkey ascending, and within a rowkey commit SCN descending (newest first).
 * Reverse: the exact reverse of the forward sequence — rowkey descending, SCN ascending. Keeping
 * reverse as a mirror image means a rowkey's versions may span microblocks or macroblocks and
 * every layer simply walks its entries backwards.
 *
 * Invariants: `key()`, `scn()` and `row()` are only called while `isValid()`; the values they
 * return stay stable until the next `next()`. Rows are shared with the layer (memtable or block
 * cache): callers copy before handing them out.
 */
import type { Scn } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { KeyRange } from '../sql/exec_context';

export interface VersionIterator {
  isValid(): boolean;
  key(): EncodedRowkey;
  scn(): Scn;
  /** True when the current version is a delete marker. */
  isDelete(): boolean;
  /** The full row image, or null for a delete marker (may be shared: do not modify). */
  row(): Value[] | null;
  /** A fresh array of the current (non-delete) version's columns per `p` (all when null). */
  projectedRow(p: Projection | null): Value[];
  /**
   * The current version as stored: its row_codec bytes when the layer keeps it encoded (an
   * SSTable; valid until `next()`), else the row image; null for a delete marker. Merges copy
   * this without decoding and re-encoding.
   */
  storedRow(): Value[] | Uint8Array | null;
  next(): void;
}

/** Column projection: output column i is stored column `columns[i]`. */
export interface Projection {
  readonly columns: readonly number[];
  /** mask[c] = 1 when stored column c is projected. */
  readonly mask: Uint8Array;
  readonly maxColumn: number;
}

export function makeProjection(columns: readonly number[]): Projection {
  const maxColumn = columns.reduce((m, c) => (c > m ? c : m), -1);
  const mask = new Uint8Array(maxColumn + 1);
  for (const c of columns) mask[c] = 1;
  return { columns, mask, maxColumn };
}

/** A fresh copy of `row` projected by `p` (all columns when null); missing columns are NULL. */
export function projectRow(row: readonly Value[], p: Projection | null): Value[] {
  if (p === null) return row.slice();
  const cols = p.columns;
  const n = cols.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    const v = row[cols[i]];
    out[i] = v === undefined ? null : v;
  }
  return out;
}

/** True when `key` is inside `range` (bounds inclusive or exclusive as the range says). */
export function keyInRange(key: EncodedRowkey, range: KeyRange): boolean {
  if (range.startInclusive ? key < range.start : key <= range.start) return false;
  return range.endInclusive ? key <= range.end : key < range.end;
}

/** True when the range cannot contain any key (start after end, or equal and not both inclusive). */
export function rangeIsEmpty(range: KeyRange): boolean {
  if (range.start > range.end) return true;
  return range.start === range.end && !(range.startInclusive && range.endInclusive);
}

/** True when key range [first, last] (inclusive) overlaps `range`. */
export function spanOverlapsRange(first: EncodedRowkey, last: EncodedRowkey, range: KeyRange): boolean {
  if (range.startInclusive ? last < range.start : last <= range.start) return false;
  return range.endInclusive ? first <= range.end : first < range.end;
}

/**
 * K-way merge of layer iterators (k is small: memtables + minis + minor + major, so a linear
 * minimum beats a heap). `children[0]` is the newest layer: when two layers hold the same
 * (rowkey, SCN) the newer one comes first going forward and last going in reverse, so either
 * direction's visibility rule picks the newer layer's copy.
 */
export class MergeIterator implements VersionIterator {
  private current = -1;

  constructor(
    private readonly children: VersionIterator[],
    private readonly reverse: boolean,
  ) {
    this.pick();
  }

  isValid(): boolean {
    return this.current >= 0;
  }
  key(): EncodedRowkey {
    return this.children[this.current].key();
  }
  scn(): Scn {
    return this.children[this.current].scn();
  }
  isDelete(): boolean {
    return this.children[this.current].isDelete();
  }
  row(): Value[] | null {
    return this.children[this.current].row();
  }
  projectedRow(p: Projection | null): Value[] {
    return this.children[this.current].projectedRow(p);
  }
  storedRow(): Value[] | Uint8Array | null {
    return this.children[this.current].storedRow();
  }
  /** Index of the child (0 = newest layer) the current entry comes from. */
  source(): number {
    return this.current;
  }

  next(): void {
    this.children[this.current].next();
    this.pick();
  }

  private pick(): void {
    let best = -1;
    let bestKey = '';
    let bestScn = 0n;
    const n = this.children.length;
    for (let i = 0; i < n; i++) {
      const c = this.children[i];
      if (!c.isValid()) continue;
      const k = c.key();
      if (best < 0) {
        best = i;
        bestKey = k;
        bestScn = c.scn();
        continue;
      }
      if (this.reverse ? k > bestKey : k < bestKey) {
        best = i;
        bestKey = k;
        bestScn = c.scn();
      } else if (k === bestKey) {
        const s = c.scn();
        // Forward: newer SCN first, ties keep the newer layer (lower index).
        // Reverse: older SCN first, ties move to the older layer (higher index).
        if (this.reverse ? s <= bestScn : s > bestScn) {
          best = i;
          bestScn = s;
        }
      }
    }
    this.current = best;
  }
}

/**
 * MVCC visibility over a merged version stream (OceanBase's multi-version row merge): yields,
 * per rowkey, the newest version with commit SCN ≤ `snapshot`; a delete marker hides the row.
 * Forward streams see that version first; reverse streams see it last. The visible row is
 * produced already projected, as a fresh array the caller owns.
 */
export class MvccCursor {
  /** The visible row of the current rowkey after a successful `advance()`. */
  row: Value[] = [];
  key: EncodedRowkey = '';

  constructor(
    private readonly it: VersionIterator,
    private readonly snapshot: Scn,
    private readonly reverse: boolean,
    private readonly projection: Projection | null = null,
  ) {}

  /** Moves to the next rowkey with a visible, non-deleted row; false at the end. */
  advance(): boolean {
    const it = this.it;
    const snapshot = this.snapshot;
    const p = this.projection;
    while (it.isValid()) {
      const k = it.key();
      let found: Value[] | null = null;
      if (this.reverse) {
        do {
          if (it.scn() <= snapshot) found = it.isDelete() ? null : it.projectedRow(p);
          it.next();
        } while (it.isValid() && it.key() === k);
      } else {
        let decided = false;
        do {
          if (!decided && it.scn() <= snapshot) {
            decided = true;
            if (!it.isDelete()) found = it.projectedRow(p);
          }
          it.next();
        } while (it.isValid() && it.key() === k);
      }
      if (found !== null) {
        this.key = k;
        this.row = found;
        return true;
      }
    }
    return false;
  }
}
