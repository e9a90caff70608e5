/**
 * The script API without a cluster: filter strings as OBKV builds them (reference obkv-apis §1.8),
 * the call descriptions builders produce (structured-clone safe), client-side argument checks
 * (Java order of limit(offset, n), offset without limit, execute() refused with a batch size),
 * errors as ObTableException, streaming result sets and HBase builders/results.
 */
import { describe, expect, it } from 'vitest';
import type { KvScriptCall, KvScriptQueryPage } from './script_api';
import { KV_SCRIPT_GLOBAL_NAMES, makeKvApi, ObTableException, toKvScriptError } from './script_api';

function recorder(answer: (c: KvScriptCall) => unknown = () => 1) {
  const calls: KvScriptCall[] = [];
  const api = makeKvApi(async (c) => {
    calls.push(structuredClone(c));
    return answer(c);
  });
  return { api, calls };
}

describe('filters', () => {
  const { api } = recorder();
  it('render compare leaves, nested lists and IN lists', () => {
    expect(api.compareVal('>=', 'c1', 5).toString()).toBe("TableCompareFilter(>=, 'c1:5')");
    expect(api.compareVal('EQ', 'c3', 'value').toString()).toBe("TableCompareFilter(=, 'c3:value')");
    expect(api.compareVal('IS', 'c2').toString()).toBe("TableCompareFilter(IS, 'c2:')");
    const f = api.andList(api.compareVal('=', 'c3', 'value'), api.orList(api.compareVal('<=', 'c2', 5), api.compareVal('>', 'c2', 9)));
    expect(f.toString()).toBe("TableCompareFilter(=, 'c3:value') && (TableCompareFilter(<=, 'c2:5') || TableCompareFilter(>, 'c2:9'))");
    expect(api.inList('c1', [1, 2]).toString()).toBe("TableCompareFilter(=, 'c1:1') || TableCompareFilter(=, 'c1:2')");
    expect(api.notInList('c1', [1, 2]).toString()).toBe("TableCompareFilter(!=, 'c1:1') && TableCompareFilter(!=, 'c1:2')");
  });

  it('refuse a null value for a comparing op', () => {
    expect(() => api.compareVal('<', 'c1', null)).toThrow(ObTableException);
  });
});

describe('table calls', () => {
  it('legacy calls describe one operation; a scalar rowkey becomes a one-value rowkey', async () => {
    const { api, calls } = recorder();
    await api.client.insert('t', 1, ['c2', 'c3'], ['a', new Uint8Array([1, 2])]);
    await api.client.get('t', [1, 'x'], ['c2']);
    await api.client.increment('t', 1, ['c3'], [2], true);
    expect(calls[0]).toEqual({ kind: 'table.op', table: 't', op: { type: 'insert', rowkey: [1], columns: ['c2', 'c3'], values: ['a', new Uint8Array([1, 2])], withResult: false } });
    expect(calls[1]).toMatchObject({ op: { type: 'get', rowkey: [1, 'x'], columns: ['c2'] } });
    expect(calls[2]).toMatchObject({ op: { type: 'increment', withResult: true } });
  });

  it('columns and values must pair up', async () => {
    const { api } = recorder();
    expect(() => api.client.insert('t', 1, ['a', 'b'], [1])).toThrow(/columns length 2 is not equal to values length 1/);
  });

  it('a query carries ranges (inclusive by default), MIN/MAX, order, Java limit(offset, n) and the filter text', async () => {
    const page: KvScriptQueryPage = { columns: ['c1', 'c2'], rows: [[1, 'a'], [2, 'b']], cursor: null };
    const { api, calls } = recorder(() => page);
    const r = await api.client.query('t').addScanRange([0, api.MIN], [1, api.MAX]).addScanRange(5, false, 9, true)
      .select('c1', 'c2').scanOrder(false).limit(2, 10).setFilter(api.compareVal('>', 'c2', 'a')).execute();
    expect(r.rows).toEqual([{ c1: 1, c2: 'a' }, { c1: 2, c2: 'b' }]);
    expect(r.size()).toBe(2);
    expect(calls[0]).toEqual({
      kind: 'table.query', table: 't', batchSize: 0,
      query: {
        ranges: [
          { start: [0, { kvBound: 'MIN' }], startInclusive: true, end: [1, { kvBound: 'MAX' }], endInclusive: true },
          { start: [5], startInclusive: false, end: [9], endInclusive: true },
        ],
        scanRangeColumns: [], select: ['c1', 'c2'], indexName: null, reverse: true, limit: 10, offset: 2,
        filter: "TableCompareFilter(>, 'c2:a')",
      },
    });
  });

  it('refuses offset without a limit, and execute() once a batch size is set', async () => {
    const { api } = recorder();
    expect(() => api.client.query('t').limit(3, -1)).toThrow(/offset can not be use without limit/);
    await expect(api.client.query('t').setBatchSize(2).execute()).rejects.toBeInstanceOf(ObTableException);
  });

  it('asyncExecute streams pages through the cursor, and a closed result set refuses use', async () => {
    const pages: KvScriptQueryPage[] = [
      { columns: ['k'], rows: [[1], [2]], cursor: 7 },
      { columns: ['k'], rows: [[3]], cursor: null },
    ];
    const { api, calls } = recorder((c) => (c.kind === 'table.query' ? pages[0] : c.kind === 'table.queryNext' ? pages[1] : null));
    const rs = await api.client.query('t').setBatchSize(2).asyncExecute();
    const got: unknown[] = [];
    expect(rs.cacheSize()).toBe(2);
    while (await rs.next()) got.push(rs.getRow().k);
    expect(got).toEqual([1, 2, 3]);
    expect(calls.map((c) => c.kind)).toEqual(['table.query', 'table.queryNext']);
    await rs.close();
    await expect(rs.next()).rejects.toThrow(/closed/);
  });

  it('a batch returns results in request order, errors as ObTableException', async () => {
    const err = { code: -5024, errorName: 'OB_ERR_PRIMARY_KEY_DUPLICATE', message: "[-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][Duplicate entry '1' for key 'PRIMARY']" };
    const { api, calls } = recorder(() => [{ ok: true, value: 1 }, { ok: false, error: err }, { ok: true, value: { c2: 'a' } }]);
    const r = await api.client.batch('t').insert(2, ['c2'], ['b']).insert(1, ['c2'], ['a']).get(1).setIsAtomic(false).execute();
    expect(r.results[0]).toBe(1);
    expect(r.results[1]).toBeInstanceOf(ObTableException);
    expect((r.results[1] as ObTableException).code).toBe(-5024);
    expect(r.results[2]).toEqual({ c2: 'a' });
    expect([r.getCorrectCount(), r.getWrongCount()]).toEqual([2, 1]);
    expect(calls[0]).toMatchObject({ kind: 'table.batch', atomic: false });
  });

  it('a rejected call reaches the script as ObTableException with code and name', async () => {
    const api = makeKvApi(async () => {
      throw { code: -5200, errorName: 'OB_ERR_UNKNOWN_TABLE', message: "[-5200][OB_ERR_UNKNOWN_TABLE][Unknown table 'x' in test]" };
    });
    const e = await api.client.get('x', 1).catch((x) => x);
    expect(e).toBeInstanceOf(ObTableException);
    expect([e.code, e.errorName, e.message]).toEqual([-5200, 'OB_ERR_UNKNOWN_TABLE', "[-5200][OB_ERR_UNKNOWN_TABLE][Unknown table 'x' in test]"]);
    expect(toKvScriptError(new Error('boom'))).toEqual({ code: -4016, errorName: 'OB_ERR_UNEXPECTED', message: '[-4016][OB_ERR_UNEXPECTED][boom]' });
  });
});

describe('HBase builders', () => {
  it('a put, get and delete become byte-string calls; results expose text and bytes', async () => {
    const cells = [
      { row: 'r1', family: 'f', qualifier: 'q', timestamp: 20, value: 'v2' },
      { row: 'r1', family: 'f', qualifier: 'q', timestamp: 10, value: '\xff\x00' },
    ];
    const { api, calls } = recorder((c) => (c.kind === 'hbase.get' ? [cells] : [{}]));
    const { Put, Get, Delete } = api;
    await api.hbase.table('t').put(new Put('r1').addColumn('f', 'q', 'v').addColumn('f', 'é', 5, new Uint8Array([0xff])));
    expect(calls[0]).toEqual({
      kind: 'hbase.mutate', htable: 't',
      mutations: [{ row: 'r1', mutation: { type: 'put', cells: [
        { family: 'f', qualifier: 'q', timestamp: null, value: 'v' },
        { family: 'f', qualifier: '\xc3\xa9', timestamp: 5, value: '\xff' },
      ] } }],
    });
    const r = await api.hbase.table('t').get(new Get('r1').addColumn('f', 'q').setMaxVersions(2));
    expect(calls[1]).toMatchObject({ kind: 'hbase.get', gets: [{ row: 'r1', read: { columns: [{ family: 'f', qualifier: 'q' }], maxVersions: 2 }, existsOnly: false }] });
    expect(r.getValue('f', 'q')).toBe('v2');
    expect(r.getColumnCells('f', 'q').map((c) => c.value)).toEqual(['v2', '\\xFF\\x00']);
    expect(Array.from(r.cells[1].bytes)).toEqual([0xff, 0]);
    await api.hbase.table('t').delete([new Delete('r1'), new Delete('r2').addColumns('f', 'q', 7)]);
    expect(calls[2]).toMatchObject({ mutations: [
      { row: 'r1', mutation: { type: 'delete', specs: [{ kind: 'row' }] } },
      { row: 'r2', mutation: { type: 'delete', specs: [{ kind: 'columns', family: 'f', qualifier: 'q', ts: 7 }] } },
    ] });
  });

  it('checkAndMutate refuses a mutation of another row', async () => {
    const { api } = recorder();
    await expect(api.hbase.table('t').checkAndMutate('r1', 'f', 'q', api.CompareOp.EQUAL, 'v', new api.Put('r2').addColumn('f', 'q', 'x')))
      .rejects.toThrow(/doesn't match the original one/);
  });

  it('lists every global name a script sees', () => {
    const { api } = recorder();
    for (const n of KV_SCRIPT_GLOBAL_NAMES) if (n !== 'print') expect(api).toHaveProperty(n);
  });
});
