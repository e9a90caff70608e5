/**
 * The LSM storage of every user table, as the servers report it: per tablet and replica, the
 * active and frozen memtables and the MINI / MINOR / MAJOR SSTables, with progress while a
 * compaction runs. "Minor freeze" and "Major freeze" run `ALTER SYSTEM MINOR FREEZE` /
 * `ALTER SYSTEM MAJOR FREEZE` in the SQL session: the engine does the work.
 */
import { runSql } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { useSqlStore } from '../state/sqlStore';
import { TableStorage } from './TableStorage';

export function StoragePanel() {
  const locations = useClusterStore((s) => s.snapshot?.tabletLocations);
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const ready = useClusterStore((s) => s.boot === 'ready');
  const running = useSqlStore((s) => s.run?.running ?? false);
  const tables = new Map<string, { tenantId: number; db: string; table: string }>();
  for (const l of locations ?? []) tables.set(`${l.tenantId}/${l.databaseName}/${l.tableName}`, { tenantId: l.tenantId, db: l.databaseName, table: l.tableName });
  const tenantName = (id: number) => tenants?.find((t) => t.tenantId === id)?.tenantName ?? String(id);
  return (
    <div data-testid="storage-panel">
      <div className="storage-head">
        <button className="btn small" data-testid="minor-freeze" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MINOR FREEZE;').catch(() => {})}>
          Minor freeze
        </button>
        <button className="btn small" data-testid="major-freeze" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MAJOR FREEZE;').catch(() => {})}>
          Major freeze
        </button>
        <span className="hint">Minor: memtables → MINI SSTables. Major: all data → a new MAJOR baseline.</span>
      </div>
      {tables.size === 0 ? (
        <div className="empty">
          <strong>No user tables yet.</strong> Create a table and insert rows (or load sample data): the rows go to each
          replica&apos;s active memtable. Then press <b>Minor freeze</b> to dump them into a MINI SSTable, and{' '}
          <b>Major freeze</b> to merge everything into a MAJOR SSTable.
        </div>
      ) : (
        [...tables.entries()].map(([key, t]) => (
          <TableStorage key={key} tenantId={t.tenantId} tenantName={tenantName(t.tenantId)} db={t.db} table={t.table} />
        ))
      )}
    </div>
  );
}
