/**
 * TABLE FULL SCAN / TABLE RANGE SCAN / TABLE GET (OceanBase's `ObTableScanOp` over DAS): reads the
 * touched partitions one after another through `DasService.scan` (or `get` for full-rowkey point
 * lookups), with the projection (`access`) and LIMIT pushed into the DAS, applies the node's
 * filters and yields ROWSET_ROWS-row batches. Remote tablets are the DAS's business.
 * Rows come in rowkey order within a partition; partitions are read in index order.
 */
import { ROWSET_ROWS } from '../../common/limits';
import type { TableScanNode } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { compileFilters, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class TableScanOp implements Operator {
  readonly layout: number[];
  private readonly pred: ((row: Row) => boolean) | null;
  private partIndex = 0;
  private iter: AsyncIterator<Row[]> | null = null;
  private pending: Row[] = [];
  private pendingPos = 0;
  private produced = 0;
  private done = false;

  constructor(
    private readonly node: TableScanNode,
    private readonly env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
    // Filters read the accessed columns (also when the scan only counts rows).
    this.pred = compileFilters(node.filters, node.access.map((i) => node.colIds[i]), env);
  }

  /** The next raw batch from the DAS across partitions, or null at the end. */
  private async fetch(): Promise<Row[] | null> {
    const n = this.node;
    while (this.partIndex < n.partitions.length) {
      const partition = n.table.partitions[n.partitions[this.partIndex]];
      if (n.range.kind === 'get') {
        this.partIndex++;
        const rows = await this.env.das.get(n.table, partition, n.range.keys ?? []);
        const out: Row[] = [];
        for (const r of rows) if (r !== null) out.push(n.access.map((i) => r[i]));
        if (out.length > 0) return out;
        continue;
      }
      if (this.iter === null) {
        const limit = n.limit !== undefined && n.filters.length === 0 ? n.limit - this.produced : undefined;
        this.iter = this.env.das
          .scan({ table: n.table, partition, ranges: n.range.ranges, columns: n.access, limit })
          [Symbol.asyncIterator]();
      }
      const r = await this.iter.next();
      if (!r.done) return r.value;
      this.iter = null;
      this.partIndex++;
    }
    return null;
  }

  /** COUNT(*) pushdown: one row with the number of rows passing the filters. */
  private async count(): Promise<Batch> {
    let n = 0;
    for (let b = await this.fetch(); b !== null; b = await this.fetch()) {
      if (this.pred === null) n += b.length;
      else for (const row of b) if (this.pred(row)) n++;
    }
    this.done = true;
    return [[n]];
  }

  async next(): Promise<Batch | null> {
    if (this.node.pushdownCountId !== undefined) return this.done ? null : this.count();
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
