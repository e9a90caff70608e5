/**
 * Sort keys shared by SORT and TOP-N SORT: each row's key values are computed once, then rows are
 * compared with MySQL's comparison per key type (NULL sorts first ascending, last descending).
 */
import type { Value } from '../../common/value';
import type { CompareKind, CompiledExpr } from '../expr/bound';
import { compareKindOf, compareValues } from '../plan/expr_api';
import type { SortKey } from '../plan/plan';
import { compileOn, type ExecEnv, type Row } from './operator';

export interface Keyed {
  row: Row;
  keys: Value[];
}

export class SortKeys {
  private readonly exprs: CompiledExpr[];
  private readonly kinds: CompareKind[];
  private readonly desc: boolean[];

  constructor(keys: readonly SortKey[], layout: readonly number[], env: ExecEnv) {
    this.exprs = keys.map((k) => compileOn(k.expr, layout, env));
    this.kinds = keys.map((k) => compareKindOf(k.expr.type, k.expr.type));
    this.desc = keys.map((k) => k.desc);
  }

  keyed(row: Row): Keyed {
    return { row, keys: this.exprs.map((e) => e(row)) };
  }

  readonly compare = (a: Keyed, b: Keyed): number => {
    for (let i = 0; i < this.kinds.length; i++) {
      const x = a.keys[i];
      const y = b.keys[i];
      let c: number;
      if (x === null || y === null) c = x === y ? 0 : x === null ? -1 : 1;
      else c = compareValues(x, y, this.kinds[i]);
      if (c !== 0) return this.desc[i] ? -c : c;
    }
    return 0;
  };
}
