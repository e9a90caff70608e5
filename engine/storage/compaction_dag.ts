/**
 * Major compaction as a DAG of tasks (OceanBase's `ObTabletMajorMergeDag` with its prepare,
 * merge and finish tasks, run by the tenant's DAG scheduler `ObTenantDagScheduler`; V4.3 column
 * stores split the merge vertically into column-group batches, reference §4.9):
 *
 * ```
 *   PREPARE ──▶ MERGE(range 0, cg [0,k)) ─┐
 *           ──▶ MERGE(range 0, cg [k,n)) ─┤
 *           ──▶ MERGE(range 1, cg [0,k)) ─┼──▶ FINISH (concatenate ranges per group, assemble
 *           ──▶ ...                       ─┘             the CO major, swap the table store)
 * ```
 * - Horizontal: the key space is cut at the old major's macroblock boundaries — of its column
 *   group with the most macroblocks — (or, without a major, the largest increment's) into ranges
 *   of ≈ COMPACTION_RANGE_ROWS rows, so those macroblocks never straddle two ranges and stay
 *   reusable; a macroblock larger than a range is cut at its microblocks.
 * - Vertical: a columnar layout's groups are batched, at most COMPACTION_CG_BATCH_MAX per task and
 *   fewer when their estimated bytes for the range exceed CG_TASK_MEMORY_BYTES.
 * `planMajorDag` is pure (tested alone); `runMajorDag` executes a plan on a
 * `CompactionDagScheduler`, one per server, which runs at most COMPACTION_DAG_WORKERS tasks at
 * once across all tablets (tasks interleave at their yields — the engine is single-threaded, so
 * "parallel" means concurrent, as a bounded worker pool would be).
 */
import { assert } from '../common/assert';
import { SCN_MIN, type Scn } from '../common/ids';
import { COMPACTION_CG_BATCH_MAX, COMPACTION_DAG_WORKERS, COMPACTION_RANGE_ROWS } from '../common/limits';
import type { EncodedRowkey } from '../common/rowkey';
import type { CompactionDagTaskSnapshot } from '../server/snapshot';
import { FULL_RANGE, type KeyRange } from '../sql/exec_context';
import type { MajorLayout } from './co_sstable';
import type { MergeContext, MergeProgress } from './compaction';
import type { ColumnClass } from './encoding/types';
import { concatMetas, runMajorTask, type MajorTaskOutput } from './major_merge';
import { SSTable, type SSTableMeta } from './sstable';
import type { SSTableBuildInfo } from './sstable_builder';

/** Estimated bytes a MERGE task may buffer for its column groups (vertical batching budget). */
export const CG_TASK_MEMORY_BYTES = 64 * 1024 * 1024;

/** What the planner needs of an SSTable (plain objects in tests). */
export interface PlannedSSTable {
  readonly rowCount: number;
  readonly macroBlocks: readonly {
    readonly firstKey: EncodedRowkey;
    readonly rowCount: number;
    /** Its microblocks, when known: a macroblock of more than `rangeRows` rows is split at them. */
    readonly micros?: readonly { readonly firstKey: EncodedRowkey; readonly rowCount: number }[];
  }[];
  /** Columnar metas: RAW bytes per group (estimates bytes per row). */
  readonly meta?: Pick<SSTableMeta, 'rawBytes' | 'columnGroups'>;
}

export interface PlannedMerge {
  rangeIndex: number;
  /** Layout groups [cgStart, cgEnd). */
  cgStart: number;
  cgEnd: number;
  /** Rows the task reads (estimate). */
  rowsTotal: number;
  estimatedBytes: number;
}

export interface MajorDagPlan {
  ranges: KeyRange[];
  merges: PlannedMerge[];
}

export interface DagPlanOptions {
  rangeRows?: number;
  cgBatchMax?: number;
  memoryBudgetBytes?: number;
}

function classBytes(cls: ColumnClass | null): number {
  return cls === null || cls.kind === 'string' ? 24 : 8;
}

/**
 * Plans a major over `major` + `incrementals` writing `layout`: the key ranges and the MERGE
 * tasks (range × column-group batch). Pure.
 */
export function planMajorDag(
  major: PlannedSSTable | null,
  incrementals: readonly PlannedSSTable[],
  layout: Pick<MajorLayout, 'groups'>,
  options: DagPlanOptions = {},
): MajorDagPlan {
  const rangeRows = options.rangeRows ?? COMPACTION_RANGE_ROWS;
  const batchMax = options.cgBatchMax ?? COMPACTION_CG_BATCH_MAX;
  const budget = options.memoryBudgetBytes ?? CG_TASK_MEMORY_BYTES;
  assert(rangeRows > 0 && batchMax > 0, 'bad DAG plan options');
  const incRows = incrementals.reduce((n, t) => n + t.rowCount, 0);
  const totalRows = (major?.rowCount ?? 0) + incRows;
  // Split candidates: the old major's macroblocks, else the largest increment's.
  const guide = major !== null && major.macroBlocks.length > 0 ? major : incrementals.reduce<PlannedSSTable | null>((a, t) => (a === null || t.rowCount > a.rowCount ? t : a), null);
  const splits: EncodedRowkey[] = [];
  if (guide !== null && guide.rowCount > 0) {
    const scale = totalRows / guide.rowCount;
    // Macroblock boundaries keep every macroblock reusable; a huge one is cut at microblocks.
    const units = guide.macroBlocks.flatMap((b) => (b.rowCount * scale > rangeRows && b.micros !== undefined ? b.micros : [b]));
    let acc = 0;
    for (let i = 0; i < units.length; i++) {
      const b = units[i];
      if (acc >= rangeRows && i > 0) {
        splits.push(b.firstKey);
        acc = 0;
      }
      acc += b.rowCount * scale;
    }
  }
  const bounds = [FULL_RANGE.start, ...splits];
  const ranges: KeyRange[] = bounds.map((start, i) => ({
    start,
    startInclusive: true,
    end: i + 1 < bounds.length ? bounds[i + 1] : FULL_RANGE.end,
    endInclusive: i + 1 >= bounds.length,
  }));
  const perRange = totalRows / ranges.length;
  const bytesPerRow = layout.groups.map((g) => (g.keyed ? 24 : 0) + g.classes.reduce((n: number, c) => n + classBytes(c), 0));
  const merges: PlannedMerge[] = [];
  ranges.forEach((_, r) => {
    let g = 0;
    while (g < layout.groups.length) {
      const start = g;
      let bytes = 0;
      while (g < layout.groups.length && g - start < batchMax) {
        const b = bytesPerRow[g] * perRange;
        if (g > start && bytes + b > budget) break;
        bytes += b;
        g++;
      }
      merges.push({ rangeIndex: r, cgStart: start, cgEnd: g, rowsTotal: Math.round(perRange), estimatedBytes: Math.round(bytes) });
    }
  });
  return { ranges, merges };
}

/**
 * A bounded pool of compaction task slots (one per server): `run` waits for a free slot, so at
 * most `workers` tasks run at once; a finished task hands its slot to the longest waiter.
 */
export class CompactionDagScheduler {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Most tasks ever running at once (tests, the panel). */
  peakRunning = 0;
  tasksRun = 0;

  constructor(readonly workers: number = COMPACTION_DAG_WORKERS) {
    assert(workers >= 1, 'a DAG scheduler needs a worker');
  }

  get running(): number {
    return this.active;
  }
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.workers) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    if (this.active > this.peakRunning) this.peakRunning = this.active;
    this.tasksRun++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.active--;
    }
  }
}

/** A task of a running DAG, as the tablet snapshot shows it. */
export interface DagTaskState {
  snapshot: CompactionDagTaskSnapshot;
  progress: MergeProgress;
}

export interface MajorOutput {
  major: SSTable;
  /** Versions newer than the frozen SCN, or null when there were none. */
  minor: SSTable | null;
  /** MERGE tasks run (the history's parallel degree). */
  mergeTasks: number;
}

/**
 * Runs a major as PREPARE → MERGE × n → FINISH on `scheduler`. `tasks` receives the task states
 * (the caller's snapshot reads them). `ctx.seq` and `ctx.seq + 1` name the major and the minor.
 */
export async function runMajorDag(
  major: SSTable | null,
  incrementals: readonly SSTable[],
  frozenScn: Scn,
  ctx: MergeContext,
  scheduler: CompactionDagScheduler,
  tasks: DagTaskState[],
  taskId: (index: number) => string,
  planOptions?: DagPlanOptions,
): Promise<MajorOutput> {
  const layout = ctx.layout;
  assert(layout !== undefined, 'a major merge needs a layout');
  const state = (kind: CompactionDagTaskSnapshot['kind'], m: { rangeIndex: number; rangeCount: number; cgStart: number; cgEnd: number; rowsTotal: number }) => {
    const s: DagTaskState = {
      snapshot: { taskId: taskId(tasks.length), kind, status: 'WAITING', ...m, rowsDone: 0 },
      progress: new TaskProgress(ctx.progress, m.rowsTotal),
    };
    tasks.push(s);
    return s;
  };
  const prepare = state('PREPARE', { rangeIndex: 0, rangeCount: 1, cgStart: 0, cgEnd: layout.groups.length, rowsTotal: 0 });
  let plan!: MajorDagPlan;
  await runTask(scheduler, prepare, async () => {
    // Split along the group with the most macroblocks (all groups hold the same rows), so its
    // macroblocks — the bulk of the bytes — stay inside one range and reusable.
    const guide = major === null ? null : [major, ...major.columnGroups].reduce((a, g) => (g.macroBlocks.length > a.macroBlocks.length ? g : a));
    plan = planMajorDag(guide === null ? null : withMicros(guide, planOptions), incrementals, layout, planOptions);
  });
  ctx.progress.rowsTotal = plan.merges.reduce((n, m) => n + m.rowsTotal, 0);
  const rangeCount = plan.ranges.length;
  const merges = plan.merges.map((m) => ({ m, s: state('MERGE', { ...m, rangeCount }) }));
  const finish = state('FINISH', { rangeIndex: 0, rangeCount, cgStart: 0, cgEnd: layout.groups.length, rowsTotal: 0 });
  const endLsn = Math.max(major?.meta.endLsn ?? 0, ...incrementals.map((t) => t.meta.endLsn));
  const info = {
    major: { seq: ctx.seq, startScn: SCN_MIN, endScn: frozenScn, endLsn },
    minor: { seq: ctx.seq + 1, startScn: frozenScn, endScn: incrementals.reduce((s, t) => (t.endScn > s ? t.endScn : s), frozenScn), endLsn },
  };
  const settled = await Promise.allSettled(
    merges.map(({ m, s }) =>
      runTask(scheduler, s, () =>
        runMajorTask(major, incrementals, frozenScn, { range: plan.ranges[m.rangeIndex], groups: range(m.cgStart, m.cgEnd) }, { ...ctx, progress: s.progress }, info),
      ),
    ),
  );
  const outputs: (MajorTaskOutput | null)[] = settled.map((r) => (r.status === 'fulfilled' ? r.value : null));
  const failed = settled.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
  const releaseAll = () => outputs.forEach((o) => o && (o.groups.forEach((t) => t.release()), o.minor?.release()));
  if (failed !== undefined) {
    releaseAll();
    throw failed.reason;
  }
  try {
    const out = await runTask(scheduler, finish, async () => assemble(plan, merges.map((x) => x.m), outputs as MajorTaskOutput[], layout, info, ctx));
    return { ...out, mergeTasks: merges.length };
  } finally {
    releaseAll();
  }
}

/** `t` for the planner, with the microblocks of macroblocks too large for one range. */
function withMicros(t: SSTable, options: DagPlanOptions | undefined): PlannedSSTable {
  const rangeRows = options?.rangeRows ?? COMPACTION_RANGE_ROWS;
  return {
    rowCount: t.rowCount,
    macroBlocks: t.macroBlocks.map((b, i) => (b.rowCount > rangeRows ? { ...b, micros: t.macroIndex(i).micros } : b)),
  };
}

/** A task's progress; rows it does also count for the whole merge's progress. */
class TaskProgress implements MergeProgress {
  private done = 0;

  constructor(
    private readonly whole: MergeProgress,
    public rowsTotal: number,
  ) {}

  get rowsDone(): number {
    return this.done;
  }
  set rowsDone(n: number) {
    this.whole.rowsDone += n - this.done;
    this.done = n;
  }
}

async function runTask<T>(scheduler: CompactionDagScheduler, s: DagTaskState, fn: () => Promise<T>): Promise<T> {
  return scheduler.run(async () => {
    s.snapshot.status = 'RUNNING';
    try {
      return await fn();
    } finally {
      s.snapshot.status = 'FINISHED';
      s.snapshot.rowsDone = s.progress.rowsDone;
    }
  });
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** FINISH: per group, the ranges' outputs joined in key order; the keyed group owns the others. */
function assemble(
  plan: MajorDagPlan,
  merges: readonly PlannedMerge[],
  outputs: readonly MajorTaskOutput[],
  layout: MajorLayout,
  info: { major: SSTableBuildInfo; minor: SSTableBuildInfo },
  ctx: MergeContext,
): { major: SSTable; minor: SSTable | null } {
  const groupParts: SSTableMeta[][] = layout.groups.map(() => new Array(plan.ranges.length));
  const minorParts: SSTableMeta[] = [];
  merges.forEach((m, i) => {
    const o = outputs[i];
    o.groups.forEach((t, k) => (groupParts[m.cgStart + k][m.rangeIndex] = t.meta));
    if (o.minor !== null && o.minor.rowCount > 0) minorParts[m.rangeIndex] = o.minor.meta;
  });
  const metas = groupParts.map((parts) => concatMetas(parts, info.major));
  const main = metas[0];
  if (metas.length > 1) main.columnGroups = metas.slice(1);
  main.storeFormat = layout.storeFormat;
  const majorTable = SSTable.open(main, ctx.bm);
  const minors = minorParts.filter((m) => m !== undefined);
  const minor = minors.length === 0 ? null : SSTable.open(concatMetas(minors, info.minor), ctx.bm);
  return { major: majorTable, minor };
}
