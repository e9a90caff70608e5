/**
 * Vectorized aggregate accumulation over a selection vector, one state per group slot in typed
 * arrays (OceanBase's `ObAggregateProcessor` in its vectorized form, and the storage layer's
 * aggregate pushdown cells `ObAggCell`). No allocation per row on the fast paths.
 *
 * Each accumulator produces the *partial* aggregate of its slot, the values that cross the DAS:
 * - COUNT: the number (COUNT(*) rows, COUNT(x) non-NULL x);
 * - SUM of an exact argument (integers, DECIMAL): a `Decimal` at the argument's scale, or NULL
 *   when no value was added. Fast values are unscaled integers added to a per-slot f64 while the
 *   running sum stays within ±(2^53 − 1) — exact, because a true sum inside that range is computed
 *   exactly and one outside never rounds back in — and spill into a bigint otherwise;
 * - SUM of DOUBLEs: the IEEE sum in input order;
 * - AVG: the partial SUM and the COUNT of its non-NULL values (two values);
 * - MIN / MAX: the best value by MySQL comparison of the argument's type (the first seen among
 *   equals), NULL when none.
 */
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnVector } from '../../storage/encoding/types';
import type { CompareKind } from '../expr/bound';
import { toDecimalFn, toDoubleFn, type NonNull } from '../expr/convert';
import { compareKindOf, compareValues } from '../plan/expr_api';
import { valueAt } from './column_vector';
import type { VectorExpr } from './vector_expr';

const SAFE = Number.MAX_SAFE_INTEGER;

/** How an aggregate's argument is read from a batch. */
export type AggArg =
  | { kind: 'star' }
  /** A numeric expression evaluated by the vector engine. */
  | { kind: 'vector'; ve: VectorExpr }
  /** Anything else: one Value per selected row (`values[i]`), filled before the accumulators run. */
  | { kind: 'values'; type: ColumnType; values: Value[]; column: number | null };

/** What an accumulator sees of one batch. */
export interface BatchInput {
  columns: readonly ColumnVector[];
  sel: Int32Array;
  count: number;
  slots: Int32Array;
  /** Every row is in slot 0 (no GROUP BY). */
  oneSlot: boolean;
  /**
   * Few groups: the selected rows ordered by slot — `order[starts[s] .. starts[s+1])` are the rows
   * of slot s — so sums run per group in a register instead of updating slot memory per row.
   */
  runs: { order: Int32Array; starts: Int32Array; groups: number } | null;
}

export interface Accumulator {
  /** Makes room for slots 0..groups-1. */
  grow(groups: number): void;
  add(b: BatchInput): void;
  /** Appends slot `s`'s partial value(s) to `out`. */
  emit(s: number, out: Value[]): void;
}

function growF64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  if (a.length >= n) return a as Float64Array<ArrayBuffer>;
  const b = new Float64Array(Math.max(n, 2 * a.length, 16));
  b.set(a);
  return b;
}

function growU8(a: Uint8Array, n: number): Uint8Array<ArrayBuffer> {
  if (a.length >= n) return a as Uint8Array<ArrayBuffer>;
  const b = new Uint8Array(Math.max(n, 2 * a.length, 16));
  b.set(a);
  return b;
}

/** Row i's Value of a non-vector argument, or the vector's (the row executor's) value. */
function isNullAt(arg: AggArg, i: number): boolean {
  switch (arg.kind) {
    case 'star':
      return false;
    case 'vector':
      return arg.ve.nulls[i] === 1 || (arg.ve.slow[i] === 1 && arg.ve.slowValues[i] === null);
    case 'values':
      return arg.values[i] === null;
  }
}

// ---------------------------------------------------------------- COUNT

export class CountAccumulator implements Accumulator {
  private n = new Float64Array(0);

  constructor(private readonly arg: AggArg) {}

  grow(groups: number): void {
    this.n = growF64(this.n, groups);
  }

  add({ sel, count, slots, oneSlot, runs }: BatchInput): void {
    const n = this.n;
    const arg = this.arg;
    if (arg.kind === 'star' || (arg.kind === 'vector' && !arg.ve.anyNull && !arg.ve.anySlow)) {
      if (oneSlot) n[0] += count;
      else if (runs !== null) for (let s = 0; s < runs.groups; s++) n[s] += runs.starts[s + 1] - runs.starts[s];
      else for (let k = 0; k < count; k++) n[slots[sel[k]]]++;
      return;
    }
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (!isNullAt(arg, i)) n[slots[i]]++;
    }
  }

  emit(s: number, out: Value[]): void {
    out.push(this.n[s]);
  }
}

// ---------------------------------------------------------------- SUM / AVG

/** SUM (and AVG's partial) of an exact argument at `scale`. */
export class ExactSumAccumulator implements Accumulator {
  private small = new Float64Array(0);
  private count = new Float64Array(0);
  private big: bigint[] = [];
  /** A bound on every |small[s]|: batches whose own bound keeps the total within 2^53 − 1 add
   *  without per-row checks. */
  private smallBound = 0;
  private readonly toDecimal: (v: NonNull) => Decimal;

  constructor(
    private readonly arg: AggArg,
    private readonly scale: number,
    argType: ColumnType,
    private readonly avg: boolean,
  ) {
    this.toDecimal = toDecimalFn(argType);
  }

  grow(groups: number): void {
    this.small = growF64(this.small, groups);
    this.count = growF64(this.count, groups);
    while (this.big.length < groups) this.big.push(0n);
  }

  private addValue(s: number, v: Value): void {
    if (v === null) return;
    const d = v instanceof Decimal ? v : this.toDecimal(v as NonNull);
    this.big[s] += d.scale === this.scale ? d.unscaled : d.rescale(this.scale).unscaled;
    this.count[s]++;
  }

  /** Moves every slot's f64 part into its bigint part. */
  private flush(): void {
    const small = this.small;
    for (let s = 0; s < this.big.length; s++) {
      if (small[s] !== 0) {
        this.big[s] += BigInt(small[s]);
        small[s] = 0;
      }
    }
    this.smallBound = 0;
  }

  /**
   * A batch without NULL or slow rows whose values are bounded by `maxAbs`: one addition per row
   * when the sums provably stay exact (the batch's bound plus the slots' bound within 2^53 − 1).
   * False when the batch's own bound is too large (the per-row path handles it).
   */
  private addBounded(ve: VectorExpr, { sel, count, slots, oneSlot, runs }: BatchInput): boolean {
    const bound = ve.maxAbs * count;
    if (bound > SAFE) return false;
    if (this.smallBound + bound > SAFE) this.flush();
    const values = ve.values;
    const small = this.small;
    const cnt = this.count;
    if (oneSlot) {
      let acc = 0;
      for (let k = 0; k < count; k++) acc += values[sel[k]];
      small[0] += acc;
      cnt[0] += count;
    } else if (runs !== null) {
      const { order, starts } = runs;
      for (let s = 0; s < runs.groups; s++) {
        let acc = 0;
        const end = starts[s + 1];
        for (let k = starts[s]; k < end; k++) acc += values[order[k]];
        small[s] += acc;
        cnt[s] += end - starts[s];
      }
    } else {
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        const s = slots[i];
        small[s] += values[i];
        cnt[s]++;
      }
    }
    this.smallBound += bound;
    return true;
  }

  add(b: BatchInput): void {
    const { sel, count, slots } = b;
    const arg = this.arg;
    const small = this.small;
    const cnt = this.count;
    if (arg.kind === 'vector') {
      const ve = arg.ve;
      if (!ve.anyNull && !ve.anySlow && this.addBounded(ve, b)) return;
      this.smallBound = SAFE;
      const values = ve.values;
      const nulls = ve.nulls;
      const slow = ve.slow;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        if (nulls[i] === 1) continue;
        const s = slots[i];
        if (slow[i] === 1) {
          this.addValue(s, ve.slowValues[i]);
          continue;
        }
        const x = values[i];
        const r = small[s] + x;
        if (r <= SAFE && r >= -SAFE) small[s] = r;
        else {
          this.big[s] += BigInt(small[s]) + BigInt(x);
          small[s] = 0;
        }
        cnt[s]++;
      }
      return;
    }
    if (arg.kind === 'values') for (let k = 0; k < count; k++) this.addValue(slots[sel[k]], arg.values[sel[k]]);
  }

  emit(s: number, out: Value[]): void {
    const n = this.count[s];
    out.push(n === 0 ? null : new Decimal(this.big[s] + BigInt(this.small[s]), this.scale));
    if (this.avg) out.push(n);
  }
}

/** SUM (and AVG's partial) of DOUBLEs, added in input order. */
export class DoubleSumAccumulator implements Accumulator {
  private sum = new Float64Array(0);
  private count = new Float64Array(0);
  private readonly toDouble: (v: NonNull) => number;

  constructor(
    private readonly arg: AggArg,
    argType: ColumnType,
    private readonly avg: boolean,
  ) {
    this.toDouble = toDoubleFn(argType);
  }

  grow(groups: number): void {
    this.sum = growF64(this.sum, groups);
    this.count = growF64(this.count, groups);
  }

  add({ sel, count, slots }: BatchInput): void {
    const arg = this.arg;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (isNullAt(arg, i)) continue;
      const s = slots[i];
      let x: number;
      if (arg.kind === 'vector') {
        x = arg.ve.slow[i] === 1 ? this.toDouble(arg.ve.slowValues[i] as NonNull) : arg.ve.values[i];
      } else {
        const v = (arg as { values: Value[] }).values[i] as NonNull;
        x = typeof v === 'number' ? v : this.toDouble(v);
      }
      this.sum[s] += x;
      this.count[s]++;
    }
  }

  emit(s: number, out: Value[]): void {
    const n = this.count[s];
    out.push(n === 0 ? null : this.sum[s]);
    if (this.avg) out.push(n);
  }
}

// ---------------------------------------------------------------- MIN / MAX

/** MIN or MAX: numbers on the fast path, Values (MySQL comparison) otherwise. */
export class ExtremumAccumulator implements Accumulator {
  private fast = new Float64Array(0);
  private hasFast = new Uint8Array(0);
  private best: Value[] = [];
  private readonly kind: CompareKind;
  private readonly sign: number;
  /** 'dict' vectors: ranks of the dictionary's entries in comparison order. */
  private dict: readonly Value[] | null = null;
  private ranks = new Int32Array(0);
  private batchBest = new Int32Array(0);
  private touched: number[] = [];

  constructor(
    private readonly arg: AggArg,
    private readonly argType: ColumnType,
    max: boolean,
  ) {
    this.kind = compareKindOf(argType, argType);
    this.sign = max ? 1 : -1;
  }

  grow(groups: number): void {
    this.fast = growF64(this.fast, groups);
    this.hasFast = growU8(this.hasFast, groups);
    while (this.best.length < groups) this.best.push(null);
  }

  private better(v: Value, cur: Value): boolean {
    return cur === null || compareValues(v, cur, this.kind) * this.sign > 0;
  }

  private offer(s: number, v: Value): void {
    if (v !== null && this.better(v, this.best[s])) this.best[s] = v;
  }

  add(b: BatchInput): void {
    const arg = this.arg;
    const { sel, count, slots } = b;
    if (arg.kind === 'vector') {
      const ve = arg.ve;
      const sign = this.sign;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        if (ve.nulls[i] === 1) continue;
        const s = slots[i];
        if (ve.slow[i] === 1) {
          this.offer(s, ve.slowValues[i]);
          continue;
        }
        const x = ve.values[i];
        if (this.hasFast[s] === 0 || (x - this.fast[s]) * sign > 0) {
          this.fast[s] = x;
          this.hasFast[s] = 1;
        }
      }
      return;
    }
    if (arg.kind !== 'values') return;
    const col = arg.column === null ? null : b.columns[arg.column];
    if (col !== null && col.data.kind === 'dict') return this.addDict(col, b);
    for (let k = 0; k < count; k++) this.offer(slots[sel[k]], arg.values[sel[k]]);
  }

  /** A dictionary column: compare ranks of codes per row, Values once per slot and batch. */
  private addDict(v: ColumnVector, { sel, count, slots }: BatchInput): void {
    const d = v.data as { codes: Int32Array; dict: readonly Value[] };
    const ranks = this.rankDict(d.dict);
    if (this.batchBest.length < this.best.length) this.batchBest = new Int32Array(this.best.length).fill(-1);
    const bestCode = this.batchBest;
    const nulls = v.nulls;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (nulls !== null && nulls[i] === 1) continue;
      const c = d.codes[i];
      const s = slots[i];
      const cur = bestCode[s];
      if (cur < 0) this.touched.push(s);
      if (cur < 0 || (ranks[c] - ranks[cur]) * this.sign > 0) bestCode[s] = c;
    }
    for (const s of this.touched) {
      this.offer(s, d.dict[bestCode[s]]);
      bestCode[s] = -1;
    }
    this.touched.length = 0;
  }

  private rankDict(dict: readonly Value[]): Int32Array {
    if (this.dict === dict) return this.ranks;
    const order = dict.map((_, c) => c).filter((c) => dict[c] !== null);
    order.sort((a, b) => compareValues(dict[a], dict[b], this.kind));
    this.ranks = new Int32Array(dict.length);
    let rank = 0;
    for (let j = 0; j < order.length; j++) {
      if (j > 0 && compareValues(dict[order[j - 1]], dict[order[j]], this.kind) !== 0) rank++;
      this.ranks[order[j]] = rank;
    }
    this.dict = dict;
    return this.ranks;
  }

  emit(s: number, out: Value[]): void {
    let v = this.best[s];
    if (this.hasFast[s] === 1) {
      const arg = this.arg as { ve: VectorExpr };
      const vc = arg.ve.vc;
      const x = this.fast[s];
      const f: Value = vc.cls === 'exact' && this.argType.kind === 'decimal' ? new Decimal(BigInt(x), vc.scale) : x;
      if (v === null || !this.better(v, f)) v = f;
    }
    out.push(v);
  }
}

/** Fills `values[i]` for the selected rows: column `pos` of the batch. */
export function readColumn(v: ColumnVector, sel: Int32Array, count: number, values: Value[]): void {
  for (let k = 0; k < count; k++) values[sel[k]] = valueAt(v, sel[k]);
}
