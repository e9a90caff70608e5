/**
 * Value conversion into a target type, in two flavours (OceanBase's `ObObjCaster` with cast
 * modes):
 * - `castConverter` / `castValue`: CAST/CONVERT and implicit expression conversions — lenient:
 *   bad input becomes 0 / NULL / a saturated bound, as MySQL does with a warning.
 * - `coerceToColumn`: storing into a column under the tenant's sql_mode STRICT_ALL_TABLES
 *   (reference §8.1) — every lossy or impossible conversion is an error with MySQL's text:
 *   `Errors.outOfRange` ("Out of range value for column 'c' at row 1"),
 *   `Errors.truncatedWrongValue` ("Incorrect integer value: 'abc' for column 'c' at row 1"),
 *   `Errors.dataTooLong`, `Errors.badNull`. Fractional digits beyond a DECIMAL column's scale are
 *   rounded (half away from zero) without error, as MySQL does (a note, not a warning).
 * Binary string columns (VARBINARY/BINARY/BLOB, issue #5) hold byte strings: text stored into them
 * becomes its UTF-8 bytes, lengths count bytes, BINARY(n) pads with 0x00.
 * Results are in the canonical representation of the target type (see common/value.ts).
 */
import { Decimal } from '../../common/decimal';
import { Errors } from '../../common/ob_error';
import { CHAR_LENGTH_MAX, TEXT_BYTES_MAX } from '../../common/limits';
import { bytesToUtf8, isByteString, utf8ToBytes } from '../../common/binary';
import { INT_RANGES, isBinaryType, isIntegerType, isStringType, isTemporalType, normInt } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnSchema } from '../../schema/schema';
import {
  anyToDecimal, decimalBound, fitDecimal, isNumericText, toDecimalFn, toDoubleFn, toIntFn, toTextFn, type NonNull,
} from './convert';
import { plainText } from './format';
import { charLength, utf8Length } from './strings';
import {
  formatDateParts, formatDatetimeParts, parseTemporalNumber, parseTemporalText, roundToFsp, type DateTimeParts,
} from './temporal';

/** The static type of a value whose type is unknown (castValue without `from`). */
export function typeOfValue(v: Value): ColumnType {
  if (v === null) return { kind: 'null' };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'bigint' } : { kind: 'double' };
  if (typeof v === 'bigint') return { kind: 'bigint', unsigned: v > INT_RANGES.bigint.max };
  if (v instanceof Decimal) return { kind: 'decimal', precision: Math.max(v.integerDigits() + v.scale, 1), scale: v.scale };
  return { kind: 'varchar' };
}

/** Integer CAST: wraps two's complement like MySQL (CAST(-1 AS UNSIGNED) = 18446744073709551615). */
function castToInt(from: ColumnType, unsigned: boolean): (v: NonNull) => Value {
  const toInt = toIntFn(from, false);
  if (isStringType(from)) {
    // Strings: a leading '-' with UNSIGNED wraps, as MySQL does.
    return (v) => {
      const i = toInt(v);
      return unsigned ? normInt(BigInt.asUintN(64, BigInt(i))) : i;
    };
  }
  if (unsigned) return (v) => {
    const i = toInt(v);
    return typeof i === 'number' && i >= 0 ? i : normInt(BigInt.asUintN(64, BigInt(i)));
  };
  if (from.unsigned) return (v) => {
    const i = toInt(v);
    return typeof i === 'number' ? i : normInt(BigInt.asIntN(64, i));
  };
  return toInt;
}

function castToDecimal(from: ColumnType, to: ColumnType): (v: NonNull) => Value {
  const precision = to.precision ?? 10;
  const scale = to.scale ?? 0;
  const toDec = toDecimalFn(from);
  return (v) => {
    const d = toDec(v);
    return fitDecimal(d, precision, scale) ?? decimalBound(precision, scale, d.sign());
  };
}

function castToText(from: ColumnType, to: ColumnType): (v: NonNull) => Value {
  const toText = toTextFn(from);
  const chars = to.precision;
  if (chars === undefined || to.kind === 'text') return toText;
  return (v) => {
    const s = toText(v);
    return s.length <= chars ? s : truncateChars(s, chars);
  };
}

/** First `chars` code points of `s`. */
export function truncateChars(s: string, chars: number): string {
  if (s.length <= chars) return s;
  let i = 0;
  let n = 0;
  while (i < s.length && n < chars) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length ? 2 : 1;
    n++;
  }
  return s.slice(0, i);
}

/** Temporal parts of a value of type `from`, or null when it is not a date. */
export function temporalPartsOf(v: NonNull, from: ColumnType): { parts: DateTimeParts; hasTime: boolean } | null {
  if (typeof v === 'string') return parseTemporalText(v);
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return parseTemporalNumber(v);
    const [i, f] = String(v).split('.');
    return v < 0 ? null : parseTemporalNumber(BigInt(i), f ?? '');
  }
  if (typeof v === 'bigint') return parseTemporalNumber(v);
  if (v instanceof Decimal) {
    const [i, f] = v.abs().toString().split('.');
    return v.sign() < 0 ? null : parseTemporalNumber(BigInt(i), f ?? '');
  }
  void from;
  return null;
}

function castToDate(from: ColumnType): (v: NonNull) => Value {
  if (isTemporalType(from)) return (v) => (typeof v === 'string' && v.length > 10 ? v.slice(0, 10) : v);
  return (v) => {
    const r = temporalPartsOf(v, from);
    return r ? formatDateParts(r.parts) : null;
  };
}

function castToDatetime(from: ColumnType, to: ColumnType): (v: NonNull) => Value {
  const fsp = to.precision ?? 0;
  return (v) => {
    const r = temporalPartsOf(v, from);
    if (!r) return null;
    const p = roundToFsp(r.parts, fsp);
    return p ? formatDatetimeParts(p, fsp) : null;
  };
}

/**
 * Text ↔ binary string (issue #5): text becomes its UTF-8 bytes (cut to the target's length in
 * bytes); bytes become the text they encode in UTF-8 (kept as they are when not valid UTF-8).
 */
function castAcrossCollations(from: ColumnType, to: ColumnType): (v: NonNull) => Value {
  if (to.binary) {
    const toText = isStringType(from) ? (v: NonNull) => String(v) : toTextFn(from);
    const max = to.kind === 'text' ? undefined : to.precision;
    return (v) => {
      const bytes = utf8ToBytes(toText(v) as string);
      return max !== undefined && bytes.length > max ? bytes.slice(0, max) : bytes;
    };
  }
  const text = castToText({ kind: 'varchar' }, to);
  return (v) => {
    const s = typeof v === 'string' ? bytesToUtf8(v) ?? v : v;
    return text ? text(s) : s;
  };
}

/**
 * The lenient conversion from `from` to `to` (CAST semantics), or null when values of `from` are
 * already values of `to`. Integers saturate, strings use their numeric prefix, bad dates → NULL.
 */
export function castConverter(from: ColumnType, to: ColumnType): ((v: NonNull) => Value) | null {
  if (from.kind === 'null' || to.kind === 'null') return null;
  if (isIntegerType(to)) {
    if (isIntegerType(from) && !!from.unsigned === !!to.unsigned) return null;
    return castToInt(from, !!to.unsigned);
  }
  switch (to.kind) {
    case 'decimal':
      if (from.kind === 'decimal' && from.scale === to.scale && (from.precision ?? 10) <= (to.precision ?? 10)) return null;
      return castToDecimal(from, to);
    case 'double':
      return from.kind === 'double' || from.kind === 'float' ? null : toDoubleFn(from);
    case 'float': {
      const toD = toDoubleFn(from);
      return (v) => Math.fround(toD(v));
    }
    case 'char':
    case 'varchar':
    case 'text':
      if (!!to.binary !== isBinaryType(from)) return castAcrossCollations(from, to);
      if (isStringType(from) && (to.precision === undefined || to.kind === 'text' || (from.precision ?? Infinity) <= to.precision)) return null;
      return castToText(from, to);
    case 'date':
      return from.kind === 'date' ? null : castToDate(from);
    case 'datetime':
    case 'timestamp':
      if ((from.kind === 'datetime' || from.kind === 'timestamp') && (from.precision ?? 0) === (to.precision ?? 0)) return null;
      return castToDatetime(from, to);
  }
  return null;
}

/**
 * CAST(value AS target) (lenient). `from` is the value's static type; when omitted it is inferred
 * from the representation (a string counts as VARCHAR). NULL stays NULL.
 */
export function castValue(value: Value, target: ColumnType, from?: ColumnType): Value {
  if (value === null) return null;
  const conv = castConverter(from ?? typeOfValue(value), target);
  return conv ? conv(value) : value;
}

// ---------------------------------------------------------------- strict column coercion

function strictInteger(v: NonNull, type: ColumnType, col: string, row: number): number | bigint {
  let i: bigint;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw Errors.outOfRange(col, row);
    i = BigInt(Number.isInteger(v) ? v : v < 0 ? -Math.round(-v) : Math.round(v));
  } else if (typeof v === 'bigint') i = v;
  else if (v instanceof Decimal) i = v.rescale(0).unscaled;
  else {
    if (!isNumericText(v)) throw Errors.truncatedWrongValue('integer', v, col, row);
    i = anyToDecimal(v).rescale(0).unscaled;
  }
  const range = INT_RANGES[type.kind];
  const min = type.unsigned ? 0n : range.min;
  const max = type.unsigned ? range.umax : range.max;
  if (i < min || i > max) throw Errors.outOfRange(col, row);
  return normInt(i);
}

function strictDecimal(v: NonNull, type: ColumnType, col: string, row: number): Decimal {
  if (typeof v === 'string' && !isNumericText(v)) throw Errors.truncatedWrongValue('decimal', v, col, row);
  if (typeof v === 'number' && !Number.isFinite(v)) throw Errors.outOfRange(col, row);
  const fitted = fitDecimal(anyToDecimal(v), type.precision ?? 10, type.scale ?? 0);
  if (!fitted) throw Errors.outOfRange(col, row);
  if (type.unsigned && fitted.sign() < 0) throw Errors.outOfRange(col, row);
  return fitted;
}

const FLOAT_MAX = 3.4028234663852886e38;

function strictDouble(v: NonNull, type: ColumnType, col: string, row: number): number {
  if (typeof v === 'string' && !isNumericText(v)) throw Errors.truncatedWrongValue(type.kind, v, col, row);
  const d = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : Number(v.toString());
  if (!Number.isFinite(d)) throw Errors.outOfRange(col, row);
  if (type.kind === 'float') {
    if (Math.abs(d) > FLOAT_MAX) throw Errors.outOfRange(col, row);
    return Math.fround(d);
  }
  return d;
}

/**
 * A value for a binary column (issue #5): text becomes its UTF-8 bytes; the length limit counts
 * bytes (ERROR 1406 beyond it); BINARY(n) is right-padded with 0x00 to n bytes, as in MySQL.
 * A string already made of bytes only (e.g. read from another binary column) is taken as is
 * when `alreadyBytes`.
 */
function strictBinary(v: NonNull, type: ColumnType, col: string, row: number, alreadyBytes = false): string {
  const text = typeof v === 'string' ? v : plainText(v);
  const s = alreadyBytes && isByteString(text) ? text : utf8ToBytes(text);
  const max = type.kind === 'text' ? BLOB_BYTES_MAX[type.blobKind ?? 'blob'] : type.precision ?? 1;
  if (s.length > max) throw Errors.dataTooLong(col, row);
  return type.kind === 'char' && s.length < max ? s + '\u0000'.repeat(max - s.length) : s;
}

/** Byte limits of the BLOB family (MySQL's L < 2^8, 2^16, 2^24; LONGBLOB capped at OceanBase's 512 MB). */
const BLOB_BYTES_MAX: Record<NonNullable<ColumnType['blobKind']>, number> = {
  tinyblob: 255, blob: 65_535, mediumblob: 16_777_215, longblob: 536_870_911,
};

function strictString(v: NonNull, type: ColumnType, col: string, row: number): string {
  let s = typeof v === 'string' ? v : plainText(v);
  if (type.kind === 'text') {
    if (utf8Length(s) > TEXT_BYTES_MAX) throw Errors.dataTooLong(col, row);
    return s;
  }
  const max = type.precision ?? (type.kind === 'char' ? 1 : CHAR_LENGTH_MAX);
  if (charLength(s) > max) {
    // Trailing spaces beyond the length are cut silently (MySQL: a note, not an error).
    const cut = truncateChars(s, max);
    if (/[^ ]/.test(s.slice(cut.length))) throw Errors.dataTooLong(col, row);
    s = cut;
  }
  // CHAR is PAD SPACE: trailing spaces are not kept.
  return type.kind === 'char' ? s.replace(/ +$/, '') : s;
}

function strictTemporal(v: NonNull, type: ColumnType, col: string, row: number): string {
  const label = type.kind === 'date' ? 'date' : 'datetime';
  const r = temporalPartsOf(v, typeOfValue(v));
  if (!r) throw Errors.truncatedWrongValue(label, typeof v === 'string' ? v : plainText(v), col, row);
  if (type.kind === 'date') return formatDateParts(r.parts);
  const fsp = type.precision ?? 0;
  const p = roundToFsp(r.parts, fsp);
  if (!p) throw Errors.truncatedWrongValue(label, typeof v === 'string' ? v : plainText(v), col, row);
  const text = formatDatetimeParts(p, fsp);
  if (type.kind === 'timestamp' && (text < '1970-01-01 00:00:01' || text > '2038-01-19 03:14:07.999999')) {
    throw Errors.truncatedWrongValue('datetime', typeof v === 'string' ? v : plainText(v), col, row);
  }
  return text;
}

/**
 * Converts `value` for storage in `column` under STRICT_ALL_TABLES (see the module comment).
 * `rowNumber` is 1-based within the statement, as MySQL counts rows in its messages.
 * Throws: Errors.badNull (NULL into NOT NULL), Errors.outOfRange, Errors.truncatedWrongValue,
 * Errors.dataTooLong.
 * `valueIsBytes` (issue #5): a string value for a binary column is already a byte string (from the
 * table/HBase APIs or another binary column) and is stored as is instead of UTF-8-encoded.
 */
export function coerceToColumn(value: Value, column: ColumnSchema, rowNumber: number, valueIsBytes = false): Value {
  const type = column.type;
  if (value === null) {
    if (!column.nullable) throw Errors.badNull(column.name);
    return null;
  }
  const col = column.name;
  if (isIntegerType(type)) return strictInteger(value, type, col, rowNumber);
  switch (type.kind) {
    case 'decimal':
      return strictDecimal(value, type, col, rowNumber);
    case 'float':
    case 'double':
      return strictDouble(value, type, col, rowNumber);
    case 'char':
    case 'varchar':
    case 'text':
      if (type.binary) return strictBinary(value, type, col, rowNumber, valueIsBytes);
      return strictString(value, type, col, rowNumber);
    case 'date':
    case 'datetime':
    case 'timestamp':
      return strictTemporal(value, type, col, rowNumber);
    default:
      return value;
  }
}
