#!/usr/bin/env node
// Launcher of `obsh` (package.json "bin"). Runs the TypeScript shell (workers/obsh/main.ts) and the
// engine from one esbuild bundle kept in node_modules/.cache/obsh/: plain esbuild output, without
// the `keepNames` wrapping tsx applies, which slows the chevrotain parser down several times.
//
// The bundle is rebuilt when it is missing or when any of its inputs (listed by esbuild's metafile,
// saved beside it) is newer than it or gone. It is written to a temporary name and renamed, so
// shells started at the same moment never read a half-written file. When esbuild cannot be loaded
// or the build fails, the shell runs from source through tsx, as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const entry = path.join(here, 'main.ts');
const cacheDir = path.join(root, 'node_modules', '.cache', 'obsh');
const bundle = path.join(cacheDir, 'main.mjs');
const inputsFile = path.join(cacheDir, 'inputs.json');

/** True when the bundle exists and no input changed since it was built. */
function bundleIsFresh() {
  let builtMs;
  let inputs;
  try {
    builtMs = fs.statSync(bundle).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return false;
  for (const file of inputs) {
    let st;
    try {
      st = fs.statSync(path.resolve(root, file));
    } catch {
      return false;
    }
    if (st.mtimeMs > builtMs) return false;
  }
  return true;
}

/** Bundles main.ts into the cache; returns false when esbuild is unavailable or fails. */
async function build() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return false;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  // Sources edited while the build runs must count as newer: date the bundle at the build's start.
  const startedSec = Date.now() / 1000 - 1;
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: tmp,
      absWorkingDir: root,
      metafile: true,
      logLevel: 'silent',
      // `--kv` strips TypeScript with esbuild at run time: load the installed package, do not bundle it.
      external: ['esbuild'],
      // CommonJS dependencies may `require` Node built-ins; give the ESM bundle a `require`.
      banner: { js: "import { createRequire as __obshRequire } from 'node:module'; const require = __obshRequire(import.meta.url);" },
    });
    const inputs = Object.keys(result.metafile.inputs);
    fs.writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
    fs.renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
    fs.utimesSync(tmp, startedSec, startedSec);
    fs.renameSync(tmp, bundle);
    return true;
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
}

if (bundleIsFresh() || (await build())) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
