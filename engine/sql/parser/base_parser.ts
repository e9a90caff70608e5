/**
 * The root of the parser class chain: chevrotain set-up, the statement text being parsed, and the
 * small rules every part of the grammar shares (identifiers, qualified names, string and integer
 * literals).
 *
 * The grammar is one chevrotain `EmbeddedActionsParser` split along MySQL's grammar seams into a
 * chain of classes, each in its own file:
 *
 *   BaseParser ─▶ ExprParser ─▶ CallParser ─▶ SelectParser ─▶ DmlParser ─▶ PartitionParser
 *   (names)       (operators)    (f(x), CAST)   (queries)       (INSERT...)   (PARTITION BY)
 *     ─▶ DdlParser ─▶ AlterParser ─▶ UtilityParser ─▶ SqlParser
 *        (CREATE...)  (ALTER TABLE)   (SHOW, SET...)   (statement; statement_parser.ts)
 *
 * A rule may call rules of a later class (expressions contain subqueries) through an abstract
 * property: chevrotain records the grammar only in `performSelfAnalysis()`, which the last class
 * calls once every rule exists.
 *
 * Embedded actions run during chevrotain's recording phase with dummy tokens, so every action
 * that inspects token text or may throw is wrapped in `this.ACTION`.
 */
import { EmbeddedActionsParser, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { Errors, type ObError } from '../../common/ob_error';
import {
  ALL_TOKEN_TYPES, Comma, Dot, IdentCat, IntegerNumber, LParen, QuotedIdent, RParen, ReservedCat, StringLit,
} from './lexer';
import { quotedIdentName, stringLiteral } from './literals';
import { syntaxErrorAt } from './syntax_error';

/**
 * Lookahead depth. Chevrotain's grammar analysis grows fast with k over a grammar this size
 * (k = 4 took minutes), so k = 2 and the few places that need more use GATEs.
 */
const MAX_LOOKAHEAD = 2;

/** `db.name` as written (identifier case kept). */
export interface QualifiedName {
  db?: string;
  name: string;
}

export abstract class BaseParser extends EmbeddedActionsParser {
  /** The statement text being parsed: select-item texts and error positions are cut from it. */
  protected sourceText = '';

  /**
   * `validate`: run chevrotain's grammar validations (ambiguities, left recursion, ...). They
   * cost more than the rest of the set-up together, so the shared instance skips them and a
   * test builds a validating instance instead.
   */
  constructor(validate: boolean) {
    super(ALL_TOKEN_TYPES, { maxLookahead: MAX_LOOKAHEAD, recoveryEnabled: false, skipValidations: !validate });
  }

  /** Parses `tokens` of `text`; the caller then invokes a rule and reads `errors`. */
  load(text: string, tokens: IToken[]): void {
    this.sourceText = text;
    this.input = tokens;
  }

  // ------------------------------------------------------------ helpers for actions

  /** ERROR 1064 near `token` (the current token by default). */
  protected syntaxError(token: IToken = this.LA(1)): ObError {
    return syntaxErrorAt(this.sourceText, token);
  }

  /** ERROR 1235 `<what> not supported`. */
  protected notSupported(what: string): ObError {
    return Errors.notSupported(what);
  }

  /**
   * Throws the error `make()` builds, at parse time only: during chevrotain's recording phase
   * this is a no-op (and returns undefined despite its type), so alternatives that only exist
   * to produce an error can still be recorded.
   */
  protected raise(make: () => ObError): never {
    return this.ACTION((): never => {
      throw make();
    });
  }

  /** The source text from `first` through the last consumed token. */
  protected textFrom(first: IToken): string {
    const last = this.LA(0);
    return this.sourceText.slice(first.startOffset, last.startOffset + last.image.length);
  }

  /** Whether the k-th token ahead is of `type` (or of a type in category `type`). */
  protected laIs(k: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(k), type);
  }

  // ------------------------------------------------------------ shared rules

  /** An identifier, a `` `quoted` `` identifier or a non-reserved keyword → the name. */
  ident = this.RULE('ident', (): string => {
    const token = this.CONSUME(IdentCat);
    return this.ACTION(() => identText(token));
  });

  /** The name after a dot may be any word, even a reserved one (`t.order`). */
  nameAfterDot = this.RULE('nameAfterDot', (): string => {
    const token = this.OR([
      { ALT: () => this.CONSUME(IdentCat) },
      { ALT: () => this.CONSUME(ReservedCat) },
    ]);
    return this.ACTION(() => identText(token));
  });

  /** `name` or `db.name` (tables, databases). */
  qualifiedName = this.RULE('qualifiedName', (): QualifiedName => {
    const first = this.SUBRULE(this.ident);
    const second = this.OPTION(() => {
      this.CONSUME(Dot);
      return this.SUBRULE(this.nameAfterDot);
    });
    return second === undefined ? { name: first } : { db: first, name: second };
  });

  /** One or more adjacent quoted strings, concatenated as MySQL does (`'a' 'b'` = `'ab'`). */
  stringValue = this.RULE('stringValue', (): string => {
    let value = '';
    this.AT_LEAST_ONE(() => {
      const token = this.CONSUME(StringLit);
      this.ACTION(() => {
        value += stringLiteral(token.image);
      });
    });
    return value;
  });

  /** An unsigned integer literal that fits a double exactly (lengths, counts, ids). */
  integerValue = this.RULE('integerValue', (): number => {
    const token = this.CONSUME(IntegerNumber);
    return this.ACTION(() => {
      const value = Number(token.image);
      if (!Number.isSafeInteger(value)) throw this.syntaxError(token);
      return value;
    });
  });

  /** `(a, b, c)` → names. */
  parenIdentList = this.RULE('parenIdentList', (): string[] => {
    const names: string[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.ident)) });
    this.CONSUME(RParen);
    return names;
  });
}

/** The name an identifier-like token stands for: quoted identifiers lose their backticks. */
export function identText(token: IToken): string {
  return token.tokenType === QuotedIdent ? quotedIdentName(token.image) : token.image;
}
