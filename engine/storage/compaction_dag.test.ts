import { beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../common/value';
import type { ObEvent } from '../env';
import { FULL_RANGE } from '../sql/exec_context';
import { planMajorLayout } from './co_sstable';
import { CompactionDagScheduler, planMajorDag, type PlannedSSTable } from './compaction_dag';
import { initCompression } from './compression';
import { Tablet } from './tablet';
import { loadWide, text, wideIdentity, wideRow } from './test/columnar_helpers';
import { freshBlocks, identity, k, l, NO_YIELD, readAll, s, storage } from './test/helpers';
import type { Yielder } from './types';

beforeAll(() => initCompression());

const table = (rows: number, blocks: number): PlannedSSTable => ({
  rowCount: rows,
  macroBlocks: Array.from({ length: blocks }, (_, i) => ({ firstKey: k(i * 1000), rowCount: rows / blocks })),
});

describe('planMajorDag (pure)', () => {
  const columnLayout = planMajorLayout(wideIdentity('column'));
  const rowLayout = planMajorLayout(wideIdentity('row'));

  it('cuts the key space at old macroblock boundaries into ranges of about rangeRows rows', () => {
    const plan = planMajorDag(table(1_000_000, 10), [table(50_000, 1)], rowLayout, { rangeRows: 262_144 });
    expect(plan.ranges.length).toBe(4);
    expect(plan.ranges[0]).toEqual({ start: FULL_RANGE.start, startInclusive: true, end: k(3000), endInclusive: false });
    for (let i = 1; i < plan.ranges.length; i++) {
      expect(plan.ranges[i].start).toBe(plan.ranges[i - 1].end);
      expect(plan.ranges[i].startInclusive).toBe(true);
    }
    expect(plan.ranges.at(-1)).toMatchObject({ end: FULL_RANGE.end, endInclusive: true });
    // A row store has one group: one MERGE per range.
    expect(plan.merges.map((m) => [m.rangeIndex, m.cgStart, m.cgEnd])).toEqual([[0, 0, 1], [1, 0, 1], [2, 0, 1], [3, 0, 1]]);
  });

  it('without a major, splits along the largest increment; a small tablet is one range', () => {
    expect(planMajorDag(null, [table(600_000, 6), table(10, 1)], rowLayout, { rangeRows: 200_000 }).ranges.length).toBe(3);
    expect(planMajorDag(null, [table(10, 1)], rowLayout).ranges).toEqual([FULL_RANGE]);
    expect(planMajorDag(null, [], rowLayout).merges).toEqual([{ rangeIndex: 0, cgStart: 0, cgEnd: 1, rowsTotal: 0, estimatedBytes: 0 }]);
  });

  it('batches column groups vertically: at most cgBatchMax per task, fewer under a small memory budget', () => {
    const groups = columnLayout.groups.length; // rowkey + 6 columns
    const wide = planMajorDag(table(1000, 1), [], columnLayout, { cgBatchMax: 3 });
    expect(wide.merges.map((m) => [m.cgStart, m.cgEnd])).toEqual([[0, 3], [3, 6], [6, 7]]);
    const tight = planMajorDag(table(100_000, 1), [], columnLayout, { cgBatchMax: 8, memoryBudgetBytes: 2_000_000 });
    expect(tight.merges.every((m) => m.cgEnd - m.cgStart >= 1)).toBe(true);
    expect(tight.merges.length).toBeGreaterThan(1);
    expect(tight.merges.filter((m) => m.cgEnd - m.cgStart > 1).every((m) => m.estimatedBytes <= 2_000_000)).toBe(true);
    // Every (range, group) is covered exactly once.
    const both = planMajorDag(table(1_000_000, 8), [], columnLayout, { rangeRows: 300_000, cgBatchMax: 2 });
    const covered = new Set<string>();
    for (const m of both.merges) for (let g = m.cgStart; g < m.cgEnd; g++) covered.add(`${m.rangeIndex}/${g}`);
    expect(covered.size).toBe(both.ranges.length * groups);
    expect(both.merges.reduce((n, m) => n + (m.cgEnd - m.cgStart), 0)).toBe(both.ranges.length * groups);
  });
});

describe('CompactionDagScheduler', () => {
  it('runs at most `workers` tasks at once and every task to completion, in order of arrival', async () => {
    const sched = new CompactionDagScheduler(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (i: number) => async () => {
      started.push(i);
      running++;
      peak = Math.max(peak, running);
      for (let y = 0; y < 3; y++) await Promise.resolve();
      running--;
      return i * 10;
    };
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => sched.run(task(i))));
    expect(results).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80]);
    expect(peak).toBe(2);
    expect(sched.peakRunning).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(sched.running).toBe(0);
    expect(sched.queued).toBe(0);
  });

  it('a failing task frees its slot', async () => {
    const sched = new CompactionDagScheduler(1);
    await expect(sched.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await sched.run(async () => 7)).toBe(7);
  });
});

describe('major compaction as a DAG', () => {
  it('split horizontally and vertically gives the same baseline as one task, and reports its tasks', async () => {
    const results = [];
    for (const split of [false, true]) {
      const { bm } = await freshBlocks();
      const events: ObEvent[] = [];
      const sched = new CompactionDagScheduler(2);
      const seen: string[][] = [];
      const t: Tablet = Tablet.create(wideIdentity('column'), bm, {
        events: { emit: (e) => events.push(e) },
        dagScheduler: sched,
        dagPlan: split ? { rangeRows: 700, cgBatchMax: 3 } : undefined,
      });
      loadWide(t, 0, 3000, 10, 1);
      await t.runMajorCompaction(s(15), NO_YIELD);
      loadWide(t, 0, 3000, 20, 2, 1, 4);
      t.applyCommitted([{ key: k(9), row: null }], s(21), l(3));
      const watch: Yielder = {
        yield: async () => {
          const tasks = t.snapshot().dagTasks ?? [];
          if (tasks.length > 0) seen.push(tasks.map((x) => `${x.kind}:${x.status}`));
        },
      };
      const r = await t.runMajorCompaction(s(30), watch);
      const fin = events.filter((e) => e.kind === 'compaction-finished' && e.mergeType === 'MAJOR_MERGE').at(-1) as { parallelDegree: number };
      results.push({ r, rows: text(readAll(t, s(30))), get: t.get(k(8), s(30)), degree: fin.parallelDegree, seen, peak: sched.peakRunning });
      expect(t.snapshot().dagTasks).toEqual([]);
    }
    const [one, many] = results;
    expect(many.r.checksum).toBe(one.r.checksum);
    expect(many.r.rowCount).toBe(2999);
    expect(many.rows).toEqual(one.rows);
    expect(text([many.get!])).toEqual(text([wideRow(8, 1)]));
    expect(one.degree).toBe(1);
    expect(many.degree).toBeGreaterThanOrEqual(8); // ≥ 4 ranges × 3 column-group batches
    expect(many.peak).toBe(2);
    const kinds = many.seen.flat();
    expect(kinds.some((x) => x === 'MERGE:RUNNING')).toBe(true);
    expect(kinds.some((x) => x === 'MERGE:FINISHED')).toBe(true);
    expect(many.seen[0][0]).toBe('PREPARE:FINISHED');
    expect(many.seen[0].at(-1)).toBe('FINISH:WAITING');
  });

  it('reuses untouched macroblocks of every column group (incremental major of a column store)', async () => {
    const pad = 400;
    const id = identity({ storage: storage({ storeFormat: 'column', compression: 'none' }) });
    const rows = (from: number, to: number, tag: string) => {
      const out = [];
      for (let n = from; n < to; n++) out.push({ key: k(n), row: [n, `${tag}${n}`.padEnd(pad, '.')] as Value[] });
      return out;
    };
    const change = [{ key: k(15999), row: [15999, 'changed'] as Value[] }, { key: k(20000), row: [20000, 'new'] as Value[] }];
    for (const dagPlan of [undefined, { rangeRows: 5000, cgBatchMax: 1 }]) {
      const { bm } = await freshBlocks();
      const t = Tablet.create(id, bm, { dagPlan });
      t.applyCommitted(rows(0, 16000, 'a'), s(10), l(1));
      const first = await t.runMajorCompaction(s(20), NO_YIELD);
      expect(first.reusedMacroBlockCount).toBe(0);
      t.applyCommitted(change, s(30), l(2));
      const second = await t.runMajorCompaction(s(40), NO_YIELD);
      const groups = t.snapshot().sstables[0].columnGroups!;
      const wide = groups.find((g) => g.name === '1')!;
      expect(wide.macroBlockCount).toBeGreaterThanOrEqual(3);
      expect(wide.reusedMacroBlockCount).toBeGreaterThanOrEqual(wide.macroBlockCount - 2);
      expect(second.reusedMacroBlockCount).toBe(groups.reduce((n, g) => n + g.reusedMacroBlockCount, 0));
      expect(t.get(k(15999), s(40))).toEqual([15999, 'changed']);
      expect(t.get(k(100), s(40))).toEqual([100, 'a100'.padEnd(pad, '.')]);
      expect(readAll(t, s(40)).length).toBe(16001);
      // The same data built in one go, on another replica: same checksum.
      const { bm: bm2 } = await freshBlocks();
      const replica = Tablet.create(id, bm2);
      replica.applyCommitted(rows(0, 15999, 'a'), s(10), l(1));
      replica.applyCommitted(change, s(30), l(2));
      const rebuilt = await replica.runMajorCompaction(s(40), NO_YIELD);
      expect(rebuilt.reusedMacroBlockCount).toBe(0);
      expect(rebuilt.checksum).toBe(second.checksum);
      // Reused blocks are shared, and dropping the tablet gives every block back.
      t.destroy();
      expect(bm.stats().usedBlockCount).toBe(0);
    }
  });
});

describe('sstableDetail', () => {
  it('lists column groups, microblocks, encodings, bytes and skip-index values', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(wideIdentity('column'), bm);
    loadWide(t, 0, 3000, 10, 1);
    expect(t.sstableDetail('MAJOR')).toBeNull();
    await t.runMajorCompaction(s(20), NO_YIELD);
    const d = t.sstableDetail('MAJOR')!;
    expect(d).toMatchObject({ tenantId: 1002, tabletId: 200001, type: 'MAJOR', format: 'encoded', compression: 'lz4_1.0' });
    expect(d.columnGroups.map((g) => g.name)).toEqual(['rowkey', '0', '1', '2', '3', '4', '5']);
    const qty = d.columnGroups[2];
    expect(qty.columns).toEqual([1]);
    expect(qty.truncated).toBe(false);
    expect(qty.microBlocks.reduce((n, m) => n + m.rowCount, 0)).toBe(3000);
    const m0 = qty.microBlocks[0];
    expect(m0.rowStart).toBe(0);
    expect(m0.columns).toHaveLength(1);
    expect(m0.columns[0]).toMatchObject({ column: 1, min: '0', max: '49', nullCount: 0 });
    expect(['INTEGER_BASE_DIFF', 'DICT', 'RLE', 'RAW', 'CONST']).toContain(m0.columns[0].encoding);
    expect(m0.columns[0].bytes).toBeLessThan(m0.columns[0].rawBytes);
    expect(qty.macroBlocks[0]).toMatchObject({ reused: false });
    const dbl = d.columnGroups[6].microBlocks[0].columns[0];
    expect(dbl.nullCount).toBeGreaterThan(0);
    // A flat mini lists microblocks without columns.
    loadWide(t, 0, 10, 30, 2, 2);
    t.freeze(l(2));
    await t.runMiniCompaction(NO_YIELD);
    const mini = t.sstableDetail('MINI')!;
    expect(mini.format).toBe('flat');
    expect(mini.columnGroups[0].microBlocks[0].columns).toEqual([]);
    const snap = t.snapshot();
    expect(snap.storeFormat).toBe('column');
    expect(snap.sstables.find((x) => x.type === 'MINI')!.format).toBe('flat');
  });
});
