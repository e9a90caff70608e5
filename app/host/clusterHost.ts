/**
 * The cluster's machines: one dedicated module worker per OBServer, wired together with one
 * `MessageChannel` per server pair (the network), each rooted at its own OPFS directory
 * `<namespace>/obs-<id>` (the disk: `obcluster/` for the user's own cluster, `scn-<key>/` for a
 * scenario's, issue #6). This is the part of the host API that an operator's
 * deployment tool plays in OceanBase (obd starting observer processes); it holds no database
 * state: everything shown comes from the workers.
 *
 * Invariants:
 * - At most one live worker per server id; a server whose worker reported `crashed` (or whose
 *   boot failed) is terminated at once and stays down until `restartServer`.
 * - A restarted server gets fresh channels to every live peer; the peers replace their old port.
 * - Notices from a worker arrive on its own host port, closed when the worker is terminated, so a
 *   dead worker can never change the state of its successor.
 * - Issue #4 ALTER SYSTEM ADD SERVER: `addServer(zone)` starts a node beyond the bootstrap
 *   `topology` (id = the highest + 1, ip 10.0.0.<id>), as an operator starts an observer before
 *   registering it. Every worker's `servers` stays the bootstrap list (the cluster state's
 *   bootstrap must be identical everywhere); `hosts` lists every node, and running workers learn
 *   a new one through `addHost`. The added nodes are handed to `saveAdded` before the new worker
 *   starts (the page keeps them across reloads) and come back through `options.added`.
 * - Issue #4: the host holds the cluster's link faults, the simulated clock's anchor and the
 *   message-trace switch; every worker (booting, running, or started later) gets them — a worker
 *   only its own outgoing links' faults.
 */
import { transfer, wrap, type Remote } from 'comlink';
import type { LinkFault, ObEvent } from '../../engine/env/index';
import { initialClockState } from '../../workers/system_clock';
import { simServers } from '../../engine/sim/topology';
import type {
  ObServerWorkerApi, PeerPort, SimClockState, TracedMessage, WorkerNotice, WorkerServerInfo,
} from '../../workers/worker_protocol';

export type ServerRunState = 'booting' | 'running' | 'crashed' | 'stopped';

/** The obcluster topology the host deploys: three zones, one OBServer each (obd's config). */
export const OBCLUSTER_SERVERS: readonly WorkerServerInfo[] = [
  { serverId: 1, zone: 'zone1', svrIp: '10.0.0.1' },
  { serverId: 2, zone: 'zone2', svrIp: '10.0.0.2' },
  { serverId: 3, zone: 'zone3', svrIp: '10.0.0.3' },
];

/** The OPFS directory holding the user's own cluster (removed by a reset). */
export const OPFS_CLUSTER_DIR = 'obcluster';
/** OPFS directories of scenario clusters start with this (`scn-<key>`); their Web Lock is `ob-` + the directory. */
export const SCENARIO_DIR_PREFIX = 'scn-';
/** Hex digits of the scenario text's SHA-256 that name its namespace. */
export const SCENARIO_KEY_HEX_DIGITS = 12;

/**
 * Where and what the page deploys (issue #6): the user's own cluster (`obcluster/`, lock
 * `obcluster`, kept across reloads with its added nodes) or a scenario's cluster (its own OPFS
 * namespace and lock, booted fresh, never touching the user's files). As obd's deployment: a
 * name, a directory and the servers' list.
 */
export interface Deployment {
  kind: 'user' | 'scenario';
  /** The OPFS directory holding every server's files (`obcluster`, `scn-<key>`). */
  namespace: string;
  /** The bootstrap servers, zone by zone. */
  servers: readonly WorkerServerInfo[];
  /** The Web Lock that makes this tab the namespace's only user. */
  lockName: string;
  /** The scenario's title (scenario deployments). */
  title?: string;
  /** The scenario's simulated clock rate at boot and after a reset (scenario deployments; default 1). */
  clockRate?: number;
}

/** The user's own cluster: three zones, one server each, in `obcluster/`. */
export function userDeployment(): Deployment {
  return { kind: 'user', namespace: OPFS_CLUSTER_DIR, servers: OBCLUSTER_SERVERS, lockName: 'obcluster' };
}

/** The Web Lock guarding OPFS directory `namespace` of a scenario (`ob-scn-<key>`). */
export function scenarioLockName(namespace: string): string {
  return `ob-${namespace}`;
}

/** A scenario cluster's deployment in `scn-<key>` (`suffix` > 1 when another tab holds that key: `scn-<key>-2`). */
export function scenarioDeployment(key: string, zones: number, serversPerZone: number, title: string, suffix = 1): Deployment {
  const namespace = `${SCENARIO_DIR_PREFIX}${key}${suffix > 1 ? `-${suffix}` : ''}`;
  return { kind: 'scenario', namespace, servers: topologyServers(zones, serversPerZone), lockName: scenarioLockName(namespace), title };
}

/**
 * A scenario header's topology: zones `zone1..zoneN`, `perZone` servers each, ids numbered zone
 * by zone from 1 (zone1: 1..k, zone2: k+1..2k, …), ip `10.0.<zone-1>.<n>` (`10.0.0.<id>` with one
 * server per zone) — the numbering of the headless simulator (engine/sim/topology.ts). Throws a RangeError for a
 * count that is not a positive integer.
 */
export function topologyServers(zones: number, perZone: number): WorkerServerInfo[] {
  if (!Number.isInteger(zones) || zones < 1 || !Number.isInteger(perZone) || perZone < 1) {
    throw new RangeError(`bad topology: ${zones} zone(s) × ${perZone} server(s)`);
  }
  return simServers(zones, perZone);
}

/**
 * The namespace key of a scenario: the first 12 hex digits of the SHA-256 of its UTF-8 text
 * (crypto.subtle). A page served over plain http from another host has no crypto.subtle (secure
 * contexts only): there two FNV-1a hashes of the bytes stand in (a name, not a security check).
 */
export async function scenarioKey(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  if (globalThis.crypto?.subtle) return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))).slice(0, SCENARIO_KEY_HEX_DIGITS);
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return (fnv(0x811c9dc5) + fnv(0x050c5d1f)).slice(0, SCENARIO_KEY_HEX_DIGITS);
}
/** How long a graceful stop may take before the worker is terminated anyway, ms. */
export const STOP_GRACE_MS = 1_500;

export interface HostListener {
  progress(serverId: number, stage: string, fraction: number): void;
  events(serverId: number, events: ObEvent[]): void;
  serverState(serverId: number, state: ServerRunState, message?: string): void;
  /** Traced datagrams of one server (message trace on); `total` were sent in the interval. */
  messages?(serverId: number, messages: TracedMessage[], total: number): void;
}

/** What the host needs besides the bootstrap topology. */
export interface ClusterHostOptions {
  /** Nodes started by earlier `addServer` calls (after a page reload): booted with the others. */
  added?: readonly WorkerServerInfo[];
  /** Persists the list of added nodes; awaited before a new node's worker starts (absent: not persisted). */
  saveAdded?: (added: WorkerServerInfo[]) => Promise<void>;
  /** The OPFS directory of the servers' files (default `obcluster`). */
  namespace?: string;
}

/** Zone names the host accepts for a new node (OceanBase's zone names: an identifier). */
const ZONE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

interface Machine {
  info: WorkerServerInfo;
  worker: Worker;
  api: Remote<ObServerWorkerApi>;
  /** Our end of the worker's notice channel. */
  hostPort: MessagePort;
  /** The worker's end, handed over in init. */
  workerPort: MessagePort;
  state: ServerRunState;
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

export class ClusterHost {
  private readonly machines = new Map<number, Machine>();
  private faults: LinkFault[] = [];
  private clock: SimClockState = initialClockState();
  private trace = false;
  private readonly added: WorkerServerInfo[];

  constructor(
    private readonly listener: HostListener,
    readonly topology: readonly WorkerServerInfo[] = OBCLUSTER_SERVERS,
    private readonly options: ClusterHostOptions = {},
  ) {
    this.added = (options.added ?? []).filter((a) => !topology.some((t) => t.serverId === a.serverId)).map((a) => ({ ...a }));
  }

  /** Every node the host runs, the bootstrap servers first, then the added ones in id order. */
  nodes(): WorkerServerInfo[] {
    return [...this.topology, ...this.added].map((n) => ({ ...n }));
  }

  /** The nodes started by `addServer` (this page life or an earlier one). */
  addedServers(): WorkerServerInfo[] {
    return this.added.map((n) => ({ ...n }));
  }

  /**
   * Starts a new OBServer node in `zone`: id = the highest node id + 1, ip `10.0.0.<id>`, OPFS
   * directory `<namespace>/obs-<id>`, a channel to every running peer, the current link faults,
   * clock and trace. Running workers learn it (`addHost`), so `ALTER SYSTEM ADD SERVER
   * '10.0.0.<id>:2882' ZONE '<zone>'` can register it. Resolves with its info once it booted (a
   * failed boot shows as `crashed` through the listener; the node stays listed and can be
   * restarted). Throws for a zone name that is not an identifier.
   */
  async addServer(zone: string): Promise<WorkerServerInfo> {
    if (!ZONE_NAME.test(zone)) throw new Error(`bad zone name '${zone}'`);
    const serverId = Math.max(...this.nodes().map((n) => n.serverId)) + 1;
    const info: WorkerServerInfo = { serverId, zone, svrIp: `10.0.0.${serverId}` };
    this.added.push(info);
    await this.options.saveAdded?.(this.addedServers());
    for (const m of this.liveMachines()) void m.api.addHost({ ...info }).catch(() => {});
    await this.start(info);
    return { ...info };
  }

  /** Sets every link fault of the cluster (replacing the previous set); each worker gets its outgoing ones. */
  setLinkFaults(faults: LinkFault[]): void {
    this.faults = faults.map((f) => ({ ...f }));
    for (const m of this.liveMachines()) void m.api.setLinkFaults(this.faultsFrom(m.info.serverId)).catch(() => {});
  }

  linkFaults(): LinkFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Broadcasts the simulated clock's anchor (rate, pause) to every worker. */
  setClock(state: SimClockState): void {
    this.clock = { ...state };
    for (const m of this.liveMachines()) void m.api.setClock(this.clock).catch(() => {});
  }

  clockState(): SimClockState {
    return { ...this.clock };
  }

  /** Turns every worker's message trace on or off. */
  setMessageTrace(on: boolean): void {
    this.trace = on;
    for (const m of this.liveMachines()) void m.api.setMessageTrace(on).catch(() => {});
  }

  private liveMachines(): Machine[] {
    return [...this.machines.values()].filter((m) => m.state === 'running' || m.state === 'booting');
  }

  private faultsFrom(serverId: number): LinkFault[] {
    return this.faults.filter((f) => f.from === serverId);
  }

  /** Starts every server and resolves when all have booted (or failed: see serverState). */
  async boot(): Promise<void> {
    const spawned = this.nodes().map((info) => this.spawn(info));
    const peers = new Map<number, PeerPort[]>(spawned.map((m) => [m.info.serverId, []]));
    for (let i = 0; i < spawned.length; i++) {
      for (let j = i + 1; j < spawned.length; j++) {
        const ch = new MessageChannel();
        peers.get(spawned[i].info.serverId)!.push({ serverId: spawned[j].info.serverId, port: ch.port1 });
        peers.get(spawned[j].info.serverId)!.push({ serverId: spawned[i].info.serverId, port: ch.port2 });
      }
    }
    await Promise.all(spawned.map((m) => this.init(m, peers.get(m.info.serverId)!)));
  }

  /** The comlink client of a running server, or null when it is down. */
  api(serverId: number): Remote<ObServerWorkerApi> | null {
    const m = this.machines.get(serverId);
    return m && m.state === 'running' ? m.api : null;
  }

  state(serverId: number): ServerRunState {
    return this.machines.get(serverId)?.state ?? 'stopped';
  }

  /** Running servers, bootstrap ones first (zone1's first: where the SQL session goes, as via ODP). */
  runningServerIds(): number[] {
    return this.nodes().map((s) => s.serverId).filter((id) => this.state(id) === 'running');
  }

  /**
   * Starts a new worker for `serverId` on the same OPFS directory: the server recovers from its
   * checkpoint and clog and rejoins its log streams. A still-running worker is killed first.
   */
  async restartServer(serverId: number): Promise<void> {
    const info = this.nodes().find((s) => s.serverId === serverId);
    if (!info) throw new Error(`no server ${serverId} in this cluster`);
    const old = this.machines.get(serverId);
    if (old) this.kill(old, 'stopped');
    await this.start(info);
  }

  /** Spawns one worker with a fresh channel to every live peer (the peers replace their port) and boots it. */
  private async start(info: WorkerServerInfo): Promise<void> {
    const m = this.spawn(info);
    const peers: PeerPort[] = [];
    for (const other of this.machines.values()) {
      if (other === m || (other.state !== 'running' && other.state !== 'booting')) continue;
      const ch = new MessageChannel();
      void other.api.setPeerPort(transfer({ serverId: info.serverId, port: ch.port1 }, [ch.port1]));
      peers.push({ serverId: other.info.serverId, port: ch.port2 });
    }
    await this.init(m, peers);
  }

  /** Kills one server's process (terminates its worker without a graceful stop), as `kill -9`. */
  killServer(serverId: number): void {
    const m = this.machines.get(serverId);
    if (m && (m.state === 'running' || m.state === 'booting')) this.kill(m, 'stopped', true, 'killed from the page (kill -9)');
  }

  /** Stops every server gracefully (files closed), terminating laggards after STOP_GRACE_MS. */
  async shutdown(): Promise<void> {
    const all = [...this.machines.values()];
    await Promise.all(
      all.map(async (m) => {
        if (m.state === 'running') {
          const grace = new Promise((resolve) => setTimeout(resolve, STOP_GRACE_MS));
          await Promise.race([m.api.stop().catch(() => {}), grace]);
        }
        this.kill(m, 'stopped');
      }),
    );
  }

  /** Terminates every worker at once (page hide: the browser is tearing the page down). */
  terminateAll(): void {
    for (const m of this.machines.values()) this.kill(m, 'stopped', false);
  }

  private spawn(info: WorkerServerInfo): Machine {
    const worker = new Worker(new URL('../../workers/observer_worker.ts', import.meta.url), {
      type: 'module',
      name: `observer-${info.serverId}`,
    });
    const channel = new MessageChannel();
    const m: Machine = {
      info,
      worker,
      api: wrap<ObServerWorkerApi>(worker),
      hostPort: channel.port1,
      workerPort: channel.port2,
      state: 'booting',
    };
    channel.port1.onmessage = (ev: MessageEvent<WorkerNotice>) => this.onNotice(m, ev.data);
    worker.addEventListener('error', (ev) => this.crashed(m, `worker failed: ${ev.message || 'could not load'}`));
    this.machines.set(info.serverId, m);
    this.listener.serverState(info.serverId, 'booting');
    return m;
  }

  private async init(m: Machine, peers: PeerPort[]): Promise<void> {
    const workerPort = m.workerPort;
    const config = {
      ...m.info,
      servers: this.topology.map((s) => ({ ...s })),
      hosts: this.nodes(),
      opfsRoot: `${this.options.namespace ?? OPFS_CLUSTER_DIR}/obs-${m.info.serverId}`,
      rngSeed: randomSeed(),
      clock: this.clock,
      linkFaults: this.faultsFrom(m.info.serverId),
      messageTrace: this.trace,
    };
    try {
      await m.api.init(config, transfer(peers, peers.map((p) => p.port)), transfer(workerPort, [workerPort]));
      if (m.state === 'booting') {
        m.state = 'running';
        this.listener.serverState(m.info.serverId, 'running');
      }
    } catch (e) {
      this.crashed(m, `boot failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private onNotice(m: Machine, n: WorkerNotice): void {
    if (n.type === 'progress') this.listener.progress(m.info.serverId, n.stage, n.fraction);
    else if (n.type === 'events') this.listener.events(m.info.serverId, n.events);
    else if (n.type === 'messages') this.listener.messages?.(m.info.serverId, n.messages, n.total);
    else this.crashed(m, n.message);
  }

  private crashed(m: Machine, message: string): void {
    if (m.state === 'crashed' || m.state === 'stopped') return;
    this.kill(m, 'crashed', true, message);
  }

  private kill(m: Machine, state: 'crashed' | 'stopped', notify = true, message?: string): void {
    m.worker.terminate();
    m.hostPort.close();
    m.state = state;
    if (notify) this.listener.serverState(m.info.serverId, state, message);
  }
}
