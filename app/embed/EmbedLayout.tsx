/**
 * Issue #6 `?embed=1`: the compact read-only layout for iframes in docs pages — a slim bar (which
 * cluster, its status, "Open in playground ↗" to the same URL without `embed=1` in a new tab),
 * the link banner, the scenario pane (passed in as `children` by main.tsx; an empty state
 * without one) and the topology without fault controls. It needs no cross-origin isolation (no
 * SharedArrayBuffer anywhere), and always runs a scenario namespace, never the user's cluster.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { ClusterStatus } from '../components/ClusterStatus';
import { DeploymentBadge } from '../components/DeploymentBadge';
import { LinkBanner } from '../components/LinkBanner';
import { TopologyPanel } from '../components/TopologyPanel';
import { openInPlaygroundHref } from '../host/linkBoot';
import { useUiStore } from '../state/uiStore';
import './embed.css';

export interface EmbedLayoutProps {
  /** The scenario pane (a link's scenario); absent: the empty state. */
  children?: ReactNode;
}

/** The playground URL for this page, following fragment changes (a closed scenario drops `#s=`). */
function usePlaygroundHref(): string {
  const [href, setHref] = useState(() => openInPlaygroundHref(location.href));
  useEffect(() => {
    const update = () => setHref(openInPlaygroundHref(location.href));
    addEventListener('hashchange', update);
    addEventListener('popstate', update);
    return () => {
      removeEventListener('hashchange', update);
      removeEventListener('popstate', update);
    };
  }, []);
  return href;
}

export function EmbedLayout({ children }: EmbedLayoutProps) {
  const theme = useUiStore((s) => s.theme);
  const href = usePlaygroundHref();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <div className="embed-layout" data-testid="embed-layout">
      <header className="embed-bar">
        <span className="brand">OceanBase Playground</span>
        <DeploymentBadge />
        <ClusterStatus />
        <span className="spacer" />
        <a className="btn small primary" href={href} target="_blank" rel="noopener noreferrer" data-testid="open-in-playground">
          Open in playground ↗
        </a>
      </header>
      <LinkBanner />
      <main className={`embed-main${children ? '' : ' no-pane'}`}>
        {children ? (
          <section className="embed-pane" aria-label="Scenario">
            {children}
          </section>
        ) : (
          <EmbedEmpty />
        )}
        <section className="embed-topology" aria-label="Cluster">
          <TopologyPanel readOnly />
        </section>
      </main>
    </div>
  );
}

function EmbedEmpty() {
  return (
    <div className="embed-empty" data-testid="embed-empty">
      <strong>An empty 3-zone cluster</strong> — three OBServers, one per zone, running in this page. To show a scenario
      here, embed a share link with <code>?embed=1</code> (copy the link with the playground's Share button).
    </div>
  );
}
