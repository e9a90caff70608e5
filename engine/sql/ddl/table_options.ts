/**
 * Table options and storage attributes shared by CREATE TABLE and ALTER TABLE resolution
 * (OceanBase's `ObDDLResolver::resolve_table_option` and `resolve_column_skip_index`):
 *
 * - COMPRESSION: one of OceanBase's compressor names, case-insensitive, kept in canonical lower
 *   case; anything else is `ERROR 1210 (HY000): Incorrect arguments to <value>` (reference §4.8).
 * - BLOCK_SIZE: an integer in [1024, 1048576] bytes (OceanBase's MIN/MAX_BLOCK_SIZE; no power of
 *   two needed), else `ERROR 5258 (HY000): Invalid block size, ...`.
 * - ROW_FORMAT: the parser admits only OceanBase's formats; DEFAULT means DYNAMIC.
 * - KV_ATTRIBUTES (issue #5): checked JSON kept verbatim (schema/kv_options.ts); TTL(col +
 *   INTERVAL n unit): kept here, its column checked against the table by the caller.
 * - WITH COLUMN GROUP: (all columns) = row store, (each column) = column store, both = hybrid;
 *   without the clause the tenant parameter `default_table_store_format` decides ('row' default,
 *   'column' → each column, 'compound' → all columns + each column; reference §4.9).
 * - SKIP_INDEX(...): MIN_MAX on any modelled type, SUM only on numeric columns, else
 *   `ERROR 1235 (0A000): build skip index on invalid type not supported` (reference §4.10). JSON
 *   and generated columns never get here: the parser refuses them first (1235).
 */
import { MICRO_BLOCK_BYTES_MAX, MICRO_BLOCK_BYTES_MIN } from '../../common/limits';
import { Errors } from '../../common/ob_error';
import { isNumericType, type ColumnType } from '../../common/value';
import { storeFormatOf } from '../../schema/alter_table_schema';
import { checkKvAttributes } from '../../schema/kv_options';
import type { ColumnSchema, TableOptions, TtlDefinition } from '../../schema/schema';
import type { ColumnDef, ColumnGroupItem, TableOptionAst } from '../ast';
import type { AdminService } from '../exec_context';

/** Table-level COMPRESSION values OceanBase accepts (its `compress_funcs` minus the removed zlib). */
export const COMPRESSION_FUNCS: readonly string[] = ['lz4_1.0', 'none', 'snappy_1.0', 'zstd_1.0', 'zstd_1.3.8', 'lz4_1.9.1'];

/** COMPRESSION value → canonical name. Errors: `Errors.invalidArgument` ("Incorrect arguments to x"). */
export function compressionOf(value: string | number): string {
  const written = String(value).trim();
  const found = COMPRESSION_FUNCS.find((c) => c === written.toLowerCase());
  if (found === undefined) throw Errors.invalidArgument(`Incorrect arguments to ${written}`);
  return found;
}

/** BLOCK_SIZE value → bytes. Errors: `Errors.invalidBlockSize` outside [1024, 1048576]. */
export function blockSizeOf(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < MICRO_BLOCK_BYTES_MIN || n > MICRO_BLOCK_BYTES_MAX) throw Errors.invalidBlockSize();
  return n;
}

/** ROW_FORMAT value → what TableOptions keeps (undefined: DYNAMIC, the default). */
export function rowFormatOf(value: string | number): string | undefined {
  const f = String(value).toUpperCase();
  return f === 'DYNAMIC' || f === 'DEFAULT' ? undefined : f;
}

/**
 * Applies one table option to `o`. Returns false for an option name the caller must decide on
 * (accepted-and-ignored by CREATE TABLE, refused by ALTER TABLE).
 */
export function applyTableOption(o: Partial<TableOptions>, option: TableOptionAst): boolean {
  const { name, value } = option;
  switch (name.toUpperCase()) {
    case 'COMMENT': o.comment = String(value); return true;
    case 'COMPRESSION': o.compression = compressionOf(value); return true;
    case 'BLOCK_SIZE': o.blockSize = blockSizeOf(value); return true;
    case 'ROW_FORMAT': o.rowFormat = rowFormatOf(value); return true;
    case 'CHARSET': case 'CHARACTER SET': o.charset = String(value).toLowerCase(); return true;
    case 'COLLATE': o.collation = String(value).toLowerCase(); return true;
    case 'KV_ATTRIBUTES': o.kvAttributes = checkKvAttributes(String(value)); return true;
    case 'TTL':
      if (option.ttl === undefined) return false;
      o.ttl = { column: option.ttl.column, interval: option.ttl.interval, unit: option.ttl.unit as TtlDefinition['unit'] };
      return true;
    default: return false;
  }
}

/**
 * The store format of a new table: from its WITH COLUMN GROUP clause, or when there is none from
 * the tenant parameter `default_table_store_format`. Errors: `Errors.columnGroupDuplicate` when
 * a group is listed twice.
 */
export function storeFormatForCreate(groups: readonly ColumnGroupItem[] | undefined, admin: AdminService): TableOptions['storeFormat'] {
  if (groups === undefined) {
    const p = admin.parameters().find((x) => x.name === 'default_table_store_format')?.value.toLowerCase();
    if (p === 'column') return 'column';
    if (p === 'compound') return 'hybrid';
    return 'row';
  }
  checkNoDuplicateGroups(groups);
  return storeFormatOf(new Set(groups));
}

/** Errors.columnGroupDuplicate when `groups` lists a group twice. */
export function checkNoDuplicateGroups(groups: readonly ColumnGroupItem[]): void {
  const seen = new Set<ColumnGroupItem>();
  for (const g of groups) {
    if (seen.has(g)) throw Errors.columnGroupDuplicate(g);
    seen.add(g);
  }
}

/**
 * The explicit skip index of a column definition: undefined without the attribute or with
 * `SKIP_INDEX()`. Errors: `Errors.notSupported` for SUM on a non-numeric type.
 */
export function skipIndexOf(def: ColumnDef, type: ColumnType): ColumnSchema['skipIndex'] {
  const kinds = (def.skipIndex ?? []).filter((k): k is 'MIN_MAX' | 'SUM' => k === 'MIN_MAX' || k === 'SUM');
  if (kinds.includes('SUM') && !isNumericType(type)) throw Errors.notSupported('build skip index on invalid type');
  return kinds.length > 0 ? kinds : undefined;
}
