/**
 * INSERT / REPLACE / UPDATE / DELETE shapes, including the multi-row INSERTs data loading uses.
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal';
import type { Delete, Insert, Update } from '../../ast';
import { bin, col, errorOf, fn, lit, one } from './helpers';

const insert = (sql: string) => one(sql) as Insert;

describe('INSERT', () => {
  it('parses column lists and multi-row VALUES with DEFAULT and expressions', () => {
    expect(insert(`INSERT INTO t (a, b) VALUES (1, 'x'), (-2.5, DEFAULT), (3 + 4, NOW())`)).toEqual({
      kind: 'insert', replace: false, ignore: false, table: { name: 't' }, columns: ['a', 'b'],
      values: [
        [lit(1), lit('x')],
        [lit(new Decimal(-25n, 1)), { kind: 'default' }],
        [bin('+', lit(3), lit(4)), fn('NOW')],
      ],
    });
  });

  it('parses IGNORE, optional INTO, VALUE, db-qualified names and empty rows', () => {
    expect(insert('INSERT IGNORE db.t VALUE (NULL)')).toMatchObject({ ignore: true, table: { db: 'db', name: 't' }, values: [[lit(null)]] });
    expect(insert('INSERT INTO t () VALUES ()')).toMatchObject({ columns: [], values: [[]] });
    expect(insert('INSERT INTO t VALUES (1)').columns).toBeUndefined();
  });

  it('normalises INSERT ... SET into columns and one row', () => {
    expect(insert(`INSERT INTO t SET a = 1, b = 'x'`)).toMatchObject({ columns: ['a', 'b'], values: [[lit(1), lit('x')]] });
  });

  it('parses INSERT ... SELECT with and without parentheses and a column list', () => {
    expect(insert('INSERT INTO t SELECT * FROM u').select?.from).toEqual([{ kind: 'table', name: 'u' }]);
    expect(insert('INSERT INTO t (a) SELECT b FROM u WHERE b > 1').columns).toEqual(['a']);
    expect(insert('INSERT INTO t (SELECT b FROM u)').select?.items[0].expr).toEqual(col('b'));
  });

  it('parses ON DUPLICATE KEY UPDATE with VALUES(col)', () => {
    expect(insert('INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1, t.c = 0').onDuplicate).toEqual([
      { column: 'b', value: bin('+', fn('VALUES', col('b')), lit(1)) },
      { column: 'c', value: lit(0) },
    ]);
  });

  it('parses REPLACE and refuses REPLACE ... ON DUPLICATE KEY UPDATE', () => {
    expect(insert('REPLACE INTO t VALUES (1)')).toMatchObject({ replace: true, values: [[lit(1)]] });
    expect(errorOf(() => one('REPLACE INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1')).message)
      .toContain(`near 'ON DUPLICATE KEY UPDATE a = 1'`);
  });

  it('parses a 1,000-row INSERT into 1,000 rows of literals of the right types', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `(${i}, 'name ${i}', ${i}.25, -${i}, NULL, DATE '2024-01-01')`);
    const stmt = insert(`INSERT INTO t VALUES ${rows.join(',\n')}`);
    expect(stmt.values).toHaveLength(1000);
    expect(stmt.values![999]).toEqual([
      lit(999), lit('name 999'), lit(new Decimal(99925n, 2)), lit(-999), lit(null),
      { kind: 'literal', value: '2024-01-01', type: { kind: 'date' } },
    ]);
  });
});

describe('UPDATE', () => {
  it('parses SET lists, WHERE, ORDER BY and LIMIT', () => {
    expect(one('UPDATE t SET a = a + 1, t.b = DEFAULT WHERE id = 3 ORDER BY id DESC LIMIT 1') as Update).toEqual({
      kind: 'update', table: { kind: 'table', name: 't' },
      set: [
        { column: { name: 'a' }, value: bin('+', col('a'), lit(1)) },
        { column: { table: 't', name: 'b' }, value: { kind: 'default' } },
      ],
      where: bin('=', col('id'), lit(3)), orderBy: [{ expr: col('id'), desc: true }], limit: lit(1),
    });
  });

  it('parses an alias and multi-table updates', () => {
    expect((one('UPDATE t AS x SET x.a = 1') as Update).table).toEqual({ kind: 'table', name: 't', alias: 'x' });
    const u = one('UPDATE t JOIN u ON t.id = u.id SET t.a = u.a') as Update;
    expect(u.table.kind === 'join' && u.table.joinType).toBe('INNER');
  });
});

describe('DELETE', () => {
  it('parses WHERE, ORDER BY, LIMIT and an alias', () => {
    expect(one('DELETE FROM db.t x WHERE x.a < 0 ORDER BY a LIMIT 10') as Delete).toEqual({
      kind: 'delete', table: { db: 'db', name: 't', alias: 'x' }, where: bin('<', col('a', 'x'), lit(0)),
      orderBy: [{ expr: col('a'), desc: false }], limit: lit(10),
    });
    expect(one('DELETE FROM t')).toEqual({ kind: 'delete', table: { name: 't' }, orderBy: [] });
  });
});
