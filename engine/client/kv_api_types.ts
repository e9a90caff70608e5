/**
 * The typed OBKV API a KV-editor script sees (issue #5): `client` (OBKV-Table, names after the
 * OBKV Java client `ObTableClient` / Go client), `hbase` (OBKV-HBase: Admin + HTable, names after
 * the HBase Java client), filter builders, MIN/MAX, and the HBase builders Put/Get/Delete/Scan.
 *
 * This file has NO imports and NO implementations on purpose: the KV editor turns its text (minus
 * `export `) into the IntelliSense `.d.ts` of user scripts, and declares each `KvScriptGlobals`
 * member as a global (`declare const client: KvScriptGlobals['client']`, ...). Implementations:
 * `script_api.ts`; routing and wire: `executor.ts`.
 *
 * Values (OBKV checks the *input* type against the column type, reference obkv-apis §1.3/§1.5):
 * a JavaScript number has no integer width, so an integer number (or bigint) is sent as BIGINT and
 * matches every integer column (TINYINT..BIGINT); a non-integer number is sent as DOUBLE (matches
 * FLOAT/DOUBLE/DECIMAL); a string is VARCHAR (matches CHAR/VARCHAR/TEXT, VARBINARY/BLOB as its
 * UTF-8 bytes, DATE/DATETIME/TIMESTAMP as 'YYYY-MM-DD HH:MM:SS', DECIMAL as decimal text); a
 * Uint8Array is VARBINARY; a Date is DATETIME (its local wall-clock time); null is NULL.
 * Values read back: integers as number (bigint beyond ±2^53), FLOAT/DOUBLE as number,
 * VARBINARY/BLOB as Uint8Array, everything else (text, DECIMAL, DATE/DATETIME/TIMESTAMP) as string.
 */

/** A value passed to or read from OBKV (see the module comment for the type mapping). */
export type Value = null | number | bigint | string | Uint8Array | Date;

/** A scan-range sentinel: `MIN` / `MAX` (Java `ObObj.getMin()/getMax()`, Go `table.Min/Max`). */
export interface RangeBound {
  readonly kvBound: 'MIN' | 'MAX';
}

/** One value of a scan-range bound: a key value or MIN/MAX. */
export type RangeValue = Value | RangeBound;

/** A rowkey: one value for a single-column primary key, or one per key column in key order. */
export type Rowkey = Value | Value[];

/** A scan-range bound: one value (single-column key or prefix) or one per range column. */
export type RangeKey = RangeValue | RangeValue[];

/** A row as OBKV returns it: column name → value (Java `Map<String, Object>`). */
export type Row = Record<string, Value>;

/**
 * An OBKV error, as the Java client throws it (`ObTableException`). `message` is
 * `[code][NAME][text]`, e.g. `[-5024][OB_ERR_PRIMARY_KEY_DUPLICATE][Duplicate entry '1' for key 'PRIMARY']`.
 */
export interface ObTableException extends Error {
  /** OceanBase error code, negative (e.g. -5024). */
  readonly code: number;
  /** OceanBase error name (e.g. 'OB_ERR_PRIMARY_KEY_DUPLICATE'), '' when unknown. */
  readonly errorName: string;
}

// ------------------------------------------------------------------------------------ filters

/**
 * Table-model filter compare operators (Java `ObCompareOp`): symbols or names. `IS` / `IS_NOT`
 * test for NULL and take no value.
 */
export type FilterOp =
  | '<' | '>' | '<=' | '>=' | '!=' | '='
  | 'LT' | 'GT' | 'LE' | 'GE' | 'NE' | 'EQ'
  | 'IS' | 'IS_NOT';

/**
 * A table-model filter (Java `ObTableFilter`). `toString()` gives OBKV's filter string, e.g.
 * `TableCompareFilter(>=, 'c1:5')` or `TableCompareFilter(=, 'c3:v') && (TableCompareFilter(<, 'c2:5') || ...)`.
 * Comparing a NULL cell with any of `< > <= >= != =` is false (the row is excluded).
 */
export interface ObTableFilter {
  toString(): string;
}

/** A filter list (`andList` / `orList`); more filters can be added. */
export interface ObTableFilterList extends ObTableFilter {
  addFilter(...filters: ObTableFilter[]): ObTableFilterList;
  size(): number;
}

// ------------------------------------------------------------------------------------ table model

/** A scan query over one table (Java `TableQuery`). Builder calls return the query itself. */
export interface TableQuery {
  /** Adds the range [start, end], both inclusive. Several ranges form a union. */
  addScanRange(start: RangeKey, end: RangeKey): TableQuery;
  /** Adds a range with explicit bound inclusiveness. A range with start > end returns nothing. */
  addScanRange(start: RangeKey, startInclusive: boolean, end: RangeKey, endInclusive: boolean): TableQuery;
  /** Adds [start, MAX] (inclusive by default). */
  addScanRangeStartsWith(start: RangeKey, startInclusive?: boolean): TableQuery;
  /** Adds [MIN, end] (inclusive by default). */
  addScanRangeEndsWith(end: RangeKey, endInclusive?: boolean): TableQuery;
  /** Ranges cover only these leading key (or index) columns (prefix scan). */
  setScanRangeColumns(...columns: string[]): TableQuery;
  /** Projection; none → every column. */
  select(...columns: string[]): TableQuery;
  /** Scan a secondary index (ranges are over its columns). */
  indexName(name: string): TableQuery;
  /** Scan the primary key (default). */
  primaryIndex(): TableQuery;
  /** true: ascending key order (default); false: descending. No ORDER BY on other columns. */
  scanOrder(forward: boolean): TableQuery;
  /** At most `limit` rows (applied after the filter). */
  limit(limit: number): TableQuery;
  /** Skip `offset` matching rows, then at most `limit` (Java argument order: offset first). */
  limit(offset: number, limit: number): TableQuery;
  /** Server-side row filter. */
  setFilter(filter: ObTableFilter): TableQuery;
  /** Stream `n` rows per round trip; then use `asyncExecute()` (`execute()` refuses). */
  setBatchSize(n: number): TableQuery;
  /**
   * Runs the query. Over several partitions, partitions are read one after another in partition
   * order (reverse for a descending scan), so rows are ordered within a partition only; offset and
   * limit count across partitions (the playground's choice). Throws when a batch size is set.
   */
  execute(): Promise<QueryResult>;
  /** Runs the query as a stream (server-side query session, `setBatchSize` rows per fetch). */
  asyncExecute(): Promise<QueryResultSet>;
}

/** The rows of a query. */
export interface QueryResult {
  /** Column names, in result order. */
  readonly columns: string[];
  readonly rows: Row[];
  /** Number of rows. */
  size(): number;
}

/** A streaming query result (Java `QueryResultSet`). */
export interface QueryResultSet {
  /** Advances to the next row (fetching the next batch when needed); false at the end. */
  next(): Promise<boolean>;
  /** The current row (after `next()` returned true). */
  getRow(): Row;
  /** Rows fetched and not yet consumed. */
  cacheSize(): number;
  /** Releases the server-side session. Using a closed result set throws. */
  close(): Promise<void>;
}

/**
 * Operations of one table collected and sent together (Java `TableBatchOps`). The client splits the
 * batch by partition and sends the parts concurrently; results come back in request order.
 */
export interface TableBatch {
  get(rowkey: Rowkey, columns?: string[]): TableBatch;
  insert(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch;
  update(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch;
  insertOrUpdate(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch;
  replace(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch;
  put(rowkey: Rowkey, columns: string[], values: Value[]): TableBatch;
  delete(rowkey: Rowkey): TableBatch;
  increment(rowkey: Rowkey, columns: string[], values: Value[], withResult?: boolean): TableBatch;
  append(rowkey: Rowkey, columns: string[], values: Value[], withResult?: boolean): TableBatch;
  /**
   * true: all-or-nothing (one transaction; the batch must stay in one partition, else the client
   * refuses it). false (default): each operation succeeds or fails alone.
   */
  setIsAtomic(atomic: boolean): TableBatch;
  /** Number of operations added. */
  size(): number;
  execute(): Promise<BatchResult>;
}

/** The outcome of a batch, in request order. */
export interface BatchResult {
  /** Per operation: affected rows (writes), the Row (get, increment/append), or the error. */
  readonly results: (number | Row | ObTableException)[];
  /** Operations that succeeded. */
  getCorrectCount(): number;
  /** Operations that failed. */
  getWrongCount(): number;
}

/** An aggregation over one partition (Java `ObTableAggregation`). Results are keyed `max(c2)`, `count(*)`, ... */
export interface TableAggregation {
  max(column: string, alias?: string): TableAggregation;
  min(column: string, alias?: string): TableAggregation;
  /** `count(*)`. */
  count(): TableAggregation;
  sum(column: string, alias?: string): TableAggregation;
  avg(column: string, alias?: string): TableAggregation;
  addScanRange(start: RangeKey, end: RangeKey): TableAggregation;
  addScanRange(start: RangeKey, startInclusive: boolean, end: RangeKey, endInclusive: boolean): TableAggregation;
  setScanRangeColumns(...columns: string[]): TableAggregation;
  indexName(name: string): TableAggregation;
  setFilter(filter: ObTableFilter): TableAggregation;
  limit(limit: number): TableAggregation;
  limit(offset: number, limit: number): TableAggregation;
  /** Runs it. A range spanning more than one partition → -4007 OB_NOT_SUPPORTED. */
  execute(): Promise<Record<string, Value>>;
}

/**
 * The OBKV-Table client (Java `ObTableClient`). It computes each row's partition from the table's
 * partitioning and the rowkey, sends the call to that partition's leader, and refreshes its route
 * cache and retries when the leader moved.
 */
export interface ObTableApi {
  /** Inserts a row; returns affected rows (1). Duplicate key → -5024. */
  insert(table: string, rowkey: Rowkey, columns: string[], values: Value[]): Promise<number>;
  /** Updates the given columns; 1, or 0 (no error) when the row is missing. */
  update(table: string, rowkey: Rowkey, columns: string[], values: Value[]): Promise<number>;
  /** INSERT ... ON DUPLICATE KEY UPDATE; returns 1 in both cases. */
  insertOrUpdate(table: string, rowkey: Rowkey, columns: string[], values: Value[]): Promise<number>;
  /** REPLACE INTO; 1 for a new row, 2 when a row was replaced. */
  replace(table: string, rowkey: Rowkey, columns: string[], values: Value[]): Promise<number>;
  /** Blind overwrite of the whole row (all columns must be given; no table with an index). */
  put(table: string, rowkey: Rowkey, columns: string[], values: Value[]): Promise<number>;
  /** Deletes a row; 1, or 0 when missing. */
  delete(table: string, rowkey: Rowkey): Promise<number>;
  /** Reads a row: the given columns (none → all); `{}` when the row is missing. */
  get(table: string, rowkey: Rowkey, columns?: string[]): Promise<Row>;
  /** Adds to integer columns (missing row / NULL count as 0); the new values when `withResult`, else `{}`. */
  increment(table: string, rowkey: Rowkey, columns: string[], values: Value[], withResult?: boolean): Promise<Row>;
  /** Appends to string/binary columns (NULL counts as empty); the new values when `withResult`, else `{}`. */
  append(table: string, rowkey: Rowkey, columns: string[], values: Value[], withResult?: boolean): Promise<Row>;
  /** A scan query builder. */
  query(table: string): TableQuery;
  /** A batch builder. */
  batch(table: string): TableBatch;
  /** An aggregation builder. */
  aggregate(table: string): TableAggregation;
}

// ------------------------------------------------------------------------------------ HBase model

/** HBase bytes: a string is its UTF-8 text; a Uint8Array is raw bytes. */
export type Bytes = string | Uint8Array;

/** HBase compare operators (`CompareOperator` / `CompareFilter.CompareOp`). */
export type HCompareOpName = 'LESS' | 'LESS_OR_EQUAL' | 'EQUAL' | 'NOT_EQUAL' | 'GREATER_OR_EQUAL' | 'GREATER';

/** The `CompareOp` global: `CompareOp.GREATER`, ... */
export interface CompareOpEnum {
  readonly LESS: 'LESS';
  readonly LESS_OR_EQUAL: 'LESS_OR_EQUAL';
  readonly EQUAL: 'EQUAL';
  readonly NOT_EQUAL: 'NOT_EQUAL';
  readonly GREATER_OR_EQUAL: 'GREATER_OR_EQUAL';
  readonly GREATER: 'GREATER';
}

/** One HBase cell of a result. */
export interface HCellResult {
  row: string;
  family: string;
  qualifier: string;
  /** Version, ms since the epoch. */
  timestamp: number;
  /** The value as text when it is printable UTF-8, else HBase shell's `\xNN` form. */
  value: string;
  /** The raw value bytes. */
  bytes: Uint8Array;
}

/** The cells of one row (HBase `Result`). */
export interface HResult {
  /** The row key as text ('' for an empty result). */
  readonly row: string;
  /** Cells in HBase order: family, qualifier, newest version first. */
  readonly cells: HCellResult[];
  isEmpty(): boolean;
  size(): number;
  /** Latest value of a column as text (printable UTF-8) or `\xNN` form; null when absent. */
  getValue(family: string, qualifier: string): string | null;
  /** Latest value bytes of a column; null when absent. */
  getValueBytes(family: string, qualifier: string): Uint8Array | null;
  containsColumn(family: string, qualifier: string): boolean;
  /** Every version of a column, newest first. */
  getColumnCells(family: string, qualifier: string): HCellResult[];
}

/** HBase `Put`: cells of one row. */
export interface Put {
  readonly row: Uint8Array;
  /** Adds a cell; `ts` (ms) defaults to the server's current time. */
  addColumn(family: Bytes, qualifier: Bytes, value: Bytes): Put;
  addColumn(family: Bytes, qualifier: Bytes, ts: number, value: Bytes): Put;
}
export interface PutConstructor {
  new (row: Bytes): Put;
}

/** HBase `Get`: what to read of one row. */
export interface Get {
  readonly row: Uint8Array;
  addFamily(family: Bytes): Get;
  addColumn(family: Bytes, qualifier: Bytes): Get;
  /** Versions per column (default 1). */
  setMaxVersions(n?: number): Get;
  readVersions(n: number): Get;
  /** Versions in [minTs, maxTs) ms. */
  setTimeRange(minTs: number, maxTs: number): Get;
  /** Exactly this version. */
  setTimeStamp(ts: number): Get;
  /** HBase filter-language string, e.g. `ValueFilter(=, 'binary:abc')`. */
  setFilter(filter: string): Get;
}
export interface GetConstructor {
  new (row: Bytes): Get;
}

/**
 * HBase `Delete` of one row. Nothing added → the whole row. `addColumn(f, q)` deletes the latest
 * version (with ts: exactly that version); `addColumns(f, q)` all versions (with ts: versions ≤ ts);
 * `addFamily(f)` the whole family (with ts: versions ≤ ts); `addFamilyVersion(f, ts)` exactly
 * version ts in every column of f.
 */
export interface Delete {
  readonly row: Uint8Array;
  addColumn(family: Bytes, qualifier: Bytes, ts?: number): Delete;
  addColumns(family: Bytes, qualifier: Bytes, ts?: number): Delete;
  addFamily(family: Bytes, ts?: number): Delete;
  addFamilyVersion(family: Bytes, ts: number): Delete;
}
export interface DeleteConstructor {
  new (row: Bytes): Delete;
}

/**
 * HBase `Scan`: rows in [startRow, stopRow) in row order over every partition (reversed: from
 * startRow, the larger key, down to stopRow, exclusive).
 */
export interface Scan {
  withStartRow(row: Bytes, inclusive?: boolean): Scan;
  withStopRow(row: Bytes, inclusive?: boolean): Scan;
  setStartRow(row: Bytes): Scan;
  setStopRow(row: Bytes): Scan;
  setReversed(reversed: boolean): Scan;
  setMaxVersions(n?: number): Scan;
  readVersions(n: number): Scan;
  setTimeRange(minTs: number, maxTs: number): Scan;
  setTimeStamp(ts: number): Scan;
  addFamily(family: Bytes): Scan;
  addColumn(family: Bytes, qualifier: Bytes): Scan;
  /** HBase filter-language string. */
  setFilter(filter: string): Scan;
  /** At most n rows. */
  setLimit(n: number): Scan;
  /** At most n cells per Result (a wide row is split over several Results). */
  setBatch(n: number): Scan;
  /** Rows fetched per round trip by a scanner. */
  setCaching(n: number): Scan;
}
export interface ScanConstructor {
  new (startRow?: Bytes, stopRow?: Bytes): Scan;
}

/** A scanner over a Scan (HBase `ResultScanner`). */
export interface ResultScanner {
  /** The next row, or null at the end. */
  next(): Promise<HResult | null>;
  close(): Promise<void>;
}

/** One HBase table (HBase `Table`). Each family is the OceanBase table `<table>$<family>`. */
export interface HTableApi {
  put(put: Put | Put[]): Promise<void>;
  get(get: Get): Promise<HResult>;
  exists(get: Get): Promise<boolean>;
  delete(del: Delete | Delete[]): Promise<void>;
  /** Every matching row, in row order. */
  scan(scan: Scan): Promise<HResult[]>;
  getScanner(scan: Scan): Promise<ResultScanner>;
  /** Adds `amount` to an 8-byte long cell (absent → 0); returns the new value. */
  incrementColumnValue(row: Bytes, family: Bytes, qualifier: Bytes, amount: number | bigint): Promise<bigint>;
  /** Appends to the latest version of a cell; returns the row's changed cells. */
  append(row: Bytes, family: Bytes, qualifier: Bytes, value: Bytes): Promise<HResult>;
  /**
   * Runs `mutation` (a Put or Delete of the same row and family) when `stored <op> value` holds
   * for the latest version of the cell (OBKV's direction); `value` null: when the cell is absent.
   */
  checkAndMutate(row: Bytes, family: Bytes, qualifier: Bytes, op: HCompareOpName, value: Bytes | null, mutation: Put | Delete): Promise<boolean>;
  /** Puts, deletes and gets; one result per action (undefined for a put/delete, HResult for a get). */
  batch(actions: (Put | Delete | Get)[]): Promise<(HResult | undefined)[]>;
}

/** A column family of createTable / modifyFamily. */
export interface HFamily {
  name: string;
  /** VERSIONS kept (default 1). */
  maxVersions?: number;
  /** TTL in seconds (default forever). */
  ttlSeconds?: number;
}

export interface HTableDescription {
  name: string;
  enabled: boolean;
  families: { name: string; maxVersions: number; ttlSeconds: number | null }[];
  /** Partitioning of the family tables, e.g. `KEY(K) PARTITIONS 3`. */
  partitioning: string;
}

/** HBase `Admin`: a table is a TABLEGROUP with one OceanBase table per family. */
export interface HAdminApi {
  /** `opts.splits`: RANGE COLUMNS(K) split rows; `opts.partitions`: KEY(K) partition count (default 3). */
  createTable(name: string, families: HFamily[], opts?: { splits?: Bytes[]; partitions?: number }): Promise<void>;
  disableTable(name: string): Promise<void>;
  enableTable(name: string): Promise<void>;
  isTableEnabled(name: string): Promise<boolean>;
  /** The table must be disabled first (-10519 otherwise). */
  deleteTable(name: string): Promise<void>;
  tableExists(name: string): Promise<boolean>;
  /** Table names, optionally filtered by a regular expression. */
  listTables(regex?: string): Promise<string[]>;
  describe(name: string): Promise<HTableDescription>;
  truncateTable(name: string): Promise<void>;
  /** Adds or changes a family. */
  modifyFamily(name: string, family: HFamily): Promise<void>;
  deleteFamily(name: string, family: string): Promise<void>;
}

/** The OBKV-HBase client. */
export interface HBaseApi {
  readonly admin: HAdminApi;
  table(name: string): HTableApi;
}

// ------------------------------------------------------------------------------------ globals

/** What a KV script has in scope. */
export interface KvScriptGlobals {
  /** The OBKV-Table client: `await client.insert('t1', 1, ['c2'], ['a'])`. */
  client: ObTableApi;
  /** The OBKV-HBase client: `await hbase.table('t').put(new Put('r1').addColumn('f', 'q', 'v'))`. */
  hbase: HBaseApi;
  /** Prints values to the result pane (rows and arrays of rows render as tables). */
  print: (...values: unknown[]) => void;
  /** `column <op> value` filter leaf: `compareVal('>=', 'c1', 5)` → `TableCompareFilter(>=, 'c1:5')`. */
  compareVal: (op: FilterOp, column: string, value?: Value) => ObTableFilter;
  /** All filters must pass (`f1 && f2`). */
  andList: (...filters: ObTableFilter[]) => ObTableFilterList;
  /** Any filter passes (`f1 || f2`). */
  orList: (...filters: ObTableFilter[]) => ObTableFilterList;
  /** `column` equals one of `values` (an OR list of `=`). */
  inList: (column: string, values: Value[]) => ObTableFilterList;
  /** `column` equals none of `values` (an AND list of `!=`). */
  notInList: (column: string, values: Value[]) => ObTableFilterList;
  /** The smallest value, for open scan-range ends: `addScanRange([0, MIN], [1, MAX])`. */
  MIN: RangeBound;
  /** The largest value, for open scan-range ends. */
  MAX: RangeBound;
  /** `new Put(row).addColumn(family, qualifier, value)`. */
  Put: PutConstructor;
  /** `new Get(row).addColumn(family, qualifier)`. */
  Get: GetConstructor;
  /** `new Delete(row)` (whole row) or with `addColumn`/`addColumns`/`addFamily`/`addFamilyVersion`. */
  Delete: DeleteConstructor;
  /** `new Scan().withStartRow('a').withStopRow('z')`. */
  Scan: ScanConstructor;
  /** HBase compare operators for `checkAndMutate`: `CompareOp.GREATER`. */
  CompareOp: CompareOpEnum;
}
