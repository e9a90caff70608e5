import { beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import { scn } from '../common/ids';
import { isObError } from '../common/ob_error';
import type { Value } from '../common/value';
import { BlockManager } from './block_manager';
import { initCompression, type CompressorName } from './compression';
import { decodeEncodedMicroBlock, EncodedMicroWriter, inferClass } from './encoded_microblock';
import type { ColumnClass } from './encoding/types';
import { SSTableBuilder } from './sstable_builder';
import { Tablet } from './tablet';
import { text, wideIdentity, wideRow, loadWide, WIDE_CLASSES } from './test/columnar_helpers';
import { freshBlocks, identity, k, l, NO_YIELD, range, readAll, s } from './test/helpers';
import { SKIP_INDEX_MIN_MAX, SKIP_INDEX_SUM } from './types';

beforeAll(() => initCompression());

const SRC = { file: 'data/block_file', blockId: 7 };

function buildMicro(compression: CompressorName, rows: Value[][], classes: (ColumnClass | null)[], keyed = true) {
  const w = new EncodedMicroWriter({ keyed, classes, skipBits: classes.map(() => SKIP_INDEX_MIN_MAX | SKIP_INDEX_SUM), compression });
  const cols = classes.map((_, j) => j);
  rows.forEach((r, i) => w.add(k(i * 3), scn(100 + (i % 4)), r, cols));
  return w.build();
}

describe('encoded microblocks', () => {
  const rows = Array.from({ length: 300 }, (_, n) => wideRow(n));
  for (const codec of ['none', 'lz4_1.0', 'zstd_1.3.8'] as CompressorName[]) {
    it(`round-trips rowkeys, SCNs and every column class with ${codec}`, () => {
      const built = buildMicro(codec, rows, WIDE_CLASSES);
      const m = decodeEncodedMicroBlock(built.bytes, SRC);
      expect(m.rowCount).toBe(300);
      expect(m.compression).toBe(codec);
      expect(m.keys).toEqual(rows.map((_, i) => k(i * 3)));
      expect(m.scns).toEqual(rows.map((_, i) => scn(100 + (i % 4))));
      expect(text(rows.map((_, i) => m.rowAt(i)))).toEqual(text(rows));
      expect(built.firstKey).toBe(k(0));
      expect(built.lastKey).toBe(k(299 * 3));
      // Skip-index aggregates of the microblock.
      expect(built.stats[1]!.stats).toMatchObject({ min: 0, max: 49, nullCount: 0, rowCount: 300 });
      expect(built.stats[5]!.stats.nullCount).toBe(rows.filter((r) => r[5] === null).length);
      if (codec !== 'none') expect(built.bytes.length).toBeLessThan(built.encodedBytes);
    });
  }

  it('keeps rowkeys with arbitrary 16-bit units and bigints, infers classes without a schema', () => {
    const keys = ['\ud800x', '\ud800y\udfff', '\uffff'];
    const w = new EncodedMicroWriter({ keyed: true, classes: [null, null], skipBits: [0, 0], compression: 'lz4_1.0' });
    const vals: Value[][] = [[1n << 60n, 'a'], [5, null], [-(1n << 62n), 'c']];
    keys.forEach((key, i) => w.add(key, scn(9), vals[i], [0, 1]));
    const m = decodeEncodedMicroBlock(w.build().bytes, SRC);
    expect(m.keys).toEqual(keys);
    expect([0, 1, 2].map((i) => m.rowAt(i))).toEqual(vals);
    expect(inferClass([1, 2.5, null])).toEqual({ kind: 'double' });
    expect(inferClass([new Decimal(1n, 1), new Decimal(1n, 3)])).toEqual({ kind: 'decimal', scale: 3 });
    expect(inferClass([1, 'x'])).toBeNull();
  });

  it('a flipped byte, a bad version or a truncated block is a checksum error naming file and block', () => {
    const built = buildMicro('zstd_1.3.8', rows, WIDE_CLASSES);
    const positions = [0, 4, 5, 6, 9, 13, 17, 21, 30, built.bytes.length - 1];
    for (const p of positions) {
      const bad = built.bytes.slice();
      bad[p] ^= 0x5a;
      let err: unknown;
      try {
        decodeEncodedMicroBlock(bad, SRC);
      } catch (e) {
        err = e;
      }
      expect(isObError(err), `byte ${p}`).toBe(true);
      expect((err as Error).message).toBe(`Checksum error: file 'data/block_file' block 7`);
    }
    expect(() => decodeEncodedMicroBlock(built.bytes.subarray(0, built.bytes.length - 3), SRC)).toThrow(/Checksum error/);
  });
});

const FORMATS = ['row', 'column', 'hybrid'] as const;

async function wideTablet(format: (typeof FORMATS)[number], bm?: BlockManager): Promise<Tablet> {
  const blocks = bm ?? (await freshBlocks()).bm;
  const t = Tablet.create(wideIdentity(format), blocks);
  loadWide(t, 0, 3000, 10, 1);
  loadWide(t, 0, 3000, 20, 2, 1, 7); // every 7th row updated
  t.applyCommitted([{ key: k(5), row: null }, { key: k(6), row: null }], s(25), l(3));
  return t;
}

describe('row, column and hybrid majors', () => {
  it('give identical visible rows, gets and baseline checksums', async () => {
    const results = [];
    for (const format of FORMATS) {
      const t = await wideTablet(format);
      const r = await t.runMajorCompaction(s(30), NO_YIELD);
      const snap = t.snapshot().sstables[0];
      expect(snap.format).toBe('encoded');
      expect(snap.compression).toBe('lz4_1.0');
      expect(snap.rawBytes).toBeGreaterThan(snap.bytes);
      if (format === 'row') expect(snap.columnGroups).toBeUndefined();
      else expect(snap.columnGroups!.map((g) => g.name)).toEqual([format === 'column' ? 'rowkey' : 'all columns', '0', '1', '2', '3', '4', '5']);
      results.push({
        r,
        all: text(readAll(t, s(30))),
        rev: text(readAll(t, s(30), range(100, 200, false, true), { reverse: true, columns: [5, 2, 0] })),
        gets: [0, 5, 7, 1234, 2999, 3000].map((n) => t.get(k(n), s(30))),
      });
    }
    expect(results[0].r.rowCount).toBe(2998);
    expect(results[0].all.length).toBe(2998);
    for (const x of results.slice(1)) {
      expect(x.r.checksum).toBe(results[0].r.checksum);
      expect(x.r.rowCount).toBe(results[0].r.rowCount);
      expect(x.all).toEqual(results[0].all);
      expect(x.rev).toEqual(results[0].rev);
      expect(text(x.gets.map((g) => g ?? []))).toEqual(text(results[0].gets.map((g) => g ?? [])));
    }
    expect(text([results[0].gets[2]!])).toEqual(text([wideRow(7, 1)]));
    expect(results[0].gets[1]).toBeNull();
  });

  it('read correctly with newer increments overlapping the columnar baseline, and merge them in', async () => {
    for (const format of FORMATS) {
      const t = await wideTablet(format);
      await t.runMajorCompaction(s(30), NO_YIELD);
      loadWide(t, 2990, 3010, 40, 4, 2);
      t.applyCommitted([{ key: k(100), row: null }], s(41), l(5));
      const at30 = readAll(t, s(30));
      const at45 = readAll(t, s(45));
      expect(at30.length).toBe(2998);
      expect(at45.length).toBe(3007);
      expect(t.get(k(100), s(45))).toBeNull();
      expect(text([t.get(k(100), s(35))!])).toEqual(text([wideRow(100)]));
      const r = await t.runMajorCompaction(s(50), NO_YIELD);
      expect(r.rowCount).toBe(3007);
      expect(text(readAll(t, s(50)))).toEqual(text(at45));
    }
  });

  it('switch layout at the next major after updateStorageSchema (ALTER TABLE ... ADD COLUMN GROUP)', async () => {
    const t = await wideTablet('row');
    const first = await t.runMajorCompaction(s(30), NO_YIELD);
    const before = text(readAll(t, s(30)));
    t.updateStorageSchema(wideIdentity('column'));
    expect(t.snapshot().sstables[0].columnGroups).toBeUndefined(); // unchanged until the next major
    expect(t.meta().identity.storage?.storeFormat).toBe('column');
    loadWide(t, 5000, 5001, 35, 4);
    const second = await t.runMajorCompaction(s(40), NO_YIELD);
    expect(second.reusedMacroBlockCount).toBe(0);
    expect(t.snapshot().sstables[0].columnGroups?.length).toBe(7);
    expect(text(readAll(t, s(40))).slice(0, -1)).toEqual(before);
    // Back to a row store: DROP COLUMN GROUP(each column).
    t.updateStorageSchema(wideIdentity('row'));
    loadWide(t, 5001, 5002, 45, 5);
    await t.runMajorCompaction(s(50), NO_YIELD);
    expect(t.snapshot().sstables[0].columnGroups).toBeUndefined();
    expect(readAll(t, s(50)).length).toBe(3000);
    expect(first.checksum).not.toBe(second.checksum);
  });

  it('restart: a columnar tablet reopens from its JSON meta with the same reads', async () => {
    for (const format of ['column', 'hybrid'] as const) {
      const { fs, bm } = await freshBlocks();
      const t = await wideTablet(format, bm);
      await t.runMajorCompaction(s(30), NO_YIELD);
      loadWide(t, 10, 20, 40, 4, 3);
      t.freeze(l(4));
      await t.runMiniCompaction(NO_YIELD);
      const meta = JSON.parse(JSON.stringify(t.meta()));
      const before = [30, 45].map((x) => text(readAll(t, s(x))));
      bm.flush();
      fs.crash();
      const bm2 = await BlockManager.open(fs);
      bm2.markUsed(Tablet.blockIdsOf(meta));
      const t2 = Tablet.restore(meta, bm2);
      expect(Tablet.blockIdsOf(meta).length).toBeGreaterThanOrEqual(8);
      expect([30, 45].map((x) => text(readAll(t2, s(x))))).toEqual(before);
      expect(text([t2.get(k(15), s(45))!])).toEqual(text([wideRow(15, 3)]));
      const r = await t2.runMajorCompaction(s(50), NO_YIELD);
      expect(r.rowCount).toBe(2998);
      t2.destroy();
      expect(bm2.stats().usedBlockCount).toBe(0);
    }
  });

  it('an old flat major (format 1, before encodings) still opens, reads and merges', async () => {
    const { bm } = await freshBlocks();
    const b = new SSTableBuilder(bm, 'MAJOR', 4096);
    for (let n = 0; n < 500; n++) b.add(k(n), s(10), [n, `old${n}`]);
    const flat = b.finish({ seq: 1, startScn: s(0), endScn: s(20), endLsn: 1 });
    const old = { ...flat.meta, formatVersion: 1 } as Record<string, unknown>;
    delete old.format;
    const meta = { identity: identity(), tableStore: { version: 1, nextSeq: 3, sstables: [old] }, checkpointLsn: 1 };
    const t = Tablet.restore(JSON.parse(JSON.stringify(meta)), bm); // shares `flat`'s block references
    expect(t.snapshot().sstables[0].format).toBe('flat');
    expect(readAll(t, s(20)).length).toBe(500);
    expect(t.get(k(42), s(20))).toEqual([42, 'old42']);
    t.applyCommitted([{ key: k(42), row: [42, 'new'] }], s(30), l(2));
    const r = await t.runMajorCompaction(s(40), NO_YIELD);
    expect(r.rowCount).toBe(500);
    expect(r.reusedMacroBlockCount).toBe(0);
    expect(t.snapshot().sstables[0].format).toBe('encoded');
    expect(t.get(k(42), s(40))).toEqual([42, 'new']);
    expect(t.get(k(43), s(40))).toEqual([43, 'old43']);
  });
});

describe('skip index metadata', () => {
  it('rolls microblock aggregates up into macroblock and SSTable metas (JSON-safe)', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(wideIdentity('row'), bm);
    loadWide(t, 0, 2000, 10, 1);
    await t.runMajorCompaction(s(20), NO_YIELD);
    const ts = JSON.parse(JSON.stringify(t.meta().tableStore)) as {
      sstables: { group: { stats: ({ bits: number; stats: { min: unknown; max: unknown; sum: unknown; nullCount: number } } | null)[] }; macroBlocks: { stats: unknown[] }[] }[];
    };
    const stats = ts.sstables[0].group.stats;
    expect(stats[0]!.bits).toBe(SKIP_INDEX_MIN_MAX);
    expect(stats[1]!.bits).toBe(SKIP_INDEX_MIN_MAX | SKIP_INDEX_SUM);
    expect(stats[2]).toBeNull();
    let sum = 0;
    for (let n = 0; n < 2000; n++) sum += (n * 7) % 50;
    expect(stats[1]!.stats).toMatchObject({ min: 0, max: 49, nullCount: 0 });
    expect(Number(stats[1]!.stats.sum)).toBe(sum);
    expect(ts.sstables[0].macroBlocks[0].stats.length).toBe(6);
  });
});
