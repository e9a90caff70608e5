/**
 * Text and ordering for the storage panel, from what the servers reported: the LSM stack of a
 * tablet replica (memtables on top, then MINI, MINOR and the MAJOR baseline: the order a read
 * merges them, newest first), SCN ranges, compression ratios, a scan's storage counters, and
 * column labels of an SSTable's column view. Pure functions: no database fact is computed here,
 * only arranged and worded (conventions §5).
 */
import type { ScanStats } from '../../engine/storage/types';
import type {
  ColumnGroupSstableSnapshot, MemtableSnapshot, SstableDetail, SstableSnapshot, TabletSnapshot,
} from '../../engine/server/snapshot';
import { formatBytes, formatCount } from './obclient';

/** `SCN_MAX` as the engine prints it (an active memtable's open end). */
export const SCN_MAX_TEXT = '4611686018427387903';

/** An SCN for display: `MAX` for the open end, else the decimal SCN. */
export function scnText(scn: string): string {
  return scn === SCN_MAX_TEXT ? 'MAX' : scn;
}

/** `SCN 1700000000000000001 – MAX` */
export function scnRange(startScn: string, endScn: string): string {
  return `SCN ${scnText(startScn)} – ${scnText(endScn)}`;
}

/** Compares two decimal SCN strings (they exceed 2^53). */
export function compareScn(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * `raw 1.2 MiB → 3.4× smaller` style ratio of RAW row bytes to bytes on disk, one decimal;
 * null when the engine did not report raw bytes (flat SSTables of older builds) or wrote nothing.
 */
export function compressionRatio(rawBytes: number | undefined, bytes: number): string | null {
  if (rawBytes === undefined || rawBytes <= 0 || bytes <= 0) return null;
  return `${(rawBytes / bytes).toFixed(1)}×`;
}

export type LsmLevel = 'active' | 'frozen' | 'MINI' | 'MINOR' | 'MAJOR';

/** One layer of a tablet replica's LSM stack, top (newest) to bottom (baseline). */
export interface LsmLayer {
  key: string;
  level: LsmLevel;
  memtable?: MemtableSnapshot;
  sstable?: SstableSnapshot;
}

const bySnapshotEndDesc = (a: { endScn: string }, b: { endScn: string }) => compareScn(b.endScn, a.endScn);

/**
 * The table store of one tablet replica in read order: the active memtable, the frozen
 * memtables (newest first), the MINI SSTables (newest first), the MINOR SSTable, the MAJOR.
 */
export function lsmLayers(tablet: TabletSnapshot): LsmLayer[] {
  const layers: LsmLayer[] = [];
  const active = tablet.memtables.filter((m) => m.isActive);
  const frozen = tablet.memtables.filter((m) => !m.isActive).sort(bySnapshotEndDesc);
  active.forEach((m, i) => layers.push({ key: `active-${i}`, level: 'active', memtable: m }));
  frozen.forEach((m, i) => layers.push({ key: `frozen-${m.startScn}-${i}`, level: 'frozen', memtable: m }));
  for (const type of ['MINI', 'MINOR', 'MAJOR'] as const) {
    const tables = tablet.sstables.filter((t) => t.type === type).sort(bySnapshotEndDesc);
    tables.forEach((t, i) => layers.push({ key: `${type}-${t.endScn}-${i}`, level: type, sstable: t }));
  }
  return layers;
}

/** How a layer is named in the stack. */
export function layerTitle(level: LsmLevel): string {
  switch (level) {
    case 'active':
      return 'Active memtable';
    case 'frozen':
      return 'Frozen memtable';
    case 'MINI':
      return 'MINI SSTable · L0';
    case 'MINOR':
      return 'MINOR SSTable · L1';
    case 'MAJOR':
      return 'MAJOR SSTable · baseline';
  }
}

/** What a layer is, in one teaching sentence. */
export function layerRole(level: LsmLevel): string {
  switch (level) {
    case 'active':
      return 'in memory; every write lands here';
    case 'frozen':
      return 'read-only, waiting for its mini compaction';
    case 'MINI':
      return 'a dumped memtable, multi-version rows';
    case 'MINOR':
      return 'merged minis, versions still needed';
    case 'MAJOR':
      return 'one version per row at the frozen SCN';
  }
}

/** `3 rows · 1.2 KiB` */
export function rowsAndBytes(rowCount: number, bytes: number): string {
  return `${formatCount(rowCount, 'row')} · ${formatBytes(bytes)}`;
}

/** `2 macroblocks · 9 microblocks (1 reused)` for an SSTable or one of its column groups. */
export function blockCounts(t: Pick<SstableSnapshot, 'macroBlockCount' | 'microBlockCount' | 'reusedMacroBlockCount'>): string {
  const reused = t.reusedMacroBlockCount ? ` (${t.reusedMacroBlockCount.toLocaleString('en-US')} reused)` : '';
  return `${formatCount(t.macroBlockCount, 'macroblock')} · ${formatCount(t.microBlockCount, 'microblock')}${reused}`;
}

/** The store format the next major writes, in words. */
export function storeFormatText(format: TabletSnapshot['storeFormat']): string | null {
  if (format === 'row') return 'row store: WITH COLUMN GROUP(all columns)';
  if (format === 'column') return 'column store: WITH COLUMN GROUP(each column)';
  if (format === 'hybrid') return 'hybrid: WITH COLUMN GROUP(all columns, each column)';
  return null;
}

/** A column's label in the column view: its name when the engine reported names, else `column i`. */
export function columnLabel(detail: Pick<SstableDetail, 'columnNames'>, column: number): string {
  return detail.columnNames?.[column] ?? `column ${column}`;
}

/**
 * A column group's label: `all columns` / `rowkey` as named, an `each column` group by its
 * column (the engine names it by the stored column index).
 */
export function columnGroupLabel(detail: Pick<SstableDetail, 'columnNames'>, group: Pick<ColumnGroupSstableSnapshot, 'name' | 'columns'>): string {
  if (/^\d+$/.test(group.name)) return columnLabel(detail, Number(group.name));
  return group.name;
}

export { storageStatsLine } from '../../engine/common/result_notes';

/** `0.42 ms`, `12.3 ms`, `1.20 s` for a duration in µs. */
export function formatDurationUs(us: number): string {
  const v = Math.max(0, us);
  if (v < 10_000) return `${(v / 1000).toFixed(2)} ms`;
  if (v < 1_000_000) return `${(v / 1000).toFixed(1)} ms`;
  return `${(v / 1_000_000).toFixed(2)} s`;
}
