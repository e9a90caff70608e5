/**
 * Each zone's share of the current major compaction: its status (IDLE / COMPACTING), BROADCAST_SCN
 * and LAST_SCN, a progress bar of its tablet replicas merged to the broadcast SCN, and the rows
 * of the merges running there now.
 */
import type { MajorCompactionSnapshot } from '../../../engine/server/snapshot';
import { zoneMajorProgress } from '../../format/major';
import { formatCount, percent } from '../../format/obclient';
import { scnText } from '../../format/storage';
import { useClusterStore } from '../../state/clusterStore';
import { ProgressBar } from '../ProgressBar';

export function ZoneMajorProgressList({ mc }: { mc: MajorCompactionSnapshot }) {
  const snapshot = useClusterStore((s) => s.snapshot);
  if (!snapshot) return null;
  const zones = zoneMajorProgress(snapshot, mc);
  if (zones.length === 0) return <div className="hint">The root service reported no zone for this compaction.</div>;
  return (
    <div className="zone-major" data-testid="zone-major">
      {zones.map((z) => {
        const pct = percent(z.tabletsMerged, z.tabletsTotal);
        return (
          <div key={z.zone} className="zone-major-row" data-testid={`zone-major-${z.zone}`} data-status={z.status}>
            <span className="zone-name">
              {z.zone} <span className={`zstatus ${z.status}`}>{z.status === 'IDLE' ? '● IDLE' : '◐ COMPACTING'}</span>
            </span>
            <ProgressBar percent={pct} label={`${z.zone}: tablet replicas merged to SCN ${z.broadcastScn}`} />
            <span className="how">
              {z.tabletsMerged} of {formatCount(z.tabletsTotal, 'tablet')} merged
            </span>
            <span className="zone-scns hint">
              BROADCAST_SCN {scnText(z.broadcastScn)} · LAST_SCN {scnText(z.lastScn)}
              {z.running > 0 && ` · ${z.running} running: ${z.rowsDone.toLocaleString('en-US')} of ${formatCount(z.rowsTotal, 'row')}`}
            </span>
          </div>
        );
      })}
    </div>
  );
}
