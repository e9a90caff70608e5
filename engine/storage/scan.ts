/**
 * Scan output: MVCC-visible rows of a version stream, projected and cut into batches
 * (`ScanOptions`: reverse, column projection, limit, batch size). This is the storage end of the
 * DAS scan (OceanBase's `ObTableScanIterator` feeding rowsets to the executor).
 *
 * Rows handed out are fresh arrays (projected copies), never the memtable's or the block
 * cache's own arrays, so a caller may keep or modify them. A column index past a stored row's
 * width (a row written before ADD COLUMN) reads as NULL.
 */
import { assert } from '../common/assert';
import type { Scn } from '../common/ids';
import { DAS_SCAN_BATCH_ROWS, ROWSET_ROWS } from '../common/limits';
import type { Value } from '../common/value';
import { makeProjection, MvccCursor, type Projection, type VersionIterator } from './iterator';
import type { ScanOptions } from './types';

/** Validated scan options with defaults applied. */
export interface ScanPlan {
  reverse: boolean;
  projection: Projection | null;
  limit: number;
  batchRows: number;
}

/** Applies defaults (all columns, no limit, ROWSET_ROWS per batch) and checks bounds. */
export function planScan(options: ScanOptions | undefined, columnCount: number): ScanPlan {
  const batchRows = options?.batchRows ?? ROWSET_ROWS;
  assert(Number.isInteger(batchRows) && batchRows >= 1 && batchRows <= DAS_SCAN_BATCH_ROWS, `bad batchRows ${batchRows}`);
  const limit = options?.limit ?? Number.POSITIVE_INFINITY;
  assert(limit >= 0, `negative scan limit ${limit}`);
  const columns = options?.columns ?? null;
  if (columns !== null) {
    for (const c of columns) assert(Number.isInteger(c) && c >= 0 && c < columnCount, `projected column ${c} out of range`);
  }
  return { reverse: options?.reverse ?? false, projection: columns === null ? null : makeProjection(columns), limit, batchRows };
}

/**
 * Batches of visible rows of `it` (a merged version stream in `plan.reverse` direction) at
 * `snapshot`. Calls `done()` when the stream ends or the consumer stops early.
 */
export function* visibleBatches(it: VersionIterator, snapshot: Scn, plan: ScanPlan, done: () => void): Generator<Value[][]> {
  try {
    if (plan.limit === 0) return;
    const cursor = new MvccCursor(it, snapshot, plan.reverse, plan.projection);
    let left = plan.limit;
    let batch: Value[][] = [];
    while (cursor.advance()) {
      batch.push(cursor.row);
      if (--left === 0) break;
      if (batch.length === plan.batchRows) {
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
