/**
 * The partitioning clause of CREATE TABLE (reference §2.1, MySQL mode) and OceanBase's
 * `WITH COLUMN GROUP (...)` clause (reference §4.9).
 *
 *   PARTITION BY HASH(expr) | KEY([cols]) [PARTITIONS n] [(PARTITION p0, PARTITION p1, ...)]
 *   PARTITION BY RANGE (expr) | RANGE COLUMNS (cols)
 *       (PARTITION p VALUES LESS THAN ((v, ...) | MAXVALUE), ...)
 *   PARTITION BY LIST (expr) | LIST COLUMNS (cols)
 *       (PARTITION p VALUES IN ((v, ...), ... | DEFAULT), ...)
 *
 * The parser records what was written; whether the definitions fit the kind (RANGE needs LESS
 * THAN, bounds increase, names are unique, ...) is checked by DDL resolution, which owns those
 * errors. Subpartitions and LINEAR partitioning answer ERROR 1235 (not supported).
 * LIST values: each `inValues` item is one tuple (`VALUES IN (1, 2)` → [[1], [2]];
 * `VALUES IN ((1,'a'))` → [[1, 'a']]).
 */
import type { ColumnGroupItem, Expr, PartitionBoundExpr, PartitionDefAst, PartitionKind, PartitionOption } from '../ast';
import { DmlParser } from './dml_parser';
import { Comma, K, LParen, RParen } from './lexer';

const columnExprs = (names: string[]): Expr[] => names.map((name): Expr => ({ kind: 'column', name }));

export abstract class PartitionParser extends DmlParser {
  partitionClause = this.RULE('partitionClause', (): PartitionOption => {
    this.CONSUME(K.PARTITION);
    this.CONSUME(K.BY);
    const option = this.SUBRULE(this.partitionFunction);
    let count: number | undefined;
    let defs: PartitionDefAst[] | undefined;
    this.OPTION(() => this.SUBRULE(this.subpartitionRefusal));
    this.OPTION2(() => {
      this.CONSUME(K.PARTITIONS);
      count = this.SUBRULE(this.integerValue);
    });
    this.OPTION3(() => this.SUBRULE2(this.subpartitionRefusal));
    this.OPTION4(() => {
      this.CONSUME(LParen);
      const list: PartitionDefAst[] = [];
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.partitionDef)) });
      this.CONSUME(RParen);
      defs = list;
    });
    return this.ACTION(() => {
      const result: PartitionOption = { ...option };
      if (count !== undefined) result.count = count;
      if (defs !== undefined) result.partitions = defs;
      return result;
    });
  });

  /** HASH(expr) | KEY([cols]) | RANGE (expr) | RANGE COLUMNS(cols) | LIST ... */
  partitionFunction = this.RULE('partitionFunction', (): PartitionOption =>
    this.OR([
      {
        ALT: (): PartitionOption => {
          this.CONSUME(K.HASH);
          return { kind: 'HASH', exprs: [this.SUBRULE(this.parenExpr)] };
        },
      },
      {
        ALT: (): PartitionOption => {
          this.CONSUME(K.KEY);
          this.CONSUME(LParen);
          const names: string[] = [];
          this.MANY_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.ident)) });
          this.CONSUME(RParen);
          return this.ACTION(() => ({ kind: 'KEY', exprs: columnExprs(names) }));
        },
      },
      { ALT: () => (this.CONSUME(K.RANGE), this.SUBRULE(this.rangeOrListSpec, { ARGS: ['RANGE'] })) },
      { ALT: () => (this.CONSUME(K.LIST), this.SUBRULE2(this.rangeOrListSpec, { ARGS: ['LIST'] })) },
      { ALT: () => (this.CONSUME(K.LINEAR), this.raise(() => this.notSupported('LINEAR partitioning'))) },
    ]),
  );

  /** After RANGE / LIST: `(expr)` or `COLUMNS (cols)`. */
  rangeOrListSpec = this.RULE('rangeOrListSpec', (base?: 'RANGE' | 'LIST'): PartitionOption =>
    this.OR([
      {
        ALT: (): PartitionOption => {
          this.CONSUME(K.COLUMNS);
          const names = this.SUBRULE(this.parenIdentList);
          return this.ACTION(() => ({ kind: `${base} COLUMNS` as PartitionKind, exprs: columnExprs(names) }));
        },
      },
      { ALT: (): PartitionOption => ({ kind: base as PartitionKind, exprs: [this.SUBRULE(this.parenExpr)] }) },
    ]),
  );

  subpartitionRefusal = this.RULE('subpartitionRefusal', (): void => {
    this.CONSUME(K.SUBPARTITION);
    this.raise(() => this.notSupported('Subpartition'));
  });

  /** `PARTITION p [VALUES LESS THAN (...) | VALUES IN (...)]` */
  partitionDef = this.RULE('partitionDef', (): PartitionDefAst => {
    this.CONSUME(K.PARTITION);
    const def: PartitionDefAst = { name: this.SUBRULE(this.ident) };
    this.OPTION(() => {
      this.CONSUME(K.VALUES);
      this.OR([
        {
          ALT: () => {
            this.CONSUME(K.LESS);
            this.CONSUME(K.THAN);
            def.lessThan = this.SUBRULE(this.lessThanBound);
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.IN);
            this.CONSUME(LParen);
            const items = this.SUBRULE(this.exprList);
            this.CONSUME(RParen);
            this.ACTION(() => {
              if (items.length === 1 && items[0].kind === 'default') def.isDefault = true;
              else def.inValues = items.map((e) => (e.kind === 'tuple' ? e.items : [e]));
            });
          },
        },
      ]);
    });
    this.OPTION2(() => {
      this.CONSUME2(LParen);
      this.SUBRULE(this.subpartitionRefusal);
    });
    return def;
  });

  /** `MAXVALUE` or `(v | MAXVALUE, ...)`. */
  lessThanBound = this.RULE('lessThanBound', (): PartitionBoundExpr[] =>
    this.OR([
      { ALT: () => (this.CONSUME(K.MAXVALUE), ['MAXVALUE' as const]) },
      {
        ALT: () => {
          const bounds: PartitionBoundExpr[] = [];
          this.CONSUME(LParen);
          this.AT_LEAST_ONE_SEP({
            SEP: Comma,
            DEF: () =>
              bounds.push(
                this.OR2([
                  { ALT: () => (this.CONSUME2(K.MAXVALUE), 'MAXVALUE' as const) },
                  { ALT: () => this.SUBRULE(this.expr) },
                ]),
              ),
          });
          this.CONSUME(RParen);
          return bounds;
        },
      },
    ]),
  );

  /** `WITH COLUMN GROUP (all columns, each column)` */
  columnGroupClause = this.RULE('columnGroupClause', (): ColumnGroupItem[] => {
    this.CONSUME(K.WITH);
    this.CONSUME(K.COLUMN);
    this.CONSUME(K.GROUP);
    return this.SUBRULE(this.columnGroupList);
  });

  /**
   * `(all columns, each column)` in either order (CREATE TABLE ... WITH COLUMN GROUP, ALTER TABLE
   * ADD/DROP COLUMN GROUP). A named, customised group (`g1(c1, c2)`) answers ERROR 1235.
   */
  columnGroupList = this.RULE('columnGroupList', (): ColumnGroupItem[] => {
    this.CONSUME(LParen);
    const groups: ColumnGroupItem[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () =>
        groups.push(
          this.OR([
            { ALT: () => (this.CONSUME(K.ALL), this.CONSUME(K.COLUMNS), 'all columns' as const) },
            { ALT: () => (this.CONSUME(K.EACH), this.CONSUME2(K.COLUMN), 'each column' as const) },
            {
              ALT: () => (this.SUBRULE(this.ident), this.raise(() => this.notSupported('Customized column group'))),
            },
          ]),
        ),
    });
    this.CONSUME(RParen);
    return groups;
  });
}
