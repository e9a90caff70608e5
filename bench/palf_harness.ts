/**
 * `PalfGroup`: N replicas of one log stream's PALF log, each with its own clog (`ClogStore` on its
 * own `MemoryFileSystem`, the "disk" that survives a crash), joined by an in-process message
 * queue delivered in rounds. Used by the `palf` benchmarks (bench/palf_bench.ts) and their tests;
 * bench code, never part of `engine/`.
 *
 * The host loop is the one `engine/logstream/log_stream.ts` runs for every `PalfReady`:
 * persist (truncate, append, flush, meta) → send → apply committed entries → `advance`. Only the
 * public `PalfReplica` API is used (`propose/step/tick/hasReady/ready/advance/status/isLeader`).
 *
 * Network model: instant and lossless between live replicas. A *round* delivers every message
 * queued before it started; each recipient steps all of its messages, then pumps its ready loop
 * once (as a LogStream's microtask-scheduled pump batches what arrived together). Replies go to
 * the next round, so one round trip = two rounds. Messages to a crashed replica are lost.
 *
 * Counters (`messagesDelivered`, `rounds`, `appendEntriesShipped`) let the benchmarks report
 * messages and round trips per committed entry. Time is logical: `tick()` is one PALF_TICK_MS.
 */
import { assert } from '../engine/common/assert';
import type { Lsn, ServerId } from '../engine/common/ids';
import { lsId, lsn as toLsn, serverId, tenantId } from '../engine/common/ids';
import { MemoryFileSystem, SeededRng } from '../engine/env/memory';
import { ClogStore } from '../engine/logstream/clog_store';
import { PalfReplica } from '../engine/palf';
import type { LogEntry, PalfConfig, PalfMessage, PalfRestoreState } from '../engine/palf';

const CLOG_DIR = 'clog/1002/1001';

/** Election settings of a group (PALF ticks); absent: replica `leader` is the fixed leader. */
export interface PalfGroupElection {
  electionTimeoutTicks: number;
  leaseTicks: number;
  /** Seed of the timeout jitter (each replica and each restart gets its own stream). */
  seed: number;
  /** Priority per replica, 1-based order (higher preferred, the primary zone's); default all 0. */
  priorities?: number[];
}

export interface PalfGroupOptions {
  /** Number of F replicas (Paxos members), ≥ 1. */
  size: number;
  /** Fixed leader (1-based) when there is no election; default 1. */
  leader?: number;
  election?: PalfGroupElection;
  /** Persisted entries each replica keeps in memory (default PALF_MEMORY_ENTRIES_MAX). */
  memoryEntriesMax?: number;
  /** Called for every entry a replica applies (after the group's own bookkeeping). */
  onApply?: (node: PalfNode, entry: LogEntry) => void;
}

/** One replica and its host state. */
export interface PalfNode {
  readonly id: ServerId;
  /** This replica's disk: survives `crash`, read back by `restart`. */
  readonly fs: MemoryFileSystem;
  clog: ClogStore;
  replica: PalfReplica;
  up: boolean;
  /** Last LSN the host applied (a restart resumes after the clog's committed stamp). */
  appliedLsn: number;
  /** Entries applied since the group was created (across restarts). */
  appliedEntries: number;
}

interface InFlight {
  from: ServerId;
  to: ServerId;
  message: PalfMessage;
}

export class PalfGroup {
  readonly nodes: PalfNode[] = [];
  private queue: InFlight[] = [];
  private readonly members: ServerId[];
  private restarts = 0;
  /** Messages handed to a live recipient. */
  messagesDelivered = 0;
  /** Messages dropped because the recipient was down. */
  messagesLost = 0;
  /** Rounds that delivered at least one message (one round trip = 2 rounds). */
  rounds = 0;
  /** Log entries carried by append messages that were delivered. */
  appendEntriesShipped = 0;
  /** Append messages delivered (a batch of up to PALF_APPEND_BATCH_ENTRIES_MAX entries each). */
  appendsDelivered = 0;

  private constructor(readonly options: PalfGroupOptions) {
    assert(options.size >= 1, 'a PALF group has at least one replica');
    this.members = Array.from({ length: options.size }, (_, i) => serverId(i + 1));
  }

  /** A fresh group: every replica opens an empty clog. With election nobody leads yet (tick it). */
  static async create(options: PalfGroupOptions): Promise<PalfGroup> {
    const group = new PalfGroup(options);
    for (const id of group.members) {
      const fs = new MemoryFileSystem();
      const { store } = await ClogStore.open(fs, CLOG_DIR);
      const node: PalfNode = {
        id, fs, clog: store, replica: null as unknown as PalfReplica, up: true, appliedLsn: 0, appliedEntries: 0,
      };
      node.replica = group.newReplica(node, null);
      group.nodes.push(node);
    }
    return group;
  }

  node(id: number): PalfNode {
    const n = this.nodes[id - 1];
    assert(n !== undefined, `no replica ${id}`);
    return n;
  }

  /** The live leader (there is at most one with a valid proposal id in a settled group), or null. */
  leader(): PalfNode | null {
    for (const n of this.nodes) if (n.up && n.replica.isLeader()) return n;
    return null;
  }

  /** The live leader whose no-op of its proposal id is committed (election), or null. */
  servingLeader(): PalfNode | null {
    const n = this.leader();
    if (n === null) return null;
    const election = n.replica.status().election;
    return election === undefined || election.takeoverDone ? n : null;
  }

  /** Proposes on replica `id` (default: the leader) and pumps it. Errors as `PalfReplica.propose`. */
  propose(payload: Uint8Array, id?: number): Lsn {
    const node = id === undefined ? this.leader() : this.node(id);
    assert(node !== null && node.up, 'propose needs a live replica');
    const at = node.replica.propose(payload);
    this.pump(node);
    return at;
  }

  /** Proposes without pumping (the caller pumps once for many: group commit). */
  proposeOnly(node: PalfNode, payload: Uint8Array): Lsn {
    return node.replica.propose(payload);
  }

  /** Runs a node's ready loop until it has nothing more: persist → send → apply → advance. */
  pump(node: PalfNode): void {
    while (node.up && node.replica.hasReady()) {
      const ready = node.replica.ready();
      if (ready.truncateFrom !== null) node.clog.truncate(ready.truncateFrom);
      if (ready.persist.length > 0) node.clog.append(ready.persist, ready.committedLsn);
      if (ready.persist.length > 0 || ready.truncateFrom !== null) node.clog.flush();
      if (ready.persistMeta) node.clog.writeMeta(ready.persistMeta);
      for (const m of ready.messages) this.queue.push({ from: node.id, to: m.to, message: m.message });
      for (const e of ready.committed) this.apply(node, e);
      node.replica.advance(ready);
    }
  }

  /** Pumps every live node. */
  pumpAll(): void {
    for (const n of this.nodes) this.pump(n);
  }

  /** Messages waiting for the next round. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Delivers every message queued now (one network round): each recipient steps its messages,
   * then pumps once. Returns the number of messages handed to live replicas.
   */
  deliverRound(): number {
    if (this.queue.length === 0) return 0;
    const batch = this.queue;
    this.queue = [];
    this.rounds++;
    const touched = new Set<PalfNode>();
    let delivered = 0;
    for (const m of batch) {
      const to = this.nodes[m.to - 1];
      if (to === undefined || !to.up) {
        this.messagesLost++;
        continue;
      }
      if (m.message.type === 'append') {
        this.appendsDelivered++;
        this.appendEntriesShipped += m.message.entries.length;
      }
      to.replica.step(m.from, m.message);
      touched.add(to);
      delivered++;
    }
    this.messagesDelivered += delivered;
    for (const n of touched) this.pump(n);
    return delivered;
  }

  /** Delivers rounds until the network is quiet; returns the rounds taken. */
  settle(maxRounds = 1_000_000): number {
    this.pumpAll();
    let rounds = 0;
    while (this.queue.length > 0) {
      assert(++rounds <= maxRounds, 'the PALF group does not settle');
      this.deliverRound();
    }
    return rounds;
  }

  /** `count` PALF ticks on every live replica, settling the network after each. */
  tick(count = 1): void {
    for (let i = 0; i < count; i++) {
      for (const n of this.nodes) if (n.up) n.replica.tick();
      this.settle();
    }
  }

  /** Opens spare clog segments ahead of need (asynchronous file opens); call now and then. */
  async maintain(): Promise<void> {
    for (const n of this.nodes) if (n.up) await n.clog.maintain();
  }

  /** Power loss on replica `id`: memory is gone, its disk falls back to what was flushed. */
  crash(id: number): void {
    const node = this.node(id);
    assert(node.up, `replica ${id} is already down`);
    node.up = false;
    node.clog.close();
    node.fs.crash();
  }

  /**
   * Restarts replica `id` from its clog (recovery scan, meta, committed stamp), as a server
   * restart does. The host resumes applying after the clog's committed stamp.
   */
  async restart(id: number): Promise<PalfNode> {
    const node = this.node(id);
    assert(!node.up, `replica ${id} is running`);
    const { store, restore } = await ClogStore.open(node.fs, CLOG_DIR);
    node.clog = store;
    node.replica = this.newReplica(node, restore);
    node.appliedLsn = restore?.committedLsn ?? 0;
    node.up = true;
    return node;
  }

  /** Entries of replica `id`'s clog from `fromLsn` (for checks). */
  readLog(id: number, fromLsn: number, maxEntries: number): LogEntry[] {
    return this.node(id).clog.read(toLsn(fromLsn), maxEntries);
  }

  /** Closes every clog. */
  close(): void {
    for (const n of this.nodes) if (n.up) n.clog.close();
  }

  private newReplica(node: PalfNode, restore: PalfRestoreState | null): PalfReplica {
    const config: PalfConfig = {
      tenantId: tenantId(1002), lsId: lsId(1001), self: node.id, members: this.members,
      leader: serverId(this.options.leader ?? 1), proposalId: 1, memoryEntriesMax: this.options.memoryEntriesMax,
    };
    const e = this.options.election;
    if (e !== undefined) {
      this.restarts++;
      const priorities = e.priorities;
      config.election = {
        electionTimeoutTicks: e.electionTimeoutTicks,
        leaseTicks: e.leaseTicks,
        priority: (s: ServerId) => priorities?.[s - 1] ?? 0,
        rng: new SeededRng((e.seed * 7919 + node.id * 104729 + this.restarts * 31) >>> 0),
      };
    }
    const replica = new PalfReplica(config, restore ?? undefined);
    const clog = node.clog;
    replica.setLogReader((from, max) => clog.read(from, max));
    return replica;
  }

  private apply(node: PalfNode, entry: LogEntry): void {
    assert(entry.lsn === node.appliedLsn + 1, `replica ${node.id} applies ${entry.lsn} after ${node.appliedLsn}`);
    node.appliedLsn = entry.lsn;
    node.appliedEntries++;
    this.options.onApply?.(node, entry);
  }
}
