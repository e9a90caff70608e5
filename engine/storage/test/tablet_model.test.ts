/**
 * The tablet read path (memtables, minis, minor, major, merge iterator, MVCC visibility) checked
 * against a trivial multi-version model under random operation sequences (fast-check, shrinking).
 *
 * Operations: committed writes of puts and deletes at growing SCNs, sometimes out of SCN order
 * across rows (2PC), freezes, mini/minor compactions, majors at a frozen SCN ≤ the latest one,
 * restarts (meta → crash → `Tablet.restore` on a reopened block file, then log replay past the
 * checkpoint LSN), and reads — `get`, `latestVersionScn` and `scan` with bounds, reverse,
 * projection, limit and batch size — at random snapshots the tablet must still answer exactly:
 * any SCN at or above the newest major's frozen SCN (older versions below it are merged away).
 * Storage layouts and COMPRESSION values vary per run.
 *
 * The model: per key, its versions (commit SCN, row or null for a delete). A read at snapshot S
 * sees, per key, the newest version with SCN ≤ S, hidden when it is a delete.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../common/value';
import { FULL_RANGE, type KeyRange } from '../../sql/exec_context';
import { BlockManager } from '../block_manager';
import { COMPRESSOR_NAMES, initCompression } from '../compression';
import { Tablet } from '../tablet';
import type { RowMutation, ScanOptions, TabletStorageSchema } from '../types';
import { freshBlocks, identity, k, l, NO_YIELD, s } from './helpers';

/** Keys 0..KEYS-1 are written; reads also probe -1 and KEYS (never written). */
const KEYS = 30;
const COLUMN_COUNT = 3;
const DEFAULT_BATCH_ROWS = 256;
const COLUMN_CHOICES: (number[] | undefined)[] = [undefined, [0], [2, 0], [1], [2, 1, 0], [1, 1]];

// --- operations ------------------------------------------------------------------------------

type Op =
  | { t: 'write'; rows: { key: number; del: boolean; n: number | null }[]; ahead: number; back: boolean }
  | { t: 'freeze' }
  | { t: 'dump' }
  | { t: 'mini' }
  | { t: 'major'; advance: number }
  | { t: 'restart' }
  | { t: 'get'; key: number; snap: number }
  | {
      t: 'scan';
      from: number;
      to: number;
      fromIncl: boolean;
      toIncl: boolean;
      full: boolean;
      reverse: boolean;
      columns: number;
      limit: number | null;
      batchRows: number | null;
      snap: number;
    };

const readKey = fc.integer({ min: -1, max: KEYS });
const snapPick = fc.nat(1_000_000);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      t: fc.constant('write' as const),
      rows: fc.array(
        fc.record({
          key: fc.integer({ min: 0, max: KEYS - 1 }),
          del: fc.integer({ min: 0, max: 4 }).map((x) => x === 0), // one write in five deletes
          n: fc.option(fc.integer({ min: -1000, max: 1000 }), { freq: 4 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      ahead: fc.integer({ min: 0, max: 3 }),
      back: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ t: 'freeze' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'dump' as const }) },
  { weight: 2, arbitrary: fc.constant({ t: 'mini' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('major' as const), advance: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('get' as const), key: readKey, snap: snapPick }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('scan' as const),
      from: readKey,
      to: readKey,
      fromIncl: fc.boolean(),
      toIncl: fc.boolean(),
      full: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
      reverse: fc.boolean(),
      columns: fc.nat(COLUMN_CHOICES.length - 1),
      limit: fc.option(fc.nat(12), { freq: 3 }),
      batchRows: fc.option(fc.integer({ min: 1, max: 9 }), { freq: 2 }),
      snap: snapPick,
    }),
  },
);

/** Per-run storage layout: block size and (when present) the issue-3 storage schema. */
const layoutArb = fc.record({
  microBlockBytes: fc.constantFrom(96, 256, 16384),
  storage: fc.option(
    fc.record({
      storeFormat: fc.constantFrom('row' as const, 'column' as const, 'hybrid' as const),
      compression: fc.constantFrom(...COMPRESSOR_NAMES),
      skipIndex: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: COLUMN_COUNT, maxLength: COLUMN_COUNT }),
    }),
    { freq: 2 },
  ),
});
type Layout = { microBlockBytes: number; storage: Omit<TabletStorageSchema, 'columns' | 'rowkey'> | null };

// --- the model -------------------------------------------------------------------------------

interface Version {
  scn: number;
  row: Value[] | null;
}

class Model {
  readonly versions = new Map<number, Version[]>();
  /** Highest commit SCN handed out (the GTS). */
  scn = 0;
  /** Frozen SCN of the newest major (reads below it are not answerable). */
  majorScn = 0;
  lsn = 0;
  /** Every applied transaction, for replay after a restart. */
  readonly log: { lsn: number; scn: number; muts: { key: number; row: Value[] | null }[] }[] = [];

  visible(key: number, snap: number): Value[] | null {
    let best: Version | null = null;
    for (const v of this.versions.get(key) ?? []) if (v.scn <= snap && (best === null || v.scn > best.scn)) best = v;
    return best === null ? null : best.row;
  }

  newestScn(key: number): number | null {
    const vs = this.versions.get(key) ?? [];
    return vs.length === 0 ? null : vs[vs.length - 1]!.scn;
  }

  /** A snapshot in [majorScn, scn + 1] from a random pick. */
  snapshot(pick: number): number {
    return this.majorScn + (pick % (this.scn + 2 - this.majorScn));
  }

  /** Visible rows with key in the range, ascending. */
  rows(from: number, to: number, fromIncl: boolean, toIncl: boolean, snap: number): Value[][] {
    const out: Value[][] = [];
    for (let key = 0; key < KEYS; key++) {
      if (key < from || (key === from && !fromIncl) || key > to || (key === to && !toIncl)) continue;
      const r = this.visible(key, snap);
      if (r !== null) out.push(r);
    }
    return out;
  }
}

// --- running a sequence ------------------------------------------------------------------------

interface World {
  fs: Awaited<ReturnType<typeof freshBlocks>>['fs'];
  bm: BlockManager;
  t: Tablet;
}

function applyWrite(w: World, m: Model, op: Extract<Op, { t: 'write' }>): void {
  // Commits after a major have SCNs above its frozen SCN; otherwise 2PC may commit a little
  // below the newest SCN already applied (other rows).
  const commit = Math.max(m.scn + 1 + op.ahead - (op.back ? 2 : 0), m.majorScn + 1, 1);
  const used = new Set<number>();
  const muts: { key: number; row: Value[] | null }[] = [];
  for (const r of op.rows) {
    const newest = m.newestScn(r.key);
    // Row locks order the writers of one row: its commit SCNs only grow.
    if (used.has(r.key) || (newest !== null && newest >= commit)) continue;
    used.add(r.key);
    muts.push({ key: r.key, row: r.del ? null : [r.key, `v${commit}`, r.n] });
  }
  if (muts.length === 0) return;
  const lsn = ++m.lsn;
  for (const x of muts) {
    if (!m.versions.has(x.key)) m.versions.set(x.key, []);
    m.versions.get(x.key)!.push({ scn: commit, row: x.row });
  }
  m.log.push({ lsn, scn: commit, muts });
  w.t.applyCommitted(toMutations(muts), s(commit), l(lsn));
  m.scn = Math.max(m.scn, commit);
}

function toMutations(muts: { key: number; row: Value[] | null }[]): RowMutation[] {
  return muts.map((x) => ({ key: k(x.key), row: x.row === null ? null : x.row.slice() }));
}

async function restart(w: World, m: Model): Promise<void> {
  const meta = JSON.parse(JSON.stringify(w.t.meta()));
  w.fs.crash(); // power loss: only flushed bytes survive; memtables are gone
  w.bm = await BlockManager.open(w.fs);
  w.bm.markUsed(Tablet.blockIdsOf(meta));
  w.t = Tablet.restore(meta, w.bm);
  const checkpoint = w.t.checkpointLsn();
  for (const e of m.log) if (e.lsn > checkpoint) w.t.applyCommitted(toMutations(e.muts), s(e.scn), l(e.lsn));
}

function checkScan(w: World, m: Model, op: Extract<Op, { t: 'scan' }>): void {
  const snap = m.snapshot(op.snap);
  const range: KeyRange = op.full
    ? FULL_RANGE
    : { start: k(op.from), startInclusive: op.fromIncl, end: k(op.to), endInclusive: op.toIncl };
  let expected = op.full ? m.rows(-1, KEYS, true, true, snap) : m.rows(op.from, op.to, op.fromIncl, op.toIncl, snap);
  if (op.reverse) expected.reverse();
  if (op.limit !== null) expected = expected.slice(0, op.limit);
  const columns = COLUMN_CHOICES[op.columns];
  if (columns !== undefined) expected = expected.map((r) => columns.map((c) => r[c]!));
  const options: ScanOptions = { reverse: op.reverse };
  if (columns !== undefined) options.columns = columns;
  if (op.limit !== null) options.limit = op.limit;
  if (op.batchRows !== null) options.batchRows = op.batchRows;
  const batches = [...w.t.scan(range, s(snap), options)];
  const maxBatch = op.batchRows ?? DEFAULT_BATCH_ROWS;
  for (const b of batches) {
    expect(b.length).toBeGreaterThan(0);
    expect(b.length).toBeLessThanOrEqual(maxBatch);
  }
  expect(batches.flat()).toEqual(expected);
}

function checkGet(w: World, m: Model, key: number, pick: number): void {
  const snap = m.snapshot(pick);
  expect(w.t.get(k(key), s(snap))).toEqual(m.visible(key, snap));
  const newest = m.newestScn(key);
  // The newest version's SCN is defined while it lies above the major (a major keeps one
  // version at or below its frozen SCN and drops deletes).
  if (newest === null) expect(w.t.latestVersionScn(k(key))).toBeNull();
  else if (newest > m.majorScn) expect(w.t.latestVersionScn(k(key))).toBe(BigInt(newest));
}

function checkAll(w: World, m: Model): void {
  for (const snap of new Set([m.majorScn, Math.max(m.majorScn, m.scn - 1), m.scn, m.scn + 1])) {
    expect([...w.t.scan(FULL_RANGE, s(snap))].flat()).toEqual(m.rows(-1, KEYS, true, true, snap));
    expect([...w.t.scan(FULL_RANGE, s(snap), { reverse: true })].flat()).toEqual(m.rows(-1, KEYS, true, true, snap).reverse());
  }
}

async function run(layout: Layout, ops: Op[]): Promise<void> {
  const { fs, bm } = await freshBlocks();
  const storage: TabletStorageSchema | undefined =
    layout.storage === null
      ? undefined
      : {
          ...layout.storage,
          columns: [{ kind: 'int' }, { kind: 'string', ci: false }, { kind: 'int' }],
          rowkey: [0],
        };
  const w: World = {
    fs,
    bm,
    t: Tablet.create(identity({ columnCount: COLUMN_COUNT, microBlockBytes: layout.microBlockBytes, storage }), bm),
  };
  const m = new Model();
  for (const op of ops) {
    switch (op.t) {
      case 'write':
        applyWrite(w, m, op);
        break;
      case 'freeze':
        w.t.freeze(l(m.lsn));
        break;
      case 'dump':
        await w.t.runMiniCompaction(NO_YIELD);
        w.bm.releaseFreed(w.bm.markFreePoint()); // the server checkpoints after compactions
        break;
      case 'mini':
        w.t.freeze(l(m.lsn));
        await w.t.runMiniCompaction(NO_YIELD);
        w.bm.releaseFreed(w.bm.markFreePoint());
        break;
      case 'major': {
        // A frozen SCN after the previous one and not beyond the newest commit.
        const frozen = m.majorScn + 1 + (op.advance % Math.max(1, m.scn - m.majorScn));
        await w.t.runMajorCompaction(s(frozen), NO_YIELD);
        w.bm.releaseFreed(w.bm.markFreePoint());
        m.majorScn = frozen;
        m.scn = Math.max(m.scn, frozen);
        break;
      }
      case 'restart':
        await restart(w, m);
        break;
      case 'get':
        checkGet(w, m, op.key, op.snap);
        break;
      case 'scan':
        checkScan(w, m, op);
        break;
    }
  }
  checkAll(w, m);
  await restart(w, m);
  checkAll(w, m);
}

describe('Tablet read path against a multi-version model', () => {
  beforeAll(async () => {
    await initCompression();
  });

  it('agrees on every get and scan through random writes, freezes, compactions and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArb, fc.array(opArb, { minLength: 1, maxLength: 80 }), async (layout, ops) => {
        await run(layout, ops);
      }),
      { numRuns: 120 },
    );
  });

  it('agrees on long histories with many compactions', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArb, fc.array(opArb, { minLength: 150, maxLength: 300 }), async (layout, ops) => {
        await run(layout, ops);
      }),
      { numRuns: 12 },
    );
  });
});
