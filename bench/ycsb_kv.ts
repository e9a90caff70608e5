/**
 * The OBKV side of the YCSB benchmarks, shared by Node (bench/ycsb_node.ts, `LocalCluster` in
 * process) and the browser (app/host/benchApi.ts, the page's routing client to the server
 * workers): the YCSB workloads through the OBKV-Table routing client (engine/client —
 * `client.get(table, rowkey)` / `client.update(table, rowkey, [FIELDn], [value])`, each sent
 * straight to the partition leader, as the OBKV Java client does), the raw `kv.ping` round trip
 * (an empty request through the server's request queue), and gets across the cluster pipelined
 * (many `get`s in flight) and batched (`client.batch(table)` of N gets, which the client splits by
 * tablet and sends concurrently).
 *
 * Browser-safe: no Node import. Figures only; nothing here asserts a timing.
 */
import type { ObTableApi, Row } from '../engine/client/kv_api_types';
import {
  YCSB_FIELDS, YCSB_FIELD_COUNT, YCSB_TABLE, pipelined, planWorkload, runPlan, timeRoundTrips,
  type YcsbDataset, type YcsbFigures, type YcsbPlan, type YcsbTarget, type YcsbWorkloadName,
} from './ycsb';

/** `[['FIELD0'], ['FIELD1'], ...]`: the update's column list, allocated once. */
const FIELD_COLUMN_LISTS: readonly string[][] = YCSB_FIELDS.map((f) => [f]);

/** True when the row has any column ({} means "not found", as the Java client returns it). */
function nonEmpty(row: Row): boolean {
  for (const _ in row) return true;
  return false;
}

/** The YCSB target of the OBKV-Table client: read = get of all columns, update = one field. */
export function kvTarget(client: ObTableApi, table = YCSB_TABLE): YcsbTarget {
  return {
    read: async (key) => nonEmpty(await client.get(table, key)),
    update: (key, field, value) => client.update(table, key, FIELD_COLUMN_LISTS[field], [value]),
  };
}

/**
 * Loads the data set through the client: batches of `batchSize` inserts (non-atomic, split by
 * tablet by the client). Returns rows/s. Throws on the first failed insert.
 */
export async function loadViaKv(client: ObTableApi, data: YcsbDataset, batchSize = 100, table = YCSB_TABLE): Promise<number> {
  const columns = [...YCSB_FIELDS];
  const t0 = performance.now();
  for (let start = 0; start < data.records; start += batchSize) {
    const batch = client.batch(table);
    const end = Math.min(data.records, start + batchSize);
    for (let k = start; k < end; k++) batch.insert(data.keys[k], columns, data.values.slice(k * YCSB_FIELD_COUNT, (k + 1) * YCSB_FIELD_COUNT));
    const r = await batch.execute();
    for (const x of r.results) if (x instanceof Error) throw x;
  }
  return data.records / ((performance.now() - t0) / 1000);
}

/** Options of `runKvExtras`. */
export interface KvExtrasOptions {
  /** Sequential `kv.ping` round trips. */
  pingOps: number;
  /** Gets issued in the pipelined run, and how many are in flight. */
  pipelinedGets: number;
  window: number;
  /** Gets per batch, batches in the batched run, and batches in flight at once. */
  batchSize: number;
  batches: number;
  batchWindow: number;
}

export const DEFAULT_KV_EXTRAS: KvExtrasOptions = {
  pingOps: 20_000, pipelinedGets: 50_000, window: 64, batchSize: 100, batches: 500, batchWindow: 4,
};

/** Raw round trip and cluster-wide get throughput. */
export interface KvExtrasFigures {
  pingPerSec: number;
  pingP50Us: number;
  pingP99Us: number;
  /** Single gets one at a time (workload-C keys): the figure to hold against the ping. */
  getP50Us: number;
  getP99Us: number;
  pipelinedGetsPerSec: number;
  batchedGetsPerSec: number;
  /** Latency of one batch of `batchSize` gets, µs (p50). */
  batchP50Us: number;
  /** Gets that found no row in the pipelined and batched runs (should be 0). */
  misses: number;
}

/**
 * Measures the raw round trip (`ping`, e.g. `transport.call(leader, 'kv.ping', null)`) and gets
 * over zipfian keys (workload C's distribution): one at a time, pipelined, and batched.
 */
export async function runKvExtras(client: ObTableApi, ping: (i: number) => Promise<unknown>, data: YcsbDataset, o: KvExtrasOptions, table = YCSB_TABLE): Promise<KvExtrasFigures> {
  const keyPlan: YcsbPlan = planWorkload('C', data.records, Math.max(o.pipelinedGets, o.batchSize * o.batches, o.pingOps), 99);
  const keyAt = (i: number) => data.keys[keyPlan.keynum[i % keyPlan.ops]];
  await timeRoundTrips(Math.min(2000, o.pingOps), ping); // warm-up
  const pingFig = await timeRoundTrips(o.pingOps, ping);
  let misses = 0;
  const single = await timeRoundTrips(o.pingOps, async (i) => {
    if (!nonEmpty(await client.get(table, keyAt(i)))) misses++;
  });
  const pipelinedGetsPerSec = await pipelined(o.pipelinedGets, o.window, async (i) => {
    if (!nonEmpty(await client.get(table, keyAt(i)))) misses++;
  });
  const runBatch = async (b: number) => {
    const batch = client.batch(table);
    const base = b * o.batchSize;
    for (let j = 0; j < o.batchSize; j++) batch.get(keyAt(base + j));
    const r = await batch.execute();
    for (const x of r.results) if (x instanceof Error || typeof x !== 'object' || !nonEmpty(x as Row)) misses++;
  };
  const batchLat = await timeRoundTrips(Math.min(o.batches, 200), runBatch);
  const batchesPerSec = await pipelined(o.batches, o.batchWindow, runBatch);
  return {
    pingPerSec: pingFig.perSec, pingP50Us: pingFig.p50Us, pingP99Us: pingFig.p99Us,
    getP50Us: single.p50Us, getP99Us: single.p99Us,
    pipelinedGetsPerSec, batchedGetsPerSec: batchesPerSec * o.batchSize, batchP50Us: batchLat.p50Us, misses,
  };
}

/** Runs each plan through the client (after a warm-up of `warmupOps` workload-C reads). */
export async function runKvWorkloads(client: ObTableApi, data: YcsbDataset, plans: YcsbPlan[], warmupOps: number, table = YCSB_TABLE): Promise<YcsbFigures[]> {
  const target = kvTarget(client, table);
  if (warmupOps > 0) await runPlan(planWorkload('C', data.records, warmupOps, 3), data, target);
  const out: YcsbFigures[] = [];
  for (const plan of plans) out.push(await runPlan(plan, data, target));
  return out;
}

/** The workloads in YCSB's usual order. */
export const YCSB_WORKLOAD_ORDER: readonly YcsbWorkloadName[] = ['A', 'B', 'C', 'F'];

/** Goals from the issue, printed beside the figures (never asserted). */
export const YCSB_GOALS = {
  /** A single get's p50 within this factor of the raw round trip. */
  getVsPingFactor: 1.5,
  /** Batched/pipelined gets per second across the cluster. */
  batchedGetsPerSec: 500_000,
} as const;
