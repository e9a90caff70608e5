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
 * ```
 * `ready` is a getter: after `reset()` it is the new boot's promise.
 */
import type { ExecuteReply } from '../../engine/server/api';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
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
  };
  window.obPlayground = api;
}
