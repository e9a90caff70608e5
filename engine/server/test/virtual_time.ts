/**
 * Test support: drive an in-process cluster on a `VirtualClock`. `pumped` awaits a promise while
 * advancing the clock by `stepUs` µs on every idle turn of the event loop, so timers (PALF ticks,
 * compaction yields, RPC timeouts) fire in virtual time: fast and repeatable. Node-only (setImmediate).
 */
import type { VirtualClock } from '../../env/memory';

/** Virtual time added per idle turn of the event loop, µs. */
export const CLOCK_STEP_US = 5_000;

export async function pumped<T>(clock: VirtualClock, p: Promise<T>, stepUs = CLOCK_STEP_US): Promise<T> {
  let settled = false;
  const tracked = p.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  while (!settled) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!settled) clock.advance(stepUs);
  }
  return tracked;
}
