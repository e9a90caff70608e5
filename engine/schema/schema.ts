/**
 * Schema objects of a tenant (OceanBase's schema service: `ObDatabaseSchema`, `ObTableSchema`,
 * `ObColumnSchema`, partitions → tablets).
 *
 * A table is clustered by its rowkey: the primary key columns, or for a table without one (a heap
 * table) the hidden `__pk_increment` column, which is column 0 and hidden from `SELECT *`
 * (reference §4.1). Each leaf partition has exactly one tablet, placed in one user log stream
 * (reference §2.2); a non-partitioned table has one tablet and `partition === null`.
 * Schemas are JSON-safe through `common/json.ts` and change only through DDL, which is logged in
 * the tenant's LS 1 and replayed by every server, so every server's schema agrees at a version.
 */
import type { LsId, TableId, TabletId, TenantId } from '../common/ids';
import type { ColumnType, Value } from '../common/value';
import type { Expr, PartitionKind } from '../sql/ast';

export const PK_INCREMENT_COLUMN = '__pk_increment';

export interface ColumnSchema {
  /** Position in the row (rows are arrays indexed by this). */
  index: number;
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** `undefined`: no DEFAULT clause (NOT NULL without default has none); `null`: DEFAULT NULL. */
  defaultValue?: Value;
  autoIncrement: boolean;
  /** `__pk_increment` of heap tables. */
  hidden: boolean;
  comment?: string;
  /** DEFAULT CURRENT_TIMESTAMP (DATETIME/TIMESTAMP): the statement's time at insert. */
  defaultNow?: boolean;
  /** Explicit SKIP_INDEX(...) attribute (reference §4.10); absent or empty: none. Column-store
   *  tables get MIN_MAX and SUM automatically (not shown here nor by SHOW CREATE TABLE). */
  skipIndex?: ('MIN_MAX' | 'SUM')[];
}

/** A secondary index declared with KEY/INDEX in CREATE TABLE (metadata only in this version). */
export interface IndexSchema {
  name: string;
  columns: string[];
}

/** One leaf partition and its tablet. */
export interface PartitionSchema {
  /** `p0`, `p1`, … for HASH/KEY; the user's name for RANGE/LIST. Null for a non-partitioned table. */
  name: string | null;
  /** Position among the table's partitions (0-based). */
  index: number;
  tabletId: TabletId;
  lsId: LsId;
  /** Partition object id (`OBJECT_ID` in DBA_OB_TABLE_LOCATIONS); the table id when not partitioned. */
  objectId: number;
  /** RANGE [COLUMNS]: upper bound (exclusive), one value per key column; 'MAXVALUE' entries allowed. */
  lessThan?: (Value | 'MAXVALUE')[];
  /** LIST [COLUMNS]: the value tuples of this partition. */
  inValues?: Value[][];
  isDefault?: boolean;
}

export interface PartitionSchemeSchema {
  kind: PartitionKind;
  /** Partitioning key expressions over the table's columns (column refs for KEY and COLUMNS). */
  exprs: Expr[];
  /** Indexes of the columns the key expressions read, in order of first use. */
  columnIndexes: number[];
}

export interface TableSchema {
  tenantId: TenantId;
  databaseName: string;
  tableId: TableId;
  name: string;
  columns: ColumnSchema[];
  /** Column indexes of the rowkey, in key order. Heap tables: [0] (the hidden __pk_increment). */
  rowkey: number[];
  isHeap: boolean;
  /** Null when the table is not partitioned. */
  partitionScheme: PartitionSchemeSchema | null;
  /** One per leaf partition, in definition order; exactly one for a non-partitioned table. */
  partitions: PartitionSchema[];
  options: TableOptions;
  /** Secondary indexes declared with KEY/INDEX (shown by SHOW CREATE TABLE / SHOW INDEX). */
  indexes?: IndexSchema[];
  /** Schema version at which this definition was created or last changed. */
  schemaVersion: number;
}

export interface TableOptions {
  comment?: string;
  /** COMPRESSION, canonical lower case: `zstd_1.3.8` (default), `zstd_1.0`, `lz4_1.0`, `lz4_1.9.1`,
   *  `snappy_1.0`, `none` (reference §4.8). */
  compression: string;
  /** BLOCK_SIZE: target microblock bytes before compression, 1024..1048576 (default 16384). */
  blockSize: number;
  /** 'row' | 'column' | 'hybrid' — from WITH COLUMN GROUP or default_table_store_format
   *  (issue 3); changed by ALTER TABLE ADD/DROP COLUMN GROUP. */
  storeFormat: 'row' | 'column' | 'hybrid';
  /** ROW_FORMAT as SHOW CREATE TABLE prints it (REDUNDANT, COMPACT, COMPRESSED, CONDENSED);
   *  absent: DYNAMIC (also what ROW_FORMAT = DEFAULT means). */
  rowFormat?: string;
  /** Next AUTO_INCREMENT value (informational; the live counter is in the tenant's sequence). */
  autoIncrement?: number;
  charset: string;
  collation: string;
  /** Issue #5: TABLEGROUP = name (HBase tables: the tablegroup is the HBase table). */
  tablegroup?: string;
  /** Issue #5: KV_ATTRIBUTES JSON text as written, e.g. '{"Hbase": {"TimeToLive": 3600, "MaxVersions": 3}}'. */
  kvAttributes?: string;
  /** Issue #5: TTL(col + INTERVAL n unit) of an OBKV TTL table (reference obkv-apis §1.10). */
  ttl?: TtlDefinition;
}

/** `TTL(expired_ts + INTERVAL 5 SECOND)`: a row expires when `column + interval <= now`; NULL never. */
export interface TtlDefinition {
  column: string;
  interval: number;
  unit: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'MONTH' | 'YEAR';
}

/** A TABLEGROUP (issue #5; OceanBase aligns partition i of its tables in one LS: SHARDING = 'ADAPTIVE'). */
export interface TablegroupSchema {
  tenantId: TenantId;
  name: string;
  tablegroupId: number;
  sharding: 'NONE' | 'PARTITION' | 'ADAPTIVE';
  schemaVersion: number;
}

export interface DatabaseSchema {
  tenantId: TenantId;
  databaseId: number;
  name: string;
  schemaVersion: number;
}

/** Default table options, as SHOW CREATE TABLE prints them (reference §8.4). */
export const DEFAULT_TABLE_OPTIONS: TableOptions = {
  compression: 'zstd_1.3.8',
  blockSize: 16384,
  storeFormat: 'row',
  charset: 'utf8mb4',
  collation: 'utf8mb4_general_ci',
};

/** The rowkey column types of a table, in key order. */
export function rowkeyTypes(t: TableSchema): ColumnType[] {
  return t.rowkey.map((i) => t.columns[i].type);
}

/** Built-in databases of a MySQL tenant (reference §1.9). */
export const BUILTIN_DATABASES = ['information_schema', 'mysql', 'oceanbase', 'test'] as const;
