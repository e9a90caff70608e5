/**
 * OBKV wire contract: what the routing client (`engine/client/`) sends to an OBServer's table
 * service (`engine/table/table_service.ts`, `engine/hbase/hbase_service.ts`) and what comes back.
 * OceanBase's table API RPCs (`ObTableOperationRequest`, `ObTableBatchOperationRequest`,
 * `ObTableQueryRequest`, `ObTableQueryAsyncRequest`, the HBase `ObTableQueryAndMutate` paths) carry
 * the same information; reference: `../shared/reference/obkv-apis.md` §1.3–1.13 and §2.
 *
 * Invariants:
 * - Every body and answer is structured-clone safe and JSON-safe except for bigint values (which
 *   structured clone carries). `TableSchema` travels as `toJson` text (common/json.ts) because it
 *   may hold Decimal defaults.
 * - A request names the tablet it was routed to. The server executes **locally only**: when this
 *   server's replica of the tablet's LS is not the serving leader it answers OB_NOT_MASTER (-4038);
 *   when the tablet is not (or no longer) in that LS, OB_TABLET_NOT_EXIST (-4725) / OB_LS_NOT_EXIST
 *   (-4719); when the client's schema version is older than the table's, OB_SCHEMA_ERROR (-4029).
 *   The client refreshes its route (and table entry) on those and retries (client/route_cache.ts).
 * - Values (`KvValue`): `null`, `number` (integers within ±2^53 and doubles), `bigint` (integers
 *   outside ±2^53), `string`. VARCHAR/CHAR/TEXT values are text; VARBINARY/BLOB values are byte
 *   strings (one char per byte, 0..255 — see `common/binary.ts`); DATE/DATETIME/TIMESTAMP values are
 *   canonical text `'YYYY-MM-DD HH:MM:SS[.ffffff]'`; DECIMAL values are decimal text. A MIN/MAX scan
 *   bound is the sentinel object `KV_MIN` / `KV_MAX`.
 */
import type { ObErrorInfo } from '../common/ob_error';

/** A value on the OBKV wire (see the module comment). */
export type KvValue = null | number | bigint | string;

/** Scan-range sentinels (OBKV `ObObj.getMin()/getMax()`, Go `table.Min/Max`). */
export interface KvBound {
  readonly kvBound: 'MIN' | 'MAX';
}
export const KV_MIN: KvBound = Object.freeze({ kvBound: 'MIN' as const });
export const KV_MAX: KvBound = Object.freeze({ kvBound: 'MAX' as const });
export type KvRangeValue = KvValue | KvBound;

export function isKvBound(v: unknown): v is KvBound {
  return typeof v === 'object' && v !== null && 'kvBound' in v;
}

/**
 * How the input value's type is declared on the wire (OBKV checks the *input* object type against
 * the column type, reference §1.3 "Type strictness"). The client derives it from the JS value:
 * integer number/bigint → 'BIGINT', non-integer number → 'DOUBLE', string → 'VARCHAR', byte input
 * (Uint8Array at the API) → 'VARBINARY', Date → 'DATETIME', null → 'NULL'. An integer input matches
 * every integer column (a JavaScript number has no width; documented in the client's .d.ts);
 * 'VARCHAR' matches CHAR/VARCHAR/TEXT/VARBINARY/BLOB and (as canonical text) DATE/DATETIME/TIMESTAMP
 * and DECIMAL; 'DOUBLE' matches FLOAT/DOUBLE/DECIMAL; anything else → -10511
 * OB_KV_COLUMN_TYPE_NOT_MATCH "Column type for 'c2' not match, schema column type is 'VARCHAR',
 * input column type is 'BIGINT'".
 */
export type KvInputType = 'NULL' | 'BIGINT' | 'DOUBLE' | 'VARCHAR' | 'VARBINARY' | 'DATETIME';

/** One named column value of a mutation (`colVal("c2", 1)`). */
export interface KvColumnValue {
  name: string;
  value: KvValue;
  inputType: KvInputType;
}

/** ObTableOperationType names (reference §1.3). */
export type TableOpType =
  | 'get' | 'insert' | 'delete' | 'update' | 'insertOrUpdate' | 'replace' | 'increment' | 'append' | 'put';

/** One single-row operation. `rowkey` holds one value per rowkey column, in key order. */
export interface TableOperation {
  type: TableOpType;
  rowkey: KvColumnValue[];
  /** Mutated columns (insert/update/...); for `get`, ignored. */
  values: KvColumnValue[];
  /** `get`: the columns to return (empty: all). increment/append with `withResult`: returned too. */
  selectColumns: string[];
  /** increment/append: return the row after the change (JC `withResult`). */
  withResult: boolean;
  /** Conditional mutation (update/delete/increment/append): OBKV filter string (§1.8), or null. */
  filter: string | null;
}

/** The answer to one operation. `row`: get → the row (null when missing); increment/append with
 *  `withResult` → the changed columns; otherwise absent. */
export interface TableOpResult {
  affectedRows: number;
  row?: Record<string, KvValue> | null;
}

/** Where the client sent a request, so the server can check the route (see the module comment). */
export interface KvRouteStamp {
  tenantId: number;
  database: string;
  table: string;
  /** Schema version of the table entry the client routed with. */
  schemaVersion: number;
  tabletId: number;
  lsId: number;
}

/** `table.execute` */
export interface TableExecuteBody extends KvRouteStamp {
  op: TableOperation;
}

/** `table.batch`: operations of ONE tablet (the client split the user's batch by tablet). */
export interface TableBatchBody extends KvRouteStamp {
  ops: TableOperation[];
  /** One transaction for the whole batch; the first error aborts it and is thrown. Otherwise each
   *  operation runs in its own transaction and fails alone. */
  atomic: boolean;
}

/** Per-operation outcome of a non-atomic batch. */
export type TableBatchItem = { ok: true; result: TableOpResult } | { ok: false; error: ObErrorInfo };

/** One scan range over the rowkey (or over the index columns / a prefix of them). */
export interface KvScanRange {
  start: KvRangeValue[];
  startInclusive: boolean;
  end: KvRangeValue[];
  endInclusive: boolean;
}

/** A TableQuery (reference §1.7). */
export interface TableQuerySpec {
  /** Union of ranges; empty → the whole table (tablet). */
  ranges: KvScanRange[];
  /** `setScanRangeColumns(...)`: ranges over a leading subset of the key; empty → every key column. */
  scanRangeColumns: string[];
  /** Projection; empty → all columns (in table order). */
  select: string[];
  /** `indexName('idx')`; null or 'PRIMARY' → the primary key. */
  indexName: string | null;
  /** Reverse key order (`scanOrder(false)`). */
  reverse: boolean;
  /** -1: unlimited. Applied after the filter. */
  limit: number;
  offset: number;
  /** OBKV filter string or null. */
  filter: string | null;
}

/** `table.query`: scan of one tablet. With `batchSize` > 0 the server keeps a query session and
 *  answers `batchSize` rows at a time (`table.queryNext`), as OBKV's async query does. */
export interface TableQueryBody extends KvRouteStamp {
  query: TableQuerySpec;
  batchSize: number;
}

export interface TableQueryReply {
  /** Column names of `rows`, in order. */
  columns: string[];
  rows: KvValue[][];
  /** Query session to pull the next batch from (same server), or null when the scan is done. */
  sessionId: number | null;
}

/** `table.queryNext` / `table.queryClose`. Errors: -10524 OB_KV_SESS_NOT_EXIST when unknown/closed. */
export interface TableQueryNextBody {
  tenantId: number;
  sessionId: number;
}

export type KvAggFn = 'count' | 'sum' | 'min' | 'max' | 'avg';

export interface KvAggregation {
  fn: KvAggFn;
  /** Null for count(*). */
  column: string | null;
  /** Result key alias (the result key is then `fn(alias)`). */
  alias?: string;
}

/** `table.aggregate`: aggregation over one tablet (the client refuses multi-partition ranges
 *  with -4007). Result keys are `"max(c2)"`, `"count(*)"`, ... (reference §1.9). */
export interface TableAggregateBody extends KvRouteStamp {
  query: TableQuerySpec;
  aggs: KvAggregation[];
}

export interface TableAggregateReply {
  values: Record<string, KvValue>;
}

/**
 * `table.route` (asked of any server): the table entry and the leaders of its tablets' LSs as that
 * server's location cache knows them (refreshed when unknown) — OBKV's direct mode reads the same
 * from the routing system views.
 * Errors: -5200 OB_ERR_UNKNOWN_TABLE ("Unknown table 'db.t'"), unknown tenant (-5160).
 */
export interface TableRouteBody {
  tenant: string;
  database: string;
  table: string;
}

export interface KvLsLocation {
  lsId: number;
  /** Server id of the serving leader as known, or null. */
  leader: number | null;
  svrIp: string | null;
  zone: string | null;
  /** Every replica's server id (for probes when the leader is unknown). */
  replicas: number[];
}

export interface TableRouteReply {
  tenantId: number;
  /** `toJson(TableSchema)`. */
  schemaJson: string;
  locations: KvLsLocation[];
}

/** `table.ttl.trigger`-style admin is SQL (`ALTER SYSTEM TRIGGER TTL`); no KV RPC for it. */

/** The answer of `ObServerApi.kvCall`: the method's reply, or the ObError it failed with. */
export type KvReply = { ok: true; value: unknown } | { ok: false; error: ObErrorInfo };

/** The RPC method names of the KV request path (registered by the table and HBase services). */
export const KV_METHODS = {
  route: 'table.route',
  execute: 'table.execute',
  batch: 'table.batch',
  query: 'table.query',
  queryNext: 'table.queryNext',
  queryClose: 'table.queryClose',
  aggregate: 'table.aggregate',
  hbaseMutate: 'hbase.mutate',
  hbaseGet: 'hbase.get',
  hbaseScan: 'hbase.scan',
  hbaseAdmin: 'hbase.admin',
} as const;

export type KvMethod = (typeof KV_METHODS)[keyof typeof KV_METHODS];
