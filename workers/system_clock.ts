/**
 * The simulated clock of real hosts (browser workers, the Node shell): `Clock` from engine/env on
 * the wall clock, scaled and pausable, with every worker of the page agreeing on the time.
 *
 * All workers share one anchor (`SimClockState`, broadcast by the page — issue #4 "pause/resume/
 * scale the simulated clock"):
 *   simNowUs = anchorSimUs + (wallNowUs − anchorWallUs) × rate      (paused: frozen at anchorSimUs)
 * where wallNowUs = `performance.timeOrigin + performance.now()` (the same wall time base in
 * every worker and on the page, sub-millisecond, monotonic within a process). A timer due at
 * simulated time T fires when the simulated clock reaches T: on every anchor change the pending
 * timers are re-armed for their remaining simulated time at the new rate; while paused none fires.
 * Zero-delay timers are not time: they are the engine's cooperative yields (compactions yield every
 * few hundred rows), so they run even while paused — a request already in flight may complete.
 *
 * Invariants: `nowUs()` never goes backwards (an anchor received a little late is clamped); a
 * timer never fires before the simulated clock reached its due time.
 *
 * Zero-delay timers run through a MessageChannel inside a browser worker: chained `setTimeout(0)`s
 * are clamped to 4 ms there, which would add seconds of idle time to every major compaction. Node
 * keeps `setTimeout` (no such clamp, and an open port would keep the shell's process alive).
 */
import type { Clock, TimerHandle } from '../engine/env';

/** The shared anchor of the simulated clock (µs; `rate` 0.1 .. 10; see the module comment). */
export interface SimClockState {
  anchorWallUs: number;
  anchorSimUs: number;
  rate: number;
  paused: boolean;
}

/** Slowest and fastest simulated clock rates the page offers. */
export const CLOCK_RATE_MIN = 0.1;
export const CLOCK_RATE_MAX = 10;

/** The wall clock in µs since the epoch, with sub-millisecond resolution. */
export function wallNowUs(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** The simulated time of `state` at wall time `wallUs`. */
export function simNowAt(state: SimClockState, wallUs: number): number {
  if (state.paused) return state.anchorSimUs;
  return Math.floor(state.anchorSimUs + (wallUs - state.anchorWallUs) * state.rate);
}

/** A clock running at the wall clock's pace and time (rate 1, anchored now). */
export function initialClockState(wallUs: number = wallNowUs()): SimClockState {
  return { anchorWallUs: wallUs, anchorSimUs: wallUs, rate: 1, paused: false };
}

/**
 * The state after changing the rate and/or pausing at wall time `wallUs`: re-anchored at the
 * current simulated time, so the simulated clock is continuous across the change.
 * Throws a RangeError for a rate outside [CLOCK_RATE_MIN, CLOCK_RATE_MAX].
 */
export function changeClock(state: SimClockState, change: { rate?: number; paused?: boolean }, wallUs: number = wallNowUs()): SimClockState {
  const rate = change.rate ?? state.rate;
  if (!(rate >= CLOCK_RATE_MIN && rate <= CLOCK_RATE_MAX)) throw new RangeError(`clock rate ${rate} is outside ${CLOCK_RATE_MIN}..${CLOCK_RATE_MAX}`);
  return { anchorWallUs: wallUs, anchorSimUs: simNowAt(state, wallUs), rate, paused: change.paused ?? state.paused };
}

/** A one-shot real timer source (`setTimeout`; injectable for tests). */
export interface TimerSource {
  set(fn: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: TimerSource = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SystemClockOptions {
  /** Wall clock, µs (default `wallNowUs`). */
  wallNowUs?: () => number;
  timers?: TimerSource;
  /** Initial anchor (default: rate 1, anchored at the wall clock now). */
  state?: SimClockState;
}

interface PendingTimer {
  dueUs: number;
  fn: () => void;
  real: unknown;
}

export class SystemClock implements Clock {
  private readonly wall: () => number;
  private readonly timers: TimerSource;
  private current: SimClockState;
  private lastUs = 0;
  private nextId = 1;
  private readonly pending = new Map<number, PendingTimer>();
  /** Zero-delay callbacks: waiting for the channel (browser) or a 0 ms timeout (Node), by id. */
  private readonly immediate = new Map<number, { fn: () => void; real: unknown }>();
  private readonly channel: MessageChannel | null = inBrowserWorker() ? new MessageChannel() : null;

  constructor(options: SystemClockOptions = {}) {
    this.wall = options.wallNowUs ?? wallNowUs;
    this.timers = options.timers ?? REAL_TIMERS;
    this.current = options.state ?? initialClockState(this.wall());
    if (this.channel !== null) {
      this.channel.port1.onmessage = (e: MessageEvent<number>) => this.runImmediate(e.data);
    }
  }

  nowUs(): number {
    this.lastUs = Math.max(this.lastUs, simNowAt(this.current, this.wall()));
    return this.lastUs;
  }

  /** The anchor in force. */
  state(): SimClockState {
    return { ...this.current };
  }

  /** Adopts a new anchor (rate, pause) and re-arms every pending timer for its remaining simulated time. */
  setState(state: SimClockState): void {
    this.current = { ...state };
    for (const [id, t] of this.pending) {
      if (t.real !== null) this.timers.clear(t.real);
      this.arm(id, t);
    }
  }

  schedule(delayUs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    if (delayUs <= 0) {
      const entry = { fn, real: null as unknown };
      this.immediate.set(id, entry);
      if (this.channel !== null) this.channel.port2.postMessage(id);
      else entry.real = this.timers.set(() => this.runImmediate(id), 0);
      return { id };
    }
    const t: PendingTimer = { dueUs: this.nowUs() + delayUs, fn, real: null };
    this.pending.set(id, t);
    this.arm(id, t);
    return { id };
  }

  cancel(handle: TimerHandle): void {
    const t = this.pending.get(handle.id);
    if (t !== undefined && t.real !== null) this.timers.clear(t.real);
    this.pending.delete(handle.id);
    const i = this.immediate.get(handle.id);
    if (i !== undefined && i.real !== null) this.timers.clear(i.real);
    this.immediate.delete(handle.id);
  }

  /** Timers waiting on simulated time (for tests and the worker's diagnostics). */
  pendingTimers(): number {
    return this.pending.size;
  }

  private arm(id: number, t: PendingTimer): void {
    if (this.current.paused) {
      t.real = null;
      return;
    }
    const remainingMs = Math.max(0, (t.dueUs - this.nowUs()) / 1000 / this.current.rate);
    t.real = this.timers.set(() => this.fire(id), remainingMs);
  }

  private fire(id: number): void {
    const t = this.pending.get(id);
    if (t === undefined) return;
    if (this.current.paused || this.nowUs() < t.dueUs) {
      this.arm(id, t); // woke early (rounding) or paused meanwhile: wait for the simulated clock
      return;
    }
    this.pending.delete(id);
    t.fn();
  }

  private runImmediate(id: number): void {
    const entry = this.immediate.get(id);
    if (entry === undefined) return; // cancelled
    this.immediate.delete(id);
    entry.fn();
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
