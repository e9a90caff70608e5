/**
 * One routed OBKV request with OBKV's retry discipline (reference obkv-apis §1.13,
 * JC `ObTableClient.execute` / `ObTableRemoting`): send straight to the leader of the tablet's LS;
 * on a "route wrong" code (OB_NOT_MASTER, send errors, ...) refresh that LS's location and retry;
 * on a "meta stale" code (OB_SCHEMA_ERROR, OB_TABLET_NOT_EXIST, ...) re-fetch the table entry and
 * retry; at most `KV_ROUTE_RETRY_MAX` attempts, with exponential backoff through the injected
 * `sleep`. Each failed attempt is recorded in the request's `KvCallTrace.retries`; one trace per
 * request to one tablet goes to `onTrace`.
 *
 * Invariants: the request body is rebuilt after every refresh (tablet, LS and schema version
 * follow the entry); the partition index is recomputed only when the entry changed; no trace
 * object or text is built unless `onTrace` is set (hot path).
 */
import { KV_ROUTE_RETRY_MAX } from '../common/limits';
import { Errors, formatKvError, type ObError } from '../common/ob_error';
import type { PartitionSchema } from '../schema/schema';
import type { KvReply } from '../table/types';
import { REFRESH_LOCATION_CODES, REFRESH_META_CODES, replyError, type RouteCache, type TableEntry } from './route_cache';
import type { KvCallTrace, KvRetryTrace } from './trace';
import type { KvTransport } from './transport';

export interface RouterOptions {
  tenant: string;
  onTrace?: (t: KvCallTrace) => void;
  sleep: (ms: number) => Promise<void>;
  nowUs: () => number;
}

/** What the caller knows of one request before routing it. */
export interface RoutedRequest {
  method: string;
  entry: TableEntry;
  /** Whether `entry` came from the cache. */
  cacheHit: boolean;
  /** The partition index in `entry` (recomputed through this after a meta refresh). */
  partIdx: (entry: TableEntry) => number;
  /** The wire body for the tablet's partition. */
  body: (entry: TableEntry, part: PartitionSchema) => unknown;
  /** Trace details (only evaluated when tracing). */
  describe?: () => { call: string; rowkey: string | null; partitionRule: string | null; htable?: string; table?: string };
  /** A fixed server (query sessions continue on the server that holds them); no re-routing. */
  pinnedServer?: number;
}

/**
 * Backoff before retry `attempt` (1-based): 50, 200, 800, 3200, 3200, … ms — a moved leader is
 * found at once, and the 7 waits (≈ 13.6 s) outlast a leader election after a server dies.
 */
export function retryBackoffMs(attempt: number): number {
  return Math.min(3200, 50 * 4 ** (attempt - 1));
}

export class KvRouter {
  private seq = 0;
  constructor(
    readonly transport: KvTransport,
    readonly routes: RouteCache,
    readonly opts: RouterOptions,
  ) {}

  /**
   * Sends one request to the tablet `req` routes to, retrying on stale routes. Resolves with the
   * reply value; throws the final ObError (route exhausted: the last error seen).
   */
  async send(req: RoutedRequest): Promise<{ value: unknown; serverId: number }> {
    let entry = req.entry;
    let cacheHit = req.cacheHit;
    let partIdx = req.partIdx(entry);
    const retries: KvRetryTrace[] = [];
    const t0 = this.opts.onTrace ? this.opts.nowUs() : 0;
    for (let attempt = 1; ; attempt++) {
      const part = entry.schema.partitions[partIdx];
      let server = req.pinnedServer ?? this.routes.target(entry.tenantId, part.lsId);
      if (server === null) {
        await this.routes.refreshLocation(entry, part.lsId);
        cacheHit = false;
        server = this.routes.target(entry.tenantId, part.lsId);
        if (server === null) throw Errors.notMaster();
      }
      let reply: KvReply | null = null;
      let cause: unknown = null;
      try {
        reply = await this.transport.call(server, req.method, req.body(entry, part));
      } catch (e) {
        cause = e;
      }
      if (reply !== null && reply.ok) {
        if (retries.length > 0) this.routes.clearSuspects(entry.tenantId, part.lsId);
        if (this.opts.onTrace) this.trace(req, entry, partIdx, server, retries, cacheHit, t0, null);
        return { value: reply.value, serverId: server };
      }
      const err = replyError(reply, cause, this.routes.server(server).svrIp);
      const loc = REFRESH_LOCATION_CODES.has(err.obCode);
      const meta = REFRESH_META_CODES.has(err.obCode);
      if ((!loc && !meta) || attempt >= KV_ROUTE_RETRY_MAX || req.pinnedServer !== undefined) {
        if (this.opts.onTrace) this.trace(req, entry, partIdx, server, retries, cacheHit, t0, err);
        throw err;
      }
      retries.push({ serverId: server, svrIp: this.routes.server(server).svrIp, error: formatKvError(err), obCode: err.obCode });
      if (loc) this.routes.suspect(entry.tenantId, part.lsId, server, err.obCode);
      await this.opts.sleep(retryBackoffMs(attempt));
      cacheHit = false;
      try {
        if (meta) {
          const fresh = await this.routes.refresh(entry.database, entry.name);
          if (fresh.schemaVersion !== entry.schemaVersion || fresh.schema.partitions.length !== entry.schema.partitions.length) {
            partIdx = req.partIdx(fresh);
          }
          entry = fresh;
        } else {
          await this.routes.refreshLocation(entry, part.lsId);
        }
      } catch (e) {
        // The refresh itself failed (every server unreachable, table dropped): that is final.
        if (this.opts.onTrace) this.trace(req, entry, partIdx, server, retries, cacheHit, t0, e as ObError);
        throw e;
      }
    }
  }

  private trace(
    req: RoutedRequest, entry: TableEntry, partIdx: number, serverId: number, retries: KvRetryTrace[],
    cacheHit: boolean, t0: number, err: ObError | null,
  ): void {
    const d = req.describe?.() ?? { call: req.method, rowkey: null, partitionRule: null };
    const part = entry.schema.partitions[partIdx];
    const addr = this.routes.server(serverId);
    const t: KvCallTrace = {
      seq: ++this.seq,
      call: d.call,
      method: req.method,
      tenant: this.opts.tenant,
      table: d.table ?? entry.name,
      rowkey: d.rowkey,
      partitionRule: d.partitionRule,
      partition: entry.schema.partitionScheme === null ? null : (part.name ?? `p${partIdx}`),
      partitionIndex: partIdx,
      tabletId: part.tabletId,
      lsId: part.lsId,
      serverId,
      svrIp: addr.svrIp,
      zone: addr.zone,
      retries,
      cacheHit,
      ok: err === null,
      elapsedUs: this.opts.nowUs() - t0,
    };
    if (d.htable !== undefined) t.htable = d.htable;
    if (err !== null) t.error = typeof err.obCode === 'number' ? formatKvError(err) : String(err);
    this.opts.onTrace!(t);
  }
}
