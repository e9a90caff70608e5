/**
 * The page's OBKV client (issue #5): a `KvTransport` straight to the OBServer workers (comlink's
 * `kvCall` on the host's remote of each running server — the client connects to each server
 * directly, as OBKV clients do, no proxy), and one lazily created routing client whose call traces
 * go to the KV store (and from there to the topology's highlight).
 *
 * Invariants:
 * - A server that is not running (killed, crashed, booting, absent) answers OB_RPC_SEND_ERROR
 *   (-4121) at once, and so does one that stops while a call to it is in flight (a comlink call
 *   to a terminated worker would otherwise never settle): the client refreshes and retries.
 * - A cluster reset makes the next `kvClients()` build a new client (the old route cache
 *   described the old cluster).
 */
import { createKvClients } from '../../engine/client/index';
import type { KvCallTrace } from '../../engine/client/trace';
import type { KvTransport } from '../../engine/client/transport';
import { Errors } from '../../engine/common/ob_error';
import type { KvReply } from '../../engine/table/types';
import { pushKvTrace } from '../state/kvStore';
import type { ClusterHost } from './clusterHost';
import { currentClusterHost } from './playground';

type KvClients = ReturnType<typeof createKvClients>;

/** How often an in-flight call checks that its server still runs, ms. */
const IN_FLIGHT_CHECK_MS = 250;

function sendError(host: ClusterHost | null, serverId: number): KvReply {
  const ip = host?.nodes().find((n) => n.serverId === serverId)?.svrIp ?? `server ${serverId}`;
  return { ok: false, error: Errors.rpcSendError(`${ip}:2882`).toInfo() };
}

/** Calls in flight per server, each with the function that answers it with a send error. */
const inFlight = new Set<{ serverId: number; host: ClusterHost; fail: () => void }>();
let watchdog: ReturnType<typeof setInterval> | null = null;

function watchInFlight(): void {
  if (watchdog !== null) return;
  watchdog = setInterval(() => {
    for (const c of inFlight) if (c.host.state(c.serverId) !== 'running') c.fail();
    if (inFlight.size === 0 && watchdog !== null) {
      clearInterval(watchdog);
      watchdog = null;
    }
  }, IN_FLIGHT_CHECK_MS);
}

/** A transport over the page's running workers (the current cluster, whatever its generation). */
export function kvTransport(): KvTransport {
  return transport;
}

const transport: KvTransport = {
  servers: () => currentClusterHost().host?.runningServerIds() ?? [],
  call(serverId, method, body) {
    const { host } = currentClusterHost();
    const api = host?.api(serverId);
    if (!host || !api) return Promise.resolve(sendError(host, serverId));
    return new Promise<KvReply>((resolve) => {
      const entry = {
        serverId,
        host,
        fail: () => {
          inFlight.delete(entry);
          resolve(sendError(host, serverId));
        },
      };
      inFlight.add(entry);
      watchInFlight();
      api.kvCall(method, body).then(
        (reply) => {
          inFlight.delete(entry);
          resolve(reply);
        },
        () => entry.fail(),
      );
    });
  },
};

let clients: { generation: number; bySession: Map<string, KvClients> } | null = null;
/** The KV run the traces belong to (null: traces of other callers, kept but not in a run's output). */
let traceRun: number | null = null;

/** Sets which KV run the client's next traces belong to (app/kv/runScript.ts). */
export function setTraceRun(runSeq: number | null): void {
  traceRun = runSeq;
}

/** Traces collected for `window.obPlayground.kv` (its answer lists them). */
const traceSinks = new Set<(t: KvCallTrace) => void>();

/** Adds a listener of every trace (returns its removal). */
export function onKvTrace(sink: (t: KvCallTrace) => void): () => void {
  traceSinks.add(sink);
  return () => traceSinks.delete(sink);
}

/** The tenant and database a KV client talks to (the editors: `test` / `test`). */
export interface KvSession {
  tenant: string;
  database: string;
}

const DEFAULT_KV_SESSION: KvSession = { tenant: 'test', database: 'test' };

/**
 * The page's routing client over the running workers for `session` (default tenant `test`,
 * database `test`): `globals` (the script API without `print`) and `executor` (runs one
 * `KvScriptCall`). Created on first use and again after a reset; one per tenant and database
 * (a scenario's kv cell may name another tenant).
 */
export async function kvClients(session: KvSession = DEFAULT_KV_SESSION): Promise<KvClients> {
  const { generation } = currentClusterHost();
  const key = `${session.tenant}/${session.database}`;
  const known = clients?.generation === generation ? clients.bySession.get(key) : undefined;
  if (known) return known;
  const value = createKvClients(transport, {
    tenant: session.tenant,
    database: session.database,
    onTrace: (t) => {
      pushKvTrace(t, traceRun);
      for (const sink of traceSinks) sink(t);
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    nowUs: () => Math.round(performance.now() * 1000),
  });
  if (!clients || clients.generation !== generation) clients = { generation, bySession: new Map() };
  clients.bySession.set(key, value);
  return value;
}
