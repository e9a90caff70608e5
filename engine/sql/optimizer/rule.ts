/**
 * The optimizer rule shape (toydb's optimizer list, duckdb's `src/optimizer/rule/`): each rule is
 * a pure `plan → plan` rewrite in its own file; `optimizer.ts` runs them in a fixed order.
 */
import type { ExecContext } from '../exec_context';
import type { PlanNode } from '../plan/plan';

export interface OptimizerContext {
  ctx: ExecContext;
  /** New statement-wide column id. */
  newId(): number;
}

export interface Rule {
  name: string;
  apply(plan: PlanNode, o: OptimizerContext): PlanNode;
}
