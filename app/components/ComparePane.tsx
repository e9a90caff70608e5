/**
 * The row-vs-column comparison: the same SELECT with NO_USE_COLUMN_TABLE and USE_COLUMN_TABLE,
 * side by side — the table access the plan chose, microblocks read / skipped / answered from
 * aggregates, bytes read, rows scanned, server time, rows returned — as the server reported them.
 */
import { compareFromEditor } from '../editor/editorBridge';
import { formatBytes, formatCount } from '../format/obclient';
import { formatDurationUs } from '../format/storage';
import { useCompareStore, type CompareSide } from '../state/compareStore';

const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

type Row = { label: string; value: (s: CompareSide) => string };

const ROWS: Row[] = [
  { label: 'table access (plan)', value: (s) => s.access.join(', ') || '–' },
  { label: 'store read', value: (s) => (s.result?.storageStats ? (s.result.storageStats.columnStore ? 'column store' : 'row store') : '–') },
  { label: 'microblocks read', value: (s) => num(s.result?.storageStats?.microBlocksRead) },
  { label: 'skipped by skip index', value: (s) => num(s.result?.storageStats?.microBlocksSkipped) },
  { label: 'answered from aggregates', value: (s) => num(s.result?.storageStats?.microBlocksAggregated) },
  { label: 'bytes read', value: (s) => (s.result?.storageStats ? formatBytes(s.result.storageStats.bytesRead) : '–') },
  { label: 'rows scanned', value: (s) => num(s.result?.storageStats?.rowsScanned) },
  { label: 'server time', value: (s) => (s.result ? formatDurationUs(s.result.elapsedUs) : '–') },
  { label: 'rows returned', value: (s) => (s.result ? formatCount(s.result.rowCount, 'row') : '–') },
];

function num(n: number | undefined): string {
  return n === undefined ? '–' : n.toLocaleString('en-US');
}

/** The hint a side ran with, e.g. `/*+ USE_COLUMN_TABLE(t) *\/` (the full statement in the tooltip). */
function SideHead({ title, side }: { title: string; side?: CompareSide }) {
  const hint = side ? /\/\*\+[\s\S]*?\*\//.exec(side.sql)?.[0] : undefined;
  return (
    <th title={side?.sql}>
      {title}
      {hint && <div className="hint cmp-sql">{hint}</div>}
    </th>
  );
}

export function ComparePane() {
  const c = useCompareStore();
  if (!c.sql) {
    return (
      <div className="empty" data-testid="compare-empty">
        <strong>No comparison yet.</strong> Put the cursor on a SELECT and press <b>Row vs column</b> ({MOD}+Alt+Enter): it runs with{' '}
        <code>/*+ NO_USE_COLUMN_TABLE(t) */</code> and <code>/*+ USE_COLUMN_TABLE(t) */</code> and shows what storage did for each. Tables
        created <code>WITH COLUMN GROUP(all columns, each column)</code> have both stores once a major compaction has run.{' '}
        <button className="btn small" onClick={compareFromEditor}>
          Compare the statement at the cursor
        </button>
      </div>
    );
  }
  if (c.refused) {
    return (
      <div className="empty" data-testid="compare-refused">
        <strong>Cannot compare this statement.</strong> {c.refused}
      </div>
    );
  }
  const { row, column } = c.sides;
  const same = row?.fingerprint && column?.fingerprint ? row.fingerprint === column.fingerprint : null;
  return (
    <div className="compare" data-testid="compare" data-running={c.running}>
      <div className="info-line">&gt; {c.sql}</div>
      <table className="grid cmp-grid" data-testid="compare-grid">
        <thead>
          <tr>
            <th />
            <SideHead title="Row store" side={row} />
            <SideHead title="Column store" side={column} />
          </tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td data-side="row">{row ? (row.error ? '' : r.value(row)) : c.running ? 'running…' : '–'}</td>
              <td data-side="column">{column ? (column.error ? '' : r.value(column)) : c.running ? 'running…' : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {[row, column].map((s, i) => s?.error && (
        <div key={i} className="error-message" data-testid="compare-error">
          {i === 0 ? 'Row store' : 'Column store'}: {s.error}
        </div>
      ))}
      {same !== null && (
        <div className="status-line" data-testid="compare-same">
          {same ? '✓ Both stores returned the same rows.' : '✗ The two stores returned different rows.'}
        </div>
      )}
      <div className="hint">
        Each side ran twice; the second run is shown (warm block cache). Counters come from the server&apos;s scans
        (storageStats); time is server time.
      </div>
    </div>
  );
}
