/**
 * The LSM storage of every user table, as the servers report it: per tablet and replica, the
 * active and frozen memtables and the MINI / MINOR / MAJOR SSTables, with progress while a
 * compaction runs (also listed at the top, so a running merge is visible without scrolling).
 * "Minor freeze" and "Major freeze" run `ALTER SYSTEM MINOR FREEZE` / `ALTER SYSTEM MAJOR FREEZE`
 * in the SQL session: the engine does the work.
 */
import { loadSampleData, runSql } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { useSqlStore } from '../state/sqlStore';
import { CompactionSummary } from './CompactionSummary';
import { TableStorage } from './TableStorage';

export function StoragePanel() {
  const locations = useClusterStore((s) => s.snapshot?.tabletLocations);
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const ready = useClusterStore((s) => s.boot === 'ready');
  const loading = useClusterStore((s) => s.sampleLoad !== null && !s.sampleLoad.finished);
  const running = useSqlStore((s) => s.run?.running ?? false);
  const tables = new Map<string, { tenantId: number; db: string; table: string }>();
  for (const l of locations ?? []) tables.set(`${l.tenantId}/${l.databaseName}/${l.tableName}`, { tenantId: l.tenantId, db: l.databaseName, table: l.tableName });
  const tenantName = (id: number) => tenants?.find((t) => t.tenantId === id)?.tenantName ?? String(id);
  return (
    <div className="storage" data-testid="storage-panel">
      <div className="storage-head">
        <div className="storage-actions">
          <button className="btn small" data-testid="minor-freeze" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MINOR FREEZE;').catch(() => {})}>
            Minor freeze
          </button>
          <button className="btn small" data-testid="major-freeze" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MAJOR FREEZE;').catch(() => {})}>
            Major freeze
          </button>
          <span className="hint">Minor: memtables → MINI SSTables. Major: all data → a new MAJOR baseline.</span>
        </div>
        {tables.size > 0 && <CompactionSummary />}
      </div>
      {tables.size === 0 ? (
        <div className="empty" data-testid="storage-empty">
          <p>
            <strong>No user tables yet.</strong> Create a table and insert rows in the SQL editor, or load sample data.
          </p>
          <p>
            <button className="btn small primary" data-testid="storage-load-tpch" disabled={!ready || running || loading} onClick={() => void loadSampleData('tpch').catch(() => {})}>
              Load TPC-H (SF 0.01)
            </button>
          </p>
          <p>
            Rows go to each replica&apos;s <b>active memtable</b>. <b>Minor freeze</b> dumps the memtables into MINI SSTables;{' '}
            <b>Major freeze</b> merges everything into one MAJOR SSTable per tablet. Each tablet appears here with its three
            replicas, one per zone.
          </p>
        </div>
      ) : (
        [...tables.entries()].map(([key, t]) => (
          <TableStorage key={key} tenantId={t.tenantId} tenantName={tenantName(t.tenantId)} db={t.db} table={t.table} />
        ))
      )}
    </div>
  );
}
