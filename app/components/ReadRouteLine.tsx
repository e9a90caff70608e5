/**
 * Who served a weak read (issue #4): one line per log stream under the result, e.g.
 * "weak read: LS 1001 served by follower 10.0.0.2 (zone2), 120 ms stale". Shown only when the
 * statement read WEAK (a route is weak, or a weak read fell back to the leader: `note`); strong
 * reads stay silent, as obclient prints nothing about them.
 */
import type { ReadRoute } from '../../engine/server/api';

const ROLE_TEXT: Record<ReadRoute['replicaType'], string> = { FULL: 'follower', READONLY: 'read-only replica', COLUMNSTORE: 'column-store replica' };

/** "120 ms", "2.4 s". */
function staleText(us: number): string {
  return us < 1_000_000 ? `${Math.round(us / 1000)} ms` : `${(us / 1_000_000).toFixed(1)} s`;
}

/** The text of one route (exported for tests and the shell). */
export function readRouteText(r: ReadRoute): string {
  const where = `${r.svrIp}${r.zone ? ` (${r.zone})` : ''}`;
  const who = r.role === 'LEADER' ? 'leader' : ROLE_TEXT[r.replicaType];
  const stale = r.staleUs !== undefined ? `, ${staleText(r.staleUs)} stale` : '';
  const how = r.weak ? `served by ${who} ${where}${stale}` : `fell back to the ${who} ${where} (strong read)`;
  return `weak read: LS ${r.lsId} ${how}${r.note ? ` — ${r.note}` : ''}`;
}

export function ReadRouteLine({ routes }: { routes: ReadRoute[] }) {
  const shown = routes.filter((r) => r.weak || r.note !== undefined);
  if (shown.length === 0) return null;
  return (
    <div className="info-line read-routes" data-testid="read-routes" title="Which replica answered each log stream's weak read, and how stale its snapshot was">
      {shown.map((r) => (
        <div key={`${r.lsId}/${r.serverId}`}>{readRouteText(r)}</div>
      ))}
    </div>
  );
}
