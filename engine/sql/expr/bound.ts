/**
 * Bound (resolved) expressions: the resolver's output and the expression compiler's input.
 *
 * Names are resolved to positions: a `col` reads `row[index]` of the operator's input row. Every
 * node carries its result `ColumnType` (MySQL type inference). Functions and operators are `call`
 * nodes with a canonical lower-case name (`+`, `=`, `and`, `like`, `substring`, `date_add`, ...);
 * the compiler (`compile.ts`) turns a tree into a closure `(row) => Value`.
 *
 * Aggregates and subqueries never appear here: the planner computes them in their own operators
 * (HASH GROUP BY, SUBPLAN FILTER) and exposes their results as extra `col`s of the row.
 */
import type { ColumnType, Value } from '../../common/value';

export type BoundExpr =
  | {
      kind: 'const';
      value: Value;
      type: ColumnType;
      /**
       * Set on the constant of a statement literal the plan cache treats as a parameter
       * (plan_cache.ts): its value changes from one execution of the cached plan to the next, so
       * nothing may evaluate it while planning (constant folding leaves calls over it alone).
       */
      param?: number;
    }
  | {
      kind: 'col';
      index: number;
      type: ColumnType;
      /** Display name for EXPLAIN, e.g. `t1.c1`, `T_FUN_SUM(t.c2)`. */
      name: string;
      nullable?: boolean;
    }
  | {
      kind: 'call';
      /** Canonical lower-case operator or function name. */
      fn: string;
      args: BoundExpr[];
      type: ColumnType;
      /** Extra static data a function needs (e.g. the interval unit, the cast target, LIKE escape). */
      meta?: Record<string, unknown>;
    };

/** A compiled expression: evaluates against one input row. */
export type CompiledExpr = (row: readonly Value[]) => Value;

/** How two values are compared, chosen statically from their types (MySQL comparison rules).
 *  'bytes' (issue #5): a binary string with a string — byte order, case-sensitive, no PAD SPACE. */
export type CompareKind = 'int' | 'decimal' | 'double' | 'string_ci' | 'binary' | 'bytes';
