/**
 * A server that is down: why (the assertion that crashed it, or "killed from the page") and what
 * to do — Restart starts a new worker on the same OPFS directory, which recovers from its
 * checkpoint and clog and rejoins its log streams.
 */
import { restartServer } from '../host/playground';

export function ServerDown({ serverId, crashed, message }: { serverId: number; crashed: boolean; message?: string }) {
  return (
    <div className="down-box" role="status">
      <div className="why">{crashed ? 'This OBServer crashed:' : 'This OBServer is stopped:'}</div>
      {message && <div className="crash">{message}</div>}
      <button className="btn small primary" data-testid={`restart-server-${serverId}`} onClick={() => void restartServer(serverId)}>
        Restart
      </button>
      <div className="hint">Restart recovers it from its own files (checkpoint, then clog replay).</div>
    </div>
  );
}
