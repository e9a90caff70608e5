/**
 * The shapes an encoder works on and the byte-level helpers every encoding shares.
 *
 * `prepareColumn` looks at a column's values once and picks a representation:
 * - 'num': every non-NULL value is a plain number in the class's typed form — safe integers
 *   ('int'), any double ('double'), or DECIMAL unscaled at the class scale with |unscaled| < 2^53
 *   (a Decimal at another scale is rescaled when that is exact). Encodings then work on a
 *   Float64Array and decode back into typed arrays.
 * - 'str': every non-NULL value is a string.
 * - 'generic': anything else (bigints, huge or inexact DECIMALs, stray types): only RAW applies,
 *   with the row codec's tagged values, and decodes as `{kind:'values'}`.
 * Every encoded column starts with a flags byte (bit 0: a NULL bitmap follows; bit 1: generic RAW;
 * bit 2: CONST's constant is NULL),
 * then the bitmap when present, then the encoding's payload.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Decimal, pow10 } from '../../common/decimal';
import { Errors } from '../../common/ob_error';
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnVector } from './types';
import { packNullBitmap, readNullBitmap } from './bit_pack';

export const FLAG_NULLS = 1;
export const FLAG_GENERIC = 2;
/** CONST only: the constant is NULL. */
export const FLAG_CONST_NULL = 4;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export type PreparedColumn =
  | { mode: 'num'; n: number; nulls: Uint8Array | null; nullCount: number; nums: Float64Array }
  | { mode: 'str'; n: number; nulls: Uint8Array | null; nullCount: number; strs: readonly (string | null)[] }
  | { mode: 'generic'; n: number; nullCount: number; values: readonly Value[] };

/** Unscaled value of `d` at `scale` as a safe number, or null when not exact or too wide. */
export function decimalUnscaledAt(d: Decimal, scale: number): number | null {
  if (d.scale === scale) {
    const x = Number(d.unscaled); // exact when |unscaled| < 2^53, ≥ 2^53 in magnitude otherwise
    return x <= MAX_SAFE && x >= -MAX_SAFE ? x : null;
  }
  let u = d.unscaled;
  if (d.scale < scale) u *= pow10(scale - d.scale);
  else if (d.scale > scale) {
    const div = pow10(d.scale - scale);
    if (u % div !== 0n) return null;
    u /= div;
  }
  return u >= -9007199254740991n && u <= 9007199254740991n ? Number(u) : null;
}

/** Classifies a column's values (see the module comment). */
export function prepareColumn(values: readonly Value[], cls: ColumnClass): PreparedColumn {
  const n = values.length;
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (values[i] === null) nullCount++;
  const nulls = nullCount > 0 ? new Uint8Array(n) : null;
  if (nulls) for (let i = 0; i < n; i++) if (values[i] === null) nulls[i] = 1;
  const generic = { mode: 'generic' as const, n, nullCount, values };
  if (cls.kind === 'string') {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null && typeof v !== 'string') return generic;
    }
    return { mode: 'str', n, nulls, nullCount, strs: values as readonly (string | null)[] };
  }
  const nums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null) continue;
    if (cls.kind === 'decimal') {
      if (!(v instanceof Decimal)) return generic;
      const u = decimalUnscaledAt(v, cls.scale);
      if (u === null) return generic;
      nums[i] = u;
    } else {
      if (typeof v !== 'number') return generic;
      if (cls.kind === 'int' && !(Number.isSafeInteger(v) && !Object.is(v, -0))) return generic;
      nums[i] = v;
    }
  }
  return { mode: 'num', n, nulls, nullCount, nums };
}

/** Writes the flags byte and, when `nulls` is set, the NULL bitmap. */
export function writeHeader(w: ByteWriter, n: number, nulls: Uint8Array | null, extraFlags = 0): void {
  w.u8((nulls ? FLAG_NULLS : 0) | extraFlags);
  if (nulls) w.bytes(packNullBitmap(n, (i) => nulls[i] === 1));
}

/** Reads the flags byte and the NULL bitmap (null when absent). */
export function readHeader(r: ByteReader, n: number, extraFlags = 0): { flags: number; nulls: Uint8Array | null } {
  const flags = r.u8();
  if (flags & ~(FLAG_NULLS | FLAG_GENERIC | extraFlags)) throw Errors.ioError(`bad column flags ${flags} in ${r.source}`);
  return { flags, nulls: flags & FLAG_NULLS ? readNullBitmap(r, n) : null };
}

/** Appends `count` doubles (8 bytes LE each) taken from `get`. */
export function writeF64s(w: ByteWriter, count: number, get: (i: number) => number): void {
  const a = new Float64Array(count);
  for (let i = 0; i < count; i++) a[i] = get(i);
  w.bytes(new Uint8Array(a.buffer));
}

/** Reads `count` doubles into a new Float64Array (a memcpy; the input may be unaligned). */
export function readF64s(r: ByteReader, count: number): Float64Array {
  const bytes = r.bytes(count * 8);
  const out = new Float64Array(count);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** Wraps class-typed numbers into a ColumnVector of the class's typed shape. */
export function numVector(cls: ColumnClass, values: Float64Array, nulls: Uint8Array | null): ColumnVector {
  const length = values.length;
  if (cls.kind === 'int') return { length, nulls, data: { kind: 'int', values } };
  if (cls.kind === 'double') return { length, nulls, data: { kind: 'double', values } };
  if (cls.kind === 'decimal') return { length, nulls, data: { kind: 'decimal', unscaled: values, scale: cls.scale } };
  throw Errors.ioError('numeric encoding on a string column');
}

/** Map key of a class-typed number that keeps −0 apart from +0 (doubles are kept bit-exact). */
export function numKey(v: number): number | string {
  return v === 0 && 1 / v < 0 ? '-0' : v;
}

/** Whether a number of `cls` is a safe, exact integer (used to sanity-check decoded data). */
export function isSafeInt(v: number): boolean {
  return v >= -MAX_SAFE && v <= MAX_SAFE && Math.floor(v) === v;
}

const utf8 = new TextDecoder();
let offsetsScratch = new Int32Array(256);

/**
 * Reads `count` length-prefixed UTF-8 strings (as `ByteWriter.string` writes them) into
 * `out[at..]`, skipping rows whose `nulls` flag is set (they get null), each prefixed with
 * `prefix`. Fast path: when every string is ASCII with a one-byte length, the whole run is decoded
 * by one native `TextDecoder` call and sliced; otherwise string by string.
 */
export function readStrings(r: ByteReader, count: number, nulls: Uint8Array | null, out: (string | null)[], prefix = ''): void {
  const buf = r.buf;
  const start = r.offset;
  if (offsetsScratch.length < count + 1) offsetsScratch = new Int32Array(Math.max(count + 1, offsetsScratch.length * 2));
  const offs = offsetsScratch;
  let pos = start;
  let ascii = true;
  for (let i = 0; i < count && ascii; i++) {
    if (nulls !== null && nulls[i]) continue;
    if (pos >= buf.length) throw Errors.ioError(`truncated strings in ${r.source}`);
    const len = buf[pos];
    if (len >= 0x80 || pos + 1 + len > buf.length) {
      ascii = false;
      break;
    }
    offs[i] = pos + 1 - start;
    for (let k = pos + 1, end = pos + 1 + len; k < end; k++) if (buf[k] >= 0x80) { ascii = false; break; }
    pos += 1 + len;
  }
  if (ascii) {
    const all = utf8.decode(buf.subarray(start, pos));
    for (let i = 0; i < count; i++) {
      if (nulls !== null && nulls[i]) {
        out[i] = null;
        continue;
      }
      const a = offs[i];
      const s = all.substring(a, a + buf[start + a - 1]);
      out[i] = prefix === '' ? s : prefix + s;
    }
    r.offset = pos;
    return;
  }
  r.offset = start;
  for (let i = 0; i < count; i++) out[i] = nulls !== null && nulls[i] ? null : prefix + r.string();
}
