/**
 * Cell output text: SQL replies as obclient prints them (table with headers, status lines without
 * timing, errors as `ERROR 1146 (42S02): …`), KV lines with the error and its line, HBase shell
 * lines with `=> value` and no `Took` lines.
 */
import { describe, expect, it } from 'vitest';
import type { ExecuteReply, WireResult } from '../server/api';
import { durationText, hbaseOutputText, kvOutputText, sqlReplyText } from './output';

const rows: WireResult = {
  sql: 'SELECT id, v FROM t',
  kind: 'rows',
  columns: [
    { name: 'id', type: 'int(11)', numeric: true },
    { name: 'v', type: 'varchar(10)', numeric: false },
  ],
  rows: [['1', 'a'], ['22', null]],
  affectedRows: 0,
  warningCount: 0,
  elapsedUs: 1234,
};
const insert: WireResult = { sql: 'INSERT', kind: 'ok', columns: [], rows: [], affectedRows: 2, info: 'Records: 2  Duplicates: 0  Warnings: 0', warningCount: 0, elapsedUs: 99 };

describe('sqlReplyText', () => {
  it('prints tables with headers and status lines without timing', () => {
    const reply: ExecuteReply = { results: [insert, rows], database: 'test' };
    expect(sqlReplyText(reply)).toBe(
      [
        'Query OK, 2 rows affected',
        'Records: 2  Duplicates: 0  Warnings: 0',
        '',
        '+----+------+',
        '| id | v    |',
        '+----+------+',
        '|  1 | a    |',
        '| 22 | NULL |',
        '+----+------+',
        '2 rows in set',
      ].join('\n'),
    );
  });

  it('prints Empty set and the error as obclient does, after the statements that ran', () => {
    const empty: WireResult = { ...rows, rows: [] };
    const reply: ExecuteReply = {
      results: [empty],
      error: { obCode: -5019, mysqlCode: 1146, sqlState: '42S02', message: "Table 'test.x' doesn't exist", retryable: false, sql: 'SELECT * FROM x', statementIndex: 1 },
      database: 'test',
    };
    expect(sqlReplyText(reply)).toBe("Empty set\n\nERROR 1146 (42S02): Table 'test.x' doesn't exist");
  });

  it('prints storage counters and weak-read routes under the status line when show= asks (no staleness)', () => {
    const scanned: WireResult = {
      ...rows,
      storageStats: { microBlocksRead: 2, microBlocksSkipped: 5, microBlocksAggregated: 0, bytesRead: 2048, rowsScanned: 40, columnStore: true },
      readRoutes: [
        { lsId: 1001, serverId: 3, svrIp: '10.0.0.3', zone: 'zone3', role: 'FOLLOWER', replicaType: 'COLUMNSTORE', readScn: '1', weak: true, staleUs: 12_345 },
      ],
    };
    const reply: ExecuteReply = { results: [scanned], database: 'test' };
    const text = sqlReplyText(reply, ['stats', 'routes']).split('\n');
    expect(text.slice(-3)).toEqual([
      '2 rows in set',
      'storage: 2 microblocks read (2.0 KiB), 5 skipped by the skip index, 40 rows scanned · column store',
      'weak read: LS 1001 served by column-store replica 10.0.0.3 (zone3)',
    ]);
    expect(sqlReplyText(reply)).not.toContain('storage:');
  });
});

describe('kvOutputText', () => {
  it('prints the lines, then the error with its line', () => {
    expect(kvOutputText({ lines: ['hello', 'id | v'], error: null, errorLine: null })).toBe('hello\nid | v');
    expect(kvOutputText({ lines: ['x'], error: '[-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][dup]', errorLine: 3 })).toBe(
      'x\nERROR: [-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][dup] at line 3',
    );
    expect(kvOutputText({ lines: [], error: 'time limit', errorLine: null })).toBe('ERROR: time limit');
  });
});

describe('hbaseOutputText', () => {
  it('prints every command\'s lines, results as `=> x`, and drops Took lines', () => {
    const pos = { line: 1, column: 1 };
    const text = hbaseOutputText([
      { seq: 1, input: "create 't', 'f'", pos, ok: true, lines: [{ kind: 'took', text: 'Took 0.0100 seconds' }, { kind: 'result', text: 'Hbase::Table - t' }] },
      { seq: 2, input: 'get', pos, ok: false, lines: [{ kind: 'error', text: 'ERROR: boom' }, { kind: 'out', text: "For usage try 'help \"get\"'" }] },
    ]);
    expect(text).toBe("=> Hbase::Table - t\nERROR: boom\nFor usage try 'help \"get\"'");
  });
});

describe('durationText', () => {
  it('prints seconds when whole tenths of a second, else ms', () => {
    expect(durationText(5000)).toBe('5s');
    expect(durationText(1500)).toBe('1.5s');
    expect(durationText(200)).toBe('200ms');
  });
});
