/**
 * ALTER TABLE resolution (OceanBase's `ObAlterTableResolver`): AST → `TableAlterStep`s, which
 * the DDL service applies to the table on the tenant's LS 1 leader (schema/alter_table_schema.ts)
 * and logs in LS 1; every server then hands the tablets their new storage schema, which the next
 * major compaction follows (reference §4.8–4.10).
 *
 * What resolves here, against the session's view of the table:
 * - ADD/DROP COLUMN GROUP lists (a group listed twice is 1060);
 * - table options: COMPRESSION, BLOCK_SIZE, ROW_FORMAT, COMMENT, CHARSET/COLLATE, KV_ATTRIBUTES and
 *   TTL(...) with the same checks as CREATE TABLE (REMOVE TTL drops the TTL definition); any other option answers 1235 (the playground does not model it);
 * - MODIFY [COLUMN]: the column's full new definition, as in MySQL (attributes not written are
 *   reset), with its DEFAULT evaluated and SKIP_INDEX checked. Whether the change is one the
 *   playground can make (same type, ...) is checked when it is applied.
 */
import { Errors } from '../../common/ob_error';
import type { AlterableOptions, TableAlterStep } from '../../schema/alter_table_schema';
import type { ColumnSchema, TableSchema } from '../../schema/schema';
import type { AlterTable, AlterTableAction, ColumnDef } from '../ast';
import { SelectResolver } from '../resolver/resolve_select';
import type { StatementEnv } from '../resolver/scope';
import { checkColumnType, resolveColumnDefault } from './create_table';
import { applyTableOption, checkNoDuplicateGroups, skipIndexOf } from './table_options';

/** A resolved ALTER TABLE: the table's database and name, and the steps for `ctx.ddl.alterTable`. */
export interface ResolvedAlterTable {
  db: string;
  name: string;
  steps: TableAlterStep[];
}

/**
 * Resolves ALTER TABLE. Errors: `Errors.noDbSelected`, `Errors.tableNotExist`, the option errors of
 * table_options.ts, `Errors.notSupported` (options the playground does not model),
 * `Errors.columnGroupDuplicate`, `Errors.badField` (MODIFY of an unknown column).
 */
export function resolveAlterTable(stmt: AlterTable, env: StatementEnv): ResolvedAlterTable {
  const db = stmt.table.db ?? env.currentDb();
  const table = env.ctx.schema.getTable(db, stmt.table.name);
  if (!table) throw Errors.tableNotExist(db, stmt.table.name);
  const steps = stmt.actions.map((a) => resolveAction(a, table, env));
  return { db: table.databaseName, name: table.name, steps };
}

function resolveAction(a: AlterTableAction, table: TableSchema, env: StatementEnv): TableAlterStep {
  switch (a.kind) {
    case 'addColumnGroup':
    case 'dropColumnGroup':
      checkNoDuplicateGroups(a.groups);
      return { kind: a.kind, groups: [...a.groups] };
    case 'setOptions': {
      const options: AlterableOptions = {};
      for (const o of a.options) {
        if (!applyTableOption(options, o)) throw Errors.notSupported(`ALTER TABLE option ${o.name.toUpperCase()}`);
        // ROW_FORMAT = DYNAMIC / DEFAULT resets an explicit format: say so in the step.
        if (o.name.toUpperCase() === 'ROW_FORMAT') options.rowFormat ??= 'DYNAMIC';
      }
      return { kind: 'options', options };
    }
    case 'modifyColumn':
      return { kind: 'modifyColumn', column: resolveModifiedColumn(a.column, table, env) };
    case 'removeTtl':
      return { kind: 'removeTtl' };
  }
}

/** The new definition of the column `def` names, as CREATE TABLE would build it. */
function resolveModifiedColumn(def: ColumnDef, table: TableSchema, env: StatementEnv): ColumnSchema {
  if (def.primaryKey || def.unique) throw Errors.notSupported('Modify column key attribute');
  const old = table.columns.find((c) => !c.hidden && c.name.toLowerCase() === def.name.toLowerCase());
  if (!old) throw Errors.badField(def.name, table.name);
  checkColumnType(def);
  const inRowkey = !table.isHeap && table.rowkey.includes(old.index);
  const column: ColumnSchema = {
    index: old.index,
    name: old.name,
    type: def.type,
    nullable: !(def.notNull || inRowkey),
    autoIncrement: def.autoIncrement === true,
    hidden: false,
  };
  if (def.comment !== undefined) column.comment = def.comment;
  const skipIndex = skipIndexOf(def, def.type);
  if (skipIndex !== undefined) column.skipIndex = skipIndex;
  resolveColumnDefault(column, def, env, new SelectResolver(env));
  return column;
}
