/**
 * The server side of the DAS column requests (issue 3): column scans with filters evaluated in
 * storage (`das.scanColumns`) and aggregate pushdown (`das.aggregate`), run on the leader of the
 * tablet's log stream as OceanBase runs a DAS task's pushed-down filters and aggregates in the
 * storage layer of the server holding the data.
 *
 * - A column scan reads `TabletStore.scanColumns` (storage predicates on encoded microblocks,
 *   skip-index pruning) and returns the selected rows as Value rows, in pages of about
 *   DAS_SCAN_BATCH_ROWS rows. Column scans promise no row order, so a scan that does not fit one
 *   page keeps its storage iterator open under a cursor id (the iterator retains the SSTables it
 *   reads, so compactions meanwhile are harmless); the caller continues or closes it. At most
 *   DAS_COLUMN_CURSORS_MAX cursors stay open per server; the oldest is closed past that.
 * - An aggregate request feeds the tablet's batches to a `PartialAggregator` (sql/vector) and
 *   returns one partial row per group. Without filters and GROUP BY, COUNT/SUM/AVG/MIN/MAX of
 *   plain columns come from `TabletStore.aggregateColumns` (skip-index aggregates of whole
 *   microblocks) instead.
 * - With the caller transaction's own buffered writes on the tablet, rows are merged with them
 *   and filtered row by row (the same predicates), as the row scan does.
 * Values in requests (predicate constants, expressions) travel as JSON (common/json.ts keeps
 * Decimal and bigint); rows of replies as the row codec's bytes to a remote caller.
 */
import { Decimal } from '../common/decimal';
import { Errors } from '../common/ob_error';
import { DAS_COLUMN_CURSORS_MAX, DAS_SCAN_BATCH_ROWS } from '../common/limits';
import { fromJson } from '../common/json';
import type { Scn } from '../common/ids';
import type { ColumnType, Value } from '../common/value';
import type { DasPartialAgg, KeyRange } from '../sql/exec_context';
import type { BoundExpr } from '../sql/expr/bound';
import { rowsOfBatch } from '../sql/vector/column_vector';
import { isExactSumType, PartialAggregator } from '../sql/vector/partial_agg';
import { passesAll, storageClassOf } from '../sql/vector/storage_predicate';
import type { ColumnClass, StoragePredicate } from '../storage/encoding/types';
import { emptyScanStats, type ColumnBatch, type ScanStats, type TabletStore } from '../storage/types';
import type { DasWeakServed } from './das_handler';

/** What a column request says beyond the table info (see DasHandler). */
export interface DasColumnRequest {
  ranges: KeyRange[];
  /** Column indexes to read, in this order. */
  columns: number[];
  /** Types of `columns`. */
  columnTypes: ColumnType[];
  /** JSON of StoragePredicate[] over positions in `columns`. */
  predicates: string;
  useColumnStore: boolean;
}

export interface DasColumnScanReply {
  rows?: Value[][];
  encoded?: Uint8Array;
  /** Cursor to continue the scan with, or null when it is complete. */
  cursor: number | null;
  /** Storage counters of this page. */
  stats: ScanStats;
  /** Issue #4: set when the page was served as a weak read (das_handler.ts DasWeakServed). */
  served?: DasWeakServed;
}

export interface DasAggregateReply {
  rows?: Value[][];
  encoded?: Uint8Array;
  stats: ScanStats;
  /** Issue #4: set when served as a weak read. */
  served?: DasWeakServed;
}

/** Adds counters `from` to `into`. */
export function addScanStats(into: ScanStats, from: ScanStats): void {
  into.microBlocksRead += from.microBlocksRead;
  into.microBlocksSkipped += from.microBlocksSkipped;
  into.microBlocksAggregated += from.microBlocksAggregated;
  into.bytesRead += from.bytesRead;
  into.rowsScanned += from.rowsScanned;
  into.columnStore ||= from.columnStore;
}

function diffScanStats(now: ScanStats, before: ScanStats): ScanStats {
  return {
    microBlocksRead: now.microBlocksRead - before.microBlocksRead,
    microBlocksSkipped: now.microBlocksSkipped - before.microBlocksSkipped,
    microBlocksAggregated: now.microBlocksAggregated - before.microBlocksAggregated,
    bytesRead: now.bytesRead - before.bytesRead,
    rowsScanned: now.rowsScanned - before.rowsScanned,
    columnStore: now.columnStore,
  };
}

/**
 * The batches of `columns` of the rows visible at `snapshot` in `ranges` passing `predicates`:
 * from the tablet's column interface, or its row interface when it has none (same result).
 */
export function* columnBatches(
  tablet: TabletStore,
  ranges: readonly KeyRange[],
  snapshot: Scn,
  columns: number[],
  predicates: StoragePredicate[],
  classes: readonly ColumnClass[],
  useColumnStore: boolean,
  stats: ScanStats,
): Generator<ColumnBatch> {
  for (const range of ranges) yield* tablet.scanColumns(range, snapshot, { columns, predicates, useColumnStore, stats });
}

/** Rows (full width) filtered by predicates over `columns` and projected to them. */
export function filterAndProject(rows: readonly Value[][], columns: number[], predicates: StoragePredicate[], classes: readonly ColumnClass[]): Value[][] {
  const out: Value[][] = [];
  for (const r of rows) {
    if (predicates.length > 0 && !passesAll(predicates, (p) => r[columns[p]], classes)) continue;
    out.push(columns.map((c) => r[c]));
  }
  return out;
}

interface Cursor {
  it: Iterator<ColumnBatch>;
  stats: ScanStats;
  reported: ScanStats;
}

/** Open column scans of one server, by cursor id. */
export class ColumnCursors {
  private readonly open = new Map<number, Cursor>();
  private nextId = 1;

  /** Reads the next page of `it`; keeps it under a new cursor id when more remains. */
  page(it: Iterator<ColumnBatch>, stats: ScanStats, reported: ScanStats = emptyScanStats()): { rows: Value[][]; cursor: number | null; stats: ScanStats } {
    const rows: Value[][] = [];
    let more = false;
    for (;;) {
      if (rows.length >= DAS_SCAN_BATCH_ROWS) {
        more = true;
        break;
      }
      const r = it.next();
      if (r.done) break;
      for (const row of rowsOfBatch(r.value)) rows.push(row);
    }
    const delta = diffScanStats(stats, reported);
    if (!more) return { rows, cursor: null, stats: delta };
    const id = this.nextId++;
    this.open.set(id, { it, stats, reported: { ...stats } });
    while (this.open.size > DAS_COLUMN_CURSORS_MAX) this.close(this.open.keys().next().value!);
    return { rows, cursor: id, stats: delta };
  }

  /** The next page of an open cursor. Errors: `Errors.internal` for an unknown (expired) cursor. */
  continue(id: number): { rows: Value[][]; cursor: number | null; stats: ScanStats } {
    const c = this.open.get(id);
    if (c === undefined) throw Errors.internal(`DAS column scan cursor ${id} is closed`);
    this.open.delete(id);
    return this.page(c.it, c.stats, c.reported);
  }

  close(id: number): void {
    const c = this.open.get(id);
    this.open.delete(id);
    c?.it.return?.();
  }

  get size(): number {
    return this.open.size;
  }
}

/** The storage classes of request columns. */
export function classesOf(types: readonly ColumnType[]): ColumnClass[] {
  return types.map(storageClassOf);
}

/** Decodes a request's predicates. */
export function predicatesOf(json: string): StoragePredicate[] {
  return fromJson<StoragePredicate[]>(json);
}

/** Decodes a request's aggregates / residual filters. */
export function aggsOf(json: string): DasPartialAgg[] {
  return fromJson<DasPartialAgg[]>(json);
}

export function exprsOf(json: string): BoundExpr[] {
  return fromJson<BoundExpr[]>(json);
}

/**
 * Partial aggregates from skip-index aggregates (`aggregateColumns`), or null when the request
 * does not qualify: no predicate, residual filter or GROUP BY, every aggregate COUNT(*) or over a
 * plain column (SUM/AVG of an exact one), and sums that are exact.
 */
export function skipIndexPartials(
  tablet: TabletStore,
  ranges: readonly KeyRange[],
  snapshot: Scn,
  req: { columns: number[]; columnTypes: ColumnType[]; rowkey: number[] },
  aggs: DasPartialAgg[],
  stats: ScanStats,
): Value[][] | null {
  const positions: number[] = [];
  for (const a of aggs) {
    if (a.arg === null) continue;
    if (a.arg.kind !== 'col') return null;
    if ((a.fn === 'sum' || a.fn === 'avg') && !isExactSumType(req.columnTypes[a.arg.index])) return null;
    if (!positions.includes(a.arg.index)) positions.push(a.arg.index);
  }
  const tableColumns = positions.length > 0 ? positions.map((p) => req.columns[p]) : [req.rowkey[0]];
  const out: Value[][] = [];
  for (const range of ranges) {
    const st = tablet.aggregateColumns(range, snapshot, tableColumns, stats);
    const row: Value[] = [];
    for (const a of aggs) {
      if (a.arg === null) {
        row.push(st[0].rowCount);
        continue;
      }
      const pos = (a.arg as { index: number }).index;
      const s = st[positions.indexOf(pos)];
      const n = s.rowCount - s.nullCount;
      if (a.fn === 'count') row.push(n);
      else if (a.fn === 'min') row.push(n === 0 ? null : s.min);
      else if (a.fn === 'max') row.push(n === 0 ? null : s.max);
      else {
        const sum = n === 0 ? null : exactSum(s.sum, req.columnTypes[pos]);
        if (sum === undefined) return null;
        row.push(sum);
        if (a.fn === 'avg') row.push(n);
      }
    }
    out.push(row);
  }
  return out;
}

/** A skip-index sum as the exact partial (Decimal at the column's scale), or undefined when inexact. */
function exactSum(sum: Value, t: ColumnType): Decimal | undefined {
  const scale = t.kind === 'decimal' ? t.scale ?? 0 : 0;
  if (sum instanceof Decimal) return sum.scale <= scale ? sum.rescale(scale) : undefined;
  if (typeof sum === 'bigint') return Decimal.fromInt(sum).rescale(scale);
  if (typeof sum === 'number' && Number.isSafeInteger(sum)) return Decimal.fromInt(sum).rescale(scale);
  return undefined;
}

/** A PartialAggregator for a request. */
export function partialAggregator(columnTypes: ColumnType[], groupBy: number[], aggs: DasPartialAgg[], residual: BoundExpr[], nowUs: number): PartialAggregator {
  return new PartialAggregator({ columnTypes, groupBy, aggs, residual, opts: { nowUs: () => nowUs } });
}
