/**
 * How the MySQL text protocol prints a value of a given type (what obclient shows in a result
 * grid). OceanBase's MySQL mode renders like MySQL:
 * - integers in decimal, exactly (`bigint` values beyond 2^53 too);
 * - DECIMAL(p,s) with exactly `s` fractional digits (`1.50`, `0.3333`);
 * - DOUBLE with the shortest digits that round-trip, in MySQL's `my_gcvt` layout: positional
 *   notation while the decimal point position `decpt` satisfies -14 ≤ decpt ≤ 15 (or the number
 *   has digits after the point), otherwise `1e20`, `1.5e-16` (no `+`, no leading zeros in the
 *   exponent); FLOAT with 6 significant digits (FLT_DIG);
 * - DATE as `YYYY-MM-DD`; DATETIME/TIMESTAMP as `YYYY-MM-DD HH:MM:SS`, with exactly `fsp`
 *   fractional digits when the type has fsp > 0;
 * - strings as they are; binary strings (VARBINARY/BLOB, issue #5) as their UTF-8 text when that
 *   is valid and printable, else with `\xNN` escapes (common/binary.ts `formatBytes`).
 *   NULL is `null` (the client prints `NULL`).
 * Invariant: `formatValue` never throws for a value of the stated type; for a value of another
 * representation (e.g. a number in a DECIMAL column) it converts as MySQL would print it.
 */
import { formatBytes } from '../../common/binary';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';

/** MAX_DECPT_FOR_F_FORMAT of MySQL's dtoa.cc (DBL_DIG). */
const MAX_DECPT_FOR_F_FORMAT = 15;

/**
 * Prints a DOUBLE as MySQL does: shortest round-trip digits, positional unless the exponent is
 * large (`1e15`, `1e20`, `1.2345e-15`). Non-finite values cannot occur in MySQL; they print as
 * JavaScript does (assertion-free so a bad value still shows up in a result grid).
 */
export function formatDoubleMysql(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const neg = v < 0;
  // Shortest round-trip digits and decimal exponent from the engine's own printer.
  const exp = Math.abs(v).toExponential(); // "d.ddde±x"
  const eAt = exp.indexOf('e');
  const digits = exp.slice(0, eAt).replace('.', '');
  const len = digits.length;
  const decpt = parseInt(exp.slice(eAt + 1), 10) + 1; // position of the point after `decpt` digits
  const sign = neg ? '-' : '';
  const positional = decpt >= -MAX_DECPT_FOR_F_FORMAT + 1 && (decpt <= MAX_DECPT_FOR_F_FORMAT || len > decpt);
  if (positional) {
    if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
    if (decpt >= len) return sign + digits + '0'.repeat(decpt - len);
    return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  const e = decpt - 1;
  const mantissa = len > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}e${e}`;
}

/** FLOAT: 6 significant digits (FLT_DIG), then the DOUBLE layout. */
export function formatFloatMysql(v: number): string {
  if (!Number.isFinite(v) || v === 0) return formatDoubleMysql(v);
  return formatDoubleMysql(Number(v.toPrecision(6)));
}

/** DECIMAL text with exactly `scale` digits (the value is rounded half away from zero if wider). */
export function formatDecimal(v: Value, scale: number | undefined): string {
  let d: Decimal;
  if (v instanceof Decimal) d = v;
  else if (typeof v === 'number') d = Number.isInteger(v) ? Decimal.fromInt(v) : Decimal.fromNumber(v);
  else if (typeof v === 'bigint') d = Decimal.fromInt(v);
  else d = Decimal.parse(String(v)) ?? Decimal.ZERO;
  return (scale === undefined ? d : d.rescale(scale)).toString();
}

/** DATETIME text with exactly `fsp` fractional digits (fraction truncated or zero-padded). */
export function formatDatetimeText(s: string, fsp: number): string {
  if (s.length === 10) s += ' 00:00:00';
  const dot = s.indexOf('.', 19);
  const base = dot < 0 ? s.slice(0, 19) : s.slice(0, dot);
  if (fsp <= 0) return base;
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  return `${base}.${frac.padEnd(fsp, '0').slice(0, fsp)}`;
}

function formatInteger(v: Value): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v));
  if (v instanceof Decimal) return v.rescale(0).toString();
  return String(v);
}

/**
 * The text the MySQL protocol sends for `value` of `type` (see the module comment).
 * Returns null for SQL NULL.
 */
export function formatValue(value: Value, type: ColumnType): string | null {
  if (value === null) return null;
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return formatInteger(value);
    case 'decimal':
      return formatDecimal(value, type.scale);
    case 'double':
      if (typeof value !== 'number') return plainText(value);
      // DOUBLE(M,D) and functions with fixed decimals (PI()) print exactly D digits.
      return type.scale !== undefined && Number.isFinite(value) ? value.toFixed(type.scale) : formatDoubleMysql(value);
    case 'float':
      return typeof value === 'number' ? formatFloatMysql(value) : plainText(value);
    case 'date':
      return typeof value === 'string' && value.length > 10 ? value.slice(0, 10) : plainText(value);
    case 'datetime':
    case 'timestamp':
      return typeof value === 'string' && value.length >= 10 ? formatDatetimeText(value, type.precision ?? 0) : plainText(value);
    case 'char':
    case 'varchar':
    case 'text':
      // Binary strings (issue #5): printable UTF-8 as text, other bytes as \xNN.
      if (type.binary && typeof value === 'string') return formatBytes(value);
      return plainText(value);
    case 'null':
      return plainText(value);
  }
}

/** Text of a value whose type is not known statically (the representation decides). */
export function plainText(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatDoubleMysql(value);
  return String(value);
}
