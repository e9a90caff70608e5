/**
 * Microblock compression (OceanBase's `ObCompressor` family, table option COMPRESSION, cluster
 * parameter `default_compress_func`). Compaction compresses each finished microblock; a scan
 * decompresses it on a block-cache miss. Both are SYNCHRONOUS once `initCompression()` resolved.
 *
 * Names and codec families (OceanBase runs zstd and lz4 at level 1; so do we):
 *   - `none`        — stored bytes are the raw bytes (the very same array).
 *   - `lz4_1.0`, `lz4_1.9.1` — LZ4 block format (lz4js). Both versions produce the same format.
 *   - `snappy_1.0`  — mapped to the LZ4 family: snappy and LZ4 are both byte-oriented LZ77 without
 *                     entropy coding, with similar speed and ratio; no snappy library is bundled.
 *   - `zstd_1.0`, `zstd_1.3.8` — zstd level 1 (the same codec; 1.3.8 is the default).
 *
 * Stored form for every codec except `none` (little-endian):
 * ```
 *   0  u32  CRC-32 of the raw bytes
 *   4  payload: the codec's output, or the raw bytes themselves when the codec did not make them
 *      strictly smaller (OceanBase keeps such a block uncompressed, too). A reader tells the two
 *      apart by length alone: payload length === rawBytes ⇔ stored raw.
 * ```
 * Invariant: `decompressBlock` returns exactly the bytes given to `compressBlock` or throws
 * `Errors.checksumError(file, blockId)` — corrupt, truncated or mislabelled stored bytes never
 * yield wrong data (the CRC over the raw bytes checks the codec's own output as well).
 *
 * Codes (`compressorCode`) follow OceanBase's `ObCompressorType` numbering, 0 being invalid.
 */
import CRC32 from 'crc-32';
// @ts-expect-error lz4js ships no type declarations; narrowed to `Lz4Block` below.
import * as lz4jsModule from 'lz4js';
import { assert, unreachable } from '../common/assert';
import { Errors } from '../common/ob_error';
import { loadZstdWasm } from './compression_zstd';

export type CompressorName = 'none' | 'lz4_1.0' | 'lz4_1.9.1' | 'snappy_1.0' | 'zstd_1.0' | 'zstd_1.3.8';

/** Every valid COMPRESSION value, in the order OceanBase's docs list them. */
export const COMPRESSOR_NAMES: readonly CompressorName[] = Object.freeze([
  'none',
  'lz4_1.0',
  'snappy_1.0',
  'zstd_1.0',
  'zstd_1.3.8',
  'lz4_1.9.1',
] as const);

/** The default of `default_compress_func`. */
export const DEFAULT_COMPRESSOR: CompressorName = 'zstd_1.3.8';

/** `ObCompressorType` values: INVALID 0, NONE 1, LZ4 2, SNAPPY 3, (ZLIB 4), ZSTD 5, ZSTD_1_3_8 6, LZ4_1_9_1 7. */
const CODE_BY_NAME: Readonly<Record<CompressorName, number>> = {
  none: 1,
  'lz4_1.0': 2,
  'snappy_1.0': 3,
  'zstd_1.0': 5,
  'zstd_1.3.8': 6,
  'lz4_1.9.1': 7,
};
const NAME_BY_CODE: ReadonlyMap<number, CompressorName> = new Map(
  COMPRESSOR_NAMES.map((n) => [CODE_BY_NAME[n], n] as const),
);

/** True iff `s` is a valid COMPRESSION value (exact, case-sensitive as OceanBase stores them). */
export function isCompressorName(s: string): s is CompressorName {
  return Object.prototype.hasOwnProperty.call(CODE_BY_NAME, s);
}

/** The u8 stored in block headers for `name` (OceanBase's `ObCompressorType`; never 0). */
export function compressorCode(name: CompressorName): number {
  return CODE_BY_NAME[name];
}

/** The compressor a block header's u8 names, or null for an unknown code (a corrupt header). */
export function compressorFromCode(code: number): CompressorName | null {
  return NAME_BY_CODE.get(code) ?? null;
}

// ---------------------------------------------------------------------------------------------
// Codec families

type Family = 'none' | 'lz4' | 'zstd';

function familyOf(name: CompressorName): Family {
  switch (name) {
    case 'none':
      return 'none';
    case 'lz4_1.0':
    case 'lz4_1.9.1':
    case 'snappy_1.0':
      return 'lz4';
    case 'zstd_1.0':
    case 'zstd_1.3.8':
      return 'zstd';
    default:
      return unreachable(name, 'compressor');
  }
}

/** The part of lz4js we use: the raw LZ4 block format, no frame. */
interface Lz4Block {
  compressBound(n: number): number;
  /** Returns the compressed length, 0 when nothing could be encoded. `hashTable` must be zeroed. */
  compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  /** Returns the end index in `dst`; unchecked — writes past `dst` are dropped by the typed array. */
  decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}
const lz4: Lz4Block = ((lz4jsModule as { default?: Lz4Block }).default ?? lz4jsModule) as Lz4Block;

/** lz4js hashes into 2^16 slots; reused (zeroed) per block so compression allocates only its output. */
const lz4HashTable = new Uint32Array(1 << 16);

/** The synchronous codec behind a family, available once initialised. */
export interface Codec {
  /** Compressed payload of `raw`, or null when the codec cannot shrink it. */
  compress(raw: Uint8Array): Uint8Array | null;
  /** Decodes `payload` into exactly `rawBytes` bytes; returns null on any malformation. */
  decompress(payload: Uint8Array, rawBytes: number): Uint8Array | null;
}

const lz4Codec: Codec = {
  compress(raw) {
    lz4HashTable.fill(0);
    const dst = new Uint8Array(lz4.compressBound(raw.length));
    const n = lz4.compressBlock(raw, dst, 0, raw.length, lz4HashTable);
    return n > 0 && n < raw.length ? dst.slice(0, n) : null;
  },
  decompress(payload, rawBytes) {
    const out = new Uint8Array(rawBytes);
    // The decoder loops over the payload only, so it terminates on any input; an overrun shows as
    // an end index past rawBytes, anything else wrong is caught by the CRC.
    const end = lz4.decompressBlock(payload, out, 0, payload.length, 0);
    return end === rawBytes ? out : null;
  },
};

let zstdCodec: Codec | null = null;
let initPromise: Promise<void> | null = null;

function codecFor(family: Exclude<Family, 'none'>): Codec {
  if (family === 'lz4') return lz4Codec;
  assert(zstdCodec !== null, 'zstd used before initCompression() resolved (hosts await it before ObServer.start)');
  return zstdCodec;
}

/**
 * Loads the codecs that need asynchronous set-up (zstd's WebAssembly). Idempotent: every call
 * returns the same promise. Hosts (worker, obsh, bench, tests) await it before `ObServer.start`.
 */
export function initCompression(): Promise<void> {
  initPromise ??= loadZstdWasm().then(
    (codec) => {
      zstdCodec = codec;
    },
    (e: unknown) => {
      initPromise = null; // let a later call retry
      throw e;
    },
  );
  return initPromise;
}

/** True once `initCompression()` has resolved (every codec usable synchronously). */
export function compressionReady(): boolean {
  return zstdCodec !== null;
}

// ---------------------------------------------------------------------------------------------
// Public block API

const HEADER_BYTES = 4;

/**
 * Compresses one microblock's raw bytes with `name` (level 1). Synchronous. `none` returns `raw`
 * itself; every other codec returns a new array in the stored form described at the top of this
 * file (4-byte CRC-32 of the raw bytes, then the payload). The result's length is the block's
 * on-disk size; it never exceeds `raw.length + 4`.
 * Asserts if a codec that needs `initCompression()` is used before it resolved (a host bug).
 */
export function compressBlock(name: CompressorName, raw: Uint8Array): Uint8Array {
  const family = familyOf(name);
  if (family === 'none') return raw;
  const codec = codecFor(family);
  const payload = raw.length === 0 ? null : codec.compress(raw);
  const body = payload ?? raw;
  const out = new Uint8Array(HEADER_BYTES + body.length);
  new DataView(out.buffer).setUint32(0, CRC32.buf(raw) >>> 0, true);
  out.set(body, HEADER_BYTES);
  return out;
}

/**
 * Restores the `rawBytes` raw bytes of a block stored with `name`. Synchronous.
 * Throws `Errors.checksumError(src.file, src.blockId)` on any failure: a wrong length, a payload
 * the codec rejects, or a CRC mismatch — never returns wrong data. For `none` the stored bytes
 * are returned as they are (the microblock's own CRC covers them) after the length check.
 * Asserts if a codec that needs `initCompression()` is used before it resolved.
 */
export function decompressBlock(
  name: CompressorName,
  stored: Uint8Array,
  rawBytes: number,
  src: { file: string; blockId: number },
): Uint8Array {
  const bad = () => Errors.checksumError(src.file, src.blockId);
  if (!Number.isInteger(rawBytes) || rawBytes < 0) throw bad();
  const family = familyOf(name);
  if (family === 'none') {
    if (stored.length !== rawBytes) throw bad();
    return stored;
  }
  const codec = codecFor(family);
  if (stored.length < HEADER_BYTES) throw bad();
  const payload = stored.subarray(HEADER_BYTES);
  let raw: Uint8Array | null;
  if (payload.length === rawBytes) {
    raw = payload;
  } else if (payload.length > rawBytes || payload.length === 0) {
    throw bad();
  } else {
    try {
      raw = codec.decompress(payload, rawBytes);
    } catch {
      raw = null; // a codec library throwing on garbage is corruption, not a bug of ours
    }
  }
  if (raw === null || raw.length !== rawBytes) throw bad();
  const crc = new DataView(stored.buffer, stored.byteOffset, HEADER_BYTES).getUint32(0, true);
  if (CRC32.buf(raw) >>> 0 !== crc) throw bad();
  return raw;
}
