/**
 * Who served a weak read (issue #4): one line per log stream under the result, e.g.
 * "weak read: LS 1001 served by follower 10.0.0.2 (zone2), 120 ms stale". Shown only when the
 * statement read WEAK (a route is weak, or a weak read fell back to the leader: `note`); strong
 * reads stay silent, as obclient prints nothing about them.
 */
import type { ReadRoute } from '../../engine/server/api';
import { readRouteText, shownReadRoutes } from '../../engine/common/result_notes';

export { readRouteText };

export function ReadRouteLine({ routes }: { routes: ReadRoute[] }) {
  const shown = shownReadRoutes(routes);
  if (shown.length === 0) return null;
  return (
    <div className="info-line read-routes" data-testid="read-routes" title="Which replica answered each log stream's weak read, and how stale its snapshot was">
      {shown.map((r) => (
        <div key={`${r.lsId}/${r.serverId}`}>{readRouteText(r)}</div>
      ))}
    </div>
  );
}
