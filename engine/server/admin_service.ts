/**
 * Cluster administration: `ALTER SYSTEM MINOR FREEZE / MAJOR FREEZE / SET / SUSPEND MERGE /
 * RESUME MERGE / CLEAR MERGE ERROR / TRIGGER TTL` (issue #5: a broadcast of `table.ttl.trigger`), `CALL` procedures (sample data), and what starts freezes
 * on its own: the memstore's freeze trigger, `major_compact_trigger` and `major_freeze_duty_time`.
 *
 * Minor freeze (reference §4.2, §4.5): every targeted server freezes the active memtables of the
 * targeted tablets (by tenant, zone, server, LS, tablet) and dumps them to mini SSTables
 * (MINI_MERGE), then writes its checkpoint. A server counts its tenant freezes (GV$OB_MEMSTORE
 * FREEZE_CNT); with `major_compact_trigger = n > 0`, every n-th one asks the tenant's root service
 * for a major freeze, as OceanBase's tenant freezer does.
 * Major freeze (reference §4.4): the tenant's root service (major_freeze_service.ts) takes a frozen
 * SCN and asks every server to merge every replica to it (`admin.majorMerge`). A server merges one
 * tablet after another and, while the tenant's merge is suspended, starts no new tablet merge.
 * Daily merge: the root service launches a major when the simulated clock's wall time (UTC, the
 * playground's time zone) passes the tenant's `major_freeze_duty_time`, once per day.
 * Every statement answers "Query OK" at once, as in OceanBase; the work runs in the background.
 */
import type { RsCommandInput } from '../rootservice/types';
import { lsId, lsn, scn, type Scn, type TenantId } from '../common/ids';
import { MEMSTORE_LIMIT_BYTES } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { Value } from '../common/value';
import type { RpcEndpoint } from '../rpc/rpc';
import { loadSampleData, type SampleTarget } from '../sample';
import type { AlterSystem, Expr } from '../sql/ast';
import type { AdminService, StatementResult } from '../sql/exec_context';
import { executeStatement } from '../sql/executor';
import { MajorFreezeService } from './major_freeze_service';
import type { ObServer } from './ob_server';
import { checkParameterValue, parameterDef, ParameterStore } from './parameters';
import type { Session } from './session';
import type { MajorCompactionSnapshot } from './snapshot';

export { DEFAULT_PARAMETERS } from './parameters';

/** How often (PALF ticks) the admin checks memstores, the duty time and triggers: about 1 s. */
const ADMIN_CHECK_TICKS = 20;
/** Pause while a tenant's merge is suspended before looking again, µs. */
const SUSPEND_POLL_US = 100_000;
const DAY_US = 86_400_000_000;
/** The warning OceanBase gives a major freeze while the previous one is unfinished. */
const PREV_MERGE_NOT_FINISHED = 'larger frozen_scn already exist, prev merge may not finish';
/** OB_FROZEN_INFO_ALREADY_EXIST; the number is UNCONFIRMED (the message is OceanBase's). */
const FROZEN_INFO_ALREADY_EXIST_CODE = 4744;

/** The next instant after `afterUs` at `offsetUs` past midnight (UTC), µs. */
export function nextDutyInstantUs(afterUs: number, offsetUs: number): number {
  const midnight = afterUs - (afterUs % DAY_US);
  const at = midnight + offsetUs;
  return at > afterUs ? at : at + DAY_US;
}

/** `HH:MM` → µs past midnight; null for `disable`. */
export function dutyOffsetUs(dutyTime: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(dutyTime);
  if (!m) return null;
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000_000;
}

export class AdminExecutor {
  readonly params = new ParameterStore();
  /** Cluster-wide parameter values (the defaults of TENANT parameters); see `params` per tenant. */
  readonly parameters = this.params.cluster;
  /** Tenant freezes done by this server, per tenant (GV$OB_MEMSTORE FREEZE_CNT). */
  readonly freezeCount = new Map<number, number>();
  /** Tenants whose merges are suspended (ALTER SYSTEM SUSPEND MERGE), as broadcast to every server. */
  readonly suspended = new Set<number>();
  readonly majorService: MajorFreezeService;
  private readonly minorFreezesSinceMajor = new Map<number, number>();
  private readonly localMerges = new Map<string, Promise<Record<string, number>>>();
  private ticks = 0;
  private autoFreezeRunning = false;
  private lastDutyCheckUs: number | null = null;

  constructor(private readonly server: ObServer) {
    this.majorService = new MajorFreezeService(server, (t) => this.suspended.has(t));
  }

  /** The root service's view of every tenant it leads (compatibility with older callers). */
  get majorStates(): Map<number, MajorCompactionSnapshot> {
    return new Map(this.majorService.snapshots().map((m) => [m.tenantId, m]));
  }

  register(rpc: RpcEndpoint): void {
    rpc.register('admin.minorFreeze', (_f, b: { tenantIds: number[] | null; tabletId: number | null; lsId: number | null }) =>
      this.localMinorFreeze(b.tenantIds, b.tabletId, b.lsId));
    rpc.register('admin.majorFreezeStart', (_f, b: { tenantId: number }) => this.majorService.launch(b.tenantId));
    rpc.register('admin.barrier', async (_f, b: { tenantId: number; lsId: number; frozenScn: string }) => {
      const ls = this.server.logStream(b.tenantId, b.lsId);
      if (!ls || !ls.isLeader()) throw Errors.notMaster();
      await ls.txMgr.waitReadable(scn(BigInt(b.frozenScn)));
      return ls.submit({ type: 'leader_start' });
    });
    rpc.register('admin.majorMerge', (_f, b: { tenantId: number; frozenScn: string; barriers: Record<string, number> }) =>
      this.localMajorMerge(b.tenantId, scn(BigInt(b.frozenScn)), b.barriers));
    rpc.register('admin.setParameter', (_f, b: { name: string; value: string; tenantIds: number[] | null }) => {
      this.params.set(b.name, b.value, b.tenantIds);
    });
    rpc.register('admin.setMergeSuspended', (_f, b: { tenantIds: number[]; suspended: boolean }) => {
      for (const t of b.tenantIds) {
        if (b.suspended) this.suspended.add(t);
        else this.suspended.delete(t);
      }
    });
    rpc.register('admin.clearMergeError', (_f, b: { tenantId: number }) => this.majorService.clearError(b.tenantId));
  }

  private now(): number {
    return this.server.env.clock.nowUs();
  }

  /**
   * Freezes and dumps memtables of the matching tablets on this server, then checkpoints.
   * Returns the number of tablets frozen. Each tenant with a frozen tablet counts one freeze.
   */
  async localMinorFreeze(tenantIds: number[] | null, tabletId: number | null, lsId: number | null): Promise<number> {
    const y = this.server.yielder();
    const frozen = [];
    const tenants = new Set<number>();
    for (const ls of this.server.logStreams.values()) {
      if (tenantIds && !tenantIds.includes(ls.tenantId)) continue;
      if (lsId !== null && ls.lsId !== lsId) continue;
      for (const t of ls.tablets.values()) {
        if (tabletId !== null && t.identity.tabletId !== tabletId) continue;
        if (t.freeze(lsn(ls.appliedLsn))) {
          frozen.push(t);
          tenants.add(ls.tenantId);
          this.server.env.events.emit({ kind: 'freeze', tenantId: ls.tenantId, tabletId: t.identity.tabletId, freezeType: 'MINI_MERGE', atUs: this.now() });
        }
      }
    }
    for (const t of tenants) this.countTenantFreeze(t);
    // The tablets report their own compaction progress and completion events.
    for (const t of frozen) await t.runMiniCompaction(y);
    if (frozen.length > 0) await this.server.checkpoint();
    return frozen.length;
  }

  /** One tenant freeze: FREEZE_CNT, and `major_compact_trigger`'s count toward a major. */
  private countTenantFreeze(tenantId: number): void {
    this.freezeCount.set(tenantId, (this.freezeCount.get(tenantId) ?? 0) + 1);
    const trigger = Number(this.params.get('major_compact_trigger', tenantId));
    if (!(trigger > 0) || this.server.location.tenant(tenantId)?.type !== 'USER') return;
    const n = (this.minorFreezesSinceMajor.get(tenantId) ?? 0) + 1;
    if (n < trigger) {
      this.minorFreezesSinceMajor.set(tenantId, n);
      return;
    }
    this.minorFreezesSinceMajor.set(tenantId, 0);
    this.server.log('info', `tenant ${tenantId}: ${n} minor freezes reached major_compact_trigger, major freeze requested`);
    void this.requestMajor(tenantId);
  }

  /** Asks the tenant's root service for a major freeze (automatic triggers; errors are logged). */
  private async requestMajor(tenantId: number): Promise<void> {
    if (this.server.location.tenant(tenantId) === undefined) return;
    try {
      await this.server.location.callLeader(tenantId as TenantId, lsId(1), 'admin.majorFreezeStart', { tenantId });
    } catch (e) {
      this.server.log('warn', `automatic major freeze of tenant ${tenantId} failed: ${(e as Error).message}`);
    }
  }

  /**
   * This server's part of a major compaction: merges every tablet replica of the tenant to
   * `frozenScn`, one tablet at a time, waiting while the tenant's merge is suspended. Returns the
   * baseline checksum per tablet id. A repeated call for the same frozen SCN joins the running one.
   */
  localMajorMerge(tenantId: number, frozenScn: Scn, barriers: Record<string, number>): Promise<Record<string, number>> {
    const key = `${tenantId}/${frozenScn}`;
    let running = this.localMerges.get(key);
    if (!running) {
      running = this.mergeTenant(tenantId, frozenScn, barriers).finally(() => this.localMerges.delete(key));
      this.localMerges.set(key, running);
    }
    return running;
  }

  private async mergeTenant(tenantId: number, frozenScn: Scn, barriers: Record<string, number>): Promise<Record<string, number>> {
    const y = this.server.yielder();
    const checksums: Record<string, number> = {};
    for (const ls of this.server.logStreams.values()) {
      if (ls.tenantId !== tenantId) continue;
      const barrier = barriers[String(ls.lsId)] ?? 0;
      while (ls.appliedLsn < barrier) await this.sleepServing(5_000);
      for (const t of ls.tablets.values()) {
        while (this.suspended.has(tenantId)) await this.sleepServing(SUSPEND_POLL_US);
        if (t.freeze(lsn(ls.appliedLsn))) await t.runMiniCompaction(y);
        this.server.env.events.emit({ kind: 'freeze', tenantId, tabletId: t.identity.tabletId, freezeType: 'MAJOR_MERGE', atUs: this.now() });
        const r = await t.runMajorCompaction(frozenScn, y);
        checksums[String(t.identity.tabletId)] = r.checksum;
      }
    }
    await this.server.checkpoint();
    return checksums;
  }

  /** Waits `us` µs; fails when the server stopped meanwhile (so no loop outlives it). */
  private async sleepServing(us: number): Promise<void> {
    await new Promise<void>((r) => this.server.env.clock.schedule(us, r));
    if (this.server.status === 'STOPPED' || this.server.status === 'CRASHED') throw Errors.serverNotAlive(this.server.config.svrIp);
  }

  /** Every PALF tick: about once a second, the memstore trigger, the duty time. */
  onTick(): void {
    if (++this.ticks % ADMIN_CHECK_TICKS !== 0) return;
    this.checkMemstores();
    this.checkDutyTime();
  }

  /** Tenants whose memstore on this server reached `freeze_trigger_percentage` freeze here. */
  private checkMemstores(): void {
    if (this.autoFreezeRunning) return;
    const byTenant = new Map<number, number>();
    for (const ls of this.server.logStreams.values()) {
      let bytes = byTenant.get(ls.tenantId) ?? 0;
      for (const t of ls.tablets.values()) bytes += t.memtableBytes();
      byTenant.set(ls.tenantId, bytes);
    }
    const over = [...byTenant].filter(([t, b]) => b >= this.freezeTriggerBytes(t)).map(([t]) => t);
    if (over.length === 0) return;
    this.autoFreezeRunning = true;
    void this.localMinorFreeze(over, null, null).finally(() => (this.autoFreezeRunning = false));
  }

  /** The tenant's freeze trigger on this server: `freeze_trigger_percentage` of the memstore limit. */
  freezeTriggerBytes(tenantId: number): number {
    const pct = Number(this.params.get('freeze_trigger_percentage', tenantId));
    return Math.floor((MEMSTORE_LIMIT_BYTES * pct) / 100);
  }

  /** As root service: launches the daily major of each user tenant whose duty time just passed. */
  private checkDutyTime(): void {
    const now = this.now();
    const previous = this.lastDutyCheckUs;
    this.lastDutyCheckUs = now;
    if (previous === null || now <= previous) return;
    for (const t of this.server.topology.tenants) {
      if (t.type !== 'USER' || !this.majorService.leads(t.tenantId)) continue;
      const offset = dutyOffsetUs(this.params.get('major_freeze_duty_time', t.tenantId));
      if (offset === null || nextDutyInstantUs(previous, offset) > now) continue;
      this.server.log('info', `tenant ${t.tenantId}: major_freeze_duty_time reached, daily major freeze`);
      void this.majorService.launch(t.tenantId).catch((e) => this.server.log('warn', `daily major freeze failed: ${(e as Error).message}`));
    }
  }
}

/** `AdminService` for one session. */
export class AdminClient implements AdminService {
  constructor(
    private readonly server: ObServer,
    private readonly session: Session,
  ) {}

  /**
   * Issue #4: a management statement (CREATE RESOURCE UNIT / POOL / TENANT, ALTER SYSTEM ... SERVER,
   * SWITCH REPLICA LEADER, ...) runs through the root service (tenant_admin.ts) and returns once
   * applied and visible on this server. Errors: the command's ObError (e.g. 4624, 4651, 1235, 1227).
   */
  async rootService(cmd: RsCommandInput): Promise<void> {
    const st = this.session.state;
    await this.server.runRootServiceCommand({ tenantId: st.tenantId, tenantName: st.tenantName }, cmd);
  }

  /**
   * Tenant ids a statement's `TENANT = ...` names. Without it: the session's tenant, or every
   * tenant from sys. A user tenant may name only itself (ERROR 1235 otherwise).
   */
  private tenantIdsOf(names: string[] | undefined): number[] {
    const own = this.session.state.tenantId;
    if (!names || names.length === 0) return own === 1 ? this.server.topology.tenants.map((t) => t.tenantId) : [own];
    const ids: number[] = [];
    for (const n of names) {
      const lower = n.toLowerCase();
      if (lower === 'all' || lower === 'all_user') ids.push(...this.server.topology.tenants.filter((t) => t.type === 'USER').map((t) => t.tenantId));
      else if (lower === 'all_meta') ids.push(...this.server.topology.tenants.filter((t) => t.type === 'META').map((t) => t.tenantId));
      else {
        const t = this.server.location.tenantByName(n);
        if (!t) throw Errors.unknownTenant(n);
        ids.push(t.tenantId);
      }
    }
    if (own !== 1 && ids.some((i) => i !== own)) throw Errors.notSupported('operate other tenant in user tenant');
    return [...new Set(ids)];
  }

  /** Calls the tenant's root service (its LS 1 leader, followed across leader changes). */
  private callRootService<T>(tenantId: number, method: string, body: unknown): Promise<T> {
    return this.server.location.callLeader<T>(tenantId as TenantId, lsId(1), method, body);
  }

  async alterSystem(stmt: AlterSystem): Promise<void> {
    switch (stmt.action) {
      case 'minorFreeze':
        return this.minorFreeze(stmt);
      case 'majorFreeze':
        return this.majorFreeze(stmt);
      case 'setParameter':
        return this.setParameter(stmt);
      case 'suspendMerge':
      case 'resumeMerge':
        return this.setSuspended(this.tenantIdsOf(stmt.tenant), stmt.action === 'suspendMerge');
      case 'clearMergeError':
        for (const t of this.tenantIdsOf(stmt.tenant)) await this.callRootService(t, 'admin.clearMergeError', { tenantId: t });
        return;
      case 'triggerTtl':
        return this.triggerTtl(stmt.tenant);
      case 'other':
        throw Errors.notSupported(stmt.text.slice(0, 60));
    }
  }

  /**
   * `ALTER SYSTEM TRIGGER TTL [TENANT = t]` (issue #5, obkv-apis §1.10): asks every server to run
   * the OBKV TTL task of each targeted tenant now — a best-effort broadcast of `table.ttl.trigger`
   * `{ tenantId }` (the table service deletes the expired rows its leader replicas hold). A tenant
   * must have `enable_kv_ttl = true`: the session's own or a named tenant without it is refused
   * with OB_TTL_NOT_ENABLE; from sys without TENANT, user tenants without it are skipped (and all
   * of them lacking it is refused).
   */
  private async triggerTtl(names: string[] | undefined): Promise<void> {
    const all = this.tenantIdsOf(names);
    const targets = names === undefined && this.session.state.tenantId === 1
      ? all.filter((t) => this.server.location.tenant(t)?.type === 'USER')
      : all;
    const enabled = targets.filter((t) => this.server.admin.params.get('enable_kv_ttl', t) === 'True');
    const explicit = names !== undefined || this.session.state.tenantId !== 1;
    if (enabled.length === 0 || (explicit && enabled.length !== targets.length)) throw Errors.ttlNotEnable();
    for (const tenantId of enabled) {
      for (const s of this.server.topology.servers) {
        void this.server.rpc.call(s.serverId as never, 'table.ttl.trigger', { tenantId }).catch(() => {});
      }
    }
  }

  /** Freezes on the servers the statement targets (by ZONE / SERVER), in the background. */
  private minorFreeze(stmt: AlterSystem & { action: 'minorFreeze' }): void {
    const servers = this.server.topology.servers;
    const tenantIds = this.tenantIdsOf(stmt.tenant);
    for (const z of stmt.zones ?? []) if (!servers.some((s) => s.zone === z)) throw Errors.invalidArgument('Incorrect arguments to zone');
    const ipOf = (addr: string) => addr.split(':')[0];
    for (const a of stmt.servers ?? []) if (!servers.some((s) => s.svrIp === ipOf(a))) throw Errors.invalidArgument('Incorrect arguments to server');
    const targets = servers.filter((s) =>
      (!stmt.zones || stmt.zones.includes(s.zone)) && (!stmt.servers || stmt.servers.some((a) => ipOf(a) === s.svrIp)));
    for (const s of targets) {
      void this.server.rpc.call(s.serverId as never, 'admin.minorFreeze', { tenantIds, tabletId: stmt.tabletId ?? null, lsId: stmt.lsId ?? null }, 600_000_000)
        .catch(() => {});
    }
  }

  /** Asks each tenant's root service to launch a major; an unfinished one gives a warning. */
  private async majorFreeze(stmt: AlterSystem & { action: 'majorFreeze' }): Promise<void> {
    if (stmt.tabletId !== undefined) throw Errors.notSupported('Partition-level major freeze');
    let unfinished = false;
    for (const t of this.tenantIdsOf(stmt.tenant)) {
      if (this.server.location.tenant(t)!.type === 'META' && !stmt.tenant) continue;
      const r = await this.callRootService<{ started: boolean }>(t, 'admin.majorFreezeStart', { tenantId: t });
      if (!r.started) unfinished = true;
    }
    if (unfinished) this.session.state.warnings.push({ level: 'Warning', code: FROZEN_INFO_ALREADY_EXIST_CODE, message: PREV_MERGE_NOT_FINISHED });
  }

  /**
   * `ALTER SYSTEM SET name = value [TENANT = t]`: checks the value (ERROR 4147 when invalid), then
   * sets it on every server: cluster-wide for a CLUSTER parameter, else for the named tenant, or
   * the session's own tenant.
   */
  private async setParameter(stmt: AlterSystem & { action: 'setParameter' }): Promise<void> {
    const name = stmt.name.toLowerCase();
    const raw = stmt.value === null ? 'NULL' : String(stmt.value);
    const value = checkParameterValue(name, raw);
    const def = parameterDef(name)!;
    const tenantIds = def.scope === 'CLUSTER' ? null : stmt.tenant !== undefined ? this.tenantIdsOf([stmt.tenant]) : [this.session.state.tenantId];
    await Promise.all(this.server.topology.servers.map((s) =>
      this.server.rpc.call(s.serverId as never, 'admin.setParameter', { name, value, tenantIds }).catch(() => {})));
  }

  private async setSuspended(tenantIds: number[], suspended: boolean): Promise<void> {
    await Promise.all(this.server.topology.servers.map((s) =>
      this.server.rpc.call(s.serverId as never, 'admin.setMergeSuspended', { tenantIds, suspended }).catch(() => {})));
  }

  parameters() {
    return this.server.admin.params.list(this.session.state.tenantId);
  }

  async call(name: string, args: Value[]): Promise<StatementResult> {
    const proc = name.toLowerCase().replace(/^.*\./, '');
    if (proc !== 'load_sample_data') throw Errors.functionNotExist(this.session.state.database ?? 'test', name);
    const dataset = String(args[0] ?? 'tpch').toLowerCase();
    if (dataset !== 'tpch' && dataset !== 'world') throw Errors.invalidArgument(`unknown sample dataset '${dataset}' (tpch or world)`);
    const sf = args[1] === undefined || args[1] === null ? 0.01 : Number(String(args[1]));
    if (!(sf > 0 && sf <= 10)) throw Errors.invalidArgument('scale factor must be > 0 and <= 10');
    const loaded = await loadSampleData(this.sampleTarget(dataset), dataset as 'tpch' | 'world', sf);
    return {
      kind: 'rows',
      columns: [
        { name: 'table_name', type: { kind: 'varchar', precision: 64 } },
        { name: 'rows', type: { kind: 'bigint' } },
      ],
      rows: loaded.map((l) => [l.table, l.rows]),
    };
  }

  private sampleTarget(dataset: string): SampleTarget {
    const server = this.server;
    const session = this.session;
    const events = server.env.events;
    const run = async (statement: Parameters<typeof executeStatement>[0]) => {
      await executeStatement(statement, server.execContext(session));
    };
    return {
      async sql(text: string) {
        const { parseSql } = await import('../sql/parser');
        for (const p of parseSql(text)) await run(p);
      },
      async insertRows(db: string, table: string, columns: string[], rows: Value[][]) {
        const values: Expr[][] = rows.map((r) => r.map((v) => ({ kind: 'literal', value: v }) as Expr));
        await run({ statement: { kind: 'insert', replace: false, ignore: false, table: { db, name: table }, columns, values }, text: `INSERT INTO ${db}.${table} (sample data)` });
      },
      progress(table: string, rowsDone: number, rowsTotal: number) {
        events.emit({ kind: 'sample-data-progress', dataset, table, rowsDone, rowsTotal, atUs: server.env.clock.nowUs() });
      },
      yield: () => server.yielder().yield(),
    };
  }
}
