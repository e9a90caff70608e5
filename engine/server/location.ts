/**
 * Location service: which server leads each log stream, which LS holds each tablet — OceanBase's
 * location cache (`ObLSLocationService`, `DBA_OB_LS_LOCATIONS`) with its "refresh on not master"
 * retry (issue #4: leaders are elected and move).
 *
 * - `leaderOf` answers from the cache: the last leader learned (from a probe, or from this server's
 *   own replicas, which hear every leader of their LS), initially the placement's preferred leader.
 *   An entry carries the proposal id it was learned at; an older proposal id never overwrites a newer.
 * - `refresh` probes every replica of the LS (`ls.leader`: its PALF role, known leader, proposal id,
 *   whether it serves) and keeps the serving leader with the highest proposal id (else the leader
 *   the most up-to-date follower names).
 * - `callLeader` sends a request to the cached leader and, on OB_NOT_MASTER, a dead server or (when
 *   the call is safe to repeat) an RPC timeout, refreshes and retries with exponential backoff on the
 *   simulated clock until LOCATION_RETRY_BUDGET_MS runs out. While a call waits, a leader change
 *   learned meanwhile (a higher proposal id naming another server) abandons it as OB_NOT_MASTER —
 *   so a call to a dead leader ends when the new leader is known, not at the 10 s RPC timeout.
 *   Callers decide what is safe to retry: reads and idempotent requests retry on timeouts; a DAS
 *   write only on a certain refusal (the statement retry above it handles the rest).
 */
import { assert } from '../common/assert';
import type { LsId, ServerId, TenantId } from '../common/ids';
import {
  LOCATION_PROBE_TIMEOUT_US, LOCATION_RETRY_BACKOFF_MAX_MS, LOCATION_RETRY_BACKOFF_MIN_MS, LOCATION_RETRY_BUDGET_MS, RPC_TIMEOUT_US,
} from '../common/limits';
import { Errors, isObError } from '../common/ob_error';
import type { Clock, TimerHandle } from '../env';
import type { ClusterTopology, LsPlacement, ServerInfo } from '../rootservice/topology';
import type { RpcEndpoint } from '../rpc/rpc';

/** The answer of `ls.leader`: a replica's view of its LS's leadership. */
export interface LsLeaderReply {
  role: 'LEADER' | 'FOLLOWER';
  leader: number | null;
  proposalId: number;
  /** The replica leads and its takeover is done. */
  serving: boolean;
}

export interface LocationDeps {
  rpc: RpcEndpoint;
  clock: Clock;
  /** False once this server stopped or crashed: nothing is retried then. */
  alive(): boolean;
}

/** Where an LS's replicas are (the root service's placement, issue #4); null leader: none preferred. */
export interface LsReplicaPlacement {
  leader: number | null;
  members: number[];
  learners?: number[];
}

export interface CallLeaderOptions {
  /** Timeout of one attempt, µs (default RPC_TIMEOUT_US). */
  timeoutUs?: number;
  /** Retry after an RPC timeout too (only for requests safe to repeat). Default true. */
  retryOnTimeout?: boolean;
  /** Total retry budget, µs (default LOCATION_RETRY_BUDGET_MS). */
  budgetUs?: number;
}

interface CachedLeader {
  server: ServerId;
  proposalId: number;
  /** Learned from a replica (not merely the placement's preference). */
  known: boolean;
}

/** Poll period of a waiting call's "did the leader move?" check, µs. */
const LEADER_WATCH_US = 200_000;

const key = (t: number, l: number) => `${t}/${l}`;

/** True for the RPC layer's own timeout (not a query timeout, which shares its code). */
export function isRpcTimeout(e: unknown): boolean {
  return isObError(e) && e.obCode === -4012 && e.message === Errors.rpcTimeout().message;
}

/** Errors after which the request certainly did not run on a leader, or its server is gone. */
export function isLocationError(e: unknown): boolean {
  if (!isObError(e)) return false;
  return e.obCode === Errors.notMaster().obCode || e.obCode === -4638 || isRpcTimeout(e);
}

export class LocationService {
  private readonly leaders = new Map<string, CachedLeader>();
  private readonly servers = new Map<number, ServerInfo>();
  private readonly refreshing = new Map<string, Promise<ServerId | null>>();
  private deps: LocationDeps | null = null;
  /** Placement of LSs the static topology does not know (set by the root service's runtime). */
  private placementSource: ((tenantId: number, lsId: number) => LsReplicaPlacement | undefined) | null = null;

  constructor(readonly topology: ClusterTopology, deps?: LocationDeps) {
    for (const s of topology.servers) this.servers.set(s.serverId, s);
    if (deps) this.deps = deps;
  }

  /** Wires the RPC endpoint and clock used by `refresh` and `callLeader`. */
  bind(deps: LocationDeps): void {
    this.deps = deps;
  }

  /**
   * Makes the cache find replicas of LSs through `source` first (the root service's placement, as
   * LSs are created and moved at run time); the static topology stays the fallback.
   */
  setPlacementSource(source: (tenantId: number, lsId: number) => LsReplicaPlacement | undefined): void {
    this.placementSource = source;
  }

  private placement(tenantId: number, lsId: number): LsReplicaPlacement | undefined {
    const dynamic = this.placementSource?.(tenantId, lsId);
    if (dynamic) return dynamic;
    const p: LsPlacement | undefined = this.topology.tenants.find((t) => t.tenantId === tenantId)?.ls.find((l) => l.lsId === lsId);
    return p ? { leader: p.leader, members: p.members } : undefined;
  }

  /**
   * The cached leader of LS `lsId` of tenant `tenantId` (the placement's preference until learned).
   * Errors: `Errors.notMaster` when nothing is known of the LS (callLeader then probes).
   */
  leaderOf(tenantId: TenantId, lsId: LsId): ServerId {
    const c = this.leaders.get(key(tenantId, lsId));
    if (c) return c.server;
    const p = this.placement(tenantId, lsId);
    if (p?.leader === null || p?.leader === undefined) {
      if (p && p.members.length > 0) return p.members[0] as ServerId;
      throw Errors.notMaster();
    }
    return p.leader as ServerId;
  }

  /** True when the cached leader was learned from a replica (not just the placement's preference). */
  isKnown(tenantId: number, lsId: number): boolean {
    return this.leaders.get(key(tenantId, lsId))?.known ?? false;
  }

  /** The proposal id the cached leader was learned at (0: not learned). */
  knownProposalId(tenantId: number, lsId: number): number {
    return this.leaders.get(key(tenantId, lsId))?.proposalId ?? 0;
  }

  /**
   * Records that `server` leads the LS in `proposalId` (a local replica heard it, or a probe said
   * so). Ignored when the cache already holds a higher proposal id.
   */
  note(tenantId: number, lsId: number, server: number, proposalId: number): void {
    const k = key(tenantId, lsId);
    const c = this.leaders.get(k);
    if (c && c.known && c.proposalId > proposalId) return;
    this.leaders.set(k, { server: server as ServerId, proposalId, known: true });
  }

  /** Forgets the cached leader (the next call probes first... or tries the placement's preference). */
  invalidate(tenantId: number, lsId: number): void {
    const c = this.leaders.get(key(tenantId, lsId));
    if (c) c.known = false;
  }

  /** Server ids holding a replica of the LS (the probe targets). */
  replicasOf(tenantId: number, lsId: number): ServerId[] {
    const p = this.placement(tenantId, lsId);
    if (!p) return [];
    return [...new Set([...p.members, ...(p.learners ?? [])])] as ServerId[];
  }

  /**
   * Probes every replica of the LS and caches its leader; returns it (null when none is known).
   * Concurrent refreshes of one LS share one probe round.
   */
  refresh(tenantId: TenantId, lsId: LsId): Promise<ServerId | null> {
    const k = key(tenantId, lsId);
    let running = this.refreshing.get(k);
    if (!running) {
      running = this.probe(tenantId, lsId).finally(() => this.refreshing.delete(k));
      this.refreshing.set(k, running);
    }
    return running;
  }

  private async probe(tenantId: TenantId, lsId: LsId): Promise<ServerId | null> {
    const deps = this.deps;
    assert(deps !== null, 'location service used before bind()');
    const replies = await Promise.all(this.replicasOf(tenantId, lsId).map((s) =>
      deps.rpc.call<LsLeaderReply>(s, 'ls.leader', { tenantId, lsId }, LOCATION_PROBE_TIMEOUT_US)
        .then((r) => ({ from: s, r }), () => null)));
    let serving: { from: ServerId; r: LsLeaderReply } | null = null;
    let hint: { from: ServerId; r: LsLeaderReply } | null = null;
    for (const x of replies) {
      if (x === null) continue;
      if (x.r.role === 'LEADER' && x.r.serving && (serving === null || x.r.proposalId > serving.r.proposalId)) serving = x;
      if (x.r.leader !== null && (hint === null || x.r.proposalId > hint.r.proposalId)) hint = x;
    }
    if (serving !== null && (hint === null || serving.r.proposalId >= hint.r.proposalId)) {
      this.note(tenantId, lsId, serving.from, serving.r.proposalId);
      return serving.from;
    }
    if (hint !== null && hint.r.leader !== null) {
      this.note(tenantId, lsId, hint.r.leader, hint.r.proposalId);
      return hint.r.leader as ServerId;
    }
    this.invalidate(tenantId, lsId);
    return null;
  }

  /**
   * Calls `method` on the leader of the LS, following it across leader changes (see the module
   * comment). Resolves with the leader's answer. Errors: the leader's own ObError (not retried
   * unless it is OB_NOT_MASTER), or the last location error once the budget is spent.
   */
  async callLeader<T>(tenantId: TenantId, lsId: LsId, method: string, body: unknown, opts: CallLeaderOptions = {}): Promise<T> {
    return (await this.callLeaderAt<T>(tenantId, lsId, method, body, opts)).value;
  }

  /**
   * `callLeader` that also says which server answered (a column-scan cursor lives there), and
   * whose `body` may depend on the target (`(target) => body`: a local call skips encoding).
   */
  async callLeaderAt<T>(
    tenantId: TenantId, lsId: LsId, method: string, body: unknown, opts: CallLeaderOptions = {},
  ): Promise<{ value: T; server: ServerId }> {
    const deps = this.deps;
    assert(deps !== null, 'location service used before bind()');
    const budgetUs = opts.budgetUs ?? LOCATION_RETRY_BUDGET_MS * 1000;
    const deadline = deps.clock.nowUs() + budgetUs;
    let backoffMs = LOCATION_RETRY_BACKOFF_MIN_MS;
    for (;;) {
      try {
        const target = this.leaderOf(tenantId, lsId);
        const payload = typeof body === 'function' ? (body as (t: ServerId) => unknown)(target) : body;
        const value = await this.watched<T>(tenantId, lsId, target, method, payload, opts.timeoutUs ?? RPC_TIMEOUT_US);
        return { value, server: target };
      } catch (e) {
        const retry = isObError(e) && (e.obCode === Errors.notMaster().obCode || e.obCode === -4638 ||
          (isRpcTimeout(e) && opts.retryOnTimeout !== false));
        if (!retry || !deps.alive() || deps.clock.nowUs() >= deadline) throw e;
      }
      await new Promise<void>((r) => deps.clock.schedule(backoffMs * 1000, r));
      backoffMs = Math.min(backoffMs * 2, LOCATION_RETRY_BACKOFF_MAX_MS);
      if (!deps.alive()) throw Errors.serverNotAlive('local server stopped');
      await this.refresh(tenantId, lsId);
    }
  }

  /** One attempt, abandoned as OB_NOT_MASTER when the cache learns another leader meanwhile. */
  private watched<T>(tenantId: number, lsId: number, target: ServerId, method: string, body: unknown, timeoutUs: number): Promise<T> {
    const deps = this.deps!;
    if (target === deps.rpc.self) return deps.rpc.call<T>(target, method, body, timeoutUs);
    const startedAt = this.knownProposalId(tenantId, lsId);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let timer: TimerHandle;
      const check = () => {
        if (settled) return;
        const c = this.leaders.get(key(tenantId, lsId));
        if (c && c.known && c.server !== target && c.proposalId > startedAt) {
          settled = true;
          reject(Errors.notMaster());
          return;
        }
        timer = deps.clock.schedule(LEADER_WATCH_US, check);
      };
      timer = deps.clock.schedule(LEADER_WATCH_US, check);
      deps.rpc.call<T>(target, method, body, timeoutUs).then(
        (v) => {
          if (settled) return;
          settled = true;
          deps.clock.cancel(timer);
          resolve(v);
        },
        (e) => {
          if (settled) return;
          settled = true;
          deps.clock.cancel(timer);
          reject(e);
        },
      );
    });
  }

  server(id: number): ServerInfo | undefined {
    return this.servers.get(id) ?? this.topology.servers.find((s) => s.serverId === id);
  }

  tenantByName(name: string) {
    return this.topology.tenants.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  tenant(id: number) {
    return this.topology.tenants.find((t) => t.tenantId === id);
  }
}
