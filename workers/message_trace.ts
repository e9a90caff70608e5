/**
 * Message tracing for the page's RaftScope-style animation (issue #4 "messages between servers can
 * be shown moving"): while on, a worker records every datagram it sends — from, to, kind (the RPC
 * method or PALF message type), approximate size, and the simulated send time — and posts them to
 * the page in batches, at most one per `flushIntervalMs` (≈ an animation frame).
 *
 * Invariants: a batch holds at most TRACE_BATCH_MAX messages; beyond that it is a uniform sample
 * (reservoir sampling on a seeded Rng) and carries the true count in `total`, so the UI never
 * drowns and still knows the rate. Off costs one boolean test per send.
 */
import type { Rng, WireMessage } from '../engine/env/index';
import { messageBytes, messageKind } from '../engine/sim/message_kind';
import type { FlushScheduler } from './port_transport';

/** One traced datagram. `sentAtMs`: simulated clock, ms since the epoch. */
export interface TracedMessage {
  from: number;
  to: number;
  kind: string;
  bytes: number;
  sentAtMs: number;
}

/** Messages per posted batch; more in one interval are sampled down to this. */
export const TRACE_BATCH_MAX = 200;
/** Default interval between trace batches, ms (about one animation frame). */
export const TRACE_FLUSH_INTERVAL_MS = 16;

export class MessageTracer {
  private on = false;
  private batch: TracedMessage[] = [];
  private seen = 0;
  private scheduled = false;

  constructor(
    private readonly self: number,
    private readonly post: (messages: TracedMessage[], total: number) => void,
    private readonly nowMs: () => number,
    private readonly rng: Rng,
    private readonly scheduler: FlushScheduler = { set: (fn, ms) => setTimeout(fn, ms) },
    private readonly flushIntervalMs = TRACE_FLUSH_INTERVAL_MS,
  ) {}

  get enabled(): boolean {
    return this.on;
  }

  /** Turns tracing on or off (off drops what is buffered). */
  setEnabled(on: boolean): void {
    this.on = on;
    if (!on) {
      this.batch = [];
      this.seen = 0;
    }
  }

  /** Records one datagram sent to `to` (no-op while off). */
  record(to: number, message: WireMessage): void {
    if (!this.on) return;
    this.seen++;
    const traced = (): TracedMessage => ({ from: this.self, to, kind: messageKind(message), bytes: messageBytes(message), sentAtMs: this.nowMs() });
    if (this.batch.length < TRACE_BATCH_MAX) this.batch.push(traced());
    else {
      const slot = this.rng.int(this.seen);
      if (slot < TRACE_BATCH_MAX) this.batch[slot] = traced();
    }
    if (!this.scheduled) {
      this.scheduled = true;
      this.scheduler.set(() => this.flush(), this.flushIntervalMs);
    }
  }

  /** Posts what is buffered now, in send order (also called by the timer). */
  flush(): void {
    this.scheduled = false;
    if (this.batch.length === 0) return;
    const messages = this.batch.sort((a, b) => a.sentAtMs - b.sentAtMs);
    const total = this.seen;
    this.batch = [];
    this.seen = 0;
    this.post(messages, total);
  }
}
