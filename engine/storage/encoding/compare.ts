/**
 * Comparison of column values within a class and evaluation of storage predicates (OceanBase's
 * white-box filters pushed into `blocksstable`: `ObWhiteFilterExecutor` on decoded or encoded data).
 *
 * Order: numbers and bigints numerically, DECIMALs exactly, strings by code units of the text
 * (binary) or of the utf8mb4_general_ci weight string (`ci`: case-insensitive, trailing spaces
 * ignored), as rowkeys order them (common/rowkey.ts). NULL never passes a comparison, IN or
 * BETWEEN; a NULL constant makes a comparison pass nowhere.
 *
 * Typed vectors are filtered through a `NumPred`: the predicate rewritten onto the vector's number
 * domain (DECIMAL constants rescaled to the vector scale; a constant that falls between two
 * representable values keeps its floor and an "inexact" mark, so `x < 1.005` on DECIMAL(_,2)
 * becomes `x ≤ 100`), then one branch-light loop per batch.
 */
import { Decimal, pow10 } from '../../common/decimal';
import { generalCiWeight } from '../../common/rowkey';
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnVector, StoragePredicate } from './types';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function cmpPrim(a: number | bigint | string, b: number | bigint | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toDecimal(v: Value): Decimal | null {
  if (v instanceof Decimal) return v;
  if (typeof v === 'bigint') return Decimal.fromInt(v);
  if (typeof v === 'number' && Number.isFinite(v)) return Decimal.fromNumber(v);
  if (typeof v === 'string') return Decimal.parse(v);
  return null;
}

/**
 * Compares two non-NULL values of class `cls`: negative, 0 or positive. Strings of a `ci` class
 * compare by general_ci weight ('abc' = 'ABC '), others binary; numbers, bigints and Decimals
 * compare exactly with each other.
 */
export function compareInClass(a: Value, b: Value, cls: ColumnClass): number {
  if (cls.kind === 'string') {
    const x = String(a);
    const y = String(b);
    return cls.ci ? cmpPrim(generalCiWeight(x), generalCiWeight(y)) : cmpPrim(x, y);
  }
  if (a instanceof Decimal || b instanceof Decimal) {
    if (a instanceof Decimal && b instanceof Decimal) return a.compare(b);
    if (typeof a === 'number' && !Number.isFinite(a)) return a > 0 ? 1 : -1;
    if (typeof b === 'number' && !Number.isFinite(b)) return b > 0 ? -1 : 1;
    const x = toDecimal(a);
    const y = toDecimal(b);
    return x && y ? x.compare(y) : 0;
  }
  return cmpPrim(a as number | bigint | string, b as number | bigint | string);
}

/** A test of one non-NULL value against a predicate, with its constants prepared once. */
export type ValueTest = (v: Value) => boolean;

/** Prepares `pred` for repeated tests of non-NULL values of class `cls`. */
export function makeValueTest(pred: StoragePredicate, cls: ColumnClass): ValueTest {
  if (pred.op === 'is_null') return () => false;
  if (pred.op === 'is_not_null') return () => true;
  if (cls.kind === 'string') return makeStringTest(pred, cls.ci);
  const cmp = (v: Value, c: Value) => compareInClass(v, c, cls);
  switch (pred.op) {
    case 'in': {
      const cs = pred.values.filter((c) => c !== null);
      return (v) => cs.some((c) => cmp(v, c) === 0);
    }
    case 'between': {
      const { low, high } = pred;
      if (low === null || high === null) return () => false;
      return (v) => cmp(v, low) >= 0 && cmp(v, high) <= 0;
    }
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = pred.value;
      if (c === null) return () => false;
      const op = pred.op;
      return (v) => opHolds(op, cmp(v, c));
    }
    default:
      return () => false;
  }
}

function opHolds(op: '=' | '<>' | '<' | '<=' | '>' | '>=', r: number): boolean {
  switch (op) {
    case '=': return r === 0;
    case '<>': return r !== 0;
    case '<': return r < 0;
    case '<=': return r <= 0;
    case '>': return r > 0;
    case '>=': return r >= 0;
  }
}

function makeStringTest(pred: StoragePredicate, ci: boolean): ValueTest {
  const key = ci ? (s: Value) => generalCiWeight(String(s)) : (s: Value) => String(s);
  switch (pred.op) {
    case 'in': {
      const set = new Set(pred.values.filter((c) => c !== null).map(key));
      return (v) => set.has(key(v));
    }
    case 'between': {
      if (pred.low === null || pred.high === null) return () => false;
      const lo = key(pred.low);
      const hi = key(pred.high);
      return (v) => {
        const k = key(v);
        return k >= lo && k <= hi;
      };
    }
    case 'is_null':
    case 'is_not_null':
      return () => pred.op === 'is_not_null';
    default: {
      if (pred.value === null) return () => false;
      const c = key(pred.value);
      const op = pred.op;
      return (v) => opHolds(op, cmpPrim(key(v), c));
    }
  }
}

/** Whether one value (NULL included) passes `pred`. The reference semantics of every filter here. */
export function valuePasses(v: Value, pred: StoragePredicate, cls: ColumnClass): boolean {
  if (pred.op === 'is_null') return v === null;
  if (pred.op === 'is_not_null') return v !== null;
  return v !== null && makeValueTest(pred, cls)(v);
}

/**
 * A predicate on the number domain of a typed vector: 'range' passes lo <(=) x <(=) hi, 'ne'
 * passes x ≠ c, 'set' passes members, 'all' every non-NULL row, 'none' no row.
 */
export type NumPred =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'range'; lo: number; loIncl: boolean; hi: number; hiIncl: boolean }
  | { kind: 'ne'; c: number }
  | { kind: 'set'; set: Set<number> };

/** A constant on the number domain: exact, or strictly between `fl` and the next value. */
interface DomainConst {
  v: number;
  exact: boolean;
}

function clampDomain(u: bigint, exact: boolean): DomainConst {
  if (u > BigInt(MAX_SAFE)) return { v: MAX_SAFE, exact: false };
  if (u < -BigInt(MAX_SAFE)) return { v: -Infinity, exact: false };
  return { v: Number(u), exact };
}

/** Maps a constant onto the domain of a 'int' / 'double' / 'decimal'(scale) vector. */
function toDomain(c: Value, cls: ColumnClass, scale: number): DomainConst | null {
  if (c === null || typeof c === 'string') return null;
  if (cls.kind === 'double') {
    if (c instanceof Decimal) return { v: c.toNumber(), exact: true };
    return { v: Number(c), exact: true };
  }
  if (cls.kind === 'int' && typeof c === 'number') {
    if (!Number.isFinite(c)) return c > 0 ? { v: MAX_SAFE, exact: false } : { v: -Infinity, exact: false };
    if (Math.abs(c) <= MAX_SAFE) return Number.isInteger(c) ? { v: c, exact: true } : { v: Math.floor(c), exact: false };
  }
  const d = cls.kind === 'int' ? (typeof c === 'number' ? Decimal.fromNumber(c) : toDecimal(c)) : toDecimal(c);
  if (d === null) {
    if (typeof c === 'number' && !Number.isFinite(c)) return c > 0 ? { v: MAX_SAFE, exact: false } : { v: -Infinity, exact: false };
    return null;
  }
  const s = cls.kind === 'int' ? 0 : scale;
  if (d.scale <= s) return clampDomain(d.unscaled * pow10(s - d.scale), true);
  const div = pow10(d.scale - s);
  let q = d.unscaled / div;
  const rem = d.unscaled % div;
  if (rem < 0n) q -= 1n; // floor toward −∞
  return clampDomain(q, rem === 0n);
}

function lower(c: DomainConst, incl: boolean): { lo: number; loIncl: boolean } {
  return c.exact ? { lo: c.v, loIncl: incl } : { lo: c.v, loIncl: false };
}

function upper(c: DomainConst, incl: boolean): { hi: number; hiIncl: boolean } {
  return c.exact ? { hi: c.v, hiIncl: incl } : { hi: c.v, hiIncl: true };
}

/** Rewrites `pred` (not IS [NOT] NULL) onto the number domain of a typed vector at `scale`. */
export function compileNumPred(pred: StoragePredicate, cls: ColumnClass, scale: number): NumPred {
  const NONE: NumPred = { kind: 'none' };
  switch (pred.op) {
    case 'is_null':
      return NONE;
    case 'is_not_null':
      return { kind: 'all' };
    case 'in': {
      const set = new Set<number>();
      for (const v of pred.values) {
        const c = toDomain(v, cls, scale);
        if (c && c.exact) set.add(c.v);
      }
      return set.size === 0 ? NONE : { kind: 'set', set };
    }
    case 'between': {
      const lo = toDomain(pred.low, cls, scale);
      const hi = toDomain(pred.high, cls, scale);
      if (!lo || !hi) return NONE;
      return { kind: 'range', ...lower(lo, true), ...upper(hi, true) };
    }
    default: {
      const c = toDomain(pred.value, cls, scale);
      if (!c) return NONE;
      switch (pred.op) {
        case '=':
          return c.exact ? { kind: 'range', lo: c.v, loIncl: true, hi: c.v, hiIncl: true } : NONE;
        case '<>':
          return c.exact ? { kind: 'ne', c: c.v } : { kind: 'all' };
        case '<':
        case '<=':
          return { kind: 'range', lo: -Infinity, loIncl: true, ...upper(c, pred.op === '<=') };
        case '>':
        case '>=':
          return { kind: 'range', ...lower(c, pred.op === '>='), hi: Infinity, hiIncl: true };
      }
    }
  }
}

/** Whether number `x` passes a compiled predicate (x is not NULL). */
export function numPasses(p: NumPred, x: number): boolean {
  switch (p.kind) {
    case 'none': return false;
    case 'all': return true;
    case 'ne': return x !== p.c;
    case 'set': return p.set.has(x === 0 ? 0 : x);
    case 'range': return (p.loIncl ? x >= p.lo : x > p.lo) && (p.hiIncl ? x <= p.hi : x < p.hi);
  }
}

/** sel[i] &= passes(values[i]) over rows [0, n) of a typed array, NULL rows cleared. */
export function filterNums(values: Float64Array, n: number, nulls: Uint8Array | null, p: NumPred, sel: Uint8Array): void {
  if (p.kind === 'range') {
    const { lo, hi, loIncl, hiIncl } = p;
    if (loIncl && hiIncl) for (let i = 0; i < n; i++) { const x = values[i]; if (!(x >= lo && x <= hi)) sel[i] = 0; }
    else if (loIncl) for (let i = 0; i < n; i++) { const x = values[i]; if (!(x >= lo && x < hi)) sel[i] = 0; }
    else if (hiIncl) for (let i = 0; i < n; i++) { const x = values[i]; if (!(x > lo && x <= hi)) sel[i] = 0; }
    else for (let i = 0; i < n; i++) { const x = values[i]; if (!(x > lo && x < hi)) sel[i] = 0; }
  } else if (p.kind === 'none') sel.fill(0, 0, n);
  else if (p.kind !== 'all') for (let i = 0; i < n; i++) if (!numPasses(p, values[i])) sel[i] = 0;
  if (nulls) for (let i = 0; i < n; i++) if (nulls[i]) sel[i] = 0;
}

/**
 * Clears `sel[i]` for every row of `v` that does not pass `pred` (`sel[i] &= passes(i)`).
 * `pred.column` is ignored. Typed vectors are filtered in tight loops, 'dict' vectors test each
 * dictionary entry once, 'values' vectors each row.
 */
export function filterVector(v: ColumnVector, pred: StoragePredicate, cls: ColumnClass, sel: Uint8Array): void {
  const n = v.length;
  const nulls = v.nulls;
  if (pred.op === 'is_null' || pred.op === 'is_not_null') {
    const want = pred.op === 'is_null' ? 1 : 0;
    if (!nulls) {
      if (want === 1) sel.fill(0, 0, n);
      return;
    }
    for (let i = 0; i < n; i++) if (nulls[i] !== want) sel[i] = 0;
    return;
  }
  const d = v.data;
  switch (d.kind) {
    case 'int':
    case 'double':
      return filterNums(d.values, n, nulls, compileNumPred(pred, cls, 0), sel);
    case 'decimal':
      return filterNums(d.unscaled, n, nulls, compileNumPred(pred, cls, d.scale), sel);
    case 'dict': {
      const pass = dictPasses(d.dict, pred, cls);
      const codes = d.codes;
      for (let i = 0; i < n; i++) if (!pass[codes[i]]) sel[i] = 0;
      if (nulls) for (let i = 0; i < n; i++) if (nulls[i]) sel[i] = 0;
      return;
    }
    case 'values': {
      const test = makeValueTest(pred, cls);
      const values = d.values;
      for (let i = 0; i < n; i++) {
        if (!sel[i]) continue;
        const x = values[i];
        if (x === null || (nulls !== null && nulls[i]) || !test(x)) sel[i] = 0;
      }
    }
  }
}

/** One byte per dictionary entry: 1 when the (non-NULL) entry passes `pred`. */
export function dictPasses(dict: readonly Value[], pred: StoragePredicate, cls: ColumnClass): Uint8Array {
  const test = makeValueTest(pred, cls);
  const pass = new Uint8Array(dict.length);
  for (let k = 0; k < dict.length; k++) {
    const x = dict[k];
    pass[k] = x !== null && test(x) ? 1 : 0;
  }
  return pass;
}
