/**
 * The storage panel's own state: which view it shows (tablets, one replica's LSM stack, the
 * tenant's major compaction), the tablet replica picked for the LSM stack, the tenant picked for
 * the major-compaction view, and the column view of one SSTable (fetched on demand with
 * `sstableDetail`; the engine's answer is kept as it came).
 */
import { create } from 'zustand';
import type { SstableDetail, SstableType } from '../../engine/server/snapshot';

export type StorageView = 'tablets' | 'lsm' | 'major';

/** One SSTable of one server's replica of a tablet. */
export interface SstableRef {
  tenantId: number;
  tabletId: number;
  serverId: number;
  type: SstableType;
}

export interface ColumnViewState extends SstableRef {
  /** What the view is titled with, e.g. `test.t1 · MAJOR on 10.0.0.1`. */
  title: string;
  loading: boolean;
  /** undefined while loading; null when the server reported no such SSTable. */
  detail?: SstableDetail | null;
  error?: string;
  /** Index of the column group shown. */
  group: number;
}

interface StorageState {
  view: StorageView;
  /** The LSM stack's tablet (null: the first one reported). */
  tablet: { tenantId: number; tabletId: number } | null;
  /** The LSM stack's replica (null: the LS leader's). */
  serverId: number | null;
  /** The major-compaction view's tenant (null: the SQL console's tenant). */
  majorTenantId: number | null;
  columnView: ColumnViewState | null;
}

export const useStorageStore = create<StorageState>(() => ({
  view: 'tablets',
  tablet: null,
  serverId: null,
  majorTenantId: null,
  columnView: null,
}));

export function setStorageView(view: StorageView): void {
  useStorageStore.setState({ view });
}

/** Shows the LSM stack of one tablet (and replica, when given). */
export function showLsmStack(tenantId: number, tabletId: number, serverId: number | null = null): void {
  useStorageStore.setState({ view: 'lsm', tablet: { tenantId, tabletId }, serverId });
}

export function pickReplica(serverId: number | null): void {
  useStorageStore.setState({ serverId });
}

export function pickMajorTenant(tenantId: number | null): void {
  useStorageStore.setState({ majorTenantId: tenantId });
}

/** Opens the column view of `ref`, loading. */
export function beginColumnView(ref: SstableRef, title: string): void {
  useStorageStore.setState({ columnView: { ...ref, title, loading: true, group: 0 } });
}

/** Records the engine's answer for the column view, if it is still the one open. */
export function finishColumnView(ref: SstableRef, outcome: { detail?: SstableDetail | null; error?: string }): void {
  useStorageStore.setState((s) => {
    const cv = s.columnView;
    if (!cv || cv.tenantId !== ref.tenantId || cv.tabletId !== ref.tabletId || cv.serverId !== ref.serverId || cv.type !== ref.type) return {};
    const groups = outcome.detail?.columnGroups.length ?? 0;
    return { columnView: { ...cv, ...outcome, loading: false, group: Math.min(cv.group, Math.max(0, groups - 1)) } };
  });
}

export function pickColumnGroup(group: number): void {
  useStorageStore.setState((s) => (s.columnView ? { columnView: { ...s.columnView, group } } : {}));
}

export function closeColumnView(): void {
  useStorageStore.setState({ columnView: null });
}

/** After a reset: nothing picked, no column view. */
export function resetStorageState(): void {
  useStorageStore.setState({ tablet: null, serverId: null, majorTenantId: null, columnView: null });
}
