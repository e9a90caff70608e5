#!/usr/bin/env node
// Launcher of `obsh` (package.json "bin"): registers tsx's ESM loader so the TypeScript shell
// (workers/obsh/main.ts) and the engine run directly from source, then starts the shell.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./main.ts', import.meta.url).href);
