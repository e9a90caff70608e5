/**
 * EXPRESSION: rows of constant expressions (SELECT without FROM, INSERT ... VALUES), evaluated
 * when first pulled (OceanBase's `ObExprValuesOp`).
 */
import type { ValuesNode } from '../plan/plan';
import { compileFilters, compileOn, RowsOperator, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class ExpressionOp implements Operator {
  readonly layout: number[];
  private inner: RowsOperator | null = null;

  constructor(
    private readonly node: ValuesNode,
    private readonly env: ExecEnv,
  ) {
    this.layout = node.colIds;
  }

  async next(): Promise<Batch | null> {
    if (this.inner === null) {
      const empty: Row = [];
      const rows = this.node.rows.map((r) => r.map((e) => compileOn(e, [], this.env)(empty)));
      const pred = compileFilters(this.node.filters, this.layout, this.env);
      this.inner = new RowsOperator(this.layout, pred === null ? rows : rows.filter(pred));
    }
    return this.inner.next();
  }

  close(): void {}
}
