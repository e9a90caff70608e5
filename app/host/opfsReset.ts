/**
 * Deletes the cluster's files from OPFS (the "Reset cluster" action): the whole `obcluster/`
 * directory, after the workers have been stopped. The browser may release a terminated worker's
 * access handles a moment late (NoModificationAllowedError), so removal is retried with backoff.
 */
import { OPFS_CLUSTER_DIR } from './clusterHost';

export const OPFS_REMOVE_RETRY_DELAYS_MS = [50, 150, 300, 600, 1200] as const;

/** Removes `obcluster/` (a no-op when absent). Throws after the retries when files stay locked. */
export async function removeClusterFiles(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  for (let attempt = 0; ; attempt++) {
    try {
      await root.removeEntry(OPFS_CLUSTER_DIR, { recursive: true });
      return;
    } catch (e) {
      const name = e instanceof DOMException ? e.name : '';
      if (name === 'NotFoundError') return;
      if (attempt >= OPFS_REMOVE_RETRY_DELAYS_MS.length) throw e;
      await new Promise((r) => setTimeout(r, OPFS_REMOVE_RETRY_DELAYS_MS[attempt]));
    }
  }
}
