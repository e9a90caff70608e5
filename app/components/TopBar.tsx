/** The top bar: cluster name and status, the simulated clock, tenant, sample data, reset, theme. */
import { useClusterStore } from '../state/clusterStore';
import { ClockControls } from './ClockControls';
import { ClusterStatus } from './ClusterStatus';
import { ResetButton } from './ResetButton';
import { SampleDataMenu } from './SampleDataMenu';
import { TenantSelector } from './TenantSelector';
import { ThemeToggle } from './ThemeToggle';

export function TopBar() {
  const clusterName = useClusterStore((s) => s.snapshot?.clusterName ?? 'obcluster');
  return (
    <header className="topbar">
      <span className="brand">OceanBase Playground</span>
      <span className="cluster-name" title="Cluster name">
        {clusterName}
      </span>
      <ClusterStatus />
      <ClockControls />
      <span className="spacer" />
      <TenantSelector />
      <SampleDataMenu />
      <ResetButton />
      <ThemeToggle />
    </header>
  );
}
