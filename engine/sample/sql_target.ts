/**
 * A `SampleTarget` that loads sample data as a client would: DDL and multi-row
 * `INSERT INTO db.t (cols) VALUES (...), (...)` statements through `ObServerApi.execute` on one
 * session. Used by the headless shell's tools, the TPC-H differential test and the benchmarks, so
 * sample data travels the same path as any user's SQL (parse, resolve, DAS, PALF commit).
 *
 * Statements are capped at `INSERT_TEXT_BYTES_MAX` characters of SQL (a batch of rows may become
 * several statements). Each statement is its own autocommit transaction.
 */
import { assert } from '../common/assert';
import { Decimal } from '../common/decimal';
import { ObError } from '../common/ob_error';
import type { Value } from '../common/value';
import type { ObServerApi } from '../server/api';
import type { SampleTarget } from './index';

/** Upper bound of one generated INSERT statement, characters. */
const INSERT_TEXT_BYTES_MAX = 256 * 1024;

/** A value as a MySQL literal: NULL, numbers, DECIMAL text, or a quoted, escaped string. */
export function sqlLiteral(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    assert(Number.isFinite(v), 'non-finite number in sample data');
    return String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Decimal) return v.toString();
  return `'${v.replace(/[\\'\0\n\r\x1a]/g, escapeChar)}'`;
}

function escapeChar(c: string): string {
  switch (c) {
    case '\0':
      return '\\0';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\x1a':
      return '\\Z';
    default:
      return '\\' + c;
  }
}

export interface SqlSampleTargetOptions {
  onProgress?: (table: string, rowsDone: number, rowsTotal: number) => void;
  /** Awaited between batches; default resolves immediately. */
  yieldFn?: () => Promise<void>;
}

/** A SampleTarget over an open session of `api`. Errors: the first failing statement's ObError. */
export function sqlSampleTarget(api: ObServerApi, sessionId: number, options: SqlSampleTargetOptions = {}): SampleTarget {
  const run = async (sql: string) => {
    const reply = await api.execute(sessionId, sql);
    if (reply.error) throw ObError.fromInfo(reply.error);
  };
  return {
    sql: run,
    async insertRows(db, table, columns, rows) {
      const head = `INSERT INTO ${db}.${table} (${columns.join(', ')}) VALUES `;
      let parts: string[] = [];
      let length = head.length;
      for (const row of rows) {
        assert(row.length === columns.length, `row width ${row.length} != ${columns.length} columns of ${table}`);
        const tuple = `(${row.map(sqlLiteral).join(', ')})`;
        if (parts.length > 0 && length + tuple.length + 2 > INSERT_TEXT_BYTES_MAX) {
          await run(head + parts.join(', '));
          parts = [];
          length = head.length;
        }
        parts.push(tuple);
        length += tuple.length + 2;
      }
      if (parts.length > 0) await run(head + parts.join(', '));
    },
    progress(table, rowsDone, rowsTotal) {
      options.onProgress?.(table, rowsDone, rowsTotal);
    },
    yield: options.yieldFn ?? (() => Promise.resolve()),
  };
}
