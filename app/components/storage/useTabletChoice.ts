/**
 * Which tablet and replica the LSM stack shows: the one picked (when still reported), else the
 * first user tablet; the replica picked, else the LS leader's, else the first reported.
 */
import { useShallow } from 'zustand/react/shallow';
import type { TabletLocationSnapshot } from '../../../engine/server/snapshot';
import { useClusterStore } from '../../state/clusterStore';
import { useStorageStore } from '../../state/storageStore';

export interface ReplicaChoice {
  serverId: number;
  svrIp: string;
  zone: string;
  role?: 'LEADER' | 'FOLLOWER';
}

export interface TabletChoice {
  location: TabletLocationSnapshot | null;
  replicas: ReplicaChoice[];
  serverId: number | null;
}

export function useTabletChoice(): TabletChoice {
  const picked = useStorageStore(useShallow((s) => ({ tablet: s.tablet, serverId: s.serverId })));
  const snapshot = useClusterStore((s) => s.snapshot);
  const locations = snapshot?.tabletLocations ?? [];
  const location =
    (picked.tablet && locations.find((l) => l.tenantId === picked.tablet!.tenantId && l.tabletId === picked.tablet!.tabletId)) || locations[0] || null;
  if (!location || !snapshot) return { location, replicas: [], serverId: null };
  const replicas: ReplicaChoice[] = [];
  for (const s of [...snapshot.servers].sort((a, b) => a.serverId - b.serverId)) {
    const t = s.tablets.find((x) => x.tenantId === location.tenantId && x.tabletId === location.tabletId);
    if (!t) continue;
    const role = s.lsReplicas.find((r) => r.tenantId === t.tenantId && r.lsId === t.lsId)?.role;
    replicas.push({ serverId: s.serverId, svrIp: s.svrIp, zone: s.zone, role });
  }
  const serverId =
    replicas.find((r) => r.serverId === picked.serverId)?.serverId ?? replicas.find((r) => r.role === 'LEADER')?.serverId ?? replicas[0]?.serverId ?? null;
  return { location, replicas, serverId };
}
