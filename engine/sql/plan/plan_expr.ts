/**
 * Helpers over plan expressions: `BoundExpr`s whose `col.index` is a statement-wide column id
 * (see plan.ts). Collecting referenced ids, structural keys (to match `GROUP BY a+1` with `a+1` in
 * the select list), conjunct splitting, substitution of ids, and `rebase` — the step that turns a
 * plan expression into an executable one reading row positions of an operator's input.
 */
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr } from '../expr/bound';
import { type PlanNode } from './plan';

export const BOOL_TYPE: ColumnType = { kind: 'bigint' };

export function colRef(id: number, type: ColumnType, name: string, nullable = true): BoundExpr {
  return { kind: 'col', index: id, type, name, nullable };
}

export function constExpr(value: Value, type: ColumnType): BoundExpr {
  return { kind: 'const', value, type };
}

/** Adds every column id `e` reads to `out`. */
export function collectRefs(e: BoundExpr, out: Set<number>): Set<number> {
  if (e.kind === 'col') out.add(e.index);
  else if (e.kind === 'call') for (const a of e.args) collectRefs(a, out);
  return out;
}

export function refsOf(e: BoundExpr): Set<number> {
  return collectRefs(e, new Set());
}

/** True when every id `e` reads is in `available`. */
export function refsWithin(e: BoundExpr, available: ReadonlySet<number>): boolean {
  if (e.kind === 'col') return available.has(e.index);
  if (e.kind === 'call') return e.args.every((a) => refsWithin(a, available));
  return true;
}

function valueKey(v: Value): string {
  if (v === null) return 'null';
  if (v instanceof Decimal) return `d:${v.toString()}`;
  if (typeof v === 'bigint') return `n:${v}`;
  return `${typeof v}:${String(v)}`;
}

/** A string equal for structurally equal expressions (same ids, functions, constants). */
export function exprKey(e: BoundExpr): string {
  switch (e.kind) {
    case 'const':
      return `(${valueKey(e.value)})`;
    case 'col':
      return `#${e.index}`;
    case 'call':
      return `${e.fn}${e.meta ? JSON.stringify(e.meta, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) : ''}(${e.args.map(exprKey).join(',')})`;
  }
}

/** Splits `a AND b AND c` into [a, b, c]. */
export function splitConjuncts(e: BoundExpr | undefined, out: BoundExpr[] = []): BoundExpr[] {
  if (e === undefined) return out;
  if (e.kind === 'call' && e.fn === 'and') {
    for (const a of e.args) splitConjuncts(a, out);
  } else {
    out.push(e);
  }
  return out;
}

/** Replaces column ids per `map` (ids not in the map are kept). */
export function substitute(e: BoundExpr, map: ReadonlyMap<number, BoundExpr>): BoundExpr {
  if (e.kind === 'col') return map.get(e.index) ?? e;
  if (e.kind === 'call') {
    let changed = false;
    const args = e.args.map((a) => {
      const b = substitute(a, map);
      if (b !== a) changed = true;
      return b;
    });
    return changed ? { ...e, args } : e;
  }
  return e;
}

/** Replaces subtrees structurally equal to a key of `map` (by exprKey) with the mapped expression. */
export function replaceSubtrees(e: BoundExpr, map: ReadonlyMap<string, BoundExpr>): BoundExpr {
  if (map.size === 0) return e;
  const hit = map.get(exprKey(e));
  if (hit) return hit;
  if (e.kind === 'call') {
    let changed = false;
    const args = e.args.map((a) => {
      const b = replaceSubtrees(a, map);
      if (b !== a) changed = true;
      return b;
    });
    return changed ? { ...e, args } : e;
  }
  return e;
}

/** Makes `e` executable over rows laid out as `layout` (column ids in row order). */
export function rebase(e: BoundExpr, layout: readonly number[] | ReadonlyMap<number, number>): BoundExpr {
  const pos: ReadonlyMap<number, number> = layout instanceof Map ? layout : layoutMap(layout as readonly number[]);
  const go = (x: BoundExpr): BoundExpr => {
    if (x.kind === 'col') {
      const p = pos.get(x.index);
      if (p === undefined) assert(false, `column ${x.name} (#${x.index}) not in the input layout`);
      return { ...x, index: p };
    }
    if (x.kind === 'call') return { ...x, args: x.args.map(go) };
    return x;
  };
  return go(e);
}

export function layoutMap(layout: readonly number[]): ReadonlyMap<number, number> {
  // Operators compile every expression against their input layout: one map per layout array.
  let m = LAYOUT_MAPS.get(layout);
  if (m !== undefined) return m;
  m = new Map<number, number>();
  for (let i = 0; i < layout.length; i++) if (!m.has(layout[i])) m.set(layout[i], i);
  LAYOUT_MAPS.set(layout, m);
  return m;
}

/** Position maps of layout arrays (layouts are never changed once built). */
const LAYOUT_MAPS = new WeakMap<readonly number[], Map<number, number>>();

/** Every expression of a node (not of its children), for rules that rewrite expressions. */
export function mapNodeExprs(n: PlanNode, f: (e: BoundExpr) => BoundExpr): PlanNode {
  const filters = n.filters.map(f);
  switch (n.kind) {
    case 'values':
      return { ...n, filters, rows: n.rows.map((r) => r.map(f)) };
    case 'project':
      return { ...n, filters, exprs: n.exprs.map(f) };
    case 'join':
      return { ...n, filters, other: n.other.map(f), equal: n.equal.map((p) => ({ ...p, left: f(p.left), right: f(p.right) })) };
    case 'groupBy':
      return { ...n, filters, keys: n.keys.map(f), aggs: n.aggs.map((a) => ({ ...a, args: a.args.map(f) })) };
    case 'sort':
      return { ...n, filters, keys: n.keys.map((k) => ({ ...k, expr: f(k.expr) })) };
    case 'subplanFilter':
      return { ...n, filters, subqueries: n.subqueries.map((s) => ({ ...s, left: s.left.map(f) })) };
    case 'tableScan': {
      const agg = n.pushdownAgg;
      const pushdownAgg = agg && { ...agg, aggs: agg.aggs.map((a) => ({ ...a, arg: a.arg && f(a.arg) })) };
      return { ...n, filters, range: { ...n.range, conds: n.range.conds.map(f) }, pushdownAgg };
    }
    default:
      return { ...n, filters } as PlanNode;
  }
}

/** True for a constant expression (no column reads). */
export function isConstant(e: BoundExpr): boolean {
  if (e.kind === 'const') return true;
  if (e.kind === 'col') return false;
  return e.args.every(isConstant);
}
