/** One line per OBKV call: the route from the client's trace, retries and the queue label. */
import { describe, expect, it } from 'vitest';
import type { KvCallTrace } from '../../engine/client/trace';
import { retryLines, routeText, traceLine } from './kvRoute';
import { queueLabel, queueTitle } from './requestQueue';

const trace: KvCallTrace = {
  seq: 3, call: "insert('t1', [1])", method: 'table.execute', tenant: 'test', table: 't1', rowkey: '[1]',
  partitionRule: 'KEY(c1): murmurhash64a → 7 % 4 = 3', partition: 'p3', partitionIndex: 3, tabletId: 200004, lsId: 1001,
  serverId: 1, svrIp: '10.0.0.1', zone: 'zone1', cacheHit: false, ok: true, elapsedUs: 1234,
  retries: [{ serverId: 2, svrIp: '10.0.0.2', error: '[-4038][OB_NOT_MASTER][The observer or zone is not the master]', obCode: -4038 }],
};

describe('route lines', () => {
  it('reads partition → tablet → LS → server (zone)', () => {
    expect(routeText(trace)).toBe('p3 [KEY(c1): murmurhash64a → 7 % 4 = 3] → tablet 200004 → LS 1001 → 10.0.0.1 (zone1)');
    expect(traceLine(trace)).toBe(`insert('t1', [1]) → ${routeText(trace)} · route refreshed · 1.23 ms`);
    expect(routeText({ ...trace, partition: null, partitionRule: null, partitionIndex: 0 })).toBe('one partition → tablet 200004 → LS 1001 → 10.0.0.1 (zone1)');
  });

  it('says who answered what before the retry', () => {
    expect(retryLines(trace)).toEqual(['retried: 10.0.0.2 answered -4038 OB_NOT_MASTER → refreshed']);
    expect(retryLines({ ...trace, retries: [{ serverId: 3, svrIp: '10.0.0.3', error: 'Rpc send error', obCode: -4121 }] })).toEqual([
      'retried: 10.0.0.3 answered -4121 → refreshed',
    ]);
  });
});

describe('request queue label', () => {
  const q = { workers: 16, active: 3, queuedRpc: 1, queuedSql: 2, capacity: 1000, servedRpc: 10, servedSql: 20, rejected: 0, depthMax: 7 };
  it('shows waiting and busy, and refusals when any', () => {
    expect(queueLabel(q)).toBe('queue 3 · 3/16 busy');
    expect(queueLabel({ ...q, rejected: 2 })).toBe('queue 3 · 3/16 busy · 2 refused');
    expect(queueTitle(q)).toContain('served since start: 10 RPC, 20 SQL');
    expect(queueTitle(q)).toContain('refused (queue full, -4019): 0');
  });
});
