/**
 * DML: INSERT / REPLACE, UPDATE, DELETE (MySQL syntax).
 *
 * - `INSERT t SET a = 1, b = 2` is normalised to `columns: [a, b], values: [[1, 2]]`.
 * - `ON DUPLICATE KEY UPDATE c = VALUES(c) + 1`: VALUES(c) is a call named 'VALUES'.
 * - `DEFAULT` in a VALUES row or SET is `{kind:'default'}`.
 * - VALUES rows take a fast path for plain literals, so the multi-row INSERTs that load data
 *   parse without descending the whole expression grammar for every value.
 */
import type { Expr, Delete, Insert, TableRef, Update } from '../ast';
import { Comma, Dot, Eq, K, LParen, Minus, PlainLiteral, RParen } from './lexer';
import { SelectParser } from './select_parser';

type Assignment = { column: { table?: string; name: string }; value: Expr };

export abstract class DmlParser extends SelectParser {
  insertStmt = this.RULE('insertStmt', (): Insert => {
    const replace = this.OR([
      { ALT: () => (this.CONSUME(K.INSERT), false) },
      { ALT: () => (this.CONSUME(K.REPLACE), true) },
    ]);
    const ignore = this.OPTION(() => (this.CONSUME(K.IGNORE), true)) === true;
    this.OPTION2(() => this.CONSUME(K.INTO));
    const table = this.SUBRULE(this.qualifiedName);
    const stmt: Insert = { kind: 'insert', replace, ignore, table };
    this.OR2([
      {
        ALT: () => {
          this.CONSUME(K.SET);
          const assignments = this.SUBRULE(this.assignmentList);
          this.ACTION(() => {
            stmt.columns = assignments.map((a) => a.column.name);
            stmt.values = [assignments.map((a) => a.value)];
          });
        },
      },
      { GATE: () => this.laIs(2, K.SELECT), ALT: () => (stmt.select = this.SUBRULE(this.queryExpr)) },
      {
        ALT: () => {
          this.OPTION3(() => (stmt.columns = this.SUBRULE(this.insertColumns)));
          this.OR3([
            { ALT: () => (stmt.values = this.SUBRULE(this.valuesRows)) },
            { ALT: () => (stmt.select = this.SUBRULE2(this.queryExpr)) },
          ]);
        },
      },
    ]);
    this.OPTION4(() => {
      const on = this.CONSUME(K.ON);
      this.CONSUME(K.DUPLICATE);
      this.CONSUME(K.KEY);
      this.CONSUME(K.UPDATE);
      const assignments = this.SUBRULE2(this.assignmentList);
      this.ACTION(() => {
        if (replace) throw this.syntaxError(on);
        stmt.onDuplicate = assignments.map((a) => ({ column: a.column.name, value: a.value }));
      });
    });
    return stmt;
  });

  /** `(a, b, t.c)` — may be empty: `INSERT INTO t () VALUES ()`. */
  insertColumns = this.RULE('insertColumns', (): string[] => {
    const columns: string[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({ SEP: Comma, DEF: () => columns.push(this.SUBRULE(this.columnTarget).name) });
    this.CONSUME(RParen);
    return columns;
  });

  valuesRows = this.RULE('valuesRows', (): Expr[][] => {
    this.OR([{ ALT: () => this.CONSUME(K.VALUES) }, { ALT: () => this.CONSUME(K.VALUE) }]);
    const rows: Expr[][] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => rows.push(this.SUBRULE(this.valuesRow)) });
    return rows;
  });

  valuesRow = this.RULE('valuesRow', (): Expr[] => {
    const row: Expr[] = [];
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () =>
        row.push(
          this.OR([
            {
              GATE: () => this.plainValueAhead(),
              ALT: () => {
                const negative = this.OPTION(() => this.CONSUME(Minus)) !== undefined;
                const token = this.CONSUME(PlainLiteral);
                return this.ACTION(() => this.plainLiteral(token, negative));
              },
            },
            { ALT: () => this.SUBRULE(this.expr) },
          ]),
        ),
    });
    this.CONSUME(RParen);
    return row;
  });

  /** A column being assigned: `c` or `t.c`. */
  columnTarget = this.RULE('columnTarget', (): { table?: string; name: string } => {
    const first = this.SUBRULE(this.ident);
    const second = this.OPTION(() => (this.CONSUME(Dot), this.SUBRULE(this.nameAfterDot)));
    return second === undefined ? { name: first } : { table: first, name: second };
  });

  assignmentList = this.RULE('assignmentList', (): Assignment[] => {
    const list: Assignment[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const column = this.SUBRULE(this.columnTarget);
        this.CONSUME(Eq);
        list.push({ column, value: this.SUBRULE(this.expr) });
      },
    });
    return list;
  });

  updateStmt = this.RULE('updateStmt', (): Update => {
    this.CONSUME(K.UPDATE);
    this.OPTION(() => this.CONSUME(K.IGNORE));
    const refs = this.SUBRULE(this.tableRefs);
    this.CONSUME(K.SET);
    const set = this.SUBRULE(this.assignmentList);
    const stmt: Update = { kind: 'update', table: refs[0], set, orderBy: [] };
    this.ACTION(() => {
      let table: TableRef = refs[0];
      for (let i = 1; i < refs.length; i++) table = { kind: 'join', joinType: 'CROSS', left: table, right: refs[i] };
      stmt.table = table;
    });
    this.OPTION2(() => (this.CONSUME(K.WHERE), (stmt.where = this.SUBRULE(this.expr))));
    this.OPTION3(() => (stmt.orderBy = this.SUBRULE(this.orderByClause)));
    this.OPTION4(() => (stmt.limit = this.SUBRULE(this.dmlLimit)));
    return stmt;
  });

  deleteStmt = this.RULE('deleteStmt', (): Delete => {
    this.CONSUME(K.DELETE);
    this.OPTION(() => this.CONSUME(K.IGNORE));
    this.CONSUME(K.FROM);
    const name = this.SUBRULE(this.qualifiedName);
    const stmt: Delete = { kind: 'delete', table: { ...name }, orderBy: [] };
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(K.AS));
      stmt.table.alias = this.SUBRULE(this.ident);
    });
    this.OPTION4(() => (this.CONSUME(K.WHERE), (stmt.where = this.SUBRULE(this.expr))));
    this.OPTION5(() => (stmt.orderBy = this.SUBRULE(this.orderByClause)));
    this.OPTION6(() => (stmt.limit = this.SUBRULE(this.dmlLimit)));
    return stmt;
  });
}
