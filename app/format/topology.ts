/**
 * Display helpers for the topology panel (issue #4): how a server's state, a log-stream
 * replica's role, type, log position and leader lease read on the page, and how a server's
 * units, unit groups and LS groups nest. Pure functions over the `ClusterSnapshot` the engine
 * reported: they pick, group and subtract reported numbers for display, never decide a database
 * fact (who leads comes from the snapshot; conventions §5).
 *
 * Invariants: every number returned as text carries its unit (architecture §9); a role or a
 * status always has a word or a mark besides any colour the CSS gives it.
 */
import type { LinkFault } from '../../engine/env/index';
import type {
  ClusterSnapshot, LsReplicaSnapshot, LsSnapshot, ReplicaType, RsServerSnapshot, ServerSnapshot, UnitConfigSnapshot, UnitSnapshot,
} from '../../engine/server/snapshot';

/** Worker states the host reports (mirrors app/host/clusterHost's `ServerRunState`). */
export type WorkerState = 'booting' | 'running' | 'crashed' | 'stopped';

/** `NOT ADDED`: a node the host started that ALTER SYSTEM ADD SERVER has not registered yet. */
export type DisplayStatus = 'ACTIVE' | 'INACTIVE' | 'STOPPED' | 'CRASHED' | 'BOOTING' | 'DELETING' | 'NOT ADDED';

/** Marks drawn beside the status word (shape, not colour). */
export const STATUS_MARK: Record<DisplayStatus, string> = {
  ACTIVE: '●',
  INACTIVE: '◐',
  STOPPED: '■',
  CRASHED: '✕',
  BOOTING: '◌',
  DELETING: '▽',
  'NOT ADDED': '◇',
};

/**
 * A server's status on its card. The worker's fate wins (a killed worker is STOPPED, a failed
 * assertion CRASHED, a (re)start BOOTING); otherwise the root service's view (`rsServers`:
 * INACTIVE once silent for lease_time, DELETING, stopped by ALTER SYSTEM STOP SERVER), else the
 * server's own report. `rsNote` adds the root service's view when it differs from the shown one.
 * A running node missing from the root service's server list (`registered` false) is NOT ADDED.
 */
export function serverStatus(
  worker: WorkerState | undefined,
  server: Pick<ServerSnapshot, 'status'> | undefined,
  rs: Pick<RsServerSnapshot, 'status' | 'stopTimeUs' | 'permanentOffline'> | undefined,
  registered = true,
): { status: DisplayStatus; rsNote: string | null } {
  const rsWord = rs ? `${rs.status}${rs.stopTimeUs > 0 ? ', stopped' : ''}${rs.permanentOffline ? ', permanently offline' : ''}` : null;
  const note = (shown: DisplayStatus) => (rsWord && rsWord !== shown ? `root service: ${rsWord}` : null);
  if (worker === 'crashed') return { status: 'CRASHED', rsNote: note('CRASHED') };
  if (worker === 'stopped') return { status: 'STOPPED', rsNote: note('STOPPED') };
  if (worker === 'booting') return { status: 'BOOTING', rsNote: note('BOOTING') };
  if (!registered) return { status: 'NOT ADDED', rsNote: null };
  if (rs) {
    const status: DisplayStatus = rs.status === 'DELETING' ? 'DELETING' : rs.status === 'INACTIVE' ? 'INACTIVE' : rs.stopTimeUs > 0 ? 'STOPPED' : 'ACTIVE';
    return { status, rsNote: rs.permanentOffline ? 'root service: permanently offline' : null };
  }
  const own = server?.status;
  if (own === 'CRASHED' || own === 'STOPPED' || own === 'BOOTING' || own === 'ACTIVE') return { status: own, rsNote: null };
  return { status: 'INACTIVE', rsNote: null };
}

/** `F`, `R`, `C`: OceanBase's letters for FULL, READONLY and COLUMNSTORE replicas. */
export function typeLetter(type: ReplicaType): 'F' | 'R' | 'C' {
  return type === 'FULL' ? 'F' : type === 'READONLY' ? 'R' : 'C';
}

export type ReplicaKind = 'leader' | 'candidate' | 'follower' | 'learner';

/**
 * How a replica is drawn: leader (filled, "L"), candidate (campaigning, "?"), follower
 * (outlined), learner (dashed: an R or C replica, or one in its learner list).
 */
export function replicaKind(r: Pick<LsReplicaSnapshot, 'role' | 'replicaType' | 'learnerList' | 'election'>, serverId: number): ReplicaKind {
  if (r.role === 'LEADER') return 'leader';
  if (r.election?.electionState === 'CANDIDATE') return 'candidate';
  if (r.replicaType !== 'FULL' || (r.learnerList ?? []).includes(serverId)) return 'learner';
  return 'follower';
}

/** The letter in a replica's round role badge. */
export const ROLE_BADGE: Record<ReplicaKind, string> = { leader: 'L', candidate: '?', follower: 'F', learner: 'Ln' };

/**
 * Remaining leader lease in ms: the leader's `election.leaseExpiryUs` minus its server's
 * snapshot time `takenAtUs` (both on the simulated clock), at least 0. Null when the replica
 * reports no lease (not a leader, or election not enabled).
 */
export function leaseRemainingMs(r: Pick<LsReplicaSnapshot, 'role' | 'election'>, takenAtUs: number): number | null {
  const expiry = r.election?.leaseExpiryUs;
  if (r.role !== 'LEADER' || expiry === null || expiry === undefined) return null;
  return Math.max(0, (expiry - takenAtUs) / 1000);
}

/** The lease bar's full scale, ms (OceanBase's leader lease is about 4 s). */
export const LEASE_FULL_SCALE_MS = 4_000;

/** `850 ms`, `3.2 s`, `12 s`. */
export function formatMs(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 10_000) return `${(v / 1000).toFixed(1)} s`;
  return `${Math.round(v / 1000)} s`;
}

/** `1 entry`, `12 entries` (PALF LSNs here are entry indexes). */
export function formatEntries(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;
}

/**
 * The replica of LS (`tenantId`, `lsId`) on its leader: the server the location cache names
 * (`LsSnapshot.leaderServerId` when known), else a replica reporting role LEADER. Null while
 * no leader is known.
 */
export function leaderReplicaOf(snap: ClusterSnapshot, tenantId: number, lsId: number): { serverId: number; replica: LsReplicaSnapshot } | null {
  const ls = snap.tenants.find((t) => t.tenantId === tenantId)?.ls.find((l) => l.lsId === lsId);
  const find = (serverId: number) => snap.servers.find((s) => s.serverId === serverId)?.lsReplicas.find((r) => r.tenantId === tenantId && r.lsId === lsId);
  if (ls && ls.leaderKnown !== false && ls.leaderServerId >= 0) {
    const replica = find(ls.leaderServerId);
    if (replica && replica.role === 'LEADER') return { serverId: ls.leaderServerId, replica };
  }
  for (const s of snap.servers) {
    const replica = s.lsReplicas.find((r) => r.tenantId === tenantId && r.lsId === lsId && r.role === 'LEADER');
    if (replica) return { serverId: s.serverId, replica };
  }
  return null;
}

/** How far a replica's log is behind its leader's (last LSN vs last LSN), in entries; null when no leader is known. */
export function logLagEntries(r: Pick<LsReplicaSnapshot, 'lastLsn'>, leader: Pick<LsReplicaSnapshot, 'lastLsn'> | null): number | null {
  return leader ? Math.max(0, leader.lastLsn - r.lastLsn) : null;
}

export interface LsGroupView {
  lsGroupId: number;
  unitGroupId: number;
  replicas: LsReplicaSnapshot[];
}

export interface UnitView {
  unit: UnitSnapshot | null;
  config: UnitConfigSnapshot | null;
  lsGroups: LsGroupView[];
}

export interface TenantOnServer {
  tenantId: number;
  tenantName: string;
  units: UnitView[];
}

/**
 * What a server card shows per tenant: the tenant's units on this server (by unit group), and
 * inside each unit this server's replicas of the tenant's log streams grouped by LS group
 * (`LsSnapshot.lsGroupId`; LS 1 is in LS group 0). A replica whose LS group belongs to no unit
 * here goes to the first unit. Tenants with neither a unit nor a replica here are left out.
 */
export function tenantsOnServer(snap: ClusterSnapshot, serverId: number): TenantOnServer[] {
  const server = snap.servers.find((s) => s.serverId === serverId);
  const out: TenantOnServer[] = [];
  for (const t of snap.tenants) {
    const units = snap.units.filter((u) => u.tenantId === t.tenantId && u.serverId === serverId).sort((a, b) => a.unitGroupId - b.unitGroupId || a.unitId - b.unitId);
    const replicas = (server?.lsReplicas ?? []).filter((r) => r.tenantId === t.tenantId).sort((a, b) => a.lsId - b.lsId);
    if (units.length === 0 && replicas.length === 0) continue;
    const views: UnitView[] = (units.length ? units : [null]).map((unit) => ({
      unit,
      config: unit ? (snap.unitConfigs.find((c) => c.unitConfigId === unit.unitConfigId) ?? null) : null,
      lsGroups: [],
    }));
    const lsById = new Map<number, LsSnapshot>(t.ls.map((l) => [l.lsId, l]));
    for (const r of replicas) {
      const ls = lsById.get(r.lsId);
      const lsGroupId = ls?.lsGroupId ?? 0;
      const unitGroupId = ls?.unitGroupId ?? 0;
      const view = views.find((v) => v.unit?.unitGroupId === unitGroupId && unitGroupId !== 0) ?? views[0];
      let group = view.lsGroups.find((g) => g.lsGroupId === lsGroupId);
      if (!group) {
        group = { lsGroupId, unitGroupId, replicas: [] };
        view.lsGroups.push(group);
      }
      group.replicas.push(r);
    }
    for (const v of views) v.lsGroups.sort((a, b) => a.lsGroupId - b.lsGroupId);
    out.push({ tenantId: t.tenantId, tenantName: t.tenantName, units: views });
  }
  return out;
}

/** A link fault as the page lists it: both directions folded into one when they match. */
export interface LinkView {
  a: number;
  b: number;
  /** True when the fault is only a → b. */
  oneWay: boolean;
  cut: boolean;
  delayUs: number;
  lossRate: number;
}

const sameFault = (x: LinkFault, y: LinkFault) => x.cut === y.cut && x.delayUs === y.delayUs && x.lossRate === y.lossRate;

/** Folds one-way faults into links: a→b and b→a with the same settings become one two-way link. */
export function linkViews(faults: readonly LinkFault[]): LinkView[] {
  const active = faults.filter((f) => f.cut || f.delayUs > 0 || f.lossRate > 0);
  const used = new Set<LinkFault>();
  const out: LinkView[] = [];
  for (const f of active) {
    if (used.has(f)) continue;
    used.add(f);
    const back = active.find((g) => !used.has(g) && g.from === f.to && g.to === f.from && sameFault(f, g));
    if (back) used.add(back);
    const [a, b] = back && f.from > f.to ? [f.to, f.from] : [f.from, f.to];
    out.push({ a, b, oneWay: !back, cut: f.cut, delayUs: f.delayUs, lossRate: f.lossRate });
  }
  return out.sort((x, y) => x.a - y.a || x.b - y.b);
}

/** `✂ cut`, `◷ delay 200 ms`, `⚠ loss 20%` (joined by ` · `): readable without colour. */
export function describeLinkEffect(l: Pick<LinkView, 'cut' | 'delayUs' | 'lossRate'>): string {
  const parts: string[] = [];
  if (l.cut) parts.push('✂ cut');
  if (l.delayUs > 0) parts.push(`◷ delay ${formatMs(l.delayUs / 1000)}`);
  if (l.lossRate > 0) parts.push(`⚠ loss ${Math.round(l.lossRate * 100)}%`);
  return parts.join(' · ');
}

/** `server 1 ⇄ server 2` or `server 1 → server 2` (names from `name`). */
export function describeLinkEnds(l: Pick<LinkView, 'a' | 'b' | 'oneWay'>, name: (serverId: number) => string = (id) => `server ${id}`): string {
  return `${name(l.a)} ${l.oneWay ? '→' : '⇄'} ${name(l.b)}`;
}

/**
 * Zones (columns) and their servers (cards, by id): the snapshot's zones and servers, the root
 * service's server list (a server that stopped reporting still has a card) and the host's
 * deployment (`deployed`: a server whose worker is down). Zones in the snapshot's order, then
 * any others by name.
 */
export function zoneLayout(
  snap: Pick<ClusterSnapshot, 'zones' | 'servers' | 'rsServers'>,
  deployed: readonly { serverId: number; zone: string }[],
): { zone: string; serverIds: number[] }[] {
  const byZone = new Map<string, Set<number>>();
  for (const z of snap.zones) byZone.set(z.zone, new Set());
  const add = (zone: string, id: number) => {
    if (!byZone.has(zone)) byZone.set(zone, new Set());
    byZone.get(zone)!.add(id);
  };
  for (const s of snap.servers) add(s.zone, s.serverId);
  for (const s of snap.rsServers ?? []) add(s.zone, s.serverId);
  const known = new Set([...byZone.values()].flatMap((ids) => [...ids]));
  for (const d of deployed) if (!known.has(d.serverId)) add(d.zone, d.serverId);
  const listed = snap.zones.map((z) => z.zone);
  const extra = [...byZone.keys()].filter((z) => !listed.includes(z)).sort();
  return [...listed, ...extra].map((zone) => ({ zone, serverIds: [...byZone.get(zone)!].sort((a, b) => a - b) }));
}
