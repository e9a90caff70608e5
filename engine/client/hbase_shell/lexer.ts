/**
 * The HBase shell's lexer: the subset of Ruby literal syntax the shell's commands are written in
 * (`hbase-shell` is JRuby; reference obkv-apis §2.6). Produces tokens with 1-based line/column.
 *
 * Strings follow Ruby: single quotes know only `\'` and `\\` (any other backslash stays literal);
 * double quotes know `\xNN`, `\n`, `\t`, `\r`, `\0`, `\e`, `\s`, `\\`, `\"` and octal `\NNN`. A
 * string's value is a byte string (`common/binary.ts`): typed text becomes its UTF-8 bytes and
 * `\xNN` becomes the byte NN, as JRuby's `to_java_bytes` would give. A string may not span lines
 * (the playground's choice, so an unterminated quote spoils one line only). `#` starts a comment
 * outside strings. A lexical error becomes an `error` token and the lexer skips to the line's end.
 */
import { utf8ToBytes } from '../../common/binary';

export type TokenKind =
  | 'string'
  | 'int'
  | 'float'
  | 'ident'
  | 'arrow'
  | 'comma'
  | 'lbrack'
  | 'rbrack'
  | 'lbrace'
  | 'rbrace'
  | 'lparen'
  | 'rparen'
  | 'dot'
  | 'newline'
  | 'semi'
  | 'error'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for an error token: the message). */
  text: string;
  /** string: the byte string value; int/float: the digits (with sign). */
  value: string;
  /** 1-based position of the first char. */
  line: number;
  column: number;
  /** Offset of the first char and one past the last in the source. */
  start: number;
  end: number;
}

const SIMPLE: Record<string, TokenKind> = {
  ',': 'comma',
  '[': 'lbrack',
  ']': 'rbrack',
  '{': 'lbrace',
  '}': 'rbrace',
  '(': 'lparen',
  ')': 'rparen',
  '.': 'dot',
  ';': 'semi',
  '\n': 'newline',
};

const DOUBLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  e: '\x1b',
  s: ' ',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly tokens: Token[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.pos < this.src.length) this.next();
    this.push('eof', '', '', this.pos);
    return this.tokens;
  }

  private push(kind: TokenKind, text: string, value: string, start: number, startLine = this.line, startCol?: number): void {
    const column = startCol ?? start - this.lineStart + 1;
    this.tokens.push({ kind, text, value, line: startLine, column, start, end: this.pos });
  }

  private next(): void {
    const c = this.src[this.pos];
    const start = this.pos;
    if (c === ' ' || c === '\t' || c === '\r') {
      this.pos++;
    } else if (c === '#') {
      while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
    } else if (c === '\\' && this.src[this.pos + 1] === '\n') {
      this.pos += 2; // Ruby's explicit line continuation
      this.newLine();
    } else if (c === '\n') {
      this.pos++;
      this.push('newline', '\n', '', start);
      this.newLine();
    } else if (c === '=' && this.src[this.pos + 1] === '>') {
      this.pos += 2;
      this.push('arrow', '=>', '', start);
    } else if (SIMPLE[c] !== undefined) {
      this.pos++;
      this.push(SIMPLE[c], c, '', start);
    } else if (c === "'" || c === '"') {
      this.string(c);
    } else if (isDigit(c) || ((c === '-' || c === '+') && isDigit(this.src[this.pos + 1] ?? ''))) {
      this.number();
    } else if (isIdentStart(c)) {
      while (this.pos < this.src.length && isIdentPart(this.src[this.pos])) this.pos++;
      if (this.src[this.pos] === '?' || this.src[this.pos] === '!') this.pos++;
      const text = this.src.slice(start, this.pos);
      this.push('ident', text, text, start);
    } else {
      this.pos++;
      this.fail(start, `unexpected character '${c}'`);
    }
  }

  private newLine(): void {
    this.line++;
    this.lineStart = this.pos;
  }

  /** Records an error token at `start` and skips to the end of the line. */
  private fail(start: number, message: string): void {
    const column = start - this.lineStart + 1;
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
    this.tokens.push({ kind: 'error', text: message, value: '', line: this.line, column, start, end: this.pos });
  }

  private number(): void {
    const start = this.pos;
    if (this.src[this.pos] === '-' || this.src[this.pos] === '+') this.pos++;
    while (isDigit(this.src[this.pos] ?? '') || this.src[this.pos] === '_') this.pos++;
    let kind: TokenKind = 'int';
    if (this.src[this.pos] === '.' && isDigit(this.src[this.pos + 1] ?? '')) {
      kind = 'float';
      this.pos++;
      while (isDigit(this.src[this.pos] ?? '')) this.pos++;
    }
    if (isIdentPart(this.src[this.pos] ?? '')) {
      this.fail(start, `malformed number '${this.src.slice(start, this.pos + 1)}'`);
      return;
    }
    const text = this.src.slice(start, this.pos);
    this.push(kind, text, text.replace(/_/g, '').replace(/^\+/, ''), start);
  }

  private string(quote: string): void {
    const start = this.pos;
    this.pos++;
    let value = '';
    let literal = '';
    const flush = () => {
      value += utf8ToBytes(literal);
      literal = '';
    };
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '\n') {
        this.pos = start;
        this.fail(start, `unterminated string meets end of line`);
        return;
      }
      this.pos++;
      if (c === quote) break;
      if (c !== '\\') {
        literal += c;
        continue;
      }
      const e = this.src[this.pos];
      if (quote === "'") {
        if (e === "'" || e === '\\') {
          literal += e;
          this.pos++;
        } else literal += '\\';
        continue;
      }
      const escaped = this.doubleEscape();
      if (escaped === null) return;
      if (escaped.raw) {
        flush();
        value += escaped.text;
      } else literal += escaped.text;
    }
    flush();
    this.push('string', this.src.slice(start, this.pos), value, start);
  }

  /** After a backslash inside double quotes. `raw` escapes are bytes, not text. */
  private doubleEscape(): { text: string; raw: boolean } | null {
    const at = this.pos - 1;
    const e = this.src[this.pos];
    if (e === undefined || e === '\n') {
      this.fail(at, 'unterminated string meets end of line');
      return null;
    }
    this.pos++;
    if (e === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(this.src.slice(this.pos, this.pos + 2));
      if (!m) {
        this.fail(at, 'invalid hex escape');
        return null;
      }
      this.pos += m[0].length;
      return { text: String.fromCharCode(parseInt(m[0], 16)), raw: true };
    }
    if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(this.src.slice(this.pos - 1, this.pos + 2))!;
      this.pos += m[0].length - 1;
      return { text: String.fromCharCode(parseInt(m[0], 8) & 0xff), raw: true };
    }
    return { text: DOUBLE_ESCAPES[e] ?? e, raw: false };
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c);
}

/**
 * Tokens of a whole editor text, ending with one `eof` token. Never throws: lexical errors are
 * `error` tokens (text = message) that the parser reports with their line and column.
 */
export function tokenize(src: string): Token[] {
  return new Lexer(src).run();
}
