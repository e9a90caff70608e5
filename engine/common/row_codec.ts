/**
 * Binary encoding of values and rows: the one format used by redo log entries, SSTable rows and
 * DAS replies (OceanBase's serialized `ObObj`/`ObNewRow`, simplified).
 *
 * Layout of one value: a tag byte, then
 *   0 NULL | 1 int32 (4 bytes LE) | 2 float64 (8 LE) | 3 int64 bigint (8 LE) | 4 uint64 bigint
 *   | 5 string (varint byte length + UTF-8) | 6 decimal (scale byte + varint length + ASCII digits).
 * A row is a varint column count followed by its values. `ByteWriter` grows by doubling;
 * `ByteReader.checked` variants throw `ObError` on truncated input (untrusted bytes from disk
 * or a message), the plain ones assert (bytes we just produced; conventions §8).
 */
import { assert } from './assert';
import { Decimal } from './decimal';
import { Errors } from './ob_error';
import type { Value } from './value';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialBytes = 256) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.length++] = v;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }

  i32(v: number): void {
    this.ensure(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  i64(v: bigint): void {
    this.ensure(8);
    this.view.setBigInt64(this.length, v, true);
    this.length += 8;
  }

  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.length, v, true);
    this.length += 8;
  }

  /** Unsigned LEB128, up to 2^53. */
  varint(v: number): void {
    assert(v >= 0 && Number.isSafeInteger(v), `varint out of range: ${v}`);
    this.ensure(8);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** Length-prefixed bytes. */
  blob(b: Uint8Array): void {
    this.varint(b.length);
    this.bytes(b);
  }

  string(s: string): void {
    const n = s.length;
    if (n < 128) {
      // Short strings (most column values): encode by hand; TextEncoder's call cost dominates here.
      this.ensure(1 + n * 3);
      const lenAt = this.length++;
      let o = this.length;
      const b = this.buf;
      for (let i = 0; i < n; i++) {
        let c = s.charCodeAt(i);
        if (c < 0x80) b[o++] = c;
        else if (c < 0x800) {
          b[o++] = 0xc0 | (c >> 6);
          b[o++] = 0x80 | (c & 0x3f);
        } else {
          if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
            const d = s.charCodeAt(i + 1);
            if (d >= 0xdc00 && d < 0xe000) {
              c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
              i++;
              b[o++] = 0xf0 | (c >> 18);
              b[o++] = 0x80 | ((c >> 12) & 0x3f);
              b[o++] = 0x80 | ((c >> 6) & 0x3f);
              b[o++] = 0x80 | (c & 0x3f);
              continue;
            }
          }
          if (c >= 0xd800 && c < 0xe000) c = 0xfffd; // lone surrogate, as TextEncoder does
          b[o++] = 0xe0 | (c >> 12);
          b[o++] = 0x80 | ((c >> 6) & 0x3f);
          b[o++] = 0x80 | (c & 0x3f);
        }
      }
      const written = o - lenAt - 1;
      if (written < 0x80) {
        b[lenAt] = written;
        this.length = o;
        return;
      }
      // Longer than one varint byte: shift the bytes right by one and write a two-byte length.
      this.ensure(1);
      this.buf.copyWithin(lenAt + 2, lenAt + 1, o);
      this.buf[lenAt] = (written & 0x7f) | 0x80;
      this.buf[lenAt + 1] = written >>> 7;
      this.length = o + 1;
      return;
    }
    // Worst case 3 bytes per UTF-16 unit.
    this.ensure(5 + n * 3);
    const start = this.length;
    this.length += 5; // reserve max varint(5) … re-pack below
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.length));
    const lenBytes: number[] = [];
    let m = written;
    while (m >= 0x80) {
      lenBytes.push((m & 0x7f) | 0x80);
      m >>>= 7;
    }
    lenBytes.push(m);
    const dataStart = start + 5;
    const dest = start + lenBytes.length;
    if (dest !== dataStart) this.buf.copyWithin(dest, dataStart, dataStart + written);
    for (let i = 0; i < lenBytes.length; i++) this.buf[start + i] = lenBytes[i];
    this.length = dest + written;
  }

  /**
   * An encoded rowkey (common/rowkey.ts): raw UTF-16 code units, since rowkeys contain arbitrary
   * 16-bit units (lone surrogates included) that UTF-8 would not round-trip. Always use this — never
   * `string()` — for rowkeys.
   */
  key(k: string): void {
    this.varint(k.length);
    this.ensure(k.length * 2);
    for (let i = 0; i < k.length; i++) {
      const c = k.charCodeAt(i);
      this.buf[this.length++] = c & 0xff;
      this.buf[this.length++] = c >>> 8;
    }
  }

  value(v: Value): void {
    if (v === null) return this.u8(0);
    switch (typeof v) {
      case 'number':
        if (Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 && !Object.is(v, -0)) {
          this.u8(1);
          this.i32(v);
        } else {
          this.u8(2);
          this.f64(v);
        }
        return;
      case 'bigint':
        if (v >= -9223372036854775808n && v <= 9223372036854775807n) {
          this.u8(3);
          this.i64(v);
        } else {
          assert(v >= 0n && v <= 18446744073709551615n, 'bigint outside uint64');
          this.u8(4);
          this.u64(v);
        }
        return;
      case 'string':
        this.u8(5);
        this.string(v);
        return;
      default: {
        assert(v instanceof Decimal, 'unknown value kind');
        this.u8(6);
        this.u8(v.scale);
        this.string(v.unscaled.toString());
      }
    }
  }

  row(values: readonly Value[]): void {
    this.varint(values.length);
    for (let i = 0; i < values.length; i++) this.value(values[i]);
  }

  /** A copy of the written bytes. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** A view of the written bytes (valid until the next write). */
  view_(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}

export class ByteReader {
  private view: DataView;
  offset = 0;

  constructor(
    readonly buf: Uint8Array,
    /** Name of the source (file and block) used in errors for untrusted input. */
    readonly source = 'buffer',
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) throw Errors.ioError(`truncated data in ${this.source} at byte ${this.offset}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.offset++];
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  i64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 0x80;
    }
    throw Errors.ioError(`bad varint in ${this.source} at byte ${this.offset}`);
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return b;
  }

  blob(): Uint8Array {
    return this.bytes(this.varint());
  }

  string(): string {
    const n = this.varint();
    const bytes = this.bytes(n);
    if (n < 64) {
      // Short ASCII strings decode without TextDecoder's call cost.
      let ascii = true;
      for (let i = 0; i < n; i++) if (bytes[i] >= 0x80) { ascii = false; break; }
      if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
    return decoder.decode(bytes);
  }

  /** Reads a rowkey written by `ByteWriter.key`. */
  key(): string {
    const n = this.varint();
    this.need(n * 2);
    const b = this.buf;
    let o = this.offset;
    let out = '';
    const CHUNK = 4096;
    for (let i = 0; i < n; i += CHUNK) {
      const m = Math.min(CHUNK, n - i);
      const units = new Array<number>(m);
      for (let j = 0; j < m; j++, o += 2) units[j] = b[o] | (b[o + 1] << 8);
      out += String.fromCharCode.apply(null, units);
    }
    this.offset = o;
    return out;
  }

  value(): Value {
    const tag = this.u8();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return this.i32();
      case 2:
        return this.f64();
      case 3: {
        const v = this.i64();
        return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
      }
      case 4:
        return this.u64();
      case 5:
        return this.string();
      case 6: {
        const scale = this.u8();
        const digits = this.string();
        if (!/^-?\d+$/.test(digits)) throw Errors.ioError(`bad decimal in ${this.source}`);
        return new Decimal(BigInt(digits), scale);
      }
      default:
        throw Errors.ioError(`bad value tag ${tag} in ${this.source} at byte ${this.offset - 1}`);
    }
  }

  row(): Value[] {
    const n = this.varint();
    if (n > this.remaining) throw Errors.ioError(`bad row width ${n} in ${this.source}`);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = this.value();
    return out;
  }
}

export function encodeRow(values: readonly Value[]): Uint8Array {
  const w = new ByteWriter(64);
  w.row(values);
  return w.finish();
}

export function decodeRow(bytes: Uint8Array): Value[] {
  return new ByteReader(bytes).row();
}
