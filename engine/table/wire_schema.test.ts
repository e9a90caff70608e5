/**
 * `checkKvBody`: every body the real routing client sends passes (captured from a LocalCluster
 * through a recording transport, across the table and HBase APIs), and garbage is refused with
 * -4002 naming the method and the path (-5167 for HBase K/Q/V over the model's lengths).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../workers/system_clock';
import { createKvClients } from '../client/index';
import type { KvTransport } from '../client/transport';
import { isObError, type ObError } from '../common/ob_error';
import type { HAdminBody, HGetBody, HMutateBody, HScanBody } from '../hbase/types';
import { LocalCluster } from '../server/local_cluster';
import type { TableAggregateBody, TableBatchBody, TableExecuteBody, TableQueryBody, TableRouteBody } from './types';
import { KV_MAX, KV_METHODS, KV_MIN } from './types';
import { checkKvBody, checkedKvMethods } from './wire_schema';

function errorOf(method: string, body: unknown): ObError | null {
  try {
    checkKvBody(method, body);
    return null;
  } catch (e) {
    if (!isObError(e)) throw e;
    return e;
  }
}

describe('checkKvBody accepts what the routing client sends', () => {
  let cluster: LocalCluster;
  const sent: [string, unknown][] = [];

  beforeAll(async () => {
    cluster = await LocalCluster.start({ clock: new SystemClock() });
    await cluster.whenLeadersReady();
    const inner = cluster.kvTransport();
    const recording: KvTransport = {
      servers: () => inner.servers(),
      call: (serverId, method, body) => {
        sent.push([method, structuredClone(body)]);
        return inner.call(serverId, method, body);
      },
    };
    const s = cluster.servers[0];
    const sid = await s.openSession({ tenant: 'test', user: 'root', database: 'test' });
    for (const sql of [
      'create table wt (k int primary key, v varchar(20), n bigint, b varbinary(16), d datetime, m decimal(10,2)) partition by key(k) partitions 2',
      'create table wt2 (a varchar(10), b int, c double, primary key (a, b), index ic (c))',
    ]) expect((await s.execute(sid, sql)).error).toBeUndefined();
    const { client, hbase, Put, Get, Scan, Delete } = createKvClients(recording).globals;

    await client.insert('wt', [1], ['v', 'n', 'b', 'd', 'm'], ['one', 2n ** 60n, new Uint8Array([0, 255]), new Date(Date.UTC(2024, 0, 2)), '1.50']);
    await client.insertOrUpdate('wt', [2], ['v', 'n'], [null, 1.5]).catch(() => {});
    await client.update('wt', [1], ['v'], ['uno']);
    await client.replace('wt', [3], ['v'], ['three']);
    await client.put('wt', [4], ['v'], ['four']).catch(() => {}); // -4007 under binlog_row_image=FULL, but sent
    await client.get('wt', [1], ['v', 'n']);
    await client.get('wt', [1]);
    await client.increment('wt', [1], ['n'], [1], true);
    await client.append('wt', [1], ['v'], ['!'], true);
    await client.delete('wt', [4]);
    const b = client.batch('wt');
    b.insert([10], ['v'], ['ten']).get([1], ['v']).delete([3]).increment([1], ['n'], [1]);
    await b.execute();
    await client.batch('wt').insert([1], ['v'], ['x']).setIsAtomic(true).execute().catch(() => {});
    await client.insert('wt2', ['a', 1], ['c'], [0.5]);
    await client.query('wt2').addScanRange(['a', KV_MIN], ['a', KV_MAX]).select('a', 'c').execute();
    await client.query('wt2').addScanRange([0.1], false, [1], true).indexName('ic').scanOrder(false).limit(1, 5).execute();
    const many = client.batch('wt');
    for (let k = 20; k < 40; k++) many.insert([k], ['v'], [`v${k}`]);
    await many.execute();
    const q = await client.query('wt').addScanRange([0], [100]).setBatchSize(2).asyncExecute();
    for (let i = 0; i < 5; i++) expect(await q.next()).toBe(true);
    await q.close(); // mid-scan: table.queryClose
    await client.aggregate('wt2').max('c', 'mc').count().sum('b').addScanRange(['a', 0], ['a', 9]).execute();

    await hbase.admin.createTable('hw', [{ name: 'f', maxVersions: 3 }, { name: 'g', ttlSeconds: 3600 }], { partitions: 2 });
    await hbase.admin.createTable('hs', [{ name: 'f' }], { splits: ['m'] });
    const t = hbase.table('hw');
    await t.put(new Put('r1').addColumn('f', 'a', 'v1').addColumn('f', 'b', 5, new Uint8Array([1, 2, 255])));
    await t.put([new Put('r2').addColumn('g', 'q', 'x')]);
    await t.get(new Get('r1').addColumn('f', 'a').addFamily('g').setMaxVersions(2).setTimeRange(0, 2 ** 52).setFilter("ValueFilter(=, 'binary:v1')"));
    await t.get(new Get('r1').setTimeStamp(5));
    await t.exists(new Get('r9'));
    await t.incrementColumnValue('r1', 'f', 'cnt', 5n);
    await t.append('r1', 'f', 'a', 'z');
    await t.checkAndMutate('r1', 'f', 'a', 'EQUAL', 'v1z', new Put('r1').addColumn('f', 'c', 'ok'));
    await t.checkAndMutate('r1', 'f', 'nope', 'EQUAL', null, new Delete('r1').addColumn('f', 'c'));
    await t.delete([
      new Delete('r2').addFamily('g'), new Delete('r1').addColumns('f', 'b', 5), new Delete('r1').addFamilyVersion('f', 5),
      new Delete('r1').addColumn('f', 'a', 1), new Delete('r3'),
    ]);
    await t.scan(new Scan().withStartRow('r', false).withStopRow('s', true).addFamily('f').setLimit(10));
    const sc = await t.getScanner(new Scan().setReversed(true).setCaching(1).readVersions(2));
    await sc.next();
    await sc.close();
    await hbase.admin.describe('hw');
    await hbase.admin.listTables('h.*');
    await hbase.admin.listTables();
    await hbase.admin.isTableEnabled('hw');
    await hbase.admin.modifyFamily('hw', { name: 'f', maxVersions: 5 });
    await hbase.admin.deleteFamily('hw', 'g');
    await hbase.admin.disableTable('hs');
    await hbase.admin.enableTable('hs');
    await hbase.admin.truncateTable('hs').catch(() => {});
    await hbase.admin.disableTable('hs');
    await hbase.admin.deleteTable('hs');
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('covers every KV method (table.ttl.trigger too)', () => {
    const methods = new Set(sent.map(([m]) => m));
    for (const m of Object.values(KV_METHODS)) expect(methods, m).toContain(m);
    expect(checkedKvMethods().sort()).toEqual([...Object.values(KV_METHODS), 'table.ttl.trigger'].sort());
  });

  it('every recorded body passes', () => {
    expect(sent.length).toBeGreaterThan(40);
    const refused = sent.map(([m, body]) => [m, errorOf(m, body)?.message] as const).filter(([, e]) => e !== undefined);
    expect(refused).toEqual([]);
    expect(errorOf('table.ttl.trigger', { tenantId: 1002 })).toBeNull();
    expect(errorOf(KV_METHODS.queryClose, { tenantId: 1002, sessionId: 7 })).toBeNull();
  });
});

// --- garbage --------------------------------------------------------------------------------------

const stamp = { tenantId: 1002, database: 'test', table: 't', schemaVersion: 5, tabletId: 200001, lsId: 1001 };
const execute: TableExecuteBody = {
  ...stamp,
  op: {
    type: 'insert',
    rowkey: [{ name: 'k', value: 1, inputType: 'BIGINT' }],
    values: [{ name: 'v', value: 'a', inputType: 'VARCHAR' }, { name: 'n', value: 2n ** 70n, inputType: 'BIGINT' }],
    selectColumns: [],
    withResult: false,
    filter: null,
  },
};
const query = { ranges: [{ start: [KV_MIN], startInclusive: true, end: [10], endInclusive: false }], scanRangeColumns: [], select: [], indexName: null, reverse: false, limit: -1, offset: 0, filter: null };
const queryBody: TableQueryBody = { ...stamp, query, batchSize: 0 };
const batch: TableBatchBody = { ...stamp, ops: [execute.op, { ...execute.op, type: 'get' }], atomic: true };
const aggregate: TableAggregateBody = { ...stamp, query, aggs: [{ fn: 'count', column: null }, { fn: 'max', column: 'v', alias: 'm' }] };
const route: TableRouteBody = { tenant: 'test', database: 'test', table: 't' };
const hroute = { tenantId: 1002, database: 'test', schemaVersion: 5, lsId: 1001, htable: 'ht', partitionIndex: 1 };
const mutate: HMutateBody = { ...hroute, row: 'r1', mutation: { type: 'put', cells: [{ family: 'f', qualifier: 'q', timestamp: null, value: 'v\xff' }] } };
const read = { columns: [{ family: 'f', qualifier: null }], maxVersions: 1, timeRange: null, timestamp: null, filter: null };
const get: HGetBody = { ...hroute, row: 'r1', read, existsOnly: false };
const scan: HScanBody = { ...hroute, startRow: '', stopRow: 'z', reversed: false, read, limitRows: 1000, afterRow: null };
const admin: HAdminBody = { tenant: 'test', database: 'test', command: { type: 'create', htable: 'ht', families: [{ name: 'f' }] } };

/** `body` with the value at the dotted `path` set (`remove`: deleted). */
function at(body: unknown, path: string, value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = path.split('.');
  let o = copy;
  for (const k of keys.slice(0, -1)) o = o[k] as Record<string, unknown>;
  if (remove) delete o[keys[keys.length - 1]];
  else o[keys[keys.length - 1]] = value;
  return copy;
}

describe('checkKvBody refuses garbage', () => {
  it('accepts the hand-built valid bodies', () => {
    for (const [m, b] of [
      [KV_METHODS.execute, execute], [KV_METHODS.batch, batch], [KV_METHODS.query, queryBody], [KV_METHODS.aggregate, aggregate],
      [KV_METHODS.route, route], [KV_METHODS.hbaseMutate, mutate], [KV_METHODS.hbaseGet, get], [KV_METHODS.hbaseScan, scan],
      [KV_METHODS.hbaseAdmin, admin], [KV_METHODS.queryNext, { tenantId: 1, sessionId: 2 }],
    ] as const) expect(errorOf(m, b), m).toBeNull();
  });

  const cases: [string, string, unknown, string][] = [
    // method, what, body, message (after "invalid <method> request: ")
    [KV_METHODS.hbaseMutate, 'row missing', at(mutate, 'row', 0, true), 'row: missing'],
    [KV_METHODS.hbaseMutate, 'row undefined', at(mutate, 'row', undefined), 'row: expected a string, received no value'],
    [KV_METHODS.hbaseMutate, 'row a number', at(mutate, 'row', 5), 'row: expected a string, received 5'],
    [KV_METHODS.hbaseMutate, 'row not bytes', at(mutate, 'row', 'r\u0100'), 'row: expected a byte string (char codes 0..255), received a string of 2 chars'],
    [KV_METHODS.hbaseMutate, 'cell value a number', at(mutate, 'mutation.cells.0.value', 5), 'mutation.cells.0.value: expected a string, received 5'],
    [KV_METHODS.hbaseMutate, 'qualifier null', at(mutate, 'mutation.cells.0.qualifier', null), 'mutation.cells.0.qualifier: expected a string, received null'],
    [KV_METHODS.hbaseMutate, 'negative timestamp', at(mutate, 'mutation.cells.0.timestamp', -1), 'mutation.cells.0.timestamp: expected at least 0, received -1'],
    [KV_METHODS.hbaseMutate, 'fractional timestamp', at(mutate, 'mutation.cells.0.timestamp', 1.5), 'mutation.cells.0.timestamp: expected a safe integer, received 1.5'],
    [KV_METHODS.hbaseMutate, 'unknown mutation type', at(mutate, 'mutation.type', 'upsert'), 'mutation.type: expected one of "put" | "delete" | "increment" | "append" | "checkAndMutate", received "upsert"'],
    [KV_METHODS.hbaseMutate, 'unknown delete kind', at(mutate, 'mutation', { type: 'delete', specs: [{ kind: 'cell' }] }), 'mutation.specs.0.kind: expected one of'],
    [KV_METHODS.hbaseMutate, 'checkAndMutate op', at(mutate, 'mutation', { type: 'checkAndMutate', family: 'f', qualifier: 'q', op: '=', value: null, mutation: mutate.mutation }), 'mutation.op: expected one of "LESS"'],
    [KV_METHODS.hbaseMutate, 'nested increment', at(mutate, 'mutation', { type: 'checkAndMutate', family: 'f', qualifier: 'q', op: 'EQUAL', value: null, mutation: { type: 'increment', columns: [] } }), 'mutation.mutation.type: expected one of "put" | "delete"'],
    [KV_METHODS.hbaseMutate, 'NaN amount', at(mutate, 'mutation', { type: 'increment', columns: [{ family: 'f', qualifier: 'q', amount: NaN }] }), 'mutation.columns.0.amount: expected a number, received not-a-number'],
    [KV_METHODS.hbaseMutate, 'partition index', at(mutate, 'partitionIndex', -4038), 'partitionIndex: expected at least 0, received -4038'],
    [KV_METHODS.hbaseMutate, 'unknown field', { ...mutate, extra: 1 }, 'extra: unknown field'],
    [KV_METHODS.hbaseMutate, 'null body', null, 'body: expected an object, received null'],
    [KV_METHODS.hbaseGet, 'time range of 1', at(get, 'read.timeRange', [1]), 'read.timeRange.1: expected a number, received no value'],
    [KV_METHODS.hbaseGet, 'maxVersions bigint', at(get, 'read.maxVersions', 3n), 'read.maxVersions: expected a number, received 3n'],
    [KV_METHODS.hbaseScan, 'limitRows huge', at(scan, 'limitRows', 1e308), 'limitRows: expected a safe integer'],
    [KV_METHODS.hbaseScan, 'afterRow object', at(scan, 'afterRow', {}), 'afterRow: expected a string, received an object'],
    [KV_METHODS.hbaseAdmin, 'unknown command', at(admin, 'command.type', 'compact'), 'command.type: expected one of "create"'],
    [KV_METHODS.hbaseAdmin, 'zero partitions', at(admin, 'command.partitions', 0), 'command.partitions: expected at least 1, received 0'],
    [KV_METHODS.hbaseAdmin, 'family not an object', at(admin, 'command.families', ['f']), 'command.families.0: expected an object, received "f"'],
    [KV_METHODS.execute, 'op missing', at(execute, 'op', 0, true), 'op: missing'],
    [KV_METHODS.execute, 'unknown op type', at(execute, 'op.type', 'upsert'), 'op.type: expected one of "get"'],
    [KV_METHODS.execute, 'NaN value', at(execute, 'op.rowkey.0.value', NaN), 'op.rowkey.0.value: expected a value (null, a finite number, a bigint or a string of at most 262144 chars), received not-a-number'],
    [KV_METHODS.execute, 'object value', at(execute, 'op.values.1.value', { kvBound: 'MIN' }), 'op.values.1.value: expected a value'],
    [KV_METHODS.execute, 'input type', at(execute, 'op.values.0.inputType', 'TEXT'), 'op.values.0.inputType: expected one of "NULL"'],
    [KV_METHODS.execute, 'tenant id string', at(execute, 'tenantId', '1002'), 'tenantId: expected a number, received "1002"'],
    [KV_METHODS.execute, 'tablet id fractional', at(execute, 'tabletId', 1.5), 'tabletId: expected a safe integer, received 1.5'],
    [KV_METHODS.execute, 'table null', at(execute, 'table', null), 'table: expected a string, received null'],
    [KV_METHODS.execute, 'filter number', at(execute, 'op.filter', 1), 'op.filter: expected a string, received 1'],
    [KV_METHODS.batch, 'too many ops', at(batch, 'ops', new Array(10_001).fill(execute.op)), 'ops: expected at most 10000 items, received an array of 10001'],
    [KV_METHODS.batch, 'sparse ops', at(batch, 'ops', new Array(50_000)), 'ops.0: expected an object, received no value'],
    [KV_METHODS.batch, 'atomic string', at(batch, 'atomic', 'yes'), 'atomic: expected a boolean, received "yes"'],
    [KV_METHODS.query, 'bad bound', at(queryBody, 'query.ranges.0.start', [{ kvBound: 'LOW' }]), "query.ranges.0.start.0: expected a value (null, a finite number, a bigint or a string of at most 262144 chars, or {kvBound: 'MIN' | 'MAX'})"],
    [KV_METHODS.query, 'limit -2', at(queryBody, 'query.limit', -2), 'query.limit: expected at least -1, received -2'],
    [KV_METHODS.query, 'negative batch size', at(queryBody, 'batchSize', -1), 'batchSize: expected at least 0, received -1'],
    [KV_METHODS.queryNext, 'session id missing', { tenantId: 1 }, 'sessionId: missing'],
    [KV_METHODS.queryClose, 'array body', [1, 2], 'body: expected an object, received an array of 2'],
    [KV_METHODS.aggregate, 'unknown agg fn', at(aggregate, 'aggs.0.fn', 'median'), 'aggs.0.fn: expected one of "count"'],
    [KV_METHODS.route, 'table too long', at(route, 'table', 'x'.repeat(300)), 'table: expected at most 256 chars, received a string of 300 chars'],
    ['table.ttl.trigger', 'tenant id missing', {}, 'tenantId: missing'],
  ];
  for (const [method, what, body, message] of cases) {
    it(`${method}: ${what} → -4002 naming the path`, () => {
      const e = errorOf(method, body);
      expect(e?.obCode).toBe(-4002);
      expect(e?.message.startsWith(`invalid ${method} request: ${message}`), e?.message).toBe(true);
      expect(e?.message).not.toMatch(/\bundefined\b|\bNaN\b|\[object Object\]/);
    });
  }

  it('HBase K/Q/V over the model lengths answer -5167 data too long', () => {
    const long = (n: number) => 'x'.repeat(n);
    expect(errorOf(KV_METHODS.hbaseMutate, at(mutate, 'row', long(1024)))).toBeNull();
    expect(errorOf(KV_METHODS.hbaseMutate, at(mutate, 'row', long(1025)))?.message).toBe("Data too long for column 'K' at row 0");
    expect(errorOf(KV_METHODS.hbaseMutate, at(mutate, 'mutation.cells.0.qualifier', long(257)))?.message).toBe("Data too long for column 'Q' at row 0");
    const e = errorOf(KV_METHODS.hbaseMutate, at(mutate, 'mutation.cells.0.value', long(1025)));
    expect([e?.obCode, e?.message]).toEqual([-5167, "Data too long for column 'V' at row 0"]);
    expect(errorOf(KV_METHODS.hbaseAdmin, at(admin, 'command.splits', [long(2000)]))?.obCode).toBe(-5167);
    // A scan bound may be one byte longer (an inclusive stop row gets a \x00 appended).
    expect(errorOf(KV_METHODS.hbaseScan, at(scan, 'stopRow', long(1025)))).toBeNull();
    expect(errorOf(KV_METHODS.hbaseScan, at(scan, 'stopRow', long(1026)))?.obCode).toBe(-4002);
  });

  it('unknown methods are not its business', () => {
    expect(errorOf('table.nosuch', null)).toBeNull();
    expect(errorOf('__proto__', null)).toBeNull();
  });
});
