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
import type { TabletSnapshot } from '../server/snapshot';
import type { KeyRange } from '../sql/exec_context';

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
  /** The row visible at `snapshot`, or null. */
  get(key: EncodedRowkey, snapshot: Scn): Value[] | null;
  /** SCN of the newest committed version of `key` (any snapshot), or null: write-conflict checks. */
  latestVersionScn(key: EncodedRowkey): Scn | null;
  /** Rows visible at `snapshot` within `range`, in rowkey order, in batches. */
  scan(range: KeyRange, snapshot: Scn, options?: ScanOptions): Iterable<Value[][]>;
  /** Freezes the active memtable if it has rows; `appliedLsn` is the LS's applied LSN now.
   *  Returns false when there was nothing to freeze. */
  freeze(appliedLsn: Lsn): boolean;
  /** Dumps frozen memtables to a mini SSTable (MINI_MERGE); may merge minis into a minor. */
  runMiniCompaction(y: Yielder): Promise<void>;
  /** Merges everything with commit SCN ≤ frozenScn into a new major SSTable (MAJOR_MERGE). */
  runMajorCompaction(frozenScn: Scn, y: Yielder): Promise<MajorResult>;
  /** Bytes held by memtables (active + frozen). */
  memtableBytes(): number;
  checkpointLsn(): Lsn;
  meta(): TabletMeta;
  snapshot(): TabletSnapshot;
  /** Frees this tablet's blocks (DROP TABLE). */
  destroy(): void;
}
export type { FileSystem };
