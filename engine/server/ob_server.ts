/**
 * `ObServer`: one simulated OBServer — everything a node runs, composed (OceanBase's `ObServer`).
 *
 *   sessions ─▶ SQL layer ─▶ DAS client ──rpc──▶ DAS handler ─▶ LS tx contexts (row locks)
 *                     │                                         │ commit record
 *                     ├─▶ TxCoordinator ──rpc──▶ TxParticipant ─┴▶ LogStream ─▶ PALF ─▶ clog
 *                     ├─▶ DDL (LS 1 leader) ─▶ schema service           apply ─▶ Tablet (LSM)
 *                     └─▶ admin: freezes, major compaction, sample data
 *
 * The same class runs in a browser worker (behind comlink), in the Node shell and in tests; all
 * I/O comes through `ServerEnv`. Boot recovers from the file system: the checkpoint gives the
 * tablets' SSTables and each LS's replay start; PALF then hands every committed entry after it to
 * apply again. A fresh file system boots the default cluster (rootservice/topology.ts).
 * An `AssertionError` anywhere crashes this server only: it stops serving and reports CRASHED.
 *
 * Issue #4: leaders are elected (PALF election with a leader lease on every LS; `ls_service.ts`
 * opens the replicas, ticks them and handles role changes — GTS and the root service follow each
 * tenant's LS 1). Every request to a leader goes through the location cache's `callLeader`, which
 * follows a moving leader; `start` resolves once this server serves, without waiting for leaders.
 *
 * Root service (issue #4, rs_wiring.ts): every server holds the cluster state (`stateHolder`),
 * bootstrapped identically from the bootstrap server list at CLUSTER_BOOTSTRAP_TIME_US and then
 * changed only by `rs` records of the sys tenant's LS 1 (or a newer state in a heartbeat reply).
 * The topology, the location cache's placements and election priorities follow it; the server
 * whose sys LS 1 replica leads is the root service; the LS manager opens and closes replicas and
 * moves PALF configs toward it; management statements go through `runRootServiceCommand`. A
 * restarted server reopens every replica whose clog is on disk; tenants' schemas come from their
 * LS 1 replica here or are pulled from its leader (schema_refresh.ts).
 */
import { assert } from '../common/assert';
import { lsId as toLsId, scn, serverId as toServerId, type LsId, type Scn, type ServerId, type TabletId, type TenantId } from '../common/ids';
import { PALF_TICK_MS } from '../common/limits';
import { Errors, isObError, type ObError } from '../common/ob_error';
import type { Clock, EventSink, FileSystem, Rng, Transport } from '../env';
import type { LogStream } from '../logstream/log_stream';
import { applyRsCommand, bootstrapClusterState, electionPriority, lsPlacement, topologyFromState } from '../rootservice';
import { ClusterStateHolder, registerRootServiceRpc, type HeartbeatClient, type RootService } from '../rootservice/root_service';
import { BUILD_VERSION, SQL_PORT, SVR_PORT, defaultServers, type ClusterTopology, type ServerInfo } from '../rootservice/topology';
import type { RsCommandInput } from '../rootservice/types';
import { RpcEndpoint } from '../rpc/rpc';
import { TenantSchemaService } from '../schema/schema_service';
import { createVirtualTables } from '../sql/virtual';
import type { ExecContext } from '../sql/exec_context';
import { BlockManager, Tablet } from '../storage';
import { CompactionDagScheduler } from '../storage/compaction_dag';
import { initCompression } from '../storage/compression';
import type { TabletStore, Yielder } from '../storage/types';
import type { GtsSource } from '../tx/gts';
import { TxParticipant } from '../tx/tx_participant';
import { AdminExecutor, AdminClient } from './admin_service';
import { CompactionHistory, observeCompactions } from './compaction_history';
import type { ExecuteReply, ObServerApi, SessionOptions } from './api';
import { readCheckpoint, writeCheckpoint } from './checkpoint';
import { TxIdAllocator } from '../tx/tx_id';
import { TxRecovery, registerTxRecoveryRpc } from '../tx/tx_recovery';
import { DasHandler } from './das_handler';
import { DdlClient, DdlExecutor, currentTabletIdentity, refreshTabletStorage } from './ddl_service';
import { LocationService } from './location';
import { LsManager } from './ls_manager';
import { LsService, lsKey, type LsOpenSpec } from './ls_service';
import { SchemaRefresher } from './schema_refresh';
import { ColumnStoreConverter, buildHeartbeat, buildLsManager, buildRootService, followState, sysLsLeaderHint } from './rs_wiring';
import { Session } from './session';
import { buildClusterSnapshot, buildServerSnapshot } from './snapshot_builder';
import type { ClusterSnapshot, ReplicaType, ServerSnapshot, SstableDetail, SstableType } from './snapshot';
import { runRootServiceCommand, type AdminSessionInfo } from './tenant_admin';
import { AssertionError } from '../common/assert';
import { RequestQueue } from './request_queue';
import type { KvReply } from '../table/types';
import type { KvServiceHost } from '../table/kv_tx';
import { registerTableService } from '../table/table_service';
import { checkKvBody } from '../table/wire_schema';
import { registerHBaseService } from '../hbase/hbase_service';

export type { ServerInfo };
export { defaultServers };

export interface ServerEnv {
  clock: Clock;
  fs: FileSystem;
  transport: Transport;
  events: EventSink;
  rng: Rng;
}

export interface ObServerConfig {
  serverId: number;
  zone: string;
  svrIp: string;
  /**
   * The servers the cluster was bootstrapped with (identical on every server, whenever it starts:
   * the bootstrap cluster state is derived from it). A server added later by ALTER SYSTEM ADD
   * SERVER is not in it (see `hosts`).
   */
  servers: ServerInfo[];
  /** Every node the host runs (bootstrap servers and nodes started later, this one included). */
  hosts?: ServerInfo[];
  env: ServerEnv;
}

/**
 * The bootstrap time of the cluster (µs): the create time of the bootstrap state's zones, servers,
 * units and tenants. A constant, identical on every server and across restarts, so every server
 * derives the same bootstrap `ClusterState` without a log record (2023-11-14, the VirtualClock's start).
 */
export const CLUSTER_BOOTSTRAP_TIME_US = 1_700_000_000_000_000;


export class ObServer implements ObServerApi {
  readonly serverId: ServerId;
  readonly topology: ClusterTopology;
  readonly location: LocationService;
  readonly rpc: RpcEndpoint;
  readonly schemas = new Map<number, TenantSchemaService>();
  /** The log-stream replicas of this server, their election and role changes (ls_service.ts). */
  readonly lsService: LsService;
  /** This server's copy of the root service's cluster state (replicated on sys LS 1, heartbeats). */
  readonly stateHolder: ClusterStateHolder;
  /** The root service duty: active while this server's sys LS 1 replica serves as leader. */
  readonly rootService: RootService;
  /** Heartbeats to the root service (liveness, leader reports; newer states come back). */
  readonly heartbeat: HeartbeatClient;
  /** Makes this server's LS replicas and the PALF configs it leads follow the cluster state. */
  readonly lsManager: LsManager;
  /** Applies tenants' DDL records from a local LS 1 replica, or pulls them from its leader. */
  readonly schemaRefresher: SchemaRefresher;
  /** Nodes the host runs, by id (ADD SERVER resolves an address to one of them). */
  private readonly hosts = new Map<number, ServerInfo>();
  /** Converts C replicas' tablets to column store once they caught up. */
  readonly csConverter: ColumnStoreConverter;
  blocks!: BlockManager;
  status: 'BOOTING' | 'ACTIVE' | 'CRASHED' | 'STOPPED' = 'BOOTING';
  crashMessage?: string;
  startServiceTimeUs = 0;
  sqlStatements = 0;
  private readonly sessions = new Map<number, Session>();
  private nextSessionId = 1;
  /** This server's life number (slog/boot_count): transaction ids of different lives never collide. */
  /** Cluster-unique transaction ids across this server's lives (engine/tx/tx_id.ts). */
  private txIds!: TxIdAllocator;
  private checkpointSequence = 0;
  private checkpointChain: Promise<void> = Promise.resolve();
  private tickTimer: { id: number } | null = null;
  readonly das: DasHandler;
  readonly participant: TxParticipant;
  /** 2PC recovery: finishes transactions left prepared when their coordinator died. */
  readonly txRecovery: TxRecovery;
  readonly ddlExecutor: DdlExecutor;
  readonly admin: AdminExecutor;
  readonly compactionHistory: CompactionHistory;
  /** Issue #5: every client request (SQL statements, OBKV RPCs) waits here for a worker task. */
  readonly requestQueue = new RequestQueue();
  /** Issue #5: OBKV method handlers (table and HBase services), served through `kvCall`. */
  private readonly kvHandlers = new Map<string, (body: any) => Promise<unknown>>();

  private constructor(readonly config: ObServerConfig) {
    this.serverId = toServerId(config.serverId);
    for (const h of [...config.servers, ...(config.hosts ?? [])]) this.hosts.set(h.serverId, h);
    const bootState = bootstrapClusterState(config.servers, CLUSTER_BOOTSTRAP_TIME_US);
    this.stateHolder = new ClusterStateHolder(bootState, applyRsCommand, (m) => this.log('warn', m));
    // Mutable: follows the cluster state (followState); LocationService and LsService read it live.
    this.topology = topologyFromState(bootState);
    this.location = new LocationService(this.topology);
    this.location.setPlacementSource((t, l) => {
      const ls = this.stateHolder.state.ls.find((x) => x.tenantId === t && x.lsId === l);
      if (!ls || ls.status === 'WAIT_OFFLINE') return undefined;
      const p = lsPlacement(this.stateHolder.state, ls);
      return { leader: p.leader, members: p.members, learners: p.learners };
    });
    this.rpc = new RpcEndpoint(config.env.transport, config.env.clock);
    this.rpc.onHandlerBug = (e) => this.crash(e);
    this.location.bind({ rpc: this.rpc, clock: config.env.clock, alive: () => this.status !== 'CRASHED' && this.status !== 'STOPPED' });
    this.lsService = new LsService({
      serverId: this.serverId,
      clock: config.env.clock,
      fs: config.env.fs,
      events: config.env.events,
      rng: config.env.rng,
      rpc: this.rpc,
      location: this.location,
      topology: this.topology,
      createTablet: (id) => Tablet.create(currentTabletIdentity(this, id), this.blocks, this.tabletEnv(id.tenantId, id.lsId)),
      onDdl: (tenantId, json) => this.schemaRefresher.onLogRecord(tenantId, json),
      onRs: (json) => this.stateHolder.onRsRecord(json),
      onFatal: (e) => this.crash(e),
    });
    this.lsService.priorityOf = (t, l, s) => electionPriority(this.stateHolder.state, t, l, s);
    this.rootService = buildRootService(this);
    this.heartbeat = buildHeartbeat(this);
    this.lsManager = buildLsManager(this);
    this.csConverter = new ColumnStoreConverter(this);
    this.schemaRefresher = new SchemaRefresher({
      clock: config.env.clock,
      location: this.location,
      schema: (t) => this.ensureTenantSchema(t),
      hasLs1: (t) => {
        const ls = this.lsService.logStream(t, 1);
        return ls !== undefined && !ls.isStopped;
      },
      tenantIds: () => this.stateHolder.state.tenants.filter((t) => t.status !== 'DROPPING').map((t) => t.tenantId),
      log: (level, m) => this.log(level, m),
    });
    this.stateHolder.onChange((st) => followState(this, st));
    const findLs = (t: TenantId, l: LsId) => this.logStreams.get(lsKey(t, l));
    this.das = new DasHandler(findLs);
    this.participant = new TxParticipant(findLs, (t) => this.gts(t));
    this.txRecovery = new TxRecovery({ clock: config.env.clock, callLeader: (t, l, m, b, o) => this.location.callLeader(t, l, m, b, o) });
    this.participant.setRecovery(this.txRecovery);
    this.ddlExecutor = new DdlExecutor(this);
    this.admin = new AdminExecutor(this);
    // Finished compactions (GV$OB_TABLET_COMPACTION_HISTORY): observe the tablets' events on their way out.
    this.compactionHistory = new CompactionHistory({
      svrIp: config.svrIp,
      svrPort: SVR_PORT,
      lsIdOf: (t, tablet) => this.lsOfTablet(t, tablet)?.lsId,
      runningCompactionOf: (t, tablet) => this.lsOfTablet(t, tablet)?.tablets.get(tablet as TabletId)?.snapshot().compaction,
    });
    this.config = { ...config, env: { ...config.env, events: observeCompactions(config.env.events, this.compactionHistory) } };
  }

  get env(): ServerEnv {
    return this.config.env;
  }

  /** This server's LS replicas by `tenantId/lsId`. */
  get logStreams(): Map<string, LogStream> {
    return this.lsService.logStreams;
  }

  /** GTS sources of the tenants whose LS 1 this server leads (follows the leader, see gts.ts). */
  get gtsSources(): Map<number, GtsSource> {
    return this.lsService.gtsSources;
  }

  get info(): ServerInfo {
    return { serverId: this.config.serverId, zone: this.config.zone, svrIp: this.config.svrIp };
  }

  /**
   * Recovers from `env.fs` or bootstraps a fresh server; resolves when it serves (ACTIVE). It does
   * not wait for leaders: its replicas elect them with the other servers' (see
   * `LocalCluster.whenLeadersReady`), and requests follow them through the location cache.
   */
  static async start(config: ObServerConfig, onProgress: (stage: string, fraction: number) => void = () => {}): Promise<ObServer> {
    await initCompression(); // zstd's WebAssembly: microblock (de)compression is synchronous from here on
    const s = new ObServer(config);
    try {
      await s.boot(onProgress);
    } catch (e) {
      s.crash(e);
      throw e;
    }
    return s;
  }

  private async boot(onProgress: (stage: string, fraction: number) => void): Promise<void> {
    const { fs, clock } = this.env;
    onProgress('opening block file', 0.05);
    this.blocks = await BlockManager.open(fs, 'data/block_file');
    this.txIds = await TxIdAllocator.open(fs, this.serverId);
    onProgress('reading checkpoint', 0.15);
    const ck = await readCheckpoint(fs, (path) => this.log('warn', `ignored corrupt checkpoint slot ${path}`));
    this.checkpointSequence = ck?.sequence ?? 0;
    const metasByLs = new Map<string, TabletStore[]>();
    if (ck) {
      this.blocks.markUsed(ck.tablets.flatMap((m) => Tablet.blockIdsOf(m)));
      for (const m of ck.tablets) {
        const k = lsKey(m.identity.tenantId, m.identity.lsId);
        if (!metasByLs.has(k)) metasByLs.set(k, []);
        metasByLs.get(k)!.push(Tablet.restore(m, this.blocks, this.tabletEnv(m.identity.tenantId, m.identity.lsId)));
      }
    }
    const placements = await this.replicasToOpen(ck !== null);
    for (const t of this.topology.tenants) this.ensureTenantSchema(t.tenantId);
    for (const p of placements) this.ensureTenantSchema(p.tenantId);
    let opened = 0;
    for (const p of placements) {
      const k = lsKey(p.tenantId, p.lsId);
      await this.lsService.openLogStream(p, ck?.replayStart[k] ?? 1, metasByLs.get(k) ?? []);
      onProgress('opening log streams', 0.2 + (0.5 * ++opened) / placements.length);
    }
    this.registerHandlers();
    const kv = this.kvHost();
    registerTableService(kv);
    registerHBaseService(kv);
    this.scheduleTick();
    // Replay of the clog past the checkpoint, and elections, run from here on PALF's ticks.
    onProgress('replaying logs', 0.75);
    this.status = 'ACTIVE';
    this.startServiceTimeUs = clock.nowUs();
    onProgress('ready', 1);
  }

  /**
   * The replicas to open at boot: a fresh server (no checkpoint, no clog) opens its bootstrap
   * placements; a restarted one reopens every replica whose clog is on disk (`clog/<tenant>/<ls>`),
   * including replicas added after bootstrap — its PALF config comes back from the clog. Replicas
   * the state no longer places here are closed by the LS manager after the first heartbeat.
   */
  private async replicasToOpen(hasCheckpoint: boolean): Promise<LsOpenSpec[]> {
    const fs = this.env.fs;
    const onDisk: LsOpenSpec[] = [];
    for (const t of await fs.list('clog')) {
      for (const l of await fs.list(`clog/${t}`)) {
        if (!/^\d+$/.test(t) || !/^\d+$/.test(l) || (await fs.list(`clog/${t}/${l}`)).length === 0) continue;
        onDisk.push({ tenantId: Number(t), lsId: Number(l), members: [], learners: [] });
      }
    }
    const mine = this.topology.tenants.flatMap((t) => t.ls).filter((l) => l.members.includes(this.serverId) || l.learners.includes(this.serverId));
    if (!hasCheckpoint && onDisk.length === 0) return mine;
    // A bootstrap placement still seeds PALF's members (its meta wins once reconfigured); any
    // other replica takes its members from its PALF meta (LsService.openLogStream).
    return onDisk.map((d) => mine.find((l) => l.tenantId === d.tenantId && l.lsId === d.lsId) ?? d);
  }

  /** Tenant `tenantId`'s schema service here, created if absent (its default databases come with it). */
  ensureTenantSchema(tenantId: number): TenantSchemaService {
    const existing = this.schemas.get(tenantId);
    if (existing) return existing;
    const schema = new TenantSchemaService(tenantId as TenantId);
    schema.onTableAltered = (table) => refreshTabletStorage(this, table);
    this.schemas.set(tenantId, schema);
    return schema;
  }

  private tabletEnv(tenantId: number, lsId?: number) {
    return {
      clock: this.env.clock,
      events: this.env.events,
      minorCompactTrigger: Number(this.admin.params.get('minor_compact_trigger', tenantId)),
      dagScheduler: this.dagScheduler,
      columnStoreReplica: lsId !== undefined && this.replicaTypeOf(tenantId, lsId) === 'COLUMNSTORE',
    };
  }

  /**
   * The type of this server's replica of an LS as the cluster state places it (FULL / READONLY /
   * COLUMNSTORE); for a replica the state does not (yet) place here, from its PALF role: a voting
   * member is FULL, a learner READONLY.
   */
  replicaTypeOf(tenantId: number, lsId: number): ReplicaType {
    const ls = this.stateHolder.state.ls.find((l) => l.tenantId === tenantId && l.lsId === lsId);
    const mine = ls?.replicas.find((r) => r.serverId === this.serverId);
    if (mine) return mine.replicaType;
    const local = this.logStream(tenantId, lsId);
    return local && !local.palf.status().memberList.includes(this.serverId) ? 'READONLY' : 'FULL';
  }

  /** This server's compaction DAG scheduler: at most COMPACTION_DAG_WORKERS merge tasks at once. */
  readonly dagScheduler = new CompactionDagScheduler();

  /** The local LS replica holding `tabletId` of `tenantId`, if any. */
  private lsOfTablet(tenantId: number, tabletId: number): LogStream | undefined {
    for (const ls of this.logStreams.values()) if (ls.tenantId === tenantId && ls.tablets.has(tabletId as TabletId)) return ls;
    return undefined;
  }

  logStream(tenantId: number, lsId: number): LogStream | undefined {
    return this.logStreams.get(lsKey(tenantId, lsId));
  }

  private registerHandlers(): void {
    const r = this.rpc;
    this.lsService.register(r, (fn) => this.guard(fn));
    registerTxRecoveryRpc(r, (t, l) => this.logStream(t, l));
    r.register('gts.get', (_f, b) => this.localGts(b.tenantId).toString());
    r.register('das.scan', (f, b) => this.das.scan(f === this.serverId, b));
    r.register('das.get', (f, b) => this.das.get(f === this.serverId, b));
    r.register('das.write', (f, b) => this.das.write(f === this.serverId, b));
    r.register('das.scanColumns', (f, b) => this.das.scanColumns(f === this.serverId, b));
    r.register('das.aggregate', (f, b) => this.das.aggregate(f === this.serverId, b));
    r.register('tx.commit', (_f, b) => this.participant.commit(b));
    r.register('tx.prepare', (_f, b) => this.participant.prepare(b));
    r.register('tx.commitPrepared', (_f, b) => this.participant.commitPrepared(b));
    r.register('tx.abort', (_f, b) => this.participant.abort(b));
    r.register('tx.rollbackStmt', (_f, b) => this.participant.rollbackStatement(b));
    r.register('server.snapshot', () => this.snapshot());
    registerRootServiceRpc(r, this.rootService);
    this.schemaRefresher.register(r);
    this.ddlExecutor.register(r);
    this.admin.register(r);
  }

  private guard(fn: () => void): void {
    if (this.status === 'CRASHED' || this.status === 'STOPPED') return;
    try {
      fn();
    } catch (e) {
      this.crash(e);
    }
  }

  private scheduleTick(): void {
    this.tickTimer = this.env.clock.schedule(PALF_TICK_MS * 1000, () => {
      if (this.status === 'CRASHED' || this.status === 'STOPPED') return;
      this.guard(() => {
        this.lsService.tick();
        this.txRecovery.tick(this.logStreams.values());
        this.admin.onTick();
        this.rootService.onTick();
        this.heartbeat.onTick();
        this.lsManager.onTick();
        this.schemaRefresher.onTick();
        this.csConverter.onTick();
      });
      this.scheduleTick();
    });
  }

  // ------------------------------------------------------------------ root service (issue #4)

  /** Makes node `info` known to this server (the host started it; ADD SERVER may now name it). */
  addHost(info: ServerInfo): void {
    this.hosts.set(info.serverId, info);
  }

  /**
   * Runs a management statement through the root service (`AdminService.rootService`). ADD SERVER's
   * server id and zone come from the node the host runs at that address. Errors: the command's
   * ObError; ERROR 4638 (OB_SERVER_NOT_ALIVE) for ADD SERVER of an address no node answers at;
   * 1210 for a ZONE other than the node's.
   */
  async runRootServiceCommand(session: AdminSessionInfo, input: RsCommandInput): Promise<void> {
    const cmd = input.type === 'addServer' ? this.resolveAddServer(input) : input;
    await runRootServiceCommand({
      serverId: this.serverId,
      clock: this.env.clock,
      holder: this.stateHolder,
      call: (to, m, b, t) => this.rpc.call(to, m, b, t),
      rootServiceCandidates: () => {
        const ids = [this.heartbeat.rootServerId, sysLsLeaderHint(this), ...this.stateHolder.state.servers.map((x) => x.serverId)];
        return [...new Set(ids.filter((x): x is number => x !== null))];
      },
    }, session, cmd);
  }

  private resolveAddServer(cmd: Extract<RsCommandInput, { type: 'addServer' }>): RsCommandInput {
    const host = [...this.hosts.values()].find((h) => h.svrIp === cmd.svrIp);
    if (!host || cmd.svrPort !== SVR_PORT) throw Errors.serverNotAlive(`${cmd.svrIp}:${cmd.svrPort}`);
    if (cmd.zone !== '' && cmd.zone !== host.zone) throw Errors.invalidArgument(`server '${cmd.svrIp}:${cmd.svrPort}' is in zone '${host.zone}', not '${cmd.zone}'`);
    return { ...cmd, serverId: host.serverId, zone: host.zone };
  }

  /** A cluster-unique transaction id (server id, this server's life, a sequence: `TxIdAllocator`). */
  private newTxId(): number {
    return this.txIds.next();
  }

  /** GTS of `tenantId` on this server (it must lead the tenant's LS 1). */
  localGts(tenantId: number): Scn {
    const g = this.gtsSources.get(tenantId);
    if (!g) throw Errors.notMaster();
    return g.next();
  }

  /** A GTS value for `tenantId` from the leader of its LS 1 (followed across leader changes). */
  async gts(tenantId: TenantId): Promise<Scn> {
    const local = this.gtsSources.get(tenantId);
    if (local) return local.next();
    return scn(BigInt(await this.location.callLeader<string>(tenantId, toLsId(1), 'gts.get', { tenantId })));
  }

  /** Writes the storage checkpoint (after freezes and compactions); serialised. */
  checkpoint(): Promise<void> {
    this.checkpointChain = this.checkpointChain.then(async () => {
      if (this.status === 'CRASHED' || this.status === 'STOPPED') return;
      const mark = this.blocks.markFreePoint();
      const tablets = [...this.logStreams.values()].flatMap((ls) => [...ls.tablets.values()].map((t) => t.meta()));
      const replayStart: Record<string, number> = {};
      for (const [k, ls] of this.logStreams) replayStart[k] = ls.replayStartLsn();
      this.blocks.flush();
      this.checkpointSequence = await writeCheckpoint(this.env.fs, { tablets, replayStart }, this.checkpointSequence);
      this.blocks.releaseFreed(mark);
      for (const ls of this.logStreams.values()) await ls.clog.maintain();
    });
    return this.checkpointChain;
  }

  // ------------------------------------------------------------------ ObServerApi

  async openSession(options: SessionOptions): Promise<number> {
    this.ensureServing();
    const tenant = this.location.tenantByName(options.tenant ?? 'test');
    if (!tenant || tenant.type === 'META') throw Errors.unknownTenant(options.tenant ?? 'test');
    const schema = this.schemas.get(tenant.tenantId)!;
    const db = options.database ?? null;
    if (db !== null && !schema.getDatabase(db)) throw Errors.badDb(db);
    const id = this.nextSessionId++;
    const txEnv = {
      rpc: this.rpc,
      location: this.location,
      tenantId: tenant.tenantId,
      gts: () => this.gts(tenant.tenantId),
      newTxId: () => this.newTxId(),
    };
    const session = new Session(id, tenant.tenantId, tenant.name, options.user ?? 'root', db, this.env.clock, txEnv, (s) => this.execContext(s));
    this.sessions.set(id, session);
    return id;
  }

  async execute(sessionId: number, sql: string): Promise<ExecuteReply> {
    this.ensureServing();
    const s = this.sessions.get(sessionId);
    if (!s) return { results: [], error: { ...Errors.internal(`unknown session ${sessionId}`).toInfo(), sql, statementIndex: 0 }, database: null };
    this.sqlStatements++;
    try {
      return await this.requestQueue.submit('sql', () => s.execute(sql));
    } catch (e) {
      this.crash(e);
      throw e;
    }
  }

  /** Issue #5: one OBKV request through the request queue (see `ObServerApi.kvCall`). */
  async kvCall(method: string, body: unknown): Promise<KvReply> {
    if (this.status !== 'ACTIVE') return { ok: false, error: Errors.serverNotAlive(this.config.svrIp).toInfo() };
    // `kv.ping`: an empty request through the queue (the benchmarks' raw round trip).
    if (method === 'kv.ping') return this.requestQueue.submit('rpc', async () => ({ ok: true, value: null }));
    const handler = this.kvHandlers.get(method);
    if (!handler) return { ok: false, error: Errors.notSupported(`OBKV request '${method}'`).toInfo() };
    try {
      // A malformed body is refused here, before any handler sees it (engine/table/wire_schema.ts).
      checkKvBody(method, body);
      const value = await this.requestQueue.submit('rpc', () => handler(body));
      return { ok: true, value };
    } catch (e) {
      if (e instanceof AssertionError) {
        this.crash(e);
        throw e;
      }
      if (isObError(e)) return { ok: false, error: e.toInfo() };
      return { ok: false, error: Errors.internal(e instanceof Error ? e.message : String(e)).toInfo() };
    }
  }

  /** What the OBKV services use of this server (engine/table/kv_tx.ts `KvServiceHost`). */
  kvHost(): KvServiceHost {
    return {
      serverId: this.serverId,
      rpc: this.rpc,
      clock: this.env.clock,
      location: this.location,
      isLocalLeader: (t, l) => this.logStream(t, l)?.isServing() ?? false,
      gts: (t) => this.gts(t),
      newTxId: () => this.newTxId(),
      localReadSnapshot: (t, l) => {
        const g = this.gtsSources.get(t);
        if (g) return g.next();
        const ls = this.logStream(t, l);
        return ls?.isServing() ? ls.localReadSnapshot() : null;
      },
      schema: (t) => this.schemas.get(t),
      tenantByName: (name) => {
        const t = this.location.tenantByName(name);
        return t && t.type !== 'META' ? { tenantId: t.tenantId, name: t.name } : undefined;
      },
      logStream: (t, l) => this.logStream(t, l),
      register: (method, handler) => {
        assert(!this.kvHandlers.has(method), `KV method ${method} registered twice`);
        this.kvHandlers.set(method, handler);
      },
      registerRpc: (method, handler) => this.rpc.register(method, (from, body) => handler(from, body)),
      every: (intervalUs, fn) => {
        const loop = () => {
          if (this.status === 'CRASHED' || this.status === 'STOPPED') return;
          this.guard(fn);
          this.env.clock.schedule(intervalUs, loop);
        };
        this.env.clock.schedule(intervalUs, loop);
      },
      executeSql: async (tenant, database, sql) => {
        const id = await this.openSession({ tenant, user: 'root', database });
        try {
          return await this.sessions.get(id)!.execute(sql);
        } finally {
          await this.closeSession(id);
        }
      },
      parameter: (t, name) => this.admin.params.list(t).find((p) => p.name === name)?.value,
    };
  }

  async closeSession(sessionId: number): Promise<void> {
    const s = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    await s?.tx.close().catch(() => {});
  }

  async snapshot(): Promise<ServerSnapshot> {
    return buildServerSnapshot(this);
  }

  async clusterSnapshot(): Promise<ClusterSnapshot> {
    return buildClusterSnapshot(this);
  }

  /** The column view of this server's replica of `tabletId`'s SSTable of `type` (null: none). */
  async sstableDetail(tenantId: number, tabletId: number, type: SstableType): Promise<SstableDetail | null> {
    for (const ls of this.logStreams.values()) {
      if (ls.tenantId !== tenantId) continue;
      const t = ls.tablets.get(tabletId as TabletId);
      if (!t) continue;
      const detail = t.sstableDetail(type);
      const table = this.schemas.get(tenantId)?.allTables().find((x) => x.partitions.some((p) => p.tabletId === tabletId));
      return detail && table ? { ...detail, columnNames: table.columns.map((c) => c.name) } : detail;
    }
    return null;
  }

  /** One ExecContext per session: its services hold no per-statement state, so it is reused. */
  private readonly execContexts = new WeakMap<Session, ExecContext>();

  /** The ExecContext of `session`'s statements (built once per session). */
  execContext(session: Session): ExecContext {
    let ctx = this.execContexts.get(session);
    if (!ctx) {
      ctx = this.buildExecContext(session);
      this.execContexts.set(session, ctx);
    }
    return ctx;
  }

  private buildExecContext(session: Session): ExecContext {
    const tenantId = session.state.tenantId;
    const schema = this.schemas.get(tenantId)!;
    const me = { serverId: this.serverId as number, svrIp: this.config.svrIp };
    return {
      session: session.state,
      schema,
      txn: session.tx,
      ddl: new DdlClient(this, tenantId, session.state),
      admin: new AdminClient(this, session),
      virtual: createVirtualTables({
        tenantId,
        tenantName: session.state.tenantName,
        clusterSnapshot: () => this.clusterSnapshot(),
        schema,
      }),
      nowUs: () => this.env.clock.nowUs(),
      localServer: me,
      tenantReplicaNum: this.location.tenant(tenantId)?.ls[0]?.members.length ?? 1,
      estimateRowCount: (_table, partition) => this.estimateRowCount(tenantId, partition.lsId, partition.tabletId),
      leaderOf: (l) => {
        let id: number;
        try {
          id = this.location.leaderOf(tenantId, l); // the cached leader (EXPLAIN's exchange)
        } catch {
          return undefined; // nothing known of the LS yet
        }
        const s = this.location.server(id);
        return s ? { serverId: s.serverId, svrIp: s.svrIp } : undefined;
      },
    };
  }

  /**
   * Rows in a tablet as its local replica's table store reports them (memtable and SSTable row
   * counts; versions of one row counted once per layer): OceanBase's storage row estimation.
   */
  private estimateRowCount(tenantId: number, lsId: number, tabletId: number): number | undefined {
    const t = this.logStream(tenantId, lsId)?.tablets.get(tabletId as never);
    if (!t) return undefined;
    const snap = t.snapshot();
    const major = snap.sstables.find((x) => x.type === 'MAJOR')?.rowCount ?? 0;
    const incremental = snap.sstables.filter((x) => x.type !== 'MAJOR').reduce((n, x) => n + x.rowCount, 0)
      + snap.memtables.reduce((n, m) => n + m.rowCount, 0);
    return major + incremental;
  }

  private ensureServing(): void {
    if (this.status === 'CRASHED') throw Errors.serverNotAlive(`${this.config.svrIp}:${SVR_PORT}`);
    if (this.status === 'STOPPED') throw Errors.serverNotAlive(`${this.config.svrIp}:${SVR_PORT}`);
  }

  log(level: 'info' | 'warn' | 'error', message: string): void {
    this.env.events.emit({ kind: 'log', level, message: `[${this.config.svrIp}:${SVR_PORT}] ${message}`, atUs: this.env.clock.nowUs() });
  }

  /** An assertion failed (or boot failed, or a handler hit a bug): stop serving, keep the message for the panel. */
  crash(e: unknown): void {
    if (this.status === 'CRASHED' || this.status === 'STOPPED') return;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    // Any exception reaching here (an assertion, or any other bug outside the SQL layer) is a crash.
    this.status = 'CRASHED';
    this.crashMessage = message;
    this.log('error', `OBServer crashed: ${message}`);
    this.shutdown(Errors.serverNotAlive(`${this.config.svrIp}:${SVR_PORT}`));
  }

  /** Stops serving and closes every file (releases OPFS handles). */
  async stop(): Promise<void> {
    if (this.status === 'STOPPED') return;
    await this.checkpointChain.catch(() => {});
    this.status = 'STOPPED';
    this.shutdown(Errors.serverNotAlive(`${this.config.svrIp}:${SVR_PORT}`));
  }

  private shutdown(error: ObError): void {
    if (this.tickTimer) this.env.clock.cancel(this.tickTimer);
    this.rpc.failAll(error);
    this.lsService.stopAll(error);
    try {
      this.blocks?.close();
    } catch {
      // best effort
    }
  }

  yielder(): Yielder {
    const clock = this.env.clock;
    return { yield: () => new Promise<void>((r) => clock.schedule(0, r)) };
  }

  /** Ports for views and panels. */
  static readonly SVR_PORT = SVR_PORT;
  static readonly SQL_PORT = SQL_PORT;
  static readonly BUILD_VERSION = BUILD_VERSION;
}

