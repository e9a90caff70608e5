/**
 * Rule: projection pushdown. Walks the plan top-down with the set of column ids each node's
 * parent needs, and narrows every table scan's `access` list to the columns read above it (the
 * DAS then returns only those, OceanBase's `access([...])`). A scan of a query that needs no
 * column (COUNT(*)) reads none (`access(nil)`).
 */
import type { BoundExpr } from '../expr/bound';
import { layoutOf, type PlanNode } from '../plan/plan';
import { collectRefs } from '../plan/plan_expr';
import type { Rule } from './rule';

function refsOfAll(exprs: readonly BoundExpr[], out: Set<number>): Set<number> {
  for (const e of exprs) collectRefs(e, out);
  return out;
}

function prune(n: PlanNode, need: Set<number>): PlanNode {
  const own = refsOfAll(n.filters, new Set(need));
  switch (n.kind) {
    case 'tableScan': {
      const access = n.table.columns.map((c) => c.index).filter((i) => own.has(n.colIds[i]));
      return { ...n, access };
    }
    case 'virtualScan':
    case 'values':
      return n;
    case 'project':
      return { ...n, child: prune(n.child, refsOfAll([...n.exprs, ...n.filters], new Set())) };
    case 'join': {
      refsOfAll(n.other, own);
      for (const p of n.equal) {
        collectRefs(p.left, own);
        collectRefs(p.right, own);
      }
      return { ...n, left: prune(n.left, own), right: prune(n.right, own) };
    }
    case 'groupBy': {
      const s = refsOfAll(n.keys, new Set());
      for (const a of n.aggs) refsOfAll(a.args, s);
      return { ...n, child: prune(n.child, s) };
    }
    case 'sort':
      return { ...n, child: prune(n.child, refsOfAll(n.keys.map((k) => k.expr), own)) };
    case 'distinct':
      return { ...n, child: prune(n.child, new Set(layoutOf(n.child))) };
    case 'subplanFilter': {
      for (const s of n.subqueries) {
        refsOfAll(s.left, own);
        for (const p of s.params) own.add(p.id);
      }
      return {
        ...n,
        child: prune(n.child, own),
        subqueries: n.subqueries.map((s) => ({ ...s, plan: prune(s.plan, new Set(layoutOf(s.plan))) })),
      };
    }
    case 'union':
      return { ...n, children: n.children.map((c) => prune(c, new Set(layoutOf(c)))) };
    case 'limit':
    case 'exchange':
    case 'dml':
      return { ...n, child: prune(n.child, own) } as PlanNode;
  }
}

export const pruneColumnsRule: Rule = {
  name: 'prune_columns',
  apply(plan) {
    return prune(plan, new Set(layoutOf(plan)));
  },
};
