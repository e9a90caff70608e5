/**
 * Fast checked decoding of rows in the row_codec format (common/row_codec.ts), for the scan hot
 * path: microblock rows are decoded here instead of through `ByteReader.row`, which pays for a
 * `TextDecoder` call per string and a regular expression plus a string → bigint parse per
 * DECIMAL. Same format, same results (row_decoder.test.ts checks equality with `ByteReader`);
 * ASCII strings of up to 64 bytes and DECIMALs of up to 15 digits take fast paths, everything else the general one.
 *
 * Checked: any truncated or malformed input throws `Errors.ioError` naming `source` — bytes
 * come from disk (their CRC was verified, so this only trips on a codec bug or format skew).
 */
import { Decimal } from '../common/decimal';
import { Errors } from '../common/ob_error';
import type { Value } from '../common/value';
import type { Projection } from './iterator';

const utf8 = new TextDecoder();
/** Scratch for projected decoding (values are copied out before the next row). */
const scratchValues: Value[] = [];
/** Scratch arrays of char codes by length, for ASCII strings. */
const scratchUnits: number[][] = [];

/** Decodes rows from one buffer; `pos` is the read position (bytes). */
export class RowDecoder {
  pos = 0;
  private readonly dv: DataView;

  constructor(
    readonly buf: Uint8Array,
    readonly source: string,
  ) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private fail(what: string): never {
    throw Errors.ioError(`${what} in ${this.source} at byte ${this.pos}`);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail('truncated data');
  }

  varint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      this.need(1);
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) return result;
      mul *= 0x80;
    }
    return this.fail('bad varint');
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++];
  }

  i64(): bigint {
    this.need(8);
    this.pos += 8;
    return this.dv.getBigInt64(this.pos - 8, true);
  }

  /** A view of the next `n` bytes. */
  bytes(n: number): Uint8Array {
    this.need(n);
    this.pos += n;
    return this.buf.subarray(this.pos - n, this.pos);
  }

  /** One row: varint width, then the values. */
  row(): Value[] {
    const n = this.varint();
    if (n > this.buf.length - this.pos) this.fail(`bad row width ${n}`);
    const out = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = this.value();
    return out;
  }

  /**
   * One row projected by `p`: only the projected columns are decoded (the others are skipped,
   * and nothing past the last projected column is read). A column past the row's width is NULL.
   */
  projectedRow(p: Projection): Value[] {
    const width = this.varint();
    const mask = p.mask;
    const last = Math.min(width - 1, p.maxColumn);
    const tmp = scratchValues;
    for (let c = 0; c <= last; c++) {
      if (mask[c] === 1) tmp[c] = this.value();
      else this.skipValue();
    }
    const cols = p.columns;
    const out = new Array<Value>(cols.length);
    for (let i = 0; i < cols.length; i++) out[i] = cols[i] <= last ? tmp[cols[i]] : null;
    tmp.fill(null, 0, last + 1);
    return out;
  }

  /** Skips one row without building it. */
  skipRow(): void {
    const n = this.varint();
    for (let i = 0; i < n; i++) this.skipValue();
  }

  value(): Value {
    this.need(1);
    const tag = this.buf[this.pos++];
    const dv = this.dv;
    switch (tag) {
      case 0:
        return null;
      case 1:
        this.need(4);
        this.pos += 4;
        return dv.getInt32(this.pos - 4, true);
      case 2:
        this.need(8);
        this.pos += 8;
        return dv.getFloat64(this.pos - 8, true);
      case 3: {
        this.need(8);
        this.pos += 8;
        const v = dv.getBigInt64(this.pos - 8, true);
        return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
      }
      case 4:
        this.need(8);
        this.pos += 8;
        return dv.getBigUint64(this.pos - 8, true);
      case 5:
        return this.string();
      case 6: {
        this.need(1);
        const scale = this.buf[this.pos++];
        return new Decimal(this.decimalDigits(), scale);
      }
      default:
        this.pos--;
        return this.fail(`bad value tag ${tag}`);
    }
  }

  private skipValue(): void {
    this.need(1);
    const tag = this.buf[this.pos++];
    if (tag === 0) return;
    if (tag === 1) return this.skip(4);
    if (tag === 2 || tag === 3 || tag === 4) return this.skip(8);
    if (tag === 5) return this.skip(this.varint());
    if (tag === 6) {
      this.skip(1);
      return this.skip(this.varint());
    }
    this.pos--;
    this.fail(`bad value tag ${tag}`);
  }

  private skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A varint-length UTF-8 string; pure ASCII up to 256 bytes skips the TextDecoder. */
  private string(): string {
    const n = this.varint();
    this.need(n);
    const start = this.pos;
    const end = start + n;
    this.pos = end;
    const b = this.buf;
    if (n <= 64) {
      let units = scratchUnits[n];
      if (units === undefined) units = scratchUnits[n] = new Array<number>(n).fill(0);
      let i = 0;
      for (; i < n; i++) {
        const c = b[start + i];
        if (c >= 0x80) break;
        units[i] = c;
      }
      if (i === n) return String.fromCharCode.apply(null, units);
    }
    return utf8.decode(b.subarray(start, end));
  }

  /** The unscaled value of a DECIMAL: varint length + ASCII digits with an optional '-'. */
  private decimalDigits(): bigint {
    const n = this.varint();
    this.need(n);
    const b = this.buf;
    const start = this.pos;
    const end = start + n;
    this.pos = end;
    const neg = n > 0 && b[start] === 0x2d;
    const first = neg ? start + 1 : start;
    if (first >= end) this.fail('bad decimal');
    if (end - first <= 15) {
      let v = 0;
      for (let i = first; i < end; i++) {
        const d = b[i] - 0x30;
        if (d < 0 || d > 9) this.fail('bad decimal');
        v = v * 10 + d;
      }
      return BigInt(neg ? -v : v);
    }
    for (let i = first; i < end; i++) if (b[i] < 0x30 || b[i] > 0x39) this.fail('bad decimal');
    const digits = String.fromCharCode.apply(null, b.subarray(first, end) as unknown as number[]);
    return neg ? -BigInt(digits) : BigInt(digits);
  }
}
