/**
 * CREATE TABLE resolution (OceanBase's `ObCreateTableResolver`): AST → `TableDraft`, which the
 * DDL service turns into a table with ids, tablets and log-stream placement.
 *
 * Validates column types (DECIMAL precision ≤ 65, scale ≤ 30 and ≤ precision; VARCHAR ≤ 262144;
 * CHAR ≤ 256; VARBINARY ≤ 1048576 and BINARY ≤ 255 bytes), duplicate columns, the primary key (column-level or table-level, only one), one
 * AUTO_INCREMENT column that is a key, DEFAULT values (coerced to the column; CURRENT_TIMESTAMP for
 * DATETIME/TIMESTAMP), KEY/INDEX (kept as metadata), UNIQUE (refused: not supported), table
 * options (COMPRESSION, BLOCK_SIZE, ROW_FORMAT validated in table_options.ts), `WITH COLUMN GROUP`
 * or the tenant's `default_table_store_format` (row / column / hybrid store), SKIP_INDEX column
 * attributes and partitioning (schema/partition.ts); issue #5: TABLEGROUP = tg (checked by the DDL
 * service), KV_ATTRIBUTES and TTL(col + INTERVAL n unit) (schema/kv_options.ts).
 * A table without a primary key is a heap table: hidden `__pk_increment` column 0 is its rowkey.
 */
import { Errors } from '../../common/ob_error';
import { CHAR_LENGTH_MAX, DECIMAL_PRECISION_MAX, DECIMAL_SCALE_MAX, VARCHAR_BYTES_MAX } from '../../common/limits';
import { isIntegerType, type ColumnType, type Value } from '../../common/value';
import { checkTtlColumn } from '../../schema/kv_options';
import { buildPartitions } from '../../schema/partition';
import { DEFAULT_TABLE_OPTIONS, PK_INCREMENT_COLUMN, type ColumnSchema, type IndexSchema, type TableOptions } from '../../schema/schema';
import type { ColumnDef, CreateTable, Expr } from '../ast';
import type { TableDraft } from '../exec_context';
import { castValue, coerceToColumn, compileExpr, foldConstants } from '../plan/expr_api';
import { QueryBlock } from '../resolver/query_block';
import { SelectResolver } from '../resolver/resolve_select';
import { Scope, type StatementEnv } from '../resolver/scope';
import type { ObError } from '../../common/ob_error';
import { applyTableOption, skipIndexOf, storeFormatForCreate } from './table_options';

const PK_INCREMENT_TYPE: ColumnType = { kind: 'bigint', unsigned: true };
/** VARBINARY(n) and BINARY(n) length limits in bytes (OceanBase's OB_MAX_VARCHAR_LENGTH, OB_MAX_BINARY_LENGTH). */
const VARBINARY_BYTES_MAX = 1_048_576;
const BINARY_BYTES_MAX = 255;

/** Checks a column definition's type limits (DECIMAL precision/scale, VARCHAR/CHAR lengths). */
export function checkColumnType(c: ColumnDef): void {
  const t = c.type;
  if (t.kind === 'decimal') {
    const p = t.precision ?? 10;
    const s = t.scale ?? 0;
    if (p > DECIMAL_PRECISION_MAX) throw Errors.tooBigPrecision(p, c.name, DECIMAL_PRECISION_MAX);
    if (s > DECIMAL_SCALE_MAX) throw Errors.tooBigScale(s, c.name, DECIMAL_SCALE_MAX);
    if (s > p) throw Errors.scaleBiggerThanPrecision(c.name);
  }
  const varcharMax = t.binary ? VARBINARY_BYTES_MAX : VARCHAR_BYTES_MAX;
  const charMax = t.binary ? BINARY_BYTES_MAX : CHAR_LENGTH_MAX;
  if (t.kind === 'varchar' && (t.precision ?? 0) > varcharMax) throw Errors.tooBigFieldLength(c.name, varcharMax);
  if (t.kind === 'char' && (t.precision ?? 1) > charMax) throw Errors.tooBigFieldLength(c.name, charMax);
}

function isNowDefault(e: Expr): boolean {
  return e.kind === 'func' && ['now', 'current_timestamp', 'localtime', 'localtimestamp', 'sysdate'].includes(e.name.toLowerCase());
}

/** Evaluates a constant expression (DEFAULT values, partition bounds). */
export function evalConstant(e: Expr, env: StatementEnv, resolver: SelectResolver): { value: Value; type: ColumnType } {
  const b = foldConstants(resolver.exprs.resolve(e, { scope: new Scope(null), clause: 'field list', block: new QueryBlock(env), allowAgg: false, stage: 'where' }));
  const value = b.kind === 'const' ? b.value : compileExpr(b, { nowUs: () => env.ctx.nowUs() })([]);
  return { value, type: b.type };
}

/** Sets `col`'s DEFAULT from `def` (coerced to the column; CURRENT_TIMESTAMP for temporal types).
 *  Errors: `Errors.invalidDefault`. */
export function resolveColumnDefault(col: ColumnSchema, def: ColumnDef, env: StatementEnv, resolver: SelectResolver): void {
  if (def.default === undefined) return;
  if (isNowDefault(def.default)) {
    if (col.type.kind !== 'datetime' && col.type.kind !== 'timestamp') throw Errors.invalidDefault(col.name);
    col.defaultNow = true;
    return;
  }
  const { value } = evalConstant(def.default, env, resolver);
  if (value === null) {
    if (!col.nullable) throw Errors.invalidDefault(col.name);
    col.defaultValue = null;
    return;
  }
  try {
    col.defaultValue = coerceToColumn(value, col, 1);
  } catch (e) {
    if ((e as ObError).mysqlCode !== undefined) throw Errors.invalidDefault(col.name);
    throw e;
  }
}

function primaryKeyNames(stmt: CreateTable): string[] {
  const columnLevel = stmt.columns.filter((c) => c.primaryKey).map((c) => c.name);
  const tableLevel = stmt.constraints.filter((k) => k.kind === 'primary');
  if (columnLevel.length > 1 || tableLevel.length > 1 || (columnLevel.length > 0 && tableLevel.length > 0)) throw Errors.multiplePriKey();
  return columnLevel.length > 0 ? columnLevel : (tableLevel[0]?.columns ?? []);
}

/** Table options of CREATE TABLE: validated values, unknown-but-valid OceanBase options ignored. */
function tableOptions(stmt: CreateTable, env: StatementEnv, columns: readonly ColumnSchema[]): TableOptions {
  const o: TableOptions = { ...DEFAULT_TABLE_OPTIONS };
  for (const option of stmt.options) {
    if (applyTableOption(o, option)) continue;
    if (option.name.toUpperCase() === 'AUTO_INCREMENT') o.autoIncrement = Number(option.value);
    if (option.name.toUpperCase() === 'TABLEGROUP') o.tablegroup = String(option.value);
  }
  if (o.ttl !== undefined) o.ttl = checkTtlColumn(o.ttl, columns);
  if (o.rowFormat === undefined) delete o.rowFormat;
  o.storeFormat = storeFormatForCreate(stmt.columnGroups, env.ctx.admin);
  return o;
}

function indexes(stmt: CreateTable, columns: ColumnSchema[]): IndexSchema[] {
  if (stmt.columns.some((c) => c.unique) || stmt.constraints.some((k) => k.kind === 'unique')) throw Errors.notSupported('Unique key');
  const used = new Set<string>();
  const out: IndexSchema[] = [];
  for (const k of stmt.constraints) {
    if (k.kind !== 'index') continue;
    for (const c of k.columns) if (!columns.some((x) => x.name.toLowerCase() === c.toLowerCase())) throw Errors.keyColumnNotExist(c);
    let name = k.name ?? k.columns[0];
    for (let i = 2; used.has(name.toLowerCase()); i++) name = `${k.columns[0]}_${i}`;
    used.add(name.toLowerCase());
    out.push({ name, columns: k.columns.map((c) => columns.find((x) => x.name.toLowerCase() === c.toLowerCase())!.name) });
  }
  return out;
}

/** Resolves CREATE TABLE into a draft for `ctx.ddl.createTable`. */
export function resolveCreateTable(stmt: CreateTable, env: StatementEnv): TableDraft {
  const db = stmt.table.db ?? env.currentDb();
  const resolver = new SelectResolver(env);
  const seen = new Set<string>();
  for (const c of stmt.columns) {
    if (seen.has(c.name.toLowerCase())) throw Errors.dupFieldName(c.name);
    seen.add(c.name.toLowerCase());
    checkColumnType(c);
  }
  const pkNames = primaryKeyNames(stmt);
  for (const n of pkNames) if (!seen.has(n.toLowerCase())) throw Errors.keyColumnNotExist(n);
  const isHeap = pkNames.length === 0;
  const offset = isHeap ? 1 : 0;
  const inPk = (name: string) => pkNames.some((n) => n.toLowerCase() === name.toLowerCase());
  const columns: ColumnSchema[] = stmt.columns.map((c, i) => ({
    index: i + offset,
    name: c.name,
    type: c.type,
    nullable: !(c.notNull || inPk(c.name)),
    autoIncrement: c.autoIncrement === true,
    hidden: false,
    comment: c.comment,
    skipIndex: skipIndexOf(c, c.type),
  }));
  for (const c of columns) if (c.skipIndex === undefined) delete c.skipIndex; // JSON-stable schemas
  if (isHeap) columns.unshift({ index: 0, name: PK_INCREMENT_COLUMN, type: PK_INCREMENT_TYPE, nullable: false, autoIncrement: false, hidden: true });
  const idx = indexes(stmt, columns);
  const autos = columns.filter((c) => c.autoIncrement);
  if (autos.length > 1) throw Errors.wrongAutoKey();
  if (autos.length === 1) {
    const a = autos[0];
    const keyed = inPk(a.name) || idx.some((k) => k.columns[0].toLowerCase() === a.name.toLowerCase());
    if (!keyed || !(isIntegerType(a.type) || a.type.kind === 'double' || a.type.kind === 'float')) throw Errors.wrongAutoKey();
  }
  stmt.columns.forEach((def, i) => resolveColumnDefault(columns[i + offset], def, env, resolver));
  const rowkey = isHeap ? [0] : pkNames.map((n) => columns.find((c) => c.name.toLowerCase() === n.toLowerCase())!.index);
  let partitionScheme: TableDraft['partitionScheme'] = null;
  let partitions: TableDraft['partitions'] = [{ name: null, index: 0 }];
  if (stmt.partition) {
    const built = buildPartitions(stmt.partition, {
      columns,
      primaryKey: isHeap ? [] : rowkey,
      keyExprInfo: (e) => keyExprInfo(e, columns, env, resolver),
      evalBound: (e, type) => {
        const { value } = evalConstant(e, env, resolver);
        return value === null ? null : castValue(value, type);
      },
    });
    partitionScheme = built.scheme;
    partitions = built.partitions;
  }
  return {
    databaseName: db,
    name: stmt.table.name,
    columns,
    rowkey,
    isHeap,
    partitionScheme,
    partitions,
    options: tableOptions(stmt, env, columns),
    indexes: idx.length > 0 ? idx : undefined,
  };
}

function keyExprInfo(e: Expr, columns: ColumnSchema[], env: StatementEnv, resolver: SelectResolver): { type: ColumnType; columnIndexes: number[] } {
  const scope = new Scope(null);
  scope.addTable({ alias: '', db: null, columns: columns.map((c) => ({ name: c.name, id: c.index, type: c.type, nullable: c.nullable, hidden: c.hidden })) });
  const b = resolver.exprs.resolve(e, { scope, clause: 'partition function', block: new QueryBlock(env), allowAgg: false, stage: 'where' });
  const ids: number[] = [];
  const walk = (x: typeof b) => {
    if (x.kind === 'col' && !ids.includes(x.index)) ids.push(x.index);
    if (x.kind === 'call') x.args.forEach(walk);
  };
  walk(b);
  return { type: b.type, columnIndexes: ids };
}
