/**
 * The network store's trace window: messages are kept only while the trace is on, for the last
 * TRACE_WINDOW_MS of simulated time, at most MESSAGES_KEPT; one fault per one-way link.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { addMessages, MESSAGES_KEPT, putFault, resetNetwork, setTrace, TRACE_WINDOW_MS, useNetworkStore } from './networkStore';

const msg = (sentAtMs: number) => ({ from: 1, to: 2, kind: 'palf.heartbeat', bytes: 40, sentAtMs });

beforeEach(() => resetNetwork());

describe('networkStore', () => {
  it('keeps traced messages only while the trace is on, within the window and the cap', () => {
    addMessages([msg(1)], 1);
    expect(useNetworkStore.getState().messages).toEqual([]);
    setTrace(true);
    addMessages([msg(1_000), msg(2_000)], 5);
    addMessages([msg(1_000 + TRACE_WINDOW_MS + 500)], 1);
    expect(useNetworkStore.getState().messages.map((m) => m.sentAtMs)).toEqual([2_000, 1_000 + TRACE_WINDOW_MS + 500]);
    expect(useNetworkStore.getState().messagesSent).toBe(6);
    addMessages(Array.from({ length: MESSAGES_KEPT + 10 }, (_, i) => msg(10_000 + i / 10)), MESSAGES_KEPT + 10);
    expect(useNetworkStore.getState().messages).toHaveLength(MESSAGES_KEPT);
    setTrace(false);
    expect(useNetworkStore.getState().messages).toEqual([]);
  });

  it('holds one fault per one-way link and drops healed ones', () => {
    putFault({ from: 2, to: 1, cut: true, delayUs: 0, lossRate: 0 });
    putFault({ from: 1, to: 2, cut: false, delayUs: 5, lossRate: 0 });
    putFault({ from: 2, to: 1, cut: false, delayUs: 0, lossRate: 0.5 });
    expect(useNetworkStore.getState().faults).toEqual([
      { from: 1, to: 2, cut: false, delayUs: 5, lossRate: 0 },
      { from: 2, to: 1, cut: false, delayUs: 0, lossRate: 0.5 },
    ]);
    putFault({ from: 1, to: 2, cut: false, delayUs: 0, lossRate: 0 });
    expect(useNetworkStore.getState().faults).toHaveLength(1);
  });
});
