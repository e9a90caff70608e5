/**
 * The Tablets view: every user table's tablets, each with its replicas' memtables and SSTables;
 * the empty state says how to get some.
 */
import { loadSampleData } from '../../host/playground';
import { useClusterStore } from '../../state/clusterStore';
import { useSqlStore } from '../../state/sqlStore';
import { TableStorage } from '../TableStorage';

export function StorageOverview() {
  const locations = useClusterStore((s) => s.snapshot?.tabletLocations);
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const ready = useClusterStore((s) => s.boot === 'ready');
  const loading = useClusterStore((s) => s.sampleLoad !== null && !s.sampleLoad.finished);
  const running = useSqlStore((s) => s.run?.running ?? false);
  const tables = new Map<string, { tenantId: number; db: string; table: string }>();
  for (const l of locations ?? []) tables.set(`${l.tenantId}/${l.databaseName}/${l.tableName}`, { tenantId: l.tenantId, db: l.databaseName, table: l.tableName });
  const tenantName = (id: number) => tenants?.find((t) => t.tenantId === id)?.tenantName ?? String(id);
  if (tables.size === 0) {
    return (
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
          replicas, one per zone. Try <code>WITH COLUMN GROUP(all columns, each column)</code> in CREATE TABLE to get a
          column-store baseline.
        </p>
      </div>
    );
  }
  return (
    <>
      {[...tables.entries()].map(([key, t]) => (
        <TableStorage key={key} tenantId={t.tenantId} tenantName={tenantName(t.tenantId)} db={t.db} table={t.table} />
      ))}
    </>
  );
}
