/**
 * Vectorized evaluation of numeric expressions over decoded column batches (OceanBase's
 * vectorized expression engine: `eval_vector` over `ObIVector`s with a skip bitmap).
 *
 * `VectorExpr.compile(e, columnTypes)` turns an arithmetic expression — columns, constants,
 * `+ - * /` and unary minus — whose column references are positions in a batch's columns into
 * a tree of nodes, each owning reusable typed-array buffers. `eval(columns, sel, count)` fills,
 * for every selected row i:
 *
 *   nulls[i] = 1                      the value is SQL NULL
 *   slow[i]  = 1, slowValues[i] = v   the fast path could not compute it exactly; v is what the
 *                                     row executor (expr/compile.ts) computes for that row
 *   values[i]                         otherwise: exact classes (integers, DECIMAL) hold the
 *                                     unscaled integer at `scale`; DOUBLE holds the IEEE value
 *
 * Exactness: integer and DECIMAL arithmetic runs on unscaled integers in Float64Arrays. While
 * every operand and result stays within ±(2^53 − 1) the f64 result is the exact integer, so it
 * equals what `Decimal` arithmetic gives (same argument as expr/compile_scaled.ts); a row where an
 * intermediate would leave that range, or whose input is a bigint or an oversized Decimal, is
 * marked slow and evaluated by the row executor — the same closure the row path runs, so results
 * (DECIMAL scales, BIGINT overflow errors, division by zero → NULL) are bit-identical. Operations
 * the vector path does not implement (DECIMAL `/`, `%`, DIV, UNSIGNED results, functions) are
 * evaluated per row by the row executor for their subtree only. DOUBLE arithmetic is IEEE, as in
 * the row path; an exact operand converts as `Decimal.toNumber()` does (u / 10^s is the correctly
 * rounded quotient of two exact doubles, like parsing the decimal text).
 *
 * No allocation per row on the fast path: buffers grow to the largest batch and are reused.
 * Identical subexpressions (by `exprKey`) share one node when compiled with the same cache, and a
 * node is evaluated once per batch however many parents read it.
 */
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import { DECIMAL_SCALE_MAX } from '../../common/limits';
import { isIntegerType, type ColumnType, type Value } from '../../common/value';
import type { ColumnVector } from '../../storage/encoding/types';
import type { BoundExpr, CompiledExpr } from '../expr/bound';
import type { CompileOptions } from '../expr/registry';
import { anyToDouble } from '../expr/convert';
import { compileExpr } from '../plan/expr_api';
import { exprKey } from '../plan/plan_expr';
import { valueAt } from './column_vector';

const SAFE = Number.MAX_SAFE_INTEGER;
/** 10^k as exact doubles (k ≤ 22). */
const POW10: number[] = [];
for (let i = 0, p = 1; i <= 22; i++, p *= 10) POW10.push(p);

/** How a node's values are represented: exact unscaled integers at a scale, or doubles. */
export type VectorClass = { cls: 'exact'; scale: number; decimal: boolean } | { cls: 'double' };

/** The vector class of a numeric type, or null (strings, temporals, UNSIGNED results). */
export function vectorClassOf(t: ColumnType): VectorClass | null {
  if (t.kind === 'double' || t.kind === 'float') return { cls: 'double' };
  if (t.kind === 'decimal') return { cls: 'exact', scale: t.scale ?? 0, decimal: true };
  if (isIntegerType(t) || t.kind === 'null') return { cls: 'exact', scale: 0, decimal: false };
  return null;
}

/** A DECIMAL has no negative zero (integers, as JavaScript numbers, keep it like the row executor). */
function zeroOf(vc: VectorClass): number {
  return vc.cls === 'exact' && vc.decimal ? 0 : -0;
}

/** Shared all-zero bytes: the NULL and slow flags of outputs that have none (never written). */
let ZEROS = new Uint8Array(0);
function zeros(length: number): Uint8Array {
  if (ZEROS.length < length) ZEROS = new Uint8Array(Math.max(length, 2 * ZEROS.length, 4096));
  return ZEROS;
}

/**
 * A node's output for the current batch, indexed by row number. `values` may be the storage
 * vector's own array (a column read as it is); `nulls` / `slow` are the shared zeros when
 * `anyNull` / `anySlow` are false. `maxAbs` bounds |values| of the selected exact rows that are
 * neither NULL nor slow: operations whose bound stays within 2^53 − 1 skip the per-row checks
 * (the per-batch overflow analysis).
 */
class Buf {
  private ownValues = new Float64Array(0);
  private ownNulls = new Uint8Array(0);
  private ownSlow = new Uint8Array(0);
  values: Float64Array = this.ownValues;
  nulls: Uint8Array = this.ownNulls;
  slow: Uint8Array = this.ownSlow;
  anyNull = false;
  anySlow = false;
  maxAbs = 0;

  /** Points at this buffer's own arrays (≥ `length`), for a node that writes all three. */
  own(length: number): void {
    if (this.ownValues.length < length) {
      const n = Math.max(length, 2 * this.ownValues.length, 256);
      this.ownValues = new Float64Array(n);
      this.ownNulls = new Uint8Array(n);
      this.ownSlow = new Uint8Array(n);
    }
    this.values = this.ownValues;
    this.nulls = this.ownNulls;
    this.slow = this.ownSlow;
  }

  /** Own values, no NULL and no slow row. */
  ownClean(length: number): void {
    this.own(length);
    this.nulls = zeros(length);
    this.slow = zeros(length);
    this.anyNull = false;
    this.anySlow = false;
  }
}

/** What every node's eval sees: the batch's columns and its selection. */
interface Input {
  columns: readonly ColumnVector[];
  sel: Int32Array;
  count: number;
  length: number;
  /** Batch serial: a node evaluates once per batch. */
  serial: number;
}

abstract class Node {
  readonly out = new Buf();
  private seen = -1;

  constructor(readonly vc: VectorClass) {}

  eval(input: Input): void {
    if (this.seen === input.serial) return;
    this.seen = input.serial;
    this.fill(input);
  }

  protected abstract fill(input: Input): void;
}

class ConstNode extends Node {
  private readonly v: number;
  private readonly isNull: boolean;
  private readonly isSlow: boolean;
  private filled = 0;

  constructor(vc: VectorClass, value: Value) {
    super(vc);
    this.isNull = value === null;
    this.v = value === null ? 0 : vc.cls === 'double' ? anyToDouble(value) : exactOf(value, vc.scale) + zeroOf(vc);
    this.isSlow = !this.isNull && this.v !== this.v;
  }

  protected fill({ length }: Input): void {
    const out = this.out;
    out.own(length);
    if (this.filled < out.values.length) {
      // Constant output: written once per buffer size.
      out.values.fill(this.v);
      out.nulls.fill(this.isNull ? 1 : 0);
      out.slow.fill(this.isSlow ? 1 : 0);
      this.filled = out.values.length;
    }
    out.anyNull = this.isNull;
    out.anySlow = this.isSlow;
    out.maxAbs = this.isNull || this.isSlow ? 0 : Math.abs(this.v);
  }
}

/** A value as an unscaled integer at `scale` when exact and safe, else NaN. */
function exactOf(v: Value, scale: number): number {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || scale > 22) return NaN;
    const r = v * POW10[scale];
    return r <= SAFE && r >= -SAFE ? r : NaN;
  }
  if (v instanceof Decimal) {
    if (v.scale > scale) return NaN;
    const n = Number(v.scale === scale ? v.unscaled : v.rescale(scale).unscaled);
    return n <= SAFE && n >= -SAFE ? n : NaN;
  }
  if (typeof v === 'bigint') return scale === 0 && v <= BigInt(SAFE) && v >= -BigInt(SAFE) ? Number(v) : NaN;
  return NaN;
}

/** max |src[i]| over the selected rows (NULL rows included: their slot is some finite number or 0). */
function maxAbsOf(src: Float64Array, nulls: Uint8Array | null, sel: Int32Array, count: number): number {
  let m = 0;
  if (nulls === null) {
    for (let k = 0; k < count; k++) {
      const x = src[sel[k]];
      const a = x < 0 ? -x : x;
      if (a > m) m = a;
    }
    return m;
  }
  for (let k = 0; k < count; k++) {
    const i = sel[k];
    if (nulls[i] === 1) continue;
    const x = src[i];
    const a = x < 0 ? -x : x;
    if (a > m) m = a;
  }
  return m;
}

/** A column of the batch, converted to the node's class. */
class ColumnNode extends Node {
  private dict: readonly Value[] | null = null;
  private dictValues = new Float64Array(0);
  private dictFlags = new Uint8Array(0);
  private scratch = 0;

  constructor(
    vc: VectorClass,
    private readonly pos: number,
  ) {
    super(vc);
  }

  /** One Value converted into `scratch`: returns 0 (ok), 1 (NULL) or 2 (slow). */
  private convert(v: Value): number {
    if (v === null) return 1;
    const x = this.vc.cls === 'double' ? (typeof v === 'number' ? v : anyToDouble(v)) : exactOf(v, this.vc.scale) + zeroOf(this.vc);
    this.scratch = x;
    return x === x ? 0 : 2;
  }

  private loadDict(dict: readonly Value[]): void {
    if (this.dict === dict) return;
    this.dict = dict;
    if (this.dictValues.length < dict.length) {
      this.dictValues = new Float64Array(dict.length);
      this.dictFlags = new Uint8Array(dict.length);
    }
    for (let c = 0; c < dict.length; c++) {
      this.dictFlags[c] = this.convert(dict[c]);
      this.dictValues[c] = this.scratch;
    }
  }

  protected fill({ columns, sel, count, length }: Input): void {
    const v = columns[this.pos];
    const d = v.data;
    const out = this.out;
    const exact = this.vc.cls === 'exact';
    const scale = exact ? (this.vc as { scale: number }).scale : 0;
    if (d.kind === 'int' || d.kind === 'double' || d.kind === 'decimal') {
      const src = d.kind === 'decimal' ? d.unscaled : d.values;
      const srcScale = d.kind === 'decimal' ? d.scale : 0;
      const sameScale = exact ? d.kind !== 'double' && srcScale === scale : d.kind !== 'decimal';
      if (sameScale) {
        // The storage vector as it is: no copy (its unscaled integers are within ±2^53 by contract).
        out.values = src;
        out.nulls = v.nulls ?? zeros(length);
        out.anyNull = v.nulls !== null;
        out.slow = zeros(length);
        out.anySlow = false;
        out.maxAbs = exact ? maxAbsOf(src, v.nulls, sel, count) : Infinity;
        return;
      }
      if (exact && d.kind !== 'double' && scale >= srcScale && scale - srcScale <= 22) {
        return this.fillScaled(v, src, POW10[scale - srcScale], 1, sel, count, length);
      }
      if (!exact && d.kind === 'decimal' && srcScale <= 22) return this.fillScaled(v, src, 1, POW10[srcScale], sel, count, length);
    } else if (d.kind === 'dict') {
      return this.fillDict(v, d.codes, d.dict, sel, count, length);
    }
    this.fillSlowly(v, sel, count, length);
  }

  /** A native vector at another scale (exact: × `up` = 10^k) or a DECIMAL read as doubles (÷ `div` = 10^s). */
  private fillScaled(v: ColumnVector, src: Float64Array, up: number, div: number, sel: Int32Array, count: number, length: number): void {
    const out = this.out;
    out.own(length);
    const { values, nulls, slow } = out;
    const vn = v.nulls;
    const exact = this.vc.cls === 'exact';
    const z = zeroOf(this.vc);
    let m = 0;
    let anySlow = false;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (vn !== null && vn[i] === 1) {
        nulls[i] = 1;
        slow[i] = 0;
        continue;
      }
      nulls[i] = 0;
      const r = exact ? src[i] * up + z : src[i] / div;
      values[i] = r;
      const a = r < 0 ? -r : r;
      const bad = exact && a > SAFE;
      slow[i] = bad ? 1 : 0;
      if (bad) anySlow = true;
      else if (a > m) m = a;
    }
    out.anyNull = vn !== null;
    out.anySlow = anySlow;
    out.maxAbs = exact ? m : Infinity;
  }

  private fillDict(v: ColumnVector, codes: Int32Array, dict: readonly Value[], sel: Int32Array, count: number, length: number): void {
    this.loadDict(dict);
    const out = this.out;
    out.own(length);
    const { values, nulls, slow } = out;
    const dv = this.dictValues;
    const df = this.dictFlags;
    const vn = v.nulls;
    let m = 0;
    let anyNull = false;
    let anySlow = false;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (vn !== null && vn[i] === 1) {
        nulls[i] = 1;
        slow[i] = 0;
        anyNull = true;
        continue;
      }
      const c = codes[i];
      const f = df[c];
      nulls[i] = f === 1 ? 1 : 0;
      slow[i] = f === 2 ? 1 : 0;
      const x = dv[c];
      values[i] = x;
      if (f === 0) {
        const a = x < 0 ? -x : x;
        if (a > m) m = a;
      } else if (f === 1) anyNull = true;
      else anySlow = true;
    }
    out.anyNull = anyNull;
    out.anySlow = anySlow;
    out.maxAbs = this.vc.cls === 'exact' ? m : Infinity;
  }

  /** Row by row through Values (the 'values' shape, or an unexpected representation). */
  private fillSlowly(v: ColumnVector, sel: Int32Array, count: number, length: number): void {
    const out = this.out;
    out.own(length);
    const { values, nulls, slow } = out;
    let m = 0;
    let anyNull = false;
    let anySlow = false;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      const f = this.convert(valueAt(v, i));
      nulls[i] = f === 1 ? 1 : 0;
      slow[i] = f === 2 ? 1 : 0;
      const x = this.scratch;
      values[i] = x;
      if (f === 0) {
        const a = x < 0 ? -x : x;
        if (a > m) m = a;
      } else if (f === 1) anyNull = true;
      else anySlow = true;
    }
    out.anyNull = anyNull;
    out.anySlow = anySlow;
    out.maxAbs = this.vc.cls === 'exact' ? m : Infinity;
  }
}

/** An exact node read as doubles (a DOUBLE operation over an integer or DECIMAL operand). */
class ToDoubleNode extends Node {
  private readonly div: number;

  constructor(private readonly child: Node) {
    super({ cls: 'double' });
    assert(child.vc.cls === 'exact', 'ToDouble over an exact node');
    this.div = POW10[child.vc.scale];
  }

  protected fill(input: Input): void {
    this.child.eval(input);
    const c = this.child.out;
    const out = this.out;
    const { sel, count, length } = input;
    if (this.div === 1) {
      // Integers are their own doubles.
      out.values = c.values;
      out.nulls = c.nulls;
      out.slow = c.slow;
    } else {
      out.own(length);
      const values = out.values;
      const src = c.values;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        values[i] = src[i] / this.div;
      }
      out.nulls = c.nulls;
      out.slow = c.slow;
    }
    out.anyNull = c.anyNull;
    out.anySlow = c.anySlow;
    out.maxAbs = Infinity;
  }
}

type Op = '+' | '-' | '*' | '/';

/** `a op b` on exact unscaled integers (result scale checked at compile time) or doubles. */
class BinaryNode extends Node {
  private readonly ma: number;
  private readonly mb: number;

  constructor(
    vc: VectorClass,
    private readonly op: Op,
    private readonly a: Node,
    private readonly b: Node,
  ) {
    super(vc);
    if (vc.cls === 'exact' && op !== '*') {
      this.ma = POW10[vc.scale - (a.vc as { scale: number }).scale];
      this.mb = POW10[vc.scale - (b.vc as { scale: number }).scale];
    } else {
      this.ma = 1;
      this.mb = 1;
    }
  }

  protected fill(input: Input): void {
    this.a.eval(input);
    this.b.eval(input);
    const A = this.a.out;
    const B = this.b.out;
    const exact = this.vc.cls === 'exact';
    const bound = this.op === '*' ? A.maxAbs * B.maxAbs : A.maxAbs * this.ma + B.maxAbs * this.mb;
    const clean = !A.anyNull && !B.anyNull && !A.anySlow && !B.anySlow;
    if (clean && this.op !== '/' && (!exact || bound <= SAFE)) return this.fillFast(input, bound);
    this.fillChecked(input);
  }

  /** No NULL, no slow row, no overflow possible: one operation per row. */
  private fillFast({ sel, count, length }: Input, bound: number): void {
    const out = this.out;
    out.ownClean(length);
    const V = out.values;
    const Av = this.a.out.values;
    const Bv = this.b.out.values;
    const ma = this.ma;
    const mb = this.mb;
    const z = zeroOf(this.vc);
    switch (this.op) {
      case '+':
        for (let k = 0; k < count; k++) {
          const i = sel[k];
          V[i] = Av[i] * ma + Bv[i] * mb + z;
        }
        break;
      case '-':
        for (let k = 0; k < count; k++) {
          const i = sel[k];
          V[i] = Av[i] * ma - Bv[i] * mb + z;
        }
        break;
      default:
        for (let k = 0; k < count; k++) {
          const i = sel[k];
          V[i] = Av[i] * Bv[i] + z;
        }
    }
    out.maxAbs = this.vc.cls === 'exact' ? bound : Infinity;
  }

  /** Per-row NULL, slow and overflow checks. */
  private fillChecked({ sel, count, length }: Input): void {
    const A = this.a.out;
    const B = this.b.out;
    const out = this.out;
    out.own(length);
    const { values, nulls, slow } = out;
    const exact = this.vc.cls === 'exact';
    const op = this.op;
    const ma = this.ma;
    const mb = this.mb;
    // x + 0 turns −0 into 0 (DECIMAL results), x + −0 keeps x (integer and DOUBLE results).
    const z = zeroOf(this.vc);
    let m = 0;
    let anyNull = false;
    let anySlow = false;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      // As the row executor: the left operand first (its error, if any, surfaces even when the
      // right one is NULL), a NULL left operand skips the right one.
      if (A.nulls[i] === 1 || (A.slow[i] === 0 && B.nulls[i] === 1)) {
        nulls[i] = 1;
        slow[i] = 0;
        anyNull = true;
        continue;
      }
      nulls[i] = 0;
      if ((A.slow[i] | B.slow[i]) === 1) {
        slow[i] = 1;
        anySlow = true;
        continue;
      }
      const x = A.values[i] * ma;
      const y = B.values[i] * mb;
      if (op === '/') {
        // DOUBLE division (exact division is a row node); by zero → NULL.
        if (y === 0) {
          nulls[i] = 1;
          anyNull = true;
        } else values[i] = x / y;
        slow[i] = 0;
        continue;
      }
      const r = (op === '+' ? x + y : op === '-' ? x - y : x * y) + z;
      values[i] = r;
      const bad = exact && !(x <= SAFE && x >= -SAFE && y <= SAFE && y >= -SAFE && r <= SAFE && r >= -SAFE);
      slow[i] = bad ? 1 : 0;
      if (bad) anySlow = true;
      else if (r > m) m = r;
      else if (-r > m) m = -r;
    }
    out.anyNull = anyNull;
    out.anySlow = anySlow;
    out.maxAbs = exact ? m : Infinity;
  }
}

class NegNode extends Node {
  constructor(
    vc: VectorClass,
    private readonly a: Node,
  ) {
    super(vc);
  }

  protected fill(input: Input): void {
    this.a.eval(input);
    const A = this.a.out;
    const out = this.out;
    const { sel, count, length } = input;
    out.own(length);
    const values = out.values;
    const src = A.values;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      values[i] = 0 - src[i];
    }
    out.nulls = A.nulls;
    out.slow = A.slow;
    out.anyNull = A.anyNull;
    out.anySlow = A.anySlow;
    out.maxAbs = A.maxAbs;
  }
}

/** A subtree the vector path does not implement: the row executor per selected row. */
class RowNode extends Node {
  private readonly f: CompiledExpr;
  private readonly refs: number[];
  private readonly row: Value[];

  constructor(vc: VectorClass, e: BoundExpr, width: number, opts: CompileOptions) {
    super(vc);
    this.f = compileExpr(e, opts);
    this.refs = [...refsOf(e)];
    this.row = new Array<Value>(width).fill(null);
  }

  protected fill({ columns, sel, count, length }: Input): void {
    const out = this.out;
    out.own(length);
    const { values, nulls, slow } = out;
    const row = this.row;
    const refs = this.refs;
    const exact = this.vc.cls === 'exact';
    const scale = exact ? (this.vc as { scale: number }).scale : 0;
    let m = 0;
    let anyNull = false;
    let anySlow = false;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      for (let r = 0; r < refs.length; r++) row[refs[r]] = valueAt(columns[refs[r]], i);
      let v: Value;
      try {
        v = this.f(row);
      } catch {
        // The row executor may never evaluate this subtree for this row (a NULL operand before
        // it): leave the row to the whole expression's evaluation, which raises it if it does.
        nulls[i] = 0;
        slow[i] = 1;
        anySlow = true;
        continue;
      }
      if (v === null) {
        nulls[i] = 1;
        slow[i] = 0;
        anyNull = true;
        continue;
      }
      nulls[i] = 0;
      const x = exact ? exactOf(v, scale) + zeroOf(this.vc) : typeof v === 'number' ? v : anyToDouble(v);
      values[i] = x;
      if (x === x) {
        slow[i] = 0;
        if (x > m) m = x;
        else if (-x > m) m = -x;
      } else {
        slow[i] = 1;
        anySlow = true;
      }
    }
    out.anyNull = anyNull;
    out.anySlow = anySlow;
    out.maxAbs = exact ? m : Infinity;
  }
}

function refsOf(e: BoundExpr, out = new Set<number>()): Set<number> {
  if (e.kind === 'col') out.add(e.index);
  else if (e.kind === 'call') for (const a of e.args) refsOf(a, out);
  return out;
}

/** Shared nodes of the expressions compiled for one batch shape (common subexpressions). */
export type NodeCache = Map<string, Node>;

interface CompileCtx {
  width: number;
  opts: CompileOptions;
  cache: NodeCache;
}

function compileNode(e: BoundExpr, c: CompileCtx): Node | null {
  const vc = vectorClassOf(e.type);
  if (vc === null || e.type.unsigned) return null;
  const key = exprKey(e) + (vc.cls === 'double' ? ':d' : `:${vc.scale}`);
  const hit = c.cache.get(key);
  if (hit !== undefined) return hit;
  const node = buildNode(e, vc, c);
  if (node !== null) c.cache.set(key, node);
  return node;
}

function buildNode(e: BoundExpr, vc: VectorClass, c: CompileCtx): Node | null {
  if (e.kind === 'const') return new ConstNode(vc, e.value);
  if (e.kind === 'col') {
    assert(e.index >= 0 && e.index < c.width, `vector column ${e.name} within the batch`);
    return new ColumnNode(vc, e.index);
  }
  const row = () => new RowNode(vc, e, c.width, c.opts);
  if (e.fn === 'neg' && e.args.length === 1) {
    const a = operand(e.args[0], vc, c);
    return a === null ? row() : new NegNode(vc, a);
  }
  if ((e.fn === '+' || e.fn === '-' || e.fn === '*' || e.fn === '/') && e.args.length === 2) {
    if (e.fn === '/' && vc.cls === 'exact') return row();
    const a = operand(e.args[0], vc, c);
    const b = operand(e.args[1], vc, c);
    if (a === null || b === null) return row();
    if (vc.cls === 'exact' && !exactScalesFit(e.fn, vc.scale, a.vc, b.vc)) return row();
    return new BinaryNode(vc, e.fn, a, b);
  }
  return row();
}

/** An operand node in the parent's class (exact operands of a DOUBLE operation read as doubles). */
function operand(e: BoundExpr, parent: VectorClass, c: CompileCtx): Node | null {
  const n = compileNode(e, c);
  if (n === null) return null;
  if (parent.cls === 'double' && n.vc.cls === 'exact') return n.vc.scale <= 22 ? new ToDoubleNode(n) : null;
  if (parent.cls === 'exact' && n.vc.cls !== 'exact') return null;
  return n;
}

/** MySQL result scales the unscaled arithmetic reproduces: ± → max(sa, sb), × → sa + sb ≤ 30. */
function exactScalesFit(op: Op, scale: number, a: VectorClass, b: VectorClass): boolean {
  const sa = (a as { scale: number }).scale;
  const sb = (b as { scale: number }).scale;
  if (op === '*') return sa + sb === scale && scale <= DECIMAL_SCALE_MAX;
  return Math.max(sa, sb) === scale && scale - sa <= 22 && scale - sb <= 22;
}

let SERIAL = 0;

/** A compiled numeric expression over batch columns (see the module comment). */
export class VectorExpr {
  /** Row-executor results of the rows marked slow by the last `eval`. */
  readonly slowValues: Value[] = [];
  private readonly f: CompiledExpr;
  private readonly refs: number[];
  private readonly row: Value[];

  private constructor(
    private readonly root: Node,
    readonly type: ColumnType,
    e: BoundExpr,
    width: number,
    opts: CompileOptions,
  ) {
    this.f = compileExpr(e, opts);
    this.refs = [...refsOf(e)];
    this.row = new Array<Value>(width).fill(null);
  }

  /**
   * Compiles `e` (column indexes = positions among `width` batch columns) or returns null when its
   * type is not numeric (strings, temporals, UNSIGNED: use the row executor). `cache` shares
   * nodes between the expressions evaluated over the same batches.
   */
  static compile(e: BoundExpr, width: number, opts: CompileOptions = {}, cache: NodeCache = new Map()): VectorExpr | null {
    const vc = vectorClassOf(e.type);
    if (vc === null || e.type.unsigned) return null;
    const c: CompileCtx = { width, opts, cache };
    const root = compileNode(e, c) ?? new RowNode(vc, e, width, opts);
    return new VectorExpr(root, e.type, e, width, opts);
  }

  get vc(): VectorClass {
    return this.root.vc;
  }

  get values(): Float64Array {
    return this.root.out.values;
  }

  get nulls(): Uint8Array {
    return this.root.out.nulls;
  }

  get slow(): Uint8Array {
    return this.root.out.slow;
  }

  /** False when no selected row of the last batch is NULL (`nulls` is then all zeros). */
  get anyNull(): boolean {
    return this.root.out.anyNull;
  }

  /** False when no selected row of the last batch needed the row executor. */
  get anySlow(): boolean {
    return this.root.out.anySlow;
  }

  /** Exact results: a bound on |values| of the selected rows that are neither NULL nor slow. */
  get maxAbs(): number {
    return this.root.out.maxAbs;
  }

  /**
   * Evaluates the selected rows of a batch; `serial` identifies the batch (a shared node is
   * evaluated once per serial: pass the same one for every expression of one batch). Rows the
   * fast path marked slow are evaluated by the row executor into `slowValues`. Throws the
   * ObErrors the row executor throws (BIGINT overflow).
   */
  eval(columns: readonly ColumnVector[], sel: Int32Array, count: number, length: number, serial: number): void {
    this.root.eval({ columns, sel, count, length, serial });
    if (!this.root.out.anySlow) return;
    const slow = this.root.out.slow;
    const row = this.row;
    const refs = this.refs;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (slow[i] !== 1) continue;
      for (let r = 0; r < refs.length; r++) row[refs[r]] = valueAt(columns[refs[r]], i);
      this.slowValues[i] = this.f(row);
    }
  }

  /** A fresh batch serial (once per batch, shared by every expression evaluated on it). */
  static nextSerial(): number {
    return ++SERIAL;
  }

  /** Row i's value as the row executor would return it (tests and materialization). */
  valueAt(i: number): Value {
    const out = this.root.out;
    if (out.nulls[i] === 1) return null;
    if (out.slow[i] === 1) return this.slowValues[i];
    const x = out.values[i];
    const vc = this.root.vc;
    if (vc.cls === 'double') return x;
    if (this.type.kind === 'decimal') return new Decimal(BigInt(x), vc.scale);
    return x;
  }
}
