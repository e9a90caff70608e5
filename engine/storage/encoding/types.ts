/**
 * The contract of the column encodings of encoded microblocks (OceanBase's `ObColumnHeader::Type`
 * encoders in `blocksstable/encoding`, reference §4.7): what an encoder produces, what a decoder
 * hands to scans, the skip-index aggregates of a column, and the storage predicates evaluated on
 * encoded data.
 *
 * A microblock of a major SSTable stores each column of its column group separately; per column
 * and per microblock the encoder picks the smallest of RAW, DICT, RLE, CONST, INTEGER_BASE_DIFF,
 * STRING_PREFIX and COLUMN_EQUAL (the choice is automatic; a DBA cannot set it). NULLs are kept in
 * a bitmap beside the values. Decoding works on a whole column of a microblock at once, into
 * typed arrays (`ColumnVector`), so scans and the vectorized executor never build a `Value` per
 * row unless they need one.
 *
 * Value representation (see common/value.ts): integers are `number` (or `bigint` past ±2^53),
 * DOUBLE/FLOAT `number`, DECIMAL `Decimal`, strings and temporals canonical `string`.
 */
import type { Value } from '../../common/value';

export type EncodingType = 'RAW' | 'DICT' | 'RLE' | 'CONST' | 'INTEGER_BASE_DIFF' | 'STRING_PREFIX' | 'COLUMN_EQUAL';

/** Every encoding, in the order of their on-disk codes (code = index). */
export const ENCODING_TYPES: readonly EncodingType[] = ['RAW', 'DICT', 'RLE', 'CONST', 'INTEGER_BASE_DIFF', 'STRING_PREFIX', 'COLUMN_EQUAL'];

/**
 * How a column's values are stored, from its SQL type (`columnClassOf` in encoding/index.ts):
 * integer kinds → 'int'; FLOAT/DOUBLE → 'double'; DECIMAL(p,s) → 'decimal' with scale s;
 * CHAR/VARCHAR/TEXT → 'string' (`ci`: compared under utf8mb4_general_ci); DATE/DATETIME/TIMESTAMP →
 * 'string' with `ci: false` (canonical text orders correctly byte-wise).
 */
export type ColumnClass =
  | { kind: 'int' }
  | { kind: 'double' }
  | { kind: 'decimal'; scale: number }
  | { kind: 'string'; ci: boolean };

/**
 * A decoded batch of one column: `length` rows, a NULL bitmap (one byte per row, 1 = NULL; null
 * when no row is NULL; the data slot of a NULL row is unspecified) and the data in one of these
 * shapes:
 * - 'int': every value is an integer within ±2^53, in a Float64Array;
 * - 'double': DOUBLE/FLOAT values;
 * - 'decimal': unscaled values at `scale` (value = unscaled / 10^scale), each |unscaled| < 2^53
 *   so arithmetic on them is exact; a column with larger values decodes as 'values';
 * - 'dict': row i is `dict[codes[i]]` (string columns encoded DICT, RLE or CONST decode to this:
 *   filters and GROUP BY work on the few dictionary entries, then on the codes; entries are
 *   distinct; numeric columns decode to their typed shape whatever the encoding);
 * - 'values': anything else (RAW or STRING_PREFIX strings, bigints), one Value per row.
 */
export interface ColumnVector {
  readonly length: number;
  readonly nulls: Uint8Array | null;
  readonly data:
    | { readonly kind: 'int'; readonly values: Float64Array }
    | { readonly kind: 'double'; readonly values: Float64Array }
    | { readonly kind: 'decimal'; readonly unscaled: Float64Array; readonly scale: number }
    | { readonly kind: 'dict'; readonly codes: Int32Array; readonly dict: readonly Value[] }
    | { readonly kind: 'values'; readonly values: readonly Value[] };
}

/** One column of one microblock, encoded. */
export interface EncodedColumn {
  type: EncodingType;
  /** The encoded bytes (NULL bitmap included); self-describing given `rowCount` and the class. */
  bytes: Uint8Array;
  /** Size in bytes the column would take RAW (the "before" figure of the storage panel). */
  rawBytes: number;
  /** COLUMN_EQUAL: index (within the microblock's columns) of the earlier column it equals. */
  refColumn?: number;
}

/**
 * Skip-index aggregates of a column over some rows (reference §4.10): min and max of the non-NULL
 * values (null when every row is NULL), NULL count, row count, and the sum of the non-NULL values
 * for numeric classes (number for 'int'/'double', `Decimal` for 'decimal'; null for strings or
 * when every row is NULL). Rolled up microblock → macroblock → SSTable with `mergeStats`.
 */
export interface ColumnStats {
  min: Value;
  max: Value;
  nullCount: number;
  rowCount: number;
  sum: Value;
}

/**
 * A filter pushed down into storage: `column` (index into the scanned columns of the request)
 * compared with constants already converted to the column's class (numbers for 'int'/'double',
 * `Decimal` for 'decimal', canonical strings for 'string'). String comparison follows the class's
 * `ci` flag (general_ci weight strings vs binary). NULL never passes a comparison or IN.
 */
export type StoragePredicate =
  | { column: number; op: '=' | '<>' | '<' | '<=' | '>' | '>='; value: Value }
  | { column: number; op: 'in'; values: Value[] }
  | { column: number; op: 'between'; low: Value; high: Value }
  | { column: number; op: 'is_null' | 'is_not_null' };
