/**
 * One server's replica of a tablet, as three grid cells: who (server, leader/follower of the LS),
 * its memtables (active dashed, frozen solid) with rows and bytes, and its SSTables by kind with
 * rows, bytes and macroblocks (and column groups of a columnar MAJOR); a progress bar under both
 * while a merge runs on it.
 */
import type { ReplicaRole, TabletSnapshot } from '../../engine/server/snapshot';
import { formatBytes, formatCount, percent } from '../format/obclient';
import { ProgressBar } from './ProgressBar';

/** Keeps a number with its unit on one line. */
const nb = (s: string) => s.replace(/ /g, '\u00a0');

export function TabletReplicaRow({ svrIp, role, tablet }: { svrIp: string; role?: ReplicaRole; tablet: TabletSnapshot }) {
  const c = tablet.compaction;
  const pct = c ? percent(c.rowsDone, c.rowsTotal) : 0;
  return (
    <>
      <div className="who" title={role ? `${role} of LS ${tablet.lsId}` : undefined}>
        {svrIp} {role && <span className={`role-tag ${role}`}>{role === 'LEADER' ? 'L' : 'F'}</span>}
      </div>
      <div className="stores">
        {tablet.memtables.length === 0 && <span className="hint">none</span>}
        {tablet.memtables.map((m, i) => (
          <span
            key={i}
            className={`store ${m.isActive ? 'active' : 'frozen'}`}
            data-testid="memtable"
            data-active={m.isActive}
            title={`SCN ${m.startScn} – ${m.endScn}`}
          >
            <span className="kind">{m.isActive ? 'active' : 'frozen'}</span> {nb(formatCount(m.rowCount, 'row'))} · {nb(formatBytes(m.bytes))}
          </span>
        ))}
      </div>
      <div className="stores">
        {tablet.sstables.length === 0 && <span className="hint">none yet</span>}
        {tablet.sstables.map((t, i) => (
          <span key={i} className={`store ${t.type}`} data-testid="sstable" data-type={t.type} title={`SCN ${t.startScn} – ${t.endScn}; ${t.microBlockCount} microblocks`}>
            <span className="kind">{t.type}</span> {nb(formatCount(t.rowCount, 'row'))} · {nb(formatBytes(t.bytes))} · {nb(formatCount(t.macroBlockCount, 'macroblock'))}
            {t.reusedMacroBlockCount ? ` (${t.reusedMacroBlockCount}\u00a0reused)` : ''}
            {t.columnGroups && t.columnGroups.length > 0 ? ` · ${nb(formatCount(t.columnGroups.length, 'column group'))}` : ''}
          </span>
        ))}
      </div>
      {c && (
        <div className="replica-progress">
          <div className="progress-label">
            <span>
              {c.mergeType} {c.status.toLowerCase()}: {c.rowsDone.toLocaleString('en-US')} of {nb(formatCount(c.rowsTotal, 'row'))}
            </span>
            <span>{pct}%</span>
          </div>
          <ProgressBar percent={pct} label={`${c.mergeType} progress on ${svrIp}`} />
        </div>
      )}
    </>
  );
}
