/**
 * Runtime values and column types (OceanBase's `ObObj` / `ObObjType`, MySQL mode).
 *
 * A `Value` is one of:
 * - `null` — SQL NULL;
 * - `number` — every integer that fits in ±2^53 and every DOUBLE/FLOAT;
 * - `bigint` — an integer outside ±2^53 (BIGINT is exact 64-bit: arithmetic switches to bigint
 *   when a result leaves the safe range and fails with `Errors.valueOutOfRange` past int64);
 * - `string` — VARCHAR/CHAR/TEXT, and DATE (`'YYYY-MM-DD'`), DATETIME/TIMESTAMP
 *   (`'YYYY-MM-DD HH:MM:SS[.ffffff]'`) in canonical form, so they order correctly as text;
 * - `Decimal` — DECIMAL(p,s), exact.
 * Which of these a value means is known statically from its `ColumnType`; values carry no tag.
 * JavaScript compares number with bigint correctly (`1n < 2`), which the executor relies on.
 */
import { Decimal } from './decimal';

export type Value = null | number | bigint | string | Decimal;

export type TypeKind =
  | 'tinyint'
  | 'smallint'
  | 'mediumint'
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'float'
  | 'double'
  | 'char'
  | 'varchar'
  | 'text'
  | 'date'
  | 'datetime'
  | 'timestamp'
  /** Only for expression results (e.g. NULL literal); never a column type. */
  | 'null';

export interface ColumnType {
  kind: TypeKind;
  /** DECIMAL precision (M); CHAR/VARCHAR length in characters; DATETIME fractional digits. */
  precision?: number;
  /** DECIMAL scale (D). */
  scale?: number;
  unsigned?: boolean;
  /**
   * Issue #5: binary collation — VARBINARY(n) is `{kind:'varchar', binary:true}`, BINARY(n)
   * `{kind:'char', binary:true}`, BLOB-family `{kind:'text', binary:true}`. Values are byte strings
   * (common/binary.ts), compared and keyed byte by byte (no case folding, no PAD SPACE).
   */
  binary?: boolean;
  /** Issue #5: which BLOB spelling a binary `text` column was declared with (SHOW CREATE TABLE
   *  prints it back); absent on a binary text means `blob`. */
  blobKind?: 'tinyblob' | 'blob' | 'mediumblob' | 'longblob';
}

export const INTEGER_KINDS: ReadonlySet<TypeKind> = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'bigint']);
export const STRING_KINDS: ReadonlySet<TypeKind> = new Set(['char', 'varchar', 'text']);
export const TEMPORAL_KINDS: ReadonlySet<TypeKind> = new Set(['date', 'datetime', 'timestamp']);

export const isIntegerType = (t: ColumnType) => INTEGER_KINDS.has(t.kind);
export const isStringType = (t: ColumnType) => STRING_KINDS.has(t.kind);
/** True for a binary-collation string type (VARBINARY, BINARY, BLOB family): values are byte strings. */
export const isBinaryType = (t: ColumnType): boolean => t.binary === true && STRING_KINDS.has(t.kind);
export const isTemporalType = (t: ColumnType) => TEMPORAL_KINDS.has(t.kind);
export const isNumericType = (t: ColumnType) =>
  INTEGER_KINDS.has(t.kind) || t.kind === 'decimal' || t.kind === 'double' || t.kind === 'float';

/** Signed integer ranges per kind (MySQL). */
export const INT_RANGES: Record<string, { min: bigint; max: bigint; umax: bigint }> = {
  tinyint: { min: -128n, max: 127n, umax: 255n },
  smallint: { min: -32768n, max: 32767n, umax: 65535n },
  mediumint: { min: -8388608n, max: 8388607n, umax: 16777215n },
  int: { min: -2147483648n, max: 2147483647n, umax: 4294967295n },
  bigint: { min: -9223372036854775808n, max: 9223372036854775807n, umax: 18446744073709551615n },
};

/** Normalises an integer to the canonical representation: number when safe, bigint otherwise. */
export function normInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** `int(11)`, `decimal(15,2)`, `varchar(25)`, `datetime` — as SHOW CREATE TABLE / DESC print types. */
export function typeToSql(t: ColumnType): string {
  switch (t.kind) {
    case 'tinyint':
      return `tinyint(4)${t.unsigned ? ' unsigned' : ''}`;
    case 'smallint':
      return `smallint(6)${t.unsigned ? ' unsigned' : ''}`;
    case 'mediumint':
      return `mediumint(9)${t.unsigned ? ' unsigned' : ''}`;
    case 'int':
      return `int(11)${t.unsigned ? ' unsigned' : ''}`;
    case 'bigint':
      return `bigint(20)${t.unsigned ? ' unsigned' : ''}`;
    case 'decimal':
      return `decimal(${t.precision ?? 10},${t.scale ?? 0})`;
    case 'float':
      return 'float';
    case 'double':
      return 'double';
    case 'char':
      return `${t.binary ? 'binary' : 'char'}(${t.precision ?? 1})`;
    case 'varchar':
      return `${t.binary ? 'varbinary' : 'varchar'}(${t.precision})`;
    case 'text':
      return t.binary ? t.blobKind ?? 'blob' : 'text';
    case 'date':
      return 'date';
    case 'datetime':
      return t.precision ? `datetime(${t.precision})` : 'datetime';
    case 'timestamp':
      return t.precision ? `timestamp(${t.precision})` : 'timestamp';
    case 'null':
      return 'null';
  }
}

/** How the MySQL text protocol renders a value (what obclient prints). */
export function valueToText(v: Value): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : formatDouble(v);
  return String(v);
}

/** MySQL prints doubles with up to 17 significant digits, shortest round-trip form. */
export function formatDouble(v: number): string {
  const s = String(v);
  if (s.includes('e')) {
    const [m, e] = s.split('e');
    return `${m}e${e.startsWith('-') ? e : e.replace('+', '')}`;
  }
  return s;
}
