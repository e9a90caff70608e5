/**
 * Table-level optimizer hints of a query block (OceanBase's `ObQueryHint` / `ObTableHint`):
 * `/*+ USE_COLUMN_TABLE(t) *\/` and `/*+ NO_USE_COLUMN_TABLE(t) *\/` choose the column or the row
 * store of a hybrid table (reference §4.9). A hint names a table by its alias in the block
 * (optionally `db.t`, optionally after a query block name `@qb`); unknown names and other hints
 * are ignored, as OceanBase ignores hints it cannot apply.
 */
import type { PlanNode } from '../plan/plan';

const COLUMN_TABLE_HINT = /\b(NO_)?USE_COLUMN_TABLE\s*\(([^)]*)\)/gi;

/** Table alias (lower case) → true for USE_COLUMN_TABLE, false for NO_USE_COLUMN_TABLE (last wins). */
export function columnTableHints(text: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const m of text.matchAll(COLUMN_TABLE_HINT)) {
    const use = m[1] === undefined;
    for (const raw of m[2].split(/[\s,]+/)) {
      if (raw === '' || raw.startsWith('@')) continue;
      const name = raw.replace(/[`"']/g, '').split('.').pop()!.toLowerCase();
      if (name !== '') out.set(name, use);
    }
  }
  return out;
}

/**
 * The FROM plan of a query block with its column-table hints set on the scans they name
 * (`columnHint`). Walks joins only: a derived table is a block of its own with its own hints.
 */
export function applyTableHints(plan: PlanNode, hintText: string | undefined): PlanNode {
  if (hintText === undefined || hintText === '') return plan;
  const hints = columnTableHints(hintText);
  if (hints.size === 0) return plan;
  const go = (n: PlanNode): PlanNode => {
    if (n.kind === 'tableScan') {
      const h = hints.get(n.alias.toLowerCase());
      return h === undefined ? n : { ...n, columnHint: h };
    }
    if (n.kind === 'join') return { ...n, left: go(n.left), right: go(n.right) };
    return n;
  };
  return go(plan);
}
