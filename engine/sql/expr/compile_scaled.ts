/**
 * Exact DECIMAL and integer arithmetic on plain numbers: the fast path of the aggregates' and
 * filters' per-row work (OceanBase evaluates small DECIMALs as fixed-point integers in its
 * vectorized engine; `ObDecimalInt`).
 *
 * `compileScaled(e, slots?)` turns an exact numeric expression — columns and constants of integer or
 * DECIMAL type combined with `+ - *` and unary minus — into `(row) => number` returning the value
 * as an **unscaled integer at the expression's static scale** (a DECIMAL(15,2) 12.34 is 1234).
 * JavaScript numbers hold integers exactly up to 2^53 − 1, so as long as every intermediate result
 * stays inside ±(2^53 − 1) the result equals what `Decimal` arithmetic (common/decimal.ts) gives.
 * When it would not — a NULL, a value too large, an operand stored at another scale, a bigint —
 * the closure returns NaN, and the caller evaluates that row through the general compiled
 * expression (compile.ts), which handles every case. The fast path never changes a result; it only
 * avoids allocating `Decimal`s and bigints.
 *
 * Only expressions whose result type scale is exactly what the operation produces (MySQL: a ± b →
 * max(sa, sb); a × b → sa + sb ≤ 30) are compiled; anything else returns null (use the general path).
 */
import { Decimal } from '../../common/decimal';
import { DECIMAL_SCALE_MAX } from '../../common/limits';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr } from './bound';
import { decimalShape, numClassOf } from './types';

/** An unscaled-integer evaluator: NaN means "NULL or not exact here: use the general path". */
export type ScaledFn = (row: readonly Value[]) => number;

export interface ScaledExpr {
  /** Digits after the point of the value the closure returns (0 for integers). */
  scale: number;
  eval: ScaledFn;
}

const SAFE = Number.MAX_SAFE_INTEGER;
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 15; i++, p *= 10) POW10.push(p);

/** The static scale of an exact numeric type, or -1 when values of `t` are not exact numbers. */
function scaleOf(t: ColumnType): number {
  if (t.kind === 'decimal') return t.scale ?? 0;
  if (t.kind === 'tinyint' || t.kind === 'smallint' || t.kind === 'mediumint' || t.kind === 'int' || t.kind === 'bigint') return 0;
  return -1;
}

/** A value as an unscaled number at `scale`, or NaN (NULL, inexact, wrong shape). */
export function unscaledOf(v: Value, scale: number): number {
  if (v instanceof Decimal) {
    if (v.scale !== scale) return NaN;
    const n = Number(v.unscaled);
    return n <= SAFE && n >= -SAFE ? n : NaN;
  }
  if (typeof v === 'number' && scale === 0) return Number.isSafeInteger(v) ? v : NaN;
  return NaN;
}

/** `x · 10^k` when exact, else NaN. */
function upscale(x: number, k: number): number {
  if (k === 0) return x;
  const r = x * POW10[k];
  return r <= SAFE && r >= -SAFE ? r : NaN;
}

/**
 * Column reads shared by several expressions: each (column, scale) gets a slot, `load(row)` reads
 * every slot's column once per row, and the expressions compiled with these slots read the slots
 * (Q1's four SUMs over `l_extendedprice` read it once per row, not four times).
 */
export class ColumnSlots {
  private readonly columns: number[] = [];
  private readonly scales: number[] = [];
  /** Slot values of the last loaded row (NaN: NULL or not exact). */
  values = new Float64Array(0);

  get count(): number {
    return this.columns.length;
  }

  slotOf(index: number, scale: number): number {
    for (let s = 0; s < this.columns.length; s++) if (this.columns[s] === index && this.scales[s] === scale) return s;
    this.columns.push(index);
    this.scales.push(scale);
    this.values = new Float64Array(this.columns.length);
    return this.columns.length - 1;
  }

  /** Reads every slot's column of `row`. */
  load(row: readonly Value[]): void {
    const v = this.values;
    const cols = this.columns;
    const scales = this.scales;
    for (let s = 0; s < cols.length; s++) v[s] = unscaledOf(row[cols[s]], scales[s]);
  }
}

function column(index: number, scale: number, slots: ColumnSlots | undefined): ScaledFn {
  if (slots !== undefined) {
    const s = slots.slotOf(index, scale);
    return () => slots.values[s];
  }
  return (row) => {
    const v = row[index];
    if (v instanceof Decimal) {
      if (v.scale !== scale) return NaN;
      const n = Number(v.unscaled);
      return n <= SAFE && n >= -SAFE ? n : NaN;
    }
    return typeof v === 'number' && scale === 0 && Number.isSafeInteger(v) ? v : NaN;
  };
}

function additive(op: '+' | '-', a: ScaledExpr, b: ScaledExpr, scale: number): ScaledFn | null {
  const ka = scale - a.scale;
  const kb = scale - b.scale;
  if (ka < 0 || kb < 0 || ka >= POW10.length || kb >= POW10.length) return null;
  const fa = a.eval;
  const fb = b.eval;
  const ma = POW10[ka];
  const mb = POW10[kb];
  return (row) => {
    const x = fa(row) * ma;
    const y = fb(row) * mb;
    const r = op === '+' ? x + y : x - y;
    // NaN propagates; a scaled operand past the safe range makes r unsafe or inexact: checked here.
    return x <= SAFE && x >= -SAFE && y <= SAFE && y >= -SAFE && r <= SAFE && r >= -SAFE ? r : NaN;
  };
}

function multiply(a: ScaledExpr, b: ScaledExpr): ScaledFn {
  const fa = a.eval;
  const fb = b.eval;
  return (row) => {
    const r = fa(row) * fb(row);
    return r <= SAFE && r >= -SAFE ? r : NaN;
  };
}

/**
 * The unscaled-number evaluator of `e` (over rows laid out as `e`'s column indexes say), or null
 * when `e` is not an exact `+ - *` expression of integer/DECIMAL columns and constants whose result
 * scale matches its type.
 */
export function compileScaled(e: BoundExpr, slots?: ColumnSlots): ScaledExpr | null {
  const scale = scaleOf(e.type);
  if (scale < 0) return null;
  switch (e.kind) {
    case 'const': {
      const v = e.value === null ? NaN : unscaledOf(e.value, scale);
      return { scale, eval: () => v };
    }
    case 'col':
      return { scale, eval: column(e.index, scale, slots) };
    case 'call': {
      if (e.fn === 'neg' && e.args.length === 1 && !e.type.unsigned) {
        const a = compileScaled(e.args[0], slots);
        if (a === null || a.scale !== scale) return null;
        const f = a.eval;
        return { scale, eval: (row) => 0 - f(row) };
      }
      if ((e.fn !== '+' && e.fn !== '-' && e.fn !== '*') || e.args.length !== 2) return null;
      // UNSIGNED results raise an error when negative: the general path does that.
      if (numClassOf(e.type) === 'double' || e.type.unsigned) return null;
      const a = compileScaled(e.args[0], slots);
      const b = compileScaled(e.args[1], slots);
      if (a === null || b === null) return null;
      if (e.fn === '*') {
        if (a.scale + b.scale !== scale || scale > DECIMAL_SCALE_MAX) return null;
        return { scale, eval: multiply(a, b) };
      }
      if (Math.max(a.scale, b.scale) !== scale) return null;
      const f = additive(e.fn, a, b, scale);
      return f === null ? null : { scale, eval: f };
    }
  }
}

/** The static scale a SUM/AVG over `t` accumulates at (as aggregate.ts `exactSumParts`). */
export function accumulationScale(t: ColumnType): number {
  return numClassOf(t) === 'decimal' ? decimalShape(t).scale : 0;
}
