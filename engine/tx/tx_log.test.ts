import { describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import { lsId, scn, tabletId, txId } from '../common/ids';
import { encodeRowkey } from '../common/rowkey';
import { decodeTxLog, encodeTxLog, type TxLogRecord } from './tx_log';

describe('clog records', () => {
  it('round-trip redo with every value kind and binary rowkeys', () => {
    const key = encodeRowkey([-1, 'Ab\u0000c'], [{ kind: 'int' }, { kind: 'varchar', precision: 10 }]);
    const rec: TxLogRecord = {
      type: 'commit',
      txId: txId(1_000_000_007),
      commitScn: scn(1732000000123456789n),
      redo: [
        {
          tabletId: tabletId(200001),
          mutations: [
            { key, row: [-1, 'Ab\u0000c', null, 3.25, 9007199254740993n, new Decimal(-12345n, 2), '2024-02-29'] },
            { key: key + 'x', row: null },
          ],
        },
      ],
    };
    const back = decodeTxLog(encodeTxLog(rec));
    expect(back).toEqual(rec);
    if (back.type === 'commit') expect(back.redo[0].mutations[0].key).toBe(key);
  });

  it('round-trip control records', () => {
    const recs: TxLogRecord[] = [
      { type: 'leader_start' },
      { type: 'commit_prepared', txId: txId(5), commitScn: scn(42n) },
      { type: 'abort', txId: txId(6) },
      { type: 'drop_tablets', tabletIds: [tabletId(200001), tabletId(200002)] },
      { type: 'ddl', json: '{"op":"drop_database","name":"tpch"}' },
    ];
    for (const r of recs) expect(decodeTxLog(encodeTxLog(r))).toEqual(r);
  });

  it('round-trip the transfer records (rows grouped by commit SCN, tablet identities with the dest LS)', () => {
    const key = encodeRowkey([7], [{ kind: 'int' }]);
    const out: TxLogRecord = { type: 'transfer_out', taskId: 3, tabletIds: [tabletId(200001), tabletId(200002)], transferScn: scn(1732000000000000123n), abort: false };
    const abort: TxLogRecord = { ...out, abort: true };
    const into: TxLogRecord = {
      type: 'transfer_in',
      taskId: 3,
      tablets: [{ tenantId: 1002, lsId: 1002, tabletId: 200001, tableId: 500001, columnCount: 2, microBlockBytes: 16384 } as never],
      versions: [
        { commitScn: scn(5n), redo: [{ tabletId: tabletId(200001), mutations: [{ key, row: [7, 'seven'] }] }] },
        { commitScn: scn(9n), redo: [] },
      ],
    };
    for (const rec of [out, abort, into]) expect(decodeTxLog(encodeTxLog(rec))).toEqual(rec);
  });
  it('round-trip a prepare with its participants, and still decode an older prepare without them', () => {
    const key = encodeRowkey([7], [{ kind: 'int' }]);
    const redo = [{ tabletId: tabletId(200001), mutations: [{ key, row: [7, 'seven'] }] }];
    const withParts: TxLogRecord = {
      type: 'prepare', txId: txId(3000100000015), prepareScn: scn(77n), redo,
      participants: [lsId(1002), lsId(1003)], prepareUs: 1_700_000_012_345_678,
    };
    expect(decodeTxLog(encodeTxLog(withParts))).toEqual(withParts);
    const old: TxLogRecord = { type: 'prepare', txId: txId(5), prepareScn: scn(78n), redo };
    const back = decodeTxLog(encodeTxLog(old));
    expect(back).toEqual(old);
    expect('participants' in back).toBe(false);
  });
});
