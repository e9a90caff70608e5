/**
 * The wall clock for real hosts (browser workers and the Node shell): `Clock` from engine/env on
 * `Date.now()` at start plus `performance.now()` since (monotonic, µs resolution), and `setTimeout`. Time in µs since the epoch; `speed` scales the simulated clock
 * (teaching mode runs it slower or faster), timers scale with it.
 */
import type { Clock, TimerHandle } from '../engine/env';

export class SystemClock implements Clock {
  /** Wall time at the origin, and the monotonic, sub-millisecond `performance.now()` at the same moment. */
  private readonly originWallMs = Date.now();
  private readonly originPerfMs = performance.now();
  private readonly originUs: number;
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(private speed = 1) {
    this.originUs = this.originWallMs * 1000;
  }

  nowUs(): number {
    return Math.floor(this.originUs + (performance.now() - this.originPerfMs) * 1000 * this.speed);
  }

  schedule(delayUs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, Math.max(0, delayUs / 1000 / this.speed));
    this.timers.set(id, t);
    return { id };
  }

  cancel(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(handle.id);
  }
}

/** Rng for real hosts, seeded from the wall clock (the engine only ever sees the `Rng` interface). */
export function wallClockSeed(): number {
  return (Date.now() ^ (performance.now() * 1000)) >>> 0;
}
