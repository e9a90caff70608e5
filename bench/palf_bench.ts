/**
 * The `palf` benchmarks (`BENCH_ONLY=palf npm run bench`): PALF, the replicated log under every
 * log stream, measured on `PalfGroup` (bench/palf_harness.ts — N `PalfReplica`s with clogs on
 * memory file systems, an instant in-process network delivered in rounds). Figures only; nothing
 * here asserts a timing (architecture §8).
 *
 * 1. `palf_commit_single` / `palf_commit_group`: commits with 1, 3 and 5 F replicas. Single: one
 *    proposer waits for each commit (applied on the leader) before the next — the wall time is the
 *    CPU cost of the protocol and the clog (the network is instant); also messages and round trips
 *    per commit. Group: up to `inflight` proposals outstanding, so PALF batches them (group commit).
 *    sql.js does the same rows (same payload bytes) as one transaction per row and as one batch.
 * 2. `palf_failover_<n>f[_ranked]`: simulated failover time (ms of PALF ticks) over seeded runs:
 *    a leader elected, a random number of ticks of traffic, the leader crashed, ticks until a new
 *    leader's no-op is committed (`takeoverDone`). Equal priorities, and `_ranked` with priorities
 *    in replica order (a primary zone), the top-priority leader killed. No comparison engine.
 * 3. `palf_catchup_<n>`: a follower down while the leader commits n entries, restarted from its
 *    clog and caught up: entries/s, MB/s of payload, wall ms, round trips, simulated ms.
 *
 * Each record is one JSON line `{"bench","engine","metric","value","unit"}` (bench/record.ts).
 */
import initSqlJs, { type Database } from 'sql.js';
import { PALF_ELECTION_TIMEOUT_MS, PALF_LEASE_MS, PALF_TICK_MS } from '../engine/common/limits';
import { SeededRng } from '../engine/env/memory';
import { PalfGroup, type PalfNode } from './palf_harness';
import { emitError, round, type BenchRecord } from './record';

/** Election timing as the servers configure it (engine/common/limits.ts; lease 4 s, reference §3.3). */
const ELECTION_TIMEOUT_TICKS = PALF_ELECTION_TIMEOUT_MS / PALF_TICK_MS;
const LEASE_TICKS = PALF_LEASE_MS / PALF_TICK_MS;
/** The recovery-time objective the failover figures are checked against, ms. */
const RTO_MS = 8000;

const OURS = 'oceanbase-playground' as const;
const SQLJS = 'sql.js' as const;

export interface PalfBenchOptions {
  /** Commits of the single-proposer run per replica count. */
  singleCommits: number;
  /** Commits of the group-commit run per replica count. */
  groupCommits: number;
  /** Proposals outstanding in the group-commit run. */
  inflight: number;
  payloadBytes: number;
  /** Seeded failover runs per configuration (≥ 200 for the distribution). */
  failoverRuns: number;
  /** Entries the leader commits while a follower is down, one catch-up run each. */
  catchupEntries: number[];
  emit: (r: BenchRecord) => void;
}

/** Runs every `palf` benchmark; a step that fails is reported as an `error` line. */
export async function runPalfBench(o: PalfBenchOptions): Promise<void> {
  const payloads = makePayloads(o.payloadBytes);
  for (const step of [
    () => benchCommitOurs(o, payloads),
    () => benchCommitSqlJs(o, payloads),
    () => benchFailover(o),
    () => benchCatchup(o, payloads),
  ]) {
    try {
      await step();
    } catch (e) {
      emitError('palf', OURS, e, o.emit);
    }
  }
}

/** 64 distinct seeded payloads of `bytes` bytes, cycled by the proposers. */
function makePayloads(bytes: number): Uint8Array[] {
  const rng = new SeededRng(4);
  return Array.from({ length: 64 }, () => {
    const p = new Uint8Array(bytes);
    for (let i = 0; i < bytes; i++) p[i] = rng.int(256);
    return p;
  });
}

/** A group whose leader is ready to take proposals (fixed leader 1, its first entry committed). */
async function readyGroup(size: number): Promise<PalfGroup> {
  const g = await PalfGroup.create({ size });
  g.propose(new Uint8Array(0));
  g.settle();
  return g;
}

async function benchCommitOurs(o: PalfBenchOptions, payloads: Uint8Array[]): Promise<void> {
  // Warm-up (JIT) so that the first configuration measured is not the cold one.
  await commitSingle(3, Math.min(o.singleCommits, 5000), payloads);
  await commitGroup(3, Math.min(o.groupCommits, 20_000), o.inflight, payloads);
  for (const size of [1, 3, 5]) {
    const single = await commitSingle(size, o.singleCommits, payloads);
    const suffix = `_${size}f`;
    o.emit({ bench: 'palf_commit_single', engine: OURS, metric: `latency_mean${suffix}`, value: round(single.meanUs, 2), unit: 'us' });
    o.emit({ bench: 'palf_commit_single', engine: OURS, metric: `latency_p99${suffix}`, value: round(single.p99Us, 2), unit: 'us' });
    o.emit({ bench: 'palf_commit_single', engine: OURS, metric: `throughput${suffix}`, value: round(single.perSecond), unit: 'commits/s' });
    o.emit({ bench: 'palf_commit_single', engine: OURS, metric: `messages_per_commit${suffix}`, value: round(single.messagesPerCommit, 3), unit: 'count' });
    o.emit({ bench: 'palf_commit_single', engine: OURS, metric: `round_trips_per_commit${suffix}`, value: round(single.roundTripsPerCommit, 3), unit: 'count' });
    const group = await commitGroup(size, o.groupCommits, o.inflight, payloads);
    o.emit({ bench: 'palf_commit_group', engine: OURS, metric: `throughput${suffix}`, value: round(group.perSecond), unit: 'commits/s' });
    o.emit({ bench: 'palf_commit_group', engine: OURS, metric: `throughput_bytes${suffix}`, value: round(group.perSecond * o.payloadBytes / 1e6, 2), unit: 'MB/s' });
    o.emit({ bench: 'palf_commit_group', engine: OURS, metric: `messages_per_commit${suffix}`, value: round(group.messagesPerCommit, 4), unit: 'count' });
    o.emit({ bench: 'palf_commit_group', engine: OURS, metric: `round_trips_per_commit${suffix}`, value: round(group.roundTripsPerCommit, 4), unit: 'count' });
    if (size > 1) {
      o.emit({ bench: 'palf_commit_group', engine: OURS, metric: `entries_per_append${suffix}`, value: round(group.entriesPerAppend, 1), unit: 'count' });
    }
  }
}

interface CommitFigures {
  perSecond: number;
  meanUs: number;
  p99Us: number;
  messagesPerCommit: number;
  roundTripsPerCommit: number;
  entriesPerAppend: number;
}

/**
 * One proposer, one commit at a time: propose, then deliver rounds until the leader applied it.
 * Heartbeats telling the followers the new commit point travel with the next proposal's append.
 */
async function commitSingle(size: number, commits: number, payloads: Uint8Array[]): Promise<CommitFigures> {
  const g = await readyGroup(size);
  const leader = g.node(1);
  const messages0 = g.messagesDelivered;
  const latenciesUs = new Float64Array(commits);
  let commitRounds = 0;
  const t0 = performance.now();
  for (let i = 0; i < commits; i++) {
    const start = performance.now();
    const at = g.propose(payloads[i & 63]);
    while (leader.appliedLsn < at) {
      if (g.deliverRound() === 0) throw new Error(`commit ${at} stalled with ${size} replicas`);
      commitRounds++;
    }
    latenciesUs[i] = (performance.now() - start) * 1000;
    if ((i & 4095) === 4095) await g.maintain();
  }
  const elapsedMs = performance.now() - t0;
  g.settle();
  const figures: CommitFigures = {
    perSecond: commits / (elapsedMs / 1000),
    meanUs: (elapsedMs * 1000) / commits,
    p99Us: latenciesUs.sort()[Math.floor(commits * 0.99)],
    messagesPerCommit: (g.messagesDelivered - messages0) / commits,
    roundTripsPerCommit: commitRounds / 2 / commits,
    entriesPerAppend: 0,
  };
  g.close();
  return figures;
}

/** Up to `inflight` proposals outstanding: each round, top the window up, pump, deliver. */
async function commitGroup(size: number, commits: number, inflight: number, payloads: Uint8Array[]): Promise<CommitFigures> {
  const g = await readyGroup(size);
  const leader = g.node(1);
  const base = leader.appliedLsn;
  const target = base + commits;
  const messages0 = g.messagesDelivered;
  const rounds0 = g.rounds;
  let proposedLsn = base;
  let iterations = 0;
  const t0 = performance.now();
  while (leader.appliedLsn < target) {
    while (proposedLsn < target && proposedLsn - leader.appliedLsn < inflight) {
      proposedLsn = g.proposeOnly(leader, payloads[proposedLsn & 63]);
    }
    g.pump(leader);
    if (leader.appliedLsn < target && g.pending === 0 && size > 1) throw new Error(`group commit stalled at ${leader.appliedLsn}`);
    g.deliverRound();
    if ((++iterations & 63) === 0) await g.maintain();
  }
  const elapsedMs = performance.now() - t0;
  g.settle();
  const figures: CommitFigures = {
    perSecond: commits / (elapsedMs / 1000),
    meanUs: (elapsedMs * 1000) / commits,
    p99Us: 0,
    messagesPerCommit: (g.messagesDelivered - messages0) / commits,
    roundTripsPerCommit: (g.rounds - rounds0) / 2 / commits,
    entriesPerAppend: g.appendsDelivered > 0 ? g.appendEntriesShipped / g.appendsDelivered : 0,
  };
  g.close();
  return figures;
}

/** The same rows in sql.js: (lsn integer primary key, payload blob), per-row and batched. */
async function benchCommitSqlJs(o: PalfBenchOptions, payloads: Uint8Array[]): Promise<void> {
  const SQL = await initSqlJs();
  const run = (rows: number, perRow: boolean): number => {
    const db: Database = new SQL.Database();
    try {
      db.run('create table clog (lsn integer primary key, payload blob)');
      const stmt = db.prepare('insert into clog values (?, ?)');
      const t0 = performance.now();
      if (!perRow) db.run('begin');
      for (let i = 1; i <= rows; i++) {
        if (perRow) db.run('begin');
        stmt.run([i, payloads[i & 63]]);
        if (perRow) db.run('commit');
      }
      if (!perRow) db.run('commit');
      const ms = performance.now() - t0;
      stmt.free();
      return ms;
    } finally {
      db.close();
    }
  };
  const singleMs = run(o.singleCommits, true);
  o.emit({ bench: 'palf_commit_single', engine: SQLJS, metric: 'latency_mean', value: round((singleMs * 1000) / o.singleCommits, 2), unit: 'us' });
  o.emit({ bench: 'palf_commit_single', engine: SQLJS, metric: 'throughput', value: round(o.singleCommits / (singleMs / 1000)), unit: 'commits/s' });
  const groupMs = run(o.groupCommits, false);
  const perSecond = o.groupCommits / (groupMs / 1000);
  o.emit({ bench: 'palf_commit_group', engine: SQLJS, metric: 'throughput', value: round(perSecond), unit: 'rows/s' });
  o.emit({ bench: 'palf_commit_group', engine: SQLJS, metric: 'throughput_bytes', value: round(perSecond * o.payloadBytes / 1e6, 2), unit: 'MB/s' });
}

async function benchFailover(o: PalfBenchOptions): Promise<void> {
  for (const size of [3, 5]) {
    for (const ranked of [false, true]) {
      const bench = `palf_failover_${size}f${ranked ? '_ranked' : ''}`;
      const times: number[] = [];
      for (let run = 0; run < o.failoverRuns; run++) times.push(await failoverRun(size, run + 1, ranked));
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      o.emit({ bench, engine: OURS, metric: 'runs', value: times.length, unit: 'count' });
      for (const [metric, value] of [['min', times[0]], ['p50', at(0.5)], ['p90', at(0.9)], ['p99', at(0.99)],
        ['max', times[times.length - 1]], ['mean', mean]] as const) {
        o.emit({ bench, engine: OURS, metric: `failover_${metric}`, value: round(value), unit: 'ms' });
      }
      o.emit({ bench, engine: OURS, metric: 'runs_over_8s', value: times.filter((t) => t > RTO_MS).length, unit: 'count' });
    }
  }
}

/**
 * One seeded failover: elect, run 0–199 ticks with a proposal per tick, crash the leader, then
 * count ticks until another replica leads with its no-op committed. Returns simulated ms.
 */
async function failoverRun(size: number, seed: number, ranked: boolean): Promise<number> {
  const priorities = ranked ? Array.from({ length: size }, (_, i) => size - i) : undefined;
  const g = await PalfGroup.create({
    size, election: { electionTimeoutTicks: ELECTION_TIMEOUT_TICKS, leaseTicks: LEASE_TICKS, seed, priorities },
  });
  const rng = new SeededRng(seed * 31 + size);
  try {
    let guard = 0;
    while (g.servingLeader() === null) {
      if (++guard > 100 * ELECTION_TIMEOUT_TICKS) throw new Error(`no leader elected (seed ${seed})`);
      g.tick();
    }
    const payload = new Uint8Array(200);
    const steadyTicks = rng.int(200);
    for (let i = 0; i < steadyTicks; i++) {
      const leader = g.leader();
      if (leader !== null) g.propose(payload, leader.id);
      g.tick();
    }
    const old = g.leader();
    if (old === null) throw new Error(`leader lost before the crash (seed ${seed})`);
    g.crash(old.id);
    let ticks = 0;
    for (;;) {
      const next = g.servingLeader();
      if (next !== null && next.id !== old.id) break;
      if (++ticks > 100 * ELECTION_TIMEOUT_TICKS) throw new Error(`no new leader after the crash (seed ${seed})`);
      g.tick();
    }
    return ticks * PALF_TICK_MS;
  } finally {
    g.close();
  }
}

async function benchCatchup(o: PalfBenchOptions, payloads: Uint8Array[]): Promise<void> {
  for (const entries of o.catchupEntries) {
    const bench = `palf_catchup_${entries >= 1000 && entries % 1000 === 0 ? `${entries / 1000}k` : entries}`;
    const r = await catchupRun(entries, o.inflight, payloads);
    const seconds = r.wallMs / 1000;
    o.emit({ bench, engine: OURS, metric: 'throughput', value: round(entries / seconds), unit: 'entries/s' });
    o.emit({ bench, engine: OURS, metric: 'throughput_bytes', value: round((entries * o.payloadBytes) / 1e6 / seconds, 2), unit: 'MB/s' });
    o.emit({ bench, engine: OURS, metric: 'elapsed', value: round(r.wallMs), unit: 'ms' });
    o.emit({ bench, engine: OURS, metric: 'clog_open', value: round(r.openMs, 2), unit: 'ms' });
    o.emit({ bench, engine: OURS, metric: 'round_trips', value: r.rounds / 2, unit: 'count' });
    o.emit({ bench, engine: OURS, metric: 'messages', value: r.messages, unit: 'count' });
    o.emit({ bench, engine: OURS, metric: 'sim_elapsed', value: r.ticks * PALF_TICK_MS, unit: 'ms' });
  }
}

interface CatchupFigures {
  wallMs: number;
  openMs: number;
  rounds: number;
  messages: number;
  ticks: number;
}

/**
 * Replica 3 crashes; leader 1 commits `entries` with replica 2 (group commit); replica 3 restarts
 * from its clog and is ticked until it applied everything the leader committed.
 */
async function catchupRun(entries: number, inflight: number, payloads: Uint8Array[]): Promise<CatchupFigures> {
  const g = await readyGroup(3);
  try {
    const leader = g.node(1);
    g.crash(3);
    const target = leader.appliedLsn + entries;
    let proposedLsn = leader.appliedLsn;
    let iterations = 0;
    while (leader.appliedLsn < target) {
      while (proposedLsn < target && proposedLsn - leader.appliedLsn < inflight) {
        proposedLsn = g.proposeOnly(leader, payloads[proposedLsn & 63]);
      }
      g.pump(leader);
      g.deliverRound();
      if ((++iterations & 63) === 0) await g.maintain();
    }
    g.settle();
    const rounds0 = g.rounds;
    const messages0 = g.messagesDelivered;
    const t0 = performance.now();
    const follower: PalfNode = await g.restart(3);
    const openMs = performance.now() - t0;
    let ticks = 0;
    while (follower.appliedLsn < target) {
      if (++ticks > 10_000) throw new Error(`follower stuck at ${follower.appliedLsn} of ${target}`);
      g.tick();
      if ((ticks & 15) === 0) await g.maintain();
    }
    const wallMs = performance.now() - t0;
    return { wallMs, openMs, rounds: g.rounds - rounds0, messages: g.messagesDelivered - messages0, ticks };
  } finally {
    g.close();
  }
}
