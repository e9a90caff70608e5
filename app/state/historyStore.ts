/**
 * Recent cluster snapshots, for the event timeline's "show the cluster at that moment" (issue
 * #4 item 6): a ring of the last `SNAPSHOT_HISTORY_MAX` `ClusterSnapshot`s the engine produced
 * (with the host's worker states at that moment), and which moment the topology panel is pinned
 * to (null: live).
 *
 * Invariants: entries are in arrival order with non-decreasing `takenAtUs` (a snapshot older
 * than the newest kept one — a slow answer from a dying server — is dropped); a snapshot with
 * the same `takenAtUs` as the newest (a paused clock) replaces it rather than filling the ring.
 */
import { create } from 'zustand';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import type { WorkerState } from '../format/topology';

/** Snapshots kept (at the 400 ms poll: about 48 s of real time). */
export const SNAPSHOT_HISTORY_MAX = 120;

export interface HistoryEntry {
  snapshot: ClusterSnapshot;
  /** Each server's worker state (host side) when the snapshot arrived. */
  workers: Record<number, WorkerState>;
}

export interface Pinned {
  /** The moment asked for (an event's `atUs`, simulated clock). */
  atUs: number;
  entry: HistoryEntry;
  /** True when no kept snapshot is as old as `atUs` and the oldest is shown instead. */
  oldestKept: boolean;
}

interface HistoryState {
  entries: HistoryEntry[];
  pinned: Pinned | null;
}

export const useHistoryStore = create<HistoryState>(() => ({ entries: [], pinned: null }));

/** Appends a snapshot to the ring (see the invariants). */
export function recordSnapshot(snapshot: ClusterSnapshot, workers: Record<number, WorkerState>): void {
  useHistoryStore.setState((s) => {
    const last = s.entries[s.entries.length - 1];
    if (last && snapshot.takenAtUs < last.snapshot.takenAtUs) return {};
    const kept = last && snapshot.takenAtUs === last.snapshot.takenAtUs ? s.entries.slice(0, -1) : s.entries;
    const entries = [...kept, { snapshot, workers }];
    return { entries: entries.length > SNAPSHOT_HISTORY_MAX ? entries.slice(-SNAPSHOT_HISTORY_MAX) : entries };
  });
}

/**
 * The newest kept snapshot taken at or before `atUs`; when every kept one is newer, the oldest
 * (with `oldestKept`). Null when nothing is kept.
 */
export function entryAt(entries: readonly HistoryEntry[], atUs: number): { entry: HistoryEntry; oldestKept: boolean } | null {
  if (entries.length === 0) return null;
  let lo = 0;
  let hi = entries.length - 1;
  if (entries[0].snapshot.takenAtUs > atUs) return { entry: entries[0], oldestKept: true };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (entries[mid].snapshot.takenAtUs <= atUs) lo = mid;
    else hi = mid - 1;
  }
  return { entry: entries[lo], oldestKept: false };
}

/** Pins the topology panel to the cluster at `atUs`; returns false when no snapshot is kept. */
export function pinAt(atUs: number): boolean {
  const found = entryAt(useHistoryStore.getState().entries, atUs);
  if (!found) return false;
  useHistoryStore.setState({ pinned: { atUs, ...found } });
  return true;
}

/** Back to the live cluster. */
export function unpin(): void {
  useHistoryStore.setState({ pinned: null });
}

export function clearHistory(): void {
  useHistoryStore.setState({ entries: [], pinned: null });
}
