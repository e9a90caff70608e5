/**
 * Runs the records of one golden file against a SQL endpoint and collects mismatches (as
 * `file:line: ...` messages) and, for UPDATE_GOLDEN, the actual outputs to write back.
 *
 * The endpoint is anything that executes SQL for a tenant and answers like `ObServerApi.execute`
 * (engine/server/api.ts): rows as MySQL text-protocol strings, the error as ObErrorInfo. Records run
 * in order and keep going after a mismatch, so one run reports every failing record of a file.
 */
import { formatError } from '../../../common/ob_error';
import type { ExecuteReply } from '../../../server/api';
import {
  describeMismatch,
  normaliseExpected,
  renderRows,
  type GoldenRecord,
  type GoldenUpdate,
} from './sqllogic';

/** A named client session of a tenant. */
export interface GoldenConnection {
  name: string;
  tenant: string;
}

export interface GoldenEndpoint {
  /** Runs `sql` in the session `connection` (opened on first use; sessions persist across records). */
  execute(connection: GoldenConnection, sql: string): Promise<ExecuteReply>;
}

export interface GoldenOutcome {
  mismatches: string[];
  /** Actual outputs of records whose output differs (only records that ran as their kind expects). */
  updates: GoldenUpdate[];
}

export const DEFAULT_TENANT = 'test';
export const DEFAULT_CONNECTION: GoldenConnection = { name: 'default', tenant: DEFAULT_TENANT };

/** Runs `records` of `file` in order. `require` records are the caller's business and skipped here. */
export async function runGoldenRecords(file: string, records: readonly GoldenRecord[], endpoint: GoldenEndpoint): Promise<GoldenOutcome> {
  const outcome: GoldenOutcome = { mismatches: [], updates: [] };
  let connection = DEFAULT_CONNECTION;
  for (const record of records) {
    if (record.kind === 'connection') {
      connection = { name: record.name, tenant: record.tenant };
      continue;
    }
    if (record.kind === 'require') continue;
    const where = `${file}:${record.line}`;
    let reply: ExecuteReply;
    try {
      reply = await endpoint.execute(connection, record.sql);
    } catch (e) {
      outcome.mismatches.push(`${where}: execute() threw (a bug: SQL errors must come back in the reply): ${String(e)}\n  sql: ${record.sql}`);
      continue;
    }
    if (record.kind === 'statement') checkStatement(where, record, reply, outcome);
    else checkQuery(where, record, reply, outcome);
  }
  return outcome;
}

type StatementRecord = Extract<GoldenRecord, { kind: 'statement' }>;
type QueryRecord = Extract<GoldenRecord, { kind: 'query' }>;

function checkStatement(where: string, record: StatementRecord, reply: ExecuteReply, outcome: GoldenOutcome): void {
  const error = reply.error;
  if (!record.expectError) {
    if (error) outcome.mismatches.push(`${where}: expected ok, got ${formatError(error)}\n  sql: ${record.sql}`);
    return;
  }
  if (!error) {
    outcome.mismatches.push(`${where}: expected an error${record.errorCode !== null ? ` ${record.errorCode}` : ''}, the statement succeeded\n  sql: ${record.sql}`);
    return;
  }
  const actualText = formatError(error);
  if (record.errorCode !== null && error.mysqlCode !== record.errorCode) {
    outcome.mismatches.push(`${where}: expected error ${record.errorCode}, got ${actualText}\n  sql: ${record.sql}`);
    return;
  }
  if (record.errorText !== null && record.errorText !== actualText) {
    outcome.mismatches.push(`${where}: wrong error text\n  expected: ${record.errorText}\n  actual:   ${actualText}\n  sql: ${record.sql}`);
    outcome.updates.push({ range: record.expectedRange, lines: [actualText] });
  } else if (record.errorText === null) {
    outcome.updates.push({ range: record.expectedRange, lines: [actualText] });
  }
}

function checkQuery(where: string, record: QueryRecord, reply: ExecuteReply, outcome: GoldenOutcome): void {
  if (reply.error) {
    outcome.mismatches.push(`${where}: query failed: ${formatError(reply.error)}\n  sql: ${record.sql}`);
    return;
  }
  const result = reply.results[reply.results.length - 1];
  if (!result || result.kind !== 'rows') {
    outcome.mismatches.push(`${where}: query returned no result set\n  sql: ${record.sql}`);
    return;
  }
  const actual = renderRows(result.rows, record.sort);
  if (result.columns.length !== record.types.length) {
    outcome.mismatches.push(`${where}: expected ${record.types.length} column(s) (${record.types}), got ${result.columns.length} (${result.columns.map((c) => c.name).join(', ')})\n  sql: ${record.sql}`);
    return;
  }
  const expected = normaliseExpected(record.expected, record.sort);
  if (expected.length !== actual.length || expected.some((l, i) => l !== actual[i])) {
    outcome.mismatches.push(`${where}: wrong result\n  sql: ${record.sql}\n  ${describeMismatch(expected, actual)}`);
    outcome.updates.push({ range: record.expectedRange, lines: actual });
  }
}
