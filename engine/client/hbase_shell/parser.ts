/**
 * The HBase shell's parser: an editor text → a list of commands, each `name arg, arg, KEY => v`
 * (reference obkv-apis §2.6). Arguments are Ruby literals: strings, integers, floats, `true`,
 * `false`, `nil`, arrays `[...]`, hashes `{KEY => value}`, bare constants (`VERSIONS`), and Java
 * constructor calls (`org.apache.hadoop.hbase.filter.PrefixFilter.new(...)`, turned into filter
 * strings later). Bare `KEY => value` pairs at the end of a command form one hash, as in Ruby.
 *
 * One command per line; a command continues on the next line after a `,` or `=>`, inside
 * brackets, or after a trailing `\`; `;` separates commands on one line. A syntax error spoils
 * its command only: the result holds it with its line and column, and parsing resumes on the next
 * line (the shell runs each line on its own, so the commands before and after still run).
 * Arrays, hashes and call arguments nest at most `KV_FILTER_DEPTH_MAX` (64) deep — deeper is the
 * syntax error `nesting deeper than 64` at the opening bracket — so neither this recursive-descent
 * parser nor the recursive walks over its values (evaluate, rubyInspect) can overflow the stack.
 */
import { KV_FILTER_DEPTH_MAX } from '../../common/limits';
import { tokenize, type Token, type TokenKind } from './lexer';

/** Where a value or command starts (1-based). */
export interface SrcPos {
  line: number;
  column: number;
}

export type RubyValue =
  | { kind: 'string'; value: string; pos: SrcPos }
  | { kind: 'int'; value: bigint; pos: SrcPos }
  | { kind: 'float'; value: number; pos: SrcPos }
  | { kind: 'bool'; value: boolean; pos: SrcPos }
  | { kind: 'nil'; pos: SrcPos }
  | { kind: 'array'; items: RubyValue[]; pos: SrcPos }
  | { kind: 'hash'; entries: RubyHashEntry[]; pos: SrcPos }
  /** A bare constant such as `VERSIONS` (the shell defines them as their own names). */
  | { kind: 'const'; name: string; pos: SrcPos }
  /** `a.b.C.new(args)` / `Bytes.toBytes('x')`: the dotted path (`['a','b','C','new']`) and args. */
  | { kind: 'call'; path: string[]; args: RubyValue[]; pos: SrcPos };

export interface RubyHashEntry {
  key: RubyValue;
  value: RubyValue;
}

/** One parsed shell command. */
export interface ShellCommand {
  name: string;
  args: RubyValue[];
  /** The command's source text (may span lines). */
  text: string;
  pos: SrcPos;
}

/** A command that did not parse: the message names the line and column. */
export interface ShellSyntaxError {
  /** `syntax error at line 2, column 14: expected ',' or end of line` */
  message: string;
  pos: SrcPos;
  /** The source text of the spoiled command (to the end of its line). */
  text: string;
}

export type ParsedItem = { ok: true; command: ShellCommand } | { ok: false; error: ShellSyntaxError };

class SyntaxFailure {
  constructor(
    readonly token: Token,
    readonly expected: string,
    /** The message as is (not "expected X, found Y"). */
    readonly raw = false,
  ) {}
}

const END_KINDS: ReadonlySet<TokenKind> = new Set(['newline', 'semi', 'eof']);

class Parser {
  private i = 0;
  /** Arrays, hashes and call argument lists open around the current token. */
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: Token[],
  ) {}

  parseAll(): ParsedItem[] {
    const items: ParsedItem[] = [];
    for (;;) {
      while (this.peek().kind === 'newline' || this.peek().kind === 'semi') this.i++;
      if (this.peek().kind === 'eof') return items;
      const first = this.peek();
      this.depth = 0;
      try {
        const command = this.command();
        items.push({ ok: true, command });
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        items.push({ ok: false, error: this.syntaxError(first, e) });
        while (!END_KINDS.has(this.peek().kind)) this.i++;
        if (this.peek().kind !== 'eof') this.i++;
        // Also skip the rest of the line when the error came from a `;` separated command.
      }
    }
  }

  private syntaxError(first: Token, f: SyntaxFailure): ShellSyntaxError {
    const t = f.token;
    const what = t.kind === 'error' || f.raw ? (f.raw ? f.expected : t.text) : `expected ${f.expected}${describeFound(t)}`;
    let lineEnd = this.src.indexOf('\n', t.start);
    if (lineEnd < 0) lineEnd = this.src.length;
    return {
      message: `syntax error at line ${t.line}, column ${t.column}: ${what}`,
      pos: { line: first.line, column: first.column },
      text: this.src.slice(first.start, Math.max(lineEnd, first.end)).trimEnd(),
    };
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private take(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private expect(kind: TokenKind, expected: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw new SyntaxFailure(t, expected);
    return this.take();
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.i++;
  }

  private command(): ShellCommand {
    const head = this.peek();
    if (head.kind !== 'ident') throw new SyntaxFailure(head, 'a command name');
    this.take();
    let args: RubyValue[] = [];
    if (this.peek().kind === 'lparen' && this.peek().start === head.end) {
      this.take();
      this.skipNewlines();
      args = this.peek().kind === 'rparen' ? [] : this.argList('rparen');
      this.skipNewlines();
      this.expect('rparen', "')'");
    } else if (!END_KINDS.has(this.peek().kind)) {
      args = this.argList(null);
    }
    const last = this.tokens[this.i - 1];
    const end = this.peek();
    if (!END_KINDS.has(end.kind)) throw new SyntaxFailure(end, "',' or end of line");
    return {
      name: head.text,
      args,
      text: this.src.slice(head.start, last.end),
      pos: { line: head.line, column: head.column },
    };
  }

  /** `arg, arg, K => v, K => v` — trailing pairs become one hash. */
  private argList(close: TokenKind | null): RubyValue[] {
    const args: RubyValue[] = [];
    let pairs: { entries: RubyHashEntry[]; pos: SrcPos } | null = null;
    for (;;) {
      const start = this.peek();
      const value = this.value();
      if (this.peek().kind === 'arrow') {
        this.take();
        this.skipNewlines();
        const v = this.value();
        if (!pairs) {
          pairs = { entries: [], pos: value.pos };
          args.push({ kind: 'hash', entries: pairs.entries, pos: pairs.pos });
        }
        pairs.entries.push({ key: value, value: v });
      } else if (pairs) {
        throw new SyntaxFailure(this.peek().kind === 'arrow' ? this.peek() : start, "'=>' (a plain argument cannot follow KEY => value pairs)");
      } else {
        args.push(value);
      }
      if (this.peek().kind !== 'comma') return args;
      this.take();
      this.skipNewlines();
      if (close !== null && this.peek().kind === close) return args;
    }
  }

  private value(): RubyValue {
    const t = this.peek();
    const pos = { line: t.line, column: t.column };
    switch (t.kind) {
      case 'string': {
        this.take();
        let value = t.value;
        // Ruby joins adjacent literals: 'a' 'b' == 'ab'.
        while (this.peek().kind === 'string') value += this.take().value;
        return { kind: 'string', value, pos };
      }
      case 'int':
        this.take();
        return { kind: 'int', value: BigInt(t.value), pos };
      case 'float':
        this.take();
        return { kind: 'float', value: Number(t.value), pos };
      case 'lbrack':
        return this.nested(t, () => this.array(pos));
      case 'lbrace':
        return this.nested(t, () => this.hash(pos));
      case 'ident':
        return this.identValue(pos);
      default:
        throw new SyntaxFailure(t, 'a value');
    }
  }

  /** Parses a value that may contain values, one nesting level deeper (past the limit: a syntax error at `open`). */
  private nested(open: Token, parse: () => RubyValue): RubyValue {
    if (this.depth >= KV_FILTER_DEPTH_MAX) throw new SyntaxFailure(open, `nesting deeper than ${KV_FILTER_DEPTH_MAX}`, true);
    this.depth++;
    const v = parse();
    this.depth--;
    return v;
  }

  private array(pos: SrcPos): RubyValue {
    this.take();
    this.skipNewlines();
    const items: RubyValue[] = [];
    while (this.peek().kind !== 'rbrack') {
      items.push(this.value());
      this.skipNewlines();
      if (this.peek().kind === 'comma') {
        this.take();
        this.skipNewlines();
      } else if (this.peek().kind !== 'rbrack') throw new SyntaxFailure(this.peek(), "',' or ']'");
    }
    this.take();
    return { kind: 'array', items, pos };
  }

  private hash(pos: SrcPos): RubyValue {
    this.take();
    this.skipNewlines();
    const entries: RubyHashEntry[] = [];
    while (this.peek().kind !== 'rbrace') {
      const key = this.value();
      this.skipNewlines();
      this.expect('arrow', "'=>'");
      this.skipNewlines();
      entries.push({ key, value: this.value() });
      this.skipNewlines();
      if (this.peek().kind === 'comma') {
        this.take();
        this.skipNewlines();
      } else if (this.peek().kind !== 'rbrace') throw new SyntaxFailure(this.peek(), "',' or '}'");
    }
    this.take();
    return { kind: 'hash', entries, pos };
  }

  private identValue(pos: SrcPos): RubyValue {
    const t = this.take();
    if (this.peek().kind === 'dot') return this.nested(t, () => this.call(t, pos));
    if (t.text === 'true' || t.text === 'false') return { kind: 'bool', value: t.text === 'true', pos };
    if (t.text === 'nil') return { kind: 'nil', pos };
    if (/^[A-Z]/.test(t.text)) return { kind: 'const', name: t.text, pos };
    throw new SyntaxFailure(t, `undefined local variable or method '${t.text}' (strings need quotes: '${t.text}')`, true);
  }

  /** `a.b.C.new(args)` or `Bytes.toBytes(x)`. */
  private call(first: Token, pos: SrcPos): RubyValue {
    const path = [first.text];
    while (this.peek().kind === 'dot') {
      this.take();
      path.push(this.expect('ident', 'a name after \'.\'').text);
    }
    let args: RubyValue[] = [];
    if (this.peek().kind === 'lparen') {
      this.take();
      this.skipNewlines();
      args = this.peek().kind === 'rparen' ? [] : this.argList('rparen');
      this.skipNewlines();
      this.expect('rparen', "')'");
    }
    return { kind: 'call', path, args, pos };
  }
}

function describeFound(t: Token): string {
  switch (t.kind) {
    case 'eof':
    case 'newline':
      return ', found end of line';
    case 'string':
      return `, found string ${t.text}`;
    default:
      return `, found '${t.text}'`;
  }
}

/**
 * Parses an editor text into commands in source order. Never throws on bad input: a bad command
 * is an item with `ok: false` whose message reads
 * `syntax error at line L, column C: expected X, found Y`.
 */
export function parseShellScript(src: string): ParsedItem[] {
  return new Parser(src, tokenize(src)).parseAll();
}

/** A value back as Ruby source (for echoing and error messages): `'a'`, `[1, 2]`, `{NAME => 'f'}`. */
export function rubyInspect(v: RubyValue): string {
  switch (v.kind) {
    case 'string':
      return `"${v.value.replace(/[\\"]/g, (c) => '\\' + c)}"`;
    case 'int':
      return v.value.toString();
    case 'float':
      return String(v.value);
    case 'bool':
      return String(v.value);
    case 'nil':
      return 'nil';
    case 'array':
      return `[${v.items.map(rubyInspect).join(', ')}]`;
    case 'hash':
      return `{${v.entries.map((e) => `${rubyInspect(e.key)}=>${rubyInspect(e.value)}`).join(', ')}}`;
    case 'const':
      return v.name;
    case 'call':
      return `${v.path.join('.')}(${v.args.map(rubyInspect).join(', ')})`;
  }
}
