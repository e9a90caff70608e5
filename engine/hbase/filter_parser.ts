/**
 * The HBase filter language (HBase `ParseFilter`, what OBKV's server parses in `htable_filter_*`,
 * obkv-apis §2.3): `ValueFilter(=, 'binary:abc')`, `PrefixFilter('r') AND (QualifierFilter(>=,
 * 'binary:q') OR SKIP ValueFilter(!=, 'binary:0'))`, ...
 *
 * Grammar (a small recursive-descent parser; AND binds tighter than OR, SKIP/WHILE tightest):
 *   expr   := and (OR and)*
 *   and    := unary (AND unary)*
 *   unary  := SKIP unary | WHILE unary | '(' expr ')' | call
 *   call   := Name '(' [arg (',' arg)*] ')'
 *   arg    := op | 'quoted string' ('' escapes a quote) | integer | true | false
 *   op     := < | <= | = | != | >= | >
 * Quoted strings become byte strings (UTF-8 for non-Latin-1 text). Parentheses and SKIP/WHILE
 * each count as one nesting level; more than `KV_FILTER_DEPTH_MAX` (64) is a syntax error, so the
 * parser, `buildFilter` and the built filter's evaluation stay far from the stack limit. Malformed
 * input fails with -10514 OB_KV_FILTER_PARSE_ERROR naming the offending token and its 0-based
 * character position.
 */
import { utf8ToBytes } from '../common/binary';
import { KV_FILTER_DEPTH_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import type { HCompareOp } from './types';

export type FilterArg =
  | { kind: 'op'; op: HCompareOp; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'bool'; value: boolean; pos: number };

export type FilterExpr =
  | { kind: 'call'; name: string; args: FilterArg[]; pos: number }
  | { kind: 'and' | 'or'; items: FilterExpr[] }
  | { kind: 'skip' | 'while'; inner: FilterExpr };

type TokKind = 'lparen' | 'rparen' | 'comma' | 'op' | 'string' | 'number' | 'word' | 'eof';

interface Token {
  kind: TokKind;
  text: string;
  pos: number;
}

const OPS: Record<string, HCompareOp> = {
  '<': 'LESS', '<=': 'LESS_OR_EQUAL', '=': 'EQUAL', '!=': 'NOT_EQUAL', '>=': 'GREATER_OR_EQUAL', '>': 'GREATER',
};

/** Sticky: match at `lastIndex` without copying the rest of the text. */
const NUMBER_RE = /-?[0-9]+/y;
const WORD_RE = /[A-Za-z_][A-Za-z0-9_]*/y;

function fail(detail: string): never {
  throw Errors.kvFilterParseError(detail);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'comma', text: c, pos: i });
      i++;
    } else if (c === '<' || c === '>' || c === '=' || c === '!') {
      const two = src.slice(i, i + 2);
      const text = two in OPS ? two : c;
      if (!(text in OPS)) fail(`unexpected '${c}' at position ${i}`);
      out.push({ kind: 'op', text, pos: i });
      i += text.length;
    } else if (c === "'") {
      const start = i;
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) fail(`unterminated string starting at position ${start}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ kind: 'string', text: s, pos: start });
    } else if (/[0-9-]/.test(c)) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(src);
      if (!m) fail(`unexpected '${c}' at position ${i}`);
      out.push({ kind: 'number', text: m[0], pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      WORD_RE.lastIndex = i;
      const m = WORD_RE.exec(src)!;
      out.push({ kind: 'word', text: m[0], pos: i });
      i += m[0].length;
    } else {
      fail(`unexpected '${c}' at position ${i}`);
    }
  }
  out.push({ kind: 'eof', text: '', pos: src.length });
  return out;
}

class Parser {
  private i = 0;
  /** Open parentheses and SKIP/WHILE prefixes around the current token. */
  private depth = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i];
  }

  private next(): Token {
    return this.toks[this.i++];
  }

  private isWord(t: Token, w: string): boolean {
    return t.kind === 'word' && t.text.toUpperCase() === w;
  }

  private unexpected(t: Token, expected: string): never {
    if (t.kind === 'eof') fail(`unexpected end of filter string at position ${t.pos}, expected ${expected}`);
    fail(`unexpected '${t.text}' at position ${t.pos}, expected ${expected}`);
  }

  parseAll(): FilterExpr {
    const e = this.expr();
    const t = this.peek();
    if (t.kind !== 'eof') this.unexpected(t, 'AND, OR or the end');
    return e;
  }

  private expr(): FilterExpr {
    const items = [this.and()];
    while (this.isWord(this.peek(), 'OR')) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  }

  private and(): FilterExpr {
    const items = [this.unary()];
    while (this.isWord(this.peek(), 'AND')) {
      this.next();
      items.push(this.unary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  }

  /** One more nesting level at `t` (a '(' or SKIP/WHILE); past the limit → -10514. */
  private enter(t: Token): void {
    if (this.depth >= KV_FILTER_DEPTH_MAX) fail(`nesting deeper than ${KV_FILTER_DEPTH_MAX} at position ${t.pos}`);
    this.depth++;
  }

  private unary(): FilterExpr {
    const t = this.peek();
    if (this.isWord(t, 'SKIP') || this.isWord(t, 'WHILE')) {
      this.enter(t);
      this.next();
      const inner = this.unary();
      this.depth--;
      return { kind: t.text.toUpperCase() === 'SKIP' ? 'skip' : 'while', inner };
    }
    if (t.kind === 'lparen') {
      this.enter(t);
      this.next();
      const e = this.expr();
      const close = this.next();
      if (close.kind !== 'rparen') this.unexpected(close, "')'");
      this.depth--;
      return e;
    }
    if (t.kind === 'word') return this.call();
    return this.unexpected(t, 'a filter name');
  }

  private call(): FilterExpr {
    const name = this.next();
    const open = this.next();
    if (open.kind !== 'lparen') this.unexpected(open, `'(' after ${name.text}`);
    const args: FilterArg[] = [];
    if (this.peek().kind !== 'rparen') {
      for (;;) {
        args.push(this.arg());
        const t = this.next();
        if (t.kind === 'rparen') break;
        if (t.kind !== 'comma') this.unexpected(t, "',' or ')'");
      }
    } else {
      this.next();
    }
    return { kind: 'call', name: name.text, args, pos: name.pos };
  }

  private arg(): FilterArg {
    const t = this.next();
    switch (t.kind) {
      case 'op':
        return { kind: 'op', op: OPS[t.text], pos: t.pos };
      case 'string':
        return { kind: 'string', value: utf8ToBytes(t.text), pos: t.pos };
      case 'number':
        return { kind: 'number', value: Number(t.text), pos: t.pos };
      case 'word': {
        const w = t.text.toLowerCase();
        if (w === 'true' || w === 'false') return { kind: 'bool', value: w === 'true', pos: t.pos };
        return this.unexpected(t, 'an argument');
      }
      default:
        return this.unexpected(t, 'an argument');
    }
  }
}

/**
 * Parses a filter string into its expression tree. Errors: -10514 `kvFilterParseError` naming the
 * 0-based position — also for nesting deeper than `KV_FILTER_DEPTH_MAX`.
 */
export function parseFilterString(src: string): FilterExpr {
  // A request body is untrusted: anything but text is a parse error, not a JavaScript fault.
  if (typeof src !== 'string') fail(`the filter must be a string, got ${typeof src} at position 0`);
  if (src.trim() === '') fail('empty filter string');
  return new Parser(tokenize(src)).parseAll();
}
