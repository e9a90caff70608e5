/**
 * The HBase shell's command catalog (reference obkv-apis §2.6): the commands this playground runs
 * on OBKV-HBase with their syntax and one-line help (for `help`, completion and snippets), the
 * HBase shell commands OBKV-HBase does not support, the option constants the shell knows, and a
 * did-you-mean for unknown words.
 */

export type ShellCommandGroup = 'general' | 'ddl' | 'dml';

export interface ShellCommandInfo {
  name: string;
  group: ShellCommandGroup;
  /** Usage, e.g. `get 't1', 'r1'[, 'f1:c1'][, {COLUMN => ..., VERSIONS => n}]`. */
  syntax: string;
  /** One line of help. */
  help: string;
  /** A Monaco snippet inserted by completion (`${1:t1}` placeholders). */
  snippet: string;
  /** Other names that run this command. */
  aliases?: string[];
  /** Option constants it takes inside `{...}` (for completion). */
  options?: string[];
}

/** Every command the shell runs, in `help` order. */
export const HBASE_SHELL_COMMANDS: readonly ShellCommandInfo[] = [
  { name: 'help', group: 'general', syntax: "help ['command']", help: 'Lists the commands, or shows how to use one', snippet: "help '${1:get}'" },
  { name: 'status', group: 'general', syntax: 'status', help: 'Where OBKV-HBase keeps its data (the cluster view shows the servers)', snippet: 'status' },
  { name: 'version', group: 'general', syntax: 'version', help: 'The shell and server this playground imitates', snippet: 'version' },
  { name: 'whoami', group: 'general', syntax: 'whoami', help: 'The user and tenant the shell connects as', snippet: 'whoami' },
  { name: 'show_filters', group: 'general', syntax: 'show_filters', help: 'Lists the filters usable in FILTER => "..."', snippet: 'show_filters' },
  {
    name: 'create',
    group: 'ddl',
    syntax: "create 't1', 'f1'[, 'f2'][, {NAME => 'f3', VERSIONS => 3, TTL => 3600}][, SPLITS => ['g', 'p']]",
    help: "Creates a table: a TABLEGROUP 't1' with one OceanBase table `t1$f` per family",
    snippet: "create '${1:t1}', {NAME => '${2:f1}', VERSIONS => ${3:3}}",
    options: ['NAME', 'VERSIONS', 'TTL', 'SPLITS', 'NUMREGIONS'],
  },
  { name: 'list', group: 'ddl', syntax: "list ['regex']", help: 'Lists the tables (optionally those matching a regular expression)', snippet: 'list' },
  {
    name: 'describe',
    group: 'ddl',
    syntax: "describe 't1'",
    help: "Shows a table's state, families (VERSIONS, TTL) and partitioning",
    snippet: "describe '${1:t1}'",
    aliases: ['desc'],
  },
  { name: 'exists', group: 'ddl', syntax: "exists 't1'", help: 'Says whether a table exists', snippet: "exists '${1:t1}'" },
  { name: 'disable', group: 'ddl', syntax: "disable 't1'", help: 'Disables a table (needed before drop)', snippet: "disable '${1:t1}'" },
  { name: 'enable', group: 'ddl', syntax: "enable 't1'", help: 'Enables a disabled table', snippet: "enable '${1:t1}'" },
  { name: 'is_enabled', group: 'ddl', syntax: "is_enabled 't1'", help: 'true when the table is enabled', snippet: "is_enabled '${1:t1}'" },
  { name: 'is_disabled', group: 'ddl', syntax: "is_disabled 't1'", help: 'true when the table is disabled', snippet: "is_disabled '${1:t1}'" },
  { name: 'drop', group: 'ddl', syntax: "drop 't1'", help: 'Drops a disabled table with all its family tables', snippet: "drop '${1:t1}'" },
  { name: 'truncate', group: 'ddl', syntax: "truncate 't1'", help: 'Removes every row, keeping the families', snippet: "truncate '${1:t1}'", aliases: ['truncate_preserve'] },
  {
    name: 'alter',
    group: 'ddl',
    syntax: "alter 't1', NAME => 'f1', VERSIONS => 5 | alter 't1', NAME => 'f1', TTL => 60 | alter 't1', 'delete' => 'f1'",
    help: 'Adds or changes a family (VERSIONS, TTL), or deletes one',
    snippet: "alter '${1:t1}', NAME => '${2:f1}', VERSIONS => ${3:5}",
    options: ['NAME', 'VERSIONS', 'TTL', 'METHOD'],
  },
  {
    name: 'put',
    group: 'dml',
    syntax: "put 't1', 'r1', 'f1:c1', 'value'[, ts]",
    help: 'Writes one cell (timestamp: now unless given, in ms)',
    snippet: "put '${1:t1}', '${2:r1}', '${3:f1:c1}', '${4:value}'",
  },
  {
    name: 'get',
    group: 'dml',
    syntax: "get 't1', 'r1'[, 'f1:c1', ...][, {COLUMN => ['f1:c1', 'f2'], VERSIONS => 3, TIMERANGE => [ts1, ts2], TIMESTAMP => ts, FILTER => \"...\"}]",
    help: 'Reads one row (newest version of each column unless VERSIONS is given)',
    snippet: "get '${1:t1}', '${2:r1}'",
    options: ['COLUMN', 'COLUMNS', 'VERSIONS', 'TIMERANGE', 'TIMESTAMP', 'FILTER'],
  },
  {
    name: 'scan',
    group: 'dml',
    syntax:
      "scan 't1'[, {COLUMNS => ['f1:c1', 'f2'], STARTROW => 'a', STOPROW => 'm', ROWPREFIXFILTER => 'r', LIMIT => 10, REVERSED => true, VERSIONS => 3, TIMERANGE => [ts1, ts2], FILTER => \"...\"}]",
    help: 'Reads rows in row order over every partition (STOPROW exclusive)',
    snippet: "scan '${1:t1}'",
    options: ['COLUMNS', 'STARTROW', 'STOPROW', 'ROWPREFIXFILTER', 'LIMIT', 'REVERSED', 'VERSIONS', 'TIMERANGE', 'TIMESTAMP', 'FILTER', 'CACHE', 'BATCH'],
  },
  {
    name: 'delete',
    group: 'dml',
    syntax: "delete 't1', 'r1', 'f1:c1'[, ts]",
    help: 'Deletes every version of a column (with ts: the versions at or before ts)',
    snippet: "delete '${1:t1}', '${2:r1}', '${3:f1:c1}'",
  },
  {
    name: 'deleteall',
    group: 'dml',
    syntax: "deleteall 't1', 'r1'[, 'f1:c1'][, ts]",
    help: 'Deletes a whole row, or every version of a column or family (≤ ts when given)',
    snippet: "deleteall '${1:t1}', '${2:r1}'",
    options: ['ROWPREFIXFILTER'],
  },
  {
    name: 'incr',
    group: 'dml',
    syntax: "incr 't1', 'r1', 'f1:c1'[, n]",
    help: 'Adds n (default 1) to an 8-byte counter cell and shows the new value',
    snippet: "incr '${1:t1}', '${2:r1}', '${3:f1:cnt}', ${4:1}",
  },
  {
    name: 'get_counter',
    group: 'dml',
    syntax: "get_counter 't1', 'r1', 'f1:c1'",
    help: 'Shows an 8-byte counter cell as a number',
    snippet: "get_counter '${1:t1}', '${2:r1}', '${3:f1:cnt}'",
  },
  {
    name: 'append',
    group: 'dml',
    syntax: "append 't1', 'r1', 'f1:c1', 'value'",
    help: "Appends bytes to a cell's newest version",
    snippet: "append '${1:t1}', '${2:r1}', '${3:f1:c1}', '${4:value}'",
  },
  {
    name: 'count',
    group: 'dml',
    syntax: "count 't1'[, INTERVAL => 1000, CACHE => 10]",
    help: 'Counts the rows (printing progress every INTERVAL rows)',
    snippet: "count '${1:t1}'",
    options: ['INTERVAL', 'CACHE', 'FILTER'],
  },
];

/** HBase shell commands that exist in Apache HBase but not on OBKV-HBase (answered with an error). */
export const HBASE_UNSUPPORTED_COMMANDS: readonly string[] = [
  'snapshot', 'clone_snapshot', 'restore_snapshot', 'delete_snapshot', 'delete_all_snapshot', 'list_snapshots',
  'grant', 'revoke', 'user_permission', 'balancer', 'balance_switch', 'balancer_enabled', 'split', 'merge_region',
  'major_compact', 'compact', 'flush', 'move', 'assign', 'unassign', 'close_region', 'wal_roll', 'hlog_roll',
  'zk_dump', 'add_peer', 'remove_peer', 'list_peers', 'enable_peer', 'disable_peer', 'set_quota', 'list_quotas',
  'create_namespace', 'drop_namespace', 'alter_namespace', 'describe_namespace', 'list_namespace',
  'list_namespace_tables', 'alter_async', 'alter_status', 'catalogjanitor_run', 'normalize', 'normalizer_switch',
  'processlist', 'list_regions', 'locate_region', 'get_splits', 'set_auths', 'get_auths', 'clear_auths',
  'add_labels', 'set_visibility', 'get_table', 'disable_all', 'enable_all', 'drop_all', 'is_disabled_all',
  'clone_table_schema', 'compact_rs', 'trace', 'list_procedures', 'list_locks', 'rit', 'splitormerge_switch',
  'cleaner_chore_run', 'list_security_capabilities', 'list_replicated_tables', 'append_peer_tableCFs',
];

/** Option constants the shell defines (a bare `FOO` not in this list is an uninitialized constant). */
export const HBASE_SHELL_CONSTANTS: readonly string[] = [
  'NAME', 'VERSIONS', 'TTL', 'METHOD', 'SPLITS', 'NUMREGIONS', 'SPLITALGO', 'COLUMN', 'COLUMNS', 'TIMESTAMP',
  'TIMERANGE', 'FILTER', 'STARTROW', 'STOPROW', 'ROWPREFIXFILTER', 'LIMIT', 'REVERSED', 'RAW', 'CACHE', 'CACHE_BLOCKS',
  'BATCH', 'INTERVAL', 'FORMATTER', 'FORMATTER_CLASS', 'ATTRIBUTES', 'AUTHORIZATIONS', 'CONSISTENCY', 'REGION_REPLICA_ID',
  'ISOLATION_LEVEL', 'MAXLENGTH', 'BLOOMFILTER', 'IN_MEMORY', 'KEEP_DELETED_CELLS', 'DATA_BLOCK_ENCODING', 'COMPRESSION',
  'MIN_VERSIONS', 'BLOCKCACHE', 'BLOCKSIZE', 'REPLICATION_SCOPE', 'MAX_FILESIZE', 'MEMSTORE_FLUSHSIZE', 'DURABILITY',
  'READONLY', 'OWNER', 'CONFIGURATION', 'METADATA', 'VISIBILITY', 'ALL_METRICS', 'METRICS', 'REGION_REPLICATION',
];

/** Filters usable in the filter language (reference §2.3), in HBase's `show_filters` style. */
export const HBASE_FILTER_NAMES: readonly string[] = [
  'ColumnPrefixFilter', 'TimestampsFilter', 'PageFilter', 'MultipleColumnPrefixFilter', 'FamilyFilter',
  'ColumnPaginationFilter', 'SingleColumnValueFilter', 'RowFilter', 'QualifierFilter', 'ColumnRangeFilter',
  'ValueFilter', 'PrefixFilter', 'SingleColumnValueExcludeFilter', 'ColumnCountGetFilter', 'InclusiveStopFilter',
  'DependentColumnFilter', 'FirstKeyOnlyFilter', 'KeyOnlyFilter', 'FuzzyRowFilter', 'MultiRowRangeFilter',
  'FirstKeyValueMatchingQualifiersFilter', 'RandomRowFilter', 'SkipFilter', 'WhileMatchFilter',
];

const BY_NAME = new Map<string, ShellCommandInfo>();
for (const c of HBASE_SHELL_COMMANDS) {
  BY_NAME.set(c.name, c);
  for (const a of c.aliases ?? []) BY_NAME.set(a, c);
}

/** The command a word runs (aliases included), or undefined. */
export function findShellCommand(name: string): ShellCommandInfo | undefined {
  return BY_NAME.get(name);
}

/** True when `name` is an Apache HBase shell command OBKV-HBase does not support. */
export function isUnsupportedCommand(name: string): boolean {
  return HBASE_UNSUPPORTED_COMMANDS.includes(name);
}

/** Commands the shell itself cannot offer here, with why (not OBKV's doing). */
const SHELL_REASONS: Record<string, string> = {
  get_table: "'get_table' returns a Ruby table object, which this shell has not; pass the table name to each command",
};
for (const name of ['disable_all', 'enable_all', 'drop_all', 'is_disabled_all']) {
  SHELL_REASONS[name] = `'${name}' asks for a y/n confirmation, which this editor cannot answer; run '${name.replace(/_all$/, '')}' for each table`;
}

/** The error text for an unsupported command: `'snapshot' is not supported by OBKV-HBase`. */
export function unsupportedMessage(name: string): string {
  return SHELL_REASONS[name] ?? `'${name}' is not supported by OBKV-HBase`;
}

/** The closest known command name (edit distance ≤ 2, or a prefix of one), or null. */
export function didYouMean(word: string, names: readonly string[] = [...BY_NAME.keys()]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = name.startsWith(word) && word.length >= 3 ? 1 : editDistance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= (word.length <= 3 ? 1 : 2) ? best : null;
}

/** Levenshtein distance (small strings; one row of the table at a time). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
