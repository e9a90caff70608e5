/**
 * The page target's pure parts: a KV tab answer becomes the cell's KvRunOutput as the headless
 * runner builds it (printed lines, then the returned value; `line N:` split off the error), and
 * `sleep` waits simulated ms at the clock's rate.
 */
import { describe, expect, it } from 'vitest';
import { kvAnswerToOutput, realMsFor } from './pageTarget';

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
});
