/**
 * TPC-H Q1, Q3, Q5, Q6 and Q10 in their standard MySQL form (as shipped with OceanBase's TPC-H
 * kit: `date '...' - interval '90' day`, `interval '1' year`, ...) must parse unchanged. The texts
 * are the ones the sample data and the differential test run (engine/sample/tpch_queries.ts).
 */
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../common/decimal';
import type { Select } from '../../ast';
import { TPCH_QUERIES } from '../../../sample/tpch_queries';
import { parseSql } from '../index';
import { bin, col, date, fn, lit } from './helpers';

const Q1 = `${TPCH_QUERIES.Q1};`;

const Q3 = `${TPCH_QUERIES.Q3};`;

const Q5 = `${TPCH_QUERIES.Q5};`;

const Q6 = `${TPCH_QUERIES.Q6};`;

const Q10 = `${TPCH_QUERIES.Q10};`;

function parseOneQuery(sql: string): Select {
  const parsed = parseSql(sql);
  expect(parsed).toHaveLength(1);
  expect(parsed[0].text).toBe(sql.trim().replace(/;$/, ''));
  expect(parsed[0].statement.kind).toBe('select');
  return parsed[0].statement as Select;
}

const revenue = fn('SUM', bin('*', col('l_extendedprice'), bin('-', lit(1), col('l_discount'))));

describe('TPC-H queries', () => {
  it('parses Q1: date minus interval, aggregates, count(*)', () => {
    const q = parseOneQuery(Q1);
    expect(q.items).toHaveLength(10);
    expect(q.items[4]).toEqual({ expr: revenue, alias: 'sum_disc_price', text: 'sum(l_extendedprice * (1 - l_discount))' });
    expect(q.items[9].expr).toEqual({ kind: 'func', name: 'COUNT', args: [], star: true });
    expect(q.where).toEqual(
      bin('<=', col('l_shipdate'), bin('-', date('1998-12-01'), { kind: 'interval', value: lit('90'), unit: 'DAY' })));
    expect(q.groupBy).toEqual([col('l_returnflag'), col('l_linestatus')]);
    expect(q.orderBy).toHaveLength(2);
  });

  it('parses Q3: three-table comma join, ORDER BY alias DESC, LIMIT', () => {
    const q = parseOneQuery(Q3);
    expect(q.from.map((t) => t.kind === 'table' && t.name)).toEqual(['customer', 'orders', 'lineitem']);
    expect(q.orderBy[0]).toEqual({ expr: col('revenue'), desc: true });
    expect(q.limit).toEqual({ count: lit(10) });
  });

  it('parses Q5: six tables and date plus interval year', () => {
    const q = parseOneQuery(Q5);
    expect(q.from).toHaveLength(6);
    expect(q.items[1]).toMatchObject({ expr: revenue, alias: 'revenue' });
    let where = q.where!;
    while (where.kind === 'binary' && where.op === 'AND') where = where.right;
    expect(where).toEqual(
      bin('<', col('o_orderdate'), bin('+', date('1994-01-01'), { kind: 'interval', value: lit('1'), unit: 'YEAR' })));
  });

  it('parses Q6: BETWEEN with decimal arithmetic', () => {
    const q = parseOneQuery(Q6);
    const conjuncts: unknown[] = [];
    let where = q.where!;
    while (where.kind === 'binary' && where.op === 'AND') {
      conjuncts.unshift(where.right);
      where = where.left;
    }
    conjuncts.unshift(where);
    expect(conjuncts).toHaveLength(4);
    expect(conjuncts[2]).toEqual({
      kind: 'between', expr: col('l_discount'), not: false,
      low: bin('-', lit(new Decimal(6n, 2)), lit(new Decimal(1n, 2))),
      high: bin('+', lit(new Decimal(6n, 2)), lit(new Decimal(1n, 2))),
    });
  });

  it('parses Q10: interval month, GROUP BY seven columns, LIMIT 20', () => {
    const q = parseOneQuery(Q10);
    expect(q.items).toHaveLength(8);
    expect(q.groupBy).toHaveLength(7);
    expect(q.limit).toEqual({ count: lit(20) });
  });

  it('parses all five as one script', () => {
    const all = parseSql([Q1, Q3, Q5, Q6, Q10].join('\n\n'));
    expect(all.map((p) => p.statement.kind)).toEqual(['select', 'select', 'select', 'select', 'select']);
  });
});
