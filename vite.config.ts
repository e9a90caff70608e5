/// <reference types="vitest/config" />
import { resolve as resolvePath } from 'node:path';
import { build } from 'esbuild';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const KV_RUNTIME_SUFFIX = '?kvruntime';

/**
 * Issue #5: `import source from './x.ts?kvruntime'` gives `x.ts` bundled with its imports into one
 * self-contained IIFE script (esbuild, Vite's own dependency) as a string: the KV sandbox starts
 * its script worker from that text (a blob URL inside an opaque-origin iframe), so the worker
 * needs no module loading from our origin. The bundle exposes the entry's exports as `__obkvRuntime`.
 */
function kvRuntimePlugin(): Plugin {
  return {
    name: 'ob-kv-runtime',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith(KV_RUNTIME_SUFFIX)) return null;
      const resolved = await this.resolve(source.slice(0, -KV_RUNTIME_SUFFIX.length), importer, { skipSelf: true });
      return resolved ? `\0${resolved.id}${KV_RUNTIME_SUFFIX}` : null;
    },
    async load(id) {
      if (!id.startsWith('\0') || !id.endsWith(KV_RUNTIME_SUFFIX)) return null;
      const entry = id.slice(1, -KV_RUNTIME_SUFFIX.length);
      const out = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'iife',
        globalName: '__obkvRuntime',
        platform: 'browser',
        target: 'es2022',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      for (const input of Object.keys(out.metafile?.inputs ?? {})) this.addWatchFile(resolvePath(input));
      return `export default ${JSON.stringify(out.outputFiles[0].text)};`;
    },
  };
}

// The playground page lives in app/ (index.html there); engine/ and workers/ are imported from it.
export default defineConfig({
  root: 'app',
  publicDir: '../public',
  plugins: [kvRuntimePlugin(), react()],
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
  // Pre-bundle every dependency up front so a fresh `npm start` does not reload the page once it
  // discovers them (the workers import chevrotain and crc-32, the page monaco-editor).
  optimizeDeps: {
    include: ['react', 'react-dom', 'react-dom/client', 'zustand', 'comlink', 'chevrotain', 'crc-32', 'world-countries', 'lz4js'],
    entries: ['index.html', '../workers/observer_worker.ts'],
  },
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  test: {
    root: '.',
    include: ['engine/**/*.test.ts', 'workers/**/*.test.ts', 'app/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
