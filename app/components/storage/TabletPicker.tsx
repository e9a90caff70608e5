/** Picks the LSM stack's tablet (by table and partition) and replica (by server). */
import type { TabletLocationSnapshot } from '../../../engine/server/snapshot';
import { useClusterStore } from '../../state/clusterStore';
import { pickReplica, showLsmStack } from '../../state/storageStore';
import type { ReplicaChoice } from './useTabletChoice';

const tableKey = (l: TabletLocationSnapshot) => `${l.tenantId}/${l.databaseName}.${l.tableName}`;

export function TabletPicker({ location, replicas, serverId }: { location: TabletLocationSnapshot; replicas: ReplicaChoice[]; serverId: number | null }) {
  const locations = useClusterStore((s) => s.snapshot?.tabletLocations ?? []);
  const tenants = useClusterStore((s) => s.snapshot?.tenants ?? []);
  const tables = new Map<string, TabletLocationSnapshot>();
  for (const l of locations) if (!tables.has(tableKey(l))) tables.set(tableKey(l), l);
  const partitions = locations.filter((l) => tableKey(l) === tableKey(location));
  const tenantName = (id: number) => tenants.find((t) => t.tenantId === id)?.tenantName ?? String(id);
  return (
    <div className="picker" data-testid="tablet-picker">
      <label>
        table{' '}
        <select
          className="select"
          data-testid="pick-table"
          value={tableKey(location)}
          onChange={(e) => {
            const l = tables.get(e.target.value);
            if (l) showLsmStack(l.tenantId, l.tabletId);
          }}
        >
          {[...tables.entries()].map(([key, l]) => (
            <option key={key} value={key}>
              {l.databaseName}.{l.tableName} ({tenantName(l.tenantId)})
            </option>
          ))}
        </select>
      </label>
      {partitions.length > 1 && (
        <label>
          partition{' '}
          <select className="select" data-testid="pick-partition" value={location.tabletId} onChange={(e) => showLsmStack(location.tenantId, Number(e.target.value), serverId)}>
            {partitions.map((p) => (
              <option key={p.tabletId} value={p.tabletId}>
                {p.partitionName ?? 'p0'} · tablet {p.tabletId}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="replica-pick" role="radiogroup" aria-label="Replica">
        {replicas.map((r) => (
          <button
            key={r.serverId}
            className="btn small"
            role="radio"
            aria-checked={r.serverId === serverId}
            data-testid={`pick-replica-${r.serverId}`}
            title={`The replica on ${r.svrIp} (${r.zone})${r.role ? `, ${r.role} of LS ${location.lsId}` : ''}`}
            onClick={() => pickReplica(r.serverId)}
          >
            {r.zone} · {r.svrIp} {r.role && <span className={`role-tag ${r.role}`}>{r.role === 'LEADER' ? 'L' : 'F'}</span>}
          </button>
        ))}
      </span>
    </div>
  );
}
