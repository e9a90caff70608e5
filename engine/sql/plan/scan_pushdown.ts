/**
 * What a table scan hands to storage (filter pushdown, OceanBase's `ObPushdownFilter`): the scan's
 * filters split into storage predicates over its requested columns (`access`, in order) and the
 * filters the SQL layer still evaluates. Shared by EXPLAIN (`pushdown_filter([...])`) and the
 * TABLE SCAN operator, so the plan shows exactly what runs. Computed from the filters at the time
 * of use, so a cached plan re-bound to new constants (plan_cache.ts) pushes what its values allow.
 */
import { splitStorageFilters, type StorageFilterSplit } from '../vector/storage_predicate';
import type { TableScanNode } from './plan';

/** True when the scan reads through storage's column interface (column store or aggregate pushdown). */
export function scansColumns(n: TableScanNode): boolean {
  return n.pushdownAgg !== undefined || (n.columnStore === true && n.range.kind !== 'get');
}

/** The scan's filters split for storage (positions are indexes into `n.access`). */
export function scanFilterSplit(n: TableScanNode): StorageFilterSplit {
  const posById = new Map<number, number>();
  n.access.forEach((c, pos) => posById.set(n.colIds[c], pos));
  return splitStorageFilters(n.filters, (id) => posById.get(id), (pos) => n.table.columns[n.access[pos]].type);
}
