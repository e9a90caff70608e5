/**
 * The `ycsb` benchmarks in Node (`BENCH_ONLY=ycsb npm run bench`): YCSB core workloads A, B, C and
 * F (bench/ycsb.ts: scrambled zipfian keys, 1 KB records of 10 × 100-character fields) on an
 * in-process `LocalCluster` (3 servers, real clock), in three engines in the same run:
 * - `obkv`: ours through the OBKV-Table routing client (engine/client `createKvClients` over
 *   `cluster.kvTransport()`): each get/update goes straight to its partition's leader;
 * - `sql`: ours through SQL (`ObServerApi.execute` on one session on server 1, the path the shell
 *   uses: `SELECT * FROM usertable WHERE YCSB_KEY = '…'`, `UPDATE usertable SET FIELDn = '…' …`;
 *   two of three partitions' leaders are remote, reached through DAS as OceanBase does without a
 *   routing proxy);
 * - `sql.js` (SQLite, prepared statements, the same rows).
 * `usertable` is `PARTITION BY KEY(YCSB_KEY) PARTITIONS n` (default 3: one leader per server).
 * Also the raw OBKV round trip (`kv.ping`, an empty request through the server's request queue)
 * and gets across the cluster one at a time, pipelined and batched (bench/ycsb_kv.ts).
 *
 * Records: `{"bench":"ycsb_a","engine":"oceanbase-playground","metric":"throughput_obkv",…}` — the
 * path is the metric's suffix (`_obkv`, `_sql`); sql.js lines carry plain metrics. A Markdown
 * summary with the goals goes to stderr. A step that fails is an `error` line, never a crash.
 */
import initSqlJs, { type Database, type Statement } from 'sql.js';
import type { ObServerApi } from '../engine/server/api';
import type { LocalCluster } from '../engine/server/local_cluster';
import type { ObTableApi } from '../engine/client/kv_api_types';
import { SystemClock } from '../workers/system_clock';
import { emitError, round, type BenchRecord } from './record';
import {
  YCSB_FIELDS, YCSB_FIELD_COUNT, YCSB_TABLE, makeDataset, planWorkload, runPlan, runPlanSync,
  type YcsbDataset, type YcsbFigures, type YcsbPlan, type YcsbTarget, type YcsbWorkloadName,
} from './ycsb';
import { YCSB_GOALS, runKvExtras, runKvWorkloads, type KvExtrasFigures, type KvExtrasOptions } from './ycsb_kv';

export type YcsbPath = 'obkv' | 'sql' | 'sqljs';

export interface YcsbNodeOptions extends KvExtrasOptions {
  records: number;
  ops: number;
  partitions: number;
  workloads: YcsbWorkloadName[];
  paths: Set<YcsbPath>;
  /** Workload-C reads each engine runs before its first measured workload (JIT warm-up). */
  warmupOps: number;
  emit: (r: BenchRecord) => void;
}

const OURS = 'oceanbase-playground' as const;
const SQLJS = 'sql.js' as const;

/** `CREATE TABLE usertable (YCSB_KEY varchar(64) PRIMARY KEY, FIELD0 varchar(100), …)`. */
export function createTableSql(partitions: number, dialect: 'ob' | 'sqlite' = 'ob'): string {
  const cols = YCSB_FIELDS.map((f) => `${f} varchar(100)`).join(', ');
  const part = dialect === 'ob' && partitions > 0 ? ` PARTITION BY KEY(YCSB_KEY) PARTITIONS ${partitions}` : '';
  return `CREATE TABLE ${YCSB_TABLE} (YCSB_KEY varchar(64) PRIMARY KEY, ${cols})${part}`;
}

class SqlSession {
  constructor(
    readonly api: ObServerApi,
    readonly session: number,
  ) {}

  async run(sql: string) {
    const reply = await this.api.execute(this.session, sql);
    if (reply.error) throw new Error(`ERROR ${reply.error.mysqlCode}: ${reply.error.message} — ${sql.slice(0, 80)}`);
    return reply.results;
  }
}

/** Multi-row INSERTs of `rowsPerStatement` rows; rows/s. */
async function loadViaSql(s: SqlSession, data: YcsbDataset, rowsPerStatement = 50): Promise<number> {
  const t0 = performance.now();
  for (let start = 0; start < data.records; start += rowsPerStatement) {
    const rows: string[] = [];
    for (let k = start; k < Math.min(data.records, start + rowsPerStatement); k++) {
      rows.push(`('${data.keys[k]}', '${data.values.slice(k * YCSB_FIELD_COUNT, (k + 1) * YCSB_FIELD_COUNT).join("', '")}')`);
    }
    await s.run(`INSERT INTO ${YCSB_TABLE} VALUES ${rows.join(', ')}`);
  }
  return data.records / ((performance.now() - t0) / 1000);
}

function sqlTarget(s: SqlSession): YcsbTarget {
  return {
    read: async (key) => (await s.run(`SELECT * FROM ${YCSB_TABLE} WHERE YCSB_KEY = '${key}'`))[0].rows.length === 1,
    update: (key, field, value) => s.run(`UPDATE ${YCSB_TABLE} SET FIELD${field} = '${value}' WHERE YCSB_KEY = '${key}'`),
  };
}

/** sql.js with prepared statements: one SELECT, one UPDATE per field. */
class SqliteTarget {
  private readonly select: Statement;
  private readonly updates: Statement[];

  constructor(readonly db: Database) {
    this.select = db.prepare(`SELECT * FROM ${YCSB_TABLE} WHERE YCSB_KEY = ?`);
    this.updates = YCSB_FIELDS.map((f) => db.prepare(`UPDATE ${YCSB_TABLE} SET ${f} = ? WHERE YCSB_KEY = ?`));
  }

  read(key: string): boolean {
    this.select.bind([key]);
    const found = this.select.step();
    if (found) this.select.get();
    this.select.reset();
    return found;
  }

  update(key: string, field: number, value: string): void {
    this.updates[field].run([value, key]);
  }

  load(data: YcsbDataset): number {
    const ins = this.db.prepare(`INSERT INTO ${YCSB_TABLE} VALUES (?${', ?'.repeat(YCSB_FIELD_COUNT)})`);
    const t0 = performance.now();
    this.db.run('BEGIN');
    for (let k = 0; k < data.records; k++) ins.run([data.keys[k], ...data.values.slice(k * YCSB_FIELD_COUNT, (k + 1) * YCSB_FIELD_COUNT)]);
    this.db.run('COMMIT');
    ins.free();
    return data.records / ((performance.now() - t0) / 1000);
  }

  free(): void {
    this.select.free();
    for (const u of this.updates) u.free();
  }
}

/** One engine's figures per workload, for the summary. */
type Table = Map<string, YcsbFigures>;

function emitFigures(o: YcsbNodeOptions, f: YcsbFigures, path: YcsbPath, table: Table): void {
  const bench = `ycsb_${f.workload.toLowerCase()}`;
  const engine = path === 'sqljs' ? SQLJS : OURS;
  const suffix = path === 'sqljs' ? '' : `_${path}`;
  o.emit({ bench, engine, metric: `throughput${suffix}`, value: round(f.opsPerSec), unit: 'ops/s' });
  o.emit({ bench, engine, metric: `latency_p50${suffix}`, value: round(f.p50Us), unit: 'us' });
  o.emit({ bench, engine, metric: `latency_p99${suffix}`, value: round(f.p99Us), unit: 'us' });
  if (f.misses > 0) o.emit({ bench, engine, metric: `misses${suffix}`, value: f.misses, unit: 'count' });
  table.set(`${path}:${f.workload}`, f);
}

/** Runs the whole `ycsb` suite; each engine's failure is an `error` line. */
export async function runYcsbNodeBench(o: YcsbNodeOptions): Promise<void> {
  const data = makeDataset(o.records);
  const plans: YcsbPlan[] = o.workloads.map((w, i) => planWorkload(w, o.records, o.ops, 7 + i));
  const table: Table = new Map();
  let extras: KvExtrasFigures | null = null;

  if (o.paths.has('sqljs')) {
    await step(o, 'ycsb', SQLJS, async () => {
      const SQL = await initSqlJs();
      const db = new SQL.Database();
      try {
        db.run(createTableSql(0, 'sqlite'));
        const t = new SqliteTarget(db);
        o.emit({ bench: 'ycsb_load', engine: SQLJS, metric: 'throughput', value: round(t.load(data)), unit: 'rows/s' });
        runPlanSync(planWorkload('C', o.records, o.warmupOps, 3), data, t);
        for (const plan of plans) emitFigures(o, runPlanSync(plan, data, t), 'sqljs', table);
        t.free();
      } finally {
        db.close();
      }
    });
  }

  if (o.paths.has('sql') || o.paths.has('obkv')) {
    const { LocalCluster } = await import('../engine/server/local_cluster');
    const cluster: LocalCluster = await LocalCluster.start({ clock: new SystemClock() });
    try {
      const server = cluster.servers[0];
      const s = new SqlSession(server, await server.openSession({ tenant: 'test', database: 'test' }));
      await s.run(`DROP TABLE IF EXISTS ${YCSB_TABLE}`);
      await s.run(createTableSql(o.partitions));
      o.emit({ bench: 'ycsb_load', engine: OURS, metric: 'throughput_sql', value: round(await loadViaSql(s, data)), unit: 'rows/s' });
      if (o.paths.has('sql')) {
        await step(o, 'ycsb', OURS, async () => {
          const target = sqlTarget(s);
          await runPlan(planWorkload('C', o.records, o.warmupOps, 3), data, target);
          for (const plan of plans) emitFigures(o, await runPlan(plan, data, target), 'sql', table);
        });
      }
      if (o.paths.has('obkv')) {
        await step(o, 'ycsb', OURS, async () => {
          const { createKvClients } = await import('../engine/client/index');
          const transport = cluster.kvTransport();
          const client: ObTableApi = createKvClients(transport).globals.client;
          for (const f of await runKvWorkloads(client, data, plans, o.warmupOps)) emitFigures(o, f, 'obkv', table);
          const ids = transport.servers();
          extras = await runKvExtras(client, (i) => transport.call(ids[i % ids.length], 'kv.ping', null), data, o);
          emitExtras(o, extras, 'node');
        });
      }
    } finally {
      await cluster.stop();
    }
  }
  process.stderr.write(summary(o, table, extras, 'Node, in-process LocalCluster') + '\n');
}

async function step(o: YcsbNodeOptions, bench: string, engine: typeof OURS | typeof SQLJS, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    emitError(bench, engine, e, o.emit);
  }
}

/** The `kv_*` records of `runKvExtras` (`where`: node | browser). */
export function emitExtras(o: { emit: (r: BenchRecord) => void; batchSize: number; window: number }, x: KvExtrasFigures, where: string): void {
  const e = (bench: string, metric: string, value: number, unit: string) => o.emit({ bench: `${where}_${bench}`, engine: OURS, metric, value: round(value), unit });
  e('kv_ping', 'latency_p50', x.pingP50Us, 'us');
  e('kv_ping', 'latency_p99', x.pingP99Us, 'us');
  e('kv_ping', 'throughput', x.pingPerSec, 'calls/s');
  e('kv_get_single', 'latency_p50', x.getP50Us, 'us');
  e('kv_get_single', 'latency_p99', x.getP99Us, 'us');
  e('kv_get_pipelined', `throughput_window${o.window}`, x.pipelinedGetsPerSec, 'gets/s');
  e('kv_get_batched', `throughput_batch${o.batchSize}`, x.batchedGetsPerSec, 'gets/s');
  e('kv_get_batched', `latency_p50_batch${o.batchSize}`, x.batchP50Us, 'us');
  if (x.misses > 0) e('kv_get', 'misses', x.misses, 'count');
}

const fmt = (v: number | undefined, digits = 0) => (v === undefined || !Number.isFinite(v) ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

/** The Markdown summary: per workload × engine ops/s, p50, p99; the round trip and get figures beside the goals. */
export function summary(o: { workloads: readonly YcsbWorkloadName[]; records: number; ops: number; batchSize: number; window: number }, table: Map<string, YcsbFigures>, x: KvExtrasFigures | null, where: string): string {
  const lines = [
    `YCSB (${where}; ${fmt(o.records)} records × 1 KB, ${fmt(o.ops)} ops per workload, scrambled zipfian 0.99)`, '',
    '| workload | engine | ops/s | p50 µs | p99 µs |', '|---|---|---|---|---|',
  ];
  const names: Record<YcsbPath, string> = { obkv: 'ours, OBKV client', sql: 'ours, SQL', sqljs: 'sql.js' };
  for (const w of o.workloads) {
    for (const p of ['obkv', 'sql', 'sqljs'] as YcsbPath[]) {
      const f = table.get(`${p}:${w}`);
      if (f) lines.push(`| ${w} | ${names[p]} | ${fmt(f.opsPerSec)} | ${fmt(f.p50Us, 1)} | ${fmt(f.p99Us, 1)} |${f.misses ? ` misses ${f.misses}` : ''}`);
    }
  }
  if (x) {
    const ratio = x.getP50Us / x.pingP50Us;
    lines.push('', `kv.ping round trip: p50 ${fmt(x.pingP50Us, 1)} µs, p99 ${fmt(x.pingP99Us, 1)} µs (${fmt(x.pingPerSec)}/s)`,
      `single get: p50 ${fmt(x.getP50Us, 1)} µs, p99 ${fmt(x.getP99Us, 1)} µs = ${fmt(ratio, 2)}× the ping (goal ≤ ${YCSB_GOALS.getVsPingFactor}×)`,
      `pipelined gets (${o.window} in flight): ${fmt(x.pipelinedGetsPerSec)}/s; batched gets (batch of ${o.batchSize}): ${fmt(x.batchedGetsPerSec)}/s, ` +
      `batch p50 ${fmt(x.batchP50Us, 1)} µs (goal ≥ ${fmt(YCSB_GOALS.batchedGetsPerSec)}/s)`);
  }
  return lines.join('\n');
}
