/**
 * Expressions over one table's full rows (DML, partitioning expressions, defaults): a scope whose
 * column ids are the column indexes themselves, so a resolved expression is directly executable
 * on a full-width row. Used for HASH(expr) partition keys and single-table UPDATE/DELETE.
 */
import type { TableSchema } from '../../schema/schema';
import type { Expr } from '../ast';
import type { CompiledExpr } from '../expr/bound';
import { compileExpr } from '../plan/expr_api';
import { SelectResolver } from '../resolver/resolve_select';
import { QueryBlock } from '../resolver/query_block';
import { Scope, StatementEnv } from '../resolver/scope';
import type { ExecContext } from '../exec_context';
import type { Value } from '../../common/value';
import { partitionIndexOf } from '../../schema/partition';

/** A scope over `table`'s columns where column i has id i. */
export function tableRowScope(table: TableSchema, alias: string = table.name): Scope {
  const s = new Scope(null);
  s.addTable({
    alias,
    db: table.databaseName,
    columns: table.columns.map((c) => ({ name: c.name, id: c.index, type: c.type, nullable: c.nullable, hidden: c.hidden })),
  });
  return s;
}

const keyFnCache = new WeakMap<TableSchema, (row: readonly Value[]) => Value[]>();

/** The partitioning-key values of a full row (column refs read directly; other expressions compiled). */
export function partitionKeyFunction(table: TableSchema, ctx: ExecContext): (row: readonly Value[]) => Value[] {
  const hit = keyFnCache.get(table);
  if (hit) return hit;
  const scheme = table.partitionScheme;
  let fn: (row: readonly Value[]) => Value[];
  if (scheme === null) {
    fn = () => [];
  } else {
    const env = new StatementEnv(ctx);
    const resolver = new SelectResolver(env);
    const scope = tableRowScope(table);
    const block = new QueryBlock(env);
    const parts: CompiledExpr[] = scheme.exprs.map((e: Expr) =>
      compileExpr(resolver.exprs.resolve(e, { scope, clause: 'partition function', block, allowAgg: false, stage: 'where' }), { nowUs: () => ctx.nowUs() }),
    );
    fn = (row) => parts.map((p) => p(row));
  }
  keyFnCache.set(table, fn);
  return fn;
}

/** The partition index of a full row. Errors: Errors.noPartitionForGivenValue. */
export function partitionOfRow(table: TableSchema, row: readonly Value[], ctx: ExecContext): number {
  if (table.partitionScheme === null) return 0;
  return partitionIndexOf(table, partitionKeyFunction(table, ctx)(row));
}
