/**
 * The tenant's major freeze service, run by its root service on the LS 1 leader (OceanBase's
 * `ObMajorFreezeService` + `ObMajorMergeScheduler`, reference §4.4):
 *
 *   launch ─▶ frozen SCN from GTS, freeze info ─▶ barrier in every LS ─▶ broadcast to every server
 *        IDLE ──────────────────────────────▶ COMPACTING (per zone: COMPACTING until each of its
 *                                             servers merged every replica to the frozen SCN)
 *        ◀── IDLE (LAST_SCN = FROZEN_SCN) ◀── VERIFYING (replicas' baseline checksums compared)
 *
 * - A launch while the previous major has not finished does nothing; the statement gets the
 *   warning "larger frozen_scn already exist, prev merge may not finish" (OceanBase's
 *   OB_FROZEN_INFO_ALREADY_EXIST), not an error.
 * - A checksum mismatch leaves the tenant in VERIFYING with IS_ERROR = YES and the tablets named in
 *   INFO; LAST_SCN stays behind. `ALTER SYSTEM CLEAR MERGE ERROR` clears the flag and runs the
 *   merge and the verification again (a replica merge for a frozen SCN it already has only reports
 *   its checksum), so a real mismatch is reported again.
 * - A server that cannot be reached is asked again until it answers: its zone stays COMPACTING
 *   (as OceanBase waits for every replica). Suspension (`ALTER SYSTEM SUSPEND MERGE`) is enforced
 *   by each server before it starts a tablet merge; here it only shows as IS_SUSPENDED.
 *
 * State lives in memory on the root service's server. A restarted root service starts from the
 * newest major SCN of its local tablets (FROZEN_SCN = LAST_SCN = that SCN, IDLE); older freeze
 * info is not kept across restarts. A launch sent to a server that is not the tenant's root
 * service fails with OB_NOT_MASTER.
 *
 * Issue #4: the service runs wherever the tenant's LS 1 leader is *now* (`leads` reads the live,
 * serving role). A new LS 1 leader takes over with what it can rebuild from its own tablets — as
 * after a restart: the newest local major is FROZEN_SCN = LAST_SCN, IDLE. Lost with the old leader:
 * the freeze history (DBA_OB_FREEZE_INFO rows before it), a merge in progress (each server still
 * finishes its local merge; the new root service simply does not verify it — the next MAJOR
 * FREEZE does), and an IS_ERROR flag. A server that loses LS 1 forgets its state, so a later
 * return starts afresh from its tablets too. Barriers go to each LS's current leader.
 */
import { assert } from '../common/assert';
import { Errors } from '../common/ob_error';
import { scn, type LsId, type Scn, type ServerId, type TenantId } from '../common/ids';
import { MAJOR_FREEZE_INFO_MAX } from '../common/limits';
import type { MajorCompactionSnapshot } from './snapshot';
import type { ObServer } from './ob_server';

/** Pause between the last replica's report and the checksum comparison (the checker's round), µs. */
export const MAJOR_VERIFY_DELAY_US = 200_000;
/** Pause before asking an unreachable server again, µs. */
const MAJOR_RETRY_DELAY_US = 1_000_000;
/** Time a server may take to merge all its replicas of a tenant before the call is repeated, µs. */
const MAJOR_MERGE_RPC_TIMEOUT_US = 600_000_000;

type ZoneState = MajorCompactionSnapshot['zones'][number] & { pending: Set<number> };

interface TenantMajorState {
  tenantId: number;
  frozenScn: string;
  frozenTimeUs: number;
  globalBroadcastScn: string;
  lastScn: string;
  lastFinishTimeUs: number;
  startTimeUs: number;
  status: MajorCompactionSnapshot['status'];
  isError: boolean;
  info: string;
  zones: ZoneState[];
  freezeInfo: MajorCompactionSnapshot['freezeInfo'];
  /** Baseline checksum per tablet id, per reporting server id (for VERIFYING). */
  checksums: Map<number, Record<string, number>>;
  /** A run (merge broadcast and verification) is in flight. */
  running: boolean;
}

export class MajorFreezeService {
  private readonly states = new Map<number, TenantMajorState>();

  constructor(
    private readonly server: ObServer,
    /** Whether merges of the tenant are suspended (the server's own view, set by broadcast). */
    private readonly isSuspended: (tenantId: number) => boolean,
  ) {}

  private now(): number {
    return this.server.env.clock.nowUs();
  }

  private sleep(us: number): Promise<void> {
    return new Promise<void>((resolve) => this.server.env.clock.schedule(us, resolve));
  }

  private stopped(): boolean {
    return this.server.status === 'CRASHED' || this.server.status === 'STOPPED';
  }

  /** True when this server is the root service of `tenantId`: its LS 1 replica leads and serves. */
  leads(tenantId: number): boolean {
    const serving = this.server.logStream(tenantId, 1)?.isServing() ?? false;
    if (!serving) this.states.delete(tenantId); // a later takeover rebuilds from the tablets
    return serving;
  }

  /**
   * The tenant's state, created at first use from the newest local major (restart) or SCN 1. While
   * the server still boots (tablets not yet restored) it is computed but not kept.
   */
  private state(tenantId: number): TenantMajorState {
    let s = this.states.get(tenantId);
    if (s) return s;
    let newest = 1n;
    for (const ls of this.server.logStreams.values()) {
      if (ls.tenantId !== tenantId) continue;
      for (const t of ls.tablets.values()) {
        for (const sst of t.snapshot().sstables) {
          if (sst.type === 'MAJOR' && BigInt(sst.endScn) > newest) newest = BigInt(sst.endScn);
        }
      }
    }
    const bootUs = this.server.startServiceTimeUs;
    const last = newest.toString();
    const zones = [...new Set(this.server.topology.servers.map((x) => x.zone))].sort();
    s = {
      tenantId,
      frozenScn: last,
      frozenTimeUs: Number(newest / 1000n),
      globalBroadcastScn: last,
      lastScn: last,
      lastFinishTimeUs: bootUs,
      startTimeUs: 0,
      status: 'IDLE',
      isError: false,
      info: '',
      zones: zones.map((zone) => ({ zone, broadcastScn: last, lastScn: last, lastFinishTimeUs: bootUs, startTimeUs: 0, status: 'IDLE', pending: new Set() })),
      freezeInfo: [{ frozenScn: '1', schemaVersion: 0, createTimeUs: bootUs }],
      checksums: new Map(),
      running: false,
    };
    if (last !== '1') s.freezeInfo.push({ frozenScn: last, schemaVersion: this.schemaVersion(tenantId), createTimeUs: bootUs });
    if (this.server.status === 'ACTIVE') this.states.set(tenantId, s);
    return s;
  }

  private schemaVersion(tenantId: number): number {
    return this.server.schemas.get(tenantId)?.version ?? 0;
  }

  private emit(s: TenantMajorState): void {
    this.server.env.events.emit({ kind: 'major-freeze', tenantId: s.tenantId, frozenScn: s.frozenScn, status: s.status, atUs: this.now() });
  }

  /**
   * Launches a major freeze of `tenantId` (this server must be its root service): takes the frozen
   * SCN from GTS, records freeze info and starts the merge in the background.
   * Returns `started: false` (and the SCN of the unfinished major) when the previous one is still
   * running or stuck in error, as OceanBase answers with a warning instead of a second freeze.
   */
  async launch(tenantId: number): Promise<{ started: boolean; frozenScn: string }> {
    if (!this.leads(tenantId)) throw Errors.notMaster();
    const s = this.state(tenantId);
    if (s.status !== 'IDLE' || s.running || s.isError) return { started: false, frozenScn: s.frozenScn };
    s.running = true;
    let frozen: Scn;
    try {
      frozen = await this.server.gts(tenantId as TenantId);
    } catch (e) {
      s.running = false;
      throw e;
    }
    const nowUs = this.now();
    s.frozenScn = frozen.toString();
    s.frozenTimeUs = Number(frozen / 1000n);
    s.globalBroadcastScn = s.frozenScn;
    s.startTimeUs = nowUs;
    s.status = 'COMPACTING';
    s.info = '';
    s.checksums = new Map();
    s.freezeInfo.push({ frozenScn: s.frozenScn, schemaVersion: this.schemaVersion(tenantId), createTimeUs: nowUs });
    if (s.freezeInfo.length > MAJOR_FREEZE_INFO_MAX) s.freezeInfo.splice(0, s.freezeInfo.length - MAJOR_FREEZE_INFO_MAX);
    for (const z of s.zones) {
      z.broadcastScn = s.frozenScn;
      z.startTimeUs = nowUs;
      z.status = 'COMPACTING';
      z.pending = new Set(this.server.topology.servers.filter((x) => x.zone === z.zone).map((x) => x.serverId));
    }
    this.emit(s);
    this.runInBackground(s, frozen);
    return { started: true, frozenScn: s.frozenScn };
  }

  private runInBackground(s: TenantMajorState, frozen: Scn): void {
    s.running = true;
    void this.run(s, frozen)
      .catch((e) => {
        if (this.stopped()) return;
        s.isError = true;
        s.info = String((e as Error)?.message ?? e);
        this.emit(s);
      })
      .finally(() => {
        s.running = false;
      });
  }

  /** Barrier, broadcast, wait for every server, verify. */
  private async run(s: TenantMajorState, frozen: Scn): Promise<void> {
    const tenantId = s.tenantId;
    const layout = this.server.location.tenant(tenantId);
    assert(layout !== undefined, `unknown tenant ${tenantId}`);
    const barriers: Record<string, number> = {};
    for (const l of layout.ls) {
      barriers[String(l.lsId)] = await this.callUntilAnswered<number>(
        { tenantId: tenantId as TenantId, lsId: l.lsId }, 'admin.barrier', { tenantId, lsId: l.lsId, frozenScn: frozen.toString() });
    }
    await Promise.all(
      this.server.topology.servers.map(async (info) => {
        const sums = await this.callUntilAnswered<Record<string, number>>(
          info.serverId as ServerId, 'admin.majorMerge', { tenantId, frozenScn: frozen.toString(), barriers }, MAJOR_MERGE_RPC_TIMEOUT_US);
        this.reported(s, info.serverId, sums);
      }),
    );
    if (this.stopped()) return;
    s.status = 'VERIFYING';
    this.emit(s);
    await this.sleep(MAJOR_VERIFY_DELAY_US);
    if (this.stopped()) return;
    this.verify(s);
  }

  /** A server merged every replica of the tenant: its zone is done when all its servers are. */
  private reported(s: TenantMajorState, serverId: number, sums: Record<string, number>): void {
    for (const [tablet, checksum] of Object.entries(sums)) {
      const id = Number(tablet);
      const byServer = s.checksums.get(id) ?? {};
      byServer[String(serverId)] = checksum;
      s.checksums.set(id, byServer);
    }
    const zoneName = this.server.location.server(serverId)?.zone;
    const zone = s.zones.find((z) => z.zone === zoneName);
    if (!zone) return;
    zone.pending.delete(serverId);
    if (zone.pending.size === 0 && zone.status === 'COMPACTING') {
      zone.status = 'IDLE';
      zone.lastScn = s.frozenScn;
      zone.lastFinishTimeUs = this.now();
    }
  }

  /** Compares every tablet's baseline checksum across the replicas that reported it. */
  private verify(s: TenantMajorState): void {
    const mismatched: number[] = [];
    for (const [tabletId, byServer] of s.checksums) {
      const values = new Set(Object.values(byServer));
      if (values.size > 1) mismatched.push(tabletId);
    }
    if (mismatched.length > 0) {
      s.isError = true;
      s.info = `checksum error on tablets ${mismatched.sort((a, b) => a - b).join(',')}`;
      this.emit(s);
      return;
    }
    s.isError = false;
    s.info = '';
    s.lastScn = s.frozenScn;
    s.lastFinishTimeUs = this.now();
    s.status = 'IDLE';
    this.emit(s);
  }

  /**
   * Calls `method` on `to` (a server, or the current leader of an LS) until it answers (an
   * unreachable server is asked again later).
   */
  private async callUntilAnswered<T>(to: ServerId | { tenantId: TenantId; lsId: LsId }, method: string, body: unknown, timeoutUs?: number): Promise<T> {
    for (;;) {
      if (this.stopped()) throw new Error('root service stopped');
      try {
        if (typeof to === 'object') return await this.server.location.callLeader<T>(to.tenantId, to.lsId, method, body, { timeoutUs });
        return await this.server.rpc.call<T>(to, method, body, timeoutUs);
      } catch (e) {
        if (this.stopped()) throw e;
        await this.sleep(MAJOR_RETRY_DELAY_US);
      }
    }
  }

  /**
   * `ALTER SYSTEM CLEAR MERGE ERROR`: clears IS_ERROR and runs the unfinished major again (merge
   * broadcast and verification); a tenant without error is left alone.
   */
  clearError(tenantId: number): void {
    const s = this.state(tenantId);
    if (!s.isError) return;
    s.isError = false;
    s.info = '';
    if (s.status === 'IDLE') {
      this.emit(s);
      return;
    }
    s.status = 'COMPACTING';
    this.emit(s);
    if (!s.running) this.runInBackground(s, scn(BigInt(s.frozenScn)));
  }

  /** Whether a major of `tenantId` is in progress (COMPACTING or VERIFYING). */
  inProgress(tenantId: number): boolean {
    return this.state(tenantId).status !== 'IDLE';
  }

  /** Snapshots of the tenants this server is the root service of, by tenant id. */
  snapshots(): MajorCompactionSnapshot[] {
    const out: MajorCompactionSnapshot[] = [];
    for (const t of this.server.topology.tenants) {
      if (!this.leads(t.tenantId)) continue;
      const s = this.state(t.tenantId);
      out.push({
        tenantId: s.tenantId,
        frozenScn: s.frozenScn,
        frozenTimeUs: s.frozenTimeUs,
        globalBroadcastScn: s.globalBroadcastScn,
        lastScn: s.lastScn,
        lastFinishTimeUs: s.lastFinishTimeUs,
        startTimeUs: s.startTimeUs,
        status: s.status,
        isError: s.isError,
        isSuspended: this.isSuspended(s.tenantId),
        info: s.info,
        zones: s.zones.map(({ pending: _pending, ...z }) => ({ ...z })),
        freezeInfo: s.freezeInfo.map((f) => ({ ...f })),
      });
    }
    return out.sort((a, b) => a.tenantId - b.tenantId);
  }
}
