/**
 * MySQL-mode type inference and comparison rules (OceanBase's `ObExprResType` deduction and
 * `ObRelationalExprOperator::get_cmp_type`).
 *
 * Arithmetic (`resultTypeOf`):
 *   int ⊕ int → BIGINT (exact 64-bit; UNSIGNED if either side is), any DECIMAL without a DOUBLE →
 *   DECIMAL (p,s per MySQL), a DOUBLE/FLOAT or a string operand → DOUBLE; `/` of exact operands →
 *   DECIMAL with scale s1 + div_precision_increment (4); `DIV` → BIGINT; `%` follows `+`'s class.
 *   DATE/DATETIME operands count as integers YYYYMMDD[HHMMSS] (DECIMAL with fsp > 0).
 * Comparison (`compareKindOf`): int vs int → 'int'; exact numbers with a DECIMAL → 'decimal';
 *   strings vs strings → 'string_ci' (utf8mb4_general_ci: case-insensitive, trailing spaces
 *   ignored), or 'bytes' when either is a binary string (VARBINARY/BLOB: byte order, the text
 *   side converted to its UTF-8 bytes); temporal vs temporal or string → 'binary' — meaning canonical temporal text, where a
 *   DATE equals the DATETIME at midnight (a missing time or fraction counts as zeros); everything
 *   else (number vs string, DOUBLE involved, temporal vs number) → 'double'.
 * `compareValues` / `hashKey` agree: `compareValues(a, b, k) === 0` ⇔ `hashKey(a, k) === hashKey(b, k)`.
 */
import { Decimal } from '../../common/decimal';
import { DECIMAL_PRECISION_MAX, DECIMAL_SCALE_MAX } from '../../common/limits';
import { generalCiWeight } from '../../common/rowkey';
import { isIntegerType, isStringType, isTemporalType } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import type { CompareKind } from './bound';
import { anyToDecimal, anyToDouble, type NonNull } from './convert';

export type NumClass = 'int' | 'decimal' | 'double';

export const BIGINT: ColumnType = { kind: 'bigint' };
export const DOUBLE: ColumnType = { kind: 'double' };
export const NULL_TYPE: ColumnType = { kind: 'null' };
export const VARCHAR = (chars = 65535): ColumnType => ({ kind: 'varchar', precision: chars });

const INT_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, mediumint: 8, int: 10, bigint: 19 };

/** The arithmetic class of an operand type. */
export function numClassOf(t: ColumnType): NumClass {
  if (isIntegerType(t) || t.kind === 'null') return 'int';
  if (t.kind === 'decimal') return 'decimal';
  if (isTemporalType(t)) return t.kind !== 'date' && (t.precision ?? 0) > 0 ? 'decimal' : 'int';
  return 'double';
}

/** DECIMAL precision and scale an exact operand carries into arithmetic. */
export function decimalShape(t: ColumnType): { precision: number; scale: number } {
  if (t.kind === 'decimal') return { precision: t.precision ?? 10, scale: t.scale ?? 0 };
  if (isIntegerType(t)) return { precision: INT_DIGITS[t.kind] + (t.unsigned && t.kind === 'bigint' ? 1 : 0), scale: 0 };
  if (t.kind === 'date') return { precision: 8, scale: 0 };
  if (isTemporalType(t)) return { precision: 14 + (t.precision ?? 0), scale: t.precision ?? 0 };
  return { precision: 1, scale: 0 };
}

function decimalType(precision: number, scale: number): ColumnType {
  const s = Math.min(scale, DECIMAL_SCALE_MAX);
  return { kind: 'decimal', precision: Math.max(Math.min(precision, DECIMAL_PRECISION_MAX), s, 1), scale: s };
}

/** The common arithmetic class of two operand types. */
export function arithClassOf(a: ColumnType, b: ColumnType): NumClass {
  const ca = numClassOf(a);
  const cb = numClassOf(b);
  if (ca === 'double' || cb === 'double') return 'double';
  if (ca === 'decimal' || cb === 'decimal') return 'decimal';
  return 'int';
}

/**
 * Result type of an arithmetic operator (`+ - * / div %`, aliases `mod`) over `argTypes`
 * (MySQL rules, see the module comment). Unary minus is `neg`.
 */
export function resultTypeOf(fn: string, argTypes: readonly ColumnType[]): ColumnType {
  const [a, b] = argTypes;
  if (fn === 'neg') {
    const c = numClassOf(a);
    if (c === 'int') return BIGINT;
    if (c === 'double') return DOUBLE;
    const s = decimalShape(a);
    return decimalType(s.precision, s.scale);
  }
  const cls = arithClassOf(a, b);
  const unsigned = !!(a.unsigned || b.unsigned);
  if (fn === 'div') return unsigned ? { kind: 'bigint', unsigned: true } : BIGINT;
  if (cls === 'double') return DOUBLE;
  const sa = decimalShape(a);
  const sb = decimalShape(b);
  if (fn === '/') {
    const scale = sa.scale + 4;
    return decimalType(sa.precision - sa.scale + sb.scale + scale, scale);
  }
  if (cls === 'int') return unsigned && fn !== '%' && fn !== 'mod' ? { kind: 'bigint', unsigned: true } : BIGINT;
  switch (fn) {
    case '*':
      return decimalType(sa.precision + sb.precision, sa.scale + sb.scale);
    case '%':
    case 'mod': {
      const scale = Math.max(sa.scale, sb.scale);
      return decimalType(Math.max(sa.precision - sa.scale, sb.precision - sb.scale) + scale, scale);
    }
    default: {
      const scale = Math.max(sa.scale, sb.scale);
      return decimalType(Math.max(sa.precision - sa.scale, sb.precision - sb.scale) + scale + 1, scale);
    }
  }
}

/**
 * The type that holds every value of `types` (CASE/IF/COALESCE/GREATEST branches, UNION columns):
 * same kind → that kind (widest length/precision); integers → the widest integer (BIGINT when
 * kinds differ); exact numbers with a DECIMAL → DECIMAL; a DOUBLE → DOUBLE; DATE with DATETIME →
 * DATETIME; anything mixed with a string or numbers mixed with dates → VARCHAR. NULLs are ignored.
 */
export function unionType(types: readonly ColumnType[]): ColumnType {
  const ts = types.filter((t) => t.kind !== 'null');
  if (ts.length === 0) return NULL_TYPE;
  const first = ts[0];
  if (ts.every((t) => t.kind === first.kind && !!t.unsigned === !!first.unsigned)) {
    if (first.kind === 'decimal') return unionDecimal(ts);
    if (isStringType(first) || isTemporalType(first)) {
      const precision = Math.max(...ts.map((t) => t.precision ?? 0));
      const out: ColumnType = precision > 0 || first.precision !== undefined ? { kind: first.kind, precision } : { kind: first.kind };
      // Binary strings stay binary when every branch is (issue #5).
      if (ts.every((t) => t.binary)) out.binary = true;
      return out;
    }
    return { ...first };
  }
  if (ts.every((t) => isIntegerType(t))) return BIGINT;
  if (ts.every((t) => isIntegerType(t) || t.kind === 'decimal')) return unionDecimal(ts);
  if (ts.every((t) => isIntegerType(t) || t.kind === 'decimal' || t.kind === 'double' || t.kind === 'float')) return DOUBLE;
  if (ts.every((t) => isTemporalType(t))) {
    return { kind: 'datetime', precision: Math.max(...ts.map((t) => (t.kind === 'date' ? 0 : t.precision ?? 0))) };
  }
  const chars = Math.max(...ts.map((t) => (isStringType(t) ? t.precision ?? 65535 : 30)));
  return ts.some((t) => t.kind === 'text') ? { kind: 'text' } : VARCHAR(chars);
}

function unionDecimal(ts: readonly ColumnType[]): ColumnType {
  const shapes = ts.map(decimalShape);
  const scale = Math.max(...shapes.map((s) => s.scale));
  const intDigits = Math.max(...shapes.map((s) => s.precision - s.scale));
  return decimalType(intDigits + scale, scale);
}

/** How `a` and `b` compare (see the module comment). */
export function compareKindOf(a: ColumnType, b: ColumnType): CompareKind {
  if (a.kind === 'null') return b.kind === 'null' ? 'int' : compareKindOf(b, b);
  if (b.kind === 'null') return compareKindOf(a, a);
  const ta = isTemporalType(a);
  const tb = isTemporalType(b);
  if ((ta && (tb || isStringType(b))) || (tb && isStringType(a))) return 'binary';
  if (isStringType(a) && isStringType(b)) return a.binary || b.binary ? 'bytes' : 'string_ci';
  if (ta || tb) return 'double';
  const ca = numClassOf(a);
  const cb = numClassOf(b);
  if (isStringType(a) || isStringType(b) || ca === 'double' || cb === 'double') return 'double';
  if (ca === 'decimal' || cb === 'decimal') return 'decimal';
  return 'int';
}

/**
 * utf8mb4_general_ci order: compares upper-cased characters, trailing spaces ignored (PAD SPACE);
 * the same order as `generalCiWeight` (common/rowkey.ts), without allocating for ASCII text.
 */
export function compareGeneralCi(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca === cb) continue;
    if (ca >= 128 || cb >= 128) return compareWeights(a, b);
    if (ca >= 97 && ca <= 122) ca -= 32;
    if (cb >= 97 && cb <= 122) cb -= 32;
    if (ca !== cb) {
      // A difference among trailing spaces only is no difference.
      if (ca === 32 && isSpaceTail(a, i)) return -1;
      if (cb === 32 && isSpaceTail(b, i)) return 1;
      return ca < cb ? -1 : 1;
    }
  }
  if (a.length === b.length) return 0;
  const longer = a.length > b.length ? a : b;
  for (let i = n; i < longer.length; i++) if (longer.charCodeAt(i) >= 128) return compareWeights(a, b);
  if (isSpaceTail(longer, n)) return 0;
  return a.length > b.length ? 1 : -1;
}

function isSpaceTail(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) if (s.charCodeAt(i) !== 32) return false;
  return true;
}

function compareWeights(a: string, b: string): number {
  const wa = generalCiWeight(a);
  const wb = generalCiWeight(b);
  return wa < wb ? -1 : wa > wb ? 1 : 0;
}

/** True when every character of `s` from `from` is a zero of a time/fraction (' ', '0', ':', '.'). */
function isZeroTimeTail(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 48 && c !== 58 && c !== 46) return false;
  }
  return true;
}

/** Canonical temporal text order; a DATE equals the DATETIME at midnight, a fraction of zeros is none. */
export function compareTemporalText(a: string, b: string): number {
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return ca < cb ? -1 : 1;
  }
  if (a.length > n) return isZeroTimeTail(a, n) ? 0 : 1;
  return isZeroTimeTail(b, n) ? 0 : -1;
}

function cmpNum(a: number | bigint, b: number | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders two non-NULL values under `kind`: -1, 0 or 1. Values should already be in the kind's
 * representation (compile.ts converts typed operands); as a safety net, 'decimal' and 'double'
 * convert mixed representations (an integer number against a Decimal, a string against a number).
 */
export function compareValues(a: Value, b: Value, kind: CompareKind): number {
  switch (kind) {
    case 'int':
      if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return cmpNum(a, b);
      return compareValues(a, b, 'decimal');
    case 'decimal':
      if (a instanceof Decimal && b instanceof Decimal) return a.compare(b);
      if (typeof a === 'number' && typeof b === 'number') return cmpNum(a, b);
      if (typeof a === 'number' && !Number.isInteger(a)) return compareValues(a, b, 'double');
      if (typeof b === 'number' && !Number.isInteger(b)) return compareValues(a, b, 'double');
      return anyToDecimal(a as NonNull).compare(anyToDecimal(b as NonNull));
    case 'double': {
      const x = typeof a === 'number' ? a : anyToDouble(a as NonNull);
      const y = typeof b === 'number' ? b : anyToDouble(b as NonNull);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'string_ci':
      return compareGeneralCi(typeof a === 'string' ? a : String(a), typeof b === 'string' ? b : String(b));
    case 'bytes': {
      const x = typeof a === 'string' ? a : String(a);
      const y = typeof b === 'string' ? b : String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'binary':
      if (typeof a === 'string' && typeof b === 'string') return compareTemporalText(a, b);
      if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) return cmpNum(a, b);
      return compareTemporalText(String(a), String(b));
  }
}

/** Strips a zero fraction tail and a midnight time so DATE '2024-01-05' and DATETIME midnight hash alike. */
function temporalKey(s: string): string {
  if (s.length <= 10) return s;
  let end = s.length;
  const dot = s.indexOf('.', 10);
  if (dot >= 0) {
    while (end > dot + 1 && s.charCodeAt(end - 1) === 48) end--;
    if (end === dot + 1) end = dot;
  }
  const t = end === s.length ? s : s.slice(0, end);
  return t.length === 19 && t.endsWith(' 00:00:00') ? t.slice(0, 10) : t;
}

const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** Integer key: a number when safe (so 1n and 1 agree), else its decimal text. */
function intKey(v: bigint): number | string {
  return v >= -SAFE_MAX && v <= SAFE_MAX ? Number(v) : String(v);
}

/** Decimal key: trailing fractional zeros dropped; integral values keyed like integers. */
function decimalKey(d: Decimal): number | string {
  let u = d.unscaled;
  let s = d.scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s--;
  }
  return s === 0 ? intKey(u) : new Decimal(u, s).toString();
}

/**
 * A Map key for `value` under `kind`: equal keys ⇔ `compareValues(...) === 0` (1 and 1.0 under
 * 'decimal'; 'abc' and 'ABC ' under 'string_ci'; DATE and midnight DATETIME under 'binary').
 * Used by HASH GROUP BY, HASH JOIN, HASH DISTINCT and IN sets. NULL gets the reserved key
 * '\u0000NULL' (so GROUP BY groups NULLs together); joins must skip NULL keys themselves.
 */
export function hashKey(value: Value, kind: CompareKind): string | number {
  if (value === null) return '\u0000NULL';
  switch (kind) {
    case 'int':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'bigint') return intKey(value);
      return hashKey(value, 'decimal');
    case 'decimal':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'bigint') return intKey(value);
      if (value instanceof Decimal) return decimalKey(value);
      return decimalKey(anyToDecimal(value));
    case 'double': {
      const d = typeof value === 'number' ? value : anyToDouble(value);
      return d === 0 ? 0 : d;
    }
    case 'string_ci':
      return ciWeight(typeof value === 'string' ? value : String(value));
    case 'binary':
      return typeof value === 'string' ? temporalKey(value) : typeof value === 'number' ? value : String(value);
    case 'bytes':
      return typeof value === 'string' ? value : String(value);
  }
}

/**
 * `generalCiWeight(s)` without allocating in the common case: short ASCII text with no lower-case
 * letter and no trailing space is its own weight (group keys like 'A', 'N', 'R' hash for free).
 */
function ciWeight(s: string): string {
  const n = s.length;
  if (n <= 64 && (n === 0 || s.charCodeAt(n - 1) !== 32)) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || c >= 0x80) break;
    }
    if (i === n) return s;
  }
  return generalCiWeight(s);
}

/** One key for several values (GROUP BY a, b; composite join keys): parts are type-tagged. */
export function compositeHashKey(values: readonly Value[], kinds: readonly CompareKind[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    const k = hashKey(values[i], kinds[i]);
    out += (typeof k === 'number' ? 'n' : 's') + String(k) + '\u0001';
  }
  return out;
}
