/**
 * Aggregate evaluation shared by HASH GROUP BY and SCALAR GROUP BY: per aggregate, the compiled
 * argument closures, a reused argument array (no per-row allocation) and the expression engine's
 * aggregate (`createAggregate`: init / add / result). The planner's internal `__first` aggregate
 * (a non-grouped column read after GROUP BY) keeps the group's first value; `__count_sum` adds up
 * COUNT(*) values a table scan computed (aggregate pushdown), and `__sum_merge`, `__avg_merge`,
 * `__min_merge`, `__max_merge` merge the other partial aggregates of scans.
 *
 * Fast path: an exact SUM/AVG whose argument compiles to an unscaled-number evaluator
 * (expr/compile_scaled.ts) adds numbers, no `Decimal` per row; a row the evaluator cannot do
 * exactly (NULL, too large) goes through the general closure, with the same result.
 */
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';
import type { CompiledExpr } from '../expr/bound';
import { ColumnSlots, compileScaled, type ScaledFn } from '../expr/compile_scaled';
import { createAggregate } from '../plan/expr_api';
import type { AggSpec } from '../plan/plan';
import { rebase } from '../plan/plan_expr';
import { compileOn, type ExecEnv, type Row } from './operator';

interface AggImpl {
  init(): unknown;
  add(state: unknown, args: Value[]): unknown;
  result(state: unknown): Value;
  addUnscaled?(state: unknown, v: number): void;
  readonly unscaledScale?: number;
}

const FIRST_VALUE: AggImpl = {
  init: () => ({ set: false, v: null as Value }),
  add(state, args) {
    const s = state as { set: boolean; v: Value };
    if (!s.set) {
      s.set = true;
      s.v = args[0];
    }
    return undefined;
  },
  result: (state) => (state as { v: Value }).v,
};

/** Sums partial COUNT(*) values pushed into scans (T_FUN_COUNT_SUM). */
const COUNT_SUM: AggImpl = {
  init: () => ({ n: 0 }),
  add(state, args) {
    const v = args[0];
    if (v !== null) (state as { n: number }).n += Number(v);
    return undefined;
  },
  result: (state) => (state as { n: number }).n,
};

/**
 * Sums partial SUMs of scans (T_FUN_SUM(T_FUN_SUM(x))): exact partials are `Decimal`s at the
 * argument's scale, added as bigints — the row executor's exact sum gives the same Decimal.
 */
const SUM_MERGE: AggImpl = {
  init: () => ({ big: 0n, scale: -1, double: 0, any: false, isDouble: false }),
  add(state, args) {
    const s = state as { big: bigint; scale: number; double: number; any: boolean; isDouble: boolean };
    const v = args[0];
    if (v === null) return undefined;
    s.any = true;
    if (v instanceof Decimal) {
      if (s.scale < 0) s.scale = v.scale;
      s.big += v.scale === s.scale ? v.unscaled : v.rescale(s.scale).unscaled;
    } else {
      s.isDouble = true;
      s.double += Number(v);
    }
    return undefined;
  },
  result(state) {
    const s = state as { big: bigint; scale: number; double: number; any: boolean; isDouble: boolean };
    if (!s.any) return null;
    return s.isDouble ? s.double : new Decimal(s.big, s.scale);
  },
};

/**
 * Merges partial AVGs (sum, count) of scans: the exact total divided by the total count, rounded
 * to the AVG's result scale exactly as expr/aggregate.ts finalises AVG (`sum.div(count)` then
 * `rescale(scale + 4)`), so results equal the row executor's.
 */
function avgMerge(resultScale: number): AggImpl {
  return {
    init: () => ({ big: 0n, scale: -1, double: 0, count: 0, isDouble: false }),
    add(state, args) {
      const s = state as { big: bigint; scale: number; double: number; count: number; isDouble: boolean };
      const v = args[0];
      const n = Number(args[1] ?? 0);
      if (v === null || n === 0) return undefined;
      s.count += n;
      if (v instanceof Decimal) {
        if (s.scale < 0) s.scale = v.scale;
        s.big += v.scale === s.scale ? v.unscaled : v.rescale(s.scale).unscaled;
      } else {
        s.isDouble = true;
        s.double += Number(v);
      }
      return undefined;
    },
    result(state) {
      const s = state as { big: bigint; scale: number; double: number; count: number; isDouble: boolean };
      if (s.count === 0) return null;
      if (s.isDouble) return s.double / s.count;
      return new Decimal(s.big, s.scale).div(Decimal.fromInt(s.count))!.rescale(resultScale);
    },
  };
}

/** The implementation of one aggregate spec (internal merges of pushed-down partials included). */
function implOf(s: AggSpec): AggImpl {
  switch (s.fn) {
    case '__first':
      return FIRST_VALUE;
    case '__count_sum':
      return COUNT_SUM;
    case '__sum_merge':
      return SUM_MERGE;
    case '__avg_merge':
      return avgMerge(s.type.scale ?? 0);
    case '__min_merge':
    case '__max_merge':
      return createAggregate(s.fn === '__min_merge' ? 'min' : 'max', false, [s.args[0].type]) as unknown as AggImpl;
    default:
      return createAggregate(s.fn, s.distinct, s.args.map((a) => a.type)) as unknown as AggImpl;
  }
}

export class Aggregator {
  private readonly impls: AggImpl[];
  private readonly args: CompiledExpr[][];
  private readonly argBufs: Value[][];
  /** Per aggregate, its unscaled-number argument evaluator when the fast path applies. */
  private readonly scaled: (ScaledFn | null)[];
  /** The columns those evaluators read, loaded once per row. */
  private readonly slots = new ColumnSlots();

  constructor(specs: readonly AggSpec[], layout: readonly number[], env: ExecEnv) {
    this.impls = specs.map(implOf);
    this.args = specs.map((s) => s.args.map((a) => compileOn(a, layout, env)));
    this.argBufs = specs.map((s) => new Array<Value>(s.args.length).fill(null));
    this.scaled = specs.map((s, i) => {
      const impl = this.impls[i];
      if (impl.addUnscaled === undefined || s.args.length !== 1) return null;
      const c = compileScaled(rebase(s.args[0], layout), this.slots);
      return c !== null && c.scale === impl.unscaledScale ? c.eval : null;
    });
  }

  get count(): number {
    return this.impls.length;
  }

  /** Fresh states, one per aggregate. */
  init(): unknown[] {
    return this.impls.map((a) => a.init());
  }

  /** Adds one input row to a group's states. */
  add(states: unknown[], row: Row): void {
    const impls = this.impls;
    if (this.slots.count > 0) this.slots.load(row);
    for (let i = 0; i < impls.length; i++) {
      const sc = this.scaled[i];
      if (sc !== null) {
        const x = sc(row);
        if (x === x) {
          impls[i].addUnscaled!(states[i], x);
          continue;
        }
      }
      const fs = this.args[i];
      const buf = this.argBufs[i];
      for (let j = 0; j < fs.length; j++) buf[j] = fs[j](row);
      const next = impls[i].add(states[i], buf);
      if (next !== undefined) states[i] = next;
    }
  }

  /** Appends the aggregates' results to `out`. */
  results(states: unknown[], out: Value[]): void {
    for (let i = 0; i < this.impls.length; i++) out.push(this.impls[i].result(states[i]));
  }
}
