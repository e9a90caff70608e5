/**
 * Expressions with MySQL's operator precedence (lowest first; MySQL 8.0 manual, "Operator
 * Precedence", HIGH_NOT_PRECEDENCE and PIPES_AS_CONCAT off):
 *
 *   OR, ||  <  XOR  <  AND, &&  <  NOT  <  = <=> != <> < <= > >= IS [NOT] NULL|TRUE|FALSE
 *   <  [NOT] BETWEEN / IN / LIKE / REGEXP  <  |  <  &  <  << >>  <  + -  <  * / DIV % MOD
 *   <  ^  <  unary - ~ !  <  COLLATE  <  primaries
 *
 * The boolean binary levels (OR, XOR, AND) and the arithmetic ones (| ... ^) are each one rule
 * that collects operands and operators and builds the tree by precedence climbing (`climb`):
 * the same trees as one rule per level, at a third of the rule calls per primary. NOT, the
 * comparisons and the predicates keep a rule each. Normalisations the engine relies on:
 * - `||` is OR and `&&` is AND (op 'OR' / 'AND'); `<>` is '!='; `MOD` is '%'; unary `+` vanishes.
 * - `-<number literal>` folds into a negative literal (`DEFAULT -1`, partition bounds).
 * - `NOT EXISTS (...)` is `{kind:'exists', not:true}`; `IS UNKNOWN` is `IS NULL`.
 * - `a REGEXP p` is the call REGEXP(a, p); CURRENT_TIMESTAMP, CURRENT_DATE, ... without
 *   parentheses are calls with no arguments. Calls themselves are parsed by call_parser.ts
 *   (function names upper-cased, special call syntaxes mapped to plain calls).
 */
import { tokenMatcher, type IToken, type ParserMethod } from 'chevrotain';
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import { normInt, type ColumnType, type Value } from '../../common/value';
import type { BinaryOp, Expr, IntervalUnit, Select } from '../ast';
import { BaseParser, identText } from './base_parser';
import {
  AmpAmp, Amp, BangEq, Bang, Caret, Comma, DecimalNumber, Dot, Eq, FloatNumber, Gt, GtEq,
  HexNumber, IdentCat, IntegerNumber, K, LParen, Lt, LtEq, LtGt, Minus, NullSafeEq, Percent,
  Pipe, PipePipe, PlainLiteral, Plus, QuotedIdent, RParen, ShiftLeft, ShiftRight, Slash, Star, StringLit,
  SysVar, Tilde, UserVar,
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

/** Binding strength of the binary operators parsed by precedence climbing (higher binds tighter). */
const PRECEDENCE: Readonly<Partial<Record<BinaryOp, number>>> = {
  OR: 1, XOR: 2, AND: 3,
  '|': 10, '&': 11, '<<': 12, '>>': 12, '+': 13, '-': 13, '*': 14, '/': 14, DIV: 14, '%': 14, '^': 15,
};

/**
 * Builds the left-associative tree for `operands[0] ops[0] operands[1] ...` (shunting-yard):
 * `1 + 2 * 3 - 4` → `(1 + (2 * 3)) - 4`.
 */
export function climb(operands: Expr[], ops: BinaryOp[]): Expr {
  assert(operands.length === ops.length + 1, 'climb: one more operand than operators');
  const values: Expr[] = [operands[0]];
  const pending: BinaryOp[] = [];
  const reduce = () => {
    const right = values.pop()!;
    const left = values.pop()!;
    values.push(binary(pending.pop()!, left, right));
  };
  for (let i = 0; i < ops.length; i++) {
    const strength = PRECEDENCE[ops[i]]!;
    while (pending.length > 0 && PRECEDENCE[pending[pending.length - 1]]! >= strength) reduce();
    pending.push(ops[i]);
    values.push(operands[i + 1]);
  }
  while (pending.length > 0) reduce();
  return values[0];
}

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
  /** `name(args)`; defined by CallParser. */
  abstract functionCall: ParserMethod<[], Expr>;
  /** CAST, CONVERT, EXTRACT, TRIM, SUBSTRING, POSITION, ROW; defined by CallParser. */
  abstract specialCall: ParserMethod<[], Expr>;

  // ------------------------------------------------------------ boolean levels

  /** OR / || , XOR, AND / && over NOT-level operands, by precedence climbing. */
  expr = this.RULE('expr', (): Expr => {
    const operands = [this.SUBRULE(this.notExpr)];
    const ops: BinaryOp[] = [];
    this.MANY(() => {
      ops.push(
        this.OR([
          { ALT: () => (this.CONSUME(K.OR), 'OR' as const) },
          { ALT: () => (this.CONSUME(PipePipe), 'OR' as const) },
          { ALT: () => (this.CONSUME(K.XOR), 'XOR' as const) },
          { ALT: () => (this.CONSUME(K.AND), 'AND' as const) },
          { ALT: () => (this.CONSUME(AmpAmp), 'AND' as const) },
        ]),
      );
      operands.push(this.SUBRULE2(this.notExpr));
    });
    return ops.length === 0 ? operands[0] : this.ACTION(() => climb(operands, ops));
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
    const left = this.SUBRULE(this.bitExpr);
    const tail = this.OPTION(() => {
      const not = this.OPTION2(() => this.CONSUME(K.NOT)) !== undefined;
      return this.OR([
        { ALT: () => this.SUBRULE(this.inTail, { ARGS: [left, not] }) },
        {
          ALT: (): Expr => {
            this.CONSUME(K.BETWEEN);
            const low = this.SUBRULE2(this.bitExpr);
            this.CONSUME(K.AND);
            const high = this.SUBRULE(this.predicate);
            return { kind: 'between', expr: left, low, high, not };
          },
        },
        {
          ALT: (): Expr => {
            this.CONSUME(K.LIKE);
            const pattern = this.SUBRULE3(this.bitExpr);
            const escape = this.OPTION3(() => {
              this.CONSUME(K.ESCAPE);
              return this.SUBRULE4(this.bitExpr);
            });
            return escape === undefined
              ? { kind: 'like', expr: left, pattern, not }
              : { kind: 'like', expr: left, pattern, escape, not };
          },
        },
        {
          ALT: (): Expr => {
            this.OR2([{ ALT: () => this.CONSUME(K.REGEXP) }, { ALT: () => this.CONSUME(K.RLIKE) }]);
            const pattern = this.SUBRULE5(this.bitExpr);
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

  /** `| & << >> + - * / DIV % MOD ^` over unary operands, by precedence climbing. */
  bitExpr = this.RULE('bitExpr', (): Expr => {
    const operands = [this.SUBRULE(this.unaryExpr)];
    const ops: BinaryOp[] = [];
    this.MANY(() => {
      ops.push(
        this.OR([
          { ALT: () => (this.CONSUME(Pipe), '|' as const) },
          { ALT: () => (this.CONSUME(Amp), '&' as const) },
          { ALT: () => (this.CONSUME(ShiftLeft), '<<' as const) },
          { ALT: () => (this.CONSUME(ShiftRight), '>>' as const) },
          { ALT: () => (this.CONSUME(Plus), '+' as const) },
          { ALT: () => (this.CONSUME(Minus), '-' as const) },
          { ALT: () => (this.CONSUME(Star), '*' as const) },
          { ALT: () => (this.CONSUME(Slash), '/' as const) },
          { ALT: () => (this.CONSUME(K.DIV), 'DIV' as const) },
          { ALT: () => (this.CONSUME(Percent), '%' as const) },
          { ALT: () => (this.CONSUME(K.MOD), '%' as const) },
          { ALT: () => (this.CONSUME(Caret), '^' as const) },
        ]),
      );
      operands.push(this.SUBRULE2(this.unaryExpr));
    });
    return ops.length === 0 ? operands[0] : this.ACTION(() => climb(operands, ops));
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
      {
        // `primary [COLLATE name]`: the collation is accepted and ignored (utf8mb4 only).
        ALT: () => {
          const operand = this.SUBRULE(this.primary);
          this.OPTION(() => {
            this.CONSUME(K.COLLATE);
            this.OR2([{ ALT: () => this.SUBRULE(this.ident) }, { ALT: () => this.SUBRULE(this.stringValue) }]);
          });
          return operand;
        },
      },
    ]),
  );

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

