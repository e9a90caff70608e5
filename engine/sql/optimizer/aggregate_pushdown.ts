/**
 * Rule: aggregate pushdown into the table scan (OceanBase 4.x storage aggregate pushdown). The
 * scan computes partial aggregates per tablet on the server holding it and the GROUP BY above
 * merges them:
 *
 *   SCALAR GROUP BY  agg_func([T_FUN_COUNT_SUM(T_FUN_COUNT(*)), T_FUN_SUM(T_FUN_SUM(t.c2))])
 *   └─TABLE FULL SCAN  output([T_FUN_COUNT(*)], [T_FUN_SUM(t.c2)])
 *                      pushdown_aggregation([T_FUN_COUNT(*)], [T_FUN_SUM(t.c2)])
 *
 * Applies to a GROUP BY directly over a table scan without LIMIT when
 * - every aggregate is COUNT(*), COUNT(x), SUM(x), AVG(x), MIN(x) or MAX(x), not DISTINCT, where
 *   x is a column of the scan or an arithmetic expression (+ − × ÷, unary −, constants) over its
 *   numeric columns; SUM/AVG only of exact arguments (integers, DECIMAL: partial sums are exact,
 *   so the result equals the row executor's; DOUBLE sums depend on the order of addition);
 * - every filter of the scan is evaluated in storage (vector/storage_predicate.ts) — except for
 *   COUNT(*) alone, which the scan has always counted whatever its filters (those not pushed are
 *   evaluated on the rows of the tablet before counting);
 * - for a HASH GROUP BY: the keys are plain columns of the scan (GROUP BY pushdown on low-NDV
 *   columns uses the microblock dictionaries; a row-store major is encoded per column too, so its
 *   scan aggregates the same way through `scanColumns` with `useColumnStore: false`).
 * The merges: COUNT → `__count_sum` (T_FUN_COUNT_SUM), SUM → `__sum_merge`, MIN/MAX →
 * `__min_merge`/`__max_merge`, AVG → `__avg_merge` over the partial sum and count.
 */
import type { ColumnType } from '../../common/value';
import { FUNCTIONS } from '../plan/expr_api';
import { transformUp, type AggSpec, type GroupByNode, type PlanNode, type ScanPartialAgg, type TableScanNode } from '../plan/plan';
import { colRef } from '../plan/plan_expr';
import { exprText } from '../plan/expr_text';
import type { BoundExpr } from '../expr/bound';
import { isExactSumType } from '../vector/partial_agg';
import { splitStorageFilters } from '../vector/storage_predicate';
import { vectorClassOf } from '../vector/vector_expr';
import type { OptimizerContext, Rule } from './rule';

const ARITHMETIC = new Set(['+', '-', '*', '/', 'neg']);
const BIGINT: ColumnType = { kind: 'bigint' };

/** Column id → table column index of a scan. */
function columnIndexes(scan: TableScanNode): Map<number, number> {
  const m = new Map<number, number>();
  scan.colIds.forEach((id, i) => m.set(id, i));
  return m;
}

/** A plain column of the scan, or arithmetic over its numeric columns and constants. */
function pushableArg(e: BoundExpr, cols: Map<number, number>): boolean {
  if (e.kind === 'col') return cols.has(e.index);
  const numeric = (x: BoundExpr): boolean => {
    if (vectorClassOf(x.type) === null || x.type.unsigned) return false;
    if (x.kind === 'const') return true;
    if (x.kind === 'col') return cols.has(x.index);
    return ARITHMETIC.has(x.fn) && x.args.every(numeric);
  };
  return numeric(e);
}

function hasVolatile(e: BoundExpr): boolean {
  if (e.kind !== 'call') return false;
  return FUNCTIONS.get(e.fn)?.volatile === true || e.args.some(hasVolatile);
}

/** The partial aggregate of `a`, or null when it cannot be pushed. */
function partialOf(a: AggSpec, cols: Map<number, number>, o: OptimizerContext): ScanPartialAgg | null {
  if (a.distinct) return null;
  if (a.fn === 'count' && a.args.length === 0) return { fn: 'count', arg: null, ids: [o.newId()], names: [a.name], types: [BIGINT] };
  if (a.args.length !== 1 || !pushableArg(a.args[0], cols)) return null;
  const arg = a.args[0];
  switch (a.fn) {
    case 'count':
      return { fn: 'count', arg, ids: [o.newId()], names: [a.name], types: [BIGINT] };
    case 'min':
    case 'max':
      return { fn: a.fn, arg, ids: [o.newId()], names: [a.name], types: [arg.type] };
    case 'sum':
    case 'avg': {
      if (!isExactSumType(arg.type) || vectorClassOf(arg.type) === null) return null;
      const x = exprText(arg);
      const sumType: ColumnType = { kind: 'decimal', precision: 65, scale: arg.type.kind === 'decimal' ? arg.type.scale ?? 0 : 0 };
      if (a.fn === 'sum') return { fn: 'sum', arg, ids: [o.newId()], names: [a.name], types: [sumType] };
      return { fn: 'avg', arg, ids: [o.newId(), o.newId()], names: [`T_FUN_SUM(${x})`, `T_FUN_COUNT(${x})`], types: [sumType, BIGINT] };
    }
    default:
      return null;
  }
}

/** The GROUP BY's aggregate merging partial `p` of its original aggregate `a`. */
function mergeOf(a: AggSpec, p: ScanPartialAgg): AggSpec {
  const refs = p.ids.map((id, i) => colRef(id, p.types[i], p.names[i], true));
  switch (p.fn) {
    case 'count':
      return { ...a, fn: '__count_sum', args: refs, name: `T_FUN_COUNT_SUM(${p.names[0]})` };
    case 'sum':
      return { ...a, fn: '__sum_merge', args: refs, name: `T_FUN_SUM(${p.names[0]})` };
    case 'min':
      return { ...a, fn: '__min_merge', args: refs, name: `T_FUN_MIN(${p.names[0]})` };
    case 'max':
      return { ...a, fn: '__max_merge', args: refs, name: `T_FUN_MAX(${p.names[0]})` };
    case 'avg':
      // UNCONFIRMED: OceanBase rewrites a pushed-down AVG into SUM / COUNT; this names the merge so.
      return { ...a, fn: '__avg_merge', args: refs, name: `T_FUN_SUM(${p.names[0]}) / T_FUN_COUNT_SUM(${p.names[1]})` };
  }
}

/** `n` with its aggregates pushed into the scan below, or `n` unchanged. */
export function pushAggregates(n: GroupByNode, o: OptimizerContext): PlanNode {
  const scan = n.child;
  if (scan.kind !== 'tableScan' || scan.limit !== undefined || scan.pushdownAgg !== undefined || n.aggs.length === 0) return n;
  const cols = columnIndexes(scan);
  const groupBy: number[] = [];
  if (!n.scalar) {
    for (const k of n.keys) {
      if (k.kind !== 'col' || !cols.has(k.index)) return n;
      const c = cols.get(k.index)!;
      if (!groupBy.includes(c)) groupBy.push(c);
    }
  }
  const partials: ScanPartialAgg[] = [];
  for (const a of n.aggs) {
    const p = partialOf(a, cols, o);
    if (p === null) return n;
    partials.push(p);
  }
  const countOnly = n.scalar && partials.every((p) => p.fn === 'count' && p.arg === null);
  const access = scan.access;
  const split = splitStorageFilters(
    scan.filters,
    (id) => {
      const c = cols.get(id);
      const pos = c === undefined ? -1 : access.indexOf(c);
      return pos < 0 ? undefined : pos;
    },
    (pos) => scan.table.columns[access[pos]].type,
  );
  if (split.residual.length > 0 && (!countOnly || split.residual.some(hasVolatile))) return n;
  const aggs = n.aggs.map((a, i) => mergeOf(a, partials[i]));
  return { ...n, aggs, child: { ...scan, pushdownAgg: { groupBy, aggs: partials } } };
}

export const aggregatePushdownRule: Rule = {
  name: 'aggregate_pushdown',
  apply(plan, o) {
    return transformUp(plan, (n): PlanNode => (n.kind === 'groupBy' ? pushAggregates(n, o) : n));
  },
};
