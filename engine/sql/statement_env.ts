/**
 * Per-statement execution plumbing shared by the executor's parts: resolving and optimizing a
 * SELECT, building operators over the statement's DAS handle, and running a plan to rows.
 */
import type { Value } from '../common/value';
import type { Select } from './ast';
import type { DasService, ExecContext, ResultColumn } from './exec_context';
import { buildOperator } from './operators/build';
import { drain, type ExecEnv } from './operators/operator';
import { optimize, PREPARE_RULES } from './optimizer/optimizer';
import type { OptimizerContext } from './optimizer/rule';
import { layoutOf, type PlanNode } from './plan/plan';
import { layoutMap } from './plan/plan_expr';
import type { ResolvedQuery } from './resolver/query_block';
import { SelectResolver } from './resolver/resolve_select';
import { StatementEnv } from './resolver/scope';

export function optimizerContext(env: StatementEnv): OptimizerContext {
  return { ctx: env.ctx, newId: () => env.newId() };
}

export function execEnv(env: StatementEnv, das: DasService): ExecEnv {
  const o = optimizerContext(env);
  const e: ExecEnv = {
    ctx: env.ctx,
    das,
    prepare: (plan) => optimize(plan, o, PREPARE_RULES),
    build: (plan) => buildOperator(plan, e),
  };
  return e;
}

export interface PlannedQuery {
  query: ResolvedQuery;
  plan: PlanNode;
}

/** Resolves and optimizes a SELECT. */
export function planSelect(sel: Select, env: StatementEnv): PlannedQuery {
  const query = new SelectResolver(env).resolveSelect(sel, null);
  return { query, plan: optimize(query.plan, optimizerContext(env)) };
}

/** Runs a planned query and returns its rows in select-list order. */
export async function runQuery(p: PlannedQuery, exec: ExecEnv): Promise<Value[][]> {
  const rows = await drain(exec.build(p.plan));
  const pos = layoutMap(layoutOf(p.plan));
  const order = p.query.columns.map((c) => pos.get(c.id)!);
  if (order.every((x, i) => x === i) && order.length === (rows[0]?.length ?? order.length)) return rows;
  return rows.map((r) => order.map((i) => r[i]));
}

export function resultColumns(q: ResolvedQuery): ResultColumn[] {
  return q.columns.map((c) => ({ name: c.name, type: c.type }));
}

export { StatementEnv };
export type { ExecContext };
