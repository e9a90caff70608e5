/**
 * The page target's pure parts: a KV tab answer becomes the cell's KvRunOutput as the headless
 * runner builds it (printed lines, then the returned value; `line N:` split off the error), and
 * `sleep` waits simulated ms at the clock's rate, and a stop ends a long wait (`advance 600s`) at once.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allowPageTargetSleeps, kvAnswerToOutput, realMsFor, stoppableSleep, stopPageTargetSleeps } from './pageTarget';

describe('page scenario target', () => {
  it('turns a KV answer into the cell output', () => {
    expect(kvAnswerToOutput({ output: ['a', 'b'], traces: [], value: 'x\ny' })).toEqual({ lines: ['a', 'b', 'x', 'y'], error: null, errorLine: null });
    expect(kvAnswerToOutput({ output: ['a'], traces: [], error: 'line 3: ObTableException: [-5024]' })).toEqual({
      lines: ['a'],
      error: 'ObTableException: [-5024]',
      errorLine: 3,
    });
    expect(kvAnswerToOutput({ output: [], traces: [], error: 'script stopped' })).toEqual({ lines: [], error: 'script stopped', errorLine: null });
  });

  it('waits simulated time at the clock rate', () => {
    expect(realMsFor(1000, 2)).toBe(500);
    expect(realMsFor(1000, 0.5)).toBe(2000);
  });

  describe('stoppable sleeps', () => {
    afterEach(() => {
      allowPageTargetSleeps();
      vi.useRealTimers();
    });

    it('a stop ends a pending 600 s sleep at once, and later sleeps until allowed again', async () => {
      vi.useFakeTimers();
      let settled: string | null = null;
      const long = stoppableSleep(600_000).then(() => (settled = 'resolved'), (e: Error) => (settled = e.message));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(settled).toBeNull();
      stopPageTargetSleeps('stopped by the user');
      await long;
      expect(settled).toBe('stopped by the user');
      expect(vi.getTimerCount()).toBe(0);
      // The runner's wait loop sleeps again after its check: that sleep must not wait either.
      await expect(stoppableSleep(200)).rejects.toThrow('stopped by the user');
      allowPageTargetSleeps();
      const next = stoppableSleep(200);
      await vi.advanceTimersByTimeAsync(200);
      await expect(next).resolves.toBeUndefined();
    });
  });
});
