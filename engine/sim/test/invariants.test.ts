/**
 * The simulation's checkers can fail: each invariant of `ClusterMonitor` and of the workload's
 * ledger is shown catching the fault it exists for, injected behind the engine's back on a
 * healthy cluster (a second replica claiming a valid lease, a replica whose committed entry
 * differs, a replica applying past its commit point, an acknowledged row deleted, half of a 2PC
 * pair changed). Without these, a sweep that reports nothing would prove nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LogEntry, PalfStatus } from '../../palf/types';
import { SimCluster } from '../sim_cluster';
import { ClusterMonitor } from './invariants';
import { nodeSimOptions } from './node_host';
import { WORKLOAD_DDL, Workload } from './workload';

let cluster: SimCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

async function boot(seed: number): Promise<SimCluster> {
  const c = (cluster = await SimCluster.start(nodeSimOptions(seed)));
  for (const ddl of WORKLOAD_DDL) expect((await c.sql(1, ddl)).error).toBeUndefined();
  return c;
}

/** A follower of LS 1002/1001 (the `kv` table's LS), and its replica. */
function followerOf(c: SimCluster) {
  const id = c.aliveIds().find((s) => !c.server(s)!.logStream(1002, 1001)!.isLeader())!;
  return { id, ls: c.server(id)!.logStream(1002, 1001)! };
}

const invariants = (m: ClusterMonitor) => m.violations.map((v) => v.invariant);

describe('ClusterMonitor', () => {
  it('reports nothing on a healthy cluster, and sees exactly one lease holder per LS', async () => {
    const c = await boot(5);
    const m = new ClusterMonitor(c);
    m.start();
    for (let i = 1; i <= 5; i++) expect((await c.sql(1, `INSERT INTO kv VALUES (${i}, ${i})`)).error).toBeUndefined();
    await c.advance(500);
    m.stop();
    expect(m.checkLogs(true)).toBeGreaterThan(0);
    expect(m.violations).toEqual([]);
    expect(m.maxValidLeases).toBe(1);
    expect(m.samples).toBeGreaterThanOrEqual(50);
  }, 60_000);

  it('catches a second leader with a valid lease, and a second leader of the same proposal id', async () => {
    const c = await boot(6);
    const { ls } = followerOf(c);
    const honest = ls.palf.status.bind(ls.palf);
    const leader = c.aliveIds().map((s) => c.server(s)!.logStream(1002, 1001)!).find((x) => x.isLeader())!;
    ls.palf.status = (): PalfStatus => {
      const mine = honest();
      const theirs = leader.palf.status();
      return { ...mine, role: 'LEADER', proposalId: theirs.proposalId, election: { ...mine.election!, leaseExpiryTick: mine.election!.nowTick + 10 } };
    };
    const m = new ClusterMonitor(c);
    m.sample();
    expect(invariants(m)).toContain('lease');
    expect(invariants(m)).toContain('proposal');
    expect(m.violations.find((v) => v.invariant === 'lease')!.message).toMatch(/LS 1002\/1001: servers \d, \d are all LEADER with an unexpired lease/);
  }, 60_000);

  it('catches a replica whose committed entry differs from another replica’s', async () => {
    const c = await boot(7);
    for (let i = 1; i <= 3; i++) expect((await c.sql(1, `INSERT INTO kv VALUES (${i}, ${i})`)).error).toBeUndefined();
    await c.advance(300);
    const m = new ClusterMonitor(c);
    expect(m.checkLogs(true)).toBeGreaterThan(0);
    expect(m.violations).toEqual([]);
    const { ls } = followerOf(c);
    const honest = ls.clog.read.bind(ls.clog);
    const last = Math.min(ls.palf.status().committedLsn, ls.clog.lastLsn);
    ls.clog.read = (from, max): LogEntry[] =>
      honest(from, max).map((e) => (e.lsn === last ? { ...e, payload: Uint8Array.from(e.payload, (b, i) => (i === e.payload.length - 1 ? b ^ 1 : b)) } : e));
    m.checkLogs(true);
    expect(invariants(m)).toEqual(['log']);
    expect(m.violations[0].message).toContain(`LSN ${last}`);
  }, 60_000);

  it('catches a replica that applied past its committed LSN', async () => {
    const c = await boot(8);
    const { ls } = followerOf(c);
    ls.appliedLsn = ls.palf.status().committedLsn + 1;
    const m = new ClusterMonitor(c);
    m.sample();
    expect(invariants(m)).toEqual(['apply']);
  }, 60_000);
});

describe('Workload ledger', () => {
  it('passes a faultless run, then catches an acknowledged row deleted and half of a pair changed', async () => {
    const c = await boot(9);
    const m = new ClusterMonitor(c);
    const w = new Workload(c, m, 9);
    const running = w.run();
    await c.advance(1_000);
    w.stop();
    await c.pumped(running);
    expect(w.stats.acked).toBeGreaterThan(10);
    expect(w.stats.twoPhaseAcked).toBeGreaterThan(0);
    expect(w.stats.unknown).toBe(0);
    await w.verifyFinal(2);
    expect(m.violations).toEqual([]);
    // Each pair transaction spans two log streams (so its COMMIT is a 2PC): `acct`'s partitions
    // sit on three LSs, and the rows landed in more than one of them.
    const acct = c.server(1)!.schemas.get(1002)!.getTable('test', 'acct')!;
    expect(new Set(acct.partitions.map((p) => p.lsId)).size).toBe(3);
    const tablets = (await c.snapshot(1)).tablets.filter((t) => acct.partitions.some((p) => p.tabletId === t.tabletId));
    const filled = tablets.filter((t) => t.memtables.reduce((n, x) => n + x.rowCount, 0) > 0);
    expect(new Set(filled.map((t) => t.lsId)).size).toBeGreaterThanOrEqual(2);

    expect((await c.sql(1, 'DELETE FROM kv WHERE id = 1')).error).toBeUndefined();
    expect((await c.sql(1, 'UPDATE acct SET v = -1 WHERE id = 4')).error).toBeUndefined();
    await w.verifyFinal(3);
    expect(m.violations.map((v) => `${v.invariant}: ${v.message}`)).toEqual([
      expect.stringMatching(/^ack: kv row 1 is missing after acknowledged writes \(acked: INSERT INTO kv VALUES \(1, \d+\)/),
      expect.stringMatching(/^atomicity: acct pair \(3, 4\) ends as \(\d+, -1\): half of a 2PC transaction/),
    ]);
  }, 60_000);
});
