/**
 * One zone: its OBServers as cards (from the shown snapshot, the root service's list and the host's
 * deployment), and in the live view the "+ OBServer" button (issue #4: start a node, then ALTER
 * SYSTEM ADD SERVER registers it). A node the host is starting that no snapshot reports yet shows
 * its boot progress; a running node the root service does not list shows the registering statement.
 */
import { Fragment } from 'react';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { LinkView, WorkerState } from '../format/topology';
import { useHostNodes } from '../host/hostNodes';
import type { ServerRun } from '../state/clusterStore';
import { AddServerButton, RegisterServerNote, StartingServer } from './AddServer';
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
  const nodes = useHostNodes((s) => s.nodes);
  const starting = live ? nodes.filter((n) => n.zone === zone && !serverIds.includes(n.serverId)) : [];
  const rsKnows = (id: number) => (snapshot.rsServers ?? []).some((s) => s.serverId === id);
  const unregistered = (id: number) => {
    const own = snapshot.servers.find((s) => s.serverId === id);
    return live && workers[id] === 'running' && !!own && (snapshot.rsServers?.length ?? 0) > 0 && !rsKnows(id);
  };
  return (
    <div className="zone" data-testid={`zone-${zone}`}>
      <h3>
        {zone}
        {status === 'INACTIVE' && <span className="zone-status"> ■ INACTIVE</span>}
      </h3>
      {serverIds.length === 0 && starting.length === 0 && (
        <div className="hint">No server in this zone: start one with + OBServer, then ALTER SYSTEM ADD SERVER … ZONE '{zone}'.</div>
      )}
      {serverIds.map((id) => (
        <Fragment key={id}>
          <ServerCard
            serverId={id}
            snapshot={snapshot}
            worker={workers[id]}
            run={runs[id]}
            live={live}
            links={links.filter((l) => l.a === id || l.b === id)}
            name={name}
          />
          {unregistered(id) && <RegisterServerNote info={{ serverId: id, zone, svrIp: snapshot.servers.find((s) => s.serverId === id)!.svrIp }} />}
        </Fragment>
      ))}
      {starting.map((n) => (
        <StartingServer key={n.serverId} info={n} />
      ))}
      {live && <AddServerButton zone={zone} />}
    </div>
  );
}
