/**
 * The columnar benchmark (issue 3, "Benchmarks"): TPC-H `lineitem` with `rows` rows (1,000,000 by
 * default, SF ≈ 1/6) in our engine, DuckDB-WASM, sql.js and a plain typed-array loop, in one run.
 *
 * Figures (one JSON line each, bench names `lineitem_<rows>_*`):
 * - data: rows, size as dbgen's `.tbl` text (the raw size);
 * - `_load`: rows/s and ms of loading, per engine (ours: multi-row INSERT statements through
 *   `ObServerApi.execute` from several sessions, the client path, each statement its own
 *   PALF-replicated transaction; DuckDB: an Arrow table; sql.js: prepared inserts, one transaction);
 * - `_major_<format>`: `ALTER SYSTEM MAJOR FREEZE` until the tenant is IDLE again: wall and CPU
 *   ms, and MB/s of the table's raw size (the `.tbl` text; one replica's worth — the 3 replicas
 *   merge in this one process);
 * - `_storage`: bytes on disk of one replica's major SSTables per store format (row, hybrid,
 *   column) beside the raw size and SQLite's database file;
 * - `_q1`, `_q6`: several runs after a warm-up, median and min wall ms and median CPU ms; ours on
 *   the row store and on the column store, with whether EXPLAIN shows COLUMN TABLE and the storage
 *   counters of the last run (microblocks read/skipped/aggregated, bytes read);
 * - `_check`: `results_agree` per engine (and store) when its answers match the typed-array loop.
 * The store formats are three runs on one table: created as a row store, then
 * `ALTER TABLE ... ADD COLUMN GROUP(all columns, each column)` (hybrid) and
 * `DROP COLUMN GROUP(all columns)` (column), each followed by a major compaction, which writes
 * the new layout.
 * A step whose feature is missing (or failing) prints an `error` line and the run goes on.
 * Results are cross-checked (Q1 counts and quantities, Q6 revenue) against the typed-array loop;
 * a disagreement is an `error` line too.
 */
import initSqlJs, { type Database } from 'sql.js';
import { TPCH_QUERIES } from '../engine/sample/tpch_queries';
import { sqliteCreateTable, toSqliteDialect } from '../engine/sample/test/tpch_sqlite';
import type { ExecuteReply, ObServerApi, WireResult } from '../engine/server/api';
import type { LocalCluster } from '../engine/server/local_cluster';
import type { ServerSnapshot } from '../engine/server/snapshot';
import { SystemClock } from '../workers/system_clock';
import { openDuckDbLineitem, type DuckDbLineitem } from './duckdb';
import { LINEITEM, generateLineitem, lineitemInserts, lineitemRow, type LineitemColumns } from './lineitem_data';
import { emitError, median, minOf, round, type BenchEngine, type BenchRecord } from './record';
import { q1TypedLoop, q6TypedLoop, toTypedLineitem, type Q1Row } from './typed_loop';

export interface ColumnarBenchOptions {
  rows: number;
  /** Timed runs per query (after one warm-up). */
  runs: number;
  /** Concurrent sessions loading our engine. */
  loadSessions: number;
  /** Characters per INSERT statement. */
  insertChars: number;
  /** HASH partitions of our lineitem (TPC-H DDL: 3). */
  partitions: number;
  /** Parts to run: 'loop', 'duckdb', 'sqljs', 'ours'. */
  engines: Set<string>;
  /** Our store formats to compact and query after the load: 'row', 'hybrid', 'column'. */
  formats: Set<string>;
  emit: (r: BenchRecord) => void;
}

const OURS: BenchEngine = 'oceanbase-playground';
const DUCK: BenchEngine = 'duckdb-wasm';
const SQLJS: BenchEngine = 'sql.js';
const LOOP: BenchEngine = 'typed-array-loop';
const MAJOR_TIMEOUT_MS = 15 * 60_000;

/** Checked results of one engine: Q1 as (flag+status → [count, sum_qty]) and Q6's revenue. */
interface Answers {
  q1?: Map<string, [number, number]>;
  q6?: number;
}

class Bench {
  readonly name: (suffix: string) => string;
  readonly answers = new Map<string, Answers>();

  constructor(readonly o: ColumnarBenchOptions) {
    this.name = (suffix) => `lineitem_${o.rows}_${suffix}`;
  }

  emit(suffix: string, engine: BenchEngine, metric: string, value: number, unit: string): void {
    this.o.emit({ bench: this.name(suffix), engine, metric, value, unit });
  }

  error(suffix: string, engine: BenchEngine, e: unknown): void {
    emitError(this.name(suffix), engine, e, this.o.emit);
  }

  /**
   * Runs `fn` once as a warm-up, then `runs` times (3 when the warm-up took over a second);
   * emits the median and min wall time and the median CPU time of this process (ms) with `label`
   * (CPU time is less disturbed by other processes on a busy machine).
   */
  async timeRuns(suffix: string, engine: BenchEngine, label: string, fn: () => unknown): Promise<void> {
    const w0 = performance.now();
    await fn();
    const runs = performance.now() - w0 > 1000 ? Math.min(3, this.o.runs) : this.o.runs;
    const ms: number[] = [];
    const cpuMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      ms.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1000);
    }
    const tag = label ? `_${label}` : '';
    this.emit(suffix, engine, `latency_median${tag}`, round(median(ms), 2), 'ms');
    this.emit(suffix, engine, `latency_min${tag}`, round(minOf(ms), 2), 'ms');
    this.emit(suffix, engine, `cpu_median${tag}`, round(median(cpuMs), 2), 'ms');
  }

  /** Runs a step; a failure becomes an `error` line. Returns false when it failed. */
  async step(suffix: string, engine: BenchEngine, fn: () => Promise<void> | void): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      this.error(suffix, engine, e);
      return false;
    }
  }
}

// ------------------------------------------------------------------ reference engines

async function typedLoopPart(b: Bench, data: LineitemColumns): Promise<void> {
  const t = toTypedLineitem(data);
  let q1: Q1Row[] = [];
  let q6 = 0;
  await b.timeRuns('q1', LOOP, '', () => (q1 = q1TypedLoop(t)));
  await b.timeRuns('q6', LOOP, '', () => (q6 = q6TypedLoop(t)));
  b.answers.set(LOOP, { q1: new Map(q1.map((r) => [r.returnFlag + r.lineStatus, [r.countOrder, r.sumQty]])), q6 });
}

function q1Answers(rows: unknown[][]): Map<string, [number, number]> {
  // Q1 columns: flag, status, sum_qty, ..., count_order (last).
  return new Map(rows.map((r) => [`${r[0]}${r[1]}`, [Number(r[r.length - 1]), Number(r[2])]]));
}

async function duckdbPart(b: Bench, data: LineitemColumns): Promise<void> {
  let duck: DuckDbLineitem | null = null;
  await b.step('load', DUCK, async () => {
    const t0 = performance.now();
    duck = await openDuckDbLineitem(data);
    const ms = performance.now() - t0;
    b.emit('load', DUCK, 'throughput', round(data.rows / (ms / 1000)), 'rows/s');
    b.emit('load', DUCK, 'elapsed', round(ms), 'ms');
  });
  const db = duck as DuckDbLineitem | null;
  if (!db) return;
  try {
    const a: Answers = {};
    await b.step('q1', DUCK, async () => {
      await b.timeRuns('q1', DUCK, '', () => db.query(TPCH_QUERIES.Q1));
      a.q1 = q1Answers(db.query(`select l_returnflag, l_linestatus, sum_qty::DOUBLE, count_order from (${TPCH_QUERIES.Q1}) q`));
    });
    await b.step('q6', DUCK, async () => {
      await b.timeRuns('q6', DUCK, '', () => db.query(TPCH_QUERIES.Q6));
      a.q6 = Number(db.query(`select revenue::DOUBLE from (${TPCH_QUERIES.Q6}) q`)[0][0]);
    });
    b.answers.set(DUCK, a);
  } finally {
    db.close();
  }
}

function loadSqlite(SQL: Awaited<ReturnType<typeof initSqlJs>>, data: LineitemColumns): Database {
  const db = new SQL.Database();
  db.run(sqliteCreateTable('lineitem', LINEITEM.body));
  db.run('BEGIN');
  const stmt = db.prepare(`INSERT INTO lineitem VALUES (${LINEITEM.columns.map(() => '?').join(', ')})`);
  for (let i = 0; i < data.rows; i++) stmt.run(lineitemRow(data, i));
  stmt.free();
  db.run('COMMIT');
  return db;
}

async function sqlitePart(b: Bench, data: LineitemColumns): Promise<void> {
  const SQL = await initSqlJs();
  let db: Database | null = null;
  await b.step('load', SQLJS, () => {
    const t0 = performance.now();
    db = loadSqlite(SQL, data);
    const ms = performance.now() - t0;
    b.emit('load', SQLJS, 'throughput', round(data.rows / (ms / 1000)), 'rows/s');
    b.emit('load', SQLJS, 'elapsed', round(ms), 'ms');
  });
  const lite = db as Database | null;
  if (!lite) return;
  try {
    b.emit('storage', SQLJS, 'database_bytes', lite.export().length, 'bytes');
    const a: Answers = {};
    const q = (sql: string) => lite.exec(sql)[0]?.values ?? [];
    await b.step('q1', SQLJS, async () => {
      const text = toSqliteDialect(TPCH_QUERIES.Q1);
      await b.timeRuns('q1', SQLJS, '', () => q(text));
      a.q1 = q1Answers(q(text));
    });
    await b.step('q6', SQLJS, async () => {
      const text = toSqliteDialect(TPCH_QUERIES.Q6);
      await b.timeRuns('q6', SQLJS, '', () => q(text));
      a.q6 = Number(q(text)[0][0]);
    });
    b.answers.set(SQLJS, a);
  } finally {
    lite.close();
  }
}

// ------------------------------------------------------------------ our engine

class OurSession {
  constructor(
    readonly api: ObServerApi,
    readonly id: number,
  ) {}

  async run(sql: string): Promise<WireResult[]> {
    const reply: ExecuteReply = await this.api.execute(this.id, sql);
    if (reply.error) throw new Error(`ERROR ${reply.error.mysqlCode} (${reply.error.sqlState}): ${reply.error.message} — ${sql.slice(0, 80)}`);
    return reply.results;
  }
}

/** Loads `data` with `sessions` concurrent sessions, each sending its slice as INSERT statements. */
async function loadOurs(cluster: LocalCluster, data: LineitemColumns, o: ColumnarBenchOptions): Promise<void> {
  const server = cluster.servers[0];
  const slice = Math.ceil(data.rows / o.loadSessions);
  let done = 0;
  let reported = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.loadSessions }, async (_, k) => {
      const s = new OurSession(server, await server.openSession({ tenant: 'test', database: 'bench' }));
      const from = k * slice;
      const to = Math.min(data.rows, from + slice);
      for (const stmt of lineitemInserts(data, 'lineitem', from, to, o.insertChars)) {
        await s.run(stmt.sql);
        done += stmt.rows;
        if (done - reported >= data.rows / 10) {
          reported = done;
          process.stderr.write(`bench: loaded ${done} rows, ${round(done / ((performance.now() - t0) / 1000))} rows/s\n`);
        }
      }
      await server.closeSession(s.id);
    }),
  );
}

interface MajorState {
  frozenScn: string;
  status: string;
  isError: boolean;
  info: string;
}

/** The tenant's major-compaction state from its root service (snapshot, or the admin's map). */
function majorStateOf(cluster: LocalCluster, snaps: ServerSnapshot[], tenantId: number): MajorState | undefined {
  for (const s of snaps) {
    const m = s.majorCompactions?.find((x) => x.tenantId === tenantId);
    if (m) return m;
  }
  for (const s of cluster.servers) {
    const m = s.admin.majorStates.get(tenantId);
    if (m) return m;
  }
  return undefined;
}

/** `ALTER SYSTEM MAJOR FREEZE`, then waits until the tenant is IDLE at a new frozen SCN; ms. */
async function majorFreeze(cluster: LocalCluster, s: OurSession, tenantId: number): Promise<number> {
  const snaps = async () => Promise.all(cluster.servers.map((x) => x.snapshot()));
  const before = majorStateOf(cluster, await snaps(), tenantId)?.frozenScn;
  const t0 = performance.now();
  await s.run('ALTER SYSTEM MAJOR FREEZE');
  for (;;) {
    const st = majorStateOf(cluster, await snaps(), tenantId);
    if (st && st.frozenScn !== before && st.status === 'IDLE') {
      if (st.isError) throw new Error(`major compaction ended in error: ${st.info}`);
      return performance.now() - t0;
    }
    if (performance.now() - t0 > MAJOR_TIMEOUT_MS) throw new Error('major compaction did not finish in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface StoreBytes {
  bytes: number;
  /** Bytes of the `all columns` group (the row store inside a hybrid), of `rowkey`, of the rest. */
  allColumnsGroupBytes: number;
  rowkeyGroupBytes: number;
  columnGroupBytes: number;
  rawBytes: number;
  macroBlocks: number;
  microBlocks: number;
  columnGroups: number;
  formats: string[];
}

/** One replica's MAJOR SSTables of `tabletIds` (server 1 holds a replica of every tablet). */
async function majorBytes(cluster: LocalCluster, tabletIds: number[]): Promise<StoreBytes> {
  const snap = await cluster.servers[0].snapshot();
  const out: StoreBytes = { bytes: 0, allColumnsGroupBytes: 0, rowkeyGroupBytes: 0, columnGroupBytes: 0, rawBytes: 0, macroBlocks: 0, microBlocks: 0, columnGroups: 0, formats: [] };
  for (const t of snap.tablets) {
    if (!tabletIds.includes(t.tabletId)) continue;
    for (const s of t.sstables) {
      if (s.type !== 'MAJOR') continue;
      out.bytes += s.bytes;
      out.rawBytes += s.rawBytes ?? 0;
      out.macroBlocks += s.macroBlockCount;
      out.microBlocks += s.microBlockCount;
      out.columnGroups = Math.max(out.columnGroups, s.columnGroups?.length ?? 1);
      for (const g of s.columnGroups ?? []) {
        if (g.name === 'all columns') out.allColumnsGroupBytes += g.bytes;
        else if (g.name === 'rowkey') out.rowkeyGroupBytes += g.bytes;
        else out.columnGroupBytes += g.bytes;
      }
      const f = `${t.storeFormat ?? 'row'}/${s.format ?? 'flat'}/${s.compression ?? '?'}`;
      if (!out.formats.includes(f)) out.formats.push(f);
    }
  }
  return out;
}

/** Runs Q1/Q6 on our engine, emitting latency and the last run's storage counters under `label`. */
async function queryOurs(b: Bench, s: OurSession, label: string): Promise<void> {
  for (const q of ['Q1', 'Q6'] as const) {
    const suffix = q.toLowerCase();
    await b.step(suffix, OURS, async () => {
      const plan = (await s.run(`EXPLAIN ${TPCH_QUERIES[q]}`))[0].rows.map((r) => r.join(' ')).join('\n');
      b.emit(suffix, OURS, `column_table_plan_${label}`, /COLUMN TABLE/i.test(plan) ? 1 : 0, 'bool');
      let last: WireResult | undefined;
      await b.timeRuns(suffix, OURS, label, async () => {
        last = (await s.run(TPCH_QUERIES[q]))[0];
      });
      const st = last?.storageStats;
      if (st) {
        b.emit(suffix, OURS, `micro_blocks_read_${label}`, st.microBlocksRead, 'count');
        b.emit(suffix, OURS, `micro_blocks_skipped_${label}`, st.microBlocksSkipped, 'count');
        b.emit(suffix, OURS, `micro_blocks_aggregated_${label}`, st.microBlocksAggregated, 'count');
        b.emit(suffix, OURS, `bytes_read_${label}`, st.bytesRead, 'bytes');
      }
      const rows = last?.rows ?? [];
      const a = b.answers.get(`${OURS}:${label}`) ?? {};
      if (q === 'Q1') a.q1 = q1Answers(rows);
      else a.q6 = Number(rows[0]?.[0]);
      b.answers.set(`${OURS}:${label}`, a);
    });
  }
}

/**
 * One store format: optional ALTER, major compaction (time, MB/s), bytes on disk. Returns whether
 * the ALTER went through and whether the major compaction finished.
 */
async function formatPhase(
  b: Bench,
  cluster: LocalCluster,
  s: OurSession,
  tenantId: number,
  tabletIds: number[],
  format: 'row' | 'hybrid' | 'column',
  alter: string | null,
  rawTblBytes: number,
): Promise<{ altered: boolean; compacted: boolean }> {
  if (alter && !(await b.step(`major_${format}`, OURS, () => s.run(alter).then(() => {})))) return { altered: false, compacted: false };
  process.stderr.write(`bench: ${format} store${alter ? ` (${alter})` : ''}: major compaction\n`);
  const compacted = await b.step(`major_${format}`, OURS, async () => {
    const c0 = process.cpuUsage();
    const ms = await majorFreeze(cluster, s, tenantId);
    const cpu = process.cpuUsage(c0);
    const st = await majorBytes(cluster, tabletIds);
    const mb = rawTblBytes / 1e6;
    b.emit(`major_${format}`, OURS, 'elapsed', round(ms), 'ms');
    b.emit(`major_${format}`, OURS, 'cpu', round((cpu.user + cpu.system) / 1000), 'ms');
    b.emit(`major_${format}`, OURS, 'throughput', round(mb / (ms / 1000), 2), 'MB/s');
    b.emit('storage', OURS, `${format}_store_bytes`, st.bytes, 'bytes');
    if (st.rawBytes > 0) b.emit('storage', OURS, `${format}_store_raw_row_bytes`, st.rawBytes, 'bytes');
    b.emit('storage', OURS, `${format}_store_vs_tbl`, round(rawTblBytes / Math.max(1, st.bytes), 2), 'ratio');
    b.emit('storage', OURS, `${format}_store_macro_blocks`, st.macroBlocks, 'count');
    b.emit('storage', OURS, `${format}_store_micro_blocks`, st.microBlocks, 'count');
    b.emit('storage', OURS, `${format}_store_column_groups`, st.columnGroups, 'count');
    if (st.columnGroups > 1) {
      b.emit('storage', OURS, `${format}_store_all_columns_group_bytes`, st.allColumnsGroupBytes, 'bytes');
      b.emit('storage', OURS, `${format}_store_rowkey_group_bytes`, st.rowkeyGroupBytes, 'bytes');
      b.emit('storage', OURS, `${format}_store_single_column_groups_bytes`, st.columnGroupBytes, 'bytes');
    }
    process.stderr.write(`bench: ${format} major: ${st.formats.join(', ') || 'no MAJOR SSTable'}\n`);
  });
  return { altered: true, compacted };
}

async function oursPart(b: Bench, data: LineitemColumns): Promise<void> {
  const { LocalCluster } = await import('../engine/server/local_cluster');
  const cluster = await LocalCluster.start({ clock: new SystemClock() });
  try {
    const server = cluster.servers[0];
    const s = new OurSession(server, await server.openSession({ tenant: 'test' }));
    const parts = b.o.partitions > 1 ? ` PARTITION BY HASH(l_orderkey) PARTITIONS ${b.o.partitions}` : '';
    await s.run(`CREATE DATABASE bench; USE bench; CREATE TABLE lineitem (${LINEITEM.body})${parts}`);
    const tenantId = server.location.tenantByName('test')!.tenantId;
    const table = server.schemas.get(tenantId)!.getTable('bench', 'lineitem')!;
    const tabletIds = table.partitions.map((p) => p.tabletId as number);

    const loaded = await b.step('load', OURS, async () => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await loadOurs(cluster, data, b.o);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      b.emit('load', OURS, 'throughput', round(data.rows / (ms / 1000)), 'rows/s');
      b.emit('load', OURS, 'elapsed', round(ms), 'ms');
      b.emit('load', OURS, 'cpu', round((cpu.user + cpu.system) / 1000), 'ms');
    });
    if (!loaded) return;

    const f = b.o.formats;
    if (f.has('row') && (await formatPhase(b, cluster, s, tenantId, tabletIds, 'row', null, data.tblBytes)).compacted) {
      await queryOurs(b, s, 'row_store');
    }
    // Reference §4.9: a row store has no explicit column group; ADD (all columns, each column)
    // makes it hybrid, and dropping `all columns` from a hybrid (or adding `each column` to a row
    // store) leaves the pure column store.
    const hybrid = f.has('hybrid')
      ? (await formatPhase(b, cluster, s, tenantId, tabletIds, 'hybrid', 'ALTER TABLE lineitem ADD COLUMN GROUP(all columns, each column)', data.tblBytes)).altered
      : false;
    if (f.has('column')) {
      const alter = hybrid ? 'ALTER TABLE lineitem DROP COLUMN GROUP(all columns)' : 'ALTER TABLE lineitem ADD COLUMN GROUP(each column)';
      if ((await formatPhase(b, cluster, s, tenantId, tabletIds, 'column', alter, data.tblBytes)).compacted) await queryOurs(b, s, 'column_store');
    }
  } finally {
    await cluster.stop();
  }
}

// ------------------------------------------------------------------ cross-check

/**
 * Every engine's Q1 counts/quantities and Q6 revenue against the typed-array loop's: a
 * `results_agree` line per engine and store (1), or an `error` line naming the difference.
 */
function crossCheck(b: Bench): void {
  const ref = b.answers.get(LOOP);
  if (!ref?.q1 || ref.q6 === undefined) return;
  for (const [who, a] of b.answers) {
    if (who === LOOP) continue;
    const [engine, store] = who.split(':') as [BenchEngine, string | undefined];
    const label = store ? ` (${store})` : '';
    let agree = true;
    if (a.q1) {
      const bad = [...ref.q1].filter(([k, [count, qty]]) => {
        const got = a.q1!.get(k);
        return !got || got[0] !== count || Math.abs(got[1] - qty) > 0.5;
      });
      if (bad.length > 0 || a.q1.size !== ref.q1.size) {
        agree = false;
        const show = (m: Map<string, [number, number]>) => [...m].map(([k, [c, q]]) => `${k}:${c}/${q}`).join(' ');
        b.error('q1', engine, `result differs from the typed-array loop${label}: ${show(a.q1)} vs ${show(ref.q1)}`);
      }
    }
    if (a.q6 !== undefined && !(Math.abs(a.q6 - ref.q6) <= 0.01 + 1e-9 * ref.q6)) {
      agree = false;
      b.error('q6', engine, `result differs from the typed-array loop${label}: ${a.q6} vs ${ref.q6}`);
    }
    if (agree && (a.q1 || a.q6 !== undefined)) b.emit('check', engine, `results_agree${store ? `_${store}` : ''}`, 1, 'bool');
  }
}

/** The whole columnar benchmark; see the module comment. */
export async function runColumnarBench(o: ColumnarBenchOptions): Promise<void> {
  const b = new Bench(o);
  let t0 = performance.now();
  const data = generateLineitem(o.rows);
  process.stderr.write(`bench: generated ${o.rows} lineitem rows in ${round(performance.now() - t0)} ms\n`);
  b.emit('data', LOOP, 'rows', o.rows, 'rows');
  b.emit('data', LOOP, 'tbl_bytes', data.tblBytes, 'bytes');
  const parts: [string, BenchEngine, () => Promise<void>][] = [
    ['loop', LOOP, () => typedLoopPart(b, data)],
    ['duckdb', DUCK, () => duckdbPart(b, data)],
    ['sqljs', SQLJS, () => sqlitePart(b, data)],
    ['ours', OURS, () => oursPart(b, data)],
  ];
  for (const [key, engine, run] of parts) {
    if (!o.engines.has(key)) continue;
    t0 = performance.now();
    await run().catch((e) => b.error('run', engine, e));
    process.stderr.write(`bench: ${engine} part took ${round((performance.now() - t0) / 1000)} s\n`);
  }
  crossCheck(b);
}
