/**
 * PALF membership changes under random faults (issue #4): a seeded simulation mixing proposals,
 * ticks, cut links, crashes and restarts with random single-server config changes — learners added
 * and removed, learners promoted, members demoted or removed, the group growing from 3 to 5
 * members and shrinking back. Checked at every step: at most one live leader, one leader per
 * proposal id; by the harness on every commit and apply: a committed entry is on a majority of the
 * committing leader's members, every replica applies the same entry at an LSN. At the end, healed:
 * no applied entry was lost, and every replica of the final configuration holds the leader's log
 * and its configuration.
 */
import { describe, expect, it } from 'vitest';
import type { ServerId } from '../common/ids';
import { ObError } from '../common/ob_error';
import { SeededRng } from '../env/memory';
import { PalfHarness } from './test/harness';
import type { PalfConfigChange } from './types';

const TIMEOUT = 10;
const LEASE = 8;
const NODES = 5;

/** A random change that applies to `leader`'s configuration (keeping ≥ 3 members), or null. */
function randomChange(h: PalfHarness, leader: ServerId, rng: SeededRng): PalfConfigChange | null {
  const s = h.node(leader).replica.status();
  const members = s.memberList;
  const learners = s.learnerList ?? [];
  const outside = [...h.nodes.keys()].filter((x) => !members.includes(x) && !learners.includes(x));
  const options: PalfConfigChange[] = [];
  for (const x of outside) options.push({ type: 'addLearner', server: x });
  for (const x of learners) options.push({ type: 'promoteLearner', server: x }, { type: 'removeLearner', server: x });
  if (members.length > 3) {
    for (const x of members) options.push({ type: 'removeMember', server: x }, { type: 'demoteMember', server: x });
  }
  return options.length === 0 ? null : options[rng.int(options.length)];
}

function runSeed(seed: number): { changes: number; maxMembers: number } {
  const rng = new SeededRng(seed);
  const h = new PalfHarness({
    size: 3, rng, dropRate: 0.05, duplicateRate: 0.05, reorder: seed % 2 === 0,
    election: { electionTimeoutTicks: TIMEOUT, leaseTicks: LEASE, initialTimeoutTicks: 4, seed },
  });
  for (let id = 4; id <= NODES; id++) h.addNode(id);
  const leaderOfProposal = new Map<number, number>();
  const down = new Set<number>();
  let next = 0;
  let changes = 0;
  let maxMembers = 3;
  for (let step = 0; step < 500; step++) {
    const r = rng.next();
    const a = 1 + rng.int(NODES);
    const b = 1 + rng.int(NODES);
    if (r < 0.25) {
      for (const l of h.leaders()) {
        try { h.propose(`v${next++}`, l.id); } catch (e) { if (!(e instanceof ObError)) throw e; }
      }
    } else if (r < 0.35) {
      for (const l of h.leaders()) {
        const change = randomChange(h, l.id, rng);
        if (change === null) continue;
        try {
          h.change(change, l.id);
          changes++;
        } catch (e) {
          if (!(e instanceof ObError)) throw e;
        }
      }
    } else if (r < 0.37 && a !== b) h.cutLink(a, b);
    else if (r < 0.41) h.healLink(a, b);
    else if (r < 0.42) h.isolate(a);
    else if (r < 0.45) h.rejoin(a);
    else if (r < 0.46 && !down.has(a) && down.size === 0) {
      if (rng.next() < 0.5) h.crash(a); else h.crashMidReady(a);
      down.add(a);
    } else if (r < 0.50 && down.has(a)) {
      h.restart(a);
      down.delete(a);
    } else h.tick();
    for (const l of h.checkLeaders(leaderOfProposal, step)) {
      maxMembers = Math.max(maxMembers, h.node(l.id).replica.status().memberList.length);
    }
  }
  // Heal everything: one leader emerges, and every replica of its configuration converges.
  for (const id of down) h.restart(id);
  for (let x = 1; x <= NODES; x++) h.rejoin(x);
  h.options.dropRate = 0;
  h.options.duplicateRate = 0;
  let leader: ServerId | null = null;
  for (let t = 0; t < 50 * TIMEOUT && leader === null; t++) {
    h.tick();
    leader = h.leaders()[0]?.id ?? null;
  }
  expect(leader, 'a leader after healing').not.toBeNull();
  h.propose('final', leader!);
  h.tick(3 * TIMEOUT);
  // A replica that missed its demotion may still campaign once and depose that leader (no
  // pre-vote): wait for the next one (seed 1332).
  for (let t = 0; t < 20 * TIMEOUT && h.leaders().length === 0; t++) h.tick();
  h.tick(3 * TIMEOUT);
  const finalLeader = h.leaders();
  expect(finalLeader).toHaveLength(1);
  const ls = h.node(finalLeader[0].id).replica.status();
  const finalLog = h.diskLog(finalLeader[0].id);
  for (const [lsn, key] of h.appliedEver) expect(finalLog[lsn - 1], `LSN ${lsn}`).toBe(key);
  expect(ls.configChangePending).toBe(false);
  for (const id of [...ls.memberList, ...(ls.learnerList ?? [])]) {
    const s = h.node(id).replica.status();
    expect(h.diskLog(id), `log of ${id}`).toEqual(finalLog);
    expect(s.committedLsn).toBe(finalLog.length);
    expect([s.memberList, s.learnerList, s.configVersion]).toEqual([ls.memberList, ls.learnerList, ls.configVersion]);
  }
  return { changes, maxMembers };
}

describe('PALF membership changes under random faults', () => {
  for (const seed of Array.from({ length: Number(process.env.PALF_SIM_SEEDS ?? 40) }, (_, i) => i + 1)) {
    it(`seed ${seed}: one leader per proposal id, commits on a majority of the current members, configs converge`, () => {
      const { changes } = runSeed(seed);
      expect(changes).toBeGreaterThan(0);
    });
  }

  it('seed 1332: a learner that missed its demotion deposes the leader once after healing; the group recovers', () => {
    runSeed(1332);
  });

  it('the seeds grow the group to five members and change it many times', () => {
    let grewToFive = 0;
    let total = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = runSeed(seed);
      total += r.changes;
      if (r.maxMembers === 5) grewToFive++;
    }
    expect(grewToFive).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(50);
  });
});

