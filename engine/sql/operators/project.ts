/**
 * Projection: computes the select list over each input row. OceanBase evaluates output
 * expressions inside the operator that produces them; EXPLAIN shows this node's expressions as
 * its child's `output([...])`.
 */
import type { CompiledExpr } from '../expr/bound';
import type { ProjectNode } from '../plan/plan';
import { layoutMap } from '../plan/plan_expr';
import { compileFilters, compileOn, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class ProjectOp implements Operator {
  readonly layout: number[];
  private readonly exprs: CompiledExpr[];
  private readonly pred: ((row: Row) => boolean) | null;
  /** The select list is the child's row as it is (`SELECT *`): batches pass through. */
  private readonly identity: boolean;

  constructor(
    node: ProjectNode,
    private readonly child: Operator,
    env: ExecEnv,
  ) {
    this.layout = node.colIds;
    const pos = layoutMap(child.layout);
    this.identity =
      node.filters.length === 0 &&
      node.exprs.length === child.layout.length &&
      node.exprs.every((e, i) => e.kind === 'col' && pos.get(e.index) === i);
    this.exprs = this.identity ? [] : node.exprs.map((e) => compileOn(e, child.layout, env));
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  async next(): Promise<Batch | null> {
    if (this.identity) return this.child.next();
    for (;;) {
      const b = await this.child.next();
      if (b === null) return null;
      const exprs = this.exprs;
      const n = exprs.length;
      const out: Batch = [];
      for (let i = 0; i < b.length; i++) {
        const src = b[i];
        const row: Row = new Array(n);
        for (let j = 0; j < n; j++) row[j] = exprs[j](src);
        if (this.pred === null || this.pred(row)) out.push(row);
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.child.close();
  }
}
