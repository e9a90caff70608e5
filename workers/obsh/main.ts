/**
 * `obsh` entry point (`npm run obsh`, or `workers/obsh/bin.mjs` as the package's `obsh` binary):
 * runs the headless shell (shell.ts) on this process's stdin, stdout and stderr.
 */
import { obshMain } from './shell';

obshMain();
