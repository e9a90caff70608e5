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
 * dml_parser.ts → partition_parser.ts → ddl_parser.ts → utility_parser.ts →
 * statement_parser.ts (the chain of grammar classes), split.ts (statement splitting).
 *
 * Speed: a 1,000-row INSERT of plain literals parses in a few ms (VALUES rows take a literal
 * fast path); an expression costs a few µs. Built with esbuild's keepNames (as tsx does), every
 * chevrotain alternative closure gets renamed at run time, which makes parsing ~5× slower.
 */
import { Errors } from '../../common/ob_error';
import type { ParsedStatement } from '../ast';
import { splitStatements } from './split';
import { parseOne } from './statement_parser';

export { splitStatements, type StatementSpan } from './split';
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
  const spans = splitStatements(text);
  if (spans.length === 0) throw Errors.emptyQuery();
  const first = spans[0];
  // Keep everything after the first statement so a second one is reported by the grammar.
  const last = spans[spans.length - 1];
  const statementText = spans.length === 1 ? first.text : text.slice(first.start, last.end);
  return { statement: parseOne(statementText), text: statementText };
}
