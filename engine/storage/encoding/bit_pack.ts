/**
 * Bit packing, NULL bitmaps and the checked reader shared by the column encodings (OceanBase's
 * `ObBitStream` / null bitmap of `blocksstable/encoding`).
 *
 * Packed fields are little-endian bit streams: field i occupies bits [i·w, (i+1)·w) counting from
 * the least significant bit of byte 0. Widths go up to 53 bits (safe integers); wide fields are
 * read as up to three 24-bit chunks so every read is one 32-bit window of plain integer ops.
 * A NULL bitmap packs one bit per row (1 = NULL) the same way; decoded it becomes one byte per row.
 * Readers pad their input copy so the hot loops never index past the end of a typed array.
 */
import { ByteReader } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';

const TWO_24 = 16777216;
const TWO_48 = 281474976710656;

/** Minimal bits to store every integer in [0, maxValue] (0 when maxValue is 0). */
export function bitsFor(maxValue: number): number {
  let bits = 0;
  let v = maxValue;
  while (v >= 1) {
    bits++;
    v = Math.floor(v / 2);
  }
  return bits;
}

/** Bytes taken by `count` fields of `width` bits. */
export function packedBytes(count: number, width: number): number {
  return Math.ceil((count * width) / 8);
}

function writeChunk(out: Uint8Array, bitPos: number, v: number, w: number): void {
  let k = bitPos >>> 3;
  let s = bitPos & 7;
  let rest = w;
  let x = v;
  while (rest > 0) {
    out[k] |= (x << s) & 0xff;
    const took = 8 - s;
    x = Math.floor(x / (1 << took));
    rest -= took;
    s = 0;
    k++;
  }
}

/**
 * Packs `count` non-negative integers (< 2^width) read by `get(i)` into a new byte array of
 * `packedBytes(count, width)` bytes.
 */
export function packBits(count: number, width: number, get: (i: number) => number): Uint8Array {
  const out = new Uint8Array(packedBytes(count, width));
  if (width === 0) return out;
  if (width <= 24) {
    for (let i = 0, pos = 0; i < count; i++, pos += width) writeChunk(out, pos, get(i), width);
    return out;
  }
  for (let i = 0, pos = 0; i < count; i++, pos += width) {
    const v = get(i);
    const lo = v % TWO_24;
    let hi = Math.floor(v / TWO_24);
    writeChunk(out, pos, lo, 24);
    if (width <= 48) writeChunk(out, pos + 24, hi, width - 24);
    else {
      const mid = hi % TWO_24;
      hi = Math.floor(hi / TWO_24);
      writeChunk(out, pos + 24, mid, 24);
      writeChunk(out, pos + 48, hi, width - 48);
    }
  }
  return out;
}

/**
 * A copy of `count` packed fields of `width` bits starting at `bytes[offset]`, padded with 8 zero
 * bytes so `readBits` may read a whole 32-bit window at the end. Throws `Errors.ioError` when the
 * input is too short.
 */
export function paddedPacked(bytes: Uint8Array, offset: number, count: number, width: number, source: string): Uint8Array {
  const n = packedBytes(count, width);
  if (offset + n > bytes.length) throw Errors.ioError(`truncated bit-packed data in ${source}`);
  const out = new Uint8Array(n + 8);
  out.set(bytes.subarray(offset, offset + n));
  return out;
}

/** Field at bit `pos` of width `w` ≤ 24 from a padded buffer. */
export function readBits24(b: Uint8Array, pos: number, mask: number): number {
  const k = pos >>> 3;
  return ((b[k] | (b[k + 1] << 8) | (b[k + 2] << 16) | (b[k + 3] << 24)) >>> (pos & 7)) & mask;
}

/** Field i of width `w` (0..53) from a padded buffer. */
export function readField(b: Uint8Array, i: number, w: number): number {
  if (w <= 24) return w === 0 ? 0 : readBits24(b, i * w, (1 << w) - 1);
  const pos = i * w;
  const lo = readBits24(b, pos, 0xffffff);
  if (w <= 48) return lo + readBits24(b, pos + 24, (1 << (w - 24)) - 1) * TWO_24;
  const mid = readBits24(b, pos + 24, 0xffffff);
  return lo + mid * TWO_24 + readBits24(b, pos + 48, (1 << (w - 48)) - 1) * TWO_48;
}

/** Unpacks `count` fields of width `w` from a padded buffer into `out[0..count)` adding `base`. */
export function unpackInto(b: Uint8Array, count: number, w: number, base: number, out: Float64Array | Int32Array): void {
  if (w === 0) {
    out.fill(base, 0, count);
    return;
  }
  if (w === 8) {
    for (let i = 0; i < count; i++) out[i] = base + b[i];
    return;
  }
  if (w <= 24) {
    const mask = w === 24 ? 0xffffff : (1 << w) - 1;
    for (let i = 0, pos = 0; i < count; i++, pos += w) {
      const k = pos >>> 3;
      out[i] = base + (((b[k] | (b[k + 1] << 8) | (b[k + 2] << 16) | (b[k + 3] << 24)) >>> (pos & 7)) & mask);
    }
    return;
  }
  for (let i = 0; i < count; i++) out[i] = base + readField(b, i, w);
}

/** Packs a one-byte-per-row NULL flag array (or a predicate) into a bitmap of ceil(n/8) bytes. */
export function packNullBitmap(count: number, isNull: (i: number) => boolean): Uint8Array {
  const out = new Uint8Array((count + 7) >>> 3);
  for (let i = 0; i < count; i++) if (isNull(i)) out[i >>> 3] |= 1 << (i & 7);
  return out;
}

/** Reads a NULL bitmap of `count` rows into one byte per row (1 = NULL); advances the reader. */
export function readNullBitmap(r: ByteReader, count: number): Uint8Array {
  const bits = r.bytes((count + 7) >>> 3);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (bits[i >>> 3] >>> (i & 7)) & 1;
  return out;
}

/**
 * Unpacks `count` codes of width `w` (≤ 24) and writes `out[i] = dict[code]`; returns the largest
 * code seen (the caller checks it against the dictionary size).
 */
export function unpackMapped(b: Uint8Array, count: number, w: number, dict: Float64Array, out: Float64Array): number {
  if (w === 0) {
    out.fill(dict.length > 0 ? dict[0] : 0, 0, count);
    return 0;
  }
  const mask = (1 << w) - 1;
  let max = 0;
  for (let i = 0, pos = 0; i < count; i++, pos += w) {
    const k = pos >>> 3;
    const c = (((b[k] | (b[k + 1] << 8) | (b[k + 2] << 16) | (b[k + 3] << 24)) >>> (pos & 7)) & mask);
    if (c > max) max = c;
    out[i] = dict[c];
  }
  return max;
}

/**
 * Unpacks `count` codes of width `w` (≤ 24) and clears `sel[i]` when `pass[code]` is 0; returns
 * the largest code seen.
 */
export function filterCodes(b: Uint8Array, count: number, w: number, pass: Uint8Array, sel: Uint8Array): number {
  if (w === 0) {
    if (pass.length === 0 || !pass[0]) sel.fill(0, 0, count);
    return 0;
  }
  const mask = (1 << w) - 1;
  let max = 0;
  for (let i = 0, pos = 0; i < count; i++, pos += w) {
    const k = pos >>> 3;
    const c = (((b[k] | (b[k + 1] << 8) | (b[k + 2] << 16) | (b[k + 3] << 24)) >>> (pos & 7)) & mask);
    if (c > max) max = c;
    if (pass[c] !== 1) sel[i] = 0;
  }
  return max;
}
