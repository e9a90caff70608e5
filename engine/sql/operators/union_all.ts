/** UNION ALL: the children's rows one child after another (OceanBase's `ObUnionAllOp`). */
import type { UnionNode } from '../plan/plan';
import { compileFilters, nextFiltered, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class UnionAllOp implements Operator {
  readonly layout: number[];
  private index = 0;
  private readonly pred: ((row: Row) => boolean) | null;

  constructor(
    node: UnionNode,
    private readonly children: Operator[],
    env: ExecEnv,
  ) {
    this.layout = node.colIds;
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  async next(): Promise<Batch | null> {
    while (this.index < this.children.length) {
      const b = await nextFiltered(this.children[this.index], this.pred);
      if (b !== null) return b;
      this.index++;
    }
    return null;
  }

  close(): void {
    for (const c of this.children) c.close();
  }
}
