/**
 * An in-process cluster: the default `obcluster` (3 zones, 3 OBServers — or any server list, e.g.
 * two per zone; more nodes can be started later for ADD SERVER) over a `MemoryNetwork`,
 * for tests, the headless shell and benchmarks. Each server gets its own FileSystem (memory by
 * default, or whatever `fsFor` returns, e.g. `node:fs` for `obsh --data-dir`); starting on file
 * systems that hold a cluster recovers it. `start` resolves once every log stream has elected a
 * leader that serves and every replica caught up with it (`whenLeadersReady`), so callers find the
 * cluster as a fresh OceanBase cluster is after bootstrap: leaders where the primary zone says.
 */
import { serverId as toServerId } from '../common/ids';
import { PALF_TICK_MS } from '../common/limits';
import type { Clock, EventSink, FileSystem } from '../env';
import { NULL_EVENT_SINK } from '../env';
import { MemoryFileSystem, MemoryNetwork, SeededRng } from '../env/memory';
import { defaultServers, ObServer, type ServerInfo } from './ob_server';
import { Errors } from '../common/ob_error';
import type { KvTransport } from '../client/transport';

export interface LocalClusterOptions {
  fsFor?: (serverId: number) => FileSystem;
  /** Required: the engine never reads the wall clock itself (workers/system_clock.ts in Node). */
  clock: Clock;
  events?: EventSink;
  seed?: number;
  /**
   * The servers to bootstrap (default: `defaultServers()`, one per zone). Several per zone are
   * allowed (e.g. six servers, two per zone, for UNIT_NUM 2); ids and ips must be distinct.
   */
  servers?: ServerInfo[];
}

export class LocalCluster {
  /** Each server's file system (kept across `killServer` / `restartServer`). */
  private readonly fsById = new Map<number, FileSystem>();
  private readonly restarts = new Map<number, number>();
  /** The bootstrap server list (identical for every server, whenever it starts). */
  private readonly bootstrapServers: ServerInfo[];
  /** Every node this host runs: the bootstrap servers and those added by `addServer`. */
  private readonly hosts: ServerInfo[];

  private constructor(
    readonly servers: ObServer[],
    readonly network: MemoryNetwork,
    readonly clock: Clock,
    private readonly opts: LocalClusterOptions,
  ) {
    this.bootstrapServers = opts.servers ?? defaultServers();
    this.hosts = [...this.bootstrapServers];
  }

  static async start(opts: LocalClusterOptions): Promise<LocalCluster> {
    const network = new MemoryNetwork({ clock: opts.clock });
    const cluster = new LocalCluster([], network, opts.clock, opts);
    const list = cluster.bootstrapServers;
    for (const info of list) cluster.fsById.set(info.serverId, opts.fsFor?.(info.serverId) ?? new MemoryFileSystem());
    cluster.servers.push(...(await Promise.all(list.map((info) => cluster.startOne(info.serverId)))));
    await cluster.whenLeadersReady();
    return cluster;
  }

  private startOne(id: number): Promise<ObServer> {
    const info = this.hosts.find((x) => x.serverId === id)!;
    const restarts = this.restarts.get(id) ?? 0;
    return ObServer.start({
      serverId: info.serverId,
      zone: info.zone,
      svrIp: info.svrIp,
      servers: this.bootstrapServers,
      hosts: [...this.hosts],
      env: {
        clock: this.opts.clock,
        fs: this.fsById.get(id)!,
        transport: this.network.transport(toServerId(id)),
        events: this.opts.events ?? NULL_EVENT_SINK,
        // A restarted server draws other timeouts than its first life did.
        rng: new SeededRng((this.opts.seed ?? 1) * 31 + info.serverId + 1000 * restarts),
      },
    });
  }

  /**
   * Starts one more OBServer node in `zone` (id = highest + 1, ip 10.0.0.<id>) on a fresh file
   * system — the machine an `ALTER SYSTEM ADD SERVER '10.0.0.<id>:2882' ZONE '<zone>'` then
   * adds to the cluster. Until then it hosts nothing; it learns the cluster state from the root
   * service's heartbeat replies. Resolves once it serves.
   */
  async addServer(zone: string): Promise<ObServer> {
    const id = Math.max(...this.hosts.map((h) => h.serverId)) + 1;
    const info: ServerInfo = { serverId: id, zone, svrIp: `10.0.0.${id}` };
    this.hosts.push(info);
    this.fsById.set(id, this.opts.fsFor?.(id) ?? new MemoryFileSystem());
    for (const s of this.servers) s.addHost(info);
    const s = await this.startOne(id);
    this.servers.push(s);
    return s;
  }

  /**
   * Kills server `id` (a teacher's "kill the leader"): its network goes down at once (nothing it
   * sends arrives any more, messages to it are lost), then it stops; with `powerLoss` its memory
   * file system also loses what was not flushed.
   */
  async killServer(id: number, powerLoss = false): Promise<void> {
    this.network.setDown(toServerId(id), true);
    await this.server(id).stop();
    const fs = this.fsById.get(id);
    if (powerLoss && fs instanceof MemoryFileSystem) fs.crash();
  }

  /**
   * Issue #5: the OBKV client's transport to this cluster (engine/client/transport.ts): a call to a
   * server that is stopped or cut off by the network answers OB_RPC_SEND_ERROR, as a client whose
   * connection to that OBServer failed sees it.
   */
  kvTransport(): KvTransport {
    return {
      servers: () => this.servers.filter((s) => s.status === 'ACTIVE').map((s) => s.serverId as number),
      call: async (serverId, method, body) => {
        const s = this.servers.find((x) => x.serverId === serverId);
        if (!s || s.status !== 'ACTIVE' || this.network.isDown(toServerId(serverId))) {
          return { ok: false, error: Errors.rpcSendError(s?.config.svrIp ?? `server ${serverId}`).toInfo() };
        }
        return s.kvCall(method, body);
      },
    };
  }

  /** Restarts a killed server from its file system (it recovers and rejoins its log streams). */
  async restartServer(id: number): Promise<ObServer> {
    this.restarts.set(id, (this.restarts.get(id) ?? 0) + 1);
    this.network.setDown(toServerId(id), false);
    const s = await this.startOne(id);
    const i = this.servers.findIndex((x) => x.serverId === id);
    this.servers[i] = s;
    return s;
  }

  /**
   * Resolves when every log stream of the topology has a leader serving strong reads and writes
   * (its takeover applied) on a running server, and every running replica applied what that
   * leader had committed when it was first seen serving. Polls on the cluster's clock (one PALF
   * tick): under a `VirtualClock` the caller must advance time.
   */
  whenLeadersReady(): Promise<void> {
    const targets = new Map<string, number>();
    const ready = (): boolean => {
      const running = this.servers.filter((s) => s.status === 'ACTIVE');
      if (running.length === 0) return false;
      for (const t of running[0].topology.tenants) {
        for (const p of t.ls) {
          const k = `${p.tenantId}/${p.lsId}`;
          const replicas = running.map((s) => s.logStream(p.tenantId, p.lsId)).filter((l) => l !== undefined);
          if (replicas.length === 0) continue; // not opened anywhere (yet, or any more)
          const leader = replicas.find((l) => l.isServing());
          if (!leader) return false;
          if (!targets.has(k)) targets.set(k, leader.palf.status().committedLsn);
          if (replicas.some((l) => l.appliedLsn < targets.get(k)!)) return false;
        }
      }
      return true;
    };
    return new Promise<void>((resolve) => {
      const poll = () => (ready() ? resolve() : this.clock.schedule(PALF_TICK_MS * 1000, poll));
      poll();
    });
  }

  server(id: number): ObServer {
    return this.servers.find((s) => s.serverId === id)!;
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.stop()));
  }
}
