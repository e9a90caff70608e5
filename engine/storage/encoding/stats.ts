/**
 * Skip-index aggregates (OceanBase's `ObSkipIndexColMeta`: MIN_MAX, NULL_COUNT, SUM; reference
 * §4.10) over values, decoded vectors and rolled-up stats, plus their JSON form for SSTable metas
 * in checkpoints.
 *
 * min/max are the extreme non-NULL values under `compareInClass` (the original value is kept, so a
 * general_ci column may report 'abc' where 'ABC' ties); both null when every row is NULL. `sum` is
 * exact: 'int' a number, or a bigint once past ±2^53; 'double' a number; 'decimal' a Decimal at the
 * class scale (wider when a stored value has more digits); null for strings and all-NULL rows.
 */
import { Decimal } from '../../common/decimal';
import { generalCiWeight } from '../../common/rowkey';
import { normInt, type Value } from '../../common/value';
import { Errors } from '../../common/ob_error';
import type { ColumnClass, ColumnStats, ColumnVector } from './types';
import { compareInClass } from './compare';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** JSON-safe stats: numbers stay numbers; bigints, Decimals and non-finite doubles become strings. */
export interface ColumnStatsJson {
  min: number | string | null;
  max: number | string | null;
  nullCount: number;
  rowCount: number;
  sum: number | string | null;
}

/** Exact running sum of one numeric class. */
class SumAcc {
  private num = 0;
  private big: bigint | null = null;
  private dec: Decimal | null = null;
  private any = false;

  constructor(private readonly cls: ColumnClass) {}

  /** Adds an integer (or a decimal's unscaled value at the class scale). */
  addInt(v: number): void {
    this.any = true;
    if (this.big !== null) {
      this.big += BigInt(v);
      return;
    }
    const next = this.num + v;
    if (next > MAX_SAFE || next < -MAX_SAFE) {
      this.big = BigInt(this.num) + BigInt(v);
      this.num = 0;
    } else this.num = next;
  }

  addValue(v: Value): void {
    if (v === null) return;
    if (this.cls.kind === 'double') {
      this.any = true;
      this.num += typeof v === 'number' ? v : Number(v instanceof Decimal ? v.toString() : v);
    } else if (this.cls.kind === 'int') {
      if (typeof v === 'number' && Number.isSafeInteger(v)) this.addInt(v);
      else {
        this.any = true;
        this.big = (this.big ?? BigInt(this.num)) + (typeof v === 'bigint' ? v : BigInt(String(v)));
        this.num = 0;
      }
    } else if (this.cls.kind === 'decimal' && v instanceof Decimal) {
      if (v.scale === this.cls.scale && v.unscaled >= -9007199254740991n && v.unscaled <= 9007199254740991n) this.addInt(Number(v.unscaled));
      else {
        this.any = true;
        this.dec = this.dec ? this.dec.add(v) : v;
      }
    }
  }

  addSum(v: Value): void {
    if (v === null) return;
    if (this.cls.kind === 'decimal' && v instanceof Decimal && v.scale !== this.cls.scale) {
      this.any = true;
      this.dec = this.dec ? this.dec.add(v) : v;
    } else this.addValue(v);
  }

  result(): Value {
    if (!this.any || this.cls.kind === 'string') return null;
    if (this.cls.kind === 'double') return this.num;
    const whole = this.big !== null ? this.big : BigInt(this.num);
    if (this.cls.kind === 'int') return this.big !== null ? normInt(this.big) : this.num;
    const scale = this.cls.kind === 'decimal' ? this.cls.scale : 0;
    const base = new Decimal(whole, scale);
    return this.dec ? base.add(this.dec) : base;
  }
}

/** `d` at `scale` when that is exact (as the encodings store it), else `d` unchanged. */
function atClassScale(d: Decimal, scale: number): Decimal {
  if (d.scale < scale) return d.rescale(scale);
  const r = d.rescale(scale);
  return r.rescale(d.scale).unscaled === d.unscaled ? r : d;
}

/** Running min/max under `compareInClass` (general_ci weights cached for the current extremes). */
class MinMaxAcc {
  min: Value = null;
  max: Value = null;
  private minW = '';
  private maxW = '';

  constructor(private readonly cls: ColumnClass) {}

  add(v: Value): void {
    if (v === null) return;
    if (this.cls.kind === 'decimal' && v instanceof Decimal && v.scale !== this.cls.scale) v = atClassScale(v, this.cls.scale);
    if (this.cls.kind === 'string' && this.cls.ci) {
      const w = generalCiWeight(String(v));
      if (this.min === null || w < this.minW) [this.min, this.minW] = [v, w];
      if (this.max === null || w > this.maxW) [this.max, this.maxW] = [v, w];
      return;
    }
    if (this.min === null || compareInClass(v, this.min, this.cls) < 0) this.min = v;
    if (this.max === null || compareInClass(v, this.max, this.cls) > 0) this.max = v;
  }
}

/** Stats of a column's values (rows in order; NULL counted). */
export function columnStats(values: readonly Value[], cls: ColumnClass): ColumnStats {
  const mm = new MinMaxAcc(cls);
  const sum = new SumAcc(cls);
  let nullCount = 0;
  const numeric = cls.kind !== 'string';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null) nullCount++;
    else {
      mm.add(v);
      if (numeric) sum.addValue(v);
    }
  }
  return { min: mm.min, max: mm.max, nullCount, rowCount: values.length, sum: sum.result() };
}

/**
 * Stats of the rows of a decoded vector: all rows, or the `selCount` row indexes in `sel`.
 * Typed vectors are scanned without allocating per row.
 */
export function vectorStats(v: ColumnVector, cls: ColumnClass, sel?: Int32Array | null, selCount?: number): ColumnStats {
  const count = sel ? (selCount ?? sel.length) : v.length;
  const row = (k: number) => (sel ? sel[k] : k);
  const nulls = v.nulls;
  const d = v.data;
  let nullCount = 0;
  if (d.kind === 'int' || d.kind === 'double' || d.kind === 'decimal') {
    const xs = d.kind === 'decimal' ? d.unscaled : d.values;
    return typedStats(xs, nulls, sel ?? null, count, d.kind, d.kind === 'decimal' ? d.scale : 0);
  }
  const mm = new MinMaxAcc(cls);
  const sum = new SumAcc(cls);
  const numeric = cls.kind !== 'string';
  if (d.kind === 'dict') {
    const counts = new Float64Array(d.dict.length);
    for (let k = 0; k < count; k++) {
      const i = row(k);
      if (nulls !== null && nulls[i]) nullCount++;
      else counts[d.codes[i]]++;
    }
    for (let c = 0; c < counts.length; c++) {
      if (counts[c] === 0) continue;
      const x = d.dict[c];
      if (x === null) {
        nullCount += counts[c];
        continue;
      }
      mm.add(x);
      if (numeric) for (let t = 0; t < counts[c]; t++) sum.addValue(x);
    }
  } else {
    for (let k = 0; k < count; k++) {
      const i = row(k);
      const x = d.values[i];
      if (x === null || (nulls !== null && nulls[i])) nullCount++;
      else {
        mm.add(x);
        if (numeric) sum.addValue(x);
      }
    }
  }
  return { min: mm.min, max: mm.max, nullCount, rowCount: count, sum: sum.result() };
}

/** Stats of a typed vector; the loop keeps min/max indexes and a number sum (bigint on overflow). */
function typedStats(
  xs: Float64Array,
  nulls: Uint8Array | null,
  sel: Int32Array | null,
  count: number,
  kind: 'int' | 'double' | 'decimal',
  scale: number,
): ColumnStats {
  let lo = Infinity;
  let hi = -Infinity;
  let loIdx = -1;
  let hiIdx = -1;
  let nullCount = 0;
  let sum = 0;
  let overflow = false;
  for (let k = 0; k < count; k++) {
    const i = sel !== null ? sel[k] : k;
    if (nulls !== null && nulls[i]) {
      nullCount++;
      continue;
    }
    const x = xs[i];
    if (loIdx < 0 || x < lo) {
      lo = x;
      loIdx = i;
    }
    if (hiIdx < 0 || x > hi) {
      hi = x;
      hiIdx = i;
    }
    sum += x;
  }
  // Integer sums: exact while |sum| stays within 2^53 (every partial sum is then exact too, as
  // each addend is a safe integer and |partial| ≤ Σ|x|); otherwise redo the sum in bigint.
  if (kind !== 'double' && loIdx >= 0) {
    const bound = Math.max(Math.abs(lo), Math.abs(hi)) * (count - nullCount);
    overflow = !(bound <= MAX_SAFE);
  }
  const some = loIdx >= 0;
  let total: Value = null;
  if (some) {
    if (kind === 'double') total = sum;
    else {
      let whole: number | bigint = sum;
      if (overflow) {
        let big = 0n;
        for (let k = 0; k < count; k++) {
          const i = sel !== null ? sel[k] : k;
          if (nulls === null || !nulls[i]) big += BigInt(xs[i]);
        }
        whole = normInt(big);
      }
      total = kind === 'decimal' ? new Decimal(BigInt(whole), scale) : whole;
    }
  }
  const wrap = (x: number): Value => (kind === 'decimal' ? new Decimal(BigInt(x), scale) : x);
  return { min: some ? wrap(xs[loIdx]) : null, max: some ? wrap(xs[hiIdx]) : null, nullCount, rowCount: count, sum: total };
}

function pick(a: Value, b: Value, cls: ColumnClass, wantMin: boolean): Value {
  if (a === null) return b;
  if (b === null) return a;
  const r = compareInClass(a, b, cls);
  return wantMin ? (r <= 0 ? a : b) : r >= 0 ? a : b;
}

/** Stats of the union of two disjoint row sets (microblock → macroblock → SSTable roll-up). */
export function mergeStats(a: ColumnStats, b: ColumnStats, cls: ColumnClass): ColumnStats {
  let sum: Value = null;
  if (cls.kind !== 'string') {
    const acc = new SumAcc(cls);
    acc.addSum(a.sum);
    acc.addSum(b.sum);
    sum = a.sum === null && b.sum === null ? null : acc.result();
  }
  return {
    min: pick(a.min, b.min, cls, true),
    max: pick(a.max, b.max, cls, false),
    nullCount: a.nullCount + b.nullCount,
    rowCount: a.rowCount + b.rowCount,
    sum,
  };
}

function valueToJson(v: Value, cls: ColumnClass): number | string | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Decimal) return v.toString();
  if (typeof v === 'number') {
    if (cls.kind === 'decimal') return String(v);
    return Number.isFinite(v) && !Object.is(v, -0) ? v : String(v === 0 ? '-0' : v);
  }
  return v;
}

function valueFromJson(j: number | string | null, cls: ColumnClass): Value {
  if (j === null) return null;
  switch (cls.kind) {
    case 'string':
      return String(j);
    case 'int':
      if (typeof j === 'number') return j;
      if (!/^-?\d+$/.test(j)) throw Errors.ioError(`bad integer ${j} in column stats`);
      return normInt(BigInt(j));
    case 'double':
      if (typeof j === 'number') return j;
      return j === '-0' ? -0 : Number(j);
    case 'decimal': {
      const d = Decimal.parse(String(j));
      if (!d) throw Errors.ioError(`bad decimal ${j} in column stats`);
      return d;
    }
  }
}

/** JSON-safe form of `s` (for SSTable metas in checkpoints). */
export function statsToJson(s: ColumnStats, cls: ColumnClass): ColumnStatsJson {
  return {
    min: valueToJson(s.min, cls),
    max: valueToJson(s.max, cls),
    nullCount: s.nullCount,
    rowCount: s.rowCount,
    sum: valueToJson(s.sum, cls),
  };
}

/** Inverse of `statsToJson`; throws `Errors.ioError` on malformed input. */
export function statsFromJson(j: ColumnStatsJson, cls: ColumnClass): ColumnStats {
  return {
    min: valueFromJson(j.min, cls),
    max: valueFromJson(j.max, cls),
    nullCount: j.nullCount,
    rowCount: j.rowCount,
    sum: valueFromJson(j.sum, cls),
  };
}
