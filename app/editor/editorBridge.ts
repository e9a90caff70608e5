/**
 * Lets buttons outside the editor (Run, Run all, Compare row vs column) act on it: the editor
 * registers how to get the text to run; the buttons call `runFromEditor` / `compareFromEditor`.
 */
import { compareRowColumn } from '../host/compare';
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

/** Runs the selection or the statement at the cursor on the row store and on the column store. */
export function compareFromEditor(): void {
  const text = textFor?.('current');
  if (text && text.trim().length > 0) compareRowColumn(text).catch(() => {});
}
