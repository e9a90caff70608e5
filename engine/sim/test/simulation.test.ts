/**
 * The seeded simulation test of issue #4 (conventions §22, TigerBeetle's VOPR / etcd's rafttest):
 * many random fault schedules — kills and restarts of a minority, one- and two-way cuts, delays,
 * losses — over the in-process cluster under a write workload (autocommit INSERTs and UPDATEs,
 * two-row transactions over two log streams so 2PC runs, strong reads of those pairs), with the
 * invariants checked every 10 ms of virtual time and at the end:
 * at most one leader with a valid lease per LS, one leader per proposal id, applied ≤ committed,
 * committed logs equal entry by entry on every replica, every acknowledged write read back after
 * healing (a failed one may or may not have happened, never half of a 2PC transaction), and a
 * major compaction whose replicas' baselines agree.
 *
 * A failing seed prints its full report (seed, options, violations, schedule): re-running that
 * seed replays it exactly. Seeds that fail because of a known engine bug are kept, each as its own
 * named test, in `seeds.test.ts`; this sweep runs every other seed.
 * `SIM_SEEDS=n` (default 30) and `SIM_SEED_START=s` (default 1) choose the sweep;
 * `SIM_SEEDS_FIVE=n` (default 3) the 5-server runs.
 */
import { afterAll, describe, it } from 'vitest';
import { runSimulation, type SimulationReport } from './simulation';
import { SWEEP_OPTIONS, SWEEP_OPTIONS_FIVE, expectClean, expectWorkloadOverall, isKnownFailing } from './sweep';

const count = Number(process.env.SIM_SEEDS ?? 30);
const first = Number(process.env.SIM_SEED_START ?? 1);
const seeds = Array.from({ length: count }, (_, i) => first + i).filter((s) => !isKnownFailing(s, '3x1'));
const fiveCount = Number(process.env.SIM_SEEDS_FIVE ?? 3);
const fiveSeeds = Array.from({ length: fiveCount }, (_, i) => 101 + i).filter((s) => !isKnownFailing(s, '5x1'));

const reports: SimulationReport[] = [];

describe('seeded simulation: 3 zones × 1 server, random faults, write workload', () => {
  it.each(seeds)('seed %i keeps every invariant', async (seed) => {
    const report = await runSimulation(seed, SWEEP_OPTIONS);
    reports.push(report);
    expectClean(report);
  }, 120_000);

  // The sweep wrote enough to mean something: writes and 2PC transactions acknowledged.
  afterAll(() => expectWorkloadOverall(reports));
});

describe('seeded simulation: 5 zones × 1 server (up to two down at once)', () => {
  it.each(fiveSeeds)('seed %i keeps every invariant', async (seed) => {
    const report = await runSimulation(seed, SWEEP_OPTIONS_FIVE);
    expectClean(report);
  }, 120_000);
});
