/**
 * Deletes a cluster's files from OPFS (the "Reset cluster" action, and a scenario's fresh boot):
 * the whole deployment directory (`obcluster/` or `scn-<key>/`), after the workers have been
 * stopped. The browser may release a terminated worker's access handles a moment late
 * (NoModificationAllowedError), so removal is retried with backoff.
 *
 * Issue #6: scenario namespaces are disposable. `removeStaleScenarioDirs` removes every
 * `scn-*` directory whose Web Lock no tab holds (a closed tab's scenario), so OPFS does not
 * fill up with old scenario clusters; the user's `obcluster/` is never touched by it.
 */
import { OPFS_CLUSTER_DIR, SCENARIO_DIR_PREFIX, scenarioLockName } from './clusterHost';
import { withFreeLock } from './tabLock';

export const OPFS_REMOVE_RETRY_DELAYS_MS = [50, 150, 300, 600, 1200] as const;

/** Removes OPFS directory `namespace` (a no-op when absent). Throws after the retries when files stay locked. */
export async function removeClusterFiles(namespace: string = OPFS_CLUSTER_DIR): Promise<void> {
  const root = await navigator.storage.getDirectory();
  for (let attempt = 0; ; attempt++) {
    try {
      await root.removeEntry(namespace, { recursive: true });
      return;
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      if (name === 'NotFoundError') return;
      if (attempt >= OPFS_REMOVE_RETRY_DELAYS_MS.length) throw e;
      await new Promise((r) => setTimeout(r, OPFS_REMOVE_RETRY_DELAYS_MS[attempt]));
    }
  }
}

/** True for the name of a scenario cluster's OPFS directory (`scn-…`). */
export function isScenarioDir(name: string): boolean {
  return name.startsWith(SCENARIO_DIR_PREFIX) && name.length > SCENARIO_DIR_PREFIX.length;
}

/** Names of the OPFS root's entries. */
async function rootNames(): Promise<string[]> {
  const root = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
  const names: string[] = [];
  for await (const name of root.keys()) names.push(name);
  return names;
}

/**
 * Removes every scenario directory but `keep` whose lock (`ob-<dir>`) is free — held while
 * removing, so no tab starts on it meanwhile. Directories another tab runs stay. Best effort:
 * a directory that cannot be removed now is left for a later boot. Resolves with the removed names.
 */
export async function removeStaleScenarioDirs(keep: string | null): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await rootNames();
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!isScenarioDir(name) || name === keep) continue;
    try {
      const ran = await withFreeLock(scenarioLockName(name), () => removeClusterFiles(name));
      if (ran) removed.push(name);
    } catch {
      // Still locked by a dying worker: a later boot removes it.
    }
  }
  return removed;
}
