/**
 * One log-stream replica on a server card (issue #4 item 6). Shape and label carry the role:
 * leader filled with "L", follower outlined "F", learner dashed "Ln", candidate double-outlined
 * "?" while it campaigns; a square tag gives the replica type (F, R, C). Beside them the log
 * position (committed / applied LSN, lag behind the leader in entries) and, on a leader, its
 * remaining lease as a small bar (lease expiry minus the server's snapshot time). Click: details.
 */
import type { LsReplicaSnapshot } from '../../engine/server/snapshot';
import {
  formatEntries, formatMs, LEASE_FULL_SCALE_MS, leaseRemainingMs, replicaKind, ROLE_BADGE, typeLetter,
} from '../format/topology';
import { selectReplica, useUiStore } from '../state/uiStore';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

export interface ReplicaChipProps {
  replica: LsReplicaSnapshot;
  serverId: number;
  /** The server snapshot's time (µs, simulated clock), for the lease. */
  takenAtUs: number;
  /** Entries behind the leader's log; null when this is the leader or no leader is known. */
  lagEntries: number | null;
}

export function LsReplicaChip({ replica, serverId, takenAtUs, lagEntries }: ReplicaChipProps) {
  const kind = replicaKind(replica, serverId);
  const leaseMs = leaseRemainingMs(replica, takenAtUs);
  const selected = useUiStore(
    (s) => s.selectedReplica?.tenantId === replica.tenantId && s.selectedReplica.lsId === replica.lsId && s.selectedReplica.serverId === serverId,
  );
  // Issue #5: the replica (LS leader) the highlighted KV call went to.
  const kvCall = useUiStore((s) => {
    const h = s.routeHighlight;
    return h && h.serverId === serverId && h.lsId === replica.lsId && (h.tenantId === null || h.tenantId === replica.tenantId) ? h.label : null;
  });
  const title =
    `tenant ${replica.tenantId}, LS ${replica.lsId}: ${kind} (${replica.replicaType} replica), proposal id ${replica.proposalId}\n` +
    `LSN last ${replica.lastLsn}, committed ${replica.committedLsn}, applied ${replica.appliedLsn}\n` +
    `members: servers ${replica.memberList.join(', ')}; ${replica.tabletCount} tablets\nClick for details`;
  return (
    <button
      type="button"
      className={`chip replica ${kind}${selected ? ' selected' : ''}${kvCall ? ' kv-target' : ''}`}
      data-testid={`ls-replica-${replica.tenantId}-${replica.lsId}-${serverId}`}
      data-role={replica.role}
      data-kind={kind}
      data-kv-target={kvCall ? 'true' : undefined}
      aria-pressed={selected}
      title={kvCall ? `${title}\nThe highlighted KV call went here: ${kvCall}` : title}
      onClick={() => selectReplica({ tenantId: replica.tenantId, lsId: replica.lsId, serverId })}
    >
      <span className="role" aria-label={kind}>
        {ROLE_BADGE[kind]}
      </span>
      <span className="ls">{nb(`LS ${replica.lsId}`)}</span>
      <span className="rtype" title={`${replica.replicaType} replica`}>
        {typeLetter(replica.replicaType)}
      </span>
      {leaseMs !== null && (
        <span className="lease" data-testid="lease" title="Leader lease remaining (simulated clock)">
          <span className="lease-bar" aria-hidden>
            <span style={{ width: `${Math.min(100, (leaseMs / LEASE_FULL_SCALE_MS) * 100)}%` }} />
          </span>
          {nb(`lease ${formatMs(leaseMs)}`)}
        </span>
      )}
      {kvCall && (
        <span className="kv-mark" data-testid="kv-mark">
          ◆&nbsp;KV
        </span>
      )}
      {kind === 'candidate' && <span className="electing">electing…</span>}
      <span className="log" title="Committed and applied LSN (log entry index)">
        {nb(`c ${replica.committedLsn.toLocaleString('en-US')}`)} · {nb(`a ${replica.appliedLsn.toLocaleString('en-US')}`)}
        {lagEntries !== null && lagEntries > 0 && <b className="lag"> · {nb(`lag ${formatEntries(lagEntries)}`)}</b>}
      </span>
    </button>
  );
}
