/**
 * SORT (OceanBase's `ObSortOp`): materializes its input and yields it ordered by the sort keys
 * (stable, so equal keys keep their input order).
 */
import type { SortNode } from '../plan/plan';
import { compileFilters, nextFiltered, RowsOperator, type Batch, type ExecEnv, type Operator, type Row } from './operator';
import { SortKeys, type Keyed } from './sort_common';

export class SortOp implements Operator {
  readonly layout: readonly number[];
  private result: RowsOperator | null = null;

  constructor(
    private readonly node: SortNode,
    private readonly child: Operator,
    private readonly env: ExecEnv,
  ) {
    this.layout = child.layout;
  }

  private async consume(): Promise<Row[]> {
    const keys = new SortKeys(this.node.keys, this.layout, this.env);
    const pred = compileFilters(this.node.filters, this.layout, this.env);
    const all: Keyed[] = [];
    for (let b = await nextFiltered(this.child, pred); b !== null; b = await nextFiltered(this.child, pred)) {
      for (const row of b) all.push(keys.keyed(row));
    }
    all.sort(keys.compare);
    return all.map((k) => k.row);
  }

  async next(): Promise<Batch | null> {
    if (this.result === null) this.result = new RowsOperator(this.layout, await this.consume());
    return this.result.next();
  }

  close(): void {
    this.child.close();
  }
}
