/**
 * The query plan: a tree of `PlanNode`s, produced by the resolver (`resolver/`), rewritten by the
 * optimizer rules (`optimizer/`), printed by EXPLAIN (`explain/`) and turned into operators
 * (`operators/build.ts`). OceanBase's counterpart is the logical plan of `ObLogicalOperator`s
 * whose physical operators (`ObTableScanOp`, `ObHashJoinOp`, ...) run it.
 *
 * Column identity: every column a node produces has a statement-wide numeric id. Expressions in
 * the plan are `BoundExpr`s whose `col.index` is that id (not a row position), so predicates can
 * move between nodes freely; when operators are built, each expression is rebased onto its input
 * row layout (`rebase` in plan_expr.ts). A node's output layout is `layoutOf(node)`: the ids of its
 * row's values in order.
 *
 * Every node may carry `filters` (conjuncts applied to its output rows), shown in EXPLAIN as
 * `filter([...])` — OceanBase folds filters into operators rather than having a FILTER operator.
 */
import type { EncodedRowkey } from '../../common/rowkey';
import type { ColumnType } from '../../common/value';
import type { TableSchema } from '../../schema/schema';
import type { KeyRange, VirtualTableDef } from '../exec_context';
import type { BoundExpr, CompareKind } from '../expr/bound';

/** How a table scan reads its tablets (EXPLAIN: TABLE FULL SCAN / TABLE RANGE SCAN / TABLE GET). */
export interface ScanRange {
  kind: 'full' | 'range' | 'get';
  /** Ranges over the encoded rowkey (sorted, non-overlapping). */
  ranges: KeyRange[];
  /** Full-rowkey point gets (kind 'get'). */
  keys?: EncodedRowkey[];
  /** EXPLAIN text after `range`: `(MIN ; MAX)always true`, `[1 ; 1]`, `(1,MIN ; 1,MAX)`. */
  text: string;
  /** The conjuncts the range was built from (`range_cond([...])`); also kept in `filters` when inexact. */
  conds: BoundExpr[];
}

export interface TableScanNode {
  kind: 'tableScan';
  table: TableSchema;
  /** Name shown in EXPLAIN and used in column names: the alias, else the table name. */
  alias: string;
  /** Statement-wide id of each table column, indexed by column index. */
  colIds: number[];
  /** Column indexes read (projection pushed into the DAS); output layout follows this order. */
  access: number[];
  /** Partition indexes touched after pruning. */
  partitions: number[];
  /** Partitions named by `t PARTITION (p0, p1)`, if any. */
  range: ScanRange;
  filters: BoundExpr[];
  /** LIMIT pushed into the scan (no filter, no sort above). */
  limit?: number;
  /** Hint of the query block for this table: USE_COLUMN_TABLE (true), NO_USE_COLUMN_TABLE (false). */
  columnHint?: boolean;
  /** The scan reads the column store (EXPLAIN: COLUMN TABLE FULL SCAN / RANGE SCAN / GET); set by
   *  the column_store rule (optimizer/column_store.ts). */
  columnStore?: boolean;
  /** Aggregate pushdown: the scan yields partial aggregates per tablet instead of rows
   *  (optimizer/aggregate_pushdown.ts); its output layout is the GROUP BY columns, then the partials. */
  pushdownAgg?: ScanAggregation;
  estRows: number;
}

/** One aggregate a table scan computes per tablet (OceanBase's `pushdown_aggregation`). */
export interface ScanPartialAgg {
  fn: 'count' | 'sum' | 'min' | 'max' | 'avg';
  /** The argument over the scan's column ids; null for COUNT(*). */
  arg: BoundExpr | null;
  /** Output column ids: one, or for AVG the partial sum and the partial count. */
  ids: number[];
  /** EXPLAIN names of the outputs: `T_FUN_SUM(t.c2)`; AVG: `T_FUN_SUM(t.c2)`, `T_FUN_COUNT(t.c2)`. */
  names: string[];
  types: ColumnType[];
}

/** What a table scan aggregates per tablet (`pushdown_groupby` and `pushdown_aggregation`). */
export interface ScanAggregation {
  /** GROUP BY column indexes of the table; output as their column ids, before the partials. */
  groupBy: number[];
  aggs: ScanPartialAgg[];
}

export interface VirtualScanNode {
  kind: 'virtualScan';
  def: VirtualTableDef;
  alias: string;
  colIds: number[];
  filters: BoundExpr[];
  estRows: number;
}

/** EXPRESSION: literal rows (SELECT without FROM, INSERT VALUES). */
export interface ValuesNode {
  kind: 'values';
  rows: BoundExpr[][];
  colIds: number[];
  /** EXPLAIN names of the columns (`__values.c1` under an INSERT). */
  names?: string[];
  filters: BoundExpr[];
  estRows: number;
}

/** Computes the select list; not an operator of its own in EXPLAIN (its child shows its outputs). */
export interface ProjectNode {
  kind: 'project';
  child: PlanNode;
  exprs: BoundExpr[];
  colIds: number[];
  filters: BoundExpr[];
  estRows: number;
}

export type JoinType = 'inner' | 'left' | 'semi' | 'anti';

export interface JoinNode {
  kind: 'join';
  joinType: JoinType;
  method: 'hash' | 'nestedLoop';
  left: PlanNode;
  right: PlanNode;
  /** Equi-join pairs: `left[i]` over the left child, `right[i]` over the right child. */
  equal: { left: BoundExpr; right: BoundExpr; kind: CompareKind }[];
  /** Other join conditions (over both children). */
  other: BoundExpr[];
  filters: BoundExpr[];
  estRows: number;
}

export interface AggSpec {
  /** Output column id. */
  id: number;
  /** Lower-case aggregate name: count, sum, avg, min, max, group_concat; `__first` keeps any value. */
  fn: string;
  distinct: boolean;
  /** Arguments over the child; empty for COUNT(*). */
  args: BoundExpr[];
  type: ColumnType;
  /** EXPLAIN name, e.g. `T_FUN_SUM(t.c2)`. */
  name: string;
  /** GROUP_CONCAT separator and the like. */
  meta?: Record<string, unknown>;
}

export interface GroupByNode {
  kind: 'groupBy';
  /** SCALAR GROUP BY (no GROUP BY clause: exactly one output row) vs HASH GROUP BY. */
  scalar: boolean;
  child: PlanNode;
  keys: BoundExpr[];
  keyIds: number[];
  aggs: AggSpec[];
  /** HAVING conjuncts, over the node's output. */
  filters: BoundExpr[];
  estRows: number;
}

export interface DistinctNode {
  kind: 'distinct';
  child: PlanNode;
  filters: BoundExpr[];
  estRows: number;
}

export interface SortKey {
  expr: BoundExpr;
  desc: boolean;
}

export interface SortNode {
  kind: 'sort';
  child: PlanNode;
  keys: SortKey[];
  /** TOP-N SORT: keep only the first `topN` rows (limit + offset). */
  topN?: number;
  filters: BoundExpr[];
  estRows: number;
}

export interface LimitNode {
  kind: 'limit';
  child: PlanNode;
  /** null: no limit (OFFSET only). */
  count: number | null;
  offset: number;
  filters: BoundExpr[];
  estRows: number;
}

/** One subquery evaluated by a SUBPLAN FILTER, exposing its result as column `id`. */
export interface SubqueryRef {
  id: number;
  /** scalar: the single value; exists: 1/0; in: `left IN (rows)` as 1/0/NULL (`not`: NOT IN). */
  mode: 'scalar' | 'exists' | 'in';
  not: boolean;
  /** IN: the left-hand expressions (one per subquery column), over the SUBPLAN FILTER's child. */
  left: BoundExpr[];
  /** IN: how each left value compares with the subquery column. */
  compareKinds: CompareKind[];
  plan: PlanNode;
  /** The subquery's plan as resolved, before optimization: a correlated subquery is re-optimized
   *  from it for each parameter tuple (the bound values can become ranges and pruning). */
  rawPlan: PlanNode;
  /** Ids of outer columns the subquery reads (correlated parameters); empty: evaluated once. */
  params: { id: number; type: ColumnType; name: string }[];
  type: ColumnType;
  /** EXPLAIN text of the subquery expression. */
  name: string;
}

export interface SubplanFilterNode {
  kind: 'subplanFilter';
  child: PlanNode;
  subqueries: SubqueryRef[];
  filters: BoundExpr[];
  estRows: number;
}

export interface UnionNode {
  kind: 'union';
  all: boolean;
  children: PlanNode[];
  colIds: number[];
  types: ColumnType[];
  names: string[];
  filters: BoundExpr[];
  estRows: number;
}

/** Distribution operators, executed as pass-through (rows flow through unchanged). */
export type ExchangeOp =
  | 'PX COORDINATOR'
  | 'EXCHANGE OUT DISTR'
  | 'PX PARTITION ITERATOR'
  | 'EXCHANGE IN REMOTE'
  | 'EXCHANGE OUT REMOTE';

export interface ExchangeNode {
  kind: 'exchange';
  op: ExchangeOp;
  /** `:EX10000` for EXCHANGE OUT DISTR. */
  name: string;
  child: PlanNode;
  filters: BoundExpr[];
  estRows: number;
}

/** DML plan roots, for EXPLAIN (the executor runs DML in dml/). */
export interface DmlNode {
  kind: 'dml';
  op: 'INSERT' | 'UPDATE' | 'DELETE' | 'REPLACE';
  distributed: boolean;
  table: TableSchema;
  /** INSERT: `columns([...])` text items; UPDATE: `assign` text. */
  detail: string[];
  child: PlanNode;
  filters: BoundExpr[];
  estRows: number;
}

export type PlanNode =
  | TableScanNode
  | VirtualScanNode
  | ValuesNode
  | ProjectNode
  | JoinNode
  | GroupByNode
  | DistinctNode
  | SortNode
  | LimitNode
  | SubplanFilterNode
  | UnionNode
  | ExchangeNode
  | DmlNode;

/** The children of a node, in order (subplan filters: the main child, then each subquery). */
export function childrenOf(n: PlanNode): PlanNode[] {
  switch (n.kind) {
    case 'tableScan':
    case 'virtualScan':
    case 'values':
      return [];
    case 'join':
      return [n.left, n.right];
    case 'subplanFilter':
      return [n.child, ...n.subqueries.map((s) => s.plan)];
    case 'union':
      return n.children;
    default:
      return [n.child];
  }
}

/** The column ids of a node's output rows, in order. */
export function layoutOf(n: PlanNode): number[] {
  switch (n.kind) {
    case 'tableScan':
      if (n.pushdownAgg !== undefined) return [...n.pushdownAgg.groupBy.map((i) => n.colIds[i]), ...n.pushdownAgg.aggs.flatMap((a) => a.ids)];
      return n.access.map((i) => n.colIds[i]);
    case 'virtualScan':
    case 'values':
    case 'project':
    case 'union':
      return n.colIds;
    case 'join':
      return n.joinType === 'semi' || n.joinType === 'anti' ? layoutOf(n.left) : [...layoutOf(n.left), ...layoutOf(n.right)];
    case 'groupBy':
      return [...n.keyIds, ...n.aggs.map((a) => a.id)];
    case 'subplanFilter':
      return [...layoutOf(n.child), ...n.subqueries.map((s) => s.id)];
    case 'dml':
      return [];
    default:
      return layoutOf(n.child);
  }
}

/** Rewrites every child of `n` with `f` (a shallow copy of `n`; `n` itself is not changed). */
export function mapChildren(n: PlanNode, f: (c: PlanNode) => PlanNode): PlanNode {
  switch (n.kind) {
    case 'tableScan':
    case 'virtualScan':
    case 'values':
      return n;
    case 'join':
      return { ...n, left: f(n.left), right: f(n.right) };
    case 'subplanFilter':
      return { ...n, child: f(n.child), subqueries: n.subqueries.map((s) => ({ ...s, plan: f(s.plan) })) };
    case 'union':
      return { ...n, children: n.children.map(f) };
    default:
      return { ...n, child: f(n.child) } as PlanNode;
  }
}

/** Applies `f` bottom-up to every node of the tree. */
export function transformUp(n: PlanNode, f: (n: PlanNode) => PlanNode): PlanNode {
  return f(mapChildren(n, (c) => transformUp(c, f)));
}
