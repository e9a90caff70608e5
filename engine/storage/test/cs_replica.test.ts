/**
 * COLUMNSTORE (C) replica storage (issue 4, reference §3.1): a C replica's tablet writes a user
 * table's majors column-wise whatever the table's column groups, reads return what an F replica
 * of the same rows returns, the baseline checksum agrees across the two, a row major converts at
 * the same SCN (CONVERT_CO_MAJOR_MERGE) with progress and history, system tablets stay row-wise,
 * and a restart keeps the columnar major and the replica's format.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tableId, tabletId } from '../../common/ids';
import type { ObEvent } from '../../env';
import { MemoryFileSystem } from '../../env/memory';
import { FULL_RANGE } from '../../sql/exec_context';
import { BlockManager } from '../block_manager';
import { initCompression } from '../compression';
import { vectorValueAt } from '../encoding';
import { Tablet, type TabletEnv } from '../tablet';
import type { ColumnBatch, TabletIdentity, Yielder } from '../types';
import { loadWide, text, wideIdentity, WIDE_CLASSES, wideRow } from './columnar_helpers';
import { freshBlocks, k, l, NO_YIELD, range, readAll, s } from './helpers';

beforeAll(() => initCompression());

const ALL = [0, 1, 2, 3, 4, 5];

/** Every selected row of column batches (as value rows, sorted as text: order is not promised). */
function columnRows(batches: Iterable<ColumnBatch>, columns: readonly number[]): string[] {
  const out = [];
  for (const b of batches) {
    const idx = b.sel === null ? Array.from({ length: b.length }, (_, i) => i) : Array.from(b.sel.subarray(0, b.selCount));
    for (const i of idx) out.push(b.columns.map((v, j) => vectorValueAt(v, i, WIDE_CLASSES[columns[j]])));
  }
  return text(out).sort();
}

/** Group names of a tablet's major ('all columns' for a row store). */
function majorGroups(t: Tablet): string[] {
  return t.sstableDetail('MAJOR')!.columnGroups.map((g) => g.name);
}

const COLUMN_GROUPS = ['rowkey', '0', '1', '2', '3', '4', '5'];

/** The same history of writes and majors on a tablet: a baseline, updates, a delete, a second major. */
async function writeHistory(t: Tablet): Promise<{ first: number; second: number }> {
  loadWide(t, 0, 3000, 10, 1);
  const first = (await t.runMajorCompaction(s(15), NO_YIELD)).checksum;
  loadWide(t, 0, 3000, 20, 2, 1, 7);
  t.applyCommitted([{ key: k(42), row: null }], s(21), l(3));
  const second = (await t.runMajorCompaction(s(30), NO_YIELD)).checksum;
  return { first, second };
}

async function tabletPair(storeFormat: 'row' | 'hybrid' = 'row', id: TabletIdentity = wideIdentity(storeFormat)): Promise<{ f: Tablet; c: Tablet }> {
  const f = Tablet.create(id, (await freshBlocks()).bm);
  const c = Tablet.create(id, (await freshBlocks()).bm, { columnStoreReplica: true });
  return { f, c };
}

describe('C replica: columnar majors of user tables', () => {
  it('writes a columnar major for a table declared row store, with the F replica’s rows and checksum', async () => {
    const { f, c } = await tabletPair('row');
    const fSums = await writeHistory(f);
    const cSums = await writeHistory(c);
    expect(majorGroups(f)).toEqual(['all columns']);
    expect(majorGroups(c)).toEqual(COLUMN_GROUPS);
    expect(cSums).toEqual(fSums);
    // Row path: full scans, a range, point reads.
    expect(text(readAll(c, s(30)))).toEqual(text(readAll(f, s(30))));
    expect(text(readAll(c, s(30), range(100, 900)))).toEqual(text(readAll(f, s(30), range(100, 900))));
    expect(c.get(k(42), s(30))).toBeNull();
    expect(text([c.get(k(7), s(30))!])).toEqual(text([wideRow(7, 1)]));
    // Column path: the C replica reads its column groups.
    const stats = { microBlocksRead: 0, microBlocksSkipped: 0, microBlocksAggregated: 0, bytesRead: 0, rowsScanned: 0, columnStore: false };
    const cCols = columnRows(c.scanColumns(FULL_RANGE, s(30), { columns: ALL, stats }), ALL);
    expect(cCols).toEqual(columnRows(f.scanColumns(FULL_RANGE, s(30), { columns: ALL }), ALL));
    expect(cCols.length).toBe(2999);
    expect(stats.columnStore).toBe(true);
    const snap = c.snapshot();
    expect(snap.replicaStoreFormat).toBe('column');
    expect(snap.storeFormat).toBe('column');
    expect(snap.csConversion).toMatchObject({ status: 'DONE', rowsDone: 2999, rowsTotal: 2999 });
    expect(snap.csConversion!.macroBlockCount).toBeGreaterThanOrEqual(COLUMN_GROUPS.length);
    expect(f.snapshot().replicaStoreFormat).toBe('row');
    expect(f.snapshot().csConversion).toBeUndefined();
  });

  it('is columnar for a hybrid table too, and reads with newer memtable rows agree', async () => {
    const { f, c } = await tabletPair('hybrid');
    expect((await writeHistory(c)).second).toBe((await writeHistory(f)).second);
    expect(majorGroups(f)[0]).toBe('all columns');
    expect(majorGroups(c)).toEqual(COLUMN_GROUPS);
    for (const t of [f, c]) {
      loadWide(t, 2990, 3010, 40, 4, 2);
      t.applyCommitted([{ key: k(5), row: null }], s(41), l(5));
    }
    expect(text(readAll(c, s(45)))).toEqual(text(readAll(f, s(45))));
    expect(text(readAll(c, s(35)))).toEqual(text(readAll(f, s(35))));
    const cols = [1, 3];
    expect(columnRows(c.scanColumns(FULL_RANGE, s(45), { columns: cols }), cols)).toEqual(columnRows(f.scanColumns(FULL_RANGE, s(45), { columns: cols }), cols));
  });

  it('keeps system tablets row-wise on a C replica', async () => {
    const sys = wideIdentity('row');
    const { f, c } = await tabletPair('row', { ...sys, tableId: tableId(3), tabletId: tabletId(3) });
    const sums = await writeHistory(c);
    expect(sums).toEqual(await writeHistory(f));
    expect(majorGroups(c)).toEqual(['all columns']);
    expect(c.replicaStoreFormat()).toBe('row');
    expect(c.snapshot().csConversion).toBeUndefined();
    expect(await c.convertToColumnStore(NO_YIELD)).toBeUndefined();
    expect(majorGroups(c)).toEqual(['all columns']);
  });
});

describe('C replica: row-to-column conversion (CONVERT_CO_MAJOR_MERGE)', () => {
  it('rewrites a row major column-wise at the same SCN, with progress, history and the same checksum', async () => {
    const { bm } = await freshBlocks();
    const events: ObEvent[] = [];
    const env: TabletEnv = { events: { emit: (e) => events.push(e) }, dagPlan: { rangeRows: 700 } };
    const t = Tablet.create(wideIdentity('row'), bm, env);
    const { second } = await writeHistory(t);
    // Increments after the baseline stay where they are through the conversion.
    loadWide(t, 3000, 3100, 40, 4);
    t.freeze(l(4));
    await t.runMiniCompaction(NO_YIELD);
    t.applyCommitted([{ key: k(10), row: null }], s(45), l(5));
    const before = text(readAll(t, s(50)));
    const majorScnBefore = t.majorScn();
    expect(majorGroups(t)).toEqual(['all columns']);
    t.setReplicaStoreFormat('column');
    expect(t.csConversion()).toMatchObject({ status: 'WAITING', rowsDone: 0, rowsTotal: 2999 });

    const seen: { status: string; rowsDone: number; mergeType: string | undefined }[] = [];
    const watch: Yielder = {
      yield: async () => {
        const snap = t.snapshot();
        seen.push({ status: snap.csConversion!.status, rowsDone: snap.csConversion!.rowsDone, mergeType: snap.compaction?.mergeType });
      },
    };
    const done = await t.convertToColumnStore(watch);
    expect(done).toMatchObject({ status: 'DONE', rowsDone: 2999, rowsTotal: 2999 });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((x) => x.status === 'CONVERTING' && x.mergeType === 'CONVERT_CO_MAJOR_MERGE')).toBe(true);
    expect(seen.some((x) => x.rowsDone > 0 && x.rowsDone < 2999)).toBe(true);
    expect(seen.map((x) => x.rowsDone)).toEqual([...seen.map((x) => x.rowsDone)].sort((a, b) => a - b));
    expect(t.snapshot().compaction).toBeNull();

    expect(majorGroups(t)).toEqual(COLUMN_GROUPS);
    expect(t.majorScn()).toBe(majorScnBefore);
    expect(t.snapshot().sstables.map((x) => x.type)).toEqual(['MAJOR', 'MINI']);
    expect(text(readAll(t, s(50)))).toEqual(before);
    const fin = events.filter((e) => e.kind === 'compaction-finished' && e.mergeType === 'CONVERT_CO_MAJOR_MERGE');
    expect(fin).toHaveLength(1);
    expect(fin[0]).toMatchObject({ compactionScn: '30', totalRowCount: 2999, incrementalRowCount: 0, endCgId: 6 });
    expect((fin[0] as { parallelDegree: number }).parallelDegree).toBeGreaterThan(1);
    expect(events.some((e) => e.kind === 'compaction-progress' && e.mergeType === 'CONVERT_CO_MAJOR_MERGE')).toBe(true);

    // Idempotent: a second call changes nothing; a repeated broadcast of SCN 30 returns the same checksum.
    const majorSeq = () => (t.meta().tableStore as { sstables: { kind: string; seq: number }[] }).sstables.find((x) => x.kind === 'MAJOR')!.seq;
    const seq = majorSeq();
    expect(await t.convertToColumnStore()).toMatchObject({ status: 'DONE' });
    expect(majorSeq()).toBe(seq);
    expect(events.filter((e) => e.kind === 'compaction-finished' && e.mergeType === 'CONVERT_CO_MAJOR_MERGE')).toHaveLength(1);
    expect((await t.runMajorCompaction(s(30), NO_YIELD)).checksum).toBe(second);
    // The next major reuses the converted layout and stays columnar.
    const next = await t.runMajorCompaction(s(60), NO_YIELD);
    expect(majorGroups(t)).toEqual(COLUMN_GROUPS);
    expect(next.reusedMacroBlockCount).toBeGreaterThan(0);
    expect(text(readAll(t, s(60)))).toEqual(before);
  });

  it('a tablet without a major waits, then its next major is columnar', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(wideIdentity('row'), bm);
    loadWide(t, 0, 500, 10, 1);
    expect(await t.convertToColumnStore(NO_YIELD)).toEqual({ status: 'WAITING', rowsDone: 0, rowsTotal: 0, macroBlockCount: 0 });
    expect(t.snapshot().csConversion?.status).toBe('WAITING');
    await t.runMajorCompaction(s(20), NO_YIELD);
    expect(majorGroups(t)).toEqual(COLUMN_GROUPS);
    expect(t.csConversion()).toMatchObject({ status: 'DONE', rowsTotal: 500 });
  });

  it('a repeated major broadcast at the row major’s SCN converts it (a replica that became C after its major)', async () => {
    const { bm } = await freshBlocks();
    const t = Tablet.create(wideIdentity('row'), bm);
    loadWide(t, 0, 800, 10, 1);
    const r1 = await t.runMajorCompaction(s(20), NO_YIELD);
    t.setReplicaStoreFormat('column');
    const r2 = await t.runMajorCompaction(s(20), NO_YIELD);
    expect(majorGroups(t)).toEqual(COLUMN_GROUPS);
    expect(r2.checksum).toBe(r1.checksum);
    expect(r2.rowCount).toBe(800);
  });
});

describe('C replica: restart', () => {
  it('keeps the columnar major and the replica format through checkpoint and restore', async () => {
    const fs = new MemoryFileSystem();
    const bm = await BlockManager.open(fs);
    const t = Tablet.create(wideIdentity('row'), bm, { columnStoreReplica: true });
    const { second } = await writeHistory(t);
    loadWide(t, 3000, 3050, 40, 4);
    t.freeze(l(4));
    await t.runMiniCompaction(NO_YIELD);
    const before = text(readAll(t, s(50)));
    const beforeColumns = columnRows(t.scanColumns(FULL_RANGE, s(30), { columns: ALL }), ALL);
    const meta = JSON.parse(JSON.stringify(t.meta()));
    fs.crash(); // power loss: only flushed bytes survive

    const bm2 = await BlockManager.open(fs);
    bm2.markUsed(Tablet.blockIdsOf(meta));
    const t2 = Tablet.restore(meta, bm2); // no C-replica flag in the env: the meta carries it
    expect(t2.replicaStoreFormat()).toBe('column');
    expect(majorGroups(t2)).toEqual(COLUMN_GROUPS);
    expect(t2.csConversion()?.status).toBe('DONE');
    expect(text(readAll(t2, s(50)))).toEqual(before);
    expect(columnRows(t2.scanColumns(FULL_RANGE, s(30), { columns: ALL }), ALL)).toEqual(beforeColumns);
    expect((await t2.runMajorCompaction(s(30), NO_YIELD)).checksum).toBe(second);
    await t2.runMajorCompaction(s(60), NO_YIELD);
    expect(majorGroups(t2)).toEqual(COLUMN_GROUPS);
    expect(text(readAll(t2, s(60)))).toEqual(before);
  });

  it('an F replica restored as a C replica converts its recovered row major', async () => {
    const fs = new MemoryFileSystem();
    const bm = await BlockManager.open(fs);
    const t = Tablet.create(wideIdentity('row'), bm);
    const { second } = await writeHistory(t);
    const rows = text(readAll(t, s(30)));
    const meta = JSON.parse(JSON.stringify(t.meta()));
    fs.crash();
    const bm2 = await BlockManager.open(fs);
    bm2.markUsed(Tablet.blockIdsOf(meta));
    const t2 = Tablet.restore(meta, bm2, { columnStoreReplica: true });
    expect(t2.csConversion()?.status).toBe('WAITING');
    expect(majorGroups(t2)).toEqual(['all columns']);
    await t2.convertToColumnStore(NO_YIELD);
    expect(majorGroups(t2)).toEqual(COLUMN_GROUPS);
    expect((await t2.runMajorCompaction(s(30), NO_YIELD)).checksum).toBe(second);
    expect(text(readAll(t2, s(30)))).toEqual(rows);
    expect(t2.meta()).toMatchObject({ tableStore: { replicaStoreFormat: 'column' } });
  });
});
