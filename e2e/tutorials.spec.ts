/**
 * Every built-in tutorial (app/tutorials/*.md) run in the real page — workers, OPFS, the scenario
 * pane — with its expectations: the same lesson that passes headless in `npm test`
 * (workers/obsh/tutorials.test.ts) must pass for a learner in the browser too (the same output
 * text, addresses and results in both hosts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openPlayground } from './helpers';

const DIR = new URL('../app/tutorials/', import.meta.url);
const LESSONS = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

test('there are eight tutorials', () => {
  expect(LESSONS.length).toBe(8);
});

for (const file of LESSONS) {
  test(`tutorial ${file} passes in the page`, async ({ page }) => {
    test.setTimeout(180_000);
    await openPlayground(page);
    await page.evaluate((text) => window.obPlayground.loadScenario(text), readFileSync(new URL(file, DIR), 'utf8'));
    const runs = await page.evaluate(() => window.obPlayground.runAll());
    const failed = runs
      .filter((r) => !r.ok || r.expectation === 'fail')
      .map((r) => `cell ${r.index}:\n${r.output}\n${(r.diff ?? []).map((d) => `${d.op} ${d.text}`).join('\n')}`);
    expect(failed).toEqual([]);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    await expect(page.getByTestId('scenario-pane')).toBeVisible();
  });
}
