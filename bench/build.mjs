#!/usr/bin/env node
// `npm run bench`: bundles bench/run.ts and the engine with esbuild into
// node_modules/.cache/ob-bench/run.mjs, then runs it in this process. Benchmarks measure plain
// esbuild output, the code a production build ships: tsx compiles with `keepNames`, which wraps
// every function and slows the chevrotain parser down several times, so figures taken under tsx
// describe tsx, not the engine.
//
// sql.js stays external (it loads its .wasm file from its own package directory), and so does
// playwright-core (the browser part; it loads files relative to its package). Falls back to tsx
// when esbuild cannot be loaded.
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
    external: ['sql.js', 'playwright-core'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);" },
  });
  await import(pathToFileURL(outfile).href);
} else {
  process.stderr.write('bench: esbuild unavailable, running under tsx (slower parser: figures not comparable)\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
