/**
 * The cluster as the engine reports it: zones as columns, the OBServer in each, and inside each
 * server the tenants' units with their log-stream replicas (leader filled "L", follower
 * outlined "F").
 */
import { OBCLUSTER_SERVERS } from '../host/clusterHost';
import { useClusterStore } from '../state/clusterStore';
import { BootProgress } from './BootProgress';
import { ZoneColumn } from './ZoneColumn';

export function TopologyPanel() {
  const snapshot = useClusterStore((s) => s.snapshot);
  const boot = useClusterStore((s) => s.boot);
  if (!snapshot || boot !== 'ready') return <BootProgress />;
  const zones = snapshot.zones.length > 0 ? snapshot.zones.map((z) => z.zone) : [...new Set(OBCLUSTER_SERVERS.map((s) => s.zone))];
  return (
    <div className="topology-wrap">
      <div className="topology" data-testid="topology">
        {zones.map((zone) => (
          <ZoneColumn key={zone} zone={zone} />
        ))}
      </div>
      <div className="legend" aria-label="Legend">
        <span className="chip leader">
          <span className="role">L</span> leader
        </span>
        <span className="chip follower">
          <span className="role">F</span> follower
        </span>
        <span>LS = log stream (a Paxos group); chips show this server&apos;s replicas.</span>
      </div>
    </div>
  );
}
