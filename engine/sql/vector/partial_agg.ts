/**
 * Partial aggregation of one tablet's rows: what a table scan with aggregate pushdown computes on
 * the server holding the tablet (OceanBase's storage aggregate pushdown, `pushdown_aggregation`
 * and `pushdown_groupby` of a TABLE SCAN; the GROUP BY above merges the partials, e.g.
 * `T_FUN_COUNT_SUM(T_FUN_COUNT(*))`).
 *
 * Input: column batches (`ColumnBatch` from `TabletStore.scanColumns`, or rows turned into
 * batches), whose columns are the request's columns. Per batch: the residual filters (if any)
 * narrow the selection, GROUP BY maps each selected row to a slot (group_slots.ts), numeric
 * arguments are evaluated by the vector engine (vector_expr.ts) once per distinct expression, and
 * each aggregate's accumulator (accumulators.ts) adds the rows. `rows()` returns one row per
 * group: the key values, then each aggregate's partial value(s) — AVG gives two (sum, count) —
 * in the order of `aggs`. Without GROUP BY there is exactly one row, even over no input.
 *
 * The partial of SUM/AVG over an exact argument is exact (`Decimal` at the argument's scale); the
 * merge above reproduces the row executor's results bit for bit (operators/aggregator.ts).
 */
import { assert } from '../../common/assert';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnBatch } from '../../storage/types';
import type { BoundExpr, CompiledExpr } from '../expr/bound';
import type { CompileOptions } from '../expr/registry';
import { numClassOf } from '../expr/types';
import { compileExpr } from '../plan/expr_api';
import { exprKey } from '../plan/plan_expr';
import { isTrue } from '../operators/operator';
import {
  CountAccumulator, DoubleSumAccumulator, ExactSumAccumulator, ExtremumAccumulator, readColumn, type Accumulator, type AggArg,
} from './accumulators';
import { selectionOf, valueAt } from './column_vector';
import { GroupSlots } from './group_slots';
import { VectorExpr, vectorClassOf, type NodeCache } from './vector_expr';

export type PartialAggFn = 'count' | 'sum' | 'min' | 'max' | 'avg';

/** Groups up to which a batch's rows are ordered by group before accumulating (low-NDV GROUP BY). */
const RUN_GROUPS_MAX = 256;

/** One aggregate to compute partially: `arg` over the batch's column positions, null = `*`. */
export interface PartialAggDef {
  fn: PartialAggFn;
  arg: BoundExpr | null;
}

export interface PartialAggSetup {
  /** Types of the batch columns (the request's columns, in order). */
  columnTypes: readonly ColumnType[];
  /** GROUP BY: positions of the key columns among the batch columns. */
  groupBy: readonly number[];
  aggs: readonly PartialAggDef[];
  /** Filters not evaluated in storage, over batch positions (conjunction). */
  residual?: readonly BoundExpr[];
  opts?: CompileOptions;
}

/** Partial values an aggregate contributes to a partial row (AVG: sum and count). */
export function partialWidth(fn: PartialAggFn): number {
  return fn === 'avg' ? 2 : 1;
}

/** True when SUM/AVG over `t` accumulates exactly (integers, DECIMAL), as expr/aggregate.ts does. */
export function isExactSumType(t: ColumnType): boolean {
  return numClassOf(t) !== 'double' && t.kind !== 'char' && t.kind !== 'varchar' && t.kind !== 'text';
}

/** The scale SUM/AVG accumulates at (expr/aggregate.ts `exactSumParts`). */
function sumScale(t: ColumnType): number {
  return t.kind === 'decimal' ? t.scale ?? 0 : 0;
}

interface RowArg {
  f: CompiledExpr;
  refs: number[];
  row: Value[];
  values: Value[];
}

export class PartialAggregator {
  private readonly groups: GroupSlots;
  private readonly accs: Accumulator[];
  private readonly vectorArgs: VectorExpr[] = [];
  private readonly columnArgs: { pos: number; values: Value[] }[] = [];
  private readonly rowArgs: RowArg[] = [];
  private readonly residual: { f: CompiledExpr; refs: number[]; row: Value[] } | null;
  private residualSel = new Int32Array(0);
  private grown = 0;
  private order = new Int32Array(0);
  private readonly starts = new Int32Array(RUN_GROUPS_MAX + 1);
  private readonly cursor = new Int32Array(RUN_GROUPS_MAX);

  constructor(private readonly setup: PartialAggSetup) {
    const width = setup.columnTypes.length;
    for (const p of setup.groupBy) assert(p >= 0 && p < width, 'GROUP BY column within the batch');
    this.groups = new GroupSlots(setup.groupBy.map((p) => setup.columnTypes[p]));
    const cache: NodeCache = new Map();
    const args = new Map<string, AggArg>();
    this.accs = setup.aggs.map((a) => this.accumulator(a, this.argOf(a.arg, width, cache, args)));
    const residual = setup.residual ?? [];
    if (residual.length > 0) {
      const fs = residual.map((r) => compileExpr(r, setup.opts ?? {}));
      const refs = new Set<number>();
      for (const r of residual) collectPositions(r, refs);
      this.residual = {
        f: fs.length === 1 ? fs[0] : (row) => (fs.every((f) => isTrue(f(row))) ? 1 : 0),
        refs: [...refs],
        row: new Array<Value>(width).fill(null),
      };
    } else this.residual = null;
    if (setup.groupBy.length === 0) this.grow(1);
  }

  /** The argument reader of `arg`, shared between aggregates with the same argument. */
  private argOf(arg: BoundExpr | null, width: number, cache: NodeCache, args: Map<string, AggArg>): AggArg {
    if (arg === null) return { kind: 'star' };
    const key = exprKey(arg);
    const hit = args.get(key);
    if (hit !== undefined) return hit;
    let out: AggArg;
    const ve = vectorClassOf(arg.type) !== null ? VectorExpr.compile(arg, width, this.setup.opts ?? {}, cache) : null;
    if (ve !== null) {
      this.vectorArgs.push(ve);
      out = { kind: 'vector', ve };
    } else if (arg.kind === 'col') {
      const values: Value[] = [];
      this.columnArgs.push({ pos: arg.index, values });
      out = { kind: 'values', type: arg.type, values, column: arg.index };
    } else {
      const refs = new Set<number>();
      collectPositions(arg, refs);
      const values: Value[] = [];
      this.rowArgs.push({ f: compileExpr(arg, this.setup.opts ?? {}), refs: [...refs], row: new Array<Value>(width).fill(null), values });
      out = { kind: 'values', type: arg.type, values, column: null };
    }
    args.set(key, out);
    return out;
  }

  private accumulator(a: PartialAggDef, arg: AggArg): Accumulator {
    const t = a.arg?.type;
    switch (a.fn) {
      case 'count':
        return new CountAccumulator(arg);
      case 'sum':
      case 'avg':
        assert(t !== undefined, `${a.fn} has an argument`);
        return isExactSumType(t) ? new ExactSumAccumulator(arg, sumScale(t), t, a.fn === 'avg') : new DoubleSumAccumulator(arg, t, a.fn === 'avg');
      case 'min':
      case 'max':
        assert(t !== undefined, `${a.fn} has an argument`);
        return new ExtremumAccumulator(arg, t, a.fn === 'max');
    }
  }

  private grow(groups: number): void {
    if (groups <= this.grown) return;
    for (const acc of this.accs) acc.grow(groups);
    this.grown = groups;
  }

  /** The selection after the residual filters (rows where every filter is true). */
  private filter(b: ColumnBatch, sel: Int32Array, count: number): { sel: Int32Array; count: number } {
    const r = this.residual;
    if (r === null) return { sel, count };
    if (this.residualSel.length < count) this.residualSel = new Int32Array(Math.max(count, 256));
    const out = this.residualSel;
    let n = 0;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      for (const p of r.refs) r.row[p] = valueAt(b.columns[p], i);
      if (isTrue(r.f(r.row))) out[n++] = i;
    }
    return { sel: out, count: n };
  }

  /** Adds the selected rows of one batch (columns as in `setup.columnTypes`). */
  addBatch(b: ColumnBatch): void {
    assert(b.columns.length === this.setup.columnTypes.length, 'a batch has the request columns');
    const s0 = selectionOf(b);
    const { sel, count } = this.filter(b, s0.sel, s0.count);
    if (count === 0) return;
    const keys = this.setup.groupBy.map((p) => b.columns[p]);
    const slots = this.groups.assign(keys, sel, count, b.length);
    this.grow(this.groups.groupCount);
    const serial = VectorExpr.nextSerial();
    for (const ve of this.vectorArgs) ve.eval(b.columns, sel, count, b.length, serial);
    for (const c of this.columnArgs) readColumn(b.columns[c.pos], sel, count, c.values);
    for (const r of this.rowArgs) {
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        for (const p of r.refs) r.row[p] = valueAt(b.columns[p], i);
        r.values[i] = r.f(r.row);
      }
    }
    const grouped = this.setup.groupBy.length > 0;
    const runs = grouped && this.groups.groupCount <= RUN_GROUPS_MAX ? this.runsOf(slots, sel, count) : null;
    const input = { columns: b.columns, sel, count, slots, oneSlot: !grouped, runs };
    for (const acc of this.accs) acc.add(input);
  }

  /** The selected rows ordered by slot (a counting sort; few groups). */
  private runsOf(slots: Int32Array, sel: Int32Array, count: number): { order: Int32Array; starts: Int32Array; groups: number } {
    const groups = this.groups.groupCount;
    if (this.order.length < count) this.order = new Int32Array(Math.max(count, 2 * this.order.length, 256));
    const starts = this.starts;
    starts.fill(0, 0, groups + 1);
    for (let k = 0; k < count; k++) starts[slots[sel[k]] + 1]++;
    for (let s = 0; s < groups; s++) starts[s + 1] += starts[s];
    const at = this.cursor;
    at.set(starts.subarray(0, groups));
    const order = this.order;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      order[at[slots[i]]++] = i;
    }
    return { order, starts, groups };
  }

  /** One row per group: keys, then the partial values of each aggregate. */
  rows(): Value[][] {
    const out: Value[][] = [];
    const n = this.setup.groupBy.length === 0 ? 1 : this.groups.groupCount;
    for (let s = 0; s < n; s++) {
      const row = this.setup.groupBy.length === 0 ? [] : this.groups.keysOf(s);
      for (const acc of this.accs) acc.emit(s, row);
      out.push(row);
    }
    return out;
  }
}

function collectPositions(e: BoundExpr, out: Set<number>): void {
  if (e.kind === 'col') out.add(e.index);
  else if (e.kind === 'call') for (const a of e.args) collectPositions(a, out);
}
