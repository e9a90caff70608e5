/**
 * Aggregate pushdown gives the row executor's answers: random rows are split into "tablets", each
 * aggregated partially from column batches of random shapes (dict, native, values; with selection
 * vectors), the partials merged by the GROUP BY's merge aggregates (operators/aggregator.ts) — and
 * every group's results must equal those of the ordinary aggregates over all the rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnVector } from '../../storage/encoding/types';
import type { ColumnBatch } from '../../storage/types';
import type { BoundExpr } from '../expr/bound';
import { createAggregate } from '../expr/aggregate';
import { call, col, lit } from '../expr/testing';
import { compareKindOf, compareValues, compositeHashKey } from '../expr/types';
import { Aggregator } from '../operators/aggregator';
import type { ExecEnv } from '../operators/operator';
import type { AggSpec } from '../plan/plan';
import { PartialAggregator, partialWidth, type PartialAggDef } from './partial_agg';

const SAFE = Number.MAX_SAFE_INTEGER;
const K0: ColumnType = { kind: 'varchar', precision: 8 };
const K1: ColumnType = { kind: 'int' };
const V0: ColumnType = { kind: 'decimal', precision: 12, scale: 2 };
const V1: ColumnType = { kind: 'bigint' };
const V2: ColumnType = { kind: 'double' };
const V3: ColumnType = { kind: 'date' };
const TYPES = [K0, K1, V0, V1, V2, V3];

const rowArb: fc.Arbitrary<Value[]> = fc.tuple(
  fc.constantFrom<Value>('a', 'A', 'b', 'b ', 'B', null),
  fc.constantFrom<Value>(0, 1, 2, null),
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -99999, max: 99999 }).map((u): Value => new Decimal(BigInt(u), 2)) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }).map((u): Value => new Decimal(u, 2)) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
    { weight: 1, arbitrary: fc.constantFrom<Value>(2 ** 52, -(2 ** 52), 9007199254740993n) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constant(null)),
  fc.constantFrom<Value>('1995-01-01', '1994-12-31', '1998-09-02', null),
);

const c = (i: number) => col(i, TYPES[i], `t.c${i}`);

/** Aggregates of the test: the row-path spec and its partial. */
const AGGS: { fn: string; args: BoundExpr[] }[] = [
  { fn: 'count', args: [] },
  { fn: 'count', args: [c(2)] },
  { fn: 'sum', args: [c(2)] },
  { fn: 'avg', args: [c(2)] },
  { fn: 'sum', args: [call('+', call('*', c(3), lit(2)), c(2))] },
  { fn: 'avg', args: [c(3)] },
  { fn: 'sum', args: [call('*', c(2), call('-', lit(1), c(2)))] },
  { fn: 'min', args: [c(2)] },
  { fn: 'max', args: [c(4)] },
  { fn: 'min', args: [c(0)] },
  { fn: 'max', args: [c(5)] },
  { fn: 'count', args: [c(5)] },
  { fn: 'max', args: [call('-', c(3), c(2))] },
];

function specOf(a: { fn: string; args: BoundExpr[] }, id: number): AggSpec {
  const f = createAggregate(a.fn, false, a.args.map((x) => x.type));
  return { id, fn: a.fn, distinct: false, args: a.args, type: f.resultType, name: a.fn };
}

const MERGE: Record<string, string> = { count: '__count_sum', sum: '__sum_merge', avg: '__avg_merge', min: '__min_merge', max: '__max_merge' };

/** Merge specs over partial rows laid out as keys ++ partials. */
function mergeSpecs(groupWidth: number, specs: AggSpec[]): AggSpec[] {
  let pos = groupWidth;
  return specs.map((s) => {
    const w = partialWidth(s.fn as PartialAggDef['fn']);
    const types: ColumnType[] = s.fn === 'avg' ? [{ kind: 'decimal', precision: 65, scale: 2 }, { kind: 'bigint' }] : [s.fn === 'count' ? { kind: 'bigint' } : s.args[0].type];
    const args = types.map((t, j) => col(pos + j, t, 'p'));
    pos += w;
    return { ...s, fn: MERGE[s.fn], args };
  });
}

const ENV = { ctx: { nowUs: () => 0 } } as unknown as ExecEnv;

function vectorOf(values: Value[], t: ColumnType, shape: number): ColumnVector {
  const n = values.length;
  const nulls = values.some((v) => v === null) ? Uint8Array.from(values, (v) => (v === null ? 1 : 0)) : null;
  if (shape === 1) {
    const dict: Value[] = [];
    const codes = Int32Array.from(values, (v) => {
      const k = dict.findIndex((d) => d === v || (d instanceof Decimal && v instanceof Decimal && d.unscaled === v.unscaled));
      return k >= 0 ? k : dict.push(v) - 1;
    });
    return { length: n, nulls, data: { kind: 'dict', codes, dict } };
  }
  if (shape === 2 && t.kind === 'decimal' && values.every((v) => v === null || Math.abs(Number((v as Decimal).unscaled)) <= SAFE)) {
    return { length: n, nulls, data: { kind: 'decimal', unscaled: Float64Array.from(values, (v) => (v === null ? 0 : Number((v as Decimal).unscaled))), scale: 2 } };
  }
  if (shape === 2 && (t.kind === 'int' || t.kind === 'bigint') && values.every((v) => v === null || typeof v === 'number')) {
    return { length: n, nulls, data: { kind: 'int', values: Float64Array.from(values, (v) => (v === null ? 0 : (v as number))) } };
  }
  if (shape === 2 && t.kind === 'double') {
    return { length: n, nulls, data: { kind: 'double', values: Float64Array.from(values, (v) => (v === null ? 0 : (v as number))) } };
  }
  return { length: n, nulls, data: { kind: 'values', values } };
}

/** Rows as batches: every other row filtered out by the selection when `sparse`. */
function batchesOf(rows: Value[][], size: number, shapes: number[], sparse: boolean): { batches: ColumnBatch[]; kept: Value[][] } {
  const batches: ColumnBatch[] = [];
  const kept: Value[][] = [];
  for (let at = 0; at < rows.length; at += size) {
    const part = rows.slice(at, at + size);
    const columns = TYPES.map((t, j) => vectorOf(part.map((r) => r[j]), t, shapes[j % shapes.length]));
    const sel = sparse ? Int32Array.from(part.flatMap((_, i) => (i % 2 === 0 ? [i] : []))) : null;
    part.forEach((r, i) => {
      if (!sparse || i % 2 === 0) kept.push(r);
    });
    batches.push({ length: part.length, columns, sel, selCount: sel?.length ?? part.length });
  }
  return { batches, kept };
}

function groupRows(rows: Value[][], keyPositions: number[], keyTypes: ColumnType[], specs: AggSpec[], layoutWidth: number): Map<string, Value[]> {
  const agg = new Aggregator(specs, Array.from({ length: layoutWidth }, (_, i) => i), ENV);
  const kinds = keyTypes.map((t) => compareKindOf(t, t));
  const groups = new Map<string, { states: unknown[] }>();
  for (const r of rows) {
    const key = compositeHashKey(keyPositions.map((p) => r[p]), kinds);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { states: agg.init() }));
    agg.add(g.states, r);
  }
  const out = new Map<string, Value[]>();
  for (const [k, g] of groups) {
    const res: Value[] = [];
    agg.results(g.states, res);
    out.set(k, res);
  }
  if (keyPositions.length === 0 && out.size === 0) {
    const res: Value[] = [];
    agg.results(agg.init(), res);
    out.set(compositeHashKey([], []), res);
  }
  return out;
}

function sameResult(a: Value, b: Value, t: ColumnType): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof Decimal || b instanceof Decimal) return a instanceof Decimal && b instanceof Decimal && a.unscaled === b.unscaled && a.scale === b.scale;
  if (typeof a === 'string' && typeof b === 'string') return compareValues(a, b, compareKindOf(t, t)) === 0;
  return Object.is(a, b) || a === b;
}

describe('PartialAggregator', () => {
  it('partials merged across tablets equal the row executor, with and without GROUP BY', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 60 }),
        fc.constantFrom<number[]>([], [0], [1], [0, 1], [5]),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 17 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (rows, keys, tablets, batchSize, shapes, sparse) => {
          const specs = AGGS.map((a, i) => specOf(a, 100 + i));
          const defs: PartialAggDef[] = AGGS.map((a) => ({ fn: a.fn as PartialAggDef['fn'], arg: a.args[0] ?? null }));
          const partials: Value[][] = [];
          const kept: Value[][] = [];
          for (let t = 0; t < tablets; t++) {
            const mine = rows.filter((_, i) => i % tablets === t);
            const pa = new PartialAggregator({ columnTypes: TYPES, groupBy: keys, aggs: defs });
            const b = batchesOf(mine, batchSize, shapes, sparse);
            for (const batch of b.batches) pa.addBatch(batch);
            kept.push(...b.kept);
            partials.push(...pa.rows());
          }
          // The rows the selections kept, aggregated by the row executor's aggregates.
          const keyTypes = keys.map((p) => TYPES[p]);
          const expected = groupRows(kept, keys, keyTypes, specs, TYPES.length);
          // Partial rows: the keys at positions 0..k-1, then the partials.
          const remap = groupRows(partials, keys.map((_, j) => j), keyTypes, mergeSpecs(keys.length, specs), keys.length + specs.reduce((w, x) => w + partialWidth(x.fn as PartialAggDef['fn']), 0));
          expect(new Set(remap.keys())).toEqual(new Set(expected.keys()));
          for (const [k, want] of expected) {
            const got = remap.get(k)!;
            want.forEach((w, i) => {
              if (!sameResult(got[i], w, specs[i].type)) throw new Error(`group ${k} ${AGGS[i].fn}#${i}: got ${String(got[i])}, want ${String(w)}`);
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers one row without GROUP BY over no input: COUNT 0, SUM and MIN NULL', () => {
    const pa = new PartialAggregator({ columnTypes: [V0], groupBy: [], aggs: [{ fn: 'count', arg: null }, { fn: 'sum', arg: col(0, V0) }, { fn: 'min', arg: col(0, V0) }, { fn: 'avg', arg: col(0, V0) }] });
    expect(pa.rows()).toEqual([[0, null, null, null, 0]]);
  });

  it('groups a dictionary-encoded key by its dictionary: general_ci equal values are one group', () => {
    const pa = new PartialAggregator({ columnTypes: [K0], groupBy: [0], aggs: [{ fn: 'count', arg: null }] });
    const v: ColumnVector = { length: 5, nulls: Uint8Array.from([0, 0, 0, 0, 1]), data: { kind: 'dict', codes: Int32Array.from([0, 1, 2, 1, 0]), dict: ['a', 'A', 'b'] } };
    pa.addBatch({ length: 5, columns: [v], sel: null, selCount: 5 });
    expect(pa.rows()).toEqual([['a', 3], ['b', 1], [null, 1]]);
  });
});
