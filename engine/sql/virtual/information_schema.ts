/**
 * `information_schema.SCHEMATA`, `TABLES` and `COLUMNS` of the session's tenant, built from the
 * schema guard (no cluster snapshot needed). OceanBase's MySQL tenants follow MySQL 5.7's column sets
 * for these views; those are used here.
 *
 * Not modelled, shown as OceanBase shows them for a table without statistics: TABLE_ROWS,
 * AVG_ROW_LENGTH, DATA_LENGTH and INDEX_LENGTH are 0; CREATE_TIME/UPDATE_TIME NULL. Only user tables
 * are listed in TABLES/COLUMNS (the system views of `oceanbase` and `information_schema` are not).
 * Hidden columns (`__pk_increment` of heap tables) never appear, as in OceanBase.
 */
import { typeToSql, valueToText, type ColumnType, type Value } from '../../common/value';
import type { ColumnSchema, TableSchema } from '../../schema/schema';
import { BIGINT, col, recordsToRows, varchar } from './format';
import type { ViewContext, ViewSpec } from './view';

const CHARSET = 'utf8mb4';
const COLLATION = 'utf8mb4_general_ci';

const SCHEMATA_COLUMNS = [
  col('CATALOG_NAME', varchar(512)),
  col('SCHEMA_NAME', varchar(64)),
  col('DEFAULT_CHARACTER_SET_NAME', varchar(32)),
  col('DEFAULT_COLLATION_NAME', varchar(32)),
  col('SQL_PATH', varchar(512)),
];

export const SCHEMATA: ViewSpec = {
  name: 'SCHEMATA',
  db: 'information_schema',
  scope: 'any',
  schemaOnly: true,
  columns: SCHEMATA_COLUMNS,
  rows(ctx) {
    const dbs = ctx.schema ? ctx.schema.listDatabases().map((d) => d.name).sort() : [];
    return recordsToRows(SCHEMATA_COLUMNS, dbs.map((name) => ({
      CATALOG_NAME: 'def',
      SCHEMA_NAME: name,
      DEFAULT_CHARACTER_SET_NAME: CHARSET,
      DEFAULT_COLLATION_NAME: COLLATION,
      SQL_PATH: null,
    })));
  },
};

/** Every user table of the tenant, by database then table name. */
function userTables(ctx: ViewContext): TableSchema[] {
  if (!ctx.schema) return [];
  const out: TableSchema[] = [];
  for (const db of ctx.schema.listDatabases()) out.push(...ctx.schema.listTables(db.name));
  return out.sort((a, b) => (a.databaseName < b.databaseName ? -1 : a.databaseName > b.databaseName ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const TABLES_COLUMNS = [
  col('TABLE_CATALOG', varchar(512)),
  col('TABLE_SCHEMA', varchar(64)),
  col('TABLE_NAME', varchar(64)),
  col('TABLE_TYPE', varchar(64)),
  col('ENGINE', varchar(64)),
  col('VERSION', BIGINT),
  col('ROW_FORMAT', varchar(10)),
  col('TABLE_ROWS', BIGINT),
  col('AVG_ROW_LENGTH', BIGINT),
  col('DATA_LENGTH', BIGINT),
  col('MAX_DATA_LENGTH', BIGINT),
  col('INDEX_LENGTH', BIGINT),
  col('DATA_FREE', BIGINT),
  col('AUTO_INCREMENT', BIGINT),
  col('CREATE_TIME', { kind: 'datetime' }),
  col('UPDATE_TIME', { kind: 'datetime' }),
  col('CHECK_TIME', { kind: 'datetime' }),
  col('TABLE_COLLATION', varchar(32)),
  col('CHECKSUM', BIGINT),
  col('CREATE_OPTIONS', varchar(255)),
  col('TABLE_COMMENT', varchar(2048)),
];

export const TABLES: ViewSpec = {
  name: 'TABLES',
  db: 'information_schema',
  scope: 'any',
  schemaOnly: true,
  columns: TABLES_COLUMNS,
  rows(ctx) {
    return recordsToRows(TABLES_COLUMNS, userTables(ctx).map((t) => ({
      TABLE_CATALOG: 'def',
      TABLE_SCHEMA: t.databaseName,
      TABLE_NAME: t.name,
      TABLE_TYPE: 'BASE TABLE',
      ENGINE: 'InnoDB',
      VERSION: 10,
      ROW_FORMAT: 'DYNAMIC',
      TABLE_ROWS: 0,
      AVG_ROW_LENGTH: 0,
      DATA_LENGTH: 0,
      MAX_DATA_LENGTH: null,
      INDEX_LENGTH: 0,
      DATA_FREE: null,
      AUTO_INCREMENT: t.options.autoIncrement ?? null,
      CREATE_TIME: null,
      UPDATE_TIME: null,
      CHECK_TIME: null,
      TABLE_COLLATION: t.options.collation,
      CHECKSUM: null,
      CREATE_OPTIONS: t.partitionScheme ? 'partitioned' : '',
      TABLE_COMMENT: t.options.comment ?? '',
    })));
  },
};

const COLUMNS_COLUMNS = [
  col('TABLE_CATALOG', varchar(512)),
  col('TABLE_SCHEMA', varchar(64)),
  col('TABLE_NAME', varchar(64)),
  col('COLUMN_NAME', varchar(64)),
  col('ORDINAL_POSITION', BIGINT),
  col('COLUMN_DEFAULT', { kind: 'text' }),
  col('IS_NULLABLE', varchar(3)),
  col('DATA_TYPE', varchar(64)),
  col('CHARACTER_MAXIMUM_LENGTH', BIGINT),
  col('CHARACTER_OCTET_LENGTH', BIGINT),
  col('NUMERIC_PRECISION', BIGINT),
  col('NUMERIC_SCALE', BIGINT),
  col('DATETIME_PRECISION', BIGINT),
  col('CHARACTER_SET_NAME', varchar(32)),
  col('COLLATION_NAME', varchar(32)),
  col('COLUMN_TYPE', { kind: 'text' }),
  col('COLUMN_KEY', varchar(3)),
  col('EXTRA', varchar(30)),
  col('PRIVILEGES', varchar(80)),
  col('COLUMN_COMMENT', varchar(1024)),
  col('GENERATION_EXPRESSION', { kind: 'text' }),
];

/** MySQL's NUMERIC_PRECISION per integer kind (digits), for signed and unsigned. */
const INT_PRECISION: Record<string, [number, number]> = {
  tinyint: [3, 3],
  smallint: [5, 5],
  mediumint: [7, 8],
  int: [10, 10],
  bigint: [19, 20],
};

function typeFacts(t: ColumnType): Record<string, Value> {
  const isString = t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text';
  const charLength = t.kind === 'text' ? 65535 : isString ? (t.precision ?? 1) : null;
  const intPrecision = INT_PRECISION[t.kind];
  let numericPrecision: Value = null;
  let numericScale: Value = null;
  if (intPrecision) {
    numericPrecision = intPrecision[t.unsigned ? 1 : 0];
    numericScale = 0;
  } else if (t.kind === 'decimal') {
    numericPrecision = t.precision ?? 10;
    numericScale = t.scale ?? 0;
  } else if (t.kind === 'double') {
    numericPrecision = 22;
  } else if (t.kind === 'float') {
    numericPrecision = 12;
  }
  // Binary strings (issue #5): DATA_TYPE varbinary/binary/blob, lengths in bytes, collation binary.
  const dataType = t.binary && isString ? typeToSql(t).replace(/\(.*$/, '') : t.kind;
  return {
    DATA_TYPE: dataType,
    CHARACTER_MAXIMUM_LENGTH: charLength,
    // TEXT is limited in bytes; CHAR/VARCHAR in characters of up to 4 bytes (utf8mb4).
    CHARACTER_OCTET_LENGTH: charLength === null ? null : t.kind === 'text' || t.binary ? charLength : charLength * 4,
    NUMERIC_PRECISION: numericPrecision,
    NUMERIC_SCALE: numericScale,
    DATETIME_PRECISION: t.kind === 'datetime' || t.kind === 'timestamp' ? (t.precision ?? 0) : null,
    CHARACTER_SET_NAME: isString ? (t.binary ? 'binary' : CHARSET) : null,
    COLLATION_NAME: isString ? (t.binary ? 'binary' : COLLATION) : null,
    COLUMN_TYPE: typeToSql(t),
  };
}

function columnRecord(t: TableSchema, c: ColumnSchema, ordinal: number): Record<string, Value> {
  const isKey = !t.isHeap && t.rowkey.includes(c.index);
  return {
    TABLE_CATALOG: 'def',
    TABLE_SCHEMA: t.databaseName,
    TABLE_NAME: t.name,
    COLUMN_NAME: c.name,
    ORDINAL_POSITION: ordinal,
    COLUMN_DEFAULT: c.defaultValue === undefined ? null : valueToText(c.defaultValue),
    IS_NULLABLE: c.nullable ? 'YES' : 'NO',
    ...typeFacts(c.type),
    COLUMN_KEY: isKey ? 'PRI' : '',
    EXTRA: c.autoIncrement ? 'auto_increment' : '',
    PRIVILEGES: 'select,insert,update,references',
    COLUMN_COMMENT: c.comment ?? '',
    GENERATION_EXPRESSION: '',
  };
}

export const COLUMNS: ViewSpec = {
  name: 'COLUMNS',
  db: 'information_schema',
  scope: 'any',
  schemaOnly: true,
  columns: COLUMNS_COLUMNS,
  rows(ctx) {
    const records: Record<string, Value>[] = [];
    for (const t of userTables(ctx)) {
      let ordinal = 0;
      for (const c of t.columns) {
        if (c.hidden) continue;
        ordinal++;
        records.push(columnRecord(t, c, ordinal));
      }
    }
    return recordsToRows(COLUMNS_COLUMNS, records);
  },
};

export const INFORMATION_SCHEMA_VIEWS: readonly ViewSpec[] = [SCHEMATA, TABLES, COLUMNS];
