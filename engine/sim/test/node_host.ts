/**
 * Node-side support for simulator tests: the host hook `SimCluster` needs to let pending work run
 * between clock steps (the engine itself may not touch `setImmediate`).
 */
import type { SimClusterOptions } from '../sim_cluster';

/** One idle turn of Node's event loop: every queued microtask and I/O callback has run. */
export const nodeYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Simulator options for a Node test: `seed`, the default 3 zones × 1 server, Node's yield. */
export function nodeSimOptions(seed: number, extra: Partial<SimClusterOptions> = {}): SimClusterOptions {
  return { seed, yieldToHost: nodeYield, ...extra };
}
