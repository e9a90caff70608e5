/**
 * Skip indexes (OceanBase's `ObSkipIndexColMeta` aggregates, reference §4.10): per column of a
 * column group, the min, max, NULL count and sum of the rows of a microblock, stored in the
 * microblock index of its macroblock (so pruning a microblock never reads it), rolled up into
 * the macroblock's and the SSTable's metas (JSON-safe through `statsToJson`).
 *
 * Which aggregates exist is a per-column bit set (`SKIP_INDEX_MIN_MAX`, `SKIP_INDEX_SUM`) taken
 * from the storage schema; a column-store column group gets both automatically (SUM only on
 * numeric classes). A column without bits stores nothing. Stored bytes per microblock column:
 * `u8 bits`, then when bits ≠ 0 a row_codec row `[min, max, sum]` and a varint NULL count (the
 * row count is the microblock's).
 *
 * Invariant: stats are usable for pruning only with MIN_MAX, for aggregate pushdown only with
 * MIN_MAX and (SUM or a string class, whose sum is always null).
 */
import { ByteWriter } from '../common/row_codec';
import type { Value } from '../common/value';
import { mergeStats, statsFromJson, statsToJson, type ColumnStatsJson } from './encoding';
import type { ColumnClass, ColumnStats } from './encoding/types';
import { RowDecoder } from './row_decoder';
import { SKIP_INDEX_MIN_MAX, SKIP_INDEX_SUM } from './types';

/** Aggregates of one column over some rows, with the bits saying which fields are meaningful. */
export interface StoredStats {
  bits: number;
  stats: ColumnStats;
}

/** JSON form of `StoredStats` (macroblock and SSTable metas). */
export interface StoredStatsJson {
  bits: number;
  stats: ColumnStatsJson;
}

/** True when `cls` can have a SUM skip index (numeric classes). */
export function sumEligible(cls: ColumnClass): boolean {
  return cls.kind !== 'string';
}

/** The bits a column-store column group gets automatically: MIN_MAX, plus SUM when numeric. */
export function autoSkipBits(cls: ColumnClass): number {
  return SKIP_INDEX_MIN_MAX | (sumEligible(cls) ? SKIP_INDEX_SUM : 0);
}

/** Stats may prune (skip) a block for a predicate. */
export function canPrune(s: StoredStats | null | undefined): s is StoredStats {
  return s != null && (s.bits & SKIP_INDEX_MIN_MAX) !== 0;
}

/** Stats may answer COUNT/MIN/MAX/SUM for the rows they cover. */
export function canAggregate(s: StoredStats | null | undefined, cls: ColumnClass): s is StoredStats {
  return s != null && (s.bits & SKIP_INDEX_MIN_MAX) !== 0 && ((s.bits & SKIP_INDEX_SUM) !== 0 || !sumEligible(cls));
}

/** Appends the stats of one microblock's columns (null = no skip index on that column). */
export function writeStats(w: ByteWriter, stats: readonly (StoredStats | null)[]): void {
  w.varint(stats.length);
  for (const s of stats) {
    if (s === null || s.bits === 0) {
      w.u8(0);
      continue;
    }
    w.u8(s.bits);
    w.row([s.stats.min, s.stats.max, s.stats.sum]);
    w.varint(s.stats.nullCount);
  }
}

/** Reads what `writeStats` wrote; `rowCount` is the microblock's. Malformed → `Errors.ioError`. */
export function readStats(d: RowDecoder, rowCount: number): (StoredStats | null)[] {
  const n = d.varint();
  const out: (StoredStats | null)[] = [];
  for (let j = 0; j < n; j++) {
    const bits = d.u8();
    if (bits === 0) {
      out.push(null);
      continue;
    }
    const row = d.row();
    const nullCount = d.varint();
    const v = (i: number): Value => (i < row.length ? row[i] : null);
    out.push({ bits, stats: { min: v(0), max: v(1), sum: v(2), nullCount, rowCount } });
  }
  return out;
}

/** Merges b into a (either may be null: no stats). Bits are intersected. */
export function mergeStored(a: StoredStats | null, b: StoredStats | null, cls: ColumnClass): StoredStats | null {
  if (a === null || b === null) return null;
  const bits = a.bits & b.bits;
  if (bits === 0) return null;
  return { bits, stats: mergeStats(a.stats, b.stats, cls) };
}

/** Rolls up per-block stats (all blocks must list the same columns). */
export function rollUp(blocks: readonly (readonly (StoredStats | null)[])[], classes: readonly ColumnClass[]): (StoredStats | null)[] {
  if (blocks.length === 0) return classes.map(() => null);
  const out = blocks[0].slice();
  for (let b = 1; b < blocks.length; b++) {
    for (let j = 0; j < out.length; j++) out[j] = mergeStored(out[j], blocks[b][j] ?? null, classes[j]);
  }
  return out;
}

export function storedToJson(s: StoredStats | null, cls: ColumnClass): StoredStatsJson | null {
  return s === null ? null : { bits: s.bits, stats: statsToJson(s.stats, cls) };
}

export function storedFromJson(j: StoredStatsJson | null | undefined, cls: ColumnClass): StoredStats | null {
  return j == null ? null : { bits: j.bits, stats: statsFromJson(j.stats, cls) };
}

/** Empty stats (no rows). */
export function emptyStats(): ColumnStats {
  return { min: null, max: null, nullCount: 0, rowCount: 0, sum: null };
}
