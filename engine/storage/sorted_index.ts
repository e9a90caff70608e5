/**
 * The ordered index of a memtable: items (one per rowkey) kept sorted by their encoded rowkey in
 * a two-level B+tree — an array of leaves of at most `LEAF_ITEMS_MAX` items, each leaf sorted,
 * plus the last key of every leaf for a binary search. OceanBase's memtable pairs a B-tree (for
 * scans) with a hash table (for point access); the hash table is the memtable's `Map`.
 *
 * Cost: insert is a binary search over leaves plus a splice inside one leaf (O(log n + leaf));
 * a scan walks leaves in order with no sorting. Positions (`leaf`, `slot`) are valid only until
 * the next insert: `version` counts inserts so cursors can detect that and re-seek by key.
 *
 * Invariants: keys are unique; every leaf is non-empty and sorted; `lastKeys[i]` is the last
 * key of `leaves[i]`; leaves are in key order.
 */
import { assert } from '../common/assert';

const LEAF_ITEMS_MAX = 512;

export interface Keyed {
  readonly key: string;
}

/** A position in the index: `leaf` index and `slot` inside it. `leaf === -1` or past the end = none. */
export interface IndexPos {
  leaf: number;
  slot: number;
}

export class SortedIndex<T extends Keyed> {
  private leaves: T[][] = [];
  private lastKeys: string[] = [];
  /** Number of items. */
  size = 0;
  /** Bumped by every insert: cursors holding positions re-seek when it changes. */
  version = 0;

  /** Inserts `item`, whose key must not be present yet (the memtable's Map guarantees it). */
  insert(item: T): void {
    this.version++;
    this.size++;
    if (this.leaves.length === 0) {
      this.leaves.push([item]);
      this.lastKeys.push(item.key);
      return;
    }
    let li = this.leafFor(item.key);
    if (li === this.leaves.length) li--; // after every key: append to the last leaf
    const leaf = this.leaves[li];
    const slot = lowerBoundIn(leaf, item.key);
    assert(slot === leaf.length || leaf[slot].key !== item.key, 'duplicate key in memtable index');
    leaf.splice(slot, 0, item);
    if (slot === leaf.length - 1) this.lastKeys[li] = item.key;
    if (leaf.length > LEAF_ITEMS_MAX) this.split(li);
  }

  private split(li: number): void {
    const leaf = this.leaves[li];
    const right = leaf.splice(leaf.length >> 1);
    this.leaves.splice(li + 1, 0, right);
    this.lastKeys.splice(li, 1, leaf[leaf.length - 1].key, right[right.length - 1].key);
  }

  /** Index of the first leaf whose last key is ≥ `key` (leaves.length when none). */
  private leafFor(key: string): number {
    let lo = 0;
    let hi = this.lastKeys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lastKeys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first item with key ≥ `key` (inclusive) or > `key` (exclusive). */
  seekFirst(key: string, inclusive: boolean, out: IndexPos): void {
    let li = this.leafFor(key);
    if (li === this.leaves.length) {
      out.leaf = li;
      out.slot = 0;
      return;
    }
    const leaf = this.leaves[li];
    let slot = lowerBoundIn(leaf, key);
    if (!inclusive && slot < leaf.length && leaf[slot].key === key) slot++;
    if (slot === leaf.length) {
      li++;
      slot = 0;
    }
    out.leaf = li;
    out.slot = slot;
  }

  /** Position of the last item with key ≤ `key` (inclusive) or < `key` (exclusive); leaf −1 when none. */
  seekLast(key: string, inclusive: boolean, out: IndexPos): void {
    this.seekFirst(key, !inclusive, out);
    this.stepBack(out);
  }

  /** The item at `pos`, or undefined when `pos` is outside the index. */
  at(pos: IndexPos): T | undefined {
    if (pos.leaf < 0 || pos.leaf >= this.leaves.length) return undefined;
    return this.leaves[pos.leaf][pos.slot];
  }

  stepForward(pos: IndexPos): void {
    if (++pos.slot >= this.leaves[pos.leaf].length) {
      pos.leaf++;
      pos.slot = 0;
    }
  }

  stepBack(pos: IndexPos): void {
    if (pos.slot > 0) {
      pos.slot--;
      return;
    }
    pos.leaf--;
    pos.slot = pos.leaf >= 0 ? this.leaves[pos.leaf].length - 1 : 0;
  }

  /** The smallest key, or undefined when empty. */
  firstKey(): string | undefined {
    return this.leaves.length === 0 ? undefined : this.leaves[0][0].key;
  }

  /** The largest key, or undefined when empty. */
  lastKey(): string | undefined {
    return this.lastKeys.length === 0 ? undefined : this.lastKeys[this.lastKeys.length - 1];
  }

  /** Leaf arrays in key order (read-only; for bulk iteration such as a mini dump). */
  leafArrays(): readonly (readonly T[])[] {
    return this.leaves;
  }
}

function lowerBoundIn<T extends Keyed>(leaf: readonly T[], key: string): number {
  let lo = 0;
  let hi = leaf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (leaf[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
