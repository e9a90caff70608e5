/** One zone: its OBServers as cards (from the shown snapshot, the root service's list and the host's deployment). */
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { LinkView, WorkerState } from '../format/topology';
import type { ServerRun } from '../state/clusterStore';
import { ServerCard } from './ServerCard';

export interface ZoneColumnProps {
  zone: string;
  serverIds: number[];
  snapshot: ClusterSnapshot;
  workers: Record<number, WorkerState>;
  runs: Record<number, ServerRun>;
  live: boolean;
  links: LinkView[];
  name: (serverId: number) => string;
}

export function ZoneColumn({ zone, serverIds, snapshot, workers, runs, live, links, name }: ZoneColumnProps) {
  const status = snapshot.zones.find((z) => z.zone === zone)?.status;
  return (
    <div className="zone" data-testid={`zone-${zone}`}>
      <h3>
        {zone}
        {status === 'INACTIVE' && <span className="zone-status"> ■ INACTIVE</span>}
      </h3>
      {serverIds.length === 0 && <div className="hint">No server in this zone: ALTER SYSTEM ADD SERVER … ZONE '{zone}'.</div>}
      {serverIds.map((id) => (
        <ServerCard
          key={id}
          serverId={id}
          snapshot={snapshot}
          worker={workers[id]}
          run={runs[id]}
          live={live}
          links={links.filter((l) => l.a === id || l.b === id)}
          name={name}
        />
      ))}
    </div>
  );
}
