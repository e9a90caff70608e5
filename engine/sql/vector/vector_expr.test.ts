/**
 * The vector engine against the row executor: for random integer / DECIMAL / DOUBLE columns (with
 * NULLs, values past 2^53, every vector shape storage produces) and random arithmetic trees, every
 * selected row's vector result must equal what `compileExpr` computes on that row — same value,
 * same DECIMAL scale, same NULLs, same errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnVector } from '../../storage/encoding/types';
import type { BoundExpr } from '../expr/bound';
import { compileExpr } from '../expr/compile';
import { call, col, lit, OPTS } from '../expr/testing';
import { VectorExpr } from './vector_expr';

const SAFE = Number.MAX_SAFE_INTEGER;

interface ColumnSpec {
  type: ColumnType;
  values: Value[];
}

const INT: ColumnType = { kind: 'bigint' };
const DEC2: ColumnType = { kind: 'decimal', precision: 15, scale: 2 };
const DEC4: ColumnType = { kind: 'decimal', precision: 10, scale: 4 };
const DOUBLE: ColumnType = { kind: 'double' };
const TYPES = [INT, DEC2, DEC4, DOUBLE];

function valueArb(t: ColumnType): fc.Arbitrary<Value> {
  const small = fc.integer({ min: -100000, max: 100000 });
  const big = fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n });
  if (t.kind === 'bigint') {
    return fc.oneof(
      { weight: 6, arbitrary: small },
      { weight: 1, arbitrary: big.map((b) => (b >= -BigInt(SAFE) && b <= BigInt(SAFE) ? Number(b) : b)) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  if (t.kind === 'decimal') {
    const scale = t.scale!;
    return fc.oneof(
      { weight: 6, arbitrary: small.map((u) => new Decimal(BigInt(u), scale)) },
      { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }).map((u) => new Decimal(u, scale)) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  return fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, 0.5) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

/** The column as a storage vector of the given shape (falling back to 'values' when it cannot). */
function vectorOf(c: ColumnSpec, shape: 'native' | 'dict' | 'values'): ColumnVector {
  const n = c.values.length;
  const nulls = c.values.some((v) => v === null) ? Uint8Array.from(c.values, (v) => (v === null ? 1 : 0)) : null;
  if (shape === 'dict') {
    const dict: Value[] = [];
    const codes = new Int32Array(n);
    c.values.forEach((v, i) => {
      let k = dict.findIndex((d) => Object.is(d, v) || (d instanceof Decimal && v instanceof Decimal && d.compare(v) === 0 && d.scale === v.scale));
      if (k < 0) k = dict.push(v) - 1;
      codes[i] = k;
    });
    return { length: n, nulls, data: { kind: 'dict', codes, dict } };
  }
  if (shape === 'native') {
    if (c.type.kind === 'bigint' && c.values.every((v) => v === null || typeof v === 'number')) {
      return { length: n, nulls, data: { kind: 'int', values: Float64Array.from(c.values, (v) => (v === null ? 12345 : (v as number))) } };
    }
    if (c.type.kind === 'double') {
      return { length: n, nulls, data: { kind: 'double', values: Float64Array.from(c.values, (v) => (v === null ? NaN : (v as number))) } };
    }
    if (c.type.kind === 'decimal' && c.values.every((v) => v === null || Math.abs(Number((v as Decimal).unscaled)) <= SAFE)) {
      const unscaled = Float64Array.from(c.values, (v) => (v === null ? 7 : Number((v as Decimal).unscaled)));
      return { length: n, nulls, data: { kind: 'decimal', unscaled, scale: c.type.scale! } };
    }
  }
  return { length: n, nulls, data: { kind: 'values', values: c.values } };
}

/** Random arithmetic over columns 0..k-1 and constants. */
function exprArb(cols: ColumnSpec[]): fc.Arbitrary<BoundExpr> {
  const leaf: fc.Arbitrary<BoundExpr> = fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: cols.length - 1 }).map((i) => col(i, cols[i].type)) },
    { weight: 1, arbitrary: fc.integer({ min: -20, max: 20 }).map((v) => lit(v)) },
    { weight: 1, arbitrary: fc.integer({ min: -999, max: 999 }).map((u) => lit(new Decimal(BigInt(u), 2))) },
    { weight: 1, arbitrary: fc.constantFrom<BoundExpr>(lit(null), lit(1.5), lit(0)) },
  );
  const tree = fc.letrec<{ e: BoundExpr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(fc.constantFrom('+', '-', '*', '/'), tie('e'), tie('e')).map(([op, a, b]) => call(op, a, b)),
      tie('e').map((a) => call('neg', a)),
    ),
  }));
  return tree.e;
}

function same(a: Value, b: Value): boolean {
  if (a instanceof Decimal || b instanceof Decimal) return a instanceof Decimal && b instanceof Decimal && a.unscaled === b.unscaled && a.scale === b.scale;
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return a === b;
}

function outcome(f: () => Value): { value?: Value; error?: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: String((e as Error).message) };
  }
}

const scenario = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 }))
  .chain(([k, n]) =>
    fc.tuple(fc.array(fc.constantFrom(...TYPES), { minLength: k, maxLength: k }), fc.constant(n)).chain(([types, rows]) =>
      fc.record({
        cols: fc.tuple(...types.map((t) => fc.array(valueArb(t), { minLength: rows, maxLength: rows }).map((values) => ({ type: t, values })))),
        shapes: fc.array(fc.constantFrom<'native' | 'dict' | 'values'>('native', 'dict', 'values'), { minLength: k, maxLength: k }),
        selected: fc.array(fc.boolean(), { minLength: rows, maxLength: rows }),
      }),
    ),
  )
  .chain((s) => fc.record({ s: fc.constant(s), e: exprArb(s.cols) }));

describe('VectorExpr', () => {
  it('equals the row executor on every selected row (values, scales, NULLs, errors)', () => {
    fc.assert(
      fc.property(scenario, ({ s, e }) => {
        const n = s.cols[0].values.length;
        const vectors = s.cols.map((c, i) => vectorOf(c, s.shapes[i]));
        const rowOf = (i: number) => s.cols.map((c) => c.values[i]);
        const sel = Int32Array.from(s.selected.flatMap((b, i) => (b ? [i] : [])));
        const row = compileExpr(e, OPTS);
        const expected = [...sel].map((i) => outcome(() => row(rowOf(i))));
        const ve = VectorExpr.compile(e, s.cols.length, OPTS);
        if (ve === null) return; // not a numeric expression (cannot happen for arithmetic)
        const evalErr = outcome(() => {
          ve.eval(vectors, sel, sel.length, n, VectorExpr.nextSerial());
          return null;
        }).error;
        const firstError = expected.find((x) => x.error !== undefined)?.error;
        if (firstError !== undefined || evalErr !== undefined) {
          expect(evalErr).toBe(firstError);
          return;
        }
        [...sel].forEach((i, k) => {
          const got = ve.valueAt(i);
          if (!same(got, expected[k].value!)) {
            throw new Error(`row ${i}: vector ${String(got)} vs row ${String(expected[k].value)} for ${JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Decimal ? v.toString() : v))}`);
          }
        });
      }),
      { numRuns: 400 },
    );
  });

  it('computes TPC-H Q1 price expressions on decimal vectors without falling back', () => {
    const price = { kind: 'decimal', precision: 15, scale: 2 } as const;
    const e = call('*', call('*', col(0, price), call('-', lit(1), col(1, price))), call('+', lit(1), col(2, price)));
    const v = (xs: number[]): ColumnVector => ({ length: xs.length, nulls: null, data: { kind: 'decimal', unscaled: Float64Array.from(xs), scale: 2 } });
    const ve = VectorExpr.compile(e, 3, OPTS)!;
    const sel = Int32Array.from([0, 1]);
    ve.eval([v([9012345, 100]), v([5, 10]), v([8, 0])], sel, 2, 2, VectorExpr.nextSerial());
    expect(ve.slow[0] + ve.slow[1]).toBe(0);
    expect(ve.valueAt(0)!.toString()).toBe('92466.659700'); // 90123.45 × 0.95 × 1.08
    expect(ve.valueAt(1)!.toString()).toBe('0.900000');
  });

  it('gives NULL for DOUBLE division by zero and for NULL operands', () => {
    const e = call('/', col(0, DOUBLE), col(1, DOUBLE));
    const ve = VectorExpr.compile(e, 2, OPTS)!;
    const a: ColumnVector = { length: 3, nulls: null, data: { kind: 'double', values: Float64Array.from([1, 2, 3]) } };
    const b: ColumnVector = { length: 3, nulls: Uint8Array.from([0, 0, 1]), data: { kind: 'double', values: Float64Array.from([0, 4, 1]) } };
    ve.eval([a, b], Int32Array.from([0, 1, 2]), 3, 3, VectorExpr.nextSerial());
    expect([ve.valueAt(0), ve.valueAt(1), ve.valueAt(2)]).toEqual([null, 0.5, null]);
  });
});
