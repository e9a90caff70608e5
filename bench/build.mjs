#!/usr/bin/env node
// `npm run bench`: bundles bench/run.ts and the engine with esbuild into
// node_modules/.cache/ob-bench/run.mjs, then runs it in this process. Benchmarks measure plain
// esbuild output, the code a production build ships: tsx compiles with `keepNames`, which wraps
// every function and slows the chevrotain parser down several times, so figures taken under tsx
// describe tsx, not the engine.
//
// sql.js stays external (it loads its .wasm file from its own package directory), and so do
// playwright-core (the browser part; it loads files relative to its package), @duckdb/duckdb-wasm
// and its apache-arrow (the columnar part; loaded with Node's resolver, wasm files from
// node_modules). Falls back to tsx when esbuild cannot be loaded.
//
// The bundle runs in a child Node with a BENCH_HEAP_MB heap (--max-old-space-size, default 12288):
// the in-process cluster keeps all three servers in one heap, where a browser gives each server
// worker its own (about 4 GB); with Node's default 4 GB, 1M lineitem rows × 3 replicas run GC-bound
// (load and major compaction about twice as slow). BENCH_HEAP_MB=0 runs it in this process.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'bench', 'run.ts');
const outfile = path.join(root, 'node_modules', '.cache', 'ob-bench', 'run.mjs');

// run.ts finds dist/ (the browser part) from the repository root, not from its bundle's location.
process.env.OB_REPO_ROOT = root;

let esbuild = null;
try {
  esbuild = await import('esbuild');
} catch {
  esbuild = null;
}

if (esbuild) {
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    absWorkingDir: root,
    external: ['sql.js', 'playwright-core', '@duckdb/duckdb-wasm', '@duckdb/duckdb-wasm/*', 'apache-arrow'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  const heapMb = Number(process.env.BENCH_HEAP_MB ?? 12288);
  if (Number.isFinite(heapMb) && heapMb > 0) {
    const child = spawnSync(process.execPath, [`--max-old-space-size=${Math.floor(heapMb)}`, outfile], { stdio: 'inherit' });
    process.exit(child.status ?? 1);
  }
  await import(pathToFileURL(outfile).href);
} else {
  process.stderr.write('bench: esbuild unavailable, running under tsx (slower parser: figures not comparable)\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
