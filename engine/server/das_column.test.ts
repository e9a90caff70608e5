/**
 * Column scans and aggregate pushdown through the DAS of the in-process cluster: the same queries
 * on a row table, a column table and a hybrid table (and a partitioned column table whose tablets
 * are led by several servers) give the same answers from every server — local and remote DAS
 * calls, column-scan pages continued by cursor — before and after a major compaction, with
 * increments on top of the baseline, and inside a transaction that sees its own writes. Results
 * carry the statement's storage counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../env/memory';
import type { ExecuteReply, WireResult } from './api';
import { LocalCluster } from './local_cluster';
import { pumped } from './test/virtual_time';

const COLUMNS = 'id INT PRIMARY KEY, flag CHAR(1), status CHAR(1), qty DECIMAL(15,2), price DECIMAL(15,2), disc DECIMAL(15,2), ship DATE, note VARCHAR(20)';
const ROWS = 5000;

let cluster: LocalCluster;
let clock: VirtualClock;

async function exec(text: string, server = 1): Promise<ExecuteReply> {
  const s = cluster.server(server);
  const id = await pumped(clock, s.openSession({ tenant: 'test', database: 'test' }));
  try {
    return await pumped(clock, s.execute(id, text));
  } finally {
    await pumped(clock, s.closeSession(id));
  }
}

async function ok(text: string, server = 1): Promise<WireResult[]> {
  const reply = await exec(text, server);
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  return reply.results;
}

async function rows(text: string, server = 1): Promise<(string | null)[][]> {
  const r = await ok(text, server);
  return r[r.length - 1].rows;
}

function valuesOf(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const qty = i % 13 === 0 ? 'NULL' : `${(i * 37) % 50}.${i % 10}0`;
    const note = i % 7 === 0 ? 'NULL' : `'n${i % 11}'`;
    out.push(`(${i}, '${'ANRa'[i % 4]}', '${'FO'[i % 2]}', ${qty}, ${1000 + ((i * 7919) % 90000)}.${(i * 13) % 100}, 0.0${i % 10}, '199${2 + (i % 7)}-0${1 + (i % 9)}-1${i % 10}', ${note})`);
  }
  return out.join(', ');
}

async function load(table: string, from: number, to: number): Promise<void> {
  for (let at = from; at < to; at += 1000) await ok(`INSERT INTO ${table} VALUES ${valuesOf(at, Math.min(to, at + 1000))}`);
}

const TABLES = ['r', 'c', 'h', 'p'];
const QUERIES = [
  `SELECT flag, status, SUM(qty), SUM(price * (1 - disc)), SUM(price * (1 - disc) * (1 + disc)), AVG(qty), AVG(disc), COUNT(*), MIN(ship), MAX(note)
   FROM % WHERE ship <= DATE '1998-09-02' GROUP BY flag, status ORDER BY flag, status`,
  `SELECT SUM(price * disc), COUNT(*) FROM % WHERE ship >= DATE '1994-01-01' AND ship < DATE '1995-01-01' AND disc BETWEEN 0.05 AND 0.07 AND qty < 24`,
  'SELECT COUNT(*), COUNT(qty), SUM(qty), AVG(price), MIN(qty), MAX(price), MIN(flag), MAX(ship) FROM %',
  "SELECT COUNT(*) FROM % WHERE note LIKE 'n1%'",
  'SELECT id, qty, note FROM % WHERE qty >= 1 ORDER BY id',
  // The plan cache re-binds the second to the first's plan: its constant no longer converts
  // exactly to the column, so that filter runs beside storage instead of in it.
  'SELECT COUNT(*), SUM(price) FROM % WHERE qty < 24',
  'SELECT COUNT(*), SUM(price) FROM % WHERE qty < 24.005',
];

async function sameEverywhere(label: string): Promise<void> {
  for (const q of QUERIES) {
    const want = await rows(q.replace('%', 'r'));
    for (const t of TABLES.slice(1)) {
      for (const server of [1, 2, 3]) expect(await rows(q.replace('%', t), server), `${label}: ${t} on server ${server}: ${q}`).toEqual(want);
    }
  }
}

beforeAll(async () => {
  clock = new VirtualClock();
  cluster = await pumped(clock, LocalCluster.start({ clock, seed: 11 }));
  await ok(`CREATE TABLE r (${COLUMNS})`);
  await ok(`CREATE TABLE c (${COLUMNS}) WITH COLUMN GROUP (each column)`);
  await ok(`CREATE TABLE h (${COLUMNS}) WITH COLUMN GROUP (all columns, each column)`);
  await ok(`CREATE TABLE p (${COLUMNS}) PARTITION BY HASH(id) PARTITIONS 4 WITH COLUMN GROUP (each column)`);
  for (const t of TABLES) await load(t, 0, ROWS);
}, 600_000);

afterAll(async () => {
  await pumped(clock, cluster.stop());
});

describe('DAS column scans and aggregate pushdown on the cluster', () => {
  it('answers alike for row, column and hybrid tables from every server', async () => {
    await sameEverywhere('memtables');
  }, 600_000);

  it('plans read the column store and push the aggregation down', async () => {
    const plan = (await rows(`EXPLAIN ${QUERIES[0].replace('%', 'c')}`)).map((r) => r[0]).join('\n');
    expect(plan).toContain('COLUMN TABLE FULL SCAN');
    expect(plan).toContain('pushdown_groupby([c.flag], [c.status])');
  });

  it('reports the storage counters of a statement with its result', async () => {
    const [r] = await ok("SELECT SUM(qty) FROM c WHERE flag = 'N'");
    expect(r.storageStats).toBeDefined();
    expect(r.storageStats!.rowsScanned + r.storageStats!.microBlocksRead + r.storageStats!.microBlocksAggregated).toBeGreaterThan(0);
    const [none] = await ok('SELECT 1');
    expect(none.storageStats).toBeUndefined();
  });

  it("sees the transaction's own writes in pushed-down aggregates and column scans", async () => {
    const text = [
      'BEGIN',
      ...TABLES.map((t) => `INSERT INTO ${t} VALUES (100001, 'N', 'F', 30.00, 10.00, 0.05, '1994-06-01', 'own'), (100002, 'Z', 'O', NULL, 5.00, 0.01, '1999-01-01', 'own')`),
      ...TABLES.map((t) => `DELETE FROM ${t} WHERE id = 3`),
      ...TABLES.flatMap((t) => [QUERIES[1], QUERIES[2], `SELECT id, qty FROM % WHERE note = 'own' ORDER BY id`].map((q) => q.replace('%', t))),
      'ROLLBACK',
    ].join(';\n');
    const reply = await exec(text, 2);
    expect(reply.error).toBeUndefined();
    const results = reply.results.slice(1 + 2 * TABLES.length, -1).map((r) => r.rows);
    const per = results.length / TABLES.length;
    for (let t = 1; t < TABLES.length; t++) expect(results.slice(t * per, (t + 1) * per), TABLES[t]).toEqual(results.slice(0, per));
    expect(results[2]).toEqual([['100001', '30.00'], ['100002', null]]);
    expect(await rows("SELECT COUNT(*) FROM c WHERE note = 'own'")).toEqual([['0']]);
  }, 600_000);

  it('answers alike after a major compaction, and with increments on top of the new baseline', async () => {
    const before = (await rows('SELECT FROZEN_SCN FROM oceanbase.DBA_OB_MAJOR_COMPACTION'))[0][0];
    await ok('ALTER SYSTEM MAJOR FREEZE');
    const deadline = clock.nowUs() + 600_000_000;
    for (;;) {
      const [frozen, status] = (await rows('SELECT FROZEN_SCN, STATUS FROM oceanbase.DBA_OB_MAJOR_COMPACTION'))[0];
      if (status === 'IDLE' && frozen !== before) break;
      if (clock.nowUs() > deadline) throw new Error('major compaction did not finish');
      await pumped(clock, new Promise<void>((resolve) => clock.schedule(200_000, resolve)), 20_000);
    }
    await sameEverywhere('baseline');
    // On the new baseline the column table is read from its column groups, block by block.
    const [col] = await ok("SELECT SUM(qty) FROM c WHERE flag = 'N'");
    expect(col.storageStats!.columnStore).toBe(true);
    expect(col.storageStats!.microBlocksRead).toBeGreaterThan(0);
    const [row] = await ok("SELECT /*+ NO_USE_COLUMN_TABLE(h) */ SUM(qty) FROM h WHERE flag = 'N'");
    expect(row.storageStats!.columnStore).toBe(false);
    expect(row.rows).toEqual(col.rows);
    // A plain row-store scan counts the microblocks it loads too (the row side of the comparison).
    const [plain] = await ok("SELECT /*+ NO_USE_COLUMN_TABLE(h) */ id FROM h WHERE flag = 'N'");
    expect(plain.storageStats!.columnStore).toBe(false);
    expect(plain.storageStats!.microBlocksRead).toBeGreaterThan(0);
    expect(plain.storageStats!.bytesRead).toBeGreaterThan(0);
    for (const t of TABLES) {
      await load(t, ROWS, ROWS + 300);
      await ok(`UPDATE ${t} SET qty = qty + 1 WHERE id % 10 = 3`);
      await ok(`DELETE FROM ${t} WHERE id % 10 = 7`);
    }
    await sameEverywhere('baseline + increments');
  }, 600_000);
});
