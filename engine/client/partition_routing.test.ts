/**
 * Client-side partition calculation against tables created by SQL on an in-process cluster
 * (reference obkv-apis §1.13): HASH (16 partitions: 0..15 → 0..15, −1..−15 → 1..15), KEY over
 * BIGINT (1→2, 2→14, 3→2, 100→8 of 16) and VARBINARY ('part' → 11 of 16), RANGE (a value equal to
 * a bound goes to the next partition; MAXVALUE catches the rest), RANGE COLUMNS and LIST (with
 * DEFAULT). Each row is inserted by SQL (the server places it), then read through the client: the
 * client's partition must be the one `SELECT ... PARTITION (pN)` finds the row in, and the get
 * (executed locally on the routed tablet only) must find it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../workers/system_clock';
import { LocalCluster } from '../server/local_cluster';
import { rowsOf, sql } from '../table/test/kv_harness';
import { createKvClients } from './index';
import type { ObTableApi, Value } from './kv_api_types';
import type { KvCallTrace } from './trace';

let cluster: LocalCluster;
let client: ObTableApi;
const traces: KvCallTrace[] = [];

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  client = createKvClients(cluster.kvTransport(), { onTrace: (t) => traces.push(t) }).globals.client;
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

/** The partition name SQL finds `key` in (scanning each partition of `table`). */
async function sqlPartitionOf(table: string, keyCol: string, names: string[], key: string): Promise<string[]> {
  const found: string[] = [];
  for (const p of names) {
    const rows = rowsOf(await sql(cluster, `SELECT ${keyCol} FROM ${table} PARTITION (${p}) WHERE ${keyCol} = ${key}`));
    if (rows.length > 0) found.push(p);
  }
  return found;
}

/** Gets `rowkey` through the client; returns the trace of that call. */
async function routedGet(table: string, rowkey: Value): Promise<{ row: Record<string, unknown>; trace: KvCallTrace }> {
  const row = await client.get(table, rowkey);
  return { row, trace: traces[traces.length - 1] };
}

describe('HASH', () => {
  it('16 partitions: 0..15 → 0..15 and −1..−15 → 1..15, where the server stored them', async () => {
    await sql(cluster, 'CREATE TABLE h16 (c1 BIGINT PRIMARY KEY, v INT) PARTITION BY HASH(c1) PARTITIONS 16');
    const keys = [...Array(16).keys(), ...Array.from({ length: 15 }, (_, i) => -(i + 1))];
    await sql(cluster, `INSERT INTO h16 VALUES ${keys.map((k) => `(${k}, ${k})`).join(', ')}`);
    for (const k of keys) {
      const { row, trace } = await routedGet('h16', k);
      expect(row).toEqual({ c1: k, v: k });
      expect(trace.partitionIndex).toBe(Math.abs(k));
      expect(trace.partition).toBe(`p${Math.abs(k)}`);
      expect(trace.partitionRule).toBe(`HASH(c1): abs(${k}) % 16 = ${Math.abs(k)}`);
    }
    // Spot-check placement by SQL's partition selection.
    for (const k of [0, 7, -7, 15]) expect(await sqlPartitionOf('h16', 'c1', Array.from({ length: 16 }, (_, i) => `p${i}`), String(k))).toEqual([`p${Math.abs(k)}`]);
  });
});

describe('KEY', () => {
  it('BIGINT over 16 partitions: 1→2, 2→14, 3→2, 100→8', async () => {
    await sql(cluster, 'CREATE TABLE k16 (c1 BIGINT PRIMARY KEY, v VARCHAR(10)) PARTITION BY KEY(c1) PARTITIONS 16');
    await sql(cluster, `INSERT INTO k16 VALUES (1, 'a'), (2, 'b'), (3, 'c'), (100, 'd')`);
    const names = Array.from({ length: 16 }, (_, i) => `p${i}`);
    for (const [k, p] of [[1, 2], [2, 14], [3, 2], [100, 8]]) {
      const { row, trace } = await routedGet('k16', k);
      expect(row.c1).toBe(k);
      expect(trace.partitionIndex).toBe(p);
      expect(trace.partitionRule).toMatch(new RegExp(`^KEY\\(c1\\): murmurhash64a → \\d+ % 16 = ${p}$`));
      expect(await sqlPartitionOf('k16', 'c1', names, String(k))).toEqual([`p${p}`]);
    }
  });

  it("VARBINARY (binary collation) over 16 partitions: 'part' → 11", async () => {
    await sql(cluster, 'CREATE TABLE kb16 (k VARBINARY(64) PRIMARY KEY, v INT) PARTITION BY KEY(k) PARTITIONS 16');
    await sql(cluster, `INSERT INTO kb16 VALUES ('part', 1)`);
    const { row, trace } = await routedGet('kb16', 'part');
    expect(row.v).toBe(1);
    expect(trace.partitionIndex).toBe(11);
  });

  it('rows inserted by the client land where SQL finds them', async () => {
    await sql(cluster, 'CREATE TABLE k5 (c1 VARCHAR(20) PRIMARY KEY, v INT) PARTITION BY KEY(c1) PARTITIONS 5');
    const names = Array.from({ length: 5 }, (_, i) => `p${i}`);
    for (const k of ['alpha', 'beta', 'Gamma', 'delta', 'epsilon', 'zeta']) {
      expect(await client.insert('k5', k, ['v'], [1])).toBe(1);
      const p = traces[traces.length - 1].partition;
      expect(await sqlPartitionOf('k5', 'c1', names, `'${k}'`)).toEqual([p]);
    }
  });
});

describe('RANGE and LIST', () => {
  it('RANGE: a value equal to a bound goes to the next partition; MAXVALUE catches the rest', async () => {
    await sql(cluster, `CREATE TABLE r3 (c1 BIGINT PRIMARY KEY, v INT) PARTITION BY RANGE(c1)
      (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN (200), PARTITION pmax VALUES LESS THAN MAXVALUE)`);
    const cases: [number, string, string][] = [
      [-5, 'p0', 'RANGE(c1): -5 < 100 → p0'], [99, 'p0', 'RANGE(c1): 99 < 100 → p0'],
      [100, 'p1', 'RANGE(c1): 100 < 200 → p1'], [199, 'p1', 'RANGE(c1): 199 < 200 → p1'],
      [200, 'pmax', 'RANGE(c1): 200 < MAXVALUE → pmax'], [1_000_000_000, 'pmax', 'RANGE(c1): 1000000000 < MAXVALUE → pmax'],
    ];
    for (const [k] of cases) await sql(cluster, `INSERT INTO r3 VALUES (${k}, 1)`);
    for (const [k, p, rule] of cases) {
      const { row, trace } = await routedGet('r3', k);
      expect(row.c1).toBe(k);
      expect(trace.partition).toBe(p);
      expect(trace.partitionRule).toBe(rule);
      expect(await sqlPartitionOf('r3', 'c1', ['p0', 'p1', 'pmax'], String(k))).toEqual([p]);
    }
  });

  it('RANGE COLUMNS over VARCHAR', async () => {
    await sql(cluster, `CREATE TABLE rc (k VARCHAR(10) PRIMARY KEY, v INT) PARTITION BY RANGE COLUMNS(k)
      (PARTITION p0 VALUES LESS THAN ('n'), PARTITION p1 VALUES LESS THAN (MAXVALUE))`);
    await sql(cluster, `INSERT INTO rc VALUES ('m', 1), ('n', 2), ('zz', 3)`);
    const m = await routedGet('rc', 'm');
    expect([m.row.v, m.trace.partition, m.trace.partitionRule]).toEqual([1, 'p0', "RANGE COLUMNS(k): 'm' < 'n' → p0"]);
    const n = await routedGet('rc', 'n');
    expect([n.row.v, n.trace.partition]).toEqual([2, 'p1']);
    const z = await routedGet('rc', 'zz');
    expect([z.row.v, z.trace.partition]).toEqual([3, 'p1']);
  });

  it('LIST with a DEFAULT partition', async () => {
    await sql(cluster, `CREATE TABLE l3 (c1 INT PRIMARY KEY, v INT) PARTITION BY LIST(c1)
      (PARTITION podd VALUES IN (1, 3, 5), PARTITION peven VALUES IN (2, 4, 6), PARTITION pd VALUES IN (DEFAULT))`);
    const cases: [number, string][] = [[1, 'podd'], [4, 'peven'], [5, 'podd'], [9, 'pd']];
    for (const [k] of cases) await sql(cluster, `INSERT INTO l3 VALUES (${k}, ${k})`);
    for (const [k, p] of cases) {
      const { row, trace } = await routedGet('l3', k);
      expect(row.v).toBe(k);
      expect(trace.partition).toBe(p);
      expect(await sqlPartitionOf('l3', 'c1', ['podd', 'peven', 'pd'], String(k))).toEqual([p]);
    }
    expect(traces[traces.length - 1].partitionRule).toBe('LIST(c1): 9 → pd (DEFAULT)');
  });
});
