import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { CompareKind } from './bound';
import { compareKindOf, compareValues, compositeHashKey, hashKey, resultTypeOf, unionType } from './types';

const INT: ColumnType = { kind: 'int' };
const BIG: ColumnType = { kind: 'bigint' };
const DEC = (p: number, s: number): ColumnType => ({ kind: 'decimal', precision: p, scale: s });
const DBL: ColumnType = { kind: 'double' };
const VC: ColumnType = { kind: 'varchar', precision: 20 };
const DATE: ColumnType = { kind: 'date' };
const DT: ColumnType = { kind: 'datetime' };
const d = (s: string) => Decimal.parse(s)!;

describe('resultTypeOf (MySQL arithmetic inference)', () => {
  it('integers give BIGINT, UNSIGNED if either side is', () => {
    expect(resultTypeOf('+', [INT, INT])).toEqual({ kind: 'bigint' });
    expect(resultTypeOf('*', [INT, { kind: 'int', unsigned: true }])).toEqual({ kind: 'bigint', unsigned: true });
    expect(resultTypeOf('div', [INT, INT])).toEqual({ kind: 'bigint' });
  });
  it('decimals: + keeps the larger scale, * adds scales, / adds 4', () => {
    expect(resultTypeOf('+', [DEC(15, 2), DEC(10, 4)])).toEqual(DEC(18, 4));
    expect(resultTypeOf('-', [INT, DEC(15, 2)])).toEqual(DEC(16, 2));
    expect(resultTypeOf('*', [DEC(15, 2), DEC(15, 2)])).toEqual(DEC(30, 4));
    expect(resultTypeOf('/', [INT, INT])).toMatchObject({ kind: 'decimal', scale: 4 });
    expect(resultTypeOf('/', [DEC(15, 2), INT])).toMatchObject({ kind: 'decimal', scale: 6 });
    expect(resultTypeOf('%', [DEC(5, 1), INT])).toMatchObject({ kind: 'decimal', scale: 1 });
  });
  it('a double or a string operand gives DOUBLE', () => {
    expect(resultTypeOf('+', [DEC(15, 2), DBL])).toEqual({ kind: 'double' });
    expect(resultTypeOf('*', [INT, VC])).toEqual({ kind: 'double' });
    expect(resultTypeOf('/', [VC, INT])).toEqual({ kind: 'double' });
    expect(resultTypeOf('neg', [VC])).toEqual({ kind: 'double' });
  });
  it('precision and scale are capped at MySQL limits', () => {
    const t = resultTypeOf('*', [DEC(65, 30), DEC(65, 30)]);
    expect(t).toEqual(DEC(65, 30));
  });
});

describe('unionType', () => {
  it('aggregates branch types like MySQL', () => {
    expect(unionType([INT, BIG])).toEqual(BIG);
    expect(unionType([INT, DEC(5, 2)])).toMatchObject({ kind: 'decimal', scale: 2 });
    expect(unionType([DEC(5, 2), DBL])).toEqual(DBL);
    expect(unionType([DATE, DT])).toMatchObject({ kind: 'datetime' });
    expect(unionType([INT, VC])).toMatchObject({ kind: 'varchar' });
    expect(unionType([{ kind: 'null' }, VC])).toEqual(VC);
    expect(unionType([{ kind: 'null' }])).toEqual({ kind: 'null' });
  });
});

describe('compareKindOf', () => {
  it('selects the MySQL comparison type', () => {
    expect(compareKindOf(INT, BIG)).toBe('int');
    expect(compareKindOf(INT, DEC(5, 2))).toBe('decimal');
    expect(compareKindOf(DEC(5, 2), DBL)).toBe('double');
    expect(compareKindOf(VC, { kind: 'char', precision: 3 })).toBe('string_ci');
    expect(compareKindOf(VC, INT)).toBe('double');
    expect(compareKindOf(DATE, VC)).toBe('binary');
    expect(compareKindOf(DATE, DT)).toBe('binary');
    expect(compareKindOf(DATE, INT)).toBe('double');
    expect(compareKindOf({ kind: 'null' }, VC)).toBe('string_ci');
  });
});

describe('compareValues and hashKey agree', () => {
  const cases: [Value, Value, CompareKind, number][] = [
    [1, 2, 'int', -1],
    [9007199254740993n, 9007199254740992, 'int', 1],
    [5n, 5, 'int', 0],
    [d('1.0'), 1, 'decimal', 0],
    [d('1.50'), d('1.5'), 'decimal', 0],
    [d('-0.01'), 0, 'decimal', -1],
    [d('9007199254740991'), 9007199254740991, 'decimal', 0],
    [1.5, 2, 'double', -1],
    [0, -0, 'double', 0],
    ['abc', 'ABC  ', 'string_ci', 0],
    ['abc', 'abd', 'string_ci', -1],
    ['a', 'a\t', 'string_ci', -1],
    ['Ä', 'ä', 'string_ci', 0],
    ['b', 'A', 'string_ci', 1],
    ['2024-01-05', '2024-01-05 00:00:00', 'binary', 0],
    ['2024-01-05', '2024-01-05 00:00:01', 'binary', -1],
    ['2024-01-05 10:00:00.500000', '2024-01-05 10:00:00.5', 'binary', 0],
    ['2024-01-05 10:00:00.000000', '2024-01-05 10:00:00', 'binary', 0],
    ['2024-01-06', '2024-01-05 23:59:59', 'binary', 1],
  ];
  for (const [a, b, kind, expected] of cases) {
    it(`${String(a)} vs ${String(b)} under ${kind}`, () => {
      expect(compareValues(a, b, kind)).toBe(expected);
      expect(compareValues(b, a, kind)).toBe(-expected || 0);
      expect(hashKey(a, kind) === hashKey(b, kind)).toBe(expected === 0);
    });
  }
  it('composite keys separate columns and types', () => {
    const k = (vs: Value[]) => compositeHashKey(vs, ['int', 'string_ci']);
    expect(k([1, 'a'])).toBe(k([1, 'A ']));
    expect(k([1, 'a'])).not.toBe(k([1, 'b']));
    expect(compositeHashKey([1, null], ['int', 'int'])).not.toBe(compositeHashKey([1, 0], ['int', 'int']));
    expect(compositeHashKey(['1', 'x'], ['string_ci', 'string_ci'])).not.toBe(compositeHashKey(['1x', ''], ['string_ci', 'string_ci']));
  });
  it('sorting with compareValues orders general_ci strings case-insensitively', () => {
    const xs = ['banana', 'Apple', 'cherry', 'apple ', 'APPLE'];
    const sorted = [...xs].sort((a, b) => compareValues(a, b, 'string_ci'));
    expect(sorted.slice(0, 3).map((s) => s.trim().toLowerCase())).toEqual(['apple', 'apple', 'apple']);
    expect(sorted.slice(3)).toEqual(['banana', 'cherry']);
  });
});
