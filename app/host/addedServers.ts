/**
 * The OBServer nodes started from the page after the bootstrap (issue #4, ALTER SYSTEM ADD
 * SERVER), kept in OPFS next to the servers' own directories: `obcluster/added_servers.json`.
 * A page reload boots them again with the bootstrap three; Reset removes `obcluster/` and with
 * it this list. It plays obd's deployment config, which remembers the hosts an operator added.
 * Issue #6: only the user's cluster keeps its list (a scenario cluster's added nodes are not
 * persisted: it boots fresh every time); the namespace parameter defaults to `obcluster`.
 *
 * Invariants: the file holds a JSON array of `{ serverId, zone, svrIp }`; an absent or unreadable
 * file means no added node (a fresh cluster).
 */
import type { WorkerServerInfo } from '../../workers/worker_protocol';
import { OPFS_CLUSTER_DIR } from './clusterHost';

export const ADDED_SERVERS_FILE = 'added_servers.json';

function isServerInfo(x: unknown): x is WorkerServerInfo {
  const o = x as Partial<WorkerServerInfo> | null;
  return !!o && typeof o.serverId === 'number' && Number.isInteger(o.serverId) && typeof o.zone === 'string' && typeof o.svrIp === 'string';
}

/** Parses the file's text; anything malformed is dropped (a hand-edited or torn file). */
export function parseAddedServers(text: string): WorkerServerInfo[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter(isServerInfo).map(({ serverId, zone, svrIp }) => ({ serverId, zone, svrIp })) : [];
  } catch {
    return [];
  }
}

async function clusterDir(namespace: string, create: boolean): Promise<FileSystemDirectoryHandle | null> {
  const root = await navigator.storage.getDirectory();
  try {
    return await root.getDirectoryHandle(namespace, { create });
  } catch {
    return null;
  }
}

/** The added nodes of the cluster in OPFS ([] for a fresh cluster). */
export async function loadAddedServers(namespace: string = OPFS_CLUSTER_DIR): Promise<WorkerServerInfo[]> {
  try {
    const dir = await clusterDir(namespace, false);
    if (!dir) return [];
    const file = await (await dir.getFileHandle(ADDED_SERVERS_FILE)).getFile();
    return parseAddedServers(await file.text());
  } catch {
    return [];
  }
}

/** Replaces the list of added nodes (creates the directory, `obcluster/` by default, when needed). */
export async function saveAddedServers(added: WorkerServerInfo[], namespace: string = OPFS_CLUSTER_DIR): Promise<void> {
  const dir = await clusterDir(namespace, true);
  if (!dir) throw new Error(`cannot open OPFS ${namespace}/`);
  const handle = await dir.getFileHandle(ADDED_SERVERS_FILE, { create: true });
  const writable = await handle.createWritable();
  await writable.write(JSON.stringify(added));
  await writable.close();
}
