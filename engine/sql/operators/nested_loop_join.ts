/**
 * NESTED-LOOP JOIN (and NESTED-LOOP JOIN CARTESIAN without conditions), inner / left outer / semi /
 * anti (OceanBase's `ObNestedLoopJoinOp`). The right child is materialized once; each left row
 * is tested against every right row with all join conditions. Used when there is no equi-join
 * condition.
 */
import type { JoinNode } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { compareValues } from '../plan/expr_api';
import { BatchBuffer, compileFilters, compileOn, drain, type Batch, type ExecEnv, type Operator, type Row } from './operator';
import { nullRow } from './join_common';

export class NestedLoopJoinOp implements Operator {
  readonly layout: number[];
  private rightRows: Row[] | null = null;
  private readonly cond: ((row: Row) => boolean) | null;
  private readonly filter: ((row: Row) => boolean) | null;
  private readonly out = new BatchBuffer();
  private leftDone = false;
  private readonly rightWidth: number;

  constructor(
    private readonly node: JoinNode,
    private readonly left: Operator,
    private readonly right: Operator,
    env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
    const joined = [...left.layout, ...right.layout];
    // Equi-conditions (when the optimizer left any here) compare with their MySQL comparison kind.
    const eqFns = node.equal.map((p) => {
      const e = compileOn(p.left, joined, env);
      const f = compileOn(p.right, joined, env);
      return (row: Row) => {
        const a = e(row);
        const b = f(row);
        return a !== null && b !== null && compareValues(a, b, p.kind) === 0;
      };
    });
    const other = compileFilters(node.other, joined, env);
    this.rightWidth = right.layout.length;
    this.cond =
      eqFns.length === 0 && other === null
        ? null
        : (row: Row) => eqFns.every((f) => f(row)) && (other === null || other(row));
    this.filter = compileFilters(node.filters, this.layout, env);
  }

  private emit(row: Row): void {
    if (this.filter === null || this.filter(row)) this.out.push(row);
  }

  async next(): Promise<Batch | null> {
    if (this.rightRows === null) this.rightRows = await drain(this.right);
    const type = this.node.joinType;
    while (!this.out.full() && !this.leftDone) {
      const b = await this.left.next();
      if (b === null) {
        this.leftDone = true;
        break;
      }
      for (const l of b) {
        let hit = false;
        for (const r of this.rightRows) {
          const row = l.concat(r);
          if (this.cond !== null && !this.cond(row)) continue;
          hit = true;
          if (type === 'semi' || type === 'anti') break;
          this.emit(row);
        }
        if (type === 'semi' && hit) this.emit(l);
        else if (type === 'anti' && !hit) this.emit(l);
        else if (type === 'left' && !hit) this.emit(l.concat(nullRow(this.rightWidth)));
      }
    }
    return this.out.take();
  }

  close(): void {
    this.left.close();
    this.right.close();
  }
}
