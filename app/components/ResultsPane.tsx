/**
 * Each statement's outcome as obclient shows it: its rows in a grid, then the status line and
 * the storage counters of its scans (microblocks read and skipped); then the error of the
 * statement that failed (later statements did not run).
 */
import { errorLine, statusLine } from '../format/obclient';
import { isPlan, useSqlStore } from '../state/sqlStore';
import { ResultGrid } from './ResultGrid';
import { ReadRouteLine } from './ReadRouteLine';
import { StorageStatsLine } from './StorageStatsLine';

const SAMPLE_DATA_CALL = /\bcall\s+(?:\w+\.)?load_sample_data\b/i;

export function ResultsPane() {
  const run = useSqlStore((s) => s.run);
  if (!run) {
    return (
      <div className="empty" data-testid="results">
        <strong>No results yet.</strong> Write SQL above and press Ctrl/Cmd+Enter (or ▶ Run). Try{' '}
        <code>SHOW DATABASES;</code> or load a sample dataset from the top bar.
      </div>
    );
  }
  const reply = run.reply;
  return (
    <div data-testid="results">
      {run.running && (
        <div className="empty running" data-testid="running">
          <strong>Running…</strong> <code className="running-sql">{run.sql.length > 160 ? `${run.sql.slice(0, 160)}…` : run.sql}</code>
          {SAMPLE_DATA_CALL.test(run.sql) && <div>Loading sample data: the progress bar in the top bar follows each table.</div>}
        </div>
      )}
      {reply?.results.map((r, i) => (
        <div className="result-block" key={i}>
          {reply.results.length > 1 && <div className="stmt">{r.sql}</div>}
          {r.kind === 'rows' && r.rows.length > 0 && (isPlan(r.columns.map((c) => c.name)) ? <pre className="plan">{r.rows.map((x) => x[0]).join('\n')}</pre> : <ResultGrid result={r} />)}
          <div className="status-line" data-testid="status-line">
            {statusLine(r)}
          </div>
          {r.info && <div className="info-line">{r.info}</div>}
          {r.storageStats && <StorageStatsLine stats={r.storageStats} />}
          {r.readRoutes && <ReadRouteLine routes={r.readRoutes} />}
        </div>
      ))}
      {reply?.error && (
        <div className="error-message" data-testid="error-message" role="alert">
          {errorLine(reply.error)}
        </div>
      )}
      {run.hostError && (
        <div className="error-message" data-testid="error-message" role="alert">
          {run.hostError}
        </div>
      )}
    </div>
  );
}
