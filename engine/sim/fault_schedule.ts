/**
 * Seeded random fault schedules for the simulator (TigerBeetle's VOPR, conventions §22): a list of
 * timed faults — kill and restart of a minority of servers, one- or two-way link cuts and heals,
 * link delays and losses — drawn from one seed, and a runner that applies them to a `SimCluster`
 * at their virtual times. The same seed and options give the same schedule, so a failing
 * simulation is reproduced by re-running its seed (print `formatSchedule(...)` to read it).
 *
 * Invariants of a generated schedule: times ascend; never more than `maxDown` servers are down at
 * once (default: a minority, ⌊(n − 1) / 2⌋); only a down server is restarted; it ends (at
 * `durationMs`) with every server restarted and every link healed, so a checker can demand
 * convergence afterwards.
 */
import { assert } from '../common/assert';
import { SeededRng } from '../env/memory';
import type { SimCluster } from './sim_cluster';

export type FaultAction =
  | { type: 'kill'; serverId: number }
  | { type: 'restart'; serverId: number }
  | { type: 'cut'; from: number; to: number; oneWay: boolean }
  | { type: 'heal'; a: number; b: number }
  | { type: 'delay'; from: number; to: number; delayUs: number }
  | { type: 'loss'; from: number; to: number; lossRate: number }
  | { type: 'healAll' };

export interface FaultStep {
  /** Virtual ms after the schedule starts. */
  atMs: number;
  action: FaultAction;
}

export interface FaultScheduleOptions {
  /** The servers faults may hit. */
  serverIds: number[];
  /** Length of the faulty period, virtual ms; the final restarts and heal happen then. */
  durationMs: number;
  /** Mean gap between faults, virtual ms (default 400). */
  meanGapMs?: number;
  /** Servers down at most at once (default a minority: ⌊(n − 1) / 2⌋). */
  maxDown?: number;
  /** Largest link delay drawn, µs (default 50 ms). */
  maxDelayUs?: number;
  /** Largest loss rate drawn (default 0.3). */
  maxLossRate?: number;
  /** Relative weights of the fault kinds (default all 1; 0 disables one). */
  weights?: Partial<Record<'kill' | 'restart' | 'cut' | 'heal' | 'delay' | 'loss', number>>;
}

type Kind = 'kill' | 'restart' | 'cut' | 'heal' | 'delay' | 'loss';
const KINDS: Kind[] = ['kill', 'restart', 'cut', 'heal', 'delay', 'loss'];

/** Draws a fault schedule from `seed` (see the module comment for its invariants). */
export function randomFaultSchedule(seed: number, opts: FaultScheduleOptions): FaultStep[] {
  const ids = [...opts.serverIds].sort((a, b) => a - b);
  assert(ids.length >= 1 && opts.durationMs > 0, 'a schedule needs servers and a duration');
  const rng = new SeededRng(seed ^ 0x5eed_f417);
  const maxDown = opts.maxDown ?? Math.floor((ids.length - 1) / 2);
  const meanGapMs = opts.meanGapMs ?? 400;
  const down = new Set<number>();
  const faulty = new Set<string>(); // links with a fault, as `a-b` with a < b
  const steps: FaultStep[] = [];
  const pick = <T>(xs: T[]): T => xs[rng.int(xs.length)];
  let atMs = 0;
  for (;;) {
    atMs += Math.max(1, Math.round(-Math.log(1 - rng.next()) * meanGapMs));
    if (atMs >= opts.durationMs) break;
    const possible = KINDS.filter((k) => weightOf(opts, k) > 0 && feasible(k, ids, down, faulty, maxDown));
    if (possible.length === 0) continue;
    const kind = weighted(rng, possible, (k) => weightOf(opts, k));
    const action = draw(kind, rng, ids, down, faulty, opts, pick);
    steps.push({ atMs, action });
  }
  for (const id of [...down].sort((a, b) => a - b)) steps.push({ atMs: opts.durationMs, action: { type: 'restart', serverId: id } });
  steps.push({ atMs: opts.durationMs, action: { type: 'healAll' } });
  return steps;
}

function weightOf(opts: FaultScheduleOptions, k: Kind): number {
  return opts.weights?.[k] ?? 1;
}

function feasible(k: Kind, ids: number[], down: Set<number>, faulty: Set<string>, maxDown: number): boolean {
  if (k === 'kill') return down.size < maxDown;
  if (k === 'restart') return down.size > 0;
  if (k === 'heal') return faulty.size > 0;
  return ids.length >= 2;
}

function weighted<T>(rng: SeededRng, xs: T[], w: (x: T) => number): T {
  const total = xs.reduce((n, x) => n + w(x), 0);
  let r = rng.next() * total;
  for (const x of xs) {
    r -= w(x);
    if (r < 0) return x;
  }
  return xs[xs.length - 1];
}

function draw(
  kind: Kind, rng: SeededRng, ids: number[], down: Set<number>, faulty: Set<string>, opts: FaultScheduleOptions,
  pick: <T>(xs: T[]) => T,
): FaultAction {
  if (kind === 'kill') {
    const id = pick(ids.filter((i) => !down.has(i)));
    down.add(id);
    return { type: 'kill', serverId: id };
  }
  if (kind === 'restart') {
    const id = pick([...down].sort((a, b) => a - b));
    down.delete(id);
    return { type: 'restart', serverId: id };
  }
  if (kind === 'heal') {
    const [a, b] = pick([...faulty].sort()).split('-').map(Number);
    faulty.delete(`${a}-${b}`);
    return { type: 'heal', a, b };
  }
  const from = pick(ids);
  const to = pick(ids.filter((i) => i !== from));
  faulty.add(`${Math.min(from, to)}-${Math.max(from, to)}`);
  if (kind === 'cut') return { type: 'cut', from, to, oneWay: rng.next() < 0.3 };
  if (kind === 'delay') return { type: 'delay', from, to, delayUs: 1_000 + rng.int(Math.max(1, (opts.maxDelayUs ?? 50_000) - 1_000)) };
  return { type: 'loss', from, to, lossRate: Math.round(rng.next() * (opts.maxLossRate ?? 0.3) * 100) / 100 || 0.01 };
}

/** Applies one fault to the simulator (a kill of a down server or restart of a live one is skipped). */
export async function applyFault(cluster: SimCluster, action: FaultAction): Promise<void> {
  switch (action.type) {
    case 'kill':
      cluster.kill(action.serverId);
      return;
    case 'restart':
      if (!cluster.isAlive(action.serverId) && !cluster.isBooting(action.serverId)) await cluster.restart(action.serverId);
      return;
    case 'cut':
      cluster.cutLink(action.from, action.to, action.oneWay);
      return;
    case 'heal':
      cluster.healLink(action.a, action.b);
      return;
    case 'delay': {
      const f = cluster.network.linkFault(action.from, action.to) ?? { from: action.from, to: action.to, cut: false, delayUs: 0, lossRate: 0 };
      cluster.setLinkFault({ ...f, delayUs: action.delayUs });
      return;
    }
    case 'loss': {
      const f = cluster.network.linkFault(action.from, action.to) ?? { from: action.from, to: action.to, cut: false, delayUs: 0, lossRate: 0 };
      cluster.setLinkFault({ ...f, lossRate: action.lossRate });
      return;
    }
    case 'healAll':
      cluster.healAll();
      return;
  }
}

/**
 * Runs `schedule` on `cluster`: advances virtual time to each step and applies it (`onStep` is
 * called after each). A restart boots in the background (a server whose boot waits for a majority
 * must not stall the heal that would give it one); the runner waits for every boot at the end.
 * Rejects with the first boot failure that was not a kill during the boot. A workload may run
 * concurrently: the simulator's pump is shared.
 */
export async function runFaultSchedule(
  cluster: SimCluster, schedule: FaultStep[], onStep?: (step: FaultStep) => void | Promise<void>,
): Promise<void> {
  const startUs = cluster.clock.nowUs();
  const boots: Promise<void>[] = [];
  const failures: unknown[] = [];
  for (const step of schedule) {
    const dueUs = startUs + step.atMs * 1000;
    if (cluster.clock.nowUs() < dueUs) await cluster.advance((dueUs - cluster.clock.nowUs()) / 1000);
    const a = step.action;
    if (a.type === 'restart') {
      if (!cluster.isBooting(a.serverId) && !cluster.isAlive(a.serverId)) {
        boots.push(cluster.restart(a.serverId).catch((e) => {
          if (!(e instanceof Error && /server is not alive/.test(e.message))) failures.push(e);
        }));
      }
    } else {
      await applyFault(cluster, a);
    }
    await onStep?.(step);
  }
  await cluster.pumped(Promise.all(boots));
  if (failures.length > 0) throw failures[0];
}

/** One line per step, for a failing seed's report: `1234 ms  kill 2`. */
export function formatSchedule(schedule: FaultStep[]): string {
  return schedule.map((s) => `${String(s.atMs).padStart(6)} ms  ${formatAction(s.action)}`).join('\n');
}

function formatAction(a: FaultAction): string {
  switch (a.type) {
    case 'kill':
    case 'restart':
      return `${a.type} ${a.serverId}`;
    case 'cut':
      return `cut ${a.from} ${a.oneWay ? '→' : '↔'} ${a.to}`;
    case 'heal':
      return `heal ${a.a} ↔ ${a.b}`;
    case 'delay':
      return `delay ${a.from} → ${a.to} ${a.delayUs / 1000} ms`;
    case 'loss':
      return `loss ${a.from} → ${a.to} ${Math.round(a.lossRate * 100)}%`;
    case 'healAll':
      return 'heal all';
  }
}
