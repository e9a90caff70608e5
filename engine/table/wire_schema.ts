/**
 * Validation of OBKV request bodies at the server's door: one valibot schema per `KV_METHODS`
 * method (and the `table.ttl.trigger` server-to-server RPC), matching the wire contracts of
 * `engine/table/types.ts` and `engine/hbase/types.ts` exactly. OceanBase's table API RPCs are
 * deserialized from typed protobuf-like structures (`ObTableOperationRequest::deserialize`), so a
 * malformed packet never reaches the processors; our bodies cross structured clone untyped, so
 * `ObServer.kvCall` calls `checkKvBody` before it hands a body to a handler.
 *
 * Invariants:
 * - Objects are strict (an unknown field is refused), optional fields are only the ones the types
 *   mark optional; enums are closed (op types, compare ops, delete kinds, admin commands).
 * - `KvValue` = null | finite number | bigint | string (at most VARCHAR_BYTES_MAX chars); scan
 *   ranges also take the `KvBound` sentinels `{ kvBound: 'MIN' | 'MAX' }`.
 * - HBase rows, qualifiers, values and families are byte strings (`common/binary.ts`); K ≤ 1024,
 *   Q ≤ 256, V ≤ 1024 bytes (the `t$f` model's VARBINARY columns) — longer answers -5167
 *   OB_ERR_DATA_TOO_LONG "Data too long for column 'K' at row 0", as OBKV does when the value
 *   reaches the column. Scan bounds may be one byte longer (an inclusive stop row gets `\x00`).
 * - Ids and counts are safe integers; array lengths are bounded (KV_BATCH_OPS_MAX, ...).
 * - Every other failure is -4002 OB_INVALID_ARGUMENT naming the method, the first issue's path and
 *   what was expected. Messages never print `undefined`/`NaN` (they would read as JS faults).
 * - Schemas are built once at module load; validation stops at the first issue (`abortEarly`).
 */
import * as v from 'valibot';
import { isByteString } from '../common/binary';
import { KV_BATCH_OPS_MAX, KV_QUERY_ROWS_MAX, PARTITIONS_MAX, VARCHAR_BYTES_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import { KV_METHODS } from './types';

/** Chars of a tenant, database, table, column, index, HBase table or family name. */
const NAME_CHARS_MAX = 256;
/** Chars of an OBKV / HBase filter string or a `list` regex. */
const FILTER_CHARS_MAX = 65_536;
/** Rowkey columns of one table (OceanBase: OB_MAX_ROWKEY_COLUMN_NUMBER). */
const ROWKEY_COLUMNS_MAX = 64;
/** Columns of one table (OceanBase: OB_USER_ROW_MAX_COLUMNS_COUNT). */
const COLUMNS_MAX = 4096;
/** Bytes of the HBase model's K / Q / V columns (`t$f`: varbinary(1024), varbinary(256), varbinary(1024)). */
export const HBASE_K_BYTES_MAX = 1024;
export const HBASE_Q_BYTES_MAX = 256;
export const HBASE_V_BYTES_MAX = 1024;
/** HBase's Integer.MAX_VALUE (VERSIONS, TTL seconds). */
const INT32_MAX = 2_147_483_647;
/** Marks a max_length issue that answers -5167 for column K/Q/V instead of -4002. */
const TOO_LONG = 'data too long:';

// --- building blocks ---------------------------------------------------------------------------

const name = v.pipe(v.string(), v.maxLength(NAME_CHARS_MAX));
const nullableName = v.nullable(name);
const names = (max: number) => v.pipe(v.array(name), v.maxLength(max));
const filterText = v.nullable(v.pipe(v.string(), v.maxLength(FILTER_CHARS_MAX)));
const id = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const count = (min: number, max: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(min), v.maxValue(max));
const bool = v.boolean();

function isKvValue(x: unknown): boolean {
  switch (typeof x) {
    case 'number':
      return Number.isFinite(x);
    case 'string':
      return x.length <= VARCHAR_BYTES_MAX;
    case 'bigint':
      return true;
    default:
      return x === null;
  }
}

function isKvBoundObject(x: unknown): boolean {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  const b = (x as { kvBound?: unknown }).kvBound;
  return keys.length === 1 && keys[0] === 'kvBound' && (b === 'MIN' || b === 'MAX');
}

const KV_VALUE_EXPECTED = `a value (null, a finite number, a bigint or a string of at most ${VARCHAR_BYTES_MAX} chars)`;
const kvValue = v.custom<unknown>(isKvValue, KV_VALUE_EXPECTED);
const kvRangeValue = v.custom<unknown>((x) => isKvValue(x) || isKvBoundObject(x), `${KV_VALUE_EXPECTED.slice(0, -1)}, or {kvBound: 'MIN' | 'MAX'})`);

/** A byte string of at most `max` bytes; longer → -5167 for `column` (null: -4002). */
function bytes(max: number, column: 'K' | 'Q' | 'V' | null) {
  return v.pipe(
    v.string(),
    v.check(isByteString, 'a byte string (char codes 0..255)'),
    v.maxLength(max, column === null ? undefined : `${TOO_LONG}${column}`),
  );
}
const rowBytes = bytes(HBASE_K_BYTES_MAX, 'K');
const scanRowBytes = bytes(HBASE_K_BYTES_MAX + 1, null);
const qualifierBytes = bytes(HBASE_Q_BYTES_MAX, 'Q');
const valueBytes = bytes(HBASE_V_BYTES_MAX, 'V');
const familyBytes = bytes(NAME_CHARS_MAX, null);
/** HBase timestamp: ms since the epoch, a non-negative safe integer. */
const tsMs = id;

// --- OBKV-Table ---------------------------------------------------------------------------------

const routeStamp = {
  tenantId: id,
  database: name,
  table: name,
  schemaVersion: id,
  tabletId: id,
  lsId: id,
};

const columnValue = v.strictObject({
  name,
  value: kvValue,
  inputType: v.picklist(['NULL', 'BIGINT', 'DOUBLE', 'VARCHAR', 'VARBINARY', 'DATETIME']),
});

const tableOperation = v.strictObject({
  type: v.picklist(['get', 'insert', 'delete', 'update', 'insertOrUpdate', 'replace', 'increment', 'append', 'put']),
  rowkey: v.pipe(v.array(columnValue), v.maxLength(ROWKEY_COLUMNS_MAX)),
  values: v.pipe(v.array(columnValue), v.maxLength(COLUMNS_MAX)),
  selectColumns: names(COLUMNS_MAX),
  withResult: bool,
  filter: filterText,
});

const rangeKey = v.pipe(v.array(kvRangeValue), v.maxLength(ROWKEY_COLUMNS_MAX));
const scanRange = v.strictObject({ start: rangeKey, startInclusive: bool, end: rangeKey, endInclusive: bool });

const querySpec = v.strictObject({
  ranges: v.pipe(v.array(scanRange), v.maxLength(KV_BATCH_OPS_MAX)),
  scanRangeColumns: names(ROWKEY_COLUMNS_MAX),
  select: names(COLUMNS_MAX),
  indexName: nullableName,
  reverse: bool,
  limit: count(-1, Number.MAX_SAFE_INTEGER),
  offset: id,
  filter: filterText,
});

const aggregation = v.strictObject({
  fn: v.picklist(['count', 'sum', 'min', 'max', 'avg']),
  column: nullableName,
  alias: v.optional(name),
});

const sessionBody = v.strictObject({ tenantId: id, sessionId: id });

// --- OBKV-HBase ---------------------------------------------------------------------------------

const rowRoute = {
  tenantId: id,
  database: name,
  schemaVersion: id,
  lsId: id,
  htable: name,
  partitionIndex: count(0, PARTITIONS_MAX - 1),
};

const putMutation = v.strictObject({
  type: v.literal('put'),
  cells: v.pipe(
    v.array(v.strictObject({ family: familyBytes, qualifier: qualifierBytes, timestamp: v.nullable(tsMs), value: valueBytes })),
    v.maxLength(KV_BATCH_OPS_MAX),
  ),
});

const optTs = v.optional(tsMs);
const deleteSpec = v.variant('kind', [
  v.strictObject({ kind: v.literal('row'), ts: optTs }),
  v.strictObject({ kind: v.literal('family'), family: familyBytes, ts: optTs }),
  v.strictObject({ kind: v.literal('familyVersion'), family: familyBytes, ts: tsMs }),
  v.strictObject({ kind: v.literal('column'), family: familyBytes, qualifier: qualifierBytes, ts: optTs }),
  v.strictObject({ kind: v.literal('columns'), family: familyBytes, qualifier: qualifierBytes, ts: optTs }),
]);
const deleteMutation = v.strictObject({
  type: v.literal('delete'),
  specs: v.pipe(v.array(deleteSpec), v.maxLength(KV_BATCH_OPS_MAX)),
});

const hMutation = v.variant('type', [
  putMutation,
  deleteMutation,
  v.strictObject({
    type: v.literal('increment'),
    columns: v.pipe(
      v.array(v.strictObject({ family: familyBytes, qualifier: qualifierBytes, amount: v.pipe(v.number(), v.finite()) })),
      v.maxLength(KV_BATCH_OPS_MAX),
    ),
  }),
  v.strictObject({
    type: v.literal('append'),
    columns: v.pipe(
      v.array(v.strictObject({ family: familyBytes, qualifier: qualifierBytes, value: valueBytes })),
      v.maxLength(KV_BATCH_OPS_MAX),
    ),
  }),
  v.strictObject({
    type: v.literal('checkAndMutate'),
    family: familyBytes,
    qualifier: qualifierBytes,
    op: v.picklist(['LESS', 'LESS_OR_EQUAL', 'EQUAL', 'NOT_EQUAL', 'GREATER_OR_EQUAL', 'GREATER']),
    value: v.nullable(valueBytes),
    mutation: v.variant('type', [putMutation, deleteMutation]),
  }),
]);

const readSpec = v.strictObject({
  columns: v.pipe(v.array(v.strictObject({ family: familyBytes, qualifier: v.nullable(qualifierBytes) })), v.maxLength(COLUMNS_MAX)),
  maxVersions: count(0, INT32_MAX),
  timeRange: v.nullable(v.strictTuple([tsMs, tsMs])),
  timestamp: v.nullable(tsMs),
  filter: filterText,
});

const familyDescriptor = v.strictObject({
  name: familyBytes,
  maxVersions: v.optional(count(1, INT32_MAX)),
  ttlSeconds: v.optional(count(1, INT32_MAX)),
});

const htableCommand = <T extends string>(type: T) => v.strictObject({ type: v.literal(type), htable: name });
const adminCommand = v.variant('type', [
  v.strictObject({
    type: v.literal('create'),
    htable: name,
    families: v.pipe(v.array(familyDescriptor), v.maxLength(COLUMNS_MAX)),
    splits: v.optional(v.pipe(v.array(rowBytes), v.maxLength(PARTITIONS_MAX - 1))),
    partitions: v.optional(count(1, PARTITIONS_MAX)),
  }),
  v.strictObject({ type: v.literal('list'), regex: v.optional(v.pipe(v.string(), v.maxLength(FILTER_CHARS_MAX))) }),
  htableCommand('describe'),
  htableCommand('exists'),
  htableCommand('disable'),
  htableCommand('enable'),
  htableCommand('isEnabled'),
  htableCommand('drop'),
  htableCommand('truncate'),
  v.strictObject({ type: v.literal('alter'), htable: name, family: familyDescriptor, delete: v.optional(bool) }),
]);

// --- method → schema ----------------------------------------------------------------------------

/** `table.ttl.trigger` (engine/table/table_service.ts TABLE_TTL_TRIGGER_RPC). */
const TTL_TRIGGER = 'table.ttl.trigger';

const SCHEMAS: ReadonlyMap<string, v.GenericSchema> = new Map<string, v.GenericSchema>([
  [KV_METHODS.route, v.strictObject({ tenant: name, database: name, table: name })],
  [KV_METHODS.execute, v.strictObject({ ...routeStamp, op: tableOperation })],
  [KV_METHODS.batch, v.strictObject({ ...routeStamp, ops: v.pipe(v.array(tableOperation), v.maxLength(KV_BATCH_OPS_MAX)), atomic: bool })],
  [KV_METHODS.query, v.strictObject({ ...routeStamp, query: querySpec, batchSize: id })],
  [KV_METHODS.queryNext, sessionBody],
  [KV_METHODS.queryClose, sessionBody],
  [KV_METHODS.aggregate, v.strictObject({ ...routeStamp, query: querySpec, aggs: v.pipe(v.array(aggregation), v.maxLength(COLUMNS_MAX)) })],
  [KV_METHODS.hbaseMutate, v.strictObject({ ...rowRoute, row: rowBytes, mutation: hMutation })],
  [KV_METHODS.hbaseGet, v.strictObject({ ...rowRoute, row: rowBytes, read: readSpec, existsOnly: bool })],
  [
    KV_METHODS.hbaseScan,
    v.strictObject({
      ...rowRoute,
      startRow: scanRowBytes,
      stopRow: scanRowBytes,
      reversed: bool,
      read: readSpec,
      limitRows: count(0, KV_QUERY_ROWS_MAX),
      afterRow: v.nullable(scanRowBytes),
    }),
  ],
  [KV_METHODS.hbaseAdmin, v.strictObject({ tenant: name, database: name, command: adminCommand })],
  [TTL_TRIGGER, v.strictObject({ tenantId: id })],
]);

const PARSE_CONFIG = { abortEarly: true, abortPipeEarly: true } as const;

/**
 * Checks the body of an OBKV request against its method's wire contract (see the module comment).
 * Unknown methods pass (kvCall answers those). Cost: a few µs for a `table.execute` body.
 * Errors: -4002 OB_INVALID_ARGUMENT `invalid <method> request: <path>: expected <what>, received
 * <what>`; -5167 OB_ERR_DATA_TOO_LONG for an HBase K/Q/V byte string over its column's length.
 */
export function checkKvBody(method: string, body: unknown): void {
  const schema = SCHEMAS.get(method);
  if (schema === undefined) return;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw Errors.invalidArgument(`invalid ${method} request: body: expected an object, received ${received(body)}`);
  }
  const r = v.safeParse(schema, body, PARSE_CONFIG);
  if (r.success) return;
  const issue = r.issues[0];
  if (issue.type === 'max_length' && issue.message.startsWith(TOO_LONG)) {
    throw Errors.dataTooLong(issue.message.slice(TOO_LONG.length), 0);
  }
  throw Errors.invalidArgument(`invalid ${method} request: ${describeIssue(issue)}`);
}

/** The methods `checkKvBody` knows (for tests). */
export function checkedKvMethods(): string[] {
  return [...SCHEMAS.keys()];
}

type Issue = v.BaseIssue<unknown>;

/** `path: expected X, received Y` (or `path: unknown field` / `path: missing`). */
function describeIssue(issue: Issue): string {
  const keys = (issue.path ?? []).map((p) => String(p.key));
  const where = keys.length === 0 ? 'body' : keys.join('.');
  const last = issue.path?.[issue.path.length - 1];
  if (last?.origin === 'key') {
    return issue.expected === 'never' ? `${where}: unknown field` : `${where}: missing`;
  }
  return `${where}: expected ${expectation(issue)}, received ${received(issue.input)}`;
}

function expectation(issue: Issue): string {
  const req = (issue as { requirement?: unknown }).requirement;
  switch (issue.type) {
    case 'check':
    case 'custom':
      return issue.message;
    case 'string':
    case 'number':
    case 'boolean':
      return `a ${issue.type}`;
    case 'array':
      return 'an array';
    case 'strict_object':
      return 'an object';
    case 'strict_tuple':
      return 'an array of 2';
    case 'literal':
    case 'picklist':
    case 'variant':
      return `one of ${(issue.expected ?? '').replace(/^\((.*)\)$/, '$1')}`;
    case 'union':
      return (issue.expected ?? '').replace(/^\((.*)\)$/, '$1');
    case 'safe_integer':
      return 'a safe integer';
    case 'finite':
      return 'a finite number';
    case 'min_value':
      return `at least ${String(req)}`;
    case 'max_value':
      return `at most ${String(req)}`;
    case 'max_length':
      return `at most ${String(req)} ${typeof issue.input === 'string' ? 'chars' : 'items'}`;
    default:
      return issue.expected ?? issue.type;
  }
}

/** A short description of a received value; never the words `undefined` or `NaN`. */
function received(x: unknown): string {
  if (x === undefined) return 'no value';
  if (x === null) return 'null';
  switch (typeof x) {
    case 'number':
      return Number.isNaN(x) ? 'not-a-number' : String(x);
    case 'bigint':
      return `${x}n`;
    case 'boolean':
      return String(x);
    case 'string':
      return x.length <= 32 && isByteString(x) && !/undefined|NaN/.test(x) ? JSON.stringify(x) : `a string of ${x.length} chars`;
    case 'object':
      return Array.isArray(x) ? `an array of ${x.length}` : 'an object';
    default:
      return `a ${typeof x}`;
  }
}
