/** LIMIT n OFFSET m: skips `offset` rows, passes `count`, then stops pulling its child. */
import type { LimitNode } from '../plan/plan';
import { compileFilters, nextFiltered, type Batch, type ExecEnv, type Operator, type Row } from './operator';

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
      const b = await nextFiltered(this.child, this.pred);
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
      return b.slice(start, start + take);
    }
    return null;
  }

  close(): void {
    this.child.close();
  }
}
