/**
 * Progress of a sample-data load, from the server's `sample-data-progress` events: the table
 * being loaded, its rows done of total, and a bar (two lines, so the label never runs into the
 * percentage).
 */
import { percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';

export function SampleDataProgress() {
  const load = useClusterStore((s) => s.sampleLoad);
  if (!load) return null;
  const t = load.tables[load.current];
  const pct = t ? percent(t.rowsDone, t.rowsTotal) : 0;
  const done = Object.values(load.tables).filter((x) => x.rowsTotal > 0 && x.rowsDone >= x.rowsTotal).length;
  const label = t ? `Loading ${load.dataset}.${load.current}` : `Loading ${load.dataset}: creating tables…`;
  const detail = t ? `${t.rowsDone.toLocaleString('en-US')} / ${t.rowsTotal.toLocaleString('en-US')} rows · ${pct}%` : '';
  return (
    <span className="sample-progress" data-testid="sample-data-progress" title={`${label} (${done} ${done === 1 ? 'table' : 'tables'} done)`}>
      <span className="progress-label">
        <span className="what">{label}</span>
        <span className="how">{detail}</span>
      </span>
      <ProgressBar percent={pct} label={`${label} ${detail}`} />
    </span>
  );
}
