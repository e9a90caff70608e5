/**
 * Rule: which store a table scan reads (OceanBase V4.3 column store, reference §4.9). A table
 * created `WITH COLUMN GROUP(each column)` keeps its baseline as one SSTable per column; with
 * `(all columns, each column)` (hybrid) it keeps both a row baseline and column baselines.
 *
 * - row store (`all columns`): the row SSTables, always;
 * - pure column store: the column groups, unless `/*+ NO_USE_COLUMN_TABLE(t) *\/`;
 * - hybrid: `/*+ USE_COLUMN_TABLE(t) *\/` → columns, `/*+ NO_USE_COLUMN_TABLE(t) *\/` → rows;
 *   without a hint the column groups when the scan reads fewer than half the table's columns,
 *   and the row store for point gets (OceanBase's FAQ: "by default, the columnstore mode is used
 *   for range scans and the rowstore mode is used for point get queries").
 * EXPLAIN names such scans `COLUMN TABLE FULL SCAN`, `COLUMN TABLE RANGE SCAN`, `COLUMN TABLE GET`.
 * Runs after prune_columns (the access list is final) and scan_access (the range kind is known).
 */
import { transformUp, type TableScanNode } from '../plan/plan';
import type { Rule } from './rule';

/** True when scan `n` reads the column groups of its table (see the module comment). */
export function readsColumnStore(n: TableScanNode): boolean {
  const format = n.table.options.storeFormat;
  if (format === 'row' || n.columnHint === false) return false;
  if (format === 'column' || n.columnHint === true) return true;
  if (n.range.kind === 'get') return false;
  const visible = n.table.columns.filter((c) => !c.hidden).length;
  return n.access.length * 2 < visible;
}

export const columnStoreRule: Rule = {
  name: 'column_store',
  apply(plan) {
    return transformUp(plan, (n) => (n.kind === 'tableScan' ? { ...n, columnStore: readsColumnStore(n) } : n));
  },
};
