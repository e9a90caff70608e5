/**
 * The storage panel's column view of one SSTable (`SstableDetail`, server/snapshot.ts): per
 * column group, its macroblocks (reused or new) and up to SSTABLE_DETAIL_MICROBLOCKS_MAX
 * microblocks with, per column, the encoding the encoder picked, bytes after and before
 * (RAW), and the stored skip-index aggregates as display text — OceanBase's
 * `ObMicroBlockHeader` / column headers made visible for teaching.
 *
 * Reads the listed microblocks through the block cache (on demand, not part of the periodic
 * snapshot). Flat SSTables (minis, minors, old majors) list microblocks without columns.
 */
import { SSTABLE_DETAIL_MICROBLOCKS_MAX } from '../common/limits';
import { valueToText, type Value } from '../common/value';
import type { MicroBlockDetail, SstableDetail } from '../server/snapshot';
import { EncodedMicroBlock } from './encoded_microblock';
import type { SSTable } from './sstable';
import type { TabletIdentity } from './types';

const text = (v: Value): string | null => (v === null ? null : valueToText(v));

/** The detail of `table` (a major with its column groups, or a flat SSTable). */
export function sstableDetailOf(table: SSTable, identity: TabletIdentity): SstableDetail {
  const groups = [table, ...table.columnGroups];
  return {
    tenantId: identity.tenantId,
    tabletId: identity.tabletId,
    type: table.kind,
    format: table.meta.format ?? 'flat',
    compression: table.meta.compression ?? 'none',
    columnGroups: groups.map((g) => groupDetail(g, identity.columnCount)),
  };
}

function groupDetail(t: SSTable, columnCount: number): SstableDetail['columnGroups'][number] {
  const g = t.group;
  const microBlocks: MicroBlockDetail[] = [];
  let total = 0;
  let ordinal = 0;
  for (let i = 0; i < t.macroBlocks.length; i++) {
    const m = t.macroBlocks[i];
    total += m.microBlockCount;
    const micros = t.macroIndex(i).micros;
    for (let u = 0; u < micros.length; u++) {
      const e = micros[u];
      if (microBlocks.length < SSTABLE_DETAIL_MICROBLOCKS_MAX) microBlocks.push(microDetail(t, i, u, ordinal, g?.columns ?? []));
      ordinal += e.rowCount;
    }
  }
  return {
    name: g?.name ?? 'all columns',
    columns: g?.columns ?? Array.from({ length: columnCount }, (_, c) => c),
    macroBlocks: t.macroBlocks.map((m) => ({
      blockId: m.blockId,
      rowCount: m.rowCount,
      bytes: m.usedBytes,
      microBlockCount: m.microBlockCount,
      reused: m.reused === true,
    })),
    microBlocks,
    truncated: total > microBlocks.length,
  };
}

function microDetail(t: SSTable, i: number, u: number, rowStart: number, columns: readonly number[]): MicroBlockDetail {
  const e = t.microEntry(i, u);
  const m = t.micro(i, u);
  const base = { macroBlockId: t.macroBlocks[i].blockId, index: u, rowStart, rowCount: e.rowCount, bytes: e.length };
  if (!(m instanceof EncodedMicroBlock)) return { ...base, rawBytes: e.length, columns: [] };
  const stats = t.microStatsAt(i, u);
  let encodedColumns = 0;
  let rawColumns = 0;
  const cols = m.columns.map((info, j) => {
    encodedColumns += info.length;
    rawColumns += info.rawBytes;
    const s = stats[j] ?? null;
    return {
      column: columns[j] ?? j,
      encoding: info.type,
      bytes: info.length,
      rawBytes: info.rawBytes,
      min: s === null ? null : text(s.stats.min),
      max: s === null ? null : text(s.stats.max),
      nullCount: s === null ? 0 : s.stats.nullCount,
      sum: s === null ? null : text(s.stats.sum),
    };
  });
  // Before: the RAW columns plus what is stored besides them (rowkeys, SCNs, directory).
  const rawBytes = rawColumns + (m.rawPayloadBytes - encodedColumns);
  return { ...base, rawBytes, columns: cols };
}
