/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The playground page lives in app/ (index.html there); engine/ and workers/ are imported from it.
export default defineConfig({
  root: 'app',
  publicDir: '../public',
  plugins: [react()],
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
