/**
 * Function calls: ordinary calls (`name([DISTINCT] args)`, `COUNT(*)`) and the calls MySQL
 * gives their own syntax inside the parentheses, mapped onto plain calls or AST nodes:
 *
 *   CAST(x AS type), CONVERT(x, type)      → {kind:'cast'}  (CONVERT(x USING cs) → varchar)
 *   EXTRACT(unit FROM d)                   → {kind:'extract'}
 *   TRIM([BOTH|LEADING|TRAILING] [r] FROM s) → TRIM / LTRIM / RTRIM(s[, r])
 *   SUBSTRING(s FROM a [FOR b])            → SUBSTRING(s, a[, b])   (also SUBSTR)
 *   POSITION(sub IN s)                     → LOCATE(sub, s)
 *   ROW(a, b)                              → {kind:'tuple'}
 *
 * CAST targets follow MySQL's cast_type: SIGNED/UNSIGNED [INTEGER] are BIGINT, DECIMAL
 * defaults to (10,0), CHAR(n) is a varchar(n) value; TIME, JSON, BINARY, YEAR → ERROR 1235.
 * Window functions (`f() OVER (...)`) → ERROR 1235.
 */
import type { IToken } from 'chevrotain';
import type { ColumnType } from '../../common/value';
import type { Expr } from '../ast';
import { identText } from './base_parser';
import { ExprParser } from './expr_parser';
import { Comma, IdentCat, Identifier, K, LParen, RParen, Star, isWord } from './lexer';

/** Types MySQL/OceanBase know but this playground does not model. */
export const UNSUPPORTED_TYPES: ReadonlySet<string> = new Set([
  'TIME', 'YEAR', 'BINARY', 'VARBINARY', 'BLOB', 'TINYBLOB', 'MEDIUMBLOB', 'LONGBLOB', 'JSON', 'ENUM', 'SET',
  'BIT', 'GEOMETRY', 'POINT', 'LINESTRING', 'POLYGON', 'NCHAR', 'NVARCHAR', 'VECTOR',
]);

export abstract class CallParser extends ExprParser {
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
    const sub = this.SUBRULE(this.bitExpr);
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
}
