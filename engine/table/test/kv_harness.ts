/**
 * A tiny OBKV-Table test client for the table service's tests: asks any server for `table.route`,
 * computes a row's tablet from the schema (partition columns must be rowkey columns), and sends
 * the request to the leader of the tablet's LS through `LocalCluster.kvTransport()`. Not the real
 * routing client (engine/client/), which retries on stale routes; here a stale route is an answer.
 */
import { fromJson } from '../../common/json';
import { ObError, type ObErrorInfo } from '../../common/ob_error';
import { partitionIndexOf } from '../../schema/partition';
import type { PartitionSchema, TableSchema } from '../../schema/schema';
import type { ExecuteReply } from '../../server/api';
import type { LocalCluster } from '../../server/local_cluster';
import {
  KV_METHODS, type KvAggregation, type KvColumnValue, type KvInputType, type KvReply, type KvScanRange, type KvValue,
  type TableBatchItem, type TableOperation, type TableOpResult, type TableOpType, type TableQueryReply,
  type TableQuerySpec, type TableRouteReply,
} from '../types';

export function inputType(v: KvValue): KvInputType {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return 'BIGINT';
  if (typeof v === 'number') return Number.isInteger(v) ? 'BIGINT' : 'DOUBLE';
  return 'VARCHAR';
}

export function cv(name: string, value: KvValue, type: KvInputType = inputType(value)): KvColumnValue {
  return { name, value, inputType: type };
}

/** Builds a TableOperation; `rowkey` values are named k0, k1... (the server uses positions). */
export function op(
  type: TableOpType, rowkey: KvValue[], values: Record<string, KvValue> | KvColumnValue[] = {},
  extra: Partial<TableOperation> = {},
): TableOperation {
  const vals = Array.isArray(values) ? values : Object.entries(values).map(([k, v]) => cv(k, v));
  return {
    type, rowkey: rowkey.map((v, i) => cv(`k${i}`, v)), values: vals, selectColumns: [], withResult: false, filter: null, ...extra,
  };
}

export function query(q: Partial<TableQuerySpec> = {}): TableQuerySpec {
  return { ranges: [], scanRangeColumns: [], select: [], indexName: null, reverse: false, limit: -1, offset: 0, filter: null, ...q };
}

export function range(start: KvScanRange['start'], end: KvScanRange['end'], startInclusive = true, endInclusive = true): KvScanRange {
  return { start, startInclusive, end, endInclusive };
}

export class KvError extends Error {
  constructor(readonly info: ObErrorInfo) {
    super(`[${info.obCode}] ${info.message}`);
  }
  get code(): number {
    return this.info.obCode;
  }
}

export interface Route {
  tenantId: number;
  schema: TableSchema;
  reply: TableRouteReply;
}

export class KvTestClient {
  constructor(readonly cluster: LocalCluster, readonly tenant = 'test', readonly database = 'test') {}

  async raw(server: number, method: string, body: unknown): Promise<KvReply> {
    return this.cluster.kvTransport().call(server, method, body);
  }

  async call<T>(server: number, method: string, body: unknown): Promise<T> {
    const r = await this.raw(server, method, body);
    if (!r.ok) throw new KvError(r.error);
    return r.value as T;
  }

  async route(table: string, server = 1): Promise<Route> {
    const reply = await this.call<TableRouteReply>(server, KV_METHODS.route, { tenant: this.tenant, database: this.database, table });
    return { tenantId: reply.tenantId, schema: fromJson<TableSchema>(reply.schemaJson), reply };
  }

  partitionOf(route: Route, rowkey: KvValue[]): PartitionSchema {
    const t = route.schema;
    if (!t.partitionScheme) return t.partitions[0];
    const vals = t.partitionScheme.columnIndexes.map((ci) => rowkey[t.rowkey.indexOf(ci)]);
    return t.partitions[partitionIndexOf(t, vals)];
  }

  leaderOf(route: Route, p: PartitionSchema): number {
    const l = route.reply.locations.find((x) => x.lsId === p.lsId);
    if (!l || l.leader === null) throw new Error(`no leader known for LS ${p.lsId}`);
    return l.leader;
  }

  stamp(route: Route, table: string, p: PartitionSchema) {
    return {
      tenantId: route.tenantId, database: this.database, table, schemaVersion: route.schema.schemaVersion,
      tabletId: p.tabletId, lsId: p.lsId,
    };
  }

  async execute(table: string, o: TableOperation): Promise<TableOpResult> {
    const route = await this.route(table);
    const p = this.partitionOf(route, o.rowkey.map((c) => c.value));
    return this.call(this.leaderOf(route, p), KV_METHODS.execute, { ...this.stamp(route, table, p), op: o });
  }

  /** Batch of one tablet (the tablet of the first operation). */
  async batch(table: string, ops: TableOperation[], atomic: boolean): Promise<TableBatchItem[]> {
    const route = await this.route(table);
    const p = this.partitionOf(route, ops[0].rowkey.map((c) => c.value));
    return this.call(this.leaderOf(route, p), KV_METHODS.batch, { ...this.stamp(route, table, p), ops, atomic });
  }

  /** Query of one tablet (partition index `part`, default 0). */
  async query(table: string, q: TableQuerySpec, batchSize = 0, part = 0): Promise<TableQueryReply & { server: number; tenantId: number }> {
    const route = await this.route(table);
    const p = route.schema.partitions[part];
    const server = this.leaderOf(route, p);
    const r = await this.call<TableQueryReply>(server, KV_METHODS.query, { ...this.stamp(route, table, p), query: q, batchSize });
    return { ...r, server, tenantId: route.tenantId };
  }

  async aggregate(table: string, q: TableQuerySpec, aggs: KvAggregation[], part = 0): Promise<Record<string, KvValue>> {
    const route = await this.route(table);
    const p = route.schema.partitions[part];
    const r = await this.call<{ values: Record<string, KvValue> }>(this.leaderOf(route, p), KV_METHODS.aggregate, {
      ...this.stamp(route, table, p), query: q, aggs,
    });
    return r.values;
  }

  /** All rows of the query, as objects (single tablet). */
  async rows(table: string, q: TableQuerySpec = query(), part = 0): Promise<Record<string, KvValue>[]> {
    const r = await this.query(table, q, 0, part);
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
  }
}

/** The ObError code an async call failed with (fails the test when it did not fail). */
export async function errorOf(p: Promise<unknown>): Promise<ObErrorInfo> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KvError) return e.info;
    if (e instanceof ObError) return e.toInfo();
    throw e;
  }
  throw new Error('expected an error');
}

/** Runs SQL as root on the test tenant through server `server`; throws on an SQL error. */
export async function sql(cluster: LocalCluster, text: string, server = 1): Promise<ExecuteReply> {
  const s = cluster.server(server);
  const id = await s.openSession({ tenant: 'test', database: 'test' });
  try {
    const r = await s.execute(id, text);
    if (r.error) throw new Error(`${text}: ERROR ${r.error.mysqlCode} ${r.error.message}`);
    return r;
  } finally {
    await s.closeSession(id);
  }
}

export const rowsOf = (r: ExecuteReply) => r.results[r.results.length - 1].rows;
