/**
 * Builds the operator tree of a plan (OceanBase's code generation from the logical plan to
 * `ObOpSpec`s): one operator per plan node, except `project` nodes, which compute expressions.
 */
import { assert } from '../../common/assert';
import { compareKindOf } from '../plan/expr_api';
import type { PlanNode } from '../plan/plan';
import { ExchangeOp } from './exchange';
import { ExpressionOp } from './expression';
import { HashDistinctOp } from './hash_distinct';
import { HashGroupByOp } from './hash_group_by';
import { HashJoinOp } from './hash_join';
import { HashUnionDistinctOp } from './hash_union_distinct';
import { LimitOp } from './limit';
import { NestedLoopJoinOp } from './nested_loop_join';
import type { ExecEnv, Operator } from './operator';
import { ProjectOp } from './project';
import { ScalarGroupByOp } from './scalar_group_by';
import { SortOp } from './sort';
import { SubplanFilterOp } from './subplan_filter';
import { TableScanOp } from './table_scan';
import { TopNSortOp } from './top_n_sort';
import { UnionAllOp } from './union_all';
import { VirtualScanOp } from './virtual_scan';
import type { CompareKind } from '../expr/bound';

/** Column comparison kinds of a node's output (for DISTINCT / UNION DISTINCT hashing). */
function outputKinds(n: PlanNode): CompareKind[] {
  switch (n.kind) {
    case 'project':
      return n.exprs.map((e) => compareKindOf(e.type, e.type));
    case 'union':
      return n.types.map((t) => compareKindOf(t, t));
    case 'distinct':
    case 'sort':
    case 'limit':
    case 'exchange':
      return outputKinds(n.child);
    default:
      return [];
  }
}

export function buildOperator(n: PlanNode, env: ExecEnv): Operator {
  switch (n.kind) {
    case 'tableScan':
      return new TableScanOp(n, env);
    case 'virtualScan':
      return new VirtualScanOp(n, env);
    case 'values':
      return new ExpressionOp(n, env);
    case 'project':
      return new ProjectOp(n, buildOperator(n.child, env), env);
    case 'join': {
      const l = buildOperator(n.left, env);
      const r = buildOperator(n.right, env);
      return n.method === 'hash' ? new HashJoinOp(n, l, r, env) : new NestedLoopJoinOp(n, l, r, env);
    }
    case 'groupBy': {
      const c = buildOperator(n.child, env);
      return n.scalar ? new ScalarGroupByOp(n, c, env) : new HashGroupByOp(n, c, env);
    }
    case 'distinct': {
      const kinds = outputKinds(n.child);
      const c = buildOperator(n.child, env);
      assert(kinds.length === c.layout.length, 'distinct knows its column kinds');
      return new HashDistinctOp(n, c, kinds, env);
    }
    case 'sort': {
      const c = buildOperator(n.child, env);
      return n.topN !== undefined ? new TopNSortOp(n, c, env) : new SortOp(n, c, env);
    }
    case 'limit':
      return new LimitOp(n, buildOperator(n.child, env), env);
    case 'subplanFilter':
      return new SubplanFilterOp(n, buildOperator(n.child, env), env);
    case 'union': {
      const children = n.children.map((c) => buildOperator(c, env));
      return n.all ? new UnionAllOp(n, children, env) : new HashUnionDistinctOp(n, children, outputKinds(n), env);
    }
    case 'exchange': {
      // Execution is serial: an exchange without filters would only pass batches through.
      const c = buildOperator(n.child, env);
      return n.filters.length === 0 ? c : new ExchangeOp(n, c, env);
    }
    case 'dml':
      assert(false, 'DML plans are executed by dml/, not as operators');
  }
}
