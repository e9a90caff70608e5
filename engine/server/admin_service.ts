/**
 * Cluster administration: `ALTER SYSTEM MINOR FREEZE / MAJOR FREEZE / SET`, `CALL` procedures
 * (sample data), and the automatic freeze when a tenant's memstore passes its freeze trigger.
 *
 * Minor freeze (reference §4.2, §4.5): every targeted server freezes the active memtables of the
 * targeted tablets and dumps them to mini SSTables (MINI_MERGE), then writes its checkpoint.
 * Major freeze (reference §4.4): the tenant's LS 1 leader (its root service) takes a frozen SCN from
 * GTS, puts a barrier entry in every LS after all commits at or below it, and asks every server to
 * merge every tablet replica up to the frozen SCN (status COMPACTING); it then compares the
 * replicas' baseline checksums (VERIFYING) and goes back to IDLE. Both statements answer
 * "Query OK" at once, as in OceanBase; the work runs in the background and shows in the panels.
 */
import { lsn, scn, type Scn, type TenantId } from '../common/ids';
import { FREEZE_TRIGGER_PERCENTAGE, MEMSTORE_LIMIT_BYTES } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { Value } from '../common/value';
import type { RpcEndpoint } from '../rpc/rpc';
import { loadSampleData, type SampleTarget } from '../sample';
import type { AlterSystem, Expr } from '../sql/ast';
import type { AdminService, StatementResult } from '../sql/exec_context';
import { executeStatement } from '../sql/executor';
import type { ObServer } from './ob_server';
import type { Session } from './session';

export interface MajorCompactionState {
  tenantId: number;
  frozenScn: string;
  frozenTimeUs: number;
  globalBroadcastScn: string;
  lastScn: string;
  lastFinishTimeUs: number;
  startTimeUs: number;
  status: 'IDLE' | 'COMPACTING' | 'VERIFYING';
  isError: boolean;
  info: string;
}

export const DEFAULT_PARAMETERS: { name: string; value: string; scope: 'TENANT' | 'CLUSTER'; info: string }[] = [
  { name: 'freeze_trigger_percentage', value: String(FREEZE_TRIGGER_PERCENTAGE), scope: 'TENANT', info: 'the threshold of the size of the mem store when freeze will be triggered' },
  { name: 'major_freeze_duty_time', value: '02:00', scope: 'TENANT', info: 'the start time of system daily merge procedure' },
  { name: 'minor_compact_trigger', value: '2', scope: 'TENANT', info: 'minor_compact_trigger' },
  { name: 'major_compact_trigger', value: '0', scope: 'TENANT', info: 'major_compact_trigger alias to minor_freeze_times' },
  { name: 'memstore_limit_percentage', value: '0', scope: 'CLUSTER', info: 'used in calculating the value of MEMSTORE_LIMIT' },
  { name: 'lease_time', value: '10s', scope: 'CLUSTER', info: 'heartbeat lease time' },
  { name: 'server_permanent_offline_time', value: '3600s', scope: 'CLUSTER', info: 'the time interval between any two heartbeats beyond which a server is considered to be permanently offline' },
  { name: 'default_table_store_format', value: 'row', scope: 'TENANT', info: 'default table store format' },
  { name: 'enable_rebalance', value: 'True', scope: 'TENANT', info: 'specifies whether the partition load-balancing is turned on' },
];

export class AdminExecutor {
  readonly parameters = new Map(DEFAULT_PARAMETERS.map((p) => [p.name, p.value]));
  readonly majorStates = new Map<number, MajorCompactionState>();
  freezeCount = new Map<number, number>();
  private ticks = 0;
  private autoFreezeRunning = false;

  constructor(private readonly server: ObServer) {}

  register(rpc: RpcEndpoint): void {
    rpc.register('admin.minorFreeze', (_f, b: { tenantIds: number[] | null; tabletId: number | null; lsId: number | null }) =>
      this.localMinorFreeze(b.tenantIds, b.tabletId, b.lsId));
    rpc.register('admin.majorFreezeStart', (_f, b: { tenantId: number }) => this.startMajor(b.tenantId));
    rpc.register('admin.barrier', async (_f, b: { tenantId: number; lsId: number; frozenScn: string }) => {
      const ls = this.server.logStream(b.tenantId, b.lsId);
      if (!ls || !ls.isLeader()) throw Errors.notMaster();
      await ls.txMgr.waitReadable(scn(BigInt(b.frozenScn)));
      return ls.submit({ type: 'leader_start' });
    });
    rpc.register('admin.majorMerge', (_f, b: { tenantId: number; frozenScn: string; barriers: Record<string, number> }) =>
      this.localMajorMerge(b.tenantId, scn(BigInt(b.frozenScn)), b.barriers));
    rpc.register('admin.setParameter', (_f, b: { name: string; value: string }) => {
      this.parameters.set(b.name, b.value);
    });
  }

  private now(): number {
    return this.server.env.clock.nowUs();
  }

  /** Freezes and dumps memtables of the matching tablets on this server, then checkpoints. */
  async localMinorFreeze(tenantIds: number[] | null, tabletId: number | null, lsId: number | null): Promise<number> {
    const y = this.server.yielder();
    const frozen = [];
    for (const ls of this.server.logStreams.values()) {
      if (tenantIds && !tenantIds.includes(ls.tenantId)) continue;
      if (lsId !== null && ls.lsId !== lsId) continue;
      for (const t of ls.tablets.values()) {
        if (tabletId !== null && t.identity.tabletId !== tabletId) continue;
        if (t.freeze(lsn(ls.appliedLsn))) {
          frozen.push(t);
          this.freezeCount.set(ls.tenantId, (this.freezeCount.get(ls.tenantId) ?? 0) + 1);
          this.server.env.events.emit({ kind: 'freeze', tenantId: ls.tenantId, tabletId: t.identity.tabletId, freezeType: 'MINI_MERGE', atUs: this.now() });
        }
      }
    }
    // The tablets report their own compaction progress and completion events.
    for (const t of frozen) await t.runMiniCompaction(y);
    if (frozen.length > 0) await this.server.checkpoint();
    return frozen.length;
  }

  /** The tenant's root service: runs a major compaction in the background. */
  async startMajor(tenantId: number): Promise<string> {
    const prev = this.majorStates.get(tenantId);
    if (prev && prev.status !== 'IDLE') throw Errors.invalidArgument('major freeze is already in progress');
    const frozenScn = await this.server.gts(tenantId as TenantId);
    const state: MajorCompactionState = {
      tenantId,
      frozenScn: frozenScn.toString(),
      frozenTimeUs: this.now(),
      globalBroadcastScn: frozenScn.toString(),
      lastScn: prev?.lastScn ?? '1',
      lastFinishTimeUs: prev?.lastFinishTimeUs ?? 0,
      startTimeUs: this.now(),
      status: 'COMPACTING',
      isError: false,
      info: '',
    };
    this.majorStates.set(tenantId, state);
    this.emitMajor(state);
    void this.runMajor(tenantId, frozenScn, state).catch((e) => {
      state.isError = true;
      state.info = String((e as Error)?.message ?? e);
      state.status = 'IDLE';
      this.emitMajor(state);
    });
    return frozenScn.toString();
  }

  private emitMajor(s: MajorCompactionState): void {
    this.server.env.events.emit({ kind: 'major-freeze', tenantId: s.tenantId, frozenScn: s.frozenScn, status: s.status, atUs: this.now() });
  }

  private async runMajor(tenantId: number, frozenScn: Scn, state: MajorCompactionState): Promise<void> {
    const layout = this.server.location.tenant(tenantId)!;
    const barriers: Record<string, number> = {};
    for (const l of layout.ls) {
      barriers[String(l.lsId)] = await this.server.rpc.call<number>(l.leader, 'admin.barrier', { tenantId, lsId: l.lsId, frozenScn: frozenScn.toString() });
    }
    const replies = await Promise.all(
      this.server.topology.servers.map((s) =>
        this.server.rpc.call<Record<string, number>>(s.serverId as never, 'admin.majorMerge', { tenantId, frozenScn: frozenScn.toString(), barriers }, 600_000_000)),
    );
    state.status = 'VERIFYING';
    this.emitMajor(state);
    const mismatched: string[] = [];
    const byTablet = new Map<string, number>();
    for (const r of replies) {
      for (const [tablet, checksum] of Object.entries(r)) {
        const seen = byTablet.get(tablet);
        if (seen === undefined) byTablet.set(tablet, checksum);
        else if (seen !== checksum) mismatched.push(tablet);
      }
    }
    state.isError = mismatched.length > 0;
    state.info = mismatched.length > 0 ? `checksum error on tablets ${[...new Set(mismatched)].join(',')}` : '';
    state.lastScn = frozenScn.toString();
    state.lastFinishTimeUs = this.now();
    state.status = 'IDLE';
    this.emitMajor(state);
  }

  /** This server's part of a major compaction: merge every tablet replica of the tenant. */
  async localMajorMerge(tenantId: number, frozenScn: Scn, barriers: Record<string, number>): Promise<Record<string, number>> {
    const y = this.server.yielder();
    const checksums: Record<string, number> = {};
    for (const ls of this.server.logStreams.values()) {
      if (ls.tenantId !== tenantId) continue;
      const barrier = barriers[String(ls.lsId)] ?? 0;
      while (ls.appliedLsn < barrier) await new Promise<void>((r) => this.server.env.clock.schedule(5_000, r));
      for (const t of ls.tablets.values()) {
        if (t.freeze(lsn(ls.appliedLsn))) await t.runMiniCompaction(y);
        this.server.env.events.emit({ kind: 'freeze', tenantId, tabletId: t.identity.tabletId, freezeType: 'MAJOR_MERGE', atUs: this.now() });
        const r = await t.runMajorCompaction(frozenScn, y);
        checksums[String(t.identity.tabletId)] = r.checksum;
      }
    }
    await this.server.checkpoint();
    return checksums;
  }

  /** Every PALF tick: about once a second, check the memstore against the freeze trigger. */
  onTick(): void {
    if (++this.ticks % 20 !== 0 || this.autoFreezeRunning) return;
    const pct = Number(this.parameters.get('freeze_trigger_percentage') ?? FREEZE_TRIGGER_PERCENTAGE);
    const trigger = (MEMSTORE_LIMIT_BYTES * pct) / 100;
    const byTenant = new Map<number, number>();
    for (const ls of this.server.logStreams.values()) {
      let bytes = byTenant.get(ls.tenantId) ?? 0;
      for (const t of ls.tablets.values()) bytes += t.memtableBytes();
      byTenant.set(ls.tenantId, bytes);
    }
    const over = [...byTenant].filter(([, b]) => b >= trigger).map(([t]) => t);
    if (over.length === 0) return;
    this.autoFreezeRunning = true;
    void this.localMinorFreeze(over, null, null).finally(() => (this.autoFreezeRunning = false));
  }
}

/** `AdminService` for one session. */
export class AdminClient implements AdminService {
  constructor(
    private readonly server: ObServer,
    private readonly session: Session,
  ) {}

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
    return ids;
  }

  async alterSystem(stmt: AlterSystem): Promise<void> {
    const servers = this.server.topology.servers;
    switch (stmt.action) {
      case 'minorFreeze': {
        const tenantIds = this.tenantIdsOf(stmt.tenant);
        const targets = servers.filter((s) =>
          (!stmt.zones || stmt.zones.includes(s.zone)) && (!stmt.servers || stmt.servers.some((a) => a.split(':')[0] === s.svrIp)));
        for (const s of targets) {
          void this.server.rpc.call(s.serverId as never, 'admin.minorFreeze', { tenantIds, tabletId: stmt.tabletId ?? null, lsId: stmt.lsId ?? null }, 600_000_000)
            .catch(() => {});
        }
        return;
      }
      case 'majorFreeze': {
        if (stmt.tabletId !== undefined) throw Errors.notSupported('Partition-level major freeze');
        for (const t of this.tenantIdsOf(stmt.tenant)) {
          const layout = this.server.location.tenant(t)!;
          if (layout.type === 'META') continue;
          const rs = layout.ls.find((l) => l.lsId === 1)!.leader;
          await this.server.rpc.call(rs, 'admin.majorFreezeStart', { tenantId: t });
        }
        return;
      }
      case 'setParameter': {
        const known = this.server.admin.parameters.has(stmt.name.toLowerCase());
        if (!known) throw Errors.invalidArgument(`Invalid config: ${stmt.name}`);
        const value = stmt.value === null ? 'NULL' : String(stmt.value);
        await Promise.all(servers.map((s) => this.server.rpc.call(s.serverId as never, 'admin.setParameter', { name: stmt.name.toLowerCase(), value }).catch(() => {})));
        return;
      }
      case 'other':
        throw Errors.notSupported(stmt.text.slice(0, 60));
    }
  }

  parameters() {
    return DEFAULT_PARAMETERS.map((p) => ({ ...p, value: this.server.admin.parameters.get(p.name) ?? p.value }));
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
