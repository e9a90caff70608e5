/**
 * The log-stream service of one server (OceanBase's `ObLSService` + `ObRoleChangeService`): opens
 * and closes this server's LS replicas, ticks their PALF replicas, routes PALF traffic to them, and
 * reacts to leadership moving (issue #4).
 *
 * - Every replica runs PALF election with a leader lease: lease PALF_LEASE_MS, base election timeout
 *   PALF_ELECTION_TIMEOUT_MS, a fast first election after (re)start (PALF_INITIAL_ELECTION_TIMEOUT_MS),
 *   seeded jitter from the server's `env.rng`, and a priority from the LS's primary zone
 *   (`priorityOf`, injectable: the root service's `electionPriority` replaces the default).
 * - PALF ranks a follower's timeout without the leader it lost (`randomizedTimeoutTicks`), so the
 *   best *surviving* replica campaigns first, right after the lease: RTO ≈ PALF_LEASE_MS plus a
 *   quarter timeout per better-ranked survivor.
 * - When a local LS starts serving as leader, the location cache learns it at once; when the
 *   tenant's LS 1 starts serving here, this server becomes the tenant's GTS (a `GtsSource` that
 *   first observes the highest SCN this server has seen, see gts.ts) and — for every tenant — the
 *   major freeze service follows it (`MajorFreezeService.leads` reads the live role). Losing LS 1
 *   drops the GTS at once.
 * - Every few ticks each replica's known leader is fed to the location cache, so sessions on this
 *   server follow a leader change without probing.
 */
import type { LsId, Lsn, Scn, ServerId, TenantId } from '../common/ids';
import { lsn as toLsn } from '../common/ids';
import { PALF_ELECTION_TIMEOUT_MS, PALF_INITIAL_ELECTION_TIMEOUT_MS, PALF_LEASE_MS, PALF_TICK_MS } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { Clock, EventSink, FileSystem, Rng } from '../env';
import { ClogStore } from '../logstream/clog_store';
import { LogStream } from '../logstream/log_stream';
import { PalfReplica, type PalfElectionConfig, type PalfStatus } from '../palf';
import type { ClusterTopology } from '../rootservice/topology';
import type { RpcEndpoint } from '../rpc/rpc';
import type { TabletIdentity, TabletStore } from '../storage/types';
import { GtsSource } from '../tx/gts';
import type { LocationService, LsLeaderReply } from './location';

/** What `openLogStream` needs to know about a replica (an `LsPlacement` fits). */
export interface LsOpenSpec {
  tenantId: TenantId | number;
  lsId: LsId | number;
  /** Voting members of a fresh group ([] for a replica joining an existing group). */
  members: (ServerId | number)[];
  /** Non-voting learners (R/C replicas) of a fresh group. */
  learners?: (ServerId | number)[];
}

/** Election priority of `serverId` for the LS (higher campaigns first; the primary zone's order). */
export type ElectionPriorityFn = (tenantId: number, lsId: number, serverId: number) => number;

export interface LsServiceHost {
  serverId: ServerId;
  clock: Clock;
  fs: FileSystem;
  events: EventSink;
  rng: Rng;
  rpc: RpcEndpoint;
  location: LocationService;
  topology: ClusterTopology;
  createTablet(identity: TabletIdentity): TabletStore;
  onDdl(tenantId: TenantId, json: string, lsn: Lsn): void;
  /** A local LS started serving as leader (true) or stopped (false); after the service's own work. */
  onRoleChange?(ls: LogStream, serving: boolean): void;
  /** An `rs` record of the sys tenant's LS 1 was applied here (the root service's state, in log order). */
  onRs?(json: string): void;
  /** A log stream hit an unexpected error in its background pump: the server must crash. */
  onFatal?(e: unknown): void;
}

/** Key of an LS in this server's maps. */
export const lsKey = (tenantId: number, lsId: number): string => `${tenantId}/${lsId}`;

/** Ticks between two pushes of the local replicas' known leaders into the location cache. */
const LOCATION_PUSH_TICKS = 4;

/**
 * The default priority: the LS placement's preferred leader first, then the zones of its primary
 * zone (`zone1;zone2,zone3`: each `;` level below the previous, zones of one level equal); servers
 * outside it last.
 */
export function primaryZonePriority(topology: ClusterTopology): ElectionPriorityFn {
  return (tenantId, lsId, serverId) => {
    const p = topology.tenants.find((t) => t.tenantId === tenantId)?.ls.find((l) => l.lsId === lsId);
    if (!p) return 0;
    if (p.leader === serverId) return 1000;
    const zone = topology.servers.find((s) => s.serverId === serverId)?.zone;
    const levels = p.primaryZone.split(';').map((l) => l.split(',').map((z) => z.trim()));
    const level = levels.findIndex((l) => zone !== undefined && l.includes(zone));
    return level < 0 ? 0 : levels.length - level;
  };
}

export class LsService {
  readonly logStreams = new Map<string, LogStream>();
  readonly gtsSources = new Map<number, GtsSource>();
  /** Election priority; the lead may swap in the root service's `electionPriority`. */
  priorityOf: ElectionPriorityFn;
  private ticks = 0;

  constructor(private readonly host: LsServiceHost) {
    this.priorityOf = primaryZonePriority(host.topology);
  }

  logStream(tenantId: number, lsId: number): LogStream | undefined {
    return this.logStreams.get(lsKey(tenantId, lsId));
  }

  /** Routes PALF traffic and answers location probes (`ls.leader`). */
  register(rpc: RpcEndpoint, guard: (fn: () => void) => void): void {
    rpc.onMessage('palf', (from, b) => guard(() => this.logStream(b.tenantId, b.lsId)?.onPalfMessage(from, b.message)));
    rpc.register('ls.leader', (_f, b: { tenantId: number; lsId: number }) => this.leaderReply(b.tenantId, b.lsId));
  }

  /** This server's view of an LS's leadership (`ls.leader`). */
  leaderReply(tenantId: number, lsId: number): LsLeaderReply {
    const ls = this.logStream(tenantId, lsId);
    if (!ls || ls.isStopped) return { role: 'FOLLOWER', leader: null, proposalId: 0, serving: false };
    const st = ls.palf.status();
    return { role: st.role, leader: st.leader === null ? null : Number(st.leader), proposalId: st.proposalId, serving: ls.isServing() };
  }

  /** The election settings of a replica of (tenantId, lsId) on this server. */
  private electionConfig(tenantId: number, lsId: number): PalfElectionConfig {
    return {
      electionTimeoutTicks: PALF_ELECTION_TIMEOUT_MS / PALF_TICK_MS,
      leaseTicks: PALF_LEASE_MS / PALF_TICK_MS,
      initialTimeoutTicks: PALF_INITIAL_ELECTION_TIMEOUT_MS / PALF_TICK_MS,
      priority: (server) => this.priorityOf(tenantId, lsId, server),
      rng: this.host.rng,
    };
  }

  /**
   * Opens this server's replica of an LS from its clog (recovering it) or fresh, with election.
   * `replayStart`: first LSN to apply again (the checkpoint's); `tablets`: its restored tablets.
   */
  async openLogStream(spec: LsOpenSpec, replayStart = 1, tablets: TabletStore[] = []): Promise<LogStream> {
    const h = this.host;
    const tenantId = spec.tenantId as TenantId;
    const lsId = spec.lsId as LsId;
    const existing = this.logStream(tenantId, lsId);
    if (existing && !existing.isStopped) return existing;
    const { store: clog, restore } = await ClogStore.open(h.fs, `clog/${tenantId}/${lsId}`);
    const appliedLsn = restore ? Math.min(replayStart - 1, restore.lastLsn) : 0;
    // A restarted replica the caller knows no members of (created after bootstrap) keeps the
    // configuration its PALF meta persisted.
    const fromMeta = restore != null && spec.members.length === 0 && restore.meta.members.length > 0;
    const members = (fromMeta ? restore.meta.members : spec.members) as ServerId[];
    const learners = (fromMeta ? restore.meta.learners ?? [] : spec.learners ?? []) as ServerId[];
    const palf = new PalfReplica(
      {
        tenantId, lsId, self: h.serverId, members, leader: null, proposalId: 1,
        ...(learners.length > 0 ? { learners } : {}),
        election: this.electionConfig(tenantId, lsId),
      },
      restore ? { ...restore, appliedLsn: toLsn(appliedLsn) } : undefined,
    );
    palf.setLogReader((from, max) => clog.read(from, max));
    const ls = new LogStream(tenantId, lsId, palf, clog, {
      rpc: h.rpc,
      clock: h.clock,
      events: h.events,
      serverId: h.serverId,
      createTablet: (id) => h.createTablet(id),
      onDdl: (t, json, at) => h.onDdl(t, json, at),
      observeScn: (s) => this.gtsSources.get(tenantId)?.observe(s),
      onRoleChange: (l, serving) => this.roleChanged(l, serving),
      onFatal: (e) => h.onFatal?.(e),
      ...(tenantId === 1 && lsId === 1 ? { onRs: (json: string) => h.onRs?.(json) } : {}),
    });
    ls.appliedLsn = appliedLsn;
    for (const t of tablets) ls.tablets.set(t.identity.tabletId, t);
    this.logStreams.set(lsKey(tenantId, lsId), ls);
    return ls;
  }

  /**
   * Closes this server's replica of an LS (it was moved away or dropped): pending proposals fail
   * with OB_NOT_MASTER; with `removeFiles` its tablets are destroyed (their blocks freed at the next
   * checkpoint) and its clog deleted.
   */
  async closeLogStream(tenantId: number, lsId: number, removeFiles: boolean, error: unknown = null): Promise<void> {
    const ls = this.logStream(tenantId, lsId);
    if (!ls) return;
    this.logStreams.delete(lsKey(tenantId, lsId));
    ls.stop(error ?? Errors.notMaster());
    if (!removeFiles) return;
    for (const t of ls.tablets.values()) t.destroy();
    ls.tablets.clear();
    const dir = `clog/${tenantId}/${lsId}`;
    for (const name of await this.host.fs.list(dir)) await this.host.fs.remove(`${dir}/${name}`);
  }

  /** Every local replica with its PALF status and whether it serves as leader (ls_manager's view). */
  replicaViews(): { tenantId: number; lsId: number; status: PalfStatus; serving: boolean; tabletCount: number }[] {
    return [...this.logStreams.values()].filter((ls) => !ls.isStopped).map((ls) => ({
      tenantId: ls.tenantId, lsId: ls.lsId, status: ls.palf.status(), serving: ls.isServing(), tabletCount: ls.tablets.size,
    }));
  }

  /** One PALF tick for every replica; every few ticks the location cache hears their leaders. */
  tick(): void {
    for (const ls of this.logStreams.values()) ls.tick();
    if (++this.ticks % LOCATION_PUSH_TICKS !== 0) return;
    for (const ls of this.logStreams.values()) {
      const st = ls.palf.status();
      if (st.leader !== null) this.host.location.note(ls.tenantId, ls.lsId, st.leader, st.proposalId);
    }
  }

  /** Stops every replica (server stop or crash). */
  stopAll(error: unknown): void {
    for (const ls of this.logStreams.values()) {
      try {
        ls.stop(error);
      } catch {
        // closing after a crash: best effort
      }
    }
    this.gtsSources.clear();
  }

  /** The highest SCN this server has seen in any local replica (applied, or anywhere in its log). */
  highestScnSeen(): Scn {
    let max = 0n;
    for (const ls of this.logStreams.values()) {
      if (ls.appliedScn > max) max = ls.appliedScn;
      const logMax = ls.palf.status().maxScn;
      if (logMax !== null && logMax > max) max = logMax;
    }
    return max as Scn;
  }

  private roleChanged(ls: LogStream, serving: boolean): void {
    const h = this.host;
    if (serving) h.location.note(ls.tenantId, ls.lsId, h.serverId, ls.leaderEpoch ?? 0);
    else h.location.invalidate(ls.tenantId, ls.lsId);
    if (ls.lsId === 1) {
      if (serving) {
        const g = new GtsSource(h.clock);
        g.observe(this.highestScnSeen());
        this.gtsSources.set(ls.tenantId, g);
      } else {
        this.gtsSources.delete(ls.tenantId);
      }
    }
    h.onRoleChange?.(ls, serving);
  }
}
