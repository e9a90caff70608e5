/**
 * `ObError`: every expected failure, carrying OceanBase's internal code, the MySQL error number,
 * the SQLSTATE and the message text OceanBase prints (reference §8.5, toydb `src/error.rs`).
 *
 * Printed as MySQL clients do: `ERROR 1146 (42S02): Table 'test.t9' doesn't exist`.
 * `retryable` marks failures a client may retry after refreshing state (e.g. OB_NOT_MASTER).
 * Bugs are never ObErrors: they are assertion failures (see assert.ts).
 */
export interface ObErrorInfo {
  /** OceanBase internal code, negative (e.g. -5024 for a duplicate primary key). */
  obCode: number;
  /** MySQL error number shown to clients (e.g. 1062). */
  mysqlCode: number;
  sqlState: string;
  message: string;
  retryable: boolean;
}

export class ObError extends Error implements ObErrorInfo {
  readonly obCode: number;
  readonly mysqlCode: number;
  readonly sqlState: string;
  readonly retryable: boolean;

  constructor(info: Omit<ObErrorInfo, 'retryable'> & { retryable?: boolean }) {
    super(info.message);
    this.name = 'ObError';
    this.obCode = info.obCode;
    this.mysqlCode = info.mysqlCode;
    this.sqlState = info.sqlState;
    this.retryable = info.retryable ?? false;
  }

  /** `ERROR 1062 (23000): Duplicate entry '1' for key 'PRIMARY'` */
  format(): string {
    return formatError(this);
  }

  toInfo(): ObErrorInfo {
    return {
      obCode: this.obCode,
      mysqlCode: this.mysqlCode,
      sqlState: this.sqlState,
      message: this.message,
      retryable: this.retryable,
    };
  }

  static fromInfo(info: ObErrorInfo): ObError {
    return new ObError(info);
  }
}

export function formatError(e: ObErrorInfo): string {
  return `ERROR ${e.mysqlCode} (${e.sqlState}): ${e.message}`;
}

export function isObError(e: unknown): e is ObError {
  return e instanceof ObError;
}

const make = (obCode: number, mysqlCode: number, sqlState: string, message: string, retryable = false) =>
  new ObError({ obCode, mysqlCode, sqlState, message, retryable });

/** The error catalog: one factory per error, texts as OceanBase prints them. */
export const Errors = {
  // --- SQL (MySQL-compatible numbers) ---
  parseError: (near: string, line = 1) =>
    make(-5001, 1064, '42000',
      `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${near}' at line ${line}`),
  packetTooLarge: () => make(-4019, 1153, '08S01', "Got a packet bigger than 'max_allowed_packet' bytes"),
  emptyQuery: () => make(-5253, 1065, '42000', 'Query was empty'),
  dupEntry: (value: string, key = 'PRIMARY') => make(-5024, 1062, '23000', `Duplicate entry '${value}' for key '${key}'`),
  tableNotExist: (db: string, table: string) => make(-5019, 1146, '42S02', `Table '${db}.${table}' doesn't exist`),
  tableExists: (table: string) => make(-5020, 1050, '42S01', `Table '${table}' already exists`),
  unknownTable: (name: string) => make(-5019, 1051, '42S02', `Unknown table '${name}'`),
  badDb: (db: string) => make(-5154, 1049, '42000', `Unknown database '${db}'`),
  dbExists: (db: string) => make(-5158, 1007, 'HY000', `Can't create database '${db}'; database exists`),
  dbDropNotExist: (db: string) => make(-5159, 1008, 'HY000', `Can't drop database '${db}'; database doesn't exist`),
  differentColumnCount: () => make(-5141, 1222, '21000', 'The used SELECT statements have a different number of columns'),
  noTablesUsed: () => make(-5224, 1096, 'HY000', 'No tables used'),
  noDbSelected: () => make(-5155, 1046, '3D000', 'No database selected'),
  badField: (column: string, where: string) => make(-5217, 1054, '42S22', `Unknown column '${column}' in '${where}'`),
  ambiguousColumn: (column: string, where = 'field list') =>
    make(-5207, 1052, '23000', `Column '${column}' in ${where} is ambiguous`),
  dupFieldName: (column: string) => make(-5164, 1060, '42S21', `Duplicate column name '${column}'`),
  nonUniqTable: (alias: string) => make(-5165, 1066, '42000', `Not unique table/alias: '${alias}'`),
  badNull: (column: string) => make(-5127, 1048, '23000', `Column '${column}' cannot be null`),
  noDefault: (column: string) => make(-5230, 1364, 'HY000', `Field '${column}' doesn't have a default value`),
  dataTooLong: (column: string, row: number) => make(-5167, 1406, '22001', `Data too long for column '${column}' at row ${row}`),
  outOfRange: (column: string, row: number) => make(-4002, 1264, '22003', `Out of range value for column '${column}' at row ${row}`),
  valueOutOfRange: (type: string, expr: string) => make(-4002, 1690, '22003', `${type} value is out of range in '${expr}'`),
  truncatedWrongValue: (type: string, value: string, column: string, row: number) =>
    make(-5114, 1366, 'HY000', `Incorrect ${type} value: '${value}' for column '${column}' at row ${row}`),
  incorrectDatetime: (value: string) => make(-4219, 1292, '22007', `Incorrect datetime value: '${value}'`),
  wrongValueCount: (row: number) => make(-5026, 1136, '21S01', `Column count doesn't match value count at row ${row}`),
  operandColumns: (n: number) => make(-5216, 1241, '21000', `Operand should contain ${n} column(s)`),
  subqueryMoreThanOneRow: () => make(-5253, 1242, '21000', 'Subquery returns more than 1 row'),
  wrongGroupField: (name: string) => make(-5212, 1056, '42000', `Can't group on '${name}'`),
  invalidGroupFuncUse: () => make(-5182, 1111, 'HY000', 'Invalid use of group function'),
  wrongFieldWithGroup: (name: string) =>
    make(-5235, 1055, '42000', `'${name}' is not in GROUP BY`),
  functionNotExist: (db: string, name: string) => make(-5055, 1305, '42000', `FUNCTION ${db}.${name} does not exist`),
  wrongParamCount: (name: string) =>
    make(-5138, 1582, '42000', `Incorrect parameter count in the call to native function '${name.toLowerCase()}'`),
  divisionByZero: () => make(-4030, 1365, '22012', 'Division by 0'),
  multiplePriKey: () => make(-5158, 1068, '42000', 'Multiple primary key defined'),
  keyColumnNotExist: (column: string) => make(-5155, 1072, '42000', `Key column '${column}' doesn't exist in table`),
  tooBigPrecision: (precision: number, column: string, max: number) =>
    make(-5166, 1426, '42000', `Too-big precision ${precision} specified for '${column}'. Maximum is ${max}.`),
  tooBigScale: (scale: number, column: string, max: number) =>
    make(-5165, 1425, '42000', `Too big scale ${scale} specified for column '${column}'. Maximum is ${max}.`),
  scaleBiggerThanPrecision: (column: string) =>
    make(-5168, 1427, '42000', `For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column '${column}').`),
  tooBigFieldLength: (column: string, max: number) =>
    make(-5166, 1074, '42000', `Column length too big for column '${column}' (max = ${max}); use BLOB or TEXT instead`),
  wrongAutoKey: () =>
    make(-5178, 1075, '42000', 'Incorrect table definition; there can be only one auto column and it must be defined as a key'),
  invalidDefault: (column: string) => make(-5173, 1067, '42000', `Invalid default value for '${column}'`),
  uniqueKeyNeedAllFieldsInPf: (kind: string) =>
    make(-5290, 1503, 'HY000', `A ${kind} must include all columns in the table's partitioning function`),
  partitionFunctionNotAllowed: () => make(-5291, 1564, 'HY000', 'This partition function is not allowed'),
  noPartitionForGivenValue: (value: string) => make(-5270, 1526, 'HY000', `Table has no partition for value ${value}`),
  partitionsMustBeDefined: (kind: string) => make(-5283, 1492, 'HY000', `For ${kind} partitions each partition must be defined`),
  rangeNotIncreasing: () =>
    make(-5285, 1493, 'HY000', 'VALUES LESS THAN value must be strictly increasing for each partition'),
  sameNamePartition: (name: string) => make(-5284, 1517, 'HY000', `Duplicate partition name ${name}`),
  tooManyPartitions: () => make(-5277, 1499, 'HY000', 'Too many partitions (including subpartitions) were defined'),
  fieldTypeNotAllowedAsPartitionField: (column: string) =>
    make(-5296, 1659, 'HY000', `Field '${column}' is of a not allowed type for this type of partitioning`),
  notSupported: (what: string) => make(-4007, 1235, '0A000', `${what} not supported`),
  cantChangeTxCharacteristics: () =>
    make(-6220, 1568, '25001', "Transaction characteristics can't be changed while a transaction is in progress"),
  unknownSystemVariable: (name: string) => make(-5044, 1193, 'HY000', `Unknown system variable '${name}'`),
  wrongValueForVar: (name: string, value: string) =>
    make(-5045, 1231, '42000', `Variable '${name}' can't be set to the value of '${value}'`),
  accessDenied: (user: string, host: string) =>
    make(-5039, 1045, '42000', `Access denied for user '${user}'@'${host}' (using password: NO)`),
  unknownTenant: (name: string) => make(-5160, 5160, 'HY000', `Unknown tenant '${name}'`),
  tooLongIdent: (name: string) => make(-5148, 1059, '42000', `Identifier name '${name}' is too long`),
  viewReadOnly: (name: string) =>
    make(-5319, 1288, 'HY000', `The target table ${name} of the DELETE is not updatable`),
  /** OB_ERR_INVALID_BLOCK_SIZE: table option BLOCK_SIZE outside [1024, 1048576]. */
  invalidBlockSize: () => make(-5258, 5258, 'HY000', 'Invalid block size, block size should between 1024 and 1048576'),
  /** OB_ERR_COLUMN_GROUP_DUPLICATE: a column group given twice or added when it exists. */
  columnGroupDuplicate: (name: string) => make(-5404, 1060, '42S21', `Duplicate column group name '${name}'`),
  /** OB_ERR_CANT_DROP_FIELD_OR_KEY (MySQL ER_CANT_DROP_FIELD_OR_KEY). */
  cantDropFieldOrKey: (name: string) => make(-5209, 1091, '42000', `Can't DROP '${name}'; check that column/key exists`),
  // --- transactions ---
  lockWaitTimeout: () => make(-6003, 1205, 'HY000', 'Lock wait timeout exceeded; try restarting transaction', true),
  deadlock: () => make(-6004, 1213, 'HY000', 'Deadlock', true),
  txRolledBack: () => make(-6224, 6002, '25000', 'transaction needs rollback', false),
  txKilled: () => make(-6211, 6211, '25000', 'Transaction is killed'),
  /**
   * OB_TRANS_UNKNOWN: the commit's outcome could not be learned (its leader died or the answer was
   * lost after the commit record was proposed); the client must check. Never retried blindly.
   */
  transUnknown: () => make(-6225, 4012, 'HY000', 'Transaction result is unknown'),
  cannotSerialize: () => make(-6235, 6235, '25000', "can't serialize access for this transaction"),
  /** OB_TRANSACTION_SET_VIOLATION: the row changed after the statement's snapshot; READ COMMITTED
   *  retries the statement with a new snapshot (never shown to a client in RC). */
  txSetViolation: () => make(-6201, 6201, '25000', 'Transaction set changed during the execution', true),
  // --- general OceanBase errors ---
  timeout: (timeoutUs: number) =>
    make(-4012, 4012, 'HY000',
      `Timeout, query has reached the maximum query timeout: ${timeoutUs}(us), maybe you can adjust the session variable ob_query_timeout or query_timeout hint, and try again`,
      true),
  notMaster: () => make(-4038, 4038, 'HY000', 'The observer or zone is not the master', true),
  /** OB_EAGAIN: a queue is full for now (e.g. PALF's sliding window while no majority answers). */
  eagain: () => make(-4023, 4023, 'HY000', 'Try again', true),
  /** OB_REPLICA_NOT_READABLE (issue #4): a replica too stale for a weak read (the DAS tries another). */
  replicaNotReadable: () => make(-4212, 4212, 'HY000', 'replica is not readable', true),
  overTenantMemory: () => make(-4030, 4030, 'HY000', 'Over tenant memory limits', true),
  internal: (detail?: string) => make(-4016, 4016, 'HY000', detail ? `Internal error: ${detail}` : 'Internal error'),
  rpcTimeout: () => make(-4012, 4012, 'HY000', 'Timeout', true),
  serverNotAlive: (server: string) => make(-4638, 4638, 'HY000', `server is not alive: ${server}`, true),
  checksumError: (file: string, block: number) =>
    make(-4103, 4103, 'HY000', `Checksum error: file '${file}' block ${block}`),
  diskFull: () => make(-4184, 4184, 'HY000', 'Server out of disk space'),
  invalidArgument: (detail = 'Incorrect arguments') => make(-4002, 1210, 'HY000', detail),
  ioError: (detail: string) => make(-4009, 4009, 'HY000', `IO error: ${detail}`),
  /** OB_INVALID_CONFIG: `ALTER SYSTEM SET` with a value outside the parameter's range or format. */
  invalidConfig: () => make(-4147, 4147, 'HY000', 'Invalid config'),
  /** OB_ERR_NO_PRIVILEGE as OceanBase reports it when only the sys tenant may run a statement
   *  (CREATE RESOURCE UNIT, CREATE TENANT, ALTER SYSTEM ADD SERVER ... from a user tenant). */
  noPrivilege: () => make(-5036, 1227, '42501', 'Access denied'),
  /** OB_MISS_ARGUMENT: a required option is missing (`CREATE RESOURCE UNIT u MAX_CPU 1` without MEMORY_SIZE). */
  missArgument: (what: string) => make(-4162, 4162, 'HY000', `Miss argument for ${what}`),
  // --- root service (cluster / tenant / resource management, issue #4; texts from ob_errno.def) ---
  /** OB_OP_NOT_ALLOW: `%s not allowed`. */
  opNotAllow: (what: string) => make(-4179, 4179, 'HY000', `${what} not allowed`),
  /** OB_ENTRY_EXIST / OB_ENTRY_NOT_EXIST with OceanBase's `%s` detail. */
  entryExist: (detail: string) => make(-4017, 4017, 'HY000', detail),
  entryNotExist: (detail: string) => make(-4018, 4018, 'HY000', detail),
  /** OB_ZONE_INFO_NOT_EXIST. */
  zoneInfoNotExist: (zone: string) => make(-4530, 4530, 'HY000', `Zone info '${zone}' not exist`),
  /** OB_MACHINE_RESOURCE_NOT_ENOUGH; `resource` is MIN_CPU, MEMORY_SIZE or LOG_DISK_SIZE; `server` is `ip:port`. */
  machineResourceNotEnough: (zone: string, server: string, resource: string) =>
    make(-4624, 4624, 'HY000', `zone '${zone}' server '"${server}"' ${resource} resource is not enough to hold a new unit`),
  resourcePoolAlreadyGranted: (pool: string) =>
    make(-4626, 4626, 'HY000', `resource pool '${pool}' has already been granted to a tenant`),
  serverAlreadyDeleted: () => make(-4628, 4628, 'HY000', 'server has already been deleted'),
  serverNotDeleting: () => make(-4629, 4629, 'HY000', 'server is not in deleting status'),
  resourceUnitIsReferenced: (unit: string) =>
    make(-4634, 4634, 'HY000', `resource unit '${unit}' is referenced by some resource pool`),
  zoneDuplicated: (zone: string, list: string) => make(-4641, 4641, 'HY000', `Duplicated zone '${zone}' in zone list ${list}`),
  primaryZoneNotInZoneList: (zone: string, list: string) =>
    make(-4643, 4643, 'HY000', `primary zone '${zone}' not in zone list ${list}`),
  emptyResourcePoolList: () => make(-4647, 4647, 'HY000', 'resource pool list is empty'),
  resourceUnitNotExist: (unit: string) => make(-4648, 4648, 'HY000', `resource unit '${unit}' not exist`),
  resourceUnitExist: (unit: string) => make(-4649, 4649, 'HY000', `resource unit '${unit}' already exist`),
  resourcePoolNotExist: (pool: string) => make(-4650, 4650, 'HY000', `resource pool '${pool}' not exist`),
  resourcePoolExist: (pool: string) => make(-4651, 4651, 'HY000', `resource pool '${pool}' exist`),
  unitNumOverServerCount: () => make(-4656, 4656, 'HY000', 'resource pool unit num is bigger than zone server count'),
  poolServerIntersect: (pools: string) => make(-4657, 4657, 'HY000', `resource pool list ${pools} unit servers intersect`),
  /** OB_RESOURCE_UNIT_VALUE_BELOW_LIMIT: `invalid MEMORY_SIZE value, min value is 5G`. */
  resourceUnitValueBelowLimit: (what: string, min: string) => make(-4659, 4659, 'HY000', `invalid ${what} value, min value is ${min}`),
  stopServerInMultipleZones: () => make(-4660, 4660, 'HY000', 'Can not stop server in multiple zones'),
  zoneNotEmpty: (alive: number, notAlive: number) =>
    make(-4668, 4668, 'HY000',
      `The zone is not empty and can not be deleted. You should delete the servers of the zone. There are ${alive} servers alive and ${notAlive} not alive.`),
  fullReplicaNumNotEnough: () => make(-4671, 4671, 'HY000', 'full replica num not enough'),
  lsNotExist: () => make(-4719, 4719, 'HY000', 'log stream does not exist'),
  zoneServerNotEnough: (zone: string, units: number) =>
    make(-4734, 4734, 'HY000', `zone '${zone}' server not enough to hold ${units} new unit, please check zone valid servers`),
  deleteServerNotAllowed: (detail: string) => make(-4745, 4745, 'HY000', detail),
  tenantExist: (name: string) => make(-5156, 5156, 'HY000', `tenant '${name}' already exist`),
  /** OB_TENANT_NOT_EXIST (DDL on an unknown tenant; `unknownTenant` is the login-string error). */
  tenantNotExist: (name: string) => make(-5157, 5157, 'HY000', `Unknown tenant '${name}'`),
  // --- OBKV (issue #5; codes and texts from obkv-apis §1.11, ob_errno.def) ---
  /** OB_SIZE_OVERFLOW: the server's request queue is full (server/request_queue.ts). */
  sizeOverflow: (what = 'request queue is full') => make(-4019, 4019, 'HY000', `Size overflow: ${what}`, true),
  /** OB_SCHEMA_ERROR: the client routed with an older schema version of the table (refresh the entry). */
  schemaError: () => make(-4029, 4029, 'HY000', 'Schema error', true),
  /** OB_RPC_SEND_ERROR: the server could not be reached (killed, link cut). */
  rpcSendError: (server: string) => make(-4121, 4121, 'HY000', `Rpc send error: ${server}`, true),
  /** OB_OPERATE_OVERFLOW: "DATETIME value is out of range in 'c3'". */
  operateOverflow: (type: string, column: string) => make(-4157, 1690, '22003', `${type} value is out of range in '${column}'`),
  /** OB_DATA_OUT_OF_RANGE: "Out of range value for column 'sum(c5)' at row 0". */
  dataOutOfRange: (column: string, row = 0) => make(-4224, 1264, '22003', `Out of range value for column '${column}' at row ${row}`),
  /** OB_ERR_NO_DEFAULT_FOR_FIELD as the table API reports it. */
  kvNoDefault: (column: string) => make(-4227, 1364, 'HY000', `Field '${column}' doesn't have a default value`),
  /** OB_BAD_NULL_ERROR as the table API reports it. */
  kvBadNull: (column: string) => make(-4235, 1048, '23000', `Column '${column}' cannot be null`),
  /** OB_TABLET_NOT_EXIST: the tablet is not in the LS the client routed to (moved by a transfer). */
  tabletNotExist: () => make(-4725, 4725, 'HY000', 'Tablet not exist', true),
  /** OB_ERR_UPDATE_ROWKEY_COLUMN: a table API update tried to change a rowkey column. */
  updateRowkeyColumn: () => make(-5040, 5040, 'HY000', 'Cannot update rowkey column'),
  /** OB_ERR_UNKNOWN_TABLE (direct-mode table API): `Unknown table 't' in test`. */
  kvUnknownTable: (table: string, db: string) => make(-5200, 1109, '42S02', `Unknown table '${table}' in ${db}`),
  kvRowkeyCountNotMatch: (schemaCount: number, inputCount: number) =>
    make(-10510, 10510, 'HY000', `Rowkey column count not match, schema rowkey count is '${schemaCount}', input rowkey count is '${inputCount}'`),
  kvColumnTypeNotMatch: (column: string, schemaType: string, inputType: string) =>
    make(-10511, 10511, 'HY000', `Column type for '${column}' not match, schema column type is '${schemaType}', input column type is '${inputType}'`),
  kvScanRangeMissing: (inputCount: number, rowkeyCount: number) =>
    make(-10513, 10513, 'HY000', `Scan range missing, input scan range cell count is '${inputCount}', which should equal to rowkey count '${rowkeyCount}'`),
  /** OB_KV_FILTER_PARSE_ERROR: a malformed filter string; `detail` names what and where. */
  kvFilterParseError: (detail: string) => make(-10514, 10514, 'HY000', `Parse filter failed: ${detail}`),
  kvHbaseIncrFieldIsNotLong: (column: string) =>
    make(-10516, 10516, 'HY000', `When invoking the Increment interface, only HBase cells with a length of 8 can be converted to int64_t. the current length of the HBase cell is '${column}'.`),
  kvTableNotDisabled: (table: string) => make(-10519, 10519, 'HY000', `Table '${table}' is not disabled`),
  kvTableNotEnabled: (table: string) => make(-10520, 10520, 'HY000', `Table '${table}' is not enabled`),
  kvHbaseNamespaceNotFound: (ns: string) => make(-10521, 10521, 'HY000', `Namespace '${ns}' is not found`),
  kvHbaseTableExists: (table: string) => make(-10522, 10522, 'HY000', `Table '${table}' already exists`),
  kvHbaseTableNotExists: (table: string) => make(-10523, 10523, 'HY000', `Table '${table}' does not exist`),
  kvSessNotExist: () => make(-10524, 10524, 'HY000', 'query session does not exist (closed or expired)'),
  // --- tablegroups, KV_ATTRIBUTES and TTL tables (issue #5, H1; ob_errno.def) ---
  /** OB_TABLEGROUP_NOT_EMPTY: DROP TABLEGROUP while tables still belong to it. */
  tablegroupNotEmpty: () => make(-4615, 4615, 'HY000', 'tablegroup is not empty'),
  /** OB_TABLEGROUP_NOT_EXIST: CREATE TABLE ... TABLEGROUP = unknown, DROP TABLEGROUP unknown. */
  tablegroupNotExist: () => make(-5151, 5151, 'HY000', 'tablegroup not exist'),
  /** OB_TABLEGROUP_EXIST: CREATE TABLEGROUP of an existing name without IF NOT EXISTS. */
  tablegroupExist: () => make(-5159, 5159, 'HY000', 'tablegroup already exist'),
  /** OB_TTL_NOT_ENABLE: ALTER SYSTEM TRIGGER TTL while `enable_kv_ttl` is false. */
  ttlNotEnable: () => make(-4386, 4386, 'HY000', 'TTL feature is not enabled'),
  /** OB_TTL_COLUMN_NOT_EXIST: TTL(c + INTERVAL ...) over a column the table does not have. */
  ttlColumnNotExist: (column: string) => make(-4387, 4387, 'HY000', `TTL column '${column}' not exists`),
  /** OB_TTL_COLUMN_TYPE_NOT_SUPPORTED: the TTL column is not DATETIME/TIMESTAMP. */
  ttlColumnTypeNotSupported: (column: string) =>
    make(-4388, 4388, 'HY000', `Column type of '${column}' is not supported for TTL definition`),
  /** OB_TTL_INVALID_HBASE_TTL: KV_ATTRIBUTES TimeToLive ≤ 0. */
  ttlInvalidHbaseTtl: () => make(-4392, 4392, 'HY000', 'Time to live of hbase table must be greater than 0'),
  /** OB_TTL_INVALID_HBASE_MAXVERSIONS: KV_ATTRIBUTES MaxVersions ≤ 0. */
  ttlInvalidHbaseMaxVersions: () => make(-4393, 4393, 'HY000', 'MaxVersions of hbase table must be greater than 0'),
} as const;

/**
 * OBKV's error names by code (the Java client prints `[-10511][OB_KV_COLUMN_TYPE_NOT_MATCH][msg]`,
 * obkv-apis §1.11); unknown codes print without a name.
 */
export const OB_ERROR_NAMES: Readonly<Record<number, string>> = {
  [-4002]: 'OB_INVALID_ARGUMENT', [-4007]: 'OB_NOT_SUPPORTED', [-4012]: 'OB_TIMEOUT', [-4016]: 'OB_ERR_UNEXPECTED',
  [-4019]: 'OB_SIZE_OVERFLOW', [-4029]: 'OB_SCHEMA_ERROR', [-4038]: 'OB_NOT_MASTER', [-4121]: 'OB_RPC_SEND_ERROR',
  [-4157]: 'OB_OPERATE_OVERFLOW', [-4224]: 'OB_DATA_OUT_OF_RANGE', [-4227]: 'OB_ERR_NO_DEFAULT_FOR_FIELD',
  [-4235]: 'OB_BAD_NULL_ERROR', [-4638]: 'OB_SERVER_NOT_ALIVE', [-4719]: 'OB_LS_NOT_EXIST', [-4725]: 'OB_TABLET_NOT_EXIST',
  [-5019]: 'OB_TABLE_NOT_EXIST', [-5024]: 'OB_ERR_PRIMARY_KEY_DUPLICATE', [-5040]: 'OB_ERR_UPDATE_ROWKEY_COLUMN',
  [-5167]: 'OB_ERR_DATA_TOO_LONG', [-5200]: 'OB_ERR_UNKNOWN_TABLE', [-5217]: 'OB_ERR_BAD_FIELD_ERROR',
  [-6003]: 'OB_TRY_LOCK_ROW_CONFLICT', [-6005]: 'OB_TRY_LOCK_ROW_CONFLICT', [-6211]: 'OB_TRANS_KILLED',
  [-6225]: 'OB_TRANS_UNKNOWN', [-10510]: 'OB_KV_ROWKEY_COUNT_NOT_MATCH', [-10511]: 'OB_KV_COLUMN_TYPE_NOT_MATCH',
  [-10513]: 'OB_KV_SCAN_RANGE_MISSING', [-10514]: 'OB_KV_FILTER_PARSE_ERROR', [-10516]: 'OB_KV_HBASE_INCR_FIELD_IS_NOT_LONG',
  [-10519]: 'OB_KV_TABLE_NOT_DISABLED', [-10520]: 'OB_KV_TABLE_NOT_ENABLED', [-10521]: 'OB_KV_HBASE_NAMESPACE_NOT_FOUND',
  [-10522]: 'OB_KV_HBASE_TABLE_EXISTS', [-10523]: 'OB_KV_HBASE_TABLE_NOT_EXISTS', [-10524]: 'OB_KV_SESS_NOT_EXIST',
};

/** `[-10511][OB_KV_COLUMN_TYPE_NOT_MATCH][Column type for ...]`, as OBKV's Java client prints an error. */
export function formatKvError(e: ObErrorInfo): string {
  const name = OB_ERROR_NAMES[e.obCode];
  return name ? `[${e.obCode}][${name}][${e.message}]` : `[${e.obCode}][${e.message}]`;
}
