import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import { formatDoubleMysql, formatValue } from './format';

describe('formatValue (MySQL text protocol)', () => {
  it('integers, including bigint beyond 2^53', () => {
    expect(formatValue(42, { kind: 'int' })).toBe('42');
    expect(formatValue(-9223372036854775808n, { kind: 'bigint' })).toBe('-9223372036854775808');
    expect(formatValue(null, { kind: 'int' })).toBe(null);
  });
  it('DECIMAL prints exactly `scale` digits', () => {
    expect(formatValue(Decimal.parse('1.5')!, { kind: 'decimal', precision: 10, scale: 2 })).toBe('1.50');
    expect(formatValue(Decimal.parse('-0.05')!, { kind: 'decimal', precision: 10, scale: 2 })).toBe('-0.05');
    expect(formatValue(3, { kind: 'decimal', precision: 10, scale: 4 })).toBe('3.0000');
    expect(formatValue(Decimal.parse('2.345')!, { kind: 'decimal', precision: 10, scale: 2 })).toBe('2.35');
  });
  it('DOUBLE: shortest round-trip, exponent form for large and tiny magnitudes', () => {
    expect(formatDoubleMysql(0.1)).toBe('0.1');
    expect(formatDoubleMysql(1e20)).toBe('1e20');
    expect(formatDoubleMysql(1e15)).toBe('1e15');
    expect(formatDoubleMysql(1e14)).toBe('100000000000000');
    expect(formatDoubleMysql(123456789.125)).toBe('123456789.125');
    expect(formatDoubleMysql(-1.5e-7)).toBe('-0.00000015');
    expect(formatDoubleMysql(1e-15)).toBe('0.000000000000001');
    expect(formatDoubleMysql(1.5e-16)).toBe('1.5e-16');
    expect(formatDoubleMysql(1.7976931348623157e308)).toBe('1.7976931348623157e308');
    expect(formatDoubleMysql(1234567890123456.8)).toBe('1234567890123456.8');
    expect(formatDoubleMysql(-0)).toBe('0');
    expect(formatValue(2, { kind: 'double' })).toBe('2');
  });
  it('FLOAT prints 6 significant digits', () => {
    expect(formatValue(Math.fround(0.1), { kind: 'float' })).toBe('0.1');
    expect(formatValue(Math.fround(3.14159265), { kind: 'float' })).toBe('3.14159');
  });
  it('DATE and DATETIME with fsp', () => {
    expect(formatValue('2024-01-05', { kind: 'date' })).toBe('2024-01-05');
    expect(formatValue('2024-01-05 10:00:00', { kind: 'datetime' })).toBe('2024-01-05 10:00:00');
    expect(formatValue('2024-01-05 10:00:00.123456', { kind: 'datetime' })).toBe('2024-01-05 10:00:00');
    expect(formatValue('2024-01-05 10:00:00.5', { kind: 'datetime', precision: 3 })).toBe('2024-01-05 10:00:00.500');
    expect(formatValue('2024-01-05', { kind: 'datetime', precision: 2 })).toBe('2024-01-05 00:00:00.00');
    expect(formatValue('2024-01-05 10:00:00', { kind: 'timestamp' })).toBe('2024-01-05 10:00:00');
  });
  it('strings as they are', () => {
    expect(formatValue('héllo', { kind: 'varchar', precision: 5 })).toBe('héllo');
    expect(formatValue('', { kind: 'char', precision: 1 })).toBe('');
  });
});
