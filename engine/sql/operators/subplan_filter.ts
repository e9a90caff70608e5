/**
 * SUBPLAN FILTER (OceanBase's `ObSubPlanFilterOp`): for each row of its first child, evaluates the
 * subqueries (its other children) and appends their values to the row — a scalar subquery's single
 * value, EXISTS as 1/0, `x [NOT] IN (subquery)` as 1/0/NULL with MySQL's NULL rules — then applies
 * the node's filters (the WHERE/HAVING conjuncts that read those values).
 *
 * Uncorrelated subqueries run once ("onetime exprs"); correlated ones run per distinct parameter
 * tuple (the outer columns they read), with their plan re-prepared for the bound values and the
 * results cached by those values. Errors: `Errors.subqueryMoreThanOneRow` (ERROR 1242).
 */
import { Errors } from '../../common/ob_error';
import type { Value } from '../../common/value';
import type { BoundExpr, CompiledExpr } from '../expr/bound';
import { compareValues, hashKey } from '../plan/expr_api';
import type { SubplanFilterNode, SubqueryRef } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { constExpr, layoutMap } from '../plan/plan_expr';
import { substitutePlan } from '../plan/plan_substitute';
import { compileFilters, compileOn, drain, type Batch, type ExecEnv, type Operator, type Row } from './operator';

/** Correlated results kept per subquery (distinct parameter tuples). */
const PARAM_CACHE_ENTRIES_MAX = 65536;

interface SubqueryRuntime {
  ref: SubqueryRef;
  left: CompiledExpr[];
  paramPos: number[];
  cache: Map<string, Value[][]>;
  /** Uncorrelated single-column IN: the set of non-NULL keys and whether a NULL row exists. */
  inSet?: { keys: Set<string | number>; hasNull: boolean; empty: boolean };
}

export class SubplanFilterOp implements Operator {
  readonly layout: number[];
  private readonly subs: SubqueryRuntime[];
  private readonly pred: ((row: Row) => boolean) | null;

  constructor(
    node: SubplanFilterNode,
    private readonly child: Operator,
    private readonly env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
    const pos = layoutMap(child.layout);
    this.subs = node.subqueries.map((ref) => ({
      ref,
      left: ref.left.map((e) => compileOn(e, child.layout, env)),
      paramPos: ref.params.map((p) => {
        const i = pos.get(p.id);
        if (i === undefined) throw Errors.notSupported(`Correlated reference to ${p.name} here`);
        return i;
      }),
      cache: new Map(),
    }));
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  private async rows(s: SubqueryRuntime, row: Row): Promise<Value[][]> {
    const params = s.paramPos.map((i) => row[i]);
    const key = params.map((v) => (v === null ? '\u0000' : `${typeof v}:${String(v)}`)).join('\u0001');
    const hit = s.cache.get(key);
    if (hit) return hit;
    // Uncorrelated: the optimized plan as is; correlated: re-optimized from the resolved plan
    // with the parameters bound to this row's values.
    const plan =
      s.ref.params.length === 0
        ? s.ref.plan
        : this.env.prepare(substitutePlan(s.ref.rawPlan, new Map<number, BoundExpr>(s.ref.params.map((p, i) => [p.id, constExpr(params[i], p.type)]))));
    const limit = s.ref.mode === 'exists' ? 1 : s.ref.mode === 'scalar' ? 2 : Infinity;
    const out = await drain(this.env.build(plan), limit);
    if (s.cache.size >= PARAM_CACHE_ENTRIES_MAX) s.cache.clear();
    s.cache.set(key, out);
    return out;
  }

  private async value(s: SubqueryRuntime, row: Row): Promise<Value> {
    const ref = s.ref;
    if (ref.mode === 'in' && s.paramPos.length === 0 && s.left.length === 1) return this.inSetValue(s, row);
    const rows = await this.rows(s, row);
    switch (ref.mode) {
      case 'scalar':
        if (rows.length > 1) throw Errors.subqueryMoreThanOneRow();
        return rows.length === 0 ? null : rows[0][0];
      case 'exists':
        return (rows.length > 0) !== ref.not ? 1 : 0;
      case 'in':
        return negate(inRows(s.left.map((f) => f(row)), rows, ref), ref.not);
    }
  }

  private async inSetValue(s: SubqueryRuntime, row: Row): Promise<Value> {
    if (s.inSet === undefined) {
      const rows = await this.rows(s, row);
      const keys = new Set<string | number>();
      let hasNull = false;
      for (const r of rows) {
        if (r[0] === null) hasNull = true;
        else keys.add(hashKey(r[0], s.ref.compareKinds[0]));
      }
      s.inSet = { keys, hasNull, empty: rows.length === 0 };
    }
    const set = s.inSet;
    const v = s.left[0](row);
    if (set.empty) return s.ref.not ? 1 : 0;
    if (v === null) return null;
    if (set.keys.has(hashKey(v, s.ref.compareKinds[0]))) return s.ref.not ? 0 : 1;
    return set.hasNull ? null : s.ref.not ? 1 : 0;
  }

  async next(): Promise<Batch | null> {
    for (;;) {
      const b = await this.child.next();
      if (b === null) return null;
      const out: Batch = [];
      for (const src of b) {
        const row = src.slice();
        for (const s of this.subs) row.push(await this.value(s, src));
        if (this.pred === null || this.pred(row)) out.push(row);
      }
      if (out.length > 0) return out;
    }
  }

  close(): void {
    this.child.close();
  }
}

/** `left IN (rows)`: 1 when some row equals, else NULL when a comparison was unknown, else 0. */
function inRows(left: Value[], rows: Value[][], ref: SubqueryRef): Value {
  let unknown = false;
  for (const r of rows) {
    let eq = true;
    let unk = false;
    for (let i = 0; i < left.length; i++) {
      const a = left[i];
      const b = r[i];
      if (a === null || b === null) unk = true;
      else if (compareValues(a, b, ref.compareKinds[i]) !== 0) {
        eq = false;
        break;
      }
    }
    if (eq && !unk) return 1;
    if (eq && unk) unknown = true;
  }
  return unknown ? null : 0;
}

function negate(v: Value, not: boolean): Value {
  if (!not || v === null) return v;
  return v === 1 ? 0 : 1;
}
