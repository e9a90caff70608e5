/**
 * Election priority of an LS replica as the root service sees it (OceanBase's election priority:
 * a replica in a better primary zone, on a serving server, wins; reference §2.7, §3.3). PALF's
 * election asks each replica's priority; the highest live FULL replica becomes leader, and a
 * leader that sees a higher-priority follower hands leadership over.
 *
 * Order (higher first): the `SWITCH REPLICA LEADER` target (1000); then by the LS's own
 * PRIMARY_ZONE levels (first level 100, next 90, …, never below 11); a FULL replica in a zone
 * outside PRIMARY_ZONE 10; a server that is stopped (STOP SERVER / STOP ZONE), INACTIVE, DELETING
 * or permanently offline 1 (electable only if nothing better is alive); READONLY / COLUMNSTORE
 * replicas and servers not hosting the LS 0 (never leader).
 */
import { serverById } from './cluster_state';
import { lsPrimaryZoneLevels } from './primary_zone';
import type { ClusterState, RsLs } from './types';

export const PRIORITY_PREFERRED_LEADER = 1000;
export const PRIORITY_UNAVAILABLE = 1;

/** Priority of `serverId`'s replica of (tenantId, lsId): a number, higher is preferred (see module comment). */
export function electionPriority(state: ClusterState, tenantId: number, lsId: number, serverId: number): number {
  const ls = state.ls.find((l) => l.tenantId === tenantId && l.lsId === lsId);
  return ls ? replicaPriority(state, ls, serverId) : 0;
}

export function replicaPriority(state: ClusterState, ls: RsLs, serverId: number): number {
  const replica = ls.replicas.find((r) => r.serverId === serverId);
  if (!replica || replica.replicaType !== 'FULL' || ls.status === 'WAIT_OFFLINE') return 0;
  const server = serverById(state, serverId);
  if (!server) return 0;
  const zoneStopped = state.zones.some((z) => z.zone === server.zone && z.status === 'INACTIVE');
  if (server.stopTimeUs > 0 || server.status !== 'ACTIVE' || server.permanentOffline || zoneStopped) return PRIORITY_UNAVAILABLE;
  if (ls.preferredLeader === serverId) return PRIORITY_PREFERRED_LEADER;
  const level = lsPrimaryZoneLevels(ls.primaryZone).findIndex((lvl) => lvl.includes(server.zone));
  if (level < 0) return 10;
  return Math.max(11, 100 - 10 * level);
}

/**
 * The replica the election should pick: the FULL replica with the highest priority (ties: the
 * first in the LS's replica order), or the first replica when none is FULL; null for no replica.
 */
export function preferredLeaderOf(state: ClusterState, ls: RsLs): number | null {
  let best: number | null = null;
  let bestPriority = -1;
  for (const r of ls.replicas) {
    const p = replicaPriority(state, ls, r.serverId);
    if (p > bestPriority) { best = r.serverId; bestPriority = p; }
  }
  return best;
}
