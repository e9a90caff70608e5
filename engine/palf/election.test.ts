/**
 * PALF election with a leader lease (issue #4, behind `PalfConfig.election`): election on start,
 * failover, lease expiry of an isolated leader, the log-freshness rule, priority (primary zone)
 * preference and hand-over, and a seeded fault simulation checking the safety invariants.
 */
import { describe, expect, it } from 'vitest';
import { ObError } from '../common/ob_error';
import { SeededRng } from '../env/memory';
import { PalfHarness, text } from './test/harness';

const TIMEOUT = 10;
const LEASE = 8;

function electionHarness(opts: { size?: number; priorities?: number[]; seed?: number; rng?: SeededRng; dropRate?: number; duplicateRate?: number; reorder?: boolean } = {}): PalfHarness {
  const { priorities, seed, ...rest } = opts;
  return new PalfHarness({ ...rest, election: { electionTimeoutTicks: TIMEOUT, leaseTicks: LEASE, priorities, seed } });
}

/** Ticks until some live replica leads (at most `max` ticks); returns the leader and the ticks used. */
function tickUntilLeader(h: PalfHarness, max: number, exclude?: number): { id: number; ticks: number } {
  for (let t = 1; t <= max; t++) {
    h.tick();
    const leaders = h.leaders().filter((l) => l.id !== exclude);
    if (leaders.length > 0) return { id: leaders[0].id, ticks: t };
  }
  throw new Error(`no leader within ${max} ticks`);
}

function leaderOf(h: PalfHarness): number {
  const leaders = h.leaders();
  expect(leaders).toHaveLength(1);
  return leaders[0].id;
}

describe('PALF election', () => {
  it('elects one leader on start, which writes its no-op entry first, and everyone follows it', () => {
    const h = electionHarness({ seed: 3 });
    for (const n of h.nodes.values()) expect(() => n.replica.propose(new Uint8Array([1]))).toThrow(ObError);
    const { id, ticks } = tickUntilLeader(h, 3 * TIMEOUT);
    expect(ticks).toBeGreaterThanOrEqual(TIMEOUT);
    h.tick(2);
    expect(leaderOf(h)).toBe(id);
    const lsn = h.propose('a', id);
    expect(lsn).toBe(2); // LSN 1 is the leader's no-op
    h.tick(2);
    for (const n of h.nodes.values()) {
      const s = n.replica.status();
      expect(s.leader).toBe(id);
      expect(s.proposalId).toBe(2);
      expect(h.diskLog(n.id)).toEqual(['2:', '2:a']);
      expect(s.committedLsn).toBe(2);
    }
    const st = h.node(id).replica.status().election!;
    expect(st.state).toBe('LEADER');
    expect(st.takeoverDone).toBe(true);
    expect(st.leaseExpiryTick).toBeGreaterThan(st.nowTick);
  });

  it('keeps the fixed leader when election is not configured', () => {
    const h = new PalfHarness();
    h.tick(5 * TIMEOUT);
    expect(h.leaders()).toEqual([{ id: 1, proposalId: 1 }]);
    expect(h.node(1).replica.status().election).toBeUndefined();
  });

  it('fails over after the leader is isolated: a new leader within lease + timeouts, nothing committed lost', () => {
    const h = electionHarness({ seed: 5 });
    const first = tickUntilLeader(h, 3 * TIMEOUT).id;
    h.propose('a', first);
    h.propose('b', first);
    h.tick(2);
    h.isolate(first);
    const bound = LEASE + 3 * TIMEOUT + 2;
    const { id: second, ticks } = tickUntilLeader(h, bound, first);
    expect(second).not.toBe(first);
    expect(ticks).toBeLessThanOrEqual(bound);
    h.propose('c', second);
    h.tick(2);
    const log = h.diskLog(second).map((e) => e.split(':')[1]);
    expect(log).toEqual(['', 'a', 'b', '', 'c']);
    // The old leader rejoins as a follower and converges.
    h.rejoin(first);
    h.tick(TIMEOUT);
    expect(leaderOf(h)).toBe(second);
    for (const n of h.nodes.values()) expect(h.diskLog(n.id)).toEqual(h.diskLog(second));
  });

  it('an isolated leader steps down when its lease expires, before anyone else leads', () => {
    const h = electionHarness({ seed: 7 });
    const old = tickUntilLeader(h, 3 * TIMEOUT).id;
    h.tick(3);
    h.isolate(old);
    const expiry = h.node(old).replica.status().election!.leaseExpiryTick!;
    let steppedDownAt: number | null = null;
    let otherLeaderAt: number | null = null;
    for (let i = 0; i < LEASE + 3 * TIMEOUT; i++) {
      h.tick();
      const now = h.node(old).replica.status().election!.nowTick;
      expect(h.leaders().length).toBeLessThanOrEqual(1);
      if (steppedDownAt === null && !h.node(old).replica.isLeader()) steppedDownAt = now;
      if (otherLeaderAt === null && h.leaders().some((l) => l.id !== old)) otherLeaderAt = now;
    }
    expect(steppedDownAt).toBe(expiry);
    expect(otherLeaderAt).not.toBeNull();
    expect(otherLeaderAt!).toBeGreaterThanOrEqual(steppedDownAt!);
    expect(() => h.propose('late', old)).toThrow(/not the master/i);
  });

  it('a candidate with a shorter log is refused; the replica holding every committed entry wins', () => {
    // Priorities: 3 > 1 > 2. Node 3 leads first; isolated, it loses the lead to 1.
    const h = electionHarness({ priorities: [2, 1, 3], seed: 11 });
    expect(tickUntilLeader(h, 3 * TIMEOUT).id).toBe(3);
    h.isolate(3);
    expect(tickUntilLeader(h, LEASE + 4 * TIMEOUT, 3).id).toBe(1);
    h.propose('x', 1);
    h.propose('y', 1);
    h.tick(2);
    expect(h.node(2).replica.status().committedLsn).toBe(4);
    h.crash(1);
    h.rejoin(3);
    h.trace = [];
    const { id } = tickUntilLeader(h, LEASE + 5 * TIMEOUT);
    const trace = h.trace;
    h.trace = null;
    // 3 (highest priority, stale log) campaigned first and 2 refused it; 2 won with 3's vote.
    expect(trace.some((l) => l.startsWith('3->2 vote? '))).toBe(true);
    expect(trace.some((l) => /^2->3 vote-no /.test(l))).toBe(true);
    expect(id).toBe(2);
    h.tick(TIMEOUT);
    const payloads = h.diskLog(3).map((e) => e.split(':')[1]);
    expect(payloads.slice(0, 4)).toEqual(['', '', 'x', 'y']);
  });

  it('prefers the highest priority on start and hands the lead back to it when it returns', () => {
    const h = electionHarness({ priorities: [1, 3, 2], seed: 13 });
    expect(tickUntilLeader(h, 3 * TIMEOUT).id).toBe(2);
    h.isolate(2);
    expect(tickUntilLeader(h, LEASE + 4 * TIMEOUT, 2).id).toBe(3);
    h.propose('p', 3);
    h.tick(2);
    h.rejoin(2);
    h.trace = [];
    for (let i = 0; i < 3 * TIMEOUT && leaderOf(h) !== 2; i++) h.tick();
    expect(h.trace.some((l) => l.startsWith('3->2 timeout-now'))).toBe(true);
    h.trace = null;
    expect(leaderOf(h)).toBe(2);
    h.propose('q', 2);
    h.tick(2);
    expect(h.diskLog(1).map((e) => e.split(':')[1]).filter((p) => p !== '')).toEqual(['p', 'q']);
  });

  it('a voter grants one vote per proposal id and persists it before answering', () => {
    const h = electionHarness({ seed: 17 });
    const leader = tickUntilLeader(h, 3 * TIMEOUT).id;
    const pid = h.node(leader).replica.status().proposalId;
    for (const n of h.nodes.values()) {
      expect(n.meta?.proposalId).toBe(pid);
      expect(n.meta?.votedFor).toBe(leader);
    }
  });
});

describe('PALF election under random faults', () => {
  for (const seed of Array.from({ length: 40 }, (_, i) => i + 1)) {
    it(`seed ${seed}: at most one leader, one leader per proposal id, no committed entry lost`, () => {
      const rng = new SeededRng(seed);
      const size = seed % 3 === 0 ? 5 : 3;
      const h = electionHarness({ size, seed, rng, dropRate: 0.05, duplicateRate: 0.05, reorder: seed % 2 === 0 });
      const leaderOfProposal = new Map<number, number>();
      const down = new Set<number>();
      let next = 0;
      for (let step = 0; step < 400; step++) {
        const r = rng.next();
        const a = 1 + rng.int(size);
        const b = 1 + rng.int(size);
        if (r < 0.3) {
          for (const l of h.leaders()) {
            try { h.propose(`v${next++}`, l.id); } catch (e) { if (!(e instanceof ObError)) throw e; }
          }
        } else if (r < 0.33 && a !== b) h.cutLink(a, b);
        else if (r < 0.38) h.healLink(a, b);
        else if (r < 0.40) h.isolate(a);
        else if (r < 0.44) h.rejoin(a);
        else if (r < 0.46 && !down.has(a) && down.size < Math.floor((size - 1) / 2)) {
          if (rng.next() < 0.5) h.crash(a); else h.crashMidReady(a);
          down.add(a);
        } else if (r < 0.50 && down.has(a)) {
          h.restart(a);
          down.delete(a);
        } else h.tick();
        h.checkLeaders(leaderOfProposal, step);
      }
      // Heal everything: one leader emerges, and every replica holds every entry ever applied.
      for (const id of down) h.restart(id);
      for (let x = 1; x <= size; x++) h.rejoin(x);
      h.options.dropRate = 0;
      h.options.duplicateRate = 0;
      const { id } = tickUntilLeader(h, LEASE + (size + 2) * TIMEOUT);
      h.propose('final', id);
      h.tick(3 * TIMEOUT);
      const leader = leaderOf(h);
      const finalLog = h.diskLog(leader);
      for (const [lsn, key] of h.appliedEver) expect(finalLog[lsn - 1], `LSN ${lsn}`).toBe(key);
      for (const n of h.nodes.values()) {
        expect(h.diskLog(n.id)).toEqual(finalLog);
        expect(n.replica.status().committedLsn).toBe(finalLog.length);
        // Every replica applied its whole log. ('final' itself may be lost, unacknowledged, when a
        // restarted replica's higher proposal id deposes that leader once: there is no pre-vote yet.)
        expect(n.applied.map((e) => `${e.proposalId}:${text(e)}`)).toEqual(finalLog);
      }
    });
  }
});
