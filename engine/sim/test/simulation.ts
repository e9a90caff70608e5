/**
 * One seeded simulation run (issue #4's test section, conventions §22): a fresh in-process cluster,
 * a random fault schedule drawn from the seed (kills and restarts of a minority, one- and two-way
 * cuts, delays, losses), the write workload of `workload.ts` running meanwhile, and the invariants
 * of `invariants.ts` checked continuously; then everything healed, the cluster settled, and the
 * end checks: every acknowledged write read back from every server, replicated logs agreeing,
 * and a major compaction whose replicas' baselines agree (DBA_OB_MAJOR_COMPACTION back to IDLE
 * with IS_ERROR = 'NO', equal major row counts at the frozen SCN on every replica).
 *
 * Everything derives from the seed, so `runSimulation(seed, sameOptions)` replays a failure
 * exactly; `formatReport` prints the seed, the options and the schedule for the bug report.
 */
import { formatSchedule, randomFaultSchedule, runFaultSchedule, type FaultStep } from '../fault_schedule';
import { SimCluster } from '../sim_cluster';
import type { ExecuteReply } from '../../server/api';
import { ClusterMonitor, describePrepared, sqlWithin, type Violation } from './invariants';
import { nodeSimOptions } from './node_host';
import { WORKLOAD_DDL, Workload, type WorkloadStats } from './workload';

export interface SimulationOptions {
  zones?: number;
  serversPerZone?: number;
  /** Faulty period, virtual ms (the schedule ends healed at this time). */
  durationMs: number;
  meanGapMs?: number;
  maxDelayUs?: number;
  maxLossRate?: number;
  clients?: number;
  /** Virtual ms allowed for leaders and catch-up after healing (default 30 s). */
  settleTimeoutMs?: number;
  /** Run the major compaction check at the end (default true). */
  majorFreeze?: boolean;
  /** Progress lines (debugging a seed): phase names with the virtual time. */
  trace?: (line: string) => void;
  /** Debugging a seed: runs after the final reads, before the major compaction. */
  inspect?: (c: SimCluster, startUs: number) => Promise<void>;
}

export interface SimulationReport {
  seed: number;
  options: SimulationOptions;
  schedule: FaultStep[];
  violations: Violation[];
  workload: WorkloadStats & { kv: number; pairs: number };
  samples: number;
  committedEntries: number;
  maxValidLeases: number;
  /** Leader elections the servers reported during the run. */
  elections: number;
  frozenScn: string | null;
  virtualMs: number;
}

/** DBA_OB_MAJOR_COMPACTION must leave COMPACTING within this much virtual time. */
const MAJOR_COMPACTION_TIMEOUT_MS = 90_000;

/** Runs one seed (see the module comment); never throws for an invariant: read `violations`. */
export async function runSimulation(seed: number, options: SimulationOptions): Promise<SimulationReport> {
  const c = await SimCluster.start(nodeSimOptions(seed, { zones: options.zones, serversPerZone: options.serversPerZone }));
  for (const ddl of WORKLOAD_DDL) await okOn(c, 1, ddl);
  const startUs = c.clock.nowUs(); // the schedule's time 0: violations and writes are timed from here
  const monitor = new ClusterMonitor(c);
  const schedule = randomFaultSchedule(seed, {
    serverIds: c.servers.map((s) => s.serverId),
    durationMs: options.durationMs,
    meanGapMs: options.meanGapMs ?? 500,
    maxDelayUs: options.maxDelayUs ?? 30_000,
    maxLossRate: options.maxLossRate ?? 0.3,
  });
  const workload = new Workload(c, monitor, seed, { clients: options.clients });
  let frozenScn: string | null = null;
  let traced = 0;
  const trace = (what: string) => {
    if (!options.trace) return;
    options.trace(`${(c.clock.nowUs() - startUs) / 1000} ms: ${what} (acked ${workload.stats.acked}, unknown ${workload.stats.unknown})`);
    for (const v of monitor.violations.slice(traced)) options.trace(`  VIOLATION ${v.invariant} at ${v.atMs} ms: ${v.message}`);
    traced = monitor.violations.length;
  };
  try {
    monitor.start();
    const running = workload.run();
    await runFaultSchedule(c, schedule, (step) => {
      trace(`step ${formatSchedule([step]).trim()}`);
      monitor.checkLogs(false);
    }).catch((e: unknown) =>
      monitor.report('liveness', `the fault schedule failed: ${errorText(e)}`));
    workload.stop();
    trace('schedule done');
    await c.pumped(running);
    trace('workload done');
    await settle(c, monitor, options.settleTimeoutMs ?? 30_000);
    trace('settled');
    monitor.checkLogs(true);
    trace('logs compared');
    for (const id of c.aliveIds()) {
      await workload.verifyFinal(id);
      trace(`verified on server ${id}`);
    }
    trace('verified');
    await options.inspect?.(c, startUs);
    if (options.majorFreeze !== false) frozenScn = await checkMajorCompaction(c, monitor);
    trace('major compaction checked');
    monitor.sample();
    monitor.checkLogs(true);
  } finally {
    monitor.stop();
    await c.stop().catch(() => {});
  }
  return {
    seed, options, schedule, violations: monitor.violations,
    workload: { ...workload.stats, ...workload.entities },
    samples: monitor.samples, committedEntries: monitor.committedEntries, maxValidLeases: monitor.maxValidLeases,
    elections: c.events.filter((e) => e.event.kind === 'election').length,
    frozenScn, virtualMs: (c.clock.nowUs() - startUs) / 1000,
  };
}

/** Heals nothing (the schedule ended healed); waits for leaders everywhere and every server caught up. */
async function settle(c: SimCluster, monitor: ClusterMonitor, timeoutMs: number): Promise<void> {
  try {
    await c.whenLeadersReady(timeoutMs);
    for (const id of c.aliveIds()) await c.whenCaughtUp(id, timeoutMs);
  } catch (e) {
    monitor.report('liveness', `the healed cluster did not settle: ${errorText(e)}`);
  }
}

/**
 * ALTER SYSTEM MAJOR FREEZE in the test tenant, then waits until DBA_OB_MAJOR_COMPACTION is IDLE
 * for the new frozen SCN with IS_ERROR = 'NO', and compares the replicas' baselines: every replica
 * of every user tablet has a MAJOR at the frozen SCN, with the same row count on every replica,
 * and the majors of each table hold as many rows as the table. Returns the frozen SCN.
 */
async function checkMajorCompaction(c: SimCluster, monitor: ClusterMonitor): Promise<string | null> {
  const server = c.aliveIds()[0];
  const before = await majorRow(c, monitor, server);
  if (!before) return fail(monitor, 'DBA_OB_MAJOR_COMPACTION is empty');
  const freeze = await retry(c, () => query(c, monitor, server, 'ALTER SYSTEM MAJOR FREEZE'));
  if (!freeze || freeze.error) return fail(monitor, `ALTER SYSTEM MAJOR FREEZE failed: ${freeze?.error?.message ?? 'no reply'}`);
  let last: Record<string, string | null> | null = null;
  try {
    await c.runUntil(async () => {
      last = await majorRow(c, monitor, server);
      return last !== null && (last.IS_ERROR === 'YES' || (last.STATUS === 'IDLE' && last.FROZEN_SCN !== before.FROZEN_SCN));
    }, MAJOR_COMPACTION_TIMEOUT_MS);
  } catch {
    return fail(monitor, `the major compaction did not finish: ${JSON.stringify(last)}`);
  }
  const m = last as unknown as Record<string, string | null>;
  if (m.IS_ERROR !== 'NO') monitor.report('baseline', `major compaction reports an error: ${JSON.stringify(m)}`);
  if (m.LAST_SCN !== m.FROZEN_SCN) monitor.report('baseline', `LAST_SCN ${m.LAST_SCN} ≠ FROZEN_SCN ${m.FROZEN_SCN}`);
  await compareBaselines(c, monitor, String(m.FROZEN_SCN));
  return String(m.FROZEN_SCN);
}

async function compareBaselines(c: SimCluster, monitor: ClusterMonitor, frozenScn: string): Promise<void> {
  const schema = c.server(c.aliveIds()[0])!.schemas.get(1002)!;
  const snaps = await Promise.all(c.aliveIds().map((id) => c.snapshot(id)));
  for (const table of ['kv', 'acct']) {
    const tablets = schema.getTable('test', table)!.partitions.map((p) => p.tabletId as number);
    let majorRows = 0;
    for (const tabletId of tablets) {
      const counts = new Map<number, number>();
      for (const s of snaps) {
        const t = s.tablets.find((x) => x.tenantId === 1002 && x.tabletId === tabletId);
        if (!t) continue; // no replica here
        const major = t.sstables.find((x) => x.type === 'MAJOR' && x.endScn === frozenScn);
        if (!major) monitor.report('baseline', `tablet ${tabletId} on server ${s.serverId} has no MAJOR at ${frozenScn} (${t.sstables.map((x) => `${x.type}@${x.endScn}`).join(', ')})`);
        else counts.set(s.serverId, major.rowCount);
      }
      const distinct = new Set(counts.values());
      if (distinct.size > 1) monitor.report('baseline', `tablet ${tabletId}: replicas' major row counts differ: ${[...counts].map(([s, n]) => `server ${s}: ${n}`).join(', ')}`);
      majorRows += counts.values().next().value ?? 0;
    }
    const reply = await query(c, monitor, c.aliveIds()[0], `SELECT COUNT(*) FROM ${table}`);
    const n = reply && !reply.error ? Number(reply.results[0].rows[0][0]) : null;
    if (n !== null && n !== majorRows) monitor.report('baseline', `${table} has ${n} rows but its majors at ${frozenScn} hold ${majorRows}`);
  }
}

async function majorRow(c: SimCluster, monitor: ClusterMonitor, server: number): Promise<Record<string, string | null> | null> {
  const reply = await query(c, monitor, server, 'SELECT * FROM oceanbase.DBA_OB_MAJOR_COMPACTION');
  if (!reply || reply.error) return null;
  const r = reply.results[0];
  return r.rows.length === 0 ? null : Object.fromEntries(r.columns.map((col, i) => [col.name, r.rows[0][i]]));
}

/** Virtual ms a check's statement may take (ob_query_timeout is 10 s). */
const CHECK_STATEMENT_TIMEOUT_MS = 30_000;

/** Runs a check's statement; a hang or a dead server is reported (liveness) and gives null. */
async function query(c: SimCluster, monitor: ClusterMonitor, server: number, sql: string): Promise<ExecuteReply | null> {
  const reply = await sqlWithin(c, server, sql, {}, CHECK_STATEMENT_TIMEOUT_MS);
  if (reply === 'timeout' || reply instanceof Error) {
    monitor.report('liveness', `${sql} on server ${server}: ${reply === 'timeout' ? `no reply within ${CHECK_STATEMENT_TIMEOUT_MS} ms` : reply.message} (${describePrepared(c)})`);
    return null;
  }
  return reply;
}

/** Runs `f` until it replies without an error (at most 5 times, 1 s of virtual time apart). */
async function retry(c: SimCluster, f: () => Promise<ExecuteReply | null>): Promise<ExecuteReply | null> {
  let reply = await f();
  for (let i = 0; i < 4 && reply?.error; i++) {
    await c.advance(1_000);
    reply = await f();
  }
  return reply;
}

function fail(monitor: ClusterMonitor, message: string): null {
  monitor.report('baseline', message);
  return null;
}

async function okOn(c: SimCluster, server: number, sql: string): Promise<void> {
  const reply = await c.sql(server, sql);
  if (reply.error) throw new Error(`${sql}: ${reply.error.message}`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The bug report of a run: seed, options, counters, violations and the schedule (reproduces it). */
export function formatReport(r: SimulationReport): string {
  return [
    `seed ${r.seed}, options ${JSON.stringify(r.options)}`,
    `workload ${JSON.stringify(r.workload)}; ${r.samples} samples, ${r.committedEntries} committed entries compared, ` +
      `${r.elections} elections, frozen SCN ${r.frozenScn ?? '-'}, ${r.virtualMs} virtual ms`,
    ...r.violations.map((v) => `VIOLATION ${v.invariant} at ${v.atMs} ms: ${v.message}`),
    'schedule:',
    formatSchedule(r.schedule),
  ].join('\n');
}
