/**
 * Implicit conversions between value representations (OceanBase's `ObObjCaster` in MySQL mode,
 * lenient "expression" flavour: bad input converts to 0 the way MySQL does with a warning; the
 * strict flavour used by INSERT/UPDATE lives in coerce.ts).
 *
 * Each converter takes a non-NULL value of a statically known source type and returns the target
 * representation: `number` (DOUBLE), `Decimal`, integer (`number`, or `bigint` beyond 2^53), or
 * `string`. Dates in numeric context become `YYYYMMDD[HHMMSS[.ffffff]]` numbers, as in MySQL.
 * Strings in numeric context use their longest numeric prefix: ' 12abc' → 12, 'abc' → 0.
 */
import { Decimal, pow10 } from '../../common/decimal';
import { assert } from '../../common/assert';
import { INT_RANGES, isIntegerType, isStringType, isTemporalType, normInt } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import { formatValue, plainText } from './format';

export type NonNull = Exclude<Value, null>;

const NUMERIC_PREFIX = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const INTEGER_PREFIX = /^\s*[+-]?\d+/;

/** The longest numeric prefix of `s` as text ('0' when there is none). */
export function numericPrefix(s: string): string {
  const m = NUMERIC_PREFIX.exec(s);
  return m ? m[0].trim() : '0';
}

/** True when the whole string (ignoring surrounding spaces) is a number. */
export function isNumericText(s: string): boolean {
  const m = NUMERIC_PREFIX.exec(s);
  return m !== null && s.slice(m[0].length).trim() === '';
}

/** MySQL string → DOUBLE: the numeric prefix, 0 when there is none. */
export function stringToDouble(s: string): number {
  const n = Number(numericPrefix(s));
  return Number.isFinite(n) ? n : n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

/** MySQL string → DECIMAL: the numeric prefix, 0 when there is none. */
export function stringToDecimal(s: string): Decimal {
  return Decimal.parse(numericPrefix(s)) ?? Decimal.ZERO;
}

/** The digits of a canonical temporal value as a number-like text: 20240105, 20240105103000.5. */
export function temporalDigits(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
    else if (c === 46) {
      const frac = s.slice(i + 1);
      return /[1-9]/.test(frac) ? `${out}.${frac}` : out;
    }
  }
  return out;
}

/** Converter to DOUBLE for values of type `t`. */
export function toDoubleFn(t: ColumnType): (v: NonNull) => number {
  if (isTemporalType(t)) return (v) => Number(temporalDigits(String(v)));
  return anyToDouble;
}

/** DOUBLE from any representation (strings by numeric prefix). */
export function anyToDouble(v: NonNull): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Decimal) return v.toNumber();
  return stringToDouble(v);
}

/** Converter to DECIMAL for values of type `t`. */
export function toDecimalFn(t: ColumnType): (v: NonNull) => Decimal {
  if (isTemporalType(t)) return (v) => Decimal.parse(temporalDigits(String(v))) ?? Decimal.ZERO;
  return anyToDecimal;
}

/** DECIMAL from any representation (doubles by their shortest text, as MySQL does). */
export function anyToDecimal(v: NonNull): Decimal {
  if (v instanceof Decimal) return v;
  if (typeof v === 'number') return Number.isInteger(v) ? Decimal.fromInt(v) : Decimal.fromNumber(v);
  if (typeof v === 'bigint') return Decimal.fromInt(v);
  return stringToDecimal(v);
}

const INT64_MIN = INT_RANGES.bigint.min;
const INT64_MAX = INT_RANGES.bigint.max;
const UINT64_MAX = INT_RANGES.bigint.umax;

/** Clamps to [INT64_MIN, UINT64_MAX] (MySQL saturates with a warning). */
function clampInt(v: bigint, unsigned: boolean): number | bigint {
  if (v < INT64_MIN) return normInt(unsigned ? 0n : INT64_MIN);
  if (v > (unsigned ? UINT64_MAX : INT64_MAX)) return normInt(unsigned ? UINT64_MAX : INT64_MAX);
  return normInt(v);
}

/** Rounds a double half away from zero to an integer, saturating at the int64 bounds. */
export function doubleToInt(d: number, unsigned = false): number | bigint {
  const r = d < 0 ? -Math.round(-d) : Math.round(d);
  if (Number.isSafeInteger(r)) return r;
  if (!Number.isFinite(r)) return normInt(r > 0 ? (unsigned ? UINT64_MAX : INT64_MAX) : unsigned ? 0n : INT64_MIN);
  return clampInt(BigInt(r), unsigned);
}

/** Rounds a DECIMAL half away from zero to an integer, saturating at the int64 bounds. */
export function decimalToInt(d: Decimal, unsigned = false): number | bigint {
  return clampInt(d.rescale(0).unscaled, unsigned);
}

/** MySQL string → integer: the integer prefix ('1.9' → 1, 'abc' → 0), saturating. */
export function stringToInt(s: string, unsigned = false): number | bigint {
  const m = INTEGER_PREFIX.exec(s);
  if (!m) return 0;
  return clampInt(BigInt(m[0].trim()), unsigned);
}

/**
 * Converter to an integer for values of type `t` (rounding decimals and doubles half away from
 * zero, strings by integer prefix, dates as YYYYMMDD…). Results are canonical (`normInt`).
 */
export function toIntFn(t: ColumnType, unsigned = false): (v: NonNull) => number | bigint {
  if (isTemporalType(t)) return (v) => decimalToInt(Decimal.parse(temporalDigits(String(v))) ?? Decimal.ZERO, unsigned);
  if (isIntegerType(t)) return (v) => (typeof v === 'number' || typeof v === 'bigint' ? v : anyToInt(v, unsigned));
  return (v) => anyToInt(v, unsigned);
}

/** Integer from any representation. */
export function anyToInt(v: NonNull, unsigned = false): number | bigint {
  if (typeof v === 'number') return Number.isInteger(v) ? v : doubleToInt(v, unsigned);
  if (typeof v === 'bigint') return normInt(v);
  if (v instanceof Decimal) return decimalToInt(v, unsigned);
  return stringToInt(v, unsigned);
}

/** Converter to text for values of type `t` (numbers printed as the protocol prints them). */
export function toTextFn(t: ColumnType): (v: NonNull) => string {
  if (isStringType(t)) return (v) => (typeof v === 'string' ? v : plainText(v));
  return (v) => formatValue(v, t) ?? '';
}

/** Truthiness of a non-NULL value in a boolean context (MySQL: non-zero number is true). */
export function isTruthy(v: NonNull): boolean {
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof Decimal) return !v.isZero();
  // Strings use their numeric prefix; a date string ('2024-01-05') is non-zero.
  return stringToDouble(v) !== 0;
}

/** Integer digits of a canonical integer value, for decimal precision inference. */
export function digitsOfInt(v: number | bigint): number {
  const s = String(v);
  return s.startsWith('-') ? s.length - 1 : s.length;
}

/** `Decimal` with exactly `scale` digits whose magnitude fits `precision` digits, else null. */
export function fitDecimal(d: Decimal, precision: number, scale: number): Decimal | null {
  assert(scale <= precision, 'decimal scale above precision');
  const r = d.rescale(scale);
  const abs = r.unscaled < 0n ? -r.unscaled : r.unscaled;
  return abs < pow10(precision) ? r : null;
}

/** The largest DECIMAL(p,s) magnitude with the sign of `sign` (MySQL saturates CASTs to it). */
export function decimalBound(precision: number, scale: number, sign: number): Decimal {
  const max = pow10(precision) - 1n;
  return new Decimal(sign < 0 ? -max : max, scale);
}
