/**
 * Prepared per-table information of the OBKV-Table service (OceanBase's `ObKvSchemaCacheGuard` /
 * `ObTableApiCacheGuard`): column lookup by name, rowkey types, the partition of each tablet, the
 * TTL definition and the type names OBKV prints in its errors — computed once per table
 * definition and cached by object identity (a DDL replaces the `TableSchema` object, so a new
 * schema version gets a new entry; the old one is garbage collected with its schema).
 *
 * Also the strict input checks of the table API (reference obkv-apis §1.3 "Type strictness"):
 * the input value's declared type (`KvInputType`) must match the column's type, else -10511
 * OB_KV_COLUMN_TYPE_NOT_MATCH; NULL into NOT NULL → -4235; too long → -5167; out of range → -4224;
 * bad DATETIME → -4157. And the conversion of stored values back to wire values.
 */
import { Decimal } from '../common/decimal';
import { bytesToUtf8, utf8ToBytes } from '../common/binary';
import { TEXT_BYTES_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import { encodeRowkey, type EncodedRowkey } from '../common/rowkey';
import { INT_RANGES, isIntegerType, normInt, type ColumnType, type Value } from '../common/value';
import { partitionIndexOf } from '../schema/partition';
import type { ColumnSchema, IndexSchema, PartitionSchema, TableSchema } from '../schema/schema';
import { fitDecimal } from '../sql/expr/convert';
import { charLength, utf8Length } from '../sql/expr/strings';
import { normalizeDateText, normalizeDatetimeText } from '../sql/expr/temporal';
import type { KvInputType, KvValue } from './types';

/** A table's TTL: rows whose column `columnIndex` + interval <= now are expired (§1.10). */
export interface TtlMeta {
  columnIndex: number;
  /** Fixed-length units (SECOND..DAY): the interval in µs; month-based units: 0. */
  intervalUs: number;
  /** MONTH/YEAR units: the interval in months; otherwise 0. */
  months: number;
}

export class TableMeta {
  readonly byName = new Map<string, ColumnSchema>();
  readonly keyTypes: ColumnType[];
  readonly keyColumns: ColumnSchema[];
  readonly isKey: boolean[];
  /** OBKV's type text of each column ('VARCHAR', 'BIGINT', 'INT', 'VARBINARY', ...). */
  readonly typeText: string[];
  readonly partitionsByTablet = new Map<number, PartitionSchema>();
  /** Visible column indexes in table order (`select` empty). */
  readonly visible: number[];
  /** Every column index in order (full-width DAS scans). */
  readonly allColumns: number[];
  readonly ttl: TtlMeta | null;
  readonly hasIndex: boolean;
  /**
   * The partition index of a rowkey (values in key order) when every partitioning expression is
   * a rowkey column; null when the table is not partitioned or partitions by other expressions.
   */
  readonly partitionOfKey: ((keyValues: readonly Value[]) => number) | null;

  constructor(readonly table: TableSchema) {
    for (const c of table.columns) if (!c.hidden) this.byName.set(c.name.toLowerCase(), c);
    this.keyColumns = table.rowkey.map((i) => table.columns[i]);
    this.keyTypes = this.keyColumns.map((c) => c.type);
    this.isKey = table.columns.map((c) => table.rowkey.includes(c.index));
    this.typeText = table.columns.map((c) => kvTypeText(c.type));
    for (const p of table.partitions) this.partitionsByTablet.set(p.tabletId, p);
    this.visible = table.columns.filter((c) => !c.hidden).map((c) => c.index);
    this.allColumns = table.columns.map((c) => c.index);
    this.hasIndex = (table.indexes?.length ?? 0) > 0;
    this.ttl = ttlMetaOf(table, this.byName);
    this.partitionOfKey = partitionOfKeyFn(table);
  }

  /** The column named `name` (case-insensitive). Errors: -5217 "Unknown column 'cx' in 't'". */
  column(name: string): ColumnSchema {
    const c = this.byName.get(name.toLowerCase());
    if (!c) throw Errors.badField(name, this.table.name);
    return c;
  }

  /** Column indexes of a select list (empty → every visible column). Errors: -5217. */
  projection(select: readonly string[]): number[] {
    return select.length === 0 ? this.visible : select.map((n) => this.column(n).index);
  }

  /** The secondary index `name` (case-insensitive), or undefined. */
  index(name: string): IndexSchema | undefined {
    const n = name.toLowerCase();
    return this.table.indexes?.find((i) => i.name.toLowerCase() === n);
  }

  /** The encoded rowkey of a full row. */
  keyOfRow(row: readonly Value[]): EncodedRowkey {
    return encodeRowkey(this.table.rowkey.map((i) => row[i]), this.keyTypes);
  }
}

const cache = new WeakMap<TableSchema, TableMeta>();

/** The prepared info of `table` (cached per definition object, i.e. per schema version). */
export function tableMeta(table: TableSchema): TableMeta {
  let m = cache.get(table);
  if (!m) cache.set(table, (m = new TableMeta(table)));
  return m;
}

function partitionOfKeyFn(table: TableSchema): TableMeta['partitionOfKey'] {
  const scheme = table.partitionScheme;
  if (!scheme || table.partitions.length <= 1) return null;
  const positions: number[] = [];
  for (const e of scheme.exprs) {
    if (e.kind !== 'column') return null;
    const c = table.columns.find((x) => x.name.toLowerCase() === e.name.toLowerCase());
    const pos = c ? table.rowkey.indexOf(c.index) : -1;
    if (pos < 0) return null;
    positions.push(pos);
  }
  return (keyValues) => partitionIndexOf(table, positions.map((p) => keyValues[p]));
}

function ttlMetaOf(table: TableSchema, byName: Map<string, ColumnSchema>): TtlMeta | null {
  const ttl = table.options.ttl;
  if (!ttl) return null;
  const c = byName.get(ttl.column.toLowerCase());
  if (!c) return null;
  const unitUs: Record<string, number> = { SECOND: 1e6, MINUTE: 60e6, HOUR: 3600e6, DAY: 86400e6 };
  if (ttl.unit === 'MONTH' || ttl.unit === 'YEAR') {
    return { columnIndex: c.index, intervalUs: 0, months: ttl.interval * (ttl.unit === 'YEAR' ? 12 : 1) };
  }
  return { columnIndex: c.index, intervalUs: ttl.interval * unitUs[ttl.unit], months: 0 };
}

/** OBKV's name of a column type in -10511 messages ('VARCHAR', 'BIGINT', 'INT', 'VARBINARY', 'BLOB'...). */
export function kvTypeText(t: ColumnType): string {
  if (t.binary) return t.kind === 'char' ? 'BINARY' : t.kind === 'text' ? 'BLOB' : 'VARBINARY';
  return t.kind.toUpperCase();
}

const isBinaryString = (t: ColumnType) => t.binary === true && (t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text');
const isTextString = (t: ColumnType) => !t.binary && (t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text');
/** CHAR/VARCHAR/TEXT and their binary forms: the columns APPEND accepts. */
export const isKvStringType = (t: ColumnType) => isBinaryString(t) || isTextString(t);

/** The input type a client would declare for a bare wire value (scan-range cells, filter-less paths). */
export function inputTypeOf(v: KvValue): KvInputType {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return 'BIGINT';
  if (typeof v === 'number') return Number.isInteger(v) ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}

/**
 * Converts one input value for storage in column `c` of `meta`'s table, with OBKV's strict checks.
 * BIGINT input is also accepted by FLOAT/DOUBLE/DECIMAL columns: a JavaScript number has no
 * integer/double distinction, so `2` for a DOUBLE column cannot be sent any other way.
 * Errors: -10511 type mismatch, -4235 NULL into NOT NULL, -5167 too long, -4224 integer/decimal
 * out of range, -4157 DATETIME out of range.
 */
export function toStoredValue(meta: TableMeta, c: ColumnSchema, value: KvValue, inputType: KvInputType): Value {
  if (value === null || inputType === 'NULL') {
    if (!c.nullable) throw Errors.kvBadNull(c.name);
    return null;
  }
  const t = c.type;
  const mismatch = () => Errors.kvColumnTypeNotMatch(c.name, meta.typeText[c.index], inputType);
  switch (inputType) {
    case 'BIGINT': {
      if (typeof value === 'string') throw mismatch();
      if (isIntegerType(t)) return checkIntRange(c, value);
      if (t.kind === 'double' || t.kind === 'float') return Number(value);
      if (t.kind === 'decimal') return checkDecimal(c, Decimal.fromInt(typeof value === 'number' ? Math.trunc(value) : value));
      throw mismatch();
    }
    case 'DOUBLE': {
      if (typeof value !== 'number') throw mismatch();
      if (t.kind === 'double' || t.kind === 'float') return value;
      if (t.kind === 'decimal') return checkDecimal(c, Decimal.fromNumber(value));
      throw mismatch();
    }
    case 'VARCHAR': {
      if (typeof value !== 'string') throw mismatch();
      if (isTextString(t)) return checkLength(c, value);
      if (isBinaryString(t)) return checkLength(c, utf8ToBytes(value));
      if (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp') return temporal(c, value);
      if (t.kind === 'decimal') {
        const d = Decimal.parse(value.trim());
        if (!d) throw mismatch();
        return checkDecimal(c, d);
      }
      throw mismatch();
    }
    case 'VARBINARY': {
      if (typeof value !== 'string') throw mismatch();
      if (isBinaryString(t)) return checkLength(c, value);
      if (isTextString(t)) return checkLength(c, bytesToUtf8(value) ?? value);
      throw mismatch();
    }
    case 'DATETIME': {
      if (typeof value !== 'string') throw mismatch();
      if (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp') return temporal(c, value);
      throw mismatch();
    }
  }
  throw mismatch();
}

/** Integer range check per column kind (signed/unsigned). Errors: -4224. */
export function checkIntRange(c: ColumnSchema, value: number | bigint): number | bigint {
  if (typeof value === 'number' && !Number.isInteger(value)) throw Errors.dataOutOfRange(c.name, 0);
  const r = INT_RANGES[c.type.kind];
  const min = c.type.unsigned ? 0n : r.min;
  const max = c.type.unsigned ? r.umax : r.max;
  if (typeof value === 'number' && value >= -2147483648 && value <= 2147483647) {
    if (value < min || value > max) throw Errors.dataOutOfRange(c.name, 0);
    return value;
  }
  const b = BigInt(value);
  if (b < min || b > max) throw Errors.dataOutOfRange(c.name, 0);
  return normInt(b);
}

function checkDecimal(c: ColumnSchema, d: Decimal): Decimal {
  const fitted = fitDecimal(d, c.type.precision ?? 10, c.type.scale ?? 0);
  if (!fitted) throw Errors.dataOutOfRange(c.name, 0);
  return fitted;
}

/** Length check of a text (characters) or byte-string (bytes) value. Errors: -5167. */
export function checkLength(c: ColumnSchema, s: string): string {
  const t = c.type;
  if (t.kind === 'text') {
    const bytes = t.binary ? s.length : utf8Length(s);
    if (bytes > TEXT_BYTES_MAX) throw Errors.dataTooLong(c.name, 0);
    return s;
  }
  const max = t.precision ?? (t.kind === 'char' ? 1 : TEXT_BYTES_MAX);
  if (s.length > max && (t.binary || charLength(s) > max)) throw Errors.dataTooLong(c.name, 0);
  return s;
}

function temporal(c: ColumnSchema, text: string): string {
  const t = c.type;
  const v = t.kind === 'date' ? normalizeDateText(text) : normalizeDatetimeText(text, t.precision ?? 0);
  if (v === null) throw Errors.operateOverflow(kvTypeText(t), c.name);
  return v;
}

/** A stored value as it travels on the OBKV wire (DECIMAL as decimal text). */
export function toKvValue(v: Value): KvValue {
  return v instanceof Decimal ? v.toString() : v;
}
