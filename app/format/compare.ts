/**
 * Reading the row-vs-column comparison's answers: the table-access operators of an EXPLAIN (as
 * the server printed them) and a digest of a result's rows, to tell whether both stores
 * returned the same rows.
 */
import type { WireResult } from '../../engine/server/api';

/** The table-access lines of a plan (`TABLE FULL SCAN lineitem`, `COLUMN TABLE FULL SCAN t`). */
export function accessOperators(plan: WireResult): string[] {
  const out: string[] = [];
  for (const [line] of plan.rows) {
    const cells = (line ?? '').split('|').map((c) => c.trim());
    // `|1 |└─TABLE FULL SCAN|t1 |1 |2 |` → ['', '1', '└─TABLE FULL SCAN', 't1', ...]
    if (cells.length < 4 || !/^\d+$/.test(cells[1])) continue;
    const operator = cells[2].replace(/^[\s│├└─]+/u, '');
    if (/TABLE (FULL SCAN|RANGE SCAN|GET|SCAN)/.test(operator)) out.push(cells[3] ? `${operator} ${cells[3]}` : operator);
  }
  return out;
}

/** A digest of a result's rows (equal rows, equal digest), to tell whether both sides agree. */
export function rowsFingerprint(rows: (string | null)[][]): string {
  let h = 0x811c9dc5;
  const text = JSON.stringify(rows);
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${rows.length}:${(h >>> 0).toString(16)}`;
}

