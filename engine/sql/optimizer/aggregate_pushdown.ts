/**
 * Rule: COUNT(*) pushdown into the table scan (OceanBase 4.x storage aggregate pushdown: the
 * scan outputs `T_FUN_COUNT(*)` and the SCALAR GROUP BY sums the partial counts,
 * `T_FUN_COUNT_SUM(T_FUN_COUNT(*))`). Applies to a SCALAR GROUP BY whose aggregates are all
 * COUNT(*) directly over a table scan without LIMIT; the scan then yields a single row holding the
 * number of rows that pass its filters, and no row data leaves it.
 */
import { transformUp, type AggSpec, type PlanNode } from '../plan/plan';
import { colRef } from '../plan/plan_expr';
import type { Rule } from './rule';

const COUNT_NAME = 'T_FUN_COUNT(*)';

export const aggregatePushdownRule: Rule = {
  name: 'aggregate_pushdown',
  apply(plan, o) {
    return transformUp(plan, (n): PlanNode => {
      if (n.kind !== 'groupBy' || !n.scalar || n.aggs.length === 0) return n;
      const scan = n.child;
      if (scan.kind !== 'tableScan' || scan.limit !== undefined || scan.pushdownCountId !== undefined) return n;
      if (!n.aggs.every((a) => a.fn === 'count' && a.args.length === 0 && !a.distinct)) return n;
      const countId = o.newId();
      const ref = colRef(countId, { kind: 'bigint' }, COUNT_NAME, false);
      const aggs: AggSpec[] = n.aggs.map((a) => ({ ...a, fn: '__count_sum', args: [ref], name: `T_FUN_COUNT_SUM(${COUNT_NAME})` }));
      return { ...n, aggs, child: { ...scan, pushdownCountId: countId } };
    });
  },
};
