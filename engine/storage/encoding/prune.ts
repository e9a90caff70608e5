/**
 * Skip-index pruning (OceanBase's `ObSkipIndexFilterExecutor`): decides from min/max/NULL-count
 * aggregates whether any row of a microblock, macroblock or SSTable can pass a storage predicate.
 * Conservative by construction: answers false only when no row can pass.
 */
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnStats, StoragePredicate } from './types';
import { compareInClass } from './compare';

function inRange(c: Value, s: ColumnStats, cls: ColumnClass): boolean {
  return c !== null && compareInClass(c, s.min, cls) >= 0 && compareInClass(c, s.max, cls) <= 0;
}

/**
 * False only when no row summarised by `stats` can pass `pred` (`pred.column` is ignored).
 * IS NULL uses the NULL count; comparisons, IN and BETWEEN use min and max of the non-NULL rows.
 */
export function predicateMayMatch(stats: ColumnStats, pred: StoragePredicate, cls: ColumnClass): boolean {
  if (stats.rowCount <= 0) return false;
  if (pred.op === 'is_null') return stats.nullCount > 0;
  const nonNull = stats.rowCount - stats.nullCount;
  if (pred.op === 'is_not_null') return nonNull > 0;
  if (nonNull <= 0 || stats.min === null || stats.max === null) return false;
  const { min, max } = stats;
  switch (pred.op) {
    case 'in':
      return pred.values.some((c) => inRange(c, stats, cls));
    case 'between':
      if (pred.low === null || pred.high === null) return false;
      return compareInClass(max, pred.low, cls) >= 0 && compareInClass(min, pred.high, cls) <= 0 && compareInClass(pred.low, pred.high, cls) <= 0;
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const c = pred.value;
      if (c === null) return false;
      switch (pred.op) {
        case '=':
          return inRange(c, stats, cls);
        case '<>':
          return !(compareInClass(min, c, cls) === 0 && compareInClass(max, c, cls) === 0);
        case '<':
          return compareInClass(min, c, cls) < 0;
        case '<=':
          return compareInClass(min, c, cls) <= 0;
        case '>':
          return compareInClass(max, c, cls) > 0;
        case '>=':
          return compareInClass(max, c, cls) >= 0;
      }
    }
  }
}
