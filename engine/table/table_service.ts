/**
 * The OBKV-Table service of one OBServer (OceanBase's `ObTableService` and its RPC processors
 * `ObTableApiExecuteP`, `ObTableBatchExecuteP`, `ObTableQueryP`, `ObTableQueryAsyncP`,
 * `ObTableAggregation`): registers the `KV_METHODS` table handlers and the `table.ttl.trigger` RPC.
 *
 * Every data request names the tablet and LS it was routed to and is executed **locally only**
 * (reference obkv-apis §1.1): the route check answers -5200 for an unknown table, -4029
 * OB_SCHEMA_ERROR when the client's schema version is older than the table's, -4725
 * OB_TABLET_NOT_EXIST when the tablet is not the table's or not in that LS; `runKvTx` answers
 * -4038 OB_NOT_MASTER when this server's replica of the LS does not serve as leader.
 *
 * Replies: `table.execute` → `TableOpResult`; `table.batch` → `TableBatchItem[]` in request order
 * (atomic: all `ok`, or the first error is thrown and nothing is kept); `table.query` /
 * `table.queryNext` → `TableQueryReply`; `table.queryClose` → null; `table.aggregate` →
 * `TableAggregateReply`; `table.route` → `TableRouteReply`.
 *
 * The single-op path stays lean: one schema lookup, the cached `TableMeta` of that table version,
 * and one KV transaction.
 */
import type { LsId, TenantId } from '../common/ids';
import { toJson } from '../common/json';
import { KV_BATCH_OPS_MAX, KV_QUERY_ROWS_MAX } from '../common/limits';
import { Errors, isObError } from '../common/ob_error';
import type { Value } from '../common/value';
import type { PartitionSchema, TableSchema } from '../schema/schema';
import { runKvTx, type KvServiceHost } from './kv_tx';
import { RowSource, QuerySessionManager } from './query_session';
import { accumulate, aggregateResult, prepareAggregates } from './table_aggregate';
import { tableMeta, toKvValue, type TableMeta } from './table_meta';
import { executeOp, prepareOp, type PrepareOptions, type PreparedOp } from './table_ops';
import { planQuery, queryRows } from './table_query';
import { KV_TTL_DUTY_INTERVAL_US, KvTtlTask } from './ttl_task';
import {
  KV_METHODS,
  type KvLsLocation, type KvRouteStamp, type KvValue, type TableAggregateBody, type TableAggregateReply,
  type TableBatchBody, type TableBatchItem, type TableExecuteBody, type TableOpResult, type TableQueryBody,
  type TableQueryNextBody, type TableQueryReply, type TableRouteBody, type TableRouteReply,
} from './types';

/** Server-to-server RPC of ALTER SYSTEM TRIGGER TTL: body `{ tenantId }`, answered when the run is done. */
export const TABLE_TTL_TRIGGER_RPC = 'table.ttl.trigger';
/** Retries of a single operation that raced with another transaction (see `runOp`). */
const OP_RETRY_MAX = 16;
/** How often idle query sessions are swept (µs of server time). */
const SESSION_SWEEP_INTERVAL_US = 5_000_000;

interface Routed {
  tenantId: TenantId;
  lsId: LsId;
  meta: TableMeta;
  partition: PartitionSchema;
}

const schemaJsonCache = new WeakMap<TableSchema, string>();

/** The table service of one server: handlers plus its query sessions and TTL task. */
export class TableService {
  readonly sessions: QuerySessionManager;
  readonly ttl: KvTtlTask;
  private readonly tenantsSeen = new Set<number>();

  constructor(private readonly host: KvServiceHost) {
    this.sessions = new QuerySessionManager(() => host.clock.nowUs());
    this.ttl = new KvTtlTask(host);
  }

  /**
   * The route check of a data request (see the module comment).
   * Errors: -5200 unknown tenant/table, -4029 older schema version, -4725 wrong tablet or LS.
   */
  route(body: KvRouteStamp): Routed {
    const table = this.host.schema(body.tenantId)?.getTable(body.database, body.table);
    if (!table) throw Errors.kvUnknownTable(body.table, body.database);
    if (body.schemaVersion < table.schemaVersion) throw Errors.schemaError();
    const meta = tableMeta(table);
    const partition = meta.partitionsByTablet.get(body.tabletId);
    if (!partition || partition.lsId !== body.lsId) throw Errors.tabletNotExist();
    this.tenantsSeen.add(body.tenantId);
    return { tenantId: body.tenantId as TenantId, lsId: body.lsId as LsId, meta, partition };
  }

  private prepareOptions(tenantId: number): PrepareOptions {
    return {
      binlogRowImageFull: () => {
        const image = this.host.parameter(tenantId, 'binlog_row_image');
        return image === undefined || image.toUpperCase() === 'FULL';
      },
    };
  }

  /** `table.execute`: one operation in one KV transaction (reads: no transaction). */
  async execute(body: TableExecuteBody): Promise<TableOpResult> {
    const r = this.route(body);
    const p = prepareOp(r.meta, body.op, this.prepareOptions(r.tenantId), r.partition);
    const target = { meta: r.meta, partition: r.partition, nowUs: this.host.clock.nowUs() };
    return this.runOp(r, target, p);
  }

  /**
   * One prepared operation in its own KV transaction. A read-modify-write that raced with another
   * transaction (its row changed after the snapshot: -6201; or it was inserted meanwhile: -5024 for
   * an operation that is not a plain insert) is retried with a new snapshot, as OBKV retries
   * internally, at most `OP_RETRY_MAX` times.
   */
  private async runOp(r: Routed, target: { meta: TableMeta; partition: PartitionSchema; nowUs: number }, p: PreparedOp): Promise<TableOpResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await runKvTx(this.host, r.tenantId, r.lsId, p.type !== 'get', (das) => executeOp(das, target, p));
      } catch (e) {
        const raced = isObError(e) && (e.obCode === -6201 || (e.obCode === -5024 && p.type !== 'insert'));
        if (!raced || attempt >= OP_RETRY_MAX) throw e;
      }
    }
  }

  /** `table.batch`: operations of one tablet, in order (see the module comment for the reply). */
  async batch(body: TableBatchBody): Promise<TableBatchItem[]> {
    if (body.ops.length > KV_BATCH_OPS_MAX) {
      throw Errors.invalidArgument(`batch of ${body.ops.length} operations exceeds ${KV_BATCH_OPS_MAX}`);
    }
    const r = this.route(body);
    if (!this.host.isLocalLeader(r.tenantId, r.lsId)) throw Errors.notMaster();
    const opts = this.prepareOptions(r.tenantId);
    const target = { meta: r.meta, partition: r.partition, nowUs: this.host.clock.nowUs() };
    if (body.atomic || body.ops.every((o) => o.type === 'get')) {
      const prepared = body.ops.map((o) => prepareOp(r.meta, o, opts, r.partition));
      const write = prepared.some((p) => p.type !== 'get');
      const results = await runKvTx(this.host, r.tenantId, r.lsId, write, (das) =>
        write ? runSequential(prepared, (p) => executeOp(das, target, p)) : multiGet(das, target, prepared));
      return results.map((result) => ({ ok: true, result }));
    }
    const items: TableBatchItem[] = [];
    for (const op of body.ops) {
      try {
        const p = prepareOp(r.meta, op, opts, r.partition);
        const result = await this.runOp(r, target, p);
        items.push({ ok: true, result });
      } catch (e) {
        if (!isObError(e)) throw e;
        items.push({ ok: false, error: e.toInfo() });
      }
    }
    return items;
  }

  /** `table.query`: the first batch (all rows up to KV_QUERY_ROWS_MAX without a batch size). */
  async query(body: TableQueryBody): Promise<TableQueryReply> {
    const r = this.route(body);
    const plan = planQuery(r.meta, body.query);
    const nowUs = this.host.clock.nowUs();
    const columns = plan.projection.map((i) => r.meta.table.columns[i].name);
    const batchSize = body.batchSize > 0 ? Math.min(body.batchSize, KV_QUERY_ROWS_MAX) : KV_QUERY_ROWS_MAX;
    // A read-only statement: no transaction, the DAS stays usable at its snapshot for the session.
    return runKvTx(this.host, r.tenantId, r.lsId, false, (das) => {
      const rows = project(queryRows(das, plan, r.partition, nowUs), plan.projection);
      return this.sessions.start(r.tenantId, columns, new RowSource(rows), batchSize);
    });
  }

  /** `table.aggregate`: aggregates over the query's rows (after filter and limit). */
  async aggregate(body: TableAggregateBody): Promise<TableAggregateReply> {
    const r = this.route(body);
    const plan = planQuery(r.meta, { ...body.query, select: [] });
    const states = prepareAggregates(r.meta, body.aggs);
    const nowUs = this.host.clock.nowUs();
    return runKvTx(this.host, r.tenantId, r.lsId, false, async (das) => {
      for await (const row of queryRows(das, plan, r.partition, nowUs)) accumulate(states, row);
      return { values: aggregateResult(states) };
    });
  }

  /** `table.route`: the table entry and its LSs' leaders as this server knows them. Errors: -5160, -5200. */
  async routeInfo(body: TableRouteBody): Promise<TableRouteReply> {
    const tenant = this.host.tenantByName(body.tenant);
    if (!tenant) throw Errors.unknownTenant(body.tenant);
    const table = this.host.schema(tenant.tenantId)?.getTable(body.database, body.table);
    if (!table) throw Errors.kvUnknownTable(body.table, body.database);
    let schemaJson = schemaJsonCache.get(table);
    if (schemaJson === undefined) schemaJsonCache.set(table, (schemaJson = toJson(table)));
    const lsIds = [...new Set(table.partitions.map((p) => p.lsId as number))].sort((a, b) => a - b);
    const locations = await Promise.all(lsIds.map((ls) => this.lsLocation(tenant.tenantId, ls)));
    return { tenantId: tenant.tenantId, schemaJson, locations };
  }

  private async lsLocation(tenantId: number, lsId: number): Promise<KvLsLocation> {
    const loc = this.host.location;
    let leader: number | null = null;
    if (this.host.isLocalLeader(tenantId, lsId)) {
      leader = this.host.serverId;
    } else {
      try {
        leader = loc.isKnown(tenantId, lsId) ? loc.leaderOf(tenantId as TenantId, lsId as LsId) : await loc.refresh(tenantId as TenantId, lsId as LsId);
      } catch (e) {
        if (!isObError(e)) throw e;
        leader = null;
      }
    }
    const server = leader === null ? undefined : loc.server(leader);
    return {
      lsId,
      leader,
      svrIp: server?.svrIp ?? null,
      zone: server?.zone ?? null,
      replicas: loc.replicasOf(tenantId, lsId).map((s) => s as number),
    };
  }

  /** Tenants whose TTL duty this server considers: the topology's, plus any seen in requests. */
  tenantIds(): number[] {
    const ids = new Set<number>(this.tenantsSeen);
    for (const t of this.host.location.topology.tenants) if (t.type !== 'META') ids.add(t.tenantId);
    return [...ids];
  }
}

async function runSequential<T, R>(items: readonly T[], fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (const it of items) out.push(await fn(it));
  return out;
}

/** A batch of gets: one DAS multi-get. */
async function multiGet(
  das: import('../sql/exec_context').DasService, target: { meta: TableMeta; partition: PartitionSchema; nowUs: number }, ops: PreparedOp[],
): Promise<TableOpResult[]> {
  if (target.meta.ttl) return runSequential(ops, (p) => executeOp(das, target, p));
  const rows = await das.get(target.meta.table, target.partition, ops.map((p) => p.key));
  const cols = target.meta.table.columns;
  return ops.map((p, i) => {
    const row = rows[i];
    if (!row) return { affectedRows: 0, row: null };
    const rec: Record<string, KvValue> = {};
    for (const c of p.select) rec[cols[c].name] = toKvValue(row[c]);
    return { affectedRows: 0, row: rec };
  });
}

async function* project(rows: AsyncIterable<Value[]>, projection: readonly number[]): AsyncGenerator<KvValue[]> {
  for await (const row of rows) {
    const out = new Array<KvValue>(projection.length);
    for (let i = 0; i < projection.length; i++) out[i] = toKvValue(row[projection[i]]);
    yield out;
  }
}

const services = new WeakMap<object, TableService>();

/**
 * The table service registered on the server owning RPC endpoint `rpc` (for views such as a
 * DBA_OB_KV_TTL_TASKS summary: `tableServiceOf(server.rpc)?.ttl.history`), or undefined.
 */
export function tableServiceOf(rpc: object): TableService | undefined {
  return services.get(rpc);
}

/**
 * Registers the OBKV-Table handlers on `host` (see the module comment) and the periodic duties:
 * idle query-session expiry and the TTL duty (tenants with enable_kv_ttl = true).
 */
export function registerTableService(host: KvServiceHost): TableService {
  const svc = new TableService(host);
  services.set(host.rpc, svc);
  host.register(KV_METHODS.route, (b: TableRouteBody) => svc.routeInfo(b));
  host.register(KV_METHODS.execute, (b: TableExecuteBody) => svc.execute(b));
  host.register(KV_METHODS.batch, (b: TableBatchBody) => svc.batch(b));
  host.register(KV_METHODS.query, (b: TableQueryBody) => svc.query(b));
  host.register(KV_METHODS.queryNext, (b: TableQueryNextBody) => svc.sessions.next(b.tenantId, b.sessionId));
  host.register(KV_METHODS.queryClose, async (b: TableQueryNextBody) => {
    svc.sessions.close(b.tenantId, b.sessionId);
    return null;
  });
  host.register(KV_METHODS.aggregate, (b: TableAggregateBody) => svc.aggregate(b));
  host.registerRpc(TABLE_TTL_TRIGGER_RPC, (_from, b: { tenantId: number }) => svc.ttl.trigger(b.tenantId));
  host.every(SESSION_SWEEP_INTERVAL_US, () => svc.sessions.expireIdle());
  host.every(KV_TTL_DUTY_INTERVAL_US, () => svc.ttl.duty(svc.tenantIds()));
  return svc;
}
