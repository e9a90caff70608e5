/**
 * The SQL abstract syntax tree produced by the parser (`parser/`) and consumed by the resolver.
 * MySQL mode, plus OceanBase's own statements (ALTER SYSTEM ... FREEZE, column groups, ...).
 *
 * Every node is plain data (JSON-safe except literal values, which are `Value`s), so a statement
 * can be logged, compared in tests and sent between servers. Identifiers keep the case the user
 * wrote; lookups are case-insensitive (lower_case_table_names = 1, reference §8.1).
 */
import type { ColumnType, Value } from '../common/value';

// ---------------------------------------------------------------- expressions

export type Expr =
  | { kind: 'literal'; value: Value; /** 'date'|'datetime'|'timestamp' for DATE '...' literals. */ type?: ColumnType; text?: string }
  | { kind: 'column'; table?: string; db?: string; name: string }
  | { kind: 'star'; table?: string }
  | { kind: 'unary'; op: '-' | '+' | 'NOT' | '~' | '!'; operand: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'between'; expr: Expr; low: Expr; high: Expr; not: boolean }
  | { kind: 'in'; expr: Expr; list: Expr[]; not: boolean }
  | { kind: 'inSubquery'; expr: Expr; subquery: Select; not: boolean }
  | { kind: 'exists'; subquery: Select; not: boolean }
  | { kind: 'subquery'; subquery: Select }
  | { kind: 'like'; expr: Expr; pattern: Expr; escape?: Expr; not: boolean }
  | { kind: 'isNull'; expr: Expr; not: boolean }
  | { kind: 'isBool'; expr: Expr; value: boolean; not: boolean }
  | { kind: 'case'; operand?: Expr; whens: { when: Expr; then: Expr }[]; else?: Expr }
  | { kind: 'func'; name: string; args: Expr[]; distinct?: boolean; /** COUNT(*) */ star?: boolean }
  | { kind: 'cast'; expr: Expr; type: ColumnType }
  /** `expr + INTERVAL n unit` is `binary` with an `interval` operand; DATE_ADD(d, INTERVAL ...) is a func. */
  | { kind: 'interval'; value: Expr; unit: IntervalUnit }
  /** EXTRACT(unit FROM expr) */
  | { kind: 'extract'; unit: IntervalUnit; expr: Expr }
  | { kind: 'variable'; name: string; scope: 'user' | 'session' | 'global' }
  | { kind: 'default' }
  /** ROW(a, b) / (a, b) tuples, used in IN lists and comparisons. */
  | { kind: 'tuple'; items: Expr[] };

export type BinaryOp =
  | '+' | '-' | '*' | '/' | 'DIV' | '%'
  | '=' | '<=>' | '!=' | '<' | '<=' | '>' | '>='
  | 'AND' | 'OR' | 'XOR'
  | '||' /* OR in MySQL mode */ | '&' | '|' | '^' | '<<' | '>>';

export type IntervalUnit =
  | 'MICROSECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

// ---------------------------------------------------------------- SELECT

export interface SelectItem {
  expr: Expr;
  alias?: string;
  /** The item's source text as written (without alias): MySQL's result column name, e.g. `COUNT(*)`. */
  text?: string;
}

export type TableRef =
  | { kind: 'table'; db?: string; name: string; alias?: string; partitions?: string[] }
  | { kind: 'derived'; subquery: Select; alias: string }
  | { kind: 'join'; joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'CROSS'; left: TableRef; right: TableRef; on?: Expr; using?: string[] };

export interface OrderItem {
  expr: Expr;
  desc: boolean;
}

export interface Select {
  kind: 'select';
  hints?: string;
  distinct: boolean;
  items: SelectItem[];
  from: TableRef[]; // comma list: implicit cross joins
  where?: Expr;
  groupBy: Expr[];
  having?: Expr;
  orderBy: OrderItem[];
  limit?: { count: Expr; offset?: Expr };
  forUpdate?: boolean;
  /** UNION [ALL] chains: `this UNION ALL next` */
  union?: { all: boolean; select: Select };
}

// ---------------------------------------------------------------- DML

export interface Insert {
  kind: 'insert';
  replace: boolean; // REPLACE INTO
  ignore: boolean;
  table: { db?: string; name: string };
  columns?: string[];
  values?: Expr[][]; // VALUES (...), (...)
  select?: Select; // INSERT ... SELECT
  /** `SET a = 1, b = 2` form, normalised into columns + one values row by the parser. */
  onDuplicate?: { column: string; value: Expr }[];
}

export interface Update {
  kind: 'update';
  table: TableRef;
  set: { column: { table?: string; name: string }; value: Expr }[];
  where?: Expr;
  orderBy: OrderItem[];
  limit?: Expr;
}

export interface Delete {
  kind: 'delete';
  table: { db?: string; name: string; alias?: string };
  where?: Expr;
  orderBy: OrderItem[];
  limit?: Expr;
}

// ---------------------------------------------------------------- DDL

export interface ColumnDef {
  name: string;
  type: ColumnType;
  notNull?: boolean; // undefined: nullable unless PRIMARY KEY
  nullExplicit?: boolean; // NULL was written
  default?: Expr;
  autoIncrement?: boolean;
  primaryKey?: boolean; // column-level PRIMARY KEY
  unique?: boolean;
  comment?: string;
  /** SKIP_INDEX(MIN_MAX, SUM) column attribute (issue 3). */
  skipIndex?: string[];
}

export type PartitionKind = 'HASH' | 'KEY' | 'RANGE' | 'RANGE COLUMNS' | 'LIST' | 'LIST COLUMNS';

/** One bound value in VALUES LESS THAN / VALUES IN: an expression or MAXVALUE. */
export type PartitionBoundExpr = Expr | 'MAXVALUE';

export interface PartitionDefAst {
  name: string;
  /** RANGE: VALUES LESS THAN (...) */
  lessThan?: PartitionBoundExpr[];
  /** LIST: VALUES IN (...): each item a tuple (one element for single-column lists). */
  inValues?: Expr[][];
  isDefault?: boolean; // VALUES IN (DEFAULT)
}

export interface PartitionOption {
  kind: PartitionKind;
  /** HASH/RANGE/LIST: one expression; KEY/COLUMNS: column references. KEY() may be empty (PK). */
  exprs: Expr[];
  count?: number; // PARTITIONS n
  partitions?: PartitionDefAst[];
}

export interface TableConstraint {
  kind: 'primary' | 'unique' | 'index';
  name?: string;
  columns: string[];
}

/** One item of a column group list: `all columns` (the row-store group) or `each column`. */
export type ColumnGroupItem = 'all columns' | 'each column';

/** A table option as written: name upper-cased (CHARACTER SET spelled CHARSET), value as written. */
export interface TableOptionAst {
  name: string;
  value: string | number;
  /** Issue #5: `TTL(col + INTERVAL n unit)` — name 'TTL', value the expression's text. */
  ttl?: TtlAst;
}

/** `TTL(expired_ts + INTERVAL 5 SECOND)` of an OBKV TTL table, as written (validated by the resolver). */
export interface TtlAst {
  column: string;
  interval: number;
  unit: IntervalUnit;
}

export interface CreateTable {
  kind: 'createTable';
  ifNotExists: boolean;
  table: { db?: string; name: string };
  columns: ColumnDef[];
  constraints: TableConstraint[];
  options: TableOptionAst[]; // COMMENT, COMPRESSION, BLOCK_SIZE, ...
  partition?: PartitionOption;
  /** WITH COLUMN GROUP(all columns, each column); absent: no clause (default_table_store_format applies). */
  columnGroups?: ColumnGroupItem[];
  /** CREATE TABLE ... AS SELECT / LIKE are not supported in this slice. */
}

/** One action of ALTER TABLE (reference §4.8–4.10); other actions are refused by the parser (1235). */
export type AlterTableAction =
  | { kind: 'addColumnGroup'; groups: ColumnGroupItem[] }
  | { kind: 'dropColumnGroup'; groups: ColumnGroupItem[] }
  /** `[SET] option [=] value ...` (COMPRESSION, BLOCK_SIZE, ROW_FORMAT, COMMENT, ...) */
  | { kind: 'setOptions'; options: TableOptionAst[] }
  /** `MODIFY [COLUMN] c <type> [attributes]`: the column's full new definition, as in MySQL. */
  | { kind: 'modifyColumn'; column: ColumnDef }
  /** Issue #5: `REMOVE TTL` (a TTL table becomes an ordinary table). */
  | { kind: 'removeTtl' };

export interface AlterTable {
  kind: 'alterTable';
  table: { db?: string; name: string };
  /** Comma-separated actions, applied in order. */
  actions: AlterTableAction[];
}

export interface DropTable {
  kind: 'dropTable';
  ifExists: boolean;
  tables: { db?: string; name: string }[];
}

export interface CreateDatabase {
  kind: 'createDatabase';
  ifNotExists: boolean;
  name: string;
}

export interface DropDatabase {
  kind: 'dropDatabase';
  ifExists: boolean;
  name: string;
}

/** Issue #5: `CREATE TABLEGROUP [IF NOT EXISTS] tg [SHARDING = 'NONE'|'PARTITION'|'ADAPTIVE']`. */
export interface CreateTablegroup {
  kind: 'createTablegroup';
  ifNotExists: boolean;
  name: string;
  /** Absent: ADAPTIVE (OceanBase's default). */
  sharding?: 'NONE' | 'PARTITION' | 'ADAPTIVE';
}

/** Issue #5: `DROP TABLEGROUP [IF EXISTS] tg`. */
export interface DropTablegroup {
  kind: 'dropTablegroup';
  ifExists: boolean;
  name: string;
}

export interface TruncateTable {
  kind: 'truncateTable';
  table: { db?: string; name: string };
}

// ---------------------------------------------------------------- utility statements

export type ShowStmt =
  | { kind: 'show'; what: 'databases'; like?: string }
  | { kind: 'show'; what: 'tables'; db?: string; full?: boolean; like?: string }
  | { kind: 'show'; what: 'columns'; table: { db?: string; name: string }; full?: boolean }
  | { kind: 'show'; what: 'createTable'; table: { db?: string; name: string } }
  | { kind: 'show'; what: 'variables'; global: boolean; like?: string }
  | { kind: 'show'; what: 'warnings' | 'errors' | 'tenant' | 'processlist' | 'engines' | 'charset' | 'collation' }
  | { kind: 'show'; what: 'parameters'; like?: string }
  | { kind: 'show'; what: 'index'; table: { db?: string; name: string } }
  /** Issue #5: SHOW TABLEGROUPS (one row per tablegroup and table, OceanBase's layout). */
  | { kind: 'show'; what: 'tablegroups'; like?: string };

/** `ALTER SYSTEM ...` (reference §4.5 and §1.8). */
export type AlterSystem =
  | { kind: 'alterSystem'; action: 'minorFreeze'; tenant?: string[]; tabletId?: number; servers?: string[]; zones?: string[]; lsId?: number }
  | { kind: 'alterSystem'; action: 'majorFreeze'; tenant?: string[]; tabletId?: number }
  | { kind: 'alterSystem'; action: 'setParameter'; name: string; value: Value; tenant?: string }
  /** ALTER SYSTEM {SUSPEND | RESUME} MERGE / CLEAR MERGE ERROR [TENANT [=] ...] (reference §4.5). */
  | { kind: 'alterSystem'; action: 'suspendMerge' | 'resumeMerge' | 'clearMergeError'; tenant?: string[] }
  /** Issue #5: `ALTER SYSTEM TRIGGER TTL [TENANT [=] t, ...]` — run the OBKV TTL task now. */
  | { kind: 'alterSystem'; action: 'triggerTtl'; tenant?: string[] }
  | { kind: 'alterSystem'; action: 'other'; text: string };

// ---------------------------------------------------------------- cluster and tenant management (issue #4)

/**
 * A resource unit attribute as written (reference §1.4): sizes stay as written (`'5G'`, `'512M'`,
 * or a byte count), CPU counts are numbers; the executor (cluster_admin.ts) converts and checks.
 */
export interface ResourceUnitOption {
  name: 'MAX_CPU' | 'MIN_CPU' | 'MEMORY_SIZE' | 'LOG_DISK_SIZE' | 'MAX_IOPS' | 'MIN_IOPS' | 'IOPS_WEIGHT';
  value: string | number;
}

/** A resource pool attribute (reference §1.5), in the order written. */
export type ResourcePoolOption =
  | { name: 'UNIT'; value: string }
  | { name: 'UNIT_NUM'; value: number }
  | { name: 'ZONE_LIST'; value: string[] }
  | { name: 'REPLICA_TYPE'; value: string }
  /** `UNIT_NUM = n DELETE UNIT = (1001, 1002)` (ALTER only). */
  | { name: 'DELETE_UNIT'; value: number[] };

/** A tenant option of CREATE / ALTER TENANT (reference §1.6–1.7), in the order written. */
export type TenantOption =
  | { name: 'RESOURCE_POOL_LIST'; value: string[] }
  /** `'zone1;zone2,zone3'` as written, or `RANDOM`. */
  | { name: 'PRIMARY_ZONE'; value: string }
  | { name: 'LOCALITY'; value: string }
  | { name: 'CHARSET' | 'COLLATE' | 'COMMENT'; value: string }
  | { name: 'READ_ONLY' | 'ENABLE_ARBITRATION_SERVICE'; value: boolean };

/**
 * Cluster and tenant management statements, run as root@sys through the root service
 * (`AdminService.rootService`): zones, servers, resource units and pools, tenants, leader switch.
 * Names keep the case written; server addresses stay `'ip:port'` text.
 */
export type ClusterAdmin =
  | { kind: 'clusterAdmin'; action: 'addZone'; zone: string; idc?: string; region?: string }
  | { kind: 'clusterAdmin'; action: 'deleteZone' | 'startZone' | 'stopZone'; zone: string }
  | { kind: 'clusterAdmin'; action: 'addServer' | 'deleteServer' | 'cancelDeleteServer' | 'startServer' | 'stopServer'; servers: string[]; zone?: string }
  | { kind: 'clusterAdmin'; action: 'createResourceUnit'; name: string; ifNotExists: boolean; options: ResourceUnitOption[] }
  | { kind: 'clusterAdmin'; action: 'alterResourceUnit'; name: string; options: ResourceUnitOption[] }
  | { kind: 'clusterAdmin'; action: 'dropResourceUnit'; name: string; ifExists: boolean }
  | { kind: 'clusterAdmin'; action: 'createResourcePool'; name: string; ifNotExists: boolean; options: ResourcePoolOption[] }
  | { kind: 'clusterAdmin'; action: 'alterResourcePool'; name: string; options: ResourcePoolOption[] }
  | { kind: 'clusterAdmin'; action: 'dropResourcePool'; name: string; ifExists: boolean }
  | {
      kind: 'clusterAdmin'; action: 'createTenant'; name: string; ifNotExists: boolean; options: TenantOption[];
      /** `SET [VARIABLES] name {= | TO} value, ...`: values as written (numbers, strings, words). */
      variables: { name: string; value: string | number }[];
    }
  | { kind: 'clusterAdmin'; action: 'alterTenant'; name: string; options: TenantOption[] }
  | { kind: 'clusterAdmin'; action: 'alterResourceTenant'; name: string; unitNum: number; deleteUnitGroups: number[] }
  | { kind: 'clusterAdmin'; action: 'dropTenant'; name: string; ifExists: boolean; force: boolean }
  /** `ALTER SYSTEM SWITCH REPLICA LEADER LS [=] id SERVER [=] 'ip:port' [TENANT [=] t]` (any order). */
  | { kind: 'clusterAdmin'; action: 'switchReplicaLeader'; lsId: number; server: string; tenant?: string };

export type Statement =
  | Select
  | Insert
  | Update
  | Delete
  | CreateTable
  | AlterTable
  | DropTable
  | TruncateTable
  | CreateDatabase
  | DropDatabase
  | CreateTablegroup
  | DropTablegroup
  | { kind: 'use'; db: string }
  | ShowStmt
  | { kind: 'describe'; table: { db?: string; name: string }; column?: string }
  | { kind: 'explain'; format: 'basic' | 'traditional' | 'extended' | 'json'; statement: Select | Insert | Update | Delete }
  | { kind: 'begin'; readOnly?: boolean }
  | { kind: 'commit' }
  | { kind: 'rollback' }
  | { kind: 'set'; assignments: { variable: Expr & { kind: 'variable' }; value: Expr }[] }
  | { kind: 'setTransaction'; scope: 'session' | 'global' | 'next'; isolation: 'READ-COMMITTED' | 'REPEATABLE-READ' | 'SERIALIZABLE' }
  | { kind: 'setNames'; charset: string }
  | AlterSystem
  | ClusterAdmin
  /** CALL dbms_playground.load_sample_data('tpch', 0.01) — the SQL-callable sample-data loader. */
  | { kind: 'call'; name: string; args: Expr[] };

/** A statement with the exact text it was parsed from (for errors, history and plan cache). */
export interface ParsedStatement {
  statement: Statement;
  text: string;
}
