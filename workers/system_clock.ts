/**
 * The wall clock for real hosts (browser workers and the Node shell): `Clock` from engine/env on
 * `Date.now()` at start plus `performance.now()` since (monotonic, µs resolution), and `setTimeout`. Time in µs since the epoch; `speed` scales the simulated clock
 * (teaching mode runs it slower or faster), timers scale with it.
 *
 * Zero-delay timers (the engine's cooperative yield: compactions yield every few hundred rows) run
 * through a MessageChannel inside a browser worker: chained `setTimeout(0)`s are clamped to 4 ms
 * there, which would add seconds of idle time to every major compaction. Node keeps `setTimeout`
 * (no such clamp, and an open port would keep the shell's process alive).
 */
import type { Clock, TimerHandle } from '../engine/env';

export class SystemClock implements Clock {
  /** Wall time at the origin, and the monotonic, sub-millisecond `performance.now()` at the same moment. */
  private readonly originWallMs = Date.now();
  private readonly originPerfMs = performance.now();
  private readonly originUs: number;
  private nextId = 1;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Zero-delay callbacks waiting for the channel, by timer id (browser workers only). */
  private readonly immediate = new Map<number, () => void>();
  private readonly channel: MessageChannel | null = inBrowserWorker() ? new MessageChannel() : null;

  constructor(private speed = 1) {
    this.originUs = this.originWallMs * 1000;
    if (this.channel !== null) {
      this.channel.port1.onmessage = (e: MessageEvent<number>) => {
        const fn = this.immediate.get(e.data);
        if (fn === undefined) return; // cancelled
        this.immediate.delete(e.data);
        fn();
      };
    }
  }

  nowUs(): number {
    return Math.floor(this.originUs + (performance.now() - this.originPerfMs) * 1000 * this.speed);
  }

  schedule(delayUs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    if (delayUs <= 0 && this.channel !== null) {
      this.immediate.set(id, fn);
      this.channel.port2.postMessage(id);
      return { id };
    }
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
    this.immediate.delete(handle.id);
  }
}

/** True inside a dedicated worker of a browser (not in Node, not on the page). */
function inBrowserWorker(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== 'undefined' && typeof MessageChannel !== 'undefined';
}

/** Rng for real hosts, seeded from the wall clock (the engine only ever sees the `Rng` interface). */
export function wallClockSeed(): number {
  return (Date.now() ^ (performance.now() * 1000)) >>> 0;
}
