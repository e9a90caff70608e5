/**
 * Rule: LIMIT pushdown. `ORDER BY ... LIMIT n` becomes a TOP-N SORT keeping limit + offset rows
 * (the LIMIT disappears when there is no offset); a LIMIT directly over a table scan without
 * filters (possibly through exchanges) is also pushed into the scan (`limit(n)` in the DAS
 * request), the LIMIT operator staying on top as OceanBase shows it.
 */
import { transformUp, type PlanNode } from '../plan/plan';
import type { Rule } from './rule';

function pushIntoScan(n: PlanNode, rows: number): PlanNode | undefined {
  if (n.filters.length > 0) return undefined;
  if (n.kind === 'tableScan') return { ...n, limit: rows };
  if (n.kind === 'exchange' || n.kind === 'project') {
    const c = pushIntoScan(n.child, rows);
    return c ? ({ ...n, child: c } as PlanNode) : undefined;
  }
  return undefined;
}

export const limitPushdownRule: Rule = {
  name: 'limit_pushdown',
  apply(plan) {
    return transformUp(plan, (n) => {
      if (n.kind !== 'limit' || n.count === null || n.filters.length > 0) return n;
      const rows = n.count + n.offset;
      const c = n.child;
      if (c.kind === 'sort' && c.topN === undefined && c.filters.length === 0) {
        const top: PlanNode = { ...c, topN: rows, estRows: Math.min(c.estRows, rows) };
        return n.offset === 0 ? top : { ...n, child: top };
      }
      const pushed = pushIntoScan(c, rows);
      return pushed ? { ...n, child: pushed } : n;
    });
  },
};
