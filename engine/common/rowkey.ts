/**
 * Rowkeys in memcomparable form (OceanBase's `ObRowkey`, ordered by the column collation).
 *
 * A rowkey is encoded into a JavaScript string whose code-unit order (`<`) is the SQL order of
 * the key columns, so memtables, SSTable indexes and range bounds compare keys with one string
 * comparison and can use them as Map keys. Per column:
 * - NULL → `\u0000` (NULL sorts first, as in MySQL);
 * - otherwise `\u0001` followed by:
 *   - integers: int64 + 2^63 as four 16-bit units, big-endian;
 *   - DOUBLE/FLOAT: IEEE-754 bits with the usual sign flip, four 16-bit units;
 *   - DECIMAL: the unscaled value at the column's scale, + 2^220, as fourteen 16-bit units;
 *   - CHAR/VARCHAR/TEXT in `utf8mb4_general_ci`: the weight string (each character upper-cased,
 *     trailing spaces dropped: PAD SPACE), with `\u0000` escaped as `\u0000\u0001`, then the
 *     terminator `\u0000\u0000`; so 'abc' and 'ABC ' are the same key, as in MySQL;
 *   - VARBINARY/BINARY/BLOB (binary collation, issue #5): the byte string itself (one char per
 *     byte, so code-unit order is byte order), escaped and terminated likewise; 'a' ≠ 'A', 'a' ≠ 'a '.
 *   - DATE/DATETIME/TIMESTAMP (canonical text): the text itself, escaped and terminated likewise.
 * `KEY_MAX_SUFFIX` appended to an encoded prefix sorts after every key with that prefix.
 */
import { assert } from './assert';
import { Decimal, pow10 } from './decimal';
import type { ColumnType, Value } from './value';

export type EncodedRowkey = string;

export const KEY_MAX_SUFFIX = '\uffff';
const TWO_63 = 1n << 63n;
const TWO_220 = 1n << 220n;
const f64 = new Float64Array(1);
const u16 = new Uint16Array(f64.buffer);

function pushU64(out: string[], v: bigint): void {
  out.push(
    String.fromCharCode(Number((v >> 48n) & 0xffffn), Number((v >> 32n) & 0xffffn), Number((v >> 16n) & 0xffffn), Number(v & 0xffffn)),
  );
}

function pushInt(out: string[], v: number | bigint): void {
  if (typeof v === 'number' && v >= -2147483648 && v <= 2147483647) {
    // Fast path: high 32 bits are the sign extension, offset by 2^63.
    const hi = v < 0 ? 0x7fff : 0x8000;
    const hi2 = v < 0 ? 0xffff : 0x0000;
    const lo = v >>> 0;
    out.push(String.fromCharCode(hi, hi2, lo >>> 16, lo & 0xffff));
    return;
  }
  pushU64(out, BigInt(v) + TWO_63);
}

function pushDouble(out: string[], v: number): void {
  f64[0] = v === 0 ? 0 : v; // -0 sorts with +0
  // Little-endian machine: u16[3] is the most significant unit.
  let a = u16[3], b = u16[2], c = u16[1], d = u16[0];
  if (a & 0x8000) {
    a = ~a & 0xffff; b = ~b & 0xffff; c = ~c & 0xffff; d = ~d & 0xffff;
  } else {
    a |= 0x8000;
  }
  out.push(String.fromCharCode(a, b, c, d));
}

function pushDecimal(out: string[], v: Decimal, scale: number): void {
  let u = v.scale === scale ? v.unscaled : v.rescale(scale).unscaled;
  assert(u < TWO_220 && -u < TWO_220, 'decimal too wide for a rowkey');
  u += TWO_220;
  const units: number[] = new Array(14);
  for (let i = 13; i >= 0; i--) {
    units[i] = Number(u & 0xffffn);
    u >>= 16n;
  }
  out.push(String.fromCharCode(...units));
}

function escapeText(s: string): string {
  return s.includes('\u0000') ? s.replace(/\u0000/g, '\u0000\u0001') : s;
}

/** The utf8mb4_general_ci weight string: upper-cased per character, trailing spaces removed. */
export function generalCiWeight(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 32) end--;
  const t = end === s.length ? s : s.slice(0, end);
  const up = t.toUpperCase();
  if (up.length === t.length) return up;
  // A character whose upper case is longer (ß → SS): keep it as is, like general_ci's 1:1 map.
  let out = '';
  for (const ch of t) {
    const u = ch.toUpperCase();
    out += u.length === ch.length ? u : ch;
  }
  return out;
}

/** Appends one column value to `out` (see the module comment for the format). */
export function pushKeyPart(out: string[], v: Value, type: ColumnType): void {
  if (v === null) {
    out.push('\u0000');
    return;
  }
  out.push('\u0001');
  switch (type.kind) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      if (typeof v === 'number' || typeof v === 'bigint') return pushInt(out, v);
      if (v instanceof Decimal) return pushInt(out, v.toBigInt());
      return pushInt(out, BigInt(String(v)));
    case 'float':
    case 'double':
      return pushDouble(out, typeof v === 'number' ? v : Number(String(v)));
    case 'decimal':
      return pushDecimal(out, v instanceof Decimal ? v : Decimal.parse(String(v))!, type.scale ?? 0);
    case 'char':
    case 'varchar':
    case 'text':
      // Binary collation: the bytes themselves (byte order, no case folding, no PAD SPACE).
      out.push(escapeText(type.binary ? String(v) : generalCiWeight(String(v))), '\u0000\u0000');
      return;
    case 'date':
    case 'datetime':
    case 'timestamp':
      out.push(escapeText(String(v)), '\u0000\u0000');
      return;
    case 'null':
      assert(false, 'null-typed key column');
  }
}

/** Encodes `values` (one per key column, in key order) into a memcomparable rowkey. */
export function encodeRowkey(values: readonly Value[], types: readonly ColumnType[]): EncodedRowkey {
  assert(values.length <= types.length, 'more key values than key columns');
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) pushKeyPart(out, values[i], types[i]);
  return out.join('');
}

/** Hidden `__pk_increment` rowkey of a heap table (reference §4.1). */
export function encodePkIncrement(n: number): EncodedRowkey {
  const out: string[] = ['\u0001'];
  pushInt(out, n);
  return out.join('');
}

export function compareKeys(a: EncodedRowkey, b: EncodedRowkey): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Exported for tests of the decimal width bound. */
export const ROWKEY_DECIMAL_LIMIT = pow10(65);
