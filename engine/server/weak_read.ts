/**
 * Weak-consistency reads (issue #4, reference §3.7): which replica serves a WEAK read of a log
 * stream, and at which SCN a replica can serve one — OceanBase's weak-read routing
 * (`ob_route_policy`) and a replica's readable SCN (its "weak read version").
 *
 * Routing (`weakReadCandidates`), as OceanBase's DAS picks a replica for a weak read:
 *   1. the session server's own replica of the LS — F (even the leader) or R — a local read, no RPC;
 *   2. followers in the same zone; 3. the other followers (READONLY replicas before FULL ones
 *   under the default READONLY_ZONE_FIRST); 4. the leader, last.
 * COLUMNSTORE (C) replicas serve weak reads only under `ob_route_policy = COLUMN_STORE_ONLY`, and
 * then only they do (the leader stays the strong fallback). ONLY_READONLY_ZONE keeps READONLY
 * replicas only.
 *
 * Readable SCN (`replicaReadableScn`): the highest commit SCN the replica has applied, kept below
 * every 2PC transaction prepared here whose outcome is not applied yet (its commit version is at
 * least its prepare version, so a snapshot at or above it could miss it). A replica serves a weak
 * read only when that SCN is at most `max_stale_time_for_weak_consistency` old; otherwise it
 * answers OB_REPLICA_NOT_READABLE and the DAS tries the next replica, finally the leader with a
 * strong (GTS) snapshot.
 *
 * Simplification (documented): OceanBase advances an idle follower's readable SCN with the
 * leader's keepalive log; this playground has no keepalive record yet, so an LS that committed
 * nothing for `max_stale_time` has followers that are "too stale" and its weak reads fall back to
 * the leader. Also, commit SCNs come from GTS before the commit record is appended, so two
 * concurrent commits may reach the log out of SCN order: a follower reading at its readable SCN can
 * then miss, for a short window, a commit below that SCN appended just after (never a row version
 * above its readable SCN, never an uncommitted one).
 */
import type { LsId, Scn, ServerId, TenantId } from '../common/ids';
import { scn } from '../common/ids';
import { Errors, isObError } from '../common/ob_error';
import type { LogStream } from '../logstream/log_stream';
import { parseTimeSpanUs } from '../rootservice/root_service';
import type { ReplicaType } from './snapshot';
import { isRpcTimeout, type LocationService } from './location';

/** Default of the tenant parameter `max_stale_time_for_weak_consistency` (5 s), µs. */
export const MAX_STALE_TIME_DEFAULT_US = 5_000_000;

/** Timeout of one weak-read attempt on one replica before the DAS tries the next, µs. */
export const WEAK_READ_ATTEMPT_TIMEOUT_US = 500_000;

/** `ob_route_policy` values (reference §3.7); COLUMN_STORE_ONLY routes weak reads to C replicas. */
export type RoutePolicy = 'READONLY_ZONE_FIRST' | 'ONLY_READONLY_ZONE' | 'UNMERGE_ZONE_FIRST' | 'UNMERGE_FOLLOWER_FIRST' | 'COLUMN_STORE_ONLY';

/** The route policy named by a session variable value (default READONLY_ZONE_FIRST). */
export function routePolicyOf(value: unknown): RoutePolicy {
  const v = typeof value === 'string' ? value.trim().toUpperCase() : '';
  const known: RoutePolicy[] = ['READONLY_ZONE_FIRST', 'ONLY_READONLY_ZONE', 'UNMERGE_ZONE_FIRST', 'UNMERGE_FOLLOWER_FIRST', 'COLUMN_STORE_ONLY'];
  return (known as string[]).includes(v) ? (v as RoutePolicy) : 'READONLY_ZONE_FIRST';
}

/** `max_stale_time_for_weak_consistency` text (`5s`, `500ms`, bare seconds) in µs; default on bad text. */
export function maxStaleTimeUs(text: string | undefined): number {
  if (text === undefined) return MAX_STALE_TIME_DEFAULT_US;
  const us = parseTimeSpanUs(text);
  return Number.isFinite(us) && us >= 0 ? us : MAX_STALE_TIME_DEFAULT_US;
}

/**
 * The SCN below which this replica has applied every commit of its LS (see the module comment):
 * the highest applied commit SCN, capped below the prepare SCN of every prepared transaction.
 * 0 for a replica that applied no commit yet.
 */
export function replicaReadableScn(ls: LogStream): Scn {
  let readable = ls.appliedScn;
  for (const p of ls.prepared.values()) if (p.prepareScn - 1n < readable) readable = p.prepareScn - 1n;
  return scn(readable < 0n ? 0n : readable);
}

/**
 * What kind of replica `ls` is on server `self` (the request's addressee): FULL when a PALF member,
 * else COLUMNSTORE when the tablet's baseline is stored column-wise here, else READONLY.
 */
export function localReplicaType(ls: LogStream, self: number, tabletId: number | null): ReplicaType {
  if (ls.isLeader() || ls.palf.status().memberList.map(Number).includes(self)) return 'FULL';
  const tablet = tabletId === null ? undefined : ls.tablets.get(tabletId as never);
  return tablet?.replicaStoreFormat() === 'column' ? 'COLUMNSTORE' : 'READONLY';
}

/**
 * May a replica of `type` serve a weak read under `policy`? Errors: none (a refusal is the
 * caller's OB_REPLICA_NOT_READABLE).
 */
export function policyAllows(policy: RoutePolicy, type: ReplicaType): boolean {
  if (policy === 'COLUMN_STORE_ONLY') return type === 'COLUMNSTORE';
  if (type === 'COLUMNSTORE') return false;
  if (policy === 'ONLY_READONLY_ZONE') return type === 'READONLY';
  return true;
}

/** One replica a weak read may try, in routing order. */
export interface WeakReadCandidate {
  serverId: ServerId;
  /** The type the placement gives (the serving replica reports its own in its answer). */
  replicaType: ReplicaType;
  zone?: string;
  svrIp?: string;
  /** The cached leader of the LS. */
  leader: boolean;
}

/**
 * Replicas of (tenantId, lsId) in weak-read routing order for a session on server `self`
 * (see the module comment). A remote leader comes last (kept even when the policy excludes it: the
 * strong fallback reads there anyway); the policy filters the others, the local one included.
 */
export function weakReadCandidates(location: LocationService, tenantId: TenantId, lsId: LsId, self: ServerId, policy: RoutePolicy): WeakReadCandidate[] {
  let leader: number | null = null;
  try {
    leader = location.leaderOf(tenantId, lsId);
  } catch {
    leader = null;
  }
  const placement = location.topology.tenants.find((t) => t.tenantId === tenantId)?.ls.find((l) => l.lsId === lsId);
  const typeOf = (s: number): ReplicaType => {
    const given = placement?.replicaTypes?.[s];
    if (given) return given;
    if (placement?.learners?.includes(s as ServerId)) return 'READONLY';
    return 'FULL';
  };
  const myZone = location.server(self)?.zone;
  const all = location.replicasOf(tenantId, lsId).map((s): WeakReadCandidate => {
    const info = location.server(s);
    return { serverId: s, replicaType: typeOf(s), zone: info?.zone, svrIp: info?.svrIp, leader: s === leader };
  });
  const rank = (c: WeakReadCandidate): number => {
    // COLUMN_STORE_ONLY sends weak reads to C replicas: a local leader is only the fallback there.
    if (c.serverId === self && !(c.leader && policy === 'COLUMN_STORE_ONLY')) return 0;
    if (c.leader) return 4;
    if (myZone !== undefined && c.zone === myZone) return 1;
    return policy === 'READONLY_ZONE_FIRST' && c.replicaType === 'READONLY' ? 2 : 3;
  };
  return all
    .filter((c) => c.leader || policyAllows(policy, c.replicaType))
    .sort((a, b) => rank(a) - rank(b) || a.serverId - b.serverId);
}

/** Errors after which a weak read tries the next replica (the request did not read anything). */
export function isWeakReadRetryable(e: unknown): boolean {
  if (!isObError(e)) return false;
  return e.obCode === Errors.replicaNotReadable().obCode || e.obCode === Errors.notMaster().obCode ||
    e.obCode === Errors.serverNotAlive('').obCode || isRpcTimeout(e);
}
