import { describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import { scn, tabletId, txId } from '../common/ids';
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
});
