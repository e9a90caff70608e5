/**
 * Expected-output checks of scenario cells (issue #6): does what a cell printed match its
 * ```expected block? The rules are those of doctest-style golden files, loose where output is
 * legitimately unstable:
 *   - CRLF is LF; trailing whitespace on each line is ignored; leading and trailing blank lines of
 *     both texts are ignored;
 *   - a line that is exactly `...` matches zero or more whole lines;
 *   - `{...}` inside a line matches any text within that line (`| 1001 | {...} |`).
 * On a mismatch the caller gets a line diff, expected (-) vs actual (+), where wildcard lines that
 * matched are shown as context (` ...`, the pattern line itself).
 *
 * The alignment is a dynamic program over (expected line, actual line) that minimises unmatched
 * lines, with `...` absorbing actual lines for free; outputs too large for it (more than
 * EXPECT_ALIGN_CELLS_MAX cells) fall back to the `diff` package's Myers diff with the same line
 * comparator. Pure: no host globals.
 */
import { diffArrays } from 'diff';
import type { DiffLine } from './types';

/** The wildcard line: matches zero or more lines. */
export const ANY_LINES = '...';
/** The in-line wildcard: matches any text within one line. */
export const ANY_TEXT = '{...}';
/** Largest expected × actual line product aligned exactly; beyond it the Myers diff is used. */
export const EXPECT_ALIGN_CELLS_MAX = 4_000_000;

export interface MatchResult {
  pass: boolean;
  /** On a mismatch: expected (-) vs actual (+) with matched lines as context; null when it passed. */
  diff: DiffLine[] | null;
}

/** CRLF → LF, trailing whitespace dropped per line, leading/trailing blank lines dropped. */
export function normalizeLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start] === '') start++;
  while (end > start && lines[end - 1] === '') end--;
  return lines.slice(start, end);
}

const patternCache = new Map<string, RegExp>();

/** True when actual line `a` matches expected line `e` (`{...}` matching any text in the line). */
export function lineMatches(e: string, a: string): boolean {
  if (!e.includes(ANY_TEXT)) return e === a;
  let re = patternCache.get(e);
  if (!re) {
    const body = e.split(ANY_TEXT).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 's');
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(e, re);
  }
  return re.test(a);
}

/**
 * Compares a cell's actual output with its expectation (rules in the module comment). `diff` is
 * null when it passes.
 */
export function matchExpected(expected: string, actual: string): MatchResult {
  const e = normalizeLines(expected);
  const a = normalizeLines(actual);
  if ((e.length + 1) * (a.length + 1) > EXPECT_ALIGN_CELLS_MAX) return myersMatch(e, a);
  const diff = alignedDiff(e, a);
  const pass = diff.every((d) => d.op === ' ');
  return { pass, diff: pass ? null : diff };
}

const enum Step {
  Match = 1,
  DropExpected = 2,
  AddActual = 3,
  /** `...` absorbs actual line j. */
  Absorb = 4,
  /** `...` ends (matches no more lines). */
  EndAny = 5,
}

/**
 * Minimum-cost alignment: cost[i][j] is the number of unmatched lines aligning e[i..] with a[j..].
 * Ties prefer matching, then ending a `...` (it absorbs as few lines as it can), then dropping
 * expected before adding actual.
 */
function alignedDiff(e: string[], a: string[]): DiffLine[] {
  const n = e.length;
  const m = a.length;
  const w = m + 1;
  const cost = new Uint32Array((n + 1) * w);
  const step = new Uint8Array((n + 1) * w);
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      const at = i * w + j;
      if (i === n && j === m) continue;
      let best = Number.MAX_SAFE_INTEGER;
      let how = 0;
      const consider = (c: number, s: Step) => {
        if (c < best) {
          best = c;
          how = s;
        }
      };
      if (i < n && e[i] === ANY_LINES) {
        consider(cost[at + w], Step.EndAny);
        if (j < m) consider(cost[at + 1], Step.Absorb);
      } else {
        if (i < n && j < m && lineMatches(e[i], a[j])) consider(cost[at + w + 1], Step.Match);
        if (i < n) consider(cost[at + w] + 1, Step.DropExpected);
        if (j < m) consider(cost[at + 1] + 1, Step.AddActual);
      }
      cost[at] = best;
      step[at] = how;
    }
  }
  return walk(e, a, step, w);
}

/** Follows the chosen steps from (0, 0) into diff lines. */
function walk(e: string[], a: string[], step: Uint8Array, w: number): DiffLine[] {
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  let anyShown = false;
  while (i < e.length || j < a.length) {
    switch (step[i * w + j] as Step) {
      case Step.Match:
        out.push({ op: ' ', text: e[i] });
        i++;
        j++;
        break;
      case Step.Absorb:
        if (!anyShown) out.push({ op: ' ', text: ANY_LINES });
        anyShown = true;
        j++;
        break;
      case Step.EndAny:
        if (!anyShown) out.push({ op: ' ', text: ANY_LINES });
        anyShown = false;
        i++;
        break;
      case Step.DropExpected:
        out.push({ op: '-', text: e[i] });
        i++;
        break;
      default:
        out.push({ op: '+', text: a[j] });
        j++;
        break;
    }
  }
  return out;
}

/** The fallback for very large outputs: Myers diff with the line comparator (`...` never matches). */
function myersMatch(e: string[], a: string[]): MatchResult {
  const changes = diffArrays(e, a, { comparator: (x: string, y: string) => x !== ANY_LINES && lineMatches(x, y) });
  const diff: DiffLine[] = [];
  for (const c of changes) {
    const op: DiffLine['op'] = c.added ? '+' : c.removed ? '-' : ' ';
    for (const text of c.value) diff.push({ op, text });
  }
  const pass = diff.every((d) => d.op === ' ');
  return { pass, diff: pass ? null : diff };
}
