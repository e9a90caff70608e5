/**
 * The HBase service end to end on an in-process cluster, through `kvCall` with a tiny routing
 * client (test/hbase_harness.ts): admin, every mutation with the reference's expectations
 * (obkv-apis §2.4), Get/Scan semantics, filters, TTL at read time and by the sweep, and the rows
 * as SQL shows them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToLong, longToBytes } from '../common/binary';
import { KV_METHODS } from '../table/types';
import { HBaseHarness, qtv } from './test/hbase_harness';
import type { HCell } from './types';

let h: HBaseHarness;

beforeAll(async () => {
  h = await HBaseHarness.start();
  await h.admin({ type: 'create', htable: 'ht', families: [{ name: 'f', maxVersions: 10 }, { name: 'g', maxVersions: 10 }] });
}, 120_000);

afterAll(async () => {
  await h.stop();
});

const rowsOf = (cells: HCell[]) => [...new Set(cells.map((c) => c.row))];

describe('admin', () => {
  it('creates a tablegroup with one table per family, aligned in LSs', async () => {
    expect((await h.admin({ type: 'exists', htable: 'ht' })).exists).toBe(true);
    expect((await h.admin({ type: 'exists', htable: 'nope' })).exists).toBe(false);
    const d = (await h.admin({ type: 'describe', htable: 'ht' })).descriptor!;
    expect(d).toEqual({
      name: 'ht', enabled: true, partitioning: 'KEY(K) PARTITIONS 3',
      families: [{ name: 'f', maxVersions: 10, ttlSeconds: null }, { name: 'g', maxVersions: 10, ttlSeconds: null }],
    });
    const f = (await h.route('ht', 'f', 'x')).table;
    const g = (await h.route('ht', 'g', 'x')).table;
    expect(f.options.tablegroup).toBe('ht');
    expect(f.options.kvAttributes).toBe('{"Hbase": {"MaxVersions": 10}}');
    expect(f.partitions.map((p) => p.lsId)).toEqual(g.partitions.map((p) => p.lsId));
    expect((await h.admin({ type: 'list' })).tables).toContain('ht');
  });

  it('refuses an existing table (-10522), a missing one (-10523) and a missing namespace (-10521)', async () => {
    const body = (command: unknown) => ({ tenant: 'test', database: 'test', command });
    expect((await h.callError(1, KV_METHODS.hbaseAdmin, body({ type: 'create', htable: 'ht', families: [{ name: 'f' }] }))).obCode).toBe(-10522);
    expect((await h.callError(2, KV_METHODS.hbaseAdmin, body({ type: 'describe', htable: 'zz' }))).obCode).toBe(-10523);
    expect((await h.callError(1, KV_METHODS.hbaseAdmin, body({ type: 'create', htable: 'nons:t', families: [{ name: 'f' }] }))).obCode).toBe(-10521);
    const bad = await h.callError(1, KV_METHODS.hbaseAdmin, body({ type: 'create', htable: 'x', families: [{ name: 'a$b' }] }));
    expect(bad).toMatchObject({ obCode: -4002, message: expect.stringContaining("family name 'a$b'") });
  });

  it('disables, refuses data calls and drop rules, enables, drops', async () => {
    await h.admin({ type: 'create', htable: 'tmp', families: [{ name: 'a' }, { name: 'b', ttlSeconds: 60 }], splits: ['m'] });
    expect((await h.admin({ type: 'describe', htable: 'tmp' })).descriptor!.partitioning).toBe('RANGE COLUMNS(K) PARTITIONS 2');
    await h.put('tmp', 'r', 'a', 'q', 'v');
    const dropBody = { tenant: 'test', database: 'test', command: { type: 'drop', htable: 'tmp' } };
    expect((await h.callError(1, KV_METHODS.hbaseAdmin, dropBody)).obCode).toBe(-10519);
    await h.admin({ type: 'disable', htable: 'tmp' });
    expect((await h.admin({ type: 'isEnabled', htable: 'tmp' })).enabled).toBe(false);
    const r = await h.route('tmp', 'a', 'r');
    expect(r.table.options.kvAttributes).toBe('{"Hbase": {"MaxVersions": 1, "State": "disable"}}');
    const getBody = { ...r.stamp, row: 'r', read: { columns: [], maxVersions: 1, timeRange: null, timestamp: null, filter: null }, existsOnly: false };
    expect((await h.callError(r.leader, KV_METHODS.hbaseGet, getBody)).obCode).toBe(-10520);
    const again = { tenant: 'test', database: 'test', command: { type: 'disable', htable: 'tmp' } };
    expect((await h.callError(1, KV_METHODS.hbaseAdmin, again)).obCode).toBe(-10520);
    await h.admin({ type: 'enable', htable: 'tmp' });
    expect(qtv(await h.get('tmp', 'a', 'r')).map((c) => c[2])).toEqual(['v']);
    await h.admin({ type: 'disable', htable: 'tmp' });
    await h.admin({ type: 'drop', htable: 'tmp' });
    expect((await h.admin({ type: 'exists', htable: 'tmp' })).exists).toBe(false);
    expect(await h.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_name LIKE 'tmp$%'")).toEqual([['0']]);
  });

  it('alters families (add, VERSIONS/TTL, delete) and truncates keeping the schema', async () => {
    await h.admin({ type: 'create', htable: 'alt', families: [{ name: 'a' }] }, 3);
    await h.admin({ type: 'alter', htable: 'alt', family: { name: 'b', maxVersions: 4 } });
    await h.admin({ type: 'alter', htable: 'alt', family: { name: 'a', ttlSeconds: 30 } });
    let d = (await h.admin({ type: 'describe', htable: 'alt' })).descriptor!;
    expect(d.families).toEqual([{ name: 'a', maxVersions: 1, ttlSeconds: 30 }, { name: 'b', maxVersions: 4, ttlSeconds: null }]);
    await h.put('alt', 'r', 'b', 'q', 'v');
    await h.admin({ type: 'truncate', htable: 'alt' });
    expect(await h.get('alt', 'b', 'r')).toEqual([]);
    await h.admin({ type: 'alter', htable: 'alt', family: { name: 'a' }, delete: true });
    d = (await h.admin({ type: 'describe', htable: 'alt' })).descriptor!;
    expect(d.families.map((f) => f.name)).toEqual(['b']);
    const last = { tenant: 'test', database: 'test', command: { type: 'alter', htable: 'alt', family: { name: 'b' }, delete: true } };
    expect((await h.callError(1, KV_METHODS.hbaseAdmin, last)).obCode).toBe(-4002);
  });

  it('maps a namespace to a database', async () => {
    await h.sql('CREATE DATABASE ns1');
    await h.admin({ type: 'create', htable: 'ns1:nt', families: [{ name: 'f' }] });
    expect((await h.admin({ type: 'list', regex: 'ns1:.*' })).tables).toEqual(['ns1:nt']);
    expect(await h.sql('SHOW TABLES', 'ns1')).toEqual([['ns1:nt$f']]);
    await h.put('ns1:nt', 'r', 'f', 'q', 'in-ns', 7);
    expect(qtv(await h.get('ns1:nt', 'f', 'r'))).toEqual([['q', 7, 'in-ns']]);
    expect(await h.sql('SELECT K, T, V FROM `ns1:nt$f`', 'ns1')).toEqual([['r', '-7', 'in-ns']]);
  });
});

describe('mutations', () => {
  const ts = [1000, 2000, 3000, 4000];
  async function fourVersions(row: string): Promise<void> {
    for (const t of ts) {
      await h.put('ht', row, 'f', 'c', `v${t}`, t);
      await h.put('ht', row, 'f', 'd', `w${t}`, t);
    }
  }
  const versions = async (row: string, q = 'c') =>
    (await h.get('ht', 'f', row, { columns: [{ family: 'f', qualifier: q }], maxVersions: 10 })).map((c) => c.timestamp);

  it('stores T negated, visible from SQL', async () => {
    await h.put('ht', 'sqlrow', 'f', 'q1', 'hello', 1234);
    expect(await h.sql("SELECT K, Q, T, V FROM `ht$f` WHERE K = 'sqlrow'")).toEqual([['sqlrow', 'q1', '-1234', 'hello']]);
  });

  it('put of an existing version overwrites it; a null timestamp is the server time', async () => {
    await h.put('ht', 'ow', 'f', 'c', 'a', 5000);
    await h.put('ht', 'ow', 'f', 'c', 'b', 5000);
    expect(qtv(await h.get('ht', 'f', 'ow', { maxVersions: 5 }))).toEqual([['c', 5000, 'b']]);
    const before = h.nowMs();
    await h.put('ht', 'now', 'f', 'c', 'x');
    const [cell] = await h.get('ht', 'f', 'now');
    expect(cell.timestamp).toBeGreaterThanOrEqual(before);
    expect(cell.timestamp).toBeLessThanOrEqual(h.nowMs());
  });

  it('delete variants follow the reference timestamps (ts1<ts2<ts3<ts4)', async () => {
    await fourVersions('d1');
    await h.mutate('ht', 'f', 'd1', { type: 'delete', specs: [{ kind: 'column', family: 'f', qualifier: 'c' }] });
    expect(await versions('d1')).toEqual([3000, 2000, 1000]);

    await fourVersions('d2');
    await h.mutate('ht', 'f', 'd2', { type: 'delete', specs: [{ kind: 'column', family: 'f', qualifier: 'c', ts: 2000 }] });
    expect(await versions('d2')).toEqual([4000, 3000, 1000]);

    await fourVersions('d3');
    await h.mutate('ht', 'f', 'd3', { type: 'delete', specs: [{ kind: 'columns', family: 'f', qualifier: 'c', ts: 3000 }] });
    expect(await versions('d3')).toEqual([4000]);
    expect(await versions('d3', 'd')).toEqual([4000, 3000, 2000, 1000]);
    await h.mutate('ht', 'f', 'd3', { type: 'delete', specs: [{ kind: 'columns', family: 'f', qualifier: 'd' }] });
    expect(await versions('d3', 'd')).toEqual([]);

    await fourVersions('d4');
    await h.mutate('ht', 'f', 'd4', { type: 'delete', specs: [{ kind: 'family', family: 'f', ts: 2000 }] });
    expect(await versions('d4')).toEqual([4000, 3000]);
    expect(await versions('d4', 'd')).toEqual([4000, 3000]);

    await fourVersions('d5');
    await h.mutate('ht', 'f', 'd5', { type: 'delete', specs: [{ kind: 'familyVersion', family: 'f', ts: 3000 }] });
    expect(await versions('d5')).toEqual([4000, 2000, 1000]);
    expect(await versions('d5', 'd')).toEqual([4000, 2000, 1000]);

    await fourVersions('d6');
    await h.put('ht', 'd6', 'g', 'x', 'y', 1000);
    await h.mutate('ht', 'f', 'd6', { type: 'delete', specs: [{ kind: 'family', family: 'f' }] });
    expect((await h.get('ht', 'f', 'd6')).map((c) => c.family)).toEqual(['g']);
    await h.mutate('ht', 'f', 'd6', { type: 'delete', specs: [{ kind: 'row' }] });
    expect(await h.get('ht', 'f', 'd6')).toEqual([]);
  });

  it('increments an 8-byte long 1 → 2 → 3, from absent, and refuses other cells (-10516)', async () => {
    await h.put('ht', 'inc', 'f', 'n', longToBytes(1n));
    const inc = async (amount: number) =>
      (await h.mutate('ht', 'f', 'inc', { type: 'increment', columns: [{ family: 'f', qualifier: 'n', amount }] })).cells!;
    expect(bytesToLong((await inc(1))[0].value)).toBe(2n);
    const third = await inc(1);
    expect(bytesToLong(third[0].value)).toBe(3n);
    expect(third[0]).toMatchObject({ row: 'inc', family: 'f', qualifier: 'n' });
    expect(bytesToLong((await h.get('ht', 'f', 'inc'))[0].value)).toBe(3n);
    const fresh = await h.mutate('ht', 'f', 'inc', { type: 'increment', columns: [{ family: 'f', qualifier: 'm', amount: 5 }] });
    expect(bytesToLong(fresh.cells![0].value)).toBe(5n);
    await h.put('ht', 'inc', 'f', 's', 'text');
    const r = await h.route('ht', 'f', 'inc');
    const err = await h.callError(r.leader, KV_METHODS.hbaseMutate, {
      ...r.stamp, row: 'inc', mutation: { type: 'increment', columns: [{ family: 'f', qualifier: 's', amount: 1 }] },
    });
    expect(err.obCode).toBe(-10516);
  });

  it('serialises concurrent increments of one cell (none is lost)', async () => {
    await h.put('ht', 'cinc', 'f', 'n', longToBytes(100n));
    const r = await h.route('ht', 'f', 'cinc');
    const body = { ...r.stamp, row: 'cinc', mutation: { type: 'increment', columns: [{ family: 'f', qualifier: 'n', amount: 1 }] } };
    await Promise.all(Array.from({ length: 8 }, () => h.call(r.leader, KV_METHODS.hbaseMutate, body)));
    expect(bytesToLong((await h.get('ht', 'f', 'cinc'))[0].value)).toBe(108n);
  });

  it('compares rows, qualifiers and values as bytes (case-sensitive, any byte)', async () => {
    await h.put('ht', 'Case', 'f', 'Q', 'upper', 1);
    await h.put('ht', 'case', 'f', 'q', 'lower', 1);
    await h.put('ht', 'case', 'f', 'q\xff\x00', '\x00\x01\xfe', 1);
    expect(qtv(await h.get('ht', 'f', 'Case'))).toEqual([['Q', 1, 'upper']]);
    expect(qtv(await h.get('ht', 'f', 'case'))).toEqual([['q', 1, 'lower'], ['q\xff\x00', 1, '\x00\x01\xfe']]);
  });

  it('appends to the latest version (absent → the value)', async () => {
    await h.put('ht', 'app', 'f', 'a', 'value');
    const r = await h.mutate('ht', 'f', 'app', { type: 'append', columns: [{ family: 'f', qualifier: 'a', value: '_append' }] });
    expect(r.cells![0].value).toBe('value_append');
    expect((await h.get('ht', 'f', 'app'))[0].value).toBe('value_append');
    const fresh = await h.mutate('ht', 'f', 'app', { type: 'append', columns: [{ family: 'f', qualifier: 'b', value: 'x' }] });
    expect(fresh.cells![0].value).toBe('x');
  });

  it("checkAndMutate compares stored <op> value (OBKV's direction)", async () => {
    const check = async (row: string, op: string, value: string | null, put = 'new') =>
      (await h.mutate('ht', 'f', row, {
        type: 'checkAndMutate', family: 'f', qualifier: 'c', op: op as never, value,
        mutation: { type: 'put', cells: [{ family: 'f', qualifier: 'c', timestamp: null, value: put }] },
      })).checkPassed;
    await h.put('ht', 'cm6', 'f', 'c', 'value6');
    expect(await check('cm6', 'GREATER', 'value5')).toBe(true);
    await h.put('ht', 'cm1', 'f', 'c', 'value1');
    expect(await check('cm1', 'GREATER', 'value1')).toBe(false);
    expect(await check('cm1', 'LESS', '')).toBe(false);
    expect(await check('cm1', 'LESS_OR_EQUAL', '')).toBe(false);
    expect((await h.get('ht', 'f', 'cm1'))[0].value).toBe('value1');
    expect(await check('cm1', 'GREATER_OR_EQUAL', 'value1', 'after')).toBe(true);
    expect((await h.get('ht', 'f', 'cm1'))[0].value).toBe('after');
    expect(await check('cmnone', 'EQUAL', null, 'created')).toBe(true);
    expect(await check('cmnone', 'EQUAL', null)).toBe(false);
    const del = await h.mutate('ht', 'f', 'cmnone', {
      type: 'checkAndMutate', family: 'f', qualifier: 'c', op: 'EQUAL', value: 'created',
      mutation: { type: 'delete', specs: [{ kind: 'columns', family: 'f', qualifier: 'c' }] },
    });
    expect(del.checkPassed).toBe(true);
    expect(await h.get('ht', 'f', 'cmnone')).toEqual([]);
    const r = await h.route('ht', 'f', 'cm1');
    const err = await h.callError(r.leader, KV_METHODS.hbaseMutate, {
      ...r.stamp, row: 'cm1', mutation: {
        type: 'checkAndMutate', family: 'f', qualifier: 'c', op: 'EQUAL', value: 'x',
        mutation: { type: 'put', cells: [{ family: 'g', qualifier: 'c', timestamp: null, value: 'v' }] },
      },
    });
    expect(err.message).toContain('mutation family is not equal check family');
  });

  it('refuses an unknown family (-5200, the family table is unknown)', async () => {
    const r = await h.route('ht', 'f', 'x');
    const err = await h.callError(r.leader, KV_METHODS.hbaseMutate, {
      ...r.stamp, row: 'x', mutation: { type: 'put', cells: [{ family: 'nofam', qualifier: 'q', timestamp: null, value: 'v' }] },
    });
    expect(err).toMatchObject({ obCode: -5200, message: "Unknown table 'ht$nofam' in test" });
  });

  it('commits a multi-family put atomically in one LS', async () => {
    await h.mutate('ht', 'f', 'mf', { type: 'put', cells: [
      { family: 'g', qualifier: 'b', timestamp: 10, value: '2' },
      { family: 'f', qualifier: 'a', timestamp: 10, value: '1' },
    ] });
    expect((await h.get('ht', 'f', 'mf')).map((c) => `${c.family}:${c.qualifier}=${c.value}`)).toEqual(['f:a=1', 'g:b=2']);
  });
});

describe('reads', () => {
  beforeAll(async () => {
    for (const t of [1, 2, 3]) await h.put('ht', 'rd', 'f', 'q', `v${t}`, t * 100);
    await h.put('ht', 'rd', 'f', 'p', 'pv', 100);
  });

  it('returns versions newest first, maxVersions, timeRange [min, max), exact timestamp, columns', async () => {
    expect(qtv(await h.get('ht', 'f', 'rd', { columns: [{ family: 'f', qualifier: 'q' }] }))).toEqual([['q', 300, 'v3']]);
    expect(qtv(await h.get('ht', 'f', 'rd', { maxVersions: 2 }))).toEqual([['p', 100, 'pv'], ['q', 300, 'v3'], ['q', 200, 'v2']]);
    expect(qtv(await h.get('ht', 'f', 'rd', { maxVersions: 5, timeRange: [100, 300] }))).toEqual([['p', 100, 'pv'], ['q', 200, 'v2'], ['q', 100, 'v1']]);
    expect(qtv(await h.get('ht', 'f', 'rd', { timestamp: 200 }))).toEqual([['q', 200, 'v2']]);
  });

  it('exists with a timestamp is true only for that exact version', async () => {
    const exists = async (timestamp: number) => (await h.get('ht', 'f', 'rd', { timestamp }, true)).length > 0;
    expect(await exists(200)).toBe(true);
    expect(await exists(250)).toBe(false);
  });

  it('caps versions by the family MaxVersions (MaxVersions=1: 3 puts → 1 cell)', async () => {
    await h.admin({ type: 'create', htable: 'mv1', families: [{ name: 'f', maxVersions: 1 }] });
    for (const t of [1, 2, 3]) await h.put('mv1', 'r', 'f', 'q', `v${t}`, t);
    expect(qtv(await h.get('mv1', 'f', 'r', { maxVersions: 10 }))).toEqual([['q', 3, 'v3']]);
    expect(await h.sql('SELECT COUNT(*) FROM `mv1$f`')).toEqual([['3']]);
    expect(await h.sweep((await h.route('mv1', 'f', 'r')).stamp.tenantId)).toBe(2);
    expect(await h.sql('SELECT T, V FROM `mv1$f`')).toEqual([['-3', 'v3']]);
  });

  it('scans rows in order, [start, stop), reversed with the larger start inclusive, paged', async () => {
    await h.admin({ type: 'create', htable: 'sc', families: [{ name: 'f' }, { name: 'g' }] });
    for (const r of ['a', 'b', 'c', 'd', 'e']) await h.put('sc', r, 'f', 'q', r.toUpperCase(), 1);
    await h.put('sc', 'c', 'g', 'z', 'gz', 1);
    const all = await h.scan('sc', 'f', { pageRows: 1 });
    expect(all.map((c) => `${c.row}/${c.family}`)).toEqual(['a/f', 'b/f', 'c/f', 'c/g', 'd/f', 'e/f']);
    expect(rowsOf(await h.scan('sc', 'f', { startRow: 'b', stopRow: 'd' }))).toEqual(['b', 'c']);
    expect(rowsOf(await h.scan('sc', 'f', { startRow: 'd', stopRow: 'b', reversed: true, pageRows: 1 }))).toEqual(['d', 'c']);
    expect(rowsOf(await h.scan('sc', 'f', { reversed: true }))).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await h.scan('sc', 'f', { startRow: 'b', stopRow: 'd', reversed: true })).toEqual([]);
    expect(rowsOf(await h.scan('sc', 'f', { read: { columns: [{ family: 'g', qualifier: null }] } }))).toEqual(['c']);
    // A reversed scan returns rows backwards, each row's cells still in HBase order.
    await h.admin({ type: 'alter', htable: 'sc', family: { name: 'f', maxVersions: 3 } });
    await h.put('sc', 'c', 'f', 'q', 'C2', 2);
    await h.put('sc', 'c', 'f', 'r', 'R', 1);
    const fwd = (await h.scan('sc', 'f', { read: { maxVersions: 3 } })).filter((c) => c.row === 'c');
    const rev = (await h.scan('sc', 'f', { reversed: true, read: { maxVersions: 3 } })).filter((c) => c.row === 'c');
    expect(fwd.map((c) => `${c.family}:${c.qualifier}@${c.timestamp}`)).toEqual(['f:q@2', 'f:q@1', 'f:r@1', 'g:z@1']);
    expect(rev).toEqual(fwd);
  });

  it('applies filters: AND/OR lists, PageFilter per partition, SingleColumnValueFilter', async () => {
    const f = (filter: string, reversed = false) => h.scan('sc', 'f', { reversed, read: { filter } });
    expect(rowsOf(await f("ValueFilter(=, 'binary:B') OR ValueFilter(=, 'binary:D')"))).toEqual(['b', 'd']);
    expect(rowsOf(await f("RowFilter(>=, 'binary:b') AND QualifierFilter(=, 'binary:z')"))).toEqual(['c']);
    expect(rowsOf(await f("PrefixFilter('c')"))).toEqual(['c']);
    // PageFilter limits rows per partition (region) as in HBase; the whole table has 3 partitions.
    const firstPerPartition = new Map<number, string>();
    for (const row of ['a', 'b', 'c', 'd', 'e']) {
      const pi = (await h.route('sc', 'f', row)).stamp.partitionIndex;
      if (!firstPerPartition.has(pi)) firstPerPartition.set(pi, row);
    }
    expect(rowsOf(await f('PageFilter(1)'))).toEqual([...firstPerPartition.values()].sort());
    expect(rowsOf(await f("SingleColumnValueFilter('g', 'z', =, 'binary:gz', true, true)"))).toEqual(['c']);
    const r = await h.route('sc', 'f', 'a');
    const err = await h.callError(r.leader, KV_METHODS.hbaseGet, {
      ...r.stamp, row: 'a', existsOnly: false,
      read: { columns: [], maxVersions: 1, timeRange: null, timestamp: null, filter: 'NoSuchFilter(1)' },
    });
    expect(err.obCode).toBe(-10514);
    expect(err.message).toContain('NoSuchFilter');
  });
});

describe('TTL', () => {
  it('hides expired cells at read time and the sweep removes them', async () => {
    await h.admin({ type: 'create', htable: 'ttl', families: [{ name: 'f', ttlSeconds: 10, maxVersions: 5 }] });
    for (const r of ['a', 'b', 'c']) await h.put('ttl', r, 'f', 'q', 'v');
    expect(await h.scan('ttl', 'f')).toHaveLength(3);
    await h.sleep(12_000);
    expect(await h.get('ttl', 'f', 'a')).toEqual([]);
    expect(await h.scan('ttl', 'f')).toEqual([]);
    expect(await h.sql('SELECT COUNT(*) FROM `ttl$f`')).toEqual([['3']]);
    const tenantId = (await h.route('ttl', 'f', 'a')).stamp.tenantId;
    expect(await h.sweep(tenantId)).toBe(3);
    expect(await h.sql('SELECT COUNT(*) FROM `ttl$f`')).toEqual([['0']]);
  }, 60_000);

  it('ALTER SYSTEM TRIGGER TTL runs the sweep: expired cells and extra versions go', async () => {
    await h.admin({ type: 'create', htable: 'ttl2', families: [{ name: 'f', ttlSeconds: 5, maxVersions: 2 }] });
    const old = h.nowMs() - 10_000;
    await h.put('ttl2', 'a', 'f', 'q', 'expired', old);
    for (const t of [1, 2, 3]) await h.put('ttl2', 'b', 'f', 'q', `v${t}`, h.nowMs() + t);
    expect(await h.sql('SELECT COUNT(*) FROM `ttl2$f`')).toEqual([['4']]);
    await h.sql('ALTER SYSTEM SET enable_kv_ttl = true');
    await h.sql('ALTER SYSTEM TRIGGER TTL');
    await h.sleep(2000);
    expect(await h.sql('SELECT K, V FROM `ttl2$f` ORDER BY T')).toEqual([['b', 'v3'], ['b', 'v2']]);
  }, 60_000);
});

describe('routing', () => {
  it('answers OB_NOT_MASTER on a follower and OB_SCHEMA_ERROR for an old schema version', async () => {
    const r = await h.route('ht', 'f', 'rd');
    const follower = [1, 2, 3].find((s) => s !== r.leader)!;
    const body = { ...r.stamp, row: 'rd', existsOnly: false, read: { columns: [], maxVersions: 1, timeRange: null, timestamp: null, filter: null } };
    expect((await h.callError(follower, KV_METHODS.hbaseGet, body)).obCode).toBe(-4038);
    expect((await h.callError(r.leader, KV_METHODS.hbaseGet, { ...body, schemaVersion: 0 })).obCode).toBe(-4029);
  });
});
