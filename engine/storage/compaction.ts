/**
 * The merges that move bytes (OceanBase's `ObPartitionMerger` family), one per merge type; the
 * compaction policy (compaction_policy.ts) decides what to merge, these do it.
 *
 * - MINI_MERGE: frozen memtables → one MINI SSTable with every version.
 * - MINOR_MERGE: minis (+ the old minor) → one MINOR SSTable with every version (reads at older
 *   snapshots may still need them; delete markers are kept because they hide the major's rows).
 * - MAJOR_MERGE at frozen SCN F: old major + minor + minis → a new MAJOR holding, per rowkey, the
 *   newest version with SCN ≤ F unless it is a delete; versions > F go to a new MINOR, so nothing
 *   is lost. Incremental: a macroblock of the old major whose key span holds no incremental
 *   version ≤ F is appended unchanged (`reusedMacroBlockCount`), not rewritten.
 *
 * All merges stream in (rowkey asc, SCN desc) order through the shared iterator protocol,
 * drop a duplicate (rowkey, SCN) seen in an older input, report rows done for the progress
 * views, and `await y.yield()` every `YIELD_ROWS` rows so the server stays responsive.
 */
import { SCN_MIN, type Scn } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { Yielder } from './types';
import type { BlockManager } from './block_manager';
import { MergeIterator, type VersionIterator } from './iterator';
import type { Memtable } from './memtable';
import type { SSTable } from './sstable';
import { SSTableBuilder } from './sstable_builder';
import { FULL_RANGE } from '../sql/exec_context';

const YIELD_ROWS = 512;

/** Progress of a running merge, read by `Tablet.snapshot()`. */
export interface MergeProgress {
  rowsDone: number;
  rowsTotal: number;
}

export interface MergeContext {
  bm: BlockManager;
  microBlockBytes: number;
  /** Sequence number for the output SSTable(s); a major with a leftover minor uses seq and seq + 1. */
  seq: number;
  y: Yielder;
  progress: MergeProgress;
}

/** Copies every version of `it` into `b`, dropping (key, SCN) duplicates from older inputs. */
async function copyAllVersions(it: VersionIterator, b: SSTableBuilder, ctx: MergeContext): Promise<void> {
  let lastKey: EncodedRowkey | null = null;
  let lastScn = -1n;
  let n = 0;
  while (it.isValid()) {
    const key = it.key();
    const scn = it.scn();
    if (key !== lastKey || scn !== lastScn) {
      b.add(key, scn, it.storedRow());
      lastKey = key;
      lastScn = scn;
    }
    it.next();
    ctx.progress.rowsDone++;
    if (++n % YIELD_ROWS === 0) await ctx.y.yield();
  }
}

/** MINI_MERGE: dumps `memtables` (oldest first, all frozen) into one MINI SSTable. */
export async function miniMerge(memtables: readonly Memtable[], ctx: MergeContext): Promise<SSTable> {
  const newestFirst = [...memtables].reverse();
  ctx.progress.rowsTotal = memtables.reduce((n, m) => n + m.versionCount, 0);
  const it = new MergeIterator(newestFirst.map((m) => m.iterator(FULL_RANGE, false)), false);
  const b = new SSTableBuilder(ctx.bm, 'MINI', ctx.microBlockBytes);
  try {
    await copyAllVersions(it, b, ctx);
    return b.finish({
      seq: ctx.seq,
      startScn: memtables[0].startScn,
      endScn: newestFirst[0].endScn,
      endLsn: Math.max(...memtables.map((m) => m.endLsn)),
    });
  } finally {
    b.abort();
  }
}

/** MINOR_MERGE: merges `inputs` (newest first) into one MINOR SSTable keeping every version. */
export async function minorMerge(inputs: readonly SSTable[], ctx: MergeContext): Promise<SSTable> {
  ctx.progress.rowsTotal = inputs.reduce((n, t) => n + t.rowCount, 0);
  const it = new MergeIterator(inputs.map((t) => t.iterator(FULL_RANGE, false)), false);
  const b = new SSTableBuilder(ctx.bm, 'MINOR', ctx.microBlockBytes);
  try {
    await copyAllVersions(it, b, ctx);
    return b.finish({
      seq: ctx.seq,
      startScn: minScn(inputs.map((t) => t.startScn)),
      endScn: maxScn(inputs.map((t) => t.endScn)),
      endLsn: Math.max(...inputs.map((t) => t.meta.endLsn)),
    });
  } finally {
    b.abort();
  }
}

export interface MajorOutput {
  major: SSTable;
  /** Versions newer than the frozen SCN, or null when there were none. */
  minor: SSTable | null;
}

/** A version as merges carry it: row image, row_codec bytes, or null for a delete marker. */
type StoredRow = Value[] | Uint8Array | null;

/** One rowkey's incremental versions, newest first, duplicates dropped. */
interface KeyVersions {
  key: EncodedRowkey;
  scns: Scn[];
  rows: StoredRow[];
}

/**
 * MAJOR_MERGE at `frozenScn`: old `major` (or null) + `incrementals` (newest first) → a new
 * major, plus a minor for the versions above `frozenScn`.
 */
export async function majorMerge(
  major: SSTable | null,
  incrementals: readonly SSTable[],
  frozenScn: Scn,
  ctx: MergeContext,
): Promise<MajorOutput> {
  ctx.progress.rowsTotal = (major?.rowCount ?? 0) + incrementals.reduce((n, t) => n + t.rowCount, 0);
  const m = new MajorMerger(major, incrementals, frozenScn, ctx);
  try {
    await m.run();
    const endLsn = Math.max(major?.meta.endLsn ?? 0, ...incrementals.map((t) => t.meta.endLsn));
    const out = m.majorBuilder.finish({ seq: ctx.seq, startScn: SCN_MIN, endScn: frozenScn, endLsn });
    if (m.minorBuilder.rowCount === 0) return { major: out, minor: null };
    const minor = m.minorBuilder.finish({
      seq: ctx.seq + 1,
      startScn: frozenScn,
      endScn: maxScn(incrementals.map((t) => t.endScn)),
      endLsn,
    });
    return { major: out, minor };
  } finally {
    m.majorBuilder.abort();
    m.minorBuilder.abort();
  }
}

class MajorMerger {
  readonly majorBuilder: SSTableBuilder;
  readonly minorBuilder: SSTableBuilder;
  private readonly inc: MergeIterator;
  private sinceYield = 0;

  constructor(
    private readonly major: SSTable | null,
    incrementals: readonly SSTable[],
    private readonly frozenScn: Scn,
    private readonly ctx: MergeContext,
  ) {
    this.majorBuilder = new SSTableBuilder(ctx.bm, 'MAJOR', ctx.microBlockBytes);
    this.minorBuilder = new SSTableBuilder(ctx.bm, 'MINOR', ctx.microBlockBytes);
    this.inc = new MergeIterator(incrementals.map((t) => t.iterator(FULL_RANGE, false)), false);
  }

  async run(): Promise<void> {
    const blocks = this.major?.macroBlocks ?? [];
    for (let mi = 0; mi < blocks.length; mi++) {
      const block = blocks[mi];
      // Incremental keys before this block: rows the old major never had.
      while (this.inc.isValid() && this.inc.key() < block.firstKey) await this.mergeKey(this.readKeyVersions(), null, SCN_MIN);
      const inBlock: KeyVersions[] = [];
      while (this.inc.isValid() && this.inc.key() <= block.lastKey) inBlock.push(this.readKeyVersions());
      if (inBlock.every((kv) => kv.scns[kv.scns.length - 1] > this.frozenScn)) {
        this.majorBuilder.appendReused(block, this.major!.minVersionScn, this.major!.maxVersionScn);
        this.ctx.progress.rowsDone += block.rowCount;
        for (const kv of inBlock) await this.mergeKey(kv, null, SCN_MIN);
      } else {
        await this.rewriteBlock(mi, inBlock);
      }
    }
    while (this.inc.isValid()) await this.mergeKey(this.readKeyVersions(), null, SCN_MIN);
  }

  /** Merges the old major's rows of macroblock `mi` with the incremental keys in its span. */
  private async rewriteBlock(mi: number, inBlock: KeyVersions[]): Promise<void> {
    const major = this.major!;
    let k = 0;
    const micros = major.macroIndex(mi).micros;
    for (let ui = 0; ui < micros.length; ui++) {
      const rows = major.micro(mi, ui);
      for (let i = 0; i < rows.rowCount; i++) {
        const key = rows.keys[i];
        while (k < inBlock.length && inBlock[k].key < key) await this.mergeKey(inBlock[k++], null, SCN_MIN);
        const kv = k < inBlock.length && inBlock[k].key === key ? inBlock[k++] : null;
        this.ctx.progress.rowsDone++;
        await this.mergeKey(kv, rows.encodedRowAt(i), rows.scns[i], key);
      }
    }
    while (k < inBlock.length) await this.mergeKey(inBlock[k++], null, SCN_MIN);
  }

  /** Collects the current key's versions from the incremental stream (newest first). */
  private readKeyVersions(): KeyVersions {
    const it = this.inc;
    const kv: KeyVersions = { key: it.key(), scns: [], rows: [] };
    let lastScn = -1n;
    do {
      const scn = it.scn();
      if (scn !== lastScn) {
        kv.scns.push(scn);
        const row = it.storedRow();
        kv.rows.push(row instanceof Uint8Array ? row.slice() : row);
        lastScn = scn;
      }
      it.next();
      this.ctx.progress.rowsDone++;
    } while (it.isValid() && it.key() === kv.key);
    return kv;
  }

  /**
   * Writes one rowkey: incremental versions above the frozen SCN to the minor; the newest
   * version ≤ frozen SCN — from the increments or the old major's row — to the major unless it
   * is a delete.
   */
  private async mergeKey(kv: KeyVersions | null, majorRow: StoredRow, majorScn: Scn, majorKey?: EncodedRowkey): Promise<void> {
    const key = kv?.key ?? majorKey!;
    let bestScn = majorRow !== null ? majorScn : (-1n as Scn);
    let bestRow = majorRow;
    if (kv !== null) {
      for (let i = 0; i < kv.scns.length; i++) {
        const scn = kv.scns[i];
        if (scn > this.frozenScn) this.minorBuilder.add(key, scn, kv.rows[i]);
        else if (scn > bestScn) {
          bestScn = scn;
          bestRow = kv.rows[i];
        }
      }
    }
    if (bestRow !== null) this.majorBuilder.add(key, bestScn, bestRow);
    if (++this.sinceYield >= YIELD_ROWS) {
      this.sinceYield = 0;
      await this.ctx.y.yield();
    }
  }
}

function minScn(scns: readonly Scn[]): Scn {
  return scns.reduce((a, b) => (b < a ? b : a));
}

function maxScn(scns: readonly Scn[]): Scn {
  return scns.reduce((a, b) => (b > a ? b : a));
}
