/**
 * Column encodings of encoded microblocks — the public API (OceanBase `blocksstable/encoding`:
 * RAW, DICT, RLE, CONST, INTEGER_BASE_DIFF, STRING_PREFIX, COLUMN_EQUAL; reference §4.7, and the
 * skip-index aggregates of §4.10).
 *
 * Pure functions: arrays of `Value` in, bytes out, and back into typed-array `ColumnVector`s. No I/O
 * and no SSTable knowledge; the major SSTable format stores `EncodedColumn.type`, `bytes` and
 * `refColumn` per column per microblock and calls `decodeColumn` with the row count.
 */
import { assert } from '../../common/assert';
import type { ColumnType } from '../../common/value';
import type { ColumnClass } from './types';

export * from './types';
export { encodeColumn, encodeColumnAs, decodeColumn, filterEncoded, ENCODED_COLUMN_ROWS_MAX } from './codec';
export { vectorValueAt, vectorToValues } from './vector';
export { columnStats, vectorStats, mergeStats, statsToJson, statsFromJson, type ColumnStatsJson } from './stats';
export { compareInClass, filterVector } from './compare';
export { predicateMayMatch } from './prune';

/**
 * The storage class of a SQL column type: integer kinds → 'int'; FLOAT/DOUBLE → 'double';
 * DECIMAL(p,s) → 'decimal' at scale s; CHAR/VARCHAR/TEXT → 'string' compared under
 * utf8mb4_general_ci; DATE/DATETIME/TIMESTAMP → 'string', binary (canonical text orders correctly).
 */
export function columnClassOf(t: ColumnType): ColumnClass {
  switch (t.kind) {
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return { kind: 'int' };
    case 'float':
    case 'double':
      return { kind: 'double' };
    case 'decimal':
      return { kind: 'decimal', scale: t.scale ?? 0 };
    case 'char':
    case 'varchar':
    case 'text':
      return { kind: 'string', ci: true };
    case 'date':
    case 'datetime':
    case 'timestamp':
      return { kind: 'string', ci: false };
    case 'null':
      assert(false, 'a column cannot have the NULL type');
  }
}
