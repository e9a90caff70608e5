/** While the cluster boots: each OBServer's boot stage and progress, as its worker reports it. */
import { OBCLUSTER_SERVERS } from '../host/clusterHost';
import { percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';

export function BootProgress() {
  const progress = useClusterStore((s) => s.progress);
  const runs = useClusterStore((s) => s.runs);
  const boot = useClusterStore((s) => s.boot);
  const error = useClusterStore((s) => s.bootError);
  return (
    <div className="boot" data-testid="boot-progress">
      <div>
        <strong>{boot === 'resetting' ? 'Resetting the cluster…' : boot === 'failed' ? 'The cluster did not start' : 'Starting obcluster…'}</strong>
        <div className="hint">Three OBServers, one per zone, each in its own Web Worker with its files in OPFS.</div>
      </div>
      {error && <div className="error-message">{error}</div>}
      {OBCLUSTER_SERVERS.map((s) => {
        const p = progress[s.serverId];
        const pct = percent(p?.fraction ?? 0, 1);
        const run = runs[s.serverId];
        const label = `${s.svrIp}:2882 (${s.zone}): ${run?.state === 'crashed' ? `failed: ${run.message ?? ''}` : (p?.stage ?? 'starting worker')}`;
        return (
          <div className="server-progress" key={s.serverId}>
            <div className="progress-label">
              <span>{label}</span>
              <span>{pct}%</span>
            </div>
            <ProgressBar percent={pct} label={label} />
          </div>
        );
      })}
    </div>
  );
}
