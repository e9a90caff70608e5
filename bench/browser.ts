/**
 * The browser part of the benchmarks: the built page (`dist/`) in the system Chromium through
 * playwright-core, with a persistent context so OPFS lives on disk (reference
 * playground-anchors §3.6–3.7 and browser-measurements: an in-memory OPFS is 10–20× slower).
 * Measures, through `window.obPlayground` (app/host/windowApi.ts):
 * - boot-to-ready: navigation start → `obPlayground.ready` resolved, ms;
 * - p50/p99 latency of a replicated single-row commit (`obPlayground.sql('insert …')`, autocommit:
 *   PALF majority commit across the 3 server workers), ms;
 * - the JS heap of every worker after loading TPC-H at SF 0.1 (CDP `Runtime.getHeapUsage` on each
 *   worker target), bytes.
 * The page is served by a small static HTTP server on localhost (OPFS needs a secure context).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import type { BenchRecord } from './record';

export interface BrowserBenchOptions {
  distDir: string;
  chromiumPath: string;
  sf: number;
  emit: (r: BenchRecord) => void;
}

const COMMITS = 200;
const ENGINE = 'oceanbase-playground' as const;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.ttf': 'font/ttf',
  '.woff2': 'font/woff2', '.png': 'image/png',
};

/**
 * Serves `dir` on 127.0.0.1 (unknown paths fall back to index.html, as a single-page app), with
 * `headers` on every answer (the YCSB part adds COOP/COEP for µs timers: bench/ycsb_browser.ts).
 */
export function serveStatic(dir: string, headers: Record<string, string> = {}): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    let file = path.join(dir, path.normalize(urlPath).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (v: number) => Math.round(v * 100) / 100;

async function bootToReadyMs(page: Page, url: string): Promise<number> {
  await page.goto(url);
  return page.evaluate('window.obPlayground.ready.then(() => performance.now())') as Promise<number>;
}

/**
 * In-page scripts are passed as text: tsx/esbuild would otherwise wrap inner functions in a
 * `__name` helper that does not exist in the page.
 */
const COMMIT_SCRIPT = (n: number) => `(async () => {
  const pg = window.obPlayground;
  const check = (r) => { if (r && r.error) throw new Error(r.error.message); };
  check(await pg.sql('drop table if exists bench_commit'));
  check(await pg.sql('create table bench_commit (k int primary key, v varchar(16))'));
  const latencies = [];
  for (let i = 1; i <= ${n}; i++) {
    const t0 = performance.now();
    check(await pg.sql('insert into bench_commit values (' + i + ', \\'v' + i + '\\')'));
    latencies.push(performance.now() - t0);
  }
  return latencies;
})()`;

async function commitLatencies(page: Page): Promise<number[]> {
  return page.evaluate(COMMIT_SCRIPT(COMMITS)) as Promise<number[]>;
}

/**
 * Used JS heap of every dedicated worker of the page, bytes. Attaches to each worker target with
 * the (non-flattened) CDP Target domain and asks `Runtime.getHeapUsage`.
 */
async function workerHeaps(cdp: CDPSession): Promise<number[]> {
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
  // The OBServer workers (Monaco's editor worker is not part of the cluster).
  const all = targetInfos.filter((t) => t.type === 'worker');
  const servers = all.filter((t) => /observer/i.test(t.url));
  const workers = servers.length > 0 ? servers : all;
  const heaps: number[] = [];
  for (const w of workers) {
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: w.targetId, flatten: false })) as { sessionId: string };
    const used = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no heap usage reply from worker')), 10_000);
      const onMessage = (e: { sessionId: string; message: string }) => {
        const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
        if (e.sessionId !== sessionId || msg.id !== 1) return;
        clearTimeout(timer);
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        resolve(msg.result?.usedSize ?? NaN);
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    });
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    heaps.push(used);
  }
  return heaps;
}

export async function runBrowserBench(o: BrowserBenchOptions): Promise<void> {
  const server = await serveStatic(path.resolve(o.distDir));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: o.chromiumPath,
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(600_000);
    o.emit({ bench: 'browser_boot_to_ready', engine: ENGINE, metric: 'latency', value: round(await bootToReadyMs(page, url)), unit: 'ms' });

    const latencies = (await commitLatencies(page)).sort((a, b) => a - b);
    o.emit({ bench: 'browser_replicated_commit', engine: ENGINE, metric: 'latency_p50', value: round(percentile(latencies, 50)), unit: 'ms' });
    o.emit({ bench: 'browser_replicated_commit', engine: ENGINE, metric: 'latency_p99', value: round(percentile(latencies, 99)), unit: 'ms' });

    await page.evaluate(`window.obPlayground.loadSampleData('tpch', ${o.sf}).then((r) => {
      if (r && r.error) throw new Error(r.error.message);
    })`);
    const cdp = await context.newCDPSession(page);
    const heaps = await workerHeaps(cdp).catch((e: unknown) => {
      process.stderr.write(`bench: worker heap unavailable: ${String(e)}\n`);
      return [] as number[];
    });
    heaps.forEach((bytes, i) => o.emit({ bench: `browser_heap_after_tpch_sf${o.sf}`, engine: ENGINE, metric: `worker${i + 1}_heap_used`, value: bytes, unit: 'bytes' }));
    if (heaps.length > 0) {
      o.emit({ bench: `browser_heap_after_tpch_sf${o.sf}`, engine: ENGINE, metric: 'workers_heap_used_total', value: heaps.reduce((a, b) => a + b, 0), unit: 'bytes' });
    }
  } finally {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
