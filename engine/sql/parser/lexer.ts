/**
 * The SQL lexer (MySQL mode): chevrotain token types, the keyword table and `tokenize()`.
 *
 * How words become keywords: the chevrotain lexer only knows one `Identifier` pattern; after
 * lexing, every unquoted identifier whose upper-cased text is in `KEYWORDS` is retyped to that
 * keyword's token type. This keeps the lexer small and fast (one regex for all words) and makes
 * keywords case-insensitive for free.
 *
 * Reserved vs non-reserved (as in MySQL): a non-reserved keyword carries the `IdentCat` category,
 * so the grammar accepts it wherever an identifier may stand (`CREATE TABLE t (date DATE, status
 * INT)`). Reserved keywords (SELECT, FROM, ORDER, KEY, ...) need backticks to be used as names.
 * Words the grammar never looks at are plain identifiers.
 *
 * Comments (`-- ` with a following space, `#`, `/* *\/`) and whitespace are skipped. Optimizer
 * hints `/*+ ... *\/` right after SELECT/INSERT/REPLACE/UPDATE/DELETE are attached to that keyword
 * token (`payload`) and dropped from the stream; hints anywhere else are comments, as in MySQL.
 * Character-set introducers (`_utf8mb4'abc'`, `N'abc'`) are dropped in front of their string.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { Errors } from '../../common/ob_error';
import { nearText } from './syntax_error';

// ---------------------------------------------------------------- categories

/** Anything usable as an identifier: plain and quoted identifiers and non-reserved keywords. */
export const IdentCat = createToken({ name: 'IdentCat', pattern: Lexer.NA });
/** Reserved keywords: allowed as names only after a dot (`t.order`) or in backticks. */
export const ReservedCat = createToken({ name: 'ReservedCat', pattern: Lexer.NA });
/** Literals a VALUES row can take without the expression grammar (numbers, strings, NULL). */
export const PlainLiteral = createToken({ name: 'PlainLiteral', pattern: Lexer.NA });
/** 'single' and "double" quoted strings (MySQL treats both as strings; ANSI_QUOTES is off). */
export const StringLit = createToken({ name: 'StringLit', pattern: Lexer.NA });

// ---------------------------------------------------------------- lexed tokens

const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });
/** `-- ` needs a whitespace/control character (or the end of the line) after the dashes. */
const LineComment = createToken({
  name: 'LineComment',
  pattern: /--(?:[ \t\v\f\x00-\x08\x0e-\x1f][^\r\n]*|(?![^\r\n]))|#[^\r\n]*/,
  group: Lexer.SKIPPED,
});
export const Hint = createToken({ name: 'Hint', pattern: /\/\*\+[\s\S]*?\*\// });
const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[\s\S]*?\*\//, group: Lexer.SKIPPED });
/** A `/*` that never closes: reported as a syntax error at the comment, as MySQL does. */
const UnclosedComment = createToken({ name: 'UnclosedComment', pattern: /\/\*/ });
export const SingleQuoted = createToken({
  name: 'SingleQuoted',
  pattern: /'(?:[^'\\]|\\[\s\S]|'')*'/,
  categories: [StringLit, PlainLiteral],
});
export const DoubleQuoted = createToken({
  name: 'DoubleQuoted',
  pattern: /"(?:[^"\\]|\\[\s\S]|"")*"/,
  categories: [StringLit, PlainLiteral],
});
export const QuotedIdent = createToken({ name: 'QuotedIdent', pattern: /`(?:[^`]|``)*`/, categories: [IdentCat] });
/** `@@name`, `@@session.name`, `@@global.name`, `@@local.name`. */
export const SysVar = createToken({ name: 'SysVar', pattern: /@@(?:[A-Za-z_$][\w$]*\.)?[A-Za-z_$][\w$]*/ });
/** `@name`, `@'name'`, `@"name"`, `` @`name` ``. */
export const UserVar = createToken({
  name: 'UserVar',
  pattern: /@(?:[\w$.]+|'(?:[^'\\]|\\[\s\S]|'')*'|"(?:[^"\\]|\\[\s\S]|"")*"|`(?:[^`]|``)*`)/,
});
export const HexNumber = createToken({ name: 'HexNumber', pattern: /0x[0-9a-fA-F]+/ });
export const FloatNumber = createToken({
  name: 'FloatNumber',
  pattern: /(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+/,
  categories: [PlainLiteral],
});
export const DecimalNumber = createToken({ name: 'DecimalNumber', pattern: /\d+\.\d*|\.\d+/, categories: [PlainLiteral] });
export const IntegerNumber = createToken({ name: 'IntegerNumber', pattern: /\d+/, categories: [PlainLiteral] });
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*/,
  categories: [IdentCat],
});

export const NullSafeEq = createToken({ name: 'NullSafeEq', pattern: '<=>' });
export const LtEq = createToken({ name: 'LtEq', pattern: '<=' });
export const GtEq = createToken({ name: 'GtEq', pattern: '>=' });
export const LtGt = createToken({ name: 'LtGt', pattern: '<>' });
export const BangEq = createToken({ name: 'BangEq', pattern: '!=' });
export const ShiftLeft = createToken({ name: 'ShiftLeft', pattern: '<<' });
export const ShiftRight = createToken({ name: 'ShiftRight', pattern: '>>' });
export const Assign = createToken({ name: 'Assign', pattern: ':=' });
export const PipePipe = createToken({ name: 'PipePipe', pattern: '||' });
export const AmpAmp = createToken({ name: 'AmpAmp', pattern: '&&' });
export const Lt = createToken({ name: 'Lt', pattern: '<' });
export const Gt = createToken({ name: 'Gt', pattern: '>' });
export const Eq = createToken({ name: 'Eq', pattern: '=' });
export const Pipe = createToken({ name: 'Pipe', pattern: '|' });
export const Amp = createToken({ name: 'Amp', pattern: '&' });
export const Caret = createToken({ name: 'Caret', pattern: '^' });
export const Tilde = createToken({ name: 'Tilde', pattern: '~' });
export const Bang = createToken({ name: 'Bang', pattern: '!' });
export const Plus = createToken({ name: 'Plus', pattern: '+' });
export const Minus = createToken({ name: 'Minus', pattern: '-' });
export const Star = createToken({ name: 'Star', pattern: '*' });
export const Slash = createToken({ name: 'Slash', pattern: '/' });
export const Percent = createToken({ name: 'Percent', pattern: '%' });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';' });
export const Dot = createToken({ name: 'Dot', pattern: '.' });

/** Order matters: the first pattern that matches at an offset wins. */
const LEXED_TOKENS: TokenType[] = [
  WhiteSpace, LineComment, Hint, BlockComment, UnclosedComment,
  SingleQuoted, DoubleQuoted, QuotedIdent, SysVar, UserVar,
  HexNumber, FloatNumber, DecimalNumber, IntegerNumber, Identifier,
  NullSafeEq, LtEq, GtEq, LtGt, BangEq, ShiftLeft, ShiftRight, Assign, PipePipe, AmpAmp,
  Lt, Gt, Eq, Pipe, Amp, Caret, Tilde, Bang, Plus, Minus, Star, Slash, Percent,
  LParen, RParen, Comma, Semicolon, Dot,
];

// ---------------------------------------------------------------- keywords

const KEYWORDS = new Map<string, TokenType>();

function keyword(word: string, reserved: boolean, extraCategories: TokenType[] = []): TokenType {
  const categories = [reserved ? ReservedCat : IdentCat, ...extraCategories];
  const type = createToken({ name: word, pattern: Lexer.NA, categories });
  KEYWORDS.set(word, type);
  return type;
}
const reserved = (word: string) => keyword(word, true);
const nonReserved = (word: string) => keyword(word, false);

/** Keyword token types, by their upper-case text. `K.SELECT`, `K.DATE`, ... */
export const K = {
  // query
  SELECT: reserved('SELECT'), FROM: reserved('FROM'), WHERE: reserved('WHERE'), GROUP: reserved('GROUP'),
  BY: reserved('BY'), HAVING: reserved('HAVING'), ORDER: reserved('ORDER'), LIMIT: reserved('LIMIT'),
  OFFSET: nonReserved('OFFSET'), UNION: reserved('UNION'), ALL: reserved('ALL'), DISTINCT: reserved('DISTINCT'),
  DISTINCTROW: reserved('DISTINCTROW'), FOR: reserved('FOR'), UPDATE: reserved('UPDATE'), AS: reserved('AS'),
  ON: reserved('ON'), USING: reserved('USING'), JOIN: reserved('JOIN'), INNER: reserved('INNER'),
  LEFT: reserved('LEFT'), RIGHT: reserved('RIGHT'), CROSS: reserved('CROSS'), OUTER: reserved('OUTER'),
  NATURAL: reserved('NATURAL'), STRAIGHT_JOIN: reserved('STRAIGHT_JOIN'), DUAL: reserved('DUAL'),
  ASC: reserved('ASC'), DESC: reserved('DESC'), INTO: reserved('INTO'), LOCK: reserved('LOCK'),
  WITH: reserved('WITH'), USE: reserved('USE'), FORCE: reserved('FORCE'),
  // expressions
  AND: reserved('AND'), OR: reserved('OR'), XOR: reserved('XOR'), NOT: reserved('NOT'), IS: reserved('IS'),
  IN: reserved('IN'), LIKE: reserved('LIKE'), BETWEEN: reserved('BETWEEN'), DIV: reserved('DIV'),
  MOD: reserved('MOD'), REGEXP: reserved('REGEXP'), RLIKE: reserved('RLIKE'), ESCAPE: nonReserved('ESCAPE'),
  NULL: keyword('NULL', true, [PlainLiteral]), TRUE: reserved('TRUE'), FALSE: reserved('FALSE'), UNKNOWN: nonReserved('UNKNOWN'),
  CASE: reserved('CASE'), WHEN: reserved('WHEN'), THEN: reserved('THEN'), ELSE: reserved('ELSE'),
  END: nonReserved('END'), EXISTS: reserved('EXISTS'), INTERVAL: reserved('INTERVAL'),
  DEFAULT: reserved('DEFAULT'), COLLATE: reserved('COLLATE'), BINARY: reserved('BINARY'),
  LEADING: reserved('LEADING'), TRAILING: reserved('TRAILING'), BOTH: reserved('BOTH'),
  // DML
  INSERT: reserved('INSERT'), VALUES: reserved('VALUES'), VALUE: nonReserved('VALUE'),
  REPLACE: reserved('REPLACE'), IGNORE: reserved('IGNORE'), DUPLICATE: nonReserved('DUPLICATE'),
  KEY: reserved('KEY'), SET: reserved('SET'), DELETE: reserved('DELETE'),
  // DDL
  CREATE: reserved('CREATE'), DROP: reserved('DROP'), ALTER: reserved('ALTER'), TABLE: reserved('TABLE'),
  TABLES: nonReserved('TABLES'), DATABASE: reserved('DATABASE'), DATABASES: reserved('DATABASES'),
  SCHEMA: reserved('SCHEMA'), SCHEMAS: reserved('SCHEMAS'), IF: reserved('IF'), TRUNCATE: nonReserved('TRUNCATE'),
  TEMPORARY: nonReserved('TEMPORARY'), PRIMARY: reserved('PRIMARY'), UNIQUE: reserved('UNIQUE'),
  INDEX: reserved('INDEX'), INDEXES: nonReserved('INDEXES'), KEYS: reserved('KEYS'),
  CONSTRAINT: reserved('CONSTRAINT'), FOREIGN: reserved('FOREIGN'), REFERENCES: reserved('REFERENCES'),
  CHECK: reserved('CHECK'), FULLTEXT: reserved('FULLTEXT'), SPATIAL: reserved('SPATIAL'),
  GENERATED: reserved('GENERATED'), AUTO_INCREMENT: nonReserved('AUTO_INCREMENT'), COMMENT: nonReserved('COMMENT'),
  CHARACTER: reserved('CHARACTER'), CHARSET: nonReserved('CHARSET'), SKIP_INDEX: nonReserved('SKIP_INDEX'),
  PARTITION: reserved('PARTITION'), PARTITIONS: nonReserved('PARTITIONS'), SUBPARTITION: nonReserved('SUBPARTITION'),
  SUBPARTITIONS: nonReserved('SUBPARTITIONS'), HASH: nonReserved('HASH'), RANGE: reserved('RANGE'),
  LIST: nonReserved('LIST'), COLUMNS: nonReserved('COLUMNS'), LESS: nonReserved('LESS'), THAN: nonReserved('THAN'),
  MAXVALUE: reserved('MAXVALUE'), LINEAR: reserved('LINEAR'), COLUMN: reserved('COLUMN'), EACH: reserved('EACH'),
  CASCADE: reserved('CASCADE'), RESTRICT: reserved('RESTRICT'), PURGE: reserved('PURGE'),
  // data types
  INT: reserved('INT'), INTEGER: reserved('INTEGER'), TINYINT: reserved('TINYINT'), SMALLINT: reserved('SMALLINT'),
  MEDIUMINT: reserved('MEDIUMINT'), BIGINT: reserved('BIGINT'), DECIMAL: reserved('DECIMAL'),
  NUMERIC: reserved('NUMERIC'), DEC: reserved('DEC'), FIXED: nonReserved('FIXED'), DOUBLE: reserved('DOUBLE'),
  PRECISION: reserved('PRECISION'), FLOAT: reserved('FLOAT'), REAL: reserved('REAL'), BOOL: nonReserved('BOOL'),
  BOOLEAN: nonReserved('BOOLEAN'), VARCHAR: reserved('VARCHAR'), CHAR: reserved('CHAR'), TEXT: nonReserved('TEXT'),
  DATE: nonReserved('DATE'), DATETIME: nonReserved('DATETIME'), TIMESTAMP: nonReserved('TIMESTAMP'),
  TIME: nonReserved('TIME'), UNSIGNED: reserved('UNSIGNED'), SIGNED: nonReserved('SIGNED'),
  ZEROFILL: reserved('ZEROFILL'),
  // utility
  SHOW: reserved('SHOW'), FULL: nonReserved('FULL'), FIELDS: nonReserved('FIELDS'),
  VARIABLES: nonReserved('VARIABLES'), GLOBAL: nonReserved('GLOBAL'), SESSION: nonReserved('SESSION'),
  LOCAL: nonReserved('LOCAL'), WARNINGS: nonReserved('WARNINGS'), ERRORS: nonReserved('ERRORS'),
  PARAMETERS: nonReserved('PARAMETERS'), TENANT: nonReserved('TENANT'), PROCESSLIST: nonReserved('PROCESSLIST'),
  ENGINES: nonReserved('ENGINES'), STORAGE: nonReserved('STORAGE'), COLLATION: nonReserved('COLLATION'),
  DESCRIBE: reserved('DESCRIBE'), EXPLAIN: reserved('EXPLAIN'), BASIC: nonReserved('BASIC'),
  EXTENDED: nonReserved('EXTENDED'), EXTENDED_NOADDR: nonReserved('EXTENDED_NOADDR'),
  FORMAT: nonReserved('FORMAT'), OUTLINE: nonReserved('OUTLINE'), BEGIN: nonReserved('BEGIN'),
  WORK: nonReserved('WORK'), START: nonReserved('START'), TRANSACTION: nonReserved('TRANSACTION'),
  READ: reserved('READ'), WRITE: reserved('WRITE'), ONLY: nonReserved('ONLY'), COMMIT: nonReserved('COMMIT'),
  ROLLBACK: nonReserved('ROLLBACK'), ISOLATION: nonReserved('ISOLATION'), LEVEL: nonReserved('LEVEL'),
  COMMITTED: nonReserved('COMMITTED'), UNCOMMITTED: nonReserved('UNCOMMITTED'),
  REPEATABLE: nonReserved('REPEATABLE'), SERIALIZABLE: nonReserved('SERIALIZABLE'), NAMES: nonReserved('NAMES'),
  CONSISTENT: nonReserved('CONSISTENT'), SNAPSHOT: nonReserved('SNAPSHOT'), CALL: reserved('CALL'),
  SYSTEM: nonReserved('SYSTEM'), MINOR: nonReserved('MINOR'), MAJOR: nonReserved('MAJOR'),
  FREEZE: nonReserved('FREEZE'), TABLET_ID: nonReserved('TABLET_ID'), SERVER: nonReserved('SERVER'),
  ZONE: nonReserved('ZONE'), LS: nonReserved('LS'),
} as const;

/** Every token type the parser knows (lexed tokens, keywords and categories). */
export const ALL_TOKEN_TYPES: TokenType[] = [IdentCat, ReservedCat, StringLit, PlainLiteral, ...LEXED_TOKENS, ...KEYWORDS.values()];

const sqlLexer = new Lexer(LEXED_TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: true });

// ---------------------------------------------------------------- tokenize

const HINT_OWNERS = new Set<TokenType>([K.SELECT, K.INSERT, K.REPLACE, K.UPDATE, K.DELETE]);
const INTRODUCERS = new Set(['_UTF8MB4', '_UTF8', '_LATIN1', '_BINARY', '_ASCII', '_GBK', '_UTF16', 'N']);

/**
 * Lexes one statement's text into parser tokens: keywords retyped, hints attached to the
 * preceding SELECT/INSERT/... token (`payload`: the hint text without `/*+` and `*\/`, trimmed),
 * introducers dropped. Offsets are into `text`.
 * Throws `Errors.parseError` (1064) near the first character no token matches (e.g. an
 * unterminated string: `near ''abc' at line 1`).
 */
export function tokenize(text: string): IToken[] {
  const result = sqlLexer.tokenize(text);
  if (result.errors.length > 0) {
    const near = nearText(text, result.errors[0].offset);
    throw Errors.parseError(near.near, near.line);
  }
  const out: IToken[] = [];
  const tokens = result.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.tokenType === UnclosedComment) {
      const near = nearText(text, token.startOffset);
      throw Errors.parseError(near.near, near.line);
    }
    if (token.tokenType === Hint) {
      const owner = out[out.length - 1];
      if (owner !== undefined && HINT_OWNERS.has(owner.tokenType)) owner.payload = token.image.slice(3, -2).trim();
      continue;
    }
    if (token.tokenType === Identifier) {
      const upper = token.image.toUpperCase();
      const next = tokens[i + 1];
      if (INTRODUCERS.has(upper) && next !== undefined && next.tokenType === SingleQuoted &&
          next.startOffset === token.startOffset + token.image.length) {
        continue;
      }
      const kw = KEYWORDS.get(upper);
      if (kw !== undefined) {
        token.tokenType = kw;
        token.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    }
    out.push(token);
  }
  return out;
}

/** True when `token` is an unquoted word (identifier or keyword) spelled `word` (upper case). */
export function isWord(token: IToken, word: string): boolean {
  return token.tokenType !== QuotedIdent && token.image.length === word.length && token.image.toUpperCase() === word;
}
