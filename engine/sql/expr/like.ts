/**
 * LIKE pattern matching under utf8mb4_general_ci (OceanBase's `ObExprLike`).
 *
 * `%` matches any run of characters, `_` exactly one character (code point); the escape character
 * (default `\`) makes the next pattern character literal. Matching is case-insensitive (general_ci)
 * and, unlike `=`, trailing spaces count ('a ' LIKE 'a' is false), as in MySQL.
 * A pattern is compiled once into a matcher: plain equality / prefix / suffix / infix tests for
 * the common shapes, else an anchored RegExp. Constant patterns are compiled at expression
 * compile time; per-row patterns go through a one-entry cache.
 */
import { ciFold } from './strings';

export type LikeMatcher = (subject: string) => boolean;

type Token = { kind: 'lit'; text: string } | { kind: 'any' } | { kind: 'one' };

function tokenize(pattern: string, escape: string): Token[] {
  const out: Token[] = [];
  const cps = Array.from(pattern);
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    if (escape !== '' && ch === escape && i + 1 < cps.length) {
      pushLiteral(out, cps[++i]);
    } else if (ch === '%') {
      if (out.length === 0 || out[out.length - 1].kind !== 'any') out.push({ kind: 'any' });
    } else if (ch === '_') {
      out.push({ kind: 'one' });
    } else {
      pushLiteral(out, ch);
    }
  }
  return out;
}

function pushLiteral(out: Token[], ch: string): void {
  const last = out[out.length - 1];
  if (last && last.kind === 'lit') last.text += ch;
  else out.push({ kind: 'lit', text: ch });
}

const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

function toRegExp(tokens: readonly Token[]): RegExp {
  let src = '^';
  for (const t of tokens) {
    if (t.kind === 'any') src += '[^]*';
    else if (t.kind === 'one') src += '.';
    else src += ciFold(t.text).replace(REGEX_SYNTAX, '\\$&');
  }
  return new RegExp(src + '$', 'su');
}

/** Compiles `pattern` with `escape` ('' = none) into a case-insensitive matcher. */
export function compileLike(pattern: string, escape = '\\'): LikeMatcher {
  const tokens = tokenize(pattern, escape);
  const lit = (t: Token | undefined) => (t && t.kind === 'lit' ? ciFold(t.text) : null);
  const n = tokens.length;
  if (n === 0) return (s) => s === '';
  if (n === 1 && tokens[0].kind === 'any') return () => true;
  if (n === 1 && tokens[0].kind === 'lit') {
    const p = lit(tokens[0])!;
    return (s) => ciFold(s) === p;
  }
  if (n === 2 && tokens[0].kind === 'lit' && tokens[1].kind === 'any') {
    const p = lit(tokens[0])!;
    return (s) => ciFold(s).startsWith(p);
  }
  if (n === 2 && tokens[0].kind === 'any' && tokens[1].kind === 'lit') {
    const p = lit(tokens[1])!;
    return (s) => ciFold(s).endsWith(p);
  }
  if (n === 3 && tokens[0].kind === 'any' && tokens[1].kind === 'lit' && tokens[2].kind === 'any') {
    const p = lit(tokens[1])!;
    return (s) => ciFold(s).includes(p);
  }
  const re = toRegExp(tokens);
  return (s) => re.test(ciFold(s));
}

/** A matcher factory with a one-entry cache, for patterns that vary per row. */
export function cachedLike(): (pattern: string, escape: string) => LikeMatcher {
  let lastPattern: string | null = null;
  let lastEscape = '';
  let last: LikeMatcher = () => false;
  return (pattern, escape) => {
    if (pattern !== lastPattern || escape !== lastEscape) {
      last = compileLike(pattern, escape);
      lastPattern = pattern;
      lastEscape = escape;
    }
    return last;
  };
}
