/**
 * Microblock compression: every COMPRESSION value round-trips any bytes, shrinks repetitive data,
 * and turns corrupt, truncated or mislabelled stored bytes into OB_CHECKSUM_ERROR naming the file
 * and block — never into wrong data.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ObError } from '../common/ob_error';
import {
  COMPRESSOR_NAMES,
  type CompressorName,
  compressBlock,
  compressorCode,
  compressorFromCode,
  decompressBlock,
  DEFAULT_COMPRESSOR,
  initCompression,
  isCompressorName,
} from './compression';
import { zstdWasmModuleText } from './test/gen_zstd_wasm';

const SRC = { file: 'data/block_file', blockId: 42 };
const CODECS = COMPRESSOR_NAMES.filter((n) => n !== 'none');

beforeAll(async () => {
  await initCompression();
});

/** Bytes with long repeats, as rows of one table are: a short random pattern repeated. */
const repetitiveBytes = fc
  .tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 2, max: 800 }))
  .map(([pattern, times]) => {
    const out = new Uint8Array(pattern.length * times);
    for (let i = 0; i < times; i++) out.set(pattern, i * pattern.length);
    return out;
  });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 20_000 }), repetitiveBytes);

function expectChecksumError(fn: () => unknown): void {
  let thrown: unknown = null;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ObError);
  const e = thrown as ObError;
  expect(e.obCode).toBe(-4103);
  expect(e.message).toBe("Checksum error: file 'data/block_file' block 42");
}

describe('compressor names and codes', () => {
  it('accepts exactly the six COMPRESSION values OceanBase documents', () => {
    expect([...COMPRESSOR_NAMES].sort()).toEqual(['lz4_1.0', 'lz4_1.9.1', 'none', 'snappy_1.0', 'zstd_1.0', 'zstd_1.3.8']);
    for (const n of COMPRESSOR_NAMES) expect(isCompressorName(n)).toBe(true);
    for (const bad of ['zlib_1.0', 'ZSTD_1.3.8', 'lz4', '', 'toString', '__proto__']) expect(isCompressorName(bad)).toBe(false);
    expect(DEFAULT_COMPRESSOR).toBe('zstd_1.3.8');
  });

  it('gives each compressor a distinct non-zero header code that maps back', () => {
    const codes = COMPRESSOR_NAMES.map(compressorCode);
    expect(new Set(codes).size).toBe(COMPRESSOR_NAMES.length);
    for (const n of COMPRESSOR_NAMES) {
      expect(compressorCode(n)).toBeGreaterThan(0);
      expect(compressorCode(n)).toBeLessThan(256);
      expect(compressorFromCode(compressorCode(n))).toBe(n);
    }
    for (const unknown of [0, 4, 8, 255, -1, 1.5]) expect(compressorFromCode(unknown)).toBeNull();
  });
});

describe('round trip', () => {
  it.each(COMPRESSOR_NAMES)('%s restores random, repetitive and empty blocks exactly', (name) => {
    fc.assert(
      fc.property(anyBytes, (raw) => {
        const stored = compressBlock(name, raw);
        expect(decompressBlock(name, stored, raw.length, SRC)).toEqual(raw);
      }),
      { numRuns: 60 },
    );
    expect(decompressBlock(name, compressBlock(name, new Uint8Array(0)), 0, SRC)).toEqual(new Uint8Array(0));
  });

  it('none stores the raw bytes themselves', () => {
    const raw = new Uint8Array([1, 2, 3]);
    expect(compressBlock('none', raw)).toBe(raw);
  });

  it.each(CODECS)('%s never stores more than 4 bytes over an incompressible block', (name) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), (raw) => {
        expect(compressBlock(name, raw).length).toBeLessThanOrEqual(raw.length + 4);
      }),
      { numRuns: 40 },
    );
  });

  it.each(CODECS)('%s makes a repetitive 16 KiB block much smaller', (name) => {
    const text = Array.from({ length: 400 }, (_, i) => `${i},customer_${i % 37},${(i * 31) % 1000}.50,2024-01-${(i % 28) + 1}`);
    const raw = new TextEncoder().encode(text.join('|'));
    const stored = compressBlock(name, raw);
    expect(stored.length).toBeLessThan(raw.length / 2);
    expect(decompressBlock(name, stored, raw.length, SRC)).toEqual(raw);
  });

  it('zstd compresses repetitive data at least as well as lz4 here (level 1 both)', () => {
    const raw = new TextEncoder().encode('the quick brown fox jumps over the lazy dog; '.repeat(300));
    expect(compressBlock('zstd_1.3.8', raw).length).toBeLessThanOrEqual(compressBlock('lz4_1.0', raw).length);
  });

  it('handles a block far larger than a microblock (wasm memory grows)', () => {
    const raw = new Uint8Array(5_000_000);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 7919) % 251 ^ (i >> 12);
    for (const name of ['zstd_1.3.8', 'lz4_1.0'] as const) {
      const back = decompressBlock(name, compressBlock(name, raw), raw.length, SRC);
      expect(back.length).toBe(raw.length);
      expect(Buffer.from(back).equals(Buffer.from(raw))).toBe(true);
    }
  });
});

describe('corruption is OB_CHECKSUM_ERROR, never wrong data', () => {
  it.each(CODECS)('%s: any changed byte of a stored block fails the read or changes nothing', (name) => {
    fc.assert(
      fc.property(anyBytes, fc.nat(), fc.integer({ min: 1, max: 255 }), (raw, at, xor) => {
        const stored = compressBlock(name, raw).slice();
        const i = at % stored.length;
        stored[i] = stored[i]! ^ xor;
        // A changed match offset inside a run of equal bytes can decode to the very same bytes,
        // which is fine: what must never happen is different bytes coming back.
        let back: Uint8Array | null = null;
        try {
          back = decompressBlock(name, stored, raw.length, SRC);
        } catch {
          expectChecksumError(() => decompressBlock(name, stored, raw.length, SRC));
        }
        if (back !== null) expect(back).toEqual(raw);
      }),
      { numRuns: 300 },
    );
  });

  it.each(CODECS)('%s: a changed CRC always fails the read', (name) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 2000 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (raw, at, xor) => {
        const stored = compressBlock(name, raw).slice();
        const i = at % 4;
        stored[i] = stored[i]! ^ xor;
        expectChecksumError(() => decompressBlock(name, stored, raw.length, SRC));
      }),
      { numRuns: 50 },
    );
  });

  it.each(COMPRESSOR_NAMES)('%s: a truncated stored block or a wrong raw length', (name) => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 5000 }), fc.nat(), (raw, cut) => {
        const stored = compressBlock(name, raw);
        expectChecksumError(() => decompressBlock(name, stored.subarray(0, cut % stored.length), raw.length, SRC));
        expectChecksumError(() => decompressBlock(name, stored, raw.length + 1, SRC));
        if (name !== 'none' || raw.length > 1) expectChecksumError(() => decompressBlock(name, stored, raw.length - 1, SRC));
      }),
      { numRuns: 40 },
    );
    expectChecksumError(() => decompressBlock(name, new Uint8Array(0), 10, SRC));
    expectChecksumError(() => decompressBlock(name, new Uint8Array(10), -1, SRC));
  });

  it('a block read with the wrong codec (a corrupt header code)', () => {
    const raw = new TextEncoder().encode('abcabcabcabcabcabcabcabcabcabcabcabc'.repeat(50));
    const pairs: [CompressorName, CompressorName][] = [
      ['lz4_1.0', 'zstd_1.3.8'],
      ['zstd_1.0', 'lz4_1.9.1'],
      ['zstd_1.3.8', 'none'],
    ];
    for (const [wrote, read] of pairs) {
      expectChecksumError(() => decompressBlock(read, compressBlock(wrote, raw), raw.length, SRC));
    }
  });

  it('an lz4 payload that asks for matches before the start of the block', () => {
    // token 0x0f: no literals, match length 19, offset 0xffff back from position 0.
    const raw = new Uint8Array(19);
    const stored = new Uint8Array([0, 0, 0, 0, 0x0f, 0xff, 0xff, 0x00]);
    expectChecksumError(() => decompressBlock('lz4_1.0', stored, raw.length, SRC));
  });
});

describe('initialisation', () => {
  it('is idempotent and needed only for zstd', async () => {
    vi.resetModules();
    const fresh = await import('./compression');
    const raw = new TextEncoder().encode('x'.repeat(1000));
    expect(fresh.compressionReady()).toBe(false);
    // (a fresh module graph has its own AssertionError class, so match the message)
    expect(() => fresh.compressBlock('zstd_1.3.8', raw)).toThrow(/assertion failed: zstd used before initCompression/);
    expect(fresh.decompressBlock('lz4_1.0', fresh.compressBlock('lz4_1.0', raw), raw.length, SRC)).toEqual(raw);
    const a = fresh.initCompression();
    expect(fresh.initCompression()).toBe(a);
    await a;
    expect(fresh.compressionReady()).toBe(true);
    expect(fresh.decompressBlock('zstd_1.3.8', fresh.compressBlock('zstd_1.3.8', raw), raw.length, SRC)).toEqual(raw);
  });

  it('embeds exactly the zstd module of the installed @bokuweb/zstd-wasm', () => {
    const embedded = readFileSync(new URL('./compression_zstd_wasm.ts', import.meta.url), 'utf8');
    // If this fails after a package upgrade: npx tsx engine/storage/test/gen_zstd_wasm.ts
    expect(embedded === zstdWasmModuleText()).toBe(true);
  });
});
