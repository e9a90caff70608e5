/**
 * Rule: distribution labels. A scan touching several partitions gets OceanBase's PX shape —
 * PX COORDINATOR → EXCHANGE OUT DISTR (`:EX10000`) → PX PARTITION ITERATOR → scan — and a scan of
 * one partition whose log-stream leader is on another server gets EXCHANGE IN REMOTE →
 * EXCHANGE OUT REMOTE → scan. Execution is serial either way (the DAS reaches remote tablets);
 * the operators pass rows through.
 */
import type { BoundExpr } from '../expr/bound';
import { transformUp, type ExchangeNode, type ExchangeOp, type PlanNode } from '../plan/plan';
import type { OptimizerContext, Rule } from './rule';

function wrap(op: ExchangeOp, name: string, child: PlanNode): ExchangeNode {
  const filters: BoundExpr[] = [];
  return { kind: 'exchange', op, name, child, filters, estRows: child.estRows };
}

export const exchangeRule: Rule = {
  name: 'exchange',
  apply(plan: PlanNode, o: OptimizerContext) {
    let px = 0;
    return transformUp(plan, (n) => {
      if (n.kind !== 'tableScan') return n;
      if (n.partitions.length > 1) {
        px++;
        return wrap('PX COORDINATOR', '', wrap('EXCHANGE OUT DISTR', `:EX${px}0000`, wrap('PX PARTITION ITERATOR', '', n)));
      }
      const part = n.table.partitions[n.partitions[0] ?? 0];
      const leader = part ? o.ctx.leaderOf(part.lsId) : undefined;
      if (leader && leader.serverId !== o.ctx.localServer.serverId) {
        return wrap('EXCHANGE IN REMOTE', '', wrap('EXCHANGE OUT REMOTE', '', n));
      }
      return n;
    });
  },
};
