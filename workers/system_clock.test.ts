/**
 * The shared simulated clock: time from the anchor (rate, pause), continuity across changes,
 * monotonic reads, and timers that fire when the simulated clock reaches their due time — re-armed
 * when the rate changes, held while paused — on a fake wall clock and fake real timers.
 */
import { describe, expect, it } from 'vitest';
import { changeClock, initialClockState, simNowAt, SystemClock, type TimerSource } from './system_clock';

/** A wall clock (µs) and real timers that fire only when the test moves the wall clock. */
function fakeWall(startUs = 1_000_000_000) {
  let wallUs = startUs;
  let next = 1;
  const timers = new Map<number, { atUs: number; fn: () => void }>();
  const source: TimerSource = {
    set: (fn, ms) => {
      const id = next++;
      timers.set(id, { atUs: wallUs + ms * 1000, fn });
      return id;
    },
    clear: (h) => void timers.delete(h as number),
  };
  /** Moves the wall clock by `us`, firing due real timers in order. */
  const advance = (us: number) => {
    const target = wallUs + us;
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.atUs <= target).sort((a, b) => a[1].atUs - b[1].atUs || a[0] - b[0])[0];
      if (!due) break;
      timers.delete(due[0]);
      wallUs = Math.max(wallUs, due[1].atUs);
      due[1].fn();
    }
    wallUs = target;
  };
  return { now: () => wallUs, source, advance, armed: () => timers.size };
}

describe('simulated clock anchor', () => {
  it('runs at rate × wall time from the anchor, and is frozen while paused', () => {
    const s = { anchorWallUs: 1_000, anchorSimUs: 50_000, rate: 2, paused: false };
    expect(simNowAt(s, 1_000)).toBe(50_000);
    expect(simNowAt(s, 4_000)).toBe(56_000);
    expect(simNowAt({ ...s, paused: true }, 9_000)).toBe(50_000);
  });

  it('re-anchors at the current simulated time, so a change is continuous; rejects rates outside 0.1..10', () => {
    const s0 = initialClockState(1_000);
    const s1 = changeClock(s0, { rate: 0.5 }, 11_000);
    expect(s1).toEqual({ anchorWallUs: 11_000, anchorSimUs: 11_000, rate: 0.5, paused: false });
    expect(simNowAt(s1, 15_000)).toBe(13_000);
    const s2 = changeClock(s1, { paused: true }, 15_000);
    expect(simNowAt(s2, 99_000)).toBe(13_000);
    const s3 = changeClock(s2, { paused: false }, 99_000);
    expect(simNowAt(s3, 101_000)).toBe(14_000);
    expect(() => changeClock(s3, { rate: 20 }, 0)).toThrow(RangeError);
    expect(() => changeClock(s3, { rate: 0.01 }, 0)).toThrow(RangeError);
  });
});

describe('SystemClock', () => {
  it('fires a timer when the simulated clock reaches its due time, at the rate in force', () => {
    const w = fakeWall();
    const clock = new SystemClock({ wallNowUs: w.now, timers: w.source, state: { ...initialClockState(w.now()), rate: 2 } });
    const start = clock.nowUs();
    const fired: number[] = [];
    clock.schedule(10_000, () => fired.push(clock.nowUs() - start));
    w.advance(4_999);
    expect(fired).toEqual([]);
    w.advance(1);
    expect(fired).toEqual([10_000]);
  });

  it('re-arms pending timers for their remaining simulated time when the rate changes', () => {
    const w = fakeWall();
    const clock = new SystemClock({ wallNowUs: w.now, timers: w.source });
    const start = clock.nowUs();
    let firedAt = -1;
    clock.schedule(100_000, () => (firedAt = clock.nowUs() - start));
    w.advance(40_000); // 40 ms simulated at 1×
    clock.setState(changeClock(clock.state(), { rate: 0.1 }, w.now())); // 60 ms left = 600 ms of wall time
    w.advance(599_000);
    expect(firedAt).toBe(-1);
    w.advance(1_000);
    expect(firedAt).toBe(100_000);
  });

  it('fires nothing while paused, then continues from where the clock stopped', () => {
    const w = fakeWall();
    const clock = new SystemClock({ wallNowUs: w.now, timers: w.source });
    const start = clock.nowUs();
    const fired: string[] = [];
    clock.schedule(20_000, () => fired.push('election timeout'));
    clock.schedule(0, () => fired.push('yield'));
    w.advance(5_000);
    clock.setState(changeClock(clock.state(), { paused: true }, w.now()));
    expect(w.armed()).toBe(0);
    w.advance(60_000_000);
    expect(clock.nowUs() - start).toBe(5_000);
    expect(fired).toEqual(['yield']); // a zero-delay yield is not time: in-flight work completes
    clock.schedule(1_000, () => fired.push('scheduled while paused'));
    clock.setState(changeClock(clock.state(), { paused: false }, w.now()));
    w.advance(1_000);
    expect(fired).toEqual(['yield', 'scheduled while paused']);
    w.advance(14_000);
    expect(fired).toEqual(['yield', 'scheduled while paused', 'election timeout']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('never reads time backwards when an anchor arrives late, and cancels timers', () => {
    const w = fakeWall();
    const clock = new SystemClock({ wallNowUs: w.now, timers: w.source, state: { ...initialClockState(w.now()), rate: 10 } });
    const before = clock.nowUs();
    const late = changeClock(clock.state(), { rate: 1 }, w.now()); // computed at wall t0…
    w.advance(1_000); // …received 1 ms later (10 ms simulated at the old rate)
    const mid = clock.nowUs();
    clock.setState(late);
    expect(clock.nowUs()).toBe(mid);
    expect(mid).toBe(before + 10_000);
    const h = clock.schedule(5_000, () => {
      throw new Error('cancelled timer fired');
    });
    clock.cancel(h);
    w.advance(100_000);
    expect(clock.pendingTimers()).toBe(0);
  });
});
