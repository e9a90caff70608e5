/**
 * ALTER TABLE on a table schema, as the DDL service applies it on the tenant's LS 1 leader
 * (OceanBase's `ObDDLService::alter_table` for the metadata-only alterations the playground has):
 * column groups (row / column / hybrid store), table options (COMPRESSION, BLOCK_SIZE, ROW_FORMAT,
 * COMMENT, charset; issue #5: KV_ATTRIBUTES, TTL(...), REMOVE TTL) and `MODIFY COLUMN` with the
 * same type (SKIP_INDEX, DEFAULT, COMMENT, NULL).
 *
 * Pure: `alterTableSchema(table, steps)` returns the new definition or throws the ObError a user
 * sees; the table's ids, partitions and tablets never change (no data is rewritten: the new
 * storage layout takes effect at the next major compaction, reference §4.8–4.10).
 *
 * Column groups as a set: a row store is the default group only (no explicit group), a pure
 * column store is {each column}, a hybrid table {all columns, each column}. ADD adds to the set
 * (`ADD COLUMN GROUP(each column)` on a row table makes it a column store), DROP removes
 * (`DROP COLUMN GROUP(all columns, each column)` puts every column back into the default group).
 */
import { Errors } from '../common/ob_error';
import type { ColumnType } from '../common/value';
import type { ColumnGroupItem } from '../sql/ast';
import { checkTtlColumn } from './kv_options';
import type { ColumnSchema, TableOptions, TableSchema } from './schema';

/** Table options ALTER TABLE can set (already validated and normalised by the resolver);
 *  `rowFormat: 'DYNAMIC'` resets the row format to the default. */
export type AlterableOptions = Partial<Pick<TableOptions,
  'compression' | 'blockSize' | 'rowFormat' | 'comment' | 'charset' | 'collation' | 'kvAttributes' | 'ttl'>>;

/** One resolved ALTER TABLE action; steps apply in statement order. */
export type TableAlterStep =
  | { kind: 'addColumnGroup'; groups: ColumnGroupItem[] }
  | { kind: 'dropColumnGroup'; groups: ColumnGroupItem[] }
  | { kind: 'options'; options: AlterableOptions }
  /** The column's complete new definition (MySQL MODIFY semantics), `index` as the resolver saw it. */
  | { kind: 'modifyColumn'; column: ColumnSchema }
  /** Issue #5: REMOVE TTL. */
  | { kind: 'removeTtl' };

type StoreFormat = TableOptions['storeFormat'];

/** The explicit column groups of a store format (the default group is implicit). */
export function columnGroupsOf(f: StoreFormat): Set<ColumnGroupItem> {
  if (f === 'column') return new Set(['each column']);
  if (f === 'hybrid') return new Set(['all columns', 'each column']);
  return new Set();
}

/** The store format of a set of explicit column groups (reference §4.9). */
export function storeFormatOf(groups: ReadonlySet<ColumnGroupItem>): StoreFormat {
  if (!groups.has('each column')) return 'row';
  return groups.has('all columns') ? 'hybrid' : 'column';
}

/**
 * Applies `steps` to `table` and returns the new definition (a new object; `table` is unchanged).
 * Errors: `Errors.columnGroupDuplicate` (ADD of a group the table has), `Errors.cantDropFieldOrKey`
 * (DROP of a group it has not), `Errors.badField` (MODIFY of an unknown column),
 * `Errors.notSupported` (MODIFY changing the type, AUTO_INCREMENT, or NULL to NOT NULL).
 */
export function alterTableSchema(table: TableSchema, steps: readonly TableAlterStep[]): TableSchema {
  const next: TableSchema = { ...table, options: { ...table.options }, columns: table.columns.map((c) => ({ ...c })) };
  for (const step of steps) {
    switch (step.kind) {
      case 'addColumnGroup':
      case 'dropColumnGroup':
        next.options.storeFormat = changeColumnGroups(next.options.storeFormat, step.kind === 'addColumnGroup', step.groups);
        break;
      case 'options':
        Object.assign(next.options, step.options);
        if (step.options.ttl !== undefined) next.options.ttl = checkTtlColumn(step.options.ttl, next.columns);
        if (next.options.comment === '') delete next.options.comment;
        if (next.options.rowFormat === undefined || next.options.rowFormat === 'DYNAMIC') delete next.options.rowFormat;
        break;
      case 'removeTtl':
        delete next.options.ttl;
        break;
      case 'modifyColumn': {
        const i = modifiedColumnIndex(next, step.column);
        next.columns[i] = { ...step.column, index: next.columns[i].index };
        break;
      }
    }
  }
  return next;
}

function changeColumnGroups(format: StoreFormat, add: boolean, groups: readonly ColumnGroupItem[]): StoreFormat {
  const set = columnGroupsOf(format);
  for (const g of groups) {
    if (add) {
      if (set.has(g)) throw Errors.columnGroupDuplicate(g);
      set.add(g);
    } else {
      if (!set.has(g)) throw Errors.cantDropFieldOrKey(g);
      set.delete(g);
    }
  }
  return storeFormatOf(set);
}

/** Where `column` replaces an existing column; checks the change is one the playground models. */
function modifiedColumnIndex(t: TableSchema, column: ColumnSchema): number {
  const i = t.columns.findIndex((c) => !c.hidden && c.name.toLowerCase() === column.name.toLowerCase());
  if (i < 0) throw Errors.badField(column.name, t.name);
  const old = t.columns[i];
  if (!sameType(old.type, column.type)) throw Errors.notSupported('Modify column data type');
  if (old.autoIncrement !== column.autoIncrement) throw Errors.notSupported('Modify column AUTO_INCREMENT attribute');
  if (old.nullable && !column.nullable) throw Errors.notSupported('Modify column to NOT NULL');
  return i;
}

/** Same SQL type (display widths are not part of a type; DECIMAL and CHAR defaults already applied). */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  return a.kind === b.kind && (a.precision ?? 0) === (b.precision ?? 0) && (a.scale ?? 0) === (b.scale ?? 0)
    && (a.unsigned ?? false) === (b.unsigned ?? false) && (a.binary ?? false) === (b.binary ?? false)
    && (a.blobKind ?? 'blob') === (b.blobKind ?? 'blob');
}
