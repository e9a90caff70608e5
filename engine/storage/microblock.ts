/**
 * Microblocks: the unit of read I/O and of the block cache (OceanBase's `ObMicroBlock`, flat
 * row format). About `microBlockBytes` (table option BLOCK_SIZE, 16 KiB by default) of
 * multi-version rows in (rowkey ascending, commit SCN descending) order.
 *
 * Layout (little-endian), format version 1:
 * ```
 *   0  u32  magic 'OBMI' (0x494d424f)
 *   4  u8   version (1)
 *   5  u8   row format (0 = flat rows; #3 adds encodings and column groups as new formats)
 *   6  u16  reserved (0)
 *   8  u32  row count
 *  12  u32  payload bytes
 *  16  u32  CRC-32 of bytes 0..15 followed by the payload
 *  20  payload: per row
 *        varint key length in UTF-16 units, the key's units (u16 each: encoded rowkeys are
 *        arbitrary 16-bit units, which UTF-8 could not carry), i64 commit SCN,
 *        u8 flags (bit 0 = delete marker), then unless deleted: varint row bytes and the row
 *        (row_codec `ByteWriter.row`) — the length lets a reader find rows without parsing them
 * ```
 * Decoding is checked (conventions §8): bytes come from the block file, so a bad magic, version
 * or CRC is `Errors.checksumError(file, blockId)` and never wrong data. One pass decodes keys,
 * SCNs and row offsets into `MicroBlockRows` (what the block cache keeps); row values are decoded
 * on access, only the projected columns (row_decoder.ts).
 *
 * The logical row hash (`MicroBlockWriter.rowChecksum`, kept for majors) is CRC-32 over the
 * rowkey and the row bytes, not the SCN; summed over a major SSTable it is the baseline checksum
 * that replicas compare (OceanBase's data checksum), independent of how rows fall into blocks.
 */
import CRC32 from 'crc-32';
import { assert } from '../common/assert';
import type { Scn } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import { ByteWriter } from '../common/row_codec';
import type { Value } from '../common/value';
import type { Projection } from './iterator';
import { RowDecoder } from './row_decoder';

export const MICRO_MAGIC = 0x494d424f;
export const MICRO_VERSION = 1;
export const MICRO_FORMAT_FLAT = 0;
export const MICRO_HEADER_BYTES = 20;
const FLAG_DELETE = 1;
const DELETE_HASH_BYTE = new Uint8Array([0xff]);

/**
 * What readers need from a decoded microblock of either format (flat rows here, encoded columns
 * in encoded_microblock.ts): entry i is (keys[i], scns[i], row i).
 */
export interface MicroRows {
  readonly rowCount: number;
  readonly keys: EncodedRowkey[];
  readonly scns: Scn[];
  /** What the block cache charges for it. */
  readonly encodedBytes: number;
  isDeleteAt(i: number): boolean;
  rowAt(i: number): Value[] | null;
  projectedRowAt(i: number, p: Projection | null): Value[];
  /** Row i as stored: row_codec bytes (flat) or values (encoded); null for a delete marker. */
  storedRowAt(i: number): Value[] | Uint8Array | null;
}

/**
 * A microblock ready for reading: keys and SCNs decoded in one pass, rows left encoded and
 * decoded on access (only the projected columns, into a fresh array). The block cache keeps
 * these; decoded rows are never retained, so scans allocate only short-lived objects.
 * Entry i is (keys[i], scns[i], row i); row i is a delete marker when `isDeleteAt(i)`.
 */
export class MicroBlockRows implements MicroRows {
  constructor(
    readonly rowCount: number,
    readonly keys: EncodedRowkey[],
    readonly scns: Scn[],
    /** Byte offset of row i in the payload, −1 for a delete marker. */
    private readonly rowStarts: Int32Array,
    private readonly rowLengths: Int32Array,
    private readonly decoder: RowDecoder,
    /** On-disk size, for the block cache's budget. */
    readonly encodedBytes: number,
  ) {}

  isDeleteAt(i: number): boolean {
    return this.rowStarts[i] < 0;
  }

  /** Row i decoded (a fresh array), or null for a delete marker. */
  rowAt(i: number): Value[] | null {
    const start = this.rowStarts[i];
    if (start < 0) return null;
    this.decoder.pos = start;
    return this.decoder.row();
  }

  /** Row i's row_codec bytes (a view into the block), or null for a delete marker. */
  encodedRowAt(i: number): Uint8Array | null {
    const start = this.rowStarts[i];
    return start < 0 ? null : this.decoder.buf.subarray(start, start + this.rowLengths[i]);
  }

  storedRowAt(i: number): Uint8Array | null {
    return this.encodedRowAt(i);
  }

  /** Row i (not a delete marker) decoded with projection `p` (all columns when null). */
  projectedRowAt(i: number, p: Projection | null): Value[] {
    const start = this.rowStarts[i];
    assert(start >= 0, 'projection of a delete marker');
    this.decoder.pos = start;
    return p === null ? this.decoder.row() : this.decoder.projectedRow(p);
  }
}

/** Where bytes came from, for errors. */
export interface BlockSource {
  file: string;
  blockId: number;
}

/** Appends `key` as varint length + 16-bit units. */
export function writeKey(w: ByteWriter, key: EncodedRowkey): void {
  w.varint(key.length);
  for (let i = 0; i < key.length; i++) {
    const u = key.charCodeAt(i);
    w.u8(u & 0xff);
    w.u8(u >>> 8);
  }
}

const unitScratch: number[][] = [];

/** Reads a key written by `writeKey` at the decoder's position (checked). */
export function readKey(d: RowDecoder): EncodedRowkey {
  const n = d.varint();
  const b = d.bytes(n * 2);
  if (n > 256) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(b[2 * i] | (b[2 * i + 1] << 8));
    return s;
  }
  let units = unitScratch[n];
  if (units === undefined) units = unitScratch[n] = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) units[i] = b[2 * i] | (b[2 * i + 1] << 8);
  return String.fromCharCode.apply(null, units);
}

/** Builds one microblock from rows added in order. Reusable after `reset()`. */
export class MicroBlockWriter {
  private readonly payload = new ByteWriter(32 * 1024);
  private readonly rowScratch = new ByteWriter(1024);
  rowCount = 0;
  firstKey: EncodedRowkey = '';
  lastKey: EncodedRowkey = '';
  private lastScn: Scn = 0n as Scn;
  /** Sum (mod 2^32) of the logical hashes of the rows added (0 unless `hashRows`). */
  rowChecksum = 0;

  /** `hashRows`: compute the logical row checksum (majors: the baseline checksum). */
  constructor(private readonly hashRows: boolean) {}

  get payloadBytes(): number {
    return this.payload.length;
  }

  /**
   * Appends a version; asserts (key ascending, SCN descending) order within the block. `row`
   * is a row image, its row_codec encoding (copied from another SSTable, not re-encoded), or
   * null for a delete marker.
   */
  add(key: EncodedRowkey, scn: Scn, row: Value[] | Uint8Array | null): void {
    if (this.rowCount > 0) {
      assert(key > this.lastKey || (key === this.lastKey && scn < this.lastScn), 'microblock rows out of order');
    } else {
      this.firstKey = key;
    }
    const w = this.payload;
    const keyStart = w.length;
    writeKey(w, key);
    const keyEnd = w.length;
    w.i64(scn);
    w.u8(row === null ? FLAG_DELETE : 0);
    let rowBytes: Uint8Array | null = null;
    if (row instanceof Uint8Array) {
      rowBytes = row;
      w.varint(rowBytes.length);
      w.bytes(rowBytes);
    } else if (row !== null) {
      const rw = this.rowScratch;
      rw.reset();
      rw.row(row);
      rowBytes = rw.view_();
      w.varint(rowBytes.length);
      w.bytes(rowBytes);
    }
    if (this.hashRows) {
      const bytes = w.view_();
      const keyHash = CRC32.buf(bytes.subarray(keyStart, keyEnd));
      const hash = rowBytes === null ? CRC32.buf(DELETE_HASH_BYTE, keyHash) : CRC32.buf(rowBytes, keyHash);
      this.rowChecksum = (this.rowChecksum + (hash >>> 0)) >>> 0;
    }
    this.rowCount++;
    this.lastKey = key;
    this.lastScn = scn;
  }

  /** The finished microblock (header + payload). */
  build(): Uint8Array {
    assert(this.rowCount > 0, 'empty microblock');
    const body = this.payload.view_();
    const out = new Uint8Array(MICRO_HEADER_BYTES + body.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, MICRO_MAGIC, true);
    dv.setUint8(4, MICRO_VERSION);
    dv.setUint8(5, MICRO_FORMAT_FLAT);
    dv.setUint16(6, 0, true);
    dv.setUint32(8, this.rowCount, true);
    dv.setUint32(12, body.length, true);
    out.set(body, MICRO_HEADER_BYTES);
    dv.setUint32(16, CRC32.buf(body, CRC32.buf(out.subarray(0, 16))) >>> 0, true);
    return out;
  }

  reset(): void {
    this.payload.reset();
    this.rowCount = 0;
    this.firstKey = '';
    this.lastKey = '';
    this.rowChecksum = 0;
  }
}

/**
 * Decodes a microblock read from disk. Throws `Errors.checksumError(file, blockId)` on a bad
 * magic, version, format, length or CRC, and `Errors.ioError` if the (checksummed) payload does
 * not parse — neither ever yields rows.
 */
export function decodeMicroBlock(bytes: Uint8Array, src: BlockSource): MicroBlockRows {
  const bad = () => Errors.checksumError(src.file, src.blockId);
  if (bytes.length < MICRO_HEADER_BYTES) throw bad();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MICRO_MAGIC || dv.getUint8(4) !== MICRO_VERSION) throw bad();
  if (dv.getUint8(5) !== MICRO_FORMAT_FLAT) throw bad();
  const rowCount = dv.getUint32(8, true);
  const payloadBytes = dv.getUint32(12, true);
  if (MICRO_HEADER_BYTES + payloadBytes !== bytes.length) throw bad();
  const body = bytes.subarray(MICRO_HEADER_BYTES);
  if (CRC32.buf(body, CRC32.buf(bytes.subarray(0, 16))) >>> 0 !== dv.getUint32(16, true)) throw bad();
  const d = new RowDecoder(body, `${src.file} block ${src.blockId}`);
  const keys = new Array<EncodedRowkey>(rowCount);
  const scns = new Array<Scn>(rowCount);
  const rowStarts = new Int32Array(rowCount);
  const rowLengths = new Int32Array(rowCount);
  for (let i = 0; i < rowCount; i++) {
    keys[i] = readKey(d);
    scns[i] = d.i64() as Scn;
    const flags = d.u8();
    if (flags & FLAG_DELETE) {
      rowStarts[i] = -1;
    } else {
      const rowBytes = d.varint();
      rowStarts[i] = d.pos;
      rowLengths[i] = rowBytes;
      d.bytes(rowBytes);
    }
  }
  if (d.pos !== body.length) throw Errors.ioError(`trailing bytes in ${src.file} block ${src.blockId}`);
  return new MicroBlockRows(rowCount, keys, scns, rowStarts, rowLengths, d, bytes.length);
}
