/**
 * The read side of single-table UPDATE and DELETE: a scan of the target table with the WHERE
 * conjuncts (pruning and rowkey ranges apply), ORDER BY and LIMIT, yielding full rows — the
 * statement reads every matching row before writing any (no Halloween problem).
 */
import { assert } from '../../common/assert';
import { Errors } from '../../common/ob_error';
import type { TableSchema } from '../../schema/schema';
import type { Expr, OrderItem } from '../ast';
import { layoutOf, type PlanNode, type TableScanNode } from '../plan/plan';
import { splitConjuncts } from '../plan/plan_expr';
import { QueryBlock } from '../resolver/query_block';
import { makeTableScan, scopeTableOfScan } from '../resolver/resolve_from';
import { SelectResolver } from '../resolver/resolve_select';
import { Scope, type StatementEnv } from '../resolver/scope';
import type { ExprContext } from '../resolver/resolve_expr';

export interface DmlScan {
  table: TableSchema;
  scan: TableScanNode;
  scope: Scope;
  block: QueryBlock;
  resolver: SelectResolver;
  /** The unoptimized read plan; its rows start with the table's full row. */
  plan: PlanNode;
}

export function resolveTarget(env: StatementEnv, ref: { db?: string; name: string }): TableSchema {
  const db = ref.db ?? env.currentDb();
  const table = env.ctx.schema.getTable(db, ref.name);
  if (!table) throw Errors.tableNotExist(db, ref.name);
  return table;
}

export function buildDmlScan(
  env: StatementEnv,
  ref: { db?: string; name: string; alias?: string },
  where: Expr | undefined,
  orderBy: OrderItem[],
  limit: Expr | undefined,
): DmlScan {
  const table = resolveTarget(env, ref);
  const resolver = new SelectResolver(env);
  const scan = makeTableScan(env, table, ref.alias ?? ref.name);
  const scope = new Scope(null);
  scope.addTable(scopeTableOfScan(scan, table.databaseName));
  const block = new QueryBlock(env);
  const ctx = (clause: string): ExprContext => ({ scope, clause, block, allowAgg: false, stage: 'where' });
  const conds = where ? splitConjuncts(resolver.exprs.resolve(where, ctx('where clause'))) : [];
  let plan: PlanNode = block.subqueries.length > 0
    ? { kind: 'subplanFilter', child: scan, subqueries: block.subqueries.map((s) => s.ref), filters: conds, estRows: scan.estRows }
    : { ...scan, filters: conds };
  if (orderBy.length > 0) {
    const keys = orderBy.map((o) => ({ expr: resolver.exprs.resolve(o.expr, ctx('order clause')), desc: o.desc }));
    plan = { kind: 'sort', child: plan, keys, filters: [], estRows: plan.estRows };
  }
  if (limit) plan = resolver.applyLimit(plan, { count: limit });
  return { table, scan, scope, block, resolver, plan };
}

/** Asserts an optimized DML read plan still yields the full row first. */
export function checkFullRowLayout(plan: PlanNode, scan: TableScanNode): void {
  const layout = layoutOf(plan);
  assert(scan.colIds.every((id, i) => layout[i] === id), 'DML read plan yields full rows first');
}
