/**
 * Pieces shared by HASH JOIN and NESTED-LOOP JOIN: join-key closures, the joined-row predicate
 * (other conditions and filters) and NULL padding for outer joins.
 */
import type { Value } from '../../common/value';
import type { CompareKind, CompiledExpr } from '../expr/bound';
import { compositeHashKey, hashKey } from '../plan/expr_api';
import type { JoinNode } from '../plan/plan';
import { compileFilters, compileOn, type ExecEnv, type Row } from './operator';

/** A key function over one side's rows: null when any key part is NULL (NULL never matches). */
export function keyFunction(exprs: CompiledExpr[], kinds: CompareKind[]): (row: Row) => string | number | null {
  if (exprs.length === 1) {
    const e = exprs[0];
    const k = kinds[0];
    return (row) => {
      const v = e(row);
      return v === null ? null : hashKey(v, k);
    };
  }
  const vals: Value[] = new Array(exprs.length);
  return (row) => {
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i](row);
      if (v === null) return null;
      vals[i] = v;
    }
    return compositeHashKey(vals, kinds);
  };
}

export interface JoinPieces {
  leftKey: (row: Row) => string | number | null;
  rightKey: (row: Row) => string | number | null;
  /** Other join conditions over the joined row (left ++ right); null: none. */
  other: ((row: Row) => boolean) | null;
  /** The node's filters over its output row; null: none. */
  filter: ((row: Row) => boolean) | null;
  rightWidth: number;
}

export function joinPieces(node: JoinNode, leftLayout: readonly number[], rightLayout: readonly number[], outLayout: readonly number[], env: ExecEnv): JoinPieces {
  const kinds = node.equal.map((p) => p.kind);
  const joined = [...leftLayout, ...rightLayout];
  return {
    leftKey: keyFunction(node.equal.map((p) => compileOn(p.left, leftLayout, env)), kinds),
    rightKey: keyFunction(node.equal.map((p) => compileOn(p.right, rightLayout, env)), kinds),
    other: compileFilters(node.other, joined, env),
    filter: compileFilters(node.filters, outLayout, env),
    rightWidth: rightLayout.length,
  };
}

export function nullRow(width: number): Row {
  return new Array<Value>(width).fill(null);
}
