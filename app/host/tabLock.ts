/**
 * Single-tab ownership of the cluster's files. OPFS sync access handles are exclusive, so two
 * tabs running the same cluster would fight over every file; the first tab takes the Web Lock
 * `obcluster` for its whole life and any other tab shows "open in another tab" and starts nothing
 * (playground-anchors §3.1 rule c).
 *
 * A reload releases the old document's lock a moment before or after the new document asks, so
 * a refused request is retried a few times before giving up.
 */

export const CLUSTER_LOCK_NAME = 'obcluster';
/** Waits between attempts when the lock is held (a reload race), ms. */
export const TAB_LOCK_RETRY_DELAYS_MS = [100, 250, 500, 750] as const;

/**
 * Resolves true once this tab holds the lock (held until the page goes away), false when
 * another tab keeps it. Without the Web Locks API (very old browsers) the tab proceeds.
 */
export async function acquireClusterLock(): Promise<boolean> {
  if (!('locks' in navigator)) return true;
  for (let attempt = 0; ; attempt++) {
    const granted = await tryLock();
    if (granted) return true;
    if (attempt >= TAB_LOCK_RETRY_DELAYS_MS.length) return false;
    await new Promise((r) => setTimeout(r, TAB_LOCK_RETRY_DELAYS_MS[attempt]));
  }
}

function tryLock(): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    navigator.locks
      .request(CLUSTER_LOCK_NAME, { ifAvailable: true }, (lock) => {
        resolve(lock !== null);
        // Holding: the callback's promise never settles, so the lock lives as long as the page.
        return lock ? new Promise<void>(() => {}) : undefined;
      })
      .catch(() => resolve(false));
  });
}
