/**
 * FROM clause resolution: base tables, system views, derived tables and joins → the initial plan
 * (scans joined left-deep in FROM order; the optimizer reorders them) and the block's scope.
 * OceanBase: `ObDMLResolver::resolve_table_list` / `resolve_joined_table`.
 *
 * Errors: `Errors.tableNotExist(db, name)` (db = the session database when not written),
 * `Errors.noDbSelected`, `Errors.nonUniqTable`, `Errors.dupFieldName` (derived table columns),
 * `Errors.badField(c, 'from clause')` for USING columns missing on one side.
 */
import { FULL_RANGE } from '../exec_context';
import { Errors } from '../../common/ob_error';
import type { TableSchema } from '../../schema/schema';
import type { Expr, TableRef } from '../ast';
import type { BoundExpr } from '../expr/bound';
import type { PlanNode, TableScanNode } from '../plan/plan';
import { splitConjuncts } from '../plan/plan_expr';
import type { ExprResolver } from './resolve_expr';
import type { QueryBlock, ResolvedQuery } from './query_block';
import { columnExpr, Scope, type ScopeTable, type StatementEnv } from './scope';

export const SYSTEM_VIEW_DATABASES: ReadonlySet<string> = new Set(['oceanbase', 'information_schema']);

export interface FromContext {
  env: StatementEnv;
  scope: Scope;
  block: QueryBlock;
  exprs: ExprResolver;
  resolveSelect: (select: import('../ast').Select, parent: Scope | null) => ResolvedQuery;
}

/** Builds the scan node of a base table with every column accessible (projection comes later). */
export function makeTableScan(env: StatementEnv, table: TableSchema, alias: string, partitionNames?: string[]): TableScanNode {
  const colIds = table.columns.map(() => env.newId());
  let partitions = table.partitions.map((p) => p.index);
  if (partitionNames && partitionNames.length > 0) {
    partitions = partitionNames.map((n) => {
      const p = table.partitions.find((x) => (x.name ?? '').toLowerCase() === n.toLowerCase());
      if (!p) throw Errors.invalidArgument(`Unknown partition '${n}' in table '${table.name}'`);
      return p.index;
    });
  }
  return {
    kind: 'tableScan',
    table,
    alias,
    colIds,
    access: table.columns.map((c) => c.index),
    partitions,
    range: { kind: 'full', ranges: [FULL_RANGE], text: rangeTextFull(table), conds: [] },
    filters: [],
    estRows: 1,
  };
}

/** `(MIN ; MAX)always true` / `(MIN,MIN ; MAX,MAX)always true` for a rowkey of n columns. */
export function rangeTextFull(table: TableSchema): string {
  const n = table.rowkey.length;
  return `(${Array(n).fill('MIN').join(',')} ; ${Array(n).fill('MAX').join(',')})always true`;
}

export function scopeTableOfScan(n: TableScanNode, db: string): ScopeTable {
  return {
    alias: n.alias,
    db,
    columns: n.table.columns.map((c) => ({ name: c.name, id: n.colIds[c.index], type: c.type, nullable: c.nullable, hidden: c.hidden })),
  };
}

function resolveTable(ref: TableRef & { kind: 'table' }, f: FromContext): PlanNode {
  const db = ref.db ?? f.env.currentDb();
  const alias = ref.alias ?? ref.name;
  const ctx = f.env.ctx;
  if (SYSTEM_VIEW_DATABASES.has(db.toLowerCase())) {
    const def = ctx.virtual.lookup(db.toLowerCase(), ref.name);
    if (def) {
      const colIds = def.columns.map(() => f.env.newId());
      f.scope.addTable({
        alias,
        db,
        columns: def.columns.map((c, i) => ({ name: c.name, id: colIds[i], type: c.type, nullable: true, hidden: false })),
      });
      return { kind: 'virtualScan', def, alias, colIds, filters: [], estRows: 1 };
    }
  }
  const table = ctx.schema.getTable(db, ref.name);
  if (!table) throw Errors.tableNotExist(db, ref.name);
  const scan = makeTableScan(f.env, table, alias, ref.partitions);
  f.scope.addTable(scopeTableOfScan(scan, table.databaseName));
  return scan;
}

function resolveDerived(ref: TableRef & { kind: 'derived' }, f: FromContext): PlanNode {
  const q = f.resolveSelect(ref.subquery, f.scope.parent);
  const seen = new Set<string>();
  for (const c of q.columns) {
    const k = c.name.toLowerCase();
    if (seen.has(k)) throw Errors.dupFieldName(c.name);
    seen.add(k);
  }
  for (const r of q.outerRefs) f.scope.outerRefs.set(r.id, r);
  f.scope.addTable({
    alias: ref.alias,
    db: null,
    columns: q.columns.map((c) => ({ name: c.name, id: c.id, type: c.type, nullable: true, hidden: false })),
  });
  return q.plan;
}

function usingConditions(cols: string[], leftTables: ScopeTable[], rightTables: ScopeTable[], f: FromContext): BoundExpr[] {
  const find = (tables: ScopeTable[], name: string) => {
    for (const t of tables) {
      const c = t.columns.find((x) => x.name.toLowerCase() === name.toLowerCase() && !x.hidden);
      if (c) return { t, c };
    }
    throw Errors.badField(name, 'from clause');
  };
  return cols.map((name) => {
    const l = find(leftTables, name);
    const r = find(rightTables, name);
    r.c.hidden = true; // `*` shows a USING column once
    return f.exprs.call('=', [columnExpr(l.t, l.c), columnExpr(r.t, r.c)]);
  });
}

function resolveJoin(ref: TableRef & { kind: 'join' }, f: FromContext): PlanNode {
  const before = f.scope.tables.length;
  const left = resolveFromItem(ref.left, f);
  const mid = f.scope.tables.length;
  const right = resolveFromItem(ref.right, f);
  const leftTables = f.scope.tables.slice(before, mid);
  const rightTables = f.scope.tables.slice(mid);
  let conds: BoundExpr[] = [];
  if (ref.using) conds = usingConditions(ref.using, ref.joinType === 'RIGHT' ? rightTables : leftTables, ref.joinType === 'RIGHT' ? leftTables : rightTables, f);
  if (ref.on) conds = splitConjuncts(resolveOn(ref.on, f));
  const outer = ref.joinType === 'LEFT' || ref.joinType === 'RIGHT';
  const [l, r] = ref.joinType === 'RIGHT' ? [right, left] : [left, right];
  return {
    kind: 'join',
    joinType: outer ? 'left' : 'inner',
    method: 'nestedLoop',
    left: l,
    right: r,
    equal: [],
    other: conds,
    filters: [],
    estRows: Math.max(l.estRows, r.estRows),
  };
}

function resolveOn(on: Expr, f: FromContext): BoundExpr {
  const n = f.block.subqueries.length;
  const e = f.exprs.resolve(on, { scope: f.scope, clause: 'on clause', block: f.block, allowAgg: false, stage: 'where' });
  if (f.block.subqueries.length !== n) throw Errors.notSupported('Subquery in ON clause');
  return e;
}

export function resolveFromItem(ref: TableRef, f: FromContext): PlanNode {
  switch (ref.kind) {
    case 'table':
      return resolveTable(ref, f);
    case 'derived':
      return resolveDerived(ref, f);
    case 'join':
      return resolveJoin(ref, f);
  }
}

/** The comma-separated FROM list as left-deep inner joins without conditions (cross joins). */
export function resolveFromList(refs: TableRef[], f: FromContext): PlanNode {
  let plan = resolveFromItem(refs[0], f);
  for (let i = 1; i < refs.length; i++) {
    const right = resolveFromItem(refs[i], f);
    plan = { kind: 'join', joinType: 'inner', method: 'nestedLoop', left: plan, right, equal: [], other: [], filters: [], estRows: plan.estRows * right.estRows };
  }
  return plan;
}
