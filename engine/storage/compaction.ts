/**
 * The merges that move bytes (OceanBase's `ObPartitionMerger` family), one per merge type; the
 * compaction policy (compaction_policy.ts) decides what to merge, these do it.
 *
 * - MINI_MERGE: frozen memtables → one MINI SSTable with every version.
 * - MINOR_MERGE: minis (+ the old minor) → one MINOR SSTable with every version (reads at older
 *   snapshots may still need them; delete markers are kept because they hide the major's rows).
 * - MAJOR_MERGE at frozen SCN F: old major + minor + minis → a new MAJOR holding, per rowkey, the
 *   newest version with SCN ≤ F unless it is a delete, in encoded column groups; versions > F go
 *   to a new MINOR, so nothing is lost. It runs as a DAG of tasks (compaction_dag.ts, one MERGE
 *   task in major_merge.ts); unchanged macroblocks are reused (`reusedMacroBlockCount`).
 *
 * All merges stream in (rowkey asc, SCN desc) order through the shared iterator protocol,
 * drop a duplicate (rowkey, SCN) seen in an older input, report rows done for the progress
 * views, and `await y.yield()` every `YIELD_ROWS` rows so the server stays responsive.
 */
import type { Scn } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Yielder } from './types';
import type { BlockManager } from './block_manager';
import { MergeIterator, type VersionIterator } from './iterator';
import type { Memtable } from './memtable';
import type { SSTable } from './sstable';
import { SSTableBuilder } from './sstable_builder';
import type { MajorLayout } from './co_sstable';
import { CompactionDagScheduler, runMajorDag, type MajorOutput } from './compaction_dag';
import { FULL_RANGE } from '../sql/exec_context';

const YIELD_ROWS = 512;

/** Progress of a running merge, read by `Tablet.snapshot()`. */
export interface MergeProgress {
  rowsDone: number;
  rowsTotal: number;
}

export interface MergeContext {
  bm: BlockManager;
  microBlockBytes: number;
  /** Sequence number for the output SSTable(s); a major with a leftover minor uses seq and seq + 1. */
  seq: number;
  y: Yielder;
  progress: MergeProgress;
  /** Majors: the layout to write (column groups, classes, compression). */
  layout?: MajorLayout;
}

/** Copies every version of `it` into `b`, dropping (key, SCN) duplicates from older inputs. */
async function copyAllVersions(it: VersionIterator, b: SSTableBuilder, ctx: MergeContext): Promise<void> {
  let lastKey: EncodedRowkey | null = null;
  let lastScn = -1n;
  let n = 0;
  while (it.isValid()) {
    const key = it.key();
    const scn = it.scn();
    if (key !== lastKey || scn !== lastScn) {
      b.add(key, scn, it.storedRow());
      lastKey = key;
      lastScn = scn;
    }
    it.next();
    ctx.progress.rowsDone++;
    if (++n % YIELD_ROWS === 0) await ctx.y.yield();
  }
}

/** MINI_MERGE: dumps `memtables` (oldest first, all frozen) into one MINI SSTable. */
export async function miniMerge(memtables: readonly Memtable[], ctx: MergeContext): Promise<SSTable> {
  const newestFirst = [...memtables].reverse();
  ctx.progress.rowsTotal = memtables.reduce((n, m) => n + m.versionCount, 0);
  const it = new MergeIterator(newestFirst.map((m) => m.iterator(FULL_RANGE, false)), false);
  const b = new SSTableBuilder(ctx.bm, 'MINI', ctx.microBlockBytes);
  try {
    await copyAllVersions(it, b, ctx);
    return b.finish({
      seq: ctx.seq,
      startScn: memtables[0].startScn,
      endScn: newestFirst[0].endScn,
      endLsn: Math.max(...memtables.map((m) => m.endLsn)),
    });
  } finally {
    b.abort();
  }
}

/** MINOR_MERGE: merges `inputs` (newest first) into one MINOR SSTable keeping every version. */
export async function minorMerge(inputs: readonly SSTable[], ctx: MergeContext): Promise<SSTable> {
  ctx.progress.rowsTotal = inputs.reduce((n, t) => n + t.rowCount, 0);
  const it = new MergeIterator(inputs.map((t) => t.iterator(FULL_RANGE, false)), false);
  const b = new SSTableBuilder(ctx.bm, 'MINOR', ctx.microBlockBytes);
  try {
    await copyAllVersions(it, b, ctx);
    return b.finish({
      seq: ctx.seq,
      startScn: minScn(inputs.map((t) => t.startScn)),
      endScn: maxScn(inputs.map((t) => t.endScn)),
      endLsn: Math.max(...inputs.map((t) => t.meta.endLsn)),
    });
  } finally {
    b.abort();
  }
}

export type { MajorOutput } from './compaction_dag';

/**
 * MAJOR_MERGE at `frozenScn`: old `major` (or null) + `incrementals` (newest first) → a new
 * major in `ctx.layout`, plus a minor for the versions above `frozenScn` — run as a DAG of tasks
 * (compaction_dag.ts) on a private scheduler; the tablet passes its server's scheduler instead.
 */
export function majorMerge(major: SSTable | null, incrementals: readonly SSTable[], frozenScn: Scn, ctx: MergeContext): Promise<MajorOutput> {
  return runMajorDag(major, incrementals, frozenScn, ctx, new CompactionDagScheduler(), [], (i) => `MAJOR-${ctx.seq}-${i}`);
}

function minScn(scns: readonly Scn[]): Scn {
  return scns.reduce((a, b) => (b < a ? b : a));
}

function maxScn(scns: readonly Scn[]): Scn {
  return scns.reduce((a, b) => (b > a ? b : a));
}
