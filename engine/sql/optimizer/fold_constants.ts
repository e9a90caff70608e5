/**
 * Rule: constant folding. Every expression's constant subtrees are evaluated once
 * (`date '1998-12-01' - interval '90' day` → `'1998-09-02'`); filters that folded to TRUE are
 * dropped. OceanBase: the pre-calculated expressions of the resolver/rewriter.
 */
import { foldConstants } from '../plan/expr_api';
import { transformUp } from '../plan/plan';
import { mapNodeExprs } from '../plan/plan_expr';
import { isTrue } from '../operators/operator';
import type { Rule } from './rule';

export const foldConstantsRule: Rule = {
  name: 'fold_constants',
  apply(plan) {
    return transformUp(plan, (n) => {
      const m = mapNodeExprs(n, (e) => foldConstants(e));
      const filters = m.filters.filter((f) => !(f.kind === 'const' && isTrue(f.value)));
      if (m.kind === 'join') {
        const other = m.other.filter((f) => !(f.kind === 'const' && isTrue(f.value)));
        return { ...m, filters, other };
      }
      return filters.length === m.filters.length ? m : { ...m, filters };
    });
  },
};
