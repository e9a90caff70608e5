/**
 * The scenario pane's actions end to end without a browser: the page's host API is replaced by
 * the headless simulator (H2's SimScenarioTarget over a SimCluster), so opening a scenario boots a
 * real in-process cluster, setup creates tenants and cells run real SQL. What a user relies on:
 * nothing runs on open, stepping moves the current cell past prose, a failed expectation stops
 * "Run all" with a diff, an edited cell runs its new text and the document follows, share links
 * carry the scenario at its step with the editors, reset and close do what they say.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeShareFragment } from '../../engine/scenario/share_link';
import type { ScenarioHeader, ScenarioTarget } from '../../engine/scenario/types';
import { SimScenarioTarget } from '../../workers/obsh/scenario_target';

const calls: string[] = [];
let sim: SimScenarioTarget | null = null;
let editors = { sql: 'SELECT 1;', kv: '// kv', hbase: "list" };

vi.mock('../host/playground', () => ({
  async bootScenarioCluster(header: ScenarioHeader) {
    calls.push(`boot ${header.zones}x${header.serversPerZone}`);
    sim = await SimScenarioTarget.boot(header);
  },
  async returnToUserCluster() {
    calls.push('user cluster');
    sim = null;
  },
  deploymentServers: () => sim?.servers() ?? [],
  whenReady: () => Promise.resolve(),
}));

vi.mock('./pageTarget', () => {
  const target = new Proxy({} as ScenarioTarget, {
    get(_t, name: keyof ScenarioTarget) {
      if (!sim) throw new Error('no cluster');
      const v = sim[name];
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(sim) : v;
    },
  });
  return { pageTarget: target, resetPageTargetSessions: () => {}, allowPageTargetSleeps: () => {}, stopPageTargetSleeps: (why: string) => calls.push(`stop ${why}`) };
});

vi.mock('./editorContents', () => ({
  readEditorTexts: () => ({ ...editors }),
  writeEditorTexts: async (t: Partial<typeof editors>) => {
    editors = { ...editors, ...t };
  },
  stashEditorTexts: () => calls.push('stash'),
  restoreEditorTexts: async () => {
    calls.push('restore');
  },
}));

const { closeScenario, editCell, hasScenario, onCellRun, openScenario, resetScenario, runAll, runCell, runNextCell, runToHere, shareFragment } =
  await import('./scenarioActions');
const { useScenarioStore } = await import('./scenarioStore');

const DOC = `---
title: Steps
zones: 1
servers_per_zone: 1
tenants:
  - name: app
    unit_num: 1
---
Make a table.

\`\`\`sql
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))
\`\`\`

Fill it.

\`\`\`sql
INSERT INTO t VALUES (1, 'a'), (2, 'b')
\`\`\`

\`\`\`sql
SELECT COUNT(*) AS n FROM t
\`\`\`

\`\`\`expected
+---+
| n |
+---+
| 2 |
+---+
1 row in set
\`\`\`

\`\`\`sql
SELECT v FROM t WHERE id = 1
\`\`\`

\`\`\`expected
+---+
| v |
+---+
| z |
+---+
1 row in set
\`\`\`

\`\`\`sql tenant=app
SELECT 1 + 1 AS two
\`\`\`
`;

const state = () => useScenarioStore.getState();

beforeEach(async () => {
  await closeScenario();
  calls.length = 0;
});

describe('scenario actions', () => {
  it('reports parse errors with line and column and boots nothing', async () => {
    const r = await openScenario('---\ntitle: x\nzones: 9\n---\n', { source: 'file' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].line).toBeGreaterThan(0);
    expect(state().phase).toBe('invalid');
    expect(state().errors).toEqual(r.errors);
    expect(hasScenario()).toBe(false);
    expect(calls.filter((c) => c.startsWith('boot'))).toEqual([]);
  });

  it('opens without running a cell, steps past prose, stops Run all at a failed expectation with a diff', async () => {
    const seen: number[] = [];
    const off = onCellRun((r) => seen.push(r.index));
    const r = await openScenario(DOC, { source: 'tutorial', step: 0, editors: { sql: 'SELECT 2;', kv: '', hbase: '' } });
    expect(r).toEqual({ ok: true });
    expect(calls).toEqual(['stash', 'boot 1x1']);
    expect(editors.sql).toBe('SELECT 2;');
    const s = state();
    expect(s.phase).toBe('ready');
    expect(s.setupRun?.ok).toBe(true);
    expect(s.runs).toEqual({});
    const kinds = s.scenario!.cells.map((c) => c.kind);
    const firstSql = kinds.indexOf('sql');
    expect(s.current).toBe(firstSql); // prose cell 0 is skipped

    const create = await runCell(firstSql);
    expect(create.ok).toBe(true);
    const insertAt = kinds.indexOf('sql', firstSql + 1);
    expect(state().current).toBe(insertAt);

    const runs = await runAll();
    const last = runs[runs.length - 1];
    expect(runs.map((x) => x.expectation)).toEqual(['none', 'pass', 'fail']);
    expect(last.diff?.some((d) => d.op === '-' && d.text.includes('z'))).toBe(true);
    expect(last.diff?.some((d) => d.op === '+' && d.text.includes('a'))).toBe(true);
    // Stopped: the tenant-app cell after the failure has not run.
    const appCell = kinds.lastIndexOf('sql');
    expect(state().runs[appCell]).toBeUndefined();
    expect(state().current).toBe(appCell);
    const app = await runNextCell();
    expect(app?.ok).toBe(true);
    expect(app?.output).toContain('| two |');
    expect(state().current).toBe(kinds.length);
    expect(await runNextCell()).toBeNull();
    expect(seen).toEqual([firstSql, insertAt, runs[1].index, runs[2].index, appCell]);
    off();
  });

  it('opens at a step without running earlier cells; Run to here runs from the current cell and stops at a failure', async () => {
    await openScenario(DOC, { source: 'link', step: 2 });
    expect(state().scenario!.cells.map((c) => c.kind)).toEqual(['prose', 'sql', 'prose', 'sql', 'sql', 'sql', 'sql']);
    expect(state().current).toBe(3); // step 2 is prose: the next command cell
    const runs = await runToHere(5);
    // The INSERT fails (cell 1, CREATE TABLE, never ran): nothing after it runs.
    expect(runs.map((r) => [r.index, r.ok])).toEqual([[3, false]]);
    expect(runs[0].output).toMatch(/^ERROR 1146 \(42S02\)/);
  });

  it('runs an edited cell with its new text; the document and share link follow', async () => {
    await openScenario(DOC, { source: 'file' });
    const runs = await runToHere(4);
    expect(runs.map((r) => [r.index, r.ok, r.expectation])).toEqual([[1, true, 'none'], [3, true, 'none'], [4, true, 'pass']]);
    const selectV = 5;
    editCell(selectV, "SELECT v FROM t WHERE id = 2");
    expect(state().edited[selectV]).toBe(true);
    expect(state().text).toContain('SELECT v FROM t WHERE id = 2');
    const run = await runCell(selectV);
    expect(run.output).toContain('| b |');
    expect(run.expectation).toBe('fail');

    const share = shareFragment();
    expect(share.tooLong).toBe(false);
    const decoded = decodeShareFragment(share.fragment);
    expect(decoded.kind).toBe('ok');
    if (decoded.kind !== 'ok') return;
    expect(decoded.payload.scenario).toBe(state().text);
    expect(decoded.payload.step).toBe(state().current);
    expect(decoded.payload.editors).toEqual(editors);
  });

  it('reset boots a fresh cluster of the same topology and clears runs; close goes back to the user cluster', async () => {
    await openScenario(DOC, { source: 'link' });
    const first = state().current;
    await runCell(first);
    await runCell(state().current);
    await resetScenario();
    expect(calls.filter((c) => c.startsWith('boot'))).toEqual(['boot 1x1', 'boot 1x1']);
    expect(state().runs).toEqual({});
    expect(state().current).toBe(first);
    // The fresh cluster has no table t: creating it again works.
    expect((await runCell(first)).ok).toBe(true);
    await closeScenario();
    expect(hasScenario()).toBe(false);
    expect(state().phase).toBe('closed');
    expect(calls.slice(-2)).toEqual(['restore', 'user cluster']);
  });

  it('without a scenario, a share link carries an empty scenario of the current topology and the editors', async () => {
    const share = shareFragment();
    const decoded = decodeShareFragment(share.fragment);
    expect(decoded.kind).toBe('ok');
    if (decoded.kind !== 'ok') return;
    expect(decoded.payload.scenario).toMatch(/^---\n/);
    expect(decoded.payload.step).toBe(0);
    expect(decoded.payload.editors).toEqual(editors);
  });
});
