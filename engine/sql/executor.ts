/**
 * The SQL statement executor: `executeStatement(parsed, ctx)` runs one parsed statement against
 * the server's services (exec_context.ts) and returns its result. It is the SQL layer's entry
 * point, OceanBase's `ObSql::stmt_query` → resolve → optimize → code-generate → execute.
 *
 * A SELECT walks: `SelectResolver.resolveSelect` (names, types, aggregates, subqueries → plan)
 * → `optimize` (rules in optimizer/) → `ctx.txn.startStatement({write:false})` → `buildOperator`
 * → batches pulled from the root → `handle.end(true)`. DML takes a write statement handle and
 * writes through `handle.das.write`; on any error the handle ends with `end(false)`, rolling back
 * the statement (statement atomicity). DDL (CREATE/ALTER/DROP/TRUNCATE) is resolved in ddl/ and
 * goes to `ctx.ddl`, ALTER SYSTEM/CALL to `ctx.admin`, cluster and tenant management (CREATE
 * TENANT, ALTER SYSTEM ADD SERVER, ...) to the root service (cluster_admin.ts).
 *
 * Read consistency (issue #4, reference §3.7): a SELECT reads WEAK when its READ_CONSISTENCY hint
 * or else `ob_read_consistency` says so (read_consistency.ts) and passes the level to
 * `startStatement`; DML and FOR UPDATE are STRONG; the first statement of a transaction fixes the
 * transaction's level (`session.txReadConsistency`) and a write in a WEAK one answers 1235.
 *
 * Every SQL error is an `ObError` (the server formats it as `ERROR 1146 (42S02): ...`).
 */
import { Errors } from '../common/ob_error';
import type { Value } from '../common/value';
import { BUILTIN_DATABASES } from '../schema/schema';
import type { ParsedStatement, Select, Statement } from './ast';
import type { ExecContext, ReadConsistency, StatementHandle, StatementResult } from './exec_context';
import { executeClusterAdmin } from './cluster_admin';
import { leadingHint, resolveReadConsistency } from './read_consistency';
import { resolveAlterTable } from './ddl/alter_table';
import { resolveCreateTable } from './ddl/create_table';
import { describeTable, runShow } from './ddl/show';
import { executeDelete, executeInsert, executeUpdate, explainDelete, explainInsert, explainUpdate } from './dml/dml_statements';
import { explainResult } from './explain/explain';
import type { PlanNode } from './plan/plan';
import { fastParseOf } from './parser';
import { cachedPlan, type CachedPlan } from './plan_cache';
import { checkSystemVariable } from './session/variables';
import { execEnv, planSelect, resultColumns, runQuery, StatementEnv } from './statement_env';

/**
 * Runs one statement. Throws ObError for every SQL error (the server formats it).
 * A SELECT the plan cache takes (plan_cache.ts) runs its cached plan: no grammar, resolver or
 * optimizer on a hit.
 */
export async function executeStatement(parsed: ParsedStatement, ctx: ExecContext): Promise<StatementResult> {
  const fast = fastParseOf(parsed);
  if (!ctx.txn.inTransaction()) ctx.session.txReadConsistency = undefined;
  if (fast !== undefined) {
    ctx.session.warnings = [];
    const cached = cachedPlan(parsed, fast, ctx);
    if (cached !== null) return runCachedSelect(cached, leadingHint(parsed.text), ctx);
  }
  const stmt = parsed.statement;
  if (!(stmt.kind === 'show' && (stmt.what === 'warnings' || stmt.what === 'errors'))) ctx.session.warnings = [];
  if (stmt.kind === 'clusterAdmin') return executeClusterAdmin(stmt, parsed.text, ctx);
  return dispatch(stmt, ctx);
}

const OK: StatementResult = { kind: 'ok', affectedRows: 0 };

async function dispatch(stmt: Statement, ctx: ExecContext): Promise<StatementResult> {
  const env = new StatementEnv(ctx);
  switch (stmt.kind) {
    case 'select':
      return runSelect(stmt, env);
    case 'insert':
      return withWriteHandle(ctx, (h) => executeInsert(stmt, env, h.das));
    case 'update':
      return withWriteHandle(ctx, (h) => executeUpdate(stmt, env, h.das));
    case 'delete':
      return withWriteHandle(ctx, (h) => executeDelete(stmt, env, h.das));
    case 'explain':
      return explainResult(await explainPlan(stmt.statement, env), stmt.format);
    case 'createTable':
      await ctx.ddl.createTable(resolveCreateTable(stmt, env), stmt.ifNotExists);
      return OK;
    case 'alterTable': {
      const alter = resolveAlterTable(stmt, env);
      if (!ctx.ddl.alterTable) throw Errors.notSupported('ALTER TABLE');
      await ctx.ddl.alterTable(alter.db, alter.name, alter.steps);
      return OK;
    }
    case 'dropTable':
      for (const t of stmt.tables) await ctx.ddl.dropTable(t.db ?? env.currentDb(), t.name, stmt.ifExists);
      return OK;
    case 'truncateTable':
      await ctx.ddl.truncateTable(stmt.table.db ?? env.currentDb(), stmt.table.name);
      return OK;
    case 'createDatabase':
      await ctx.ddl.createDatabase(stmt.name, stmt.ifNotExists);
      return { kind: 'ok', affectedRows: 1 };
    case 'createTablegroup':
      if (!ctx.ddl.createTablegroup) throw Errors.notSupported('CREATE TABLEGROUP');
      await ctx.ddl.createTablegroup(stmt.name, stmt.sharding ?? 'ADAPTIVE', stmt.ifNotExists);
      return OK;
    case 'dropTablegroup':
      if (!ctx.ddl.dropTablegroup) throw Errors.notSupported('DROP TABLEGROUP');
      await ctx.ddl.dropTablegroup(stmt.name, stmt.ifExists);
      return OK;
    case 'dropDatabase':
      await ctx.ddl.dropDatabase(stmt.name, stmt.ifExists);
      if (ctx.session.database?.toLowerCase() === stmt.name.toLowerCase()) ctx.session.database = null;
      return OK;
    case 'use':
      return useDatabase(stmt.db, ctx);
    case 'show':
      return runShow(ctx, stmt);
    case 'describe':
      return describeTable(ctx, stmt.table, false, stmt.column);
    case 'begin':
      await ctx.txn.begin();
      ctx.session.txReadConsistency = undefined;
      return OK;
    case 'commit':
      await ctx.txn.commit();
      return OK;
    case 'rollback':
      await ctx.txn.rollback();
      return OK;
    case 'set':
      return runSet(stmt, env);
    case 'setTransaction':
      return setTransaction(stmt.isolation, ctx);
    case 'setNames':
      for (const v of ['character_set_client', 'character_set_connection', 'character_set_results']) ctx.session.variables.set(v, stmt.charset.toLowerCase());
      return OK;
    case 'alterSystem':
      await ctx.admin.alterSystem(stmt);
      return OK;
    case 'clusterAdmin':
      return executeClusterAdmin(stmt, '', ctx);
    case 'call': {
      const args = await evaluateScalars(stmt.args, env);
      return ctx.admin.call(stmt.name, args);
    }
  }
}

/** Runs `fn` inside a statement handle: `end(true)` on success, `end(false)` on any error. */
async function withHandle(
  ctx: ExecContext,
  write: boolean,
  fn: (h: StatementHandle) => Promise<StatementResult>,
  readConsistency: ReadConsistency = 'STRONG',
): Promise<StatementResult> {
  const h = await ctx.txn.startStatement(readConsistency === 'WEAK' ? { write, readConsistency } : { write });
  let result: StatementResult;
  try {
    result = await fn(h);
  } catch (e) {
    await h.end(false);
    throw e;
  }
  await h.end(true);
  return result;
}

/**
 * DML: always STRONG; inside a transaction whose first statement read WEAK it is refused with
 * OB_NOT_SUPPORTED, as OceanBase does (reference §3.7).
 */
async function withWriteHandle(ctx: ExecContext, fn: (h: StatementHandle) => Promise<StatementResult>): Promise<StatementResult> {
  if (ctx.txn.inTransaction() && ctx.session.txReadConsistency === 'WEAK') throw Errors.notSupported('write in a weak read consistency transaction');
  const result = await withHandle(ctx, true, fn);
  fixTransactionConsistency(ctx, 'STRONG');
  return result;
}

/** The first statement of a transaction fixes its read consistency. */
function fixTransactionConsistency(ctx: ExecContext, level: ReadConsistency): void {
  if (ctx.txn.inTransaction() && ctx.session.txReadConsistency === undefined) ctx.session.txReadConsistency = level;
}

/** A SELECT's read consistency: the transaction's if fixed, else hint, else `ob_read_consistency`. */
function selectConsistency(ctx: ExecContext, hints: string | undefined, forUpdate: boolean): ReadConsistency {
  if (ctx.txn.inTransaction() && ctx.session.txReadConsistency !== undefined) return ctx.session.txReadConsistency;
  return resolveReadConsistency(hints, ctx.session.variables.get('ob_read_consistency'), forUpdate);
}

async function runSelect(sel: Select, env: StatementEnv): Promise<StatementResult> {
  const planned = planSelect(sel, env);
  const level = selectConsistency(env.ctx, sel.hints, sel.forUpdate === true);
  const result = await withHandle(env.ctx, false, async (h) => ({
    kind: 'rows',
    columns: resultColumns(planned.query),
    rows: await runQuery(planned, execEnv(env, h.das)),
  }), level);
  fixTransactionConsistency(env.ctx, level);
  return result;
}

async function runCachedSelect(c: CachedPlan, hints: string | undefined, ctx: ExecContext): Promise<StatementResult> {
  const env = new StatementEnv(ctx);
  const level = selectConsistency(ctx, hints, false);
  const result = await withHandle(ctx, false, async (h) => ({
    kind: 'rows',
    columns: resultColumns(c.planned.query),
    rows: await runQuery(c.planned, execEnv(env, h.das)),
  }), level);
  fixTransactionConsistency(ctx, level);
  return result;
}

async function explainPlan(stmt: Select | Statement, env: StatementEnv): Promise<PlanNode> {
  switch (stmt.kind) {
    case 'select':
      return planSelect(stmt, env).plan;
    case 'insert':
      return explainInsert(stmt, env);
    case 'update':
      return explainUpdate(stmt, env);
    case 'delete':
      return explainDelete(stmt, env);
    default:
      throw Errors.notSupported('EXPLAIN of this statement');
  }
}

/** Evaluates expressions as `SELECT e1, e2, ...` (subqueries and variables allowed). */
async function evaluateScalars(exprs: import('./ast').Expr[], env: StatementEnv): Promise<Value[]> {
  if (exprs.length === 0) return [];
  const sel: Select = { kind: 'select', distinct: false, items: exprs.map((expr) => ({ expr })), from: [], groupBy: [], orderBy: [] };
  const res = await runSelect(sel, env);
  return res.kind === 'rows' ? res.rows[0] : [];
}

function useDatabase(name: string, ctx: ExecContext): StatementResult {
  const db = ctx.schema.getDatabase(name);
  const builtin = BUILTIN_DATABASES.find((b) => b === name.toLowerCase());
  if (!db && !builtin) throw Errors.badDb(name);
  ctx.session.database = db?.name ?? builtin!;
  return OK;
}

async function runSet(stmt: Statement & { kind: 'set' }, env: StatementEnv): Promise<StatementResult> {
  const ctx = env.ctx;
  const values = await evaluateScalars(stmt.assignments.map((a) => (a.value.kind === 'default' ? { kind: 'literal', value: null } : a.value)), env);
  for (let i = 0; i < stmt.assignments.length; i++) {
    const { variable, value } = stmt.assignments[i];
    if (variable.scope === 'user') {
      ctx.session.userVariables.set(variable.name.toLowerCase(), values[i]);
      continue;
    }
    const checked = checkSystemVariable(variable.name, value.kind === 'default' ? undefined : values[i]);
    if (checked.name === 'autocommit') {
      const was = Number(ctx.session.variables.get('autocommit') ?? 1);
      if (was === 0 && checked.value === 1 && ctx.txn.inTransaction()) await ctx.txn.commit();
    }
    if (checked.name === 'transaction_isolation' || checked.name === 'tx_isolation') {
      ctx.session.variables.set('transaction_isolation', checked.value);
      ctx.session.variables.set('tx_isolation', checked.value);
      continue;
    }
    ctx.session.variables.set(checked.name, checked.value);
  }
  return OK;
}

function setTransaction(isolation: string, ctx: ExecContext): StatementResult {
  if (ctx.txn.inTransaction()) throw Errors.cantChangeTxCharacteristics();
  ctx.session.variables.set('transaction_isolation', isolation);
  ctx.session.variables.set('tx_isolation', isolation);
  return OK;
}
