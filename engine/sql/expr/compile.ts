/**
 * Compiles bound expressions into closures (OceanBase's `ObExpr::eval` tree after code
 * generation): `compileExpr(e)` returns `(row) => Value`, built once per plan; evaluating it
 * allocates nothing beyond the result value. Also constant folding (`foldConstants`), which
 * evaluates calls whose arguments are all constants at plan time, e.g.
 * `date '1998-12-01' - interval '90' day` → the constant '1998-09-02'.
 *
 * Semantics live in the function definitions (functions.ts); this module only wires the tree.
 * A `col` reads `row[index]`; reading past the row is a planner bug (asserted at compile time
 * only through the index being a non-negative integer).
 */
import { assert } from '../../common/assert';
import { isObError } from '../../common/ob_error';
import type { BoundExpr, CompiledExpr } from './bound';
import { FUNCTIONS } from './functions';
import type { CompileOptions } from './registry';

export type { CompileOptions } from './registry';

/**
 * Compiles `e` into a closure over one input row. `opts.nowUs` (µs since the epoch, the
 * statement's start) is required by NOW()-like functions, `opts.rng` by RAND().
 * Evaluation throws ObErrors MySQL raises at run time (e.g. Errors.valueOutOfRange for BIGINT
 * overflow); NULL-producing conditions (division by zero, bad dates) return null.
 */
export function compileExpr(e: BoundExpr, opts: CompileOptions = {}): CompiledExpr {
  switch (e.kind) {
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'col': {
      const i = e.index;
      if (!(Number.isInteger(i) && i >= 0)) assert(false, `bad column index ${i} for ${e.name}`);
      return (row) => row[i];
    }
    case 'call': {
      const d = FUNCTIONS.get(e.fn);
      if (d === undefined) assert(false, `compileExpr: unknown function ${e.fn}`);
      const args = e.args.map((a) => compileExpr(a, opts));
      return d.build({
        args,
        argExprs: e.args,
        argTypes: e.args.map((a) => a.type),
        type: e.type,
        meta: e.meta ?? {},
        opts,
        expr: e,
      });
    }
  }
}

/**
 * Evaluates every call whose arguments are (after folding) all constants, bottom-up, except
 * volatile functions (NOW, RAND) and calls over a plan-cache parameter (its value changes between
 * executions of a cached plan: bound.ts `param`). A call whose evaluation raises an ObError is left unfolded, so
 * the error surfaces only if the row path really evaluates it (e.g. under a false AND).
 * Returns `e` itself when nothing changed.
 */
export function foldConstants(e: BoundExpr, opts: CompileOptions = {}): BoundExpr {
  if (e.kind !== 'call') return e;
  const args = e.args.map((a) => foldConstants(a, opts));
  const node: BoundExpr = args.some((a, i) => a !== e.args[i]) ? { ...e, args } : e;
  const d = FUNCTIONS.get(e.fn);
  if (d === undefined || d.volatile || !args.every((a) => a.kind === 'const' && a.param === undefined)) return node;
  try {
    const value = compileExpr(node, opts)([]);
    return { kind: 'const', value, type: e.type };
  } catch (err) {
    if (isObError(err)) return node;
    throw err;
  }
}
