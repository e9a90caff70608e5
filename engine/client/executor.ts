/**
 * The OBKV routing client's executor: runs one `KvScriptCall` (script_api.ts) against the cluster
 * through a `KvTransport` — OBKV direct mode: the client computes each row's partition, finds the
 * tablet's LS leader in its location cache (`route_cache.ts`), sends straight to it, and refreshes
 * and retries on stale routes (`router.ts`). Table calls: `table_exec.ts`; HBase: `hbase_exec.ts`.
 *
 * Invariants: answers are structured-clone safe (the page posts them to the script worker);
 * every failure leaves as an `ObTableException` (`code`, `errorName`, `[code][NAME][text]`).
 */
import type { KvCallTrace } from './trace';
import type { KvTransport } from './transport';
import { HBaseExec } from './hbase_exec';
import { RouteCache, type TableEntry } from './route_cache';
import { KvRouter } from './router';
import type { KvScriptCall } from './script_api';
import { TableExec } from './table_exec';
import { kvException } from './wire_values';

export interface KvExecutorOptions {
  /** Tenant the client logs in to (default `test`). */
  tenant?: string;
  /** Default database (default `test`). */
  database?: string;
  /** Receives one trace per request sent to one tablet. */
  onTrace?: (t: KvCallTrace) => void;
  /** Backoff between retries (default: no wait). */
  sleep?: (ms: number) => Promise<void>;
  /** Client clock in µs for traces (default: always 0). */
  nowUs?: () => number;
}

export class KvExecutor {
  readonly tenant: string;
  readonly database: string;
  readonly routes: RouteCache;
  readonly router: KvRouter;
  private readonly tableExec: TableExec;
  private readonly hbaseExec: HBaseExec;

  constructor(transport: KvTransport, opts: KvExecutorOptions = {}) {
    this.tenant = opts.tenant ?? 'test';
    this.database = opts.database ?? 'test';
    const nowUs = opts.nowUs ?? (() => 0);
    this.routes = new RouteCache(transport, this.tenant, nowUs);
    this.router = new KvRouter(transport, this.routes, {
      tenant: this.tenant,
      onTrace: opts.onTrace,
      sleep: opts.sleep ?? (() => Promise.resolve()),
      nowUs,
    });
    this.tableExec = new TableExec(this.router, (t) => this.entry(t));
    this.hbaseExec = new HBaseExec(this.router, this.tenant, this.database);
  }

  /**
   * The table entry of `table` (`db.table` or a table of the default database), from the cache or
   * fetched with `table.route`. Errors: -5200 OB_ERR_UNKNOWN_TABLE.
   */
  entry(table: string): { entry: TableEntry; hit: boolean } | Promise<{ entry: TableEntry; hit: boolean }> {
    const dot = table.indexOf('.');
    const db = dot > 0 ? table.slice(0, dot) : this.database;
    const name = dot > 0 ? table.slice(dot + 1) : table;
    const hit = this.routes.cached(db, name);
    if (hit !== undefined) return { entry: hit, hit: true };
    return this.routes.refresh(db, name).then((entry) => ({ entry, hit: false }));
  }

  /** Runs one script call; resolves with its answer (see `KvScriptCall`), rejects with ObTableException. */
  async run(call: KvScriptCall): Promise<unknown> {
    try {
      return await this.dispatch(call);
    } catch (e) {
      throw kvException(e);
    }
  }

  private dispatch(call: KvScriptCall): Promise<unknown> {
    switch (call.kind) {
      case 'table.op':
        return this.tableExec.op(call.table, call.op);
      case 'table.batch':
        return this.tableExec.batch(call.table, call.ops, call.atomic);
      case 'table.query':
        return this.tableExec.query(call.table, call.query, call.batchSize);
      case 'table.queryNext':
        return this.tableExec.queryNext(call.cursor);
      case 'table.queryClose':
        return this.tableExec.queryClose(call.cursor);
      case 'table.aggregate':
        return this.tableExec.aggregate(call.table, call.query, call.aggs);
      case 'hbase.admin':
        return this.hbaseExec.admin(call.command);
      case 'hbase.mutate':
        return this.hbaseExec.mutate(call.htable, call.mutations);
      case 'hbase.get':
        return this.hbaseExec.get(call.htable, call.gets);
      case 'hbase.scan':
        return this.hbaseExec.scan(call.htable, call.scan);
      case 'hbase.scanNext':
        return this.hbaseExec.scanNext(call.cursor);
      case 'hbase.scanClose':
        return Promise.resolve(this.hbaseExec.scanClose(call.cursor));
    }
  }
}
