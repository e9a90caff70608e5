/**
 * The contract between the SQL layer and the rest of the server.
 *
 * `executeStatement(stmt, ctx)` (in `executor.ts`) runs one parsed statement. Everything with a
 * side effect outside the statement's own memory goes through the services in `ExecContext`,
 * which the server implements:
 *
 *   SQL layer (resolve, optimize, execute, EXPLAIN, SHOW, DESC)
 *      │ ctx.schema  — the tenant schema at the server's latest version (read-only)
 *      │ ctx.txn     — BEGIN/COMMIT/ROLLBACK and per-statement snapshots (GTS) + DAS handle
 *      │ ctx.ddl     — CREATE/DROP DATABASE/TABLE: ids, tablet placement, logged in LS 1
 *      │ ctx.admin   — ALTER SYSTEM (freezes, parameters), CALL (sample data)
 *      │ ctx.virtual — oceanbase.DBA_OB_* / GV$OB_* views built from server snapshots
 *      ▼
 *   DAS (Data Access Service): reads and writes of one tablet, local or remote (OceanBase's DAS).
 */
import type { RsCommandInput } from '../rootservice/types';
import type { LsId, Scn, TabletId, TenantId } from '../common/ids';
import type { ObErrorInfo } from '../common/ob_error';
import type { EncodedRowkey } from '../common/rowkey';
import type { ColumnType, Value } from '../common/value';
import type { DatabaseSchema, PartitionSchema, TableSchema } from '../schema/schema';
import type { ScanStats } from '../storage/types';
import type { StoragePredicate } from '../storage/encoding/types';
import type { AlterSystem } from './ast';
import type { BoundExpr } from './expr/bound';

// ---------------------------------------------------------------- results

export interface ResultColumn {
  name: string;
  type: ColumnType;
}

export type StatementResult =
  | {
      kind: 'rows';
      columns: ResultColumn[];
      rows: Value[][];
      /** Storage counters of the statement's table scans (issue 3: blocks skipped, bytes read). */
      storageStats?: ScanStats;
    }
  | {
      kind: 'ok';
      affectedRows: number;
      /** LAST_INSERT_ID after an INSERT with AUTO_INCREMENT. */
      lastInsertId?: number;
      /** obclient's info line, e.g. "Records: 3  Duplicates: 0  Warnings: 0". */
      info?: string;
    };

// ---------------------------------------------------------------- session

export interface Warning {
  level: 'Warning' | 'Note' | 'Error';
  code: number;
  message: string;
}

/** Per-connection state, owned by the server's session manager and mutated by the SQL layer. */
export interface SessionState {
  readonly sessionId: number;
  readonly tenantId: TenantId;
  readonly tenantName: string;
  readonly user: string;
  /** Current database (USE), or null. */
  database: string | null;
  /** Session system variables, lower-case names (autocommit, transaction_isolation, ...). */
  readonly variables: Map<string, Value>;
  /** User variables (@x), lower-case names. */
  readonly userVariables: Map<string, Value>;
  lastInsertId: number;
  /** Warnings of the last statement (SHOW WARNINGS). */
  warnings: Warning[];
  /**
   * Issue #4: the read consistency of the open transaction, fixed by its first statement
   * (reference §3.7); unset outside a transaction. Maintained by the executor.
   */
  txReadConsistency?: ReadConsistency;
}

/**
 * Issue #4: how a statement reads (reference §3.7). STRONG: the leader at a GTS snapshot. WEAK: any
 * replica (followers first, R/C replicas included) at its readable SCN, at most
 * `max_stale_time_for_weak_consistency` old. DML and SELECT ... FOR UPDATE are always STRONG.
 */
export type ReadConsistency = 'STRONG' | 'WEAK';

// ---------------------------------------------------------------- schema

export interface SchemaGuard {
  readonly tenantId: TenantId;
  readonly version: number;
  getDatabase(name: string): DatabaseSchema | undefined;
  listDatabases(): DatabaseSchema[];
  getTable(db: string, name: string): TableSchema | undefined;
  listTables(db: string): TableSchema[];
  /** Issue #5: the tenant's tablegroups (absent on guards without them: none). */
  listTablegroups?(): import('../schema/schema').TablegroupSchema[];
}

// ---------------------------------------------------------------- DAS

/**
 * A range of encoded rowkeys. `start: ''` means MIN; `end: KEY_MAX_SUFFIX` ('\uffff') means MAX.
 * For a prefix range (first k key columns fixed) use start = prefix, end = prefix + '\uffff'.
 */
export interface KeyRange {
  start: EncodedRowkey;
  startInclusive: boolean;
  end: EncodedRowkey;
  endInclusive: boolean;
}

export const FULL_RANGE: KeyRange = { start: '', startInclusive: true, end: '\uffff', endInclusive: true };

export interface DasScanRequest {
  table: TableSchema;
  partition: PartitionSchema;
  /** Sorted, non-overlapping ranges; [FULL_RANGE] for a full scan. */
  ranges: KeyRange[];
  /** Indexes of the columns to return, in this order (projection pushed into storage). */
  columns: number[];
  reverse?: boolean;
  /** Stop after this many rows (LIMIT pushed down). */
  limit?: number;
  /** Counters to add the microblocks read (and their bytes) to; rows are counted by the caller. */
  stats?: import('../storage/types').ScanStats;
}

/**
 * A scan of one tablet through storage's column interface (`TabletStore.scanColumns`): the rows
 * of `columns` that pass `predicates` (evaluated in storage), in no promised order. Issue 3.
 */
export interface DasColumnScanRequest {
  table: TableSchema;
  partition: PartitionSchema;
  /** Sorted, non-overlapping ranges; [FULL_RANGE] for a full scan. */
  ranges: KeyRange[];
  /** Indexes of the columns to return, in this order. */
  columns: number[];
  /** Filters evaluated in storage; `column` is a position in `columns`. */
  predicates: StoragePredicate[];
  /** Hybrid tables: read the column groups (true) or the all-columns group (false). */
  useColumnStore: boolean;
  /** Storage counters to add this scan's to. */
  stats?: ScanStats;
}

/** One partial aggregate of a DAS aggregate request; `arg` is over positions in `columns`. */
export interface DasPartialAgg {
  fn: 'count' | 'sum' | 'min' | 'max' | 'avg';
  arg: BoundExpr | null;
}

/**
 * Aggregate pushdown on one tablet (issue 3): the server holding the tablet scans it and returns
 * partial aggregates as rows — the GROUP BY key values, then each aggregate's partial value(s)
 * (AVG: sum and count) — one row per group, exactly one without GROUP BY.
 */
export interface DasAggregateRequest extends DasColumnScanRequest {
  /** GROUP BY key positions in `columns`. */
  groupBy: number[];
  aggs: DasPartialAgg[];
  /** Filters the storage cannot evaluate, over positions in `columns` (conjunction). */
  residual: BoundExpr[];
  /** The statement's time for NOW() in residual filters, µs since the epoch. */
  nowUs: number;
}

/** A row write of the statement's transaction on one tablet. Rows are full-width (all columns). */
export type RowWrite =
  /** Fails with `Errors.dupEntry` if a row with this rowkey is visible to the transaction. */
  | { op: 'insert'; row: Value[] }
  /** Writes the row whatever exists (REPLACE after the SQL layer removed conflicting rows). */
  | { op: 'put'; row: Value[] }
  /** Changes the row whose rowkey is `key`; when the new row's rowkey differs the old row is deleted. */
  | { op: 'update'; key: EncodedRowkey; row: Value[] }
  | { op: 'delete'; key: EncodedRowkey };

/**
 * Data access for one statement: bound to the statement's read snapshot and transaction.
 * Reads see the snapshot plus the transaction's own earlier writes. Errors: `Errors.dupEntry`,
 * `Errors.lockWaitTimeout`, `Errors.timeout`, `Errors.notMaster` (retried inside the DAS).
 */
export interface DasService {
  readonly tenantId: TenantId;
  readonly snapshot: Scn;
  /** Rows of one tablet in rowkey order (reverse order when asked), in batches of ≤ 4096 rows. */
  scan(req: DasScanRequest): AsyncIterable<Value[][]>;
  /** Point gets by encoded rowkey; full-width rows or null, in the order of `keys`. */
  get(table: TableSchema, partition: PartitionSchema, keys: EncodedRowkey[]): Promise<(Value[] | null)[]>;
  /** Applies writes in order; later writes see earlier ones. Takes row locks. */
  write(table: TableSchema, partition: PartitionSchema, writes: RowWrite[]): Promise<void>;
  /** Rows of one tablet through the column interface, filtered in storage (optional: without
   *  it the SQL layer reads rows with `scan`). */
  scanColumns?(req: DasColumnScanRequest): AsyncIterable<Value[][]>;
  /** Partial aggregates of one tablet computed where it is stored (optional: without it the SQL
   *  layer aggregates the rows of `scan` itself). */
  aggregate?(req: DasAggregateRequest): Promise<Value[][]>;
}

// ---------------------------------------------------------------- transactions

export interface StatementHandle {
  readonly das: DasService;
  /** Ends the statement: `ok` keeps its writes (and commits when autocommit), otherwise rolls
   *  them back (statement atomicity; the whole transaction in autocommit mode). */
  end(ok: boolean): Promise<void>;
}

export interface TxControl {
  inTransaction(): boolean;
  /** BEGIN / START TRANSACTION: commits an open transaction first, as MySQL does. */
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Takes the statement's read snapshot from the tenant's GTS (READ COMMITTED: per statement).
   * `readConsistency` (issue #4, absent = STRONG): a WEAK read may be served by a follower at its
   * readable SCN (the DAS routes it; the SQL layer only resolves the level from the
   * READ_CONSISTENCY hint and `ob_read_consistency`). Writes always pass STRONG.
   */
  startStatement(opts: { write: boolean; readConsistency?: ReadConsistency }): Promise<StatementHandle>;
}

// ---------------------------------------------------------------- DDL and admin

/** A table as the resolver builds it from CREATE TABLE, before the server assigns ids and LSs. */
export type TableDraft = Omit<TableSchema, 'tableId' | 'schemaVersion' | 'tenantId' | 'partitions'> & {
  partitions: Omit<PartitionSchema, 'tabletId' | 'lsId' | 'objectId'>[];
};

export interface DdlService {
  createDatabase(name: string, ifNotExists: boolean): Promise<void>;
  dropDatabase(name: string, ifExists: boolean): Promise<void>;
  /** Assigns table id (500001+), tablet ids (200001+), spreads partitions round-robin over the
   *  tenant's user LSs, logs the DDL in LS 1 and returns once this server's schema has it.
   *  Errors: `Errors.tableExists`, `Errors.badDb`. */
  createTable(draft: TableDraft, ifNotExists: boolean): Promise<TableSchema | null>;
  dropTable(db: string, name: string, ifExists: boolean): Promise<void>;
  truncateTable(db: string, name: string): Promise<void>;
  /** ALTER TABLE (issue 3): applies `steps` to the table on the LS 1 leader, logs the new
   *  definition in LS 1 (schema version + 1) and returns once this server's schema has it; every
   *  server then gives its replicas of the table's tablets the new storage schema (next major).
   *  Absent on services that do not support it (the statement answers 1235).
   *  Errors: `Errors.tableNotExist` and those of `alterTableSchema` (schema/alter_table_schema.ts). */
  alterTable?(db: string, name: string, steps: import('../schema/alter_table_schema').TableAlterStep[]): Promise<void>;
  /** Issue #5: CREATE TABLEGROUP on the LS 1 leader (logged like other DDL). Errors:
   *  `Errors.tablegroupExist`. Absent on services without tablegroups (the statement answers 1235). */
  createTablegroup?(name: string, sharding: 'NONE' | 'PARTITION' | 'ADAPTIVE', ifNotExists: boolean): Promise<void>;
  /** Issue #5: DROP TABLEGROUP. Errors: `Errors.tablegroupNotExist`, `Errors.tablegroupNotEmpty`. */
  dropTablegroup?(name: string, ifExists: boolean): Promise<void>;
  /** AUTO_INCREMENT: reserves `count` values for `table`'s auto-increment column; returns the first. */
  nextAutoIncrement(table: TableSchema, count: number): Promise<number>;
  /** Tells the generator an explicit value was inserted (next values continue above it). */
  observeAutoIncrement(table: TableSchema, value: number): Promise<void>;
}

export interface AdminService {
  alterSystem(stmt: AlterSystem): Promise<void>;
  /** CALL name(args): sample-data loaders and other playground procedures. */
  call(name: string, args: Value[]): Promise<StatementResult>;
  /** Current value of a parameter (SHOW PARAMETERS), or undefined. */
  parameters(): { name: string; value: string; scope: string; info: string }[];
  /**
   * Issue #4: runs a cluster/tenant management command through the root service (the sys tenant's
   * LS 1 leader) and resolves once it is applied (replicated on the sys LS). Throws the command's
   * `ObError` (e.g. ERROR 4624 resource not enough). Only the sys tenant may run most commands:
   * others get `Errors.notSupported`/access denied as OceanBase does.
   */
  rootService(cmd: RsCommandInput): Promise<void>;
}

// ---------------------------------------------------------------- virtual tables

export interface VirtualTableDef {
  name: string;
  columns: ResultColumn[];
  rows(): Promise<Value[][]>;
}

export interface VirtualTableProvider {
  /** `db` is `oceanbase` or `information_schema`; undefined when no such view exists. */
  lookup(db: string, name: string): VirtualTableDef | undefined;
  /** Names of the views in `db` (SHOW TABLES FROM oceanbase). */
  list(db: string): string[];
}

// ---------------------------------------------------------------- the context

export interface ExecContext {
  session: SessionState;
  schema: SchemaGuard;
  txn: TxControl;
  ddl: DdlService;
  admin: AdminService;
  virtual: VirtualTableProvider;
  /** Time for NOW()/CURRENT_TIMESTAMP, µs since the epoch. */
  nowUs(): number;
  /** Where the statement runs, for EXPLAIN's remote/local decision. */
  readonly localServer: { serverId: number; svrIp: string };
  /** The server holding the leader of `lsId` (for EXPLAIN: EXCHANGE IN REMOTE when not local). */
  leaderOf(lsId: LsId): { serverId: number; svrIp: string } | undefined;
  /** Optional: rows currently stored in a partition's tablet, if cheaply known (EXPLAIN's EST.ROWS
   *  and the hash join's build side). Absent or undefined: the planner assumes an empty table. */
  estimateRowCount?(table: TableSchema, partition: PartitionSchema): number | undefined;
  /** Optional: the tenant's number of full replicas (SHOW CREATE TABLE's REPLICA_NUM); default 1. */
  readonly tenantReplicaNum?: number;
  /** Storage counters of the running statement's table scans: set (fresh) by the session before
   *  each statement, added to by the scans, returned as `StatementResult.storageStats`. */
  storageStats?: ScanStats;
}

export type { ObErrorInfo, TabletId };
