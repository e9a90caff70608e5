/**
 * # storage — the LSM storage engine of one OBServer
 *
 * What it owns: every tablet's data on this server — memtables in memory, SSTables in the
 * server's block file — and the freezes and compactions that move data down the LSM tree
 * (OceanBase's storage layer: `ObTablet`, `ObTabletTableStore`, `ObMemtable`, `ObSSTable`,
 * the macroblock/microblock format, the block manager and block cache, mini/minor/major merges).
 * It calls only `common/` and the injected `FileSystem`; it knows nothing of transactions, logs
 * or SQL. Callers: the log-stream layer applies committed transactions (`applyCommitted`) and
 * freezes; the DAS reads (`get`, `scan`, `latestVersionScn`); the server runs compactions and
 * writes checkpoints from `meta()`.
 *
 * ```
 *                     applyCommitted(mutations, commitScn, lsn)
 *                                   │
 *   Tablet ┌────────────────────────▼───────────────────────┐   reads: newest layer first,
 *          │ active memtable   (Map + B+tree, MVCC chains)  │   merged by (rowkey, SCN desc),
 *          │ frozen memtables  ── freeze(appliedLsn)        │   newest version ≤ snapshot wins,
 *          ├──────────────── MINI_MERGE ────────────────────┤   a delete marker hides the row
 *          │ mini SSTables (L0, multi-version)              │
 *          ├──────────────── MINOR_MERGE (≥ 2 minis) ───────┤
 *          │ minor SSTable (L1, multi-version)              │
 *          ├──────────────── MAJOR_MERGE (frozen SCN) ──────┤
 *          │ major SSTable (L2, one row per key at the SCN) │
 *          │   row: `all columns` · column: `rowkey` + one   │
 *          │   SSTable per column · hybrid: both (CO major) │
 *          └────────────────────────────────────────────────┘
 *                 │ SSTable = macroblocks (2 MiB, in data/block_file at id × 2 MiB)
 *                 │   macroblock = header · microblocks (~16 KiB) · microblock index
 *                 │     (encoded SSTables: + skip-index aggregates per microblock)
 *                 │   flat microblock (minis, minors) = header · rows (rowkey, SCN, flags, row)
 *                 ▼   encoded microblock (majors) = header · compressed(column directory ·
 *                       rowkeys · SCNs · each column encoded), CRC-32
 *          BlockManager (alloc / write / read / ref-counted free, block cache)
 * ```
 *
 * Issue 3 (columnar storage): a major is written in the tablet's storage schema's layout
 * (`co_sstable.ts`): column groups, each an SSTable of encoded microblocks
 * (`encoded_microblock.ts` over `encoding/`, compressed by `compression.ts`), rows aligned by
 * ordinal across groups; skip-index aggregates (`skip_index.ts`) live in the microblock index
 * and roll up into macroblock and SSTable metas. Reads: `get`/`scan` rebuild rows (assembling a
 * pure column store's columns by ordinal); `scanColumns`/`aggregateColumns` (`column_scan.ts`)
 * read only the requested columns of the major, prune microblocks by skip index, filter on
 * encoded data, and fall back to the row scan when increments overlap. A major runs as a DAG
 * (`compaction_dag.ts`: PREPARE → MERGE per key range × column-group batch (`major_merge.ts`)
 * → FINISH) on the server's bounded `CompactionDagScheduler`, reusing unchanged macroblocks per
 * group; `compaction_report.ts` turns its outputs into the history row of the
 * `compaction-finished` event, `sstable_detail.ts` into the panel's column view.
 *
 * Files: `memtable.ts` (+ `sorted_index.ts`), `iterator.ts` (the one cursor protocol, merge,
 * MVCC visibility, projection), `microblock.ts` (+ `row_decoder.ts`), `encoded_microblock.ts`,
 * `skip_index.ts`, `macroblock.ts`, `block_cache.ts`, `block_manager.ts`, `sstable.ts`,
 * `sstable_builder.ts`, `co_sstable.ts` (layouts, major builder, row hash),
 * `compaction_policy.ts` (pure planner), `compaction.ts` (mini/minor merges),
 * `compaction_dag.ts` + `major_merge.ts` (the major), `compaction_report.ts`, `scan.ts`
 * (batches), `visible_source.ts` (visible rows per layer, or merged), `column_scan.ts`,
 * `sstable_detail.ts`, `tablet.ts`.
 *
 * Server wiring: open one `BlockManager` per server; at restart `markUsed(Tablet.blockIdsOf(m))`
 * for every checkpointed tablet, then `Tablet.restore(m, bm)`. To checkpoint:
 * `const mark = bm.markFreePoint()`, collect `meta()`s, `bm.flush()`, persist them, then
 * `bm.releaseFreed(mark)` — without that last call freed blocks are only reused after a restart.
 *
 * Invariants:
 * - Every version carries its commit SCN; layers keep (rowkey asc, SCN desc) order, so commits
 *   applied out of SCN order (2PC) are still read correctly, across layers too.
 * - SSTables are immutable; the table store is replaced whole; a scan retains the SSTables it
 *   reads, so a compaction never frees blocks under a reader.
 * - A block freed by a compaction is reused only after the server's next checkpoint is durable
 *   (`markFreePoint` / `releaseFreed`), so a crash never finds a checkpoint pointing at
 *   overwritten blocks. New blocks are flushed before a meta lists them.
 * - Every on-disk structure has a magic, a version and a CRC-32; reading bad bytes throws
 *   `Errors.checksumError(file, blockId)`, never returns wrong rows.
 * - A MAJOR's checksum is a sum of per-row hashes of rowkeys and values: independent of block
 *   layout, reuse, store format (row/column/hybrid), encodings and compression, equal on replicas
 *   holding the same data.
 * - On a COLUMNSTORE (C) replica (`TabletEnv.columnStoreReplica`, `setReplicaStoreFormat`) a
 *   user table's majors are columnar whatever its column groups; `convertToColumnStore` rewrites
 *   a row major at the same SCN (CONVERT_CO_MAJOR_MERGE). Same rows, same checksum as F replicas.
 */
export { BlockCache } from './block_cache';
export { BLOCK_FILE_PATH, BlockManager, type BlockManagerStats } from './block_manager';
export { majorMerge, miniMerge, minorMerge, type MajorOutput, type MergeProgress } from './compaction';
export { CompactionDagScheduler, planMajorDag, type DagPlanOptions, type MajorDagPlan } from './compaction_dag';
export { columnStoreReplicaApplies, planMajorLayout, type MajorLayout, type ReplicaStoreFormat } from './co_sstable';
export { compactionTaskId } from './compaction_report';
export * as compactionPolicy from './compaction_policy';
export {
  MergeIterator,
  MvccCursor,
  keyInRange,
  makeProjection,
  projectRow,
  rangeIsEmpty,
  type Projection,
  type VersionIterator,
} from './iterator';
export { Memtable, VersionProbe } from './memtable';
export { collectRows, planScan, visibleBatches, type ScanPlan } from './scan';
export { SSTable, type MacroBlockMeta, type SSTableMeta } from './sstable';
export { SSTableBuilder, type SSTableBuildInfo } from './sstable_builder';
export { Tablet, type TabletEnv } from './tablet';
export type * from './types';
