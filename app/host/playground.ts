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
 */
import type { ExecuteReply } from '../../engine/server/api';
import type { ClusterSnapshot, SstableDetail, SstableType } from '../../engine/server/snapshot';
import {
  clearClusterState, finishSampleLoad, noteSampleProgress, setBoot, setServerProgress, setServerRun, setSnapshot,
  startSampleLoad, useClusterStore,
} from '../state/clusterStore';
import { appendEvents, clearEvents } from '../state/eventStore';
import { resetCompare } from '../state/compareStore';
import { beginRun, finishRun, resetSqlState, useSqlStore, type TenantName } from '../state/sqlStore';
import { resetStorageState } from '../state/storageStore';
import { ClusterHost } from './clusterHost';
import { removeClusterFiles } from './opfsReset';
import { acquireClusterLock } from './tabLock';

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
let sessions = new Map<TenantName, Session>();
let queue: Promise<unknown> = Promise.resolve();
let pollTimer: ReturnType<typeof setInterval> | null = null;
let snapshotInFlight: Promise<ClusterSnapshot | null> | null = null;
let snapshotQueued: Promise<ClusterSnapshot | null> | null = null;
let readyDeferred = deferred();

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

function listenerFor(gen: number) {
  const live = () => gen === generation;
  return {
    progress: (id: number, stage: string, fraction: number) => live() && setServerProgress(id, stage, fraction),
    serverState: (id: number, state: Parameters<typeof setServerRun>[1]['state'], message?: string) => {
      if (!live()) return;
      setServerRun(id, { state, message });
      if (state === 'crashed' || (state === 'stopped' && message)) {
        const text = state === 'crashed' ? `OBServer ${id} crashed: ${message ?? ''}` : `OBServer ${id} stopped: ${message}`;
        appendEvents(id, [{ kind: 'log', level: 'error', message: text, atUs: Date.now() * 1000 }]);
        void refreshSnapshot();
      }
    },
    events: (id: number, events: Parameters<typeof appendEvents>[1]) => {
      if (!live()) return;
      appendEvents(id, events);
      for (const e of events) if (e.kind === 'sample-data-progress') noteSampleProgress(e.dataset, e.table, e.rowsDone, e.rowsTotal);
    },
  };
}

/** Takes the tab lock and boots the cluster (called once by main.tsx). */
export async function startPlayground(): Promise<void> {
  setBoot('locking');
  if (!(await acquireClusterLock())) {
    setBoot('another-tab');
    readyDeferred.reject(new Error('This playground is open in another tab'));
    return;
  }
  addEventListener('pagehide', () => host?.terminateAll());
  await bootCluster();
}

async function bootCluster(): Promise<void> {
  const gen = ++generation;
  setBoot('booting');
  host = new ClusterHost(listenerFor(gen));
  await host.boot();
  if (gen !== generation) return;
  if (host.runningServerIds().length === 0) {
    const runs = useClusterStore.getState().runs;
    const why = Object.values(runs).find((r) => r.message)?.message ?? 'no server started';
    setBoot('failed', why);
    readyDeferred.reject(new Error(why));
    return;
  }
  await refreshSnapshot();
  startPolling();
  setBoot('ready');
  readyDeferred.resolve();
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

async function takeSnapshot(): Promise<ClusterSnapshot | null> {
  const gen = generation;
  for (const id of host?.runningServerIds() ?? []) {
    const api = host?.api(id);
    if (!api) continue;
    try {
      const snap = await withTimeout(api.clusterSnapshot(), SNAPSHOT_TIMEOUT_MS);
      if (gen !== generation) return null;
      setSnapshot(snap);
      return snap;
    } catch {
      // That server died meanwhile: ask the next one.
    }
  }
  return null;
}

async function session(tenant: TenantName): Promise<Session> {
  if (!host) throw new Error('the cluster is not running');
  const known = sessions.get(tenant);
  if (known && host.api(known.serverId)) return known;
  for (const serverId of host.runningServerIds()) {
    const api = host.api(serverId);
    if (!api) continue;
    const database = useSqlStore.getState().database[tenant];
    // The remembered database may be gone (dropped, or a reset): fall back to none.
    const sessionId = await api.openSession({ tenant, database }).catch(() => {
      useSqlStore.setState((st) => ({ database: { ...st.database, [tenant]: null } }));
      return api.openSession({ tenant, database: null });
    });
    const s = { serverId, sessionId };
    sessions.set(tenant, s);
    return s;
  }
  throw new Error('no OBServer is alive: restart a server first');
}

/**
 * Runs `sql` (one or more statements) in the page's session of the selected tenant, shows the
 * outcome in the results area, and refreshes the cluster snapshot. Resolves with the server's
 * reply; rejects only when no server could run it (SQL errors are in `reply.error`).
 */
export function runSql(sql: string): Promise<ExecuteReply> {
  const run = queue.then(() => execute(sql));
  queue = run.catch(() => {});
  return run;
}

/** A statement that loads sample data (from the menu or typed): its progress is shown. */
const SAMPLE_DATA_CALL = /\bcall\s+(?:\w+\.)?load_sample_data\s*\(\s*'(\w+)'/i;

async function execute(sql: string): Promise<ExecuteReply> {
  const tenant = useSqlStore.getState().tenant;
  const seq = beginRun(sql);
  const sample = SAMPLE_DATA_CALL.exec(sql);
  if (sample) startSampleLoad(sample[1].toLowerCase());
  let s: Session | undefined;
  try {
    s = await session(tenant);
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

/** Restarts one server's worker on its OPFS directory (recovery), e.g. after a crash. */
export async function restartServer(serverId: number): Promise<void> {
  if (!host) return;
  for (const [tenant, s] of sessions) if (s.serverId === serverId) sessions.delete(tenant);
  await host.restartServer(serverId);
  await refreshSnapshot();
}

/** Kills one server's worker at once (as `kill -9` of an observer process). */
export function stopServer(serverId: number): void {
  host?.killServer(serverId);
  void refreshSnapshot();
}

/** Stops every server, deletes `obcluster/` from OPFS and boots a fresh cluster. */
export async function resetCluster(): Promise<void> {
  if (useClusterStore.getState().boot === 'another-tab') return;
  generation++;
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = null;
  readyDeferred = deferred();
  clearClusterState('resetting');
  clearEvents();
  resetSqlState();
  resetStorageState();
  resetCompare();
  const old = host;
  host = null;
  sessions = new Map();
  // A snapshot call still waiting on a worker that shutdown terminates would never settle (a
  // comlink call to a dead worker hangs): forget it, so the new cluster's first snapshot is not
  // queued behind it.
  snapshotInFlight = null;
  snapshotQueued = null;
  await old?.shutdown();
  await removeClusterFiles();
  await bootCluster();
  await readyDeferred.promise;
}

/** Resolves when the current boot has finished and the cluster serves. */
export function whenReady(): Promise<void> {
  return readyDeferred.promise;
}
