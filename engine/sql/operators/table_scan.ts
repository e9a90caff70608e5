/**
 * TABLE FULL SCAN / TABLE RANGE SCAN / TABLE GET and their COLUMN TABLE forms (OceanBase's
 * `ObTableScanOp` over DAS): reads the touched partitions one after another and yields
 * ROWSET_ROWS-row batches. Remote tablets are the DAS's business. Three ways to read:
 *
 * - rows (`DasService.scan`, or `get` for full-rowkey point lookups): the projection (`access`)
 *   and LIMIT pushed into the DAS, every filter applied here; rows in rowkey order within a
 *   partition, partitions in index order;
 * - columns (`DasService.scanColumns`, scans of the column store): the filters storage can
 *   evaluate travel as storage predicates (plan/scan_pushdown.ts), the rest apply here; no row
 *   order is promised;
 * - aggregate pushdown (`DasService.aggregate`, node.pushdownAgg): each tablet's server returns
 *   its partial aggregates (vector/partial_agg.ts) and this operator yields those rows for the
 *   GROUP BY above to merge. A DAS without `aggregate` (test doubles) gets the same partials
 *   computed here from its rows.
 * Storage counters of every read are added to `ctx.storageStats` (the statement's ScanStats).
 */
import { ROWSET_ROWS } from '../../common/limits';
import type { ScanStats } from '../../storage/types';
import type { DasPartialAgg } from '../exec_context';
import type { TableScanNode } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { rebase } from '../plan/plan_expr';
import { scanFilterSplit, scansColumns } from '../plan/scan_pushdown';
import { batchOfRows } from '../vector/column_vector';
import { PartialAggregator } from '../vector/partial_agg';
import { compileFilters, RowsOperator, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class TableScanOp implements Operator {
  readonly layout: number[];
  private readonly pred: ((row: Row) => boolean) | null;
  /** Reads through `scanColumns` with storage predicates (else rows through `scan`/`get`). */
  private readonly columnPath: boolean;
  private readonly stats: ScanStats | undefined;
  private partIndex = 0;
  private iter: AsyncIterator<Row[]> | null = null;
  private pending: Row[] = [];
  private pendingPos = 0;
  private produced = 0;
  private done = false;
  private partials: RowsOperator | null = null;

  constructor(
    private readonly node: TableScanNode,
    private readonly env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
    this.stats = env.ctx.storageStats;
    const accessIds = node.access.map((i) => node.colIds[i]);
    this.columnPath = node.pushdownAgg === undefined && scansColumns(node) && env.das.scanColumns !== undefined;
    // Filters read the accessed columns; on the column path storage already applied the pushed ones.
    const filters = this.columnPath ? scanFilterSplit(node).residual : node.filters;
    this.pred = compileFilters(filters, accessIds, env);
  }

  /** One partition's rows (columns `access`), in DAS batches. */
  private async *rowsOf(partitionIndex: number): AsyncGenerator<Row[]> {
    const n = this.node;
    const partition = n.table.partitions[partitionIndex];
    const das = this.env.das;
    if (n.range.kind === 'get') {
      const rows = await das.get(n.table, partition, n.range.keys ?? []);
      const out: Row[] = [];
      for (const r of rows) if (r !== null) out.push(n.access.map((i) => r[i]));
      if (this.stats !== undefined) this.stats.rowsScanned += out.length;
      if (out.length > 0) yield out;
      return;
    }
    if (this.columnPath) {
      const { predicates } = scanFilterSplit(n);
      yield* das.scanColumns!({
        table: n.table, partition, ranges: n.range.ranges, columns: n.access, predicates, useColumnStore: n.columnStore === true, stats: this.stats,
      });
      return;
    }
    const limit = n.limit !== undefined && n.filters.length === 0 ? n.limit - this.produced : undefined;
    for await (const rows of das.scan({ table: n.table, partition, ranges: n.range.ranges, columns: n.access, limit, stats: this.stats })) {
      if (this.stats !== undefined) this.stats.rowsScanned += rows.length;
      yield rows;
    }
  }

  /** The next raw batch from the DAS across partitions, or null at the end. */
  private async fetch(): Promise<Row[] | null> {
    const n = this.node;
    while (this.partIndex < n.partitions.length) {
      if (this.iter === null) this.iter = this.rowsOf(n.partitions[this.partIndex]);
      const r = await this.iter.next();
      if (!r.done) return r.value;
      this.iter = null;
      this.partIndex++;
    }
    return null;
  }

  /** Aggregate pushdown: every partition's partial aggregate rows. */
  private async aggregate(): Promise<Row[]> {
    const n = this.node;
    const agg = n.pushdownAgg!;
    const accessIds = n.access.map((i) => n.colIds[i]);
    const aggs: DasPartialAgg[] = agg.aggs.map((a) => ({ fn: a.fn, arg: a.arg && rebase(a.arg, accessIds) }));
    const groupBy = agg.groupBy.map((c) => n.access.indexOf(c));
    const nowUs = this.env.ctx.nowUs();
    const das = this.env.das;
    const out: Row[] = [];
    if (das.aggregate === undefined) {
      // No aggregate service: the same partials from the rows, all filters evaluated here.
      const columnTypes = n.access.map((i) => n.table.columns[i].type);
      const residual = n.filters.map((f) => rebase(f, accessIds));
      const positions = n.access.map((_, p) => p);
      for (const pi of n.partitions) {
        const pa = new PartialAggregator({ columnTypes, groupBy, aggs, residual, opts: { nowUs: () => nowUs } });
        for await (const rows of this.rowsOf(pi)) pa.addBatch(batchOfRows(rows, positions));
        for (const r of pa.rows()) out.push(r);
      }
      return out;
    }
    const split = scanFilterSplit(n);
    const residual = split.residual.map((f) => rebase(f, accessIds));
    for (const pi of n.partitions) {
      const partition = n.table.partitions[pi];
      const rows = await das.aggregate({
        table: n.table, partition, ranges: n.range.ranges, columns: n.access, predicates: split.predicates,
        useColumnStore: n.columnStore === true, stats: this.stats, groupBy, aggs, residual, nowUs,
      });
      for (const r of rows) out.push(r);
    }
    return out;
  }

  async next(): Promise<Batch | null> {
    if (this.node.pushdownAgg !== undefined) {
      if (this.partials === null) this.partials = new RowsOperator(this.layout, await this.aggregate());
      return this.partials.next();
    }
    const out: Batch = [];
    const limit = this.node.limit ?? Infinity;
    while (!this.done && out.length < ROWSET_ROWS) {
      if (this.pendingPos >= this.pending.length) {
        const b = await this.fetch();
        if (b === null) {
          this.done = true;
          break;
        }
        this.pending = b;
        this.pendingPos = 0;
      }
      const pred = this.pred;
      while (this.pendingPos < this.pending.length && out.length < ROWSET_ROWS) {
        const row = this.pending[this.pendingPos++];
        if (pred !== null && !pred(row)) continue;
        out.push(row);
        if (++this.produced >= limit) {
          this.done = true;
          break;
        }
      }
    }
    if (this.done) this.close();
    return out.length > 0 ? out : null;
  }

  close(): void {
    this.done = true;
    const it = this.iter;
    this.iter = null;
    if (it?.return) void it.return();
  }
}
