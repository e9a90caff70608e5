/**
 * The message trace: batches per interval in send order, a uniform seeded sample of at most
 * TRACE_BATCH_MAX beyond that with the true count, kinds named by RPC method / PALF type, and
 * nothing recorded while off.
 */
import { describe, expect, it } from 'vitest';
import { SeededRng } from '../engine/env/memory';
import { MessageTracer, TRACE_BATCH_MAX, type TracedMessage } from './message_trace';

function tracer() {
  const posted: { messages: TracedMessage[]; total: number }[] = [];
  const timers: (() => void)[] = [];
  let nowMs = 1_000;
  const t = new MessageTracer(1, (messages, total) => posted.push({ messages, total }), () => nowMs++, new SeededRng(5), {
    set: (fn) => timers.push(fn),
  });
  return { t, posted, fire: () => timers.splice(0).forEach((f) => f()), timers };
}

describe('MessageTracer', () => {
  it('records nothing while off, then one batch per interval with kinds and sizes', () => {
    const { t, posted, fire, timers } = tracer();
    t.record(2, { t: 'msg', m: 'palf', b: { tenantId: 1002, lsId: 1001, message: { type: 'append' } } });
    expect(timers).toHaveLength(0);
    t.setEnabled(true);
    t.record(2, { t: 'msg', m: 'palf', b: { tenantId: 1002, lsId: 1001, message: { type: 'voteRequest' } } });
    t.record(3, { t: 'req', id: 7, m: 'das.write', b: { bytes: new Uint8Array(300) } });
    t.record(3, { t: 'res', id: 7, ok: true, b: null });
    expect(timers).toHaveLength(1);
    fire();
    expect(posted).toHaveLength(1);
    expect(posted[0].total).toBe(3);
    expect(posted[0].messages.map((m) => [m.from, m.to, m.kind, m.sentAtMs])).toEqual([
      [1, 2, 'palf.voteRequest', 1000],
      [1, 3, 'das.write', 1001],
      [1, 3, 'response', 1002],
    ]);
    expect(posted[0].messages[1].bytes).toBeGreaterThan(300);
  });

  it('samples a busy interval down to the batch limit and reports the true count', () => {
    const { t, posted, fire } = tracer();
    t.setEnabled(true);
    for (let i = 0; i < 1_000; i++) t.record(2 + (i % 2), { t: 'msg', m: 'palf', b: { message: { type: 'heartbeat' } } });
    fire();
    const { messages, total } = posted[0];
    expect(total).toBe(1_000);
    expect(messages).toHaveLength(TRACE_BATCH_MAX);
    expect(messages.some((m) => m.sentAtMs >= 1_000 + TRACE_BATCH_MAX)).toBe(true); // later sends were sampled in
    expect(messages.map((m) => m.sentAtMs)).toEqual([...messages.map((m) => m.sentAtMs)].sort((a, b) => a - b));
  });
});
