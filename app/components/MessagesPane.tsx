/** The last run as obclient's console would print it: each statement, its status or error. */
import { errorLine, statusLine } from '../format/obclient';
import { useSqlStore } from '../state/sqlStore';

export function MessagesPane() {
  const run = useSqlStore((s) => s.run);
  if (!run) {
    return (
      <div className="empty">
        <strong>No messages yet.</strong> Each statement you run is listed here with its status line, warnings or error
        (run SQL with Ctrl/Cmd+Enter).
      </div>
    );
  }
  const reply = run.reply;
  return (
    <div className="messages" data-testid="messages">
      {run.serverId !== undefined && <div className="info-line">-- ran on server {run.serverId}</div>}
      {reply?.results.map((r, i) => (
        <div key={i}>
          <div className="info-line">&gt; {r.sql}</div>
          <div>{statusLine(r)}</div>
          {r.info && <div className="info-line">{r.info}</div>}
        </div>
      ))}
      {reply?.error && (
        <div>
          <div className="info-line">&gt; {reply.error.sql}</div>
          <div className="error-message">{errorLine(reply.error)}</div>
        </div>
      )}
      {run.hostError && <div className="error-message">{run.hostError}</div>}
    </div>
  );
}
