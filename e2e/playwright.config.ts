/**
 * Playwright on the system Chromium (Debian's package; `npx playwright install` cannot work
 * here: reference playground-anchors §3.6). The page is the built `dist/` served by
 * `vite preview` on a free port (`npm test` builds first; `npm run build` before
 * `npm run test:e2e`). One worker: the tests share OPFS per browser context and boot real
 * clusters, so they run one at a time.
 */
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

/** A free TCP port, chosen once in the runner and inherited by its workers through the env. */
function freePort(): string {
  const script =
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return execSync(`node -e "${script}"`, { encoding: 'utf8' }).trim();
}

const port = (process.env.OB_E2E_PORT ??= freePort());
const baseURL = `http://127.0.0.1:${port}`;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** The built page to serve: `dist/` (what `npm run build` writes) unless OB_E2E_DIST names another. */
const distDir = resolve(repoRoot, process.env.OB_E2E_DIST || 'dist');

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './.tmp/test-results',
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 1280, height: 720 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: `npx vite preview --outDir "${distDir}" --port ${port} --strictPort --host 127.0.0.1`,
    url: baseURL,
    cwd: repoRoot,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
