/**
 * The built-in tutorials (issue #6 item 4) run headless in CI: every `app/tutorials/*.md` goes
 * through `runScenarioFile` — the code path of `npx obsh --scenario FILE` (parse, boot the header's
 * topology as an in-process simulated cluster, the page's scenario runner, expectation checks) —
 * and must exit 0 with every command cell succeeding and every ```expected block matching. A lesson
 * whose output drifted from what the engine now prints fails here with the cell's diff in the
 * message, so the tutorial is fixed (or the engine) before it reaches a learner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../engine/scenario/parse';
import { runScenarioFile } from './scenario';

const DIR = path.resolve(__dirname, '../../app/tutorials');
/** Real time one tutorial may take headless (they take a few seconds; CI machines are slower). */
const TUTORIAL_TIMEOUT_MS = 60_000;

const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.md'))
  .sort();

/** The lessons issue #6 asks for; each must exist (a missing one is a lesson silently dropped). */
const REQUIRED = [
  '01-tour.md',
  '02-data-distribution.md',
  '03-paxos-failover.md',
  '04-lsm-tree.md',
  '05-columnar.md',
  '06-c-replicas.md',
  '07-obkv-table.md',
  '08-obkv-hbase.md',
];

describe('built-in tutorials', () => {
  it('has every lesson, each a valid scenario with a title and checked command cells', () => {
    expect(files).toEqual(expect.arrayContaining(REQUIRED));
    for (const f of REQUIRED) {
      const parsed = parseScenario(fs.readFileSync(path.join(DIR, f), 'utf8'));
      if (!parsed.ok) throw new Error(`${f}: ${parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
      const { header, cells } = parsed.scenario;
      expect(header.title.length, f).toBeGreaterThan(0);
      const commands = cells.filter((c) => c.kind !== 'prose');
      expect(commands.length, f).toBeGreaterThanOrEqual(5);
      expect(commands.length, f).toBeLessThanOrEqual(15);
      // Every command cell states what the learner should see.
      expect(commands.filter((c) => c.expected === null).map((c) => c.line), f).toEqual([]);
    }
  });

  for (const f of files) {
    it(`runs ${f} headless: every command succeeds and every expectation passes`, { timeout: TUTORIAL_TIMEOUT_MS }, async () => {
      let out = '';
      let err = '';
      const code = await runScenarioFile({
        file: path.join(DIR, f),
        update: false,
        out: (t) => (out += t),
        err: (t) => (err += t),
      });
      const report = `${err}${out}`;
      expect(err, report).toBe('');
      expect(report, report).not.toContain('✗');
      expect(code, report).toBe(0);
      // The summary: every checked cell passed, none failed.
      const summary = out.trimEnd().split('\n').pop() ?? '';
      const m = /^(\d+) cells?, (\d+) checked: (\d+) passed$/.exec(summary);
      expect(m, report).not.toBeNull();
      expect(m![3], report).toBe(m![2]);
    });
  }
});
