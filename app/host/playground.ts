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
 */
import type { LinkFault } from '../../engine/env/index';
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import type { ExecuteReply } from '../../engine/server/api';
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
import { beginRun, defaultDatabase, finishRun, resetSqlState, useSqlStore, type TenantName } from '../state/sqlStore';
import { resetStorageState } from '../state/storageStore';
import { resetKvState } from '../state/kvStore';
import { loadAddedServers, saveAddedServers } from './addedServers';
import { ClusterHost, OBCLUSTER_SERVERS } from './clusterHost';
import { setHostNodes, setZoneStarting, useHostNodes } from './hostNodes';
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
/** Sessions by tenant (the default one) or `tenant@serverId` (one bound to a named server). */
let sessions = new Map<string, Session>();
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
  const added = await loadAddedServers();
  if (gen !== generation) return;
  host = new ClusterHost(listenerFor(gen), OBCLUSTER_SERVERS, { added, saveAdded: saveAddedServers });
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
    readyDeferred.reject(new Error(why));
    return;
  }
  await refreshSnapshot();
  startPolling();
  await waitForLeaders(gen);
  if (gen !== generation) return;
  setBoot('ready');
  readyDeferred.resolve();
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

function clusterServing(snap: ClusterSnapshot): boolean {
  const replicas = snap.servers.flatMap((s) => (s.status === 'ACTIVE' ? s.lsReplicas : []));
  for (const t of snap.tenants) {
    if (t.status === 'DROPPING') continue;
    for (const ls of t.ls) {
      const mine = replicas.filter((r) => r.tenantId === t.tenantId && r.lsId === ls.lsId);
      const leader = mine.find((r) => r.role === 'LEADER' && r.election?.servingStrong !== false);
      if (!leader) return false;
      if (ls.lsId === 1 && mine.some((r) => r.appliedLsn < leader.committedLsn)) return false;
    }
  }
  return true;
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

/**
 * Restarts one server's worker on its OPFS directory, e.g. after a kill or a crash: the new worker
 * recovers from its checkpoint and clog, then catches up from the leaders.
 */
export async function restartServer(serverId: number): Promise<void> {
  if (!host) return;
  for (const [tenant, s] of sessions) if (s.serverId === serverId) sessions.delete(tenant);
  recordFault(`restart server ${serverId} (${zoneOf(serverId)})`);
  await host.restartServer(serverId);
  await refreshSnapshot();
}

/** Kills one server's worker at once (as `kill -9` of an observer process: no clean stop). */
export function killServer(serverId: number): void {
  if (!host || (host.state(serverId) !== 'running' && host.state(serverId) !== 'booting')) return;
  for (const [tenant, s] of sessions) if (s.serverId === serverId) sessions.delete(tenant);
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
  if (ids.length === 0) throw new Error(`no zone ${zone} in obcluster`);
  return ids;
}

function recordFault(description: string): void {
  appendEvents(0, [{ kind: 'fault', description, atUs: simNowUs() }]);
}

function checkServer(id: number): void {
  if (!topology().some((s) => s.serverId === id)) throw new Error(`no server ${id} in obcluster`);
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

/** Stops every server, deletes `obcluster/` from OPFS and boots a fresh cluster. */
export async function resetCluster(): Promise<void> {
  if (useClusterStore.getState().boot === 'another-tab') return;
  generation++;
  if (pollTimer !== null) clearInterval(pollTimer);
  pollTimer = null;
  readyDeferred = deferred();
  clearClusterState('resetting');
  clearEvents();
  resetNetwork();
  resetSqlState();
  resetStorageState();
  resetCompare();
  resetKvState();
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
