/**
 * The fast parser (OceanBase's `ObFastParser`): one pass over a statement's text that replaces
 * its literals with parameter markers, giving the plan cache its key — `SELECT v FROM t WHERE id
 * = 5` and `... id = 7` share the key `SELECT v FROM t WHERE id = \0i` with parameters [5] and
 * [7] — without running the grammar.
 *
 * Parameters are integer literals of at most 15 digits (always a `number`, as the grammar reads
 * them: literals.ts) and single-quoted strings; every other character — keywords, identifiers,
 * decimal and float literals, double-quoted strings, comments and hints, whitespace — is copied
 * into the key verbatim, so two texts share a key only if they differ in those literals alone.
 * Whether a parameter may really vary without changing the plan is decided later, per statement,
 * by the plan cache (plan_cache.ts); the fast parser only finds them.
 *
 * It answers null (no key: the statement takes the normal path) for anything it does not model
 * exactly as the lexer does: a text that does not start with SELECT, INSERT, REPLACE, UPDATE or
 * DELETE, has surrounding whitespace
 * or a `;`, contains NUL, an unterminated quote or comment, a literal glued to a word (`1e3`,
 * `0x1F`, `_utf8'a'`, `x'41'`, `@'v'`), or is longer than FAST_PARSE_TEXT_MAX characters.
 */
import { stringLiteral } from './literals';

/** A literal found by the fast parser. */
export interface FastParam {
  kind: 'int' | 'str';
  value: number | string;
  /** Offsets of the literal's text (`'it''s'` with its quotes) in the statement. */
  start: number;
  end: number;
}

export interface FastParse {
  /** The text with each parameter replaced by `\0i` (integer) or `\0s` (string). */
  key: string;
  params: FastParam[];
}

/** Longest statement the fast parser handles (longer ones are rarely repeated point queries). */
export const FAST_PARSE_TEXT_MAX = 4096;
/** Most parameters in one statement. */
export const FAST_PARSE_PARAMS_MAX = 64;

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Characters that continue a word for the lexer (`[\w$\u0080-\uffff]`). */
const isWordChar = (c: number) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;

/** Statements the fast parser keys: those repeated with new literal values in OLTP work. */
const LEADING_KEYWORDS = ['select', 'insert', 'replace', 'update', 'delete'];

/** Length of the leading keyword when `text` starts with one (any case) followed by a non-word character, else 0. */
function leadingKeyword(text: string): number {
  for (const w of LEADING_KEYWORDS) {
    if (text.length <= w.length || isWordChar(text.charCodeAt(w.length))) continue;
    let i = 0;
    while (i < w.length && (text.charCodeAt(i) | 0x20) === w.charCodeAt(i)) i++;
    if (i === w.length) return i;
  }
  return 0;
}

/** End of the quoted run starting at `i` (the quote), just past the closing quote; -1 if unclosed. */
function quotedEnd(text: string, i: number): number {
  const quote = text.charCodeAt(i);
  const escapes = quote !== 96;
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (escapes && c === 92) j += 2;
    else if (c === quote) {
      if (text.charCodeAt(j + 1) === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return -1;
}

/** End of a comment starting at `i`, or -1 when none starts there, -2 when it never closes. */
function commentEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (c === 35 || (c === 45 && next === 45 && (i + 2 >= text.length || text.charCodeAt(i + 2) <= 32))) {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl;
  }
  if (c === 47 && next === 42) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? -2 : close + 2;
  }
  return -1;
}

/**
 * The key and parameters of one SELECT statement's text, or null when the fast parser does not
 * handle it (see the module comment). Never throws: a text it cannot key goes the normal way,
 * where the grammar reports any error.
 */
export function fastParse(text: string): FastParse | null {
  const n = text.length;
  const head = n > FAST_PARSE_TEXT_MAX ? 0 : leadingKeyword(text);
  if (head === 0) return null;
  const last = text.charCodeAt(n - 1);
  // NUL marks parameters in keys: a text holding one (even quoted) is never keyed.
  if (last <= 32 || last === 59 || text.indexOf('\u0000') >= 0) return null;
  const params: FastParam[] = [];
  let key = '';
  let copied = 0; // text[copied, i) is still to be copied into the key
  let sigEnd = head; // end of the last significant (non-comment, non-space) character
  let i = head;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 59) return null; // a second statement after `;`
    if (c <= 32) {
      i++;
      continue;
    }
    if (c === 35 || c === 45 || c === 47) {
      const e = commentEnd(text, i);
      if (e === -2) return null;
      if (e >= 0) {
        // A hint is significant text; the statement text ends before a trailing comment.
        if (text.charCodeAt(i + 2) === 43 && c === 47) sigEnd = e;
        i = e;
        continue;
      }
    }
    const prev = text.charCodeAt(i - 1);
    let e: number;
    if (c === 34 || c === 96) {
      e = quotedEnd(text, i);
      if (e < 0) return null;
    } else if (c === 39) {
      e = quotedEnd(text, i);
      if (e < 0) return null;
      // `_utf8'a'`, `N'a'`, `x'41'`, `b'1'`, `@'v'`: not a plain string literal.
      if (isWordChar(prev) || prev === 64 || prev === 39) return null;
      if (params.length >= FAST_PARSE_PARAMS_MAX) return null;
      params.push({ kind: 'str', value: stringLiteral(text.slice(i, e)), start: i, end: e });
      key += text.slice(copied, i) + '\u0000s';
      copied = e;
    } else if (isDigit(c)) {
      // After `.` it is a decimal's fraction (`.5`, `t.5`): not modelled.
      if (prev === 46) return null;
      e = i + 1;
      while (e < n && isDigit(text.charCodeAt(e))) e++;
      const after = e < n ? text.charCodeAt(e) : 32;
      if (isWordChar(after) || after === 46) return null; // 1e3, 0x1F, 1.5, 12abc
      if (e - i > 15 || params.length >= FAST_PARSE_PARAMS_MAX) return null;
      params.push({ kind: 'int', value: Number(text.slice(i, e)), start: i, end: e });
      key += text.slice(copied, i) + '\u0000i';
      copied = e;
    } else if (isWordChar(c)) {
      // A whole word, so digits inside identifiers (`t1`, `l_2`) stay part of them.
      e = i + 1;
      while (e < n && isWordChar(text.charCodeAt(e))) e++;
    } else {
      e = i + 1;
    }
    i = sigEnd = e;
  }
  if (sigEnd !== n) return null;
  key += text.slice(copied);
  return { key, params };
}

/** `text` with parameter `i` replaced by the literal text `images[i]` (same order as params). */
export function substituteParams(text: string, params: readonly FastParam[], images: readonly string[]): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < params.length; i++) {
    out += text.slice(copied, params[i].start) + images[i];
    copied = params[i].end;
  }
  return out + text.slice(copied);
}
