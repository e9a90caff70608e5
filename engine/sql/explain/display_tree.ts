/**
 * The plan as EXPLAIN shows it: one `DisplayNode` per operator with OceanBase's operator name,
 * NAME column, estimates and the `Outputs & filters` lines (reference §7.2). Projections are not
 * operators in OceanBase: a `project` node's expressions are shown as its child's `output([...])`.
 */
import { formatPartitionList } from '../../schema/partition';
import type { BoundExpr } from '../expr/bound';
import { readsColumnStore } from '../optimizer/column_store';
import { exprText } from '../plan/expr_text';
import { scanFilterSplit, scansColumns } from '../plan/scan_pushdown';
import { layoutOf, type PlanNode } from '../plan/plan';

export interface DisplayNode {
  operator: string;
  name: string;
  estRows: number;
  estTimeUs: number;
  outputs: string[];
  filters: string[];
  /** Detail lines after the `output(...)` line, without indentation. */
  details: string[];
  children: DisplayNode[];
}

/** Display names of every column id the plan defines. */
export function columnNames(plan: PlanNode): Map<number, string> {
  const names = new Map<number, string>();
  const visit = (n: PlanNode) => {
    switch (n.kind) {
      case 'tableScan':
        n.table.columns.forEach((c) => names.set(n.colIds[c.index], `${n.alias}.${c.name}`));
        for (const a of n.pushdownAgg?.aggs ?? []) a.ids.forEach((id, i) => names.set(id, a.names[i]));
        break;
      case 'virtualScan':
        n.def.columns.forEach((c, i) => names.set(n.colIds[i], `${n.alias}.${c.name}`));
        break;
      case 'project':
        n.colIds.forEach((id, i) => names.set(id, exprText(n.exprs[i])));
        break;
      case 'groupBy':
        n.keyIds.forEach((id, i) => names.set(id, exprText(n.keys[i])));
        n.aggs.forEach((a) => names.set(a.id, a.name));
        break;
      case 'subplanFilter':
        n.subqueries.forEach((s) => names.set(s.id, s.name));
        break;
      case 'union':
        n.colIds.forEach((id, i) => names.set(id, `UNION([${i + 1}])`));
        break;
      case 'values':
        n.colIds.forEach((id, i) => names.set(id, n.names?.[i] ?? `column_${i}`));
        break;
    }
    if (n.kind === 'join') {
      visit(n.left);
      visit(n.right);
    } else if (n.kind === 'subplanFilter') {
      visit(n.child);
      n.subqueries.forEach((s) => visit(s.plan));
    } else if (n.kind === 'union') {
      n.children.forEach(visit);
    } else if ('child' in n) {
      visit(n.child);
    }
  };
  visit(plan);
  return names;
}

function list(items: string[]): string {
  return items.length === 0 ? 'nil' : items.map((s) => `[${s}]`).join(', ');
}

/** Expression texts with column names as the plan currently defines them. */
function texts(es: readonly BoundExpr[], names: Map<number, string>): string[] {
  return es.map((e) => exprText(e, (id) => names.get(id)));
}

function scanOperator(n: PlanNode & { kind: 'tableScan' }): string {
  const base = n.range.kind === 'get' ? 'TABLE GET' : n.range.kind === 'range' ? 'TABLE RANGE SCAN' : 'TABLE FULL SCAN';
  // `COLUMN TABLE RANGE SCAN` is inferred (reference §4.9, UNCONFIRMED); FULL SCAN and GET are documented.
  return n.columnStore ?? readsColumnStore(n) ? `COLUMN ${base}` : base;
}

/**
 * The lines after the range: filters evaluated in storage and aggregates computed per tablet.
 * `pushdown_groupby([..]), pushdown_aggregation([..])` follow ObLogTableScan's EXPLAIN printing;
 * `pushdown_filter([..])` is this playground's line for filters evaluated in storage (UNCONFIRMED:
 * OceanBase lists them in `filter([..])` only). A scalar COUNT(*) alone prints no aggregation line,
 * as the documented sample of `SELECT COUNT(*)` (reference §7.3) shows.
 */
function pushdownLines(n: PlanNode & { kind: 'tableScan' }, names: Map<number, string>): string[] {
  const out: string[] = [];
  if (scansColumns(n)) {
    const pushed = scanFilterSplit(n).pushed;
    if (pushed.length > 0) out.push(`pushdown_filter(${list(texts(pushed, names))})`);
  }
  const agg = n.pushdownAgg;
  if (agg !== undefined && (agg.groupBy.length > 0 || !agg.aggs.every((a) => a.fn === 'count' && a.arg === null))) {
    const groupBy = agg.groupBy.length > 0 ? `pushdown_groupby(${list(agg.groupBy.map((c) => names.get(n.colIds[c]) ?? '?'))}), ` : '';
    const aggs = agg.aggs.map((a) => (a.fn === 'avg' ? `${a.names[0]}], [${a.names[1]}` : a.names[0]));
    out.push(`${groupBy}pushdown_aggregation(${list(aggs)})`);
  }
  return out;
}

function joinOperator(n: PlanNode & { kind: 'join' }): string {
  const kind = { inner: '', left: ' LEFT OUTER', semi: ' SEMI', anti: ' ANTI' }[n.joinType];
  if (n.method === 'hash') return `HASH${kind} JOIN`;
  const cartesian = n.joinType === 'inner' && n.other.length === 0 && n.equal.length === 0;
  return `NESTED-LOOP${kind} JOIN${cartesian ? ' CARTESIAN' : ''}`;
}

/** Crude cost in µs of the operator itself (children excluded): about 2 µs to open a scan. */
function ownTimeUs(n: PlanNode, childRows: number): number {
  switch (n.kind) {
    case 'tableScan':
      return Math.round(2 + (n.estRows - 1) * 0.05);
    case 'virtualScan':
      return 2;
    case 'join':
      return Math.round(n.estRows * 0.02);
    case 'groupBy':
      return n.scalar ? Math.round(childRows * 0.01) : 1 + Math.round(childRows * 0.02);
    case 'sort':
    case 'distinct':
      return 1 + Math.round(childRows * 0.05);
    case 'limit':
    case 'union':
      return 0;
    default:
      return 1;
  }
}

function details(n: PlanNode, names: Map<number, string>): string[] {
  switch (n.kind) {
    case 'tableScan': {
      const access = n.access.map((i) => names.get(n.colIds[i]) ?? '?');
      const out = [`access(${list(access)}), partitions(${formatPartitionList(n.table, n.partitions)})`];
      const limit = n.limit !== undefined ? `limit(${n.limit}), offset(nil), ` : '';
      const fbi = n.filters.length > 0 ? ' filter_before_indexback[false],' : '';
      out.push(`${limit}is_index_back=false, is_global_index=false,${fbi}`);
      const rangeKey = list(n.table.rowkey.map((i) => names.get(n.colIds[i]) ?? '?'));
      if (n.range.kind === 'full') {
        out.push(`range_key(${rangeKey}), range${n.range.text}`);
      } else {
        out.push(`range_key(${rangeKey}), range${n.range.text},`);
        out.push(`range_cond(${list(texts(n.range.conds, names))})`);
      }
      const extra = pushdownLines(n, names);
      for (let i = 0; i < extra.length; i++) {
        out[out.length - 1] += ',';
        out.push(extra[i]);
      }
      return out;
    }
    case 'virtualScan':
      return [`access(${list(n.colIds.map((id) => names.get(id) ?? '?'))}), partitions(p0)`];
    case 'values':
      return [`values(${n.rows.map((r) => `{${r.map((e) => exprText(e, (id) => names.get(id))).join(', ')}}`).join(', ')})`];
    case 'join':
      if (n.method === 'hash') {
        return [`equal_conds(${list(n.equal.map((p) => `${texts([p.left], names)[0]} = ${texts([p.right], names)[0]}`))}), other_conds(${list(texts(n.other, names))})`];
      }
      return [`conds(${list(texts(n.other, names))}), nl_params_(nil), use_batch=false`];
    case 'groupBy': {
      const aggs = n.aggs.filter((a) => a.fn !== '__first').map((a) => a.name);
      const g = n.scalar ? 'nil' : list(texts(n.keys, names));
      return [`group(${g}), agg_func(${list(aggs)})`];
    }
    case 'distinct':
      return [`distinct(${list(layoutOf(n.child).map((id) => names.get(id) ?? '?'))})`];
    case 'sort': {
      const keys = n.keys.map((k) => `${texts([k.expr], names)[0]}, ${k.desc ? 'DESC' : 'ASC'}`);
      return [`sort_keys(${list(keys)})${n.topN !== undefined ? `, topn(${n.topN})` : ''}`];
    }
    case 'limit':
      return [`limit(${n.count ?? 'nil'}), offset(${n.offset > 0 ? n.offset : 'nil'})`];
    case 'subplanFilter': {
      const params = n.subqueries.flatMap((s) => s.params.map((p) => p.name));
      const onetime = n.subqueries.filter((s) => s.params.length === 0).map((s) => s.name);
      return [`exec_params_(${list(params)}), onetime_exprs_(${list(onetime)}), init_plan_idxs_(nil), use_batch=false`];
    }
    case 'exchange':
      if (n.op === 'EXCHANGE OUT DISTR') return ['dop=1'];
      if (n.op === 'PX PARTITION ITERATOR') return ['force partition granule'];
      return [];
    case 'dml':
      return n.detail;
    default:
      return [];
  }
}

function operatorName(n: PlanNode): { operator: string; name: string } {
  switch (n.kind) {
    case 'tableScan':
      return { operator: scanOperator(n), name: n.alias };
    case 'virtualScan':
      return { operator: 'TABLE FULL SCAN', name: n.alias };
    case 'values':
      return { operator: 'EXPRESSION', name: '' };
    case 'join':
      return { operator: joinOperator(n), name: '' };
    case 'groupBy':
      return { operator: n.scalar ? 'SCALAR GROUP BY' : 'HASH GROUP BY', name: '' };
    case 'distinct':
      return { operator: 'HASH DISTINCT', name: '' };
    case 'sort':
      return { operator: n.topN !== undefined ? 'TOP-N SORT' : 'SORT', name: '' };
    case 'limit':
      return { operator: 'LIMIT', name: '' };
    case 'subplanFilter':
      return { operator: 'SUBPLAN FILTER', name: '' };
    case 'union':
      return { operator: n.all ? 'UNION ALL' : 'HASH UNION DISTINCT', name: '' };
    case 'exchange':
      return { operator: n.op, name: n.name };
    case 'dml':
      return { operator: `${n.distributed ? 'DISTRIBUTED ' : ''}${n.op}`, name: n.table.name };
    case 'project':
      return { operator: 'PROJECT', name: '' };
  }
}

function children(n: PlanNode): PlanNode[] {
  switch (n.kind) {
    case 'join':
      return [n.left, n.right];
    case 'subplanFilter':
      return [n.child, ...n.subqueries.map((s) => s.plan)];
    case 'union':
      return n.children;
    case 'tableScan':
    case 'virtualScan':
    case 'values':
      return [];
    default:
      return [n.child];
  }
}

/** Builds the display tree; `outputsOverride` carries a hidden projection's expressions down. */
export function displayTree(n: PlanNode, names: Map<number, string>, outputsOverride?: string[]): DisplayNode {
  if (n.kind === 'project') {
    const child = displayTree(n.child, names, texts(n.exprs, names));
    if (n.filters.length > 0) child.filters.push(...texts(n.filters, names));
    return child;
  }
  const kids = children(n).map((c) => displayTree(c, names));
  const { operator, name } = operatorName(n);
  return {
    operator,
    name,
    estRows: Math.max(1, Math.round(n.estRows)),
    estTimeUs: ownTimeUs(n, children(n)[0]?.estRows ?? 1) + kids.reduce((s, k) => s + k.estTimeUs, 0),
    outputs: outputsOverride ?? layoutOf(n).map((id) => names.get(id) ?? `#${id}`),
    filters: texts(n.filters, names),
    details: details(n, names),
    children: kids,
  };
}
