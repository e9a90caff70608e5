/**
 * The right side: the cluster topology, with the storage view in a tab beside it.
 * Alt+Shift+1 / 2 / 3 open the storage panel's Tablets / LSM stack / Major compaction view (Alt+1/2/3
 * without Shift switch the editor tabs).
 */
import { useEffect } from 'react';
import { setStorageView, type StorageView } from '../state/storageStore';
import { setRightTab, useUiStore } from '../state/uiStore';
import { StoragePanel } from './StoragePanel';
import { TopologyPanel } from './TopologyPanel';

const SHORTCUT_VIEWS: Record<string, StorageView> = { Digit1: 'tablets', Digit2: 'lsm', Digit3: 'major' };

export function RightPane() {
  const tab = useUiStore((s) => s.rightTab);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const view = SHORTCUT_VIEWS[e.code];
      if (!view || !e.altKey || e.ctrlKey || e.metaKey || !e.shiftKey) return;
      e.preventDefault();
      setRightTab('storage');
      setStorageView(view);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <div className="tabs" role="tablist">
        <button className="tab" role="tab" aria-selected={tab === 'cluster'} data-testid="tab-cluster" onClick={() => setRightTab('cluster')}>
          Cluster
        </button>
        <button className="tab" role="tab" aria-selected={tab === 'storage'} data-testid="tab-storage" onClick={() => setRightTab('storage')}>
          Storage
        </button>
      </div>
      <div className="pane" role="tabpanel">
        {tab === 'cluster' ? <TopologyPanel /> : <StoragePanel />}
      </div>
    </>
  );
}
