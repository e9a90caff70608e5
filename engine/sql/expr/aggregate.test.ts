import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import { createAggregate } from './aggregate';
import { formatValue } from './format';

const INT: ColumnType = { kind: 'int' };
const DEC2: ColumnType = { kind: 'decimal', precision: 15, scale: 2 };
const d = (s: string) => Decimal.parse(s)!;

/** Runs an aggregate over rows of argument tuples; returns the printed result. */
function run(name: string, distinct: boolean, types: ColumnType[], rows: Value[][]): string | null {
  const agg = createAggregate(name, distinct, types);
  const state = agg.init();
  const buf: Value[] = new Array(types.length);
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) buf[i] = r[i];
    agg.add(state, buf);
  }
  return formatValue(agg.result(state), agg.resultType);
}

describe('COUNT', () => {
  it('COUNT(*) counts rows, COUNT(x) non-NULLs, empty input → 0', () => {
    expect(run('count', false, [], [[], [], []])).toBe('3');
    expect(run('count', false, [INT], [[1], [null], [3]])).toBe('2');
    expect(run('count', false, [INT], [])).toBe('0');
  });
  it('COUNT(DISTINCT ...) under the column collation and over tuples', () => {
    const vc: ColumnType = { kind: 'varchar', precision: 10 };
    expect(run('count', true, [vc], [['a'], ['A '], ['b'], [null]])).toBe('2');
    expect(run('count', true, [INT, vc], [[1, 'a'], [1, 'A'], [2, 'a'], [1, null]])).toBe('2');
    expect(run('count', true, [DEC2], [[d('1.00')], [d('1.0')], [1]])).toBe('1');
  });
  it('COUNT(a, b) without DISTINCT is refused', () => {
    expect(() => createAggregate('count', false, [INT, INT])).toThrow('Incorrect parameter count');
  });
});

describe('SUM and AVG', () => {
  it('SUM of DECIMAL is exact', () => {
    const rows = Array.from({ length: 10 }, () => [d('0.10')]);
    expect(run('sum', false, [DEC2], rows)).toBe('1.00');
    expect(createAggregate('sum', false, [DEC2]).resultType).toEqual({ kind: 'decimal', precision: 37, scale: 2 });
  });
  it('SUM of integers is an exact DECIMAL beyond 2^53 and int64', () => {
    expect(run('sum', false, [INT], [[1], [2], [null]])).toBe('3');
    expect(createAggregate('sum', false, [INT]).resultType).toMatchObject({ kind: 'decimal', scale: 0 });
    const big: ColumnType = { kind: 'bigint' };
    expect(run('sum', false, [big], [[9223372036854775807n], [9223372036854775807n], [2]])).toBe('18446744073709551616');
    expect(run('sum', false, [big], [[9007199254740991], [9007199254740991], [-5]])).toBe('18014398509481977');
  });
  it('SUM over nothing or only NULLs is NULL', () => {
    expect(run('sum', false, [INT], [])).toBe(null);
    expect(run('sum', false, [INT], [[null], [null]])).toBe(null);
    expect(run('avg', false, [DEC2], [[null]])).toBe(null);
  });
  it('AVG of exact numbers has scale + 4, rounded half away from zero', () => {
    expect(run('avg', false, [INT], [[1], [2]])).toBe('1.5000');
    expect(run('avg', false, [INT], [[1], [1], [2]])).toBe('1.3333');
    expect(run('avg', false, [INT], [[2], [2], [1]])).toBe('1.6667');
    expect(run('avg', false, [DEC2], [[d('0.01')], [d('0.02')], [d('0.02')]])).toBe('0.016667');
    expect(run('avg', false, [DEC2], [[d('-0.01')], [d('-0.02')], [d('-0.02')]])).toBe('-0.016667');
  });
  it('SUM/AVG of doubles and strings are DOUBLE', () => {
    expect(run('sum', false, [{ kind: 'double' }], [[0.1], [0.2]])).toBe('0.30000000000000004');
    expect(run('avg', false, [{ kind: 'varchar' }], [['1'], ['2x']])).toBe('1.5');
  });
  it('DISTINCT sums each distinct value once', () => {
    expect(run('sum', true, [INT], [[1], [1], [2], [null]])).toBe('3');
    expect(run('avg', true, [INT], [[1], [1], [2]])).toBe('1.5000');
  });
  it('merge combines partial states', () => {
    const agg = createAggregate('avg', false, [DEC2]);
    const a = agg.init();
    const b = agg.init();
    agg.add(a, [d('1.00')]);
    agg.add(b, [d('2.00')]);
    agg.add(b, [d('3.00')]);
    agg.merge(a, b);
    expect(formatValue(agg.result(a), agg.resultType)).toBe('2.000000');
  });
});

describe('MIN, MAX, GROUP_CONCAT', () => {
  it('MIN/MAX use the comparison rules of the type', () => {
    const vc: ColumnType = { kind: 'varchar', precision: 10 };
    expect(run('max', false, [vc], [['apple'], ['Banana'], [null], ['cherry']])).toBe('cherry');
    expect(run('min', false, [vc], [['b'], ['A'], ['c']])).toBe('A');
    expect(run('max', false, [DEC2], [[d('1.50')], [d('10.00')], [d('9.99')]])).toBe('10.00');
    expect(run('min', false, [{ kind: 'date' }], [['1995-03-15'], ['1992-01-01'], ['1998-08-02']])).toBe('1992-01-01');
    expect(run('max', false, [INT], [[null]])).toBe(null);
    expect(run('max', false, [{ kind: 'bigint' }], [[9007199254740993n], [9007199254740992]])).toBe('9007199254740993');
  });
  it('GROUP_CONCAT joins non-NULL values', () => {
    const vc: ColumnType = { kind: 'varchar', precision: 10 };
    expect(run('group_concat', false, [vc], [['a'], [null], ['b']])).toBe('a,b');
    expect(run('group_concat', true, [vc], [['a'], ['a'], ['b']])).toBe('a,b');
    expect(run('group_concat', false, [INT, vc], [[1, 'x'], [2, 'y']])).toBe('1x,2y');
    const long = run('group_concat', false, [vc], Array.from({ length: 500 }, () => ['abcd']));
    expect(long!.length).toBe(1024);
  });
});
