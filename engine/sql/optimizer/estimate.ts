/**
 * Rule: row estimates (`EST.ROWS`). Table statistics are not modelled: a table's row count is what
 * the server reports for its tablets (`ctx.estimateRowCount`, optional), else 0 — and, like
 * OceanBase's optimizer on an empty table, every operator estimates at least 1 row. Rules of
 * thumb: a point get keeps min(rows, keys); a range keeps a tenth; each remaining filter keeps
 * half; equi-joins keep the larger input, cartesian products multiply; GROUP BY keeps a tenth.
 * The estimates fill EXPLAIN and steer the hash join's build side.
 */
import { childrenOf, mapChildren, type PlanNode, type TableScanNode } from '../plan/plan';
import type { OptimizerContext, Rule } from './rule';

function filtered(rows: number, filters: number): number {
  return Math.max(1, Math.ceil(rows * Math.pow(0.5, filters)));
}

function tableRows(n: TableScanNode, o: OptimizerContext): number {
  let rows = 0;
  for (const i of n.partitions) rows += Math.max(0, o.ctx.estimateRowCount?.(n.table, n.table.partitions[i]) ?? 0);
  return rows;
}

function own(n: PlanNode, o: OptimizerContext): number {
  const kids = childrenOf(n);
  const c = kids[0]?.estRows ?? 1;
  switch (n.kind) {
    case 'tableScan': {
      const all = tableRows(n, o);
      const rows = n.range.kind === 'get' ? Math.min(all, n.range.keys?.length ?? 1) : n.range.kind === 'range' ? Math.ceil(all / 10) : all;
      // Aggregate pushdown: one partial row per tablet, or per group and tablet.
      if (n.pushdownAgg !== undefined) return n.pushdownAgg.groupBy.length === 0 ? 1 : Math.max(1, Math.ceil(filtered(rows, n.filters.length) / 10));
      return Math.min(filtered(rows, n.filters.length), n.limit ?? Infinity);
    }
    case 'virtualScan':
      return filtered(1, n.filters.length);
    case 'values':
      return filtered(n.rows.length, n.filters.length);
    case 'join': {
      const l = n.left.estRows;
      const r = n.right.estRows;
      const base = n.joinType === 'semi' || n.joinType === 'anti' ? l : n.equal.length > 0 || n.other.length > 0 ? Math.max(l, r) : l * r;
      return filtered(base, n.filters.length);
    }
    case 'groupBy':
      return n.scalar ? 1 : filtered(Math.ceil(c / 10), n.filters.length);
    case 'sort':
      return Math.min(filtered(c, n.filters.length), n.topN ?? Infinity);
    case 'limit':
      return Math.max(1, Math.min(c, n.count ?? Infinity));
    case 'union':
      return kids.reduce((s, k) => s + k.estRows, 0);
    default:
      return filtered(c, n.filters.length);
  }
}

function estimate(n: PlanNode, o: OptimizerContext): PlanNode {
  const m = mapChildren(n, (c) => estimate(c, o));
  return { ...m, estRows: own(m, o) } as PlanNode;
}

export const estimateRule: Rule = {
  name: 'estimate',
  apply(plan, o) {
    return estimate(plan, o);
  },
};
