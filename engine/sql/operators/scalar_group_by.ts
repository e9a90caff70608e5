/**
 * SCALAR GROUP BY (OceanBase's `ObScalarAggregateOp`): aggregates without GROUP BY — always one
 * output row, even over no input (`COUNT(*)` = 0, `SUM` = NULL), then HAVING as filters.
 */
import type { GroupByNode } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { Aggregator } from './aggregator';
import { compileFilters, RowsOperator, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class ScalarGroupByOp implements Operator {
  readonly layout: number[];
  private result: RowsOperator | null = null;

  constructor(
    private readonly node: GroupByNode,
    private readonly child: Operator,
    private readonly env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
  }

  private async consume(): Promise<Row[]> {
    const agg = new Aggregator(this.node.aggs, this.child.layout, this.env);
    const states = agg.init();
    for (let b = await this.child.next(); b !== null; b = await this.child.next()) {
      for (let i = 0; i < b.length; i++) agg.add(states, b[i]);
    }
    const row: Row = [];
    agg.results(states, row);
    const pred = compileFilters(this.node.filters, this.layout, this.env);
    return pred === null || pred(row) ? [row] : [];
  }

  async next(): Promise<Batch | null> {
    if (this.result === null) this.result = new RowsOperator(this.layout, await this.consume());
    return this.result.next();
  }

  close(): void {
    this.child.close();
  }
}
