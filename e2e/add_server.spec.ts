/**
 * Issue #4, OceanBase's way to grow a zone: "+ OBServer" on zone1 starts a fourth node (a new
 * worker, 10.0.0.4), the card says it is not in the cluster yet and offers the statement; ALTER
 * SYSTEM ADD SERVER as root@sys registers it, DBA_OB_SERVERS shows it ACTIVE, and after a page
 * reload the cluster boots with the four servers again.
 */
import { expect, test } from '@playwright/test';
import { openPlayground, screenshot, snapshot, sql } from './helpers';
import { unreadableLabels } from './layout';

type Row = (string | null)[];

async function rows(page: Parameters<typeof sql>[0], text: string): Promise<Row[]> {
  const reply = await sql(page, text);
  const last = reply.results.at(-1);
  expect(reply.error ?? null, `${text}: ${JSON.stringify(reply.error)}`).toBeNull();
  return (last?.rows ?? []) as Row[];
}

test('+ OBServer starts a node in zone1; ALTER SYSTEM ADD SERVER makes it ACTIVE; it boots again after a reload', async ({ page }) => {
  test.setTimeout(240_000);
  await openPlayground(page);
  await page.getByTestId('add-server-zone1').click();
  // The node boots (its worker, its OPFS directory), then waits to be registered.
  const note = page.getByTestId('register-server-4');
  await expect(note).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('register-sql-4')).toHaveText("ALTER SYSTEM ADD SERVER '10.0.0.4:2882' ZONE 'zone1';");
  await expect(page.getByTestId('zone-zone1').getByTestId('server-4')).toBeVisible();
  await expect(page.getByTestId('server-status-4')).toHaveText('NOT ADDED');
  const before = await snapshot(page);
  expect(before.servers.map((s) => s.serverId)).toContain(4);
  expect((before.rsServers ?? []).map((s) => s.serverId)).not.toContain(4);
  await note.scrollIntoViewIfNeeded();
  expect(await unreadableLabels(page, '[data-testid="zone-zone1"]')).toEqual([]);
  await screenshot(page, 'add-server-started');

  // The window API adds one more the same way (zone3) and resolves with its info.
  const fifth = await page.evaluate(() => window.obPlayground.addServer('zone3'));
  expect(fifth).toEqual({ serverId: 5, zone: 'zone3', svrIp: '10.0.0.5' });

  // Register server 4 as root@sys: the page's sql() runs in the tenant chosen in the selector.
  await page.getByTestId('tenant-selector').selectOption('sys');
  await rows(page, "ALTER SYSTEM ADD SERVER '10.0.0.4:2882' ZONE 'zone1'");
  const status = `SELECT ID, ZONE, STATUS FROM oceanbase.DBA_OB_SERVERS WHERE SVR_IP = '10.0.0.4'`;
  await expect.poll(async () => (await rows(page, status))[0]?.[2], { timeout: 60_000 }).toBe('ACTIVE');
  expect(await rows(page, status)).toEqual([['4', 'zone1', 'ACTIVE']]);
  await expect(note).toBeHidden();
  await expect(page.getByTestId('server-status-4')).toHaveText('ACTIVE');
  // Server 5 was started but not added: the cluster does not list it.
  expect(await rows(page, `SELECT COUNT(*) FROM oceanbase.DBA_OB_SERVERS`)).toEqual([['4']]);
  await expect(page.getByTestId('register-server-5')).toBeVisible();
  await screenshot(page, 'add-server-active');

  // A reload boots the added nodes too: four servers in the cluster, the fifth still unregistered.
  await page.reload();
  await page.evaluate(() => window.obPlayground.ready);
  await expect(page.getByTestId('cluster-status')).toHaveText('ready');
  await page.getByTestId('tenant-selector').selectOption('sys');
  await expect
    .poll(async () => rows(page, `SELECT ID, STATUS FROM oceanbase.DBA_OB_SERVERS ORDER BY ID`), { timeout: 60_000 })
    .toEqual([['1', 'ACTIVE'], ['2', 'ACTIVE'], ['3', 'ACTIVE'], ['4', 'ACTIVE']]);
  await expect(page.getByTestId('server-status-4')).toHaveText('ACTIVE');
  await expect(page.getByTestId('register-server-5')).toBeVisible();
  await screenshot(page, 'add-server-after-reload');
});
