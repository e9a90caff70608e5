/**
 * The playground in a real browser: real workers, real OPFS, Monaco, the panels.
 * Every test starts from a new browser context, so from an empty OPFS and a fresh cluster;
 * the reload test reuses its context to see the rows come back from OPFS.
 */
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { openPlayground, runInEditor, runSeq, screenshot, snapshot, sql, typeInEditor, waitForRun } from './helpers';

const MONACO_FALLBACK = /Could not create web worker|falling back to loading web worker code in main thread/i;

test('boot shows three servers, and each user log stream has exactly one leader', async ({ page }) => {
  await openPlayground(page);
  for (const zone of ['zone1', 'zone2', 'zone3']) await expect(page.getByTestId(`zone-${zone}`)).toBeVisible();
  for (const id of [1, 2, 3]) await expect(page.getByTestId(`server-${id}`)).toContainText('ACTIVE');

  const snap = await snapshot(page);
  expect(snap.servers.map((s) => s.serverId).sort()).toEqual([1, 2, 3]);
  const test = snap.tenants.find((t) => t.tenantName === 'test');
  expect(test).toBeDefined();
  const userLs = test!.ls.filter((l) => l.lsId >= 1001).map((l) => l.lsId);
  expect(userLs.length).toBeGreaterThan(0);
  for (const ls of userLs) {
    const replicas = page.locator(`[data-testid^="ls-replica-${test!.tenantId}-${ls}-"]`);
    await expect(replicas).toHaveCount(3);
    await expect(replicas.and(page.locator('[data-role="LEADER"]'))).toHaveCount(1);
  }
  await screenshot(page, 'boot-light');
});

test('CREATE TABLE, INSERT and SELECT typed in the editor and run with Ctrl+Enter', async ({ page }) => {
  const warnings: string[] = [];
  const workers: string[] = [];
  page.on('console', (m: ConsoleMessage) => warnings.push(m.text()));
  page.on('worker', (w) => workers.push(w.url()));
  await openPlayground(page);

  await runInEditor(page, 'CREATE TABLE e2e_t (c1 INT PRIMARY KEY, c2 VARCHAR(10));');
  await expect(page.getByTestId('status-line').last()).toHaveText(/^Query OK, 0 rows affected \(\d+\.\d{3} sec\)$/);

  await runInEditor(page, "INSERT INTO e2e_t VALUES (1, 'one'), (2, 'two'), (3, NULL);");
  await expect(page.getByTestId('status-line').last()).toHaveText(/^Query OK, 3 rows affected/);

  await runInEditor(page, 'SELECT * FROM e2e_t ORDER BY c1;');
  const grid = page.getByTestId('result-grid').last();
  await expect(grid.locator('tbody tr')).toHaveCount(3);
  await expect(grid.locator('tbody tr').nth(1)).toContainText('two');
  await expect(grid.locator('tbody tr').nth(2).locator('td.null')).toHaveText('NULL');
  await expect(grid.locator('tbody tr').first().locator('td').first()).toHaveClass(/num/);
  await expect(page.getByTestId('status-line').last()).toHaveText(/^3 rows in set \(\d+\.\d{3} sec\)$/);

  await runInEditor(page, 'SELECT * FROM no_such_table;');
  await expect(page.getByTestId('error-message')).toHaveText("ERROR 1146 (42S02): Table 'test.no_such_table' doesn't exist");

  await runInEditor(page, 'SELECT * FROM e2e_t WHERE c1 > 1;');
  await screenshot(page, 'sql-light');
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, 'sql-dark');

  // Monaco ran its editor worker (bundled, no CDN) and never fell back to the main thread.
  expect(workers.some((u) => /editor\.worker/.test(u))).toBe(true);
  expect(warnings.filter((w) => MONACO_FALLBACK.test(w))).toEqual([]);
});

test('Ctrl+Enter runs only the statement at the cursor; Shift+Ctrl+Enter runs all', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE cur_t (c1 INT PRIMARY KEY);');
  let before = await runSeq(page);
  await typeInEditor(page, 'INSERT INTO cur_t VALUES (1);');
  await page.keyboard.press('Enter');
  await page.keyboard.type('INSERT INTO cur_t VALUES (2);');
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitForRun(page, before);
  expect((await sql(page, 'SELECT c1 FROM cur_t;')).results[0].rows).toEqual([['2']]);

  before = await runSeq(page);
  await typeInEditor(page, 'INSERT INTO cur_t VALUES (3);');
  await page.keyboard.press('Enter');
  await page.keyboard.type('INSERT INTO cur_t VALUES (4);');
  await page.keyboard.press('ControlOrMeta+Shift+Enter');
  await waitForRun(page, before);
  await expect(page.getByTestId('status-line')).toHaveCount(2);
  expect((await sql(page, 'SELECT c1 FROM cur_t ORDER BY c1;')).results[0].rows).toEqual([['2'], ['3'], ['4']]);
});

test('EXPLAIN shows the plan in the plan pane', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE ex_t (c1 INT PRIMARY KEY, c2 INT);');
  await runInEditor(page, 'EXPLAIN SELECT * FROM ex_t WHERE c2 > 4;');
  const plan = page.getByTestId('plan');
  await expect(plan).toBeVisible();
  await expect(plan).toContainText('|ID|OPERATOR');
  await expect(plan).toContainText('TABLE FULL SCAN');
  await expect(plan).toContainText('Outputs & filters');
  await screenshot(page, 'plan-light');
});

test('minor freeze then major freeze: a MINI then a MAJOR SSTable appears in the storage panel', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE fz_t (c1 INT PRIMARY KEY, c2 VARCHAR(20));');
  await sql(page, "INSERT INTO fz_t VALUES (1, 'a'), (2, 'b'), (3, 'c');");
  const snap = await snapshot(page);
  const tabletId = snap.tabletLocations.find((l) => l.tableName === 'fz_t')!.tabletId;

  await page.getByTestId('tab-storage').click();
  const tablet = page.getByTestId(`tablet-${tabletId}`);
  await expect(tablet).toBeVisible();
  await expect(tablet.locator('[data-testid="memtable"][data-active="true"]').first()).toContainText('3 rows');
  await expect(tablet.locator('[data-type="MINI"]')).toHaveCount(0);

  await page.getByTestId('minor-freeze').click();
  await expect(tablet.locator('[data-type="MINI"]').first()).toBeVisible();
  await expect(tablet.locator('[data-type="MINI"]').first()).toContainText('3 rows');
  await screenshot(page, 'storage-minor-light');

  await page.getByTestId('major-freeze').click();
  await expect(tablet.locator('[data-type="MAJOR"]').first()).toContainText('3 rows', { timeout: 60_000 });
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, 'storage-major-dark');
});

test('rows survive a page reload (OPFS, same browser context)', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE keep_t (id INT PRIMARY KEY, note VARCHAR(20));');
  const insert = await sql(page, "INSERT INTO keep_t VALUES (1, 'kept'), (2, 'also kept');");
  expect(insert.error).toBeUndefined();

  await page.reload();
  await page.evaluate(() => window.obPlayground.ready);
  await expect(page.getByTestId('cluster-status')).toHaveText('ready');
  const reply = await sql(page, 'SELECT id, note FROM keep_t ORDER BY id;');
  expect(reply.error).toBeUndefined();
  expect(reply.results[0].rows).toEqual([
    ['1', 'kept'],
    ['2', 'also kept'],
  ]);
  await expect(page.getByTestId('result-grid').last().locator('tbody tr')).toHaveCount(2);
});

test('a second tab in the same browser gets "open in another tab" and starts nothing', async ({ page, context }) => {
  await openPlayground(page);
  const second = await context.newPage();
  const workers: string[] = [];
  second.on('worker', (w) => workers.push(w.url()));
  await second.goto('/');
  await expect(second.getByTestId('another-tab')).toBeVisible();
  await expect(second.getByTestId('another-tab')).toContainText('This playground is open in another tab');
  await expect(second.evaluate(() => window.obPlayground.ready)).rejects.toThrow(/another tab/);
  expect(workers.filter((u) => /observer_worker/.test(u))).toEqual([]);
  await screenshot(second, 'another-tab');
  // The first tab still serves.
  expect((await sql(page, 'SELECT 1;')).results[0].rows).toEqual([['1']]);
});

test('reset wipes the data and boots a fresh cluster', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE gone_t (c1 INT PRIMARY KEY);');
  await page.evaluate(() => window.obPlayground.reset());
  await expect(page.getByTestId('cluster-status')).toHaveText('ready');
  const reply = await sql(page, 'SELECT * FROM gone_t;');
  expect(reply.error?.mysqlCode).toBe(1146);
});

test('kill a server, then Restart: it recovers its replicas from OPFS', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE rs_t (c1 INT PRIMARY KEY);');
  await sql(page, 'INSERT INTO rs_t VALUES (1), (2);');
  const tabletId = (await snapshot(page)).tabletLocations.find((l) => l.tableName === 'rs_t')!.tabletId;

  await page.getByTestId('stop-server-3').click();
  await expect(page.getByTestId('server-status-3')).toHaveText('STOPPED');
  await expect(page.getByTestId('restart-server-3')).toBeVisible();
  expect((await sql(page, 'SELECT 1;')).results[0].rows).toEqual([['1']]);

  await page.getByTestId('restart-server-3').click();
  await expect(page.getByTestId('server-status-3')).toHaveText('ACTIVE');
  await expect(page.locator('[data-testid^="ls-replica-1002-"][data-testid$="-3"]').first()).toBeVisible();
  await expect
    .poll(async () => (await snapshot(page)).servers.find((s) => s.serverId === 3)?.tablets.some((t) => t.tabletId === tabletId))
    .toBe(true);
  await screenshot(page, 'restarted-light');
});

test('Load sample data: TPC-H SF 0.01 with a progress bar, then world', async ({ page }) => {
  test.setTimeout(300_000);
  await openPlayground(page);
  await page.getByTestId('load-sample-data').click();
  await page.getByTestId('load-tpch').click();
  const progress = page.getByTestId('sample-data-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByRole('progressbar')).toBeVisible();
  await screenshot(page, 'sample-progress-light');
  // Runs after the load in the session's queue.
  const reply = await sql(page, 'SELECT COUNT(*) FROM tpch.lineitem;');
  expect(reply.error).toBeUndefined();
  expect(Number(reply.results[0].rows[0][0])).toBeGreaterThan(50_000);
  await expect(page.getByTestId('load-sample-data')).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('loading tpch.');

  const world = await page.evaluate(() => window.obPlayground.loadSampleData('world'));
  expect(world.error).toBeUndefined();
  const countries = await sql(page, 'SELECT COUNT(*) FROM world.country;');
  expect(Number(countries.results[0].rows[0][0])).toBeGreaterThan(200);
});
