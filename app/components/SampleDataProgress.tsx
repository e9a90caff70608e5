/** Progress of a sample-data load, from the server's `sample-data-progress` events. */
import { percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';

export function SampleDataProgress() {
  const load = useClusterStore((s) => s.sampleLoad);
  if (!load) return null;
  const t = load.tables[load.current];
  const pct = t ? percent(t.rowsDone, t.rowsTotal) : 0;
  const label = t
    ? `${load.dataset}.${load.current}: ${t.rowsDone.toLocaleString('en-US')} / ${t.rowsTotal.toLocaleString('en-US')} rows`
    : `${load.dataset}: creating tables…`;
  return (
    <span className="sample-progress" data-testid="sample-data-progress" title="Loading sample data">
      <span className="progress-label">
        <span>{label}</span>
        <span>{pct}%</span>
      </span>
      <ProgressBar percent={pct} label={label} />
    </span>
  );
}
