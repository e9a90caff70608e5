/**
 * Safety invariants of a simulated cluster, checked continuously while a fault schedule runs
 * (issue #4's seeded simulation test; TigerBeetle's VOPR and etcd's rafttest checkers).
 *
 * `ClusterMonitor` samples every live server's log stream replicas on a timer of the shared virtual
 * clock — synchronously, so a sample is one instant of the whole cluster — and records violations:
 * - `lease`: at most one replica per (tenant, LS) is LEADER with an unexpired lease, as each replica
 *   judges it on its own PALF ticks (`leaseExpiryTick > nowTick`, OceanBase's leader lease);
 * - `proposal`: one leader per proposal id (PALF's term) of an LS over the whole run, across restarts;
 * - `apply`: a replica never applies past its committed LSN (the LS's and PALF's applied LSNs);
 * - `log`: replicated logs agree — every entry at or below a replica's committed LSN equals
 *   (proposal id + payload bytes) what every other replica ever had committed at that LSN; once
 *   recorded, a committed entry never changes, not even across a replica's kill and restart;
 * - `crash`: no server hits an assertion (ObServer status CRASHED).
 * Violations carry the virtual time; the test prints them with the seed and the fault schedule.
 *
 * Invariant of the monitor itself: it only reads (PALF status, clog reads); it never changes a
 * server's state, so a run with the monitor differs from one without only by its own timer.
 */
import type { LogEntry } from '../../palf/types';
import type { LogStream } from '../../logstream/log_stream';
import type { ExecuteReply, SessionOptions } from '../../server/api';
import type { ObServer } from '../../server/ob_server';
import type { SimCluster } from '../sim_cluster';

export type InvariantName = 'lease' | 'proposal' | 'apply' | 'log' | 'crash' | 'ack' | 'atomicity' | 'baseline' | 'liveness';

export interface Violation {
  invariant: InvariantName;
  /** Virtual ms since the monitor was created (the fault schedule's time 0 in a simulation run). */
  atMs: number;
  message: string;
}

/** A committed entry as first seen: which replica reported it, and its identity. */
interface CommittedEntry {
  proposalId: number;
  payload: Uint8Array;
  /** SCN and config entry, as text (both are part of the replicated entry). */
  extra: string;
  serverId: number;
}

export interface MonitorOptions {
  /** Virtual µs between two samples (default 10 ms). */
  sampleEveryUs?: number;
  /** Log checks (clog reads) every this many samples (default 10). */
  logCheckEverySamples?: number;
  /** Violations kept per invariant (default 5: the first ones tell the story). */
  keepPerInvariant?: number;
}

const lsKeyOf = (ls: LogStream): string => `${ls.tenantId}/${ls.lsId}`;

/** Continuous checker of the cluster-wide invariants listed in the module comment. */
export class ClusterMonitor {
  readonly violations: Violation[] = [];
  /** Samples taken, and the most replicas seen holding a valid lease in one LS at once. */
  samples = 0;
  maxValidLeases = 0;
  /** Committed entries verified (each LSN of each LS counted once). */
  committedEntries = 0;
  private readonly startUs: number;
  private readonly everyUs: number;
  private readonly logEvery: number;
  private readonly keep: number;
  private timer: { id: number } | null = null;
  private readonly leaderOfProposal = new Map<string, number>();
  private readonly committed = new Map<string, Map<number, CommittedEntry>>();
  /** Per server incarnation and LS: the highest LSN already compared. */
  private readonly verifiedUpTo = new WeakMap<ObServer, Map<string, number>>();
  private readonly counts = new Map<InvariantName, number>();

  constructor(private readonly cluster: SimCluster, opts: MonitorOptions = {}) {
    this.startUs = cluster.clock.nowUs();
    this.everyUs = opts.sampleEveryUs ?? 10_000;
    this.logEvery = opts.logCheckEverySamples ?? 10;
    this.keep = opts.keepPerInvariant ?? 5;
  }

  /** Starts sampling on the cluster's clock. */
  start(): void {
    const tick = () => {
      this.timer = this.cluster.clock.schedule(this.everyUs, tick);
      this.sample();
    };
    this.timer = this.cluster.clock.schedule(this.everyUs, tick);
  }

  stop(): void {
    if (this.timer) this.cluster.clock.cancel(this.timer);
    this.timer = null;
  }

  /** Records a violation (also used by the workload and end checks). */
  report(invariant: InvariantName, message: string): void {
    const n = (this.counts.get(invariant) ?? 0) + 1;
    this.counts.set(invariant, n);
    if (n <= this.keep) this.violations.push({ invariant, atMs: (this.cluster.clock.nowUs() - this.startUs) / 1000, message });
    else if (n === this.keep + 1) this.violations.push({ invariant, atMs: (this.cluster.clock.nowUs() - this.startUs) / 1000, message: '(further violations of this invariant not listed)' });
  }

  /** One instant: leases, proposal ids, applied ≤ committed, crashes; every few samples the logs. */
  sample(): void {
    try {
      this.samples++;
      const holders = new Map<string, number[]>();
      for (const [id, server] of this.liveServers()) {
        for (const ls of server.logStreams.values()) {
          if (ls.isStopped) continue;
          this.sampleReplica(id, ls, holders);
        }
      }
      for (const [key, ids] of holders) {
        this.maxValidLeases = Math.max(this.maxValidLeases, ids.length);
        if (ids.length > 1) this.report('lease', `LS ${key}: servers ${ids.join(', ')} are all LEADER with an unexpired lease`);
      }
      if (this.samples % this.logEvery === 0) this.checkLogs(false);
    } catch (e) {
      this.report('crash', `monitor sample failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    }
  }

  private sampleReplica(id: number, ls: LogStream, holders: Map<string, number[]>): void {
    const st = ls.palf.status();
    const key = lsKeyOf(ls);
    if (st.role === 'LEADER') {
      const pk = `${key}@${st.proposalId}`;
      const prev = this.leaderOfProposal.get(pk);
      if (prev === undefined) this.leaderOfProposal.set(pk, id);
      else if (prev !== id) this.report('proposal', `LS ${key}: proposal id ${st.proposalId} led by server ${prev} and by server ${id}`);
      const el = st.election;
      if (el && el.leaseExpiryTick !== null && el.leaseExpiryTick > el.nowTick) {
        const list = holders.get(key) ?? [];
        list.push(id);
        holders.set(key, list);
      }
    }
    if (st.appliedLsn > st.committedLsn) this.report('apply', `LS ${key} on server ${id}: PALF applied LSN ${st.appliedLsn} > committed LSN ${st.committedLsn}`);
    if (ls.appliedLsn > st.committedLsn) this.report('apply', `LS ${key} on server ${id}: LS applied LSN ${ls.appliedLsn} > committed LSN ${st.committedLsn}`);
  }

  /** Live, not crashed servers by id; a crashed one is reported. */
  private liveServers(): [number, ObServer][] {
    const out: [number, ObServer][] = [];
    for (const id of this.cluster.aliveIds()) {
      const server = this.cluster.server(id);
      if (!server) continue;
      if (server.status === 'CRASHED') {
        this.report('crash', `server ${id} crashed: ${(server as unknown as { crashMessage?: string }).crashMessage ?? '(no message)'}`);
        continue;
      }
      if (server.status === 'ACTIVE') out.push([id, server]);
    }
    return out;
  }

  /**
   * Compares every live replica's committed log entries with those recorded so far. `full`:
   * re-reads each replica's whole committed log (the end check); otherwise only what is new since
   * this incarnation's last check. Returns the number of entries read.
   */
  checkLogs(full: boolean): number {
    let read = 0;
    for (const [id, server] of this.liveServers()) {
      let upTo = this.verifiedUpTo.get(server);
      if (!upTo) this.verifiedUpTo.set(server, (upTo = new Map()));
      for (const ls of server.logStreams.values()) {
        if (ls.isStopped) continue;
        const key = lsKeyOf(ls);
        const st = ls.palf.status();
        const end = Math.min(st.committedLsn, ls.clog.lastLsn);
        const from = Math.max(ls.clog.firstLsn, full ? 1 : (upTo.get(key) ?? 0) + 1);
        if (end < from) continue;
        read += this.compareRange(id, ls, key, from, end);
        upTo.set(key, end);
      }
    }
    return read;
  }

  private compareRange(id: number, ls: LogStream, key: string, from: number, end: number): number {
    let known = this.committed.get(key);
    if (!known) this.committed.set(key, (known = new Map()));
    let at = from;
    while (at <= end) {
      const batch: LogEntry[] = ls.clog.read(at as never, Math.min(256, end - at + 1));
      if (batch.length === 0) {
        this.report('log', `LS ${key} on server ${id}: committed LSN ${end} but the clog ends before ${at}`);
        return at - from;
      }
      for (const e of batch) {
        const seen = known.get(e.lsn);
        const extra = extraOf(e);
        if (!seen) {
          known.set(e.lsn, { proposalId: e.proposalId, payload: e.payload, extra, serverId: id });
          this.committedEntries++;
        } else if (seen.proposalId !== e.proposalId || !sameBytes(seen.payload, e.payload) || seen.extra !== extra) {
          this.report('log', `LS ${key} LSN ${e.lsn}: server ${id} has committed (proposal ${e.proposalId}, ${e.payload.length} bytes, ${extra}) ` +
            `but server ${seen.serverId} had (proposal ${seen.proposalId}, ${seen.payload.length} bytes, ${seen.extra})`);
        }
      }
      at += batch.length;
    }
    return end - from + 1;
  }
}

/**
 * Runs `sql` on server `id` like `SimCluster.sql`, but gives up after `timeoutMs` of virtual time
 * (resolving null: the statement may still be running). A statement must end within
 * ob_query_timeout (10 s); one that does not is a liveness bug the caller reports.
 */
export async function sqlWithin(
  c: SimCluster, id: number, sql: string, options: SessionOptions, timeoutMs: number,
): Promise<ExecuteReply | 'timeout' | Error> {
  let timer: { id: number } | null = null;
  const expired = new Promise<'timeout'>((resolve) => {
    timer = c.clock.schedule(timeoutMs * 1000, () => resolve('timeout'));
  });
  const call = c.sql(id, sql, options).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  try {
    return await c.pumped(Promise.race([call, expired]));
  } finally {
    if (timer) c.clock.cancel(timer);
  }
}

/** Prepared 2PC transactions still waiting for their outcome, per live replica (diagnostics). */
export function describePrepared(c: SimCluster): string {
  const out: string[] = [];
  for (const id of c.aliveIds()) {
    const server = c.server(id);
    if (!server || server.status !== 'ACTIVE') continue;
    for (const ls of server.logStreams.values()) {
      if (ls.prepared.size === 0) continue;
      const role = ls.isServing() ? 'leader' : ls.isLeader() ? 'leader (taking over)' : 'follower';
      out.push(`server ${id} LS ${lsKeyOf(ls)} (${role}): prepared tx ${[...ls.prepared].map(([tx, p]) => `${tx}@LSN ${p.lsn}`).join(', ')}`);
    }
  }
  return out.length === 0 ? 'no prepared transactions' : out.join('; ');
}

function extraOf(e: LogEntry): string {
  return `scn ${e.scn === null ? '-' : e.scn.toString()}${e.config ? ` config ${JSON.stringify(e.config)}` : ''}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
