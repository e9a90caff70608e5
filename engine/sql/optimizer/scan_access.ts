/**
 * Rule: scan access paths — partition pruning and rowkey ranges for every table scan, from its
 * filters (OceanBase's partition calculation and `ObQueryRange`).
 *
 * - Pruning: HASH/KEY/LIST need equality (or IN) on every partitioning column; RANGE uses the
 *   first column's equality or bounds. Only plain-column partitioning keys are pruned.
 * - Ranges: equality on a prefix of the rowkey (IN gives several ranges) plus bounds on the next
 *   column → TABLE RANGE SCAN; equality on the whole rowkey → TABLE GET (point gets); else
 *   TABLE FULL SCAN. Conditions turned into ranges exactly are removed from the filters and shown
 *   as `range_cond([...])`; NULL never falls in a bounded range (as in SQL comparisons).
 */
import { KEY_MAX_SUFFIX, encodeRowkey } from '../../common/rowkey';
import type { Value } from '../../common/value';
import { Decimal } from '../../common/decimal';
import { prunePartitionsByKeys, prunePartitionsByRange } from '../../schema/partition';
import { rowkeyTypes, type TableSchema } from '../../schema/schema';
import type { KeyRange } from '../exec_context';
import type { BoundExpr } from '../expr/bound';
import { transformUp, type ScanRange, type TableScanNode } from '../plan/plan';
import { cartesian, columnConditions, type Bound, type ColumnConds } from './scan_conditions';
import type { Rule } from './rule';

/** Point gets / IN-list ranges per scan before falling back to a wider range. */
const KEY_TUPLES_MAX = 1000;

/** Per table schema object (immutable once published): its partitioning key columns. */
const PARTITION_KEY_COLUMNS = new WeakMap<TableSchema, number[] | undefined>();
/** Per table schema object: its rowkey column types. */
const ROWKEY_TYPES = new WeakMap<TableSchema, ReturnType<typeof rowkeyTypes>>();

function partitionKeyColumns(t: TableSchema): number[] | undefined {
  if (PARTITION_KEY_COLUMNS.has(t)) return PARTITION_KEY_COLUMNS.get(t);
  const cols = findPartitionKeyColumns(t);
  PARTITION_KEY_COLUMNS.set(t, cols);
  return cols;
}

function rowkeyTypesOf(t: TableSchema): ReturnType<typeof rowkeyTypes> {
  let types = ROWKEY_TYPES.get(t);
  if (types === undefined) ROWKEY_TYPES.set(t, (types = rowkeyTypes(t)));
  return types;
}

function findPartitionKeyColumns(t: TableSchema): number[] | undefined {
  const s = t.partitionScheme;
  if (!s) return undefined;
  const out: number[] = [];
  for (const e of s.exprs) {
    if (e.kind !== 'column') return undefined;
    const c = t.columns.find((x) => x.name.toLowerCase() === e.name.toLowerCase());
    if (!c) return undefined;
    out.push(c.index);
  }
  return out;
}

function prune(n: TableScanNode, conds: Map<number, ColumnConds>): number[] {
  const t = n.table;
  const keyCols = partitionKeyColumns(t);
  if (!keyCols) return n.partitions;
  let pruned: number[] | undefined;
  const eqLists = keyCols.map((c) => conds.get(c)?.eq?.values);
  if (eqLists.every((l) => l !== undefined)) {
    const tuples = cartesian(eqLists as Value[][], KEY_TUPLES_MAX);
    if (tuples) pruned = prunePartitionsByKeys(t, tuples);
  }
  if (pruned === undefined && (t.partitionScheme!.kind === 'RANGE' || t.partitionScheme!.kind === 'RANGE COLUMNS')) {
    const c = conds.get(keyCols[0]);
    if (c && (c.lows.length > 0 || c.highs.length > 0)) pruned = prunePartitionsByRange(t, c.lows[0], c.highs[0]);
  }
  if (pruned === undefined) return n.partitions;
  const keep = new Set(pruned);
  return n.partitions.filter((p) => keep.has(p));
}

function show(v: Value): string {
  if (v === null) return 'NULL';
  if (v instanceof Decimal) return v.toString();
  return String(v);
}

interface RangePlan {
  range: ScanRange;
  used: { cond: BoundExpr; exact: boolean }[];
}

function rangeFor(n: TableScanNode, conds: Map<number, ColumnConds>): RangePlan | undefined {
  const t = n.table;
  const types = rowkeyTypesOf(t);
  const lists: Value[][] = [];
  const used: { cond: BoundExpr; exact: boolean }[] = [];
  for (const ci of t.rowkey) {
    const eq = conds.get(ci)?.eq;
    if (!eq) break;
    lists.push(eq.values);
    used.push({ cond: eq.cond, exact: eq.exact });
  }
  const k = lists.length;
  const tuples = cartesian(lists, KEY_TUPLES_MAX);
  if (!tuples) return undefined;
  const next = k < t.rowkey.length ? conds.get(t.rowkey[k]) : undefined;
  const low: Bound | undefined = next?.lows[0];
  const high: Bound | undefined = next?.highs[0];
  if (k === 0 && !low && !high) return undefined;
  if (low) used.push({ cond: low.cond, exact: low.exact });
  if (high && high.cond !== low?.cond) used.push({ cond: high.cond, exact: high.exact });
  const seen = new Set<string>();
  const pieces: { r: KeyRange; text: string }[] = [];
  for (const tuple of tuples) {
    const p = encodeRowkey(tuple, types.slice(0, k));
    if (seen.has(p)) continue;
    seen.add(p);
    pieces.push(k === t.rowkey.length ? pointRange(p, tuple) : prefixRange(p, tuple, t.rowkey.length, types, low, high));
  }
  pieces.sort((a, b) => (a.r.start < b.r.start ? -1 : a.r.start > b.r.start ? 1 : 0));
  const isGet = k === t.rowkey.length;
  const range: ScanRange = {
    kind: isGet ? 'get' : 'range',
    ranges: pieces.map((x) => x.r),
    keys: isGet ? pieces.map((x) => x.r.start) : undefined,
    text: pieces.map((x) => x.text).join(', '),
    conds: used.map((u) => u.cond),
  };
  return { range, used };
}

function pointRange(p: string, tuple: Value[]): { r: KeyRange; text: string } {
  const s = tuple.map(show).join(',');
  return { r: { start: p, startInclusive: true, end: p, endInclusive: true }, text: `[${s} ; ${s}]` };
}

function prefixRange(p: string, tuple: Value[], width: number, types: ReturnType<typeof rowkeyTypes>, low?: Bound, high?: Bound): { r: KeyRange; text: string } {
  const k = tuple.length;
  const t = types[k];
  const fill = (x: string) => Array(Math.max(0, width - k - 1)).fill(x);
  let start = p;
  let startInclusive = true;
  let startParts: string[];
  if (low) {
    start = p + encodeRowkey([low.value], [t]) + (low.inclusive ? '' : KEY_MAX_SUFFIX);
    startInclusive = low.inclusive;
    startParts = [...tuple.map(show), show(low.value), ...fill('MIN')];
  } else if (high) {
    start = p + '\u0001'; // after NULL
    startParts = [...tuple.map(show), 'NULL', ...fill('MAX')];
  } else {
    startParts = [...tuple.map(show), 'MIN', ...fill('MIN')];
  }
  let end = p + KEY_MAX_SUFFIX;
  let endInclusive = true;
  let endParts: string[];
  if (high) {
    end = p + encodeRowkey([high.value], [t]) + (high.inclusive ? KEY_MAX_SUFFIX : '');
    endInclusive = high.inclusive;
    endParts = [...tuple.map(show), show(high.value), ...fill('MAX')];
  } else {
    endParts = [...tuple.map(show), 'MAX', ...fill('MAX')];
  }
  const open = low && low.inclusive && width === k + 1 ? '[' : '(';
  const close = high && high.inclusive && width === k + 1 ? ']' : ')';
  return { r: { start, startInclusive, end, endInclusive }, text: `${open}${startParts.join(',')} ; ${endParts.join(',')}${close}` };
}

/**
 * `n` with its partitions pruned and its rowkey range chosen from its filters (the exact range
 * conditions leave the filters). Also used by the plan cache to redo a cached plan's access path
 * for new parameter values (plan_cache.ts).
 */
export function scanAccessOf(n: TableScanNode): TableScanNode {
  if (n.filters.length === 0) return n;
  const conds = columnConditions(n.filters, n.colIds, n.table.columns);
  const partitions = prune(n, conds);
  const rp = rangeFor(n, conds);
  if (!rp) return { ...n, partitions };
  const exact = new Set(rp.used.filter((u) => u.exact).map((u) => u.cond));
  return { ...n, partitions, range: rp.range, filters: n.filters.filter((f) => !exact.has(f)) };
}

export const scanAccessRule: Rule = {
  name: 'scan_access',
  apply(plan) {
    return transformUp(plan, (n) => (n.kind === 'tableScan' ? scanAccessOf(n) : n));
  },
};
