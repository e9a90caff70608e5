/**
 * `window.obPlayground.bench`: the benchmarks' hook into the page (bench/ycsb_browser.ts drives it
 * through Playwright). `bench.ycsb(options)` runs the YCSB core workloads (bench/ycsb.ts) with an
 * OBKV routing client over the page's KV transport (`kvTransport()` from ./kvHost — the transport
 * the KV editor's client uses, comlink to each OBServer worker). It is its own client built like
 * `kvClients()` but without `onTrace`: the editor's client pushes every call trace into the KV
 * store (React re-renders), which would measure the UI, not the client. Optionally the same workloads through the page's
 * SQL session, and the raw round trip `kv.ping` (an empty request through a worker's request queue)
 * beside single, pipelined and batched gets. SQL goes through the console's session without the
 * results area (`runQuiet`: no snapshot refresh or rendering per statement). Returns plain figures (structured-clone safe).
 *
 * It bypasses the KV editor's sandbox on purpose: the sandbox's iframe/worker hops would measure
 * postMessage, not the client. It creates (drops first) the table `usertable` in database `test`.
 */
import { YCSB_FIELDS, YCSB_TABLE, makeDataset, planWorkload, runPlan, type YcsbFigures, type YcsbWorkloadName } from '../../bench/ycsb';
import { DEFAULT_KV_EXTRAS, loadViaKv, runKvExtras, runKvWorkloads, type KvExtrasFigures, type KvExtrasOptions } from '../../bench/ycsb_kv';
import type { ExecuteReply } from '../../engine/server/api';
import { createKvClients } from '../../engine/client/index';
import { kvTransport } from './kvHost';
import { currentClusterHost, runQuiet, whenReady } from './playground';

export interface YcsbBenchOptions extends Partial<KvExtrasOptions> {
  records?: number;
  ops?: number;
  partitions?: number;
  workloads?: YcsbWorkloadName[];
  warmupOps?: number;
  /** Also run the workloads through the page's SQL session (default true). */
  sql?: boolean;
}

export interface YcsbBenchResult {
  records: number;
  ops: number;
  /** Rows/s of the load (KV batches of 100 inserts). */
  loadRowsPerSec: number;
  obkv: YcsbFigures[];
  sql: YcsbFigures[];
  extras: KvExtrasFigures;
}

export interface ObPlaygroundBenchApi {
  ycsb(options?: YcsbBenchOptions): Promise<YcsbBenchResult>;
}

async function sqlOk(text: string): Promise<ExecuteReply> {
  const r = await runQuiet(text);
  if (r.error) throw new Error(`${r.error.message} — ${text.slice(0, 80)}`);
  return r;
}

async function ycsb(o: YcsbBenchOptions = {}): Promise<YcsbBenchResult> {
  await whenReady();
  const records = o.records ?? 10_000;
  const ops = o.ops ?? 20_000;
  const extrasOpts: KvExtrasOptions = { ...DEFAULT_KV_EXTRAS, ...o };
  const workloads = o.workloads ?? ['A', 'B', 'C', 'F'];
  const warmupOps = o.warmupOps ?? 2000;
  const data = makeDataset(records);
  const plans = workloads.map((w, i) => planWorkload(w, records, ops, 7 + i));
  await sqlOk('USE test');
  await sqlOk(`DROP TABLE IF EXISTS ${YCSB_TABLE}`);
  await sqlOk(`CREATE TABLE ${YCSB_TABLE} (YCSB_KEY varchar(64) PRIMARY KEY, ${YCSB_FIELDS.map((f) => `${f} varchar(100)`).join(', ')}) ` +
    `PARTITION BY KEY(YCSB_KEY) PARTITIONS ${o.partitions ?? 3}`);
  const client = createKvClients(kvTransport(), {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    nowUs: () => Math.round(performance.now() * 1000),
  }).globals.client;
  const loadRowsPerSec = await loadViaKv(client, data);
  const obkv = await runKvWorkloads(client, data, plans, warmupOps);
  const sql: YcsbFigures[] = [];
  if (o.sql !== false) {
    const target = {
      read: async (key: string) => (await sqlOk(`SELECT * FROM ${YCSB_TABLE} WHERE YCSB_KEY = '${key}'`)).results[0].rows.length === 1,
      update: (key: string, field: number, value: string) => sqlOk(`UPDATE ${YCSB_TABLE} SET FIELD${field} = '${value}' WHERE YCSB_KEY = '${key}'`),
    };
    await runPlan(planWorkload('C', records, warmupOps, 3), data, target);
    for (const plan of plans) sql.push(await runPlan(plan, data, target));
  }
  // The raw round trip: comlink straight to each worker's `kvCall` (no transport bookkeeping).
  const host = currentClusterHost().host;
  const workers = kvTransport().servers().map((id) => host?.api(id)).filter((a) => a != null);
  if (workers.length === 0) throw new Error('no OBServer worker is running');
  const extras = await runKvExtras(client, (i) => workers[i % workers.length]!.kvCall('kv.ping', null), data, extrasOpts);
  return { records, ops, loadRowsPerSec, obkv, sql, extras };
}

/** The `bench` field windowApi.ts spreads into `window.obPlayground`. */
export const benchApi: { bench: ObPlaygroundBenchApi } = { bench: { ycsb } };

declare module './windowApi' {
  interface ObPlaygroundApi {
    /** Benchmark hooks (bench/ycsb_browser.ts): `bench.ycsb(options)`. */
    readonly bench: ObPlaygroundBenchApi;
  }
}
