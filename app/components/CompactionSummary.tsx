/**
 * The compactions the servers report as running or waiting right now (a tablet replica's
 * `compaction`), one line each with a progress bar, at the top of the storage view so they are
 * visible without scrolling to the tablet.
 */
import { formatCount, percent } from '../format/obclient';
import { useClusterStore } from '../state/clusterStore';
import { ProgressBar } from './ProgressBar';

/** Lines shown at most; the rest are counted. */
const LINES_MAX = 6;

export function CompactionSummary() {
  const snapshot = useClusterStore((s) => s.snapshot);
  const tasks = (snapshot?.servers ?? []).flatMap((srv) =>
    srv.tablets
      .filter((t) => t.compaction)
      .map((t) => {
        const where = snapshot?.tabletLocations.find((l) => l.tabletId === t.tabletId && l.tenantId === t.tenantId);
        return { srv, tablet: t, task: t.compaction!, name: where ? `${where.databaseName}.${where.tableName}${where.partitionName ? ` ${where.partitionName}` : ''}` : `tablet ${t.tabletId}` };
      }),
  );
  if (tasks.length === 0) {
    return <div className="compactions idle hint">No compaction running.</div>;
  }
  return (
    <div className="compactions" data-testid="compactions" aria-label="Compactions running">
      {tasks.slice(0, LINES_MAX).map(({ srv, tablet, task, name }) => {
        const pct = percent(task.rowsDone, task.rowsTotal);
        const waiting = task.status === 'WAITING' ? ' (waiting)' : '';
        const label = `${task.mergeType}${waiting} ${name} on ${srv.svrIp}`;
        return (
          <div className="compaction-line" key={`${srv.serverId}/${tablet.tabletId}`}>
            <span className="what">
              <b>{task.mergeType}</b>
              {waiting} {name} <span className="hint">on&nbsp;{srv.svrIp}</span>
            </span>
            <ProgressBar percent={pct} label={label} />
            <span className="how">
              {task.rowsDone.toLocaleString('en-US')}&nbsp;/&nbsp;{formatCount(task.rowsTotal, 'row').replace(' ', '\u00a0')} · {pct}%
            </span>
          </div>
        );
      })}
      {tasks.length > LINES_MAX && <div className="hint">and {tasks.length - LINES_MAX} more…</div>}
    </div>
  );
}
