/**
 * Shared steps for the browser tests: boot and wait through `window.obPlayground` (never sleep),
 * type SQL into Monaco and run it with the keyboard, and take screenshots into e2e/.tmp/.
 */
import { expect, type Page } from '@playwright/test';
import type { ExecuteReply } from '../engine/server/api';
import type { ClusterSnapshot } from '../engine/server/snapshot';

export const SHOTS_DIR = 'e2e/.tmp';

/** Opens the page and waits until the cluster serves. */
export async function openPlayground(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => window.obPlayground.ready);
  await expect(page.getByTestId('cluster-status')).toHaveText('ready');
}

export function sql(page: Page, text: string): Promise<ExecuteReply> {
  return page.evaluate((t) => window.obPlayground.sql(t), text);
}

export function snapshot(page: Page): Promise<ClusterSnapshot> {
  return page.evaluate(() => window.obPlayground.snapshot());
}

/** Replaces the editor's text by typing (as a user would). */
export async function typeInEditor(page: Page, text: string): Promise<void> {
  const editor = page.getByTestId('sql-editor').locator('.monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** The sequence number of the page's last run (0 before the first). */
export async function runSeq(page: Page): Promise<number> {
  return Number((await page.getByTestId('results-area').getAttribute('data-run-seq')) ?? 0);
}

/** Waits until a run newer than `before` has finished. */
export async function waitForRun(page: Page, before: number): Promise<void> {
  const results = page.getByTestId('results-area');
  await expect.poll(async () => Number((await results.getAttribute('data-run-seq')) ?? 0)).toBeGreaterThan(before);
  await expect(results).toHaveAttribute('data-running', 'false');
}

/** Types `text` and runs the statement at the cursor with Ctrl/Cmd+Enter; waits for its outcome. */
export async function runInEditor(page: Page, text: string): Promise<void> {
  const before = await runSeq(page);
  await typeInEditor(page, text);
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitForRun(page, before);
}

/** The server-side outcome of the page's last run, once it has finished. */
export async function lastStatusLine(page: Page): Promise<string> {
  const line = page.getByTestId('status-line').last();
  await expect(line).toBeVisible();
  return (await line.textContent()) ?? '';
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png` });
}
