/**
 * Seeded, per-row random streams for the sample-data generators.
 *
 * TPC-H's dbgen gives every column its own seeded stream so that any row can be generated without
 * generating the rows before it. We get the same property more simply: a row's randomness comes
 * from a Mulberry32 stream whose seed is a hash of (stream id, row index). So
 * - the same (stream, row) always yields the same values, whatever the batch size or order;
 * - two tables never share a stream (each generator uses its own stream ids);
 * - no `Math.random` anywhere (conventions §2).
 * One instance is reused across rows (`reset`) so the hot path allocates nothing.
 */
import { assert } from '../common/assert';

export class RowRng {
  private state = 0;

  /** Positions the stream at the start of row `row` (≥ 0) of stream `stream`. */
  reset(stream: number, row: number): this {
    assert(Number.isInteger(row) && row >= 0, `bad row index ${row}`);
    // Mix the row index in two 32-bit halves so indexes beyond 2^32 still differ.
    let h = Math.imul(stream ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((row >>> 0) + 1, 0xc2b2ae35);
    h ^= Math.imul(Math.floor(row / 4294967296), 0x27d4eb2f);
    h ^= h >>> 16;
    h = Math.imul(h, 0x7feb352d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x846ca68b);
    h ^= h >>> 16;
    this.state = h >>> 0;
    return this;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    assert(hi >= lo, `empty range [${lo}, ${hi}]`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** One element of `items`, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
}
