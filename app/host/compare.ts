/**
 * "Compare row vs column": runs one SELECT with `/*+ NO_USE_COLUMN_TABLE(t) *\/` and with
 * `/*+ USE_COLUMN_TABLE(t) *\/` in the console's session and keeps, per side, what the server
 * reported: the EXPLAIN's table-access operators, then the statement run twice — the second run
 * is the one shown (both sides measured with a warm block cache) — with its storage counters
 * (`WireResult.storageStats`) and server time.
 */
import type { ExecuteReply } from '../../engine/server/api';
import { accessOperators, rowsFingerprint } from '../format/compare';
import { errorLine } from '../format/obclient';
import { withColumnStoreHint } from '../sql/columnHints';
import {
  beginCompare, finishCompare, refuseCompare, setCompareSide, useCompareStore, type CompareSide, type CompareSideName,
} from '../state/compareStore';
import { isPlan, setTab } from '../state/sqlStore';
import { refreshSnapshot, runQuiet } from './playground';

function sideOf(sql: string, reply: ExecuteReply): CompareSide {
  const plan = reply.results.find((r) => isPlan(r.columns.map((c) => c.name)));
  const access = plan ? accessOperators(plan) : [];
  if (reply.error) return { sql, access, error: errorLine(reply.error) };
  const measured = reply.results[reply.results.length - 1];
  const { rows, ...rest } = measured;
  return { sql, access, result: { ...rest, rowCount: rows.length }, fingerprint: rowsFingerprint(rows) };
}

/**
 * Compares `sql` (one SELECT over one or more tables) on the row store and the column store and
 * shows the outcome in the Compare tab. Resolves when both sides have run.
 */
export async function compareRowColumn(sql: string): Promise<void> {
  const sides: [CompareSideName, string | null][] = [
    ['row', withColumnStoreHint(sql, false)],
    ['column', withColumnStoreHint(sql, true)],
  ];
  setTab('compare');
  if (sides.some(([, s]) => s === null)) {
    refuseCompare(sql, 'Compare needs one SELECT that reads a table, e.g. SELECT SUM(c2) FROM t WHERE c1 > 10;');
    return;
  }
  const seq = beginCompare(sql);
  try {
    for (const [name, hinted] of sides) {
      const text = hinted!;
      try {
        const reply = await runQuiet(`EXPLAIN ${text}\n${text}\n${text}`);
        setCompareSide(seq, name, sideOf(text, reply));
      } catch (e) {
        setCompareSide(seq, name, { sql: text, access: [], error: e instanceof Error ? e.message : String(e) });
      }
    }
  } finally {
    finishCompare(seq);
    void refreshSnapshot();
  }
}

/** The comparison now shown (for automation). */
export function compareState() {
  return useCompareStore.getState();
}
