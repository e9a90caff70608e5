/**
 * Rule: row estimates (`EST.ROWS`). Table statistics are not modelled, so estimates are crude and
 * deterministic: 1000 rows per partition, 1 per point get, a tenth for a range, each remaining
 * filter keeps half; equi-joins keep the larger input, cartesian products multiply, GROUP BY
 * keeps a tenth. They only steer the hash join's build side and fill EXPLAIN.
 */
import { childrenOf, mapChildren, type PlanNode } from '../plan/plan';
import { EST_ROWS_PER_PARTITION } from '../resolver/resolve_from';
import type { Rule } from './rule';

function filtered(rows: number, filters: number): number {
  return Math.max(1, Math.ceil(rows * Math.pow(0.5, filters)));
}

function own(n: PlanNode): number {
  const kids = childrenOf(n);
  const c = kids[0]?.estRows ?? 1;
  switch (n.kind) {
    case 'tableScan': {
      const base = n.range.kind === 'get' ? (n.range.keys?.length ?? 1) : EST_ROWS_PER_PARTITION * n.partitions.length;
      const rows = n.range.kind === 'range' ? Math.max(1, Math.ceil(base / 10)) : base;
      return Math.min(filtered(rows, n.filters.length), n.limit ?? Infinity);
    }
    case 'virtualScan':
      return filtered(100, n.filters.length);
    case 'values':
      return filtered(n.rows.length, n.filters.length);
    case 'join': {
      const l = n.left.estRows;
      const r = n.right.estRows;
      const base = n.joinType === 'semi' || n.joinType === 'anti' ? l : n.equal.length > 0 ? Math.max(l, r) : n.other.length > 0 ? Math.max(l, r) : l * r;
      return filtered(base, n.filters.length);
    }
    case 'groupBy':
      return n.scalar ? 1 : filtered(Math.max(1, Math.ceil(c / 10)), n.filters.length);
    case 'sort':
      return Math.min(filtered(c, n.filters.length), n.topN ?? Infinity);
    case 'limit':
      return Math.min(c, n.count ?? Infinity);
    case 'union':
      return kids.reduce((s, k) => s + k.estRows, 0);
    default:
      return filtered(c, n.filters.length);
  }
}

function estimate(n: PlanNode): PlanNode {
  const m = mapChildren(n, estimate);
  return { ...m, estRows: own(m) } as PlanNode;
}

export const estimateRule: Rule = {
  name: 'estimate',
  apply(plan) {
    return estimate(plan);
  },
};
