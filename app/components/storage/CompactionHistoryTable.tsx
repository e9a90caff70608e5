/**
 * The tenant's latest finished compactions on every server (GV$OB_TABLET_COMPACTION_HISTORY as the
 * servers report it), newest first: when, where, which table, merge type, SCN, rows, bytes
 * written, macroblocks (reused), compression ratio, duration, DAG split.
 */
import { historyWithZones } from '../../format/major';
import { clockTime, formatBytes } from '../../format/obclient';
import { formatDurationUs } from '../../format/storage';
import { useClusterStore } from '../../state/clusterStore';

/** Entries listed. */
const HISTORY_ROWS_SHOWN = 15;

export function CompactionHistoryTable({ tenantId }: { tenantId: number }) {
  const snapshot = useClusterStore((s) => s.snapshot);
  if (!snapshot) return null;
  const entries = historyWithZones(snapshot, tenantId).sort((a, b) => b.finishUs - a.finishUs);
  const name = (tabletId: number) => {
    const l = snapshot.tabletLocations.find((x) => x.tenantId === tenantId && x.tabletId === tabletId);
    return l ? `${l.tableName}${l.partitionName ? ` ${l.partitionName}` : ''}` : `tablet ${tabletId}`;
  };
  return (
    <div className="history" data-testid="compaction-history">
      <h5>Finished compactions (newest first)</h5>
      {entries.length === 0 ? (
        <div className="hint">No compaction has finished yet for this tenant (or the servers do not report their history yet).</div>
      ) : (
        <div className="history-scroll">
          <table className="grid history-grid">
            <thead>
              <tr>
                <th>finished</th>
                <th>zone</th>
                <th>table</th>
                <th>type</th>
                <th className="num">rows</th>
                <th className="num">size</th>
                <th className="num">took</th>
              </tr>
            </thead>
            <tbody>
              {entries.slice(0, HISTORY_ROWS_SHOWN).map((h, i) => (
                <tr
                  key={i}
                  data-testid="history-row"
                  title={[
                    `on ${h.svrIp} · task ${h.taskId} · SCN ${h.compactionScn}`,
                    `${h.macroBlockCount} macroblocks (${h.multiplexedMacroBlockCount} reused) · ${h.newMicroBlockCount} new microblocks`,
                    `compression ratio ${h.compressionRatio.toFixed(1)}× · parallel degree ${h.parallelDegree} · column groups ${h.startCgId}–${h.endCgId}`,
                    h.comments,
                  ].filter(Boolean).join('\n')}
                >
                  <td>{clockTime(h.finishUs).slice(0, 8)}</td>
                  <td>{h.zone}</td>
                  <td className="wrap">{name(h.tabletId)}</td>
                  <td>{h.mergeType}</td>
                  <td className="num">{h.totalRowCount.toLocaleString('en-US')}</td>
                  <td className="num">{formatBytes(h.occupySize)}</td>
                  <td className="num">{formatDurationUs(h.finishUs - h.startUs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
