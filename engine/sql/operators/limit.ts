/**
 * LIMIT n OFFSET m: skips `offset` rows, passes `count`, then stops pulling its child. The node's
 * filters (conjuncts from an enclosing query that may not move below a LIMIT) apply to the rows
 * the LIMIT passes.
 */
import type { LimitNode } from '../plan/plan';
import { compileFilters, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class LimitOp implements Operator {
  readonly layout: readonly number[];
  private skipped = 0;
  private passed = 0;
  private readonly pred: ((row: Row) => boolean) | null;

  constructor(
    private readonly node: LimitNode,
    private readonly child: Operator,
    env: ExecEnv,
  ) {
    this.layout = child.layout;
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  async next(): Promise<Batch | null> {
    const count = this.node.count ?? Infinity;
    while (this.passed < count) {
      const b = await this.child.next();
      if (b === null) return null;
      let start = 0;
      if (this.skipped < this.node.offset) {
        start = Math.min(b.length, this.node.offset - this.skipped);
        this.skipped += start;
      }
      const take = Math.min(b.length - start, count - this.passed);
      if (take <= 0) continue;
      this.passed += take;
      if (this.passed >= count) this.child.close();
      const out = b.slice(start, start + take);
      const kept = this.pred === null ? out : out.filter(this.pred);
      if (kept.length > 0) return kept;
    }
    return null;
  }

  close(): void {
    this.child.close();
  }
}
