/**
 * Test helpers for the expression engine: build bound expressions the way the resolver does
 * (constants typed like MySQL literals, calls typed by `bindCall`) and evaluate them. Used only by
 * the `*.test.ts` files of this folder.
 */
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr } from './bound';
import { compileExpr } from './compile';
import { formatValue } from './format';
import { bindCall } from './functions';
import type { CompileOptions } from './registry';

/** The type MySQL gives a literal. */
export function literalTypeOf(v: Value): ColumnType {
  if (v === null) return { kind: 'null' };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'bigint' } : { kind: 'double' };
  if (typeof v === 'bigint') return { kind: 'bigint', unsigned: v > 9223372036854775807n };
  if (v instanceof Decimal) {
    const digits = (v.unscaled < 0n ? -v.unscaled : v.unscaled).toString().length;
    return { kind: 'decimal', precision: Math.max(digits, v.scale, 1), scale: v.scale };
  }
  return { kind: 'varchar', precision: v.length };
}

/** A constant; strings like '1.50' can be made decimals with `dec`. */
export const lit = (v: Value, type?: ColumnType): BoundExpr => ({ kind: 'const', value: v, type: type ?? literalTypeOf(v) });
export const dec = (s: string): BoundExpr => lit(Decimal.parse(s)!);
export const date = (s: string): BoundExpr => lit(s, { kind: 'date' });
export const datetime = (s: string, fsp = 0): BoundExpr => lit(s, fsp ? { kind: 'datetime', precision: fsp } : { kind: 'datetime' });
export const col = (index: number, type: ColumnType, name = `t.c${index}`): BoundExpr => ({ kind: 'col', index, type, name });
export const call = (fn: string, ...args: BoundExpr[]): BoundExpr => bindCall(fn, args);
export const callM = (fn: string, meta: Record<string, unknown>, ...args: BoundExpr[]): BoundExpr => bindCall(fn, args, meta);

/** 2024-01-05 10:30:15.123456 UTC. */
export const NOW_US = 1704450615123456;
export const OPTS: CompileOptions = { nowUs: () => NOW_US };

/** Evaluates `e` against `row`. */
export function evaluate(e: BoundExpr, row: readonly Value[] = []): Value {
  return compileExpr(e, OPTS)(row);
}

/** Evaluates and prints as the MySQL protocol would (null for NULL). */
export function show(e: BoundExpr, row: readonly Value[] = []): string | null {
  return formatValue(evaluate(e, row), e.type);
}
