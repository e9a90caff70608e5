/**
 * A SQL session on one server (what a client connection to an OBServer holds): its session
 * variables, its transaction (TxCoordinator), and the `ExecContext` the SQL layer runs with.
 * `execute` parses the text, runs the statements in order, stops at the first error, and turns
 * results into the MySQL text-protocol form of `WireResult` (server/api.ts). Each statement gets
 * fresh storage counters (`ctx.storageStats`), which its table scans fill; a result that read
 * storage carries them (`storageStats`: blocks read and skipped, bytes, rows, column store).
 * A result that read log streams carries who served each (`readRoutes`, issue #4: a weak read shows
 * the follower / R / C replica that answered and how stale its snapshot was).
 */
import type { TenantId } from '../common/ids';
import { AssertionError } from '../common/assert';
import { LOCATION_RETRY_BACKOFF_MAX_MS, LOCATION_RETRY_BACKOFF_MIN_MS, OB_QUERY_TIMEOUT_US, SQL_TEXT_BYTES_MAX } from '../common/limits';
import { Errors, isObError, type ObError } from '../common/ob_error';
import { typeToSql, type Value } from '../common/value';
import type { Clock } from '../env';
import { formatValue } from '../sql/expr/format';
import type { ParsedStatement } from '../sql/ast';
import type { ExecContext, SessionState, StatementResult } from '../sql/exec_context';
import { emptyScanStats, type ScanStats } from '../storage/types';
import { executeStatement } from '../sql/executor';
import { parseStatement, splitStatements } from '../sql/parser';
import { TxCoordinator, type TxEnv } from '../tx/tx_coordinator';
import type { ExecuteReply, ReadRoute, WireResult } from './api';
import { maxStaleTimeUs } from './weak_read';
import { isLocationError } from './location';

/** Default session variables of a MySQL tenant (reference §8.1). */
export function defaultSessionVariables(): Map<string, Value> {
  return new Map<string, Value>([
    ['autocommit', 1],
    ['transaction_isolation', 'READ-COMMITTED'],
    ['tx_isolation', 'READ-COMMITTED'],
    ['ob_read_consistency', 'STRONG'],
    ['ob_query_timeout', 10000000],
    ['ob_trx_timeout', 86400000000],
    ['ob_trx_idle_timeout', 86400000000],
    ['sql_mode', 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_AUTO_CREATE_USER'],
    ['lower_case_table_names', 1],
    ['character_set_server', 'utf8mb4'],
    ['collation_server', 'utf8mb4_general_ci'],
    ['character_set_client', 'utf8mb4'],
    ['character_set_connection', 'utf8mb4'],
    ['character_set_results', 'utf8mb4'],
    ['collation_connection', 'utf8mb4_general_ci'],
    ['version', '5.7.25-OceanBase_CE-v4.3.3.0'],
    ['version_comment', 'OceanBase_CE 4.3.3.0 (r100000132024101715-playground) (Built Nov 21 2026)'],
    ['time_zone', '+00:00'],
    ['system_time_zone', 'UTC'],
    ['max_allowed_packet', SQL_TEXT_BYTES_MAX],
    ['ob_compatibility_mode', 'MYSQL'],
    ['div_precision_increment', 4],
    ['auto_increment_increment', 1],
    ['auto_increment_offset', 1],
  ]);
}

export class Session {
  readonly state: SessionState;
  readonly tx: TxCoordinator;

  constructor(
    sessionId: number,
    tenantId: TenantId,
    tenantName: string,
    user: string,
    database: string | null,
    private readonly clock: Clock,
    txEnv: TxEnv,
    private readonly makeContext: (session: Session) => ExecContext,
  ) {
    this.state = {
      sessionId,
      tenantId,
      tenantName,
      user,
      database,
      variables: defaultSessionVariables(),
      userVariables: new Map(),
      lastInsertId: 0,
      warnings: [],
    };
    this.tx = new TxCoordinator({
      ...txEnv,
      nowUs: txEnv.nowUs ?? (() => clock.nowUs()),
      maxStaleUs: txEnv.maxStaleUs ?? (() => this.maxStaleUs()),
    }, this.state);
  }

  /** The tenant's `max_stale_time_for_weak_consistency` as this server knows it, µs. */
  private maxStaleUs(): number {
    const p = this.makeContext(this).admin.parameters().find((x) => x.name === 'max_stale_time_for_weak_consistency');
    return maxStaleTimeUs(p?.value);
  }

  /** Runs every statement of `sql`; never throws for SQL errors (AssertionError propagates: a crash). */
  async execute(sql: string): Promise<ExecuteReply> {
    const results: WireResult[] = [];
    if (sql.length > SQL_TEXT_BYTES_MAX) {
      return { results, error: { ...Errors.packetTooLarge().toInfo(), sql: sql.slice(0, 100), statementIndex: 0 }, database: this.state.database };
    }
    const pieces = splitStatements(sql);
    if (pieces.length === 0) {
      return { results, error: { ...Errors.emptyQuery().toInfo(), sql, statementIndex: 0 }, database: this.state.database };
    }
    // Like the mysql client: each statement is parsed and run in turn; the first error stops the rest.
    for (const [i, piece] of pieces.entries()) {
      const started = this.clock.nowUs();
      try {
        const p = parseStatement(piece.text);
        this.tx.takeReadRoutes();
        const r = await this.runWithRetry(p);
        results.push(toWire(p.text, r, this.clock.nowUs() - started, this.state.warnings.length, this.tx.takeReadRoutes()));
      } catch (e) {
        if (e instanceof AssertionError) throw e;
        return { results, error: { ...toErrorInfo(e), sql: piece.text, statementIndex: i }, database: this.state.database };
      }
    }
    return { results, database: this.state.database };
  }

  /**
   * Runs one statement. A row changed after the statement's snapshot (OB_TRANSACTION_SET_VIOLATION)
   * means the statement worked on stale data: it has been rolled back, and under READ COMMITTED it
   * runs again with a new snapshot, as OceanBase retries it; under REPEATABLE READ / SERIALIZABLE
   * it fails with ERROR 6235.
   *
   * Issue #4, OceanBase's query retry: a SELECT or DML outside an explicit transaction that fails
   * because its leader moved (OB_NOT_MASTER, a dead server, an RPC timeout, or its transaction
   * killed by the leader change) committed nothing — its transaction was rolled back — so it runs
   * again (new transaction, fresh snapshot; the location cache refreshed on the way) with backoff on
   * the simulated clock, until `ob_query_timeout`. Inside an explicit transaction the error is
   * returned: the client must roll back. A commit whose outcome is unknown (OB_TRANS_UNKNOWN) is
   * never retried.
   */
  private async runWithRetry(p: ParsedStatement): Promise<StatementResult> {
    const deadlineUs = this.clock.nowUs() + this.queryTimeoutUs();
    let backoffMs = LOCATION_RETRY_BACKOFF_MIN_MS;
    for (let attempt = 1; ; attempt++) {
      const explicit = this.tx.inTransaction();
      try {
        const ctx = this.makeContext(this);
        const stats = emptyScanStats();
        ctx.storageStats = stats;
        const r = await executeStatement(p, ctx);
        ctx.storageStats = undefined;
        if (r.kind === 'rows' && r.storageStats === undefined && touchedStorage(stats)) r.storageStats = stats;
        return r;
      } catch (e) {
        if (isObError(e) && e.obCode === Errors.txSetViolation().obCode) {
          if (this.tx.isolation() !== 'READ-COMMITTED' || attempt >= STATEMENT_RETRY_MAX) throw Errors.cannotSerialize();
          continue;
        }
        const retry = isLeaderChangeError(e) && !explicit && !this.tx.inTransaction() && RETRIED_KINDS.has(p.statement.kind);
        if (!retry || this.clock.nowUs() + backoffMs * 1000 >= deadlineUs) throw e;
        await new Promise<void>((r) => this.clock.schedule(backoffMs * 1000, r));
        backoffMs = Math.min(backoffMs * 2, LOCATION_RETRY_BACKOFF_MAX_MS);
      }
    }
  }

  /** The session's `ob_query_timeout`, µs. */
  private queryTimeoutUs(): number {
    const v = Number(this.state.variables.get('ob_query_timeout'));
    return Number.isFinite(v) && v > 0 ? v : OB_QUERY_TIMEOUT_US;
  }
}

/** True when a statement's scans read anything from storage (its counters are worth reporting). */
function touchedStorage(s: ScanStats): boolean {
  return s.columnStore || s.rowsScanned > 0 || s.microBlocksRead > 0 || s.microBlocksSkipped > 0 || s.microBlocksAggregated > 0;
}

/** Statements the query retry may run again (they commit nothing until they succeed). */
const RETRIED_KINDS = new Set<string>(['select', 'insert', 'update', 'delete']);

/** A failure caused by a leader change (see `Session.runWithRetry`). */
function isLeaderChangeError(e: unknown): boolean {
  if (!isObError(e)) return false;
  return isLocationError(e) || e.obCode === Errors.txKilled().obCode || e.obCode === Errors.eagain().obCode;
}

/** Statement retries on a write conflict under READ COMMITTED before giving up. */
export const STATEMENT_RETRY_MAX = 32;

function toErrorInfo(e: unknown) {
  if (isObError(e)) return (e as ObError).toInfo();
  const message = e instanceof Error ? e.message : String(e);
  return Errors.internal(message).toInfo();
}

const NUMERIC_KINDS = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint', 'decimal', 'float', 'double']);

/**
 * The wire form of a statement's result; `readRoutes` (who served each LS read) is attached to a
 * row result that read any.
 */
export function toWire(sql: string, r: StatementResult, elapsedUs: number, warningCount: number, readRoutes: ReadRoute[] = []): WireResult {
  if (r.kind === 'ok') {
    return {
      sql, kind: 'ok', columns: [], rows: [], affectedRows: r.affectedRows, lastInsertId: r.lastInsertId,
      info: r.info, warningCount, elapsedUs,
    };
  }
  const types = r.columns.map((c) => c.type);
  const rows = r.rows.map((row) => row.map((v, i) => formatValue(v, types[i])));
  return {
    sql,
    kind: 'rows',
    columns: r.columns.map((c) => ({ name: c.name, type: c.type.kind === 'null' ? 'null' : typeToSql(c.type), numeric: NUMERIC_KINDS.has(c.type.kind) })),
    rows,
    affectedRows: 0,
    warningCount,
    elapsedUs,
    ...(r.storageStats !== undefined ? { storageStats: r.storageStats } : {}),
    ...(readRoutes.length > 0 ? { readRoutes } : {}),
  };
}
