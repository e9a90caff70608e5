/**
 * `window.obPlayground`: the page's automation surface, used by Playwright tests, benchmarks
 * and anyone at the devtools console (no sleeping needed: every call settles when done).
 *
 * ```ts
 * window.obPlayground.ready            // Promise<void>: resolves when the cluster serves
 *                                      //   (rejects when another tab owns it or the boot failed)
 * window.obPlayground.sql(text, { serverId }?) // Promise<ExecuteReply>: runs in the page's SQL session
 *                                      //   (on `serverId` when given, as obclient -h names a server)
 * window.obPlayground.events()         // TimelineEntry[]: the event timeline ({ seq, serverId, event });
 *                                      //   elections, faults, ... with `event.atUs` in simulated µs
 *                                      //   (selected tenant, default `test`) and shows the result
 * window.obPlayground.snapshot()       // Promise<ClusterSnapshot>: a fresh cluster snapshot
 * window.obPlayground.reset()          // Promise<void>: wipe OPFS obcluster/ and boot fresh
 * window.obPlayground.restartServer(id)// Promise<void>: restart one OBServer's worker (recovery)
 * window.obPlayground.addServer('zone1') // Promise<{ serverId, zone, svrIp }>: start a new OBServer
 *                                      //   node (id 4, 5, ..., ip 10.0.0.<id>); register it with
 *                                      //   ALTER SYSTEM ADD SERVER '<ip>:2882' ZONE '<zone>' as sys
 * window.obPlayground.loadSampleData('tpch' | 'world', scale?) // Promise<ExecuteReply>
 * window.obPlayground.sstableDetail(tenantId, tabletId, 'MINI' | 'MINOR' | 'MAJOR', serverId?)
 *                                      // Promise<SstableDetail | null>: the column view's data of
 *                                      //   one replica's SSTable (default: the first server
 *                                      //   reporting the tablet); also opens the column view
 * window.obPlayground.compare(selectSql) // Promise<CompareState>: the row-vs-column comparison
 *                                      //   (also shown in the Compare tab)
 * // Issue #4 faults (each also lands on the event timeline as a `fault` event):
 * window.obPlayground.killServer(id)   // terminate one OBServer's worker (kill -9)
 * window.obPlayground.cutLink(a, b, oneWay?)   window.obPlayground.healLink(a, b)
 * window.obPlayground.cutZones('zone1', 'zone2', oneWay?)   window.obPlayground.healZones(za, zb)
 * window.obPlayground.setLinkFault({ from, to, cut, delayUs, lossRate })   // all zero heals
 * window.obPlayground.healAll()        // every link healthy again
 * window.obPlayground.setClockRate(r)  // simulated clock at r × real time (0.1 .. 10)
 * window.obPlayground.pauseClock()     window.obPlayground.resumeClock()
 * window.obPlayground.setMessageTrace(on)   // traced messages in the network store
 * // Issue #5 OBKV:
 * window.obPlayground.kv(script)       // Promise<{ output, traces, value?, error? }>: runs a KV script
 *                                      //   (TypeScript, the KV editor's globals: client, hbase, print,
 *                                      //   ...) in the same sandbox as the KV tab's Run, and shows it
 *                                      //   there; `output`: printed lines (a table as `a | b` lines);
 *                                      //   `traces`: every call's KvCallTrace (route, retries);
 *                                      //   `error`: compile errors / exception / time-limit stop,
 *                                      //   `line N: ...` when the line is known
 * window.obPlayground.hbase(commands)  // Promise<string>: runs HBase shell commands in the HBase
 *                                      //   tab's shell session (also shown there); the transcript as
 *                                      //   the shell prints it (`hbase:001:0> scan 't1'`,
 *                                      //   `ROW  COLUMN+CELL`, `1 row(s)`, `ERROR: ...`)
 * // Issue #6 scenarios (app/scenario; cells run only when called — loading runs none):
 * window.obPlayground.loadScenario(text, { step? }) // Promise<void>: parses the scenario document,
 *                                      //   boots a fresh cluster of its topology in its own storage
 *                                      //   (your cluster is kept), creates its tenants and shows it
 *                                      //   in the scenario pane at cell `step`; rejects with
 *                                      //   `line:col: message` lines for a bad document, or when the
 *                                      //   cluster did not start
 * window.obPlayground.runCell(i)       // Promise<CellRun>: runs cell i ({ index, ok, output,
 *                                      //   expectation: 'none' | 'pass' | 'fail', diff })
 * window.obPlayground.runAll()         // Promise<CellRun[]>: the cells from the current one to the
 *                                      //   end, stopping after the first failure
 * window.obPlayground.waitFor('leader of ls 1001 in zone2', timeoutMs?) // Promise<boolean>: an admin
 *                                      //   `wait for …` condition (leaders, server 2 active, major
 *                                      //   compaction, balance, sql returns …); false on timeout
 * window.obPlayground.on('cell', (run: CellRun) => …)       // () => void (unsubscribe): cell runs
 * window.obPlayground.on('event', (e: TimelineEntry) => …)  // new timeline events (elections, faults, …)
 * window.obPlayground.scenario()       // ScenarioApiState: { open, phase, title, current, cells:
 *                                      //   [{ kind, source, expected }], runs: CellRun[], errors }
 * ```
 * `ready` is a getter: after `reset()` it is the new boot's promise.
 */
import type { LinkFault } from '../../engine/env/index';
import type { ExecuteReply } from '../../engine/server/api';
import type { ClusterSnapshot, SstableDetail, SstableType } from '../../engine/server/snapshot';
import { useClusterStore } from '../state/clusterStore';
import { useEventStore, type TimelineEntry } from '../state/eventStore';
import type { CompareState } from '../state/compareStore';
import { useStorageStore } from '../state/storageStore';
import { openColumnView } from './columnView';
import { compareRowColumn, compareState } from './compare';
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import { runHBaseForApi } from '../hbase/hbaseRunner';
import { compileKvText } from '../kv/compile';
import { runKvScript, type KvScriptAnswer } from '../kv/runScript';
import { benchApi } from './benchApi';
import type { CellRun } from '../../engine/scenario/types';
import { scenarioApiState, scenarioWaitFor, subscribeScenario, loadScenarioForApi, type ScenarioApiState } from '../scenario/scenarioApi';
import { runAll as runAllCells, runCell as runScenarioCell } from '../scenario/scenarioActions';
import {
  addServer, cutLink, cutZones, healAll, healLink, healZones, killServer, loadSampleData, pauseClock, refreshSnapshot, resetCluster,
  restartServer, resumeClock, runSql, setClockRate, setLinkFault, setMessageTrace, whenReady, type SampleDataset,
} from './playground';

export interface ObPlaygroundApi {
  readonly ready: Promise<void>;
  sql(text: string, options?: { serverId?: number }): Promise<ExecuteReply>;
  events(): TimelineEntry[];
  snapshot(): Promise<ClusterSnapshot>;
  reset(): Promise<void>;
  restartServer(serverId: number): Promise<void>;
  addServer(zone: string): Promise<WorkerServerInfo>;
  loadSampleData(name: SampleDataset, scale?: number): Promise<ExecuteReply>;
  sstableDetail(tenantId: number, tabletId: number, type: SstableType, serverId?: number): Promise<SstableDetail | null>;
  compare(sql: string): Promise<CompareState>;
  killServer(serverId: number): void;
  cutLink(a: number, b: number, oneWay?: boolean): void;
  healLink(a: number, b: number): void;
  cutZones(zoneA: string, zoneB: string, oneWay?: boolean): void;
  healZones(zoneA: string, zoneB: string): void;
  healAll(): void;
  setLinkFault(fault: LinkFault): void;
  setClockRate(rate: number): void;
  pauseClock(): void;
  resumeClock(): void;
  setMessageTrace(on: boolean): void;
  kv(script: string): Promise<KvScriptAnswer>;
  hbase(commands: string): Promise<string>;
  loadScenario(text: string, options?: { step?: number }): Promise<void>;
  runCell(index: number): Promise<CellRun>;
  runAll(): Promise<CellRun[]>;
  waitFor(condition: string, timeoutMs?: number): Promise<boolean>;
  on(event: 'cell', cb: (run: CellRun) => void): () => void;
  on(event: 'event', cb: (entry: TimelineEntry) => void): () => void;
  scenario(): ScenarioApiState;
}

/** The first server (in id order) whose snapshot reports the tablet. */
function serverWithTablet(tenantId: number, tabletId: number): number | null {
  const servers = [...(useClusterStore.getState().snapshot?.servers ?? [])].sort((a, b) => a.serverId - b.serverId);
  return servers.find((s) => s.tablets.some((t) => t.tenantId === tenantId && t.tabletId === tabletId))?.serverId ?? null;
}

declare global {
  interface Window {
    obPlayground: ObPlaygroundApi;
  }
}

export function installWindowApi(): void {
  const api: ObPlaygroundApi = {
    get ready() {
      return whenReady();
    },
    sql: (text, options) => runSql(text, options),
    events: () => useEventStore.getState().entries,
    async snapshot() {
      await whenReady();
      const snap = await refreshSnapshot();
      if (!snap) throw new Error('no OBServer is alive');
      return snap;
    },
    reset: () => resetCluster(),
    restartServer: (id) => restartServer(id),
    async addServer(zone) {
      await whenReady();
      return addServer(zone);
    },
    loadSampleData: (name, scale) => loadSampleData(name, scale),
    async sstableDetail(tenantId, tabletId, type, serverId) {
      await whenReady();
      await refreshSnapshot();
      const id = serverId ?? serverWithTablet(tenantId, tabletId);
      if (id === null) return null;
      await openColumnView({ tenantId, tabletId, type, serverId: id }, `tablet ${tabletId} · ${type} on server ${id}`);
      const cv = useStorageStore.getState().columnView;
      if (cv?.error) throw new Error(cv.error);
      return cv?.detail ?? null;
    },
    async compare(sql) {
      await compareRowColumn(sql);
      return compareState();
    },
    killServer: (id) => killServer(id),
    cutLink: (a, b, oneWay) => cutLink(a, b, oneWay),
    healLink: (a, b) => healLink(a, b),
    cutZones: (za, zb, oneWay) => cutZones(za, zb, oneWay),
    healZones: (za, zb) => healZones(za, zb),
    healAll: () => healAll(),
    setLinkFault: (f) => setLinkFault(f),
    setClockRate: (rate) => setClockRate(rate),
    pauseClock: () => pauseClock(),
    resumeClock: () => resumeClock(),
    setMessageTrace: (on) => setMessageTrace(on),
    async kv(script) {
      await whenReady();
      return runKvScript('api', (monaco) => compileKvText(monaco, script));
    },
    async hbase(commands) {
      await whenReady();
      return runHBaseForApi(commands);
    },
    loadScenario: (text, options) => loadScenarioForApi(text, options?.step),
    runCell: (index) => runScenarioCell(index),
    runAll: () => runAllCells(),
    waitFor: (condition, timeoutMs) => scenarioWaitFor(condition, timeoutMs),
    on: ((event: 'cell' | 'event', cb: (x: never) => void) => subscribeScenario(event, cb)) as ObPlaygroundApi['on'],
    scenario: () => scenarioApiState(),
    ...benchApi, // window.obPlayground.bench (benchmarks: app/host/benchApi.ts)
  };
  window.obPlayground = api;
}
