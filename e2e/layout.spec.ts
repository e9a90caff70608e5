/**
 * What a user sees on a laptop and on a projector: at 1280×720, 1440×900 and 1920×1080, in the
 * light and the dark theme, every label of the cluster and storage panels is readable (none
 * clipped, none outside its card, none overlapping another: e2e/layout.ts), the empty states
 * say what to do, a crashed or killed server says why and offers Restart, and the storage panel
 * shows memtables and SSTables per tablet replica through a TPC-H load and both freezes.
 * Screenshots go to e2e/.tmp/layout-*.png for a human to look at.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, screenshot, snapshot } from './helpers';
import { unreadableLabels } from './layout';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;
const THEMES = ['light', 'dark'] as const;

async function setTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

/** At every size and theme: no unreadable label on the page; a screenshot of each. */
async function expectReadableEverywhere(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const theme of THEMES) {
      await setTheme(page, theme);
      expect(await unreadableLabels(page, '.app'), `${name} at ${size.width}×${size.height}, ${theme}`).toEqual([]);
      await screenshot(page, `layout-${name}-${size.width}-${theme}`);
    }
  }
  await page.setViewportSize(SIZES[0]);
  await setTheme(page, 'light');
}

/** Makes one OBServer's worker throw an uncaught error, as an engine assertion would. */
async function crashServer(page: Page, serverId: number, message: string): Promise<void> {
  for (const worker of page.workers()) {
    if (!/observer_worker/.test(worker.url())) continue;
    if ((await worker.evaluate(() => self.name)) !== `observer-${serverId}`) continue;
    await worker.evaluate((text) => {
      setTimeout(() => {
        throw new Error(text);
      });
    }, message);
    return;
  }
  throw new Error(`no worker for server ${serverId}`);
}

test('cluster panel and empty states are readable at 1280, 1440 and 1920 wide, light and dark', async ({ page }) => {
  await openPlayground(page);
  // Empty states say what to do.
  await expect(page.getByTestId('results')).toContainText('No results yet');
  // The timeline is never empty after a boot: it lists the elections that put the leaders in place.
  await expect(page.getByTestId('event-timeline')).toContainText('elected leader');
  await page.getByTestId('tab-plan').click();
  await expect(page.getByTestId('plan-empty')).toContainText('Run EXPLAIN SELECT');
  await page.getByTestId('tab-results').click();
  for (const id of [1, 2, 3]) {
    await expect(page.getByTestId(`server-status-${id}`)).toHaveText('ACTIVE');
    await expect(page.getByTestId(`stop-server-${id}`)).toBeVisible();
  }
  // Each unit line carries its units.
  await expect(page.getByTestId('unit-1002-1')).toContainText(/unit\s\d+ · \d+\sCPU · \d+\.\d\s(GiB|MiB)/);
  await expectReadableEverywhere(page, 'cluster');

  await page.getByTestId('tab-storage').click();
  await expect(page.getByTestId('storage-empty')).toContainText('No user tables yet');
  await expect(page.getByTestId('storage-empty')).toContainText('load sample data');
  await expect(page.getByTestId('storage-load-tpch')).toBeEnabled();
  await expectReadableEverywhere(page, 'storage-empty');
});

test('a crashed and a killed server say why and offer Restart, readable at every size', async ({ page }) => {
  await openPlayground(page);
  await crashServer(page, 3, 'AssertionError: palf: committed LSN moved backwards (1234 < 1300)');
  await expect(page.getByTestId('server-status-3')).toHaveText('CRASHED');
  await page.getByTestId('stop-server-2').click();
  await expect(page.getByTestId('server-status-2')).toHaveText('STOPPED');

  await expect(page.getByTestId('server-3')).toContainText('committed LSN moved backwards (1234 < 1300)');
  await expect(page.getByTestId('server-2')).toContainText('killed from the page (kill -9)');
  await expect(page.getByTestId('restart-server-3')).toBeVisible();
  await expect(page.getByTestId('restart-server-2')).toBeVisible();
  await expect(page.getByTestId('event-timeline')).toContainText('OBServer 3 crashed');
  await expectReadableEverywhere(page, 'servers-down');

  await page.getByTestId('restart-server-3').click();
  await expect(page.getByTestId('server-status-3')).toHaveText('ACTIVE');
  await page.getByTestId('restart-server-2').click();
  await expect(page.getByTestId('server-status-2')).toHaveText('ACTIVE');
  expect((await page.evaluate(() => window.obPlayground.sql('SELECT 1;'))).results[0].rows).toEqual([['1']]);
});

test('storage panel through a TPC-H SF 0.01 load, minor freeze and major freeze: memtables, SSTables, readable', async ({ page }) => {
  test.setTimeout(300_000);
  await openPlayground(page);
  await page.getByTestId('tab-storage').click();
  await page.getByTestId('storage-load-tpch').click();
  const progress = page.getByTestId('sample-data-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/Loading tpch/);
  await expect(page.getByTestId('running')).toContainText("load_sample_data('tpch'");
  // Wait for the load (the session runs statements in order).
  const count = await page.evaluate(() => window.obPlayground.sql('SELECT COUNT(*) FROM tpch.lineitem;'));
  expect(Number(count.results[0].rows[0][0])).toBeGreaterThan(50_000);
  await page.getByTestId('tab-storage').click();

  const snap = await snapshot(page);
  const lineitem = snap.tabletLocations.filter((l) => l.databaseName === 'tpch' && l.tableName === 'lineitem');
  expect(lineitem.length).toBeGreaterThan(0);
  const tablet = page.getByTestId(`tablet-${lineitem[0].tabletId}`);
  await expect(tablet).toBeVisible();
  // Each of the three replicas shows its memtables or SSTables, each with rows and bytes.
  const stores = tablet.locator('[data-testid="memtable"], [data-testid="sstable"]');
  await expect.poll(() => stores.count()).toBeGreaterThanOrEqual(3);
  for (const text of await stores.allTextContents()) expect(text).toMatch(/[\d,]+\s+rows? · [\d.]+\s(B|KiB|MiB|GiB)/);
  await expectReadableEverywhere(page, 'storage-tpch');

  await page.getByTestId('minor-freeze').click();
  await expect(tablet.locator('[data-testid="memtable"]')).toHaveCount(0, { timeout: 60_000 });
  await expect(tablet.locator('[data-type="MINI"], [data-type="MINOR"]').first()).toContainText(/rows? · [\d.]+\s(B|KiB|MiB) · \d+\smacroblocks?/);

  await page.getByTestId('major-freeze').click();
  // A running merge is listed at the top of the panel with its progress (when the poll sees it).
  await page
    .getByTestId('compactions')
    .waitFor({ timeout: 5_000 })
    .then(() => screenshot(page, 'layout-storage-compacting-1280-light'))
    .catch(() => {});
  // Every replica of every lineitem tablet gets its MAJOR SSTable; together they hold every row.
  let majorRows = 0;
  for (const l of lineitem) {
    const majors = page.getByTestId(`tablet-${l.tabletId}`).locator('[data-type="MAJOR"]');
    await expect(majors).toHaveCount(3, { timeout: 120_000 });
    const text = (await majors.first().textContent()) ?? '';
    majorRows += Number(/MAJOR\s*([\d,]+)\s+rows?/.exec(text)?.[1].replace(/,/g, '') ?? NaN);
  }
  expect(majorRows).toBe(Number(count.results[0].rows[0][0]));
  await expectReadableEverywhere(page, 'storage-major');
});

test('with a scenario open beside the editors, the top bar, the pane and the editor bar stay readable', async ({ page }) => {
  await openPlayground(page);
  const tour = readFileSync(new URL('../app/tutorials/01-tour.md', import.meta.url), 'utf8');
  await page.evaluate((text) => window.obPlayground.loadScenario(text), tour);
  await page.evaluate(() => window.obPlayground.runCell(1));
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `scenario-open-${size.width}`);
    // A cell's monospace text (a wide result table, an info line) scrolls sideways inside its own
    // box, as a terminal's would: that is not a cut.
    const problems = (await unreadableLabels(page, '.app')).filter((p) => !/^clipped: ".*" in scenario-cell-\d+$/.test(p));
    expect(problems, `${size.width}×${size.height}`).toEqual([]);
  }
});
