/**
 * OBKV-Table's row filter (reference obkv-apis §1.8; OceanBase's `htable_filter_tab.yxx` grammar
 * and `ObTableCompareFilter`): the text the clients build, e.g.
 *
 *   TableCompareFilter(=, 'c3:value') && (TableCompareFilter(<=, 'c2:5') || TableCompareFilter(IS, 'c4:'))
 *
 * Grammar (`&&` binds tighter than `||`; whitespace is free between tokens):
 *   filter  := or
 *   or      := and ( '||' and )*
 *   and     := primary ( '&&' primary )*
 *   primary := '(' or ')' | 'TableCompareFilter' '(' op ',' quoted ')'
 *   op      := '<' | '>' | '<=' | '>=' | '!=' | '=' | 'IS' | 'IS_NOT'
 *   quoted  := "'" column ':' value "'"   — the column is the text before the first ':'; a quote
 *              inside the value is written '' (HBase filter-language escape); a lone quote not
 *              followed by ')' (and not the text's last quote) is also taken literally, as the
 *              Java client does not escape.
 * IS / IS_NOT take no value ('c2:' — 'null' is accepted too); the other ops need one.
 * Parentheses nest at most `KV_FILTER_DEPTH_MAX` (64) deep, so neither the parser nor the compiled
 * predicate can overflow the stack on hostile input.
 * Malformed text → -10514 OB_KV_FILTER_PARSE_ERROR naming what is wrong and its 0-based position.
 *
 * Evaluation (`compileFilter`): the value text is converted to the column's type once; a NULL cell
 * compared with any of < > <= >= != = is false (the row is filtered out); IS / IS_NOT test NULL.
 * Numbers compare numerically, text in the column's collation (utf8mb4_general_ci: case-folded,
 * trailing spaces ignored), byte strings byte by byte, DATE/DATETIME/TIMESTAMP as canonical text.
 */
import { Decimal } from '../common/decimal';
import { utf8ToBytes } from '../common/binary';
import { KV_FILTER_DEPTH_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import { generalCiWeight } from '../common/rowkey';
import { isIntegerType, type ColumnType, type Value } from '../common/value';
import { normalizeDateText, normalizeDatetimeText } from '../sql/expr/temporal';
import type { TableMeta } from './table_meta';

export type CompareOp = '<' | '>' | '<=' | '>=' | '!=' | '=' | 'IS' | 'IS_NOT';

export type FilterNode =
  | { kind: 'compare'; op: CompareOp; column: string; value: string }
  | { kind: 'and'; children: FilterNode[] }
  | { kind: 'or'; children: FilterNode[] };

const LEAF_NAME = 'TableCompareFilter';
const OPS: readonly CompareOp[] = ['IS_NOT', 'IS', '<=', '>=', '!=', '<', '>', '='];
/** A filter name at `lastIndex` (sticky: no copy of the rest of the text per leaf). */
const NAME_RE = /[A-Za-z_]+/y;

class FilterParser {
  pos = 0;
  /** Open parentheses around the current position. */
  private depth = 0;
  constructor(private readonly text: string) {}

  fail(what: string, at = this.pos): never {
    throw Errors.kvFilterParseError(`${what} at position ${at}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  peekIs(s: string): boolean {
    this.skipSpace();
    return this.text.startsWith(s, this.pos);
  }

  expect(s: string, what = `'${s}'`): void {
    if (!this.peekIs(s)) this.fail(`expected ${what} but found ${this.found()}`);
    this.pos += s.length;
  }

  found(): string {
    return this.pos >= this.text.length ? 'end of filter' : `'${this.text[this.pos]}'`;
  }

  parseOr(): FilterNode {
    const children = [this.parseAnd()];
    while (this.peekIs('||')) {
      this.pos += 2;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }

  parseAnd(): FilterNode {
    const children = [this.parsePrimary()];
    while (this.peekIs('&&')) {
      this.pos += 2;
      children.push(this.parsePrimary());
    }
    return children.length === 1 ? children[0] : { kind: 'and', children };
  }

  parsePrimary(): FilterNode {
    this.skipSpace();
    if (this.peekIs('(')) {
      const open = this.pos;
      if (this.depth >= KV_FILTER_DEPTH_MAX) this.fail(`nesting deeper than ${KV_FILTER_DEPTH_MAX}`, open);
      this.pos++;
      this.depth++;
      const inner = this.parseOr();
      if (!this.peekIs(')')) this.fail(`expected ')' closing the '(' at position ${open} but found ${this.found()}`);
      this.pos++;
      this.depth--;
      return inner;
    }
    const start = this.pos;
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.text);
    if (!m) this.fail(`expected '${LEAF_NAME}' or '(' but found ${this.found()}`);
    if (m[0].toLowerCase() !== LEAF_NAME.toLowerCase()) this.fail(`unknown filter '${m[0]}' (expected '${LEAF_NAME}')`, start);
    this.pos += m[0].length;
    this.expect('(', `'(' after ${LEAF_NAME}`);
    const op = this.parseOp();
    this.expect(',', `',' after the compare operator`);
    this.skipSpace();
    const quoteAt = this.pos;
    const body = this.parseQuoted();
    this.expect(')', `')' closing ${LEAF_NAME}`);
    const colon = body.indexOf(':');
    if (colon < 0) this.fail(`missing ':' between column and value in '${body}'`, quoteAt);
    const column = body.slice(0, colon).trim();
    let value = body.slice(colon + 1);
    if (column === '') this.fail(`empty column name in '${body}'`, quoteAt);
    if (op === 'IS' || op === 'IS_NOT') {
      if (value !== '' && value.toLowerCase() !== 'null') this.fail(`${op} takes no value but got '${value}'`, quoteAt);
      value = '';
    }
    return { kind: 'compare', op, column, value };
  }

  parseOp(): CompareOp {
    this.skipSpace();
    for (const op of OPS) {
      if (!this.text.startsWith(op, this.pos)) continue;
      const next = this.text[this.pos + op.length];
      if ((op === 'IS' || op === 'IS_NOT') && next !== undefined && /[A-Za-z_]/.test(next)) continue;
      if ((op === '<' || op === '>' || op === '=' ) && next !== undefined && /[<>=!]/.test(next)) {
        this.fail(`unknown compare operator '${this.text.slice(this.pos, this.pos + 2)}'`);
      }
      this.pos += op.length;
      return op;
    }
    const m = /^[^,\s)]*/.exec(this.text.slice(this.pos))![0];
    this.fail(m ? `unknown compare operator '${m}'` : `expected a compare operator but found ${this.found()}`);
  }

  /** 'column:value' — see the module comment for quotes inside the value. */
  parseQuoted(): string {
    const start = this.pos;
    if (this.text[this.pos] !== "'") this.fail(`expected a quoted 'column:value' but found ${this.found()}`);
    this.pos++;
    let out = '';
    for (;;) {
      const i = this.text.indexOf("'", this.pos);
      if (i < 0) this.fail('unterminated quoted string', start);
      out += this.text.slice(this.pos, i);
      if (this.text[i + 1] === "'") {
        out += "'";
        this.pos = i + 2;
        continue;
      }
      let j = i + 1;
      while (j < this.text.length && /\s/.test(this.text[j])) j++;
      // The closing quote: followed by ')' — or the last quote of the text (then ')' is missing).
      if (this.text[j] === ')' || this.text.indexOf("'", i + 1) < 0) {
        this.pos = i + 1;
        return out;
      }
      // A lone quote inside the value (unescaped by the client): keep it.
      out += "'";
      this.pos = i + 1;
    }
  }
}

/**
 * Parses an OBKV filter string; null for an empty/blank filter (no filter).
 * Errors: -10514 OB_KV_FILTER_PARSE_ERROR "Parse filter failed: <what> at position <n>" — also for
 * parentheses nested deeper than `KV_FILTER_DEPTH_MAX` ("nesting deeper than 64 at position n",
 * n the offending '(').
 */
export function parseFilter(text: string | null): FilterNode | null {
  if (text === null) return null;
  // A request body is untrusted: anything but text is a parse error, not a JavaScript fault.
  if (typeof text !== 'string') throw Errors.kvFilterParseError(`the filter must be a string, got ${typeof text} at position 0`);
  if (text.trim() === '') return null;
  const p = new FilterParser(text);
  const node = p.parseOr();
  p.skipSpace();
  if (p.pos < text.length) p.fail(`unexpected ${p.found()} after a complete filter`);
  return node;
}

/** A compiled filter over full-width rows. */
export type RowPredicate = (row: readonly Value[]) => boolean;

/**
 * Compiles `node` against a table: column names are resolved (unknown → -5217) and each value text
 * converted to its column's type once (not convertible → -10514).
 */
export function compileFilter(node: FilterNode, meta: TableMeta): RowPredicate {
  switch (node.kind) {
    case 'and': {
      const parts = node.children.map((c) => compileFilter(c, meta));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = node.children.map((c) => compileFilter(c, meta));
      return (row) => parts.some((p) => p(row));
    }
    case 'compare':
      return compileCompare(node, meta);
  }
}

/** Parses and compiles a filter string; null when there is none. */
export function filterPredicate(text: string | null, meta: TableMeta): RowPredicate | null {
  const node = parseFilter(text);
  return node ? compileFilter(node, meta) : null;
}

function compileCompare(node: { op: CompareOp; column: string; value: string }, meta: TableMeta): RowPredicate {
  const c = meta.column(node.column);
  const i = c.index;
  if (node.op === 'IS') return (row) => row[i] === null;
  if (node.op === 'IS_NOT') return (row) => row[i] !== null;
  const cmp = comparatorFor(c.type, node.value, c.name);
  const test = opTest(node.op);
  return (row) => {
    const v = row[i];
    return v !== null && test(cmp(v));
  };
}

function opTest(op: CompareOp): (r: number) => boolean {
  switch (op) {
    case '<': return (r) => r < 0;
    case '>': return (r) => r > 0;
    case '<=': return (r) => r <= 0;
    case '>=': return (r) => r >= 0;
    case '!=': return (r) => r !== 0;
    default: return (r) => r === 0;
  }
}

const cmpPrim = (a: number | bigint | string, b: number | bigint | string) => (a < b ? -1 : a > b ? 1 : 0);

/** `cell <=> constant` for a column of type `t`, the constant given as filter text. */
function comparatorFor(t: ColumnType, text: string, column: string): (v: Exclude<Value, null>) => number {
  const bad = () => Errors.kvFilterParseError(`value '${text}' is not valid for column '${column}'`);
  const trimmed = text.trim();
  if (isIntegerType(t) || t.kind === 'double' || t.kind === 'float') {
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) throw bad();
    const k: number | bigint = /^[+-]?\d+$/.test(trimmed) && isIntegerType(t) ? toIntConst(trimmed) : Number(trimmed);
    return (v) => cmpPrim(v as number | bigint, k);
  }
  if (t.kind === 'decimal') {
    const d = Decimal.parse(trimmed);
    if (!d) throw bad();
    return (v) => (v instanceof Decimal ? v : Decimal.parse(String(v))!).compare(d);
  }
  if (t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp') {
    const k = t.kind === 'date' ? normalizeDateText(trimmed) : normalizeDatetimeText(trimmed, 6);
    if (k === null) throw bad();
    // Stored text has the column's digits; compare on the common µs form.
    return (v) => cmpPrim(t.kind === 'date' ? String(v) : padMicros(String(v)), k);
  }
  if (t.binary) {
    const k = utf8ToBytes(text);
    return (v) => cmpPrim(v as string, k);
  }
  const k = generalCiWeight(text);
  return (v) => cmpPrim(generalCiWeight(v as string), k);
}

function toIntConst(s: string): number | bigint {
  const b = BigInt(s);
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

function padMicros(s: string): string {
  if (s.length === 19) return `${s}.000000`;
  return s.length < 26 ? s.padEnd(26, '0') : s;
}
