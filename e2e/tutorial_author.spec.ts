/**
 * An example for tutorial authors (README "Testing your own lesson"): a lesson is a scenario file;
 * `npx obsh --scenario lesson.md` checks it headless, and a Playwright test like this one checks it
 * in the real page — the workers, OPFS and the UI a learner uses — through `window.obPlayground`:
 * `loadScenario` (runs nothing), `runAll` / `runCell` (each resolves with the cell's `CellRun`:
 * `ok`, `output`, `expectation`, `diff`), `waitFor(condition)` and `on('event', …)`.
 *
 * The second test shares the lesson as a link and opens it in a fresh browser context, as a
 * student would: the same topology boots and the same cells print the same output.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { encodeShareFragment } from '../engine/scenario/share_link';
import type { CellRun } from '../engine/scenario/types';
import { openPlayground } from './helpers';

const LESSON = readFileSync(new URL('../app/tutorials/03-paxos-failover.md', import.meta.url), 'utf8');

/** Every run succeeded and every expectation held (a failure names the cell and shows its diff). */
function expectAllPassed(runs: CellRun[]): void {
  for (const r of runs) {
    const diff = (r.diff ?? []).map((d) => `${d.op} ${d.text}`).join('\n');
    expect(r.ok && r.expectation !== 'fail', `cell ${r.index} failed:\n${r.output}\n${diff}`).toBe(true);
  }
}

async function collectEvents(page: Page): Promise<string[]> {
  const kinds: string[] = [];
  await page.exposeFunction('noteEvent', (kind: string) => kinds.push(kind));
  await page.evaluate(() => {
    window.obPlayground.on('event', (e) => (window as unknown as { noteEvent(k: string): void }).noteEvent(e.event.kind));
  });
  return kinds;
}

test('the Paxos and failover lesson passes in the page, cell by cell, and the election reaches the timeline', async ({ page }) => {
  await openPlayground(page);
  const events = await collectEvents(page);
  await page.evaluate((text) => window.obPlayground.loadScenario(text), LESSON);
  await expect(page.getByTestId('scenario-pane')).toBeVisible();
  // Nothing ran on load: every command cell still waits for a click.
  expect(await page.evaluate(() => window.obPlayground.scenario().runs.length)).toBe(0);

  const runs = await page.evaluate(() => window.obPlayground.runAll());
  expect(runs.filter((r) => r.expectation !== 'none').length).toBeGreaterThanOrEqual(5);
  expectAllPassed(runs);
  // The lesson killed the leader of LS 1001: the page saw the fault and a new election.
  expect(events).toContain('fault');
  expect(events.some((k) => k === 'election' || k === 'role-change')).toBe(true);
  // A condition, as an author would wait for one in a test of their own.
  expect(await page.evaluate(() => window.obPlayground.waitFor('leader of ls 1001 on server 1', 30_000))).toBe(true);
});

const SHARED = `---
title: Shared with a student
zones: 2
servers_per_zone: 2
---

Two zones, two OBServers each; the student opens this link in their own browser.

\`\`\`sql
CREATE TABLE scores (id INT PRIMARY KEY, who VARCHAR(20), points INT);
INSERT INTO scores VALUES (1, 'ana', 7), (2, 'bo', 9), (3, 'cy', 4);
SELECT who, points FROM scores WHERE points > 5 ORDER BY points DESC;
\`\`\`

\`\`\`sql tenant=sys
SELECT ZONE, SVR_IP FROM oceanbase.DBA_OB_SERVERS ORDER BY SVR_IP;
\`\`\`
`;

test('a share link opened in a fresh browser context boots the same cluster and prints the same results', async ({ page, browser }) => {
  await openPlayground(page);
  await page.evaluate((text) => window.obPlayground.loadScenario(text), SHARED);
  const mine = await page.evaluate(() => window.obPlayground.runAll());
  expectAllPassed(mine);

  const fragment = encodeShareFragment({ scenario: SHARED, step: 1, editors: { sql: 'SELECT * FROM scores;', kv: '', hbase: '' } });
  const student = await browser.newContext();
  const theirs = await student.newPage();
  await theirs.goto(`/${fragment}`);
  await theirs.evaluate(() => window.obPlayground.ready);
  await expect(theirs.getByTestId('scenario-title')).toHaveText('Shared with a student');
  const state = await theirs.evaluate(() => window.obPlayground.scenario());
  expect(state.current).toBe(1);
  expect(state.runs).toEqual([]); // a link runs nothing by itself
  const snap = await theirs.evaluate(() => window.obPlayground.snapshot());
  expect(snap.servers.map((s) => s.zone).sort()).toEqual(['zone1', 'zone1', 'zone2', 'zone2']);

  const replay = await theirs.evaluate(() => window.obPlayground.runAll());
  expectAllPassed(replay);
  expect(replay.map((r) => r.output)).toEqual(mine.slice(-replay.length).map((r) => r.output));
  await student.close();
});
