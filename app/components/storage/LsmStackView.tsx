/**
 * One tablet replica's LSM stack, drawn as layers from top (newest) to bottom (the baseline): the
 * active memtable, frozen memtables, MINI SSTables, the MINOR SSTable and the MAJOR (for a
 * columnar major, its column-group SSTables side by side). Each layer carries rows, bytes, its
 * SCN range and, for SSTables, block counts and the compression ratio; a running compaction shows
 * its DAG tasks. It follows the snapshots, so it moves as writes, freezes and compactions happen.
 */
import { runSql } from '../../host/playground';
import { lsmLayers, storeFormatText } from '../../format/storage';
import { useClusterStore } from '../../state/clusterStore';
import { useSqlStore } from '../../state/sqlStore';
import { DagTaskList } from './DagTaskList';
import { LsmLayerCard } from './LsmLayerCard';
import { TabletPicker } from './TabletPicker';
import { useTabletChoice } from './useTabletChoice';

export function LsmStackView() {
  const { location, replicas, serverId } = useTabletChoice();
  const server = useClusterStore((s) => s.snapshot?.servers.find((x) => x.serverId === serverId));
  const running = useSqlStore((s) => s.run?.running ?? false);
  if (!location) {
    return (
      <div className="empty" data-testid="lsm-empty">
        <strong>No user tables yet.</strong> Create a table and insert rows, then come back: its tablet&apos;s LSM stack is drawn
        here, memtables on top and the MAJOR baseline at the bottom.
      </div>
    );
  }
  const tablet = server?.tablets.find((t) => t.tenantId === location.tenantId && t.tabletId === location.tabletId);
  const layers = tablet ? lsmLayers(tablet) : [];
  const maxBytes = Math.max(1, ...layers.map((l) => (l.memtable ?? l.sstable)!.bytes));
  const format = storeFormatText(tablet?.storeFormat);
  const title = `${location.databaseName}.${location.tableName}${location.partitionName ? ` ${location.partitionName}` : ''}`;
  return (
    <div className="lsm" data-testid="lsm-stack" data-tablet={location.tabletId} data-server={serverId ?? ''}>
      <TabletPicker location={location} replicas={replicas} serverId={serverId} />
      <div className="lsm-caption hint">
        tablet {location.tabletId} · LS {location.lsId}
        {server ? ` · replica on ${server.svrIp} (${server.zone})` : ''}
        {format ? ` · next major: ${format}` : ''}
      </div>
      {!tablet ? (
        <div className="empty">This server has not reported a replica of the tablet yet.</div>
      ) : (
        <>
          {tablet.compaction && <DagTaskList compaction={tablet.compaction} tasks={tablet.dagTasks ?? []} svrIp={server!.svrIp} />}
          <div className="lsm-legend hint">
            Newest on top — every write lands in the active memtable — down to the baseline at the bottom. A read merges
            all layers, newest first.
          </div>
          <ol className="lsm-layers" aria-label={`LSM stack of ${title}`}>
            {layers.map((layer) => (
              <LsmLayerCard key={layer.key} layer={layer} maxBytes={maxBytes} tablet={tablet} serverId={serverId!} svrIp={server!.svrIp} title={title} />
            ))}
          </ol>
          {tablet.sstables.length === 0 && (
            <div className="empty" data-testid="lsm-no-sstables">
              <strong>No SSTables yet</strong> — run <code>ALTER SYSTEM MINOR FREEZE</code> to dump the memtable into a MINI SSTable.{' '}
              <button className="btn small" disabled={running} onClick={() => void runSql('ALTER SYSTEM MINOR FREEZE;').catch(() => {})}>
                Run it
              </button>
            </div>
          )}
          {tablet.sstables.length > 0 && !tablet.sstables.some((t) => t.type === 'MAJOR') && tablet.compaction?.mergeType !== 'MAJOR_MERGE' && (
            <div className="empty" data-testid="lsm-no-major">
              <strong>No MAJOR baseline yet</strong> — run <code>ALTER SYSTEM MAJOR FREEZE</code>: every replica merges all layers
              into one MAJOR SSTable at the frozen SCN.{' '}
              <button className="btn small" disabled={running} onClick={() => void runSql('ALTER SYSTEM MAJOR FREEZE;').catch(() => {})}>
                Run it
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
