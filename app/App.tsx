/**
 * The page's layout (architecture §9): top bar (a banner under it when a share link could not be
 * opened); the scenario pane on the left while a scenario is open (issue #6), then the editors
 * (SQL | KV | HBase tabs); the cluster and its storage on the right; the event timeline along the
 * bottom; the teaching layer (single-key shortcuts, the `?` overlay, toasts) over everything. A tab
 * that does not own the cluster shows only the "open in another tab" message.
 */
import { useEffect } from 'react';
import { AnotherTab } from './components/AnotherTab';
import { LinkBanner } from './components/LinkBanner';
import { EditorTabs } from './components/EditorTabs';
import { EventTimeline } from './components/EventTimeline';
import { RightPane } from './components/RightPane';
import { Splitter } from './components/Splitter';
import { SqlConsole } from './components/SqlConsole';
import { TopBar } from './components/TopBar';
import { HBaseConsole } from './hbase/HBaseConsole';
import { KvConsole } from './kv/KvConsole';
import { ScenarioPane } from './scenario/ScenarioPane';
import { useScenarioStore } from './scenario/scenarioStore';
import { useClusterStore } from './state/clusterStore';
import { useUiStore } from './state/uiStore';
import { TeachingLayer } from './teaching/TeachingLayer';
import { usePresenterClass } from './teaching/usePresenter';

const PANELS = { sql: () => <SqlConsole />, kv: () => <KvConsole />, hbase: () => <HBaseConsole /> };

export function App() {
  const boot = useClusterStore((s) => s.boot);
  const theme = useUiStore((s) => s.theme);
  const presenterClass = usePresenterClass();
  const scenarioOpen = useScenarioStore((s) => s.phase !== 'closed');
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  if (boot === 'another-tab') return <AnotherTab />;
  return (
    <div className={`app ${presenterClass}`.trim()}>
      <TopBar />
      <div className="banner-slot">
        <LinkBanner />
      </div>
      <main className={`main${scenarioOpen ? ' with-scenario' : ''}`}>
        {scenarioOpen && (
          <section className="scenario-col" aria-label="Scenario">
            <ScenarioPane />
          </section>
        )}
        <section className="left" aria-label="Editors">
          <EditorTabs panels={PANELS} />
        </section>
        <Splitter />
        <section className="right" aria-label="Cluster">
          <RightPane />
        </section>
      </main>
      <EventTimeline />
      <TeachingLayer />
    </div>
  );
}
