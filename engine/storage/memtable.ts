/**
 * The MVCC memtable (OceanBase's `ObMemtable`): committed row versions of one tablet in memory.
 *
 * Structure: rowkey → `MvccRow`, a version chain sorted by commit SCN, each version a full row
 * image or a delete marker. A `Map` serves point access (OceanBase's hash index) and a
 * `SortedIndex` (a small B+tree) serves ordered scans (OceanBase's B-tree index) — keys are never
 * sorted at scan time. Chains are logically newest first; they are stored oldest first so that
 * the usual case, a commit newer than every existing version, is an O(1) push. Versions can
 * arrive out of SCN order (two-phase commit across log streams), so insertion keeps the order.
 *
 * States: `active` (takes `apply`) → `frozen` (read-only, waiting for its mini dump). At freeze
 * the memtable records its end SCN and the log stream's applied LSN (`endLsn`): every log entry
 * ≤ endLsn that touched this tablet is in this or an older layer, which is what makes
 * `Tablet.checkpointLsn()` sound once the memtable is dumped.
 *
 * Memory: `bytes` is an estimate (keys, versions, values), used for freeze triggers and views.
 */
import { assert } from '../common/assert';
import { Decimal } from '../common/decimal';
import { SCN_MAX, type Lsn, type Scn } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { KeyRange } from '../sql/exec_context';
import { projectRow, rangeIsEmpty, type Projection, type VersionIterator } from './iterator';
import { SortedIndex, type IndexPos } from './sorted_index';

/** One rowkey's version chain; `scns` ascending, `rows[i]` null for a delete marker. */
export class MvccRow {
  readonly scns: Scn[] = [];
  readonly rows: (Value[] | null)[] = [];
  constructor(readonly key: EncodedRowkey) {}
}

/** Result slot for a point lookup in one layer (reused to avoid allocation). */
export class VersionProbe {
  found = false;
  scn: Scn = 0n as Scn;
  row: Value[] | null = null;
  reset(): void {
    this.found = false;
    this.row = null;
  }
  /** Keeps the candidate if it is newer than what the probe holds (ties keep the earlier, newer layer). */
  offer(scn: Scn, row: Value[] | null): void {
    if (!this.found || scn > this.scn) {
      this.found = true;
      this.scn = scn;
      this.row = row;
    }
  }
}

export type MemtableState = 'active' | 'frozen';

const ROW_OVERHEAD_BYTES = 64;
const VERSION_OVERHEAD_BYTES = 40;

export class Memtable {
  state: MemtableState = 'active';
  /** SCN range: starts where the previous memtable ended; SCN_MAX while active. */
  endScn: Scn = SCN_MAX;
  /** The LS applied LSN recorded at freeze (0 while active). */
  endLsn = 0 as Lsn;
  /** Highest LSN applied into this memtable. */
  maxLsn = 0 as Lsn;
  minVersionScn: Scn = SCN_MAX;
  maxVersionScn: Scn = 0n as Scn;
  versionCount = 0;
  bytes = 0;
  private readonly rows = new Map<EncodedRowkey, MvccRow>();
  readonly index = new SortedIndex<MvccRow>();

  constructor(
    /** Sequence number of this memtable within its tablet. */
    readonly id: number,
    readonly startScn: Scn,
  ) {}

  /** Number of distinct rowkeys. */
  get rowCount(): number {
    return this.index.size;
  }

  isEmpty(): boolean {
    return this.versionCount === 0;
  }

  /**
   * Adds the committed version (`scn`, `row`; null = delete) of `key`, logged at `lsn`. A second
   * write of the same key at the same SCN (one transaction touching a row twice) replaces the
   * first. Only an active memtable accepts writes (asserted).
   */
  apply(key: EncodedRowkey, scn: Scn, row: Value[] | null, lsn: Lsn): void {
    assert(this.state === 'active', 'write into a frozen memtable');
    let chain = this.rows.get(key);
    if (chain === undefined) {
      chain = new MvccRow(key);
      this.rows.set(key, chain);
      this.index.insert(chain);
      this.bytes += ROW_OVERHEAD_BYTES + key.length * 2;
    }
    insertVersion(chain, scn, row, this);
    if (scn < this.minVersionScn) this.minVersionScn = scn;
    if (scn > this.maxVersionScn) this.maxVersionScn = scn;
    if (lsn > this.maxLsn) this.maxLsn = lsn;
  }

  /** Freezes the memtable at the LS applied LSN `endLsn` (≥ every LSN applied into it). */
  freeze(endLsn: Lsn): void {
    assert(this.state === 'active', 'memtable frozen twice');
    assert(endLsn >= this.maxLsn, `freeze LSN ${endLsn} below applied LSN ${this.maxLsn}`);
    this.state = 'frozen';
    this.endLsn = endLsn;
    this.endScn = (this.maxVersionScn > this.startScn ? this.maxVersionScn : this.startScn) as Scn;
  }

  /** Offers `key`'s newest version with SCN ≤ `snapshot` to `probe`. */
  probe(key: EncodedRowkey, snapshot: Scn, probe: VersionProbe): void {
    const chain = this.rows.get(key);
    if (chain === undefined) return;
    for (let i = chain.scns.length - 1; i >= 0; i--) {
      if (chain.scns[i] <= snapshot) {
        probe.offer(chain.scns[i], chain.rows[i]);
        return;
      }
    }
  }

  /** SCN of the newest version of `key` in this memtable, or null. */
  newestScn(key: EncodedRowkey): Scn | null {
    const chain = this.rows.get(key);
    return chain === undefined ? null : chain.scns[chain.scns.length - 1];
  }

  /** A version cursor over `range` (see iterator.ts for the order). */
  iterator(range: KeyRange, reverse: boolean): VersionIterator {
    return new MemtableIterator(this.index, range, reverse);
  }
}

function insertVersion(chain: MvccRow, scn: Scn, row: Value[] | null, mt: Memtable): void {
  const scns = chain.scns;
  let i = scns.length;
  while (i > 0 && scns[i - 1] > scn) i--;
  if (i > 0 && scns[i - 1] === scn) {
    mt.bytes += rowBytes(row) - rowBytes(chain.rows[i - 1]);
    chain.rows[i - 1] = row;
    return;
  }
  if (i === scns.length) {
    scns.push(scn);
    chain.rows.push(row);
  } else {
    scns.splice(i, 0, scn);
    chain.rows.splice(i, 0, row);
  }
  mt.versionCount++;
  mt.bytes += VERSION_OVERHEAD_BYTES + rowBytes(row);
}

/** Approximate in-memory bytes of a row image. */
export function rowBytes(row: readonly Value[] | null): number {
  if (row === null) return 0;
  let n = 16 + row.length * 8;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v === 'string') n += 16 + v.length * 2;
    else if (typeof v === 'bigint') n += 16;
    else if (v instanceof Decimal) n += 48;
  }
  return n;
}

/**
 * Cursor over a memtable's versions within a key range. It copies the current entry into fields,
 * so the entry stays stable; if the memtable took inserts since the cursor last moved (a scan
 * resumed after more commits were applied), `next()` re-seeks from the current (key, SCN).
 */
class MemtableIterator implements VersionIterator {
  private readonly pos: IndexPos = { leaf: 0, slot: 0 };
  private seen: number;
  private item: MvccRow | undefined;
  private vIdx = 0;
  private curScn: Scn = 0n as Scn;
  private curRow: Value[] | null = null;

  constructor(
    private readonly index: SortedIndex<MvccRow>,
    private readonly range: KeyRange,
    private readonly reverse: boolean,
  ) {
    this.seen = index.version;
    if (rangeIsEmpty(range)) return;
    if (reverse) index.seekLast(range.end, range.endInclusive, this.pos);
    else index.seekFirst(range.start, range.startInclusive, this.pos);
    this.enterItem();
  }

  isValid(): boolean {
    return this.item !== undefined;
  }
  key(): EncodedRowkey {
    return this.item!.key;
  }
  scn(): Scn {
    return this.curScn;
  }
  isDelete(): boolean {
    return this.curRow === null;
  }
  row(): Value[] | null {
    return this.curRow;
  }
  projectedRow(p: Projection | null): Value[] {
    return projectRow(this.curRow!, p);
  }
  storedRow(): Value[] | null {
    return this.curRow;
  }

  next(): void {
    const item = this.item;
    if (item === undefined) return;
    if (this.index.version !== this.seen) return this.reseek(item.key, this.curScn);
    if (this.reverse ? ++this.vIdx < item.scns.length : --this.vIdx >= 0) return this.load();
    if (this.reverse) this.index.stepBack(this.pos);
    else this.index.stepForward(this.pos);
    this.enterItem();
  }

  /** Positions on the item at `pos` (first version in this direction), or ends past the range. */
  private enterItem(): void {
    const item = this.index.at(this.pos);
    if (item === undefined || !this.inRange(item.key)) {
      this.item = undefined;
      return;
    }
    this.item = item;
    this.vIdx = this.reverse ? 0 : item.scns.length - 1;
    this.load();
  }

  private inRange(key: EncodedRowkey): boolean {
    const r = this.range;
    if (this.reverse) return r.startInclusive ? key >= r.start : key > r.start;
    return r.endInclusive ? key <= r.end : key < r.end;
  }

  private load(): void {
    const item = this.item!;
    this.curScn = item.scns[this.vIdx];
    this.curRow = item.rows[this.vIdx];
  }

  /** After inserts: continue right after (key, scn) in this direction. */
  private reseek(key: EncodedRowkey, scn: Scn): void {
    this.seen = this.index.version;
    if (this.reverse) this.index.seekLast(key, true, this.pos);
    else this.index.seekFirst(key, true, this.pos);
    const item = this.index.at(this.pos);
    if (item !== undefined && item.key === key) {
      const scns = item.scns;
      if (this.reverse) {
        let i = 0;
        while (i < scns.length && scns[i] <= scn) i++;
        if (i < scns.length) return this.setItem(item, i);
        this.index.stepBack(this.pos);
      } else {
        let i = scns.length - 1;
        while (i >= 0 && scns[i] >= scn) i--;
        if (i >= 0) return this.setItem(item, i);
        this.index.stepForward(this.pos);
      }
    }
    this.enterItem();
  }

  private setItem(item: MvccRow, vIdx: number): void {
    this.item = item;
    this.vIdx = vIdx;
    this.load();
  }
}
