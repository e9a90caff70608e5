/**
 * The page's layout (architecture §9): top bar; the editors (SQL | KV | HBase tabs) on the left; the cluster and its
 * storage on the right; the event timeline along the bottom. A tab that does not own the
 * cluster shows only the "open in another tab" message.
 */
import { useEffect } from 'react';
import { AnotherTab } from './components/AnotherTab';
import { EditorTabs } from './components/EditorTabs';
import { EventTimeline } from './components/EventTimeline';
import { RightPane } from './components/RightPane';
import { Splitter } from './components/Splitter';
import { SqlConsole } from './components/SqlConsole';
import { TopBar } from './components/TopBar';
import { HBaseConsole } from './hbase/HBaseConsole';
import { KvConsole } from './kv/KvConsole';
import { useClusterStore } from './state/clusterStore';
import { useUiStore } from './state/uiStore';

const PANELS = { sql: () => <SqlConsole />, kv: () => <KvConsole />, hbase: () => <HBaseConsole /> };

export function App() {
  const boot = useClusterStore((s) => s.boot);
  const theme = useUiStore((s) => s.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  if (boot === 'another-tab') return <AnotherTab />;
  return (
    <div className="app">
      <TopBar />
      <main className="main">
        <section className="left" aria-label="Editors">
          <EditorTabs panels={PANELS} />
        </section>
        <Splitter />
        <section className="right" aria-label="Cluster">
          <RightPane />
        </section>
      </main>
      <EventTimeline />
    </div>
  );
}
