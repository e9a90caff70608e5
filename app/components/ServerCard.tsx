/**
 * One OBServer: address, status (ACTIVE / CRASHED with the assertion message / …), a Restart
 * button when it is down, and the tenants' units with their LS replicas on it.
 */
import { restartServer, stopServer } from '../host/playground';
import { OBCLUSTER_SERVERS } from '../host/clusterHost';
import { useClusterStore } from '../state/clusterStore';
import { TenantUnit } from './TenantUnit';

export function ServerCard({ serverId }: { serverId: number }) {
  const server = useClusterStore((s) => s.snapshot?.servers.find((x) => x.serverId === serverId));
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const run = useClusterStore((s) => s.runs[serverId]);
  const deployed = OBCLUSTER_SERVERS.find((x) => x.serverId === serverId);
  const down = run?.state === 'crashed' || run?.state === 'stopped';
  const status = down ? (run?.state === 'crashed' ? 'CRASHED' : 'STOPPED') : run?.state === 'booting' ? 'BOOTING' : (server?.status ?? 'INACTIVE');
  const svrIp = server?.svrIp ?? deployed?.svrIp ?? '?';
  return (
    <div className={`server ${down ? 'crashed' : ''}`} data-testid={`server-${serverId}`} data-status={status}>
      <div className="head">
        <span className="addr">
          {svrIp}:{server?.svrPort ?? 2882}
        </span>
        <span className={`state ${status}`} data-testid={`server-status-${serverId}`}>
          {status}
        </span>
      </div>
      <div className="meta head">
        <span>
          id {serverId} · SQL port {server?.sqlPort ?? 2881}
          {server?.withRootserver ? ' · RS' : ''}
        </span>
        {run?.state === 'running' && (
          <button
            className="btn small"
            data-testid={`stop-server-${serverId}`}
            onClick={() => stopServer(serverId)}
            title="Kill this OBServer's process (terminate its worker, as kill -9)"
          >
            Kill
          </button>
        )}
      </div>
      {down && run?.message && <div className="crash">{run.message}</div>}
      {down && (
        <button className="btn small primary" data-testid={`restart-server-${serverId}`} onClick={() => void restartServer(serverId)}>
          Restart
        </button>
      )}
      {!down &&
        server &&
        (tenants ?? []).map((t) => (
          <TenantUnit key={t.tenantId} serverId={serverId} tenantId={t.tenantId} tenantName={t.tenantName} />
        ))}
    </div>
  );
}
