/**
 * Per-query-block state collected while resolving expressions: aggregate functions (computed by a
 * GROUP BY operator and read back as columns) and subqueries (computed by a SUBPLAN FILTER and read
 * back as columns). OceanBase's `ObSelectStmt` keeps the same lists (`agg_items_`, subquery exprs).
 */
import type { ColumnType } from '../../common/value';
import type { AggSpec, PlanNode, SubqueryRef } from '../plan/plan';
import type { StatementEnv } from './scope';

/** A resolved SELECT: its plan and its result columns (ids in the plan's output layout). */
export interface ResolvedQuery {
  plan: PlanNode;
  columns: { id: number; name: string; type: ColumnType }[];
  /** Columns of enclosing scopes the query reads (correlated parameters). */
  outerRefs: { id: number; type: ColumnType; name: string }[];
}

/** Where a subquery's value is needed: under WHERE (before grouping) or after it. */
export type SubqueryStage = 'where' | 'post';

export class QueryBlock {
  readonly aggs: AggSpec[] = [];
  private readonly aggKeys = new Map<string, AggSpec>();
  readonly subqueries: { ref: SubqueryRef; stage: SubqueryStage }[] = [];

  constructor(readonly env: StatementEnv) {}

  /** Returns the existing aggregate with the same key (`COUNT(*)` twice is computed once) or adds one. */
  addAggregate(key: string, make: (id: number) => AggSpec): AggSpec {
    const hit = this.aggKeys.get(key);
    if (hit) return hit;
    const spec = make(this.env.newId());
    this.aggKeys.set(key, spec);
    this.aggs.push(spec);
    return spec;
  }

  hasAggregates(): boolean {
    return this.aggs.length > 0;
  }
}
