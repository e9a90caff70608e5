/**
 * The details of the log-stream replica the user clicked (issue #4 item 6): PALF's view of it —
 * role and election state, proposal id, config version, member and learner lists, voted for,
 * the lease, every LSN — and the LS as the root service placed it (LS group, unit group,
 * primary zone). Everything is read from the shown snapshot. Esc or ✕ closes it.
 */
import { useEffect } from 'react';
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import { formatEntries, formatMs, leaderReplicaOf, leaseRemainingMs, logLagEntries, replicaKind } from '../format/topology';
import { selectReplica, type ReplicaRef } from '../state/uiStore';

export function ReplicaDetail({ at, snapshot, name }: { at: ReplicaRef; snapshot: ClusterSnapshot; name: (serverId: number) => string }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') selectReplica(null);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const server = snapshot.servers.find((s) => s.serverId === at.serverId);
  const r = server?.lsReplicas.find((x) => x.tenantId === at.tenantId && x.lsId === at.lsId);
  const tenant = snapshot.tenants.find((t) => t.tenantId === at.tenantId);
  const ls = tenant?.ls.find((l) => l.lsId === at.lsId);
  const close = (
    <button className="btn small" data-testid="replica-detail-close" onClick={() => selectReplica(null)} title="Close (Esc)">
      ✕
    </button>
  );
  const heading = `${tenant?.tenantName ?? `tenant ${at.tenantId}`} · LS ${at.lsId} on ${name(at.serverId)}`;
  if (!server || !r) {
    return (
      <aside className="replica-detail" data-testid="replica-detail" aria-label="Replica details">
        <div className="detail-head">
          <b>{heading}</b>
          {close}
        </div>
        <div className="hint">This replica is not in the shown snapshot (its server is down, or the replica was removed).</div>
      </aside>
    );
  }
  const leader = leaderReplicaOf(snapshot, at.tenantId, at.lsId);
  const lease = leaseRemainingMs(r, server.takenAtUs);
  const lag = r.role === 'LEADER' ? null : logLagEntries(r, leader?.replica ?? null);
  const list = (ids: number[] | undefined) => (ids && ids.length ? `server${ids.length > 1 ? 's' : ''} ${ids.join(', ')}` : 'none');
  const kind = replicaKind(r, at.serverId);
  const rows: [string, string][] = [
    ['role', kind === 'learner' || kind === 'candidate' ? `${r.role} (${kind})` : r.role],
    ['election state', r.election ? r.election.electionState : 'not reported'],
    ['replica type', r.replicaType],
    ['proposal id', String(r.proposalId)],
    ['config version', r.configVersion === undefined ? 'not reported' : String(r.configVersion)],
    ['member list', list(r.memberList)],
    ['learner list', list(r.learnerList)],
    ['voted for', r.election ? (r.election.votedFor === null ? 'nobody' : `server ${r.election.votedFor}`) : 'not reported'],
    ['leader (as known here)', r.leaderServerId === null ? 'unknown' : `server ${r.leaderServerId}`],
    ['lease remaining', lease === null ? '—' : formatMs(lease)],
    ['serving strong reads', r.election ? (r.election.servingStrong ? 'yes' : 'no') : 'not reported'],
    ['last LSN', String(r.lastLsn)],
    ['persisted LSN', r.persistedLsn === undefined ? 'not reported' : String(r.persistedLsn)],
    ['committed LSN', String(r.committedLsn)],
    ['applied LSN', String(r.appliedLsn)],
    ['checkpoint LSN', String(r.checkpointLsn)],
    ['lag behind leader', lag === null ? '—' : formatEntries(lag)],
    ['applied SCN', r.appliedScn],
    ['tablets', String(r.tabletCount)],
  ];
  if (ls) {
    rows.push(['LS group / unit group', `${ls.lsGroupId} / ${ls.unitGroupId}`], ['LS status', ls.status], ['primary zone', ls.primaryZone || '—']);
  }
  return (
    <aside className="replica-detail" data-testid="replica-detail" aria-label="Replica details">
      <div className="detail-head">
        <b>{heading}</b>
        {close}
      </div>
      <dl className="detail-grid">
        {rows.map(([k, v]) => (
          <div key={k} className="detail-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
