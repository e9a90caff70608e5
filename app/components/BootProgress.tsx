/**
 * While the cluster boots: each OBServer's boot stage and progress, as its worker reports it —
 * the servers of the deployment being booted (the user's obcluster, or a scenario's topology).
 */
import { deploymentLabel, useDeployment, useHostNodes } from '../host/hostNodes';
import { percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';

export function BootProgress() {
  const progress = useClusterStore((s) => s.progress);
  const runs = useClusterStore((s) => s.runs);
  const boot = useClusterStore((s) => s.boot);
  const error = useClusterStore((s) => s.bootError);
  const nodes = useHostNodes((s) => s.nodes);
  const deployment = useDeployment((s) => s.deployment);
  const zones = new Set(nodes.map((n) => n.zone)).size;
  const perZone = zones > 0 && nodes.length % zones === 0 ? nodes.length / zones : null;
  const shape =
    perZone === 1
      ? `${countWord(nodes.length)} OBServers, one per zone`
      : perZone !== null
        ? `${countWord(nodes.length)} OBServers, ${perZone} in each of ${zones} zones`
        : `${countWord(nodes.length)} OBServers in ${zones} zones`;
  const name = deployment.kind === 'user' ? 'obcluster' : 'the scenario cluster';
  return (
    <div className="boot" data-testid="boot-progress">
      <div>
        <strong>{boot === 'resetting' ? 'Resetting the cluster…' : boot === 'failed' ? 'The cluster did not start' : `Starting ${name}…`}</strong>
        <div className="hint" data-testid="boot-shape" title={deploymentLabel(deployment)}>
          {shape}, each in its own Web Worker with its files in OPFS {deployment.namespace}/.
        </div>
      </div>
      {error && <div className="error-message">{error}</div>}
      {nodes.map((s) => {
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

const WORDS = ['No', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];

function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}
