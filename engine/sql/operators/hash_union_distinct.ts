/**
 * HASH UNION DISTINCT (OceanBase's `ObHashUnionOp`): the children's rows, each distinct row once
 * (compared per column with MySQL's rules), in first-seen order.
 */
import type { CompareKind } from '../expr/bound';
import { compositeHashKey } from '../plan/expr_api';
import type { UnionNode } from '../plan/plan';
import { compileFilters, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class HashUnionDistinctOp implements Operator {
  readonly layout: number[];
  private index = 0;
  private readonly seen = new Set<string>();
  private readonly pred: ((row: Row) => boolean) | null;

  constructor(
    node: UnionNode,
    private readonly children: Operator[],
    private readonly kinds: CompareKind[],
    env: ExecEnv,
  ) {
    this.layout = node.colIds;
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  async next(): Promise<Batch | null> {
    while (this.index < this.children.length) {
      const b = await this.children[this.index].next();
      if (b === null) {
        this.index++;
        continue;
      }
      const out: Batch = [];
      for (const row of b) {
        const k = compositeHashKey(row, this.kinds);
        if (this.seen.has(k)) continue;
        this.seen.add(k);
        if (this.pred === null || this.pred(row)) out.push(row);
      }
      if (out.length > 0) return out;
    }
    return null;
  }

  close(): void {
    for (const c of this.children) c.close();
  }
}
