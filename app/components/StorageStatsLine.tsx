/** A statement's storage counters under its status line: microblocks read and skipped, bytes, rows. */
import type { ScanStats } from '../../engine/storage/types';
import { storageStatsLine } from '../format/storage';

export function StorageStatsLine({ stats }: { stats: ScanStats }) {
  return (
    <div className="info-line storage-stats" data-testid="storage-stats" title="What storage did for this statement's table scans">
      storage: {storageStatsLine(stats)}
    </div>
  );
}
