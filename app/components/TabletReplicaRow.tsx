/**
 * One server's replica of a tablet: memtables (active dashed, frozen solid) with rows and bytes,
 * SSTables by kind with rows, bytes and macroblocks, and a progress bar while a merge runs.
 */
import type { ReplicaRole, TabletSnapshot } from '../../engine/server/snapshot';
import { formatBytes, formatCount, percent } from '../format/obclient';
import { ProgressBar } from './ProgressBar';

export function TabletReplicaRow({ svrIp, role, tablet }: { svrIp: string; role?: ReplicaRole; tablet: TabletSnapshot }) {
  const c = tablet.compaction;
  return (
    <div className="replica-row">
      <div className="who" title={role ? `${role} of LS ${tablet.lsId}` : undefined}>
        {svrIp} {role === 'LEADER' ? '(L)' : role === 'FOLLOWER' ? '(F)' : ''}
      </div>
      <div>
        <div className="tables-list">
          {tablet.memtables.map((m, i) => (
            <span key={`m${i}`} className={`store ${m.isActive ? 'active' : ''}`} data-testid="memtable" data-active={m.isActive}>
              <span className="kind">{m.isActive ? 'active memtable' : 'frozen memtable'}</span> {formatCount(m.rowCount, 'row')} ·{' '}
              {formatBytes(m.bytes)}
            </span>
          ))}
          {tablet.sstables.map((t, i) => (
            <span key={`s${i}`} className={`store ${t.type}`} data-testid="sstable" data-type={t.type} title={`SCN ${t.startScn} – ${t.endScn}`}>
              <span className="kind">{t.type}</span> {formatCount(t.rowCount, 'row')} · {formatBytes(t.bytes)} ·{' '}
              {formatCount(t.macroBlockCount, 'macroblock')}
              {t.reusedMacroBlockCount ? ` (${t.reusedMacroBlockCount} reused)` : ''}
            </span>
          ))}
          {tablet.memtables.length === 0 && tablet.sstables.length === 0 && <span className="hint">empty</span>}
        </div>
        {c && (
          <div className="server-progress">
            <div className="progress-label">
              <span>
                {c.mergeType} {c.status.toLowerCase()}: {formatCount(c.rowsDone, 'row')} of {c.rowsTotal.toLocaleString('en-US')}
              </span>
              <span>{percent(c.rowsDone, c.rowsTotal)}%</span>
            </div>
            <ProgressBar percent={percent(c.rowsDone, c.rowsTotal)} label={`${c.mergeType} progress`} />
          </div>
        )}
      </div>
    </div>
  );
}
