/**
 * Query sessions: batches with lookahead, idle expiry, the open-session limit, and -10524 for
 * sessions that ended; and the merge of scan ranges into sorted, non-overlapping ranges.
 */
import { describe, expect, it } from 'vitest';
import { KV_QUERY_SESSIONS_MAX } from '../common/limits';
import { KV_QUERY_SESSION_IDLE_US, QuerySessionManager, RowSource } from './query_session';
import { mergeRanges } from './table_query';
import type { KvValue } from './types';

async function* numbers(n: number): AsyncGenerator<KvValue[]> {
  for (let i = 0; i < n; i++) yield [i];
}

const code = async (p: Promise<unknown>) => p.then(() => 0, (e: { obCode: number }) => e.obCode);

describe('query sessions', () => {
  it('answers batches; the last batch carries sessionId null and ends the session', async () => {
    const m = new QuerySessionManager(() => 0);
    const first = await m.start(1, ['n'], new RowSource(numbers(5)), 2);
    expect(first.rows).toEqual([[0], [1]]);
    const id = first.sessionId!;
    expect(await m.next(1, id)).toEqual({ columns: ['n'], rows: [[2], [3]], sessionId: id });
    expect(await m.next(1, id)).toEqual({ columns: ['n'], rows: [[4]], sessionId: null });
    expect(await code(m.next(1, id))).toBe(-10524);
  });

  it('a scan that fits the first batch opens no session (exact fit included)', async () => {
    const m = new QuerySessionManager(() => 0);
    expect((await m.start(1, ['n'], new RowSource(numbers(2)), 2)).sessionId).toBeNull();
    expect(m.size).toBe(0);
  });

  it('another tenant cannot use a session', async () => {
    const m = new QuerySessionManager(() => 0);
    const { sessionId } = await m.start(1, ['n'], new RowSource(numbers(5)), 1);
    expect(await code(m.next(2, sessionId!))).toBe(-10524);
  });

  it('idle sessions expire; used ones stay', async () => {
    let now = 0;
    const m = new QuerySessionManager(() => now);
    const a = (await m.start(1, ['n'], new RowSource(numbers(5)), 1)).sessionId!;
    const b = (await m.start(1, ['n'], new RowSource(numbers(5)), 1)).sessionId!;
    now = KV_QUERY_SESSION_IDLE_US / 2;
    await m.next(1, b);
    now = KV_QUERY_SESSION_IDLE_US + 1;
    m.expireIdle();
    expect(await code(m.next(1, a))).toBe(-10524);
    expect((await m.next(1, b)).rows).toEqual([[2]]);
  });

  it('past KV_QUERY_SESSIONS_MAX the least recently used session is closed', async () => {
    let now = 0;
    const m = new QuerySessionManager(() => now++);
    const ids: number[] = [];
    for (let i = 0; i <= KV_QUERY_SESSIONS_MAX; i++) ids.push((await m.start(1, ['n'], new RowSource(numbers(3)), 1)).sessionId!);
    expect(m.size).toBe(KV_QUERY_SESSIONS_MAX);
    expect(await code(m.next(1, ids[0]))).toBe(-10524);
    expect((await m.next(1, ids[1])).rows).toEqual([[1]]);
  });
});

describe('mergeRanges', () => {
  const r = (start: string, end: string, si = true, ei = true) => ({ start, end, startInclusive: si, endInclusive: ei });

  it('sorts, merges overlapping and touching ranges, drops empty ones', () => {
    expect(mergeRanges([r('d', 'f'), r('a', 'b'), r('b', 'c')])).toEqual([r('a', 'c'), r('d', 'f')]);
    expect(mergeRanges([r('a', 'b', true, false), r('b', 'c', false)])).toEqual([r('a', 'b', true, false), r('b', 'c', false)]);
    expect(mergeRanges([r('a', 'b', true, false), r('b', 'c')])).toEqual([r('a', 'c')]);
    expect(mergeRanges([r('a', 'z'), r('c', 'd')])).toEqual([r('a', 'z')]);
    expect(mergeRanges([r('c', 'a'), r('b', 'b', true, false), r('b', 'b')])).toEqual([r('b', 'b')]);
    expect(mergeRanges([r('a', 'c', true, false), r('b', 'c')])).toEqual([r('a', 'c')]);
  });
});
