/**
 * `obsh`: the OceanBase Playground's headless shell (the process glue; main.ts starts it). It
 * boots the default cluster in-process (`LocalCluster`: 3 zones, 3 OBServers, in memory or on
 * disk with `--data-dir`, the directory locked against a second shell), opens a SQL
 * session on one OBServer and behaves like the `mysql`/`obclient` client, so scripts written for
 * those work unchanged (`obsh -B -N -e "select …"`, `obsh tpch < queries.sql`, or a program driving
 * `obsh -n` statement by statement over a pipe).
 *
 * Modes follow mysql: when stdin and stdout are both terminals (and no -e/-B) it is interactive
 * (banner, `obclient [db]>` prompt, boxed tables, status lines); otherwise batch (tab-separated,
 * errors with line numbers, stop at the first error unless -f). Exit code 1 after a stopping
 * error, 0 otherwise.
 *
 * OBKV: `--kv=FILE` runs a KV script (kv_script.ts) and `--hbase=FILE` HBase shell commands
 * (hbase_script.ts) on the same cluster, after the SQL of `-e` (which lets one run create a table
 * and then use it through OBKV); with either, stdin is not read as SQL.
 *
 * Scenarios (issue #6): `--scenario=FILE [--update]` runs a scenario document on its own simulated
 * cluster (scenario.ts) instead of the shell; no LocalCluster is booted.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import type { KvTransport } from '../../engine/client/transport';
import type { ObErrorInfo } from '../../engine/common/ob_error';
import type { ObServerApi } from '../../engine/server/api';
import { SystemClock } from '../system_clock';
import { ShellSession, type ShellMode, type ShellOutput } from './client';
import { runHBaseScript } from './hbase_script';
import { runKvScript } from './kv_script';
import { lockDataDir, serverFileSystem } from './node_fs';
import { parseOptions, USAGE, UsageError, type ObshOptions } from './options';

const VERSION = 'obsh 0.1.0 (OceanBase Playground; OceanBase_CE 4.3.0.1 compatible)';
/** Buffered stdout is written once it holds this many characters (batch mode without -n). */
const STDOUT_BUFFER_CHARS = 64 * 1024;

class StdOutput implements ShellOutput {
  private chunks: string[] = [];
  private chars = 0;

  out(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.chars += text.length;
    if (this.chars >= STDOUT_BUFFER_CHARS) this.flush();
  }

  err(text: string): void {
    this.flush();
    process.stderr.write(text);
  }

  flush(): void {
    if (this.chars === 0) return;
    process.stdout.write(this.chunks.join(''));
    this.chunks = [];
    this.chars = 0;
  }
}

function banner(connectionId: number): string {
  return (
    'Welcome to the OceanBase.  Commands end with ; or \\g.\n' +
    `Your OceanBase connection id is ${connectionId}\n` +
    'Server version: OceanBase_CE 4.3.0.1 (OceanBase Playground, in-process obcluster: 3 zones, 3 OBServers)\n\n' +
    'Copyright (c) 2000, 2018, OceanBase and/or its affiliates. All rights reserved.\n\n' +
    "Type 'help;' or '\\h' for help. Type '\\c' to clear the current input statement.\n\n"
  );
}

/** An ObError, or its structured-clone copy (mysqlCode, sqlState, message). */
function isErrorInfo(e: unknown): e is ObErrorInfo {
  return typeof e === 'object' && e !== null && typeof (e as ObErrorInfo).mysqlCode === 'number' && typeof (e as ObErrorInfo).sqlState === 'string';
}

function shellMode(o: ObshOptions, interactive: boolean): ShellMode {
  const tab = (o.batch || o.silent || !process.stdin.isTTY || !process.stdout.isTTY) && !o.table;
  return {
    batch: !interactive,
    format: tab ? 'tab' : 'table',
    vertical: o.vertical,
    columnNames: o.columnNames,
    force: o.force,
    unbuffered: o.unbuffered,
  };
}

async function feedExecute(session: ShellSession, text: string): Promise<void> {
  for (const line of text.split('\n')) if (!(await session.feedLine(line))) return;
  await session.finish();
}

async function feedStdin(session: ShellSession, interactive: boolean): Promise<void> {
  const rl = readline.createInterface({
    input: process.stdin,
    output: interactive ? process.stdout : undefined,
    terminal: interactive,
    crlfDelay: Infinity,
  });
  if (interactive) {
    rl.on('SIGINT', () => {
      session.clearInput();
      process.stdout.write('^C\n');
      rl.setPrompt(session.prompt());
      rl.prompt();
    });
    rl.setPrompt(session.prompt());
    rl.prompt();
  }
  for await (const line of rl) {
    if (!(await session.feedLine(line))) break;
    if (interactive) {
      rl.setPrompt(session.prompt());
      rl.prompt();
    }
  }
  rl.close();
  if (interactive) process.stdout.write(session.status === 'quit' ? 'Bye\n' : '\nBye\n');
  else await session.finish();
}

/** What the shell needs of a cluster (a LocalCluster; `runObsh` takes another for embedding). */
export interface ShellCluster {
  readonly servers: readonly (ObServerApi & { closeSession(id: number): Promise<void> })[];
  stop(): Promise<void>;
  /** The OBKV client's transport (needed by --kv / --hbase). */
  kvTransport?(): KvTransport;
}

async function bootLocalCluster(o: ObshOptions): Promise<ShellCluster> {
  const { LocalCluster } = await import('../../engine/server/local_cluster');
  const clock = new SystemClock();
  if (o.dataDir === null) return LocalCluster.start({ clock });
  const dir = o.dataDir;
  const release = lockDataDir(dir);
  try {
    const cluster = await LocalCluster.start({ clock, fsFor: (id) => serverFileSystem(dir, id) });
    return {
      servers: cluster.servers,
      kvTransport: () => cluster.kvTransport(),
      async stop() {
        await cluster.stop();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/** Reads a script file, or all of stdin for `-`; null (after printing why) when it cannot. */
async function readScript(file: string, output: StdOutput): Promise<string | null> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    output.err(`obsh: [ERROR] cannot read '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}.\n`);
    return null;
  }
}

/** `--kv` then `--hbase` on the cluster; the exit code (1 after a failure, unless -f for --hbase). */
async function runKvModes(o: ObshOptions, cluster: ShellCluster, output: StdOutput): Promise<number> {
  if (!cluster.kvTransport) throw new UsageError('this cluster has no OBKV transport');
  const transport = cluster.kvTransport();
  const database = o.database ?? 'test';
  const out = (text: string) => {
    output.out(text);
    if (o.unbuffered) output.flush();
  };
  if (o.kv !== null) {
    const source = await readScript(o.kv, output);
    if (source === null) return 1;
    const ok = await runKvScript(source, {
      transport, tenant: o.tenant, database, trace: o.trace, fileName: o.kv === '-' ? 'stdin' : o.kv,
      out, err: (text) => output.err(text),
    });
    output.flush();
    if (!ok && !o.force) return 1;
  }
  if (o.hbase !== null) {
    const text = await readScript(o.hbase, output);
    if (text === null) return 1;
    const ok = await runHBaseScript(text, { transport, user: o.user, tenant: o.tenant, database, nowMs: () => performance.now(), out });
    output.flush();
    if (!ok && !o.force) return 1;
  }
  return 0;
}

/** Runs the shell on this process's stdin/stdout/stderr; resolves to the exit code. */
export async function runObsh(
  argv: string[],
  bootCluster: (o: ObshOptions) => Promise<ShellCluster> = bootLocalCluster,
): Promise<number> {
  let o: ObshOptions;
  try {
    o = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`obsh: [ERROR] ${e.message}.\n${USAGE}`);
    return 1;
  }
  if (o.help || o.version) {
    process.stdout.write(o.help ? USAGE : `${VERSION}\n`);
    return 0;
  }
  if (o.scenario !== null) {
    const { runScenarioFile } = await import('./scenario');
    return runScenarioFile({ file: o.scenario, update: o.update, out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
  }
  const interactive = o.execute === null && !o.batch && !o.silent && !!process.stdin.isTTY && !!process.stdout.isTTY;
  const output = new StdOutput();
  let cluster: ShellCluster;
  try {
    cluster = await bootCluster(o);
  } catch (e) {
    if (!isErrorInfo(e)) throw e;
    output.err(`ERROR ${e.mysqlCode} (${e.sqlState}): ${e.message}\n`);
    return 1;
  }
  try {
    const server = cluster.servers[o.server - 1];
    if (!server) throw new UsageError(`no OBServer ${o.server} (the cluster has ${cluster.servers.length})`);
    let sessionId: number;
    try {
      sessionId = await server.openSession({ tenant: o.tenant, user: o.user, database: o.database });
    } catch (e) {
      if (!isErrorInfo(e)) throw e;
      output.err(`ERROR ${e.mysqlCode} (${e.sqlState}): ${e.message}\n`);
      return 1;
    }
    const kvMode = o.kv !== null || o.hbase !== null;
    const session = new ShellSession(server, sessionId, o.database, shellMode(o, interactive && !kvMode), output, () => performance.now());
    if (interactive && !kvMode) output.out(banner(sessionId));
    output.flush();
    if (o.execute !== null) await feedExecute(session, o.execute);
    else if (!kvMode) await feedStdin(session, interactive);
    output.flush();
    await server.closeSession(sessionId);
    if (!kvMode || session.exitCode !== 0) return session.exitCode;
    return await runKvModes(o, cluster, output);
  } finally {
    output.flush();
    await cluster.stop();
  }
}

/** Entry point: run with this process's arguments and exit with the shell's code. */
export function obshMain(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  runObsh(process.argv.slice(2)).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (e) => {
      const text = e instanceof UsageError ? `[ERROR] ${e.message}.` : e instanceof Error ? (e.stack ?? e.message) : String(e);
      process.stderr.write(`obsh: ${text}\n`);
      process.exit(1);
    },
  );
}
