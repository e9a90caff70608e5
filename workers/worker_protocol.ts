/**
 * The contract between the page's host API (`app/host/`) and one OBServer worker
 * (`workers/observer_worker.ts`): the comlink-exposed `ObServerWorkerApi` and the notifications
 * the worker pushes to the host over its dedicated host port.
 *
 * Invariants:
 * - Everything here is structured-clone safe (plain objects, MessagePorts in transfer lists).
 * - A worker reports `crashed` at most once; after that it answers nothing and the host
 *   terminates it (an `AssertionError` is a bug: the simulated OBServer process dies, as an
 *   observer process aborts on a failed `ob_assert`).
 * - Peer ports: one `MessagePort` per other server; the datagrams on them are `PeerDatagram`s.
 */
import type { LinkFault, ObEvent, WireMessage } from '../engine/env/index';
import type { ObServerApi } from '../engine/server/api';
import type { TracedMessage } from './message_trace';
import type { SimClockState } from './system_clock';

export type { LinkFault, SimClockState, TracedMessage };

/** One server of the cluster as the page configures it (mirrors the engine's `ServerInfo`). */
export interface WorkerServerInfo {
  serverId: number;
  zone: string;
  svrIp: string;
}

/** What the host hands a worker on `init`. */
export interface WorkerInitConfig {
  serverId: number;
  zone: string;
  svrIp: string;
  /**
   * The bootstrap servers (`obcluster`: zone1..zone3, one server each): identical on every
   * server, nodes started later excluded, since the cluster state's bootstrap derives from it.
   */
  servers: WorkerServerInfo[];
  /**
   * Every node the host runs (the bootstrap servers and those started later for ALTER SYSTEM ADD
   * SERVER): the addresses ADD SERVER can name. Default: `servers`.
   */
  hosts?: WorkerServerInfo[];
  /** OPFS directory that roots this server's files, e.g. `obcluster/obs-1`. */
  opfsRoot: string;
  /** Seed for the server's `Rng` (drawn by the host so a run can be reproduced). */
  rngSeed: number;
  /** Issue #4: the page's simulated clock anchor (default: the wall clock at rate 1). */
  clock?: SimClockState;
  /** Issue #4: faults on this server's outgoing links (`from` = this server). */
  linkFaults?: LinkFault[];
  /** Issue #4: whether to trace sent datagrams for the message animation. */
  messageTrace?: boolean;
}

/** A peer's port, handed over in `init` or when a peer restarts (`setPeerPort`). */
export interface PeerPort {
  serverId: number;
  port: MessagePort;
}

/** Notifications a worker posts to the host on its host port. */
export type WorkerNotice =
  | { type: 'progress'; serverId: number; stage: string; fraction: number }
  | { type: 'events'; serverId: number; events: ObEvent[] }
  | { type: 'crashed'; serverId: number; message: string }
  /** Traced datagrams (message trace on): a sample of at most 200, `total` sent in the interval. */
  | { type: 'messages'; serverId: number; messages: TracedMessage[]; total: number };

/** A datagram between two servers on their shared MessagePort. */
export interface PeerDatagram {
  from: number;
  message: WireMessage;
}

/**
 * The worker's comlink surface: the engine's `ObServerApi` plus lifecycle calls.
 * Calls before `init` resolves wait for the server to finish booting.
 */
export interface ObServerWorkerApi extends ObServerApi {
  /**
   * Opens this server's OPFS directory, wires the peers and starts the `ObServer` (recovery from
   * checkpoint + clog, or bootstrap of a fresh cluster). Resolves when the server serves.
   * Rejects with the boot error's message (e.g. OPFS locked by another tab after retries).
   */
  init(config: WorkerInitConfig, peers: PeerPort[], hostPort: MessagePort): Promise<void>;
  /** Replaces the port to a peer (the peer's worker was restarted, or a new node started). */
  setPeerPort(peer: PeerPort): void;
  /**
   * A new node runs (the host started it): this server learns its address, so ALTER SYSTEM ADD
   * SERVER may name it (`ObServer.addHost`). Applied once the server has booted.
   */
  addHost(info: WorkerServerInfo): void;
  /** Stops the server and releases every OPFS handle. */
  stop(): Promise<void>;
  /** Issue #4: replaces the faults on this server's outgoing links (cut, delay, loss). */
  setLinkFaults(faults: LinkFault[]): void;
  /** Issue #4: adopts the page's simulated clock anchor (rate, pause); pending timers re-arm. */
  setClock(state: SimClockState): void;
  /** Issue #4: turns the message trace on or off. */
  setMessageTrace(on: boolean): void;
}
