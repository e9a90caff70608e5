/**
 * JSON that keeps bigint and Decimal values (schemas, checkpoints and DDL log entries are JSON).
 * bigint → `{"$bigint":"123"}`, Decimal → `{"$decimal":"1.50"}`.
 */
import { Decimal } from './decimal';

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (v instanceof Decimal) return { $decimal: v.toString() };
    return v;
  });
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (typeof v.$bigint === 'string' && Object.keys(v).length === 1) return BigInt(v.$bigint);
      if (typeof v.$decimal === 'string' && Object.keys(v).length === 1) return Decimal.parse(v.$decimal);
    }
    return v;
  }) as T;
}
