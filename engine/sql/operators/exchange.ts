/**
 * PX COORDINATOR, EXCHANGE OUT DISTR, PX PARTITION ITERATOR, EXCHANGE IN/OUT REMOTE: the
 * distribution operators OceanBase puts around multi-partition or remote scans. The playground
 * executes plans serially on the session's server (the DAS reaches remote tablets), so these pass
 * rows through unchanged; they exist so EXPLAIN shows the plan OceanBase would run.
 */
import type { ExchangeNode } from '../plan/plan';
import { compileFilters, nextFiltered, type Batch, type ExecEnv, type Operator, type Row } from './operator';

export class ExchangeOp implements Operator {
  readonly layout: readonly number[];
  private readonly pred: ((row: Row) => boolean) | null;

  constructor(
    node: ExchangeNode,
    private readonly child: Operator,
    env: ExecEnv,
  ) {
    this.layout = child.layout;
    this.pred = compileFilters(node.filters, this.layout, env);
  }

  next(): Promise<Batch | null> {
    return nextFiltered(this.child, this.pred);
  }

  close(): void {
    this.child.close();
  }
}
