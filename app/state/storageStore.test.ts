import { beforeEach, describe, expect, it } from 'vitest';
import type { SstableDetail } from '../../engine/server/snapshot';
import { beginColumnView, finishColumnView, pickColumnGroup, resetStorageState, useStorageStore } from './storageStore';

const ref = { tenantId: 1002, tabletId: 200001, serverId: 1, type: 'MAJOR' as const };
const detail = (groups: number): SstableDetail => ({
  tenantId: 1002, tabletId: 200001, type: 'MAJOR', format: 'encoded', compression: 'zstd_1.3.8',
  columnGroups: Array.from({ length: groups }, (_, i) => ({ name: String(i), columns: [i], macroBlocks: [], microBlocks: [], truncated: false })),
});

describe('column view state', () => {
  beforeEach(() => resetStorageState());

  it('keeps the answer for the SSTable still open, and ignores a late answer for another one', () => {
    beginColumnView(ref, 't · MAJOR on 10.0.0.1');
    finishColumnView({ ...ref, serverId: 2 }, { detail: detail(1) });
    expect(useStorageStore.getState().columnView?.loading).toBe(true);
    expect(useStorageStore.getState().columnView?.detail).toBeUndefined();
    finishColumnView(ref, { detail: detail(3) });
    expect(useStorageStore.getState().columnView).toMatchObject({ loading: false, group: 0 });
    expect(useStorageStore.getState().columnView?.detail?.columnGroups).toHaveLength(3);
  });

  it('keeps the picked column group on refresh while it still exists', () => {
    beginColumnView(ref, 't');
    finishColumnView(ref, { detail: detail(3) });
    pickColumnGroup(2);
    finishColumnView(ref, { detail: detail(3) });
    expect(useStorageStore.getState().columnView?.group).toBe(2);
    finishColumnView(ref, { detail: detail(1) });
    expect(useStorageStore.getState().columnView?.group).toBe(0);
  });

  it('records a server that reports no such SSTable as null, distinct from an error', () => {
    beginColumnView(ref, 't');
    finishColumnView(ref, { detail: null });
    expect(useStorageStore.getState().columnView).toMatchObject({ loading: false, detail: null });
    finishColumnView(ref, { detail: undefined, error: 'OBServer 1 is not running' });
    expect(useStorageStore.getState().columnView?.error).toBe('OBServer 1 is not running');
  });
});
