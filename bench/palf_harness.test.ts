/**
 * The `palf` benchmarks' harness must measure a working log: entries commit on a majority and
 * every replica applies the same ones, an election replaces a crashed leader with one whose no-op
 * is committed, and a restarted follower catches up from its clog to the leader's log. A figure
 * measured on a harness that loses or invents entries would be worthless.
 */
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../engine/palf';
import { PalfGroup } from './palf_harness';

const enc = new TextEncoder();
const dec = new TextDecoder();
const text = (e: LogEntry) => dec.decode(e.payload);

describe('PalfGroup', () => {
  it('commits on a 3-replica group and every replica applies the same entries in order', async () => {
    const applied = new Map<number, string[]>();
    const g = await PalfGroup.create({
      size: 3,
      onApply: (n, e) => applied.set(n.id, [...(applied.get(n.id) ?? []), `${e.lsn}:${text(e)}`]),
    });
    for (let i = 1; i <= 5; i++) g.propose(enc.encode(`v${i}`));
    g.settle();
    const expected = [1, 2, 3, 4, 5].map((i) => `${i}:v${i}`);
    for (const id of [1, 2, 3]) expect(applied.get(id)).toEqual(expected);
    expect(g.messagesDelivered).toBeGreaterThan(0);
    g.close();
  });

  it('a single replica commits without any message', async () => {
    const g = await PalfGroup.create({ size: 1 });
    const at = g.propose(enc.encode('solo'));
    expect(g.node(1).appliedLsn).toBe(at);
    expect(g.messagesDelivered).toBe(0);
    g.close();
  });

  it('commits once the leader hears one ack with one of three replicas down, not before', async () => {
    const g = await PalfGroup.create({ size: 3 });
    g.crash(3);
    const at = g.propose(enc.encode('x'));
    expect(g.node(1).appliedLsn).toBe(0);
    g.deliverRound(); // append reaches replica 2
    expect(g.node(1).appliedLsn).toBe(0);
    g.deliverRound(); // its ack reaches the leader
    expect(g.node(1).appliedLsn).toBe(at);
    g.close();
  });

  it('elects a new leader with a committed no-op after the leader crashes', async () => {
    const g = await PalfGroup.create({ size: 3, election: { electionTimeoutTicks: 10, leaseTicks: 10, seed: 7 } });
    let ticks = 0;
    while (g.servingLeader() === null && ticks++ < 200) g.tick();
    const first = g.servingLeader();
    expect(first).not.toBeNull();
    g.propose(enc.encode('before'));
    g.settle();
    g.crash(first!.id);
    ticks = 0;
    while (g.servingLeader() === null && ticks++ < 500) g.tick();
    const second = g.servingLeader();
    expect(second).not.toBeNull();
    expect(second!.id).not.toBe(first!.id);
    // The entry committed under the first leader survives on the new one.
    const log = g.readLog(second!.id, 1, 10).map(text);
    expect(log).toContain('before');
    g.close();
  });

  it('a follower restarted from its clog catches up to the leader log', async () => {
    const g = await PalfGroup.create({ size: 3, memoryEntriesMax: 64 });
    g.propose(enc.encode('e0'));
    g.settle();
    g.crash(3);
    for (let i = 1; i <= 1000; i++) g.proposeOnly(g.node(1), enc.encode(`e${i}`));
    g.settle();
    expect(g.node(1).appliedLsn).toBe(1001);
    const node3 = await g.restart(3);
    expect(node3.appliedLsn).toBeLessThan(1001);
    let ticks = 0;
    while (node3.appliedLsn < 1001 && ticks++ < 100) g.tick();
    expect(node3.appliedLsn).toBe(1001);
    const leaderLog = g.readLog(1, 1, 1001).map(text);
    expect(g.readLog(3, 1, 1001).map(text)).toEqual(leaderLog);
    g.close();
  });
});

describe('runPalfBench', () => {
  it('emits every figure of a small run and no error line', async () => {
    const { runPalfBench } = await import('./palf_bench');
    const records: { bench: string; engine: string; metric: string; value: number }[] = [];
    await runPalfBench({
      singleCommits: 200, groupCommits: 2000, inflight: 256, payloadBytes: 200, failoverRuns: 3,
      catchupEntries: [1000], emit: (r) => records.push(r),
    });
    expect(records.filter((r) => r.metric === 'error')).toEqual([]);
    const get = (bench: string, engine: string, metric: string) =>
      records.find((r) => r.bench === bench && r.engine === engine && r.metric === metric)?.value;
    for (const n of [1, 3, 5]) {
      expect(get('palf_commit_single', 'oceanbase-playground', `latency_mean_${n}f`)).toBeGreaterThan(0);
      expect(get('palf_commit_group', 'oceanbase-playground', `throughput_${n}f`)).toBeGreaterThan(0);
    }
    // One proposer waiting for each commit: append + ack per follower, then the commit point.
    expect(get('palf_commit_single', 'oceanbase-playground', 'round_trips_per_commit_3f')).toBe(1);
    expect(get('palf_commit_single', 'oceanbase-playground', 'messages_per_commit_1f')).toBe(0);
    expect(get('palf_commit_single', 'sql.js', 'latency_mean')).toBeGreaterThan(0);
    for (const b of ['palf_failover_3f', 'palf_failover_5f', 'palf_failover_3f_ranked', 'palf_failover_5f_ranked']) {
      expect(get(b, 'oceanbase-playground', 'runs')).toBe(3);
      // A new leader needs at least one lease without the old one (4 s: 80 ticks of 50 ms).
      expect(get(b, 'oceanbase-playground', 'failover_min')).toBeGreaterThanOrEqual(4000);
    }
    expect(get('palf_catchup_1k', 'oceanbase-playground', 'throughput')).toBeGreaterThan(0);
  }, 60_000);
});
