/**
 * The notes a statement's result carries beside its rows, worded once for every place that shows
 * them — the page's result area (StorageStatsLine, ReadRouteLine) and a scenario cell's text
 * output (`sql show=stats,routes`, engine/scenario/output.ts): a scan's storage counters
 * (microblocks read and skipped by the skip index, bytes, rows, row vs column store) and, for a
 * weak read, which replica served each log stream and how stale its snapshot was. Pure wording: no
 * database fact is computed here.
 */
import type { ReadRoute } from '../server/api';
import type { ScanStats } from '../storage/types';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** `0 B`, `900 B`, `1.5 KiB`, `2.0 MiB` (binary units, as OceanBase sizes memory and disk). */
export function formatBytes(bytes: number): string {
  let v = Math.max(0, bytes);
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${BYTE_UNITS[u]}`;
}

/** `1 row`, `12,345 rows` (any noun: `macroblock`, …). */
export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** `12 microblocks read (96.0 KiB), 40 skipped by the skip index, 10,000 rows scanned · column store` */
export function storageStatsLine(s: ScanStats): string {
  const parts = [`${formatCount(s.microBlocksRead, 'microblock')} read (${formatBytes(s.bytesRead)})`];
  if (s.microBlocksSkipped > 0) parts.push(`${s.microBlocksSkipped.toLocaleString('en-US')} skipped by the skip index`);
  if (s.microBlocksAggregated > 0) parts.push(`${s.microBlocksAggregated.toLocaleString('en-US')} answered from skip-index aggregates`);
  parts.push(`${formatCount(s.rowsScanned, 'row')} scanned`);
  return `${parts.join(', ')} · ${s.columnStore ? 'column store' : 'row store'}`;
}

const ROLE_TEXT: Record<ReadRoute['replicaType'], string> = { FULL: 'follower', READONLY: 'read-only replica', COLUMNSTORE: 'column-store replica' };

/** "120 ms", "2.4 s" (µs in). */
function staleText(us: number): string {
  return us < 1_000_000 ? `${Math.round(us / 1000)} ms` : `${(us / 1_000_000).toFixed(1)} s`;
}

/**
 * One log stream's read route: `weak read: LS 1001 served by column-store replica 10.0.0.3
 * (zone3), 120 ms stale`, or `… fell back to the leader … (strong read)`. `withStaleness` false
 * leaves the staleness out (it depends on timing; scenario output must not).
 */
export function readRouteText(r: ReadRoute, withStaleness = true): string {
  const where = `${r.svrIp}${r.zone ? ` (${r.zone})` : ''}`;
  const who = r.role === 'LEADER' ? 'leader' : ROLE_TEXT[r.replicaType];
  const stale = withStaleness && r.staleUs !== undefined ? `, ${staleText(r.staleUs)} stale` : '';
  const how = r.weak ? `served by ${who} ${where}${stale}` : `fell back to the ${who} ${where} (strong read)`;
  return `weak read: LS ${r.lsId} ${how}${r.note ? ` — ${r.note}` : ''}`;
}

/** The routes worth a line: weak reads and weak reads that fell back (strong reads stay silent, as obclient). */
export function shownReadRoutes(routes: readonly ReadRoute[]): ReadRoute[] {
  return routes.filter((r) => r.weak || r.note !== undefined);
}
