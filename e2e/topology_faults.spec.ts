/**
 * Issue #4's panels as a teacher uses them: Kill on a server card, the election on the timeline and
 * the cluster at that moment, a zone cut from the Network panel, and the clock's pause.
 */
import { expect, test } from '@playwright/test';
import type { ClusterSnapshot } from '../engine/server/snapshot';
import { openPlayground, screenshot, snapshot } from './helpers';

function leaderOf(snap: ClusterSnapshot, lsId: number): number | null {
  for (const s of snap.servers) {
    if (s.lsReplicas.some((r) => r.tenantId === 1002 && r.lsId === lsId && r.role === 'LEADER' && r.election?.servingStrong !== false)) return s.serverId;
  }
  return null;
}

test('Kill on the leader card: the election appears on the timeline, and clicking it shows the cluster then', async ({ page }) => {
  await openPlayground(page);
  const victim = leaderOf(await snapshot(page), 1002);
  expect(victim).not.toBeNull();
  // The leader's chip is filled and says L; its lease is shown.
  const chip = page.getByTestId(`ls-replica-1002-1002-${victim}`);
  await expect(chip).toHaveAttribute('data-kind', 'leader');
  await expect(chip.getByTestId('lease')).toBeVisible();

  await page.getByTestId(`stop-server-${victim}`).click();
  await expect(page.getByTestId(`server-status-${victim}`)).toHaveText('STOPPED');
  const election = page.locator('[data-testid="event-timeline"] li[data-kind="election"]', { hasText: 'LS 1002' }).first();
  await expect(election).toBeVisible({ timeout: 30_000 });
  await expect(election).toContainText('leader lease expired');
  await screenshot(page, 'topology-after-kill');

  await election.locator('button').click();
  await expect(page.getByTestId('history-banner')).toBeVisible();
  await screenshot(page, 'topology-history');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('history-banner')).toBeHidden();

  await page.getByTestId(`restart-server-${victim}`).click();
  await expect(page.getByTestId(`server-status-${victim}`)).toHaveText('ACTIVE', { timeout: 30_000 });
});

test('the Network panel cuts zone1 from zone2 and heals it; the clock pauses and resumes', async ({ page }) => {
  await openPlayground(page);
  await page.getByTestId('network-toggle').click();
  await page.getByTestId('net-a').selectOption('zone:zone1');
  await page.getByTestId('net-b').selectOption('zone:zone2');
  await page.getByTestId('net-cut').click();
  await expect(page.getByTestId('fault-list')).toBeVisible();
  await expect(page.getByTestId('link-strip')).toContainText('cut');
  const faults = await page.evaluate(() => window.obPlayground.events().filter((e) => e.event.kind === 'fault').length);
  expect(faults).toBeGreaterThan(0);
  await screenshot(page, 'network-cut');
  await page.getByTestId('heal-all').click();
  await expect(page.getByTestId('fault-list-empty')).toBeVisible();

  await page.getByTestId('clock-pause').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-paused', 'true');
  const t1 = await page.getByTestId('sim-time').textContent();
  await page.waitForTimeout(1_200);
  expect(await page.getByTestId('sim-time').textContent()).toBe(t1);
  await page.getByTestId('clock-pause').click();
  await expect(page.getByTestId('clock')).toHaveAttribute('data-paused', 'false');
  await expect.poll(async () => page.getByTestId('sim-time').textContent()).not.toBe(t1);
});
