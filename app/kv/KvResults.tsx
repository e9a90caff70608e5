/**
 * The KV results pane (issue #5 item 5): a run's output in order — printed values (rows as a
 * grid like the SQL results), one line per OBKV call with its route (rowkey → partition → tablet →
 * LS → server) and its retries, the returned value, and the error with its line or the time-limit
 * stop. Clicking a route line highlights that server and LS replica on the topology panel (the
 * latest call is highlighted by default); the highlighted line is marked by shape (◆) and label.
 */
import type { KvCallTrace } from '../../engine/client/trace';
import { retryLines, routeText } from '../format/kvRoute';
import { highlightKvTrace, useKvStore, type KvOutputItem } from '../state/kvStore';
import type { KvDisplay } from '../../engine/client/kv_display';

function DisplayView({ d }: { d: KvDisplay }) {
  if (d.kind === 'text') return <pre className="kv-text">{d.text}</pre>;
  return (
    <div className="kv-table">
      <table className="grid" data-testid="kv-grid">
        <thead>
          <tr>
            {d.columns.map((c, i) => (
              <th key={i} className={d.numeric[i] ? 'num' : undefined}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {d.rows.map((r, ri) => (
            <tr key={ri}>
              {r.map((v, i) =>
                v === null ? (
                  <td key={i} className="null">
                    NULL
                  </td>
                ) : (
                  <td key={i} className={d.numeric[i] ? 'num' : undefined}>
                    {v}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="info-line">
        {d.rows.length} row{d.rows.length === 1 ? '' : 's'}
        {d.note ? ` · ${d.note}` : ''}
      </div>
    </div>
  );
}

function RouteLine({ trace, highlighted }: { trace: KvCallTrace; highlighted: boolean }) {
  const retries = retryLines(trace);
  return (
    <button
      type="button"
      className={`kv-route${highlighted ? ' highlighted' : ''}${trace.ok ? '' : ' failed'}`}
      data-testid="kv-route"
      data-server-id={trace.serverId}
      aria-pressed={highlighted}
      title={`${trace.method} on tenant ${trace.tenant}, table ${trace.table}${trace.rowkey !== null ? `, rowkey ${trace.rowkey}` : ''}\n${
        trace.cacheHit ? 'route from the location cache' : 'route refreshed from the server'
      } · ${(trace.elapsedUs / 1000).toFixed(2)} ms\nClick to show it on the cluster`}
      onClick={() => {
        highlightKvTrace(trace.seq);
        // Bring the highlighted replica (or its server) into view on the cluster panel.
        requestAnimationFrame(() =>
          document.querySelector('.chip.replica[data-kv-target="true"], .server[data-kv-target="true"]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }),
        );
      }}
    >
      <span className="mark" aria-hidden>
        {highlighted ? '◆' : '◇'}
      </span>
      <span className="call">{trace.call}</span>
      <span className="arrow"> → </span>
      <span className="route">{routeText(trace)}</span>
      {!trace.cacheHit && <span className="tag">route refreshed</span>}
      {!trace.ok && <span className="err"> · {trace.error ?? 'failed'}</span>}
      {retries.map((r, i) => (
        <span key={i} className="retry" data-testid="kv-retry">
          ↻ {r}
        </span>
      ))}
    </button>
  );
}

function Item({ item, highlightedSeq }: { item: KvOutputItem; highlightedSeq: number | null }) {
  switch (item.kind) {
    case 'print':
      return (
        <div className="kv-item kv-print" data-testid="kv-print">
          <DisplayView d={item.display} />
        </div>
      );
    case 'trace':
      return <RouteLine trace={item.trace} highlighted={item.trace.seq === highlightedSeq} />;
    case 'value':
      return (
        <div className="kv-item kv-value" data-testid="kv-value">
          <div className="label">returned</div>
          <DisplayView d={item.display} />
        </div>
      );
    case 'error':
      return (
        <div className="error-message kv-item" data-testid="kv-error" data-stopped={item.stopped}>
          {item.stopped ? '■ ' : '✕ '}
          {item.line !== null ? `line ${item.line}: ` : ''}
          {item.message}
        </div>
      );
  }
}

export function KvResults() {
  const run = useKvStore((s) => s.run);
  const dropped = useKvStore((s) => s.dropped);
  const highlightedSeq = useKvStore((s) => s.highlightedSeq);
  const calls = run ? run.items.filter((i) => i.kind === 'trace').length : 0;
  const status = !run
    ? ''
    : run.running
      ? run.stage === 'compiling'
        ? 'compiling…'
        : `running… ${calls} call${calls === 1 ? '' : 's'}`
      : `done · ${calls} call${calls === 1 ? '' : 's'}${run.elapsedMs !== null ? ` · ${Math.round(run.elapsedMs)} ms` : ''}`;
  return (
    <>
      <div className="tabs kv-results-head">
        <span className="tab" aria-selected="true">
          Output and routes
        </span>
        <span className="kv-status" data-testid="kv-status">
          {status}
        </span>
      </div>
      <div className="pane kv-results" data-testid="kv-results" data-run-seq={run?.seq ?? 0} data-running={run?.running ?? false}>
        {!run && (
          <div className="empty">
            <strong>No script run yet.</strong> Press ▶ Run (or Ctrl/Cmd+Enter) to run the script in a sandbox. Its printed values, its
            returned value and one line per OBKV call — partition → tablet → log stream → server — appear here; click a line to see
            the server on the cluster.
          </div>
        )}
        {run?.items.map((item, i) => <Item key={i} item={item} highlightedSeq={highlightedSeq} />)}
        {dropped > 0 && <div className="info-line">… {dropped.toLocaleString('en-US')} more output items not shown</div>}
        {run && !run.running && run.items.length === 0 && <div className="empty">The script finished without output.</div>}
      </div>
    </>
  );
}
