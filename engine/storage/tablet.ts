/**
 * `Tablet`: one tablet's storage (OceanBase's `ObTablet` and its `ObTabletTableStore`) — the
 * `TabletStore` the log-stream layer applies committed transactions to, the DAS reads from and
 * the server freezes, compacts and checkpoints.
 *
 * Table store (compaction_policy.ts has the diagram): active memtable, frozen memtables, minis,
 * an optional minor and an optional major. The store is an immutable value replaced whole on
 * freeze and after a merge, so a scan keeps reading the layers it started with (it retains their
 * SSTables) while a compaction swaps in new ones.
 *
 * Read path: the layers that can hold visible data (range overlap, oldest version ≤ snapshot).
 * When their rowkey spans are disjoint (a frozen memtable and the active one after an ordered
 * load, minis of separate key ranges) each is read on its own, one after another, a memtable
 * straight from its index; otherwise one version cursor per layer, merged newest layer first.
 * Then MVCC visibility: per rowkey the newest version with commit SCN ≤ snapshot; a delete hides
 * the row (visible_source.ts). Point reads probe layers and skip an SSTable whose newest version
 * cannot beat what a newer layer already found.
 *
 * Column reads (issue 3): `scanColumns` / `aggregateColumns` read the encoded major alone when
 * no incremental layer with versions at or below the snapshot overlaps the range
 * (column_scan.ts), else the row scan transposed. The major's layout follows the storage schema
 * in `identity.storage` (`updateStorageSchema` takes effect at the next major); a major runs as a
 * DAG of tasks on the server's `CompactionDagScheduler` (compaction_dag.ts).
 *
 * COLUMNSTORE (C) replicas (reference §3.1, issue 4): a tablet whose replica stores baselines
 * column-wise (`TabletEnv.columnStoreReplica` or `setReplicaStoreFormat('column')`, persisted in
 * the table store meta) writes every major of a user table as a pure column store (rowkey group +
 * each column) whatever the table's column groups; system tablets stay as their schema says. A row
 * major it already has (written before, or recovered) is rewritten column-wise at the same SCN by
 * `convertToColumnStore` (CONVERT_CO_MAJOR_MERGE); the baseline checksum is logical, so F and C
 * replicas of the same rows agree.
 *
 * Compactions run one at a time per tablet (a promise chain). Durability: `checkpointLsn()` is the
 * end LSN of the newest dumped memtable; the SSTables `meta()` lists are flushed to the block
 * file before they enter the table store.
 */
import { assert } from '../common/assert';
import { SCN_MAX, SCN_MIN, type Lsn, type Scn } from '../common/ids';
import { DAS_SCAN_BATCH_ROWS, MINOR_COMPACT_TRIGGER_DEFAULT } from '../common/limits';
import type { EncodedRowkey } from '../common/rowkey';
import { normInt, type Value } from '../common/value';
import type { Clock, EventSink } from '../env';
import type { CompactionTaskSnapshot, CsConversionSnapshot, MemtableSnapshot, TabletSnapshot } from '../server/snapshot';
import type { KeyRange } from '../sql/exec_context';
import type { BlockManager } from './block_manager';
import { columnStoreReplicaApplies, planMajorLayout, type ReplicaStoreFormat } from './co_sstable';
import { miniMerge, minorMerge, type MergeContext, type MergeProgress } from './compaction';
import * as policy from './compaction_policy';
import { MergeIterator, rangeIsEmpty, spanOverlapsRange, type VersionIterator } from './iterator';
import { Memtable, VersionProbe } from './memtable';
import { planScan, sourceBatches, type ScanPlan } from './scan';
import { SSTable, type SSTableMeta } from './sstable';
import type { CompactionDagTaskSnapshot, CompactionHistorySnapshot, SstableDetail, SstableType } from '../server/snapshot';
import { compactionHistory, compactionTaskId } from './compaction_report';
import { CompactionDagScheduler, runMajorDag, type DagPlanOptions, type DagTaskState, type MajorOutput } from './compaction_dag';
import { aggregateMajorColumns, ordinalRange, scanMajorColumns, valuesVector } from './column_scan';
import { inferClass } from './encoded_microblock';
import { columnStats, filterVector } from './encoding';
import type { ColumnClass, ColumnStats, StoragePredicate } from './encoding/types';
import { emptyStats } from './skip_index';
import { sstableDetailOf } from './sstable_detail';
import {
  emptyScanStats,
  type ColumnBatch,
  type ColumnScanOptions,
  type MajorResult,
  type RowMutation,
  type ScanOptions,
  type ScanStats,
  type TabletIdentity,
  type TabletMeta,
  type TabletStore,
  type Yielder,
} from './types';
import { clampRange, MemtableVisibleSource, MergedVisibleSource, type VisibleSource } from './visible_source';

/** Optional host services for a tablet (progress times and events); tests may omit them. */
export interface TabletEnv {
  clock?: Clock;
  events?: EventSink;
  /** Tenant parameter `minor_compact_trigger` (default 2). */
  minorCompactTrigger?: number;
  /** The server's compaction DAG scheduler (bounded task slots shared by its tablets); a tablet
   *  without one uses a private scheduler. */
  dagScheduler?: CompactionDagScheduler;
  /** Overrides of the major DAG planner (range rows, column groups per task, memory budget). */
  dagPlan?: DagPlanOptions;
  /** The tablet belongs to a COLUMNSTORE (C) replica: majors of a user table are columnar. */
  columnStoreReplica?: boolean;
}

type Store = policy.TableStore<Memtable, SSTable>;

/** Rows per batch of the fallback (transposed row scan) column scan. */
const TRANSPOSE_BATCH_ROWS = 1024;

/** The opaque `TabletMeta.tableStore` payload. */
interface TableStoreMeta {
  version: 1;
  nextSeq: number;
  /** Major, minor, then minis oldest first. */
  sstables: SSTableMeta[];
  /** 'column' on a C replica (absent: the table's schema decides). */
  replicaStoreFormat?: 'column';
}

/** A yielder that never waits (conversion called without one). */
const NO_WAIT: Yielder = { yield: async () => {} };

const TABLE_STORE_META_VERSION = 1;

export class Tablet implements TabletStore {
  private storeValue!: Store;
  /** Read order of the current store, computed once per store change (point reads are hot). */
  private layers: { memtables: Memtable[]; sstables: SSTable[] } | null = null;
  private checkpoint: Lsn;
  private nextSeq: number;
  private running: CompactionTaskSnapshot | null = null;
  /** Tasks of the running major's DAG (empty otherwise). */
  private dag: DagTaskState[] = [];
  private ownScheduler: CompactionDagScheduler | null = null;
  private progress: MergeProgress = { rowsDone: 0, rowsTotal: 0 };
  private chain: Promise<unknown> = Promise.resolve();
  private destroyed = false;
  private readonly probeSlot = new VersionProbe();

  private identityValue: TabletIdentity;
  /** 'column' on a COLUMNSTORE replica (see `setReplicaStoreFormat`). */
  private replicaFormat: ReplicaStoreFormat;

  private constructor(
    identity: TabletIdentity,
    private readonly bm: BlockManager,
    private readonly env: TabletEnv,
    sstables: SSTable[],
    checkpoint: Lsn,
    nextSeq: number,
    replicaFormat: ReplicaStoreFormat = 'row',
  ) {
    assert(identity.microBlockBytes > 0 && identity.columnCount >= 0, 'bad tablet identity');
    this.identityValue = identity;
    this.replicaFormat = env.columnStoreReplica === true ? 'column' : replicaFormat;
    this.checkpoint = checkpoint;
    this.nextSeq = nextSeq;
    const endScn = sstables.reduce((s, t) => (t.endScn > s ? t.endScn : s), SCN_MIN);
    this.setStore({
      active: new Memtable(this.nextSeq++, endScn),
      frozen: [],
      minis: sstables.filter((t) => t.kind === 'MINI').sort((a, b) => a.seq - b.seq),
      minor: sstables.find((t) => t.kind === 'MINOR') ?? null,
      major: sstables.find((t) => t.kind === 'MAJOR') ?? null,
    });
  }

  /** Ids, column count, BLOCK_SIZE and storage schema (replaced by `updateStorageSchema`). */
  get identity(): TabletIdentity {
    return this.identityValue;
  }

  private get store(): Store {
    return this.storeValue;
  }

  /** Replaces the table store (freeze, merge, destroy). */
  private setStore(store: Store): void {
    this.storeValue = store;
    this.layers = null;
  }

  private readLayers(): { memtables: Memtable[]; sstables: SSTable[] } {
    return (this.layers ??= policy.readLayers(this.storeValue));
  }

  /** A new, empty tablet (CREATE TABLE): checkpoint LSN 0, no SSTables. */
  static create(identity: TabletIdentity, bm: BlockManager, env: TabletEnv = {}): Tablet {
    return new Tablet(identity, bm, env, [], 0 as Lsn, 1);
  }

  /**
   * Reopens a tablet from its checkpointed `meta` after a restart. The server first marks every
   * listed block used (`bm.markUsed(Tablet.blockIdsOf(meta))` for all tablets) so no allocation
   * can hand one out; blocks not marked are marked here. Memtables start empty: the LS replays
   * its log past `checkpointLsn`.
   */
  static restore(meta: TabletMeta, bm: BlockManager, env: TabletEnv = {}): Tablet {
    const ts = meta.tableStore as TableStoreMeta;
    assert(ts && ts.version === TABLE_STORE_META_VERSION, 'unknown table store meta version');
    const sstables = ts.sstables.map((m) => SSTable.restore(m, bm));
    return new Tablet(meta.identity, bm, env, sstables, meta.checkpointLsn as Lsn, ts.nextSeq, ts.replicaStoreFormat ?? 'row');
  }

  /** Every macroblock id `meta` lists (for `BlockManager.markUsed` at restart). */
  static blockIdsOf(meta: TabletMeta): number[] {
    const ts = meta.tableStore as TableStoreMeta;
    assert(ts && ts.version === TABLE_STORE_META_VERSION, 'unknown table store meta version');
    return ts.sstables.flatMap((t) => SSTable.blockIdsOf(t));
  }

  /**
   * The highest commit version stored in this tablet (memtables' newest versions, SSTables' end
   * SCNs; memtables hold committed versions only). Issue #5: with the LS's applied SCN it bounds a
   * local read snapshot (`LogStream.localReadSnapshot`).
   */
  maxCommittedScn(): Scn {
    const { memtables, sstables } = this.readLayers();
    let max = SCN_MIN as Scn;
    for (const m of memtables) if (m.maxVersionScn > max) max = m.maxVersionScn;
    for (const t of sstables) if (t.endScn > max) max = t.endScn;
    return max;
  }

  // --- writes -----------------------------------------------------------------------------------

  /**
   * Applies one transaction's committed `mutations` at `commitScn`, logged at `lsn`, into the
   * active memtable (leader apply and follower replay alike). Rows are copied (integers
   * normalised to their canonical form) so later changes by the caller do not leak in.
   */
  applyCommitted(mutations: readonly RowMutation[], commitScn: Scn, lsn: Lsn): void {
    assert(!this.destroyed, 'apply to a destroyed tablet');
    if (!(lsn > this.checkpoint)) assert(false, `apply of LSN ${lsn} at or below the checkpoint ${this.checkpoint}`);
    const active = this.store.active;
    for (const m of mutations) active.apply(m.key, commitScn, m.row === null ? null : canonicalRow(m.row), lsn);
  }

  /**
   * Freezes the active memtable at the LS applied LSN `appliedLsn` (a new active one opens).
   * Returns false when it had no rows; then, if nothing is left in memory, the checkpoint moves
   * up to `appliedLsn` (no log entry up to there touched this tablet since the last dump).
   */
  freeze(appliedLsn: Lsn): boolean {
    assert(!this.destroyed, 'freeze of a destroyed tablet');
    const active = this.store.active;
    if (active.isEmpty()) {
      if (this.store.frozen.length === 0 && appliedLsn > this.checkpoint) this.checkpoint = appliedLsn;
      return false;
    }
    active.freeze(appliedLsn);
    this.setStore(policy.applyFreeze(this.store, new Memtable(this.nextSeq++, active.endScn)));
    return true;
  }

  // --- reads ------------------------------------------------------------------------------------

  /** The row of `key` visible at `snapshot` (a fresh copy), or null. */
  get(key: EncodedRowkey, snapshot: Scn): Value[] | null {
    const probe = this.probeSlot;
    probe.reset();
    const { memtables, sstables } = this.readLayers();
    for (const m of memtables) if (m.minVersionScn <= snapshot) m.probe(key, snapshot, probe);
    for (const t of sstables) {
      if (probe.found && t.maxVersionScn <= probe.scn) continue;
      t.probe(key, snapshot, probe);
    }
    const row = probe.found ? probe.row : null;
    return row === null ? null : row.slice();
  }

  /** SCN of the newest committed version of `key` in any layer, or null (write-conflict checks). */
  latestVersionScn(key: EncodedRowkey): Scn | null {
    let best: Scn | null = null;
    const { memtables, sstables } = this.readLayers();
    for (const m of memtables) {
      const s = m.newestScn(key);
      if (s !== null && (best === null || s > best)) best = s;
    }
    for (const t of sstables) {
      if (best !== null && t.maxVersionScn <= best) continue;
      const s = t.newestScn(key);
      if (s !== null && (best === null || s > best)) best = s;
    }
    return best;
  }

  /**
   * Rows visible at `snapshot` within `range`, in rowkey order (reverse when asked), projected
   * to `options.columns`, in batches of `options.batchRows` (default 256, at most 4096), at most
   * `options.limit` rows. The scan reads the table store as of its first batch and holds its
   * SSTables until it ends: iterate to the end or leave the loop (`return()`); an iterator
   * dropped midway keeps them, and their blocks, alive. Errors: `Errors.checksumError` when a
   * block read fails its check.
   */
  scan(range: KeyRange, snapshot: Scn, options?: ScanOptions): Iterable<Value[][]> {
    const plan = planScan(options, this.identity.columnCount);
    const tablet = this;
    return {
      *[Symbol.iterator]() {
        const { sources, held } = tablet.openSources(range, snapshot, plan);
        yield* sourceBatches(sources, plan, () => held.forEach((t) => t.release()));
      },
    };
  }

  /**
   * The visible-row sources of a scan (visible_source.ts): when the layers that can hold visible
   * rows in `range` have disjoint rowkey spans, one source per layer in scan order (a memtable
   * read straight from its index, an SSTable through its own cursor); otherwise one merge of all
   * layers. Also the SSTables retained for the scan (release them when done).
   */
  private openSources(range: KeyRange, snapshot: Scn, plan: ScanPlan): { sources: VisibleSource[]; held: SSTable[] } {
    const { memtables, sstables } = this.readLayers();
    const spans: { first: EncodedRowkey; last: EncodedRowkey; memtable: Memtable | null; sstable: SSTable | null }[] = [];
    for (const m of memtables) {
      if (m.isEmpty() || m.minVersionScn > snapshot) continue;
      const first = m.index.firstKey();
      const last = m.index.lastKey();
      if (first === undefined || last === undefined || !spanOverlapsRange(first, last, range)) continue;
      spans.push({ first, last, memtable: m, sstable: null });
    }
    for (const t of sstables) {
      const blocks = t.macroBlocks;
      if (blocks.length === 0 || t.minVersionScn > snapshot) continue;
      const first = blocks[0].firstKey;
      const last = blocks[blocks.length - 1].lastKey;
      if (!spanOverlapsRange(first, last, range)) continue;
      spans.push({ first, last, memtable: null, sstable: t });
    }
    const held: SSTable[] = [];
    try {
      const ordered = spans.slice().sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
      let disjoint = true;
      for (let i = 1; i < ordered.length; i++) if (ordered[i - 1].last >= ordered[i].first) disjoint = false;
      if (!disjoint) {
        const { it, held: h } = this.openLayers(range, snapshot, plan.reverse, plan.stats);
        held.push(...h);
        return { sources: [new MergedVisibleSource(it, snapshot, plan.reverse, plan.projection)], held };
      }
      if (plan.reverse) ordered.reverse();
      const sources: VisibleSource[] = [];
      for (const s of ordered) {
        const r = clampRange(range, s.first, s.last);
        if (s.memtable !== null) {
          sources.push(new MemtableVisibleSource(s.memtable, r, snapshot, plan.reverse, plan.projection));
        } else {
          const t = s.sstable!;
          t.retain();
          held.push(t);
          sources.push(new MergedVisibleSource(t.iterator(r, plan.reverse, plan.stats), snapshot, plan.reverse, plan.projection));
        }
      }
      return { sources, held };
    } catch (e) {
      held.forEach((t) => t.release());
      throw e;
    }
  }

  /**
   * The merged version cursor over every layer that can hold data visible at `snapshot` in
   * `range`, and the SSTables it retained (release them when done).
   */
  private openLayers(range: KeyRange, snapshot: Scn, reverse: boolean, stats: ScanStats | null = null): { it: VersionIterator; held: SSTable[] } {
    const { memtables, sstables } = this.readLayers();
    const children: VersionIterator[] = [];
    const held: SSTable[] = [];
    for (const m of memtables) {
      if (!m.isEmpty() && m.minVersionScn <= snapshot) children.push(m.iterator(range, reverse));
    }
    try {
      for (const t of sstables) {
        const blocks = t.macroBlocks;
        if (blocks.length === 0 || t.minVersionScn > snapshot) continue;
        if (!spanOverlapsRange(blocks[0].firstKey, blocks[blocks.length - 1].lastKey, range)) continue;
        t.retain();
        held.push(t);
        children.push(t.iterator(range, reverse, stats));
      }
    } catch (e) {
      held.forEach((t) => t.release());
      throw e;
    }
    const it = children.length === 1 ? children[0] : new MergeIterator(children, reverse);
    return { it, held };
  }

  // --- compaction -------------------------------------------------------------------------------

  /** Dumps frozen memtables into a mini (MINI_MERGE), then merges minis into the minor when
   *  `minor_compact_trigger` minis exist (MINOR_MERGE). */
  runMiniCompaction(y: Yielder): Promise<void> {
    return this.serial(async () => {
      await this.doMini(y);
      await this.doMinor(y);
    });
  }

  /**
   * Builds a new major at `frozenScn` (MAJOR_MERGE): first freezes and dumps whatever memtable
   * data is at or below `frozenScn` (normally the caller did), then merges major + minor + minis.
   * A repeated call for a frozen SCN the major already has returns the current baseline.
   */
  runMajorCompaction(frozenScn: Scn, y: Yielder): Promise<MajorResult> {
    return this.serial(async () => {
      const dropped: MajorResult = { checksum: 0, rowCount: 0, macroBlockCount: 0, reusedMacroBlockCount: 0 };
      if (this.destroyed) return dropped;
      const active = this.store.active;
      if (!active.isEmpty() && active.minVersionScn <= frozenScn) this.freeze(active.maxLsn);
      await this.doMini(y);
      const task = this.destroyed ? null : policy.pickMajor(this.store, frozenScn);
      if (task !== null) await this.doMajor(task, y);
      else if (this.needsConversion()) await this.doConvert(y);
      const major = this.store.major;
      if (this.destroyed) return dropped;
      assert(major !== null, 'no major after a major merge');
      const groups = [major, ...major.columnGroups];
      return {
        checksum: major.meta.checksum,
        rowCount: major.rowCount,
        macroBlockCount: groups.reduce((n, g) => n + g.macroBlocks.length, 0),
        reusedMacroBlockCount: task === null ? 0 : groups.reduce((n, g) => n + g.meta.reusedMacroBlockCount, 0),
      };
    });
  }

  private async doMini(y: Yielder): Promise<void> {
    const task = policy.pickMini(this.store);
    if (task === null || this.destroyed) return;
    const endScn = task.memtables[task.memtables.length - 1].endScn;
    const incremental = task.memtables.reduce((n, m) => n + m.versionCount, 0);
    const mini = await this.track('MINI_MERGE', endScn, y, 1, (ctx) => miniMerge(task.memtables, ctx), (t) => ({ outputs: [t], incremental }));
    if (this.destroyed) return mini.release();
    this.setStore(policy.applyMini(this.store, task, mini));
    const endLsn = Math.max(...task.memtables.map((m) => m.endLsn)) as Lsn;
    if (endLsn > this.checkpoint) this.checkpoint = endLsn;
  }

  private async doMinor(y: Yielder): Promise<void> {
    const task = policy.pickMinor(this.store, this.env.minorCompactTrigger ?? MINOR_COMPACT_TRIGGER_DEFAULT);
    if (task === null || this.destroyed) return;
    const inputs = task.inputs;
    inputs.forEach((t) => t.retain());
    try {
      const endScn = inputs.reduce((s, t) => (t.endScn > s ? t.endScn : s), SCN_MIN);
      const incremental = inputs.reduce((n, t) => n + t.rowCount, 0);
      const minor = await this.track('MINOR_MERGE', endScn, y, 1, (ctx) => minorMerge(inputs, ctx), (t) => ({ outputs: [t], incremental }));
      if (this.destroyed) return minor.release();
      this.setStore(policy.applyMinor(this.store, task, minor));
      policy.consumedTables(task).forEach((t) => t.release());
    } finally {
      inputs.forEach((t) => t.release());
    }
  }

  private async doMajor(task: policy.MajorTask<SSTable>, y: Yielder): Promise<void> {
    const inputs = policy.consumedTables(task);
    inputs.forEach((t) => t.retain());
    try {
      const layout = planMajorLayout(this.identity, this.replicaFormat);
      const incremental = task.incrementals.reduce((n, t) => n + t.rowCount, 0);
      const scheduler = this.env.dagScheduler ?? (this.ownScheduler ??= new CompactionDagScheduler());
      const tasks: DagTaskState[] = [];
      this.dag = tasks;
      let out: MajorOutput;
      try {
        out = await this.track(
          'MAJOR_MERGE',
          task.frozenScn,
          y,
          2,
          (ctx) =>
            runMajorDag(task.major, task.incrementals, task.frozenScn, { ...ctx, layout }, scheduler, tasks, (i) =>
              compactionTaskId(this.identity.tabletId, ctx.seq, i),
            this.env.dagPlan),
          (o) => ({ outputs: o.minor === null ? [o.major] : [o.major, o.minor], incremental, parallelDegree: o.mergeTasks }),
        );
      } finally {
        this.dag = [];
      }
      if (this.destroyed) {
        out.major.release();
        out.minor?.release();
        return;
      }
      this.setStore(policy.applyMajor(this.store, task, out));
      inputs.forEach((t) => t.release());
    } finally {
      inputs.forEach((t) => t.release());
    }
  }

  /**
   * Runs one merge with progress reporting: the snapshot's `compaction` while it runs, a
   * `compaction-progress` event per 10 % of rows and a `compaction-finished` event at the end.
   * `seqs` is how many SSTable sequence numbers the merge's outputs take; `report` names the
   * outputs and the incremental rows read, for the finished event's history row.
   */
  private async track<T>(
    mergeType: CompactionTaskSnapshot['mergeType'],
    compactionScn: Scn,
    y: Yielder,
    seqs: number,
    merge: (ctx: MergeContext) => Promise<T>,
    report: (out: T) => { outputs: SSTable[]; incremental: number; parallelDegree?: number },
  ): Promise<T> {
    const seq = this.nextSeq;
    this.nextSeq += seqs;
    const progress: MergeProgress = { rowsDone: 0, rowsTotal: 0 };
    this.progress = progress;
    this.running = {
      mergeType,
      status: 'RUNNING',
      rowsDone: 0,
      rowsTotal: 0,
      startUs: this.env.clock?.nowUs() ?? 0,
      compactionScn: compactionScn.toString(),
    };
    let reportedTenths = 0;
    const reporting: Yielder = {
      yield: () => {
        const tenths = progress.rowsTotal > 0 ? Math.floor((10 * progress.rowsDone) / progress.rowsTotal) : 0;
        if (tenths > reportedTenths) {
          reportedTenths = tenths;
          this.emit({ kind: 'compaction-progress', mergeType, done: progress.rowsDone, total: progress.rowsTotal });
        }
        return y.yield();
      },
    };
    try {
      const startUs = this.running.startUs;
      const out = await merge({ bm: this.bm, microBlockBytes: this.identity.microBlockBytes, seq, progress, y: reporting });
      const r = report(out);
      const history = compactionHistory(
        {
          identity: this.identity,
          mergeType,
          compactionScn: compactionScn.toString(),
          startUs,
          finishUs: this.env.clock?.nowUs() ?? 0,
          seq,
          incrementalRowCount: r.incremental,
          parallelDegree: r.parallelDegree ?? 1,
          comments: '',
        },
        r.outputs,
      );
      this.emit({ ...history, kind: 'compaction-finished' });
      return out;
    } finally {
      this.running = null;
    }
  }

  private emit(
    e: ({ kind: 'compaction-finished' } & CompactionHistorySnapshot) | { kind: 'compaction-progress'; mergeType: string; done: number; total: number },
  ): void {
    const { events, clock } = this.env;
    if (events === undefined) return;
    const id = this.identity;
    events.emit({ ...e, tenantId: id.tenantId, tabletId: id.tabletId, atUs: clock?.nowUs() ?? 0 });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  // --- state ------------------------------------------------------------------------------------

  memtableBytes(): number {
    return this.store.active.bytes + this.store.frozen.reduce((n, m) => n + m.bytes, 0);
  }

  checkpointLsn(): Lsn {
    return this.checkpoint;
  }

  /** The frozen SCN of the current major, or null before the first major merge. */
  majorScn(): Scn | null {
    return this.store.major?.endScn ?? null;
  }

  /** The running major's DAG tasks with their progress (empty when none runs). */
  private dagTasks(): CompactionDagTaskSnapshot[] {
    return this.dag.map((t) => ({ ...t.snapshot, rowsDone: Math.min(t.progress.rowsDone, t.progress.rowsTotal || t.progress.rowsDone), rowsTotal: t.progress.rowsTotal }));
  }

  /** The persisted state for the server's checkpoint. */
  meta(): TabletMeta {
    const s = this.store;
    const sstables = [s.major, s.minor, ...s.minis].filter((t): t is SSTable => t !== null).map((t) => t.meta);
    const tableStore: TableStoreMeta = { version: TABLE_STORE_META_VERSION, nextSeq: this.nextSeq, sstables };
    if (this.replicaFormat === 'column') tableStore.replicaStoreFormat = 'column';
    return { identity: { ...this.identity }, tableStore, checkpointLsn: this.checkpoint };
  }

  snapshot(): TabletSnapshot {
    const s = this.store;
    const id = this.identity;
    const memtables: MemtableSnapshot[] = [...s.frozen, s.active]
      .filter((m) => !m.isEmpty())
      .map((m) => ({
        isActive: m.state === 'active',
        rowCount: m.rowCount,
        bytes: m.bytes,
        startScn: m.startScn.toString(),
        endScn: (m.state === 'active' ? SCN_MAX : m.endScn).toString(),
      }));
    const sstables = [s.major, s.minor, ...s.minis].filter((t): t is SSTable => t !== null).map((t) => t.snapshot());
    const compaction = this.running && { ...this.running, rowsDone: this.progress.rowsDone, rowsTotal: this.progress.rowsTotal };
    return {
      tenantId: id.tenantId,
      lsId: id.lsId,
      tabletId: id.tabletId,
      tableId: id.tableId,
      memtables,
      sstables,
      compaction,
      dagTasks: this.dagTasks(),
      storeFormat: this.replicaStoreFormat() === 'column' ? 'column' : (id.storage?.storeFormat ?? 'row'),
      replicaStoreFormat: this.replicaStoreFormat(),
      csConversion: this.csConversion(),
    };
  }

  // --- column scans and aggregate pushdown (issue 3) ------------------------------------------

  /**
   * Rows visible at `snapshot` in `range`, column-wise (`ColumnBatch`es with a selection vector
   * for `options.predicates`). Fast path — the encoded major alone, when no incremental layer
   * with versions ≤ `snapshot` overlaps `range`: skip-index pruning, filters on encoded data,
   * only the requested columns decoded (column_scan.ts). Otherwise the row scan transposed into
   * `values` vectors and filtered (same rows, slower). `options.stats` is added to. Rowkey
   * order is not promised. Errors: `Errors.checksumError` naming file and block.
   */
  scanColumns(range: KeyRange, snapshot: Scn, options: ColumnScanOptions): Iterable<ColumnBatch> {
    this.checkColumns(options.columns);
    const tablet = this;
    return {
      *[Symbol.iterator]() {
        const stats = options.stats ?? emptyScanStats();
        if (rangeIsEmpty(range)) return;
        const major = tablet.columnarMajor(range, snapshot);
        if (major === null) {
          yield* tablet.transposedBatches(range, snapshot, options.columns, options.predicates ?? [], stats);
          return;
        }
        major.retain();
        try {
          const [lo, hi] = ordinalRange(major, range);
          const prefer = tablet.prefersColumnStore(major, options.columns.length, options.useColumnStore);
          yield* scanMajorColumns(major, lo, hi, options.columns, options.predicates ?? [], prefer, stats);
        } finally {
          major.release();
        }
      },
    };
  }

  /**
   * Per column of `columns`, min / max / NULL count / row count / sum over the rows visible at
   * `snapshot` in `range` (COUNT/MIN/MAX/SUM/AVG pushdown). Whole blocks of the encoded major are
   * answered from their stored skip-index aggregates when no incremental layer overlaps
   * (`stats.microBlocksAggregated`); partial blocks are decoded; otherwise the row scan is
   * aggregated. Errors: `Errors.checksumError`.
   */
  aggregateColumns(range: KeyRange, snapshot: Scn, columns: number[], stats: ScanStats = emptyScanStats()): ColumnStats[] {
    this.checkColumns(columns);
    if (rangeIsEmpty(range)) return columns.map(() => emptyStats());
    const major = this.columnarMajor(range, snapshot);
    if (major !== null) {
      major.retain();
      try {
        const [lo, hi] = ordinalRange(major, range);
        return aggregateMajorColumns(major, lo, hi, columns, stats);
      } finally {
        major.release();
      }
    }
    const values: Value[][] = columns.map(() => []);
    for (const batch of this.scan(range, snapshot, { columns, batchRows: DAS_SCAN_BATCH_ROWS, stats })) {
      stats.rowsScanned += batch.length;
      for (const row of batch) for (let j = 0; j < columns.length; j++) values[j].push(row[j]);
    }
    return columns.map((c, j) => (values[j].length === 0 ? emptyStats() : columnStats(values[j], this.classOf(c, values[j]))));
  }

  private checkColumns(columns: readonly number[]): void {
    const n = this.identity.columnCount;
    for (const c of columns) if (!(Number.isInteger(c) && c >= 0 && c < n)) assert(false, `column ${c} out of range`);
  }

  /** Class of stored column `c` from the storage schema, else inferred from `values`. */
  private classOf(c: number, values: readonly Value[]): ColumnClass {
    return this.identity.storage?.columns[c] ?? inferClass(values) ?? { kind: 'string', ci: false };
  }

  /**
   * The encoded major when it alone answers a read of `range` at `snapshot`: every row in it is
   * visible (snapshot ≥ its newest version) and no memtable, mini or minor holding a version
   * ≤ snapshot overlaps the range. Null otherwise (or when the major is flat).
   */
  private columnarMajor(range: KeyRange, snapshot: Scn): SSTable | null {
    const s = this.store;
    const major = s.major;
    if (major === null || !major.isEncoded || snapshot < major.maxVersionScn) return null;
    for (const m of [s.active, ...s.frozen]) {
      if (m.isEmpty() || m.minVersionScn > snapshot) continue;
      const first = m.index.firstKey();
      const last = m.index.lastKey();
      if (first !== undefined && last !== undefined && spanOverlapsRange(first, last, range)) return null;
    }
    for (const t of [...s.minis, ...(s.minor === null ? [] : [s.minor])]) {
      const blocks = t.macroBlocks;
      if (blocks.length === 0 || t.minVersionScn > snapshot) continue;
      if (spanOverlapsRange(blocks[0].firstKey, blocks[blocks.length - 1].lastKey, range)) return null;
    }
    return major;
  }

  /** Column store, or (hybrid) the hint, or fewer than half the columns read. */
  private prefersColumnStore(major: SSTable, columnsRead: number, hint: boolean | undefined): boolean {
    const fmt = major.meta.storeFormat ?? 'row';
    if (fmt === 'column') return true;
    if (fmt === 'row') return false;
    return hint ?? columnsRead < this.identity.columnCount / 2;
  }

  /** The fallback column scan: visible rows of the row scan, transposed and filtered. */
  private *transposedBatches(
    range: KeyRange,
    snapshot: Scn,
    columns: readonly number[],
    predicates: readonly StoragePredicate[],
    stats: ScanStats,
  ): Generator<ColumnBatch> {
    for (const batch of this.scan(range, snapshot, { columns: [...columns], batchRows: TRANSPOSE_BATCH_ROWS, stats })) {
      const n = batch.length;
      stats.rowsScanned += n;
      const vectors = columns.map((_, j) => valuesVector(batch, j));
      let sel: Int32Array | null = null;
      let selCount = n;
      if (predicates.length > 0) {
        const pass = new Uint8Array(n).fill(1);
        for (const p of predicates) {
          const v = vectors[p.column];
          const values = v.data.kind === 'values' ? v.data.values : [];
          filterVector(v, p, this.classOf(columns[p.column], values), pass);
        }
        const idx = new Int32Array(n);
        selCount = 0;
        for (let i = 0; i < n; i++) if (pass[i] !== 0) idx[selCount++] = i;
        if (selCount === 0) continue;
        if (selCount < n) sel = idx.subarray(0, selCount);
      }
      yield { length: n, columns: vectors, sel, selCount };
    }
  }

  /** The storage panel's column view of the SSTable of `type` (see sstable_detail.ts). */
  sstableDetail(type: SstableType): SstableDetail | null {
    const s = this.store;
    const t = type === 'MAJOR' ? s.major : type === 'MINOR' ? s.minor : (s.minis[s.minis.length - 1] ?? null);
    return t === null ? null : sstableDetailOf(t, this.identity);
  }

  /**
   * DDL changed the table (column groups, compression, skip indexes, columns, BLOCK_SIZE): the
   * new identity is kept (and checkpointed with `meta()`); the current SSTables stay as they are
   * until the next major writes the new layout (ALTER TABLE ... ADD/DROP COLUMN GROUP "takes
   * effect at the next major compaction").
   */
  updateStorageSchema(identity: TabletIdentity): void {
    assert(identity.tabletId === this.identity.tabletId, 'storage schema of another tablet');
    this.identityValue = { ...identity };
  }

  // --- COLUMNSTORE replica (issue 4) ------------------------------------------------------------

  /**
   * Declares how this replica stores the tablet's baseline: `column` on a COLUMNSTORE (C) replica
   * — from the next major (or `convertToColumnStore`) a user table's major is columnar whatever
   * its column groups; `default` — the table's schema decides (F and R replicas). Persisted with
   * `meta()`. The current SSTables are left as they are. System tablets are unaffected.
   */
  setReplicaStoreFormat(format: 'column' | 'default'): void {
    this.replicaFormat = format === 'column' ? 'column' : 'row';
  }

  /** `column` when this replica stores the tablet's majors column-wise (C replica, user table). */
  replicaStoreFormat(): ReplicaStoreFormat {
    return this.replicaFormat === 'column' && columnStoreReplicaApplies(this.identity) ? 'column' : 'row';
  }

  /**
   * Row-to-column conversion of a C replica tablet (OceanBase's CONVERT_CO_MAJOR_MERGE): marks the
   * tablet `column` (`setReplicaStoreFormat`) and rewrites its current major, if it is not
   * columnar yet, as a columnar major at the same frozen SCN with the same rows and checksum,
   * tracked like a compaction (snapshot `compaction`, DAG tasks, `compaction-progress` and
   * `compaction-finished` events with merge type CONVERT_CO_MAJOR_MERGE). Idempotent: a columnar
   * major is left alone. A tablet with no major yet stays WAITING and its next major is columnar.
   * Runs in the tablet's compaction chain (after a running merge). Returns the conversion state
   * afterwards (undefined for a system tablet, which stays row-wise). Errors: those of a major
   * merge (`Errors.checksumError` when an old block fails its check).
   */
  convertToColumnStore(y: Yielder = NO_WAIT): Promise<CsConversionSnapshot | undefined> {
    this.setReplicaStoreFormat('column');
    return this.serial(async () => {
      if (this.needsConversion()) await this.doConvert(y);
      return this.csConversion();
    });
  }

  /**
   * The conversion state of a C replica's user tablet (undefined otherwise): WAITING (no major,
   * or a row major), CONVERTING (rows done / total of the running CONVERT_CO_MAJOR_MERGE), DONE.
   */
  csConversion(): CsConversionSnapshot | undefined {
    if (this.replicaStoreFormat() !== 'column') return undefined;
    const major = this.store.major;
    const macroBlockCount = major === null ? 0 : [major, ...major.columnGroups].reduce((n, g) => n + g.macroBlocks.length, 0);
    if (this.running?.mergeType === 'CONVERT_CO_MAJOR_MERGE') {
      return { status: 'CONVERTING', rowsDone: this.progress.rowsDone, rowsTotal: this.progress.rowsTotal, macroBlockCount };
    }
    if (major !== null && major.meta.storeFormat === 'column') {
      return { status: 'DONE', rowsDone: major.rowCount, rowsTotal: major.rowCount, macroBlockCount };
    }
    return { status: 'WAITING', rowsDone: 0, rowsTotal: major?.rowCount ?? 0, macroBlockCount };
  }

  /** A C replica's user tablet whose current major is not columnar. */
  private needsConversion(): boolean {
    const major = this.store.major;
    return !this.destroyed && major !== null && this.replicaStoreFormat() === 'column' && major.meta.storeFormat !== 'column';
  }

  /** CONVERT_CO_MAJOR_MERGE: the major alone, re-laid out column-wise at its own frozen SCN. */
  private async doConvert(y: Yielder): Promise<void> {
    const old = this.store.major;
    assert(old !== null, 'conversion without a major');
    const layout = planMajorLayout(this.identity, 'column');
    assert(layout.storeFormat === 'column', 'conversion of a tablet that stays row-wise');
    const scheduler = this.env.dagScheduler ?? (this.ownScheduler ??= new CompactionDagScheduler());
    const tasks: DagTaskState[] = [];
    this.dag = tasks;
    old.retain();
    try {
      let out: MajorOutput;
      try {
        out = await this.track(
          'CONVERT_CO_MAJOR_MERGE',
          old.endScn,
          y,
          2,
          (ctx) =>
            runMajorDag(old, [], old.endScn, { ...ctx, layout }, scheduler, tasks, (i) => compactionTaskId(this.identity.tabletId, ctx.seq, i), this.env.dagPlan),
          (o) => ({ outputs: [o.major], incremental: 0, parallelDegree: o.mergeTasks }),
        );
      } finally {
        this.dag = [];
      }
      assert(out.minor === null, 'a conversion produced a minor');
      // Encoded majors carry the logical row checksum, which no layout changes (flat majors of
      // old checkpoints summed another hash: theirs is replaced by the logical one).
      if (old.meta.format === 'encoded') assert(out.major.meta.checksum === old.meta.checksum, 'conversion changed the baseline checksum');
      if (this.destroyed) return out.major.release();
      this.setStore(policy.applyConvert(this.store, old, out.major));
      old.release(); // the table store's reference
    } finally {
      old.release();
    }
  }

  /** DROP TABLE: releases every SSTable (their blocks become free after the next checkpoint). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const s = this.store;
    for (const t of [s.major, s.minor, ...s.minis]) t?.release();
    this.setStore({ active: new Memtable(this.nextSeq++, SCN_MIN), frozen: [], minis: [], minor: null, major: null });
  }
}

/** A copy of `row` with integers in canonical form (number when safe), so encodings are stable. */
function canonicalRow(row: readonly Value[]): Value[] {
  const out = row.slice();
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (typeof v === 'bigint') out[i] = normInt(v);
  }
  return out;
}
