/** The right side: the cluster topology, with the storage view in a tab beside it. */
import { setRightTab, useUiStore } from '../state/uiStore';
import { StoragePanel } from './StoragePanel';
import { TopologyPanel } from './TopologyPanel';

export function RightPane() {
  const tab = useUiStore((s) => s.rightTab);
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
