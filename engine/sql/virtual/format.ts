/**
 * Value and column helpers shared by the system views (`oceanbase.DBA_OB_*`, `CDB_OB_*`, `GV$OB_*`).
 *
 * OceanBase's views are SQL over inner tables; their column types are what `DESC` of the view shows:
 * ids, ports, sizes and SCNs are `bigint(20)`, names `varchar(n)`, times `timestamp(6)`, CPU counts
 * `double`. Here every view declares its columns with these helpers and builds rows as records keyed
 * by column name; `recordsToRows` orders them, so a row can never drift from its header.
 *
 * Invariants: SCNs arrive as decimal strings (snapshot.ts) and leave as exact integers
 * (`number` when ≤ 2^53, else `bigint`, per common/value.ts); times arrive as µs since the epoch and
 * leave as `'YYYY-MM-DD HH:MM:SS.ffffff'` in UTC (the playground's time_zone is '+00:00').
 */
import { civilFromDays } from '../expr/temporal';
import { assert } from '../../common/assert';
import { normInt, type ColumnType, type Value } from '../../common/value';
import type { ResultColumn } from '../exec_context';

export const BIGINT: ColumnType = { kind: 'bigint' };
export const DOUBLE: ColumnType = { kind: 'double' };
export const TIMESTAMP6: ColumnType = { kind: 'timestamp', precision: 6 };
export const varchar = (length: number): ColumnType => ({ kind: 'varchar', precision: length });

/** A column of a view: `col('LS_ID', BIGINT)`. */
export function col(name: string, type: ColumnType): ResultColumn {
  return { name, type };
}

/** SCN decimal string (or number) → exact integer Value; null/'' stays NULL. */
export function scnValue(scn: string | number | bigint | null | undefined): Value {
  if (scn === null || scn === undefined || scn === '') return null;
  if (typeof scn === 'number') {
    assert(Number.isInteger(scn), `SCN must be an integer: ${scn}`);
    return scn;
  }
  return normInt(BigInt(scn));
}

/** A 64-bit integer carried as decimal text (e.g. IOPS `9223372036854775807`) → exact Value. */
export const intFromText = scnValue;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * µs since the Unix epoch → `'YYYY-MM-DD HH:MM:SS.ffffff'` (UTC), as `timestamp(6)` columns print.
 * Uses the days-from-civil inverse (Howard Hinnant's algorithm) so no `Date` global is needed.
 */
export function formatTimestampUs(us: number): string {
  assert(Number.isSafeInteger(us) && us >= 0, `timestamp µs out of range: ${us}`);
  const micros = us % 1_000_000;
  const totalSeconds = (us - micros) / 1_000_000;
  const secondOfDay = totalSeconds % 86_400;
  const days = (totalSeconds - secondOfDay) / 86_400;
  const { year, month, day } = civilFromDays(days);
  const hh = Math.floor(secondOfDay / 3600);
  const mi = Math.floor((secondOfDay % 3600) / 60);
  const ss = secondOfDay % 60;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)} ${pad(hh, 2)}:${pad(mi, 2)}:${pad(ss, 2)}.${pad(micros, 6)}`;
}

/** A timestamp column value: NULL for a missing or zero time (OceanBase shows 0 as NULL). */
export function timeValue(us: number | null | undefined): Value {
  if (us === null || us === undefined || us === 0) return null;
  return formatTimestampUs(us);
}

/**
 * Orders record fields by the view's columns. Asserts that every record has exactly the view's
 * columns (a missing or extra key is a bug in the view, not a user error).
 */
export function recordsToRows(columns: readonly ResultColumn[], records: readonly Record<string, Value>[]): Value[][] {
  const rows: Value[][] = new Array(records.length);
  for (let r = 0; r < records.length; r++) {
    const record = records[r];
    assert(Object.keys(record).length === columns.length, `view row has ${Object.keys(record).length} fields, view has ${columns.length} columns`);
    const row: Value[] = new Array(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const name = columns[c].name;
      assert(name in record, `view row lacks column ${name}`);
      row[c] = record[name];
    }
    rows[r] = row;
  }
  return rows;
}

/** Compares two strings by code unit (how varchar keys of inner tables order ASCII IPs and zones). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
