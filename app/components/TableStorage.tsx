/** One table's tablets (one per partition) in the storage view, under the table's name. */
import { useClusterStore } from '../state/clusterStore';
import { TabletCard } from './TabletCard';

export function TableStorage(props: { tenantId: number; tenantName: string; db: string; table: string }) {
  const { tenantId, tenantName, db, table } = props;
  const locations = useClusterStore((s) => s.snapshot?.tabletLocations ?? []).filter(
    (l) => l.tenantId === tenantId && l.databaseName === db && l.tableName === table,
  );
  return (
    <section className="table-group" data-testid={`table-storage-${db}.${table}`}>
      <h4>
        <span className="name">
          {db}.{table}
        </span>{' '}
        <span className="hint">
          tenant {tenantName} · table id {locations[0]?.tableId} · {locations.length === 1 ? '1 tablet' : `${locations.length} tablets`}
        </span>
      </h4>
      {locations.map((l) => (
        <TabletCard key={l.tabletId} location={l} />
      ))}
    </section>
  );
}
