/**
 * The implementation of the KV-script API (`kv_api_types.ts`): the OBKV-Table builders
 * (TableQuery, TableBatch, TableAggregation, filters), the HBase builders (Put/Get/Delete/Scan),
 * and `makeKvApi(invoke)`, which turns every API call into one `KvScriptCall` — a
 * structured-clone-safe description — handed to `invoke`.
 *
 * This one file runs in two places: inside the sandboxed script worker (bundled standalone;
 * `invoke` posts the call to the page, which runs it through the routing client) and in Node /
 * the page (`invoke` = `KvExecutor.run`). So it imports nothing but types from `./kv_api_types`,
 * touches no engine module, and keeps every call description to plain data (numbers, bigints,
 * strings, Uint8Array, Date, arrays, plain objects).
 *
 * Invariants: HBase rows/families/qualifiers/values cross as byte strings (one char per byte,
 * like engine/common/binary.ts); table values cross as the user gave them (the executor types
 * them); MIN/MAX are the `{ kvBound }` objects of the wire (engine/table/types.ts `KV_MIN/KV_MAX`).
 * Errors reach scripts as `ObTableException` (`code`, `errorName`, message `[code][NAME][text]`).
 */
import type {
  BatchResult, Bytes, CompareOpEnum, Delete as IDelete, FilterOp, Get as IGet, HAdminApi, HBaseApi,
  HCellResult, HCompareOpName, HFamily, HResult, HTableApi, HTableDescription, KvScriptGlobals,
  ObTableApi, ObTableException as IObTableException, ObTableFilter, ObTableFilterList,
  Put as IPut, QueryResult, QueryResultSet, RangeBound, RangeKey, RangeValue, ResultScanner, Row,
  Rowkey, Scan as IScan, TableAggregation, TableBatch, TableQuery, Value,
} from './kv_api_types';

// ------------------------------------------------------------------------------------ call shapes

/** Table operation names (ObTableOperationType). */
export type KvScriptOpType =
  | 'get' | 'insert' | 'delete' | 'update' | 'insertOrUpdate' | 'replace' | 'increment' | 'append' | 'put';

/** One single-row operation of a script (legacy API or a batch entry). */
export interface KvScriptOp {
  type: KvScriptOpType;
  /** One value per rowkey column. */
  rowkey: Value[];
  /** Mutated columns, or for `get` the columns to return (empty: all). */
  columns: string[];
  values: Value[];
  withResult: boolean;
}

export interface KvScriptRange {
  start: RangeValue[];
  startInclusive: boolean;
  end: RangeValue[];
  endInclusive: boolean;
}

/** A TableQuery / aggregation as data (engine/table/types.ts `TableQuerySpec` with user values). */
export interface KvScriptQuery {
  ranges: KvScriptRange[];
  scanRangeColumns: string[];
  select: string[];
  indexName: string | null;
  reverse: boolean;
  /** -1: unlimited. */
  limit: number;
  offset: number;
  filter: string | null;
}

export interface KvScriptAgg {
  fn: 'count' | 'sum' | 'min' | 'max' | 'avg';
  column: string | null;
  alias?: string;
}

/** HBase read options (engine/hbase/types.ts `HReadSpec`). */
export interface KvScriptHRead {
  columns: { family: string; qualifier: string | null }[];
  maxVersions: number;
  timeRange: [number, number] | null;
  timestamp: number | null;
  filter: string | null;
}

export type KvScriptHDeleteSpec =
  | { kind: 'row'; ts?: number }
  | { kind: 'family'; family: string; ts?: number }
  | { kind: 'familyVersion'; family: string; ts: number }
  | { kind: 'column'; family: string; qualifier: string; ts?: number }
  | { kind: 'columns'; family: string; qualifier: string; ts?: number };

export type KvScriptHPutOrDelete =
  | { type: 'put'; cells: { family: string; qualifier: string; timestamp: number | null; value: string }[] }
  | { type: 'delete'; specs: KvScriptHDeleteSpec[] };

/** HBase mutation of one row (engine/hbase/types.ts `HMutation`). Byte strings throughout. */
export type KvScriptHMutation =
  | KvScriptHPutOrDelete
  | { type: 'increment'; columns: { family: string; qualifier: string; amount: number }[] }
  | { type: 'append'; columns: { family: string; qualifier: string; value: string }[] }
  | {
      type: 'checkAndMutate'; family: string; qualifier: string; op: HCompareOpName;
      value: string | null; mutation: KvScriptHPutOrDelete;
    };

/** HBase Scan as data. Rows are byte strings; '' = open. */
export interface KvScriptHScan {
  startRow: string;
  startInclusive: boolean;
  stopRow: string;
  stopInclusive: boolean;
  reversed: boolean;
  read: KvScriptHRead;
  /** -1: unlimited. */
  limit: number;
  /** Rows per fetch of a scanner (0: everything at once). */
  caching: number;
}

/** HBase admin commands (engine/hbase/types.ts `HAdminCommand`). */
export type KvScriptHAdmin =
  | { type: 'create'; htable: string; families: HFamily[]; splits?: string[]; partitions?: number }
  | { type: 'list'; regex?: string }
  | { type: 'describe'; htable: string }
  | { type: 'exists'; htable: string }
  | { type: 'disable'; htable: string }
  | { type: 'enable'; htable: string }
  | { type: 'isEnabled'; htable: string }
  | { type: 'drop'; htable: string }
  | { type: 'truncate'; htable: string }
  | { type: 'alter'; htable: string; family: HFamily; delete?: boolean };

/** One HBase cell as the executor answers it (byte strings, engine/hbase/types.ts `HCell`). */
export interface KvScriptHCell {
  row: string;
  family: string;
  qualifier: string;
  timestamp: number;
  value: string;
}

/** A clone-safe error (what `invoke` rejects with, or what a batch item carries). */
export interface KvScriptError {
  code: number;
  errorName: string;
  message: string;
}

/** Rows of a query page; `cursor` non-null when more can be fetched with `table.queryNext`. */
export interface KvScriptQueryPage {
  columns: string[];
  rows: Value[][];
  cursor: number | null;
}

/** Rows of an HBase scan page (cells of whole rows, in scan order). */
export interface KvScriptScanPage {
  cells: KvScriptHCell[];
  cursor: number | null;
}

/**
 * One API call of a script, structured-clone safe. The comment after each kind is what `invoke`
 * resolves with.
 */
export type KvScriptCall =
  /** → number (writes) | Row (get: {} when missing; increment/append: {} unless withResult) */
  | { kind: 'table.op'; table: string; op: KvScriptOp }
  /** → ({ ok: true; value: number | Row } | { ok: false; error: KvScriptError })[] in request order */
  | { kind: 'table.batch'; table: string; ops: KvScriptOp[]; atomic: boolean }
  /** → KvScriptQueryPage (batchSize 0: every row, cursor null) */
  | { kind: 'table.query'; table: string; query: KvScriptQuery; batchSize: number }
  /** → KvScriptQueryPage */
  | { kind: 'table.queryNext'; cursor: number }
  /** → null */
  | { kind: 'table.queryClose'; cursor: number }
  /** → Record<string, Value> */
  | { kind: 'table.aggregate'; table: string; query: KvScriptQuery; aggs: KvScriptAgg[] }
  /** → { tables?, descriptor?, exists?, enabled? } (engine/hbase/types.ts HAdminReply) */
  | { kind: 'hbase.admin'; command: KvScriptHAdmin }
  /** → ({ cells?: KvScriptHCell[]; checkPassed?: boolean })[] one per mutation, in order */
  | { kind: 'hbase.mutate'; htable: string; mutations: { row: string; mutation: KvScriptHMutation }[] }
  /** → KvScriptHCell[][] (existsOnly: the cells are [] or one cell per matching row) */
  | { kind: 'hbase.get'; htable: string; gets: { row: string; read: KvScriptHRead; existsOnly: boolean }[] }
  /** → KvScriptScanPage */
  | { kind: 'hbase.scan'; htable: string; scan: KvScriptHScan }
  /** → KvScriptScanPage */
  | { kind: 'hbase.scanNext'; cursor: number }
  /** → null */
  | { kind: 'hbase.scanClose'; cursor: number };

/** Every name a KV script sees (`print` is supplied by the host, not by `makeKvApi`). */
export const KV_SCRIPT_GLOBAL_NAMES = [
  'client', 'hbase', 'print', 'compareVal', 'andList', 'orList', 'inList', 'notInList',
  'MIN', 'MAX', 'Put', 'Get', 'Delete', 'Scan', 'CompareOp',
] as const;

// ------------------------------------------------------------------------------------ errors

/** OBKV's client exception; `message` is `[code][NAME][text]` (Java client form). */
export class ObTableException extends Error implements IObTableException {
  readonly code: number;
  readonly errorName: string;
  constructor(code: number, errorName: string, message: string) {
    super(message);
    this.name = 'ObTableException';
    this.code = code;
    this.errorName = errorName;
  }

  /** A client-side error in the `[code][NAME][text]` form. */
  static of(code: number, errorName: string, text: string): ObTableException {
    return new ObTableException(code, errorName, errorName ? `[${code}][${errorName}][${text}]` : `[${code}][${text}]`);
  }
}

/** An invalid argument given to the API (Java throws IllegalArgumentException). */
function invalidArgument(text: string): ObTableException {
  return ObTableException.of(-4002, 'OB_INVALID_ARGUMENT', text);
}

/**
 * Any thrown thing → an ObTableException: one already is; a `{ code, errorName, message }` (what
 * a page posts back to the worker) is rebuilt; anything else becomes -4016 OB_ERR_UNEXPECTED.
 */
export function toObTableException(e: unknown): ObTableException {
  if (e instanceof ObTableException) return e;
  if (typeof e === 'object' && e !== null && typeof (e as KvScriptError).code === 'number') {
    const x = e as KvScriptError;
    return new ObTableException(x.code, String(x.errorName ?? ''), String(x.message ?? ''));
  }
  const text = e instanceof Error ? e.message : String(e);
  return ObTableException.of(-4016, 'OB_ERR_UNEXPECTED', text);
}

/** The clone-safe form of any thrown thing (for a host that posts errors back to a worker). */
export function toKvScriptError(e: unknown): KvScriptError {
  const x = toObTableException(e);
  return { code: x.code, errorName: x.errorName, message: x.message };
}

// ------------------------------------------------------------------------------------ bytes

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function arrayToByteString(a: Uint8Array): string {
  let s = '';
  for (let i = 0; i < a.length; i += 8192) s += String.fromCharCode(...a.subarray(i, i + 8192));
  return s;
}

function byteStringToArray(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** HBase bytes given by a script → byte string (a string is its UTF-8 text). */
export function toByteString(b: Bytes): string {
  if (b instanceof Uint8Array) return arrayToByteString(b);
  if (typeof b !== 'string') throw invalidArgument(`expected a string or Uint8Array, got ${typeof b}`);
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(b)) return b;
  return arrayToByteString(utf8Encoder.encode(b));
}

/** A byte string shown as text: printable UTF-8 as is, other bytes as HBase's `\xNN`. */
export function byteStringToText(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\x20-\x7e]/.test(s)) return s;
  try {
    const text = utf8Decoder.decode(byteStringToArray(s));
    // eslint-disable-next-line no-control-regex
    if (!/[\x00-\x1f\x7f]/.test(text)) return text;
  } catch {
    // not UTF-8: escape below
  }
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f ? s[i] : `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

// ------------------------------------------------------------------------------------ filters

const FILTER_OPS: Record<FilterOp, string> = {
  '<': '<', '>': '>', '<=': '<=', '>=': '>=', '!=': '!=', '=': '=',
  LT: '<', GT: '>', LE: '<=', GE: '>=', NE: '!=', EQ: '=', IS: 'IS', IS_NOT: 'IS_NOT',
};

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * A Date as OceanBase DATETIME text in the tenant's time zone, which is UTC here (`time_zone` =
 * '+00:00'): `new Date(Date.now() + 5000)` into a TTL column expires five seconds from now whatever
 * the browser's zone. Microseconds when non-zero.
 */
export function dateToDatetimeText(d: Date): string {
  const base = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${String(ms * 1000).padStart(6, '0')}`;
}

/** The text form of a value inside a filter string (Java's `String.valueOf`). */
function filterValueText(v: Value): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Uint8Array) return byteStringToText(arrayToByteString(v));
  if (v instanceof Date) return dateToDatetimeText(v);
  return String(v);
}

class CompareFilter implements ObTableFilter {
  constructor(
    private readonly op: string,
    private readonly column: string,
    private readonly value: Value,
  ) {}
  toString(): string {
    if (this.column === null || this.column === undefined || this.column === '') return '';
    return `TableCompareFilter(${this.op}, '${this.column}:${filterValueText(this.value)}')`;
  }
}

class FilterList implements ObTableFilterList {
  private readonly filters: ObTableFilter[];
  constructor(
    private readonly joiner: ' && ' | ' || ',
    filters: ObTableFilter[],
  ) {
    this.filters = [...filters];
  }
  addFilter(...filters: ObTableFilter[]): ObTableFilterList {
    for (const f of filters) this.filters.push(f);
    return this;
  }
  size(): number {
    return this.filters.length;
  }
  toString(): string {
    const parts: string[] = [];
    for (const f of this.filters) {
      const s = f.toString();
      if (s === '') continue;
      parts.push(f instanceof FilterList && f.size() > 1 ? `(${s})` : s);
    }
    return parts.join(this.joiner);
  }
}

/** `compareVal(op, column, value)`: one filter leaf. IS / IS_NOT take no value; others need one. */
export function compareVal(op: FilterOp, column: string, value?: Value): ObTableFilter {
  const sym = FILTER_OPS[op];
  if (sym === undefined) throw invalidArgument(`unknown compare op '${String(op)}'`);
  if (sym !== 'IS' && sym !== 'IS_NOT' && (value === null || value === undefined)) {
    throw invalidArgument(`value of compare filter on '${column}' can not be null`);
  }
  return new CompareFilter(sym, column, sym === 'IS' || sym === 'IS_NOT' ? null : (value as Value));
}

export function andList(...filters: ObTableFilter[]): ObTableFilterList {
  return new FilterList(' && ', filters);
}

export function orList(...filters: ObTableFilter[]): ObTableFilterList {
  return new FilterList(' || ', filters);
}

export function inList(column: string, values: Value[]): ObTableFilterList {
  return orList(...values.map((v) => compareVal('=', column, v)));
}

export function notInList(column: string, values: Value[]): ObTableFilterList {
  return andList(...values.map((v) => compareVal('!=', column, v)));
}

function filterText(f: ObTableFilter | null): string | null {
  if (f === null) return null;
  const s = f.toString();
  return s === '' ? null : s;
}

// ------------------------------------------------------------------------------------ table model

export const MIN: RangeBound = Object.freeze({ kvBound: 'MIN' as const });
export const MAX: RangeBound = Object.freeze({ kvBound: 'MAX' as const });

type Invoke = (call: KvScriptCall) => Promise<unknown>;

/** Runs a call; rejections become ObTableException. */
async function call<T>(invoke: Invoke, c: KvScriptCall): Promise<T> {
  try {
    return (await invoke(c)) as T;
  } catch (e) {
    throw toObTableException(e);
  }
}

function rowkeyValues(rowkey: Rowkey): Value[] {
  return Array.isArray(rowkey) ? rowkey : [rowkey];
}

function rangeValues(k: RangeKey): RangeValue[] {
  return Array.isArray(k) ? k : [k];
}

function checkColumnsValues(columns: string[], values: Value[]): void {
  if (!Array.isArray(columns) || !Array.isArray(values)) throw invalidArgument('columns and values must be arrays');
  if (columns.length !== values.length) {
    throw invalidArgument(`columns length ${columns.length} is not equal to values length ${values.length}`);
  }
}

function makeOp(type: KvScriptOpType, rowkey: Rowkey, columns: string[], values: Value[], withResult = false): KvScriptOp {
  if (type !== 'get' && type !== 'delete') checkColumnsValues(columns, values);
  return { type, rowkey: rowkeyValues(rowkey), columns, values, withResult };
}

function rowOf(columns: string[], values: Value[]): Row {
  const row: Row = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]] = values[i];
  return row;
}

function emptyQuery(): KvScriptQuery {
  return { ranges: [], scanRangeColumns: [], select: [], indexName: null, reverse: false, limit: -1, offset: 0, filter: null };
}

function addRange(q: KvScriptQuery, a: unknown[]): void {
  if (a.length === 2) {
    q.ranges.push({ start: rangeValues(a[0] as RangeKey), startInclusive: true, end: rangeValues(a[1] as RangeKey), endInclusive: true });
  } else if (a.length === 4) {
    q.ranges.push({
      start: rangeValues(a[0] as RangeKey), startInclusive: Boolean(a[1]),
      end: rangeValues(a[2] as RangeKey), endInclusive: Boolean(a[3]),
    });
  } else {
    throw invalidArgument('addScanRange takes (start, end) or (start, startInclusive, end, endInclusive)');
  }
}

function setLimit(q: KvScriptQuery, a: number[]): void {
  const [offset, limit] = a.length >= 2 ? [a[0], a[1]] : [0, a[0]];
  if (!Number.isInteger(offset) || !Number.isInteger(limit)) throw invalidArgument('limit and offset must be integers');
  if (offset < 0) throw invalidArgument('offset can not be negative');
  if (limit === 0 || limit < -1) throw invalidArgument(`limit must be positive (or -1 for unlimited), got ${limit}`);
  if (offset > 0 && limit < 0) throw invalidArgument('offset can not be use without limit');
  q.offset = offset;
  q.limit = limit;
}

class TableQueryImpl implements TableQuery {
  private readonly q = emptyQuery();
  private batchSize = 0;
  private filter: ObTableFilter | null = null;
  constructor(
    private readonly invoke: Invoke,
    private readonly table: string,
  ) {}
  addScanRange(...a: unknown[]): TableQuery {
    addRange(this.q, a);
    return this;
  }
  addScanRangeStartsWith(start: RangeKey, startInclusive = true): TableQuery {
    const s = rangeValues(start);
    this.q.ranges.push({ start: s, startInclusive, end: s.map(() => MAX), endInclusive: true });
    return this;
  }
  addScanRangeEndsWith(end: RangeKey, endInclusive = true): TableQuery {
    const e = rangeValues(end);
    this.q.ranges.push({ start: e.map(() => MIN), startInclusive: true, end: e, endInclusive });
    return this;
  }
  setScanRangeColumns(...columns: string[]): TableQuery {
    this.q.scanRangeColumns = columns;
    return this;
  }
  select(...columns: string[]): TableQuery {
    this.q.select = columns;
    return this;
  }
  indexName(name: string): TableQuery {
    this.q.indexName = name;
    return this;
  }
  primaryIndex(): TableQuery {
    this.q.indexName = null;
    return this;
  }
  scanOrder(forward: boolean): TableQuery {
    this.q.reverse = !forward;
    return this;
  }
  limit(...a: number[]): TableQuery {
    setLimit(this.q, a);
    return this;
  }
  setFilter(filter: ObTableFilter): TableQuery {
    this.filter = filter;
    return this;
  }
  setBatchSize(n: number): TableQuery {
    if (!Number.isInteger(n) || n <= 0) throw invalidArgument(`batch size must be positive, got ${n}`);
    this.batchSize = n;
    return this;
  }
  private spec(): KvScriptQuery {
    return { ...this.q, ranges: [...this.q.ranges], filter: filterText(this.filter) };
  }
  async execute(): Promise<QueryResult> {
    if (this.batchSize > 0) throw invalidArgument('batch size is set: use asyncExecute() for a streaming query');
    const page = await call<KvScriptQueryPage>(this.invoke, { kind: 'table.query', table: this.table, query: this.spec(), batchSize: 0 });
    const rows = page.rows.map((r) => rowOf(page.columns, r));
    return { columns: page.columns, rows, size: () => rows.length };
  }
  async asyncExecute(): Promise<QueryResultSet> {
    const batchSize = this.batchSize > 0 ? this.batchSize : 1000;
    const page = await call<KvScriptQueryPage>(this.invoke, { kind: 'table.query', table: this.table, query: this.spec(), batchSize });
    return new QueryResultSetImpl(this.invoke, page);
  }
}

class QueryResultSetImpl implements QueryResultSet {
  private rows: Value[][];
  private pos = -1;
  private cursor: number | null;
  private readonly columns: string[];
  private closed = false;
  private current: Row | null = null;
  constructor(
    private readonly invoke: Invoke,
    page: KvScriptQueryPage,
  ) {
    this.rows = page.rows;
    this.cursor = page.cursor;
    this.columns = page.columns;
  }
  private checkOpen(): void {
    if (this.closed) throw invalidArgument('query result set is already closed');
  }
  async next(): Promise<boolean> {
    this.checkOpen();
    this.pos++;
    while (this.pos >= this.rows.length) {
      if (this.cursor === null) {
        this.current = null;
        return false;
      }
      const page = await call<KvScriptQueryPage>(this.invoke, { kind: 'table.queryNext', cursor: this.cursor });
      this.rows = page.rows;
      this.cursor = page.cursor;
      this.pos = 0;
    }
    this.current = rowOf(this.columns, this.rows[this.pos]);
    return true;
  }
  getRow(): Row {
    this.checkOpen();
    if (this.current === null) throw invalidArgument('no current row: call next() first');
    return this.current;
  }
  cacheSize(): number {
    return Math.max(0, this.rows.length - this.pos - 1);
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.cursor !== null) {
      const cursor = this.cursor;
      this.cursor = null;
      await call(this.invoke, { kind: 'table.queryClose', cursor });
    }
  }
}

type BatchItem = { ok: true; value: number | Row } | { ok: false; error: KvScriptError };

class TableBatchImpl implements TableBatch {
  private readonly ops: KvScriptOp[] = [];
  private atomic = false;
  constructor(
    private readonly invoke: Invoke,
    private readonly table: string,
  ) {}
  get(rowkey: Rowkey, columns: string[] = []): TableBatch {
    this.ops.push(makeOp('get', rowkey, columns, []));
    return this;
  }
  insert(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch {
    this.ops.push(makeOp('insert', rowkey, columns, values));
    return this;
  }
  update(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch {
    this.ops.push(makeOp('update', rowkey, columns, values));
    return this;
  }
  insertOrUpdate(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch {
    this.ops.push(makeOp('insertOrUpdate', rowkey, columns, values));
    return this;
  }
  replace(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch {
    this.ops.push(makeOp('replace', rowkey, columns, values));
    return this;
  }
  put(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch {
    this.ops.push(makeOp('put', rowkey, columns, values));
    return this;
  }
  delete(rowkey: Rowkey): TableBatch {
    this.ops.push(makeOp('delete', rowkey, [], []));
    return this;
  }
  increment(rowkey: Rowkey, columns: string[], values: Value[], withResult = false): TableBatch {
    this.ops.push(makeOp('increment', rowkey, columns, values, withResult));
    return this;
  }
  append(rowkey: Rowkey, columns: string[], values: Value[], withResult = false): TableBatch {
    this.ops.push(makeOp('append', rowkey, columns, values, withResult));
    return this;
  }
  setIsAtomic(atomic: boolean): TableBatch {
    this.atomic = atomic;
    return this;
  }
  size(): number {
    return this.ops.length;
  }
  async execute(): Promise<BatchResult> {
    const items = await call<BatchItem[]>(this.invoke, { kind: 'table.batch', table: this.table, ops: [...this.ops], atomic: this.atomic });
    const results = items.map((it) => (it.ok ? it.value : toObTableException(it.error)));
    const wrong = items.filter((it) => !it.ok).length;
    return { results, getCorrectCount: () => items.length - wrong, getWrongCount: () => wrong };
  }
}

class TableAggregationImpl implements TableAggregation {
  private readonly q = emptyQuery();
  private readonly aggs: KvScriptAgg[] = [];
  private filter: ObTableFilter | null = null;
  constructor(
    private readonly invoke: Invoke,
    private readonly table: string,
  ) {}
  private add(fn: KvScriptAgg['fn'], column: string | null, alias?: string): TableAggregation {
    this.aggs.push(alias === undefined ? { fn, column } : { fn, column, alias });
    return this;
  }
  max(column: string, alias?: string): TableAggregation {
    return this.add('max', column, alias);
  }
  min(column: string, alias?: string): TableAggregation {
    return this.add('min', column, alias);
  }
  count(): TableAggregation {
    return this.add('count', null);
  }
  sum(column: string, alias?: string): TableAggregation {
    return this.add('sum', column, alias);
  }
  avg(column: string, alias?: string): TableAggregation {
    return this.add('avg', column, alias);
  }
  addScanRange(...a: unknown[]): TableAggregation {
    addRange(this.q, a);
    return this;
  }
  setScanRangeColumns(...columns: string[]): TableAggregation {
    this.q.scanRangeColumns = columns;
    return this;
  }
  indexName(name: string): TableAggregation {
    this.q.indexName = name;
    return this;
  }
  setFilter(filter: ObTableFilter): TableAggregation {
    this.filter = filter;
    return this;
  }
  limit(...a: number[]): TableAggregation {
    setLimit(this.q, a);
    return this;
  }
  execute(): Promise<Record<string, Value>> {
    if (this.aggs.length === 0) return Promise.reject(invalidArgument('no aggregation added'));
    const query = { ...this.q, filter: filterText(this.filter) };
    return call(this.invoke, { kind: 'table.aggregate', table: this.table, query, aggs: [...this.aggs] });
  }
}

function makeTableApi(invoke: Invoke): ObTableApi {
  const op = (table: string, o: KvScriptOp) => call<number & Row>(invoke, { kind: 'table.op', table, op: o });
  return {
    insert: (t, k, c, v) => op(t, makeOp('insert', k, c, v)),
    update: (t, k, c, v) => op(t, makeOp('update', k, c, v)),
    insertOrUpdate: (t, k, c, v) => op(t, makeOp('insertOrUpdate', k, c, v)),
    replace: (t, k, c, v) => op(t, makeOp('replace', k, c, v)),
    put: (t, k, c, v) => op(t, makeOp('put', k, c, v)),
    delete: (t, k) => op(t, makeOp('delete', k, [], [])),
    get: (t, k, c = []) => op(t, makeOp('get', k, c, [])),
    increment: (t, k, c, v, w = false) => op(t, makeOp('increment', k, c, v, w)),
    append: (t, k, c, v, w = false) => op(t, makeOp('append', k, c, v, w)),
    query: (t) => new TableQueryImpl(invoke, t),
    batch: (t) => new TableBatchImpl(invoke, t),
    aggregate: (t) => new TableAggregationImpl(invoke, t),
  };
}

// ------------------------------------------------------------------------------------ HBase model

function defaultRead(): KvScriptHRead {
  return { columns: [], maxVersions: 1, timeRange: null, timestamp: null, filter: null };
}

function checkTs(ts: number, what: string): number {
  if (typeof ts !== 'number' || !Number.isInteger(ts) || ts < 0) throw invalidArgument(`${what} must be a non-negative integer (ms), got ${String(ts)}`);
  return ts;
}

export class PutImpl implements IPut {
  readonly row: Uint8Array;
  /** @internal */ readonly rowBytes: string;
  /** @internal */ readonly cells: { family: string; qualifier: string; timestamp: number | null; value: string }[] = [];
  constructor(row: Bytes) {
    this.rowBytes = toByteString(row);
    this.row = byteStringToArray(this.rowBytes);
  }
  addColumn(family: Bytes, qualifier: Bytes, tsOrValue: number | Bytes, value?: Bytes): IPut {
    const hasTs = value !== undefined;
    const ts = hasTs ? checkTs(tsOrValue as number, 'timestamp') : null;
    const v = hasTs ? value : (tsOrValue as Bytes);
    this.cells.push({ family: toByteString(family), qualifier: toByteString(qualifier), timestamp: ts, value: toByteString(v) });
    return this;
  }
  /** @internal */ mutation(): KvScriptHPutOrDelete {
    if (this.cells.length === 0) throw invalidArgument('No columns to put');
    return { type: 'put', cells: this.cells.map((c) => ({ ...c })) };
  }
}

export class GetImpl implements IGet {
  readonly row: Uint8Array;
  /** @internal */ readonly rowBytes: string;
  /** @internal */ readonly read = defaultRead();
  constructor(row: Bytes) {
    this.rowBytes = toByteString(row);
    this.row = byteStringToArray(this.rowBytes);
  }
  addFamily(family: Bytes): IGet {
    this.read.columns.push({ family: toByteString(family), qualifier: null });
    return this;
  }
  addColumn(family: Bytes, qualifier: Bytes): IGet {
    this.read.columns.push({ family: toByteString(family), qualifier: toByteString(qualifier) });
    return this;
  }
  setMaxVersions(n = 0x7fffffff): IGet {
    this.read.maxVersions = n;
    return this;
  }
  readVersions(n: number): IGet {
    return this.setMaxVersions(n);
  }
  setTimeRange(minTs: number, maxTs: number): IGet {
    this.read.timeRange = [checkTs(minTs, 'minStamp'), checkTs(maxTs, 'maxStamp')];
    return this;
  }
  setTimeStamp(ts: number): IGet {
    this.read.timestamp = checkTs(ts, 'timestamp');
    return this;
  }
  setFilter(filter: string): IGet {
    this.read.filter = String(filter);
    return this;
  }
}

export class DeleteImpl implements IDelete {
  readonly row: Uint8Array;
  /** @internal */ readonly rowBytes: string;
  /** @internal */ readonly specs: KvScriptHDeleteSpec[] = [];
  constructor(row: Bytes) {
    this.rowBytes = toByteString(row);
    this.row = byteStringToArray(this.rowBytes);
  }
  addColumn(family: Bytes, qualifier: Bytes, ts?: number): IDelete {
    const spec: KvScriptHDeleteSpec = { kind: 'column', family: toByteString(family), qualifier: toByteString(qualifier) };
    if (ts !== undefined) spec.ts = checkTs(ts, 'timestamp');
    this.specs.push(spec);
    return this;
  }
  addColumns(family: Bytes, qualifier: Bytes, ts?: number): IDelete {
    const spec: KvScriptHDeleteSpec = { kind: 'columns', family: toByteString(family), qualifier: toByteString(qualifier) };
    if (ts !== undefined) spec.ts = checkTs(ts, 'timestamp');
    this.specs.push(spec);
    return this;
  }
  addFamily(family: Bytes, ts?: number): IDelete {
    const spec: KvScriptHDeleteSpec = { kind: 'family', family: toByteString(family) };
    if (ts !== undefined) spec.ts = checkTs(ts, 'timestamp');
    this.specs.push(spec);
    return this;
  }
  addFamilyVersion(family: Bytes, ts: number): IDelete {
    this.specs.push({ kind: 'familyVersion', family: toByteString(family), ts: checkTs(ts, 'timestamp') });
    return this;
  }
  /** @internal */ mutation(): KvScriptHPutOrDelete {
    return { type: 'delete', specs: this.specs.length === 0 ? [{ kind: 'row' }] : this.specs.map((s) => ({ ...s })) };
  }
}

export class ScanImpl implements IScan {
  /** @internal */ readonly spec: KvScriptHScan = {
    startRow: '', startInclusive: true, stopRow: '', stopInclusive: false, reversed: false,
    read: defaultRead(), limit: -1, caching: 0,
  };
  /** @internal */ batchCells = 0;
  constructor(startRow?: Bytes, stopRow?: Bytes) {
    if (startRow !== undefined) this.spec.startRow = toByteString(startRow);
    if (stopRow !== undefined) this.spec.stopRow = toByteString(stopRow);
  }
  withStartRow(row: Bytes, inclusive = true): IScan {
    this.spec.startRow = toByteString(row);
    this.spec.startInclusive = inclusive;
    return this;
  }
  withStopRow(row: Bytes, inclusive = false): IScan {
    this.spec.stopRow = toByteString(row);
    this.spec.stopInclusive = inclusive;
    return this;
  }
  setStartRow(row: Bytes): IScan {
    return this.withStartRow(row, true);
  }
  setStopRow(row: Bytes): IScan {
    return this.withStopRow(row, false);
  }
  setReversed(reversed: boolean): IScan {
    this.spec.reversed = reversed;
    return this;
  }
  setMaxVersions(n = 0x7fffffff): IScan {
    this.spec.read.maxVersions = n;
    return this;
  }
  readVersions(n: number): IScan {
    return this.setMaxVersions(n);
  }
  setTimeRange(minTs: number, maxTs: number): IScan {
    this.spec.read.timeRange = [checkTs(minTs, 'minStamp'), checkTs(maxTs, 'maxStamp')];
    return this;
  }
  setTimeStamp(ts: number): IScan {
    this.spec.read.timestamp = checkTs(ts, 'timestamp');
    return this;
  }
  addFamily(family: Bytes): IScan {
    this.spec.read.columns.push({ family: toByteString(family), qualifier: null });
    return this;
  }
  addColumn(family: Bytes, qualifier: Bytes): IScan {
    this.spec.read.columns.push({ family: toByteString(family), qualifier: toByteString(qualifier) });
    return this;
  }
  setFilter(filter: string): IScan {
    this.spec.read.filter = String(filter);
    return this;
  }
  setLimit(n: number): IScan {
    this.spec.limit = n;
    return this;
  }
  setBatch(n: number): IScan {
    this.batchCells = n;
    return this;
  }
  setCaching(n: number): IScan {
    this.spec.caching = n;
    return this;
  }
}

function cellResult(c: KvScriptHCell): HCellResult {
  return {
    row: byteStringToText(c.row),
    family: byteStringToText(c.family),
    qualifier: byteStringToText(c.qualifier),
    timestamp: c.timestamp,
    value: byteStringToText(c.value),
    bytes: byteStringToArray(c.value),
  };
}

/** An HBase Result over the cells of one row (wire cells, byte strings). */
export function makeHResult(cells: KvScriptHCell[]): HResult {
  const out = cells.map(cellResult);
  const find = (f: string, q: string) => {
    const fb = toByteString(f);
    const qb = toByteString(q);
    return cells.filter((c) => c.family === fb && c.qualifier === qb);
  };
  return {
    row: cells.length > 0 ? byteStringToText(cells[0].row) : '',
    cells: out,
    isEmpty: () => out.length === 0,
    size: () => out.length,
    getValue: (f, q) => {
      const c = find(f, q)[0];
      return c === undefined ? null : byteStringToText(c.value);
    },
    getValueBytes: (f, q) => {
      const c = find(f, q)[0];
      return c === undefined ? null : byteStringToArray(c.value);
    },
    containsColumn: (f, q) => find(f, q).length > 0,
    getColumnCells: (f, q) => find(f, q).map(cellResult),
  };
}

/** Splits scan-page cells into rows, then (setBatch) into Results of at most `batchCells` cells. */
function rowsOf(cells: KvScriptHCell[], batchCells: number): HResult[] {
  const out: HResult[] = [];
  let start = 0;
  for (let i = 1; i <= cells.length; i++) {
    if (i < cells.length && cells[i].row === cells[start].row) continue;
    const rowCells = cells.slice(start, i);
    if (batchCells > 0) {
      for (let j = 0; j < rowCells.length; j += batchCells) out.push(makeHResult(rowCells.slice(j, j + batchCells)));
    } else {
      out.push(makeHResult(rowCells));
    }
    start = i;
  }
  return out;
}

function asPut(x: unknown): PutImpl {
  if (!(x instanceof PutImpl)) throw invalidArgument('expected a Put (new Put(row))');
  return x;
}

function asDelete(x: unknown): DeleteImpl {
  if (!(x instanceof DeleteImpl)) throw invalidArgument('expected a Delete (new Delete(row))');
  return x;
}

function asGet(x: unknown): GetImpl {
  if (!(x instanceof GetImpl)) throw invalidArgument('expected a Get (new Get(row))');
  return x;
}

function asScan(x: unknown): ScanImpl {
  if (!(x instanceof ScanImpl)) throw invalidArgument('expected a Scan (new Scan())');
  return x;
}

type MutateReply = { cells?: KvScriptHCell[]; checkPassed?: boolean }[];

class ResultScannerImpl implements ResultScanner {
  private buffer: HResult[];
  private closed = false;
  constructor(
    private readonly invoke: Invoke,
    page: KvScriptScanPage,
    private readonly batchCells: number,
    private cursor: number | null = page.cursor,
  ) {
    this.buffer = rowsOf(page.cells, batchCells).reverse();
  }
  async next(): Promise<HResult | null> {
    if (this.closed) throw invalidArgument('scanner is already closed');
    while (this.buffer.length === 0) {
      if (this.cursor === null) return null;
      const page = await call<KvScriptScanPage>(this.invoke, { kind: 'hbase.scanNext', cursor: this.cursor });
      this.cursor = page.cursor;
      this.buffer = rowsOf(page.cells, this.batchCells).reverse();
    }
    return this.buffer.pop()!;
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.cursor !== null) {
      const cursor = this.cursor;
      this.cursor = null;
      await call(this.invoke, { kind: 'hbase.scanClose', cursor });
    }
  }
}

function makeHTable(invoke: Invoke, htable: string): HTableApi {
  const mutate = (mutations: { row: string; mutation: KvScriptHMutation }[]) =>
    call<MutateReply>(invoke, { kind: 'hbase.mutate', htable, mutations });
  const gets = (list: GetImpl[], existsOnly: boolean) =>
    call<KvScriptHCell[][]>(invoke, {
      kind: 'hbase.get', htable,
      gets: list.map((g) => ({ row: g.rowBytes, read: { ...g.read, columns: [...g.read.columns] }, existsOnly })),
    });
  return {
    async put(p) {
      const list = (Array.isArray(p) ? p : [p]).map(asPut);
      if (list.length > 0) await mutate(list.map((x) => ({ row: x.rowBytes, mutation: x.mutation() })));
    },
    async get(g) {
      const [cells] = await gets([asGet(g)], false);
      return makeHResult(cells);
    },
    async exists(g) {
      const [cells] = await gets([asGet(g)], true);
      return cells.length > 0;
    },
    async delete(d) {
      const list = (Array.isArray(d) ? d : [d]).map(asDelete);
      if (list.length > 0) await mutate(list.map((x) => ({ row: x.rowBytes, mutation: x.mutation() })));
    },
    async scan(s) {
      const scan = asScan(s);
      const page = await call<KvScriptScanPage>(invoke, { kind: 'hbase.scan', htable, scan: { ...scan.spec, caching: 0 } });
      return rowsOf(page.cells, scan.batchCells);
    },
    async getScanner(s) {
      const scan = asScan(s);
      const spec = { ...scan.spec, caching: scan.spec.caching > 0 ? scan.spec.caching : 100 };
      const page = await call<KvScriptScanPage>(invoke, { kind: 'hbase.scan', htable, scan: spec });
      return new ResultScannerImpl(invoke, page, scan.batchCells);
    },
    async incrementColumnValue(row, family, qualifier, amount) {
      const [reply] = await mutate([{
        row: toByteString(row),
        mutation: { type: 'increment', columns: [{ family: toByteString(family), qualifier: toByteString(qualifier), amount: Number(amount) }] },
      }]);
      const cell = reply?.cells?.[0];
      if (cell === undefined) throw ObTableException.of(-4016, 'OB_ERR_UNEXPECTED', 'increment answered no cell');
      let x = 0n;
      for (let i = 0; i < cell.value.length; i++) x = (x << 8n) | BigInt(cell.value.charCodeAt(i) & 0xff);
      return BigInt.asIntN(64, x);
    },
    async append(row, family, qualifier, value) {
      const [reply] = await mutate([{
        row: toByteString(row),
        mutation: { type: 'append', columns: [{ family: toByteString(family), qualifier: toByteString(qualifier), value: toByteString(value) }] },
      }]);
      return makeHResult(reply?.cells ?? []);
    },
    async checkAndMutate(row, family, qualifier, op, value, mutation) {
      const rowBytes = toByteString(row);
      const m = mutation instanceof PutImpl ? mutation : asDelete(mutation);
      if (m.rowBytes !== rowBytes) {
        throw invalidArgument(`mutation row '${byteStringToText(m.rowBytes)}' doesn't match the original one '${byteStringToText(rowBytes)}'`);
      }
      const [reply] = await mutate([{
        row: rowBytes,
        mutation: {
          type: 'checkAndMutate', family: toByteString(family), qualifier: toByteString(qualifier), op,
          value: value === null ? null : toByteString(value), mutation: m.mutation(),
        },
      }]);
      return reply?.checkPassed === true;
    },
    async batch(actions) {
      const out: (HResult | undefined)[] = new Array(actions.length).fill(undefined);
      const muts: { row: string; mutation: KvScriptHMutation }[] = [];
      const getIdx: number[] = [];
      const getList: GetImpl[] = [];
      actions.forEach((a, i) => {
        if (a instanceof PutImpl || a instanceof DeleteImpl) muts.push({ row: a.rowBytes, mutation: a.mutation() });
        else {
          getIdx.push(i);
          getList.push(asGet(a));
        }
      });
      if (muts.length > 0) await mutate(muts);
      if (getList.length > 0) {
        const cells = await gets(getList, false);
        getIdx.forEach((idx, j) => (out[idx] = makeHResult(cells[j])));
      }
      return out;
    },
  };
}

function makeAdmin(invoke: Invoke): HAdminApi {
  type Reply = { tables?: string[]; descriptor?: HTableDescription; exists?: boolean; enabled?: boolean };
  const admin = (command: KvScriptHAdmin) => call<Reply>(invoke, { kind: 'hbase.admin', command });
  return {
    async createTable(name, families, opts) {
      const command: KvScriptHAdmin = { type: 'create', htable: name, families: families.map((f) => ({ ...f })) };
      if (opts?.splits !== undefined) command.splits = opts.splits.map(toByteString);
      if (opts?.partitions !== undefined) command.partitions = opts.partitions;
      await admin(command);
    },
    async disableTable(name) {
      await admin({ type: 'disable', htable: name });
    },
    async enableTable(name) {
      await admin({ type: 'enable', htable: name });
    },
    async isTableEnabled(name) {
      return (await admin({ type: 'isEnabled', htable: name })).enabled === true;
    },
    async deleteTable(name) {
      await admin({ type: 'drop', htable: name });
    },
    async tableExists(name) {
      return (await admin({ type: 'exists', htable: name })).exists === true;
    },
    async listTables(regex) {
      return (await admin(regex === undefined ? { type: 'list' } : { type: 'list', regex })).tables ?? [];
    },
    async describe(name) {
      const d = (await admin({ type: 'describe', htable: name })).descriptor;
      if (d === undefined) throw ObTableException.of(-4016, 'OB_ERR_UNEXPECTED', 'describe answered no descriptor');
      return d;
    },
    async truncateTable(name) {
      await admin({ type: 'truncate', htable: name });
    },
    async modifyFamily(name, family) {
      await admin({ type: 'alter', htable: name, family: { ...family } });
    },
    async deleteFamily(name, family) {
      await admin({ type: 'alter', htable: name, family: { name: family }, delete: true });
    },
  };
}

function makeHBaseApi(invoke: Invoke): HBaseApi {
  return { admin: makeAdmin(invoke), table: (name: string) => makeHTable(invoke, name) };
}

export const CompareOp: CompareOpEnum = Object.freeze({
  LESS: 'LESS', LESS_OR_EQUAL: 'LESS_OR_EQUAL', EQUAL: 'EQUAL', NOT_EQUAL: 'NOT_EQUAL',
  GREATER_OR_EQUAL: 'GREATER_OR_EQUAL', GREATER: 'GREATER',
} as const);

/**
 * The script globals (all but `print`) over `invoke`, which runs one `KvScriptCall` and resolves
 * with its answer (see `KvScriptCall`) or rejects with an ObTableException / `KvScriptError`.
 */
export function makeKvApi(invoke: (call: KvScriptCall) => Promise<unknown>): Omit<KvScriptGlobals, 'print'> {
  return {
    client: makeTableApi(invoke),
    hbase: makeHBaseApi(invoke),
    compareVal, andList, orList, inList, notInList,
    MIN, MAX,
    Put: PutImpl, Get: GetImpl, Delete: DeleteImpl, Scan: ScanImpl,
    CompareOp,
  };
}
