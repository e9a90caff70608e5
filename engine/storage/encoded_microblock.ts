/**
 * Encoded microblocks: the microblock format of MAJOR SSTables (OceanBase's encoding microblocks,
 * `ObMicroBlockEncoder` / `ObMicroBlockDecoder`, reference §4.6–4.7). Minis and minors keep the
 * flat, multi-version row format (microblock.ts); a major has one version per rowkey and stores
 * each column of its column group separately, encoded by the column encodings
 * (encoding/index.ts) and then compressed as a whole per the table's COMPRESSION.
 *
 * Layout (little-endian), microblock version 2, format 1:
 * ```
 *   0  u32  magic 'OBMI' (0x494d424f)           (shared with the flat format, version 1)
 *   4  u8   version (2)
 *   5  u8   format (1 = encoded)
 *   6  u8   compressor code (compression.ts `compressorCode`)
 *   7  u8   reserved (0)
 *   8  u32  row count
 *  12  u32  stored payload bytes (after compression)
 *  16  u32  raw payload bytes (before compression)
 *  20  u32  CRC-32 of bytes 0..19 followed by the stored payload
 *  24  stored payload = compress(raw payload)
 * raw payload:
 *   u8 flags (bit 0: keyed — rowkeys and SCNs are stored), varint column count
 *   keyed: varint rowkey section bytes, varint SCN section bytes
 *   column directory, per column: u8 class code, u8 class argument (decimal scale | string ci),
 *     u8 encoding code (ENCODING_TYPES index), varint refColumn + 1 (0: none), varint bytes,
 *     varint raw bytes (the RAW size, for the storage panel)
 *   keyed: rowkey section (front-coded: per row varint shared prefix units with the previous key,
 *     varint suffix units, the suffix as u16 units — rowkeys hold arbitrary 16-bit units),
 *     SCN section (u8 0: one i64 for every row; u8 1: i64 base, then per row varint SCN − base)
 *   the columns' encoded bytes, back to back, in directory order
 * ```
 * The column class is recorded per column, so a block decodes without the schema (a tablet
 * without a storage schema infers classes per microblock from the values: `inferClass`).
 *
 * Decoding is checked: a bad magic, version, format, length, compressor code or CRC — or a
 * payload that does not decompress to its recorded length — is `Errors.checksumError(file,
 * blockId)`, never data. Columns are decoded lazily, one at a time, into typed-array vectors that
 * the block cache keeps with the block; rowkeys and SCNs are decoded on first use (column scans
 * never touch them).
 */
import CRC32 from 'crc-32';
import { assert } from '../common/assert';
import { Decimal } from '../common/decimal';
import type { Scn } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import { ByteWriter } from '../common/row_codec';
import type { Value } from '../common/value';
import { compressBlock, compressorCode, compressorFromCode, decompressBlock, type CompressorName } from './compression';
import { columnStats, decodeColumn, encodeColumn, vectorValueAt } from './encoding';
import { ENCODING_TYPES, type ColumnClass, type ColumnVector, type EncodingType } from './encoding/types';
import type { Projection } from './iterator';
import { MICRO_MAGIC, type BlockSource } from './microblock';
import { RowDecoder } from './row_decoder';
import type { StoredStats } from './skip_index';

export const ENCODED_MICRO_VERSION = 2;
export const MICRO_FORMAT_ENCODED = 1;
export const ENCODED_MICRO_HEADER_BYTES = 24;
/** Rows per encoded microblock at most (bounds the decoded vectors of very compressible columns). */
export const ENCODED_MICRO_ROWS_MAX = 65536;

const FLAG_KEYED = 1;

// --- column classes on disk -------------------------------------------------------------------

function classCode(cls: ColumnClass): [number, number] {
  switch (cls.kind) {
    case 'int':
      return [0, 0];
    case 'double':
      return [1, 0];
    case 'decimal':
      return [2, cls.scale];
    case 'string':
      return [3, cls.ci ? 1 : 0];
  }
}

const INT_CLASS: ColumnClass = { kind: 'int' };
const DOUBLE_CLASS: ColumnClass = { kind: 'double' };
const STRING_BIN: ColumnClass = { kind: 'string', ci: false };
const STRING_CI: ColumnClass = { kind: 'string', ci: true };
const decimalClasses: ColumnClass[] = [];

function classFromCode(code: number, arg: number): ColumnClass | null {
  switch (code) {
    case 0:
      return INT_CLASS;
    case 1:
      return DOUBLE_CLASS;
    case 2:
      return (decimalClasses[arg] ??= { kind: 'decimal', scale: arg });
    case 3:
      return arg === 1 ? STRING_CI : arg === 0 ? STRING_BIN : null;
    default:
      return null;
  }
}

/** True when every value can be stored in `cls` (NULL fits every class). */
export function fitsClass(values: readonly Value[], cls: ColumnClass): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) continue;
    switch (cls.kind) {
      case 'int':
        if (typeof v === 'bigint') continue;
        if (typeof v !== 'number' || !Number.isInteger(v) || Object.is(v, -0)) return false;
        continue;
      case 'double':
        if (typeof v !== 'number') return false;
        continue;
      case 'decimal':
        if (!(v instanceof Decimal)) return false;
        continue;
      case 'string':
        if (typeof v !== 'string') return false;
    }
  }
  return true;
}

/**
 * The class of a column of unknown type from its values (tablets without a storage schema):
 * integers (and bigints) → 'int'; other numbers → 'double'; Decimals → 'decimal' at their largest
 * scale; strings → binary 'string'; all NULL → 'int'. Null when the values mix kinds.
 */
export function inferClass(values: readonly Value[]): ColumnClass | null {
  type Kind = 'int' | 'double' | 'decimal' | 'string';
  let kind = null as Kind | null;
  let scale = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) continue;
    let k: Kind;
    if (typeof v === 'number') k = Number.isInteger(v) && !Object.is(v, -0) ? 'int' : 'double';
    else if (typeof v === 'bigint') k = 'int';
    else if (typeof v === 'string') k = 'string';
    else {
      k = 'decimal';
      if (v.scale > scale) scale = v.scale;
    }
    if (kind === null || kind === k) kind = k;
    else if ((kind === 'int' && k === 'double') || (kind === 'double' && k === 'int')) kind = 'double';
    else return null;
  }
  if (kind === 'double' && values.some((v) => typeof v === 'bigint')) return null;
  switch (kind) {
    case null:
    case 'int':
      return INT_CLASS;
    case 'double':
      return DOUBLE_CLASS;
    case 'string':
      return STRING_BIN;
    case 'decimal':
      return (decimalClasses[scale] ??= { kind: 'decimal', scale });
  }
}

/** Bytes a value takes before encoding (the microblock size estimate, OceanBase's BLOCK_SIZE is pre-compression). */
export function rawValueBytes(v: Value): number {
  if (v === null) return 1;
  if (typeof v === 'string') return v.length + 2;
  return typeof v === 'object' ? 9 : 8;
}

// --- writer -----------------------------------------------------------------------------------

/** What a column group stores in each of its encoded microblocks. */
export interface EncodedGroupSpec {
  /** Keyed groups store rowkeys and SCNs (the rowkey or all-columns group). */
  keyed: boolean;
  /** Per group column: its class from the storage schema, or null to infer per microblock. */
  classes: readonly (ColumnClass | null)[];
  /** Per group column: skip-index bits (0: none). */
  skipBits: readonly number[];
  compression: CompressorName;
}

/** A sealed encoded microblock and what the microblock index keeps about it. */
export interface BuiltMicro {
  bytes: Uint8Array;
  rowCount: number;
  firstKey: EncodedRowkey;
  lastKey: EncodedRowkey;
  /** Per group column (null: no skip index). */
  stats: (StoredStats | null)[];
  /** RAW size of the columns (the "before" of the compression ratio). */
  rawBytes: number;
  /** Raw payload size after encoding, before compression. */
  encodedBytes: number;
}

/** Collects rows of one column group and seals them into encoded microblocks. Reusable. */
export class EncodedMicroWriter {
  readonly values: Value[][];
  private keys: EncodedRowkey[] = [];
  private scns: Scn[] = [];
  rowCount = 0;
  /** Estimated bytes of the rows before encoding. */
  rawEstimate = 0;
  firstKey: EncodedRowkey = '';
  lastKey: EncodedRowkey = '';
  private readonly payload = new ByteWriter(32 * 1024);

  constructor(readonly spec: EncodedGroupSpec) {
    this.values = spec.classes.map(() => []);
  }

  /** Appends one row: group column j's value is `row[columns[j]]` (NULL past the row's width). */
  add(key: EncodedRowkey, scn: Scn, row: readonly Value[], columns: readonly number[]): void {
    if (this.rowCount === 0) this.firstKey = key;
    this.lastKey = key;
    let est = 0;
    if (this.spec.keyed) {
      this.keys.push(key);
      this.scns.push(scn);
      est += 2 * key.length + 10;
    }
    const cols = this.values;
    for (let j = 0; j < cols.length; j++) {
      const c = columns[j];
      const v = c < row.length ? row[c] : null;
      cols[j].push(v);
      est += rawValueBytes(v);
    }
    this.rawEstimate += est;
    this.rowCount++;
  }

  reset(): void {
    this.keys = [];
    this.scns = [];
    for (const c of this.values) c.length = 0;
    this.rowCount = 0;
    this.rawEstimate = 0;
    this.firstKey = '';
    this.lastKey = '';
  }

  /** Encodes, compresses and frames the rows added since the last reset. */
  build(): BuiltMicro {
    assert(this.rowCount > 0, 'empty microblock');
    const spec = this.spec;
    const n = this.rowCount;
    const encoded: { cls: ColumnClass; type: EncodingType; bytes: Uint8Array; ref: number; raw: number }[] = [];
    const stats: (StoredStats | null)[] = [];
    let rawBytes = 0;
    for (let j = 0; j < this.values.length; j++) {
      const vals = this.values[j];
      let cls = spec.classes[j];
      if (cls === null || !fitsClass(vals, cls)) {
        const inferred = inferClass(vals);
        if (inferred === null) throw Errors.notSupported('A column mixing value kinds in an encoded microblock is');
        cls = inferred;
      }
      const earlier = this.values.slice(0, j);
      const e = encodeColumn(vals, cls, earlier);
      encoded.push({ cls, type: e.type, bytes: e.bytes, ref: e.refColumn ?? -1, raw: e.rawBytes });
      rawBytes += e.rawBytes;
      const bits = spec.skipBits[j] ?? 0;
      stats.push(bits === 0 || cls !== spec.classes[j] ? null : { bits, stats: columnStats(vals, cls) });
    }
    const w = this.payload;
    w.reset();
    w.u8(spec.keyed ? FLAG_KEYED : 0);
    w.varint(encoded.length);
    let keyBytes: Uint8Array | null = null;
    let scnBytes: Uint8Array | null = null;
    if (spec.keyed) {
      keyBytes = writeKeys(this.keys);
      scnBytes = writeScns(this.scns);
      w.varint(keyBytes.length);
      w.varint(scnBytes.length);
      rawBytes += keyBytes.length + scnBytes.length;
    }
    for (const e of encoded) {
      const [code, arg] = classCode(e.cls);
      w.u8(code);
      w.u8(arg);
      w.u8(ENCODING_TYPES.indexOf(e.type));
      w.varint(e.ref + 1);
      w.varint(e.bytes.length);
      w.varint(e.raw);
    }
    if (keyBytes !== null) w.bytes(keyBytes);
    if (scnBytes !== null) w.bytes(scnBytes);
    for (const e of encoded) w.bytes(e.bytes);
    const raw = w.view_();
    const stored = compressBlock(spec.compression, raw);
    const out = new Uint8Array(ENCODED_MICRO_HEADER_BYTES + stored.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, MICRO_MAGIC, true);
    dv.setUint8(4, ENCODED_MICRO_VERSION);
    dv.setUint8(5, MICRO_FORMAT_ENCODED);
    dv.setUint8(6, compressorCode(spec.compression));
    dv.setUint8(7, 0);
    dv.setUint32(8, n, true);
    dv.setUint32(12, stored.length, true);
    dv.setUint32(16, raw.length, true);
    out.set(stored, ENCODED_MICRO_HEADER_BYTES);
    dv.setUint32(20, CRC32.buf(stored, CRC32.buf(out.subarray(0, 20))) >>> 0, true);
    return { bytes: out, rowCount: n, firstKey: this.firstKey, lastKey: this.lastKey, stats, rawBytes, encodedBytes: raw.length };
  }
}

function writeKeys(keys: readonly EncodedRowkey[]): Uint8Array {
  const w = new ByteWriter(keys.length * 16);
  let prev = '';
  for (const key of keys) {
    const max = Math.min(prev.length, key.length);
    let shared = 0;
    while (shared < max && prev.charCodeAt(shared) === key.charCodeAt(shared)) shared++;
    w.varint(shared);
    w.varint(key.length - shared);
    for (let i = shared; i < key.length; i++) {
      const u = key.charCodeAt(i);
      w.u8(u & 0xff);
      w.u8(u >>> 8);
    }
    prev = key;
  }
  return w.finish();
}

function writeScns(scns: readonly Scn[]): Uint8Array {
  const w = new ByteWriter(16);
  let min = scns[0];
  let max = scns[0];
  for (const s of scns) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  if (min === max) {
    w.u8(0);
    w.i64(min);
  } else {
    w.u8(1);
    w.i64(min);
    for (const s of scns) {
      const d = s - min;
      if (d > 9007199254740991n) throw Errors.notSupported('SCNs more than 2^53 apart in one microblock are');
      w.varint(Number(d));
    }
  }
  return w.finish();
}

// --- reader -----------------------------------------------------------------------------------

/** One column of a decoded microblock's directory. */
export interface EncodedColumnInfo {
  cls: ColumnClass;
  type: EncodingType;
  refColumn: number;
  offset: number;
  length: number;
  rawBytes: number;
}

const unitScratch: number[] = [];

/**
 * A checked, decompressed encoded microblock (what the block cache keeps): the column directory,
 * lazily decoded column vectors, and lazily decoded rowkeys and SCNs for keyed groups. Row
 * access (`rowAt`, `projectedRowAt`) gives values in group-column order; for an all-columns
 * group that is the table's column order.
 */
export class EncodedMicroBlock {
  private keysValue: EncodedRowkey[] | null = null;
  private scnsValue: Scn[] | null = null;
  private readonly vectors: (ColumnVector | undefined)[];

  constructor(
    readonly rowCount: number,
    readonly keyed: boolean,
    readonly columns: readonly EncodedColumnInfo[],
    private readonly payload: Uint8Array,
    private readonly keySection: [number, number],
    private readonly scnSection: [number, number],
    /** Bytes on disk (header + stored payload). */
    readonly storedBytes: number,
    readonly compression: CompressorName,
    private readonly source: string,
  ) {
    this.vectors = new Array(columns.length);
  }

  /** What the block cache charges: on-disk plus decompressed bytes (decoded vectors add later). */
  get encodedBytes(): number {
    return this.storedBytes + this.payload.length;
  }

  get rawPayloadBytes(): number {
    return this.payload.length;
  }

  get keys(): EncodedRowkey[] {
    return (this.keysValue ??= this.decodeKeys());
  }

  get scns(): Scn[] {
    return (this.scnsValue ??= this.decodeScns());
  }

  isDeleteAt(_i: number): boolean {
    return false;
  }

  /** Column j's encoded bytes (for `filterEncoded`). */
  columnBytes(j: number): Uint8Array {
    const c = this.columns[j];
    return this.payload.subarray(c.offset, c.offset + c.length);
  }

  /** Column j decoded (cached with the block). */
  vector(j: number): ColumnVector {
    let v = this.vectors[j];
    if (v !== undefined) return v;
    const c = this.columns[j];
    const earlier: ColumnVector[] = [];
    if (c.type === 'COLUMN_EQUAL') {
      if (c.refColumn < 0 || c.refColumn >= j) throw Errors.ioError(`bad column reference in ${this.source}`);
      earlier[c.refColumn] = this.vector(c.refColumn);
    }
    v = decodeColumn(c.type, this.columnBytes(j), this.rowCount, c.cls, earlier, c.refColumn >= 0 ? c.refColumn : undefined);
    if (v.length !== this.rowCount) throw Errors.ioError(`column ${j} of ${this.source} decoded to ${v.length} rows`);
    this.vectors[j] = v;
    return v;
  }

  /** Column j if it was decoded already, else undefined. */
  decodedVector(j: number): ColumnVector | undefined {
    return this.vectors[j];
  }

  /** Value of group column j at row i. */
  valueAt(j: number, i: number): Value {
    return vectorValueAt(this.vector(j), i, this.columns[j].cls);
  }

  /** Row i, group columns in order (a fresh array). */
  rowAt(i: number): Value[] {
    const n = this.columns.length;
    const out = new Array<Value>(n);
    for (let j = 0; j < n; j++) out[j] = this.valueAt(j, i);
    return out;
  }

  storedRowAt(i: number): Value[] {
    return this.rowAt(i);
  }

  encodedRowAt(_i: number): Uint8Array | null {
    return null;
  }

  /** Row i projected by `p` (group column order = table order: an all-columns group). */
  projectedRowAt(i: number, p: Projection | null): Value[] {
    if (p === null) return this.rowAt(i);
    const cols = p.columns;
    const out = new Array<Value>(cols.length);
    const n = this.columns.length;
    for (let k = 0; k < cols.length; k++) out[k] = cols[k] < n ? this.valueAt(cols[k], i) : null;
    return out;
  }

  private decodeKeys(): EncodedRowkey[] {
    const [start, len] = this.keySection;
    const d = new RowDecoder(this.payload.subarray(start, start + len), this.source);
    const out = new Array<EncodedRowkey>(this.rowCount);
    let prev = '';
    for (let i = 0; i < this.rowCount; i++) {
      const shared = d.varint();
      const n = d.varint();
      if (shared > prev.length) throw Errors.ioError(`bad rowkey prefix in ${this.source}`);
      const b = d.bytes(n * 2);
      let suffix = '';
      if (n > 0) {
        if (n <= 256) {
          unitScratch.length = n;
          for (let u = 0; u < n; u++) unitScratch[u] = b[2 * u] | (b[2 * u + 1] << 8);
          suffix = String.fromCharCode.apply(null, unitScratch);
        } else {
          for (let u = 0; u < n; u++) suffix += String.fromCharCode(b[2 * u] | (b[2 * u + 1] << 8));
        }
      }
      prev = shared === prev.length ? prev + suffix : prev.slice(0, shared) + suffix;
      out[i] = prev;
    }
    if (d.pos !== len) throw Errors.ioError(`trailing rowkey bytes in ${this.source}`);
    return out;
  }

  private decodeScns(): Scn[] {
    const [start, len] = this.scnSection;
    const d = new RowDecoder(this.payload.subarray(start, start + len), this.source);
    const mode = d.u8();
    const base = d.i64() as Scn;
    const out = new Array<Scn>(this.rowCount);
    if (mode === 0) {
      out.fill(base);
    } else if (mode === 1) {
      let lastDelta = -1;
      let last = base;
      for (let i = 0; i < this.rowCount; i++) {
        const delta = d.varint();
        if (delta !== lastDelta) {
          last = (base + BigInt(delta)) as Scn;
          lastDelta = delta;
        }
        out[i] = last;
      }
    } else {
      throw Errors.ioError(`bad SCN section in ${this.source}`);
    }
    if (d.pos !== len) throw Errors.ioError(`trailing SCN bytes in ${this.source}`);
    return out;
  }
}

/**
 * Checks and decodes an encoded microblock read from disk (see the module comment for the
 * layout). Errors: `Errors.checksumError(file, blockId)` for any header, length, CRC or
 * decompression failure; `Errors.ioError` when the checked payload does not parse.
 */
export function decodeEncodedMicroBlock(bytes: Uint8Array, src: BlockSource): EncodedMicroBlock {
  const bad = () => Errors.checksumError(src.file, src.blockId);
  if (bytes.length < ENCODED_MICRO_HEADER_BYTES) throw bad();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MICRO_MAGIC || dv.getUint8(4) !== ENCODED_MICRO_VERSION) throw bad();
  if (dv.getUint8(5) !== MICRO_FORMAT_ENCODED) throw bad();
  const compression = compressorFromCode(dv.getUint8(6));
  if (compression === null) throw bad();
  const rowCount = dv.getUint32(8, true);
  const storedBytes = dv.getUint32(12, true);
  const rawBytes = dv.getUint32(16, true);
  if (ENCODED_MICRO_HEADER_BYTES + storedBytes !== bytes.length) throw bad();
  const stored = bytes.subarray(ENCODED_MICRO_HEADER_BYTES);
  if (CRC32.buf(stored, CRC32.buf(bytes.subarray(0, 20))) >>> 0 !== dv.getUint32(20, true)) throw bad();
  const payload = decompressBlock(compression, stored, rawBytes, src);
  if (payload.length !== rawBytes) throw bad();
  const source = `${src.file} block ${src.blockId}`;
  const d = new RowDecoder(payload, source);
  const flags = d.u8();
  const keyed = (flags & FLAG_KEYED) !== 0;
  const columnCount = d.varint();
  let keyLen = 0;
  let scnLen = 0;
  if (keyed) {
    keyLen = d.varint();
    scnLen = d.varint();
  }
  const infos: EncodedColumnInfo[] = [];
  const lengths: number[] = [];
  for (let j = 0; j < columnCount; j++) {
    const cls = classFromCode(d.u8(), d.u8());
    const type = ENCODING_TYPES[d.u8()];
    const refColumn = d.varint() - 1;
    const length = d.varint();
    const raw = d.varint();
    if (cls === null || type === undefined) throw Errors.ioError(`bad column directory in ${source}`);
    infos.push({ cls, type, refColumn, offset: 0, length, rawBytes: raw });
    lengths.push(length);
  }
  let pos = d.pos;
  const keySection: [number, number] = [pos, keyLen];
  pos += keyLen;
  const scnSection: [number, number] = [pos, scnLen];
  pos += scnLen;
  for (const info of infos) {
    info.offset = pos;
    pos += info.length;
  }
  if (pos !== payload.length) throw Errors.ioError(`column bytes do not fill ${source}`);
  return new EncodedMicroBlock(rowCount, keyed, infos, payload, keySection, scnSection, bytes.length, compression, source);
}
