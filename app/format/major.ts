/**
 * The major-compaction view's arrangement of what the servers reported: the tenant's major
 * compaction as its root service tracks it (`MajorCompactionSnapshot`, reported by the server
 * holding the tenant's LS 1 leader), each zone's progress counted from the tablet replicas the
 * servers of that zone reported, and the finished compactions (`compactionHistory`) grouped into
 * rounds — one per compaction SCN — per zone, oldest first (the timeline).
 *
 * Nothing is decided here: a tablet replica counts as merged when its server reports a MAJOR
 * SSTable at (or past) the zone's broadcast SCN, or a finished MAJOR_MERGE at that SCN.
 */
import type {
  ClusterSnapshot, CompactionHistorySnapshot, MajorCompactionSnapshot, ServerSnapshot,
} from '../../engine/server/snapshot';
import { compareScn } from './storage';

/** The tenant's major compaction as reported (by its root service's server), or null. */
export function majorCompactionOf(snapshot: ClusterSnapshot | null, tenantId: number): MajorCompactionSnapshot | null {
  for (const s of snapshot?.servers ?? []) {
    const m = s.majorCompactions?.find((x) => x.tenantId === tenantId);
    if (m) return m;
  }
  return null;
}

export interface ZoneMajorProgress {
  zone: string;
  status: 'IDLE' | 'COMPACTING';
  broadcastScn: string;
  lastScn: string;
  lastFinishTimeUs: number;
  /** Tablet replicas of the tenant on the zone's servers, and those merged to `broadcastScn`. */
  tabletsTotal: number;
  tabletsMerged: number;
  /** Rows of the MAJOR_MERGEs running in the zone now. */
  rowsDone: number;
  rowsTotal: number;
  running: number;
}

function mergedTo(server: ServerSnapshot, tenantId: number, tabletId: number, scn: string): boolean {
  const tablet = server.tablets.find((t) => t.tenantId === tenantId && t.tabletId === tabletId);
  if (tablet?.sstables.some((t) => t.type === 'MAJOR' && compareScn(t.endScn, scn) >= 0)) return true;
  return (server.compactionHistory ?? []).some(
    (h) => h.tenantId === tenantId && h.tabletId === tabletId && h.mergeType === 'MAJOR_MERGE' && h.compactionScn === scn,
  );
}

/** Per zone of `mc`: its status and SCNs, and how many of its tablet replicas are merged. */
export function zoneMajorProgress(snapshot: ClusterSnapshot, mc: MajorCompactionSnapshot): ZoneMajorProgress[] {
  return mc.zones.map((z) => {
    const servers = snapshot.servers.filter((s) => s.zone === z.zone);
    let tabletsTotal = 0;
    let tabletsMerged = 0;
    let rowsDone = 0;
    let rowsTotal = 0;
    let running = 0;
    for (const s of servers) {
      for (const t of s.tablets) {
        if (t.tenantId !== mc.tenantId) continue;
        tabletsTotal++;
        if (z.broadcastScn !== '0' && mergedTo(s, mc.tenantId, t.tabletId, z.broadcastScn)) tabletsMerged++;
        if (t.compaction?.mergeType === 'MAJOR_MERGE') {
          running++;
          rowsDone += t.compaction.rowsDone;
          rowsTotal += t.compaction.rowsTotal;
        }
      }
    }
    return {
      zone: z.zone, status: z.status, broadcastScn: z.broadcastScn, lastScn: z.lastScn, lastFinishTimeUs: z.lastFinishTimeUs,
      tabletsTotal, tabletsMerged, rowsDone, rowsTotal, running,
    };
  });
}

/** One zone's share of one major round: the MAJOR_MERGEs its servers finished at one SCN. */
export interface RoundCell {
  tablets: number;
  rows: number;
  occupyBytes: number;
  macroBlocks: number;
  reusedMacroBlocks: number;
  startUs: number;
  finishUs: number;
}

/** A major round (one compaction SCN) across zones, for the timeline. */
export interface MajorRound {
  compactionScn: string;
  /** When the SCN was frozen (DBA_OB_FREEZE_INFO), when known. */
  frozenTimeUs?: number;
  byZone: Record<string, RoundCell>;
}

/** A server's history entries with the zone it ran in. */
export function historyWithZones(snapshot: ClusterSnapshot, tenantId: number): (CompactionHistorySnapshot & { zone: string; svrIp: string })[] {
  return snapshot.servers.flatMap((s) =>
    (s.compactionHistory ?? []).filter((h) => h.tenantId === tenantId).map((h) => ({ ...h, zone: s.zone, svrIp: s.svrIp })),
  );
}

/**
 * The last `max` major rounds of the tenant, oldest first: every frozen SCN the root service
 * lists (DBA_OB_FREEZE_INFO) plus any SCN a finished MAJOR_MERGE names, each with per-zone
 * totals of its finished MAJOR_MERGEs. The bootstrap baseline (SCN 0 or 1: a tablet's empty
 * MAJOR at creation) is not a round and is left out.
 */
export function majorRounds(snapshot: ClusterSnapshot, tenantId: number, mc: MajorCompactionSnapshot | null, max: number): MajorRound[] {
  const rounds = new Map<string, MajorRound>();
  for (const f of mc?.freezeInfo ?? []) {
    if (f.frozenScn === '1' || f.frozenScn === '0') continue;
    rounds.set(f.frozenScn, { compactionScn: f.frozenScn, frozenTimeUs: f.createTimeUs, byZone: {} });
  }
  for (const h of historyWithZones(snapshot, tenantId)) {
    if (h.mergeType !== 'MAJOR_MERGE' || h.compactionScn === '0' || h.compactionScn === '1') continue;
    let r = rounds.get(h.compactionScn);
    if (!r) rounds.set(h.compactionScn, (r = { compactionScn: h.compactionScn, byZone: {} }));
    const c = (r.byZone[h.zone] ??= { tablets: 0, rows: 0, occupyBytes: 0, macroBlocks: 0, reusedMacroBlocks: 0, startUs: h.startUs, finishUs: h.finishUs });
    c.tablets++;
    c.rows += h.totalRowCount;
    c.occupyBytes += h.occupySize;
    c.macroBlocks += h.macroBlockCount;
    c.reusedMacroBlocks += h.multiplexedMacroBlockCount;
    c.startUs = Math.min(c.startUs, h.startUs);
    c.finishUs = Math.max(c.finishUs, h.finishUs);
  }
  const sorted = [...rounds.values()].sort((a, b) => compareScn(a.compactionScn, b.compactionScn));
  return sorted.slice(Math.max(0, sorted.length - max));
}

/** The status steps a tenant's major compaction moves through (reference §4.4). */
export const MAJOR_STEPS = ['IDLE', 'COMPACTING', 'VERIFYING'] as const;
