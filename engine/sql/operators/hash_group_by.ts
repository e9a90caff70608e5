/**
 * HASH GROUP BY (OceanBase's `ObHashGroupByOp`): consumes its whole input, grouping rows by the
 * hash key of the GROUP BY expressions (MySQL comparison kinds: 'abc' and 'ABC' are one group
 * under utf8mb4_general_ci; NULLs form one group), then yields `keys ++ aggregates` per group in
 * first-seen order, with HAVING applied as the node's filters.
 * Per input row: the key closures, one Map lookup per key column, and the aggregates' `add`.
 */
import type { Value } from '../../common/value';
import type { CompareKind, CompiledExpr } from '../expr/bound';
import { compareKindOf, hashKey } from '../plan/expr_api';
import type { GroupByNode } from '../plan/plan';
import { layoutOf } from '../plan/plan';
import { Aggregator } from './aggregator';
import { compileFilters, compileOn, RowsOperator, type Batch, type ExecEnv, type Operator, type Row } from './operator';

interface Group {
  keys: Value[];
  states: unknown[];
}

export class HashGroupByOp implements Operator {
  readonly layout: number[];
  private result: RowsOperator | null = null;

  constructor(
    private readonly node: GroupByNode,
    private readonly child: Operator,
    private readonly env: ExecEnv,
  ) {
    this.layout = layoutOf(node);
  }

  private async consume(): Promise<Row[]> {
    const keys: CompiledExpr[] = this.node.keys.map((k) => compileOn(k, this.child.layout, this.env));
    const kinds: CompareKind[] = this.node.keys.map((k) => compareKindOf(k.type, k.type));
    const agg = new Aggregator(this.node.aggs, this.child.layout, this.env);
    // One map level per key column (keyed by that column's hash key): no composite key string
    // per row. `order` keeps the groups in first-seen order.
    const root = new Map<string | number, unknown>();
    const order: Group[] = [];
    const nk = keys.length;
    const vals: Value[] = new Array(nk);
    for (let b = await this.child.next(); b !== null; b = await this.child.next()) {
      for (let i = 0; i < b.length; i++) {
        const row = b[i];
        let level = root;
        for (let j = 0; j < nk - 1; j++) {
          const v = (vals[j] = keys[j](row));
          const k = hashKey(v, kinds[j]);
          let next = level.get(k) as Map<string | number, unknown> | undefined;
          if (next === undefined) level.set(k, (next = new Map()));
          level = next;
        }
        const k = nk === 0 ? '' : hashKey((vals[nk - 1] = keys[nk - 1](row)), kinds[nk - 1]);
        let g = level.get(k) as Group | undefined;
        if (g === undefined) {
          g = { keys: vals.slice(), states: agg.init() };
          level.set(k, g);
          order.push(g);
        }
        agg.add(g.states, row);
      }
    }
    const pred = compileFilters(this.node.filters, this.layout, this.env);
    const out: Row[] = [];
    for (const g of order) {
      const row = g.keys.slice();
      agg.results(g.states, row);
      if (pred === null || pred(row)) out.push(row);
    }
    return out;
  }

  async next(): Promise<Batch | null> {
    if (this.result === null) this.result = new RowsOperator(this.layout, await this.consume());
    return this.result.next();
  }

  close(): void {
    this.child.close();
  }
}
