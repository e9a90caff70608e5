/**
 * One OBServer: address and status (shape + word: ● ACTIVE, ◌ BOOTING, ■ STOPPED, ✕ CRASHED),
 * id / SQL port / rootservice, a Kill button while it runs, and the tenants' units with their LS
 * replicas on it. A server that is down shows why and a Restart button (ServerDown); one that
 * is (re)booting shows its boot stage.
 *
 * Layout: the address and status share the first line and wrap rather than clip; Kill sits on
 * the second line, to the right of the id text, so cards in every zone line up the same way.
 */
import { stopServer } from '../host/playground';
import { OBCLUSTER_SERVERS } from '../host/clusterHost';
import { percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';
import { ServerDown } from './ServerDown';
import { TenantUnit } from './TenantUnit';

const STATUS_MARK: Record<string, string> = { ACTIVE: '●', BOOTING: '◌', STOPPED: '■', CRASHED: '✕', INACTIVE: '■' };

export function ServerCard({ serverId }: { serverId: number }) {
  const server = useClusterStore((s) => s.snapshot?.servers.find((x) => x.serverId === serverId));
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const run = useClusterStore((s) => s.runs[serverId]);
  const progress = useClusterStore((s) => s.progress[serverId]);
  const deployed = OBCLUSTER_SERVERS.find((x) => x.serverId === serverId);
  const down = run?.state === 'crashed' || run?.state === 'stopped';
  const booting = run?.state === 'booting';
  const status = down ? (run?.state === 'crashed' ? 'CRASHED' : 'STOPPED') : booting ? 'BOOTING' : (server?.status ?? 'INACTIVE');
  const svrIp = server?.svrIp ?? deployed?.svrIp ?? '?';
  return (
    <div className={`server ${down ? 'down' : ''} ${status}`} data-testid={`server-${serverId}`} data-status={status}>
      <div className="head">
        <span className="addr">
          {svrIp}:{server?.svrPort ?? 2882}
        </span>
        <span className={`state ${status}`}>
          <span aria-hidden>{STATUS_MARK[status] ?? '■'}</span> <span data-testid={`server-status-${serverId}`}>{status}</span>
        </span>
      </div>
      <div className="meta-row">
        <span className="meta">
          id&nbsp;{serverId} · SQL&nbsp;port&nbsp;{server?.sqlPort ?? 2881}
          {server?.withRootserver ? ' · rootservice' : ''}
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
      {booting && (
        <div className="server-progress">
          <div className="progress-label">
            <span>{progress?.stage ?? 'starting worker'}</span>
            <span>{percent(progress?.fraction ?? 0, 1)}%</span>
          </div>
          <ProgressBar percent={percent(progress?.fraction ?? 0, 1)} label={`server ${serverId} boot progress`} />
        </div>
      )}
      {down && <ServerDown serverId={serverId} crashed={run?.state === 'crashed'} message={run?.message} />}
      {!down &&
        !booting &&
        server &&
        (tenants ?? []).map((t) => (
          <TenantUnit key={t.tenantId} serverId={serverId} tenantId={t.tenantId} tenantName={t.tenantName} />
        ))}
    </div>
  );
}
