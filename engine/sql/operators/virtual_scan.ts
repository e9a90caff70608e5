/**
 * TABLE FULL SCAN of a system view (`oceanbase.DBA_OB_*`, `GV$OB_*`): the view's rows are built
 * from server snapshots by the virtual table provider; this operator filters and batches them.
 */
import type { VirtualScanNode } from '../plan/plan';
import { compileFilters, RowsOperator, type Batch, type ExecEnv, type Operator } from './operator';

export class VirtualScanOp implements Operator {
  readonly layout: number[];
  private inner: RowsOperator | null = null;

  constructor(
    private readonly node: VirtualScanNode,
    private readonly env: ExecEnv,
  ) {
    this.layout = node.colIds;
  }

  async next(): Promise<Batch | null> {
    if (this.inner === null) {
      const rows = await this.node.def.rows();
      const pred = compileFilters(this.node.filters, this.layout, this.env);
      this.inner = new RowsOperator(this.layout, pred === null ? rows : rows.filter(pred));
    }
    return this.inner.next();
  }

  close(): void {}
}
