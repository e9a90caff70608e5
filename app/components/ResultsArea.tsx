/** The results area: tabs Results | Plan | Messages over the last run's outcome, and Compare (row vs column). */
import { setTab, useSqlStore, type ResultsTab } from '../state/sqlStore';
import { ComparePane } from './ComparePane';
import { MessagesPane } from './MessagesPane';
import { PlanPane } from './PlanPane';
import { ResultsPane } from './ResultsPane';

const TABS: { id: ResultsTab; label: string }[] = [
  { id: 'results', label: 'Results' },
  { id: 'plan', label: 'Plan' },
  { id: 'messages', label: 'Messages' },
  { id: 'compare', label: 'Row vs column' },
];

export function ResultsArea() {
  const tab = useSqlStore((s) => s.tab);
  const seq = useSqlStore((s) => s.run?.seq ?? 0);
  const running = useSqlStore((s) => s.run?.running ?? false);
  return (
    <>
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.id} className="tab" role="tab" aria-selected={tab === t.id} data-testid={`tab-${t.id}`} onClick={() => setTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="pane" role="tabpanel" data-testid="results-area" data-run-seq={seq} data-running={running}>
        {tab === 'results' && <ResultsPane />}
        {tab === 'plan' && <PlanPane />}
        {tab === 'messages' && <MessagesPane />}
        {tab === 'compare' && <ComparePane />}
      </div>
    </>
  );
}
