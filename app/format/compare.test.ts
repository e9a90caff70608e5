import { describe, expect, it } from 'vitest';
import type { WireResult } from '../../engine/server/api';
import { accessOperators, rowsFingerprint } from './compare';

const plan = (lines: string[]): WireResult => ({
  sql: 'EXPLAIN', kind: 'rows', columns: [{ name: 'Query Plan', type: 'varchar', numeric: false }],
  rows: lines.map((l) => [l]), affectedRows: 0, warningCount: 0, elapsedUs: 0,
});

describe('row vs column answers', () => {
  it('reads the table-access operators of a plan, tree drawing removed', () => {
    const p = plan([
      '=====================================================',
      '|ID|OPERATOR                |NAME|EST.ROWS|EST.TIME(us)|',
      '-----------------------------------------------------',
      '|0 |SCALAR GROUP BY         |    |1       |5           |',
      '|1 |└─COLUMN TABLE FULL SCAN|t   |100     |4           |',
      '|2 |  └─TABLE GET           |u   |1       |1           |',
      '=====================================================',
      '  1 - output([t.c2]), filter(nil), rowset=256',
    ]);
    expect(accessOperators(p)).toEqual(['COLUMN TABLE FULL SCAN t', 'TABLE GET u']);
  });

  it('gives equal rows an equal digest and different rows different ones', () => {
    expect(rowsFingerprint([['1', 'a'], ['2', null]])).toBe(rowsFingerprint([['1', 'a'], ['2', null]]));
    expect(rowsFingerprint([['1', 'a'], ['2', null]])).not.toBe(rowsFingerprint([['1', 'a'], ['2', 'NULL']]));
    expect(rowsFingerprint([['1']])).not.toBe(rowsFingerprint([['1'], ['1']]));
  });
});
