/**
 * The in-process simulator (architecture §3 `sim/`, conventions §22): a whole cluster of real
 * `ObServer`s — N zones × M servers — on one `VirtualClock`, one seeded `MemoryNetwork` and one
 * persistent `MemoryFileSystem` per server, with the faults a teacher injects in the browser
 * (issue #4): kill and restart a server, cut / delay / drop messages on any one-way link, cut
 * whole zones apart. Deterministic: the same seed, options and calls give the same run.
 *
 * Reproducing a seed: everything random derives from `seed` — each server's `Rng`
 * (`seed * 31 + serverId`, then per restart), the network's loss draws, and a
 * `randomFaultSchedule(seed, …)`. Time moves only when the simulator pumps it: `advance(ms)`,
 * `runUntil(predicate, timeoutMs)` and every awaited call (`sql`, `snapshot`, `restart`) advance the
 * clock by `stepUs` per idle turn of the host's event loop (`yieldToHost`, e.g. Node's
 * `setImmediate`; the engine itself touches no host global). So re-running a failing test with the
 * seed it printed replays the same schedule, the same drops and the same elections.
 *
 * Kill is `kill -9` with the OS page cache lost: the server's `Incarnation` is killed (timers
 * cancelled, events silenced, callers waiting on it rejected), its network incarnation ends
 * (`setDown`: in-flight datagrams to it are lost), and its file system crashes (unflushed bytes
 * lost, old handles dead). `restart` starts a new `ObServer` on the same files: checkpoint + clog
 * replay, then catch-up from the leaders.
 *
 * Invariants: at most one live incarnation per server; the clock is advanced by one pump at a time
 * however many callers wait (concurrent workload calls and a fault schedule share the turns).
 */
import { assert } from '../common/assert';
import { serverId as toServerId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { EventSink, LinkFault, ObEvent } from '../env';
import { MemoryFileSystem, MemoryNetwork, SeededRng, VirtualClock } from '../env/memory';
import type { ExecuteReply, SessionOptions } from '../server/api';
import { ObServer, type ServerInfo } from '../server/ob_server';
import type { ClusterSnapshot, ServerSnapshot } from '../server/snapshot';
import type { KvTransport } from '../client/transport';
import type { KvReply } from '../table/types';
import { initCompression } from '../storage/compression';
import { describeLinkFault } from './fault_text';
import { Incarnation } from './incarnation';
import { simServers } from './topology';

export { describeLinkFault };

/** Virtual time added per idle turn of the host's event loop, µs (as engine/server/test/virtual_time). */
export const SIM_STEP_US = 5_000;
/** Events the simulator keeps (newest); older ones fall off. */
export const SIM_EVENTS_KEPT = 20_000;
/** How long a fresh cluster may take to elect every log stream's leader, virtual ms. */
export const SIM_BOOT_ELECTION_TIMEOUT_MS = 30_000;
/** Where the virtual clock starts, µs since the epoch (2023-11-14). */
export const SIM_START_US = 1_700_000_000_000_000;

export interface SimClusterOptions {
  /** Drives every random choice of the run (default 1). */
  seed?: number;
  /** Zones `zone1..zoneN` (default 3). */
  zones?: number;
  /** OBServers per zone (default 1). Ids are numbered zone by zone from 1. */
  serversPerZone?: number;
  /**
   * Lets the host run pending I/O and microtasks once (Node: `() => new Promise(r => setImmediate(r))`).
   * The engine may not touch host globals, so the host passes it in.
   */
  yieldToHost: () => Promise<void>;
  /** Virtual µs per pump turn (default SIM_STEP_US). */
  stepUs?: number;
  /** Also receives every event (with the emitting server's id; 0 for the simulator's own faults). */
  onEvent?: (serverId: number, event: ObEvent) => void;
}

export interface SimEvent {
  serverId: number;
  event: ObEvent;
}

interface Machine {
  info: ServerInfo;
  fs: MemoryFileSystem;
  server: ObServer | null;
  life: Incarnation | null;
  lives: number;
  sessions: Map<string, number>;
}

export { simServers };

export class SimCluster {
  readonly clock: VirtualClock;
  readonly network: MemoryNetwork;
  readonly seed: number;
  readonly servers: readonly ServerInfo[];
  /** The newest events (all servers, and the simulator's `fault` events as server 0). */
  readonly events: SimEvent[] = [];
  private readonly machines = new Map<number, Machine>();
  private readonly stepUs: number;
  private turn: Promise<void> | null = null;
  private readonly deadlines = new Set<number>();

  private constructor(private readonly opts: SimClusterOptions) {
    this.seed = opts.seed ?? 1;
    this.stepUs = opts.stepUs ?? SIM_STEP_US;
    this.clock = new VirtualClock(SIM_START_US);
    this.network = new MemoryNetwork({ clock: this.clock, seed: this.seed });
    this.servers = simServers(opts.zones ?? 3, opts.serversPerZone ?? 1);
    for (const info of this.servers) {
      this.machines.set(info.serverId, { info, fs: new MemoryFileSystem(), server: null, life: null, lives: 0, sessions: new Map() });
    }
  }

  /** Boots every server (a fresh cluster) and resolves when all serve. */
  static async start(opts: SimClusterOptions): Promise<SimCluster> {
    await initCompression(); // before the pump: its wasm compile must not consume virtual time
    const c = new SimCluster(opts);
    await c.pumped(Promise.all(c.servers.map((s) => c.boot(s.serverId))));
    await c.whenLeadersReady(SIM_BOOT_ELECTION_TIMEOUT_MS);
    return c;
  }

  /**
   * The leader of every log stream the live servers hold, by `tenantId/lsId`, as their snapshots
   * report it: a replica whose role is LEADER and that serves strong reads and writes (its
   * takeover finished; fixed leaders without election data count as serving). Missing: no leader.
   */
  async leaders(): Promise<Map<string, number>> {
    const snaps = await Promise.all(this.aliveIds().map((id) => this.snapshot(id).catch(() => null)));
    const out = new Map<string, number>();
    for (const snap of snaps) {
      for (const r of snap?.lsReplicas ?? []) {
        if (r.role === 'LEADER' && r.election?.servingStrong !== false) out.set(`${r.tenantId}/${r.lsId}`, snap!.serverId);
      }
    }
    return out;
  }

  /**
   * Runs until every log stream replica of server `id` applied what its leader (on another live
   * server) had committed when this call began — a restarted server caught up. Returns the ms taken.
   */
  async whenCaughtUp(id: number, timeoutMs: number): Promise<number> {
    const targets = new Map<string, number>();
    for (const other of this.aliveIds().filter((o) => o !== id)) {
      for (const r of (await this.snapshot(other)).lsReplicas) if (r.role === 'LEADER') targets.set(`${r.tenantId}/${r.lsId}`, r.committedLsn);
    }
    return this.runUntil(async () => {
      const mine = (await this.snapshot(id)).lsReplicas;
      return mine.every((r) => r.role === 'LEADER' || r.appliedLsn >= (targets.get(`${r.tenantId}/${r.lsId}`) ?? 0));
    }, timeoutMs);
  }

  /** Runs until every log stream held by a live server has a serving leader; returns the ms taken. */
  async whenLeadersReady(timeoutMs: number): Promise<number> {
    return this.runUntil(async () => {
      const snaps = await Promise.all(this.aliveIds().map((id) => this.snapshot(id).catch(() => null)));
      const all = new Set(snaps.flatMap((s) => s?.lsReplicas.map((r) => `${r.tenantId}/${r.lsId}`) ?? []));
      const led = await this.leaders();
      return [...all].every((k) => led.has(k));
    }, timeoutMs);
  }

  // ------------------------------------------------------------------ servers

  /** The live `ObServer` of `id`, or null while it is killed. */
  server(id: number): ObServer | null {
    return this.machine(id).server;
  }

  /** Ids of the servers currently alive, ascending. */
  aliveIds(): number[] {
    return this.servers.map((s) => s.serverId).filter((id) => this.machine(id).server !== null);
  }

  isAlive(id: number): boolean {
    return this.machine(id).server !== null;
  }

  /** True while a (re)start of `id` has not finished. */
  isBooting(id: number): boolean {
    const m = this.machine(id);
    return m.life !== null && m.server === null;
  }

  /** The persistent disk of server `id` (survives kill and restart). */
  fs(id: number): MemoryFileSystem {
    return this.machine(id).fs;
  }

  /** Server ids of a zone. */
  zoneServers(zone: string): number[] {
    return this.servers.filter((s) => s.zone === zone).map((s) => s.serverId);
  }

  /**
   * Kills server `id` as `kill -9` (no clean stop): timers cancelled, in-flight datagrams to it
   * lost, unflushed file bytes lost; calls waiting on it reject with OB_SERVER_NOT_ALIVE's text.
   * A server already down is left alone.
   */
  kill(id: number): void {
    const m = this.machine(id);
    if (!m.life) return; // already down
    m.life.kill(Errors.serverNotAlive(`${m.info.svrIp}:${ObServer.SVR_PORT}`));
    this.network.setDown(toServerId(id), true);
    m.fs.crash();
    m.server = null;
    m.life = null;
    m.sessions.clear();
    this.fault(`kill server ${id} (${m.info.zone})`);
  }

  /** Starts a new `ObServer` for a killed server on its files; resolves when it serves. */
  async restart(id: number): Promise<void> {
    const m = this.machine(id);
    assert(m.life === null, `server ${id} is running: kill it first`);
    this.fault(`restart server ${id} (${m.info.zone})`);
    await this.pumped(this.boot(id));
  }

  private async boot(id: number): Promise<void> {
    const m = this.machine(id);
    this.network.setDown(toServerId(id), false);
    const life = new Incarnation(id, ++m.lives, this.clock, { emit: (e) => this.record(id, e) }, m.fs);
    m.life = life;
    const start = ObServer.start({
      serverId: id,
      zone: m.info.zone,
      svrIp: m.info.svrIp,
      servers: [...this.servers],
      env: {
        clock: life.clock,
        fs: life.fs,
        transport: this.network.transport(toServerId(id)),
        events: life.events,
        rng: new SeededRng(this.seed * 31 + id + (m.lives - 1) * 7919),
      },
    });
    start.catch(() => {}); // if killed while booting, the orphaned boot may fail later
    try {
      const server = await Promise.race([start, life.killed]);
      if (m.life === life) m.server = server;
    } catch (e) {
      if (m.life === life) {
        // The boot failed: this life is over (its timers must not linger on the shared clock).
        life.kill(e instanceof Error ? e : new Error(String(e)));
        this.network.setDown(toServerId(id), true);
        m.life = null;
      }
      throw e;
    }
  }

  // ------------------------------------------------------------------ network faults

  /** Sets (or, all zero, clears) the fault on one one-way link. */
  setLinkFault(f: LinkFault): void {
    this.network.setLinkFault(f);
    this.fault(describeLinkFault(f));
  }

  /** Cuts `a` → `b`, and `b` → `a` unless `oneWay`. */
  cutLink(a: number, b: number, oneWay = false): void {
    this.cutPairs([[a, b]], oneWay);
    this.fault(`cut ${a} ${oneWay ? '→' : '↔'} ${b}`);
  }

  /** Heals `a` ↔ `b` both ways (cut, delay and loss). */
  healLink(a: number, b: number): void {
    this.healPairs([[a, b]]);
    this.fault(`heal ${a} ↔ ${b}`);
  }

  /** Cuts every link from zone `zoneA` to zone `zoneB` (and back unless `oneWay`). */
  cutZones(zoneA: string, zoneB: string, oneWay = false): void {
    this.cutPairs(this.zonePairs(zoneA, zoneB), oneWay);
    this.fault(`cut ${zoneA} ${oneWay ? '→' : '↔'} ${zoneB}`);
  }

  healZones(zoneA: string, zoneB: string): void {
    this.healPairs(this.zonePairs(zoneA, zoneB));
    this.fault(`heal ${zoneA} ↔ ${zoneB}`);
  }

  /** Heals every link (killed servers stay down). */
  healAll(): void {
    this.network.clearLinkFaults();
    this.fault('heal all links');
  }

  private zonePairs(zoneA: string, zoneB: string): [number, number][] {
    assert(zoneA !== zoneB, 'cut two different zones');
    return this.zoneServers(zoneA).flatMap((a) => this.zoneServers(zoneB).map((b): [number, number] => [a, b]));
  }

  private cutPairs(pairs: [number, number][], oneWay: boolean): void {
    for (const [a, b] of pairs) {
      for (const [from, to] of oneWay ? [[a, b]] : [[a, b], [b, a]]) {
        const f = this.network.linkFault(from, to) ?? { from, to, cut: false, delayUs: 0, lossRate: 0 };
        this.network.setLinkFault({ ...f, cut: true });
      }
    }
  }

  private healPairs(pairs: [number, number][]): void {
    for (const [a, b] of pairs) {
      this.network.setLinkFault({ from: a, to: b, cut: false, delayUs: 0, lossRate: 0 });
      this.network.setLinkFault({ from: b, to: a, cut: false, delayUs: 0, lossRate: 0 });
    }
  }

  // ------------------------------------------------------------------ time

  /** Runs the cluster for `ms` of virtual time (timers fire, messages flow). */
  async advance(ms: number): Promise<void> {
    assert(ms >= 0, 'time does not go back');
    const target = this.clock.nowUs() + Math.round(ms * 1000);
    this.deadlines.add(target);
    try {
      while (this.clock.nowUs() < target) await this.pumpTurn();
    } finally {
      this.deadlines.delete(target);
    }
  }

  /**
   * Runs until `predicate()` holds (checked before each turn), or throws after `timeoutMs` of
   * virtual time. Returns the virtual ms it took. An async predicate (e.g. one reading
   * `snapshot()`) is awaited while the clock keeps being pumped.
   */
  async runUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<number> {
    const startUs = this.clock.nowUs();
    const deadline = startUs + Math.round(timeoutMs * 1000);
    this.deadlines.add(deadline);
    try {
      for (;;) {
        const held = predicate();
        if (typeof held === 'boolean' ? held : await this.pumped(held)) return (this.clock.nowUs() - startUs) / 1000;
        if (this.clock.nowUs() >= deadline) throw new Error(`runUntil: not reached within ${timeoutMs} ms (virtual) — seed ${this.seed}`);
        await this.pumpTurn();
      }
    } finally {
      this.deadlines.delete(deadline);
    }
  }

  /** Awaits `p` while pumping the clock (every call into a server goes through here). */
  async pumped<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    const tracked = p.finally(() => {
      settled = true;
    });
    tracked.catch(() => {});
    while (!settled) await this.pumpTurn();
    return tracked;
  }

  /** One shared turn: let the host run pending work, then advance the clock one step. */
  private pumpTurn(): Promise<void> {
    this.turn ??= this.opts.yieldToHost().then(() => {
      this.turn = null;
      let stepUs = this.stepUs;
      for (const d of this.deadlines) stepUs = Math.min(stepUs, Math.max(0, d - this.clock.nowUs()));
      this.clock.advance(stepUs);
    });
    return this.turn;
  }

  // ------------------------------------------------------------------ SQL and state

  /**
   * Runs `sql` on server `id` in a session of `options.tenant` (default `test`) and
   * `options.database` (default: database `test` in tenant `test`, none elsewhere), opened on
   * first use and kept until the server is killed. Resolves with the reply (SQL errors in
   * `reply.error`); rejects when the server is down or is killed meanwhile.
   */
  async sql(id: number, sql: string, options: SessionOptions = {}): Promise<ExecuteReply> {
    const m = this.machine(id);
    const server = m.server;
    const life = m.life;
    if (!server || !life) throw Errors.serverNotAlive(`${m.info.svrIp}:${ObServer.SVR_PORT}`);
    const tenant = options.tenant ?? 'test';
    const opened: SessionOptions = { ...options, tenant, database: options.database === undefined ? (tenant === 'test' ? 'test' : null) : options.database };
    const key = `${tenant}/${opened.user ?? ''}/${opened.database ?? ''}`;
    let sessionId = m.sessions.get(key);
    if (sessionId === undefined) {
      sessionId = await this.pumped(Promise.race([server.openSession(opened), life.killed]));
      m.sessions.set(key, sessionId);
    }
    return this.pumped(Promise.race([server.execute(sessionId, sql), life.killed]));
  }

  /** Server `id`'s own snapshot (throws when it is down). */
  async snapshot(id: number): Promise<ServerSnapshot> {
    const m = this.machine(id);
    if (!m.server || !m.life) throw Errors.serverNotAlive(`${m.info.svrIp}:${ObServer.SVR_PORT}`);
    return this.pumped(Promise.race([m.server.snapshot(), m.life.killed]));
  }

  /**
   * The OBKV client's transport over the live servers (issue #6, scenarios): every call goes
   * through `pumped` (the clock moves while it is in flight); a server that is down, or killed
   * meanwhile, answers OB_RPC_SEND_ERROR as an unreachable server does (LocalCluster.kvTransport).
   */
  kvTransport(): KvTransport {
    return {
      servers: () => this.aliveIds(),
      call: async (serverId, method, body) => {
        const m = this.machines.get(serverId);
        const unreachable = (): KvReply => ({ ok: false, error: Errors.rpcSendError(m?.info.svrIp ?? `server ${serverId}`).toInfo() });
        if (!m?.server || !m.life) return unreachable();
        try {
          return await this.pumped(Promise.race([m.server.kvCall(method, body), m.life.killed]));
        } catch {
          return unreachable();
        }
      },
    };
  }

  /**
   * The whole cluster as the page's topology panel shows it (issue #6): the first live server's
   * `clusterSnapshot()` (root service views, tenants, units), with each live server's own
   * snapshot replacing its entry (a server cut off from the asker still reports what it believes).
   * Rejects with OB_SERVER_NOT_ALIVE's text when no server is alive.
   */
  async clusterSnapshot(): Promise<ClusterSnapshot> {
    const ids = this.aliveIds();
    if (ids.length === 0) throw Errors.serverNotAlive('any server');
    const own = await Promise.all(ids.map((id) => this.snapshot(id).catch(() => null)));
    for (const id of ids) {
      const m = this.machine(id);
      if (!m.server || !m.life) continue;
      let snap: ClusterSnapshot;
      try {
        snap = await this.pumped(Promise.race([m.server.clusterSnapshot(), m.life.killed]));
      } catch {
        continue; // killed meanwhile: ask the next one
      }
      const byId = new Map(own.filter((r): r is ServerSnapshot => r !== null).map((r) => [r.serverId, r]));
      return { ...snap, servers: snap.servers.map((sv) => byId.get(sv.serverId) ?? sv) };
    }
    throw Errors.serverNotAlive('any server');
  }

  /** Stops every live server cleanly (files closed). */
  async stop(): Promise<void> {
    await this.pumped(Promise.all(this.aliveIds().map((id) => this.server(id)!.stop())));
    for (const m of this.machines.values()) {
      m.life?.kill(Errors.serverNotAlive(`${m.info.svrIp}:${ObServer.SVR_PORT}`));
      m.server = null;
      m.life = null;
    }
  }

  private machine(id: number): Machine {
    const m = this.machines.get(id);
    assert(m, `no server ${id} in the simulated cluster`);
    return m;
  }

  private record(serverId: number, event: ObEvent): void {
    this.events.push({ serverId, event });
    if (this.events.length > SIM_EVENTS_KEPT) this.events.splice(0, this.events.length - SIM_EVENTS_KEPT);
    this.opts.onEvent?.(serverId, event);
  }

  private fault(description: string): void {
    this.record(0, { kind: 'fault', description, atUs: this.clock.nowUs() });
  }

  /** An EventSink that records into this simulator's timeline as server `serverId`. */
  sinkFor(serverId: number): EventSink {
    return { emit: (e) => this.record(serverId, e) };
  }
}
