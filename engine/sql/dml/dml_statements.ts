/**
 * INSERT / REPLACE / UPDATE / DELETE as statements: resolution into a runnable form plus the
 * DML plan EXPLAIN shows (`INSERT`/`DISTRIBUTED INSERT` over `EXPRESSION` or the SELECT plan,
 * `UPDATE`/`DELETE` over the read plan). The caller owns the statement handle.
 */
import type { Value } from '../../common/value';
import { formatPartitionList } from '../../schema/partition';
import type { Delete, Insert, Update } from '../ast';
import type { DasService, StatementResult } from '../exec_context';
import { Errors } from '../../common/ob_error';
import { exprText } from '../plan/expr_text';
import type { DmlNode, PlanNode } from '../plan/plan';
import { constExpr } from '../plan/plan_expr';
import { literalType } from '../resolver/resolve_expr';
import { optimize, DML_READ_RULES } from '../optimizer/optimizer';
import { SelectResolver } from '../resolver/resolve_select';
import type { StatementEnv } from '../resolver/scope';
import { execEnv, optimizerContext, planSelect, runQuery } from '../statement_env';
import { runDelete, resolveDelete } from './delete';
import { resolveTarget as dmlTarget } from './dml_scan';
import { evaluateValues, insertTargets, resolveOnDuplicate, runInsert, type InsertRun } from './insert';
import { partitionOfRow } from './table_scope';
import { resolveUpdate, runUpdate } from './update';

function tableColumnsText(alias: string, names: string[]): string {
  return `{${alias}: ({${alias}: (${names.map((n) => `${alias}.${n}`).join(', ')})})}`;
}

// ---------------------------------------------------------------- INSERT

interface PreparedInsert {
  run: InsertRun;
  /** EXPLAIN plan of the source. */
  source: PlanNode;
}

async function prepareInsert(stmt: Insert, env: StatementEnv, das: DasService | null): Promise<PreparedInsert> {
  const table = dmlTarget(env, stmt.table);
  const resolver = new SelectResolver(env);
  const targets = insertTargets(table, stmt.columns);
  let rows: (Value | undefined)[][];
  let source: PlanNode;
  let multiRow: boolean;
  if (stmt.select) {
    const planned = planSelect(stmt.select, env);
    if (planned.query.columns.length !== targets.length) throw Errors.wrongValueCount(1);
    rows = das ? await runQuery(planned, execEnv(env, das)) : [];
    source = planned.plan;
    multiRow = true;
  } else {
    rows = evaluateValues(stmt.values ?? [], targets, env, resolver);
    const colIds = targets.map(() => env.newId());
    source = {
      kind: 'values',
      rows: rows.map((r) => r.map((v, i) => constExpr(v ?? null, v === undefined ? targets[i].type : literalType(v)))),
      colIds,
      names: targets.map((c) => `__values.${c.name}`),
      filters: [],
      estRows: rows.length,
    };
    multiRow = rows.length > 1;
  }
  const onDuplicate = resolveOnDuplicate(stmt, table, env, resolver);
  return { run: { stmt, table, source: { targets, rows: rows as Value[][], multiRow }, onDuplicate }, source };
}

export async function executeInsert(stmt: Insert, env: StatementEnv, das: DasService): Promise<StatementResult> {
  const p = await prepareInsert(stmt, env, das);
  return runInsert(p.run, das, env.ctx);
}

export async function explainInsert(stmt: Insert, env: StatementEnv): Promise<PlanNode> {
  const p = await prepareInsert(stmt, env, null);
  const { table } = p.run;
  let parts = table.partitions.map((x) => x.index);
  if (!stmt.select && table.partitionScheme) {
    try {
      const set = new Set<number>();
      for (const r of p.run.source.rows) {
        const full: Value[] = table.columns.map((c) => c.defaultValue ?? null);
        p.run.source.targets.forEach((c, i) => (full[c.index] = r[i] ?? null));
        set.add(partitionOfRow(table, full, env.ctx));
      }
      parts = [...set].sort((a, b) => a - b);
    } catch {
      // Unroutable rows fail at execution; EXPLAIN shows every partition.
    }
  }
  const cols = table.columns.map((c) => c.name);
  const node: DmlNode = {
    kind: 'dml',
    op: stmt.replace ? 'REPLACE' : 'INSERT',
    distributed: parts.length > 1,
    table,
    detail: [`columns([${tableColumnsText(table.name, cols)}]), partitions(${formatPartitionList(table, parts)})`],
    child: p.source,
    filters: [],
    estRows: p.source.estRows,
  };
  return node;
}

// ---------------------------------------------------------------- UPDATE / DELETE

export async function executeUpdate(stmt: Update, env: StatementEnv, das: DasService): Promise<StatementResult> {
  const u = resolveUpdate(stmt, env);
  const plan = optimize(u.scan.plan, optimizerContext(env), DML_READ_RULES);
  return runUpdate(u, plan, execEnv(env, das), env.ctx);
}

export function explainUpdate(stmt: Update, env: StatementEnv): PlanNode {
  const u = resolveUpdate(stmt, env);
  const plan = optimize(u.scan.plan, optimizerContext(env), DML_READ_RULES);
  const alias = u.scan.scan.alias;
  const partitions = u.scan.scan.partitions.length;
  return {
    kind: 'dml',
    op: 'UPDATE',
    distributed: partitions > 1,
    table: u.scan.table,
    detail: [
      `table_columns([${tableColumnsText(alias, u.scan.table.columns.map((c) => c.name))}]),`,
      `update([${u.sets.map((s) => `${alias}.${s.column.name}=${exprText(s.expr)}`).join(', ')}])`,
    ],
    child: plan,
    filters: [],
    estRows: plan.estRows,
  };
}

export async function executeDelete(stmt: Delete, env: StatementEnv, das: DasService): Promise<StatementResult> {
  const d = resolveDelete(stmt, env);
  const plan = optimize(d.plan, optimizerContext(env), DML_READ_RULES);
  return runDelete(d, plan, execEnv(env, das), env.ctx);
}

export function explainDelete(stmt: Delete, env: StatementEnv): PlanNode {
  const d = resolveDelete(stmt, env);
  const plan = optimize(d.plan, optimizerContext(env), DML_READ_RULES);
  return {
    kind: 'dml',
    op: 'DELETE',
    distributed: d.scan.partitions.length > 1,
    table: d.table,
    detail: [`table_columns([${tableColumnsText(d.scan.alias, d.table.columns.map((c) => c.name))}])`],
    child: plan,
    filters: [],
    estRows: plan.estRows,
  };
}
