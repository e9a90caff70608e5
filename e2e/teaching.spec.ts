/**
 * Issue #6 teaching mode in a real browser: `?` opens the shortcuts overlay (focus trapped, Esc
 * closes it); `t` switches to the presenter layout (type grows); `k` kills the leader of the
 * selected tenant's LS 1001 and the timeline shows a new leader elected elsewhere; `r` restarts
 * it; Space pauses and resumes the simulated clock; keys typed into the editor stay text.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ClusterSnapshot } from '../engine/server/snapshot';
import { openPlayground, snapshot, SHOTS_DIR } from './helpers';

const TENANT = 1002;
const LS = 1001;

/** Moves the focus out of the editor (as clicking an empty part of the page would). */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

function leaderOf(snap: ClusterSnapshot, lsId: number): number | null {
  const leaders = snap.servers
    .filter((s) => s.status === 'ACTIVE')
    .flatMap((s) => s.lsReplicas.filter((r) => r.tenantId === TENANT && r.lsId === lsId && r.role === 'LEADER').map((r) => ({ s, r })))
    .sort((a, b) => b.r.proposalId - a.r.proposalId);
  return leaders[0]?.s.serverId ?? null;
}

async function fontSizePx(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
}

test('? opens the shortcuts overlay (focus stays inside), Esc closes it', async ({ page }) => {
  await openPlayground(page);
  await blur(page);
  await page.keyboard.press('Shift+Slash');
  const overlay = page.getByTestId('shortcuts-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Kill the OBServer leading');
  await expect(overlay).toContainText('Alt+P');
  await expect(page.getByTestId('shortcuts-close')).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  expect(await overlay.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  // While it is open, teaching keys do nothing (it is modal).
  await page.keyboard.press('t');
  await expect(page.locator('.app')).not.toHaveClass(/presenter/);
  await page.screenshot({ path: `${SHOTS_DIR}/teaching-overlay.png` });
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();
  // A click outside closes it too.
  await page.getByTestId('shortcuts-help').click();
  await expect(overlay).toBeVisible();
  await page.mouse.click(8, 700);
  await expect(overlay).toBeHidden();
});

test('t switches to the presenter layout: larger type, wider topology; t again switches back', async ({ page }) => {
  await openPlayground(page);
  await blur(page);
  const app = page.locator('.app');
  await expect(page.locator('[data-testid="sql-editor"] .view-lines')).toBeVisible();
  const before = {
    timeline: await fontSizePx(page, '.timeline .head'),
    addr: await fontSizePx(page, '.server .addr'),
    code: await fontSizePx(page, '[data-testid="sql-editor"] .view-lines'),
  };
  const rightBefore = await page.locator('.right').evaluate((el) => el.getBoundingClientRect().width);
  await page.keyboard.press('t');
  await expect(app).toHaveClass(/presenter/);
  await expect(page.getByTestId('teaching-toast')).toContainText('Presenter layout on');
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  expect(await fontSizePx(page, '.timeline .head')).toBeGreaterThan(before.timeline * 1.1);
  expect(await fontSizePx(page, '.server .addr')).toBeGreaterThan(before.addr * 1.2);
  // The projected SQL grows too (Monaco sizes its text in options, not CSS).
  await expect.poll(() => fontSizePx(page, '[data-testid="sql-editor"] .view-lines')).toBeGreaterThan(before.code * 1.2);
  expect(await page.locator('.right').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThan(rightBefore);
  await page.screenshot({ path: `${SHOTS_DIR}/teaching-presenter-light.png` });
  await page.getByTestId('theme-toggle').click();
  await blur(page);
  await page.screenshot({ path: `${SHOTS_DIR}/teaching-presenter-dark.png` });
  // Remembered across a reload.
  await page.reload();
  await page.evaluate(() => window.obPlayground.ready);
  await expect(app).toHaveClass(/presenter/);
  await blur(page);
  await page.keyboard.press('t');
  await expect(app).not.toHaveClass(/presenter/);
});

test('?present=1 opens the page in the presenter layout', async ({ page }) => {
  await page.goto('/?present=1');
  await expect(page.locator('.app')).toHaveClass(/presenter/);
});

test('k kills the leader of LS 1001 and a new one is elected; r restarts it', async ({ page }) => {
  await openPlayground(page);
  const victim = leaderOf(await snapshot(page), LS);
  expect(victim).not.toBeNull();

  // Typed into the editor, k is just a letter.
  const editor = page.getByTestId('sql-editor').locator('.monaco-editor');
  await editor.click();
  await page.keyboard.type('k');
  await expect(editor).toContainText('k');
  expect(await page.evaluate(() => window.obPlayground.events().some((e) => e.event.kind === 'fault'))).toBe(false);

  await blur(page);
  await page.keyboard.press('k');
  const toast = page.getByTestId('teaching-toast');
  await expect(toast).toContainText(`Killed OBServer ${victim} `);
  await expect(toast).toContainText(`leader of LS ${LS}`);
  const timeline = page.getByTestId('event-timeline');
  await expect(timeline.locator('li[data-kind="fault"]', { hasText: `kill server ${victim}` })).toBeVisible();
  await expect(page.getByTestId(`restart-server-${victim}`)).toBeVisible();

  // The timeline shows a new leader of LS 1001 elected on another server.
  const elected = timeline.locator('li[data-kind="election"]', { hasText: `leader of tenant ${TENANT} LS ${LS}` }).first();
  await expect(elected).toBeVisible({ timeout: 30_000 });
  await expect(elected).not.toContainText(`server ${victim} elected`);
  await expect.poll(async () => leaderOf(await snapshot(page), LS), { timeout: 30_000 }).not.toBe(victim);
  await page.screenshot({ path: `${SHOTS_DIR}/teaching-killed.png` });

  await blur(page);
  await page.keyboard.press('r');
  await expect(toast).toContainText(`Restarted OBServer ${victim}`, { timeout: 60_000 });
  await expect(timeline.locator('li[data-kind="fault"]', { hasText: `restart server ${victim}` })).toBeVisible();
  await expect(page.getByTestId(`restart-server-${victim}`)).toBeHidden();
  await expect
    .poll(async () => (await snapshot(page)).servers.find((s) => s.serverId === victim)?.status, { timeout: 60_000 })
    .toBe('ACTIVE');

  // Nothing left to restart.
  await blur(page);
  await page.keyboard.press('r');
  await expect(toast).toContainText('No OBServer is down');
});

test('Space pauses and resumes the simulated clock; [ and ] change its speed', async ({ page }) => {
  await openPlayground(page);
  await blur(page);
  const clock = page.getByTestId('clock');
  await expect(clock).toHaveAttribute('data-paused', 'false');
  await page.keyboard.press('Space');
  await expect(clock).toHaveAttribute('data-paused', 'true');
  await expect(page.getByTestId('teaching-toast')).toContainText('Clock paused');
  await expect(page.getByTestId('event-timeline').locator('li[data-kind="fault"]', { hasText: 'clock paused' })).toBeVisible();
  await page.keyboard.press('Space');
  await expect(clock).toHaveAttribute('data-paused', 'false');

  await page.keyboard.press(']');
  await expect(page.getByTestId('clock-rate')).toHaveValue('2');
  await page.keyboard.press('[');
  await page.keyboard.press('[');
  await expect(page.getByTestId('clock-rate')).toHaveValue('0.5');
  await expect(page.getByTestId('teaching-toast')).toContainText('Clock speed 0.5×');
});

test('f and m freeze the selected tenant; n without a scenario says so', async ({ page }) => {
  await openPlayground(page);
  await blur(page);
  const toast = page.getByTestId('teaching-toast');
  await page.keyboard.press('f');
  await expect(toast).toContainText('Minor freeze in tenant test');
  await expect(page.getByTestId('results-area')).toContainText('ALTER SYSTEM MINOR FREEZE');
  await expect(page.getByTestId('results-area')).toHaveAttribute('data-running', 'false');
  await expect(page.getByTestId('status-line').last()).toContainText('Query OK');
  await blur(page);
  await page.keyboard.press('m');
  await expect(toast).toContainText('Major freeze in tenant test');
  await expect(page.getByTestId('event-timeline').locator('li[data-kind="major-freeze"]', { hasText: 'tenant 1002' }).first()).toBeVisible();
  await blur(page);
  await page.keyboard.press('n');
  await expect(toast).toContainText('No scenario is open');
});

test('Alt+Shift+1/2/3 open the storage views while Alt+1/2/3 keep switching the editor tabs', async ({ page }) => {
  await openPlayground(page);
  await blur(page);
  await page.keyboard.press('Alt+Shift+2');
  await expect(page.getByTestId('storage-panel')).toHaveAttribute('data-view', 'lsm');
  await page.keyboard.press('Alt+Shift+3');
  await expect(page.getByTestId('storage-panel')).toHaveAttribute('data-view', 'major');
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('editor-tab-kv')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('storage-panel')).toHaveAttribute('data-view', 'major');
});
