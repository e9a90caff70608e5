/**
 * Issue #6 share links and embedding, in the built page: a link boots its scenario's topology in
 * its own OPFS namespace (a fresh browser context sees 2 zones × 2 servers), the user's own
 * cluster survives a scenario and comes back when it is closed (and no scenario files are left
 * behind), a tampered or unparseable link shows a banner over a working playground, and
 * `?embed=1` renders the compact read-only layout with "Open in playground ↗".
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { encodeShareFragment } from '../engine/scenario/share_link';
import type { SharePayload } from '../engine/scenario/types';
import { SHOTS_DIR, sql } from './helpers';

const TWO_BY_TWO = `---
title: Two by two
zones: 2
servers_per_zone: 2
---

Four servers in two zones.

\`\`\`sql tenant=sys
SELECT zone, COUNT(*) AS servers FROM oceanbase.DBA_OB_SERVERS GROUP BY zone ORDER BY zone;
\`\`\`
`;

function link(scenario: string, step = 0): string {
  const payload: SharePayload = { scenario, step, editors: { sql: 'SELECT 42;', kv: '', hbase: '' } };
  return encodeShareFragment(payload);
}

/** Names of the OPFS root's entries (the deployments' directories). */
function opfsDirs(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const root = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };
    const names: string[] = [];
    for await (const n of root.keys()) names.push(n);
    return names.sort();
  });
}

async function ready(page: Page): Promise<void> {
  await page.evaluate(() => window.obPlayground.ready);
  await expect(page.getByTestId('cluster-status')).toHaveText('ready');
}

async function freshPage(browser: Browser) {
  const context = await browser.newContext();
  return { context, page: await context.newPage() };
}

async function expectTwoByTwo(page: Page): Promise<void> {
  await expect(page.getByTestId('zone-zone1').locator('[data-testid^="server-status-"]')).toHaveCount(2);
  await expect(page.getByTestId('zone-zone2').locator('[data-testid^="server-status-"]')).toHaveCount(2);
  await expect(page.getByTestId('zone-zone3')).toHaveCount(0);
  for (const id of [1, 2]) await expect(page.getByTestId('zone-zone1').getByTestId(`server-${id}`)).toBeVisible();
  for (const id of [3, 4]) await expect(page.getByTestId('zone-zone2').getByTestId(`server-${id}`)).toBeVisible();
  const snap = await page.evaluate(() => window.obPlayground.snapshot());
  expect(snap.servers.map((s) => `${s.serverId}@${s.zone}:${s.svrIp}`).sort()).toEqual([
    '1@zone1:10.0.0.1', '2@zone1:10.0.0.2', '3@zone2:10.0.1.1', '4@zone2:10.0.1.2',
  ]);
}

test('a share link opens its 2-zone × 2-server scenario in a fresh browser context', async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  await page.goto(`/${link(TWO_BY_TWO)}`);
  await ready(page);
  await expectTwoByTwo(page);
  await expect(page.getByTestId('scenario-title')).toHaveText('Two by two');
  const dirs = await opfsDirs(page);
  expect(dirs).not.toContain('obcluster');
  expect(dirs.filter((d) => d.startsWith('scn-'))).toHaveLength(1);
  await context.close();
});

test("the user's own cluster is untouched by a scenario and back after closing it", async ({ browser }) => {
  const { context, page: mine } = await freshPage(browser);
  await mine.goto('/');
  await ready(mine);
  expect((await sql(mine, 'CREATE TABLE kept (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO kept VALUES (1, \'mine\');')).error).toBeUndefined();
  await mine.close();

  const page = await context.newPage();
  await page.goto(`/${link(TWO_BY_TWO)}`);
  await ready(page);
  await expectTwoByTwo(page);
  expect((await opfsDirs(page)).filter((d) => d.startsWith('scn-'))).toHaveLength(1);
  await expect(page.getByTestId('scenario-pane')).toHaveAttribute('data-phase', 'ready');

  await page.getByTestId('scenario-close').click();
  await expect(page.getByTestId('zone-zone3')).toBeVisible({ timeout: 60_000 });
  await ready(page);
  const reply = await sql(page, 'SELECT v FROM kept WHERE id = 1;');
  expect(reply.error).toBeUndefined();
  expect(reply.results[0]).toMatchObject({ rows: [['mine']] });
  expect(page.url()).not.toContain('s=v1.');
  expect(await opfsDirs(page)).toEqual(['obcluster']);
  await context.close();
});

test('a tampered link shows the banner over a working playground; so does an unparseable scenario', async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  const good = link(TWO_BY_TWO);
  const tampered = good.slice(0, 30) + (good[30] === 'x' ? 'y' : 'x') + good.slice(31, -5);
  await page.goto(`/${tampered}`);
  await ready(page);
  await expect(page.getByTestId('link-banner')).toContainText('This link could not be opened');
  await expect(page.getByTestId('link-banner')).toContainText('The playground started with your own cluster.');
  await expect(page.getByTestId('zone-zone3')).toBeVisible();
  const reply = await sql(page, 'SELECT 1 + 1;');
  expect(reply.error).toBeUndefined();
  expect(reply.results[0]).toMatchObject({ rows: [['2']] });
  await page.getByTestId('link-banner-dismiss').click();
  await expect(page.getByTestId('link-banner')).toHaveCount(0);
  await page.close();

  const broken = await context.newPage();
  await broken.goto(`/${link(TWO_BY_TWO.replace('zones: 2', 'zones: 9'))}`);
  await ready(broken);
  await expect(broken.getByTestId('link-banner')).toContainText('line 3:8');
  expect((await sql(broken, 'SELECT 3;')).error).toBeUndefined();
  await context.close();
});

test('?embed=1 renders the compact read-only layout with an open-in-playground link', async ({ browser, baseURL }) => {
  const { context, page } = await freshPage(browser);
  const fragment = link(TWO_BY_TWO);
  await page.setViewportSize({ width: 900, height: 560 });
  await page.goto(`/?embed=1${fragment}`);
  await expect(page.getByTestId('embed-layout')).toBeVisible();
  await ready(page);
  await expectTwoByTwo(page);
  await expect(page.getByTestId('scenario-pane')).toBeVisible();
  const open = page.getByTestId('open-in-playground');
  await expect(open).toHaveAttribute('target', '_blank');
  expect(await open.getAttribute('href')).toBe(`${baseURL}/${fragment}`);
  // Read-only: no fault controls.
  await expect(page.getByTestId('network-toggle')).toHaveCount(0);
  await expect(page.locator('[data-testid^="stop-server-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="add-server-"]:visible')).toHaveCount(0);
  await expect(page.getByTestId('sql-editor')).toHaveCount(0);
  expect(await opfsDirs(page)).not.toContain('obcluster');
  await page.screenshot({ path: `${SHOTS_DIR}/embed-link.png` });

  await page.goto('/?embed=1');
  await ready(page);
  await expect(page.getByTestId('embed-empty')).toBeVisible();
  await expect(page.getByTestId('zone-zone3')).toBeVisible();
  expect(await page.getByTestId('open-in-playground').getAttribute('href')).toBe(`${baseURL}/`);
  expect(await opfsDirs(page)).not.toContain('obcluster');
  await page.screenshot({ path: `${SHOTS_DIR}/embed-empty.png` });
  await context.close();
});

test("a link's editor texts never stay in the user's editors: not from an embed, not after its tab was left open", async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  const sqlText = () => page.evaluate(() => localStorage.getItem('ob-playground-sql'));
  await page.goto('/');
  await ready(page);
  await page.evaluate(() => localStorage.setItem('ob-playground-sql', 'SELECT "mine";'));

  // An embed (a docs page's iframe) has no editors and no Close: it leaves the user's texts alone.
  await page.goto(`/?embed=1${link(TWO_BY_TWO)}`);
  await ready(page);
  await expect(page.getByTestId('scenario-title')).toHaveText('Two by two');
  expect(await sqlText()).toBe('SELECT "mine";');

  // The full page shows the link's texts; left without closing the scenario, a plain start puts the user's back.
  await page.goto('about:blank');
  await page.goto(`/${link(TWO_BY_TWO)}`);
  await ready(page);
  await expect(page.getByTestId('scenario-title')).toHaveText('Two by two');
  expect(await sqlText()).toBe('SELECT 42;');
  await page.goto('about:blank');
  await page.goto('/');
  await ready(page);
  expect(await sqlText()).toBe('SELECT "mine";');
  await context.close();
});

test('a share link pasted into the address bar of an open playground opens its scenario', async ({ browser }) => {
  const { context, page } = await freshPage(browser);
  await page.goto('/');
  await ready(page);
  await page.evaluate((hash) => {
    location.hash = hash;
  }, link(TWO_BY_TWO));
  await page.waitForEvent('load');
  await ready(page);
  await expect(page.getByTestId('scenario-title')).toHaveText('Two by two');
  await expectTwoByTwo(page);
  await context.close();
});
