import { describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import { scn } from '../common/ids';
import { MACRO_BLOCK_BYTES } from '../common/limits';
import { isObError } from '../common/ob_error';
import { ByteReader, ByteWriter } from '../common/row_codec';
import type { Value } from '../common/value';
import { BlockManager } from './block_manager';
import { makeProjection } from './iterator';
import { decodeMacroHeader, decodeMacroIndex, MACRO_HEADER_BYTES, MacroBlockWriter } from './macroblock';
import { decodeMicroBlock, MicroBlockWriter } from './microblock';
import { RowDecoder } from './row_decoder';
import { freshBlocks, k } from './test/helpers';

const SRC = { file: 'data/block_file', blockId: 3 };

function expectChecksumError(fn: () => unknown, blockId = SRC.blockId): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(isObError(err)).toBe(true);
  expect((err as Error).message).toBe(`Checksum error: file 'data/block_file' block ${blockId}`);
}

describe('row decoder', () => {
  const rows: Value[][] = [
    [null, 0, -1, 2147483647, -2147483648, 1.5, -0, Number.NaN, 2 ** 53 + 2, 9007199254740993n, -9223372036854775808n, 18446744073709551615n],
    ['', 'ascii', 'üñíçødé', '😀 emoji', 'x'.repeat(100), 'é'.repeat(70), '\u0000nul'],
    [new Decimal(12345n, 2), new Decimal(-5n, 0), new Decimal(0n, 3), new Decimal(-123456789012345678901234567890n, 10), new Decimal(999999999999999n, 4)],
  ];

  it('decodes exactly what ByteReader decodes', () => {
    for (const row of rows) {
      const w = new ByteWriter();
      w.row(row);
      const bytes = w.finish();
      const fast = new RowDecoder(bytes, 'test').row();
      expect(fast).toEqual(new ByteReader(bytes).row());
    }
  });

  it('decodes only the projected columns, in projection order, NULL past the row width', () => {
    const w = new ByteWriter();
    w.row(rows[1]);
    const d = new RowDecoder(w.finish(), 'test');
    expect(d.projectedRow(makeProjection([2, 0, 9]))).toEqual([rows[1][2], rows[1][0], null]);
  });

  it('throws an ObError on truncated or malformed input', () => {
    const w = new ByteWriter();
    w.row(['abcdef', 7]);
    const bytes = w.finish();
    expect(() => new RowDecoder(bytes.subarray(0, bytes.length - 2), 'blk').row()).toThrow(/IO error: truncated data in blk/);
    const bad = bytes.slice();
    bad[1] = 99;
    expect(() => new RowDecoder(bad, 'blk').row()).toThrow(/bad value tag 99/);
  });
});

describe('microblock format', () => {
  function build(): Uint8Array {
    const w = new MicroBlockWriter(true);
    w.add(k(1), scn(20), [1, 'new']);
    w.add(k(1), scn(10), null);
    w.add(k(2), scn(5), [2, new Decimal(314n, 2)]);
    return w.build();
  }

  it('round-trips keys, SCNs, delete markers and rows', () => {
    const m = decodeMicroBlock(build(), SRC);
    expect(m.rowCount).toBe(3);
    expect(m.keys).toEqual([k(1), k(1), k(2)]);
    expect(m.scns).toEqual([20n, 10n, 5n]);
    expect(m.rowAt(0)).toEqual([1, 'new']);
    expect(m.isDeleteAt(1)).toBe(true);
    expect(m.rowAt(1)).toBeNull();
    expect(m.projectedRowAt(2, makeProjection([1]))).toEqual([new Decimal(314n, 2)]);
  });

  it('keeps rowkeys whose 16-bit units are not valid UTF-16 (lone surrogates)', () => {
    const w = new MicroBlockWriter(false);
    const key = '\u0001\ud800\udfff\u0000\uffff';
    w.add(key, scn(1), [1]);
    expect(decodeMicroBlock(w.build(), SRC).keys[0]).toBe(key);
  });

  it('rejects rows out of order (a bug, so an assertion)', () => {
    const w = new MicroBlockWriter(false);
    w.add(k(2), scn(1), [2]);
    expect(() => w.add(k(1), scn(1), [1])).toThrow(/assertion failed: microblock rows out of order/);
  });

  it('a flipped byte anywhere, a bad magic or a bad version is a checksum error', () => {
    const good = build();
    for (const at of [0, 4, 5, 9, 20, good.length - 1]) {
      const bad = good.slice();
      bad[at] ^= 0x01;
      expectChecksumError(() => decodeMicroBlock(bad, SRC));
    }
    expectChecksumError(() => decodeMicroBlock(good.subarray(0, 10), SRC));
  });

  it('the logical row checksum depends on rowkeys and values, not on SCNs', () => {
    const a = new MicroBlockWriter(true);
    a.add(k(1), scn(5), [1, 'x']);
    const b = new MicroBlockWriter(true);
    b.add(k(1), scn(99), [1, 'x']);
    const c = new MicroBlockWriter(true);
    c.add(k(1), scn(5), [1, 'y']);
    expect(a.rowChecksum).toBe(b.rowChecksum);
    expect(a.rowChecksum).not.toBe(c.rowChecksum);
  });
});

describe('macroblock format', () => {
  it('lays out microblocks with an index and checks header and index', () => {
    const mw = new MacroBlockWriter('MINI');
    const micro = new MicroBlockWriter(false);
    micro.add(k(1), scn(1), [1]);
    micro.add(k(2), scn(1), [2]);
    const bytes1 = micro.build();
    mw.add(bytes1, 2, k(1), k(2), 0);
    micro.reset();
    micro.add(k(5), scn(1), [5]);
    mw.add(micro.build(), 1, k(5), k(5), 0);
    const block = mw.build(SRC.blockId);
    const header = decodeMacroHeader(block.subarray(0, MACRO_HEADER_BYTES), SRC);
    expect(header).toMatchObject({ blockId: 3, kind: 'MINI', microCount: 2, rowCount: 3 });
    const index = decodeMacroIndex(header, block.subarray(header.indexOffset, header.indexOffset + header.indexBytes), SRC);
    expect(index.micros.map((m) => [m.firstKey, m.lastKey, m.rowCount])).toEqual([[k(1), k(2), 2], [k(5), k(5), 1]]);
    expect(decodeMicroBlock(block.subarray(index.micros[1].offset, index.micros[1].offset + index.micros[1].length), SRC).keys).toEqual([k(5)]);
    // A block found at another block's offset is rejected, as is a damaged header or index.
    expectChecksumError(() => decodeMacroHeader(block, { ...SRC, blockId: 4 }), 4);
    const badHeader = block.slice();
    badHeader[16] ^= 1;
    expectChecksumError(() => decodeMacroHeader(badHeader, SRC));
    const badIndex = block.slice(header.indexOffset, header.indexOffset + header.indexBytes);
    badIndex[0] ^= 1;
    expectChecksumError(() => decodeMacroIndex(header, badIndex, SRC));
  });
});

describe('BlockManager', () => {
  it('allocates the lowest free block and reuses freed blocks only after a checkpoint', async () => {
    const { bm } = await freshBlocks();
    const a = bm.alloc();
    const b = bm.alloc();
    expect([a, b]).toEqual([0, 1]);
    bm.write(a, new Uint8Array([1, 2, 3]));
    bm.free(a);
    expect(bm.stats().pendingFreeBlockCount).toBe(1);
    expect(bm.alloc()).toBe(2); // block 0 may still be listed by the persisted checkpoint
    const mark = bm.markFreePoint();
    bm.free(b); // freed after the mark: not released by it
    bm.releaseFreed(mark);
    expect(bm.alloc()).toBe(0);
    expect(bm.alloc()).toBe(3);
    expect(bm.stats()).toMatchObject({ usedBlockCount: 3, pendingFreeBlockCount: 1 });
  });

  it('counts references: a shared block is freed when its last holder lets go', async () => {
    const { bm } = await freshBlocks();
    const id = bm.alloc();
    bm.ref(id);
    bm.free(id);
    expect(bm.isUsed(id)).toBe(true);
    bm.free(id);
    expect(bm.isUsed(id)).toBe(false);
    expect(() => bm.free(id)).toThrow(/assertion failed: free of unused block/);
  });

  it('after a restart only the blocks marked used are kept; every other block is free', async () => {
    const { fs, bm } = await freshBlocks();
    for (let i = 0; i < 4; i++) bm.write(bm.alloc(), new Uint8Array(10).fill(i));
    bm.flush();
    bm.close();
    const bm2 = await BlockManager.open(fs);
    bm2.markUsed([1, 3]);
    expect(bm2.alloc()).toBe(0);
    expect(bm2.alloc()).toBe(2);
    expect(bm2.alloc()).toBe(4);
    expect(bm2.read(3, 0, 3)).toEqual(new Uint8Array([3, 3, 3]));
    expect(bm2.stats().fileBytes).toBe(3 * MACRO_BLOCK_BYTES + 10);
  });

  it('caches decoded microblocks and counts hits and misses', async () => {
    const { bm } = await freshBlocks();
    const mw = new MacroBlockWriter('MAJOR');
    const micro = new MicroBlockWriter(true);
    micro.add(k(1), scn(1), [1]);
    mw.add(micro.build(), 1, k(1), k(1), micro.rowChecksum);
    const id = bm.alloc();
    bm.write(id, mw.build(id));
    const index = bm.readMacroIndex(id);
    const first = bm.readMicroBlock(id, index.micros[0]);
    expect(bm.readMicroBlock(id, index.micros[0])).toBe(first);
    expect(bm.stats()).toMatchObject({ blockCacheHits: 1, blockCacheMisses: 1 });
    bm.write(id, mw.build(id)); // a rewrite evicts the block's entries
    expect(bm.readMicroBlock(id, index.micros[0])).not.toBe(first);
    expect(bm.stats().blockCacheMisses).toBe(2);
  });

  it('a short read past the end of the file is a checksum error naming the block', async () => {
    const { bm } = await freshBlocks();
    const id = bm.alloc();
    bm.write(id, new Uint8Array(8));
    expectChecksumError(() => bm.readMacroIndex(id), id);
  });
});
