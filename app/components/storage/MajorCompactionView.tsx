/**
 * The tenant's major compaction as its root service reports it (reference §4.4): the status
 * moving IDLE → COMPACTING → VERIFYING → IDLE, FROZEN_SCN / GLOBAL_BROADCAST_SCN / LAST_SCN,
 * per-zone progress (tablet replicas merged to the zone's broadcast SCN, rows of the merges
 * running there), the timeline of the recent rounds per zone, and the latest finished
 * compactions of the tenant.
 */
import { runSql } from '../../host/playground';
import { majorCompactionOf, MAJOR_STEPS } from '../../format/major';
import { clockTime } from '../../format/obclient';
import { scnText } from '../../format/storage';
import { useClusterStore } from '../../state/clusterStore';
import { useSqlStore } from '../../state/sqlStore';
import { pickMajorTenant } from '../../state/storageStore';
import { CompactionHistoryTable } from './CompactionHistoryTable';
import { MajorTimeline } from './MajorTimeline';
import { MAJOR_STATUS_MARK } from './MajorStatusPill';
import { useMajorTenant } from './useMajorTenant';
import { ZoneMajorProgressList } from './ZoneMajorProgressList';

function TenantPick({ tenantId }: { tenantId: number | null }) {
  const tenants = useClusterStore((s) => s.snapshot?.tenants ?? []);
  return (
    <label className="hint">
      tenant{' '}
      <select className="select" data-testid="major-tenant" value={tenantId ?? ''} onChange={(e) => pickMajorTenant(Number(e.target.value))}>
        {tenants.map((t) => (
          <option key={t.tenantId} value={t.tenantId}>
            {t.tenantName} ({t.tenantId})
          </option>
        ))}
      </select>
    </label>
  );
}

export function MajorCompactionView() {
  const { tenantId, tenantName } = useMajorTenant();
  const mc = useClusterStore((s) => (tenantId === null ? null : majorCompactionOf(s.snapshot, tenantId)));
  const running = useSqlStore((s) => s.run?.running ?? false);
  const ready = useClusterStore((s) => s.boot === 'ready');
  // IDLE is drawn twice (before and after a round): the second once a round has finished.
  const currentStep = !mc ? -1 : mc.status === 'IDLE' ? (mc.lastFinishTimeUs > 0 ? 3 : 0) : MAJOR_STEPS.indexOf(mc.status);
  return (
    <div className="major" data-testid="major-view">
      <div className="picker">
        <TenantPick tenantId={tenantId} />
      </div>
      {!mc ? (
        <div className="empty" data-testid="major-empty">
          <strong>No major compaction reported for tenant {tenantName} yet.</strong> The tenant&apos;s root service (on the server
          leading its LS 1) reports it once the engine tracks major compactions. Run <code>ALTER SYSTEM MAJOR FREEZE</code> to
          start one.{' '}
          <button className="btn small" disabled={!ready || running} onClick={() => void runSql('ALTER SYSTEM MAJOR FREEZE;').catch(() => {})}>
            Run it
          </button>
        </div>
      ) : (
        <>
          <div className="major-card" data-testid="major-card" data-status={mc.status}>
            <ol className="steps" aria-label="Major compaction status">
              {[...MAJOR_STEPS, 'IDLE' as const].map((step, i) => (
                <li key={i}>
                  {i > 0 && (
                    <span className="arrow" aria-hidden>
                      →
                    </span>
                  )}
                  <span className={i === currentStep ? 'step current' : 'step'} aria-current={i === currentStep ? 'step' : undefined}>
                    {i === currentStep && <span aria-hidden>{MAJOR_STATUS_MARK[step]} </span>}
                    {step}
                  </span>
                </li>
              ))}
            </ol>
            <dl className="scns">
              <dt>FROZEN_SCN</dt>
              <dd data-testid="frozen-scn">
                {scnText(mc.frozenScn)} <span className="hint">at {clockTime(mc.frozenTimeUs)}</span>
              </dd>
              <dt>GLOBAL_BROADCAST_SCN</dt>
              <dd>{scnText(mc.globalBroadcastScn)}</dd>
              <dt>LAST_SCN</dt>
              <dd data-testid="last-scn">
                {scnText(mc.lastScn)}
                {mc.lastFinishTimeUs > 0 && <span className="hint"> finished {clockTime(mc.lastFinishTimeUs)}</span>}
              </dd>
            </dl>
            {(mc.isError || mc.isSuspended || mc.info) && (
              <div className={mc.isError ? 'error-message' : 'hint'}>
                {mc.isError ? 'IS_ERROR = YES: replica checksums disagree (ALTER SYSTEM CLEAR MERGE ERROR). ' : ''}
                {mc.isSuspended ? 'Merging is suspended (ALTER SYSTEM RESUME MERGE). ' : ''}
                {mc.info}
              </div>
            )}
          </div>
          <ZoneMajorProgressList mc={mc} />
          <MajorTimeline mc={mc} />
        </>
      )}
      {tenantId !== null && <CompactionHistoryTable tenantId={tenantId} />}
    </div>
  );
}
