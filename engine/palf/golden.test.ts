/**
 * PALF golden scripts (conventions §20, etcd raft `testdata/`): every `testdata/*.txt` file is a
 * sequence of commands run against a three-replica harness (test/harness.ts, leader 1), each
 * followed by `----` and the output it must produce, then a blank line. Lines starting with `#`
 * are comments. The messages of `stabilize` and `tick` are printed one per line as delivered
 * (`lost` when a cut link or a down replica swallowed them), so a script reads as a protocol trace.
 *
 * Commands:
 *   harness [size=N] [election] [timeout=T] [lease=L] [initial=I] [priorities=a,b,c] [seed=S]
 *                              first command only: the harness to run (default: three replicas,
 *                              leader 1 fixed); `election` enables election
 *   propose <payload>...       propose on the leader; prints the LSNs
 *   change <type> <server> [on <n>]   a membership change (addLearner, promoteLearner, ...) on the
 *                              leader; prints the config entry's LSN or the error
 *   transfer <target> [on <n>] SWITCH REPLICA LEADER; the target's priority becomes the highest
 *   add-node <n>               a new replica joins (members = [], fresh)
 *   run <n>                    n ticks without a trace
 *   leader                     the live leaders, their proposal id and why they were elected
 *   config                     every replica's member list, learners, config version, pending
 *   stabilize                  pump every replica and deliver until the network is quiet
 *   tick [n]                   n ticks on every live replica, stabilizing after each
 *   cut <a> <b> | heal <a> <b> | isolate <n> | rejoin <n>
 *   crash <n>                  power loss; crash-mid-ready <n>: a leader loses an unflushed batch
 *                              it already shipped
 *   restart <n> [appliedLsn]   restart from the replica's disk
 *   status                     role, proposal id and LSNs of every replica
 *   log <n>... | applied <n>...
 *
 * `UPDATE_GOLDEN=1 npx vitest run engine/palf/golden.test.ts` rewrites the expected outputs;
 * review the diff. (A test file: it may use Node's fs.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serverId } from '../common/ids';
import { ObError } from '../common/ob_error';
import { PalfHarness, type HarnessOptions } from './test/harness';
import type { PalfConfigChange } from './types';

const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));

interface Case {
  command: string;
  expected: string[];
  /** Comment and blank lines before the command, kept when rewriting. */
  preamble: string[];
}

function parse(text: string, file: string): Case[] {
  const lines = text.split('\n');
  const cases: Case[] = [];
  let preamble: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || line.startsWith('#')) {
      preamble.push(line);
      continue;
    }
    if (lines[i + 1] !== '----') throw new Error(`${file}:${i + 2}: expected ---- after "${line}"`);
    const expected: string[] = [];
    i += 2;
    while (i < lines.length && lines[i].trim() !== '') expected.push(lines[i++]);
    cases.push({ command: line, expected, preamble });
    preamble = [];
  }
  return cases;
}

/** Builds the harness from a `harness` command's arguments. */
function makeHarness(args: string[]): PalfHarness {
  const opt = new Map(args.map((a) => a.split('=') as [string, string | undefined]));
  const num = (k: string, d: number) => (opt.get(k) !== undefined ? Number(opt.get(k)) : d);
  if (!opt.has('election')) return new PalfHarness({ size: num('size', 3) });
  const election: NonNullable<HarnessOptions['election']> = {
    electionTimeoutTicks: num('timeout', 10), leaseTicks: num('lease', 8), seed: num('seed', 1),
  };
  if (opt.has('initial')) election.initialTimeoutTicks = num('initial', 10);
  if (opt.has('priorities')) election.priorities = opt.get('priorities')!.split(',').map(Number);
  return new PalfHarness({ size: num('size', 3), election });
}

/** `on <n>` at the end of the arguments: the replica to run a leader command on. */
function onNode(h: PalfHarness, args: string[]): number {
  const i = args.indexOf('on');
  return i >= 0 ? Number(args[i + 1]) : h.defaultLeader();
}

function errorText(fn: () => string): string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ObError) return `error: ${e.message}`;
    throw e;
  }
}

function run(h: PalfHarness, command: string): string[] {
  const [name, ...args] = command.trim().split(/\s+/);
  const n = args.map(Number);
  const traced = (fn: () => void): string[] => {
    h.trace = [];
    fn();
    const out = h.trace;
    h.trace = null;
    return out.length > 0 ? out : ['ok'];
  };
  switch (name) {
    case 'propose':
      return [args.map((p) => String(h.propose(p))).join(' ')];
    case 'stabilize':
      return traced(() => h.settle());
    case 'tick':
      return traced(() => h.tick(n[0] ?? 1));
    case 'cut': h.cutLink(n[0], n[1]); return ['ok'];
    case 'heal': h.healLink(n[0], n[1]); return ['ok'];
    case 'isolate': h.isolate(n[0]); return ['ok'];
    case 'rejoin': h.rejoin(n[0]); return ['ok'];
    case 'crash': h.crash(n[0]); return ['ok'];
    case 'crash-mid-ready': h.crashMidReady(n[0]); return ['ok'];
    case 'restart': h.restart(n[0], n[1] ?? 0); return ['ok'];
    case 'status':
      return [...h.nodes.values()].map((node) => {
        if (!node.up) return `${node.id}: down`;
        const s = node.replica.status();
        const followers = s.followers.map((f) => ` ${f.server}:${f.state.toLowerCase()}/${f.matchLsn}/${f.nextLsn}`).join('');
        return `${node.id}: ${s.role.toLowerCase()} p${s.proposalId} last ${s.lastLsn}/${s.lastProposalId} ` +
          `persisted ${s.persistedLsn} committed ${s.committedLsn} applied ${s.appliedLsn}${followers}`;
      });
    case 'change':
      return [errorText(() => String(h.change({ type: args[0] as PalfConfigChange['type'], server: serverId(n[1]) }, onNode(h, args))))];
    case 'transfer':
      return [errorText(() => {
        h.priorityOverride.clear();
        h.priorityOverride.set(serverId(n[0]), 1000);
        h.node(onNode(h, args)).replica.transferLeader(serverId(n[0]));
        return 'ok';
      })];
    case 'add-node': h.addNode(n[0]); return ['ok'];
    case 'run': h.tick(n[0]); return ['ok'];
    case 'leader': {
      const leaders = h.leaders().map((l) => {
        const e = h.node(l.id).replica.status().election;
        return `${l.id} p${l.proposalId}${e?.lastElectionReason ? ` (${e.lastElectionReason})` : ''}`;
      });
      return [leaders.join(', ') || '(none)'];
    }
    case 'config':
      return [...h.nodes.values()].map((node) => {
        if (!node.up) return `${node.id}: down`;
        const s = node.replica.status();
        return `${node.id}: members ${s.memberList.join(',') || '-'} learners ${s.learnerList?.join(',') || '-'} ` +
          `v${s.configVersion}${s.configChangePending ? ' pending' : ''}`;
      });
    case 'log':
      return n.map((id) => `${id}: ${h.diskLog(id).join(' ') || '(empty)'}`);
    case 'applied':
      return n.map((id) => `${id}: ${h.appliedLog(id).join(' ') || '(none)'}`);
    default:
      throw new Error(`unknown command ${name}`);
  }
}

describe('PALF golden scripts', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
  it('has scripts', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(file, () => {
      const path = DIR + file;
      const cases = parse(readFileSync(path, 'utf8'), file);
      const first = cases[0]?.command.trim().split(/\s+/) ?? [];
      const h = first[0] === 'harness' ? makeHarness(first.slice(1)) : new PalfHarness();
      const actual = cases.map((c, i) => (i === 0 && first[0] === 'harness' ? ['ok'] : run(h, c.command)));
      if (process.env.UPDATE_GOLDEN === '1') {
        const text = cases.map((c, i) => [...c.preamble, c.command, '----', ...actual[i]].join('\n')).join('\n\n');
        writeFileSync(path, text.replace(/\n{3,}/g, '\n\n') + '\n');
        return;
      }
      cases.forEach((c, i) => expect(actual[i], `${file}: ${c.command}`).toEqual(c.expected));
    });
  }
});
