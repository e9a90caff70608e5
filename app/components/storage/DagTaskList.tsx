/**
 * The compaction running on a tablet replica: its merge type and rows, and the tasks of its DAG
 * (prepare, merges of a row range × column groups, finish), each with its status and progress.
 */
import type { CompactionDagTaskSnapshot, CompactionTaskSnapshot } from '../../../engine/server/snapshot';
import { formatCount, percent } from '../../format/obclient';
import { ProgressBar } from '../ProgressBar';

const STATUS_MARK: Record<CompactionDagTaskSnapshot['status'], string> = { WAITING: '○', RUNNING: '◐', FINISHED: '●' };

function taskWhat(t: CompactionDagTaskSnapshot): string {
  if (t.kind !== 'MERGE') return t.kind.toLowerCase();
  const range = t.rangeCount > 1 ? `range ${t.rangeIndex + 1}/${t.rangeCount}` : 'all rows';
  const cgs = t.cgEnd - t.cgStart > 1 ? `column groups ${t.cgStart}–${t.cgEnd - 1}` : `column group ${t.cgStart}`;
  return `merge ${range} × ${cgs}`;
}

export function DagTaskList({ compaction, tasks, svrIp }: { compaction: CompactionTaskSnapshot; tasks: CompactionDagTaskSnapshot[]; svrIp: string }) {
  const pct = percent(compaction.rowsDone, compaction.rowsTotal);
  const finished = tasks.filter((t) => t.status === 'FINISHED').length;
  return (
    <div className="dag" data-testid="dag-tasks">
      <div className="progress-label">
        <span>
          <b>{compaction.mergeType}</b> {compaction.status.toLowerCase()} on {svrIp}: {compaction.rowsDone.toLocaleString('en-US')} of{' '}
          {formatCount(compaction.rowsTotal, 'row')}
          {tasks.length > 0 ? ` · ${finished} of ${formatCount(tasks.length, 'task')} done` : ''}
        </span>
        <span>{pct}%</span>
      </div>
      <ProgressBar percent={pct} label={`${compaction.mergeType} progress on ${svrIp}`} />
      {tasks.length > 0 && (
        <ul className="dag-tasks">
          {tasks.map((t) => {
            const p = t.status === 'FINISHED' ? 100 : percent(t.rowsDone, t.rowsTotal);
            return (
              <li key={t.taskId} className={`dag-task ${t.status}`} data-testid="dag-task" data-status={t.status}>
                <span className="what" title={t.taskId}>
                  <span aria-hidden>{STATUS_MARK[t.status]}</span> {taskWhat(t)}
                </span>
                <ProgressBar percent={p} label={`${taskWhat(t)}: ${t.status}`} />
                <span className="how">
                  {t.status.toLowerCase()} · {p}%
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
