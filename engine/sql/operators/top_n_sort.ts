/**
 * TOP-N SORT (OceanBase's `ObSortOp` with topn): ORDER BY ... LIMIT n keeps only the best
 * `topN` rows (limit + offset) while reading its input — memory O(topN): the buffer is sorted and
 * cut back to topN whenever it reaches twice that size.
 */
import { assert } from '../../common/assert';
import type { SortNode } from '../plan/plan';
import { compileFilters, nextFiltered, RowsOperator, type Batch, type ExecEnv, type Operator, type Row } from './operator';
import { SortKeys, type Keyed } from './sort_common';

export class TopNSortOp implements Operator {
  readonly layout: readonly number[];
  private result: RowsOperator | null = null;

  constructor(
    private readonly node: SortNode,
    private readonly child: Operator,
    private readonly env: ExecEnv,
  ) {
    assert(node.topN !== undefined, 'TOP-N SORT needs topN');
    this.layout = child.layout;
  }

  private async consume(): Promise<Row[]> {
    const n = this.node.topN!;
    const keys = new SortKeys(this.node.keys, this.layout, this.env);
    const pred = compileFilters(this.node.filters, this.layout, this.env);
    let buf: Keyed[] = [];
    for (let b = await nextFiltered(this.child, pred); b !== null; b = await nextFiltered(this.child, pred)) {
      for (const row of b) {
        buf.push(keys.keyed(row));
        if (buf.length >= 2 * n + 256) {
          buf.sort(keys.compare);
          buf = buf.slice(0, n);
        }
      }
    }
    buf.sort(keys.compare);
    return buf.slice(0, n).map((k) => k.row);
  }

  async next(): Promise<Batch | null> {
    if (this.result === null) this.result = new RowsOperator(this.layout, await this.consume());
    return this.result.next();
  }

  close(): void {
    this.child.close();
  }
}
