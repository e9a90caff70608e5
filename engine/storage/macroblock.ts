/**
 * Macroblocks: the 2 MiB unit of write I/O, of space management and of reuse in incremental
 * major compaction (OceanBase's `ObMacroBlock`). Macroblock i lives at byte i × 2 MiB of the
 * server's block file; it holds a header, microblocks back to back, then the microblock index.
 *
 * Layout (little-endian), version 1 (flat SSTables) and 2 (encoded SSTables, issue 3):
 * ```
 *   0  u32  magic 'OBMA' (0x414d424f)
 *   4  u16  version (1)
 *   6  u8   SSTable kind (0 MINI, 1 MINOR, 2 MAJOR)
 *   7  u8   reserved (0)
 *   8  u32  block id (a block read at the wrong offset is detected)
 *  12  u32  microblock count
 *  16  u32  row count
 *  20  u32  data bytes (microblocks start at MACRO_HEADER_BYTES)
 *  24  u32  index offset
 *  28  u32  index bytes
 *  32  u32  CRC-32 of the index
 *  36  u32  logical row checksum (sum of row hashes, see microblock.ts)
 *  40  .. 59 reserved (0)
 *  60  u32  CRC-32 of bytes 0..59
 * index, per microblock: varint offset, varint length, varint row count, first key, last key;
 *   version 2 adds varint aux bytes + aux: the microblock's skip-index aggregates (skip_index.ts),
 *   opaque here, so pruning a microblock needs only the index
 * ```
 * Only the used prefix is written; the rest of the 2 MiB slot stays unwritten. Every microblock
 * carries its own CRC, so a reader checks exactly the bytes it uses.
 */
import CRC32 from 'crc-32';
import { assert } from '../common/assert';
import { MACRO_BLOCK_BYTES } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import { ByteWriter } from '../common/row_codec';
import type { SstableType } from '../server/snapshot';
import { readKey, writeKey, type BlockSource } from './microblock';
import { RowDecoder } from './row_decoder';

export const MACRO_MAGIC = 0x414d424f;
export const MACRO_VERSION = 1;
/** Version of macroblocks whose index entries carry an aux blob (encoded SSTables). */
export const MACRO_VERSION_AUX = 2;
export const MACRO_HEADER_BYTES = 64;

const KIND_CODES: Record<SstableType, number> = { MINI: 0, MINOR: 1, MAJOR: 2 };

/** One microblock of a macroblock: byte range inside the macroblock and its key span. */
export interface MicroIndexEntry {
  offset: number;
  length: number;
  rowCount: number;
  firstKey: EncodedRowkey;
  lastKey: EncodedRowkey;
  /** Version 2: the entry's aux bytes (skip-index aggregates); empty in version 1. */
  aux?: Uint8Array;
}

/** A parsed macroblock header plus its microblock index. */
export interface MacroBlockIndex {
  blockId: number;
  kind: SstableType;
  rowCount: number;
  rowChecksum: number;
  micros: MicroIndexEntry[];
}

/** Upper bound of one index entry's encoded size. */
function indexEntryBytesMax(first: EncodedRowkey, last: EncodedRowkey, auxBytes = 0): number {
  return 4 * 5 + 2 * 5 + 2 * (first.length + last.length) + auxBytes;
}

/** Collects microblocks for one macroblock and lays them out. Reusable after `reset()`. */
export class MacroBlockWriter {
  private readonly data = new ByteWriter(256 * 1024);
  private readonly micros: MicroIndexEntry[] = [];
  private indexBytesMax = 0;
  rowCount = 0;
  rowChecksum = 0;

  constructor(
    private readonly kind: SstableType,
    private readonly version: number = MACRO_VERSION,
  ) {
    assert(version === MACRO_VERSION || version === MACRO_VERSION_AUX, `bad macroblock version ${version}`);
  }

  get microCount(): number {
    return this.micros.length;
  }
  get firstKey(): EncodedRowkey {
    return this.micros[0].firstKey;
  }
  get lastKey(): EncodedRowkey {
    return this.micros[this.micros.length - 1].lastKey;
  }

  /** Whether a microblock of `bytes` with this key span still fits in the 2 MiB block. */
  fits(bytes: number, first: EncodedRowkey, last: EncodedRowkey, auxBytes = 0): boolean {
    const used = MACRO_HEADER_BYTES + this.data.length + this.indexBytesMax;
    return used + bytes + indexEntryBytesMax(first, last, auxBytes) <= MACRO_BLOCK_BYTES;
  }

  /** Appends a built microblock (caller checked `fits`). */
  add(micro: Uint8Array, rowCount: number, first: EncodedRowkey, last: EncodedRowkey, rowChecksum: number, aux?: Uint8Array): void {
    const auxBytes = aux?.length ?? 0;
    assert(this.version === MACRO_VERSION_AUX || auxBytes === 0, 'aux bytes need macroblock version 2');
    assert(this.fits(micro.length, first, last, auxBytes), 'microblock does not fit the macroblock');
    assert(this.micros.length === 0 || first >= this.lastKey, 'microblocks out of key order');
    this.micros.push({ offset: MACRO_HEADER_BYTES + this.data.length, length: micro.length, rowCount, firstKey: first, lastKey: last, aux });
    this.data.bytes(micro);
    this.indexBytesMax += indexEntryBytesMax(first, last, auxBytes);
    this.rowCount += rowCount;
    this.rowChecksum = (this.rowChecksum + rowChecksum) >>> 0;
  }

  /** The macroblock's bytes (header + microblocks + index), at most MACRO_BLOCK_BYTES. */
  build(blockId: number): Uint8Array {
    assert(this.micros.length > 0, 'empty macroblock');
    const index = new ByteWriter(this.indexBytesMax + 16);
    for (const m of this.micros) {
      index.varint(m.offset);
      index.varint(m.length);
      index.varint(m.rowCount);
      writeKey(index, m.firstKey);
      writeKey(index, m.lastKey);
      if (this.version === MACRO_VERSION_AUX) {
        index.varint(m.aux?.length ?? 0);
        if (m.aux !== undefined) index.bytes(m.aux);
      }
    }
    const indexBytes = index.view_();
    const indexOffset = MACRO_HEADER_BYTES + this.data.length;
    const out = new Uint8Array(indexOffset + indexBytes.length);
    assert(out.length <= MACRO_BLOCK_BYTES, 'macroblock overflow');
    const dv = new DataView(out.buffer);
    dv.setUint32(0, MACRO_MAGIC, true);
    dv.setUint16(4, this.version, true);
    dv.setUint8(6, KIND_CODES[this.kind]);
    dv.setUint32(8, blockId, true);
    dv.setUint32(12, this.micros.length, true);
    dv.setUint32(16, this.rowCount, true);
    dv.setUint32(20, this.data.length, true);
    dv.setUint32(24, indexOffset, true);
    dv.setUint32(28, indexBytes.length, true);
    dv.setUint32(32, CRC32.buf(indexBytes) >>> 0, true);
    dv.setUint32(36, this.rowChecksum, true);
    dv.setUint32(60, CRC32.buf(out.subarray(0, 60)) >>> 0, true);
    out.set(this.data.view_(), MACRO_HEADER_BYTES);
    out.set(indexBytes, indexOffset);
    return out;
  }

  reset(): void {
    this.data.reset();
    this.micros.length = 0;
    this.indexBytesMax = 0;
    this.rowCount = 0;
    this.rowChecksum = 0;
  }
}

/** Header fields needed to locate the index. */
export interface MacroBlockHeader {
  version: number;
  blockId: number;
  kind: SstableType;
  microCount: number;
  rowCount: number;
  indexOffset: number;
  indexBytes: number;
  indexCrc: number;
  rowChecksum: number;
}

/** Parses and checks a macroblock header. Throws `Errors.checksumError` on any mismatch. */
export function decodeMacroHeader(bytes: Uint8Array, src: BlockSource): MacroBlockHeader {
  const bad = () => Errors.checksumError(src.file, src.blockId);
  if (bytes.length < MACRO_HEADER_BYTES) throw bad();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, MACRO_HEADER_BYTES);
  const version = dv.getUint16(4, true);
  if (dv.getUint32(0, true) !== MACRO_MAGIC || (version !== MACRO_VERSION && version !== MACRO_VERSION_AUX)) throw bad();
  if (CRC32.buf(bytes.subarray(0, 60)) >>> 0 !== dv.getUint32(60, true)) throw bad();
  const kind = (Object.keys(KIND_CODES) as SstableType[]).find((k) => KIND_CODES[k] === dv.getUint8(6));
  const header: MacroBlockHeader = {
    version,
    blockId: dv.getUint32(8, true),
    kind: kind ?? 'MINI',
    microCount: dv.getUint32(12, true),
    rowCount: dv.getUint32(16, true),
    indexOffset: dv.getUint32(24, true),
    indexBytes: dv.getUint32(28, true),
    indexCrc: dv.getUint32(32, true),
    rowChecksum: dv.getUint32(36, true),
  };
  if (kind === undefined || header.blockId !== src.blockId) throw bad();
  if (header.indexOffset < MACRO_HEADER_BYTES || header.indexOffset + header.indexBytes > MACRO_BLOCK_BYTES) throw bad();
  return header;
}

/** Parses and checks the microblock index that `header` points to. */
export function decodeMacroIndex(header: MacroBlockHeader, indexBytes: Uint8Array, src: BlockSource): MacroBlockIndex {
  const bad = () => Errors.checksumError(src.file, src.blockId);
  if (indexBytes.length !== header.indexBytes || CRC32.buf(indexBytes) >>> 0 !== header.indexCrc) throw bad();
  const r = new RowDecoder(indexBytes, `${src.file} block ${src.blockId}`);
  const micros: MicroIndexEntry[] = [];
  for (let i = 0; i < header.microCount; i++) {
    const offset = r.varint();
    const length = r.varint();
    const rowCount = r.varint();
    const firstKey = readKey(r);
    const lastKey = readKey(r);
    const aux = header.version === MACRO_VERSION_AUX ? r.bytes(r.varint()) : undefined;
    if (offset < MACRO_HEADER_BYTES || offset + length > header.indexOffset) throw bad();
    micros.push({ offset, length, rowCount, firstKey, lastKey, aux });
  }
  if (r.pos !== indexBytes.length) throw bad();
  return { blockId: header.blockId, kind: header.kind, rowCount: header.rowCount, rowChecksum: header.rowChecksum, micros };
}
