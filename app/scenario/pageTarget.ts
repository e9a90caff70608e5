/**
 * The page's `ScenarioTarget` (issue #6): the operations a scenario's cells need, over the page's
 * host API (app/host/playground.ts) — the same calls the buttons make, so a scenario's kill,
 * cut or clock change shows on the topology and the timeline exactly as a click would.
 *
 * - sql: `runSqlAs` (quiet sessions per tenant / server / database, not the console's session);
 * - kv: `runKvScript('api', …)`, the KV tab's sandbox (shown in the KV tab) with the routing
 *   client of the cell's tenant and database (`kvClients(session)`);
 * - hbase: one `HBaseShell` per tenant/database over its own routing client (`createKvClients`
 *   with that tenant) on the page's transport; new shells after a cluster reset;
 * - sleep(ms): simulated ms at the clock's rate, i.e. ms / rate of real time (the workers' clock
 *   runs at that rate). An `advance 600s` or a long `wait for` is real minutes, so the sleeps are
 *   stoppable: `stopPageTargetSleeps` (Stop, Close, Reset, opening another scenario) rejects the
 *   pending ones and every later one until `allowPageTargetSleeps` (the next cell or setup starts).
 *
 * Invariants: no method throws for an error of the command itself (SQL errors are in the reply,
 * KV in `error`, shell errors in the outputs); rejections mean the page could not act.
 */
import { createKvClients } from '../../engine/client/index';
import { HBaseShell, type ShellOutput } from '../../engine/client/hbase_shell/index';
import type { ExecuteReply } from '../../engine/server/api';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { KvRunOutput, ScenarioTarget, TargetServer } from '../../engine/scenario/types';
import {
  currentClusterHost, cutLink, cutZones, deploymentServers, healAll, healLink, healZones, killServer, pauseClock, refreshSnapshot,
  restartServer, resumeClock, runSqlAs, setClockRate, setLinkFault, whenReady,
} from '../host/playground';
import { kvTransport } from '../host/kvHost';
import { compileKvText } from '../kv/compile';
import { runKvScript, type KvScriptAnswer } from '../kv/runScript';
import { useNetworkStore } from '../state/networkStore';

/**
 * The KV tab's answer as a cell's output: printed lines, then the returned value's lines (as the
 * headless runner prints them), and the error split from runScript's `line N: message` form.
 */
export function kvAnswerToOutput(answer: KvScriptAnswer): KvRunOutput {
  const lines = answer.value === undefined ? [...answer.output] : [...answer.output, ...answer.value.split('\n')];
  if (answer.error === undefined) return { lines, error: null, errorLine: null };
  const first = /^line (\d+): /.exec(answer.error);
  return {
    lines,
    error: first ? answer.error.slice(first[0].length) : answer.error,
    errorLine: first ? Number(first[1]) : null,
  };
}

/** Real ms to wait for `simMs` of simulated time at `rate` × real time. */
export function realMsFor(simMs: number, rate: number): number {
  return rate > 0 ? simMs / rate : simMs;
}

let shells = new Map<string, HBaseShell>();
let shellsGeneration = -1;

function hbaseShell(tenant: string, database: string): HBaseShell {
  const { generation } = currentClusterHost();
  if (generation !== shellsGeneration) {
    shells = new Map();
    shellsGeneration = generation;
  }
  const key = `${tenant}/${database}`;
  let shell = shells.get(key);
  if (!shell) {
    const { globals } = createKvClients(kvTransport(), {
      tenant,
      database,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      nowUs: () => Math.round(performance.now() * 1000),
    });
    shell = new HBaseShell({ api: globals, nowMs: () => performance.now(), user: `root@${tenant}`, tenant, database });
    shells.set(key, shell);
  }
  return shell;
}

/** Rejections of the sleeps now pending (one per sleep). */
const pendingSleeps = new Set<(reason: Error) => void>();
/** Why sleeps are refused now (set by a stop, cleared when the next cell or setup starts); null: they run. */
let sleepsStopped: string | null = null;

/**
 * Waits `realMs` of real time, unless stopped: rejects with `Error(why)` at once when
 * `stopPageTargetSleeps(why)` is called meanwhile or was called since the last `allowPageTargetSleeps`.
 */
export function stoppableSleep(realMs: number): Promise<void> {
  if (sleepsStopped !== null) return Promise.reject(new Error(sleepsStopped));
  return new Promise((resolve, reject) => {
    const cancel = (reason: Error) => {
      clearTimeout(timer);
      pendingSleeps.delete(cancel);
      reject(reason);
    };
    const timer = setTimeout(() => {
      pendingSleeps.delete(cancel);
      resolve();
    }, realMs);
    pendingSleeps.add(cancel);
  });
}

/**
 * Ends the running cell's waits (`advance`, `wait for`, the setup's wait for leaders): the pending
 * sleeps reject with `why` (the cell fails with `ERROR: <why>`), and so does every sleep until
 * `allowPageTargetSleeps`.
 */
export function stopPageTargetSleeps(why: string): void {
  sleepsStopped = why;
  for (const cancel of [...pendingSleeps]) cancel(new Error(why));
}

/** Lets sleeps run again (called as a cell or the setup starts). */
export function allowPageTargetSleeps(): void {
  sleepsStopped = null;
}

/** Drops the scenario's HBase shells (a scenario reset or close: prompt numbers start again). */
export function resetPageTargetSessions(): void {
  shells = new Map();
}

function act(fn: () => void): Promise<void> {
  try {
    fn();
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function currentFault(from: number, to: number) {
  return useNetworkStore.getState().faults.find((f) => f.from === from && f.to === to) ?? { from, to, cut: false, delayUs: 0, lossRate: 0 };
}

/** The page's target (one object: its state is the page's cluster). */
export const pageTarget: ScenarioTarget = {
  servers(): readonly TargetServer[] {
    return [...deploymentServers()].sort((a, b) => a.serverId - b.serverId).map((s) => ({ serverId: s.serverId, zone: s.zone, svrIp: s.svrIp }));
  },
  sql(text, session): Promise<ExecuteReply> {
    return runSqlAs(text, session);
  },
  async kv(script, session): Promise<KvRunOutput> {
    await whenReady();
    return kvAnswerToOutput(await runKvScript('api', (monaco) => compileKvText(monaco, script), undefined, session));
  },
  async hbase(commands, session): Promise<ShellOutput[]> {
    await whenReady();
    if (commands.trim() === '') return [];
    return hbaseShell(session.tenant, session.database).run(commands);
  },
  killServer: (id) => act(() => {
    if (!deploymentServers().some((s) => s.serverId === id)) throw new Error(`no server ${id} in this cluster`);
    killServer(id);
  }),
  startServer: (id) => restartServer(id),
  cutLink: (a, b, oneWay) => act(() => cutLink(a, b, oneWay)),
  healLink: (a, b) => act(() => healLink(a, b)),
  cutZones: (a, b, oneWay) => act(() => cutZones(a, b, oneWay)),
  healZones: (a, b) => act(() => healZones(a, b)),
  healAll: () => act(() => healAll()),
  setLinkFault: (from, to, delayUs, lossRate) =>
    act(() => {
      const f = currentFault(from, to);
      setLinkFault({ from, to, cut: f.cut, delayUs: delayUs ?? f.delayUs, lossRate: lossRate ?? f.lossRate });
    }),
  pauseClock: () => act(() => pauseClock()),
  resumeClock: () => act(() => resumeClock()),
  setClockRate: (rate) => act(() => setClockRate(rate)),
  clockPaused: () => useNetworkStore.getState().clock.paused,
  async snapshot(): Promise<ClusterSnapshot> {
    const snap = await refreshSnapshot();
    if (!snap) throw new Error('no OBServer is alive');
    return snap;
  },
  sleep(ms) {
    return stoppableSleep(realMsFor(ms, useNetworkStore.getState().clock.rate));
  },
};
