/**
 * The storage contract: what the log-stream layer (replay/apply), the DAS and the server's
 * checkpoint need from a tablet. Implemented by `Tablet` (tablet.ts) and `BlockManager`
 * (block_manager.ts). See storage/index.ts for the design essay.
 *
 * Visibility: every committed row version carries its commit SCN. A read at snapshot S sees, per
 * rowkey, the newest version with commit SCN ≤ S across the active and frozen memtables and all
 * SSTables (newest layer first); a delete version hides the row. Commit SCNs of different
 * transactions may be applied out of SCN order (2PC), so layers keep versions sorted by SCN.
 *
 * Durability: a tablet's memtables are rebuilt after restart by replaying its log stream past
 * `checkpointLsn()`; everything at or below that LSN is in its SSTables, which are persisted in the
 * server's block file before `meta()` reports them.
 */
import type { LsId, Lsn, Scn, TableId, TabletId, TenantId } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { FileSystem } from '../env';
import type { CsConversionSnapshot, SstableDetail, SstableType, TabletSnapshot } from '../server/snapshot';
import type { KeyRange } from '../sql/exec_context';
import type { ColumnClass, ColumnStats, ColumnVector, StoragePredicate } from './encoding/types';

/** One committed row change of a transaction: the full new row image, or null for a delete. */
export interface RowMutation {
  key: EncodedRowkey;
  row: Value[] | null;
}

/** Cooperative yielding so long compactions do not block the server (injected by the host). */
export interface Yielder {
  yield(): Promise<void>;
}

export interface TabletIdentity {
  tenantId: TenantId;
  lsId: LsId;
  tabletId: TabletId;
  tableId: TableId;
  /** Number of columns in a full row (for validation and column projection). */
  columnCount: number;
  /** Table option BLOCK_SIZE (bytes), default 16384. */
  microBlockBytes: number;
  /**
   * How the next major compaction lays out the baseline (issue 3). Absent: a row store with
   * encoded microblocks, `zstd_1.3.8`, no explicit skip index (what tablets checkpointed before
   * issue 3 read as). Changed by DDL through `TabletStore.updateStorageSchema`; the table store
   * keeps its current SSTables until the next major rewrites them.
   */
  storage?: TabletStorageSchema;
}

/** The storage schema of a tablet: what a major writes (OceanBase's `ObStorageSchema`). */
export interface TabletStorageSchema {
  /** Per stored column (index = column index): its storage class. */
  columns: ColumnClass[];
  /** `row`: WITH COLUMN GROUP(all columns); `column`: (each column) plus a rowkey group;
   *  `hybrid`: (all columns, each column). */
  storeFormat: 'row' | 'column' | 'hybrid';
  /** Table option COMPRESSION: `none`, `lz4_1.0`, `zstd_1.3.8` (also `zstd_1.0`, `lz4_1.9.1`, `snappy_1.0`). */
  compression: string;
  /** Per column: bit 1 = SKIP_INDEX(MIN_MAX), bit 2 = SKIP_INDEX(SUM). Column-store groups get
   *  both automatically on eligible columns. */
  skipIndex: number[];
  /** Column indexes of the rowkey (the rowkey column group of a pure column store). */
  rowkey: number[];
}

export const SKIP_INDEX_MIN_MAX = 1;
export const SKIP_INDEX_SUM = 2;

/** Counters of one scan, accumulated by storage (the plan's trace and the row-vs-column panel). */
export interface ScanStats {
  microBlocksRead: number;
  /** Microblocks ruled out by skip-index aggregates without being read. */
  microBlocksSkipped: number;
  /** Microblocks whose aggregates answered an aggregate pushdown without decoding rows. */
  microBlocksAggregated: number;
  /** Bytes of the microblocks read (on disk, after compression). */
  bytesRead: number;
  /** Rows decoded (before pushed-down filters). */
  rowsScanned: number;
  /** True when column-group SSTables (the column store) were read. */
  columnStore: boolean;
}

export function emptyScanStats(): ScanStats {
  return { microBlocksRead: 0, microBlocksSkipped: 0, microBlocksAggregated: 0, bytesRead: 0, rowsScanned: 0, columnStore: false };
}

/** A batch of visible rows, column-wise: `columns[j]` is requested column j. Rows i with
 *  `sel === null` or i in `sel[0..selCount)` passed the pushed-down predicates. */
export interface ColumnBatch {
  length: number;
  columns: ColumnVector[];
  sel: Int32Array | null;
  selCount: number;
}

export interface ColumnScanOptions {
  /** Stored column indexes to return, in this order. */
  columns: number[];
  /** Conjunction of filters on the returned columns (`column` = position in `columns`). */
  predicates?: StoragePredicate[];
  /** Hybrid tables: true reads the column groups, false the all-columns group (hints
   *  USE_COLUMN_TABLE / NO_USE_COLUMN_TABLE); default: columns when fewer than half are read. */
  useColumnStore?: boolean;
  /** Counters to add to. */
  stats?: ScanStats;
}

/** JSON-safe description of a tablet's persisted state (its table store), for the checkpoint. */
export interface TabletMeta {
  identity: TabletIdentity;
  /** Opaque to the caller: the SSTables (kind, block ids, SCN ranges, counts, checksums). */
  tableStore: unknown;
  /** Every LS log entry with LSN ≤ this is reflected in the SSTables. */
  checkpointLsn: number;
}

export interface ScanOptions {
  reverse?: boolean;
  /** Column indexes to return, in this order; all columns when absent. */
  columns?: number[];
  limit?: number;
  /** Rows per returned batch (≤ 4096). */
  batchRows?: number;
  /** Counters to add the microblocks read (and their bytes) to. */
  stats?: ScanStats;
}

export interface MajorResult {
  /** Checksum of the baseline's logical content (rowkeys and values), equal on every replica. */
  checksum: number;
  rowCount: number;
  macroBlockCount: number;
  reusedMacroBlockCount: number;
}

/** The tablet API used by the rest of the engine. */
export interface TabletStore {
  readonly identity: TabletIdentity;
  /** Applies one transaction's committed mutations at `commitScn`, logged at `lsn`. Only log
   *  apply/replay calls this (leader and followers alike). */
  applyCommitted(mutations: readonly RowMutation[], commitScn: Scn, lsn: Lsn): void;
  /** Issue #5: the highest commit version stored (memtables and SSTables), for LS-local read snapshots. */
  maxCommittedScn(): Scn;
  /** The row visible at `snapshot`, or null. */
  get(key: EncodedRowkey, snapshot: Scn): Value[] | null;
  /** SCN of the newest committed version of `key` (any snapshot), or null: write-conflict checks. */
  latestVersionScn(key: EncodedRowkey): Scn | null;
  /** Rows visible at `snapshot` within `range`, in rowkey order, in batches. */
  scan(range: KeyRange, snapshot: Scn, options?: ScanOptions): Iterable<Value[][]>;
  /**
   * Rows visible at `snapshot` within `range`, column-wise, filtered by pushed-down predicates
   * (evaluated on encoded data where the encoding allows, and skipping microblocks whose
   * skip-index aggregates rule them out). Rowkey order is not promised. Errors:
   * `Errors.checksumError` naming file and block when a block fails its check.
   */
  scanColumns(range: KeyRange, snapshot: Scn, options: ColumnScanOptions): Iterable<ColumnBatch>;
  /**
   * Skip-index aggregates (min, max, null count, row count, sum) of `columns` over the rows
   * visible at `snapshot` in `range`: from microblock aggregates where a whole microblock is
   * covered and no newer layer overlaps it, otherwise by reading rows. `rowCount` is the number
   * of visible rows (COUNT(*)).
   */
  aggregateColumns(range: KeyRange, snapshot: Scn, columns: number[], stats?: ScanStats): ColumnStats[];
  /** DDL changed the table (column groups, compression, skip index, columns): the next major
   *  writes the new layout. */
  updateStorageSchema(identity: TabletIdentity): void;
  /** The storage panel's column view of one SSTable (null when the tablet has none of `type`). */
  sstableDetail(type: SstableType): SstableDetail | null;
  /** Freezes the active memtable if it has rows; `appliedLsn` is the LS's applied LSN now.
   *  Returns false when there was nothing to freeze. */
  freeze(appliedLsn: Lsn): boolean;
  /** Dumps frozen memtables to a mini SSTable (MINI_MERGE); may merge minis into a minor. */
  runMiniCompaction(y: Yielder): Promise<void>;
  /** Merges everything with commit SCN ≤ frozenScn into a new major SSTable (MAJOR_MERGE). */
  runMajorCompaction(frozenScn: Scn, y: Yielder): Promise<MajorResult>;
  /**
   * COLUMNSTORE (C) replica (issue 4): `column` — the majors of a user table are columnar (rowkey
   * group + each column) whatever its column groups, from the next major on; `default` — the
   * table's schema decides. Persisted with `meta()`; system tablets are unaffected.
   */
  setReplicaStoreFormat(format: 'column' | 'default'): void;
  /** `column` when this replica stores the tablet's baseline column-wise (C replica, user table). */
  replicaStoreFormat(): 'row' | 'column';
  /** Marks the tablet `column` and rewrites a row major column-wise at the same SCN
   *  (CONVERT_CO_MAJOR_MERGE); idempotent; no major yet: the next major is columnar (WAITING). */
  convertToColumnStore(y?: Yielder): Promise<CsConversionSnapshot | undefined>;
  /** The conversion state of a C replica's user tablet (undefined otherwise). */
  csConversion(): CsConversionSnapshot | undefined;
  /** Bytes held by memtables (active + frozen). */
  memtableBytes(): number;
  checkpointLsn(): Lsn;
  meta(): TabletMeta;
  snapshot(): TabletSnapshot;
  /** Frees this tablet's blocks (DROP TABLE). */
  destroy(): void;
}
export type { FileSystem };
