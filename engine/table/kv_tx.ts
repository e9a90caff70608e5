/**
 * A KV transaction on this server's own leader replica of one log stream — how OceanBase's table
 * service runs a table API call: locally, never forwarded (reference obkv-apis §1.1, "the OBServer
 * does not forward misrouted requests"). It reuses the SQL path's transaction machinery
 * (`TxCoordinator` + `DasClient`, so row locks, MVCC, PALF replication and the one-phase commit are
 * the same code), with a location service that only ever calls this server: when the local replica
 * of the LS is not the serving leader, every access fails with OB_NOT_MASTER (-4038) and nothing is
 * retried here — the routing client refreshes its location cache and retries (client/route_cache.ts).
 *
 * Invariants: one KV transaction touches one LS (a single-row op, an atomic batch, an HBase row
 * mutation across a tablegroup's families), so it commits with 1PC on the local leader, its
 * commit version from GTS. Its read snapshot — and a read's — is the LS-local read snapshot on the
 * leader (`KvTxEnv.localReadSnapshot`), saving a GTS round trip when GTS lives on another server.
 */
import type { LsId, TenantId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { Clock } from '../env';
import type { RpcEndpoint } from '../rpc/rpc';
import { LocationService, type CallLeaderOptions } from '../server/location';
import { defaultSessionVariables } from '../server/session';
import type { DasService, SessionState } from '../sql/exec_context';
import { TxCoordinator } from '../tx/tx_coordinator';
import { DasClient } from '../server/das_client';
import type { ServerId } from '../common/ids';
import type { Scn } from '../common/ids';

/** What a KV transaction needs from its server. */
export interface KvTxEnv {
  rpc: RpcEndpoint;
  clock: Clock;
  /** The server's location service (its topology and server addresses are reused). */
  location: LocationService;
  /** True while this server's replica of the LS leads and serves (LogStream.isServing). */
  isLocalLeader(tenantId: number, lsId: number): boolean;
  gts(tenantId: TenantId): Promise<Scn>;
  newTxId(): number;
  /**
   * A read snapshot for a read of LS `lsId` alone on this server's serving leader, without a GTS
   * round trip when GTS lives elsewhere (`LogStream.localReadSnapshot`; the local GTS when this
   * server has it), or null to take one from GTS.
   */
  localReadSnapshot?(tenantId: TenantId, lsId: LsId): Scn | null;
}

/**
 * A location service that resolves every LS to this server and refuses (OB_NOT_MASTER) when this
 * server's replica does not serve as leader: the table service's "execute locally only".
 */
class LocalLeaderLocation extends LocationService {
  constructor(base: LocationService, private readonly env: KvTxEnv) {
    super(base.topology);
    this.bind({ rpc: env.rpc, clock: env.clock, alive: () => true });
  }

  override leaderOf(tenantId: TenantId, lsId: LsId): ServerId {
    if (!this.env.isLocalLeader(tenantId, lsId)) throw Errors.notMaster();
    return this.env.rpc.self;
  }

  override async callLeaderAt<T>(
    tenantId: TenantId, lsId: LsId, method: string, body: unknown, opts: CallLeaderOptions = {},
  ): Promise<{ value: T; server: ServerId }> {
    const self = this.leaderOf(tenantId, lsId);
    const payload = typeof body === 'function' ? (body as (t: ServerId) => unknown)(self) : body;
    const value = await this.env.rpc.call<T>(self, method, payload, opts.timeoutUs);
    return { value, server: self };
  }

  override server(id: number) {
    return this.env.location.server(id);
  }
}

/** One local-leader location service per environment (it holds no state of its own). */
const locations = new WeakMap<KvTxEnv, LocalLeaderLocation>();

function locationFor(env: KvTxEnv): LocalLeaderLocation {
  let l = locations.get(env);
  if (!l) {
    l = new LocalLeaderLocation(env.location, env);
    locations.set(env, l);
  }
  return l;
}

/**
 * Runs `fn` in one transaction on the local leader of LS `lsId` and commits it (1PC) when `fn`
 * resolves; aborts it when `fn` throws and rethrows. `write: false` runs a read-only statement (no
 * transaction is opened; `fn` only reads at a GTS snapshot).
 * Errors: OB_NOT_MASTER when the local replica does not lead (before anything ran, or from the DAS
 * when the leadership was lost meanwhile); `fn`'s own ObErrors; OB_TRANS_KILLED / OB_TRANS_UNKNOWN
 * from the commit.
 */
export async function runKvTx<T>(
  env: KvTxEnv, tenantId: TenantId, lsId: LsId, write: boolean, fn: (das: DasService) => Promise<T>,
): Promise<T> {
  if (!env.isLocalLeader(tenantId, lsId)) throw Errors.notMaster();
  const location = locationFor(env);
  if (!write) {
    // A read of one LS on its leader: the LS-local snapshot, no transaction (see KvTxEnv).
    const snapshot = env.localReadSnapshot?.(tenantId, lsId) ?? await env.gts(tenantId);
    return fn(new DasClient(tenantId, snapshot, null, env.rpc, location));
  }
  const state: SessionState = {
    sessionId: 0,
    tenantId,
    tenantName: '',
    user: 'obkv',
    database: null,
    variables: defaultSessionVariables(),
    userVariables: new Map(),
    lastInsertId: 0,
    warnings: [],
  };
  const coordinator = new TxCoordinator({
    rpc: env.rpc,
    location,
    tenantId,
    // The statement's read snapshot: LS-local too (the write touches this LS only; its commit
    // version still comes from GTS, on the participant).
    gts: async () => env.localReadSnapshot?.(tenantId, lsId) ?? env.gts(tenantId),
    newTxId: () => env.newTxId(),
    nowUs: () => env.clock.nowUs(),
  }, state);
  const stmt = await coordinator.startStatement({ write });
  let result: T;
  try {
    result = await fn(stmt.das);
  } catch (e) {
    await stmt.end(false);
    throw e;
  }
  await stmt.end(true);
  return result;
}

/**
 * What the OBKV services (table_service.ts, hbase/hbase_service.ts) get from their server
 * (`ObServer.kvHost()`): the KV transaction environment plus schemas, tenants and registration.
 */
export interface KvServiceHost extends KvTxEnv {
  serverId: number;
  /** The tenant's schema on this server (latest version applied here), or undefined. */
  schema(tenantId: number): import('../schema/schema_service').TenantSchemaService | undefined;
  /** A tenant by name (case-insensitive), or undefined. */
  tenantByName(name: string): { tenantId: number; name: string } | undefined;
  /** This server's replica of an LS, or undefined. */
  logStream(tenantId: number, lsId: number): import('../logstream/log_stream').LogStream | undefined;
  /** Registers a KV method handler (`KV_METHODS`); it runs on a request-queue worker task. */
  register(method: string, handler: (body: any) => Promise<unknown>): void;
  /** Registers a server-to-server RPC handler (e.g. `table.ttl.trigger` broadcast by ALTER SYSTEM TRIGGER TTL). */
  registerRpc(method: string, handler: (from: number, body: any) => Promise<unknown> | unknown): void;
  /** Runs `fn` every `intervalUs` on this server's clock while it serves (TTL duty, session expiry). */
  every(intervalUs: number, fn: () => void): void;
  /** Runs SQL as root on `tenant` through a session on this server (HBase admin DDL, TTL task). */
  executeSql(tenant: string, database: string | null, sql: string): Promise<import('../server/api').ExecuteReply>;
  /** A parameter's value for the tenant as this server knows it (e.g. `enable_kv_ttl`), or undefined. */
  parameter(tenantId: number, name: string): string | undefined;
}
