import { beforeAll, describe, expect, it } from 'vitest';
import { isObError } from '../common/ob_error';
import type { Value } from '../common/value';
import type { ObEvent } from '../env';
import { SeededRng, VirtualClock } from '../env/memory';
import { BlockManager } from './block_manager';
import { initCompression } from './compression';
import { Tablet } from './tablet';
import { freshBlocks, identity, k, l, NO_YIELD, range, readAll, s, storage } from './test/helpers';

/** Writes rows n ∈ [from, to) as [n, `${tag}${n}`] in one transaction at `scn`, logged at `lsn`. */
function load(t: Tablet, from: number, to: number, scn: number, lsn: number, tag = 'v', pad = 0): void {
  const muts = [];
  for (let n = from; n < to; n++) muts.push({ key: k(n), row: [n, `${tag}${n}`.padEnd(pad, '.')] as Value[] });
  t.applyCommitted(muts, s(scn), l(lsn));
}

beforeAll(() => initCompression());

describe('Tablet: freeze and mini compaction', () => {
  it('reads the same rows before and after a freeze and a mini dump', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 100, 10, 1, 'a');
    load(t, 50, 150, 20, 2, 'b');
    t.applyCommitted([{ key: k(7), row: null }], s(30), l(3));
    const snaps = [5, 10, 15, 20, 30, 40];
    const before = snaps.map((x) => readAll(t, s(x)));
    expect(t.freeze(l(3))).toBe(true);
    expect(snaps.map((x) => readAll(t, s(x)))).toEqual(before);
    await t.runMiniCompaction(NO_YIELD);
    expect(snaps.map((x) => readAll(t, s(x)))).toEqual(before);
    expect(t.get(k(60), s(15))).toEqual([60, 'a60']);
    expect(t.get(k(60), s(25))).toEqual([60, 'b60']);
    expect(t.get(k(7), s(25))).toEqual([7, 'a7']);
    expect(t.get(k(7), s(35))).toBeNull();
    expect(t.latestVersionScn(k(7))).toBe(30n);
    expect(t.latestVersionScn(k(999))).toBeNull();
    const snap = t.snapshot();
    expect(snap.memtables).toEqual([]);
    expect(snap.sstables.map((x) => x.type)).toEqual(['MINI']);
    expect(snap.sstables[0].rowCount).toBe(201); // versions, delete marker included
    expect(t.checkpointLsn()).toBe(3);
    expect(t.memtableBytes()).toBe(0);
  });

  it('freeze of an empty memtable returns false and moves the checkpoint when nothing is in memory', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    expect(t.freeze(l(5))).toBe(false);
    expect(t.checkpointLsn()).toBe(5);
    load(t, 0, 3, 10, 6);
    expect(t.freeze(l(8))).toBe(true);
    expect(t.freeze(l(9))).toBe(false);
    expect(t.checkpointLsn()).toBe(5); // the frozen memtable is not dumped yet
    await t.runMiniCompaction(NO_YIELD);
    expect(t.checkpointLsn()).toBe(8);
  });

  it('merges two minis into a minor that keeps every version', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 50, 10, 1, 'a');
    t.freeze(l(1));
    await t.runMiniCompaction(NO_YIELD);
    expect(t.snapshot().sstables.map((x) => x.type)).toEqual(['MINI']);
    load(t, 0, 50, 20, 2, 'b');
    t.applyCommitted([{ key: k(3), row: null }], s(30), l(3));
    t.freeze(l(3));
    await t.runMiniCompaction(NO_YIELD);
    const snap = t.snapshot();
    expect(snap.sstables.map((x) => x.type)).toEqual(['MINOR']);
    expect(snap.sstables[0].rowCount).toBe(101);
    expect(t.get(k(3), s(15))).toEqual([3, 'a3']);
    expect(t.get(k(3), s(25))).toEqual([3, 'b3']);
    expect(t.get(k(3), s(35))).toBeNull();
    expect(readAll(t, s(15)).every((r) => String(r[1]).startsWith('a'))).toBe(true);
    expect(readAll(t, s(35)).length).toBe(49);
  });
});

describe('Tablet: major compaction', () => {
  it('builds the baseline at the frozen SCN, drops deletes, and keeps newer versions in a minor', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 20, 10, 1, 'a');
    t.applyCommitted([{ key: k(5), row: null }], s(20), l(2));
    load(t, 10, 30, 40, 3, 'c'); // after the frozen SCN
    t.freeze(l(3));
    await t.runMiniCompaction(NO_YIELD);
    const r = await t.runMajorCompaction(s(30), NO_YIELD);
    expect(r.rowCount).toBe(19); // keys 0..19 without 5
    expect(r.macroBlockCount).toBe(1);
    expect(t.majorScn()).toBe(30n);
    const types = t.snapshot().sstables.map((x) => x.type);
    expect(types).toEqual(['MAJOR', 'MINOR']);
    expect(t.snapshot().sstables[1].rowCount).toBe(20); // the versions at SCN 40 survive
    expect(t.get(k(5), s(35))).toBeNull();
    expect(t.get(k(15), s(35))).toEqual([15, 'a15']);
    expect(t.get(k(15), s(45))).toEqual([15, 'c15']);
    expect(t.get(k(25), s(35))).toBeNull();
    expect(readAll(t, s(45)).length).toBe(29);
    // A second major merges the minor in.
    const r2 = await t.runMajorCompaction(s(50), NO_YIELD);
    expect(r2.rowCount).toBe(29);
    expect(t.snapshot().sstables.map((x) => x.type)).toEqual(['MAJOR']);
    // The same frozen SCN again is a no-op returning the same baseline.
    expect(await t.runMajorCompaction(s(50), NO_YIELD)).toEqual({ ...r2, reusedMacroBlockCount: 0 });
  });

  it('an empty tablet gets an empty major with checksum 0', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    const r = await t.runMajorCompaction(s(10), NO_YIELD);
    expect(r).toEqual({ checksum: 0, rowCount: 0, macroBlockCount: 0, reusedMacroBlockCount: 0 });
    expect(readAll(t, s(20))).toEqual([]);
  });

  it('freezes and dumps memtable data at or below the frozen SCN itself', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 10, 10, 1);
    const r = await t.runMajorCompaction(s(20), NO_YIELD);
    expect(r.rowCount).toBe(10);
    expect(t.checkpointLsn()).toBe(1);
    expect(t.memtableBytes()).toBe(0);
  });

  it('reuses unchanged macroblocks and its checksum equals a full rebuild of the same data', async () => {
    const pad = 400; // ~400-byte rows: 16k rows span several 2 MiB macroblocks (uncompressed)
    const id = identity({ storage: storage({ compression: 'none' }) });
    const { bm } = await freshBlocks();
    const t = Tablet.create(id, bm);
    load(t, 0, 16000, 10, 1, 'a', pad);
    const first = await t.runMajorCompaction(s(20), NO_YIELD);
    expect(first.macroBlockCount).toBeGreaterThanOrEqual(3);
    expect(first.reusedMacroBlockCount).toBe(0);
    // Change only the last rows: every macroblock before them is reused.
    t.applyCommitted([{ key: k(15999), row: [15999, 'changed'] }, { key: k(20000), row: [20000, 'new'] }], s(30), l(2));
    const second = await t.runMajorCompaction(s(40), NO_YIELD);
    expect(second.reusedMacroBlockCount).toBe(second.macroBlockCount - 1);
    expect(second.rowCount).toBe(16001);
    expect(t.snapshot().sstables[0].reusedMacroBlockCount).toBe(second.reusedMacroBlockCount);
    expect(t.get(k(15999), s(40))).toEqual([15999, 'changed']);
    expect(t.get(k(100), s(40))).toEqual([100, 'a100'.padEnd(pad, '.')]);
    // A replica that got the same data in one go has the same checksum, whatever its blocks.
    const { bm: bm2 } = await freshBlocks();
    const replica = Tablet.create(id, bm2);
    load(replica, 0, 15999, 10, 1, 'a', pad);
    replica.applyCommitted([{ key: k(15999), row: [15999, 'changed'] }, { key: k(20000), row: [20000, 'new'] }], s(30), l(2));
    const rebuilt = await replica.runMajorCompaction(s(40), NO_YIELD);
    expect(rebuilt.reusedMacroBlockCount).toBe(0);
    expect(rebuilt.checksum).toBe(second.checksum);
    expect(rebuilt.checksum).not.toBe(first.checksum);
  });

  it('reports progress while a compaction runs', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 3000, 10, 1);
    t.freeze(l(1));
    const seen: { mergeType: string; rowsDone: number; rowsTotal: number }[] = [];
    await t.runMiniCompaction({
      yield: async () => {
        const c = t.snapshot().compaction;
        if (c) seen.push({ mergeType: c.mergeType, rowsDone: c.rowsDone, rowsTotal: c.rowsTotal });
      },
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((c) => c.mergeType === 'MINI_MERGE' && c.rowsTotal === 3000)).toBe(true);
    expect(seen[seen.length - 1].rowsDone).toBeGreaterThan(seen[0].rowsDone);
    expect(t.snapshot().compaction).toBeNull();
  });

  it('emits progress and finish events with the tablet and merge type', async () => {
    const { bm } = await freshBlocks();
    const events: ObEvent[] = [];
    const clock = new VirtualClock(1_000);
    const t = Tablet.create(identity(), bm, { events: { emit: (e) => events.push(e) }, clock });
    load(t, 0, 5000, 10, 1);
    await t.runMajorCompaction(s(20), NO_YIELD);
    const progress = events.filter((e) => e.kind === 'compaction-progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(20);
    expect(events.at(-1)).toMatchObject({ kind: 'compaction-finished', mergeType: 'MAJOR_MERGE', tenantId: 1002, tabletId: 200001, atUs: 1_000 });
    // The history row (GV$OB_TABLET_COMPACTION_HISTORY) rides on the finished event.
    expect(events.at(-1)).toMatchObject({
      lsId: 1001,
      compactionScn: '20',
      startUs: 1_000,
      finishUs: 1_000,
      totalRowCount: 5000,
      incrementalRowCount: 5000,
      macroBlockCount: 1,
      multiplexedMacroBlockCount: 0,
      parallelDegree: 1,
      comments: '',
    });
    const fin = events.at(-1) as { taskId: string; compressionRatio: number; newMicroBlockCount: number; occupySize: number };
    expect(fin.taskId).toMatch(/^Y30D41-[0-9A-F]{16}-0-0$/);
    expect(fin.compressionRatio).toBeGreaterThan(1);
    expect(fin.newMicroBlockCount).toBeGreaterThan(0);
    expect(fin.occupySize).toBe(t.snapshot().sstables[0].bytes);
    expect(events.some((e) => e.kind === 'compaction-finished' && e.mergeType === 'MINI_MERGE')).toBe(true);
  });
});

describe('Tablet: scans', () => {
  async function mixedTablet(): Promise<Tablet> {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity({ microBlockBytes: 256 }), bm); // many microblocks
    load(t, 0, 100, 10, 1, 'maj');
    await t.runMajorCompaction(s(15), NO_YIELD);
    load(t, 40, 60, 20, 2, 'mini');
    t.freeze(l(2));
    await t.runMiniCompaction(NO_YIELD);
    load(t, 55, 110, 30, 3, 'mem');
    t.applyCommitted([{ key: k(10), row: null }, { key: k(41), row: null }], s(31), l(4));
    return t;
  }

  const expected = (from: number, to: number) => {
    const out: Value[][] = [];
    for (let n = from; n <= to; n++) {
      if (n === 10 || n === 41) continue;
      out.push([n, n >= 55 ? `mem${n}` : n >= 40 ? `mini${n}` : `maj${n}`]);
    }
    return out;
  };

  it('honours inclusive and exclusive bounds forward and in reverse across every layer', async () => {
    const t = await mixedTablet();
    const snap = s(40);
    expect(readAll(t, snap, range(5, 70))).toEqual(expected(5, 70));
    expect(readAll(t, snap, range(5, 70, false, false))).toEqual(expected(6, 69));
    expect(readAll(t, snap, range(5, 70, true, false), { reverse: true })).toEqual(expected(5, 69).reverse());
    expect(readAll(t, snap, range(5, 70, false, true), { reverse: true })).toEqual(expected(6, 70).reverse());
    expect(readAll(t, snap)).toEqual(expected(0, 109));
    expect(readAll(t, snap, undefined, { reverse: true })).toEqual(expected(0, 109).reverse());
    expect(readAll(t, snap, range(50, 50))).toEqual([[50, 'mini50']]);
    expect(readAll(t, snap, range(50, 50, false, true))).toEqual([]);
    expect(readAll(t, snap, range(200, 300))).toEqual([]);
  });

  it('projects columns, applies a limit and cuts batches', async () => {
    const t = await mixedTablet();
    const batches = [...t.scan(range(0, 109), s(40), { columns: [1, 0], limit: 25, batchRows: 10 })];
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches[0][0]).toEqual(['maj0', 0]);
    const rev = [...t.scan(range(0, 109), s(40), { columns: [0], limit: 3, reverse: true })];
    expect(rev).toEqual([[[109], [108], [107]]]);
    expect([...t.scan(range(0, 109), s(40), { limit: 0 })]).toEqual([]);
    // Returned rows are copies: changing them does not change the tablet.
    batches[0][0][0] = 'mutated';
    expect(t.get(k(0), s(40))).toEqual([0, 'maj0']);
  });

  it('older snapshots see older versions through every layer', async () => {
    const t = await mixedTablet();
    expect(readAll(t, s(25), range(38, 62)).map((r) => r[1])).toEqual(
      Array.from({ length: 25 }, (_, i) => 38 + i).map((n) => (n >= 40 && n < 60 ? `mini${n}` : `maj${n}`)),
    );
  });

  it('a scan keeps reading its layers while a compaction replaces and frees them', async () => {
    const { fs, bm } = await freshBlocks();
    const t = Tablet.create(identity({ microBlockBytes: 512 }), bm);
    load(t, 0, 2000, 10, 1, 'old', 50);
    await t.runMajorCompaction(s(20), NO_YIELD);
    const it = t.scan(range(0, 1999), s(25), { batchRows: 100 })[Symbol.iterator]();
    const first = it.next().value as Value[][];
    expect(first[0][0]).toBe(0);
    load(t, 0, 2000, 30, 2, 'new', 50);
    await t.runMajorCompaction(s(40), NO_YIELD); // old major released, held by the scan
    const mark = bm.markFreePoint();
    bm.releaseFreed(mark);
    load(t, 5000, 9000, 50, 3, 'other', 50);
    await t.runMajorCompaction(s(60), NO_YIELD); // may reuse freed blocks
    const rows = [...first];
    for (let r = it.next(); !r.done; r = it.next()) rows.push(...r.value);
    expect(rows.length).toBe(2000);
    expect(rows.every((r) => String(r[1]).startsWith('old'))).toBe(true);
    expect(fs).toBeDefined();
  });
});

describe('Tablet: restart and corruption', () => {
  it('restores from its meta on a new block manager with the same reads', async () => {
    const { fs, bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 500, 10, 1, 'a');
    await t.runMajorCompaction(s(15), NO_YIELD);
    load(t, 250, 750, 20, 2, 'b');
    t.applyCommitted([{ key: k(3), row: null }], s(25), l(3));
    t.freeze(l(3));
    await t.runMiniCompaction(NO_YIELD);
    const meta = JSON.parse(JSON.stringify(t.meta()));
    const before = [12, 22, 30].map((x) => readAll(t, s(x)));
    fs.crash(); // power loss: only flushed bytes survive

    const bm2 = await BlockManager.open(fs);
    bm2.markUsed(Tablet.blockIdsOf(meta));
    const t2 = Tablet.restore(meta, bm2);
    expect(Tablet.blockIdsOf(meta).map((id) => bm2.refCount(id))).toEqual(Tablet.blockIdsOf(meta).map(() => 1));
    expect([12, 22, 30].map((x) => readAll(t2, s(x)))).toEqual(before);
    expect(t2.checkpointLsn()).toBe(3);
    expect(t2.snapshot().sstables.map((x) => x.type)).toEqual(['MAJOR', 'MINI']);
    // The restored tablet keeps working: a new block never overwrites a live one.
    load(t2, 1000, 1100, 40, 4, 'c');
    await t2.runMajorCompaction(s(45), NO_YIELD);
    expect(readAll(t2, s(45)).length).toBe(849);
    expect(t2.get(k(600), s(45))).toEqual([600, 'b600']);
  });

  it('a corrupted byte in a block is a checksum error naming the file and block', async () => {
    const { fs, bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 100, 10, 1);
    await t.runMajorCompaction(s(20), NO_YIELD);
    const meta = t.meta();
    const blockId = Tablet.blockIdsOf(meta)[0];
    fs.crash();
    fs.corrupt('data/block_file', blockId * 2 * 1024 * 1024 + 64 + 40); // inside the first microblock
    const bm2 = await BlockManager.open(fs);
    const t2 = Tablet.restore(meta, bm2);
    let err: unknown;
    try {
      readAll(t2, s(20));
    } catch (e) {
      err = e;
    }
    expect(isObError(err)).toBe(true);
    expect((err as Error).message).toBe(`Checksum error: file 'data/block_file' block ${blockId}`);
    expect(() => t2.get(k(1), s(20))).toThrow(/Checksum error: file 'data\/block_file' block/);
  });

  it('a corrupted macroblock header is detected too', async () => {
    const { fs, bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 10, 10, 1);
    await t.runMajorCompaction(s(20), NO_YIELD);
    const meta = t.meta();
    fs.crash();
    fs.corrupt('data/block_file', Tablet.blockIdsOf(meta)[0] * 2 * 1024 * 1024 + 13);
    const t2 = Tablet.restore(meta, await BlockManager.open(fs));
    expect(() => readAll(t2, s(20))).toThrow(/Checksum error/);
  });
});

describe('Tablet: lifecycle', () => {
  it('serialises concurrent compactions of one tablet', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 100, 10, 1, 'a');
    t.freeze(l(1));
    const y = { yield: () => new Promise<void>((r) => setTimeout(r, 0)) };
    const mini = t.runMiniCompaction(y);
    load(t, 0, 100, 20, 2, 'b');
    t.freeze(l(2));
    const major = t.runMajorCompaction(s(25), y);
    const mini2 = t.runMiniCompaction(y);
    await Promise.all([mini, major, mini2]);
    expect(t.snapshot().sstables.map((x) => x.type)).toEqual(['MAJOR']);
    expect(readAll(t, s(30))).toEqual(Array.from({ length: 100 }, (_, n) => [n, `b${n}`]));
    expect(t.checkpointLsn()).toBe(2);
  });

  it('destroy releases every block of the tablet', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    load(t, 0, 100, 10, 1);
    await t.runMajorCompaction(s(20), NO_YIELD);
    load(t, 100, 200, 30, 2);
    t.freeze(l(2));
    await t.runMiniCompaction(NO_YIELD);
    expect(bm.stats().usedBlockCount).toBe(2);
    t.destroy();
    expect(bm.stats().usedBlockCount).toBe(0);
    expect(t.snapshot().sstables).toEqual([]);
    expect(await t.runMajorCompaction(s(40), NO_YIELD)).toEqual({ checksum: 0, rowCount: 0, macroBlockCount: 0, reusedMacroBlockCount: 0 });
  });

  it('keeps rowkeys with arbitrary 16-bit units through blocks, JSON metas and a restart', async () => {
    const { fs, bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    const ids = [0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffe, -1, 2 ** 31 - 1];
    t.applyCommitted(ids.map((n) => ({ key: k(n), row: [n, 'x'] })), s(10), l(1));
    await t.runMajorCompaction(s(20), NO_YIELD);
    const meta = JSON.parse(JSON.stringify(t.meta()));
    fs.crash();
    const t2 = Tablet.restore(meta, await BlockManager.open(fs));
    expect(readAll(t2, s(20)).map((r) => r[0])).toEqual([...ids].sort((a, b) => a - b));
    for (const n of ids) expect(t2.get(k(n), s(20))).toEqual([n, 'x']);
  });

  it('stores BIGINT values in canonical form so replicas hash them alike', async () => {
    const { bm } = await freshBlocks();
    const a = Tablet.create(identity(), bm);
    const b = Tablet.create(identity({ tabletId: 200002 as never }), bm);
    a.applyCommitted([{ key: k(1), row: [1, 5n] }], s(10), l(1));
    b.applyCommitted([{ key: k(1), row: [1, 5] }], s(10), l(1));
    expect(a.get(k(1), s(10))).toEqual([1, 5]);
    const ra = await a.runMajorCompaction(s(20), NO_YIELD);
    const rb = await b.runMajorCompaction(s(20), NO_YIELD);
    expect(ra.checksum).toBe(rb.checksum);
  });
});

describe('Tablet: against a model', () => {
  it.each([42, 7, 2024])('matches a simple multi-version map through random writes, freezes and compactions (seed %i)', async (seed) => {
    const rng = new SeededRng(seed);
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity({ microBlockBytes: 300 }), bm);
    const model = new Map<number, { scn: number; row: Value[] | null }[]>();
    let scn = 1;
    let lsnN = 0;
    let majorScn = 0;
    const visible = (key: number, snap: number): Value[] | null => {
      const vs = (model.get(key) ?? []).filter((v) => v.scn <= snap).sort((a, b) => b.scn - a.scn);
      return vs.length ? vs[0].row : null;
    };
    const check = () => {
      const snap = majorScn + rng.int(scn - majorScn + 1);
      const from = rng.int(60);
      const to = from + rng.int(60);
      const exp: Value[][] = [];
      for (let n = from; n <= to; n++) {
        const r = visible(n, snap);
        if (r) exp.push(r);
      }
      expect(readAll(t, s(snap), range(from, to))).toEqual(exp);
      expect(readAll(t, s(snap), range(from, to), { reverse: true })).toEqual([...exp].reverse());
      const key = rng.int(60);
      expect(t.get(k(key), s(snap))).toEqual(visible(key, snap));
    };
    for (let step = 0; step < 400; step++) {
      const op = rng.int(20);
      if (op < 14) {
        const muts = [];
        const commit = scn + 1 + rng.int(3) - (rng.int(6) === 0 ? 2 : 0); // sometimes out of order
        const used = new Set<number>();
        for (let i = 0, n = 1 + rng.int(4); i < n; i++) {
          const key = rng.int(60);
          // Row locks order writers of one row, so a row's commit SCNs only grow; across rows
          // commits may be applied out of SCN order (2PC).
          const versions = model.get(key) ?? [];
          if (used.has(key) || (versions.length > 0 && versions[versions.length - 1].scn >= commit)) continue;
          used.add(key);
          const row = rng.int(5) === 0 ? null : [key, `s${commit}`];
          muts.push({ key: k(key), row });
          if (!model.has(key)) model.set(key, []);
          model.get(key)!.push({ scn: commit, row });
        }
        t.applyCommitted(muts, s(commit), l(++lsnN));
        scn = Math.max(scn + 1, commit);
      } else if (op < 17) {
        t.freeze(l(lsnN));
        await t.runMiniCompaction(NO_YIELD);
        bm.releaseFreed(bm.markFreePoint()); // the server checkpoints after compactions
      } else if (op === 17) {
        // The frozen SCN lies somewhere after the last one: newer versions must survive.
        majorScn = majorScn + 1 + rng.int(Math.max(1, scn - majorScn));
        scn = Math.max(scn, majorScn) + 1;
        await t.runMajorCompaction(s(majorScn), NO_YIELD);
        bm.releaseFreed(bm.markFreePoint());
      }
      check();
    }
  });
});
