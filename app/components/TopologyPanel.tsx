/**
 * The cluster as the engine reports it (issue #4 item 6): zones as columns, servers as cards,
 * inside each server the tenants' units (by unit group) with their log-stream replicas (by LS
 * group). The header holds the Network fault panel's toggle, the count of faulty links and the
 * "messages moving" toggle; above the zones the faulty links are drawn; a clicked replica's
 * details open at the bottom. When a timeline event was clicked, the whole panel shows the kept
 * snapshot at that moment under a banner (Esc returns to live).
 */
import { useMemo, useRef } from 'react';
import { useDeployment } from '../host/hostNodes';
import { setMessageTrace } from '../host/playground';
import { linkViews, zoneLayout } from '../format/topology';
import { useClusterStore } from '../state/clusterStore';
import { useNetworkStore } from '../state/networkStore';
import { useShownCluster } from '../state/shownCluster';
import { setNetworkOpen, useUiStore } from '../state/uiStore';
import { BootProgress } from './BootProgress';
import { HistoryBanner } from './HistoryBanner';
import { LinkStrip } from './LinkStrip';
import { MessageDots } from './MessageDots';
import { NetworkPanel } from './NetworkPanel';
import { ReplicaDetail } from './ReplicaDetail';
import { TopologyReadOnly } from '../embed/topologyReadOnly';
import { ZoneColumn } from './ZoneColumn';

export interface TopologyPanelProps {
  /** Issue #6 `?embed=1`: no fault controls (network panel, Kill, Restart, + OBServer). */
  readOnly?: boolean;
}

export function TopologyPanel({ readOnly = false }: TopologyPanelProps = {}) {
  const boot = useClusterStore((s) => s.boot);
  const { snapshot, workers, runs, pinned } = useShownCluster();
  const faults = useNetworkStore((s) => s.faults);
  const trace = useNetworkStore((s) => s.trace);
  const networkOpen = useUiStore((s) => s.networkOpen);
  const selected = useUiStore((s) => s.selectedReplica);
  const wrapRef = useRef<HTMLDivElement | null>(null);
  // The deployment's bootstrap servers (issue #6: a scenario's topology): a server whose worker is down keeps its card.
  const deployed = useDeployment((s) => s.deployment.servers);
  const layout = useMemo(() => (snapshot ? zoneLayout(snapshot, deployed) : []), [snapshot, deployed]);
  const links = useMemo(() => linkViews(faults), [faults]);
  if (!snapshot || (boot !== 'ready' && !pinned)) return <BootProgress />;
  const live = !pinned;
  const ipOf = new Map<number, string>();
  for (const d of deployed) ipOf.set(d.serverId, d.svrIp);
  for (const s of snapshot.rsServers ?? []) ipOf.set(s.serverId, s.svrIp);
  for (const s of snapshot.servers) ipOf.set(s.serverId, s.svrIp);
  const name = (id: number) => (ipOf.has(id) ? `server ${id} (${ipOf.get(id)})` : `server ${id}`);
  const servers = layout.flatMap((z) => z.serverIds.map((serverId) => ({ serverId, zone: z.zone })));
  const layoutKey = `${layout.map((z) => `${z.zone}:${z.serverIds.join(',')}`).join('|')}@${snapshot.takenAtUs}`;
  return (
    <TopologyReadOnly.Provider value={readOnly}>
      <div className={`topology-wrap${readOnly ? ' read-only' : ''}`} ref={wrapRef} data-read-only={readOnly ? 'true' : undefined}>
        <div className="topology-head">
          {!readOnly && (
            <button
              className="btn small"
              data-testid="network-toggle"
              aria-expanded={networkOpen}
              onClick={() => setNetworkOpen(!networkOpen)}
              title="Cut, delay or drop messages between servers or zones"
            >
              ⇄ Network…
            </button>
          )}
          {links.length > 0 && (
            <span className="fault-count" data-testid="fault-count">
              ✂ {links.length === 1 ? '1 faulty link' : `${links.length} faulty links`}
            </span>
          )}
          <label className="trace-toggle" title="Show messages between servers as moving dots (like RaftScope)">
            <input type="checkbox" data-testid="message-trace" checked={trace} onChange={(e) => void setMessageTrace(e.target.checked)} /> messages
            moving
          </label>
          {trace && live && <MessageDots wrapRef={wrapRef} />}
        </div>
        {pinned && <HistoryBanner pinned={pinned} />}
        {networkOpen && live && !readOnly && <NetworkPanel servers={servers} zones={layout.map((z) => z.zone)} name={name} />}
        <LinkStrip links={live ? links : []} wrapRef={wrapRef} layoutKey={layoutKey} />
        <div className="topology" data-testid="topology" style={{ ['--zones' as string]: Math.max(1, layout.length) }}>
          {layout.map((z) => (
            <ZoneColumn
              key={z.zone}
              zone={z.zone}
              serverIds={z.serverIds}
              snapshot={snapshot}
              workers={workers}
              runs={runs}
              live={live}
              links={live ? links : []}
              name={name}
            />
          ))}
        </div>
        {selected && <ReplicaDetail at={selected} snapshot={snapshot} name={name} />}
        <Legend />
      </div>
    </TopologyReadOnly.Provider>
  );
}

function Legend() {
  return (
    <div className="legend" aria-label="Legend">
      <span className="chip replica leader">
        <span className="role">L</span> leader
      </span>
      <span className="chip replica follower">
        <span className="role">F</span> follower
      </span>
      <span className="chip replica learner">
        <span className="role">Ln</span> learner
      </span>
      <span className="chip replica candidate">
        <span className="role">?</span> electing
      </span>
      <span>
        <span className="rtype">F</span>/<span className="rtype">R</span>/<span className="rtype">C</span> replica type (full, read-only,
        columnstore)
      </span>
      <span>c / a = committed / applied LSN (log entries)</span>
      <span>LS = log stream (a Paxos group). Click a replica for its details.</span>
    </div>
  );
}
