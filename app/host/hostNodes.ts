/**
 * The OBServer nodes the page's host runs (issue #4, ALTER SYSTEM ADD SERVER), for the topology
 * panel: the deployment's bootstrap servers plus those started with "+ OBServer", and which zones
 * have a node starting. Issue #6: which deployment runs — the user's own cluster or a scenario's
 * (its namespace, servers and title) — for the boot progress, the topology and the top bar.
 * Deployment facts (which observer processes exist), not database facts: whether the cluster
 * knows a node comes from the snapshot's `rsServers`.
 */
import { create } from 'zustand';
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import { userDeployment, type Deployment } from './clusterHost';

export interface HostNodesState {
  /** Every node, bootstrap ones first. */
  nodes: WorkerServerInfo[];
  /** Zones where a node is being started (the button shows progress). */
  starting: string[];
}

export const useHostNodes = create<HostNodesState>(() => ({ nodes: [...userDeployment().servers], starting: [] }));

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

/** The deployment the page runs (or is switching to); the user's cluster until a scenario boots. */
export const useDeployment = create<{ deployment: Deployment }>(() => ({ deployment: userDeployment() }));

/** Switches the shown deployment: its servers become the host's nodes (added ones come with the boot). */
export function setDeployment(deployment: Deployment): void {
  useDeployment.setState({ deployment });
  useHostNodes.setState({ nodes: deployment.servers.map((s) => ({ ...s })), starting: [] });
}

/** What the top bar shows for a deployment: "obcluster" or "Scenario cluster" (the title is in its tooltip). */
export function deploymentLabel(d: Deployment): string {
  if (d.kind === 'user') return 'obcluster';
  return 'Scenario cluster';
}
