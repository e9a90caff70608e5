/**
 * SELECT: select lists and their source text, FROM with joins and derived tables, WHERE /
 * GROUP BY / HAVING / ORDER BY / LIMIT, FOR UPDATE, hints, UNION chains.
 */
import { describe, expect, it } from 'vitest';
import type { Select, TableRef } from '../../ast';
import { UNION_ALIAS } from '../index';
import { bin, col, errorOf, fn, lit, select } from './helpers';

describe('select list', () => {
  it('keeps aliases with or without AS, and string aliases', () => {
    const q = select(`SELECT a AS x, b y, c 'z', d AS "w", e FROM t`);
    expect(q.items.map((i) => i.alias)).toEqual(['x', 'y', 'z', 'w', undefined]);
  });

  it('records each item’s source text for unaliased column names', () => {
    const q = select('SELECT a  +  1, COUNT(*) AS n, `b` FROM t');
    expect(q.items.map((i) => i.text)).toEqual(['a  +  1', 'COUNT(*)', '`b`']);
  });

  it('parses * and t.*', () => {
    const q = select('SELECT *, t.*, t.a FROM t');
    expect(q.items.map((i) => i.expr)).toEqual([{ kind: 'star' }, { kind: 'star', table: 't' }, col('a', 't')]);
  });

  it('parses DISTINCT and SELECT without FROM or FROM DUAL', () => {
    expect(select('SELECT DISTINCT a FROM t').distinct).toBe(true);
    expect(select('SELECT 1').from).toEqual([]);
    expect(select('SELECT 1 FROM DUAL').from).toEqual([]);
  });

  it('keeps optimizer hints of the SELECT and ignores ordinary comments', () => {
    expect(select('SELECT /*+ PARALLEL(4) USE_COLUMN_TABLE(t) */ a FROM t').hints).toBe('PARALLEL(4) USE_COLUMN_TABLE(t)');
    expect(select('SELECT /* note */ a FROM t').hints).toBeUndefined();
  });
});

describe('FROM clause', () => {
  it('reads comma lists as separate table refs with aliases and db qualifiers', () => {
    expect(select('SELECT * FROM t1 a, db.t2 AS b').from).toEqual([
      { kind: 'table', name: 't1', alias: 'a' },
      { kind: 'table', db: 'db', name: 't2', alias: 'b' },
    ]);
  });

  it('parses INNER / LEFT / RIGHT / CROSS joins, left-associative, with ON and USING', () => {
    const from = select(
      'SELECT * FROM a JOIN b ON a.x = b.x LEFT OUTER JOIN c USING (y, z) RIGHT JOIN d ON 1 CROSS JOIN e').from;
    const expected: TableRef = {
      kind: 'join', joinType: 'CROSS',
      left: {
        kind: 'join', joinType: 'RIGHT',
        left: {
          kind: 'join', joinType: 'LEFT',
          left: { kind: 'join', joinType: 'INNER', left: { kind: 'table', name: 'a' }, right: { kind: 'table', name: 'b' }, on: bin('=', col('x', 'a'), col('x', 'b')) },
          right: { kind: 'table', name: 'c' }, using: ['y', 'z'],
        },
        right: { kind: 'table', name: 'd' }, on: lit(1),
      },
      right: { kind: 'table', name: 'e' },
    };
    expect(from).toEqual([expected]);
  });

  it('reads JOIN without a condition as CROSS and CROSS JOIN ... ON as INNER', () => {
    const [j1] = select('SELECT * FROM a INNER JOIN b').from;
    expect(j1.kind === 'join' && j1.joinType).toBe('CROSS');
    const [j2] = select('SELECT * FROM a CROSS JOIN b ON a.x = b.x').from;
    expect(j2.kind === 'join' && j2.joinType).toBe('INNER');
  });

  it('requires ON or USING for LEFT JOIN', () => {
    expect(errorOf(() => select('SELECT * FROM a LEFT JOIN b WHERE 1')).message).toContain(`near 'WHERE 1'`);
  });

  it('parses derived tables (alias required) and parenthesised joins', () => {
    const [d] = select('SELECT * FROM (SELECT a FROM t) AS s').from;
    expect(d.kind === 'derived' && d.alias).toBe('s');
    const [d2] = select('SELECT * FROM (SELECT a FROM t) s').from;
    expect(d2.kind === 'derived' && d2.subquery.items[0].expr).toEqual(col('a'));
    expect(errorOf(() => select('SELECT * FROM (SELECT a FROM t)')).mysqlCode).toBe(1064);
    const [p] = select('SELECT * FROM (a JOIN b ON a.x = b.x)').from;
    expect(p.kind === 'join' && p.joinType).toBe('INNER');
  });

  it('parses PARTITION (p0, p1) selection', () => {
    expect(select('SELECT * FROM t PARTITION (p0, p1) x').from).toEqual([
      { kind: 'table', name: 't', partitions: ['p0', 'p1'], alias: 'x' },
    ]);
  });
});

describe('clauses', () => {
  it('parses WHERE, GROUP BY, HAVING, ORDER BY by expression, position and alias', () => {
    const q = select('SELECT a, SUM(b) AS s FROM t WHERE c > 0 GROUP BY a HAVING s > 1 ORDER BY 2 DESC, s, a ASC');
    expect(q.where).toEqual(bin('>', col('c'), lit(0)));
    expect(q.groupBy).toEqual([col('a')]);
    expect(q.having).toEqual(bin('>', col('s'), lit(1)));
    expect(q.orderBy).toEqual([{ expr: lit(2), desc: true }, { expr: col('s'), desc: false }, { expr: col('a'), desc: false }]);
  });

  it('parses the three LIMIT forms', () => {
    expect(select('SELECT a FROM t LIMIT 5').limit).toEqual({ count: lit(5) });
    expect(select('SELECT a FROM t LIMIT 10, 5').limit).toEqual({ count: lit(5), offset: lit(10) });
    expect(select('SELECT a FROM t LIMIT 5 OFFSET 10').limit).toEqual({ count: lit(5), offset: lit(10) });
  });

  it('parses FOR UPDATE', () => {
    expect(select('SELECT a FROM t WHERE id = 1 FOR UPDATE').forUpdate).toBe(true);
  });
});

describe('UNION', () => {
  it('chains members left to right with their ALL flags', () => {
    const q = select('SELECT a FROM t UNION SELECT b FROM u UNION ALL SELECT c FROM v');
    expect(q.items[0].expr).toEqual(col('a'));
    expect(q.union?.all).toBe(false);
    expect(q.union?.select.items[0].expr).toEqual(col('b'));
    expect(q.union?.select.union?.all).toBe(true);
    expect(q.union?.select.union?.select.items[0].expr).toEqual(col('c'));
  });

  it('applies a trailing ORDER BY / LIMIT to the whole union through a derived table', () => {
    const q = select('SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 DESC LIMIT 3');
    expect(q.items).toEqual([{ expr: { kind: 'star' } }]);
    expect(q.orderBy).toEqual([{ expr: lit(1), desc: true }]);
    expect(q.limit).toEqual({ count: lit(3) });
    const [from] = q.from;
    expect(from.kind === 'derived' && from.alias).toBe(UNION_ALIAS);
    const inner = (from as { subquery: Select }).subquery;
    expect(inner.union?.all).toBe(true);
    expect(inner.orderBy).toEqual([]);
    expect(inner.union?.select.limit).toBeUndefined();
  });

  it('keeps ORDER BY / LIMIT of parenthesised members on those members', () => {
    const q = select('(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u LIMIT 2)');
    expect(q.limit).toEqual({ count: lit(1) });
    expect(q.orderBy).toEqual([{ expr: col('a'), desc: false }]);
    expect(q.union?.select.limit).toEqual({ count: lit(2) });
  });

  it('rejects ORDER BY inside an unparenthesised member', () => {
    expect(errorOf(() => select('SELECT a FROM t ORDER BY a UNION SELECT b FROM u')).message).toContain(`near 'UNION SELECT b FROM u'`);
  });

  it('merges an outer ORDER BY into a parenthesised query, but wraps when the inner LIMIT must run first', () => {
    const merged = select('(SELECT a FROM t) ORDER BY a LIMIT 2');
    expect(merged.from).toEqual([{ kind: 'table', name: 't' }]);
    expect(merged.limit).toEqual({ count: lit(2) });
    const wrapped = select('(SELECT a FROM t LIMIT 5) ORDER BY a');
    expect(wrapped.from[0].kind).toBe('derived');
  });
});

describe('subqueries in expressions', () => {
  it('parses correlated EXISTS and scalar subqueries in WHERE', () => {
    const q = select('SELECT * FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.id = t.id) AND t.v > (SELECT AVG(v) FROM t)');
    expect(q.where?.kind).toBe('binary');
    const where = q.where as { left: { kind: string }; right: { right: { kind: string; subquery: Select } } };
    expect(where.left.kind).toBe('exists');
    expect(where.right.right.kind).toBe('subquery');
    expect(where.right.right.subquery.items[0].expr).toEqual(fn('AVG', col('v')));
  });
});
