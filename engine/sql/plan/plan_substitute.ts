/**
 * Deep substitution of column ids in a whole plan tree, including nested subquery plans. Used to
 * bind the parameters of a correlated subquery (outer column ids → constants of the current outer
 * row, OceanBase's exec params `:0`), and to redirect references after rewrites.
 */
import type { BoundExpr } from '../expr/bound';
import { mapChildren, type PlanNode } from './plan';
import { mapNodeExprs, substitute } from './plan_expr';

/** A copy of `plan` with every expression's column ids replaced per `map`. */
export function substitutePlan(plan: PlanNode, map: ReadonlyMap<number, BoundExpr>): PlanNode {
  if (map.size === 0) return plan;
  const f = (e: BoundExpr) => substitute(e, map);
  const node = mapNodeExprs(mapChildren(plan, (c) => substitutePlan(c, map)), f);
  if (node.kind === 'subplanFilter') {
    return {
      ...node,
      subqueries: node.subqueries.map((s) => ({
        ...s,
        rawPlan: substitutePlan(s.rawPlan, map),
        params: s.params.filter((p) => !map.has(p.id) || map.get(p.id)!.kind === 'col').map((p) => {
          const m = map.get(p.id);
          return m && m.kind === 'col' ? { ...p, id: m.index } : p;
        }),
      })),
    };
  }
  return node;
}
