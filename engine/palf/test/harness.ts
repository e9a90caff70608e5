/**
 * A tiny in-process harness for PALF tests (tests only): N replicas of one log stream, each with
 * a "disk" (its persisted log and meta), a message queue between them, and the host loop of
 * `PalfReady` (persist → send → apply → advance) done exactly as the contract says.
 *
 * Faults: links cut, replicas down (crash and restart from their disk), messages dropped,
 * duplicated or reordered by a seeded Rng. Checks: whenever a leader's commit point moves, the
 * newly committed entries are on the disks of a majority of that leader's current members; an
 * entry is applied only once some leader committed it; every replica applies the same entry at an
 * LSN. Membership: replicas may join later (`addNode`, members = []) and the group reconfigures
 * through `change`.
 */
import { assert } from '../../common/assert';
import type { Lsn, ServerId } from '../../common/ids';
import { lsId, lsn as toLsn, serverId, tenantId } from '../../common/ids';
import type { Rng } from '../../env';
import { SeededRng } from '../../env/memory';
import { PalfReplica } from '../replica';
import type { LogEntry, PalfConfig, PalfConfigChange, PalfMessage, PalfMeta, PalfReady } from '../types';

export interface HarnessNode {
  id: ServerId;
  replica: PalfReplica;
  /** The persisted log (disk[i] has LSN i + 1) and meta: what survives a crash. */
  disk: LogEntry[];
  meta: PalfMeta | null;
  /** Highest commit point stamped with a persisted batch (as the clog does). */
  diskCommittedLsn: number;
  /** Entries applied, in order, since the last (re)start; appliedBase entries came before. */
  applied: LogEntry[];
  up: boolean;
  readerCalls: number;
  /** The members and learners the host passes in this node's `PalfConfig` (ids). */
  initialMembers: ServerId[];
  initialLearners: ServerId[];
  /** The leader commit point already checked against the disks. */
  checkedCommitLsn: number;
  /** Was the leader at the last commit check (a leader may commit, then step down, in one call). */
  wasLeader: boolean;
}

interface InFlight {
  from: ServerId;
  to: ServerId;
  message: PalfMessage;
}

export interface HarnessOptions {
  size?: number;
  leader?: number;
  memoryEntriesMax?: number;
  /** Fault injection; without an rng the network is perfect FIFO. */
  rng?: Rng;
  dropRate?: number;
  duplicateRate?: number;
  reorder?: boolean;
  /**
   * Enables election: base timeout and lease in ticks, priorities by node (1-based; default all
   * equal), and the seed of the timeout jitter (each node gets its own seeded Rng).
   */
  election?: { electionTimeoutTicks: number; leaseTicks: number; initialTimeoutTicks?: number; priorities?: number[]; seed?: number };
}

const enc = new TextEncoder();
const dec = new TextDecoder();
export const bytes = (s: string) => enc.encode(s);
/** An entry's payload as text; a config entry reads `cfg<version>`. */
export const text = (e: LogEntry) => e.config ? `cfg${e.config.configVersion}` : dec.decode(e.payload);

export class PalfHarness {
  readonly nodes = new Map<ServerId, HarnessNode>();
  queue: InFlight[] = [];
  /** When set, every delivered or lost message is described here (golden scripts). */
  trace: string[] | null = null;
  /** Every entry applied anywhere, by LSN, across restarts: no two replicas may disagree. */
  readonly appliedEver = new Map<number, string>();
  /** Highest LSN some leader committed with a majority of its members holding it. */
  committedEverLsn = 0;
  private readonly cut = new Set<string>();
  private readonly members: ServerId[];
  private readonly leader: ServerId;

  constructor(readonly options: HarnessOptions = {}) {
    const size = options.size ?? 3;
    this.members = Array.from({ length: size }, (_, i) => serverId(i + 1));
    this.leader = serverId(options.leader ?? 1);
    for (const id of this.members) this.createNode(id, this.members, []);
  }

  /**
   * A new replica joining the group (the host creates it before the leader adds it): it knows no
   * members (`members = []`) and learns its configuration from the leader.
   */
  addNode(id: number): HarnessNode {
    assert(!this.nodes.has(serverId(id)), `node ${id} exists`);
    return this.createNode(serverId(id), [], []);
  }

  private createNode(id: ServerId, members: ServerId[], learners: ServerId[]): HarnessNode {
    const node: HarnessNode = {
      id, replica: null as unknown as PalfReplica, disk: [], meta: null, diskCommittedLsn: 0,
      applied: [], up: true, readerCalls: 0, initialMembers: members, initialLearners: learners, checkedCommitLsn: 0,
      wasLeader: false,
    };
    this.nodes.set(id, node);
    this.start(node, false);
    return node;
  }

  node(id: number): HarnessNode {
    const n = this.nodes.get(serverId(id));
    assert(n, `no node ${id}`);
    return n;
  }

  config(id: ServerId): PalfConfig {
    const node = this.nodes.get(id);
    const members = node?.initialMembers ?? this.members;
    const config: PalfConfig = {
      tenantId: tenantId(1002), lsId: lsId(1001), self: id, members,
      leader: members.includes(this.leader) ? this.leader : null, learners: node?.initialLearners ?? [],
      proposalId: 1, memoryEntriesMax: this.options.memoryEntriesMax,
    };
    const e = this.options.election;
    if (e) {
      const priorities = e.priorities;
      this.restarts++;
      config.election = {
        electionTimeoutTicks: e.electionTimeoutTicks, leaseTicks: e.leaseTicks,
        priority: (s: ServerId) => this.priorityOverride.get(s) ?? priorities?.[s - 1] ?? 0,
        rng: new SeededRng((e.seed ?? 1) * 7919 + id * 104729 + this.restarts * 31),
      };
      if (e.initialTimeoutTicks !== undefined) config.election.initialTimeoutTicks = e.initialTimeoutTicks;
    }
    return config;
  }

  /** Priorities set at run time (a commanded leader switch ranks its target highest). */
  readonly priorityOverride = new Map<ServerId, number>();

  /** Replicas created so far (varies each restarted replica's jitter seed). */
  private restarts = 0;

  /** The live replicas that are leaders now, with their proposal ids. */
  /**
   * The election safety checks of a simulation step: at most one leader now, and never two leaders
   * for one proposal id over the run (`seen` remembers each proposal id's leader). Returns the
   * leaders. A violation throws an assertion naming the step.
   */
  checkLeaders(seen: Map<number, number>, step: number): { id: ServerId; proposalId: number }[] {
    const leaders = this.leaders();
    assert(leaders.length <= 1, `step ${step}: ${leaders.length} leaders`);
    for (const l of leaders) {
      const known = seen.get(l.proposalId);
      assert(known === undefined || known === l.id, `step ${step}: two leaders in proposal ${l.proposalId}`);
      seen.set(l.proposalId, l.id);
    }
    return leaders;
  }

  leaders(): { id: ServerId; proposalId: number }[] {
    const out: { id: ServerId; proposalId: number }[] = [];
    for (const n of this.nodes.values()) {
      if (n.up && n.replica.isLeader()) out.push({ id: n.id, proposalId: n.replica.status().proposalId });
    }
    return out;
  }

  /** (Re)creates a node's replica from its disk, replaying from `appliedLsn` (default 0). */
  private start(node: HarnessNode, restore: boolean, appliedLsn = 0): void {
    const last = node.disk.length;
    node.replica = restore && node.meta
      ? new PalfReplica(this.config(node.id), {
        lastLsn: toLsn(last), lastProposalId: last > 0 ? node.disk[last - 1].proposalId : 0,
        committedLsn: toLsn(Math.min(node.diskCommittedLsn, last)), meta: node.meta,
        appliedLsn: toLsn(Math.min(appliedLsn, node.diskCommittedLsn, last)),
      })
      : new PalfReplica(this.config(node.id));
    node.replica.setLogReader((from: Lsn, max: number) => {
      node.readerCalls++;
      return node.disk.slice(from - 1, from - 1 + max);
    });
    node.applied = [];
    node.up = true;
    node.checkedCommitLsn = node.replica.status().committedLsn;
    node.wasLeader = false;
  }

  propose(payload: string, id: number = this.defaultLeader()): Lsn {
    return this.node(id).replica.propose(bytes(payload));
  }

  /** A membership change proposed on `id` (default: the current leader). */
  change(change: PalfConfigChange, id: number = this.defaultLeader()): Lsn {
    const lsn = this.node(id).replica.proposeConfigChange(change);
    this.pump(this.node(id));
    return lsn;
  }

  /** The configured leader, or with election the only live leader (else the configured one). */
  defaultLeader(): ServerId {
    if (!this.options.election) return this.leader;
    const leaders = this.leaders();
    return leaders.length === 1 ? leaders[0].id : this.leader;
  }

  /** Runs one node's ready loop until it has nothing more (persist, enqueue, apply, advance). */
  pump(node: HarnessNode): void {
    let rounds = 0;
    while (node.up && node.replica.hasReady()) {
      assert(++rounds < 10_000, 'ready loop does not settle');
      const ready = node.replica.ready();
      this.persist(node, ready);
      for (const m of ready.messages) this.enqueue(node.id, m.to, m.message);
      this.apply(node, ready.committed);
      node.replica.advance(ready);
      this.checkCommit(node);
    }
  }

  /**
   * A leader's commit point moved: the newly committed entries must be on the disks of a majority
   * of its current members. Followers only track the point (checked when they lead).
   */
  checkCommit(node: HarnessNode): void {
    const s = node.replica.status();
    const wasLeader = node.wasLeader;
    node.wasLeader = s.role === 'LEADER';
    if (s.role === 'LEADER' || wasLeader) {
      for (let lsn = node.checkedCommitLsn + 1; lsn <= s.committedLsn; lsn++) {
        const mine = node.disk[lsn - 1];
        assert(mine !== undefined, `leader ${node.id} committed ${lsn} beyond its disk`);
        let copies = 0;
        for (const m of s.memberList) {
          const d = this.nodes.get(m)?.disk[lsn - 1];
          if (d && d.proposalId === mine.proposalId && text(d) === text(mine)) copies++;
        }
        assert(copies > s.memberList.length / 2,
          `leader ${node.id} committed ${lsn} held by ${copies} of members ${s.memberList.join(',')}`);
        this.committedEverLsn = Math.max(this.committedEverLsn, lsn);
      }
    }
    node.checkedCommitLsn = Math.max(node.checkedCommitLsn, s.committedLsn);
  }

  persist(node: HarnessNode, ready: PalfReady): void {
    if (ready.truncateFrom !== null) node.disk.length = Math.min(node.disk.length, ready.truncateFrom - 1);
    for (const e of ready.persist) {
      assert(e.lsn === node.disk.length + 1, `node ${node.id} persists ${e.lsn} after ${node.disk.length}`);
      node.disk.push(e);
    }
    if (ready.persist.length > 0) node.diskCommittedLsn = Math.max(node.diskCommittedLsn, ready.committedLsn);
    if (ready.persistMeta) node.meta = ready.persistMeta;
  }

  private apply(node: HarnessNode, committed: LogEntry[]): void {
    for (const e of committed) {
      const prev = node.applied.length > 0 ? node.applied[node.applied.length - 1].lsn : null;
      assert(prev === null || e.lsn === prev + 1, `node ${node.id} applies ${e.lsn} after ${prev}`);
      assert(e.lsn <= this.committedEverLsn || this.appliedEver.has(e.lsn),
        `node ${node.id} applies ${e.lsn}, which no leader committed`);
      const key = `${e.proposalId}:${text(e)}`;
      const seen = this.appliedEver.get(e.lsn);
      assert(seen === undefined || seen === key, `LSN ${e.lsn} applied as ${seen} and as ${key}`);
      this.appliedEver.set(e.lsn, key);
      node.applied.push(e);
    }
  }

  private enqueue(from: ServerId, to: ServerId, message: PalfMessage): void {
    const { rng, dropRate = 0, duplicateRate = 0 } = this.options;
    if (rng && rng.next() < dropRate) return;
    this.queue.push({ from, to, message });
    if (rng && rng.next() < duplicateRate) this.queue.push({ from, to, message });
  }

  /** Delivers one queued message (FIFO, or a random one when reordering). False when none. */
  deliverOne(): boolean {
    if (this.queue.length === 0) return false;
    const { rng, reorder } = this.options;
    const i = rng && reorder ? rng.int(this.queue.length) : 0;
    const [m] = this.queue.splice(i, 1);
    const to = this.nodes.get(m.to);
    // A message already on the wire arrives even if its sender crashed since.
    const lost = !to || !to.up || this.cut.has(`${m.from}>${m.to}`);
    this.trace?.push(`${lost ? 'lost ' : ''}${m.from}->${m.to} ${describeMessage(m.message)}`);
    if (lost) return true;
    to.replica.step(m.from, m.message);
    this.checkCommit(to);
    this.pump(to);
    return true;
  }

  /** Pumps every node and delivers messages until the network is quiet. */
  settle(): void {
    for (const n of this.nodes.values()) this.pump(n);
    let steps = 0;
    while (this.deliverOne()) assert(++steps < 1_000_000, 'network does not settle');
  }

  /** `count` ticks on every live node, settling the network after each. */
  tick(count = 1): void {
    for (let i = 0; i < count; i++) {
      for (const n of this.nodes.values()) if (n.up) n.replica.tick();
      this.settle();
    }
  }

  cutLink(a: number, b: number): void {
    this.cut.add(`${a}>${b}`).add(`${b}>${a}`);
  }

  healLink(a: number, b: number): void {
    this.cut.delete(`${a}>${b}`);
    this.cut.delete(`${b}>${a}`);
  }

  /** Isolates a node from every other one (it keeps running). */
  isolate(id: number): void {
    for (const m of this.nodes.keys()) if (m !== id) this.cutLink(id, m);
  }

  rejoin(id: number): void {
    for (const m of this.nodes.keys()) if (m !== id) this.healLink(id, m);
  }

  /** Power loss: memory is gone, the disk stays. */
  crash(id: number): void {
    this.node(id).up = false;
  }

  /**
   * Power loss in the middle of a ready batch: its entries do not reach the disk. A leader may
   * already have shipped its appends (PALF sends to followers in parallel with its own flush) —
   * but only once the batch's meta (its proposal id) was durable; a follower's acks never leave
   * before its flush.
   */
  crashMidReady(id: number): void {
    const node = this.node(id);
    if (node.up && node.replica.hasReady()) {
      const ready = node.replica.ready();
      if (node.replica.status().role === 'LEADER') {
        if (ready.persistMeta) node.meta = ready.persistMeta;
        for (const m of ready.messages) this.enqueue(node.id, m.to, m.message);
      }
    }
    node.up = false;
  }

  /** Restarts from the disk; the host replays committed entries after `appliedLsn`. */
  restart(id: number, appliedLsn = 0): void {
    const node = this.node(id);
    assert(!node.up, 'restart a crashed node');
    this.start(node, true, appliedLsn);
  }

  /** The payloads of a node's persisted log, as "proposalId:payload". */
  diskLog(id: number): string[] {
    return this.node(id).disk.map((e) => `${e.proposalId}:${text(e)}`);
  }

  appliedLog(id: number): string[] {
    return this.node(id).applied.map((e) => `${e.lsn}:${text(e)}`);
  }
}

/** One line per message, for traces: `append p1 prev 0/0 [1/1 2/1] commit 0`. */
export function describeMessage(m: PalfMessage): string {
  switch (m.type) {
    case 'append': {
      const entries = m.entries.length <= 4
        ? m.entries.map((e) => `${e.lsn}/${e.proposalId}`).join(' ')
        : `${m.entries[0].lsn}/${m.entries[0].proposalId} .. ${m.entries[m.entries.length - 1].lsn}/${m.entries[m.entries.length - 1].proposalId}`;
      return `append p${m.proposalId} prev ${m.prevLsn}/${m.prevProposalId} [${entries}] commit ${m.committedLsn}`;
    }
    case 'appendResponse':
      return m.success
        ? `ack p${m.proposalId} match ${m.matchLsn}`
        : `reject p${m.proposalId} prev ${m.rejectedLsn} hint ${m.hintLsn}/${m.hintProposalId}`;
    case 'heartbeat':
      return `heartbeat p${m.proposalId} commit ${m.committedLsn}`;
    case 'heartbeatResponse':
      return `heartbeat-ok p${m.proposalId}`;
    case 'voteRequest':
      return `vote? p${m.proposalId} last ${m.lastLsn}/${m.lastProposalId}${m.transfer ? ' transfer' : ''}`;
    case 'voteResponse':
      return `${m.granted ? 'vote-yes' : 'vote-no'} p${m.proposalId}`;
    case 'timeoutNow':
      return `timeout-now p${m.proposalId}${m.reason ? ` (${m.reason})` : ''}`;
  }
}
