import { describe, expect, it } from 'vitest';
import type { WireResult } from '../server/api';
import { displayWidth, escapeBatchValue, formatBatch, formatStatus, formatTable, formatVertical } from './mysql_text';

const rows = (columns: [string, boolean][], data: (string | null)[][]): WireResult => ({
  sql: 'select', kind: 'rows', columns: columns.map(([name, numeric]) => ({ name, type: numeric ? 'bigint(20)' : 'varchar(10)', numeric })),
  rows: data, affectedRows: 0, warningCount: 0, elapsedUs: 10,
});
const ok = (affectedRows: number, info?: string): WireResult => ({
  sql: 'insert', kind: 'ok', columns: [], rows: [], affectedRows, info, warningCount: 0, elapsedUs: 10,
});

describe('batch (tab-separated) output', () => {
  it('escapes tab, newline, backslash and NUL and prints NULL', () => {
    expect(escapeBatchValue('a\tb\nc\\d\0e')).toBe('a\\tb\\nc\\\\d\\0e');
    const r = rows([['id', true], ['s', false]], [['1', 'x\ty'], ['2', null]]);
    expect(formatBatch(r, true)).toBe('id\ts\n1\tx\\ty\n2\tNULL\n');
    expect(formatBatch(r, false)).toBe('1\tx\\ty\n2\tNULL\n');
  });

  it('prints nothing at all for an empty result, as mysql does', () => {
    expect(formatBatch(rows([['id', true]], []), true)).toBe('');
  });
});

describe('table output', () => {
  it('draws obclient boxes with numbers right-aligned', () => {
    const r = rows([['id', true], ['name', false]], [['1', 'ab'], ['100', null]]);
    expect(formatTable(r, true)).toBe(
      '+-----+------+\n' +
        '| id  | name |\n' +
        '+-----+------+\n' +
        '|   1 | ab   |\n' +
        '| 100 | NULL |\n' +
        '+-----+------+\n',
    );
  });

  it('measures wide characters as two cells', () => {
    expect(displayWidth('中国')).toBe(4);
    expect(displayWidth('Côte')).toBe(4);
    const out = formatTable(rows([['n', false]], [['中国'], ['ab']]), true);
    expect(out.split('\n')[3]).toBe('| 中国 |');
    expect(out.split('\n')[4]).toBe('| ab   |');
  });

  it('prints rows vertically for \\G', () => {
    const r = rows([['id', true], ['name', false]], [['1', 'a']]);
    expect(formatVertical(r)).toBe('*************************** 1. row ***************************\n  id: 1\nname: a\n');
  });
});

describe('status lines', () => {
  it('counts rows, empty sets and affected rows like obclient', () => {
    expect(formatStatus(rows([['a', true]], [['1'], ['2'], ['3']]), 0.0042)).toBe('3 rows in set (0.004 sec)\n\n');
    expect(formatStatus(rows([['a', true]], [['1']]), 0)).toBe('1 row in set (0.000 sec)\n\n');
    expect(formatStatus(rows([['a', true]], []), 0.01)).toBe('Empty set (0.010 sec)\n\n');
    expect(formatStatus(ok(1), 0.012)).toBe('Query OK, 1 row affected (0.012 sec)\n\n');
    expect(formatStatus(ok(3, 'Records: 3  Duplicates: 0  Warnings: 0'), 0)).toBe(
      'Query OK, 3 rows affected (0.000 sec)\nRecords: 3  Duplicates: 0  Warnings: 0\n\n',
    );
    expect(formatStatus({ ...ok(0), warningCount: 2 }, 0)).toBe('Query OK, 0 rows affected, 2 warnings (0.000 sec)\n\n');
    expect(formatStatus(rows([['a', true]], [['1']]), null)).toBe('1 row in set\n\n');
  });
});
