/**
 * One tablet: its id, LS and partition, and each server's replica of it in aligned columns
 * (replica | memtables | SSTables), so the three replicas read as one table; "LSM stack ›" opens
 * the tablet in the LSM stack view.
 */
import type { TabletLocationSnapshot } from '../../engine/server/snapshot';
import { useClusterStore } from '../state/clusterStore';
import { showLsmStack } from '../state/storageStore';
import { TabletReplicaRow } from './TabletReplicaRow';

export function TabletCard({ location }: { location: TabletLocationSnapshot }) {
  const servers = useClusterStore((s) => s.snapshot?.servers ?? []);
  const replicas = servers.flatMap((srv) =>
    srv.tablets
      .filter((t) => t.tabletId === location.tabletId && t.tenantId === location.tenantId)
      .map((t) => ({ server: srv, tablet: t, role: srv.lsReplicas.find((r) => r.tenantId === t.tenantId && r.lsId === t.lsId)?.role })),
  );
  return (
    <div className="tablet" data-testid={`tablet-${location.tabletId}`}>
      <div className="title">
        <span>
          tablet {location.tabletId} · LS {location.lsId}
          {location.partitionName ? ` · partition ${location.partitionName}` : ''}
        </span>
        <button
          className="btn small link"
          data-testid={`lsm-open-${location.tabletId}`}
          title="Draw this tablet's LSM stack: memtables, MINI, MINOR and MAJOR SSTables as layers"
          onClick={() => showLsmStack(location.tenantId, location.tabletId)}
        >
          LSM stack ›
        </button>
      </div>
      {replicas.length === 0 ? (
        <div className="hint">No server has reported a replica of this tablet yet.</div>
      ) : (
        <div className="replica-grid">
          <div className="col-head">replica</div>
          <div className="col-head">memtables</div>
          <div className="col-head">SSTables</div>
          {replicas.map((r) => (
            <TabletReplicaRow key={r.server.serverId} svrIp={r.server.svrIp} role={r.role} tablet={r.tablet} />
          ))}
        </div>
      )}
    </div>
  );
}
