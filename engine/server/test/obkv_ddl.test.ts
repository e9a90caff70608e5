/**
 * SQL and schema support for OBKV end to end (issue #5) on the in-process cluster, virtual clock:
 * the HBase model's DDL exactly as the HBase service runs it (CREATE TABLEGROUP, family tables
 * `t1$f1` with VARBINARY columns, TABLEGROUP = and KV_ATTRIBUTES, KEY partitioning), tablegroup
 * alignment (partition i of every family table in one LS), DROP TABLEGROUP rules, binary values
 * through SQL (byte order, case-sensitive keys, DESC / SHOW CREATE TABLE), ALTER TABLE
 * KV_ATTRIBUTES reaching every server, TTL tables (TTL(...), ALTER, REMOVE TTL, column checks),
 * DBA_OB_TABLEGROUPS / SHOW TABLEGROUPS, and ALTER SYSTEM TRIGGER TTL (enable_kv_ttl, the
 * `table.ttl.trigger` broadcast).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Value } from '../../common/value';
import { VirtualClock } from '../../env/memory';
import type { ExecuteReply } from '../api';
import { LocalCluster } from '../local_cluster';
import { pumped } from './virtual_time';

const TENANT = 1002;
type Exec = (text: string) => Promise<ExecuteReply>;
let run: { cluster: LocalCluster; clock: VirtualClock } | null = null;

afterEach(async () => {
  if (run) await pumped(run.clock, run.cluster.stop());
  run = null;
});

async function boot(): Promise<{ cluster: LocalCluster; clock: VirtualClock }> {
  const clock = new VirtualClock();
  const cluster = await pumped(clock, LocalCluster.start({ clock, seed: 5 }));
  run = { cluster, clock };
  return run;
}

async function session(server = 1, tenant = 'test'): Promise<Exec> {
  const r = run!;
  const s = r.cluster.server(server);
  const id = await pumped(r.clock, s.openSession({ tenant, user: 'root', database: tenant === 'sys' ? undefined : 'test' }));
  return (text) => pumped(r.clock, s.execute(id, text));
}

async function ok(exec: Exec, text: string): Promise<Value[][]> {
  const reply = await exec(text);
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  return reply.results[reply.results.length - 1]?.rows ?? [];
}

async function fails(exec: Exec, text: string): Promise<string> {
  const reply = await exec(text);
  if (!reply.error) throw new Error(`${text}: expected an error`);
  return `ERROR ${reply.error.mysqlCode} (${reply.error.sqlState}): ${reply.error.message}`;
}

const FAMILY = (name: string, tg: string, ttl = 3600) => `CREATE TABLE \`${name}\` (
  \`K\` varbinary(1024) NOT NULL, \`Q\` varbinary(256) NOT NULL, \`T\` bigint(20) NOT NULL, \`V\` varbinary(1024) DEFAULT NULL,
  PRIMARY KEY (\`K\`, \`Q\`, \`T\`)
) TABLEGROUP = ${tg} KV_ATTRIBUTES = '{"Hbase": {"TimeToLive": ${ttl}, "MaxVersions": 3}}' PARTITION BY KEY(\`K\`) PARTITIONS 3`;

const lsIdsOf = (name: string, server = 1): number[] =>
  run!.cluster.server(server).schemas.get(TENANT)!.getTable('test', name)!.partitions.map((p) => p.lsId as number);

describe('tablegroups and HBase family tables', () => {
  it('aligns partition i of every table of a tablegroup in one LS, and keeps DROP TABLEGROUP for empty groups', async () => {
    await boot();
    const sql = await session(1);
    await ok(sql, 'CREATE TABLEGROUP IF NOT EXISTS t1');
    await ok(sql, 'CREATE TABLEGROUP IF NOT EXISTS t1');
    expect(await fails(sql, `CREATE TABLEGROUP t1 SHARDING = 'ADAPTIVE'`)).toBe('ERROR 5159 (HY000): tablegroup already exist');
    await ok(sql, 'CREATE TABLE pad1 (id INT PRIMARY KEY)');
    await ok(sql, FAMILY('t1$f1', 't1'));
    // A table created in between shifts the round-robin start (least loaded LS first): a table
    // outside the group created now lands elsewhere — where f2 would without alignment.
    await ok(sql, 'CREATE TABLE pad2 (id INT PRIMARY KEY)');
    await ok(sql, 'CREATE TABLE plain (id INT PRIMARY KEY) PARTITION BY KEY(id) PARTITIONS 3');
    const f1 = lsIdsOf('t1$f1');
    expect(new Set(f1).size).toBe(3);
    expect(lsIdsOf('plain')).not.toEqual(f1);
    await ok(sql, 'DROP TABLE plain');
    await ok(sql, FAMILY('t1$f2', 't1'));
    expect(lsIdsOf('t1$f2')).toEqual(f1);
    // Every server routes the same way.
    expect(lsIdsOf('t1$f2', 3)).toEqual(f1);

    expect(await fails(sql, 'CREATE TABLE x (id INT PRIMARY KEY) TABLEGROUP = nope')).toBe('ERROR 5151 (HY000): tablegroup not exist');
    expect(await fails(sql, 'DROP TABLEGROUP t1')).toBe('ERROR 4615 (HY000): tablegroup is not empty');
    expect(await ok(sql, 'SHOW TABLEGROUPS')).toEqual([['t1', 't1$f1', 'test'], ['t1', 't1$f2', 'test']]);
    expect(await ok(sql, 'SELECT TABLEGROUP_NAME, PARTITIONING_TYPE, SHARDING FROM oceanbase.DBA_OB_TABLEGROUPS'))
      .toEqual([['t1', 'NONE', 'ADAPTIVE']]);
    const locs = await ok(sql, `SELECT DISTINCT TABLE_NAME, TABLEGROUP_NAME, SHARDING FROM oceanbase.DBA_OB_TABLE_LOCATIONS WHERE TABLE_NAME LIKE 't1%' ORDER BY TABLE_NAME`);
    expect(locs).toEqual([['t1$f1', 't1', 'ADAPTIVE'], ['t1$f2', 't1', 'ADAPTIVE']]);

    await ok(sql, 'DROP TABLE `t1$f1`, `t1$f2`');
    await ok(sql, 'DROP TABLEGROUP t1');
    await ok(sql, 'DROP TABLEGROUP IF EXISTS t1');
    expect(await fails(sql, 'DROP TABLEGROUP t1')).toBe('ERROR 5151 (HY000): tablegroup not exist');
    expect(await ok(sql, 'SELECT COUNT(*) FROM oceanbase.DBA_OB_TABLEGROUPS')).toEqual([['0']]);
  });

  it('stores binary cells byte-wise and shows them through SQL, DESC and SHOW CREATE TABLE', async () => {
    await boot();
    const sql = await session(2);
    await ok(sql, `CREATE TABLEGROUP t1 SHARDING = 'ADAPTIVE'`);
    await ok(sql, FAMILY('t1$f1', 't1'));
    await ok(sql, "INSERT INTO `t1$f1` VALUES ('row1', 'q', -1700000000000, 'value'), ('Row1', 'q', -1, 'v2'), ('row1 ', 'q', -1, 'héllo')");
    // Binary keys are case- and space-sensitive: three rows, in byte order (R < r, 'row1' < 'row1 ').
    expect(await ok(sql, 'SELECT * FROM `t1$f1` ORDER BY K')).toEqual([
      ['Row1', 'q', '-1', 'v2'],
      ['row1', 'q', '-1700000000000', 'value'],
      ['row1 ', 'q', '-1', 'héllo'],
    ]);
    expect(await ok(sql, "SELECT T FROM `t1$f1` WHERE K = 'row1'")).toEqual([['-1700000000000']]);
    // Same statement shape, other literals (plan cache): still exact byte matches.
    expect(await ok(sql, "SELECT T FROM `t1$f1` WHERE K = 'Row1'")).toEqual([['-1']]);
    expect(await ok(sql, "SELECT V FROM `t1$f1` WHERE K = 'row1 ' AND Q = 'q'")).toEqual([['héllo']]);
    expect(await ok(sql, "SELECT K FROM `t1$f1` WHERE V = 'héllo'")).toEqual([['row1 ']]);
    expect(await ok(sql, "SELECT COUNT(*) FROM `t1$f1` WHERE K IN ('row1', 'ROW1')")).toEqual([['1']]);
    expect(await ok(sql, "SELECT COUNT(*) FROM `t1$f1` WHERE K > 'a'")).toEqual([['2']]);
    // A VARCHAR(n) length counts characters, a VARBINARY(n) one counts bytes.
    await ok(sql, 'CREATE TABLE b2 (k varbinary(4) PRIMARY KEY, c binary(3), b blob)');
    expect(await fails(sql, "INSERT INTO b2 VALUES ('ééé', 'a', 'x')")).toBe("ERROR 1406 (22001): Data too long for column 'k' at row 1");
    await ok(sql, "INSERT INTO b2 VALUES ('éé', 'a', 'x')");
    expect(await ok(sql, 'SELECT k, b FROM b2')).toEqual([['éé', 'x']]);
    expect(await ok(sql, "SELECT b FROM b2 WHERE k = 'éé'")).toEqual([['x']]);
    expect(await ok(sql, 'SELECT LENGTH(k), HEX(k), HEX(c) FROM b2')).toEqual([['4', 'C3A9C3A9', '610000']]);
    expect(await ok(sql, 'SELECT LENGTH(c) FROM b2')).toEqual([['3']]);
    await ok(sql, "CREATE TABLE d (a int primary key, v varbinary(10) DEFAULT 'é')");
    await ok(sql, 'INSERT INTO d (a) VALUES (1)');
    expect(await ok(sql, 'SELECT v, LENGTH(v) FROM d')).toEqual([['é', '2']]);
    await ok(sql, 'UPDATE d SET v = v');
    expect(await ok(sql, 'SELECT v, LENGTH(v) FROM d')).toEqual([['é', '2']]);
    expect(await ok(sql, 'DESC `t1$f1`')).toEqual([
      ['K', 'varbinary(1024)', 'NO', 'PRI', null, ''],
      ['Q', 'varbinary(256)', 'NO', 'PRI', null, ''],
      ['T', 'bigint(20)', 'NO', 'PRI', null, ''],
      ['V', 'varbinary(1024)', 'YES', '', null, ''],
    ]);
    const create = String((await ok(sql, 'SHOW CREATE TABLE `t1$f1`'))[0][1]);
    expect(create).toContain('`K` varbinary(1024) NOT NULL');
    expect(create).toContain(`TABLEGROUP = 't1'`);
    expect(create).toContain(`KV_ATTRIBUTES = '{"Hbase": {"TimeToLive": 3600, "MaxVersions": 3}}'`);
    expect(create).toContain('partition by key(K)');
    expect(String((await ok(sql, 'SHOW CREATE TABLE b2'))[0][1])).toContain('`c` binary(3) DEFAULT NULL,\n  `b` blob DEFAULT NULL');
  });

  it('ALTER TABLE KV_ATTRIBUTES reaches every server; malformed attributes are refused', async () => {
    await boot();
    const sql = await session(1);
    await ok(sql, 'CREATE TABLEGROUP t1');
    await ok(sql, FAMILY('t1$f1', 't1'));
    await ok(sql, `ALTER TABLE \`t1$f1\` KV_ATTRIBUTES = '{"Hbase": {"TimeToLive": 10, "MaxVersions": 5}}'`);
    for (const s of run!.cluster.servers) {
      await pumped(run!.clock, s.schemas.get(TENANT)!.waitVersion(run!.cluster.server(1).schemas.get(TENANT)!.version));
      expect(s.schemas.get(TENANT)!.getTable('test', 't1$f1')!.options.kvAttributes).toBe('{"Hbase": {"TimeToLive": 10, "MaxVersions": 5}}');
    }
    const wrong = 'ERROR 1235 (0A000): kv attributes with wrong format not supported';
    expect(await fails(sql, "ALTER TABLE `t1$f1` KV_ATTRIBUTES = '{\"Hbase\": '")).toBe(wrong);
    expect(await fails(sql, `ALTER TABLE \`t1$f1\` KV_ATTRIBUTES = '{"HColumnDescriptor": {"TimeToLive": 5}}'`)).toBe(wrong);
    expect(await fails(sql, `CREATE TABLE k2 (a int primary key) KV_ATTRIBUTES = '{}'`)).toBe(wrong);
    expect(await fails(sql, `ALTER TABLE \`t1$f1\` KV_ATTRIBUTES = '{"Hbase": {"TimeToLive": 0}}'`))
      .toBe('ERROR 4392 (HY000): Time to live of hbase table must be greater than 0');
  });
});

describe('TTL tables and the TTL task', () => {
  it('creates, alters and removes a TTL definition, checking its column', async () => {
    await boot();
    const sql = await session(1);
    await ok(sql, 'CREATE TABLE ttl_t (c1 bigint PRIMARY KEY, c2 varchar(20), expired_ts timestamp(6)) TTL(expired_ts + INTERVAL 5 SECOND)');
    const table = () => run!.cluster.server(1).schemas.get(TENANT)!.getTable('test', 'ttl_t')!;
    expect(table().options.ttl).toEqual({ column: 'expired_ts', interval: 5, unit: 'SECOND' });
    const text = async () => String((await ok(sql, 'SHOW CREATE TABLE ttl_t'))[0][1]);
    expect(await text()).toContain('PCTFREE = 0 TTL = (expired_ts + INTERVAL 5 SECOND)');
    await ok(sql, 'ALTER TABLE ttl_t TTL(expired_ts + INTERVAL 10 MINUTE)');
    expect(table().options.ttl).toEqual({ column: 'expired_ts', interval: 10, unit: 'MINUTE' });
    // What SHOW CREATE TABLE prints parses back.
    await ok(sql, (await text()).replace('`ttl_t`', '`ttl_copy`'));
    expect(run!.cluster.server(1).schemas.get(TENANT)!.getTable('test', 'ttl_copy')!.options.ttl).toEqual(table().options.ttl);
    await ok(sql, 'ALTER TABLE ttl_t REMOVE TTL');
    expect(table().options.ttl).toBeUndefined();
    expect(await text()).not.toContain('TTL');
    expect(await fails(sql, 'ALTER TABLE ttl_t TTL(nope + INTERVAL 1 DAY)')).toBe("ERROR 4387 (HY000): TTL column 'nope' not exists");
    expect(await fails(sql, 'CREATE TABLE t3 (a int primary key, c2 varchar(20)) TTL(c2 + INTERVAL 1 DAY)'))
      .toBe("ERROR 4388 (HY000): Column type of 'c2' is not supported for TTL definition");
  });

  it('ALTER SYSTEM TRIGGER TTL needs enable_kv_ttl, then broadcasts table.ttl.trigger to every server', async () => {
    await boot();
    const sql = await session(1);
    expect(await fails(sql, 'ALTER SYSTEM TRIGGER TTL')).toBe('ERROR 4386 (HY000): TTL feature is not enabled');
    expect(await ok(sql, "SHOW PARAMETERS LIKE 'kv_ttl_duty_duration'")).toHaveLength(1);
    await ok(sql, 'ALTER SYSTEM SET enable_kv_ttl = true');
    const calls: { to: number; body: unknown }[] = [];
    const rpc = run!.cluster.server(1).rpc;
    const original = rpc.call.bind(rpc);
    vi.spyOn(rpc, 'call').mockImplementation(((to: number, method: string, body: unknown, ...rest: unknown[]) => {
      if (method === 'table.ttl.trigger') calls.push({ to, body });
      return (original as (...a: unknown[]) => Promise<unknown>)(to, method, body, ...rest);
    }) as typeof rpc.call);
    await ok(sql, 'ALTER SYSTEM TRIGGER TTL');
    expect(calls.map((c) => c.to).sort()).toEqual([1, 2, 3]);
    expect(calls.every((c) => (c.body as { tenantId: number }).tenantId === TENANT)).toBe(true);
    // From sys: TENANT = test names it; a tenant without enable_kv_ttl is refused.
    const sys = await session(1, 'sys');
    calls.length = 0;
    await ok(sys, 'ALTER SYSTEM TRIGGER TTL TENANT = test');
    expect(calls).toHaveLength(3);
    expect(await fails(sys, 'ALTER SYSTEM TRIGGER TTL TENANT = sys')).toBe('ERROR 4386 (HY000): TTL feature is not enabled');
  });
});
