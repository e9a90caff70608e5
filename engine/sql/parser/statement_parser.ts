/**
 * The last class of the parser chain: the `statement` rule that dispatches on the first
 * keyword, the single module-level parser instance, and `parseOne()` which turns one
 * statement's text into a `Statement` or an `ObError`.
 *
 * Before the grammar runs, cluster and tenant management statements (ALTER SYSTEM ADD ZONE /
 * SERVER ..., CREATE/ALTER/DROP RESOURCE UNIT/POOL/TENANT, SWITCH REPLICA LEADER) are parsed by
 * `mgmt_parser.ts`; a few leading-word checks answer statements the playground knows
 * but does not implement with ERROR 1235 "<statement> not supported" instead of a misleading
 * 1064, and route `ALTER SYSTEM <anything but MINOR/MAJOR FREEZE, SET, SUSPEND/RESUME MERGE or CLEAR
 * MERGE ERROR>` to action 'other'
 * (the server answers "not supported" with OceanBase's wording).
 *
 * Failure contract: every malformed input gives ERROR 1064 positioned at the offending token;
 * nothing else escapes except assertion failures (bugs).
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import { Errors } from '../../common/ob_error';
import type { Statement } from '../ast';
import { K, LParen, RParen, Semicolon, tokenize } from './lexer';
import { syntaxErrorAt } from './syntax_error';
import { parseManagement } from './mgmt_parser';
import { MERGE_CONTROL_WORDS, UtilityParser } from './utility_parser';

/** Parentheses nested deeper than this are refused (1064) before they can exhaust the stack. */
export const PAREN_DEPTH_MAX = 64;

/** Statements (by leading words) answered with ERROR 1235. Longest prefixes first. */
const UNSUPPORTED_STATEMENTS: readonly string[][] = [
  ['CREATE', 'UNIQUE', 'INDEX'], ['CREATE', 'OR', 'REPLACE'], ['CREATE', 'INDEX'], ['CREATE', 'VIEW'],
  ['CREATE', 'USER'], ['CREATE', 'ROLE'],
  ['CREATE', 'PROCEDURE'], ['CREATE', 'FUNCTION'], ['CREATE', 'TRIGGER'],
  ['CREATE', 'SEQUENCE'], ['CREATE', 'OUTLINE'], ['CREATE', 'MATERIALIZED'], ['CREATE', 'EXTERNAL'],
  ['ALTER', 'DATABASE'], ['ALTER', 'SCHEMA'],
  ['ALTER', 'USER'], ['ALTER', 'VIEW'], ['ALTER', 'TABLEGROUP'], ['ALTER', 'SEQUENCE'],
  ['DROP', 'INDEX'], ['DROP', 'VIEW'], ['DROP', 'USER'],
  ['DROP', 'ROLE'], ['DROP', 'PROCEDURE'], ['DROP', 'FUNCTION'], ['DROP', 'TRIGGER'],
  ['DROP', 'SEQUENCE'], ['DROP', 'OUTLINE'],
  ['SHOW', 'CREATE', 'DATABASE'], ['SHOW', 'CREATE', 'VIEW'], ['SHOW', 'CREATE', 'TENANT'],
  ['SHOW', 'TABLE', 'STATUS'], ['SHOW', 'GRANTS'], ['SHOW', 'STATUS'], ['SHOW', 'GLOBAL', 'STATUS'],
  ['SHOW', 'SESSION', 'STATUS'], ['SHOW', 'TRACE'], ['SHOW', 'RECYCLEBIN'], 
  ['SHOW', 'PRIVILEGES'], ['SHOW', 'TRIGGERS'], ['SHOW', 'EVENTS'],
  ['SET', 'PASSWORD'], ['SET', 'ROLE'], ['SET', 'DEFAULT', 'ROLE'],
  ['GRANT'], ['REVOKE'], ['RENAME'], ['LOAD'], ['ANALYZE'], ['OPTIMIZE'], ['FLUSH'], ['KILL'], ['LOCK'],
  ['UNLOCK'], ['PREPARE'], ['EXECUTE'], ['DEALLOCATE'], ['SAVEPOINT'], ['RELEASE'], ['XA'], ['WITH'],
  ['HANDLER'], ['DO'], ['HELP'], ['PURGE'], ['FLASHBACK'], ['CHECKSUM'], ['REPAIR'],
];

class SqlParser extends UtilityParser {
  statement = this.RULE('statement', (): Statement =>
    this.OR([
      { ALT: () => this.SUBRULE(this.queryExpr) },
      { ALT: () => this.SUBRULE(this.insertStmt) },
      { ALT: () => this.SUBRULE(this.updateStmt) },
      { ALT: () => this.SUBRULE(this.deleteStmt) },
      { ALT: () => this.SUBRULE(this.createStmt) },
      { ALT: () => this.SUBRULE(this.dropStmt) },
      { ALT: () => this.SUBRULE(this.truncateStmt) },
      { ALT: () => this.SUBRULE(this.useStmt) },
      { ALT: () => this.SUBRULE(this.showStmt) },
      { ALT: () => this.SUBRULE(this.explainOrDescribe) },
      { ALT: () => this.SUBRULE(this.beginStmt) },
      { ALT: () => this.SUBRULE(this.startStmt) },
      { ALT: () => this.SUBRULE(this.commitStmt) },
      { ALT: () => this.SUBRULE(this.rollbackStmt) },
      { ALT: () => this.SUBRULE(this.setStmt) },
      { ALT: () => this.SUBRULE(this.alterSystemStmt) },
      { ALT: () => this.SUBRULE(this.alterTableStmt) },
      { ALT: () => this.SUBRULE(this.callStmt) },
    ]),
  );

  constructor(validate: boolean) {
    super(validate);
    this.performSelfAnalysis();
  }
}

/**
 * Builds a parser instance. Throws (a plain Error from chevrotain, i.e. a bug) when `validate`
 * is set and the grammar has a definition problem; the grammar test does that.
 */
export function createSqlParser(validate: boolean): { ruleCount: number } {
  const p = new SqlParser(validate);
  return { ruleCount: Object.keys(p.getGAstProductions()).length };
}

/**
 * Built once, without validations (the grammar test validates), and only when the first statement
 * is parsed: the grammar analysis costs ~200 ms, which servers that never parse SQL (a browser
 * worker whose sessions live elsewhere) need not pay during boot.
 */
let shared: SqlParser | null = null;
const sharedParser = (): SqlParser => (shared ??= new SqlParser(false));

function startsWithWords(tokens: IToken[], words: readonly string[]): boolean {
  if (tokens.length < words.length) return false;
  for (let i = 0; i < words.length; i++) if (tokens[i].image.toUpperCase() !== words[i]) return false;
  return true;
}

/** Answers found from the leading words alone (unsupported statements, ALTER SYSTEM other). */
function preDispatch(text: string, tokens: IToken[]): Statement | undefined {
  const management = parseManagement(text, tokens);
  if (management !== undefined) return management;
  if (tokens[0].tokenType === K.ALTER && tokens.length >= 3 && tokens[1].tokenType === K.SYSTEM) {
    const third = tokens[2].tokenType;
    const mergeControl = MERGE_CONTROL_WORDS.has(tokens[2].image.toUpperCase());
    if (third !== K.MINOR && third !== K.MAJOR && third !== K.SET && !mergeControl) return { kind: 'alterSystem', action: 'other', text };
  }
  for (const words of UNSUPPORTED_STATEMENTS) {
    if (startsWithWords(tokens, words)) throw Errors.notSupported(words.join(' '));
  }
  return undefined;
}

/** Refuses absurd nesting before recursion could exhaust the JavaScript stack. */
function checkNesting(text: string, tokens: IToken[]): void {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === LParen && ++depth > PAREN_DEPTH_MAX) throw syntaxErrorAt(text, token);
    if (token.tokenType === RParen) depth--;
  }
}

/**
 * The token to quote in a 1064. A stray `;` means a second statement was sent where one was
 * expected: MySQL then quotes that second statement, so point past the `;`.
 */
function offendingToken(tokens: IToken[], token: IToken): IToken | undefined {
  if (token.tokenType !== Semicolon) return token;
  const i = tokens.indexOf(token);
  return i >= 0 ? tokens[i + 1] : token;
}

/**
 * Parses the text of exactly one statement (no trailing `;`; see `splitStatements`).
 * Errors: `Errors.emptyQuery` when it holds no tokens; `Errors.parseError` (1064) near the
 * offending token; `Errors.notSupported` (1235) for known-but-unimplemented syntax.
 */
export function parseOne(text: string): Statement {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw Errors.emptyQuery();
  const early = preDispatch(text, tokens);
  if (early !== undefined) return early;
  checkNesting(text, tokens);
  const parser = sharedParser();
  parser.load(text, tokens);
  let statement: Statement;
  let error: IRecognitionException | undefined;
  try {
    statement = parser.statement();
    error = parser.errors[0];
  } catch (e) {
    // Deep chains of unary operators can still overflow the stack: MySQL's "memory exhausted".
    if (e instanceof RangeError) throw syntaxErrorAt(text, tokens[0]);
    throw e;
  } finally {
    parser.load('', []); // do not keep a big statement's tokens alive until the next parse
  }
  if (error !== undefined) throw syntaxErrorAt(text, offendingToken(tokens, error.token));
  return statement;
}
