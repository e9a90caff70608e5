/**
 * The KV editor's state (issue #5 item 5): the current / last script run (its output in order:
 * printed values, one route line per call trace, the returned value, the error), the recent call
 * traces of the page's routing client (any caller), and which trace is highlighted on the
 * topology panel (the latest by default; a click picks another).
 *
 * Nothing here is a database fact: traces are what the routing client reported.
 */
import { create } from 'zustand';
import type { KvCallTrace } from '../../engine/client/trace';
import type { KvDisplay } from '../../engine/client/kv_display';
import { useClusterStore } from './clusterStore';
import { setRouteHighlight } from './uiStore';

/** One entry of a run's output, in the order it happened. */
export type KvOutputItem =
  | { kind: 'print'; display: KvDisplay }
  | { kind: 'trace'; trace: KvCallTrace }
  | { kind: 'value'; display: KvDisplay }
  | { kind: 'error'; message: string; line: number | null; stopped: boolean };

export interface KvRun {
  seq: number;
  /** Who started it: the editor's Run (or its keys), or `window.obPlayground.kv`. */
  origin: 'editor' | 'api';
  running: boolean;
  /** Stage while running: transpiling, then running. */
  stage: 'compiling' | 'running' | 'done';
  items: KvOutputItem[];
  timeLimitMs: number;
  /** Wall-clock time of the run, ms (compile excluded); set when done. */
  elapsedMs: number | null;
}

/** Recent traces kept (all callers). */
export const KV_TRACES_MAX = 200;
/** Output items kept per run (further prints are counted, not kept). */
export const KV_OUTPUT_MAX = 2_000;
/** How long output and traces wait to be shown with what follows, ms. */
const OUTPUT_FLUSH_MS = 50;

interface KvState {
  run: KvRun | null;
  /** Output items dropped from the current run beyond KV_OUTPUT_MAX. */
  dropped: number;
  traces: KvCallTrace[];
  /** The trace highlighted on the topology (its `seq`), or null. */
  highlightedSeq: number | null;
}

export const useKvStore = create<KvState>(() => ({ run: null, dropped: 0, traces: [], highlightedSeq: null }));

let runSeq = 0;

/** Starts a new run (replacing the shown one). Returns its seq. */
export function beginKvRun(origin: KvRun['origin'], timeLimitMs: number): number {
  flushOutput();
  const seq = ++runSeq;
  useKvStore.setState({ run: { seq, origin, running: true, stage: 'compiling', items: [], timeLimitMs, elapsedMs: null }, dropped: 0 });
  return seq;
}

function updateRun(seq: number, f: (r: KvRun) => KvRun): void {
  const s = useKvStore.getState();
  if (s.run?.seq !== seq) return;
  useKvStore.setState({ run: f(s.run) });
}

export function setKvRunStage(seq: number, stage: KvRun['stage']): void {
  updateRun(seq, (r) => ({ ...r, stage }));
}

let pending: { seq: number; items: KvOutputItem[] } | null = null;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushOutput(): void {
  if (flushTimer !== null) clearTimeout(flushTimer);
  flushTimer = null;
  const p = pending;
  pending = null;
  const s = useKvStore.getState();
  if (!p || s.run?.seq !== p.seq) return;
  const room = KV_OUTPUT_MAX - s.run.items.length;
  const kept = room >= p.items.length ? p.items : p.items.slice(0, Math.max(0, room));
  useKvStore.setState({ run: { ...s.run, items: [...s.run.items, ...kept] }, dropped: s.dropped + (p.items.length - kept.length) });
}

/**
 * Appends output to run `seq` (ignored when another run is shown). Items are applied together at
 * most every OUTPUT_FLUSH_MS, so a script printing in a loop does not re-render the page per print.
 */
export function appendKvOutput(seq: number, items: KvOutputItem[]): void {
  if (useKvStore.getState().run?.seq !== seq || items.length === 0) return;
  if (pending && pending.seq !== seq) flushOutput();
  if (!pending) pending = { seq, items: [] };
  for (const item of items) pending.items.push(item);
  flushTimer ??= setTimeout(flushOutput, OUTPUT_FLUSH_MS);
}

export function finishKvRun(seq: number, elapsedMs: number): void {
  flushTraces();
  flushOutput();
  updateRun(seq, (r) => ({ ...r, running: false, stage: 'done', elapsedMs }));
}

let pendingTraces: KvCallTrace[] = [];
let traceTimer: ReturnType<typeof setTimeout> | null = null;

function flushTraces(): void {
  if (traceTimer !== null) clearTimeout(traceTimer);
  traceTimer = null;
  if (pendingTraces.length === 0) return;
  const fresh = pendingTraces;
  pendingTraces = [];
  const all = [...useKvStore.getState().traces, ...fresh];
  const last = fresh[fresh.length - 1];
  useKvStore.setState({ traces: all.length > KV_TRACES_MAX ? all.slice(-KV_TRACES_MAX) : all, highlightedSeq: last.seq });
  showOnTopology(last);
}

/**
 * Records a trace from the routing client: kept among the recent ones, added to the running run's
 * output (when `runSeqOf` names the run shown), and highlighted (the latest call by default).
 * Cheap per call (the YCSB bench goes through this client): traces are applied to the stores
 * together, at most every OUTPUT_FLUSH_MS.
 */
export function pushKvTrace(trace: KvCallTrace, runSeqOf: number | null): void {
  pendingTraces.push(trace);
  if (pendingTraces.length > 2 * KV_TRACES_MAX) pendingTraces = pendingTraces.slice(-KV_TRACES_MAX);
  if (runSeqOf !== null) appendKvOutput(runSeqOf, [{ kind: 'trace', trace }]);
  traceTimer ??= setTimeout(flushTraces, OUTPUT_FLUSH_MS);
}

/** Highlights one trace on the topology (null: none). */
export function highlightKvTrace(seq: number | null): void {
  useKvStore.setState({ highlightedSeq: seq });
  showOnTopology(highlightedKvTrace());
}

/** The uiStore highlight of a trace: its server and LS replica (tenant id from the snapshot). */
function showOnTopology(trace: KvCallTrace | null): void {
  if (!trace || trace.serverId <= 0) {
    setRouteHighlight(null);
    return;
  }
  const tenant = useClusterStore.getState().snapshot?.tenants.find((t) => t.tenantName === trace.tenant);
  setRouteHighlight({ serverId: trace.serverId, tenantId: tenant?.tenantId ?? null, lsId: trace.lsId, label: trace.call });
}

/** The highlighted trace, if still known. */
export function highlightedKvTrace(): KvCallTrace | null {
  const s = useKvStore.getState();
  return s.highlightedSeq === null ? null : (s.traces.find((t) => t.seq === s.highlightedSeq) ?? null);
}

/** After a cluster reset: nothing shown, nothing highlighted. */
export function resetKvState(): void {
  pending = null;
  pendingTraces = [];
  useKvStore.setState({ run: null, dropped: 0, traces: [], highlightedSeq: null });
  setRouteHighlight(null);
}
