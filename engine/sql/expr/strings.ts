/**
 * Character-level helpers for utf8mb4 strings held as JavaScript (UTF-16) strings.
 *
 * MySQL counts characters as Unicode code points (a surrogate pair is one character) and LENGTH
 * in UTF-8 bytes. Positions in SQL functions are 1-based code-point positions. For text without
 * surrogates (nearly all text) code points and UTF-16 units coincide, and the helpers take that
 * fast path without allocating.
 * `ciFold` is the utf8mb4_general_ci character map used for case-insensitive matching (LIKE,
 * INSTR, LOCATE): per character upper case, one-to-one (like `generalCiWeight` without the
 * PAD SPACE trim).
 */

const SURROGATE = /[\ud800-\udfff]/;

export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** Number of characters (code points) — CHAR_LENGTH. */
export function charLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** Number of UTF-8 bytes — LENGTH / OCTET_LENGTH. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Characters of `s` as an array of code-point strings (only for text with surrogates). */
function chars(s: string): string[] {
  return Array.from(s);
}

/** Substring by 0-based code-point offset and count (count may run past the end). */
export function substrChars(s: string, start: number, count: number): string {
  if (count <= 0 || start < 0) return '';
  if (!hasSurrogates(s)) return s.substr(start, count);
  return chars(s).slice(start, start + count).join('');
}

/** The string reversed by characters (REVERSE). */
export function reverseChars(s: string): string {
  if (!hasSurrogates(s)) {
    let out = '';
    for (let i = s.length - 1; i >= 0; i--) out += s[i];
    return out;
  }
  return chars(s).reverse().join('');
}

/** Case fold for utf8mb4_general_ci comparisons (length-preserving upper case). */
export function ciFold(s: string): string {
  const up = s.toUpperCase();
  if (up.length === s.length) return up;
  let out = '';
  for (const ch of s) {
    const u = ch.toUpperCase();
    out += u.length === ch.length ? u : ch;
  }
  return out;
}

/**
 * 1-based character position of `needle` in `hay` at or after character `fromChar` (1-based),
 * case-insensitively under general_ci; 0 when absent (INSTR, LOCATE, POSITION).
 */
export function ciPosition(hay: string, needle: string, fromChar = 1): number {
  if (fromChar < 1) return 0;
  const h = ciFold(hay);
  const n = ciFold(needle);
  if (!hasSurrogates(h)) {
    if (fromChar - 1 > h.length) return 0;
    const at = h.indexOf(n, fromChar - 1);
    return at < 0 ? 0 : at + 1;
  }
  const hc = chars(h);
  const prefix = hc.slice(0, fromChar - 1).join('').length;
  const at = h.indexOf(n, prefix);
  return at < 0 ? 0 : charLength(h.slice(0, at)) + 1;
}

/** UTF-8 bytes of `s` (for HEX and ASCII). */
export function utf8Bytes(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return out;
}

/** Uppercase hexadecimal of the UTF-8 bytes (HEX of a string). */
export function hexOfString(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) out += (b < 16 ? '0' : '') + b.toString(16);
  return out.toUpperCase();
}
