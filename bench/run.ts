/**
 * Benchmarks (`npm run bench`, which bench/build.mjs runs from a plain esbuild bundle): our engine beside sql.js (SQLite) on the same data, one JSON object
 * per line on stdout: `{"bench","engine","metric","value","unit"}`. Figures only — nothing here
 * asserts a timing (architecture §8).
 *
 * Node part (in-process `LocalCluster`, real clock, the path the shell uses: ObServerApi.execute):
 * 1. bulk load of TPC-H at SF 0.1 (≈ 866k rows) — ours through the sample-data loader
 *    (`CALL dbms_playground.load_sample_data`), sql.js with prepared inserts in one transaction;
 * 2. TPC-H Q1 and Q6 on that data (median of 3 runs after a warm-up), ms;
 * 3. 100k point selects by primary key (orders.o_orderkey), ops/s;
 * 4. 100k single-row autocommit inserts, ops/s.
 * Columnar part (bench/columnar.ts): TPC-H lineitem with 1M rows in our row, hybrid and column
 * stores beside DuckDB-WASM, sql.js and a typed-array loop (load, major compaction, bytes on disk,
 * Q1 and Q6).
 * PALF part (bench/palf_bench.ts): commit latency/throughput with 1, 3 and 5 F replicas beside
 * sql.js (a transaction per row, and one batch), failover time over seeded runs, follower catch-up.
 * Browser part (bench/browser.ts), when /usr/bin/chromium exists and `dist/` is built.
 * YCSB part (bench/ycsb_node.ts, only with BENCH_ONLY=ycsb — not in the default set): workloads
 * A/B/C/F through the OBKV routing client, our SQL path and sql.js, the kv.ping round trip and
 * pipelined/batched gets; then the same in the built page (bench/ycsb_browser.ts, when Chromium and
 * dist/ are there and BENCH_SKIP_BROWSER is not 1).
 *
 * Environment: BENCH_ONLY=node|columnar|palf|browser (comma-separated; default all four),
 * BENCH_SF (0.1), BENCH_POINT_OPS (100000), BENCH_INSERT_OPS (100000), BENCH_SKIP_BROWSER=1,
 * BENCH_DIST_DIR (the built page; default dist/);
 * BENCH_HEAP_MB (Node heap of the run, default 12288; see bench/build.mjs);
 * columnar: BENCH_LINEITEM_ROWS (1000000; BENCH_SF1=1 for SF 1, 6M rows — needs a larger
 * BENCH_HEAP_MB), BENCH_RUNS (5 timed runs per query after a warm-up),
 * BENCH_LOAD_SESSIONS (4), BENCH_INSERT_CHARS (262144), BENCH_LINEITEM_PARTITIONS (3),
 * BENCH_COLUMNAR_ENGINES (loop,duckdb,sqljs,ours), BENCH_COLUMNAR_FORMATS (row,hybrid,column; our
 * store formats after the load, each a major compaction; empty = load only);
 * palf: BENCH_PALF_SINGLE_COMMITS (20000), BENCH_PALF_GROUP_COMMITS (200000), BENCH_PALF_INFLIGHT
 * (1024 proposals outstanding), BENCH_PALF_PAYLOAD_BYTES (200), BENCH_PALF_FAILOVER_RUNS (200),
 * BENCH_PALF_CATCHUP (entries per catch-up run, comma-separated; 10000,100000).
 * ycsb: YCSB_RECORDS (10000), YCSB_OPS (20000 per workload), YCSB_PARTITIONS (3),
 * YCSB_WORKLOADS (A,B,C,F), YCSB_ENGINES (obkv,sql,sqljs), YCSB_WARMUP_OPS (2000),
 * YCSB_PING_OPS (20000), YCSB_PIPELINED_GETS (50000), YCSB_WINDOW (64 gets in flight),
 * YCSB_BATCH_SIZE (100), YCSB_BATCHES (500), YCSB_BATCH_WINDOW (4 batches in flight),
 * YCSB_WHERE (node,browser).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import initSqlJs, { type Database } from 'sql.js';
import { SeededRng } from '../engine/env/memory';
import { TPCH_TABLES, orderCount, orderKeyOf, tpchRowCount } from '../engine/sample/tpch';
import { TPCH_QUERIES } from '../engine/sample/tpch_queries';
import { loadTpchIntoSqlite, toSqliteDialect } from '../engine/sample/test/tpch_sqlite';
import type { ObServerApi } from '../engine/server/api';
import { SystemClock } from '../workers/system_clock';
import { runBrowserBench } from './browser';
import { runColumnarBench } from './columnar';
import { runPalfBench } from './palf_bench';
import { runYcsbBrowserBench } from './ycsb_browser';
import { runYcsbNodeBench, type YcsbPath } from './ycsb_node';
import type { YcsbWorkloadName } from './ycsb';
import { emit, emitError, median, round } from './record';

export { emit, type BenchRecord } from './record';

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

const SF = envNumber('BENCH_SF', 0.1);
const POINT_OPS = envNumber('BENCH_POINT_OPS', 100_000);
const INSERT_OPS = envNumber('BENCH_INSERT_OPS', 100_000);
const OURS = 'oceanbase-playground' as const;
const SQLJS = 'sql.js' as const;


class Ours {
  constructor(
    readonly api: ObServerApi,
    readonly session: number,
  ) {}

  async run(sql: string) {
    const reply = await this.api.execute(this.session, sql);
    if (reply.error) throw new Error(`ERROR ${reply.error.mysqlCode} (${reply.error.sqlState}): ${reply.error.message} — ${sql.slice(0, 80)}`);
    return reply.results;
  }
}

async function benchLoad(ours: Ours, sqlite: Database): Promise<void> {
  const bench = `tpch_load_sf${SF}`;
  const rowsTotal = TPCH_TABLES.reduce((n, t) => n + tpchRowCount(t.name, SF), 0);
  let t0 = performance.now();
  loadTpchIntoSqlite(sqlite, SF);
  emit({ bench, engine: SQLJS, metric: 'throughput', value: round(rowsTotal / ((performance.now() - t0) / 1000)), unit: 'rows/s' });
  t0 = performance.now();
  await ours.run(`CALL dbms_playground.load_sample_data('tpch', ${SF})`);
  emit({ bench, engine: OURS, metric: 'throughput', value: round(rowsTotal / ((performance.now() - t0) / 1000)), unit: 'rows/s' });
  await ours.run('USE tpch');
}

async function benchQueries(ours: Ours, sqlite: Database): Promise<void> {
  for (const q of ['Q1', 'Q6'] as const) {
    const bench = `tpch_${q.toLowerCase()}_sf${SF}`;
    const lite = toSqliteDialect(TPCH_QUERIES[q]);
    const sqliteMs: number[] = [];
    const oursMs: number[] = [];
    for (let i = 0; i < 4; i++) {
      let t0 = performance.now();
      sqlite.exec(lite);
      if (i > 0) sqliteMs.push(performance.now() - t0);
      t0 = performance.now();
      await ours.run(TPCH_QUERIES[q]);
      if (i > 0) oursMs.push(performance.now() - t0);
    }
    emit({ bench, engine: SQLJS, metric: 'latency_median', value: round(median(sqliteMs)), unit: 'ms' });
    emit({ bench, engine: OURS, metric: 'latency_median', value: round(median(oursMs)), unit: 'ms' });
  }
}

async function benchPointSelects(ours: Ours, sqlite: Database): Promise<void> {
  const bench = 'point_select_pk';
  const orders = orderCount(SF);
  const rng = new SeededRng(42);
  const keys = Array.from({ length: POINT_OPS }, () => orderKeyOf(1 + rng.int(orders)));
  const stmt = sqlite.prepare('select * from orders where o_orderkey = ?');
  let t0 = performance.now();
  for (const k of keys) {
    stmt.bind([k]);
    if (!stmt.step()) throw new Error(`sql.js: order ${k} not found`);
    stmt.get();
    stmt.reset();
  }
  stmt.free();
  emit({ bench, engine: SQLJS, metric: 'throughput', value: round(POINT_OPS / ((performance.now() - t0) / 1000)), unit: 'ops/s' });
  t0 = performance.now();
  for (const k of keys) {
    const [r] = await ours.run(`select * from orders where o_orderkey = ${k}`);
    if (r.rows.length !== 1) throw new Error(`ours: order ${k} not found`);
  }
  emit({ bench, engine: OURS, metric: 'throughput', value: round(POINT_OPS / ((performance.now() - t0) / 1000)), unit: 'ops/s' });
}

async function benchInserts(ours: Ours, sqlite: Database): Promise<void> {
  const bench = 'insert_autocommit';
  sqlite.run('create table bench_kv (k integer primary key, v text)');
  const stmt = sqlite.prepare('insert into bench_kv values (?, ?)');
  let t0 = performance.now();
  for (let i = 1; i <= INSERT_OPS; i++) stmt.run([i, `value-${i}`]);
  stmt.free();
  emit({ bench, engine: SQLJS, metric: 'throughput', value: round(INSERT_OPS / ((performance.now() - t0) / 1000)), unit: 'ops/s' });
  await ours.run('create table bench_kv (k int primary key, v varchar(32))');
  t0 = performance.now();
  for (let i = 1; i <= INSERT_OPS; i++) await ours.run(`insert into bench_kv values (${i}, 'value-${i}')`);
  emit({ bench, engine: OURS, metric: 'throughput', value: round(INSERT_OPS / ((performance.now() - t0) / 1000)), unit: 'ops/s' });
}

async function nodeBenches(): Promise<void> {
  const SQL = await initSqlJs();
  const sqlite = new SQL.Database();
  const { LocalCluster } = await import('../engine/server/local_cluster');
  const cluster = await LocalCluster.start({ clock: new SystemClock() });
  try {
    const server = cluster.servers[0];
    const ours = new Ours(server, await server.openSession({ tenant: 'test' }));
    await benchLoad(ours, sqlite);
    await benchQueries(ours, sqlite);
    await benchPointSelects(ours, sqlite);
    await benchInserts(ours, sqlite);
  } finally {
    sqlite.close();
    await cluster.stop();
  }
}

async function columnarBenches(): Promise<void> {
  const rows = process.env.BENCH_SF1 === '1' ? 6_000_000 : envNumber('BENCH_LINEITEM_ROWS', 1_000_000);
  await runColumnarBench({
    rows: Math.floor(rows),
    runs: Math.floor(envNumber('BENCH_RUNS', 5)),
    loadSessions: Math.floor(envNumber('BENCH_LOAD_SESSIONS', 4)),
    insertChars: Math.floor(envNumber('BENCH_INSERT_CHARS', 256 * 1024)),
    partitions: Math.floor(envNumber('BENCH_LINEITEM_PARTITIONS', 3)),
    engines: new Set((process.env.BENCH_COLUMNAR_ENGINES ?? 'loop,duckdb,sqljs,ours').split(',').map((x) => x.trim())),
    formats: new Set((process.env.BENCH_COLUMNAR_FORMATS ?? 'row,hybrid,column').split(',').map((x) => x.trim())),
    emit,
  });
}

async function palfBenches(): Promise<void> {
  const catchup = (process.env.BENCH_PALF_CATCHUP ?? '10000,100000').split(',').map((x) => Math.floor(Number(x)))
    .filter((n) => Number.isFinite(n) && n > 0);
  await runPalfBench({
    singleCommits: Math.floor(envNumber('BENCH_PALF_SINGLE_COMMITS', 20_000)),
    groupCommits: Math.floor(envNumber('BENCH_PALF_GROUP_COMMITS', 200_000)),
    inflight: Math.floor(envNumber('BENCH_PALF_INFLIGHT', 1024)),
    payloadBytes: Math.floor(envNumber('BENCH_PALF_PAYLOAD_BYTES', 200)),
    failoverRuns: Math.floor(envNumber('BENCH_PALF_FAILOVER_RUNS', 200)),
    catchupEntries: catchup,
    emit,
  });
}

/** YCSB options from the environment (shared by the Node and browser parts). */
function ycsbOptions() {
  const list = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').map((x) => x.trim()).filter((x) => x !== '');
  const int = (name: string, fallback: number) => Math.floor(envNumber(name, fallback));
  return {
    records: int('YCSB_RECORDS', 10_000),
    ops: int('YCSB_OPS', 20_000),
    partitions: int('YCSB_PARTITIONS', 3),
    workloads: list('YCSB_WORKLOADS', 'A,B,C,F').map((w) => w.toUpperCase()) as YcsbWorkloadName[],
    paths: new Set(list('YCSB_ENGINES', 'obkv,sql,sqljs') as YcsbPath[]),
    warmupOps: int('YCSB_WARMUP_OPS', 2000),
    pingOps: int('YCSB_PING_OPS', 20_000),
    pipelinedGets: int('YCSB_PIPELINED_GETS', 50_000),
    window: int('YCSB_WINDOW', 64),
    batchSize: int('YCSB_BATCH_SIZE', 100),
    batches: int('YCSB_BATCHES', 500),
    batchWindow: int('YCSB_BATCH_WINDOW', 4),
    emit,
  };
}

async function main(): Promise<void> {
  const parts = new Set((process.env.BENCH_ONLY ?? 'node,columnar,palf,browser').split(',').map((x) => x.trim()));
  if (parts.has('node')) await nodeBenches();
  if (parts.has('columnar')) await columnarBenches();
  if (parts.has('palf')) await palfBenches();
  const ycsb = ycsbOptions();
  const ycsbWhere = new Set((process.env.YCSB_WHERE ?? 'node,browser').split(',').map((x) => x.trim()));
  if (parts.has('ycsb') && ycsbWhere.has('node')) await runYcsbNodeBench(ycsb);
  // bench/build.mjs runs this file from a bundle elsewhere and says where the repository is.
  const root = process.env.OB_REPO_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dist = process.env.BENCH_DIST_DIR ? path.resolve(process.env.BENCH_DIST_DIR) : path.join(root, 'dist');
  const canBrowse = fs.existsSync('/usr/bin/chromium') && fs.existsSync(path.join(dist, 'index.html'));
  if (parts.has('browser') && process.env.BENCH_SKIP_BROWSER !== '1') {
    if (canBrowse) await runBrowserBench({ distDir: dist, chromiumPath: '/usr/bin/chromium', sf: SF, emit });
    else process.stderr.write('bench: browser part skipped (needs /usr/bin/chromium and a built dist/)\n');
  }
  if (parts.has('ycsb') && ycsbWhere.has('browser') && process.env.BENCH_SKIP_BROWSER !== '1') {
    const { paths, emit: sink, ...opts } = ycsb;
    if (!canBrowse) process.stderr.write('bench: browser YCSB skipped (needs /usr/bin/chromium and a built dist/)\n');
    else {
      await runYcsbBrowserBench({ distDir: dist, chromiumPath: '/usr/bin/chromium', ycsb: { ...opts, sql: paths.has('sql') }, emit: sink })
        .catch((e: unknown) => emitError('browser_ycsb', 'oceanbase-playground', e));
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
