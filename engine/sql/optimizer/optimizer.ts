/**
 * The optimizer: an ordered list of small rules, each `plan → plan` (conventions §9; toydb's
 * optimizer, duckdb's rule files). `optimize` runs them all; `optimizeTrace` also returns the plan
 * after each rule (for tests and an EXPLAIN of the rewrite steps).
 *
 *   fold_constants → push_predicates → scan_access (pruning, ranges) → join_order → estimate
 *   → join_method → limit_pushdown → prune_columns → column_store → aggregate_pushdown → estimate
 *   → exchange
 */
import type { PlanNode } from '../plan/plan';
import { aggregatePushdownRule } from './aggregate_pushdown';
import { columnStoreRule } from './column_store';
import { estimateRule } from './estimate';
import { exchangeRule } from './exchange';
import { foldConstantsRule } from './fold_constants';
import { joinMethodRule } from './join_method';
import { joinOrderRule } from './join_order';
import { limitPushdownRule } from './limit_pushdown';
import { pruneColumnsRule } from './prune_columns';
import { pushPredicatesRule } from './push_predicates';
import type { OptimizerContext, Rule } from './rule';
import { scanAccessRule } from './scan_access';
import { semiJoinRule } from './semi_join';

export const RULES: readonly Rule[] = [
  foldConstantsRule,
  semiJoinRule,
  pushPredicatesRule,
  scanAccessRule,
  joinOrderRule,
  estimateRule,
  joinMethodRule,
  limitPushdownRule,
  pruneColumnsRule,
  columnStoreRule,
  aggregatePushdownRule,
  estimateRule,
  exchangeRule,
];

/** Rules for a subplan re-prepared with bound parameters (no distribution labels). */
export const PREPARE_RULES: readonly Rule[] = RULES.filter((r) => r !== exchangeRule);

/** Rules for the read side of UPDATE/DELETE: full rows are needed, so no column pruning or joins. */
export const DML_READ_RULES: readonly Rule[] = [
  foldConstantsRule,
  semiJoinRule,
  pushPredicatesRule,
  scanAccessRule,
  estimateRule,
  joinMethodRule,
  limitPushdownRule,
  estimateRule,
  exchangeRule,
];

/** Runs every rule in order. */
export function optimize(plan: PlanNode, o: OptimizerContext, rules: readonly Rule[] = RULES): PlanNode {
  for (const r of rules) plan = r.apply(plan, o);
  return plan;
}

/** The plan after each rule, for tests and debugging. */
export function optimizeTrace(plan: PlanNode, o: OptimizerContext): { rule: string; plan: PlanNode }[] {
  const out: { rule: string; plan: PlanNode }[] = [];
  for (const r of RULES) {
    plan = r.apply(plan, o);
    out.push({ rule: r.name, plan });
  }
  return out;
}
