/**
 * Single-table UPDATE (OceanBase's `ObTableUpdateOp`): reads the matching rows (pruning, ranges,
 * ORDER BY, LIMIT), evaluates the SET list left to right on each row — a later assignment sees
 * the earlier ones, as in MySQL — coerces the values (strict mode), and writes the changed rows
 * by their old rowkey. A row whose partitioning key changes moves: delete in the old tablet,
 * insert in the new one. A new primary key that already exists fails with ERROR 1062. Affected rows = rows changed; info `Rows matched: 2  Changed: 1  Warnings: 0`.
 */
import { Errors } from '../../common/ob_error';
import { encodeRowkey, type EncodedRowkey } from '../../common/rowkey';
import type { Value } from '../../common/value';
import { rowkeyTypes } from '../../schema/schema';
import type { Update } from '../ast';
import type { DasService, ExecContext, StatementResult } from '../exec_context';
import { coerceToColumn, compileExpr } from '../plan/expr_api';
import type { PlanNode } from '../plan/plan';
import { constExpr, rebase } from '../plan/plan_expr';
import type { StatementEnv } from '../resolver/scope';
import type { ExecEnv } from '../operators/operator';
import { drain } from '../operators/operator';
import { buildDmlScan, checkFullRowLayout, type DmlScan } from './dml_scan';
import { duplicateKeyText, rowsEqual } from './insert';
import { partitionOfRow } from './table_scope';
import { WriteBatch } from './write_batch';
import type { ColumnSchema, TableSchema } from '../../schema/schema';
import type { BoundExpr } from '../expr/bound';
import { defaultNowValue } from './defaults';

export interface ResolvedUpdate {
  scan: DmlScan;
  sets: { column: ColumnSchema; expr: BoundExpr }[];
}

export function resolveUpdate(stmt: Update, env: StatementEnv): ResolvedUpdate {
  if (stmt.table.kind !== 'table') throw Errors.notSupported('Multiple-table UPDATE');
  const t = stmt.table;
  const scan = buildDmlScan(env, { db: t.db, name: t.name, alias: t.alias }, stmt.where, stmt.orderBy, stmt.limit);
  const subqueriesBefore = scan.block.subqueries.length;
  const sets = stmt.set.map((a) => {
    const column = scan.table.columns.find((c) => !c.hidden && c.name.toLowerCase() === a.column.name.toLowerCase());
    if (!column || (a.column.table !== undefined && a.column.table.toLowerCase() !== (t.alias ?? t.name).toLowerCase())) {
      throw Errors.badField(a.column.table ? `${a.column.table}.${a.column.name}` : a.column.name, 'field list');
    }
    const expr =
      a.value.kind === 'default'
        ? constExpr(column.defaultNow ? defaultNowValue(column, env.ctx) : (column.defaultValue ?? null), column.type)
        : scan.resolver.exprs.resolve(a.value, { scope: scan.scope, clause: 'field list', block: scan.block, allowAgg: false, stage: 'where' });
    return { column, expr };
  });
  if (scan.block.subqueries.length !== subqueriesBefore) throw Errors.notSupported('Subquery in UPDATE SET');
  return { scan, sets };
}

/**
 * Rowkeys as this statement has changed them so far (MySQL checks each updated row's new primary
 * key when it writes it: `UPDATE t SET id = 2 WHERE id = 1` fails with ERROR 1062 if 2 exists).
 */
class KeyOverlay {
  private readonly present = new Map<EncodedRowkey, boolean>();

  constructor(
    private readonly das: DasService,
    private readonly table: TableSchema,
  ) {}

  async move(from: EncodedRowkey, to: EncodedRowkey, toPartition: number, row: Value[]): Promise<void> {
    let exists = this.present.get(to);
    if (exists === undefined) {
      const [hit] = await this.das.get(this.table, this.table.partitions[toPartition], [to]);
      exists = hit !== null;
    }
    if (exists) throw Errors.dupEntry(duplicateKeyText(this.table, row));
    this.present.set(from, false);
    this.present.set(to, true);
  }
}

export async function runUpdate(u: ResolvedUpdate, plan: PlanNode, exec: ExecEnv, ctx: ExecContext): Promise<StatementResult> {
  const { table, scan } = u.scan;
  checkFullRowLayout(plan, scan);
  const n = table.columns.length;
  const rows = (await drain(exec.build(plan))).map((r) => r.slice(0, n));
  // `bytes`: the new value is already a byte string (a binary expression, issue #5).
  const sets = u.sets.map((s) => ({ column: s.column, bytes: s.expr.type.binary === true, fn: compileExpr(rebase(s.expr, scan.colIds), { nowUs: () => ctx.nowUs() }) }));
  const types = rowkeyTypes(table);
  const batch = new WriteBatch(exec.das, table);
  const auto = table.columns.find((c) => c.autoIncrement);
  const keys = new KeyOverlay(exec.das, table);
  let changed = 0;
  let rowNumber = 0;
  for (const old of rows) {
    rowNumber++;
    const row: Value[] = old.slice();
    for (const s of sets) row[s.column.index] = coerceToColumn(s.fn(row), s.column, rowNumber, s.bytes);
    if (rowsEqual(row, old)) continue;
    changed++;
    if (auto && row[auto.index] !== old[auto.index] && row[auto.index] !== null) await ctx.ddl.observeAutoIncrement(table, Number(row[auto.index]));
    const key = encodeRowkey(table.rowkey.map((i) => old[i]), types);
    const oldPart = partitionOfRow(table, old, ctx);
    const newPart = partitionOfRow(table, row, ctx);
    const newKey = encodeRowkey(table.rowkey.map((i) => row[i]), types);
    if (newKey !== key) await keys.move(key, newKey, newPart, row);
    if (oldPart === newPart) {
      await batch.add(oldPart, { op: 'update', key, row });
    } else {
      await batch.add(oldPart, { op: 'delete', key });
      await batch.add(newPart, { op: 'insert', row });
    }
  }
  await batch.flush();
  return { kind: 'ok', affectedRows: changed, info: `Rows matched: ${rows.length}  Changed: ${changed}  Warnings: 0` };
}
