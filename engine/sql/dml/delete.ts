/**
 * Single-table DELETE (OceanBase's `ObTableDeleteOp`): reads the matching rows (pruning, ranges,
 * ORDER BY, LIMIT) and deletes each by its encoded rowkey in its tablet. Affected rows = rows
 * deleted.
 */
import { encodeRowkey } from '../../common/rowkey';
import { rowkeyTypes } from '../../schema/schema';
import type { Delete } from '../ast';
import type { ExecContext, StatementResult } from '../exec_context';
import type { PlanNode } from '../plan/plan';
import type { StatementEnv } from '../resolver/scope';
import { drain, type ExecEnv } from '../operators/operator';
import { buildDmlScan, checkFullRowLayout, type DmlScan } from './dml_scan';
import { partitionOfRow } from './table_scope';
import { WriteBatch } from './write_batch';

export function resolveDelete(stmt: Delete, env: StatementEnv): DmlScan {
  return buildDmlScan(env, stmt.table, stmt.where, stmt.orderBy, stmt.limit);
}

export async function runDelete(d: DmlScan, plan: PlanNode, exec: ExecEnv, ctx: ExecContext): Promise<StatementResult> {
  checkFullRowLayout(plan, d.scan);
  const { table } = d;
  const n = table.columns.length;
  const rows = (await drain(exec.build(plan))).map((r) => r.slice(0, n));
  const types = rowkeyTypes(table);
  const batch = new WriteBatch(exec.das, table);
  for (const row of rows) {
    const key = encodeRowkey(table.rowkey.map((i) => row[i]), types);
    await batch.add(partitionOfRow(table, row, ctx), { op: 'delete', key });
  }
  await batch.flush();
  return { kind: 'ok', affectedRows: rows.length };
}
