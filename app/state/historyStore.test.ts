import { beforeEach, describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import { clearHistory, entryAt, pinAt, recordSnapshot, SNAPSHOT_HISTORY_MAX, unpin, useHistoryStore } from './historyStore';

const snap = (takenAtUs: number, clusterName = 'obcluster'): ClusterSnapshot => ({
  clusterName, zones: [], servers: [], tenants: [], unitConfigs: [], resourcePools: [], units: [], tabletLocations: [], takenAtUs,
});

describe('snapshot history', () => {
  beforeEach(() => clearHistory());

  it('keeps the last SNAPSHOT_HISTORY_MAX snapshots in time order', () => {
    for (let i = 1; i <= SNAPSHOT_HISTORY_MAX + 5; i++) recordSnapshot(snap(i * 1000), { 1: 'running' });
    const { entries } = useHistoryStore.getState();
    expect(entries).toHaveLength(SNAPSHOT_HISTORY_MAX);
    expect(entries[0].snapshot.takenAtUs).toBe(6000);
    expect(entries.at(-1)!.snapshot.takenAtUs).toBe((SNAPSHOT_HISTORY_MAX + 5) * 1000);
  });

  it('replaces a snapshot of the same time (paused clock) and drops an older late one', () => {
    recordSnapshot(snap(1000, 'a'), {});
    recordSnapshot(snap(2000, 'b'), {});
    recordSnapshot(snap(2000, 'c'), { 2: 'stopped' });
    recordSnapshot(snap(1500, 'late'), {});
    const { entries } = useHistoryStore.getState();
    expect(entries.map((e) => e.snapshot.clusterName)).toEqual(['a', 'c']);
    expect(entries[1].workers).toEqual({ 2: 'stopped' });
  });

  it('finds the snapshot at or before a moment, or the oldest kept', () => {
    for (const t of [1000, 2000, 3000]) recordSnapshot(snap(t), {});
    const { entries } = useHistoryStore.getState();
    expect(entryAt(entries, 2500)?.entry.snapshot.takenAtUs).toBe(2000);
    expect(entryAt(entries, 3000)?.entry.snapshot.takenAtUs).toBe(3000);
    expect(entryAt(entries, 9999)?.entry.snapshot.takenAtUs).toBe(3000);
    expect(entryAt(entries, 500)).toMatchObject({ oldestKept: true, entry: { snapshot: { takenAtUs: 1000 } } });
    expect(entryAt([], 500)).toBeNull();
  });

  it('pins the panel to a moment and back to live', () => {
    expect(pinAt(1000)).toBe(false);
    recordSnapshot(snap(1000), {});
    recordSnapshot(snap(2000), {});
    expect(pinAt(1999)).toBe(true);
    expect(useHistoryStore.getState().pinned).toMatchObject({ atUs: 1999, oldestKept: false, entry: { snapshot: { takenAtUs: 1000 } } });
    unpin();
    expect(useHistoryStore.getState().pinned).toBeNull();
  });
});
