/**
 * The browser half of the `ycsb` benchmarks: the built page (`dist/`) in the system Chromium
 * through playwright-core (persistent context: OPFS on disk, as bench/browser.ts), where
 * `window.obPlayground.bench.ycsb(options)` (app/host/benchApi.ts) runs YCSB A/B/C/F with the
 * page's OBKV routing client to the three OBServer workers (and through the page's SQL session),
 * plus the raw `kv.ping` round trip to a worker over comlink and single/pipelined/batched gets.
 * The page is served cross-origin isolated (COOP/COEP) so that its timers have µs resolution.
 * Emits the same records as the Node half with the bench names prefixed `browser_`; prints the
 * Markdown summary to stderr.
 */
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';
import type { YcsbBenchOptions, YcsbBenchResult } from '../app/host/benchApi';
import { serveStatic } from './browser';
import { round, type BenchRecord } from './record';
import type { YcsbFigures } from './ycsb';
import { emitExtras, summary } from './ycsb_node';

export interface YcsbBrowserOptions {
  distDir: string;
  chromiumPath: string;
  ycsb: Required<Pick<YcsbBenchOptions, 'records' | 'ops' | 'partitions' | 'workloads' | 'warmupOps' | 'pingOps' | 'pipelinedGets' |
    'window' | 'batchSize' | 'batches' | 'batchWindow'>> & { sql: boolean };
  emit: (r: BenchRecord) => void;
}

const OURS = 'oceanbase-playground' as const;

export async function runYcsbBrowserBench(o: YcsbBrowserOptions): Promise<void> {
  // Cross-origin isolation: without it Chromium coarsens performance.now() to 100 µs, too coarse
  // for round trips of about 100 µs.
  const server = await serveStatic(path.resolve(o.distDir), {
    'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-bench-ycsb-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: o.chromiumPath, headless: true, args: ['--no-sandbox'] });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(900_000);
    page.on('console', (m) => {
      if (m.type() === 'error') process.stderr.write(`page: ${m.text()}\n`);
    });
    await page.goto(url);
    await page.evaluate('window.obPlayground.ready');
    if (!(await page.evaluate('crossOriginIsolated'))) process.stderr.write('bench: page not cross-origin isolated: timers coarsened to 100 µs\n');
    const hasHook = await page.evaluate('typeof window.obPlayground.bench?.ycsb === "function"');
    if (!hasHook) throw new Error('the built page has no window.obPlayground.bench.ycsb (rebuild with npm run build)');
    // Passed as text (see bench/browser.ts: tsx would wrap functions in a missing `__name`).
    const r = (await page.evaluate(`window.obPlayground.bench.ycsb(${JSON.stringify(o.ycsb)})`)) as YcsbBenchResult;
    o.emit({ bench: 'browser_ycsb_load', engine: OURS, metric: 'throughput_obkv', value: round(r.loadRowsPerSec), unit: 'rows/s' });
    const table = new Map<string, YcsbFigures>();
    for (const [pathName, list] of [['obkv', r.obkv], ['sql', r.sql]] as const) {
      for (const f of list) {
        const bench = `browser_ycsb_${f.workload.toLowerCase()}`;
        o.emit({ bench, engine: OURS, metric: `throughput_${pathName}`, value: round(f.opsPerSec), unit: 'ops/s' });
        o.emit({ bench, engine: OURS, metric: `latency_p50_${pathName}`, value: round(f.p50Us), unit: 'us' });
        o.emit({ bench, engine: OURS, metric: `latency_p99_${pathName}`, value: round(f.p99Us), unit: 'us' });
        if (f.misses > 0) o.emit({ bench, engine: OURS, metric: `misses_${pathName}`, value: f.misses, unit: 'count' });
        table.set(`${pathName}:${f.workload}`, f);
      }
    }
    emitExtras({ emit: o.emit, batchSize: o.ycsb.batchSize, window: o.ycsb.window }, r.extras, 'browser');
    process.stderr.write(summary(o.ycsb, table, r.extras, 'Chromium, OBServer workers over comlink') + '\n');
  } finally {
    await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
