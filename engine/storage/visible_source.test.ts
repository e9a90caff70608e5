/**
 * Tablet scans against a model: whatever the layers look like (one memtable, frozen and active
 * memtables with disjoint or overlapping rowkeys, minis and a minor), every scan — forward or
 * reverse, any range, snapshot, projection, limit and batch size — returns exactly the rows a
 * plain multi-version map says are visible, in rowkey order. Covers the per-layer fast sources
 * and the merged path (visible_source.ts), and inserts arriving while a scan is paused.
 */
import { describe, expect, it } from 'vitest';
import type { Value } from '../common/value';
import { SeededRng } from '../env/memory';
import type { KeyRange } from '../sql/exec_context';
import { collectRows } from './scan';
import { Tablet } from './tablet';
import { freshBlocks, identity, k, l, NO_YIELD, s } from './test/helpers';

/** Versions per integer key, as the model keeps them: [scn, row | null]. */
type Model = Map<number, [number, Value[] | null][]>;

function visible(model: Model, snapshot: number, lo: number, hi: number, reverse: boolean, cols: number[] | null): Value[][] {
  const keys = [...model.keys()].filter((x) => x >= lo && x <= hi).sort((a, b) => a - b);
  if (reverse) keys.reverse();
  const out: Value[][] = [];
  for (const key of keys) {
    let best: [number, Value[] | null] | null = null;
    for (const v of model.get(key)!) if (v[0] <= snapshot && (best === null || v[0] > best[0])) best = v;
    if (best === null || best[1] === null) continue;
    const row = best[1];
    out.push(cols === null ? row.slice() : cols.map((c) => row[c] ?? null));
  }
  return out;
}

/** Writes `n` random versions (some deletes) at `scn`, logged at `lsn`, into the tablet and the model. */
function write(t: Tablet, model: Model, rng: SeededRng, from: number, span: number, n: number, scn: number, lsn: number): void {
  const muts: { key: string; row: Value[] | null }[] = [];
  const used = new Set<number>();
  for (let i = 0; i < n; i++) {
    const key = from + rng.int(span);
    if (used.has(key)) continue;
    used.add(key);
    const row: Value[] | null = rng.int(6) === 0 ? null : [key, `v${scn}-${key}`];
    muts.push({ key: k(key), row });
    const list = model.get(key) ?? [];
    list.push([scn, row]);
    model.set(key, list);
  }
  t.applyCommitted(muts, s(scn), l(lsn));
}

async function checkScans(t: Tablet, model: Model, rng: SeededRng, maxScn: number): Promise<void> {
  for (let round = 0; round < 40; round++) {
    const snapshot = rng.int(maxScn + 5);
    const a = rng.int(700) - 50;
    const b = a + rng.int(500);
    const reverse = rng.int(2) === 1;
    const cols = rng.int(3) === 0 ? null : rng.int(2) === 0 ? [1] : [1, 0];
    const limit = rng.int(4) === 0 ? 1 + rng.int(30) : undefined;
    const batchRows = 1 + rng.int(300);
    const range: KeyRange = { start: k(a), startInclusive: true, end: k(b), endInclusive: true };
    const got = collectRows(t.scan(range, s(snapshot), { reverse, columns: cols ?? undefined, limit, batchRows }));
    let want = visible(model, snapshot, a, b, reverse, cols);
    if (limit !== undefined) want = want.slice(0, limit);
    expect(got, `snapshot ${snapshot} [${a}, ${b}] reverse ${reverse} limit ${limit}`).toEqual(want);
  }
}

describe('Tablet scans against a multi-version model', () => {
  it('one memtable, then frozen and active memtables with disjoint rowkeys', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    const model: Model = new Map();
    const rng = new SeededRng(7);
    write(t, model, rng, 0, 300, 200, 10, 1);
    write(t, model, rng, 0, 300, 100, 20, 2);
    await checkScans(t, model, rng, 20);
    t.freeze(l(2));
    write(t, model, rng, 300, 300, 200, 30, 3); // disjoint from the frozen memtable
    await checkScans(t, model, rng, 30);
  });

  it('overlapping memtables, minis and a minor', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm, { minorCompactTrigger: 2 });
    const model: Model = new Map();
    const rng = new SeededRng(11);
    let scn = 10;
    let lsn = 1;
    for (let layer = 0; layer < 5; layer++) {
      write(t, model, rng, layer % 2 === 0 ? 0 : 200, 400, 150, scn++, lsn++);
      write(t, model, rng, 100, 300, 60, scn++, lsn++);
      t.freeze(l(lsn - 1));
      if (layer % 2 === 1) await t.runMiniCompaction(NO_YIELD);
      await checkScans(t, model, rng, scn);
    }
    write(t, model, rng, 600, 50, 30, scn++, lsn++); // an active memtable after every other span
    await checkScans(t, model, rng, scn);
  });

  it('a scan paused between batches sees neither order broken nor rows twice when rows are inserted', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(identity(), bm);
    const muts = [];
    for (let i = 0; i < 3000; i += 2) muts.push({ key: k(i), row: [i, 'old'] as Value[] });
    t.applyCommitted(muts, s(10), l(1));
    const rng = new SeededRng(5);
    let scn = 20;
    for (const reverse of [false, true]) {
      const seen: number[] = [];
      for (const batch of t.scan({ start: k(0), startInclusive: true, end: k(5000), endInclusive: true }, s(15), { batchRows: 100, reverse })) {
        for (const r of batch) seen.push(r[0] as number);
        // Newer commits land all over the memtable (splitting its index leaves) while the scan waits.
        const more = [];
        for (let j = 0; j < 60; j++) {
          const key = 1 + 2 * rng.int(2000);
          more.push({ key: k(key), row: [key, 'new'] as Value[] });
        }
        scn++;
        t.applyCommitted(more, s(scn), l(scn));
      }
      const want = [];
      for (let i = 0; i < 3000; i += 2) want.push(i);
      expect(seen).toEqual(reverse ? want.reverse() : want);
    }
  });
});
