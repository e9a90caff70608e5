/**
 * PALF replication with three replicas in-process (test_harness.ts): majority commit over
 * persisted copies, catch-up of a cut-off or restarted follower, truncation of a conflicting
 * suffix, restart from PalfRestoreState, group commit, and a seeded lossy network.
 */
import { describe, expect, it } from 'vitest';
import { lsn, scn, serverId } from '../common/ids';
import { PALF_SLIDING_WINDOW_ENTRIES_MAX } from '../common/limits';
import { ObError } from '../common/ob_error';
import { SeededRng } from '../env/memory';
import { PalfHarness, bytes, text } from './test/harness';
import type { PalfAppend } from './types';

describe('PALF majority commit', () => {
  it('commits an entry only once a majority has persisted it, the leader counting itself after advance', () => {
    const h = new PalfHarness();
    h.settle(); // initial probes: the logs are empty and agree
    const leader = h.node(1).replica;
    const at = leader.propose(bytes('a'));
    expect(at).toBe(1);

    const r1 = leader.ready(); // the leader has not persisted its copy yet
    expect(r1.persist.map(text)).toEqual(['a']);
    const toFollower2 = r1.messages.find((m) => m.to === 2)!;
    expect(toFollower2.message.type).toBe('append');

    // Follower 2 receives and persists; its ack reaches the leader.
    const f2 = h.node(2);
    f2.replica.step(serverId(1), toFollower2.message);
    const r2 = f2.replica.ready();
    expect(r2.persist.map(text)).toEqual(['a']);
    expect(r2.messages).toHaveLength(1);
    h.persist(f2, r2);
    f2.replica.advance(r2);
    leader.step(serverId(2), r2.messages[0].message);

    // One follower's copy is not a majority while the leader's own copy is not on disk.
    expect(leader.status().committedLsn).toBe(0);

    h.persist(h.node(1), r1);
    leader.advance(r1);
    expect(leader.status().committedLsn).toBe(1);
    const r3 = leader.ready();
    expect(r3.committed.map(text)).toEqual(['a']);
    leader.advance(r3);
  });

  it('does not commit on the leader\'s copy alone when both followers are cut off', () => {
    const h = new PalfHarness();
    h.settle();
    h.isolate(1);
    h.propose('a');
    h.tick(10);
    expect(h.node(1).disk).toHaveLength(1);
    expect(h.node(1).replica.status().committedLsn).toBe(0);
    expect(h.node(1).applied).toHaveLength(0);
    h.rejoin(1);
    h.tick(10);
    expect(h.node(1).replica.status().committedLsn).toBe(1);
    for (const id of [1, 2, 3]) expect(h.appliedLog(id)).toEqual(['1:a']);
  });

  it('refuses proposals on a follower with OB_NOT_MASTER', () => {
    const h = new PalfHarness();
    h.settle();
    let error: unknown;
    try {
      h.propose('x', 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObError);
    expect((error as ObError).obCode).toBe(-4038);
    expect(h.node(2).replica.status()).toMatchObject({ role: 'FOLLOWER', leader: 1, proposalId: 1 });
    expect(h.node(1).replica.status()).toMatchObject({ role: 'LEADER', leader: 1, proposalId: 1 });
  });

  it('answers OB_EAGAIN once the sliding window of uncommitted entries is full', () => {
    const h = new PalfHarness();
    h.settle();
    h.isolate(1);
    const leader = h.node(1).replica;
    const payload = bytes('p');
    for (let i = 0; i < PALF_SLIDING_WINDOW_ENTRIES_MAX; i++) leader.propose(payload);
    let error: unknown;
    try {
      leader.propose(payload);
    } catch (e) {
      error = e;
    }
    expect((error as ObError).obCode).toBe(-4023);
    expect((error as ObError).retryable).toBe(true);
    h.rejoin(1);
    h.tick(6);
    expect(leader.status().committedLsn).toBe(PALF_SLIDING_WINDOW_ENTRIES_MAX);
    expect(leader.propose(payload)).toBe(PALF_SLIDING_WINDOW_ENTRIES_MAX + 1);
  });

  it('ships proposals made between two ready() calls as one persist batch and one message per follower', () => {
    const h = new PalfHarness();
    h.settle();
    for (let i = 0; i < 5; i++) h.propose(`v${i}`);
    const leader = h.node(1).replica;
    const ready = leader.ready();
    expect(ready.persist.map(text)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    const appends = ready.messages.filter((m) => m.message.type === 'append');
    expect(appends.map((m) => m.to).sort()).toEqual([2, 3]);
    for (const m of appends) expect((m.message as PalfAppend).entries.map(text)).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    h.persist(h.node(1), ready);
    leader.advance(ready);
    for (const m of ready.messages) h.queue.push({ from: serverId(1), to: m.to, message: m.message });
    h.settle();
    expect(h.appliedLog(3)).toEqual(['1:v0', '2:v1', '3:v2', '4:v3', '5:v4']);
  });
});

describe('PALF follower catch-up', () => {
  it('keeps committing with one follower cut off, then catches it up to an identical log', () => {
    const h = new PalfHarness();
    h.settle();
    h.propose('before');
    h.settle();
    h.isolate(3);
    for (let i = 0; i < 40; i++) {
      h.propose(`k${i}`);
      if (i % 7 === 0) h.tick();
      else h.settle();
    }
    expect(h.node(1).replica.status().committedLsn).toBe(41);
    expect(h.node(2).applied).toHaveLength(41);
    expect(h.node(3).disk).toHaveLength(1);
    h.rejoin(3);
    h.tick(6);
    expect(h.diskLog(3)).toEqual(h.diskLog(1));
    expect(h.appliedLog(3)).toEqual(h.appliedLog(1));
    expect(h.node(1).replica.status().followers.map((f) => [f.server, f.matchLsn, f.state]))
      .toEqual([[2, 41, 'REPLICATE'], [3, 41, 'REPLICATE']]);
  });

  it('catches up a follower that was down beyond the memory window by reading the leader\'s clog', () => {
    const h = new PalfHarness({ memoryEntriesMax: 8 });
    h.settle();
    h.crash(3);
    for (let i = 0; i < 100; i++) {
      h.propose(`k${i}`);
      h.settle();
    }
    h.tick(3);
    expect(h.node(1).replica.status().committedLsn).toBe(100);
    h.restart(3);
    h.tick(6);
    expect(h.node(1).readerCalls).toBeGreaterThan(0);
    expect(h.diskLog(3)).toEqual(h.diskLog(1));
    expect(h.appliedLog(3)).toEqual(h.appliedLog(1));
  });

  it('catches up a follower that restarts with a shorter log (it lost its unacknowledged tail)', () => {
    const h = new PalfHarness();
    h.settle();
    for (let i = 0; i < 10; i++) h.propose(`a${i}`);
    h.settle();
    // Follower 2 receives the next batch but crashes before persisting it.
    h.cutLink(1, 3);
    h.propose('b0');
    h.propose('b1');
    const ready = h.node(1).replica.ready();
    h.persist(h.node(1), ready);
    h.node(1).replica.advance(ready);
    const append = ready.messages.find((m) => m.to === 2)!.message;
    h.node(2).replica.step(serverId(1), append);
    h.crash(2); // the entries were in memory only; no ack left
    expect(h.node(2).disk).toHaveLength(10);
    expect(h.node(1).replica.status().committedLsn).toBe(10);
    h.restart(2);
    h.healLink(1, 3);
    h.tick(8);
    expect(h.node(1).replica.status().committedLsn).toBe(12);
    for (const id of [2, 3]) expect(h.diskLog(id)).toEqual(h.diskLog(1));
    expect(h.appliedLog(2)).toEqual(h.appliedLog(1));
  });
});

describe('PALF conflicting suffix', () => {
  it('a follower truncates entries of an older proposal id that the restarted leader never persisted', () => {
    const h = new PalfHarness();
    h.settle();
    h.propose('a');
    h.settle();
    // The leader ships b, c, d, e to follower 3 only, then loses power before its own flush.
    h.cutLink(1, 2);
    for (const p of ['b', 'c', 'd', 'e']) h.propose(p);
    const leader = h.node(1).replica;
    const ready = leader.ready();
    for (const m of ready.messages) h.queue.push({ from: serverId(1), to: m.to, message: m.message });
    h.crash(1);
    h.settle(); // 3 persists b..e with proposal id 1
    expect(h.diskLog(3)).toEqual(['1:a', '1:b', '1:c', '1:d', '1:e']);
    expect(h.diskLog(1)).toEqual(['1:a']);

    h.healLink(1, 2);
    h.restart(1);
    expect(h.node(1).replica.status()).toMatchObject({ role: 'LEADER', proposalId: 2, lastLsn: 1 });
    h.propose('f');
    h.settle();
    h.tick(4);
    expect(h.diskLog(1)).toEqual(['1:a', '2:f']);
    expect(h.diskLog(3)).toEqual(['1:a', '2:f']);
    expect(h.diskLog(2)).toEqual(['1:a', '2:f']);
    for (const id of [1, 2, 3]) expect(h.node(id).replica.status().proposalId).toBe(2);
    expect(h.node(3).applied.map(text)).toEqual(['a', 'f']);
    expect(h.node(3).meta?.proposalId).toBe(2);
  });

  it('backs off past a whole conflicting suffix in one round trip (findConflictByTerm)', () => {
    const h = new PalfHarness();
    h.settle();
    h.propose('a');
    h.settle();
    // Proposal id 1: x0..x29 reach follower 3 only; the leader loses them.
    h.cutLink(1, 2);
    for (let i = 0; i < 30; i++) h.propose(`x${i}`);
    const lost = h.node(1).replica.ready();
    for (const m of lost.messages) h.queue.push({ from: serverId(1), to: m.to, message: m.message });
    h.crash(1);
    h.settle();
    expect(h.node(3).disk).toHaveLength(31);
    // Proposal id 2: with 3 cut off, the leader commits b0..b9 with follower 2.
    h.healLink(1, 2);
    h.isolate(3);
    h.restart(1);
    for (let i = 0; i < 10; i++) h.propose(`b${i}`);
    h.tick(3);
    expect(h.node(1).replica.status().committedLsn).toBe(11);
    // Proposal id 3: the leader restarts again and probes 3 after its last entry.
    h.crash(1);
    h.restart(1);
    h.rejoin(3);
    const leader = h.node(1).replica;
    const first = leader.ready();
    h.persist(h.node(1), first);
    leader.advance(first);
    const probe = first.messages.find((m) => m.to === 3)!.message as PalfAppend;
    expect([probe.prevLsn, probe.prevProposalId]).toEqual([11, 2]);
    h.node(3).replica.step(serverId(1), probe);
    const answer = h.node(3).replica.ready();
    h.node(3).replica.advance(answer);
    expect(answer.messages[0].message).toMatchObject({
      type: 'appendResponse', success: false, rejectedLsn: 11, hintLsn: 11, hintProposalId: 1,
    });
    leader.step(serverId(3), answer.messages[0].message);
    const second = leader.ready();
    const retry = second.messages.find((m) => m.to === 3)!.message as PalfAppend;
    expect([retry.prevLsn, retry.entries.length]).toEqual([1, 10]);
    h.persist(h.node(1), second);
    leader.advance(second);
    for (const m of [...first.messages, ...second.messages]) {
      if (m.to === 2) h.queue.push({ from: serverId(1), to: m.to, message: m.message });
    }
    h.queue.push({ from: serverId(1), to: serverId(3), message: retry });
    h.settle();
    h.propose('c');
    h.tick(3);
    expect(h.diskLog(3)).toEqual(h.diskLog(1));
    expect(h.diskLog(3).slice(-2)).toEqual(['2:b9', '3:c']);
    expect(h.node(3).applied.map(text).slice(-3)).toEqual(['b8', 'b9', 'c']);
  });
});

describe('PALF restart', () => {
  it('restarts every replica from its clog and continues with a higher proposal id', () => {
    const h = new PalfHarness();
    h.settle();
    for (let i = 0; i < 20; i++) {
      h.propose(`k${i}`);
      h.settle();
    }
    h.tick(2);
    for (const id of [1, 2, 3]) h.crash(id);
    for (const id of [1, 2, 3]) h.restart(id, 5); // checkpoints at LSN 5: replay 6.. through PALF
    const st = h.node(2).replica.status();
    expect(st).toMatchObject({ role: 'FOLLOWER', proposalId: 1, lastLsn: 20, lastProposalId: 1 });
    h.settle();
    // Each replica replays its committed entries from the clog (the reader: memory is empty).
    expect(h.node(2).applied.map((e) => e.lsn)[0]).toBe(6);
    expect(h.node(2).readerCalls).toBeGreaterThan(0);
    h.propose('after');
    h.tick(3);
    const log = h.diskLog(1);
    expect(log).toHaveLength(21);
    expect(log[20]).toBe('2:after');
    for (const id of [2, 3]) expect(h.diskLog(id)).toEqual(log);
    for (const id of [1, 2, 3]) {
      expect(h.appliedLog(id)).toEqual(log.slice(5).map((s, i) => `${i + 6}:${s.split(':')[1]}`));
      expect(h.node(id).replica.status()).toMatchObject({ proposalId: 2, committedLsn: 21, appliedLsn: 21 });
    }
  });

  it('a restarted leader commits the older uncommitted tail only through an entry of its own', () => {
    const h = new PalfHarness();
    h.settle();
    h.propose('a');
    h.settle();
    // b reaches every disk but the commit point never leaves the leader: all crash.
    h.propose('b');
    const leader = h.node(1).replica;
    const r = leader.ready();
    h.persist(h.node(1), r);
    for (const m of r.messages) h.queue.push({ from: serverId(1), to: m.to, message: m.message });
    h.queue = h.queue.filter((m) => m.message.type === 'append');
    while (h.queue.length > 0) {
      const m = h.queue.shift()!;
      h.node(m.to).replica.step(m.from, m.message);
      const fr = h.node(m.to).replica.ready();
      h.persist(h.node(m.to), fr);
    }
    for (const id of [1, 2, 3]) h.crash(id);
    for (const id of [1, 2, 3]) h.restart(id, 1);
    h.tick(4);
    expect(h.node(1).replica.status().committedLsn).toBe(1); // b is of proposal id 1
    h.propose('c');
    h.tick(2);
    for (const id of [1, 2, 3]) expect(h.node(id).applied.map(text)).toEqual(['b', 'c']);
  });
});

describe('PALF on a lossy network', () => {
  const runs: [number, number][] = [[1, 3], [7, 3], [42, 3], [1234, 3], [98765, 5], [31337, 5]];
  for (const [seed, size] of runs) {
    it(`seed ${seed}, ${size} replicas: drops, duplicates, reordering and crashes lose no committed entry, and it converges`, () => {
      const rng = new SeededRng(seed);
      const h = new PalfHarness({ rng, size, dropRate: 0.2, duplicateRate: 0.1, reorder: true, memoryEntriesMax: 16 });
      let proposed = 0;
      for (let round = 0; round < 80; round++) {
        const burst = rng.int(4);
        for (let i = 0; i < burst; i++) h.propose(`s${seed}-${proposed++}`);
        if (rng.next() < 0.15) {
          // The leader too: it comes back with a higher proposal id; when it shipped entries
          // it never persisted, followers holding them must truncate them.
          const victim = 1 + rng.int(size);
          h.crashMidReady(victim);
          h.tick(1 + rng.int(3));
          h.restart(victim);
        }
        h.tick(1);
      }
      h.options.dropRate = 0;
      h.options.duplicateRate = 0;
      h.propose('last');
      h.tick(20);
      const leaderLog = h.diskLog(1);
      expect(leaderLog[leaderLog.length - 1]).toMatch(/:last$/);
      for (const id of h.nodes.keys()) expect(h.diskLog(id)).toEqual(leaderLog);
      expect(h.node(1).replica.status().committedLsn).toBe(leaderLog.length);
      // Every entry ever applied, on any replica in any life, is in the final log at its LSN.
      for (const [at, entry] of h.appliedEver) expect(leaderLog[at - 1]).toBe(entry);
      expect(h.appliedEver.size).toBe(leaderLog.length);
    });
  }
});

describe('PALF leader bookkeeping', () => {
  it('reports its followers\' progress and the log\'s SCN range in status()', () => {
    const h = new PalfHarness();
    h.settle();
    h.node(1).replica.propose(bytes('x'), scn(1684398681521302749n));
    h.tick(2);
    const st = h.node(1).replica.status();
    expect(st.maxScn).toBe(1684398681521302749n);
    expect(st.persistedLsn).toBe(lsn(1));
    expect(st.followers).toEqual([
      { server: 2, matchLsn: 1, nextLsn: 2, state: 'REPLICATE' },
      { server: 3, matchLsn: 1, nextLsn: 2, state: 'REPLICATE' },
    ]);
    expect(h.node(3).replica.status().maxScn).toBe(1684398681521302749n);
  });
});
