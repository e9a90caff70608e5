/**
 * One MERGE task of a major compaction (OceanBase's `ObPartitionMajorMerger` for one parallel
 * range, and the column-group merge of V4.3): the rows of key range `range` at frozen SCN F —
 * per rowkey the newest version ≤ F of the old major and the increments unless it is a delete —
 * written to the column groups `groups` of the layout (a vertical batch), plus, when the batch
 * holds the keyed group, the versions above F to a minor so nothing is lost.
 *
 * Incremental major (macroblock reuse): when the old major has the same layout, each group walks
 * its own old macroblocks; a macroblock inside the range whose key span holds no incremental
 * version ≤ F (nothing inserted, changed or deleted there) is appended unchanged to that group's
 * output instead of being rewritten. Groups decide independently — each still receives exactly
 * the same logical rows in key order, so ordinals stay aligned across groups. When every group of
 * the batch is inside a reused span, the old major's cursor jumps past it without reading it.
 *
 * The keyed group (index 0) carries the baseline checksum: reused macroblocks bring their row
 * checksums, rewritten rows are hashed (co_sstable.ts `RowHasher`). `concatMetas` joins the
 * per-range outputs of a group into one SSTable meta (FINISH).
 */
import { assert } from '../common/assert';
import { SCN_MAX, type Scn } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { KeyRange } from '../sql/exec_context';
import { RowHasher, sameLayout, type MajorLayout } from './co_sstable';
import type { MergeContext } from './compaction';
import { makeProjection, MergeIterator, type Projection, type VersionIterator } from './iterator';
import { mergeStored, storedFromJson, storedToJson } from './skip_index';
import type { MacroBlockMeta, SSTable, SSTableMeta } from './sstable';
import { SSTableBuilder, type SSTableBuildInfo } from './sstable_builder';

const YIELD_ROWS = 512;

/** What one MERGE task writes. */
export interface MajorTaskSpec {
  range: KeyRange;
  /** Layout group indexes of this vertical batch (ascending). */
  groups: number[];
}

/** The task's outputs: one SSTable per group of the batch, and the minor when it holds group 0. */
export interface MajorTaskOutput {
  groups: SSTable[];
  minor: SSTable | null;
}

/** Per group of the batch: its builder and its walk over the old major's macroblocks. */
interface GroupState {
  g: number;
  builder: SSTableBuilder;
  /** Old macroblocks of this group fully inside the range (reuse candidates). */
  macros: readonly MacroBlockMeta[];
  next: number;
  /** Rows with keys ≤ this are covered by a reused macroblock. */
  skipUntil: EncodedRowkey | null;
}

function keyWithin(key: EncodedRowkey, r: KeyRange): boolean {
  if (r.startInclusive ? key < r.start : key <= r.start) return false;
  return r.endInclusive ? key <= r.end : key < r.end;
}

/**
 * Runs one MERGE task. `info` names the outputs (seq, SCN range); the caller releases or
 * concatenates them. On failure every block written is given back.
 */
export async function runMajorTask(
  major: SSTable | null,
  incrementals: readonly SSTable[],
  frozenScn: Scn,
  spec: MajorTaskSpec,
  ctx: MergeContext,
  info: { major: SSTableBuildInfo; minor: SSTableBuildInfo },
): Promise<MajorTaskOutput> {
  const m = new MajorTaskMerger(major, incrementals, frozenScn, spec, ctx);
  try {
    await m.run();
    return m.finish(info);
  } finally {
    m.abort();
  }
}

class MajorTaskMerger {
  private readonly layout: MajorLayout;
  private readonly states: GroupState[];
  private readonly minorBuilder: SSTableBuilder | null;
  private readonly hasher: RowHasher;
  private readonly inc: MergeIterator;
  private old: VersionIterator | null;
  /** Keys in the range with an incremental version ≤ frozen SCN (sorted), when reusing. */
  private touched: EncodedRowkey[] = [];
  private readonly projection: Projection | null;
  private sinceYield = 0;

  constructor(
    private readonly major: SSTable | null,
    private readonly incrementals: readonly SSTable[],
    private readonly frozenScn: Scn,
    private readonly spec: MajorTaskSpec,
    private readonly ctx: MergeContext,
  ) {
    const layout = ctx.layout;
    assert(layout !== undefined, 'a major merge needs a layout');
    this.layout = layout;
    const reuse = major !== null && sameLayout(major, layout);
    this.states = spec.groups.map((g) => {
      const old = reuse ? (g === 0 ? major : major.columnGroups[g - 1]) : null;
      const macros = old === null ? [] : old.macroBlocks.filter((b) => keyWithin(b.firstKey, spec.range) && keyWithin(b.lastKey, spec.range));
      return { g, builder: new SSTableBuilder(ctx.bm, 'MAJOR', ctx.microBlockBytes, layout.groups[g]), macros, next: 0, skipUntil: null };
    });
    const keyed = spec.groups.includes(0);
    this.minorBuilder = keyed ? new SSTableBuilder(ctx.bm, 'MINOR', ctx.microBlockBytes) : null;
    this.hasher = new RowHasher(layout.columnCount);
    this.inc = new MergeIterator(incrementals.map((t) => t.iterator(spec.range, false)), false);
    this.old = major === null ? null : major.iterator(spec.range, false);
    const needed = new Set<number>();
    for (const g of spec.groups) for (const c of layout.groups[g].columns) needed.add(c);
    this.projection = keyed || needed.size >= layout.columnCount ? null : makeProjection([...needed].sort((a, b) => a - b));
    if (reuse) this.collectTouched();
  }

  /** Keys holding an incremental version ≤ the frozen SCN (a span with one cannot be reused). */
  private collectTouched(): void {
    const it = new MergeIterator(this.incrementals.map((t) => t.iterator(this.spec.range, false)), false);
    let last: EncodedRowkey | null = null;
    for (; it.isValid(); it.next()) {
      const key = it.key();
      if (key !== last && it.scn() <= this.frozenScn) {
        this.touched.push(key);
        last = key;
      }
    }
  }

  private touchedWithin(first: EncodedRowkey, last: EncodedRowkey): boolean {
    const t = this.touched;
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] < first) lo = mid + 1;
      else hi = mid;
    }
    return lo < t.length && t[lo] <= last;
  }

  /**
   * Streams the range: per rowkey the old major's row and the incremental versions are read in
   * place (no copies), versions above the frozen SCN go to the minor, and the newest version
   * ≤ frozen SCN — hashed while its stored bytes are at hand — to every group not inside a
   * reused span, unless it is a delete.
   */
  async run(): Promise<void> {
    const progress = this.ctx.progress;
    const inc = this.inc;
    const frozen = this.frozenScn;
    const s0 = this.states[0];
    const hashing = s0.g === 0;
    for (;;) {
      const old = this.old;
      const oldKey = old !== null && old.isValid() ? old.key() : null;
      const incKey = inc.isValid() ? inc.key() : null;
      if (oldKey === null && incKey === null) break;
      const key = oldKey === null ? incKey! : incKey === null || oldKey <= incKey ? oldKey : incKey;
      if (oldKey === key) {
        this.decideReuse(key);
        if (this.allSkipping(key)) {
          this.fastForward();
          continue;
        }
      }
      const needHash = hashing && (s0.skipUntil === null || key > s0.skipUntil);
      let bestScn = -1n as Scn;
      let best: readonly Value[] | null = null;
      let bestHash = 0;
      if (oldKey === key) {
        const stored = this.oldRow(old!);
        best = this.hasher.values(stored);
        bestScn = old!.scn();
        if (needHash) bestHash = this.hasher.hash(key, stored, best);
        old!.next();
        if (s0.skipUntil === null || key > s0.skipUntil) progress.rowsDone++;
      }
      if (incKey === key) {
        let lastScn = -1n;
        let decided = false;
        do {
          const scn = inc.scn();
          if (scn !== lastScn) {
            lastScn = scn;
            if (scn > frozen) this.minorBuilder?.add(key, scn, inc.storedRow());
            else if (!decided) {
              decided = true;
              if (scn > bestScn) {
                bestScn = scn;
                if (inc.isDelete()) best = null;
                else {
                  const stored = inc.storedRow()!;
                  best = stored instanceof Uint8Array ? inc.row()! : stored;
                  if (needHash) bestHash = this.hasher.hash(key, stored, best);
                }
              }
            }
          }
          inc.next();
          progress.rowsDone++;
        } while (inc.isValid() && inc.key() === key);
      }
      if (best !== null) {
        for (const s of this.states) {
          if (s.skipUntil !== null && key <= s.skipUntil) continue;
          s.builder.addEncoded(key, bestScn, best, s.g === 0 ? bestHash : 0);
        }
      }
      if (++this.sinceYield >= YIELD_ROWS) {
        this.sinceYield = 0;
        await this.ctx.y.yield();
      }
    }
  }

  /** The old major's row at the cursor (as stored: values, or flat bytes valid until `next()`),
   *  or only the batch's columns spread to full width. */
  private oldRow(old: VersionIterator): Value[] | Uint8Array {
    const p = this.projection;
    if (p === null) return old.storedRow()!;
    const vals = old.projectedRow(p);
    const row = new Array<Value>(this.layout.columnCount).fill(null);
    for (let i = 0; i < p.columns.length; i++) row[p.columns[i]] = vals[i];
    return row;
  }

  /** At an old row's key: groups whose next old macroblock starts here reuse it if untouched. */
  private decideReuse(key: EncodedRowkey): void {
    for (const s of this.states) {
      if (s.skipUntil !== null) {
        if (key <= s.skipUntil) continue;
        s.skipUntil = null;
      }
      while (s.next < s.macros.length && s.macros[s.next].lastKey < key) s.next++;
      const m = s.macros[s.next];
      if (m === undefined || m.firstKey !== key || this.touchedWithin(m.firstKey, m.lastKey)) continue;
      const src = s.g === 0 ? this.major! : this.major!.columnGroups[s.g - 1];
      s.builder.appendReused(m, src.minVersionScn, src.maxVersionScn);
      if (s === this.states[0]) this.ctx.progress.rowsDone += m.rowCount;
      s.skipUntil = m.lastKey;
      s.next++;
    }
  }

  private allSkipping(key: EncodedRowkey): boolean {
    return this.states.every((s) => s.skipUntil !== null && key <= s.skipUntil);
  }

  /** Every group reuses the span ahead: move the old cursor past the nearest span end. */
  private fastForward(): void {
    let until = this.states[0].skipUntil!;
    for (const s of this.states) if (s.skipUntil! < until) until = s.skipUntil!;
    const r = this.spec.range;
    this.old = this.major!.iterator({ start: until, startInclusive: false, end: r.end, endInclusive: r.endInclusive }, false);
  }

  finish(info: { major: SSTableBuildInfo; minor: SSTableBuildInfo }): MajorTaskOutput {
    const groups: SSTable[] = [];
    try {
      for (const s of this.states) groups.push(s.builder.finish(info.major));
      const mb = this.minorBuilder;
      const minor = mb === null ? null : mb.finish(info.minor);
      return { groups, minor };
    } catch (e) {
      groups.forEach((t) => t.release());
      throw e;
    }
  }

  abort(): void {
    for (const s of this.states) s.builder.abort();
    this.minorBuilder?.abort();
  }
}

/**
 * One SSTable meta from per-range parts of the same group (FINISH of a parallel major): their
 * macroblocks in range order with row ordinals renumbered, counts and checksums summed,
 * skip-index aggregates rolled up. Parts must be in key order and share format and group.
 */
export function concatMetas(parts: readonly SSTableMeta[], info: SSTableBuildInfo): SSTableMeta {
  assert(parts.length > 0, 'concatenation of nothing');
  const first = parts[0];
  const macroBlocks: MacroBlockMeta[] = [];
  let rows = 0;
  let minScn: Scn = SCN_MAX;
  let maxScn: Scn = 0n as Scn;
  for (const p of parts) {
    for (const m of p.macroBlocks) macroBlocks.push(first.format === 'encoded' ? { ...m, firstRowOrdinal: rows + (m.firstRowOrdinal ?? 0) } : m);
    if (p.rowCount > 0) {
      const lo = BigInt(p.minVersionScn) as Scn;
      const hi = BigInt(p.maxVersionScn) as Scn;
      if (lo < minScn) minScn = lo;
      if (hi > maxScn) maxScn = hi;
    }
    rows += p.rowCount;
  }
  const meta: SSTableMeta = {
    ...first,
    seq: info.seq,
    startScn: info.startScn.toString(),
    endScn: info.endScn.toString(),
    minVersionScn: (rows === 0 ? 0n : minScn).toString(),
    maxVersionScn: (rows === 0 ? 0n : maxScn).toString(),
    endLsn: info.endLsn,
    rowCount: rows,
    bytes: parts.reduce((n, p) => n + p.bytes, 0),
    checksum: parts.reduce((n, p) => (n + p.checksum) >>> 0, 0),
    macroBlocks,
    reusedMacroBlockCount: parts.reduce((n, p) => n + p.reusedMacroBlockCount, 0),
  };
  if (first.format === 'encoded') meta.rawBytes = parts.reduce((n, p) => n + (p.rawBytes ?? 0), 0);
  const g = first.group;
  if (g !== undefined) {
    const filled = parts.filter((p) => p.rowCount > 0);
    const stats = g.classes.map((cls, j) => {
      if (cls === null) return null;
      if (filled.length === 0) return first.group?.stats?.[j] ?? null;
      let acc = storedFromJson(filled[0].group?.stats?.[j], cls);
      for (let i = 1; i < filled.length; i++) acc = mergeStored(acc, storedFromJson(filled[i].group?.stats?.[j], cls), cls);
      return storedToJson(acc, cls);
    });
    meta.group = { ...g, stats };
  }
  delete meta.columnGroups;
  return meta;
}
