/**
 * TPC-H differential test: the same generated data (SF 0.01, ≈ 87k rows) in our in-process
 * cluster and in SQLite (sql.js); Q1, Q3, Q5, Q6 and Q10 must give the same rows in the same order.
 *
 * - Our side loads through the playground's own path: `CALL dbms_playground.load_sample_data('tpch',
 *   0.01)` on a session of OBServer 1 (engine/sample's loader behind the server's SampleTarget),
 *   then runs `TPCH_QUERIES` unchanged through `ObServerApi.execute`.
 * - SQLite gets the rows straight from the generator and runs the queries rewritten to its dialect
 *   (test/tpch_sqlite.ts). Numbers match within half a unit of our printed scale plus 1e-9
 *   relative (SQLite sums doubles; our DECIMALs are exact).
 * - The cluster runs on a VirtualClock advanced on every idle turn of the event loop (as the SQL
 *   golden tests do), so elections and timers cost no real time.
 * This is a test harness, so it uses setImmediate; engine code never does.
 */
import initSqlJs, { type Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../env/memory';
import type { ObServerApi } from '../server/api';
import type { LocalCluster } from '../server/local_cluster';
import { TPCH_QUERIES, type TpchQueryName } from './tpch_queries';
import { tpchRowCount } from './tpch';
import { pumped } from '../server/test/virtual_time';
import { compareRows, loadTpchIntoSqlite, sqliteQuery, toSqliteDialect } from './test/tpch_sqlite';

const SF = 0.01;
const QUERIES: TpchQueryName[] = ['Q1', 'Q3', 'Q5', 'Q6', 'Q10'];

describe('TPC-H SF 0.01: our cluster vs SQLite', () => {
  let sqlite: Database;
  let cluster: LocalCluster;
  let clock: VirtualClock;
  let server: ObServerApi;
  let session: number;

  const ours = async (sql: string) => {
    const reply = await pumped(clock, server.execute(session, sql));
    if (reply.error) throw new Error(`ERROR ${reply.error.mysqlCode} (${reply.error.sqlState}): ${reply.error.message}\n${sql}`);
    return reply.results[reply.results.length - 1];
  };

  beforeAll(async () => {
    const SQL = await initSqlJs();
    sqlite = new SQL.Database();
    loadTpchIntoSqlite(sqlite, SF);
    // Loaded here so the SQLite-side tests below run even while the server does not build.
    const { LocalCluster: Cluster } = await import('../server/local_cluster');
    clock = new VirtualClock();
    cluster = await pumped(clock, Cluster.start({ clock, seed: 7 }));
    server = cluster.servers[0];
    session = await pumped(clock, server.openSession({ tenant: 'test' }));
    await ours(`CALL dbms_playground.load_sample_data('tpch', ${SF})`);
    await ours('USE tpch');
  }, 180_000);

  afterAll(async () => {
    sqlite?.close();
    if (cluster) await pumped(clock, cluster.stop());
  });

  it('loaded the same number of rows into both', async () => {
    for (const table of ['orders', 'lineitem', 'partsupp']) {
      const expected = tpchRowCount(table as 'orders', SF);
      expect((await ours(`select count(*) from ${table}`)).rows).toEqual([[String(expected)]]);
      expect(sqliteQuery(sqlite, `select count(*) from ${table}`).rows).toEqual([[expected]]);
    }
  });

  for (const q of QUERIES) {
    it(`${q} returns the same rows`, async () => {
      const result = await ours(TPCH_QUERIES[q]);
      const reference = sqliteQuery(sqlite, toSqliteDialect(TPCH_QUERIES[q]));
      expect(reference.rows.length).toBeGreaterThan(0);
      expect(result.columns.map((c) => c.name)).toEqual(reference.columns);
      expect(compareRows(result.rows, reference.rows)).toEqual([]);
    }, 60_000);
  }
});

describe('the SQLite side of the differential test', () => {
  it('rewrites date arithmetic and folds constants exactly', () => {
    expect(toSqliteDialect("l_shipdate <= date '1998-12-01' - interval '90' day")).toBe("l_shipdate <= '1998-09-02'");
    expect(toSqliteDialect("o_orderdate < date '1993-10-01' + interval '3' month")).toBe("o_orderdate < '1994-01-01'");
    expect(toSqliteDialect("x < date '1994-01-01' + interval '1' year and y >= date '1994-01-01'")).toBe(
      "x < '1995-01-01' and y >= '1994-01-01'",
    );
    expect(toSqliteDialect('l_discount between .06 - 0.01 and .06 + 0.01')).toBe('l_discount between 0.05 and 0.07');
    expect(toSqliteDialect('sum(l_extendedprice * (1 - l_discount))')).toBe('sum(l_extendedprice * (1 - l_discount))');
  });

  it('compares numbers within the printed scale and strings exactly', () => {
    expect(compareRows([['25.522005', 'A', '3']], [[25.52200542, 'A', 3]])).toEqual([]);
    expect(compareRows([['25.5221', 'A']], [[25.52200542, 'A']])).toHaveLength(1);
    expect(compareRows([['1', 'B']], [[1, 'A']])).toHaveLength(1);
    expect(compareRows([['1']], [[1], [2]])).toEqual(['row count: ours 1, sqlite 2']);
    expect(compareRows([[null]], [[null]])).toEqual([]);
  });
});
