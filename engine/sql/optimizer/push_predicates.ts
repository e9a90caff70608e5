/**
 * Rule: predicate pushdown. Conjuncts move as far down as their semantics allow: into scans
 * (where they can become rowkey ranges and partition pruning), into the matching side of inner
 * joins, through projections (rewritten to the projected expressions), DISTINCT, SORT and
 * exchanges, below GROUP BY when they read only grouping keys, into every UNION branch, and below
 * a SUBPLAN FILTER when they do not read a subquery's value. Outer joins keep WHERE conjuncts on
 * the NULL-supplying side above the join; an ON conjunct reading only that side moves into it.
 * Conjuncts are never pushed below LIMIT.
 */
import type { BoundExpr } from '../expr/bound';
import { layoutOf, mapChildren, type PlanNode } from '../plan/plan';
import { colRef, refsWithin, substitute } from '../plan/plan_expr';
import type { Rule } from './rule';

function ids(n: PlanNode): Set<number> {
  return new Set(layoutOf(n));
}

function withFilters(n: PlanNode, preds: BoundExpr[]): PlanNode {
  return preds.length === 0 ? n : ({ ...n, filters: [...n.filters, ...preds] } as PlanNode);
}

function pushJoin(n: PlanNode & { kind: 'join' }, preds: BoundExpr[]): PlanNode {
  const all = [...preds, ...n.filters];
  const L = ids(n.left);
  const R = ids(n.right);
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const stay: BoundExpr[] = [];
  let other: BoundExpr[] = [];
  if (n.joinType === 'inner') {
    for (const p of [...all, ...n.other]) {
      if (refsWithin(p, L)) toLeft.push(p);
      else if (refsWithin(p, R)) toRight.push(p);
      else other.push(p);
    }
  } else {
    for (const p of all) (refsWithin(p, L) ? toLeft : stay).push(p);
    for (const p of n.other) (refsWithin(p, R) && !refsWithin(p, L) ? toRight : other).push(p);
  }
  if (n.joinType === 'semi' || n.joinType === 'anti') other = other.filter(Boolean);
  return { ...n, left: push(n.left, toLeft), right: push(n.right, toRight), other, filters: stay };
}

function pushGroupBy(n: PlanNode & { kind: 'groupBy' }, preds: BoundExpr[]): PlanNode {
  const keys = new Set(n.keyIds);
  const map = new Map<number, BoundExpr>(n.keyIds.map((id, i) => [id, n.keys[i]]));
  const down: BoundExpr[] = [];
  const stay: BoundExpr[] = [];
  for (const p of [...preds, ...n.filters]) {
    if (!n.scalar && refsWithin(p, keys)) down.push(substitute(p, map));
    else stay.push(p);
  }
  return { ...n, child: push(n.child, down), filters: stay };
}

function pushUnion(n: PlanNode & { kind: 'union' }, preds: BoundExpr[]): PlanNode {
  const all = [...preds, ...n.filters];
  const children = n.children.map((c) => {
    const layout = layoutOf(c);
    const map = new Map<number, BoundExpr>(n.colIds.map((id, i) => [id, colRef(layout[i], n.types[i], n.names[i])]));
    return push(c, all.map((p) => substitute(p, map)));
  });
  return { ...n, children, filters: [] };
}

function push(n: PlanNode, preds: BoundExpr[]): PlanNode {
  switch (n.kind) {
    case 'tableScan':
    case 'virtualScan':
    case 'values':
      return withFilters(n, preds);
    case 'join':
      return pushJoin(n, preds);
    case 'project': {
      const map = new Map<number, BoundExpr>(n.colIds.map((id, i) => [id, n.exprs[i]]));
      const down = [...preds, ...n.filters].map((p) => substitute(p, map));
      return { ...n, filters: [], child: push(n.child, down) };
    }
    case 'distinct':
    case 'sort':
    case 'exchange':
      return { ...n, filters: [], child: push(n.child, [...preds, ...n.filters]) } as PlanNode;
    case 'groupBy':
      return pushGroupBy(n, preds);
    case 'subplanFilter': {
      const inner = ids(n.child);
      const down: BoundExpr[] = [];
      const stay: BoundExpr[] = [];
      for (const p of [...preds, ...n.filters]) (refsWithin(p, inner) ? down : stay).push(p);
      return { ...n, child: push(n.child, down), filters: stay, subqueries: n.subqueries.map((s) => ({ ...s, plan: push(s.plan, []) })) };
    }
    case 'union':
      return pushUnion(n, preds);
    case 'limit':
    case 'dml':
      return withFilters(mapChildren(n, (c) => push(c, [])), preds);
  }
}

export const pushPredicatesRule: Rule = {
  name: 'push_predicates',
  apply(plan) {
    return push(plan, []);
  },
};
