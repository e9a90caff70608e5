/**
 * Rule: subquery unnesting into semi/anti joins (OceanBase's transformer `ObTransformSemiToInner`
 * family: `IN`/`EXISTS` → `HASH SEMI JOIN`, `NOT EXISTS` → `HASH ANTI JOIN`).
 *
 * A SUBPLAN FILTER conjunct that is exactly `x IN (subquery)`, `EXISTS (subquery)` or
 * `NOT EXISTS (subquery)` becomes a semi (anti) join of the filter's input with the subquery's
 * FROM part. A correlated subquery qualifies when its outer references occur only in top-level
 * WHERE conjuncts of its own block (no GROUP BY / LIMIT in between): those conjuncts become join
 * conditions. `NOT IN` stays a SUBPLAN FILTER (its NULL semantics differ from an anti join).
 */
import type { BoundExpr } from '../expr/bound';
import { bindCall } from '../plan/expr_api';
import { transformUp, type PlanNode, type SubplanFilterNode, type SubqueryRef } from '../plan/plan';
import { collectRefs, refsOf } from '../plan/plan_expr';
import type { Rule } from './rule';

/** Every column id any expression of the plan reads. */
function planRefs(n: PlanNode, out: Set<number>): Set<number> {
  for (const f of n.filters) collectRefs(f, out);
  switch (n.kind) {
    case 'project':
      n.exprs.forEach((e) => collectRefs(e, out));
      break;
    case 'join':
      n.other.forEach((e) => collectRefs(e, out));
      n.equal.forEach((p) => (collectRefs(p.left, out), collectRefs(p.right, out)));
      break;
    case 'groupBy':
      n.keys.forEach((e) => collectRefs(e, out));
      n.aggs.forEach((a) => a.args.forEach((e) => collectRefs(e, out)));
      break;
    case 'sort':
      n.keys.forEach((k) => collectRefs(k.expr, out));
      break;
    case 'subplanFilter':
      n.subqueries.forEach((s) => s.left.forEach((e) => collectRefs(e, out)));
      break;
    case 'values':
      n.rows.forEach((r) => r.forEach((e) => collectRefs(e, out)));
      break;
    case 'tableScan':
      n.range.conds.forEach((e) => collectRefs(e, out));
      break;
  }
  if (n.kind === 'join') {
    planRefs(n.left, out);
    planRefs(n.right, out);
  } else if (n.kind === 'subplanFilter') {
    planRefs(n.child, out);
    n.subqueries.forEach((s) => planRefs(s.plan, out));
  } else if (n.kind === 'union') {
    n.children.forEach((c) => planRefs(c, out));
  } else if ('child' in n) {
    planRefs(n.child, out);
  }
  return out;
}

/** The subquery's FROM part and its select list, with correlated WHERE conjuncts pulled out. */
function unnest(s: SubqueryRef): { body: PlanNode; select: BoundExpr[]; pulled: BoundExpr[] } | undefined {
  if (s.plan.kind !== 'project') return undefined;
  const project = s.plan;
  const body = project.child;
  if (body.kind === 'groupBy' || body.kind === 'limit' || body.kind === 'union' || body.kind === 'sort' || body.kind === 'distinct') return undefined;
  const params = new Set(s.params.map((p) => p.id));
  const pulled: BoundExpr[] = [];
  const kept: BoundExpr[] = [];
  for (const f of body.filters) ([...refsOf(f)].some((id) => params.has(id)) ? pulled : kept).push(f);
  const rest = { ...body, filters: kept } as PlanNode;
  const remaining = planRefs(rest, new Set());
  if ([...params].some((id) => remaining.has(id))) return undefined;
  if (project.exprs.some((e) => [...refsOf(e)].some((id) => params.has(id)))) return undefined;
  return { body: rest, select: project.exprs, pulled };
}

function rewrite(n: SubplanFilterNode): PlanNode {
  let child: PlanNode = n.child;
  let filters = n.filters;
  const remaining: SubqueryRef[] = [];
  for (const s of n.subqueries) {
    const conj = filters.find((f) => f.kind === 'col' && f.index === s.id);
    const usable = conj !== undefined && (s.mode === 'exists' || (s.mode === 'in' && !s.not));
    const u = usable ? unnest(s) : undefined;
    const usedElsewhere = filters.some((f) => f !== conj && refsOf(f).has(s.id));
    if (!u || usedElsewhere) {
      remaining.push(s);
      continue;
    }
    const eqs = s.mode === 'in' ? s.left.map((l, i) => bindCall('=', [l, u.select[i]])) : [];
    child = {
      kind: 'join',
      joinType: s.mode === 'exists' && s.not ? 'anti' : 'semi',
      method: 'nestedLoop',
      left: child,
      right: u.body,
      equal: [],
      other: [...eqs, ...u.pulled],
      filters: [],
      estRows: child.estRows,
    };
    filters = filters.filter((f) => f !== conj);
  }
  if (remaining.length === 0) return filters.length === 0 ? child : ({ ...child, filters: [...child.filters, ...filters] } as PlanNode);
  return { ...n, child, subqueries: remaining, filters };
}

export const semiJoinRule: Rule = {
  name: 'semi_join',
  apply(plan) {
    return transformUp(plan, (n) => (n.kind === 'subplanFilter' ? rewrite(n) : n));
  },
};
