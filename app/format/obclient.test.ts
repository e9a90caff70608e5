import { describe, expect, it } from 'vitest';
import type { WireResult } from '../../engine/server/api';
import { errorLine, formatBytes, formatCount, formatElapsed, percent, statusLine } from './obclient';

const rows = (n: number, elapsedUs = 4000, warningCount = 0): WireResult => ({
  sql: 'SELECT', kind: 'rows', columns: [{ name: 'c', type: 'int(11)', numeric: true }],
  rows: Array.from({ length: n }, (_, i) => [String(i)]), affectedRows: 0, warningCount, elapsedUs,
});
const ok = (affectedRows: number, elapsedUs = 2000): WireResult => ({
  sql: 'INSERT', kind: 'ok', columns: [], rows: [], affectedRows, warningCount: 0, elapsedUs,
});

describe('obclient status lines', () => {
  it('counts rows like obclient', () => {
    expect(statusLine(rows(3))).toBe('3 rows in set (0.004 sec)');
    expect(statusLine(rows(1, 12_345))).toBe('1 row in set (0.012 sec)');
    expect(statusLine(rows(0, 500))).toBe('Empty set (0.001 sec)');
    expect(statusLine(rows(2, 0, 1))).toBe('2 rows in set, 1 warning (0.000 sec)');
  });

  it('reports affected rows for DML and DDL', () => {
    expect(statusLine(ok(1))).toBe('Query OK, 1 row affected (0.002 sec)');
    expect(statusLine(ok(0, 12_000))).toBe('Query OK, 0 rows affected (0.012 sec)');
    expect(statusLine(ok(3))).toBe('Query OK, 3 rows affected (0.002 sec)');
  });

  it('prints errors with the MySQL code and SQLSTATE', () => {
    expect(errorLine({ mysqlCode: 1146, sqlState: '42S02', message: "Table 'test.t9' doesn't exist" })).toBe(
      "ERROR 1146 (42S02): Table 'test.t9' doesn't exist",
    );
  });

  it('formats elapsed time in seconds', () => {
    expect(formatElapsed(1_500_000)).toBe('(1.500 sec)');
  });
});

describe('units', () => {
  it('sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2.0 MiB');
  });

  it('counts with their noun', () => {
    expect(formatCount(1, 'row')).toBe('1 row');
    expect(formatCount(12345, 'row')).toBe('12,345 rows');
    expect(formatCount(2, 'macroblock')).toBe('2 macroblocks');
  });

  it('bounds percentages', () => {
    expect(percent(5, 10)).toBe(50);
    expect(percent(3, 0)).toBe(0);
    expect(percent(11, 10)).toBe(100);
  });
});
