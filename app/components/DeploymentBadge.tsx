/**
 * Issue #6: which cluster the page runs, for the top bar: the user's own `obcluster`, or
 * "Scenario cluster" (its title in the tooltip; the scenario pane shows it) while a scenario (tutorial, file, share link) runs in its own
 * storage namespace (the user's cluster waits untouched on disk).
 */
import { deploymentLabel, useDeployment } from '../host/hostNodes';

export function DeploymentBadge() {
  const deployment = useDeployment((s) => s.deployment);
  return (
    <span
      className={`cluster-name deployment-${deployment.kind}`}
      data-testid="deployment-name"
      data-kind={deployment.kind}
      style={deployment.kind === 'scenario' ? { color: 'var(--accent)', fontWeight: 600 } : undefined}
      title={deployment.kind === 'user' ? 'Your own cluster (kept in this browser)' : `${deployment.title ? `“${deployment.title}”: ` : ''}a scenario's own cluster in OPFS ${deployment.namespace}/ (your cluster is kept)`}
    >
      {deploymentLabel(deployment)}
    </span>
  );
}
