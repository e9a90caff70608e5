/**
 * `window.obPlayground`: the page's automation surface, used by Playwright tests, benchmarks
 * and anyone at the devtools console (no sleeping needed: every call settles when done).
 *
 * ```ts
 * window.obPlayground.ready            // Promise<void>: resolves when the cluster serves
 *                                      //   (rejects when another tab owns it or the boot failed)
 * window.obPlayground.sql(text)        // Promise<ExecuteReply>: runs in the page's SQL session
 *                                      //   (selected tenant, default `test`) and shows the result
 * window.obPlayground.snapshot()       // Promise<ClusterSnapshot>: a fresh cluster snapshot
 * window.obPlayground.reset()          // Promise<void>: wipe OPFS obcluster/ and boot fresh
 * window.obPlayground.restartServer(id)// Promise<void>: restart one OBServer's worker (recovery)
 * window.obPlayground.loadSampleData('tpch' | 'world', scale?) // Promise<ExecuteReply>
 * window.obPlayground.sstableDetail(tenantId, tabletId, 'MINI' | 'MINOR' | 'MAJOR', serverId?)
 *                                      // Promise<SstableDetail | null>: the column view's data of
 *                                      //   one replica's SSTable (default: the first server
 *                                      //   reporting the tablet); also opens the column view
 * window.obPlayground.compare(selectSql) // Promise<CompareState>: the row-vs-column comparison
 *                                      //   (also shown in the Compare tab)
 * ```
 * `ready` is a getter: after `reset()` it is the new boot's promise.
 */
import type { ExecuteReply } from '../../engine/server/api';
import type { ClusterSnapshot, SstableDetail, SstableType } from '../../engine/server/snapshot';
import { useClusterStore } from '../state/clusterStore';
import type { CompareState } from '../state/compareStore';
import { useStorageStore } from '../state/storageStore';
import { openColumnView } from './columnView';
import { compareRowColumn, compareState } from './compare';
import {
  loadSampleData, refreshSnapshot, resetCluster, restartServer, runSql, whenReady, type SampleDataset,
} from './playground';

export interface ObPlaygroundApi {
  readonly ready: Promise<void>;
  sql(text: string): Promise<ExecuteReply>;
  snapshot(): Promise<ClusterSnapshot>;
  reset(): Promise<void>;
  restartServer(serverId: number): Promise<void>;
  loadSampleData(name: SampleDataset, scale?: number): Promise<ExecuteReply>;
  sstableDetail(tenantId: number, tabletId: number, type: SstableType, serverId?: number): Promise<SstableDetail | null>;
  compare(sql: string): Promise<CompareState>;
}

/** The first server (in id order) whose snapshot reports the tablet. */
function serverWithTablet(tenantId: number, tabletId: number): number | null {
  const servers = [...(useClusterStore.getState().snapshot?.servers ?? [])].sort((a, b) => a.serverId - b.serverId);
  return servers.find((s) => s.tablets.some((t) => t.tenantId === tenantId && t.tabletId === tabletId))?.serverId ?? null;
}

declare global {
  interface Window {
    obPlayground: ObPlaygroundApi;
  }
}

export function installWindowApi(): void {
  const api: ObPlaygroundApi = {
    get ready() {
      return whenReady();
    },
    sql: (text) => runSql(text),
    async snapshot() {
      await whenReady();
      const snap = await refreshSnapshot();
      if (!snap) throw new Error('no OBServer is alive');
      return snap;
    },
    reset: () => resetCluster(),
    restartServer: (id) => restartServer(id),
    loadSampleData: (name, scale) => loadSampleData(name, scale),
    async sstableDetail(tenantId, tabletId, type, serverId) {
      await whenReady();
      await refreshSnapshot();
      const id = serverId ?? serverWithTablet(tenantId, tabletId);
      if (id === null) return null;
      await openColumnView({ tenantId, tabletId, type, serverId: id }, `tablet ${tabletId} · ${type} on server ${id}`);
      const cv = useStorageStore.getState().columnView;
      if (cv?.error) throw new Error(cv.error);
      return cv?.detail ?? null;
    },
    async compare(sql) {
      await compareRowColumn(sql);
      return compareState();
    },
  };
  window.obPlayground = api;
}
