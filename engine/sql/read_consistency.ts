/**
 * Weak-consistency reads (issue #4, reference §3.7): which read consistency a SELECT runs with.
 *
 * OceanBase's rules (its `ObConsistencyLevel` and the weak-read docs):
 * - the `/*+ READ_CONSISTENCY(WEAK | STRONG | FROZEN) *\/` hint beats the session variable
 *   `ob_read_consistency` ('' | FROZEN | WEAK | STRONG; '' and an unset variable mean STRONG);
 * - SELECT ... FOR UPDATE and DML are always STRONG;
 * - FROZEN (read the last frozen major version; deprecated in V4) reads a replica's local data
 *   without a leader, which the playground treats as WEAK.
 * The transaction rule (its first statement fixes the level) lives in the executor.
 * EXPLAIN shows nothing of this: OceanBase prints the hint only in the outline sections of
 * EXPLAIN EXTENDED, which the playground does not print.
 */
import type { Value } from '../common/value';
import type { ReadConsistency } from './exec_context';

const HINT = /\bREAD_CONSISTENCY\s*\(\s*['"`]?\s*(WEAK|STRONG|FROZEN)\s*['"`]?\s*\)/gi;
/** `SELECT /*+ ... *\/` at the start of a statement text (how the lexer attaches a hint). */
const LEADING_HINT = /^\s*SELECT\s*\/\*\+([\s\S]*?)\*\//i;

/** The level a hint text asks for (the last READ_CONSISTENCY hint wins), or undefined. */
export function readConsistencyHint(hints: string | undefined): 'STRONG' | 'WEAK' | 'FROZEN' | undefined {
  if (hints === undefined || hints === '') return undefined;
  let level: 'STRONG' | 'WEAK' | 'FROZEN' | undefined;
  for (const m of hints.matchAll(HINT)) level = m[1].toUpperCase() as 'STRONG' | 'WEAK' | 'FROZEN';
  return level;
}

/**
 * The read consistency of a SELECT: `hints` (the statement's hint text), else the session's
 * `ob_read_consistency` value, else STRONG; FOR UPDATE is always STRONG.
 */
export function resolveReadConsistency(hints: string | undefined, variable: Value | undefined, forUpdate: boolean): ReadConsistency {
  if (forUpdate) return 'STRONG';
  const hinted = readConsistencyHint(hints);
  const level = hinted ?? (typeof variable === 'string' ? variable.trim().toUpperCase() : '');
  return level === 'WEAK' || level === 'FROZEN' ? 'WEAK' : 'STRONG';
}

/** The hint text right after a statement's leading SELECT, as the lexer would attach it. */
export function leadingHint(text: string): string | undefined {
  const m = LEADING_HINT.exec(text);
  return m ? m[1].trim() : undefined;
}
