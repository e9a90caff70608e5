/**
 * The root service at run time (OceanBase's RootService, simplified): the cluster state replicated
 * through the sys tenant's LS 1, heartbeats and server liveness, LS status and tenant jobs.
 *
 *   statement ─▶ tenant_admin ──rs.command──▶ RootService (sys LS 1 leader)
 *                                               │ atUs stamped, applyRsCommand validates (ObError → caller)
 *                                               ▼
 *                         rs record {version, nonce, cmd} proposed on sys LS 1 (tx_log `rs`)
 *                                               │ committed
 *            every sys LS 1 replica ◀───────────┘ ClusterStateHolder.onRsRecord → applyRsCommand
 *            other servers ◀── heartbeat / command replies carry the state when theirs is older
 *
 * 1. State replication. Every server holds a `ClusterState` in a `ClusterStateHolder`; at boot it
 *    is `bootstrapClusterState(servers)`, identical everywhere, so no record is needed for it. A
 *    change is an `RsCommand` proposed by the root service — the server whose sys LS 1 replica
 *    leads and has applied everything before its takeover — as an `rs` record carrying the version
 *    the state will have after it. Commands are proposed one at a time, each validated against the
 *    state left by the previous one, so applying never fails on a replica in practice; if it does
 *    (a bug, or a record proposed by a deposed root service), every replica fails it identically and
 *    the version still advances. `state.version` only grows: a replica skips a record whose version
 *    it already has (it adopted a newer state from a heartbeat reply) and a server adopts a state
 *    only when it is newer.
 * 2. Heartbeats (reference §1.3). Every server sends `rs.heartbeat` every 2 s to the root service
 *    (the sys LS 1 leader per its location cache, then every other server until one answers) with
 *    its id, start time, state version, and for each LS it leads its PALF member/learner lists and
 *    whether a config change is pending. The root service records the heartbeat time in memory; a
 *    server silent for `lease_time` becomes INACTIVE (`serverLiveness`), one heard again ACTIVE;
 *    after `server_permanent_offline_time` it is permanently offline and each unit it hosts moves
 *    with its LS replicas (`replaceReplica`) to an ACTIVE server of the same zone that has no unit
 *    of the tenant (DELETE SERVER moves units by itself). Liveness history is
 *    in memory only: a new root service (after a failover) starts every server's lease from its
 *    takeover time, as OceanBase's does.
 * 3. LS status and jobs. From the leaders' reports the root service marks a CREATING LS NORMAL once
 *    a leader serves it (`lsStatus`), advances each INPROGRESS tenant job by the share of the
 *    tenant's LSs whose PALF config equals their desired replicas (`jobProgress`, SUCCESS at 100),
 *    and clears a migrating unit once its LSs converged (`unitMigrated`). It answers every heartbeat
 *    with the leaders' reported configs, so a server knows when the leader dropped its replica and
 *    it may close it (server/ls_manager.ts).
 * 4. Events (the UI timeline) are emitted by the root service only, from the difference a command
 *    made: server-status, tenant-job, transfer.
 *
 * Transfers (UNIT_NUM scale-out moving tablets to the new LSs) — implemented by balancer.ts (plan,
 * tasks) and server/transfer_service.ts (the steps), hooked in through `RootServiceHost.balancer`:
 *  - The balancer (root service, after an ALTER RESOURCE TENANT UNIT_NUM job created the new LSs and
 *    they are NORMAL) computes tablets per LS, and for each move proposes `createTransferTask`
 *    (INIT) — one task per (src LS, dest LS) pair, tablets chosen round-robin by tablet id.
 *  - The root service asks the src LS leader (`ls.transferOut`) to start: the leader stops admitting
 *    new writes to the tablets (DAS answers OB_EAGAIN, retryable, so statements retry after the
 *    move), waits for the transactions touching them to finish (LsTxCtxMgr), then proposes a
 *    `transfer_out` clog record carrying the tablets' identities; its SCN is the task's start SCN
 *    (`transferTaskStatus` START).
 *  - The dest LS leader proposes `transfer_in` with the tablets' metas (SSTable list + the src
 *    memtables' committed rows dumped at start SCN) and every dest replica builds the tablets
 *    from it; the tenant's schema location (tablet → LS) changes by a DDL record in LS 1, after
 *    which the src replicas drop the tablets (`drop_tablets`), and the task is COMPLETED with the
 *    dest record's SCN as finish SCN. Writes resume against the new LS on the next location refresh.
 *  - Failure before `transfer_in`: the task is FAILED, the src leader unblocks the tablets.
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import { RS_CHECK_INTERVAL_US, RS_HEARTBEAT_INTERVAL_US, RS_HEARTBEAT_RPC_TIMEOUT_US } from '../common/limits';
import { Errors, ObError, isObError, type ObErrorInfo } from '../common/ob_error';
import type { Clock, EventSink, ObEvent } from '../env';
import type { PalfStatus } from '../palf/types';
import type { RpcEndpoint } from '../rpc/rpc';
import { canHostNewUnit, lackingResource, poolOf, serversOfOwner } from './placement';
import { holdBalancingJobs, type Balancer } from './balancer';
import type { ClusterState, RsCommand, RsCommandInput, RsLs } from './types';

/** Applies one command to a state (H2's `applyRsCommand`): pure; throws the command's ObError. */
export type RsApplyFn = (state: ClusterState, cmd: RsCommand) => ClusterState;

/** The JSON an `rs` clog record carries. */
export interface RsRecord {
  /** The state's version once this record is applied. */
  version: number;
  /** Identifies the proposal, so the root service learns its own record's outcome. */
  nonce: string;
  cmd: RsCommand;
}

/** Parses a time-span parameter (`10s`, `3600s`, `500ms`, `10m`, `1h`, `1d`, bare = seconds) into µs. */
export function parseTimeSpanUs(text: string): number {
  const m = /^(\d+)(us|ms|s|m|h|d)?$/i.exec(text.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const scale: Record<string, number> = { us: 1, ms: 1_000, s: 1_000_000, m: 60_000_000, h: 3_600_000_000, d: 86_400_000_000 };
  return n * scale[unit];
}

// ---------------------------------------------------------------------------------- state holder

/**
 * One server's copy of the cluster state. Changed only by `onRsRecord` (sys LS 1 replicas, in
 * log order) and `adopt` (a newer state from the root service). `synced`: the server has heard
 * from the root service at least once (before that its state is only the bootstrap one).
 */
export class ClusterStateHolder {
  synced = false;
  private current: ClusterState;
  private readonly listeners: ((state: ClusterState) => void)[] = [];
  private readonly waiters: { version: number; resolve: () => void }[] = [];
  /** Outcome of records applied here, by nonce (read once by the proposing root service). */
  private readonly outcomes = new Map<string, ObErrorInfo | null>();

  constructor(
    initial: ClusterState,
    private readonly apply: RsApplyFn,
    private readonly warn: (message: string) => void = () => {},
  ) {
    this.current = initial;
  }

  get state(): ClusterState {
    return this.current;
  }

  /** Called on every state change (after the change), in order. */
  onChange(fn: (state: ClusterState) => void): void {
    this.listeners.push(fn);
  }

  /**
   * Applies an `rs` record of sys LS 1 (the LogStream's apply hook). A record whose version this
   * server already has is skipped; a failing command leaves the content but advances the version,
   * identically on every replica. Never throws an ObError.
   */
  onRsRecord(json: string): void {
    const rec = JSON.parse(json) as RsRecord;
    assert(Number.isInteger(rec.version) && rec.version > 0, 'rs record without a version');
    if (rec.version <= this.current.version) {
      this.outcomes.set(rec.nonce, null);
      return;
    }
    if (rec.version !== this.current.version + 1) this.warn(`rs record version ${rec.version} after ${this.current.version}`);
    let next: ClusterState;
    try {
      next = this.apply(this.current, rec.cmd);
      this.outcomes.set(rec.nonce, null);
    } catch (e) {
      if (!isObError(e)) throw e;
      this.outcomes.set(rec.nonce, e.toInfo());
      next = this.current;
    }
    this.install({ ...next, version: rec.version });
  }

  /** Adopts `state` when it is newer than this server's. Returns whether it did. */
  adopt(state: ClusterState): boolean {
    if (state.version <= this.current.version) return false;
    this.install(state);
    return true;
  }

  /** The outcome of the record with `nonce` applied here (null: applied; undefined: not seen). */
  takeOutcome(nonce: string): ObErrorInfo | null | undefined {
    const o = this.outcomes.get(nonce);
    this.outcomes.delete(nonce);
    return o;
  }

  /** Resolves once this server's state has at least `version`. */
  whenVersion(version: number): Promise<void> {
    if (this.current.version >= version) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ version, resolve }));
  }

  private install(state: ClusterState): void {
    assert(state.version > this.current.version, 'cluster state version must grow');
    this.current = state;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].version <= state.version) this.waiters.splice(i, 1)[0].resolve();
    }
    for (const fn of this.listeners) fn(state);
  }
}

// ---------------------------------------------------------------------------------- wire shapes

/** An LS this server leads, as its heartbeat reports it. */
export interface LsLeaderReport {
  tenantId: number;
  lsId: number;
  serverId: number;
  /** The leader's PALF proposal id (a newer leader's report replaces an older one's). */
  proposalId: number;
  members: number[];
  learners: number[];
  configChangePending: boolean;
  /** The leader applied its takeover entry and serves. */
  serving: boolean;
}

export interface RsHeartbeat {
  serverId: number;
  startServiceTimeUs: number;
  stateVersion: number;
  leaders: LsLeaderReport[];
}

export interface RsHeartbeatReply {
  rootServerId: number;
  /** The state, when the sender's version is older. */
  state: ClusterState | null;
  /** The newest leader report of every LS (servers close replicas their leader dropped). */
  lsConfigs: LsLeaderReport[];
}

export interface RsCommandReply {
  version: number;
  state: ClusterState;
}

/**
 * The heartbeat report of an LS this server leads (`status.role` must be LEADER); `serving`:
 * the leader applied its takeover entry.
 */
export function leaderReport(status: PalfStatus, serving: boolean): LsLeaderReport {
  assert(status.role === 'LEADER' && status.leader !== null, 'only a leader reports its LS config');
  return {
    tenantId: status.tenantId, lsId: status.lsId, serverId: status.leader, proposalId: status.proposalId,
    members: [...status.memberList], learners: [...(status.learnerList ?? [])],
    configChangePending: status.configChangePending ?? false, serving,
  };
}

// ---------------------------------------------------------------------------------- root service

/** The local replica of the sys tenant's LS 1, as the root service needs it. */
export interface SysLsHandle {
  /** Leads sys LS 1 and has applied every entry before its takeover. */
  isServingLeader(): boolean;
  /** Proposes an `rs` record; resolves once applied here. Rejects (OB_NOT_MASTER) when not leader. */
  submitRs(json: string): Promise<void>;
}

export interface RootServiceHost {
  serverId: number;
  clock: Clock;
  events: EventSink;
  holder: ClusterStateHolder;
  apply: RsApplyFn;
  /** The local sys LS 1 replica, or null when this server hosts none. */
  sysLs(): SysLsHandle | null;
  /** A cluster parameter's current value (`lease_time`, `server_permanent_offline_time`). */
  param(name: string): string;
  log(level: 'info' | 'warn', message: string): void;
  /** The tenant balancer (balancer.ts; may be set after construction): transfers after UNIT_NUM changes. */
  balancer?: Pick<Balancer, 'balancing' | 'onCheck'>;
}

const lsKey = (tenantId: number, lsId: number) => `${tenantId}/${lsId}`;

/** A leader report older than this no longer counts (three heartbeat intervals), µs. */
const REPORT_FRESH_US = 3 * RS_HEARTBEAT_INTERVAL_US;

/**
 * The root service duty of one server: active while the server serves as sys LS 1 leader.
 * The host calls `onTick()` every PALF tick and routes `rs.command` / `rs.heartbeat` here.
 */
export class RootService {
  private active = false;
  private takeoverUs = 0;
  private lastCheckUs = 0;
  private nextNonce = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private checking = false;
  /** Last heartbeat per server id (µs), in memory. */
  private readonly lastHeartbeatUs = new Map<number, number>();
  private readonly reports = new Map<string, LsLeaderReport & { atUs: number }>();
  /** Servers with a liveness command in flight. */
  private readonly livenessPending = new Set<number>();

  constructor(private readonly host: RootServiceHost) {}

  /** Installs the tenant balancer (it needs this root service to issue its commands). */
  setBalancer(balancer: NonNullable<RootServiceHost['balancer']>): void {
    this.host.balancer = balancer;
  }

  /** True while this server is the root service. */
  isActive(): boolean {
    return this.active;
  }

  private now(): number {
    return this.host.clock.nowUs();
  }

  /** Every PALF tick: notices takeover / loss of the role; runs the periodic checks. */
  onTick(): void {
    const leading = this.host.sysLs()?.isServingLeader() ?? false;
    if (leading && !this.active) this.takeOver();
    else if (!leading && this.active) this.stepDown();
    if (!this.active) return;
    const now = this.now();
    if (now - this.lastCheckUs < RS_CHECK_INTERVAL_US) return;
    this.lastCheckUs = now;
    void this.runChecks();
  }

  private takeOver(): void {
    this.active = true;
    this.takeoverUs = this.now();
    this.lastCheckUs = this.takeoverUs;
    this.lastHeartbeatUs.clear();
    this.reports.clear();
    for (const s of this.host.holder.state.servers) this.lastHeartbeatUs.set(s.serverId, this.takeoverUs);
    this.host.holder.synced = true;
    this.host.log('info', 'root service started (sys LS 1 leader)');
  }

  private stepDown(): void {
    this.active = false;
    this.livenessPending.clear();
    this.host.log('info', 'root service stopped (no longer sys LS 1 leader)');
  }

  /**
   * `rs.command`: stamps `atUs`, validates against the current state and proposes the command.
   * Resolves with the resulting version and state. Errors: OB_NOT_MASTER when this server is not
   * the root service; the command's own ObError (nothing is proposed then).
   */
  handleCommand(input: RsCommandInput): Promise<RsCommandReply> {
    if (!this.active) return Promise.reject(Errors.notMaster());
    return this.propose(input);
  }

  /** Proposes `input` after every earlier command (one at a time: each sees the last one's state). */
  private propose(input: RsCommandInput): Promise<RsCommandReply> {
    const run = this.chain.then(() => this.proposeNow(input));
    this.chain = run.catch(() => {});
    return run;
  }

  private async proposeNow(input: RsCommandInput): Promise<RsCommandReply> {
    const ls = this.host.sysLs();
    if (!this.active || !ls?.isServingLeader()) throw Errors.notMaster();
    const before = this.host.holder.state;
    const cmd = { ...input, atUs: this.now() } as RsCommand;
    this.host.apply(before, cmd); // validation: throws the statement's ObError, nothing proposed
    const rec: RsRecord = { version: before.version + 1, nonce: `${this.host.serverId}:${this.takeoverUs}:${this.nextNonce++}`, cmd };
    await ls.submitRs(JSON.stringify(rec));
    const outcome = this.host.holder.takeOutcome(rec.nonce);
    if (outcome) throw ObError.fromInfo(outcome);
    const after = this.host.holder.state;
    assert(after.version >= rec.version, 'an applied rs record advances the state');
    for (const e of stateEvents(before, after, cmd.atUs)) this.host.events.emit(e);
    return { version: after.version, state: after };
  }

  /**
   * `rs.heartbeat`: records the server's heartbeat and its LS reports; an INACTIVE server (or one
   * restarted) becomes ACTIVE. Errors: OB_NOT_MASTER when this server is not the root service.
   */
  handleHeartbeat(hb: RsHeartbeat): RsHeartbeatReply {
    if (!this.active) throw Errors.notMaster();
    const now = this.now();
    const state = this.host.holder.state;
    const server = state.servers.find((s) => s.serverId === hb.serverId);
    if (server) {
      this.lastHeartbeatUs.set(hb.serverId, now);
      const restarted = hb.startServiceTimeUs !== server.startServiceTimeUs;
      if ((server.status === 'INACTIVE' || server.permanentOffline || restarted) && !this.livenessPending.has(hb.serverId)) {
        this.setLiveness(hb.serverId, 'ACTIVE', false, hb.startServiceTimeUs);
      }
    }
    for (const r of hb.leaders) {
      // A deposed leader may still report until its lease ends: the higher proposal id wins.
      const prev = this.reports.get(lsKey(r.tenantId, r.lsId));
      if (!prev || r.proposalId >= prev.proposalId) this.reports.set(lsKey(r.tenantId, r.lsId), { ...r, atUs: now });
    }
    return {
      rootServerId: this.host.serverId,
      state: hb.stateVersion < state.version ? state : null,
      lsConfigs: [...this.freshReports().values()],
    };
  }

  /** Leader reports received within REPORT_FRESH_US (an LS nobody reports any more has no leader). */
  private freshReports(): Map<string, LsLeaderReport> {
    const since = this.now() - REPORT_FRESH_US;
    const out = new Map<string, LsLeaderReport>();
    for (const [k, { atUs, ...r }] of this.reports) if (atUs >= since) out.set(k, r);
    return out;
  }

  private setLiveness(serverId: number, status: 'ACTIVE' | 'INACTIVE', permanentOffline: boolean, startServiceTimeUs: number): void {
    this.livenessPending.add(serverId);
    void this.propose({ type: 'serverLiveness', serverId, status, permanentOffline, startServiceTimeUs })
      .catch((e) => this.host.log('warn', `liveness of server ${serverId}: ${(e as Error).message}`))
      .finally(() => this.livenessPending.delete(serverId));
  }

  /** Liveness, LS status, jobs, migrations: one pass at a time. */
  private async runChecks(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      this.checkLiveness();
      const reports = this.freshReports();
      const complete = this.now() - this.takeoverUs >= REPORT_FRESH_US;
      const planned = [...planPermanentOfflineMoves(this.host.holder.state), ...planLsProgress(this.host.holder.state, reports, complete)];
      const balancer = this.host.balancer;
      const cmds = balancer ? holdBalancingJobs(this.host.holder.state, planned, (t) => balancer.balancing(t)) : planned;
      for (const c of cmds) {
        if (!this.active) return;
        await this.propose(c).catch((e) => this.host.log('warn', `root service ${c.type}: ${(e as Error).message}`));
      }
      void balancer?.onCheck(); // serialises itself; transfers run across several checks
    } finally {
      this.checking = false;
    }
  }

  /** Servers silent for `lease_time` become INACTIVE; for `server_permanent_offline_time`, permanently offline. */
  private checkLiveness(): void {
    const now = this.now();
    const leaseUs = parseTimeSpanUs(this.host.param('lease_time'));
    const offlineUs = parseTimeSpanUs(this.host.param('server_permanent_offline_time'));
    for (const s of this.host.holder.state.servers) {
      if (this.livenessPending.has(s.serverId) || s.serverId === this.host.serverId) continue;
      const silentUs = now - (this.lastHeartbeatUs.get(s.serverId) ?? Math.max(this.takeoverUs, s.createTimeUs));
      if (s.status === 'ACTIVE' && silentUs > leaseUs) this.setLiveness(s.serverId, 'INACTIVE', false, s.startServiceTimeUs);
      else if (s.status === 'INACTIVE' && !s.permanentOffline && silentUs > offlineUs) this.setLiveness(s.serverId, 'INACTIVE', true, s.startServiceTimeUs);
    }
  }

  /** Last-heartbeat times (µs) for snapshots (RsServerSnapshot.lastHeartbeatUs); empty when not active. */
  heartbeatTimes(): ReadonlyMap<number, number> {
    return this.active ? this.lastHeartbeatUs : new Map();
  }
}

/** Installs the root service's RPC methods: `rs.command` {cmd} → RsCommandReply, `rs.heartbeat` RsHeartbeat → RsHeartbeatReply. */
export function registerRootServiceRpc(rpc: Pick<RpcEndpoint, 'register'>, rs: RootService): void {
  rpc.register('rs.command', (_from, body: { cmd: RsCommandInput }) => rs.handleCommand(body.cmd));
  rpc.register('rs.heartbeat', (_from, body: RsHeartbeat) => rs.handleHeartbeat(body));
}

// ---------------------------------------------------------------------------------- pure planners

/**
 * Units to move off permanently offline servers (OceanBase's disaster-recovery "migrate unit"):
 * for each unit there whose tenant (or meta tenant) still has an LS replica there, one
 * `replaceReplica` naming one of those LSs — the state moves the unit and every LS replica it
 * carries — to the first (lowest id) server of the same zone that can host it: ACTIVE, not
 * stopped, no unit of the same owner, room for the unit config. No such server: nothing (the
 * replicas stay until a server is added, as OceanBase waits). DELETE SERVER moves units itself.
 */
export function planPermanentOfflineMoves(state: ClusterState): RsCommandInput[] {
  const out: RsCommandInput[] = [];
  for (const from of state.servers.filter((s) => s.permanentOffline)) {
    for (const unit of state.units.filter((u) => u.serverId === from.serverId)) {
      const pool = poolOf(state, unit);
      if (pool.tenantId === -1) continue;
      const ls = state.ls.find((l) => (l.tenantId === pool.tenantId || l.tenantId === pool.tenantId - 1)
        && state.tenants.some((t) => t.tenantId === l.tenantId && t.resourcePoolIds.includes(pool.resourcePoolId))
        && l.replicas.some((r) => r.serverId === from.serverId));
      if (!ls) continue;
      const taken = serversOfOwner(state, pool);
      const config = state.unitConfigs.find((c) => c.unitConfigId === pool.unitConfigId);
      const to = state.servers
        .filter((s) => s.zone === from.zone && s.serverId !== from.serverId && canHostNewUnit(s) && s.stopTimeUs === 0 && !taken.has(s.serverId))
        .filter((s) => config !== undefined && lackingResource(state, s, config) === null)
        .sort((a, b) => a.serverId - b.serverId)[0];
      if (!to) continue;
      out.push({ type: 'replaceReplica', tenantId: ls.tenantId, lsId: ls.lsId, fromServerId: from.serverId, toServerId: to.serverId });
    }
  }
  return out;
}

/** Whether a leader report shows `ls`'s PALF config equal to its desired replicas. */
export function lsConverged(ls: RsLs, report: LsLeaderReport | undefined): boolean {
  if (!report || report.configChangePending || !report.serving) return false;
  const sameSet = (a: number[], b: number[]) => a.length === b.length && a.every((x) => b.includes(x));
  const full = ls.replicas.filter((r) => r.replicaType === 'FULL').map((r) => r.serverId);
  const learners = ls.replicas.filter((r) => r.replicaType !== 'FULL').map((r) => r.serverId);
  return sameSet(report.members, full) && sameSet(report.learners, learners);
}

/**
 * LS status and job progress from the leaders' fresh reports: a CREATING LS with a serving leader
 * → NORMAL; a DROPPING LS that no leader reports any more (its replicas closed) → WAIT_OFFLINE,
 * judged only once `reportsComplete` (the root service has heard a full round of heartbeats since
 * its takeover); an INPROGRESS job's progress = converged share of its tenant's live LSs (SUCCESS
 * at 100); a migrating unit whose tenant's LSs on its server all converged → `unitMigrated`.
 */
export function planLsProgress(state: ClusterState, reports: ReadonlyMap<string, LsLeaderReport>, reportsComplete: boolean): RsCommandInput[] {
  const out: RsCommandInput[] = [];
  for (const ls of state.ls) {
    const r = reports.get(lsKey(ls.tenantId, ls.lsId));
    if (ls.status === 'CREATING' && r?.serving) out.push({ type: 'lsStatus', tenantId: ls.tenantId, lsId: ls.lsId, status: 'NORMAL' });
    if (ls.status === 'DROPPING' && !r && reportsComplete) out.push({ type: 'lsStatus', tenantId: ls.tenantId, lsId: ls.lsId, status: 'WAIT_OFFLINE' });
  }
  for (const job of state.tenantJobs) {
    if (job.jobStatus !== 'INPROGRESS') continue;
    const lss = state.ls.filter((l) => (l.tenantId === job.tenantId || l.tenantId === job.tenantId - 1) && l.status !== 'DROPPING' && l.status !== 'WAIT_OFFLINE');
    const done = lss.filter((l) => lsConverged(l, reports.get(lsKey(l.tenantId, l.lsId)))).length;
    const dropping = state.ls.some((l) => (l.tenantId === job.tenantId || l.tenantId === job.tenantId - 1) && l.status === 'DROPPING');
    const progress = Math.min(dropping ? 99 : 100, lss.length === 0 ? 100 : Math.floor((100 * done) / lss.length));
    if (progress === 100) out.push({ type: 'jobProgress', jobId: job.jobId, progress, jobStatus: 'SUCCESS' });
    else if (progress > job.progress) out.push({ type: 'jobProgress', jobId: job.jobId, progress, jobStatus: 'INPROGRESS' });
  }
  for (const unit of state.units) {
    if (unit.migrateFromServerId === null) continue;
    const tenants = state.tenants.filter((t) => t.resourcePoolIds.includes(unit.resourcePoolId)).map((t) => t.tenantId);
    const lss = state.ls.filter((l) => tenants.includes(l.tenantId) && l.replicas.some((r) => r.serverId === unit.serverId));
    if (lss.every((l) => lsConverged(l, reports.get(lsKey(l.tenantId, l.lsId))))) out.push({ type: 'unitMigrated', unitId: unit.unitId });
  }
  return out;
}

/** Timeline events for what a command changed (emitted by the root service only). */
export function stateEvents(before: ClusterState, after: ClusterState, atUs: number): ObEvent[] {
  const out: ObEvent[] = [];
  for (const s of after.servers) {
    const old = before.servers.find((x) => x.serverId === s.serverId);
    const svr = { serverId: s.serverId, svrIp: s.svrIp, zone: s.zone, atUs };
    if (!old) out.push({ kind: 'server-status', ...svr, status: s.status, reason: 'server added' });
    else if (old.status !== s.status) out.push({ kind: 'server-status', ...svr, status: s.status, reason: statusReason(s.status) });
    else if (!old.permanentOffline && s.permanentOffline) out.push({ kind: 'server-status', ...svr, status: 'PERMANENT_OFFLINE', reason: 'silent for server_permanent_offline_time' });
    else if (old.stopTimeUs === 0 && s.stopTimeUs > 0) out.push({ kind: 'server-status', ...svr, status: 'STOPPED', reason: 'ALTER SYSTEM STOP SERVER' });
    else if (old.stopTimeUs > 0 && s.stopTimeUs === 0) out.push({ kind: 'server-status', ...svr, status: 'STARTED', reason: 'ALTER SYSTEM START SERVER' });
  }
  for (const s of before.servers) {
    if (!after.servers.some((x) => x.serverId === s.serverId)) {
      out.push({ kind: 'server-status', serverId: s.serverId, svrIp: s.svrIp, zone: s.zone, status: 'DELETED', reason: 'server deleted', atUs });
    }
  }
  for (const j of after.tenantJobs) {
    const old = before.tenantJobs.find((x) => x.jobId === j.jobId);
    if (!old || old.jobStatus !== j.jobStatus || old.progress !== j.progress) {
      out.push({ kind: 'tenant-job', tenantId: j.tenantId, jobId: j.jobId, jobType: j.jobType, status: j.jobStatus, progress: j.progress, atUs });
    }
  }
  for (const t of after.transferTasks) {
    const old = before.transferTasks.find((x) => x.taskId === t.taskId);
    if (!old || old.status !== t.status) {
      out.push({ kind: 'transfer', tenantId: t.tenantId, taskId: t.taskId, srcLsId: t.srcLsId, destLsId: t.destLsId, tabletIds: t.tabletIds, status: t.status, atUs });
    }
  }
  return out;
}

function statusReason(status: string): string {
  if (status === 'INACTIVE') return 'no heartbeat for lease_time';
  if (status === 'ACTIVE') return 'heartbeat received';
  if (status === 'DELETING') return 'ALTER SYSTEM DELETE SERVER';
  return status;
}

// ---------------------------------------------------------------------------------- heartbeat client

export interface HeartbeatHost {
  serverId: number;
  clock: Clock;
  holder: ClusterStateHolder;
  call<T>(to: ServerId, method: string, body: unknown, timeoutUs: number): Promise<T>;
  /** The sys LS 1 leader per this server's location cache, or null. */
  rootServiceHint(): number | null;
  startServiceTimeUs(): number;
  /** The LSs this server leads, for the heartbeat. */
  leaderReports(): LsLeaderReport[];
}

/**
 * The sending side of heartbeats, on every server: one every RS_HEARTBEAT_INTERVAL_US to the
 * root service; on failure the next candidate is tried at the next tick. Replies carry a newer
 * state (adopted) and the leaders' configs (`lsConfigs`, read by the LS manager).
 */
export class HeartbeatClient {
  rootServerId: number | null = null;
  lsConfigs: LsLeaderReport[] = [];
  private lastSentUs = -Infinity;
  private inFlight = false;
  private attempt = 0;

  constructor(private readonly host: HeartbeatHost) {}

  /** Every PALF tick. */
  onTick(): void {
    if (this.inFlight || this.host.clock.nowUs() - this.lastSentUs < RS_HEARTBEAT_INTERVAL_US) return;
    void this.send();
  }

  /** Sends a heartbeat now (also on demand, e.g. after a local leader started serving). */
  async send(): Promise<boolean> {
    if (this.inFlight) return false;
    this.inFlight = true;
    this.lastSentUs = this.host.clock.nowUs();
    const to = this.target();
    const hb: RsHeartbeat = {
      serverId: this.host.serverId,
      startServiceTimeUs: this.host.startServiceTimeUs(),
      stateVersion: this.host.holder.state.version,
      leaders: this.host.leaderReports(),
    };
    try {
      const reply = await this.host.call<RsHeartbeatReply>(to as ServerId, 'rs.heartbeat', hb, RS_HEARTBEAT_RPC_TIMEOUT_US);
      this.rootServerId = reply.rootServerId;
      if (reply.state) this.host.holder.adopt(reply.state);
      this.host.holder.synced = true;
      this.lsConfigs = reply.lsConfigs;
      return true;
    } catch {
      this.rootServerId = null;
      this.attempt++;
      this.lastSentUs = -Infinity; // retry another server at the next tick
      return false;
    } finally {
      this.inFlight = false;
    }
  }

  /** The cached root service, else the location hint, else servers of the state in turn. */
  private target(): number {
    if (this.rootServerId !== null) return this.rootServerId;
    const hint = this.host.rootServiceHint();
    const ids = this.host.holder.state.servers.map((s) => s.serverId);
    const candidates = hint !== null ? [hint, ...ids.filter((i) => i !== hint)] : ids;
    assert(candidates.length > 0, 'a cluster state lists servers');
    return candidates[this.attempt % candidates.length];
  }
}
