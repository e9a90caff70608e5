/** Wipes the cluster's files and boots a fresh obcluster (after a confirmation). */
import { useState } from 'react';
import { resetCluster } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';

export function ResetButton() {
  const boot = useClusterStore((s) => s.boot);
  const [confirming, setConfirming] = useState(false);
  const busy = boot === 'booting' || boot === 'resetting' || boot === 'locking';
  if (confirming) {
    return (
      <span className="status-pill">
        Delete all data?
        <button
          className="btn small danger"
          data-testid="reset-confirm"
          onClick={() => {
            setConfirming(false);
            void resetCluster();
          }}
        >
          Reset
        </button>
        <button className="btn small" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button className="btn" data-testid="reset-cluster" disabled={busy} onClick={() => setConfirming(true)} title="Reset cluster: wipe its files and boot a fresh one">
      Reset
    </button>
  );
}
