/**
 * Rule: join method. A join with an equality between an expression of its left input and one of
 * its right input becomes a HASH JOIN on those pairs (`equal_conds`); the rest of its conditions
 * stay as `other_conds`. Without such an equality it is a NESTED-LOOP JOIN. OceanBase builds the
 * hash table on the left child, so an inner hash join puts its smaller (estimated) input left.
 */
import { compareKindOf } from '../plan/expr_api';
import type { BoundExpr } from '../expr/bound';
import { layoutOf, transformUp, type JoinNode, type PlanNode } from '../plan/plan';
import { refsWithin } from '../plan/plan_expr';
import type { Rule } from './rule';

function plan(n: JoinNode): JoinNode {
  const L = new Set(layoutOf(n.left));
  const R = new Set(layoutOf(n.right));
  const equal = [...n.equal];
  const other: BoundExpr[] = [];
  for (const c of n.other) {
    if (c.kind === 'call' && c.fn === '=' && c.args.length === 2) {
      const [a, b] = c.args;
      if (refsWithin(a, L) && refsWithin(b, R) && !refsWithin(a, R) && !refsWithin(b, L)) {
        equal.push({ left: a, right: b, kind: compareKindOf(a.type, b.type) });
        continue;
      }
      if (refsWithin(b, L) && refsWithin(a, R) && !refsWithin(b, R) && !refsWithin(a, L)) {
        equal.push({ left: b, right: a, kind: compareKindOf(b.type, a.type) });
        continue;
      }
    }
    other.push(c);
  }
  const method = equal.length > 0 ? 'hash' : 'nestedLoop';
  let out: JoinNode = { ...n, equal, other, method };
  if (method === 'hash' && n.joinType === 'inner' && n.right.estRows < n.left.estRows) {
    out = { ...out, left: n.right, right: n.left, equal: equal.map((p) => ({ left: p.right, right: p.left, kind: p.kind })) };
  }
  return out;
}

export const joinMethodRule: Rule = {
  name: 'join_method',
  apply(root: PlanNode) {
    return transformUp(root, (n) => (n.kind === 'join' ? plan(n) : n));
  },
};
