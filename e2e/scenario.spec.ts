/**
 * Issue #6 in a real browser, written the way a tutorial author would: open a tutorial from the
 * Tutorials menu and step through it (nothing runs until asked; each cell's output beside it; the
 * highlighted cell moves on); a wrong expectation shows a red/green diff; a cell edited in place
 * runs its new text with Shift+Enter; the scenario is saved to a .md file and opened from it; and
 * the same through `window.obPlayground` (loadScenario, runCell, runAll, waitFor, on).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, screenshot } from './helpers';

const SCENARIO = `---
title: Counting rows
zones: 2
servers_per_zone: 1
---
A table with two rows.

\`\`\`sql
CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))
\`\`\`

\`\`\`sql
INSERT INTO t VALUES (1, 'a'), (2, 'b')
\`\`\`

This expectation is wrong on purpose: the table has two rows.

\`\`\`sql
SELECT COUNT(*) AS n FROM t
\`\`\`

\`\`\`expected
+---+
| n |
+---+
| 3 |
+---+
1 row in set
\`\`\`

\`\`\`admin
wait for leader of ls 1001 in zone1
\`\`\`
`;

const cell = (page: Page, i: number) => page.getByTestId(`scenario-cell-${i}`);

async function waitReady(page: Page): Promise<void> {
  await expect(page.getByTestId('scenario-pane')).toHaveAttribute('data-phase', 'ready', { timeout: 90_000 });
}

test('a tutorial from the menu: step through cells, see outputs, the current cell moves', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('tutorials-menu').click();
  const first = page.locator('[data-testid^="tutorial-"]').first();
  await expect(first).toBeVisible();
  await first.click();
  await waitReady(page);
  const state = await page.evaluate(() => window.obPlayground.scenario());
  expect(state.open).toBe(true);
  expect(state.runs).toEqual([]); // nothing ran on open
  const commands = state.cells.flatMap((c, i) => (c.kind === 'prose' ? [] : [i]));
  expect(commands.length).toBeGreaterThan(1);
  const [a, b] = commands;
  await expect(cell(page, a)).toHaveAttribute('aria-current', 'step');

  await page.getByTestId('scenario-run-cell').click();
  await expect(cell(page, a)).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId(`cell-output-${a}`)).toBeVisible();
  await expect(cell(page, b)).toHaveAttribute('aria-current', 'step');

  // Shift+Enter in the pane (outside a cell's text) runs the highlighted cell.
  await page.getByTestId('scenario-title').click();
  await page.keyboard.press('Shift+Enter');
  await expect(cell(page, b)).toHaveAttribute('data-status', 'ok');

  await page.getByTestId('scenario-run-all').click();
  await expect(page.getByTestId('scenario-done')).toBeVisible({ timeout: 90_000 });
  const done = await page.evaluate(() => window.obPlayground.scenario());
  expect(done.runs.filter((r) => !r.ok || r.expectation === 'fail')).toEqual([]);
  expect(done.runs.some((r) => r.expectation === 'pass')).toBe(true);
  await expect(page.locator('[data-testid^="cell-mark-"]').filter({ hasText: '✓' }).first()).toBeVisible();
  await screenshot(page, 'scenario-tutorial');
});

test('a wrong expectation shows a diff; an edited cell re-runs; save and open a .md file', async ({ page }) => {
  await openPlayground(page);
  const cellRuns: number[] = [];
  await page.exposeFunction('noteCellRun', (i: number) => cellRuns.push(i));
  await page.evaluate(() => {
    window.obPlayground.on('cell', (run) => (window as unknown as { noteCellRun: (i: number) => void }).noteCellRun(run.index));
  });
  await page.evaluate((text) => window.obPlayground.loadScenario(text), SCENARIO);
  await waitReady(page);
  await expect(page.getByTestId('scenario-title')).toHaveText('Counting rows');
  const snap = await page.evaluate(() => window.obPlayground.snapshot());
  expect(new Set(snap.servers.map((s) => s.zone)).size).toBe(2);

  const runs = await page.evaluate(() => window.obPlayground.runAll());
  expect(runs.map((r) => [r.index, r.ok, r.expectation])).toEqual([
    [1, true, 'none'],
    [2, true, 'none'],
    [4, true, 'fail'],
  ]);
  expect(cellRuns).toEqual([1, 2, 4]);
  const diff = page.getByTestId('cell-diff-4');
  await expect(diff).toBeVisible();
  await expect(diff.locator('.scn-del')).toContainText(['- | 3 |']);
  await expect(diff.locator('.scn-add')).toContainText(['+ | 2 |']);
  await expect(cell(page, 4).getByTestId('cell-mark-4')).toHaveText('✗ differs');
  await screenshot(page, 'scenario-diff');

  // Edit the failing cell in place and re-run it with Shift+Enter: one more row makes it match.
  const source = page.getByTestId('cell-source-4');
  await source.fill('SELECT COUNT(*) + 1 AS n FROM t');
  await source.press('Shift+Enter');
  await expect(cell(page, 4).getByTestId('cell-mark-4')).toHaveText('✓ matches');
  await expect(page.getByTestId('cell-output-4')).toContainText('| 3 |');
  await expect(page.getByTestId('cell-diff-4')).toHaveCount(0);
  expect(cellRuns).toEqual([1, 2, 4, 4]);

  // The admin cell waits for a condition; waitFor does the same from automation.
  const wait = await page.evaluate(() => window.obPlayground.runCell(5));
  expect(wait.ok).toBe(true);
  expect(await page.evaluate(() => window.obPlayground.waitFor('leader of ls 1001 in zone1', 20_000))).toBe(true);
  await expect(page.getByTestId('scenario-done')).toBeVisible();

  // Save .md carries the edit; opening that file brings the scenario back with its cells.
  const download = page.waitForEvent('download');
  await page.getByTestId('scenario-save').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/counting-rows.*\.md$/);
  const saved = readFileSync((await file.path())!, 'utf8');
  expect(saved).toContain('SELECT COUNT(*) + 1 AS n FROM t');
  expect(saved).toContain('title: Counting rows');

  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('scenario-open').click();
  await (await chooser).setFiles({ name: 'counting.md', mimeType: 'text/markdown', buffer: Buffer.from(saved.replace('Counting rows', 'Counting again')) });
  await expect(page.getByTestId('scenario-title')).toHaveText('Counting again');
  await waitReady(page);
  await expect(page.getByTestId('cell-source-4')).toHaveValue('SELECT COUNT(*) + 1 AS n FROM t');
  expect((await page.evaluate(() => window.obPlayground.scenario())).runs).toEqual([]);

  // Close: back to the user's cluster (3 zones).
  await page.getByTestId('scenario-close').click();
  await expect(page.locator('[data-testid="scenario-pane"]:not([data-phase="closed"])')).toHaveCount(0);
  await expect
    .poll(async () => page.evaluate(() => window.obPlayground.snapshot().then((s) => new Set(s.servers.map((x) => x.zone)).size, () => 0)), { timeout: 90_000 })
    .toBe(3);
});

test('a scenario with errors lists them with line and column', async ({ page }) => {
  await openPlayground(page);
  const error = await page.evaluate(() => window.obPlayground.loadScenario('---\ntitle: Broken\nzones: 9\n---\n').then(() => '', (e: Error) => e.message));
  expect(error).toMatch(/^the scenario has errors:\n\d+:\d+: /);
  await expect(page.getByTestId('scenario-errors')).toContainText(/line \d+:\d+:/);
});

test('Copy link puts the scenario at its step on the clipboard; timeline events reach on("event")', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPlayground(page);
  await page.evaluate((text) => window.obPlayground.loadScenario(text, { step: 3 }), SCENARIO);
  await waitReady(page);
  await expect(cell(page, 4)).toHaveAttribute('aria-current', 'step');
  await page.evaluate(() => {
    const w = window as unknown as { seenEvents: string[] };
    w.seenEvents = [];
    window.obPlayground.on('event', (e) => w.seenEvents.push(e.event.kind));
  });
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-copied')).toBeVisible();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/\/#s=v1\.[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  // Running a cell makes the cluster report events (the DDL), which on('event') passes on.
  await page.evaluate(() => window.obPlayground.runCell(1));
  await expect.poll(() => page.evaluate(() => (window as unknown as { seenEvents: string[] }).seenEvents.length)).toBeGreaterThan(0);
});

test('Stop ends a long advance at once; Close does not wait behind a running cell', async ({ page }) => {
  await openPlayground(page);
  const doc = `---\ntitle: A long wait\nzones: 1\nservers_per_zone: 1\n---\n\n\`\`\`admin\nadvance 600s\n\`\`\`\n\n\`\`\`sql tenant=sys\nSELECT 1 AS one\n\`\`\`\n`;
  await page.evaluate((text) => window.obPlayground.loadScenario(text), doc);
  await waitReady(page);

  await page.getByTestId('cell-run-0').click();
  await expect(cell(page, 0)).toHaveAttribute('data-status', 'running');
  await page.getByTestId('scenario-stop').click();
  // 600 s of simulated time at 1x would be ten real minutes; the stop ends it well within the expect timeout.
  await expect(cell(page, 0)).toHaveAttribute('data-status', 'failed');
  await expect(page.getByTestId('cell-output-0')).toHaveText('ERROR: stopped by the user');
  await expect(page.getByTestId('scenario-stop')).toHaveCount(0);
  // The pane is usable: the next cell runs.
  await page.getByTestId('cell-run-1').click();
  await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok');

  await page.getByTestId('cell-run-0').click();
  await expect(cell(page, 0)).toHaveAttribute('data-status', 'running');
  await page.getByTestId('scenario-close').click();
  await expect.poll(() => page.evaluate(() => window.obPlayground.scenario().phase)).toBe('closed');
  await page.evaluate(() => window.obPlayground.ready);
  await expect(page.getByTestId('cluster-status')).toHaveText('ready');
});

test('prose is edited in place: the new text renders (sanitised) and is kept in the scenario; a command fence is refused', async ({ page }) => {
  await openPlayground(page);
  await page.evaluate((text) => window.obPlayground.loadScenario(text), SCENARIO);
  await waitReady(page);
  await cell(page, 0).hover();
  await page.getByTestId('prose-edit-0').click();
  const source = page.getByTestId('prose-source-0');
  await source.fill('Two rows, **counted**. <img src=x onerror="window.pwned=1">');
  await page.getByTestId('prose-done-0').click();
  await expect(cell(page, 0).locator('strong')).toHaveText('counted');
  await expect(cell(page, 0).locator('img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  expect(await page.evaluate(() => window.obPlayground.scenario().cells[0]!.source)).toContain('Two rows, **counted**.');

  await cell(page, 0).hover();
  await page.getByTestId('prose-edit-0').click();
  await source.fill('text\n```sql\nDROP TABLE t\n```');
  await expect(page.getByTestId('prose-problem-0')).toContainText('would become a new cell');
  await expect(page.getByTestId('prose-done-0')).toBeDisabled();
  await source.press('Escape');
  await expect(cell(page, 0).locator('strong')).toHaveText('counted');
});

const OTHER_TENANT = `---
title: KV in another tenant
zones: 3
servers_per_zone: 1
tenants:
  - name: app
---

\`\`\`sql tenant=app
CREATE DATABASE kvdb;
CREATE TABLE kvdb.kv (k BIGINT PRIMARY KEY, v VARCHAR(20))
\`\`\`

\`\`\`kv tenant=app database=kvdb
await client.insert('kv', 7, ['v'], ['seven']);
print(await client.get('kv', 7, ['v']));
\`\`\`

\`\`\`expected
v
seven
\`\`\`
`;

test('a kv cell runs in the tenant and database it names (here a header tenant)', async ({ page }) => {
  test.setTimeout(180_000);
  await openPlayground(page);
  await page.evaluate((text) => window.obPlayground.loadScenario(text), OTHER_TENANT);
  await waitReady(page);
  const runs = await page.evaluate(() => window.obPlayground.runAll());
  expect(runs.map((r) => [r.ok, r.expectation]), runs.map((r) => r.output).join('\n')).toEqual([[true, 'none'], [true, 'pass']]);
  const rows = await page.evaluate(() => window.obPlayground.sql('SELECT COUNT(*) FROM kvdb.kv'));
  expect(rows.error?.message).toMatch(/kvdb|doesn't exist|Unknown database/); // tenant test has no kvdb: the row went to app
});
