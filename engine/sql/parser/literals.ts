/**
 * Literal tokens → `Value`s, following MySQL's rules for the type of a literal:
 * - an integer literal is BIGINT: a `number` while it fits in ±2^53, a `bigint` up to
 *   18446744073709551615 (BIGINT UNSIGNED), and a DECIMAL beyond that;
 * - a literal with a decimal point (`1.50`, `.5`) is an exact DECIMAL, scale = digits written;
 * - a literal with an exponent (`1e3`, `2.5E-1`) is a DOUBLE;
 * - `0x1F` hexadecimal literals are read as unsigned integers (MySQL's binary-string reading of
 *   them in string context is not modelled).
 * Strings: MySQL escapes (`\0 \' \" \b \n \r \t \Z \\`; `\%` and `\_` keep their backslash so
 * LIKE can see them; any other `\x` is `x`) and doubled quotes.
 */
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import { normInt, type Value } from '../../common/value';

const BIGINT_UNSIGNED_MAX = 18446744073709551615n;

/** `123` → 123, `9007199254740993` → 9007199254740993n, 30 digits → Decimal. */
export function integerLiteral(image: string): Value {
  if (image.length <= 15) return Number(image);
  const n = BigInt(image);
  if (n > BIGINT_UNSIGNED_MAX) return new Decimal(n, 0);
  return normInt(n);
}

/** `1.50` → Decimal(150, 2). */
export function decimalLiteral(image: string): Decimal {
  const d = Decimal.parse(image);
  assert(d !== null, `the lexer produced a bad decimal literal: ${image}`);
  return d;
}

/** `1e3` → 1000; null when the value overflows a double (MySQL: "Illegal double"). */
export function floatLiteral(image: string): number | null {
  const v = Number(image);
  return Number.isFinite(v) ? v : null;
}

/** `0x1F` → 31 (bigint past 2^53); null past BIGINT UNSIGNED. */
export function hexLiteral(image: string): Value | null {
  const n = BigInt(image);
  return n > BIGINT_UNSIGNED_MAX ? null : normInt(n);
}

const ESCAPES: Record<string, string> = {
  '0': '\0', "'": "'", '"': '"', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a', '\\': '\\',
  '%': '\\%', _: '\\_',
};

/** The value of a quoted string token (`'it''s'` → `it's`, `"a\tb"` → a TAB b). */
export function stringLiteral(image: string): string {
  const quote = image[0];
  const body = image.slice(1, -1);
  if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      const e = body[++i];
      out += ESCAPES[e] ?? e;
    } else if (c === quote) {
      out += quote; // a doubled quote: the lexer guarantees the next character is the same quote
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/** The name in a `` `quoted` `` identifier (doubled backticks undoubled). */
export function quotedIdentName(image: string): string {
  return image.slice(1, -1).replace(/``/g, '`');
}

/** The variable name in `@x`, `@'x'`, `` @`x` ``. */
export function userVarName(image: string): string {
  const body = image.slice(1);
  const q = body[0];
  if (q === "'" || q === '"') return stringLiteral(body);
  if (q === '`') return quotedIdentName(body);
  return body;
}

/** `@@x` → session x, `@@global.x` → global x, `@@session.x` / `@@local.x` → session x. */
export function sysVarName(image: string): { name: string; scope: 'session' | 'global' } {
  const body = image.slice(2);
  const dot = body.indexOf('.');
  if (dot < 0) return { name: body, scope: 'session' };
  const prefix = body.slice(0, dot).toUpperCase();
  const name = body.slice(dot + 1);
  if (prefix === 'GLOBAL') return { name, scope: 'global' };
  if (prefix === 'SESSION' || prefix === 'LOCAL') return { name, scope: 'session' };
  return { name: body, scope: 'session' }; // `@@a.b`: not a scope prefix; keep the whole name
}
