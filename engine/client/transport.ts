/**
 * How the OBKV client reaches OBServers: one call to one server, answered with the server's
 * `KvReply` (engine/table/types.ts). In the browser the page's host implements it over comlink to
 * each server's worker (`ObServerApi.kvCall`); in Node and in tests `LocalCluster` calls the
 * in-process `ObServer`s. A server that cannot be reached (killed, link cut) makes the promise
 * reject or resolve with OB_RPC_SEND_ERROR-style errors; the client treats both as a stale route.
 */
import type { KvReply } from '../table/types';

export interface KvTransport {
  /** Server ids the client may ask for routes (any live server answers `table.route`). */
  servers(): number[];
  /** One request to server `serverId`. */
  call(serverId: number, method: string, body: unknown): Promise<KvReply>;
}
