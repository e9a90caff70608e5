/**
 * Aggregate functions for HASH GROUP BY and SCALAR GROUP BY (OceanBase's `ObAggregateProcessor`,
 * T_FUN_COUNT / T_FUN_SUM / T_FUN_AVG / T_FUN_MIN / T_FUN_MAX / T_FUN_GROUP_CONCAT).
 *
 * `createAggregate(name, distinct, argTypes)` returns a stateless implementation; each group owns
 * one small mutable state object (`init()`), fed with `add(state, args)` — `args` may be a buffer
 * the caller reuses for every row, never retained — and read with `result(state)`. `merge(a, b)`
 * folds a partial state into another (parallel or two-phase aggregation).
 *
 * MySQL semantics:
 * - COUNT(*) counts rows, COUNT(x) non-NULL x, COUNT(DISTINCT x, y) distinct non-NULL tuples
 *   (equality per types.ts `hashKey`, so 'a' and 'A ' count once under general_ci);
 * - SUM of integers or DECIMALs is an exact DECIMAL (precision + 22, same scale); of DOUBLEs or
 *   strings a DOUBLE; AVG of exact numbers is a DECIMAL with scale + 4 (div_precision_increment),
 *   rounded half away from zero; of DOUBLEs a DOUBLE;
 * - SUM/AVG/MIN/MAX over no non-NULL values are NULL; COUNT is 0;
 * - GROUP_CONCAT joins non-NULL values with ',' (option `separator`), truncated to
 *   group_concat_max_len = 1024 characters.
 */
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import { DECIMAL_PRECISION_MAX, DECIMAL_SCALE_MAX } from '../../common/limits';
import { Errors } from '../../common/ob_error';
import type { ColumnType, Value } from '../../common/value';
import type { CompareKind } from './bound';
import { toDecimalFn, toDoubleFn, toTextFn, type NonNull } from './convert';
import { compareKindOf, compareValues, compositeHashKey, decimalShape, DOUBLE, hashKey, numClassOf, VARCHAR } from './types';

export interface AggregateFunction<S = unknown> {
  readonly name: string;
  readonly resultType: ColumnType;
  init(): S;
  /** Adds one row's argument values (COUNT(*) gets an empty array). */
  add(state: S, args: readonly Value[]): void;
  /** Folds partial state `from` into `into`. */
  merge(into: S, from: S): void;
  result(state: S): Value;
  /**
   * Exact SUM/AVG only: adds one value given as an unscaled integer at `unscaledScale`, exact
   * (|v| ≤ 2^53 − 1), not NULL. The fast path of expr/compile_scaled.ts; same result as `add`.
   */
  addUnscaled?(state: S, v: number): void;
  readonly unscaledScale?: number;
}

export interface AggregateOptions {
  /** GROUP_CONCAT separator (default ','). */
  separator?: string;
}

/** group_concat_max_len default (MySQL and OceanBase). */
export const GROUP_CONCAT_MAX_LEN = 1024;
const SAFE = Number.MAX_SAFE_INTEGER;

/** DISTINCT filter over argument tuples: true the first time a non-NULL tuple is seen. */
function distinctFilter(argTypes: readonly ColumnType[]): (seen: Set<string | number>, args: readonly Value[]) => boolean {
  const kinds: CompareKind[] = argTypes.map((t) => compareKindOf(t, t));
  if (kinds.length === 1) {
    const k = kinds[0];
    return (seen, args) => {
      const key = hashKey(args[0], k);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
  }
  return (seen, args) => {
    const key = compositeHashKey(args, kinds);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

// ---------------------------------------------------------------- COUNT

interface CountState { n: number; seen: Set<string | number> | null }

function countAggregate(distinct: boolean, argTypes: readonly ColumnType[]): AggregateFunction<CountState> {
  if (argTypes.length > 1 && !distinct) throw Errors.wrongParamCount('count');
  const fresh = distinct ? distinctFilter(argTypes) : null;
  const star = argTypes.length === 0;
  return {
    name: 'count',
    resultType: { kind: 'bigint' },
    init: () => ({ n: 0, seen: distinct ? new Set() : null }),
    add(s, args) {
      if (star) {
        s.n++;
        return;
      }
      for (let i = 0; i < args.length; i++) if (args[i] === null) return;
      if (fresh && !fresh(s.seen!, args)) return;
      s.n++;
    },
    merge(into, from) {
      if (!into.seen) into.n += from.n;
      else for (const k of from.seen!) if (!into.seen.has(k)) { into.seen.add(k); into.n++; }
    },
    result: (s) => s.n,
  };
}

// ---------------------------------------------------------------- SUM / AVG

/** Exact running sum: a safe-number part plus a bigint overflow part, at a fixed scale. */
interface ExactSum { small: number; big: bigint; count: number; seen: Set<string | number> | null }
interface DoubleSum { sum: number; count: number; seen: Set<string | number> | null }

/**
 * Adds an exact integer `n` (|n| ≤ 2^53 − 1) to the number part while the sum stays a safe
 * integer (then it is exact: a double sum of two safe integers is exact when the true sum is
 * safe, and a true sum past 2^53 never rounds back inside), else spills both into the bigint part.
 */
function addSmall(s: ExactSum, n: number): void {
  const r = s.small + n;
  if (r <= SAFE && r >= -SAFE) s.small = r;
  else {
    s.big += BigInt(s.small) + BigInt(n);
    s.small = 0;
  }
}

/**
 * Exact accumulation at a fixed scale: values whose unscaled integer is a safe number (nearly
 * every DECIMAL and integer) add as numbers (`addSmall`), no bigint allocated per row; others add
 * their unscaled bigint to the bigint part.
 */
function exactSumParts(argType: ColumnType) {
  const scale = numClassOf(argType) === 'decimal' ? decimalShape(argType).scale : 0;
  const toDec = toDecimalFn(argType);
  const slowUnscaled = (v: NonNull): bigint => {
    const d = v instanceof Decimal ? v : toDec(v);
    return d.scale === scale ? d.unscaled : d.rescale(scale).unscaled;
  };
  const addValue = (s: ExactSum, v: NonNull): void => {
    if (v instanceof Decimal && v.scale === scale) {
      const n = Number(v.unscaled);
      if (n <= SAFE && n >= -SAFE) addSmall(s, n);
      else s.big += v.unscaled;
    } else if (typeof v === 'number' && scale === 0 && Number.isSafeInteger(v)) {
      addSmall(s, v);
    } else {
      s.big += slowUnscaled(v);
    }
  };
  const total = (s: ExactSum) => new Decimal(s.big + BigInt(s.small), scale);
  return { scale, addValue, addSmall, total };
}

function sumOrAvg(name: 'sum' | 'avg', distinct: boolean, argTypes: readonly ColumnType[]): AggregateFunction<ExactSum> | AggregateFunction<DoubleSum> {
  if (argTypes.length !== 1) throw Errors.wrongParamCount(name);
  const t = argTypes[0];
  const fresh = distinct ? distinctFilter(argTypes) : null;
  if (numClassOf(t) === 'double' || t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text') {
    const toD = toDoubleFn(t);
    const agg: AggregateFunction<DoubleSum> = {
      name,
      resultType: DOUBLE,
      init: () => ({ sum: 0, count: 0, seen: distinct ? new Set() : null }),
      add(s, args) {
        const v = args[0];
        if (v === null || (fresh && !fresh(s.seen!, args))) return;
        s.sum += typeof v === 'number' ? v : toD(v);
        s.count++;
      },
      merge(into, from) {
        assert(!distinct, 'merge of DISTINCT double aggregates needs the value sets');
        into.sum += from.sum;
        into.count += from.count;
      },
      result: (s) => (s.count === 0 ? null : name === 'sum' ? s.sum : s.sum / s.count),
    };
    return agg;
  }
  const { scale, addValue, addSmall: addExact, total } = exactSumParts(t);
  const precision = decimalShape(t).precision;
  const resultType: ColumnType = name === 'sum'
    ? { kind: 'decimal', precision: Math.min(precision + 22, DECIMAL_PRECISION_MAX), scale }
    : { kind: 'decimal', precision: Math.min(precision + 4, DECIMAL_PRECISION_MAX), scale: Math.min(scale + 4, DECIMAL_SCALE_MAX) };
  const agg: AggregateFunction<ExactSum> = {
    name,
    resultType,
    init: () => ({ small: 0, big: 0n, count: 0, seen: distinct ? new Set() : null }),
    add(s, args) {
      const v = args[0];
      if (v === null || (fresh && !fresh(s.seen!, args))) return;
      addValue(s, v);
      s.count++;
    },
    unscaledScale: distinct ? undefined : scale,
    addUnscaled: distinct
      ? undefined
      : (s, v) => {
          addExact(s, v);
          s.count++;
        },
    merge(into, from) {
      assert(!distinct, 'merge of DISTINCT sums needs the value sets');
      into.big += from.big + BigInt(from.small);
      into.count += from.count;
    },
    result(s) {
      if (s.count === 0) return null;
      const sum = total(s);
      if (name === 'sum') return sum;
      return sum.div(Decimal.fromInt(s.count))!.rescale(resultType.scale!);
    },
  };
  return agg;
}

// ---------------------------------------------------------------- MIN / MAX

interface ExtremumState { v: Value }

function extremum(name: 'min' | 'max', argTypes: readonly ColumnType[]): AggregateFunction<ExtremumState> {
  if (argTypes.length !== 1) throw Errors.wrongParamCount(name);
  const t = argTypes[0];
  const kind = compareKindOf(t, t);
  const sign = name === 'max' ? 1 : -1;
  const better = (v: Value, cur: Value) => cur === null || compareValues(v, cur, kind) * sign > 0;
  return {
    name,
    resultType: t,
    init: () => ({ v: null }),
    add(s, args) {
      const v = args[0];
      if (v !== null && better(v, s.v)) s.v = v;
    },
    merge(into, from) {
      if (from.v !== null && better(from.v, into.v)) into.v = from.v;
    },
    result: (s) => s.v,
  };
}

// ---------------------------------------------------------------- GROUP_CONCAT

interface ConcatState { parts: string[]; chars: number; seen: Set<string | number> | null }

function groupConcat(distinct: boolean, argTypes: readonly ColumnType[], options: AggregateOptions): AggregateFunction<ConcatState> {
  if (argTypes.length === 0) throw Errors.wrongParamCount('group_concat');
  const sep = options.separator ?? ',';
  const texts = argTypes.map(toTextFn);
  const fresh = distinct ? distinctFilter(argTypes) : null;
  return {
    name: 'group_concat',
    resultType: VARCHAR(GROUP_CONCAT_MAX_LEN),
    init: () => ({ parts: [], chars: 0, seen: distinct ? new Set() : null }),
    add(s, args) {
      for (let i = 0; i < args.length; i++) if (args[i] === null) return;
      if (s.chars > GROUP_CONCAT_MAX_LEN) return;
      if (fresh && !fresh(s.seen!, args)) return;
      let text = '';
      for (let i = 0; i < args.length; i++) text += texts[i](args[i] as NonNull);
      s.parts.push(text);
      s.chars += text.length + sep.length;
    },
    merge(into, from) {
      for (const p of from.parts) into.parts.push(p);
      into.chars += from.chars;
    },
    result: (s) => (s.parts.length === 0 ? null : s.parts.join(sep).slice(0, GROUP_CONCAT_MAX_LEN)),
  };
}

/**
 * The aggregate `name` (lower-case: count, sum, avg, min, max, group_concat) over arguments of
 * `argTypes` (COUNT(*): none). Errors: Errors.wrongParamCount for a wrong argument count,
 * Errors.functionNotExist for an unknown aggregate.
 */
export function createAggregate(
  name: string,
  distinct: boolean,
  argTypes: readonly ColumnType[],
  options: AggregateOptions = {},
): AggregateFunction {
  switch (name.toLowerCase()) {
    case 'count':
      return countAggregate(distinct, argTypes) as AggregateFunction;
    case 'sum':
      return sumOrAvg('sum', distinct, argTypes) as AggregateFunction;
    case 'avg':
      return sumOrAvg('avg', distinct, argTypes) as AggregateFunction;
    case 'min':
      return extremum('min', argTypes) as AggregateFunction;
    case 'max':
      return extremum('max', argTypes) as AggregateFunction;
    case 'group_concat':
      return groupConcat(distinct, argTypes, options) as AggregateFunction;
    default:
      throw Errors.functionNotExist('test', name.toLowerCase());
  }
}
