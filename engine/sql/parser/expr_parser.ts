/**
 * Expressions with MySQL's operator precedence (lowest first; MySQL 8.0 manual, "Operator
 * Precedence", HIGH_NOT_PRECEDENCE and PIPES_AS_CONCAT off):
 *
 *   OR, ||  <  XOR  <  AND, &&  <  NOT  <  = <=> != <> < <= > >= IS [NOT] NULL|TRUE|FALSE
 *   <  [NOT] BETWEEN / IN / LIKE / REGEXP  <  |  <  &  <  << >>  <  + -  <  * / DIV % MOD
 *   <  ^  <  unary - ~ !  <  COLLATE  <  primaries
 *
 * One rule per level. Normalisations the rest of the engine relies on:
 * - `||` is OR and `&&` is AND (op 'OR' / 'AND'); `<>` is '!='; `MOD` is '%'; unary `+` vanishes.
 * - `-<number literal>` folds into a negative literal (`DEFAULT -1`, partition bounds).
 * - `NOT EXISTS (...)` is `{kind:'exists', not:true}`; `IS UNKNOWN` is `IS NULL`.
 * - Function names are upper-cased (`count(*)` → name 'COUNT', star). Special syntaxes become
 *   plain calls: SUBSTRING(s FROM a FOR b) → SUBSTRING(s, a, b); TRIM([BOTH] r FROM s) →
 *   TRIM(s, r), TRIM(LEADING r FROM s) → LTRIM(s, r), TRIM(TRAILING ...) → RTRIM(s, r);
 *   POSITION(a IN s) → LOCATE(a, s); `a REGEXP p` → REGEXP(a, p); CURRENT_TIMESTAMP,
 *   CURRENT_DATE, ... without parentheses → calls with no arguments.
 * - CAST(x AS CHAR(n)) gives type varchar(n) (MySQL casts to a variable-length string).
 */
import { tokenMatcher, type IToken, type ParserMethod } from 'chevrotain';
import { Decimal } from '../../common/decimal';
import { normInt, type ColumnType, type Value } from '../../common/value';
import type { BinaryOp, Expr, IntervalUnit, Select } from '../ast';
import { BaseParser, identText } from './base_parser';
import {
  AmpAmp, Amp, BangEq, Bang, Caret, Comma, DecimalNumber, Dot, Eq, FloatNumber, Gt, GtEq,
  HexNumber, IdentCat, Identifier, IntegerNumber, K, LParen, Lt, LtEq, LtGt, Minus, NullSafeEq, Percent,
  Pipe, PipePipe, PlainLiteral, Plus, QuotedIdent, RParen, ShiftLeft, ShiftRight, Slash, Star, StringLit,
  SysVar, Tilde, UserVar, isWord,
} from './lexer';
import {
  decimalLiteral, floatLiteral, hexLiteral, integerLiteral, stringLiteral, sysVarName, userVarName,
} from './literals';

const INTERVAL_UNITS: ReadonlySet<string> = new Set<IntervalUnit>([
  'MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR',
]);
const COMPOUND_INTERVAL_UNITS: ReadonlySet<string> = new Set([
  'SECOND_MICROSECOND', 'MINUTE_MICROSECOND', 'MINUTE_SECOND', 'HOUR_MICROSECOND', 'HOUR_SECOND',
  'HOUR_MINUTE', 'DAY_MICROSECOND', 'DAY_SECOND', 'DAY_MINUTE', 'DAY_HOUR', 'YEAR_MONTH',
]);
/** Functions MySQL lets you call without parentheses. */
const NILADIC_FUNCTIONS: ReadonlySet<string> = new Set([
  'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP', 'UTC_TIMESTAMP',
  'UTC_DATE', 'UTC_TIME', 'CURRENT_USER',
]);
/** Calls with their own syntax inside the parentheses. */
const SPECIAL_FORMS: ReadonlySet<string> = new Set([
  'CAST', 'CONVERT', 'EXTRACT', 'TRIM', 'SUBSTRING', 'SUBSTR', 'POSITION', 'ROW',
]);

export const binary = (op: BinaryOp, left: Expr, right: Expr): Expr => ({ kind: 'binary', op, left, right });

/** `-5` → literal -5 (also bigint and DECIMAL literals); anything else → unary minus. */
function negate(operand: Expr): Expr {
  if (operand.kind === 'literal' && operand.type === undefined) {
    const v = operand.value;
    if (typeof v === 'number') return { kind: 'literal', value: v === 0 ? 0 : -v };
    if (typeof v === 'bigint') return { kind: 'literal', value: normInt(-v) };
    if (v instanceof Decimal) return { kind: 'literal', value: v.neg() };
  }
  return { kind: 'unary', op: '-', operand };
}

export abstract class ExprParser extends BaseParser {
  /** A whole query (SELECT ... [UNION ...] [ORDER BY] [LIMIT]); defined by SelectParser. */
  abstract queryExpr: ParserMethod<[], Select>;

  // ------------------------------------------------------------ boolean levels

  expr = this.RULE('expr', (): Expr => {
    let left = this.SUBRULE(this.xorExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(K.OR) }, { ALT: () => this.CONSUME(PipePipe) }]);
      const right = this.SUBRULE2(this.xorExpr);
      left = binary('OR', left, right);
    });
    return left;
  });

  xorExpr = this.RULE('xorExpr', (): Expr => {
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(K.XOR);
      const right = this.SUBRULE2(this.andExpr);
      left = binary('XOR', left, right);
    });
    return left;
  });

  andExpr = this.RULE('andExpr', (): Expr => {
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(K.AND) }, { ALT: () => this.CONSUME(AmpAmp) }]);
      const right = this.SUBRULE2(this.notExpr);
      left = binary('AND', left, right);
    });
    return left;
  });

  notExpr = this.RULE('notExpr', (): Expr =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.NOT);
          const operand = this.SUBRULE(this.notExpr);
          return this.ACTION((): Expr =>
            operand.kind === 'exists' && !operand.not ? { ...operand, not: true } : { kind: 'unary', op: 'NOT', operand });
        },
      },
      { ALT: () => this.SUBRULE(this.boolPrimary) },
    ]),
  );

  /** Comparisons and IS tests, left-associative at one level (`a = b IS NULL`). */
  boolPrimary = this.RULE('boolPrimary', (): Expr => {
    let left = this.SUBRULE(this.predicate);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            const op = this.SUBRULE(this.comparisonOp);
            const right = this.SUBRULE2(this.predicate);
            left = binary(op, left, right);
          },
        },
        { ALT: () => (left = this.SUBRULE(this.isTest, { ARGS: [left] })) },
      ]);
    });
    return left;
  });

  comparisonOp = this.RULE('comparisonOp', (): BinaryOp =>
    this.OR([
      { ALT: () => (this.CONSUME(Eq), '=' as const) },
      { ALT: () => (this.CONSUME(NullSafeEq), '<=>' as const) },
      { ALT: () => (this.CONSUME(BangEq), '!=' as const) },
      { ALT: () => (this.CONSUME(LtGt), '!=' as const) },
      { ALT: () => (this.CONSUME(Lt), '<' as const) },
      { ALT: () => (this.CONSUME(LtEq), '<=' as const) },
      { ALT: () => (this.CONSUME(Gt), '>' as const) },
      { ALT: () => (this.CONSUME(GtEq), '>=' as const) },
    ]),
  );

  /** `IS [NOT] NULL | UNKNOWN | TRUE | FALSE` applied to `operand`. */
  isTest = this.RULE('isTest', (operand?: Expr): Expr => {
    this.CONSUME(K.IS);
    const not = this.OPTION(() => this.CONSUME(K.NOT)) !== undefined;
    const expr = operand as Expr;
    return this.OR([
      { ALT: () => (this.CONSUME(K.NULL), { kind: 'isNull', expr, not }) },
      { ALT: () => (this.CONSUME(K.UNKNOWN), { kind: 'isNull', expr, not }) },
      { ALT: () => (this.CONSUME(K.TRUE), { kind: 'isBool', expr, value: true, not }) },
      { ALT: () => (this.CONSUME(K.FALSE), { kind: 'isBool', expr, value: false, not }) },
    ]);
  });

  /** `x [NOT] IN (...)`, `x [NOT] BETWEEN a AND b`, `x [NOT] LIKE p [ESCAPE e]`, `x [NOT] REGEXP p`. */
  predicate = this.RULE('predicate', (): Expr => {
    const left = this.SUBRULE(this.bitOrExpr);
    const tail = this.OPTION(() => {
      const not = this.OPTION2(() => this.CONSUME(K.NOT)) !== undefined;
      return this.OR([
        { ALT: () => this.SUBRULE(this.inTail, { ARGS: [left, not] }) },
        {
          ALT: (): Expr => {
            this.CONSUME(K.BETWEEN);
            const low = this.SUBRULE2(this.bitOrExpr);
            this.CONSUME(K.AND);
            const high = this.SUBRULE(this.predicate);
            return { kind: 'between', expr: left, low, high, not };
          },
        },
        {
          ALT: (): Expr => {
            this.CONSUME(K.LIKE);
            const pattern = this.SUBRULE3(this.bitOrExpr);
            const escape = this.OPTION3(() => {
              this.CONSUME(K.ESCAPE);
              return this.SUBRULE4(this.bitOrExpr);
            });
            return escape === undefined
              ? { kind: 'like', expr: left, pattern, not }
              : { kind: 'like', expr: left, pattern, escape, not };
          },
        },
        {
          ALT: (): Expr => {
            this.OR2([{ ALT: () => this.CONSUME(K.REGEXP) }, { ALT: () => this.CONSUME(K.RLIKE) }]);
            const pattern = this.SUBRULE5(this.bitOrExpr);
            const call: Expr = { kind: 'func', name: 'REGEXP', args: [left, pattern] };
            return not ? { kind: 'unary', op: 'NOT', operand: call } : call;
          },
        },
      ]);
    });
    return tail ?? left;
  });

  /** After IN: `(SELECT ...)` or `(e1, e2, ...)`. */
  inTail = this.RULE('inTail', (left?: Expr, not?: boolean): Expr => {
    this.CONSUME(K.IN);
    this.CONSUME(LParen);
    const result = this.OR([
      {
        GATE: () => this.laIs(1, K.SELECT),
        ALT: (): Expr => ({ kind: 'inSubquery', expr: left as Expr, subquery: this.SUBRULE(this.queryExpr), not: !!not }),
      },
      { ALT: (): Expr => ({ kind: 'in', expr: left as Expr, list: this.SUBRULE(this.exprList), not: !!not }) },
    ]);
    this.CONSUME(RParen);
    return result;
  });

  // ------------------------------------------------------------ arithmetic levels

  bitOrExpr = this.RULE('bitOrExpr', (): Expr => {
    let left = this.SUBRULE(this.bitAndExpr);
    this.MANY(() => {
      this.CONSUME(Pipe);
      left = binary('|', left, this.SUBRULE2(this.bitAndExpr));
    });
    return left;
  });

  bitAndExpr = this.RULE('bitAndExpr', (): Expr => {
    let left = this.SUBRULE(this.shiftExpr);
    this.MANY(() => {
      this.CONSUME(Amp);
      left = binary('&', left, this.SUBRULE2(this.shiftExpr));
    });
    return left;
  });

  shiftExpr = this.RULE('shiftExpr', (): Expr => {
    let left = this.SUBRULE(this.additiveExpr);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => (this.CONSUME(ShiftLeft), '<<' as const) },
        { ALT: () => (this.CONSUME(ShiftRight), '>>' as const) },
      ]);
      left = binary(op, left, this.SUBRULE2(this.additiveExpr));
    });
    return left;
  });

  additiveExpr = this.RULE('additiveExpr', (): Expr => {
    let left = this.SUBRULE(this.multiplicativeExpr);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => (this.CONSUME(Plus), '+' as const) },
        { ALT: () => (this.CONSUME(Minus), '-' as const) },
      ]);
      left = binary(op, left, this.SUBRULE2(this.multiplicativeExpr));
    });
    return left;
  });

  multiplicativeExpr = this.RULE('multiplicativeExpr', (): Expr => {
    let left = this.SUBRULE(this.bitXorExpr);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => (this.CONSUME(Star), '*' as const) },
        { ALT: () => (this.CONSUME(Slash), '/' as const) },
        { ALT: () => (this.CONSUME(K.DIV), 'DIV' as const) },
        { ALT: () => (this.CONSUME(Percent), '%' as const) },
        { ALT: () => (this.CONSUME(K.MOD), '%' as const) },
      ]);
      left = binary(op, left, this.SUBRULE2(this.bitXorExpr));
    });
    return left;
  });

  bitXorExpr = this.RULE('bitXorExpr', (): Expr => {
    let left = this.SUBRULE(this.unaryExpr);
    this.MANY(() => {
      this.CONSUME(Caret);
      left = binary('^', left, this.SUBRULE2(this.unaryExpr));
    });
    return left;
  });

  unaryExpr = this.RULE('unaryExpr', (): Expr =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Minus);
          const operand = this.SUBRULE(this.unaryExpr);
          return this.ACTION(() => negate(operand));
        },
      },
      { ALT: () => (this.CONSUME(Plus), this.SUBRULE2(this.unaryExpr)) },
      { ALT: (): Expr => (this.CONSUME(Tilde), { kind: 'unary', op: '~', operand: this.SUBRULE3(this.unaryExpr) }) },
      { ALT: (): Expr => (this.CONSUME(Bang), { kind: 'unary', op: '!', operand: this.SUBRULE4(this.unaryExpr) }) },
      { ALT: () => this.SUBRULE(this.collatedExpr) },
    ]),
  );

  /** `primary [COLLATE name]`: the collation is accepted and ignored (utf8mb4_general_ci only). */
  collatedExpr = this.RULE('collatedExpr', (): Expr => {
    const expr = this.SUBRULE(this.primary);
    this.OPTION(() => {
      this.CONSUME(K.COLLATE);
      this.OR([{ ALT: () => this.SUBRULE(this.ident) }, { ALT: () => this.SUBRULE(this.stringValue) }]);
    });
    return expr;
  });

  // ------------------------------------------------------------ primaries

  primary = this.RULE('primary', (): Expr =>
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      {
        GATE: () => this.laIs(2, StringLit) && (this.laIs(1, K.DATE) || this.laIs(1, K.TIMESTAMP) || this.laIs(1, K.TIME)),
        ALT: () => this.SUBRULE(this.typedLiteral),
      },
      {
        GATE: () => this.laIs(2, K.SELECT),
        ALT: (): Expr => {
          this.CONSUME(LParen);
          const subquery = this.SUBRULE(this.queryExpr);
          this.CONSUME(RParen);
          return { kind: 'subquery', subquery };
        },
      },
      { ALT: () => this.SUBRULE(this.parenExpr) },
      {
        ALT: (): Expr => {
          this.CONSUME(K.EXISTS);
          this.CONSUME2(LParen);
          const subquery = this.SUBRULE2(this.queryExpr);
          this.CONSUME2(RParen);
          return { kind: 'exists', subquery, not: false };
        },
      },
      { ALT: () => this.SUBRULE(this.caseExpr) },
      { ALT: () => this.SUBRULE(this.intervalExpr) },
      { ALT: () => this.SUBRULE(this.variable) },
      { ALT: (): Expr => (this.CONSUME(K.DEFAULT), { kind: 'default' }) },
      {
        GATE: () => this.laIs(2, LParen) && this.LA(1).tokenType !== QuotedIdent &&
          SPECIAL_FORMS.has(this.LA(1).image.toUpperCase()),
        ALT: () => this.SUBRULE(this.specialCall),
      },
      { ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.columnRef) },
    ]),
  );

  literal = this.RULE('literal', (): Expr =>
    this.OR([
      {
        ALT: () => {
          const t = this.OR2([
            { ALT: () => this.CONSUME(IntegerNumber) },
            { ALT: () => this.CONSUME(DecimalNumber) },
            { ALT: () => this.CONSUME(FloatNumber) },
          ]);
          return this.ACTION(() => this.plainLiteral(t, false));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(HexNumber);
          return this.ACTION((): Expr => {
            const value = hexLiteral(t.image);
            if (value === null) throw this.syntaxError(t);
            return { kind: 'literal', value };
          });
        },
      },
      { ALT: (): Expr => ({ kind: 'literal', value: this.SUBRULE(this.stringValue) }) },
      { ALT: (): Expr => (this.CONSUME(K.NULL), { kind: 'literal', value: null }) },
      { ALT: (): Expr => (this.CONSUME(K.TRUE), { kind: 'literal', value: 1 }) },
      { ALT: (): Expr => (this.CONSUME(K.FALSE), { kind: 'literal', value: 0 }) },
    ]),
  );

  /** `DATE '1998-12-01'`, `TIMESTAMP '2024-01-01 10:00:00'` (a DATETIME value, as in MySQL). */
  typedLiteral = this.RULE('typedLiteral', (): Expr => {
    const type = this.OR([
      { ALT: (): ColumnType => (this.CONSUME(K.DATE), { kind: 'date' }) },
      { ALT: (): ColumnType => (this.CONSUME(K.TIMESTAMP), { kind: 'datetime' }) },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.TIME);
          return this.raise(() => this.notSupported('TIME literal'));
        },
      },
    ]);
    const value = this.SUBRULE(this.stringValue);
    return { kind: 'literal', value, type };
  });

  /** `(e)` is `e`; `(a, b)` is a row constructor. */
  parenExpr = this.RULE('parenExpr', (): Expr => {
    this.CONSUME(LParen);
    const items = this.SUBRULE(this.exprList);
    this.CONSUME(RParen);
    return items.length === 1 ? items[0] : { kind: 'tuple', items };
  });

  exprList = this.RULE('exprList', (): Expr[] => {
    const items: Expr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.expr)) });
    return items;
  });

  caseExpr = this.RULE('caseExpr', (): Expr => {
    this.CONSUME(K.CASE);
    const operand = this.OPTION(() => this.SUBRULE(this.expr));
    const whens: { when: Expr; then: Expr }[] = [];
    this.AT_LEAST_ONE(() => {
      this.CONSUME(K.WHEN);
      const when = this.SUBRULE2(this.expr);
      this.CONSUME(K.THEN);
      const then = this.SUBRULE3(this.expr);
      whens.push({ when, then });
    });
    const otherwise = this.OPTION2(() => {
      this.CONSUME(K.ELSE);
      return this.SUBRULE4(this.expr);
    });
    this.CONSUME(K.END);
    const node: Expr = { kind: 'case', whens };
    if (operand !== undefined) node.operand = operand;
    if (otherwise !== undefined) node.else = otherwise;
    return node;
  });

  intervalExpr = this.RULE('intervalExpr', (): Expr => {
    this.CONSUME(K.INTERVAL);
    const value = this.SUBRULE(this.expr);
    const unit = this.SUBRULE(this.intervalUnit);
    return { kind: 'interval', value, unit };
  });

  /** DAY, MONTH, ... (compound units such as DAY_HOUR are not supported). */
  intervalUnit = this.RULE('intervalUnit', (): IntervalUnit => {
    const token = this.CONSUME(IdentCat);
    return this.ACTION(() => {
      const unit = token.image.toUpperCase();
      if (token.tokenType !== QuotedIdent && INTERVAL_UNITS.has(unit)) return unit as IntervalUnit;
      if (COMPOUND_INTERVAL_UNITS.has(unit)) throw this.notSupported(`interval unit ${unit}`);
      throw this.syntaxError(token);
    });
  });

  variable = this.RULE('variable', (): Expr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(UserVar);
          return this.ACTION((): Expr => ({ kind: 'variable', name: userVarName(t.image), scope: 'user' }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(SysVar);
          return this.ACTION((): Expr => ({ kind: 'variable', ...sysVarName(t.image) }));
        },
      },
    ]),
  );

  /** `name` | `t.name` | `db.t.name`; bare CURRENT_TIMESTAMP & co. are calls. */
  columnRef = this.RULE('columnRef', (): Expr => {
    const first = this.CONSUME(IdentCat);
    const rest: string[] = [];
    this.OPTION(() => {
      this.CONSUME(Dot);
      rest.push(this.SUBRULE(this.nameAfterDot));
      this.OPTION2(() => {
        this.CONSUME2(Dot);
        rest.push(this.SUBRULE2(this.nameAfterDot));
      });
    });
    return this.ACTION((): Expr => {
      const name = identText(first);
      if (rest.length === 0) {
        const upper = name.toUpperCase();
        if (first.tokenType !== QuotedIdent && NILADIC_FUNCTIONS.has(upper)) return { kind: 'func', name: upper, args: [] };
        return { kind: 'column', name };
      }
      if (rest.length === 1) return { kind: 'column', table: name, name: rest[0] };
      return { kind: 'column', db: name, table: rest[0], name: rest[1] };
    });
  });

  /** Words that can name a function although they are reserved keywords (`LEFT(s, 2)`, `IF(...)`). */
  functionName = this.RULE('functionName', (): IToken =>
    this.OR([
      { ALT: () => this.CONSUME(IdentCat) },
      { ALT: () => this.CONSUME(K.LEFT) },
      { ALT: () => this.CONSUME(K.RIGHT) },
      { ALT: () => this.CONSUME(K.IF) },
      { ALT: () => this.CONSUME(K.INSERT) },
      { ALT: () => this.CONSUME(K.REPLACE) },
      { ALT: () => this.CONSUME(K.MOD) },
      { ALT: () => this.CONSUME(K.CHAR) },
      { ALT: () => this.CONSUME(K.VALUES) },
      { ALT: () => this.CONSUME(K.DATABASE) },
      { ALT: () => this.CONSUME(K.SCHEMA) },
    ]),
  );

  /** `name([DISTINCT|ALL] args)` or `name(*)`. */
  functionCall = this.RULE('functionCall', (): Expr => {
    const nameToken = this.SUBRULE(this.functionName);
    this.CONSUME(LParen);
    let distinct = false;
    let star = false;
    let args: Expr[] = [];
    this.OPTION(() =>
      this.OR([
        { ALT: () => (this.CONSUME(Star), (star = true)) },
        {
          ALT: () => {
            this.OPTION2(() =>
              this.OR2([
                { ALT: () => (this.CONSUME(K.DISTINCT), (distinct = true)) },
                { ALT: () => this.CONSUME(K.ALL) },
              ]),
            );
            args = this.SUBRULE(this.exprList);
          },
        },
      ]),
    );
    this.CONSUME(RParen);
    return this.ACTION((): Expr => {
      if (isWord(this.LA(1), 'OVER') && this.laIs(2, LParen)) throw this.notSupported('Window function');
      const node: Expr = { kind: 'func', name: identText(nameToken).toUpperCase(), args };
      if (distinct) node.distinct = true;
      if (star) node.star = true;
      return node;
    });
  });

  // ------------------------------------------------------------ calls with their own syntax

  specialCall = this.RULE('specialCall', (): Expr =>
    this.OR([
      { GATE: () => isWord(this.LA(1), 'CAST'), ALT: () => this.SUBRULE(this.castCall) },
      { GATE: () => isWord(this.LA(1), 'CONVERT'), ALT: () => this.SUBRULE(this.convertCall) },
      { GATE: () => isWord(this.LA(1), 'EXTRACT'), ALT: () => this.SUBRULE(this.extractCall) },
      { GATE: () => isWord(this.LA(1), 'TRIM'), ALT: () => this.SUBRULE(this.trimCall) },
      { GATE: () => isWord(this.LA(1), 'POSITION'), ALT: () => this.SUBRULE(this.positionCall) },
      { GATE: () => isWord(this.LA(1), 'ROW'), ALT: () => this.SUBRULE(this.rowCall) },
      { ALT: () => this.SUBRULE(this.substringCall) },
    ]),
  );

  castCall = this.RULE('castCall', (): Expr => {
    this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const expr = this.SUBRULE(this.expr);
    this.CONSUME(K.AS);
    const type = this.SUBRULE(this.castType);
    this.CONSUME(RParen);
    return { kind: 'cast', expr, type };
  });

  /** CONVERT(x, type) is CAST; CONVERT(x USING charset) keeps the value as a string. */
  convertCall = this.RULE('convertCall', (): Expr => {
    this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const expr = this.SUBRULE(this.expr);
    const type = this.OR([
      { ALT: () => (this.CONSUME(Comma), this.SUBRULE(this.castType)) },
      { ALT: (): ColumnType => (this.CONSUME(K.USING), this.SUBRULE(this.ident), { kind: 'varchar' }) },
    ]);
    this.CONSUME(RParen);
    return { kind: 'cast', expr, type };
  });

  extractCall = this.RULE('extractCall', (): Expr => {
    this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const unit = this.SUBRULE(this.intervalUnit);
    this.CONSUME(K.FROM);
    const expr = this.SUBRULE(this.expr);
    this.CONSUME(RParen);
    return { kind: 'extract', unit, expr };
  });

  /** TRIM(s), TRIM([BOTH|LEADING|TRAILING] [r] FROM s), TRIM(r FROM s). */
  trimCall = this.RULE('trimCall', (): Expr => {
    this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const call = this.OR([
      {
        ALT: (): Expr => {
          const name = this.OR2([
            { ALT: () => (this.CONSUME(K.BOTH), 'TRIM') },
            { ALT: () => (this.CONSUME(K.LEADING), 'LTRIM') },
            { ALT: () => (this.CONSUME(K.TRAILING), 'RTRIM') },
          ]);
          const remove = this.OPTION(() => this.SUBRULE(this.expr));
          this.CONSUME(K.FROM);
          const str = this.SUBRULE2(this.expr);
          return { kind: 'func', name, args: remove === undefined ? [str] : [str, remove] };
        },
      },
      {
        ALT: (): Expr => {
          const first = this.SUBRULE3(this.expr);
          const str = this.OPTION2(() => (this.CONSUME2(K.FROM), this.SUBRULE4(this.expr)));
          return { kind: 'func', name: 'TRIM', args: str === undefined ? [first] : [str, first] };
        },
      },
    ]);
    this.CONSUME(RParen);
    return call;
  });

  /** SUBSTRING(s, a[, b]) or SUBSTRING(s FROM a [FOR b]); also SUBSTR. */
  substringCall = this.RULE('substringCall', (): Expr => {
    const nameToken = this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const args = [this.SUBRULE(this.expr)];
    this.OR([
      {
        ALT: () => {
          this.CONSUME(K.FROM);
          args.push(this.SUBRULE2(this.expr));
          this.OPTION(() => {
            this.CONSUME(K.FOR);
            args.push(this.SUBRULE3(this.expr));
          });
        },
      },
      {
        ALT: () =>
          this.MANY(() => {
            this.CONSUME(Comma);
            args.push(this.SUBRULE4(this.expr));
          }),
      },
    ]);
    this.CONSUME(RParen);
    return this.ACTION((): Expr => ({ kind: 'func', name: nameToken.image.toUpperCase(), args }));
  });

  /** POSITION(sub IN s) → LOCATE(sub, s). */
  positionCall = this.RULE('positionCall', (): Expr => {
    this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const sub = this.SUBRULE(this.bitOrExpr);
    this.CONSUME(K.IN);
    const str = this.SUBRULE(this.expr);
    this.CONSUME(RParen);
    return { kind: 'func', name: 'LOCATE', args: [sub, str] };
  });

  /** ROW(a, b) → tuple. */
  rowCall = this.RULE('rowCall', (): Expr => {
    this.CONSUME(IdentCat);
    this.CONSUME(LParen);
    const items = this.SUBRULE(this.exprList);
    this.CONSUME(RParen);
    return { kind: 'tuple', items };
  });

  /** Target types of CAST/CONVERT (MySQL's cast_type). */
  castType = this.RULE('castType', (): ColumnType =>
    this.OR([
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.SIGNED);
          this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(K.INT) }, { ALT: () => this.CONSUME(K.INTEGER) }]));
          return { kind: 'bigint' };
        },
      },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.UNSIGNED);
          this.OPTION2(() => this.OR3([{ ALT: () => this.CONSUME2(K.INT) }, { ALT: () => this.CONSUME2(K.INTEGER) }]));
          return { kind: 'bigint', unsigned: true };
        },
      },
      {
        ALT: (): ColumnType => {
          this.OR4([
            { ALT: () => this.CONSUME(K.DECIMAL) },
            { ALT: () => this.CONSUME(K.NUMERIC) },
            { ALT: () => this.CONSUME(K.DEC) },
          ]);
          const spec = this.OPTION3(() => this.SUBRULE(this.precisionSpec));
          return { kind: 'decimal', precision: spec?.precision ?? 10, scale: spec?.scale ?? 0 };
        },
      },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.CHAR);
          const spec = this.OPTION4(() => this.SUBRULE2(this.precisionSpec));
          return spec === undefined ? { kind: 'varchar' } : { kind: 'varchar', precision: spec.precision };
        },
      },
      { ALT: (): ColumnType => (this.CONSUME(K.DATE), { kind: 'date' }) },
      {
        ALT: (): ColumnType => {
          this.CONSUME(K.DATETIME);
          const spec = this.OPTION5(() => this.SUBRULE3(this.precisionSpec));
          return spec === undefined ? { kind: 'datetime' } : { kind: 'datetime', precision: spec.precision };
        },
      },
      { ALT: (): ColumnType => (this.CONSUME(K.DOUBLE), { kind: 'double' }) },
      { ALT: (): ColumnType => (this.CONSUME(K.REAL), { kind: 'double' }) },
      { ALT: (): ColumnType => (this.CONSUME(K.FLOAT), { kind: 'float' }) },
      {
        ALT: () => {
          const t = this.OR5([
            { ALT: () => this.CONSUME(K.TIME) },
            { ALT: () => this.CONSUME(K.BINARY) },
            { ALT: () => this.CONSUME(Identifier) },
          ]);
          return this.raise(() =>
            UNSUPPORTED_TYPES.has(t.image.toUpperCase()) || t.tokenType !== Identifier
              ? this.notSupported(`CAST to ${t.image.toUpperCase()}`)
              : this.syntaxError(t));
        },
      },
    ]),
  );

  /** `(p)` or `(p, s)` after a type name. */
  precisionSpec = this.RULE('precisionSpec', (): { precision: number; scale?: number } => {
    this.CONSUME(LParen);
    const precision = this.SUBRULE(this.integerValue);
    const scale = this.OPTION(() => (this.CONSUME(Comma), this.SUBRULE2(this.integerValue)));
    this.CONSUME(RParen);
    return scale === undefined ? { precision } : { precision, scale };
  });

  /**
   * Fast path for VALUES rows: is the next value a lone `[-]literal` followed by `,` or `)`?
   * Then it can be taken without descending the fifteen expression levels.
   */
  protected plainValueAhead(): boolean {
    const k = this.LA(1).tokenType === Minus ? 2 : 1;
    if (!tokenMatcher(this.LA(k), PlainLiteral)) return false;
    const after = this.LA(k + 1).tokenType;
    return after === Comma || after === RParen;
  }

  /** The literal a PlainLiteral token stands for, negated when `negative`. */
  protected plainLiteral(token: IToken, negative: boolean): Expr {
    const type = token.tokenType;
    let value: Value;
    if (type === IntegerNumber) value = integerLiteral(token.image);
    else if (type === DecimalNumber) value = decimalLiteral(token.image);
    else if (type === K.NULL) value = null;
    else if (type === FloatNumber) {
      const v = floatLiteral(token.image);
      if (v === null) throw this.syntaxError(token);
      value = v;
    } else value = stringLiteral(token.image);
    const literal: Expr = { kind: 'literal', value };
    return negative ? negate(literal) : literal;
  }
}

/** Types MySQL/OceanBase know but this playground does not model. */
export const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set([
  'TIME', 'YEAR', 'BINARY', 'VARBINARY', 'BLOB', 'TINYBLOB', 'MEDIUMBLOB', 'LONGBLOB', 'JSON', 'ENUM', 'SET',
  'BIT', 'GEOMETRY', 'POINT', 'LINESTRING', 'POLYGON', 'NCHAR', 'NVARCHAR', 'VECTOR',
]);
