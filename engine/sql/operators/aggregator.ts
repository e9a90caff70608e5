/**
 * Aggregate evaluation shared by HASH GROUP BY and SCALAR GROUP BY: per aggregate, the compiled
 * argument closures, a reused argument array (no per-row allocation) and the expression engine's
 * aggregate (`createAggregate`: init / add / result). The planner's internal `__first` aggregate
 * (a non-grouped column read after GROUP BY) keeps the group's first value; `__count_sum` adds up
 * COUNT(*) values a table scan computed (aggregate pushdown).
 *
 * Fast path: an exact SUM/AVG whose argument compiles to an unscaled-number evaluator
 * (expr/compile_scaled.ts) adds numbers, no `Decimal` per row; a row the evaluator cannot do
 * exactly (NULL, too large) goes through the general closure, with the same result.
 */
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

export class Aggregator {
  private readonly impls: AggImpl[];
  private readonly args: CompiledExpr[][];
  private readonly argBufs: Value[][];
  /** Per aggregate, its unscaled-number argument evaluator when the fast path applies. */
  private readonly scaled: (ScaledFn | null)[];
  /** The columns those evaluators read, loaded once per row. */
  private readonly slots = new ColumnSlots();

  constructor(specs: readonly AggSpec[], layout: readonly number[], env: ExecEnv) {
    this.impls = specs.map((s) =>
      s.fn === '__first' ? FIRST_VALUE : s.fn === '__count_sum' ? COUNT_SUM : (createAggregate(s.fn, s.distinct, s.args.map((a) => a.type)) as unknown as AggImpl),
    );
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
