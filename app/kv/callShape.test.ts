/**
 * The page executes only KvScriptCall shapes: every call the real script API produces passes
 * (after a structured clone, as it arrives from the sandbox), and other things do not.
 */
import { describe, expect, it } from 'vitest';
import { makeKvApi, type KvScriptCall } from '../../engine/client/script_api';
import { isKvScriptCall } from './callShape';

/** Every call a script makes, captured (answers are minimal so the builders go on). */
async function captureCalls(): Promise<KvScriptCall[]> {
  const calls: KvScriptCall[] = [];
  const api = makeKvApi(async (c) => {
    calls.push(structuredClone(c));
    if (c.kind === 'table.query' || c.kind === 'table.queryNext') return { columns: ['c1'], rows: [], cursor: null };
    if (c.kind === 'table.batch') return [{ ok: true, value: 1 }];
    if (c.kind === 'hbase.get') return [[]];
    if (c.kind === 'hbase.scan' || c.kind === 'hbase.scanNext') return { cells: [], cursor: null };
    if (c.kind === 'hbase.mutate') return [{}];
    if (c.kind === 'table.aggregate') return {};
    if (c.kind === 'hbase.admin') return {};
    return 1;
  });
  const { client, hbase, Put, Get, Delete, Scan, compareVal, MIN, MAX } = api;
  const tolerate = async (p: Promise<unknown>) => p.catch(() => undefined);
  await tolerate(client.insert('t1', 1, ['c2'], ['a']));
  await tolerate(client.get('t1', [1, 'x'], ['c2']));
  await tolerate(client.query('t1').addScanRange([MIN], [MAX]).setFilter(compareVal('>=', 'c1', 5)).limit(2, 10).execute());
  await tolerate(client.batch('t1').insert(1, ['c2'], [new Uint8Array([1])]).get(2).execute());
  await tolerate(client.aggregate('t1').count().addScanRange(1, 5).execute());
  await tolerate(hbase.admin.createTable('h', [{ name: 'f' }]));
  await tolerate(hbase.table('h').put(new Put('r1').addColumn('f', 'q', 'v')));
  await tolerate(hbase.table('h').get(new Get('r1').addFamily('f')));
  await tolerate(hbase.table('h').delete(new Delete('r1')));
  await tolerate(hbase.table('h').scan(new Scan().withStartRow('a').withStopRow('z')));
  return calls;
}

describe('isKvScriptCall', () => {
  it('accepts every call the script API makes', async () => {
    const calls = await captureCalls();
    const kinds = new Set(calls.map((c) => c.kind));
    for (const k of ['table.op', 'table.query', 'table.batch', 'table.aggregate', 'hbase.admin', 'hbase.mutate', 'hbase.get', 'hbase.scan']) {
      expect(kinds.has(k as KvScriptCall['kind'])).toBe(true);
    }
    for (const c of calls) expect(isKvScriptCall(c), JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).toBe(true);
  });

  it('refuses unknown kinds, missing fields and things that are not plain data', () => {
    expect(isKvScriptCall({ kind: 'sql.execute', text: 'DROP TABLE t1' })).toBe(false);
    expect(isKvScriptCall({ kind: 'table.op', table: 't1' })).toBe(false);
    expect(isKvScriptCall({ kind: 'table.op', table: 1, op: { type: 'get', rowkey: [1], columns: [], values: [], withResult: false } })).toBe(false);
    expect(isKvScriptCall({ kind: 'table.op', table: 't1', op: { type: 'drop', rowkey: [1], columns: [], values: [], withResult: false } })).toBe(false);
    expect(isKvScriptCall({ kind: 'table.queryNext', cursor: 'x' })).toBe(false);
    const ok = { kind: 'table.op', table: 't1', op: { type: 'get', rowkey: [1], columns: [], values: [], withResult: false } };
    expect(isKvScriptCall(ok)).toBe(true);
    expect(isKvScriptCall({ ...ok, op: { ...ok.op, rowkey: [new Map()] } })).toBe(false);
    expect(isKvScriptCall({ ...ok, extra: () => 1 })).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(isKvScriptCall({ ...ok, op: { ...ok.op, rowkey: [deep] } })).toBe(false);
    expect(isKvScriptCall(null)).toBe(false);
    expect(isKvScriptCall([ok])).toBe(false);
  });
});
