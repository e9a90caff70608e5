/**
 * Row expiry of OBKV TTL tables (reference obkv-apis §1.10; OceanBase's `ObTableTTLChecker`):
 * a table created with `TTL(col + INTERVAL n unit)` treats a row as expired once
 * `col + interval <= now` (server clock, DATETIME/TIMESTAMP text in UTC); a NULL column never
 * expires. Reads skip expired rows at once; writes treat them as missing; the background task
 * (ttl_task.ts) deletes them physically.
 *
 * Instead of adding the interval to every row, a request computes the threshold `now - interval`
 * once, as canonical text with 6 fractional digits: the row is expired iff its column text is
 * <= that threshold (canonical temporal text orders as time, and a shorter text with fewer
 * fractional digits compares as the same instant or earlier).
 */
import type { Value } from '../common/value';
import { datetimeTextOfUs } from '../sql/dml/defaults';
import { addMonths, formatDatetimeParts, partsFromEpochUs } from '../sql/expr/temporal';
import type { TableMeta } from './table_meta';

/** A request's expiry test: true when the full-width row is expired. */
export type ExpiryTest = (row: readonly Value[]) => boolean;

/** The expiry test of `meta`'s table at `nowUs` (µs since the epoch), or null for a non-TTL table. */
export function expiryTest(meta: TableMeta, nowUs: number): ExpiryTest | null {
  const ttl = meta.ttl;
  if (!ttl) return null;
  let threshold: string;
  if (ttl.months > 0) {
    const p = addMonths(partsFromEpochUs(nowUs), -ttl.months);
    threshold = p ? formatDatetimeParts(p, 6) : '0000-01-01 00:00:00.000000';
  } else {
    threshold = datetimeTextOfUs(nowUs - ttl.intervalUs, 6);
  }
  const i = ttl.columnIndex;
  return (row) => {
    const v = row[i];
    return v !== null && String(v) <= threshold;
  };
}
