import { describe, expect, it } from 'vitest';
import type { ExecuteReply, ObServerApi, WireResult } from '../../engine/server/api';
import { ShellSession, type ShellMode } from './client';

/** A server that answers from a script: `select <n>` returns n, `bad` fails, DDL is ok. */
function scriptedServer(executed: string[]): ObServerApi {
  let database: string | null = null;
  return {
    async execute(_id: number, sql: string): Promise<ExecuteReply> {
      executed.push(sql);
      const m = /^select (\d+)$/i.exec(sql);
      if (m) {
        const r: WireResult = {
          sql, kind: 'rows', columns: [{ name: m[1], type: 'bigint(1)', numeric: true }], rows: [[m[1]]],
          affectedRows: 0, warningCount: 0, elapsedUs: 5,
        };
        return { results: [r], database };
      }
      if (/^use (\w+)$/i.test(sql)) database = sql.split(/\s+/)[1];
      if (/^bad/.test(sql)) {
        return {
          results: [], database,
          error: { obCode: -5019, mysqlCode: 1146, sqlState: '42S02', message: "Table 'test.bad' doesn't exist", retryable: false, sql, statementIndex: 0 },
        };
      }
      return { results: [{ sql, kind: 'ok', columns: [], rows: [], affectedRows: 1, warningCount: 0, elapsedUs: 5 }], database };
    },
  } as unknown as ObServerApi;
}

async function run(input: string, mode: Partial<ShellMode> = {}) {
  const executed: string[] = [];
  let out = '';
  let err = '';
  const full: ShellMode = { batch: true, format: 'tab', vertical: false, columnNames: true, force: false, unbuffered: false, ...mode };
  const session = new ShellSession(scriptedServer(executed), 1, null, full, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    flush: () => {},
  }, () => 0);
  for (const line of input.split('\n')) if (!(await session.feedLine(line))) break;
  await session.finish();
  return { out, err, executed, code: session.exitCode, session };
}

describe('ShellSession (mysql client behaviour)', () => {
  it('prints batch results and nothing for successful DML', async () => {
    const r = await run('select 1;\ninsert into t values (1);\nselect 2;');
    expect(r.out).toBe('1\n1\n2\n2\n');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('stops at the first error with the line number and exit code 1', async () => {
    const r = await run('select 1;\n\nbad;\nselect 2;');
    expect(r.err).toBe("ERROR 1146 (42S02) at line 3: Table 'test.bad' doesn't exist\n");
    expect(r.executed).toEqual(['select 1', 'bad']);
    expect(r.code).toBe(1);
  });

  it('continues after errors with --force and exits 0, as mysql does', async () => {
    const r = await run('bad;\nselect 2;\nbad again;', { force: true });
    expect(r.err.split('\n').filter(Boolean)).toEqual([
      "ERROR 1146 (42S02) at line 1: Table 'test.bad' doesn't exist",
      "ERROR 1146 (42S02) at line 3: Table 'test.bad' doesn't exist",
    ]);
    expect(r.out).toBe('2\n2\n');
    expect(r.code).toBe(0);
  });

  it('runs a last statement without a delimiter at end of input', async () => {
    expect((await run('select 7')).out).toBe('7\n7\n');
  });

  it('prints boxes, status lines and errors without line numbers when interactive', async () => {
    const r = await run('select 1;\ninsert into t values (1);\nbad;', { batch: false, format: 'table' });
    expect(r.out).toBe(
      '+---+\n| 1 |\n+---+\n| 1 |\n+---+\n1 row in set (0.000 sec)\n\n' + 'Query OK, 1 row affected (0.000 sec)\n\n',
    );
    expect(r.err).toBe("ERROR 1146 (42S02): Table 'test.bad' doesn't exist\n");
    expect(r.code).toBe(0);
  });

  it('tracks the current database in the prompt and stops on quit', async () => {
    const r = await run('use tpch\nquit\nselect 1;', { batch: false, format: 'table' });
    expect(r.out).toBe('Database changed\n');
    expect(r.session.prompt()).toBe('obclient [tpch]> ');
    expect(r.executed).toEqual(['USE tpch']);
    expect(r.session.status).toBe('quit');
  });

  it('prints \\G results vertically', async () => {
    expect((await run('select 5\\G')).out).toBe('*************************** 1. row ***************************\n5: 5\n');
  });
});
