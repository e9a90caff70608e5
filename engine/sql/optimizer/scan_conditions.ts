/**
 * Reads a scan's filters as per-column conditions usable for partition pruning and rowkey ranges:
 * `col = const`, `col IN (consts)`, `col <|<=|>|>= const` (either side), `col BETWEEN c1 AND c2`.
 * Constants are converted to the column's type only when the conversion is exact for comparison
 * (an integer constant for an integer column, a string for a string column, ...); otherwise the
 * condition is not used and simply stays a filter. OceanBase: `ObQueryRange` extraction.
 */
import { utf8ToBytes } from '../../common/binary';
import { Decimal } from '../../common/decimal';
import { isIntegerType, isStringType, isTemporalType, type Value } from '../../common/value';
import type { ColumnSchema } from '../../schema/schema';
import type { BoundExpr } from '../expr/bound';
import { castValue } from '../plan/expr_api';
import { layoutMap } from '../plan/plan_expr';

export interface Bound {
  value: Value;
  inclusive: boolean;
  cond: BoundExpr;
  exact: boolean;
}

export interface ColumnConds {
  /** Equality values (one for `=`, several for IN), from `eqCond`. */
  eq?: { values: Value[]; cond: BoundExpr; exact: boolean };
  lows: Bound[];
  highs: Bound[];
}

/** The value of `c` as a key of `column`, or undefined when not exactly convertible. */
export function keyValueOf(c: BoundExpr, column: ColumnSchema): { value: Value; exact: boolean } | undefined {
  if (c.kind !== 'const' || c.value === null) return undefined;
  const v = c.value;
  const ct = column.type;
  const vt = c.type;
  if (isIntegerType(ct)) {
    if (isIntegerType(vt) && (typeof v === 'number' || typeof v === 'bigint')) return { value: v, exact: true };
    return undefined;
  }
  if (isStringType(ct)) {
    if (!isStringType(vt) || typeof v !== 'string') return undefined;
    // A text constant against a binary column (VARBINARY, issue #5) is compared as its UTF-8 bytes.
    return { value: ct.binary && !vt.binary ? utf8ToBytes(v) : v, exact: true };
  }
  if (ct.kind === 'decimal') {
    if (isIntegerType(vt) && (typeof v === 'number' || typeof v === 'bigint')) return { value: Decimal.fromInt(v), exact: true };
    if (v instanceof Decimal && v.scale <= (ct.scale ?? 0)) return { value: v, exact: true };
    return undefined;
  }
  if (ct.kind === 'double' || ct.kind === 'float') {
    return typeof v === 'number' && (isIntegerType(vt) || vt.kind === 'double') ? { value: v, exact: true } : undefined;
  }
  if (isTemporalType(ct)) {
    if (vt.kind === ct.kind && typeof v === 'string') return { value: v, exact: true };
    if (isStringType(vt) || isTemporalType(vt)) {
      try {
        const cast = castValue(v, ct);
        return cast === null ? undefined : { value: cast, exact: false };
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/** Per column index of the scanned table, the usable conditions among `filters`. */
export function columnConditions(filters: readonly BoundExpr[], colIds: readonly number[], columns: readonly ColumnSchema[]): Map<number, ColumnConds> {
  const byId = layoutMap(colIds);
  const out = new Map<number, ColumnConds>();
  const get = (i: number) => {
    let c = out.get(i);
    if (!c) out.set(i, (c = { lows: [], highs: [] }));
    return c;
  };
  const colOf = (e: BoundExpr) => (e.kind === 'col' ? byId.get(e.index) : undefined);
  for (const f of filters) {
    if (f.kind !== 'call') continue;
    const a = f.args;
    if (f.fn === 'in' && colOf(a[0]) !== undefined && a.slice(1).every((x) => x.kind === 'const')) {
      const ci = colOf(a[0])!;
      const vals = a.slice(1).map((x) => keyValueOf(x, columns[ci]));
      if (vals.every((v) => v !== undefined) && get(ci).eq === undefined) {
        get(ci).eq = { values: vals.map((v) => v!.value), cond: f, exact: vals.every((v) => v!.exact) };
      }
      continue;
    }
    if (f.fn === 'between' && colOf(a[0]) !== undefined) {
      const ci = colOf(a[0])!;
      const lo = keyValueOf(a[1], columns[ci]);
      const hi = keyValueOf(a[2], columns[ci]);
      if (lo && hi) {
        get(ci).lows.push({ value: lo.value, inclusive: true, cond: f, exact: lo.exact && hi.exact });
        get(ci).highs.push({ value: hi.value, inclusive: true, cond: f, exact: lo.exact && hi.exact });
      }
      continue;
    }
    if (!(f.fn in FLIP) || a.length !== 2) continue;
    let op = f.fn;
    let col = colOf(a[0]);
    let k = a[1];
    if (col === undefined) {
      col = colOf(a[1]);
      k = a[0];
      op = FLIP[op];
    }
    if (col === undefined) continue;
    const kv = keyValueOf(k, columns[col]);
    if (!kv) continue;
    const c = get(col);
    if (op === '=') {
      if (c.eq === undefined) c.eq = { values: [kv.value], cond: f, exact: kv.exact };
    } else if (op === '>' || op === '>=') {
      c.lows.push({ value: kv.value, inclusive: op === '>=', cond: f, exact: kv.exact });
    } else {
      c.highs.push({ value: kv.value, inclusive: op === '<=', cond: f, exact: kv.exact });
    }
  }
  return out;
}

/** Cartesian product of value lists, or undefined past `max` tuples. */
export function cartesian(lists: readonly Value[][], max: number): Value[][] | undefined {
  let out: Value[][] = [[]];
  for (const l of lists) {
    const next: Value[][] = [];
    for (const t of out) for (const v of l) next.push([...t, v]);
    if (next.length > max) return undefined;
    out = next;
  }
  return out;
}
