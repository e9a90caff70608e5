/**
 * `topologyFromState`: the `ClusterTopology` shape (topology.ts) that `ObServer`, `LocationService`
 * and the log-stream code already use, derived from the root service's `ClusterState`. For the
 * bootstrap state it equals `buildTopology(servers)` (tested), so existing code keeps working while
 * the state becomes reshapeable (issue #4).
 *
 * `LsPlacement.leader` is the preferred leader (highest election priority, election_priority.ts),
 * not a fixed leader; `members` are the FULL replicas, `learners` the READONLY / COLUMNSTORE ones.
 * LSs already offline (WAIT_OFFLINE) are no longer placed.
 */
import { lsId, serverId, tenantId, type ServerId } from '../common/ids';
import type { ReplicaType } from '../server/snapshot';
import { lsOfTenant, unitsOfTenant } from './cluster_state';
import { preferredLeaderOf } from './election_priority';
import { formatLocality } from './locality';
import type { ClusterTopology, LsPlacement, TenantLayout } from './topology';
import type { ClusterState, RsLs, RsTenant } from './types';

/** The topology every server derives from `state` (servers by id, tenants by id, LSs by id). */
export function topologyFromState(state: ClusterState): ClusterTopology {
  const servers = [...state.servers]
    .sort((a, b) => a.serverId - b.serverId)
    .map((s) => ({ serverId: s.serverId, zone: s.zone, svrIp: s.svrIp }));
  const tenants = [...state.tenants].sort((a, b) => a.tenantId - b.tenantId).map((t) => tenantLayout(state, t));
  const sysLs1 = state.ls.find((l) => l.tenantId === 1 && l.lsId === 1);
  const root = sysLs1 ? preferredLeaderOf(state, sysLs1) : null;
  return { servers, tenants, rootServer: serverId(root ?? servers[0]?.serverId ?? 0) };
}

function tenantLayout(state: ClusterState, t: RsTenant): TenantLayout {
  const units = unitsOfTenant(state, t.tenantId);
  const firstPool = state.resourcePools.find((p) => p.resourcePoolId === t.resourcePoolIds[0]);
  return {
    tenantId: tenantId(t.tenantId),
    name: t.name,
    type: t.type,
    primaryZone: t.primaryZone,
    locality: formatLocality(t.locality),
    unitConfigId: firstPool?.unitConfigId ?? 0,
    resourcePoolId: firstPool?.resourcePoolId ?? 0,
    unitIds: new Map(units.map((u) => [u.serverId, u.unitId])),
    unitGroupId: units.length > 0 ? Math.min(...units.map((u) => u.unitGroupId)) : 0,
    ls: lsOfTenant(state, t.tenantId).filter((l) => l.status !== 'WAIT_OFFLINE').map((l) => lsPlacement(state, l)),
  };
}

/** One LS's placement: preferred leader, FULL members, R/C learners, replica types. */
export function lsPlacement(state: ClusterState, l: RsLs): LsPlacement {
  const members: ServerId[] = l.replicas.filter((r) => r.replicaType === 'FULL').map((r) => serverId(r.serverId));
  const learners: ServerId[] = l.replicas.filter((r) => r.replicaType !== 'FULL').map((r) => serverId(r.serverId));
  const replicaTypes: Record<number, ReplicaType> = Object.fromEntries(l.replicas.map((r) => [r.serverId, r.replicaType]));
  const leader = preferredLeaderOf(state, l) ?? members[0] ?? 0;
  return {
    tenantId: tenantId(l.tenantId), lsId: lsId(l.lsId), leader: serverId(leader), members, learners, replicaTypes,
    unitGroupId: l.unitGroupId, lsGroupId: l.lsGroupId, primaryZone: l.primaryZone,
  };
}
