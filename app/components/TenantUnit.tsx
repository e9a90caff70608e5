/**
 * A tenant on one server (issue #4): its unit(s) here — unit id, unit config (CPU, memory) and
 * unit group — and inside each unit this server's replicas of the tenant's log streams, grouped
 * by LS group (LS 1 is in LS group 0). Short lines that wrap at the separators, never inside a
 * number and its unit.
 */
import type { ClusterSnapshot } from '../../engine/server/snapshot';
import { formatBytes } from '../format/obclient';
import { leaderReplicaOf, logLagEntries, type TenantOnServer } from '../format/topology';
import { LsReplicaChip } from './LsReplicaChip';

/** Keeps a number with its unit on one line. */
const nb = (s: string) => s.replace(/ /g, '\u00a0');

export function TenantUnit({ tenant, serverId, snapshot, takenAtUs }: { tenant: TenantOnServer; serverId: number; snapshot: ClusterSnapshot; takenAtUs: number }) {
  const t = snapshot.tenants.find((x) => x.tenantId === tenant.tenantId);
  const about = t
    ? `primary zone ${t.primaryZone || '—'}; locality ${t.locality || '—'}${t.previousLocality ? ` (changing from ${t.previousLocality})` : ''}; unit num ${t.unitNum}`
    : undefined;
  return (
    <div className="unit" data-testid={`unit-${tenant.tenantId}-${serverId}`}>
      <div className="tenant" title={about}>
        <b>{tenant.tenantName}</b> <span className="dim">{nb(`tenant ${tenant.tenantId}`)}</span>
      </div>
      {tenant.units.map((u, i) => (
        <div className="unit-body" key={u.unit?.unitId ?? `none-${i}`}>
          {(u.unit || u.config) && (
            <div className="unit-line">
              {u.unit && nb(`unit ${u.unit.unitId}`)}
              {u.config && ` · ${nb(`${u.config.maxCpu} CPU`)} · ${nb(formatBytes(u.config.memorySize))}`}
              {u.unit && u.unit.unitGroupId > 0 && ` · ${nb(`unit group ${u.unit.unitGroupId}`)}`}
              {u.unit?.status === 'DELETING' && ' · DELETING'}
              {u.unit?.migrateFromServerId != null && ` · ${nb(`migrating from server ${u.unit.migrateFromServerId}`)}`}
            </div>
          )}
          {u.lsGroups.map((g) => (
            <div className="ls-group" key={g.lsGroupId} data-testid={`ls-group-${tenant.tenantId}-${g.lsGroupId}-${serverId}`}>
              <div className="ls-group-label">{g.lsGroupId === 0 ? 'LS group 0 (LS 1)' : nb(`LS group ${g.lsGroupId}`)}</div>
              <div className="chips">
                {g.replicas.map((r) => {
                  const leader = r.role === 'LEADER' ? null : leaderReplicaOf(snapshot, r.tenantId, r.lsId);
                  return (
                    <LsReplicaChip
                      key={r.lsId}
                      replica={r}
                      serverId={serverId}
                      takenAtUs={takenAtUs}
                      lagEntries={leader ? logLagEntries(r, leader.replica) : null}
                    />
                  );
                })}
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}
