/**
 * The OBServer nodes the page's host runs (issue #4, ALTER SYSTEM ADD SERVER), for the topology
 * panel: the bootstrap three plus those started with "+ OBServer", and which zones have a node
 * starting. A deployment fact (which observer processes exist), not a database fact: whether the
 * cluster knows a node comes from the snapshot's `rsServers`.
 */
import { create } from 'zustand';
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import { OBCLUSTER_SERVERS } from './clusterHost';

export interface HostNodesState {
  /** Every node, bootstrap ones first. */
  nodes: WorkerServerInfo[];
  /** Zones where a node is being started (the button shows progress). */
  starting: string[];
}

export const useHostNodes = create<HostNodesState>(() => ({ nodes: [...OBCLUSTER_SERVERS], starting: [] }));

export function setHostNodes(nodes: WorkerServerInfo[]): void {
  const now = useHostNodes.getState().nodes;
  const same = now.length === nodes.length && now.every((n, i) => n.serverId === nodes[i].serverId && n.zone === nodes[i].zone);
  if (!same) useHostNodes.setState({ nodes });
}

export function setZoneStarting(zone: string, on: boolean): void {
  const starting = useHostNodes.getState().starting.filter((z) => z !== zone);
  useHostNodes.setState({ starting: on ? [...starting, zone] : starting });
}

/** The statement that registers node `info` with the cluster (run as root@sys). */
export function addServerStatement(info: Pick<WorkerServerInfo, 'svrIp' | 'zone'>): string {
  return `ALTER SYSTEM ADD SERVER '${info.svrIp}:2882' ZONE '${info.zone}';`;
}
