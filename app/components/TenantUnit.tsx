/**
 * A tenant's unit on one server: the tenant (name, tenant id), its unit and unit config
 * (CPU, memory), and that server's replicas of the tenant's log streams as chips.
 * Two short lines instead of one long one, so narrow cards wrap at the separators, never inside
 * a number and its unit.
 */
import { formatBytes } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { LsReplicaChip } from './LsReplicaChip';

/** Keeps a number with its unit on one line. */
const nb = (s: string) => s.replace(/ /g, '\u00a0');

export function TenantUnit({ serverId, tenantId, tenantName }: { serverId: number; tenantId: number; tenantName: string }) {
  const replicas = useClusterStore((s) => s.snapshot?.servers.find((x) => x.serverId === serverId)?.lsReplicas);
  const unit = useClusterStore((s) => s.snapshot?.units.find((u) => u.tenantId === tenantId && u.serverId === serverId));
  const config = useClusterStore((s) => (unit ? s.snapshot?.unitConfigs.find((c) => c.unitConfigId === unit.unitConfigId) : undefined));
  const mine = (replicas ?? []).filter((r) => r.tenantId === tenantId).sort((a, b) => a.lsId - b.lsId);
  if (mine.length === 0 && !unit) return null;
  return (
    <div className="unit" data-testid={`unit-${tenantId}-${serverId}`}>
      <div className="tenant">
        <b>{tenantName}</b> <span className="dim">{nb(`tenant ${tenantId}`)}</span>
      </div>
      {(unit || config) && (
        <div className="unit-line">
          {unit && nb(`unit ${unit.unitId}`)}
          {config && ` · ${nb(`${config.maxCpu} CPU`)} · ${nb(formatBytes(config.memorySize))}`}
        </div>
      )}
      <div className="chips">
        {mine.map((r) => (
          <LsReplicaChip key={r.lsId} replica={r} serverId={serverId} />
        ))}
      </div>
    </div>
  );
}
