/** The cluster's boot state as a pill: `booting 40%`, `ready`, `resetting`, `failed`. */
import { useClusterStore } from '../state/clusterStore';

export function ClusterStatus() {
  const boot = useClusterStore((s) => s.boot);
  const error = useClusterStore((s) => s.bootError);
  const fraction = useClusterStore((s) => {
    const values = Object.values(s.progress);
    return values.length ? values.reduce((a, p) => a + p.fraction, 0) / values.length : 0;
  });
  return (
    <span className={`status-pill ${boot}`} title={error ?? 'Cluster status'}>
      <span className="dot" aria-hidden />
      <span data-testid="cluster-status">{boot}</span>
      {boot === 'booting' && <span>{Math.round(fraction * 100)}%</span>}
    </span>
  );
}
