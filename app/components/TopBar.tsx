/**
 * The top bar: which cluster runs (yours or a scenario's) and its status, the simulated clock,
 * tenant, tutorials, sample data, share link, reset, presenter mode, theme.
 */
import { ClockControls } from './ClockControls';
import { ClusterStatus } from './ClusterStatus';
import { ResetButton } from './ResetButton';
import { SampleDataMenu } from './SampleDataMenu';
import { TenantSelector } from './TenantSelector';
import { ThemeToggle } from './ThemeToggle';
import { PresenterToggle } from '../teaching/PresenterToggle';
import { ShareButton } from '../scenario/ShareButton';
import { TutorialsMenu } from '../scenario/TutorialsMenu';
import { DeploymentBadge } from './DeploymentBadge';

export function TopBar() {
  return (
    <header className="topbar">
      <span className="brand">OceanBase Playground</span>
      <DeploymentBadge />
      <ClusterStatus />
      <ClockControls />
      <span className="spacer" />
      <TenantSelector />
      <TutorialsMenu />
      <SampleDataMenu />
      <ShareButton />
      <ResetButton />
      <PresenterToggle />
      <ThemeToggle />
    </header>
  );
}
