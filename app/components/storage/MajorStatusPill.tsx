/**
 * The tenant's major-compaction status in the storage panel's header, always in sight:
 * IDLE / COMPACTING / VERIFYING (shape + word), the frozen SCN and whether the last round
 * finished (LAST_SCN = FROZEN_SCN). Clicking it opens the major-compaction view.
 */
import { majorCompactionOf } from '../../format/major';
import { scnText } from '../../format/storage';
import { useClusterStore } from '../../state/clusterStore';
import { setStorageView } from '../../state/storageStore';
import { useMajorTenant } from './useMajorTenant';

export const MAJOR_STATUS_MARK: Record<string, string> = { IDLE: '●', COMPACTING: '◐', VERIFYING: '◑' };

export function MajorStatusPill() {
  const { tenantId, tenantName } = useMajorTenant();
  const mc = useClusterStore((s) => (tenantId === null ? null : majorCompactionOf(s.snapshot, tenantId)));
  if (!mc) {
    return (
      <span className="hint major-pill-none" data-testid="major-status" data-status="">
        major compaction ({tenantName}): not reported yet
      </span>
    );
  }
  return (
    <button
      className={`major-pill ${mc.status}${mc.isError ? ' error' : ''}`}
      data-testid="major-status"
      data-status={mc.status}
      onClick={() => setStorageView('major')}
      title="Open the major-compaction view"
    >
      <span aria-hidden>{MAJOR_STATUS_MARK[mc.status]}</span> {tenantName}: <b>{mc.status}</b>
      <span className="hint"> · frozen SCN {scnText(mc.frozenScn)}</span>
      {mc.isError && <b> · checksum ERROR</b>}
      {mc.isSuspended && <b> · suspended</b>}
    </button>
  );
}
