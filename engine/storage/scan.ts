/**
 * Scan output: MVCC-visible rows of a version stream, projected and cut into batches
 * (`ScanOptions`: reverse, column projection, limit, batch size). This is the storage end of the
 * DAS scan (OceanBase's `ObTableScanIterator` feeding rowsets to the executor).
 *
 * Rows handed out are fresh arrays (projected copies), never the memtable's or the block
 * cache's own arrays, so a caller may keep or modify them. The rows come from visible-row sources
 * (visible_source.ts): one per layer when the layers' rowkeys do not overlap, else one merge. A column index past a stored row's
 * width (a row written before ADD COLUMN) reads as NULL.
 */
import { assert } from '../common/assert';
import type { Scn } from '../common/ids';
import { DAS_SCAN_BATCH_ROWS, ROWSET_ROWS } from '../common/limits';
import type { Value } from '../common/value';
import { makeProjection, type Projection, type VersionIterator } from './iterator';
import type { ScanOptions, ScanStats } from './types';
import { MergedVisibleSource, type VisibleSource } from './visible_source';

/** Validated scan options with defaults applied. */
export interface ScanPlan {
  reverse: boolean;
  projection: Projection | null;
  limit: number;
  batchRows: number;
  stats: ScanStats | null;
}

/** Applies defaults (all columns, no limit, ROWSET_ROWS per batch) and checks bounds. */
export function planScan(options: ScanOptions | undefined, columnCount: number): ScanPlan {
  const batchRows = options?.batchRows ?? ROWSET_ROWS;
  if (!(Number.isInteger(batchRows) && batchRows >= 1 && batchRows <= DAS_SCAN_BATCH_ROWS)) assert(false, `bad batchRows ${batchRows}`);
  const limit = options?.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 0)) assert(false, `negative scan limit ${limit}`);
  const columns = options?.columns ?? null;
  if (columns !== null) {
    for (const c of columns) if (!(Number.isInteger(c) && c >= 0 && c < columnCount)) assert(false, `projected column ${c} out of range`);
  }
  const stats = options?.stats ?? null;
  return { reverse: options?.reverse ?? false, projection: columns === null ? null : makeProjection(columns), limit, batchRows, stats };
}

/**
 * Batches of visible rows of `it` (a merged version stream in `plan.reverse` direction) at
 * `snapshot`. Calls `done()` when the stream ends or the consumer stops early.
 */
export function visibleBatches(it: VersionIterator, snapshot: Scn, plan: ScanPlan, done: () => void): Generator<Value[][]> {
  return sourceBatches([new MergedVisibleSource(it, snapshot, plan.reverse, plan.projection)], plan, done);
}

/**
 * Batches of the visible rows of `sources`, read one after another (each in scan order, each
 * after the previous one in rowkey order), cut to `plan.batchRows` rows and `plan.limit` rows in
 * all. Calls `done()` when the rows end or the consumer stops early.
 */
export function* sourceBatches(sources: readonly VisibleSource[], plan: ScanPlan, done: () => void): Generator<Value[][]> {
  try {
    let left = plan.limit;
    let s = 0;
    let batch: Value[][] = [];
    while (left > 0 && s < sources.length) {
      const room = Math.min(plan.batchRows - batch.length, left);
      const before = batch.length;
      const more = sources[s].fill(batch, room);
      left -= batch.length - before;
      if (!more) s++;
      if (batch.length === plan.batchRows || (left === 0 && batch.length > 0)) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    done();
  }
}

/** All rows of a scan's batches in one array (tests, small internal reads). */
export function collectRows(batches: Iterable<Value[][]>): Value[][] {
  const out: Value[][] = [];
  for (const b of batches) for (const r of b) out.push(r);
  return out;
}
