/**
 * Command-line options of `obsh`, spelled as the mysql/obclient client spells them so scripts
 * written for `mysql`/`obclient` work unchanged:
 *   -e, --execute=SQL      run SQL and exit            -D, --database=DB   current database
 *   -u, --user=USER@TENANT user and tenant (test)      -B, --batch         tab-separated output
 *   -N, --skip-column-names  no header line            -t, --table         boxed output anyway
 *   -E, --vertical         print rows vertically       -f, --force         continue after errors
 *   -n, --unbuffered       flush after every statement -s, --silent        like -B
 *   --data-dir=DIR         persist the cluster in DIR (node:fs); default in memory
 *   --server=N             connect to OBServer N (1..3), default 1
 *   --kv=FILE              run a KV script (JavaScript/TypeScript, OBKV client globals) after -e
 *   --hbase=FILE           run HBase shell commands (`-` = stdin) after -e and --kv
 *   --trace                with --kv: one route line per OBKV request
 *   --scenario=FILE        run a scenario document (issue #6) on a simulated cluster; --update
 *                          rewrites its failing expected blocks
 *   -h, -P, -p, -A, -c     accepted and ignored (there is no network and no password)
 * Short flags group (`-BN`), and a short option's value may be attached (`-Dtpch`) or follow.
 * A trailing positional argument is the database, as with mysql.
 */

export interface ObshOptions {
  execute: string | null;
  database: string | null;
  user: string;
  tenant: string;
  batch: boolean;
  columnNames: boolean;
  table: boolean;
  vertical: boolean;
  force: boolean;
  unbuffered: boolean;
  silent: boolean;
  dataDir: string | null;
  server: number;
  /** `--kv=FILE`: a KV script to run (JavaScript, or TypeScript with its types stripped). */
  kv: string | null;
  /** `--hbase=FILE`: HBase shell commands to run; `-` reads them from stdin. */
  hbase: string | null;
  /** `--trace`: print each OBKV request's route (KV scripts). */
  trace: boolean;
  /** `--scenario=FILE`: run a scenario document headless (issue #6). */
  scenario: string | null;
  /** `--update`: with --scenario, rewrite failing expected blocks with the actual output. */
  update: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

const FLAGS: Record<string, (o: ObshOptions) => void> = {
  B: (o) => (o.batch = true),
  N: (o) => (o.columnNames = false),
  t: (o) => (o.table = true),
  E: (o) => (o.vertical = true),
  f: (o) => (o.force = true),
  n: (o) => (o.unbuffered = true),
  s: (o) => (o.silent = true),
  A: () => {},
  c: () => {},
  V: (o) => (o.version = true),
  '?': (o) => (o.help = true),
};

const LONG_FLAGS: Record<string, string> = {
  batch: 'B', 'skip-column-names': 'N', table: 't', vertical: 'E', force: 'f', unbuffered: 'n', silent: 's',
  'no-auto-rehash': 'A', comments: 'c', version: 'V', help: '?',
};

const VALUE_SHORT: Record<string, string> = { e: 'execute', D: 'database', u: 'user', h: 'host', P: 'port' };
const VALUE_LONG = new Set(['execute', 'database', 'user', 'host', 'port', 'data-dir', 'server', 'password', 'kv', 'hbase', 'scenario']);
/** Long-only flags without a short form. */
const LONG_ONLY_FLAGS: Record<string, (o: ObshOptions) => void> = { trace: (o) => (o.trace = true), update: (o) => (o.update = true) };

function setValue(o: ObshOptions, name: string, value: string): void {
  switch (name) {
    case 'execute':
      o.execute = value;
      return;
    case 'database':
      o.database = value;
      return;
    case 'user': {
      const at = value.indexOf('@');
      o.user = at >= 0 ? value.slice(0, at) || 'root' : value;
      if (at >= 0) o.tenant = value.slice(at + 1).split('#')[0] || 'test';
      return;
    }
    case 'data-dir':
      o.dataDir = value;
      return;
    case 'kv':
      o.kv = value;
      return;
    case 'hbase':
      o.hbase = value;
      return;
    case 'scenario':
      o.scenario = value;
      return;
    case 'server': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`bad --server value '${value}'`);
      o.server = n;
      return;
    }
    default:
      return; // host, port, password: accepted for compatibility
  }
}

/** Parses argv (without `node` and the script). Throws UsageError for unknown options. */
export function parseOptions(argv: readonly string[]): ObshOptions {
  const o: ObshOptions = {
    execute: null, database: null, user: 'root', tenant: 'test', batch: false, columnNames: true, table: false,
    vertical: false, force: false, unbuffered: false, silent: false, dataDir: null, server: 1, kv: null, hbase: null, trace: false, scenario: null, update: false, help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (VALUE_LONG.has(name)) {
        if (name === 'password' && eq < 0) continue;
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`);
        setValue(o, name, value);
      } else if (LONG_ONLY_FLAGS[name] && eq < 0) {
        LONG_ONLY_FLAGS[name](o);
      } else if (LONG_FLAGS[name] && eq < 0) {
        FLAGS[LONG_FLAGS[name]](o);
      } else {
        throw new UsageError(`unknown option '--${name}'`);
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const f = arg[j];
        if (f === 'p') break; // -p / -pPASSWORD: no passwords here
        if (VALUE_SHORT[f]) {
          const rest = arg.slice(j + 1);
          const value = rest.length > 0 ? rest : argv[++i];
          if (value === undefined) throw new UsageError(`option '-${f}' requires an argument`);
          setValue(o, VALUE_SHORT[f], value);
          break;
        }
        if (!FLAGS[f]) throw new UsageError(`unknown option '-${f}'`);
        FLAGS[f](o);
      }
    } else {
      o.database = arg;
    }
  }
  return o;
}

export const USAGE = `obsh — the OceanBase Playground shell (a headless cluster with a mysql/obclient-style client)

Usage: obsh [OPTIONS] [database]
  -e, --execute=SQL        Execute SQL and quit.
  -D, --database=NAME      Database to use.
  -u, --user=USER@TENANT   User and tenant (default root@test; root@sys for the sys tenant).
  -B, --batch              Tab-separated output, no boxes, no status lines.
  -N, --skip-column-names  Do not print column names in results.
  -t, --table              Output in table (box) format even when not on a terminal.
  -E, --vertical           Print rows vertically (as \\G does).
  -f, --force              Continue after an SQL error.
  -n, --unbuffered         Flush output after each statement.
  -s, --silent             Same as --batch.
  --data-dir=DIR           Keep the cluster's files in DIR (persistent); default: in memory.
  --server=N               Connect to OBServer N (1-3); default 1.

OBKV (run after -e, against the same in-process cluster; exit code 1 on the first error):
  --kv=FILE                Run a KV script: JavaScript (TypeScript types are stripped) inside an
                           async function, with the KV editor's globals in scope (client, hbase,
                           print, compareVal, andList, orList, inList, notInList, MIN, MAX, Put,
                           Get, Delete, Scan, CompareOp). print(...) writes a line to stdout; an
                           error prints "ERROR: [-5024][NAME][text] at line N" on stderr.
  --trace                  With --kv: one line per OBKV request with its route, e.g.
                           insert('t', [1]) → p2 [KEY(k) …] → tablet 200003 → LS 1002 → 10.0.0.2 (zone2)
  --hbase=FILE             Run HBase shell commands (create, put, get, scan, ...) from FILE, or
                           from stdin with "--hbase -"; prints the HBase shell's transcript.
                           Exit code 1 if any command failed (0 with -f).
Scenarios (a Markdown notebook: YAML header with the topology, sql/kv/hbase/admin cells):
  --scenario=FILE          Boot the scenario's topology as a simulated cluster, run every cell,
                           print each output and a diff for a failed expectation. Exit code 1 on
                           a failed expectation or a failed unchecked command, 2 on a parse error.
  --update                 With --scenario: rewrite failing expected blocks with the output.
  -?, --help               Show this help.
  -V, --version            Show the version.
`;
