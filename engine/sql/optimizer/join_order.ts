/**
 * Rule: join order. A tree of inner joins is flattened into its inputs (scans, outer joins,
 * derived tables) and its conditions, then rebuilt left-deep greedily: start with the first FROM
 * item, and repeatedly join the earliest remaining item that shares a condition with what is
 * already joined (FROM order otherwise) — so tables linked by equi-joins sit together and a
 * cartesian product appears only when the query has one (TPC-H Q5's six tables chain through
 * their keys). Each condition is attached to the lowest join that has all its columns.
 */
import type { BoundExpr } from '../expr/bound';
import { bindCall } from '../plan/expr_api';
import { layoutOf, mapChildren, type JoinNode, type PlanNode } from '../plan/plan';
import { refsOf, refsWithin } from '../plan/plan_expr';
import type { Rule } from './rule';

function isInnerJoin(n: PlanNode): n is JoinNode {
  return n.kind === 'join' && n.joinType === 'inner' && n.filters.length === 0;
}

function flatten(n: PlanNode, leaves: PlanNode[], conds: BoundExpr[]): void {
  if (isInnerJoin(n)) {
    flatten(n.left, leaves, conds);
    flatten(n.right, leaves, conds);
    conds.push(...n.other, ...n.equal.map((p) => bindCall('=', [p.left, p.right])));
    return;
  }
  leaves.push(reorder(n));
}

function connects(c: BoundExpr, have: Set<number>, leaf: Set<number>): boolean {
  const r = refsOf(c);
  let inHave = false;
  let inLeaf = false;
  for (const id of r) {
    if (have.has(id)) inHave = true;
    else if (leaf.has(id)) inLeaf = true;
    else return false;
  }
  return inHave && inLeaf;
}

function reorder(n: PlanNode): PlanNode {
  if (!isInnerJoin(n)) return mapChildren(n, reorder);
  const leaves: PlanNode[] = [];
  const conds: BoundExpr[] = [];
  flatten(n, leaves, conds);
  const leafIds = leaves.map((l) => new Set(layoutOf(l)));
  const remaining = leaves.map((_, i) => i);
  const first = remaining.shift()!;
  let plan = leaves[first];
  const have = new Set(leafIds[first]);
  let pending = conds;
  while (remaining.length > 0) {
    let pick = remaining.findIndex((i) => pending.some((c) => connects(c, have, leafIds[i])));
    if (pick < 0) pick = 0;
    const i = remaining.splice(pick, 1)[0];
    for (const id of leafIds[i]) have.add(id);
    const here = pending.filter((c) => refsWithin(c, have));
    pending = pending.filter((c) => !refsWithin(c, have));
    const right = leaves[i];
    plan = { kind: 'join', joinType: 'inner', method: 'nestedLoop', left: plan, right, equal: [], other: here, filters: [], estRows: Math.max(plan.estRows, right.estRows) };
  }
  if (pending.length > 0) plan = { ...plan, filters: [...plan.filters, ...pending] } as PlanNode;
  return plan;
}

export const joinOrderRule: Rule = {
  name: 'join_order',
  apply(plan) {
    return reorder(plan);
  },
};
