/**
 * The Storage tab, made for teaching: every user table's tablets and their replicas ("Tablets"),
 * one replica's LSM stack drawn as layers ("LSM stack"), and the tenant's major compaction per
 * zone with its history ("Major compaction"); the column view of an SSTable opens over it.
 * "Minor freeze" and "Major freeze" run `ALTER SYSTEM MINOR FREEZE` / `ALTER SYSTEM MAJOR FREEZE`
 * in the SQL session: the engine does the work. Running compactions are listed at the top.
 */
import { runSql } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { useSqlStore } from '../state/sqlStore';
import { setStorageView, useStorageStore, type StorageView } from '../state/storageStore';
import { CompactionSummary } from './CompactionSummary';
import { ColumnView } from './storage/ColumnView';
import { LsmStackView } from './storage/LsmStackView';
import { MajorCompactionView } from './storage/MajorCompactionView';
import { MajorStatusPill } from './storage/MajorStatusPill';
import { StorageOverview } from './storage/StorageOverview';

const VIEWS: { id: StorageView; label: string; title: string }[] = [
  { id: 'tablets', label: 'Tablets', title: 'Every table’s tablets and their replicas (Alt+Shift+1)' },
  { id: 'lsm', label: 'LSM stack', title: 'One tablet replica’s memtables and SSTables, as layers (Alt+Shift+2)' },
  { id: 'major', label: 'Major compaction', title: 'The tenant’s major compaction per zone, and its history (Alt+Shift+3)' },
];

export function StoragePanel() {
  const ready = useClusterStore((s) => s.boot === 'ready');
  const hasTables = useClusterStore((s) => (s.snapshot?.tabletLocations.length ?? 0) > 0);
  const running = useSqlStore((s) => s.run?.running ?? false);
  const view = useStorageStore((s) => s.view);
  const columnViewOpen = useStorageStore((s) => s.columnView !== null);
  return (
    <div className="storage" data-testid="storage-panel" data-view={view}>
      <div className="storage-head">
        <div className="storage-actions">
          <button className="btn small" data-testid="minor-freeze" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MINOR FREEZE;').catch(() => {})}>
            Minor freeze
          </button>
          <button className="btn small" data-testid="major-freeze" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MAJOR FREEZE;').catch(() => {})}>
            Major freeze
          </button>
          <MajorStatusPill />
        </div>
        <div className="subtabs" role="tablist" aria-label="Storage views">
          {VIEWS.map((v) => (
            <button key={v.id} className="subtab" role="tab" aria-selected={view === v.id} data-testid={`storage-view-${v.id}`} title={v.title} onClick={() => setStorageView(v.id)}>
              {v.label}
            </button>
          ))}
        </div>
        {hasTables && <CompactionSummary />}
      </div>
      {view === 'tablets' && <StorageOverview />}
      {view === 'lsm' && <LsmStackView />}
      {view === 'major' && <MajorCompactionView />}
      {columnViewOpen && <ColumnView />}
    </div>
  );
}
