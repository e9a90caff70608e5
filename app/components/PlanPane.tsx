/** The last EXPLAIN's plan, in a monospace pane, as the server printed it. */
import { isPlan, useSqlStore } from '../state/sqlStore';

export function PlanPane() {
  const plan = useSqlStore((s) => {
    const results = s.run?.reply?.results ?? [];
    for (let i = results.length - 1; i >= 0; i--) {
      if (isPlan(results[i].columns.map((c) => c.name))) return results[i];
    }
    return null;
  });
  if (!plan) {
    return (
      <div className="empty" data-testid="plan-empty">
        <strong>No plan yet.</strong> Run <code>EXPLAIN SELECT …</code> to see how the optimizer executes a query.
      </div>
    );
  }
  return (
    <pre className="plan" data-testid="plan">
      {plan.rows.map((r) => r[0] ?? '').join('\n')}
    </pre>
  );
}
