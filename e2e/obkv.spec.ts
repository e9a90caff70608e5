/**
 * Issue #5 in a real browser: the KV tab runs a TypeScript script in its sandbox (an
 * opaque-origin iframe + worker) against a table created in SQL, and shows the rows, one route
 * line per call (partition → tablet → LS → server) and the highlighted server on the cluster; a
 * runaway script is stopped by the time limit while the page stays responsive; a script cannot
 * reach the page's storage or DOM; the HBase tab runs shell commands.
 */
import { expect, test, type Page } from '@playwright/test';
import { openPlayground, runInEditor, screenshot, sql } from './helpers';
import { unreadableLabels } from './layout';

const TABLE_SQL = 'CREATE TABLE kv_e2e (k BIGINT PRIMARY KEY, v VARCHAR(64), n BIGINT) PARTITION BY KEY(k) PARTITIONS 4;';

const SCRIPT = `for (let k = 1; k <= 6; k++) {
  await client.insert('kv_e2e', k, ['v', 'n'], ['row ' + k, k * 10]);
}
print(await client.get('kv_e2e', 2));
const b = await client.batch('kv_e2e').get(1).get(5).execute();
print('batch ok:', b.getCorrectCount());
const q = await client.query('kv_e2e').addScanRange([MIN], [MAX]).select('k', 'v', 'n').execute();
return q.rows;
`;

/**
 * Replaces an editor's text as a user pasting a script would (a paste event on Monaco's input:
 * no auto-closing brackets or auto-indent, which typing a whole script would trigger).
 */
async function pasteInto(page: Page, testId: string, text: string): Promise<void> {
  const editor = page.getByTestId(testId).locator('.monaco-editor');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.getByTestId(testId).locator('textarea').evaluate((ta, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const setKvScript = (page: Page, text: string) => pasteInto(page, 'kv-editor', text);

async function kvRunSeq(page: Page): Promise<number> {
  return Number((await page.getByTestId('kv-results').getAttribute('data-run-seq')) ?? 0);
}

/** Clicks Run and waits for that run to finish. */
async function runKv(page: Page): Promise<void> {
  const before = await kvRunSeq(page);
  await page.getByTestId('kv-run').click();
  const results = page.getByTestId('kv-results');
  await expect.poll(() => kvRunSeq(page)).toBeGreaterThan(before);
  await expect(results).toHaveAttribute('data-running', 'false', { timeout: 30_000 });
}

test('a KV script inserts, gets, batches and queries; each call shows its route and the server is highlighted', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openPlayground(page);
  await runInEditor(page, TABLE_SQL);
  await expect(page.getByTestId('status-line').last()).toHaveText(/^Query OK, 0 rows affected/);

  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('editor-tab-kv')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('kv-results')).toContainText('No script run yet');
  await setKvScript(page, SCRIPT);
  await runKv(page);

  const results = page.getByTestId('kv-results');
  await expect(page.getByTestId('kv-error')).toHaveCount(0);
  // The get printed one row, the batch its count, and the returned query rows form a 6-row table.
  await expect(page.getByTestId('kv-print').first().locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('kv-print').first()).toContainText('row 2');
  await expect(results).toContainText('batch ok: 2');
  const value = page.getByTestId('kv-value');
  await expect(value.locator('thead th')).toHaveText(['k', 'v', 'n']);
  await expect(value.locator('tbody tr')).toHaveCount(6);

  // One route line per request: partition (KEY rule) → tablet → LS → server (zone).
  const routes = page.getByTestId('kv-route');
  expect(await routes.count()).toBeGreaterThanOrEqual(6 + 1 + 2 + 4);
  await expect(routes.first()).toContainText(/insert\('kv_e2e'.* → p\d/);
  await expect(routes.first()).toContainText(/KEY\(k\)/);
  await expect(routes.first()).toContainText(/→ tablet \d+ → LS \d+ → 10\.0\.0\.\d \(zone\d\)/);

  // The latest call is highlighted: its line, its server card and that server's LS chip.
  const last = routes.last();
  await expect(last).toHaveAttribute('aria-pressed', 'true');
  const serverId = Number(await last.getAttribute('data-server-id'));
  await expect(page.getByTestId(`server-${serverId}`)).toHaveAttribute('data-kv-target', 'true');
  await expect(page.getByTestId(`kv-badge-${serverId}`)).toHaveText('◆ KV');
  await expect(page.getByTestId(`server-${serverId}`).locator('[data-kv-target="true"][data-role="LEADER"]')).toHaveCount(1);

  // Clicking the first line moves the highlight to the server of the first insert.
  await routes.first().click();
  await expect(routes.first()).toHaveAttribute('aria-pressed', 'true');
  const firstServer = Number(await routes.first().getAttribute('data-server-id'));
  await expect(page.getByTestId(`server-${firstServer}`)).toHaveAttribute('data-kv-target', 'true');
  await expect(page.locator('.server[data-kv-target="true"]')).toHaveCount(1);

  // The rows are the table's: SQL sees them.
  const count = await sql(page, 'SELECT COUNT(*) FROM kv_e2e');
  expect(count.results[0].rows[0][0]).toBe('6');

  // Request queue depth on every server card.
  for (const id of [1, 2, 3]) await expect(page.getByTestId(`queue-${id}`)).toHaveText(/^queue \d+ · \d+\/\d+ busy/);
  await screenshot(page, 'obkv-routes-light');
  expect(await unreadableLabels(page, '.server')).toEqual([]);
  await page.getByTestId('theme-toggle').click();
  await screenshot(page, 'obkv-routes-dark');
  expect(errors.filter((e) => /Could not create web worker|Content Security Policy/i.test(e))).toEqual([]);

  // The returned rows, scrolled into view.
  await value.scrollIntoViewIfNeeded();
  await screenshot(page, 'obkv-returned-dark');

  // IntelliSense from the client's types: completing `client.` offers the OBKV Table API.
  await page.getByTestId('kv-editor').locator('.monaco-editor').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nclient.');
  const suggest = page.getByTestId('kv-editor').locator('.suggest-widget');
  await expect(suggest).toBeVisible();
  await expect(suggest).toContainText('insertOrUpdate');
  await expect(suggest).toContainText('query');
  await screenshot(page, 'obkv-intellisense-dark');
});

test('a runaway script is stopped by the time limit; a script cannot reach the page storage or DOM', async ({ page }) => {
  await openPlayground(page);
  await page.evaluate(() => localStorage.setItem('kv-secret', 'page-only'));
  await page.getByTestId('editor-tab-kv').click();

  await setKvScript(page, "print('spinning');\nwhile (true) {}\n");
  const before = await kvRunSeq(page);
  await page.getByTestId('kv-run').click();
  await expect.poll(() => kvRunSeq(page)).toBeGreaterThan(before);
  // The page stays responsive while the script spins: the SQL tab answers.
  await page.getByTestId('editor-tab-sql').click();
  const reply = await sql(page, 'SELECT 1 + 1');
  expect(reply.results[0].rows[0][0]).toBe('2');
  await page.getByTestId('editor-tab-kv').click();
  await expect(page.getByTestId('kv-error')).toHaveText(/Script stopped after 10 s \(time limit\)/, { timeout: 20_000 });
  await expect(page.getByTestId('kv-error')).toHaveAttribute('data-stopped', 'true');
  await expect(page.locator('iframe[sandbox]')).toHaveCount(0);
  await screenshot(page, 'obkv-time-limit');
  // An await that never resolves is stopped the same way.
  const hung = await page.evaluate(() => window.obPlayground.kv("print('waiting');\nawait new Promise(() => {});\n"));
  expect(hung.output).toEqual(['waiting']);
  expect(hung.error).toBe('Script stopped after 10 s (time limit)');

  // No storage, no DOM: each attempt fails inside the sandbox and says so.
  const probe = await page.evaluate(() =>
    window.obPlayground.kv(`
declare const localStorage: any, indexedDB: any, document: any, navigator: any, fetch: any, parent: any;
const out: string[] = [];
try { out.push('ls:' + localStorage.getItem('kv-secret')); } catch (e) { out.push('ls-error:' + e.name); }
try { out.push('doc:' + document.title); } catch (e) { out.push('doc-error:' + e.name); }
try { out.push('parent:' + parent.document.title); } catch (e) { out.push('parent-error:' + e.name); }
try { await navigator.storage.getDirectory(); out.push('opfs:open'); } catch (e) { out.push('opfs-error:' + e.name); }
try { await new Promise((ok, ko) => { const r = indexedDB.open('x'); r.onsuccess = ok; r.onerror = () => ko(r.error); }); out.push('idb:open'); } catch (e) { out.push('idb-error:' + e.name); }
try { await fetch('/'); out.push('fetch:ok'); } catch (e) { out.push('fetch-error:' + e.name); }
print(out.join(' '));
`),
  );
  expect(probe.error).toBeUndefined();
  const said = probe.output.join(' ');
  expect(said).toMatch(/ls-error:ReferenceError/); // a worker has no localStorage
  expect(said).toMatch(/doc-error:ReferenceError/); // nor a DOM
  expect(said).toMatch(/parent-error:ReferenceError/);
  expect(said).toMatch(/opfs-error:(SecurityError|TypeError)/); // an opaque origin has no OPFS
  expect(said).toMatch(/idb-error:\w+/); // nor IndexedDB
  expect(said).toMatch(/fetch-error:TypeError/); // the CSP refuses every connection
  expect(said).not.toContain('page-only');

  // Unknown to the script's types: refused before running, with its line.
  const typed = await page.evaluate(() => window.obPlayground.kv("print('a');\n\nlocalStorage.getItem('kv-secret');\n"));
  expect(typed.error).toBe("line 3: TS2304: Cannot find name 'localStorage'.");
  // Declared away, it fails at run time, with its TypeScript line (the declaration emits nothing).
  const direct = await page.evaluate(() =>
    window.obPlayground.kv("declare const localStorage: any;\ninterface Unused { a: number }\nprint('a');\n\nlocalStorage.getItem('kv-secret');\n"),
  );
  expect(direct.output).toEqual(['a']);
  expect(direct.error).toBe('line 5: ReferenceError: localStorage is not defined');
  await expect(page.getByTestId('kv-error')).toHaveText('✕ line 5: ReferenceError: localStorage is not defined');

  // A type error stops before running, with its line.
  const typo = await page.evaluate(() => window.obPlayground.kv("await client.insrt('t', 1, [], []);"));
  expect(typo.error).toMatch(/^line 1: TS2551: Property 'insrt' does not exist on type 'ObTableApi'/);
});

test('the HBase tab: create, put and scan in the shell', async ({ page }) => {
  await openPlayground(page);
  await page.keyboard.press('Alt+3');
  await expect(page.getByTestId('editor-tab-hbase')).toHaveAttribute('aria-selected', 'true');
  await pasteInto(page, 'hbase-editor', "create 'e2e_h', 'f'\nput 'e2e_h', 'r1', 'f:q', 'v1'\nscan 'e2e_h'\n");
  await page.getByTestId('hbase-run-all').click();
  const out = page.getByTestId('hbase-output');
  await expect(out).toHaveAttribute('data-count', '3');
  await expect(out).toHaveAttribute('data-running', 'false');
  await expect(out).toContainText("hbase:003:0> scan 'e2e_h'");
  await expect(out).toContainText(/ROW\s+COLUMN\+CELL/);
  await expect(out).toContainText(/r1\s+column=f:q, timestamp=\d+, value=v1/);
  await expect(out).toContainText('1 row(s)');
  // Its calls went through the same routing client: the topology highlights a server.
  await expect(page.locator('.server[data-kv-target="true"]')).toHaveCount(1);
  await screenshot(page, 'obkv-hbase-light');

  // The automation entry runs in the same shell session.
  const transcript = await page.evaluate(() => window.obPlayground.hbase("get 'e2e_h', 'r1'"));
  expect(transcript).toMatch(/^hbase:004:0> get 'e2e_h', 'r1'/);
  expect(transcript).toMatch(/f:q\s+timestamp=\d+, value=v1/);
  expect(transcript).toContain('1 row(s)');
});

test('the leader moves: the next call hits the old leader, refreshes its route and retries', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE kv_move (k BIGINT PRIMARY KEY, v VARCHAR(10))');
  const first = await page.evaluate(() => window.obPlayground.kv("await client.insert('kv_move', 1, ['v'], ['a']);"));
  expect(first.error).toBeUndefined();
  const { lsId, serverId: oldLeader } = first.traces[0];
  const target = [1, 2, 3].find((s) => s !== oldLeader)!;

  // As the sys tenant's root: move the LS leader (the page's client still has the old route cached).
  await page.getByTestId('tenant-selector').selectOption('sys');
  const moved = await sql(page, `ALTER SYSTEM SWITCH REPLICA LEADER LS = ${lsId} SERVER = '10.0.0.${target}:2882' TENANT = test`);
  expect(moved.error).toBeUndefined();
  await page.getByTestId('tenant-selector').selectOption('test');
  await expect
    .poll(async () => {
      const snap = await page.evaluate(() => window.obPlayground.snapshot());
      const testTenant = snap.tenants.find((t) => t.tenantName === 'test')!;
      return testTenant.ls.find((l) => l.lsId === lsId)?.leaderServerId;
    })
    .toBe(target);

  await page.getByTestId('editor-tab-kv').click();
  await setKvScript(page, "print(await client.get('kv_move', 1));\n");
  await runKv(page);
  const route = page.getByTestId('kv-route').last();
  await expect(route).toContainText(`→ 10.0.0.${target} (zone${target})`);
  await expect(route.getByTestId('kv-retry')).toHaveText(`↻ retried: 10.0.0.${oldLeader} answered -4038 OB_NOT_MASTER → refreshed`);
  await expect(page.getByTestId(`server-${target}`)).toHaveAttribute('data-kv-target', 'true');
  await expect(page.getByTestId('kv-print')).toContainText('a');
  await screenshot(page, 'obkv-retry-light');
});
