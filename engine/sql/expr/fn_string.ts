/**
 * String functions, MySQL mode with utf8mb4_general_ci (OceanBase's `ObExprConcat`,
 * `ObExprSubstr`, `ObExprTrim`, `ObExprLength`, `ObExprLocate`, ...).
 *
 * Positions and lengths are in characters (code points), 1-based; LENGTH counts UTF-8 bytes.
 * A NULL argument gives NULL (CONCAT_WS skips NULL values after the separator). INSTR/LOCATE/
 * POSITION search case-insensitively (general_ci); REPLACE is case-sensitive, as in MySQL.
 * Non-string arguments are converted to text as the protocol prints them (CONCAT(1.50) = '1.50').
 *
 * TRIM forms (as the parser maps them): `trim(s[, remstr])` = TRIM([BOTH] remstr FROM s),
 * `ltrim(s[, remstr])` = TRIM(LEADING remstr FROM s), `rtrim(s[, remstr])` = TRIM(TRAILING ...);
 * without `remstr` spaces are trimmed. `trim` also honours `meta.side` ('both'|'leading'|'trailing').
 * `position(sub, s)` = LOCATE(sub, s) (POSITION(sub IN s)); `substring(s, pos[, len])` also
 * serves SUBSTRING(s FROM pos FOR len).
 */
import { Errors } from '../../common/ob_error';
import { isIntegerType } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr, CompiledExpr } from './bound';
import { hexOfString, charLength, ciPosition, reverseChars, substrChars, utf8Bytes, utf8Length } from './strings';
import { Decimal } from '../../common/decimal';
import { compareGeneralCi, unionType } from './types';
import {
  argDecimal, argInt, argSmallInt, argText, def, strict1, strict2, strict3, strictAll, typesOf, type BuildInput, type FunctionDef, type Meta,
} from './registry';
import { BIGINT, VARCHAR } from './types';

/** MySQL's limit on a string function result (max_allowed_packet, 16 MiB here). */
const STRING_RESULT_CHARS_MAX = 16 * 1024 * 1024;

/** Display length in characters of a value of type `t` (for result VARCHAR lengths). */
function charsOf(t: ColumnType): number {
  if (t.kind === 'char' || t.kind === 'varchar') return t.precision ?? 65535;
  if (t.kind === 'text') return 65535;
  if (isIntegerType(t)) return 20;
  if (t.kind === 'decimal') return (t.precision ?? 10) + 2;
  if (t.kind === 'date') return 10;
  if (t.kind === 'datetime' || t.kind === 'timestamp') return 19 + ((t.precision ?? 0) > 0 ? (t.precision ?? 0) + 1 : 0);
  if (t.kind === 'null') return 0;
  return 23;
}

const sameAsArg0 = (args: readonly BoundExpr[]): ColumnType => VARCHAR(charsOf(args[0].type));

function concatType(args: readonly BoundExpr[]): ColumnType {
  const total = typesOf(args).reduce((n, t) => n + charsOf(t), 0);
  return VARCHAR(Math.min(total, 262144));
}

function checkResultLength(n: number, fn: string): void {
  if (n > STRING_RESULT_CHARS_MAX) throw Errors.invalidArgument(`Result of ${fn}() was larger than max_allowed_packet (16777216) - truncated`);
}

// ---------------------------------------------------------------- substrings

/** SUBSTRING(s, pos[, len]): pos 1-based, negative counts from the end, 0 → ''. */
export function substring(s: string, pos: number, len = Number.MAX_SAFE_INTEGER): string {
  if (pos === 0 || len <= 0) return '';
  const n = charLength(s);
  const start = pos > 0 ? pos - 1 : n + pos;
  if (start < 0 || start >= n) return '';
  return substrChars(s, start, len);
}

function buildSubstring(input: BuildInput): CompiledExpr {
  const s = argText(input, 0);
  const pos = argSmallInt(input, 1);
  if (input.args.length === 2) return strict2(s, pos, (a, p) => substring(a, p));
  return strict3(s, pos, argSmallInt(input, 2), (a, p, l) => substring(a, p, l));
}

function buildLeftRight(left: boolean): (input: BuildInput) => CompiledExpr {
  return (input) =>
    strict2(argText(input, 0), argSmallInt(input, 1), (s, n) => {
      if (n <= 0) return '';
      const len = charLength(s);
      if (n >= len) return s;
      return left ? substrChars(s, 0, n) : substrChars(s, len - n, n);
    });
}

// ---------------------------------------------------------------- trim and pad

type Side = 'both' | 'leading' | 'trailing';

function trimString(s: string, rem: string, side: Side): string {
  if (rem === '') return s;
  let start = 0;
  let end = s.length;
  if (side !== 'trailing') while (s.startsWith(rem, start)) start += rem.length;
  if (side !== 'leading') while (end - rem.length >= start && s.endsWith(rem, end)) end -= rem.length;
  return s.slice(start, end);
}

function buildTrim(fixedSide: Side | null): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const side = fixedSide ?? sideOf(input.meta);
    if (input.args.length === 1) return strict1(argText(input, 0), (s) => trimString(s, ' ', side));
    return strict2(argText(input, 0), argText(input, 1), (s, rem) => trimString(s, rem, side));
  };
}

function sideOf(meta: Meta): Side {
  const side = typeof meta.side === 'string' ? meta.side.toLowerCase() : 'both';
  return side === 'leading' || side === 'trailing' ? side : 'both';
}

function pad(s: string, len: number, padStr: string, left: boolean): Value {
  const n = charLength(s);
  if (len < 0) return null;
  if (len <= n) return substrChars(s, 0, len);
  if (padStr === '') return null;
  checkResultLength(len, left ? 'lpad' : 'rpad');
  const need = len - n;
  const unit = charLength(padStr);
  let fill = padStr.repeat(Math.ceil(need / unit));
  fill = substrChars(fill, 0, need);
  return left ? fill + s : s + fill;
}

function buildPad(left: boolean): (input: BuildInput) => CompiledExpr {
  return (input) => strict3(argText(input, 0), argSmallInt(input, 1), argText(input, 2), (s, n, p) => pad(s, n, p, left));
}

// ---------------------------------------------------------------- concat

function buildConcat(input: BuildInput): CompiledExpr {
  const fs = input.args.map((_, i) => argText(input, i));
  if (fs.length === 2) return strict2(fs[0], fs[1], (a, b) => a + b);
  return strictAll(fs, (vals) => vals.join(''));
}

function buildConcatWs(input: BuildInput): CompiledExpr {
  const sep = argText(input, 0);
  const fs = input.args.slice(1).map((_, i) => argText(input, i + 1));
  return (row) => {
    const sp = sep(row);
    if (sp === null) return null;
    let out = '';
    let first = true;
    for (let i = 0; i < fs.length; i++) {
      const v = fs[i](row);
      if (v === null) continue;
      out += first ? v : sp + v;
      first = false;
    }
    return out;
  };
}

// ---------------------------------------------------------------- search

function buildLocate(input: BuildInput): CompiledExpr {
  const sub = argText(input, 0);
  const s = argText(input, 1);
  if (input.args.length === 2) return strict2(sub, s, (a, b) => ciPosition(b, a));
  return strict3(sub, s, argSmallInt(input, 2), (a, b, from) => ciPosition(b, a, from));
}

function buildInstr(input: BuildInput): CompiledExpr {
  return strict2(argText(input, 0), argText(input, 1), (s, sub) => ciPosition(s, sub));
}

function buildReplace(input: BuildInput): CompiledExpr {
  return strict3(argText(input, 0), argText(input, 1), argText(input, 2), (s, from, to) => (from === '' ? s : s.split(from).join(to)));
}

function buildRepeat(input: BuildInput): CompiledExpr {
  return strict2(argText(input, 0), argSmallInt(input, 1), (s, n) => {
    if (n <= 0 || s === '') return '';
    checkResultLength(s.length * n, 'repeat');
    return s.repeat(n);
  });
}

function buildSpace(input: BuildInput): CompiledExpr {
  return strict1(argSmallInt(input, 0), (n) => {
    if (n <= 0) return '';
    checkResultLength(n, 'space');
    return ' '.repeat(n);
  });
}

function buildAscii(input: BuildInput): CompiledExpr {
  return strict1(argText(input, 0), (s) => (s === '' ? 0 : s.charCodeAt(0) < 0x80 ? s.charCodeAt(0) : utf8Bytes(s.slice(0, 2))[0]));
}

/** HEX(n) of a number: the rounded integer as 64-bit two's complement; HEX(s): UTF-8 bytes. */
function buildHex(input: BuildInput): CompiledExpr {
  const t = input.argTypes[0];
  if (t.binary) {
    // Bytes (issue #5): two hex digits per byte, e.g. HEX(T) of an HBase row key.
    return strict1(argText(input, 0), (s) => Array.from(s, (c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join(''));
  }
  if (t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text' || t.kind === 'null') {
    return strict1(argText(input, 0), hexOfString);
  }
  if (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp') return strict1(argText(input, 0), hexOfString);
  return strict1(argInt(input, 0), (n) => BigInt.asUintN(64, BigInt(n)).toString(16).toUpperCase());
}

// ---------------------------------------------------------------- lists and comparisons

/** SUBSTRING_INDEX(s, delim, n): before the n-th delimiter (n > 0) or after the n-th from the end. */
export function substringIndex(s: string, delim: string, n: number): string {
  if (n === 0 || delim === '') return '';
  const parts = s.split(delim);
  if (Math.abs(n) >= parts.length) return s;
  return n > 0 ? parts.slice(0, n).join(delim) : parts.slice(parts.length + n).join(delim);
}

/** FIELD(x, a, b, ...): 1-based index of the first argument equal to x (general_ci), else 0. */
function buildField(input: BuildInput): CompiledExpr {
  const fs = input.args.map((_, i) => argText(input, i));
  return (row) => {
    const x = fs[0](row);
    if (x === null) return 0;
    for (let i = 1; i < fs.length; i++) {
      const v = fs[i](row);
      if (v !== null && compareGeneralCi(x, v) === 0) return i;
    }
    return 0;
  };
}

/** FIND_IN_SET(x, 'a,b,c'): 1-based position of x in the comma list (general_ci), else 0. */
function findInSet(x: string, list: string): number {
  if (list === '') return 0;
  const items = list.split(',');
  for (let i = 0; i < items.length; i++) if (compareGeneralCi(items[i], x) === 0 && !x.includes(',')) return i + 1;
  return 0;
}

/** FORMAT(x, d): rounded to d decimals (half away from zero), thousands separated by ','. */
function formatNumber(x: Decimal, d: number): string {
  const r = x.rescale(Math.max(0, Math.min(d, 30))).toString();
  const neg = r.startsWith('-');
  const body = neg ? r.slice(1) : r;
  const dot = body.indexOf('.');
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + grouped + (dot < 0 ? '' : body.slice(dot));
}

// ---------------------------------------------------------------- REGEXP

/** A RegExp for a MySQL (ICU) pattern; case-insensitive unless match type 'c' (general_ci). */
function compileRegexp(pattern: string, matchType: string): RegExp {
  if (pattern === '') throw Errors.invalidArgument('Illegal argument to a regular expression.');
  let flags = 'iu';
  for (const m of matchType) {
    if (m === 'c') flags = flags.replace('i', '');
    else if (m === 'i' && !flags.includes('i')) flags += 'i';
    else if (m === 'm' && !flags.includes('m')) flags += 'm';
    else if (m === 'n' && !flags.includes('s')) flags += 's';
  }
  try {
    return new RegExp(pattern, flags);
  } catch {
    throw Errors.invalidArgument('Illegal argument to a regular expression.');
  }
}

/** `s REGEXP p` / REGEXP_LIKE(s, p[, match_type]): 1 when `p` matches anywhere in `s`. */
function buildRegexp(input: BuildInput): CompiledExpr {
  const subject = argText(input, 0);
  const pattern = argText(input, 1);
  const matchType = input.args.length > 2 ? argText(input, 2) : () => '';
  let lastKey: string | null = null;
  let last: RegExp | null = null;
  return (row) => {
    const v = subject(row);
    if (v === null) return null;
    const p = pattern(row);
    if (p === null) return null;
    const m = matchType(row) ?? '';
    const key = `${m}\u0000${p}`;
    if (key !== lastKey) {
      last = compileRegexp(p, m);
      lastKey = key;
    }
    return last!.test(v) ? 1 : 0;
  };
}

export const STRING_FUNCTIONS: readonly FunctionDef[] = [
  def('concat', 1, Infinity, concatType, buildConcat),
  def('concat_ws', 2, Infinity, (args) => concatType(args.slice(1)), buildConcatWs),
  // A binary string (issue #5) is already bytes: its length is its char count.
  def('length', 1, 1, BIGINT, (input) => strict1(argText(input, 0), input.argTypes[0].binary ? (s) => s.length : utf8Length)),
  def('octet_length', 1, 1, BIGINT, (input) => strict1(argText(input, 0), input.argTypes[0].binary ? (s) => s.length : utf8Length)),
  def('char_length', 1, 1, BIGINT, (input) => strict1(argText(input, 0), charLength)),
  def('character_length', 1, 1, BIGINT, (input) => strict1(argText(input, 0), charLength)),
  def('upper', 1, 1, sameAsArg0, (input) => strict1(argText(input, 0), (s) => s.toUpperCase())),
  def('ucase', 1, 1, sameAsArg0, (input) => strict1(argText(input, 0), (s) => s.toUpperCase())),
  def('lower', 1, 1, sameAsArg0, (input) => strict1(argText(input, 0), (s) => s.toLowerCase())),
  def('lcase', 1, 1, sameAsArg0, (input) => strict1(argText(input, 0), (s) => s.toLowerCase())),
  def('substring', 2, 3, sameAsArg0, buildSubstring),
  def('substr', 2, 3, sameAsArg0, buildSubstring),
  def('mid', 3, 3, sameAsArg0, buildSubstring),
  def('left', 2, 2, sameAsArg0, buildLeftRight(true)),
  def('right', 2, 2, sameAsArg0, buildLeftRight(false)),
  def('trim', 1, 2, sameAsArg0, buildTrim(null)),
  def('ltrim', 1, 2, sameAsArg0, buildTrim('leading')),
  def('rtrim', 1, 2, sameAsArg0, buildTrim('trailing')),
  def('replace', 3, 3, (args) => VARCHAR(Math.min(charsOf(args[0].type) * Math.max(charsOf(args[2].type), 1), 262144)), buildReplace),
  def('reverse', 1, 1, sameAsArg0, (input) => strict1(argText(input, 0), reverseChars)),
  def('lpad', 3, 3, VARCHAR(65535), buildPad(true)),
  def('rpad', 3, 3, VARCHAR(65535), buildPad(false)),
  def('instr', 2, 2, BIGINT, buildInstr),
  def('locate', 2, 3, BIGINT, buildLocate),
  def('position', 2, 2, BIGINT, buildLocate),
  def('repeat', 2, 2, VARCHAR(65535), buildRepeat),
  def('space', 1, 1, VARCHAR(65535), buildSpace),
  def('ascii', 1, 1, BIGINT, buildAscii),
  def('hex', 1, 1, VARCHAR(65535), buildHex),
  def('substring_index', 3, 3, sameAsArg0, (input) =>
    strict3(argText(input, 0), argText(input, 1), argSmallInt(input, 2), substringIndex)),
  def('strcmp', 2, 2, BIGINT, (input) => strict2(argText(input, 0), argText(input, 1), compareGeneralCi)),
  def('field', 2, Infinity, BIGINT, buildField),
  def('find_in_set', 2, 2, BIGINT, (input) => strict2(argText(input, 0), argText(input, 1), findInSet)),
  def('elt', 2, Infinity, (args) => unionType(typesOf(args.slice(1)).map((t) => (t.kind === 'null' ? t : VARCHAR(charsOf(t))))), (input) => {
    const n = argSmallInt(input, 0);
    const fs = input.args.slice(1).map((_, i) => argText(input, i + 1));
    return (row) => {
      const i = n(row);
      return i === null || i < 1 || i > fs.length ? null : fs[i - 1](row);
    };
  }),
  def('format', 2, 2, VARCHAR(128), (input) => strict2(argDecimal(input, 0), argSmallInt(input, 1), formatNumber)),
  def('regexp', 2, 2, BIGINT, buildRegexp),
  def('rlike', 2, 2, BIGINT, buildRegexp),
  def('regexp_like', 2, 3, BIGINT, buildRegexp),
];
