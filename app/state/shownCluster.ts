/**
 * The cluster the topology panel draws: the live snapshot with the host's worker states, or —
 * when the user clicked an event in the timeline — the kept snapshot at that moment
 * (historyStore). Panels read this instead of `clusterStore.snapshot` so "show the cluster at
 * that moment" changes every card at once.
 */
import { useMemo } from 'react';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { WorkerState } from '../format/topology';
import { useClusterStore, type ServerRun } from './clusterStore';
import { useHistoryStore, type Pinned } from './historyStore';

export interface ShownCluster {
  snapshot: ClusterSnapshot | null;
  workers: Record<number, WorkerState>;
  /** Live worker runs (crash messages); empty when pinned to the past. */
  runs: Record<number, ServerRun>;
  pinned: Pinned | null;
}

const NO_RUNS: Record<number, ServerRun> = {};

export function useShownCluster(): ShownCluster {
  const live = useClusterStore((s) => s.snapshot);
  const runs = useClusterStore((s) => s.runs);
  const pinned = useHistoryStore((s) => s.pinned);
  return useMemo(() => {
    if (pinned) return { snapshot: pinned.entry.snapshot, workers: pinned.entry.workers, runs: NO_RUNS, pinned };
    const workers: Record<number, WorkerState> = {};
    for (const [id, r] of Object.entries(runs)) workers[Number(id)] = r.state;
    return { snapshot: live, workers, runs, pinned: null };
  }, [live, runs, pinned]);
}
