import { describe, expect, it } from 'vitest';
import { RequestQueue } from './request_queue';

/** A task that finishes when `release()` is called, recording when it started. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { task: async () => { log.push(name); await done; return name; }, release: () => release() };
}

describe('RequestQueue', () => {
  it('serves at most `workers` requests at once and RPC before SQL', async () => {
    const q = new RequestQueue(1, 10);
    const log: string[] = [];
    const a = gate(log, 'sql-a');
    const b = gate(log, 'sql-b');
    const c = gate(log, 'rpc-c');
    const pa = q.submit('sql', a.task);
    const pb = q.submit('sql', b.task);
    const pc = q.submit('rpc', c.task);
    expect(log).toEqual(['sql-a']);
    expect(q.snapshot()).toMatchObject({ active: 1, queuedSql: 1, queuedRpc: 1, depthMax: 2 });
    a.release();
    await pa;
    await Promise.resolve();
    expect(log).toEqual(['sql-a', 'rpc-c']);
    c.release();
    await pc;
    await Promise.resolve();
    b.release();
    expect(await pb).toBe('sql-b');
    expect(log).toEqual(['sql-a', 'rpc-c', 'sql-b']);
    expect(q.snapshot()).toMatchObject({ active: 0, queuedSql: 0, queuedRpc: 0, servedRpc: 1, servedSql: 2 });
  });

  it('refuses a request beyond capacity with -4019 and frees workers of failed tasks', async () => {
    const q = new RequestQueue(1, 1);
    const log: string[] = [];
    const a = gate(log, 'a');
    const pa = q.submit('rpc', a.task);
    const pb = q.submit('rpc', async () => { throw new Error('boom'); });
    await expect(q.submit('rpc', async () => 1)).rejects.toMatchObject({ obCode: -4019 });
    expect(q.snapshot().rejected).toBe(1);
    a.release();
    await pa;
    await expect(pb).rejects.toThrow('boom');
    expect(await q.submit('sql', async () => 7)).toBe(7);
    expect(q.snapshot().active).toBe(0);
  });
});
