/**
 * HASH DISTINCT (OceanBase's `ObHashDistinctOp`): passes each row whose values (compared with
 * MySQL's rules per column type: 'a' = 'A ' under general_ci, NULL = NULL) were not seen before,
 * streaming, in input order.
 */
import type { Value } from '../../common/value';
import type { CompareKind } from '../expr/bound';
import { compositeHashKey } from '../plan/expr_api';
import type { DistinctNode } from '../plan/plan';
import { compileFilters, nextFiltered, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class HashDistinctOp implements Operator {
  readonly layout: readonly number[];
  private readonly seen = new Set<string>();
  private readonly pred: ((row: Row) => boolean) | null;

  constructor(
    node: DistinctNode,
    private readonly child: Operator,
    private readonly kinds: CompareKind[],
    env: ExecEnv,
  ) {
    this.layout = child.layout;
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  async next(): Promise<Batch | null> {
    for (;;) {
      const b = await nextFiltered(this.child, this.pred);
      if (b === null) return null;
      const out: Batch = [];
      for (const row of b) {
        const k = compositeHashKey(row as Value[], this.kinds);
        if (this.seen.has(k)) continue;
        this.seen.add(k);
        out.push(row);
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.child.close();
  }
}
