/**
 * The storage panel made for teaching (issue 3 §10), in a real browser: a table stored as rows
 * and columns (`WITH COLUMN GROUP(all columns, each column)`) is major-compacted from the panel's
 * button; the panel follows the tenant's major compaction until IDLE with a new baseline (a
 * MAJOR SSTable with its column groups, at the new frozen SCN); the column view shows the
 * encodings the encoder chose; after a page reload the columnar table reads back the same rows.
 * Then the row-vs-column comparison of one SELECT. Screenshots at 1280×720 and 1920×1080, light
 * and dark, go to e2e/.tmp/teach-*.png, and every label must be readable (e2e/layout.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import type { MajorCompactionSnapshot } from '../engine/server/snapshot';
import { openPlayground, runSeq, screenshot, snapshot, sql, typeInEditor, waitForRun } from './helpers';
import { unreadableLabels } from './layout';

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

/** At both sizes and in both themes: every label readable; a screenshot of each. */
async function expectReadable(page: Page, name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      if ((await page.locator('html').getAttribute('data-theme')) !== theme) await page.getByTestId('theme-toggle').dispatchEvent('click');
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await screenshot(page, `teach-${name}-${size.width}-${theme}`);
      expect(await unreadableLabels(page, '.app, .dialog'), `${name} at ${size.width}×${size.height}, ${theme}`).toEqual([]);
    }
  }
  await page.setViewportSize(SIZES[0]);
}

/** The test tenant's major compaction as its root service reports it. */
async function testMajor(page: Page): Promise<MajorCompactionSnapshot | undefined> {
  const snap = await snapshot(page);
  const tenantId = snap.tenants.find((t) => t.tenantName === 'test')!.tenantId;
  return snap.servers.flatMap((s) => s.majorCompactions ?? []).find((m) => m.tenantId === tenantId);
}

/** `n` rows of a small sales table, as INSERT statements of at most 500 rows each. */
function salesInserts(table: string, n: number): string[] {
  const regions = ['north', 'south', 'east', 'west'];
  const out: string[] = [];
  for (let start = 1; start <= n; start += 500) {
    const rows: string[] = [];
    for (let id = start; id < Math.min(n + 1, start + 500); id++) {
      rows.push(`(${id}, '${regions[id % 4]}', ${(id * 7) % 50}, ${((id * 13) % 10000) / 100}, ${id % 10 === 0 ? 'NULL' : `'note ${id % 3}'`})`);
    }
    out.push(`INSERT INTO ${table} VALUES ${rows.join(', ')};`);
  }
  return out;
}

async function createSales(page: Page, table: string, rows: number): Promise<void> {
  const ddl = await sql(
    page,
    `CREATE TABLE ${table} (id INT PRIMARY KEY, region VARCHAR(10), qty INT, price DECIMAL(10,2), note VARCHAR(20)) WITH COLUMN GROUP(all columns, each column);`,
  );
  expect(ddl.error).toBeUndefined();
  for (const stmt of salesInserts(table, rows)) expect((await sql(page, stmt)).error).toBeUndefined();
}

/** Presses Major freeze in the panel and waits, through snapshots, for the round to finish. */
async function majorFreezeFromPanel(page: Page): Promise<MajorCompactionSnapshot> {
  const before = await testMajor(page);
  await page.getByTestId('major-freeze').click();
  await expect
    .poll(
      async () => {
        const m = await testMajor(page);
        return !!m && m.frozenScn !== before?.frozenScn && m.status === 'IDLE' && m.lastScn === m.frozenScn;
      },
      { timeout: 90_000 },
    )
    .toBe(true);
  return (await testMajor(page))!;
}

test('a columnar major compaction in the panel: IDLE with a new baseline, its column view, and the table after a reload', async ({ page }) => {
  test.setTimeout(240_000);
  await openPlayground(page);
  await createSales(page, 'cg_sales', 2000);
  const expected = await sql(page, 'SELECT COUNT(*), SUM(qty), MIN(region), MAX(price), COUNT(note) FROM cg_sales;');
  const firstRows = await sql(page, 'SELECT * FROM cg_sales ORDER BY id LIMIT 5;');
  const tabletId = (await snapshot(page)).tabletLocations.find((l) => l.tableName === 'cg_sales')!.tabletId;

  await page.getByTestId('tab-storage').click();
  await page.getByTestId(`lsm-open-${tabletId}`).click();
  const stack = page.getByTestId('lsm-stack');
  await expect(stack).toHaveAttribute('data-tablet', String(tabletId));
  await expect(stack.locator('[data-level="active"]')).toContainText('2,000 rows');
  await expect(page.getByTestId('lsm-no-sstables')).toContainText('No SSTables yet');

  const major = await majorFreezeFromPanel(page);
  // The panel shows the finished round: IDLE at the new frozen SCN, and the new baseline.
  await expect(page.getByTestId('major-status')).toHaveAttribute('data-status', 'IDLE');
  await expect(page.getByTestId('major-status')).toContainText(major.frozenScn);
  const baseline = stack.locator('[data-level="MAJOR"]');
  await expect(baseline).toContainText('2,000 rows');
  await expect(baseline).toContainText(`– ${major.frozenScn}`);
  const groups = baseline.getByTestId('column-group');
  await expect.poll(() => groups.count()).toBeGreaterThanOrEqual(5);
  await expect(groups.filter({ hasText: 'all columns' })).toHaveCount(1);
  await expectReadable(page, 'lsm-major');

  await page.getByTestId('storage-view-major').click();
  await expect(page.getByTestId('major-card')).toHaveAttribute('data-status', 'IDLE');
  await expect(page.getByTestId('frozen-scn')).toContainText(major.frozenScn);
  await expect(page.getByTestId('last-scn')).toContainText(major.lastScn);
  for (const zone of ['zone1', 'zone2', 'zone3']) await expect(page.getByTestId(`zone-major-${zone}`)).toHaveAttribute('data-status', 'IDLE');
  await expect(page.getByTestId('major-timeline')).toContainText(`SCN ${major.frozenScn}`);
  await expectReadable(page, 'major-idle');

  // The column view of the baseline: microblocks × columns, with the encodings chosen.
  await page.getByTestId('storage-view-lsm').click();
  await baseline.getByTestId('columns-MAJOR').click();
  const view = page.getByTestId('column-view');
  await expect(view).toHaveAttribute('data-loading', 'false');
  await expect(view.getByTestId('cv-grid')).toBeVisible();
  await expect.poll(() => view.getByTestId('cv-encoding').count()).toBeGreaterThan(0);
  const encodings = new Set(await view.getByTestId('cv-encoding').allTextContents());
  expect([...encodings].every((e) => /^[A-Z_]+$/.test(e))).toBe(true);
  await expectReadable(page, 'column-view');
  // One column's own group (`qty`, stored column 2) keeps the skip index: min, max, nulls, sum.
  await view.getByTestId('cv-group').filter({ hasText: /^qty$|^column 2$/ }).click();
  await expect(view.getByTestId('cv-grid').locator('thead th')).toHaveCount(2);
  await expect(view.getByTestId('cv-cell').first()).toContainText(/min \d+ · max \d+/);
  await expect(view.getByTestId('cv-cell').first()).toContainText(/sum \d+/);
  await expectReadable(page, 'column-view-qty');
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);

  // After a reload the columnar table reads back the same rows.
  await page.reload();
  await page.evaluate(() => window.obPlayground.ready);
  expect((await sql(page, 'SELECT COUNT(*), SUM(qty), MIN(region), MAX(price), COUNT(note) FROM cg_sales;')).results[0].rows).toEqual(expected.results[0].rows);
  expect((await sql(page, 'SELECT * FROM cg_sales ORDER BY id LIMIT 5;')).results[0].rows).toEqual(firstRows.results[0].rows);
  expect((await sql(page, 'SELECT /*+ USE_COLUMN_TABLE(cg_sales) */ SUM(qty) FROM cg_sales;')).results[0].rows[0][0]).toBe(expected.results[0].rows[0][1]);
});

test('compare row vs column: the same SELECT on both stores, side by side, with storage counters', async ({ page }) => {
  test.setTimeout(240_000);
  await openPlayground(page);
  await createSales(page, 'cmp_sales', 3000);
  await page.getByTestId('tab-storage').click();
  await majorFreezeFromPanel(page);

  // Any query's result shows its storage counters.
  await typeInEditor(page, "SELECT region, SUM(qty) FROM cmp_sales WHERE price > 50 GROUP BY region ORDER BY region;");
  let before = await runSeq(page);
  await page.keyboard.press('ControlOrMeta+Enter');
  await waitForRun(page, before);
  await expect(page.getByTestId('storage-stats').last()).toContainText(/\d+ microblocks? read \([\d.]+ (B|KiB|MiB)\)/);

  // Ctrl/Cmd+Alt+Enter compares the statement at the cursor.
  before = await runSeq(page);
  await page.keyboard.press('ControlOrMeta+Alt+Enter');
  const compare = page.getByTestId('compare');
  await expect(compare).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
  await expect(page.getByTestId('compare-error')).toHaveCount(0);
  const grid = page.getByTestId('compare-grid');
  await expect(grid.locator('tr', { hasText: 'store read' }).locator('[data-side="row"]')).toHaveText('row store');
  await expect(grid.locator('tr', { hasText: 'store read' }).locator('[data-side="column"]')).toHaveText('column store');
  await expect(grid.locator('tr', { hasText: 'table access' }).locator('[data-side="column"]')).toContainText('COLUMN TABLE');
  await expect(grid.locator('tr', { hasText: 'microblocks read' }).locator('[data-side="column"]')).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId('compare-same')).toContainText('same rows');
  // The comparison did not replace the console's last result.
  expect(await runSeq(page)).toBe(before);
  await expectReadable(page, 'compare');
});
