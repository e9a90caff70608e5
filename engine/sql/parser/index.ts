/**
 * The MySQL-mode SQL parser of the playground: text → `Statement` (engine/sql/ast.ts).
 *
 * Pipeline: `splitStatements` cuts a script at `;` (respecting quotes and comments) →
 * `tokenize` (chevrotain lexer, keywords, hints) → the chevrotain grammar (one module-level
 * `EmbeddedActionsParser` built once, split into expr / select / dml / partition / ddl /
 * utility files) → AST. Identifiers keep the case the user wrote.
 *
 * Errors are always `ObError`s with MySQL's texts: ERROR 1064 `... near '<rest of the
 * statement from the offending token, ≤ 80 chars>' at line N`, ERROR 1065 `Query was empty`,
 * and ERROR 1235 `... not supported` for syntax the playground knows but does not model.
 *
 * Module map: lexer.ts (tokens, keywords), literals.ts (literal values), syntax_error.ts
 * (near/line), base_parser.ts → expr_parser.ts → call_parser.ts → select_parser.ts →
 * dml_parser.ts → partition_parser.ts → ddl_parser.ts → alter_parser.ts → utility_parser.ts →
 * statement_parser.ts (the chain of grammar classes), split.ts (statement splitting).
 *
 * Repeated statements: `parseStatement` first runs the fast parser (fast_parser.ts), which keys a
 * SELECT/INSERT/REPLACE/UPDATE/DELETE text by everything but its integer and string literals. A
 * key the plan cache holds a plan for gets a statement whose tree is parsed only if asked for; a
 * key with a statement-tree template gets the template's tree with its own literals; others are
 * parsed by the grammar (and may teach a template: param_align.ts).
 *
 * Speed: a 1,000-row INSERT of plain literals parses in a few ms (VALUES rows take a literal
 * fast path); an expression costs a few µs. Built with esbuild's keepNames (as tsx does), every
 * chevrotain alternative closure gets renamed at run time, which makes parsing ~5× slower.
 */
import { Errors } from '../../common/ob_error';
import type { ParsedStatement, Statement } from '../ast';
import { fastParse, type FastParam, type FastParse } from './fast_parser';
import { alignParams } from './param_align';
import { splitStatements } from './split';
import { parseOne } from './statement_parser';

export { splitStatements, type StatementSpan } from './split';
export { fastParse, substituteParams, type FastParam, type FastParse } from './fast_parser';
export { UNION_ALIAS } from './select_parser';

/**
 * Splits `text` into statements and parses each, in order; throws for the first bad one.
 * Each result's `text` is the statement's significant text (no surrounding whitespace or
 * comments, no `;`).
 * Errors: `Errors.emptyQuery` (1065) when there is no statement at all ("", ";", a comment);
 * `Errors.parseError` (1064) and `Errors.notSupported` (1235) as for `parseStatement`.
 */
export function parseSql(text: string): ParsedStatement[] {
  const spans = splitStatements(text);
  if (spans.length === 0) throw Errors.emptyQuery();
  return spans.map((span) => ({ statement: parseOne(span.text), text: span.text }));
}

/**
 * Parses exactly one statement; surrounding whitespace/comments and one trailing `;` are
 * allowed. A second statement is a syntax error, as when a client sends `SELECT 1; SELECT 2`
 * without multi-statement support.
 * Errors: `Errors.emptyQuery` (1065), `Errors.parseError` (1064) near the offending token with
 * its 1-based line, `Errors.notSupported` (1235).
 */
export function parseStatement(text: string): ParsedStatement {
  const fast = fastParse(text);
  if (fast !== null) {
    // A key the plan cache has a plan for: the grammar accepted a text differing only in literal
    // values, so this one parses too — parse it only if someone asks for the tree.
    if (CACHED_KEYS.has(fast.key)) return new LazyParsedStatement(text, fast);
    const template = TREE_TEMPLATES.get(fast.key);
    const parsed: ParsedStatement = { statement: template ? fillTree(template, fast.params) : parseOne(text), text };
    FAST_PARSES.set(parsed, fast);
    if (template === undefined && fast.params.length > 0) learnTree(parsed.statement, text, fast);
    return parsed;
  }
  const spans = splitStatements(text);
  if (spans.length === 0) throw Errors.emptyQuery();
  const first = spans[0];
  // Keep everything after the first statement so a second one is reported by the grammar.
  const last = spans[spans.length - 1];
  const statementText = spans.length === 1 ? first.text : text.slice(first.start, last.end);
  return { statement: parseOne(statementText), text: statementText };
}

// ---------------------------------------------------------------- plan cache support

/** Fast-parser results of statements parsed eagerly (their key is not known to the cache yet). */
const FAST_PARSES = new WeakMap<ParsedStatement, FastParse>();
/** Keys the plan cache holds a plan for (insertion order; oldest dropped past the limit). */
const CACHED_KEYS = new Set<string>();
/** Keys remembered as cached; a forgotten key only costs one eager parse. */
export const CACHED_KEYS_MAX = 4096;

/** A statement whose tree is parsed on first access (its text's key is known to parse). */
class LazyParsedStatement implements ParsedStatement {
  private tree: Statement | null = null;

  constructor(
    readonly text: string,
    readonly fast: FastParse,
  ) {}

  get statement(): Statement {
    return (this.tree ??= parseOne(this.text));
  }

  set statement(s: Statement) {
    this.tree = s;
  }
}

/** The fast parser's key and parameters of a statement `parseStatement` returned, if it has them. */
export function fastParseOf(p: ParsedStatement): FastParse | undefined {
  return p instanceof LazyParsedStatement ? p.fast : FAST_PARSES.get(p);
}

/** The plan cache built a plan for `key`: later texts with this key may skip the grammar. */
export function noteCachedKey(key: string): void {
  if (CACHED_KEYS.has(key)) return;
  if (CACHED_KEYS.size >= CACHED_KEYS_MAX) CACHED_KEYS.delete(CACHED_KEYS.values().next().value!);
  CACHED_KEYS.add(key);
}

// ---------------------------------------------------------------- statement-tree cache

/**
 * Statement trees by fast-parser key (OceanBase keeps parse results with its plans; here the tree
 * alone, for any statement): the tree parsed with sentinel literals and the path of each
 * parameter's literal. A text with a known key gets the template's tree with its own literal
 * values put in — what the grammar would build, since the texts differ only in those literals.
 * Only keys whose every parameter is one literal node and appears nowhere else (param_align.ts).
 */
interface TreeTemplate {
  tree: Statement;
  paths: [number, string[]][];
}

const TREE_TEMPLATES = new Map<string, TreeTemplate>();
/** Keys known not to make a template (not every parameter is a plain literal node). */
const TREE_REFUSED = new Set<string>();
/** Templates (and refusals) remembered; the oldest goes first past it. */
export const TREE_TEMPLATES_MAX = 1024;

function remember<T>(m: Map<string, T> | Set<string>, key: string, value?: T): void {
  if (m.size >= TREE_TEMPLATES_MAX) m.delete(m.keys().next().value!);
  if (m instanceof Map) m.set(key, value as T);
  else m.add(key);
}

function learnTree(statement: Statement, text: string, fast: FastParse): void {
  if (TREE_REFUSED.has(fast.key)) return;
  const a = alignParams(statement, text, fast, parseOne);
  if (a === null || a.unsafe.size > 0 || a.paths.size !== fast.params.length) {
    remember(TREE_REFUSED, fast.key);
    return;
  }
  remember(TREE_TEMPLATES, fast.key, { tree: a.probe, paths: [...a.paths] });
}

/** A fresh copy of the template's tree with `params`' values in their literals. */
function fillTree(t: TreeTemplate, params: readonly FastParam[]): Statement {
  const tree = cloneTree(t.tree) as Statement;
  for (const [i, path] of t.paths) {
    let x: unknown = tree;
    for (const k of path) x = (x as Record<string, unknown>)[k];
    (x as { value: unknown }).value = params[i].value;
  }
  return tree;
}

/** Deep copy of plain objects and arrays (literal values such as Decimal are immutable: shared). */
function cloneTree(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map(cloneTree);
  if (Object.getPrototypeOf(x) !== Object.prototype) return x;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) out[k] = cloneTree((x as Record<string, unknown>)[k]);
  return out;
}
