/**
 * Storage predicates (`StoragePredicate`, storage/encoding/types.ts) on the SQL side: which scan
 * filters become predicates evaluated inside storage (OceanBase's filter pushdown into the
 * storage layer, `ObPushdownFilter`, evaluated on encoded microblocks), and a row-wise evaluator
 * for the paths that read rows instead of encoded blocks (a transaction's own buffered writes,
 * the test doubles of a tablet).
 *
 * A filter is pushed only when storage compares exactly as the row executor would:
 * `column op constant` (either side; `= <> != < <= > >=`), `column BETWEEN c1 AND c2`,
 * `column IN (c1, ...)` and `column IS [NOT] NULL`, where each constant converts exactly to the
 * column's storage class (`ColumnClass`):
 * - integer column ← integer constant (a number within ±2^53);
 * - DECIMAL(p,s) column ← integer or DECIMAL constant of scale ≤ s (as a Decimal at scale s);
 * - DOUBLE/FLOAT column ← integer, DECIMAL or DOUBLE constant (as the double the row executor
 *   compares: `Decimal.toNumber()`);
 * - CHAR/VARCHAR/TEXT column ← string constant (compared under utf8mb4_general_ci);
 * - DATE column ← DATE constant; DATETIME/TIMESTAMP (no fraction) ← constant of the same type
 *   without fraction (canonical text of equal length orders byte-wise).
 * Anything else (NULL constants, `<=>`, NOT IN, expressions over columns, mixed types) stays a
 * filter of the scan. NULL column values never pass a comparison or IN.
 */
import { Decimal } from '../../common/decimal';
import { isIntegerType, isStringType, type ColumnType, type Value } from '../../common/value';
import type { ColumnClass, StoragePredicate } from '../../storage/encoding/types';
import type { BoundExpr } from '../expr/bound';
import { compareGeneralCi, compareTemporalText } from '../expr/types';

/** The storage class of a column type (encoding/index.ts `columnClassOf` agrees). */
export function storageClassOf(t: ColumnType): ColumnClass {
  if (isIntegerType(t)) return { kind: 'int' };
  if (t.kind === 'double' || t.kind === 'float') return { kind: 'double' };
  if (t.kind === 'decimal') return { kind: 'decimal', scale: t.scale ?? 0 };
  return { kind: 'string', ci: isStringType(t) };
}

/** `c` converted exactly to a storage value of a column of type `ct`, or undefined. */
export function storageValueOf(c: BoundExpr, ct: ColumnType): Value | undefined {
  if (c.kind !== 'const' || c.value === null) return undefined;
  const v = c.value;
  const vt = c.type;
  if (isIntegerType(ct)) return isIntegerType(vt) && typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
  if (ct.kind === 'decimal') {
    const scale = ct.scale ?? 0;
    if (isIntegerType(vt) && (typeof v === 'number' || typeof v === 'bigint') && Number.isInteger(Number(v))) return Decimal.fromInt(v).rescale(scale);
    if (vt.kind === 'decimal' && v instanceof Decimal && v.scale <= scale) return v.rescale(scale);
    return undefined;
  }
  if (ct.kind === 'double' || ct.kind === 'float') {
    if (vt.kind === 'double' && typeof v === 'number') return v;
    if (isIntegerType(vt) && typeof v === 'number') return v;
    if (vt.kind === 'decimal' && v instanceof Decimal) return v.toNumber();
    return undefined;
  }
  if (isStringType(ct)) return isStringType(vt) && typeof v === 'string' ? v : undefined;
  if (typeof v !== 'string' || vt.kind !== ct.kind) return undefined;
  if (ct.kind === 'date') return v.length === 10 ? v : undefined;
  return (ct.precision ?? 0) === 0 && v.length === 19 ? v : undefined;
}

const FLIP: Record<string, '=' | '<>' | '<' | '<=' | '>' | '>='> = { '=': '=', '!=': '<>', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const SAME: Record<string, '=' | '<>' | '<' | '<=' | '>' | '>='> = { '=': '=', '!=': '<>', '<>': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * The storage predicate of filter `f`, or null when it must stay a SQL filter. `positionOf`
 * maps a column id of the scan to its position among the requested columns (undefined: not a
 * column of this scan); `typeAt` gives the type of a position.
 */
export function storagePredicateOf(
  f: BoundExpr,
  positionOf: (id: number) => number | undefined,
  typeAt: (pos: number) => ColumnType,
): StoragePredicate | null {
  if (f.kind !== 'call') return null;
  const a = f.args;
  const pos = (e: BoundExpr) => (e.kind === 'col' ? positionOf(e.index) : undefined);
  if ((f.fn === 'is_null' || f.fn === 'is_not_null') && a.length === 1) {
    const p = pos(a[0]);
    return p === undefined ? null : { column: p, op: f.fn };
  }
  if (f.fn === 'in' && a.length >= 2) {
    const p = pos(a[0]);
    if (p === undefined) return null;
    const values: Value[] = [];
    for (const x of a.slice(1)) {
      const v = storageValueOf(x, typeAt(p));
      if (v === undefined) return null;
      values.push(v);
    }
    return { column: p, op: 'in', values };
  }
  if (f.fn === 'between' && a.length === 3) {
    const p = pos(a[0]);
    if (p === undefined) return null;
    const low = storageValueOf(a[1], typeAt(p));
    const high = storageValueOf(a[2], typeAt(p));
    return low === undefined || high === undefined ? null : { column: p, op: 'between', low, high };
  }
  if (!(f.fn in SAME) || a.length !== 2) return null;
  let p = pos(a[0]);
  let k = a[1];
  let op = SAME[f.fn];
  if (p === undefined) {
    p = pos(a[1]);
    k = a[0];
    op = FLIP[f.fn];
  }
  if (p === undefined) return null;
  const value = storageValueOf(k, typeAt(p));
  return value === undefined ? null : { column: p, op, value };
}

/** Filters split into storage predicates (and the filters they came from) and the rest. */
export interface StorageFilterSplit {
  predicates: StoragePredicate[];
  pushed: BoundExpr[];
  residual: BoundExpr[];
}

/** Splits a scan's filters (see `storagePredicateOf`). */
export function splitStorageFilters(
  filters: readonly BoundExpr[],
  positionOf: (id: number) => number | undefined,
  typeAt: (pos: number) => ColumnType,
): StorageFilterSplit {
  const out: StorageFilterSplit = { predicates: [], pushed: [], residual: [] };
  for (const f of filters) {
    const p = storagePredicateOf(f, positionOf, typeAt);
    if (p === null) out.residual.push(f);
    else {
      out.predicates.push(p);
      out.pushed.push(f);
    }
  }
  return out;
}

/** Orders two non-NULL storage values of class `c`. */
export function compareStorage(a: Value, b: Value, c: ColumnClass): number {
  switch (c.kind) {
    case 'int':
    case 'double':
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 'decimal':
      return (a as Decimal).compare(b as Decimal);
    case 'string':
      return c.ci ? compareGeneralCi(a as string, b as string) : compareTemporalText(a as string, b as string);
  }
}

/** True when `v` (a value of class `c`) passes predicate `p` (row-wise evaluation). */
export function passesPredicate(p: StoragePredicate, v: Value, c: ColumnClass): boolean {
  switch (p.op) {
    case 'is_null':
      return v === null;
    case 'is_not_null':
      return v !== null;
    case 'in':
      return v !== null && p.values.some((x) => compareStorage(v, x, c) === 0);
    case 'between':
      return v !== null && compareStorage(v, p.low, c) >= 0 && compareStorage(v, p.high, c) <= 0;
    default: {
      if (v === null) return false;
      const r = compareStorage(v, p.value, c);
      switch (p.op) {
        case '=':
          return r === 0;
        case '<>':
          return r !== 0;
        case '<':
          return r < 0;
        case '<=':
          return r <= 0;
        case '>':
          return r > 0;
        case '>=':
          return r >= 0;
      }
    }
  }
}

/** True when a row (values by request position) passes every predicate. */
export function passesAll(predicates: readonly StoragePredicate[], valueAtPos: (pos: number) => Value, classes: readonly ColumnClass[]): boolean {
  for (const p of predicates) if (!passesPredicate(p, valueAtPos(p.column), classes[p.column])) return false;
  return true;
}
