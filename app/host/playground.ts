/**
 * The host API the page (and Playwright, through `window.obPlayground`) uses: boots the cluster
 * after taking single-tab ownership, keeps one SQL session per tenant bound to one server (zone1's,
 * as an ODP would route; the next live server when that one is down), polls the cluster snapshot
 * at a calm rate and right after each statement, and offers reset and per-server restart.
 *
 * It writes only what the engine reported into the stores (app/state); it computes no database
 * facts (conventions §5).
 *
 * Invariants:
 * - Statements run one at a time, in call order (a queue), like one client connection.
 * - A reset bumps `generation`; answers from the previous cluster are ignored.
 * - `ready` settles once per boot: resolved when the cluster serves, rejected when another tab
 *   owns the cluster or the boot failed.
 * - Issue #4 ALTER SYSTEM ADD SERVER: `addServer(zone)` starts a node (the host's list of added
 *   nodes lives in OPFS and boots again after a reload); registering it is the user's statement.
 * - Issue #4 faults (kill, restart, link cut/delay/loss, zone cuts, the simulated clock): the
 *   network store is the source of truth for faults, clock anchor and trace switch; every change
 *   goes to the store, then to the ClusterHost (which tells the workers), then onto the timeline
 *   as a `fault` event (server id 0: the teacher, not a server) at the simulated time.
 * - Issue #6 deployments: the page runs either the user's own cluster (`obcluster/`, lock
 *   `obcluster`, recovered across reloads) or a scenario's (`scn-<key>/`, lock `ob-scn-<key>`,
 *   booted fresh with the header's topology and clock rate). Switching stops the running
 *   cluster, releases its lock, deletes a scenario's files, then takes the other lock. Switches,
 *   resets and boots run one at a time (`switching`). A scenario never touches `obcluster/`.
 * - `ready` is one pending promise until a boot settles it; a later switch or reset starts a new
 *   one only after it settled (so `window.obPlayground.ready` read early still resolves).
 * - `runSqlAs` (the scenario's cells) has its own sessions per tenant/server/database, shares the
 *   statement queue with the console, and shows nothing in the results area.
 */
import { clusterServing } from '../../engine/scenario/condition';
import type { LinkFault } from '../../engine/env/index';
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import type { ExecuteReply } from '../../engine/server/api';
import { Errors, type ObErrorInfo } from '../../engine/common/ob_error';
import type { ScenarioHeader } from '../../engine/scenario/types';
import { describeLinkFault } from '../../engine/sim/fault_text';
import { changeClock } from '../../workers/system_clock';
import type { ClusterSnapshot, SstableDetail, SstableType } from '../../engine/server/snapshot';
import {
  clearClusterState, finishSampleLoad, noteSampleProgress, setBoot, setServerProgress, setServerRun, setSnapshot,
  startSampleLoad, useClusterStore,
} from '../state/clusterStore';
import { appendEvents, clearEvents } from '../state/eventStore';
import {
  addMessages, putFault, resetNetwork, setClockState, setFaults, setTrace, simNowUs, useNetworkStore,
} from '../state/networkStore';
import { resetCompare } from '../state/compareStore';
import { beginRun, defaultDatabase, finishRun, resetSqlState, setTenant, useSqlStore, type TenantName } from '../state/sqlStore';
import { resetStorageState } from '../state/storageStore';
import { resetKvState } from '../state/kvStore';
import { loadAddedServers, saveAddedServers } from './addedServers';
import {
  ClusterHost, scenarioDeployment, scenarioKey, topologyServers, userDeployment, type Deployment,
} from './clusterHost';
import { setDeployment, setHostNodes, setZoneStarting, useDeployment, useHostNodes } from './hostNodes';
import { removeClusterFiles, removeStaleScenarioDirs } from './opfsReset';
import { acquireClusterLock, type HeldLock } from './tabLock';

export { topologyServers, useDeployment, type Deployment };

/** Snapshot polling interval, ms (calm: the UI never needs more). */
export const SNAPSHOT_POLL_MS = 400;
/** The scale factors the Load sample data menu offers for TPC-H. */
export const TPCH_SCALES = [0.01, 0.05, 0.1] as const;
export type SampleDataset = 'tpch' | 'world';

/** The playground procedure the server's `CALL` runs to load a sample dataset. */
export function sampleDataSql(dataset: SampleDataset, scale?: number): string {
  return dataset === 'tpch' ? `CALL load_sample_data('tpch', ${scale ?? TPCH_SCALES[0]});` : `CALL load_sample_data('world');`;
}

interface Session {
  serverId: number;
  sessionId: number;
}

let host: ClusterHost | null = null;
let generation = 0;
/** Sessions by tenant (the default one) or `tenant@serverId` (one bound to a named server). */
let sessions = new Map<string, Session>();
let queue: Promise<unknown> = Promise.resolve();
let pollTimer: ReturnType<typeof setInterval> | null = null;
let snapshotInFlight: Promise<ClusterSnapshot | null> | null = null;
let snapshotQueued: Promise<ClusterSnapshot | null> | null = null;
let readyDeferred = deferred();
let readySettled = false;
/** The deployment running (or being switched to) and the lock this tab holds for it. */
let deployment: Deployment = userDeployment();
let heldLock: HeldLock | null = null;
/** Deployment switches, resets and boots, one at a time. */
let switching: Promise<unknown> = Promise.resolve();
/** `runSqlAs` sessions by `tenant@server/database`. */
let quietSessions = new Map<string, Session>();
let pagehideInstalled = false;

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

function settleReady(error?: Error): void {
  readySettled = true;
  if (error) readyDeferred.reject(error);
  else readyDeferred.resolve();
}

/** A new `ready` for the next boot, unless the current one still waits (then that one is settled by it). */
function renewReady(): void {
  if (!readySettled) return;
  readyDeferred = deferred();
  readySettled = false;
}

function listenerFor(gen: number) {
  const live = () => gen === generation;
  return {
    progress: (id: number, stage: string, fraction: number) => live() && setServerProgress(id, stage, fraction),
    serverState: (id: number, state: Parameters<typeof setServerRun>[1]['state'], message?: string) => {
      if (!live()) return;
      if (host) setHostNodes(host.nodes());
      setServerRun(id, { state, message });
      if (state === 'crashed' || (state === 'stopped' && message)) {
        const text = state === 'crashed' ? `OBServer ${id} crashed: ${message ?? ''}` : `OBServer ${id} stopped: ${message}`;
        appendEvents(id, [{ kind: 'log', level: 'error', message: text, atUs: simNowUs() }]);
        void refreshSnapshot();
      }
    },
    events: (id: number, events: Parameters<typeof appendEvents>[1]) => {
      if (!live()) return;
      appendEvents(id, events);
      for (const e of events) if (e.kind === 'sample-data-progress') noteSampleProgress(e.dataset, e.table, e.rowsDone, e.rowsTotal);
    },
    messages: (_id: number, messages: Parameters<typeof addMessages>[0], total: number) => live() && addMessages(messages, total),
  };
}

/** Runs deployment changes one at a time; a failed one does not block the next. */
function serialized(task: () => Promise<void>): Promise<void> {
  const run = switching.then(task);
  switching = run.catch(() => {});
  return run;
}

function installPagehide(): void {
  if (pagehideInstalled) return;
  pagehideInstalled = true;
  addEventListener('pagehide', () => host?.terminateAll());
}

/**
 * Takes the `obcluster` tab lock and boots the user's own cluster from `obcluster/` (called once
 * by main.tsx for a plain page load). Another tab holding it: the boot state becomes
 * `another-tab` and `ready` rejects.
 */
export function startPlayground(): Promise<void> {
  return serialized(enterUserCluster);
}

async function enterUserCluster(): Promise<void> {
  installPagehide();
  const d = userDeployment();
  deployment = d;
  setDeployment(d);
  setBoot('locking');
  const lock = await acquireClusterLock(d.lockName);
  if (!lock) {
    setBoot('another-tab');
    settleReady(new Error('This playground is open in another tab'));
    return;
  }
  heldLock = lock;
  await bootCluster();
}

/** Scenario namespaces tried for one scenario when other tabs run it (`scn-<key>`, `scn-<key>-2`, …). */
const SCENARIO_NAMESPACE_TRIES = 4;

/**
 * Issue #6: stops the running cluster (the user's files stay as they are), releases its lock and
 * boots a FRESH cluster of the scenario header's topology (zones × serversPerZone, ids zone by
 * zone from 1, ip 10.0.0.<id>) in OPFS `scn-<key>/` (key: 12 hex digits of the SHA-256 of
 * `scenarioText`) under the lock `ob-scn-<key>` (`-2`, `-3`… when other tabs run the same
 * scenario), at the header's clock rate. Other scenario directories that no tab runs are removed.
 * Resolves when the cluster serves (as `ready`); rejects when it did not start. The header's
 * tenants are not created here (the scenario runner's setup does that as root@sys).
 */
export function bootScenarioCluster(header: ScenarioHeader, scenarioText: string): Promise<void> {
  return serialized(async () => {
    installPagehide();
    const key = await scenarioKey(scenarioText);
    await leaveCurrent('booting');
    let lock: HeldLock | null = null;
    let d = scenarioDeployment(key, header.zones, header.serversPerZone, header.title);
    for (let suffix = 1; suffix <= SCENARIO_NAMESPACE_TRIES && !lock; suffix++) {
      d = { ...scenarioDeployment(key, header.zones, header.serversPerZone, header.title, suffix), clockRate: header.clockRate };
      lock = await acquireClusterLock(d.lockName, false);
    }
    deployment = d;
    setDeployment(d);
    if (!lock) {
      const why = 'this scenario is already open in several other tabs';
      setBoot('failed', why);
      settleReady(new Error(why));
      throw new Error(why);
    }
    heldLock = lock;
    await removeClusterFiles(d.namespace);
    void removeStaleScenarioDirs(d.namespace).catch(() => []);
    applyClockRate(header.clockRate);
    await bootCluster();
    await readyDeferred.promise;
  });
}

/**
 * Issue #6: leaves the scenario cluster (stopped, its files deleted, its lock released) and boots
 * the user's own cluster from `obcluster/`, recovered as on a reload. Resolves when it serves;
 * rejects when another tab owns it meanwhile (the page then shows "open in another tab") or it
 * did not start. A no-op while the user's cluster runs.
 */
export function returnToUserCluster(): Promise<void> {
  return serialized(async () => {
    if (deployment.kind === 'user' && host) return;
    await leaveCurrent('booting');
    await enterUserCluster();
    await readyDeferred.promise;
  });
}

function applyClockRate(rate: number): void {
  if (rate === 1) return;
  try {
    const clock = changeClock(useNetworkStore.getState().clock, { rate });
    setClockState(clock);
  } catch {
    // Outside 0.1..10 (the parser refuses it): the clock stays at 1×.
  }
}

/** The deployment running (or being switched to). */
export function currentDeployment(): Deployment {
  return deployment;
}

/** Every node the current deployment runs: the bootstrap servers, then added ones, in id order. */
export function deploymentServers(): WorkerServerInfo[] {
  return host?.nodes() ?? deployment.servers.map((s) => ({ ...s }));
}

/**
 * Stops the running cluster and forgets its state (stores, sessions, pending snapshots); the
 * stores show `state` meanwhile. Keeps the lock and the files.
 */
async function stopCurrent(state: 'resetting' | 'booting'): Promise<void> {
  generation++;
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = null;
  renewReady();
  clearClusterState(state);
  clearEvents();
  resetNetwork();
  resetSqlState();
  resetStorageState();
  resetCompare();
  resetKvState();
  const old = host;
  host = null;
  sessions = new Map();
  quietSessions = new Map();
  // A snapshot call still waiting on a worker that shutdown terminates would never settle (a
  // comlink call to a dead worker hangs): forget it, so the new cluster's first snapshot is not
  // queued behind it.
  snapshotInFlight = null;
  snapshotQueued = null;
  await old?.shutdown();
}

/** Stops the running deployment, deletes a scenario's files, releases its lock. */
async function leaveCurrent(state: 'booting'): Promise<void> {
  await stopCurrent(state);
  setTenant('test');
  if (deployment.kind === 'scenario' && heldLock) await removeClusterFiles(deployment.namespace).catch(() => {});
  const lock = heldLock;
  heldLock = null;
  await lock?.release();
}

async function bootCluster(): Promise<void> {
  const gen = ++generation;
  const d = deployment;
  setBoot('booting');
  const user = d.kind === 'user';
  // A scenario cluster boots fresh every time: its added nodes are not kept.
  const added = user ? await loadAddedServers(d.namespace) : [];
  if (gen !== generation) return;
  host = new ClusterHost(
    listenerFor(gen),
    d.servers,
    user ? { added, saveAdded: (a) => saveAddedServers(a, d.namespace), namespace: d.namespace } : { namespace: d.namespace },
  );
  setHostNodes(host.nodes());
  const net = useNetworkStore.getState();
  host.setClock(net.clock);
  host.setLinkFaults(net.faults);
  host.setMessageTrace(net.trace);
  await host.boot();
  if (gen !== generation) return;
  if (host.runningServerIds().length === 0) {
    const runs = useClusterStore.getState().runs;
    const why = Object.values(runs).find((r) => r.message)?.message ?? 'no server started';
    setBoot('failed', why);
    settleReady(new Error(why));
    return;
  }
  await refreshSnapshot();
  startPolling();
  await waitForLeaders(gen);
  if (gen !== generation) return;
  setBoot('ready');
  settleReady();
}

/** Bound on the wait for leaders after a boot (a restarted replica campaigns only after a lease), ms. */
const LEADERS_WAIT_MS = 30_000;

/**
 * Waits until the cluster answers SQL as before a reload: every log stream has a leader whose
 * takeover is done, and every replica of each tenant's LS 1 (its schema) has applied what that
 * leader committed. A fresh cluster elects in about 1 s; a restarted one waits out a lease first.
 */
async function waitForLeaders(gen: number): Promise<void> {
  const deadline = Date.now() + LEADERS_WAIT_MS;
  while (gen === generation && Date.now() < deadline) {
    const snap = await refreshSnapshot();
    if (snap && clusterServing(snap)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startPolling(): void {
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = setInterval(() => {
    if (!document.hidden) void refreshSnapshot();
  }, SNAPSHOT_POLL_MS);
}

/**
 * Asks a live server (the SQL session's first) for the cluster snapshot and stores it. A call
 * made while one is in flight gets a snapshot taken after it (at most one more is queued).
 */
export function refreshSnapshot(): Promise<ClusterSnapshot | null> {
  if (snapshotQueued) return snapshotQueued;
  if (snapshotInFlight) {
    snapshotQueued = snapshotInFlight.then(() => {
      snapshotQueued = null;
      return refreshSnapshot();
    });
    return snapshotQueued;
  }
  const p = takeSnapshot().finally(() => {
    snapshotInFlight = null;
  });
  snapshotInFlight = p;
  return p;
}

/** A snapshot that takes longer than this (its worker was killed meanwhile) counts as failed, ms. */
const SNAPSHOT_TIMEOUT_MS = 5_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/**
 * The cluster as the panels show it: the cluster view of one server (the root service's first:
 * it holds the root service's state), with every running server's entry replaced by that
 * server's own report, asked directly by the page. During a network partition a server cannot
 * reach the others, but the page (outside the simulated network) still sees what each believes.
 */
async function takeSnapshot(): Promise<ClusterSnapshot | null> {
  const gen = generation;
  const running = host?.runningServerIds() ?? [];
  const rs = useClusterStore.getState().snapshot?.rootServerId;
  const order = rs != null && running.includes(rs) ? [rs, ...running.filter((id) => id !== rs)] : running;
  const own = Promise.all(
    running.map((id) => {
      const api = host?.api(id);
      return api ? withTimeout(api.snapshot(), SNAPSHOT_TIMEOUT_MS).catch(() => null) : Promise.resolve(null);
    }),
  );
  for (const id of order) {
    const api = host?.api(id);
    if (!api) continue;
    try {
      const snap = await withTimeout(api.clusterSnapshot(), SNAPSHOT_TIMEOUT_MS);
      const reports = (await own).filter((r): r is NonNullable<typeof r> => r !== null);
      if (gen !== generation) return null;
      const byId = new Map(reports.map((r) => [r.serverId, r]));
      const merged = { ...snap, servers: snap.servers.map((sv) => byId.get(sv.serverId) ?? sv) };
      for (const r of reports) if (!merged.servers.some((sv) => sv.serverId === r.serverId)) merged.servers.push(r);
      setSnapshot(merged);
      return merged;
    } catch {
      // That server died meanwhile: ask the next one.
    }
  }
  return null;
}

/**
 * The page's session of `tenant`: on `onServer` when given (as `obclient -h` names a server;
 * kept apart from the default session), else on the first running server.
 */
async function session(tenant: TenantName, onServer?: number): Promise<Session> {
  if (!host) throw new Error('the cluster is not running');
  const key = onServer === undefined ? tenant : `${tenant}@${onServer}`;
  const known = sessions.get(key);
  if (known && host.api(known.serverId)) return known;
  const candidates = onServer === undefined ? host.runningServerIds() : [onServer];
  for (const serverId of candidates) {
    const api = host.api(serverId);
    if (!api) continue;
    const known = useSqlStore.getState().database;
    const database = tenant in known ? known[tenant] : defaultDatabase(tenant);
    // The remembered database may be gone (dropped, or a reset): fall back to none.
    const sessionId = await api.openSession({ tenant, database }).catch(() => {
      useSqlStore.setState((st) => ({ database: { ...st.database, [tenant]: null } }));
      return api.openSession({ tenant, database: null });
    });
    const s = { serverId, sessionId };
    sessions.set(key, s);
    return s;
  }
  if (onServer !== undefined) throw new Error(`OBServer ${onServer} is not running`);
  throw new Error('no OBServer is alive: restart a server first');
}

/**
 * Runs `sql` (one or more statements) in the page's session of the selected tenant, shows the
 * outcome in the results area, and refreshes the cluster snapshot. Resolves with the server's
 * reply; rejects only when no server could run it (SQL errors are in `reply.error`).
 */
export function runSql(sql: string, options: { serverId?: number } = {}): Promise<ExecuteReply> {
  const run = queue.then(() => execute(sql, options.serverId));
  queue = run.catch(() => {});
  return run;
}

/** A statement that loads sample data (from the menu or typed): its progress is shown. */
const SAMPLE_DATA_CALL = /\bcall\s+(?:\w+\.)?load_sample_data\s*\(\s*'(\w+)'/i;

async function execute(sql: string, onServer?: number): Promise<ExecuteReply> {
  const tenant = useSqlStore.getState().tenant;
  const seq = beginRun(sql);
  const sample = SAMPLE_DATA_CALL.exec(sql);
  if (sample) startSampleLoad(sample[1].toLowerCase());
  let s: Session | undefined;
  try {
    s = await session(tenant, onServer);
    const api = host?.api(s.serverId);
    if (!api) throw new Error(`server ${s.serverId} is not alive`);
    const reply = await api.execute(s.sessionId, sql);
    finishRun(seq, { reply, serverId: s.serverId });
    return reply;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    finishRun(seq, { hostError: message, serverId: s?.serverId });
    throw new Error(message);
  } finally {
    if (sample) finishSampleLoad();
    void refreshSnapshot();
  }
}

/**
 * Runs `sql` in the console's session, in the same queue as `runSql`, without showing it in the
 * results area (the row-vs-column comparison shows its own). Rejects only when no server could
 * run it.
 */
export function runQuiet(sql: string): Promise<ExecuteReply> {
  const run = queue.then(async () => {
    const s = await session(useSqlStore.getState().tenant);
    const api = host?.api(s.serverId);
    if (!api) throw new Error(`server ${s.serverId} is not alive`);
    return api.execute(s.sessionId, sql);
  });
  queue = run.catch(() => {});
  return run;
}

/** Where a scenario cell's SQL runs (`runSqlAs`). */
export interface SqlSessionTarget {
  tenant: string;
  /** Run on this server (as `obclient -h`); null: the first running server. */
  serverId: number | null;
  /** The session's database; null: `test` in tenant test, none elsewhere (the scenario default). */
  database: string | null;
}

/** Waits before asking again for a tenant a server does not know yet (just created elsewhere), ms. */
const UNKNOWN_TENANT_RETRY_DELAYS_MS = [200, 400, 800, 1600] as const;

/**
 * Issue #6: runs `text` (one or more statements) in a session of `target.tenant` kept for that
 * tenant/server/database (a scenario's cells), in the console's statement queue, without showing
 * it in the results area; refreshes the snapshot afterwards. SQL errors are in `reply.error`, as
 * are an unknown tenant (ERROR 1049-style `Errors.unknownTenant`) or database (`Errors.badDb`) at
 * connect time, as obclient reports them. Rejects only when no server can run it: the cluster
 * is not running, `serverId` is not deployed or not running, or no server is alive.
 */
export function runSqlAs(text: string, target: SqlSessionTarget): Promise<ExecuteReply> {
  const gen = generation;
  const run = queue.then(async (): Promise<ExecuteReply> => {
    const opened = await quietSession(target);
    if ('error' in opened) return { results: [], error: { ...opened.error, sql: text, statementIndex: 0 }, database: null };
    const api = host?.api(opened.serverId);
    if (!api || gen !== generation) throw new Error(`OBServer ${opened.serverId} is not running`);
    return api.execute(opened.sessionId, text);
  });
  queue = run.catch(() => {});
  return run.finally(() => void refreshSnapshot());
}

async function quietSession(target: SqlSessionTarget): Promise<Session | { error: ObErrorInfo }> {
  const h = host;
  if (!h) throw new Error('the cluster is not running');
  const database = target.database ?? (target.tenant === 'test' ? 'test' : null);
  const key = `${target.tenant}@${target.serverId ?? '*'}/${database ?? ''}`;
  const known = quietSessions.get(key);
  if (known && h.api(known.serverId)) return known;
  if (target.serverId !== null && !h.nodes().some((n) => n.serverId === target.serverId)) {
    throw new Error(`no server ${target.serverId} in this cluster`);
  }
  const candidates = target.serverId === null ? h.runningServerIds() : [target.serverId];
  for (const serverId of candidates) {
    for (let attempt = 0; ; attempt++) {
      const api = h.api(serverId);
      if (!api) break;
      try {
        const sessionId = await api.openSession({ tenant: target.tenant, database });
        const s = { serverId, sessionId };
        quietSessions.set(key, s);
        return s;
      } catch {
        if (!h.api(serverId)) break; // it died meanwhile: the next server
        // Which part was refused: the database, or the tenant (maybe not known here yet).
        const tenantKnown = database !== null && (await api.openSession({ tenant: target.tenant, database: null }).then((id) => api.closeSession(id).then(() => true), () => false));
        if (tenantKnown) return { error: Errors.badDb(database).toInfo() };
        if (attempt >= UNKNOWN_TENANT_RETRY_DELAYS_MS.length) return { error: Errors.unknownTenant(target.tenant).toInfo() };
        await new Promise((r) => setTimeout(r, UNKNOWN_TENANT_RETRY_DELAYS_MS[attempt]));
      }
    }
  }
  if (target.serverId !== null) throw new Error(`OBServer ${target.serverId} is not running`);
  throw new Error('no OBServer is alive: restart a server first');
}

/** How long the column view waits for a server's SSTable detail, ms. */
const SSTABLE_DETAIL_TIMEOUT_MS = 10_000;

/**
 * The column view of server `serverId`'s replica of a tablet's SSTable of `type` (its column
 * groups, macroblocks, microblocks, encodings and skip-index aggregates), or null when that
 * replica has no such SSTable. Rejects when the server is down or does not answer.
 */
export async function sstableDetail(serverId: number, tenantId: number, tabletId: number, type: SstableType): Promise<SstableDetail | null> {
  const api = host?.api(serverId);
  if (!api) throw new Error(`OBServer ${serverId} is not running`);
  return withTimeout(api.sstableDetail(tenantId, tabletId, type), SSTABLE_DETAIL_TIMEOUT_MS);
}

/** Switches the console to another tenant (a session there is opened on first use). */
export function selectTenant(tenant: TenantName): void {
  useSqlStore.setState({ tenant });
}

/** Loads a sample dataset through the server's `CALL load_sample_data(...)`; progress comes as events. */
export function loadSampleData(dataset: SampleDataset, scale?: number): Promise<ExecuteReply> {
  return runSql(sampleDataSql(dataset, scale));
}

/** Drops the page's sessions (console and scenario) on a server that goes down. */
function forgetSessionsOn(serverId: number): void {
  for (const [key, s] of sessions) if (s.serverId === serverId) sessions.delete(key);
  for (const [key, s] of quietSessions) if (s.serverId === serverId) quietSessions.delete(key);
}

/**
 * Restarts one server's worker on its OPFS directory, e.g. after a kill or a crash: the new worker
 * recovers from its checkpoint and clog, then catches up from the leaders.
 */
export async function restartServer(serverId: number): Promise<void> {
  if (!host) return;
  forgetSessionsOn(serverId);
  recordFault(`restart server ${serverId} (${zoneOf(serverId)})`);
  await host.restartServer(serverId);
  await refreshSnapshot();
}

/** Kills one server's worker at once (as `kill -9` of an observer process: no clean stop). */
export function killServer(serverId: number): void {
  if (!host || (host.state(serverId) !== 'running' && host.state(serverId) !== 'booting')) return;
  forgetSessionsOn(serverId);
  recordFault(`kill server ${serverId} (${zoneOf(serverId)})`);
  host.killServer(serverId);
  void refreshSnapshot();
}

/**
 * Starts a new OBServer node in `zone` (as an operator starts an observer process before ALTER
 * SYSTEM ADD SERVER): the next id, ip 10.0.0.<id>. Resolves with its info once it serves; the
 * cluster does not know it until `ALTER SYSTEM ADD SERVER '<ip>:2882' ZONE '<zone>'` runs as
 * root@sys. Rejects when the cluster is not running, for a bad zone name, or when it failed to boot.
 */
export async function addServer(zone: string): Promise<WorkerServerInfo> {
  const h = host;
  if (!h) throw new Error('the cluster is not running');
  const gen = generation;
  setZoneStarting(zone, true);
  try {
    const info = await h.addServer(zone);
    if (gen !== generation) throw new Error('the cluster was reset meanwhile');
    setHostNodes(h.nodes());
    appendEvents(0, [{ kind: 'log', level: 'info', message: `started OBServer ${info.serverId} (${info.svrIp}) in ${zone}: not in the cluster until ALTER SYSTEM ADD SERVER`, atUs: simNowUs() }]);
    if (h.state(info.serverId) !== 'running') throw new Error(`OBServer ${info.serverId} failed to boot: ${useClusterStore.getState().runs[info.serverId]?.message ?? 'unknown'}`);
    await refreshSnapshot();
    return info;
  } finally {
    setZoneStarting(zone, false);
  }
}

/** Older name of `killServer`. */
export const stopServer = killServer;

// ---------------------------------------------------------------- issue #4: network and clock faults

function topology() {
  return host?.nodes() ?? useHostNodes.getState().nodes;
}

function zoneOf(serverId: number): string {
  return topology().find((s) => s.serverId === serverId)?.zone ?? '?';
}

function zoneServers(zone: string): number[] {
  const ids = topology().filter((s) => s.zone === zone).map((s) => s.serverId);
  if (ids.length === 0) throw new Error(`no zone ${zone} in this cluster`);
  return ids;
}

function recordFault(description: string): void {
  appendEvents(0, [{ kind: 'fault', description, atUs: simNowUs() }]);
}

function checkServer(id: number): void {
  if (!topology().some((s) => s.serverId === id)) throw new Error(`no server ${id} in this cluster`);
}

function faultOn(from: number, to: number): LinkFault {
  return useNetworkStore.getState().faults.find((f) => f.from === from && f.to === to) ?? { from, to, cut: false, delayUs: 0, lossRate: 0 };
}

function applyFaults(faults: LinkFault[]): void {
  host?.setLinkFaults(faults);
}

/**
 * Sets the fault of the one-way link `from` → `to` (cut: drop everything; delayUs: hold each
 * message this long on the simulated clock; lossRate: drop this share, 0..1). `cut` false,
 * `delayUs` 0 and `lossRate` 0 heals the link. Throws for an unknown server or a bad value.
 */
export function setLinkFault(fault: LinkFault): void {
  checkServer(fault.from);
  checkServer(fault.to);
  if (fault.from === fault.to) throw new Error('a link joins two different servers');
  if (!(fault.delayUs >= 0) || !(fault.lossRate >= 0 && fault.lossRate <= 1)) throw new Error(`bad link fault: delay ${fault.delayUs} µs, loss ${fault.lossRate}`);
  applyFaults(putFault({ from: fault.from, to: fault.to, cut: fault.cut, delayUs: fault.delayUs, lossRate: fault.lossRate }));
  recordFault(describeLinkFault(fault));
}

function cutPairs(pairs: [number, number][], oneWay: boolean): void {
  let faults = useNetworkStore.getState().faults;
  for (const [a, b] of pairs) {
    for (const [from, to] of oneWay ? [[a, b]] : [[a, b], [b, a]]) faults = putFault({ ...faultOn(from, to), cut: true });
  }
  applyFaults(faults);
}

function healPairs(pairs: [number, number][]): void {
  let faults = useNetworkStore.getState().faults;
  for (const [a, b] of pairs) {
    faults = putFault({ from: a, to: b, cut: false, delayUs: 0, lossRate: 0 });
    faults = putFault({ from: b, to: a, cut: false, delayUs: 0, lossRate: 0 });
  }
  applyFaults(faults);
}

/** Cuts the network between servers `a` and `b` (only `a` → `b` when `oneWay`). */
export function cutLink(a: number, b: number, oneWay = false): void {
  checkServer(a);
  checkServer(b);
  if (a === b) throw new Error('a link joins two different servers');
  cutPairs([[a, b]], oneWay);
  recordFault(`cut ${a} ${oneWay ? '→' : '↔'} ${b}`);
}

/** Heals the link between `a` and `b` both ways (cut, delay and loss removed). */
export function healLink(a: number, b: number): void {
  checkServer(a);
  checkServer(b);
  healPairs([[a, b]]);
  recordFault(`heal ${a} ↔ ${b}`);
}

/** Cuts every link from zone `zoneA` to zone `zoneB` (and back unless `oneWay`). */
export function cutZones(zoneA: string, zoneB: string, oneWay = false): void {
  if (zoneA === zoneB) throw new Error('cut two different zones');
  const pairs = zoneServers(zoneA).flatMap((a) => zoneServers(zoneB).map((b): [number, number] => [a, b]));
  cutPairs(pairs, oneWay);
  recordFault(`cut ${zoneA} ${oneWay ? '→' : '↔'} ${zoneB}`);
}

/** Heals every link between two zones, both ways. */
export function healZones(zoneA: string, zoneB: string): void {
  const pairs = zoneServers(zoneA).flatMap((a) => zoneServers(zoneB).map((b): [number, number] => [a, b]));
  healPairs(pairs);
  recordFault(`heal ${zoneA} ↔ ${zoneB}`);
}

/** Heals every link (killed servers stay down). */
export function healAll(): void {
  setFaults([]);
  applyFaults([]);
  recordFault('heal all links');
}

function changeSimClock(change: { rate?: number; paused?: boolean }, description: string): void {
  const next = changeClock(useNetworkStore.getState().clock, change);
  setClockState(next);
  host?.setClock(next);
  recordFault(description);
}

/** Runs the simulated clock at `rate` × real time (0.1 .. 10); throws a RangeError outside. */
export function setClockRate(rate: number): void {
  changeSimClock({ rate }, `clock rate ${rate}×`);
}

/** Freezes the simulated clock: no timer fires (elections, heartbeats, leases stop). */
export function pauseClock(): void {
  if (useNetworkStore.getState().clock.paused) return;
  changeSimClock({ paused: true }, 'clock paused');
}

/** Lets the simulated clock run again from where it stopped. */
export function resumeClock(): void {
  if (!useNetworkStore.getState().clock.paused) return;
  changeSimClock({ paused: false }, 'clock resumed');
}

/** Shows (or stops showing) the messages between servers; not a fault, so not on the timeline. */
export function setMessageTrace(on: boolean): void {
  setTrace(on);
  host?.setMessageTrace(on);
}

/**
 * Stops every server, deletes the current deployment's directory from OPFS (`obcluster/`, or
 * only the scenario's `scn-<key>/` in a scenario deployment) and boots a fresh cluster of the
 * same topology. Resolves when it serves.
 */
export function resetCluster(): Promise<void> {
  if (useClusterStore.getState().boot === 'another-tab') return Promise.resolve();
  return serialized(async () => {
    const d = deployment;
    await stopCurrent('resetting');
    await removeClusterFiles(d.namespace);
    if (d.kind === 'scenario') applyClockRate(d.clockRate ?? 1);
    await bootCluster();
    await readyDeferred.promise;
  });
}

/**
 * Issue #5: the running cluster's host (null while none runs) and its generation (bumped by each
 * reset), for the page's OBKV transport (app/host/kvHost.ts), which reaches servers directly.
 */
export function currentClusterHost(): { host: ClusterHost | null; generation: number } {
  return { host, generation };
}

/** Resolves when the current boot has finished and the cluster serves. */
export function whenReady(): Promise<void> {
  return readyDeferred.promise;
}
