import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import { ObError } from '../../common/ob_error';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnSchema } from '../../schema/schema';
import { castValue, coerceToColumn } from './coerce';

function column(name: string, type: ColumnType, nullable = true): ColumnSchema {
  return { index: 0, name, type, nullable, autoIncrement: false, hidden: false };
}

/** The client-visible error text of storing `v`, or the stored value. */
function store(v: Value, c: ColumnSchema, row = 1): Value | string {
  try {
    return coerceToColumn(v, c, row);
  } catch (e) {
    if (e instanceof ObError) return e.format();
    throw e;
  }
}

describe('coerceToColumn (STRICT_ALL_TABLES)', () => {
  it('NULL into NOT NULL', () => {
    expect(store(null, column('c', { kind: 'int' }, false))).toBe("ERROR 1048 (23000): Column 'c' cannot be null");
    expect(store(null, column('c', { kind: 'int' }))).toBe(null);
  });
  it('integer ranges per kind and UNSIGNED', () => {
    const tiny = column('c', { kind: 'tinyint' });
    expect(store(127, tiny)).toBe(127);
    expect(store(128, tiny)).toBe("ERROR 1264 (22003): Out of range value for column 'c' at row 1");
    expect(store(-129, tiny, 3)).toBe("ERROR 1264 (22003): Out of range value for column 'c' at row 3");
    const u = column('u', { kind: 'int', unsigned: true });
    expect(store(4294967295, u)).toBe(4294967295);
    expect(store(-1, u)).toBe("ERROR 1264 (22003): Out of range value for column 'u' at row 1");
    const big = column('b', { kind: 'bigint' });
    expect(store(9223372036854775807n, big)).toBe(9223372036854775807n);
    expect(store(9223372036854775808n, big)).toBe("ERROR 1264 (22003): Out of range value for column 'b' at row 1");
    expect(store(12, big)).toBe(12);
  });
  it('strings and fractions into integers', () => {
    const c = column('c', { kind: 'int' });
    expect(store('12', c)).toBe(12);
    expect(store(' 12 ', c)).toBe(12);
    expect(store('1.5', c)).toBe(2);
    expect(store(Decimal.parse('-2.5')!, c)).toBe(-3);
    expect(store(2.4, c)).toBe(2);
    expect(store('abc', c)).toBe("ERROR 1366 (HY000): Incorrect integer value: 'abc' for column 'c' at row 1");
    expect(store('', c)).toBe("ERROR 1366 (HY000): Incorrect integer value: '' for column 'c' at row 1");
    expect(store('12abc', c, 2)).toBe("ERROR 1366 (HY000): Incorrect integer value: '12abc' for column 'c' at row 2");
  });
  it('decimals round to the scale and check the precision', () => {
    const c = column('price', { kind: 'decimal', precision: 5, scale: 2 });
    expect((store('123.456', c) as Decimal).toString()).toBe('123.46');
    expect((store(1, c) as Decimal).toString()).toBe('1.00');
    expect((store(0.125, c) as Decimal).toString()).toBe('0.13');
    expect(store('1000', c)).toBe("ERROR 1264 (22003): Out of range value for column 'price' at row 1");
    expect(store('999.995', c)).toBe("ERROR 1264 (22003): Out of range value for column 'price' at row 1");
    expect(store('x1', c)).toBe("ERROR 1366 (HY000): Incorrect decimal value: 'x1' for column 'price' at row 1");
  });
  it('doubles and floats', () => {
    expect(store('1e3', column('d', { kind: 'double' }))).toBe(1000);
    expect(store(Decimal.parse('0.1')!, column('d', { kind: 'double' }))).toBe(0.1);
    expect(store('zz', column('d', { kind: 'double' }))).toBe("ERROR 1366 (HY000): Incorrect double value: 'zz' for column 'd' at row 1");
    expect(store(1e39, column('f', { kind: 'float' }))).toBe("ERROR 1264 (22003): Out of range value for column 'f' at row 1");
    expect(store(0.1, column('f', { kind: 'float' }))).toBe(Math.fround(0.1));
  });
  it('VARCHAR/CHAR lengths in characters, TEXT in bytes', () => {
    const v = column('name', { kind: 'varchar', precision: 5 });
    expect(store('héllo', v)).toBe('héllo');
    expect(store('😀😀😀😀😀', v)).toBe('😀😀😀😀😀');
    expect(store('hello!', v, 2)).toBe("ERROR 1406 (22001): Data too long for column 'name' at row 2");
    expect(store('hello   ', v)).toBe('hello');
    expect(store(123456, v)).toBe("ERROR 1406 (22001): Data too long for column 'name' at row 1");
    expect(store(Decimal.parse('1.50')!, v)).toBe('1.50');
    const ch = column('c', { kind: 'char', precision: 3 });
    expect(store('ab ', ch)).toBe('ab');
    const t = column('t', { kind: 'text' });
    expect(store('é'.repeat(32767), t)).toBe('é'.repeat(32767));
    expect(store('é'.repeat(32768), t)).toBe("ERROR 1406 (22001): Data too long for column 't' at row 1");
  });
  it('DATE and DATETIME parsing and normalisation', () => {
    const d = column('d', { kind: 'date' });
    expect(store('2024-1-5', d)).toBe('2024-01-05');
    expect(store('20240105', d)).toBe('2024-01-05');
    expect(store(20240105, d)).toBe('2024-01-05');
    expect(store('2024-01-05 10:00', d)).toBe('2024-01-05');
    expect(store('24-01-05', d)).toBe('2024-01-05');
    expect(store('0000-00-00', d)).toBe('0000-00-00');
    expect(store('x', d)).toBe("ERROR 1366 (HY000): Incorrect date value: 'x' for column 'd' at row 1");
    expect(store('2023-02-29', d)).toBe("ERROR 1366 (HY000): Incorrect date value: '2023-02-29' for column 'd' at row 1");
    expect(store('2024-00-05', d)).toBe("ERROR 1366 (HY000): Incorrect date value: '2024-00-05' for column 'd' at row 1");
    const dt = column('ts', { kind: 'datetime' });
    expect(store('2024-01-05 10:00', dt)).toBe('2024-01-05 10:00:00');
    expect(store('2024-01-05', dt)).toBe('2024-01-05 00:00:00');
    expect(store('2024/01/05T07:08:09', dt)).toBe('2024-01-05 07:08:09');
    expect(store('2024-01-05 10:00:00.6', dt)).toBe('2024-01-05 10:00:01');
    expect(store(20240105103000, dt)).toBe('2024-01-05 10:30:00');
    expect(store('2024-01-05 25:00:00', dt)).toBe("ERROR 1366 (HY000): Incorrect datetime value: '2024-01-05 25:00:00' for column 'ts' at row 1");
    const dt3 = column('ts', { kind: 'datetime', precision: 3 });
    expect(store('2024-01-05 10:00:00.123456', dt3)).toBe('2024-01-05 10:00:00.123');
    const tsc = column('t', { kind: 'timestamp' });
    expect(store('1969-12-31 23:59:59', tsc)).toBe("ERROR 1366 (HY000): Incorrect datetime value: '1969-12-31 23:59:59' for column 't' at row 1");
  });
});

describe('castValue (lenient CAST)', () => {
  it('converts without errors', () => {
    expect(castValue('abc', { kind: 'bigint' })).toBe(0);
    expect(castValue('99999999999999999999', { kind: 'bigint' })).toBe(9223372036854775807n);
    expect(castValue(1.5, { kind: 'bigint' })).toBe(2);
    expect((castValue('1.005', { kind: 'decimal', precision: 4, scale: 2 }) as Decimal).toString()).toBe('1.01');
    expect(castValue(12.5, { kind: 'varchar' })).toBe('12.5');
    expect(castValue('2024-01-05 10:00:00', { kind: 'date' })).toBe('2024-01-05');
    expect(castValue('bad', { kind: 'datetime' })).toBe(null);
    expect(castValue(null, { kind: 'bigint' })).toBe(null);
    expect(castValue('2024-01-05', { kind: 'bigint' }, { kind: 'date' })).toBe(20240105);
  });
});
