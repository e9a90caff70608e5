/** One zone: its OBServers (from the snapshot; the host's deployment for servers that are down). */
import { OBCLUSTER_SERVERS } from '../host/clusterHost';
import { useClusterStore } from '../state/clusterStore';
import { ServerCard } from './ServerCard';

export function ZoneColumn({ zone }: { zone: string }) {
  const ids = useClusterStore((s) => {
    const fromSnapshot = (s.snapshot?.servers ?? []).filter((x) => x.zone === zone).map((x) => x.serverId);
    const deployed = OBCLUSTER_SERVERS.filter((x) => x.zone === zone).map((x) => x.serverId);
    return [...new Set([...fromSnapshot, ...deployed])].sort((a, b) => a - b).join(',');
  });
  return (
    <div className="zone" data-testid={`zone-${zone}`}>
      <h3>{zone}</h3>
      {ids.split(',').filter(Boolean).map((id) => (
        <ServerCard key={id} serverId={Number(id)} />
      ))}
    </div>
  );
}
