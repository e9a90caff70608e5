/** A tenant's unit on one server, with that server's replicas of the tenant's log streams. */
import { formatBytes } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { LsReplicaChip } from './LsReplicaChip';

export function TenantUnit({ serverId, tenantId, tenantName }: { serverId: number; tenantId: number; tenantName: string }) {
  const replicas = useClusterStore((s) => s.snapshot?.servers.find((x) => x.serverId === serverId)?.lsReplicas);
  const unit = useClusterStore((s) => s.snapshot?.units.find((u) => u.tenantId === tenantId && u.serverId === serverId));
  const config = useClusterStore((s) => (unit ? s.snapshot?.unitConfigs.find((c) => c.unitConfigId === unit.unitConfigId) : undefined));
  const mine = (replicas ?? []).filter((r) => r.tenantId === tenantId).sort((a, b) => a.lsId - b.lsId);
  if (mine.length === 0 && !unit) return null;
  return (
    <div className="unit" data-testid={`unit-${tenantId}-${serverId}`}>
      <div className="tenant">
        <b>{tenantName}</b> ({tenantId})
        {/* Non-breaking spaces keep each number with its unit when the line wraps. */}
        {unit && ` · unit\u00a0${unit.unitId}`}
        {config && ` · ${config.maxCpu}\u00a0CPU, ${formatBytes(config.memorySize).replace(' ', '\u00a0')}`}
      </div>
      <div className="chips">
        {mine.map((r) => (
          <LsReplicaChip key={r.lsId} replica={r} serverId={serverId} />
        ))}
      </div>
    </div>
  );
}
