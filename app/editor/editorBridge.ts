/**
 * Lets buttons outside the editor (Run, Run all) act on it: the editor registers how to get the
 * text to run; the buttons call `runFromEditor`.
 */
import { runSql } from '../host/playground';

export type RunMode = 'current' | 'all';

let textFor: ((mode: RunMode) => string | null) | null = null;

export function registerEditor(fn: ((mode: RunMode) => string | null) | null): void {
  textFor = fn;
}

/** Runs the selection or the statement at the cursor ('current'), or the whole text ('all'). */
export function runFromEditor(mode: RunMode): void {
  const text = textFor?.(mode);
  if (text && text.trim().length > 0) runSql(text).catch(() => {});
}
