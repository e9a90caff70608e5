/**
 * Queries: SELECT blocks, FROM clauses with joins and derived tables, UNION chains, ORDER BY,
 * LIMIT, FOR UPDATE (MySQL's query_expression grammar).
 *
 * How the pieces land in the AST (`Select`):
 * - A plain query keeps its ORDER BY / LIMIT / FOR UPDATE on its own `Select`.
 * - `a UNION b UNION ALL c` is the linked chain a.union → b.union → c, evaluated left to right.
 *   A parenthesised member keeps its own ORDER BY / LIMIT (`(SELECT ... LIMIT 1) UNION ...`).
 * - ORDER BY / LIMIT after a union apply to the whole union, as in MySQL: the chain is wrapped
 *   as `SELECT * FROM (<chain>) AS UNION_ALIAS ORDER BY ... LIMIT ...`, which has exactly that
 *   meaning (the derived table's columns are named after the first member's select list).
 * - `(SELECT ... LIMIT 5) ORDER BY x` keeps its order of evaluation the same way (wrapped).
 * - `JOIN t` without a condition is a CROSS join; `CROSS JOIN t ON c` is an INNER join.
 * - `SelectItem.text` is the item's source text (without alias): MySQL names an unaliased
 *   result column after exactly what was typed (`SELECT a  +  1` → column `a  +  1`).
 */
import type { Expr, OrderItem, Select, SelectItem, TableRef } from '../ast';
import { CallParser } from './call_parser';
import { Comma, Dot, IntegerNumber, K, LParen, RParen, Star } from './lexer';
import { integerLiteral } from './literals';

/** The alias of the derived table that carries a union's global ORDER BY / LIMIT. */
export const UNION_ALIAS = '__union';

type Limit = NonNullable<Select['limit']>;

interface QueryTerm {
  select: Select;
  parenthesised: boolean;
}

interface Tail {
  orderBy?: OrderItem[];
  limit?: Limit;
  forUpdate?: boolean;
}

/** `SELECT * FROM (<q>) AS __union` */
function wrapDerived(q: Select): Select {
  return {
    kind: 'select', distinct: false, items: [{ expr: { kind: 'star' } }],
    from: [{ kind: 'derived', subquery: q, alias: UNION_ALIAS }], groupBy: [], orderBy: [],
  };
}

function applyTail(q: Select, tail: Tail): Select {
  if (tail.orderBy !== undefined) q.orderBy = tail.orderBy;
  if (tail.limit !== undefined) q.limit = tail.limit;
  if (tail.forUpdate) q.forUpdate = true;
  return q;
}

/** Builds the query from its first term, its UNION members and its trailing clauses. */
function assembleQuery(head: QueryTerm, members: { all: boolean; term: QueryTerm }[], tail: Tail): Select {
  const hasTail = tail.orderBy !== undefined || tail.limit !== undefined;
  if (members.length === 0) {
    const q = head.select;
    if (!head.parenthesised) return applyTail(q, tail);
    // `(query) tail`: merge when the meaning is unchanged, else evaluate the inner query first.
    const canMerge = q.union === undefined && (!hasTail || q.limit === undefined);
    return applyTail(canMerge ? q : wrapDerived(q), tail);
  }
  const chainable = (t: QueryTerm) => (t.select.union === undefined ? t.select : wrapDerived(t.select));
  const first = chainable(head);
  let last = first;
  for (const m of members) {
    const next = chainable(m.term);
    last.union = { all: m.all, select: next };
    last = next;
  }
  return hasTail ? applyTail(wrapDerived(first), tail) : applyTail(first, { forUpdate: tail.forUpdate });
}

function foldCrossJoins(refs: TableRef[]): TableRef {
  let left = refs[0];
  for (let i = 1; i < refs.length; i++) left = { kind: 'join', joinType: 'CROSS', left, right: refs[i] };
  return left;
}

export abstract class SelectParser extends CallParser {
  queryExpr = this.RULE('queryExpr', (): Select => {
    const head = this.SUBRULE(this.queryTerm);
    const members: { all: boolean; term: QueryTerm }[] = [];
    this.MANY(() => {
      this.CONSUME(K.UNION);
      let all = false;
      this.OPTION(() =>
        this.OR([
          { ALT: () => (this.CONSUME(K.ALL), (all = true)) },
          { ALT: () => this.CONSUME(K.DISTINCT) },
        ]),
      );
      members.push({ all, term: this.SUBRULE2(this.queryTerm) });
    });
    const tail: Tail = {};
    this.OPTION2(() => (tail.orderBy = this.SUBRULE(this.orderByClause)));
    this.OPTION3(() => (tail.limit = this.SUBRULE(this.limitClause)));
    this.OPTION4(() => {
      this.CONSUME(K.FOR);
      this.CONSUME(K.UPDATE);
      tail.forUpdate = true;
    });
    return this.ACTION(() => assembleQuery(head, members, tail));
  });

  queryTerm = this.RULE('queryTerm', (): QueryTerm =>
    this.OR([
      { ALT: () => ({ select: this.SUBRULE(this.querySpec), parenthesised: false }) },
      {
        ALT: () => {
          this.CONSUME(LParen);
          const select = this.SUBRULE(this.queryExpr);
          this.CONSUME(RParen);
          return { select, parenthesised: true };
        },
      },
    ]),
  );

  /** One SELECT block without ORDER BY / LIMIT (those belong to the query expression). */
  querySpec = this.RULE('querySpec', (): Select => {
    const selectToken = this.CONSUME(K.SELECT);
    let distinct = false;
    this.OPTION(() =>
      this.OR([
        { ALT: () => this.CONSUME(K.ALL) },
        { ALT: () => (this.CONSUME(K.DISTINCT), (distinct = true)) },
        { ALT: () => (this.CONSUME(K.DISTINCTROW), (distinct = true)) },
      ]),
    );
    const items: SelectItem[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.selectItem)) });
    const q: Select = { kind: 'select', distinct, items, from: [], groupBy: [], orderBy: [] };
    this.OPTION2(() => {
      this.CONSUME(K.FROM);
      this.OR2([
        { ALT: () => this.CONSUME(K.DUAL) },
        { ALT: () => (q.from = this.SUBRULE(this.tableRefs)) },
      ]);
    });
    this.OPTION3(() => (this.CONSUME(K.WHERE), (q.where = this.SUBRULE(this.expr))));
    this.OPTION4(() => {
      this.CONSUME(K.GROUP);
      this.CONSUME(K.BY);
      q.groupBy = this.SUBRULE(this.exprList);
    });
    this.OPTION5(() => (this.CONSUME(K.HAVING), (q.having = this.SUBRULE2(this.expr))));
    this.ACTION(() => {
      if (selectToken.payload !== undefined) q.hints = selectToken.payload as string;
    });
    return q;
  });

  selectItem = this.RULE('selectItem', (): SelectItem =>
    this.OR([
      { ALT: (): SelectItem => (this.CONSUME(Star), { expr: { kind: 'star' } }) },
      {
        GATE: () => this.laIs(3, Star),
        ALT: (): SelectItem => {
          const table = this.SUBRULE(this.ident);
          this.CONSUME(Dot);
          this.CONSUME2(Star);
          return { expr: { kind: 'star', table } };
        },
      },
      {
        ALT: (): SelectItem => {
          const first = this.LA(1);
          const expr = this.SUBRULE(this.expr);
          const text = this.ACTION(() => this.textFrom(first));
          const alias = this.OPTION(() => this.SUBRULE(this.alias));
          const item: SelectItem = { expr, text };
          if (alias !== undefined) item.alias = alias;
          return item;
        },
      },
    ]),
  );

  /** `[AS] name` or `[AS] 'name'` after a select item. */
  alias = this.RULE('alias', (): string => {
    this.OPTION(() => this.CONSUME(K.AS));
    return this.OR([
      { ALT: () => this.SUBRULE(this.ident) },
      { ALT: () => this.SUBRULE(this.stringValue) },
    ]);
  });

  tableRefs = this.RULE('tableRefs', (): TableRef[] => {
    const refs: TableRef[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => refs.push(this.SUBRULE(this.tableRef)) });
    return refs;
  });

  tableRef = this.RULE('tableRef', (): TableRef => {
    let left = this.SUBRULE(this.tableFactor);
    this.MANY(() => (left = this.SUBRULE(this.joinTail, { ARGS: [left] })));
    return left;
  });

  joinTail = this.RULE('joinTail', (left?: TableRef): TableRef => {
    const kind = this.OR([
      {
        ALT: () => {
          this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(K.INNER) }, { ALT: () => this.CONSUME(K.CROSS) }]));
          this.CONSUME(K.JOIN);
          return 'INNER' as const;
        },
      },
      { ALT: () => (this.CONSUME(K.STRAIGHT_JOIN), 'INNER' as const) },
      { ALT: () => (this.CONSUME(K.LEFT), this.OPTION2(() => this.CONSUME(K.OUTER)), this.CONSUME2(K.JOIN), 'LEFT' as const) },
      { ALT: () => (this.CONSUME(K.RIGHT), this.OPTION3(() => this.CONSUME2(K.OUTER)), this.CONSUME3(K.JOIN), 'RIGHT' as const) },
      { ALT: () => (this.CONSUME(K.NATURAL), this.raise(() => this.notSupported('NATURAL JOIN'))) },
    ]);
    const right = this.SUBRULE(this.tableFactor);
    const join: TableRef = { kind: 'join', joinType: kind, left: left as TableRef, right };
    this.OPTION4(() =>
      this.OR3([
        { ALT: () => (this.CONSUME(K.ON), (join.on = this.SUBRULE(this.expr))) },
        { ALT: () => (this.CONSUME(K.USING), (join.using = this.SUBRULE(this.parenIdentList))) },
      ]),
    );
    return this.ACTION(() => {
      const hasCondition = join.on !== undefined || join.using !== undefined;
      if (kind !== 'INNER' && !hasCondition) throw this.syntaxError();
      if (kind === 'INNER' && !hasCondition) join.joinType = 'CROSS';
      return join;
    });
  });

  tableFactor = this.RULE('tableFactor', (): TableRef =>
    this.OR([
      {
        GATE: () => this.laIs(2, K.SELECT) || (this.laIs(2, LParen) && this.laIs(3, K.SELECT)),
        ALT: (): TableRef => {
          this.CONSUME(LParen);
          const subquery = this.SUBRULE(this.queryExpr);
          this.CONSUME(RParen);
          this.OPTION(() => this.CONSUME(K.AS));
          const alias = this.SUBRULE(this.ident);
          return { kind: 'derived', subquery, alias };
        },
      },
      {
        ALT: () => {
          this.CONSUME2(LParen);
          const refs = this.SUBRULE(this.tableRefs);
          this.CONSUME2(RParen);
          return this.ACTION(() => foldCrossJoins(refs));
        },
      },
      { ALT: () => this.SUBRULE(this.namedTable) },
    ]),
  );

  /** `[db.]t [PARTITION (p0, ...)] [[AS] alias]` */
  namedTable = this.RULE('namedTable', (): TableRef => {
    const name = this.SUBRULE(this.qualifiedName);
    const ref: TableRef = { kind: 'table', ...name };
    this.OPTION(() => {
      this.CONSUME(K.PARTITION);
      ref.partitions = this.SUBRULE(this.parenIdentList);
    });
    this.OPTION2(() => {
      this.OPTION3(() => this.CONSUME(K.AS));
      ref.alias = this.SUBRULE(this.ident);
    });
    return ref;
  });

  orderByClause = this.RULE('orderByClause', (): OrderItem[] => {
    this.CONSUME(K.ORDER);
    this.CONSUME(K.BY);
    const items: OrderItem[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const expr = this.SUBRULE(this.expr);
        let desc = false;
        this.OPTION(() =>
          this.OR([
            { ALT: () => this.CONSUME(K.ASC) },
            { ALT: () => (this.CONSUME(K.DESC), (desc = true)) },
          ]),
        );
        items.push({ expr, desc });
      },
    });
    return items;
  });

  /** `LIMIT n`, `LIMIT offset, n`, `LIMIT n OFFSET offset`. */
  limitClause = this.RULE('limitClause', (): Limit => {
    this.CONSUME(K.LIMIT);
    const first = this.SUBRULE(this.limitValue);
    const limit: Limit = { count: first };
    this.OPTION(() =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(Comma);
            limit.offset = first;
            limit.count = this.SUBRULE2(this.limitValue);
          },
        },
        { ALT: () => (this.CONSUME(K.OFFSET), (limit.offset = this.SUBRULE3(this.limitValue))) },
      ]),
    );
    return limit;
  });

  /** LIMIT takes integer literals only (MySQL). */
  limitValue = this.RULE('limitValue', (): Expr => {
    const token = this.CONSUME(IntegerNumber);
    return this.ACTION((): Expr => ({ kind: 'literal', value: integerLiteral(token.image) }));
  });

  /** `ORDER BY ... LIMIT n` of UPDATE and DELETE (one count, no offset). */
  dmlLimit = this.RULE('dmlLimit', (): Expr => {
    this.CONSUME(K.LIMIT);
    return this.SUBRULE(this.limitValue);
  });
}
