/**
 * Single-tab ownership of a cluster's files. OPFS sync access handles are exclusive, so two
 * tabs running the same cluster would fight over every file; the tab that runs a deployment
 * holds its Web Lock (`obcluster` for the user's cluster, `ob-scn-<key>` for a scenario's, issue
 * #6) while it runs it, and any other tab shows "open in another tab" and starts nothing
 * (playground-anchors §3.1 rule c). Switching deployments releases one lock and takes another.
 *
 * A reload releases the old document's lock a moment before or after the new document asks, so
 * a refused request is retried a few times before giving up.
 */

export const CLUSTER_LOCK_NAME = 'obcluster';
/** Waits between attempts when the lock is held (a reload race), ms. */
export const TAB_LOCK_RETRY_DELAYS_MS = [100, 250, 500, 750] as const;

/** A Web Lock this tab holds until `release()` (or until the page goes away). */
export interface HeldLock {
  readonly name: string;
  /** Lets the lock go; resolves once the browser has released it. */
  release(): Promise<void>;
}

/**
 * Resolves with the held lock `name` once this tab holds it, null when another tab keeps it
 * (after the reload-race retries unless `retry` is false). Without the Web Locks API (very old
 * browsers) the tab proceeds with a lock that guards nothing.
 */
export async function acquireClusterLock(name: string = CLUSTER_LOCK_NAME, retry = true): Promise<HeldLock | null> {
  if (!('locks' in navigator)) return { name, release: async () => {} };
  for (let attempt = 0; ; attempt++) {
    const held = await tryLock(name);
    if (held) return held;
    if (!retry || attempt >= TAB_LOCK_RETRY_DELAYS_MS.length) return null;
    await new Promise((r) => setTimeout(r, TAB_LOCK_RETRY_DELAYS_MS[attempt]));
  }
}

function tryLock(name: string): Promise<HeldLock | null> {
  return new Promise<HeldLock | null>((resolve) => {
    let letGo!: () => void;
    const holding = new Promise<void>((r) => {
      letGo = r;
    });
    const done = navigator.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) {
          resolve(null);
          return undefined;
        }
        resolve({
          name,
          release: async () => {
            letGo();
            await done.catch(() => {});
          },
        });
        // Holding: the callback's promise settles only on release, so the lock lives until then.
        return holding;
      })
      .catch(() => resolve(null));
  });
}

/**
 * Runs `action` while holding lock `name` if no tab holds it (true), else does nothing (false):
 * e.g. removing a scenario's directory that no tab runs.
 */
export async function withFreeLock(name: string, action: () => Promise<void>): Promise<boolean> {
  if (!('locks' in navigator)) return false;
  let ran = false;
  await navigator.locks.request(name, { ifAvailable: true }, async (lock) => {
    if (!lock) return;
    ran = true;
    await action();
  });
  return ran;
}
