/**
 * One OBServer (issue #4): address and status shown by shape and word (● ACTIVE, ◐ INACTIVE,
 * ■ STOPPED, ✕ CRASHED, ◌ BOOTING, ▽ DELETING — the border changes too), id / SQL port, a
 * "★ RS" badge on the root service's server, Kill while its worker runs, the network faults on
 * its links, and the tenants' units with their LS replicas (TenantUnit). A server that is down
 * shows why and a Restart button (ServerDown); one that is (re)booting shows its boot stage.
 * In a past moment (timeline click) the card shows that moment and offers no actions; neither
 * does a read-only topology (issue #6 `?embed=1`).
 */
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import { useContext } from 'react';
import { useHostNodes } from '../host/hostNodes';
import { killServer } from '../host/playground';
import { TopologyReadOnly } from '../embed/topologyReadOnly';
import { percent } from '../format/obclient';
import { describeLinkEffect, serverStatus, STATUS_MARK, tenantsOnServer, type LinkView, type WorkerState } from '../format/topology';
import { useClusterStore, type ServerRun } from '../state/clusterStore';
import { useUiStore } from '../state/uiStore';
import { queueLabel, queueTitle } from '../format/requestQueue';
import { ProgressBar } from './ProgressBar';
import { ServerDown } from './ServerDown';
import { TenantUnit } from './TenantUnit';

export interface ServerCardProps {
  serverId: number;
  snapshot: ClusterSnapshot;
  worker: WorkerState | undefined;
  run: ServerRun | undefined;
  /** False when showing a past moment: no Kill / Restart. */
  live: boolean;
  /** Faulty links touching this server. */
  links: LinkView[];
  name: (serverId: number) => string;
}

export function ServerCard({ serverId, snapshot, worker, run, live, links, name }: ServerCardProps) {
  const server = snapshot.servers.find((x) => x.serverId === serverId);
  const rs = snapshot.rsServers?.find((x) => x.serverId === serverId);
  const progress = useClusterStore((s) => (live ? s.progress[serverId] : undefined));
  const deployed = useHostNodes((s) => s.nodes.find((x) => x.serverId === serverId));
  // Issue #6 embed: a read-only topology offers no Kill / Restart.
  const readOnly = useContext(TopologyReadOnly);
  // A node the host runs but the root service does not list yet (before ALTER SYSTEM ADD SERVER).
  const registered = !snapshot.rsServers || snapshot.rsServers.length === 0 || rs !== undefined;
  const { status, rsNote } = serverStatus(worker, server, rs, registered);
  const down = worker === 'crashed' || worker === 'stopped';
  const booting = worker === 'booting';
  const rootService = snapshot.rootServerId !== undefined && snapshot.rootServerId !== null ? snapshot.rootServerId === serverId : !!server?.withRootserver;
  const svrIp = server?.svrIp ?? rs?.svrIp ?? deployed?.svrIp ?? '?';
  const tenants = server && !down && !booting ? tenantsOnServer(snapshot, serverId) : [];
  // Issue #5: the server the highlighted KV call went to (shape: double outline; label: ◆ KV).
  const kvCall = useUiStore((s) => (live && s.routeHighlight?.serverId === serverId ? s.routeHighlight.label : null));
  const queue = server?.requestQueue;
  return (
    <div
      className={`server ${down ? 'down' : ''} ${status}${kvCall ? ' kv-target' : ''}`}
      data-testid={`server-${serverId}`}
      data-status={status}
      data-server-id={serverId}
      data-kv-target={kvCall ? 'true' : undefined}
    >
      <div className="head">
        <span className="addr">
          {svrIp}:{server?.svrPort ?? rs?.svrPort ?? 2882}
        </span>
        <span className={`state ${status}`}>
          <span aria-hidden>{STATUS_MARK[status]}</span> <span data-testid={`server-status-${serverId}`}>{status}</span>
        </span>
      </div>
      <div className="meta-row">
        <span className="meta">
          id&nbsp;{serverId} · SQL&nbsp;port&nbsp;{server?.sqlPort ?? 2881}
          {rootService && (
            <>
              {' '}
              <span className="rs-badge" data-testid={`rs-badge-${serverId}`} title="Root service (RS) runs here: the sys tenant's LS 1 leader">
                ★&nbsp;RS
              </span>
            </>
          )}
        </span>
        {live && !readOnly && worker === 'running' && (
          <button
            className="btn small"
            data-testid={`stop-server-${serverId}`}
            onClick={() => void killServer(serverId)}
            title="Kill this OBServer's process (terminate its worker, as kill -9)"
          >
            Kill
          </button>
        )}
      </div>
      {(kvCall || (queue && !down && !booting)) && (
        <div className="queue-row">
          {queue && !down && !booting ? (
            <span className={`queue${queue.active > 0 ? ' busy' : ''}${queue.rejected > 0 ? ' rejected' : ''}`} data-testid={`queue-${serverId}`} title={queueTitle(queue)}>
              {queueLabel(queue)}
            </span>
          ) : (
            <span />
          )}
          {kvCall && (
            <span className="kv-badge" data-testid={`kv-badge-${serverId}`} title={`The highlighted KV call went here: ${kvCall}`}>
              ◆&nbsp;KV
            </span>
          )}
        </div>
      )}
      {rsNote && <div className="rs-note">{rsNote}</div>}
      {links.length > 0 && (
        <ul className="server-links" aria-label="Network faults on this server's links">
          {links.map((l) => {
            const other = l.a === serverId ? l.b : l.a;
            const arrow = l.oneWay ? (l.a === serverId ? '→' : '←') : '⇄';
            return (
              <li key={`${l.a}-${l.b}-${l.oneWay}`}>
                {describeLinkEffect(l)} {arrow} {name(other)}
              </li>
            );
          })}
        </ul>
      )}
      {live && booting && (
        <div className="server-progress">
          <div className="progress-label">
            <span>{progress?.stage ?? 'starting worker'}</span>
            <span>{percent(progress?.fraction ?? 0, 1)}%</span>
          </div>
          <ProgressBar percent={percent(progress?.fraction ?? 0, 1)} label={`server ${serverId} boot progress`} />
        </div>
      )}
      {down && (live && !readOnly ? <ServerDown serverId={serverId} crashed={worker === 'crashed'} message={run?.message} /> : <div className="hint">{live ? 'Its worker is down.' : 'Its worker was down at this moment.'}</div>)}
      {!down && !booting && !server && (
        <div className="hint empty-server">
          No report from this server in this snapshot{status === 'INACTIVE' ? ': the root service lost its heartbeats (a cut link?)' : ''}.
        </div>
      )}
      {tenants.map((t) => (
        <TenantUnit key={t.tenantId} tenant={t} serverId={serverId} snapshot={snapshot} takenAtUs={server?.takenAtUs ?? snapshot.takenAtUs} />
      ))}
    </div>
  );
}
