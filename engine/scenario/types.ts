/**
 * Scenarios (issue #6; architecture §7): the one format behind built-in tutorials, share links,
 * the headless runner (`obsh --scenario`) and Playwright tests. A scenario is a Markdown document:
 *
 * ```text
 * ---                                   ← YAML front matter: the header (parse.ts)
 * title: Paxos and failover
 * zones: 3                              ← zone1..zone3 (1..SCENARIO_ZONES_MAX)
 * servers_per_zone: 1                   ← 1..SCENARIO_SERVERS_PER_ZONE_MAX
 * tenants:                              ← created as root@sys before the first cell (besides `test`,
 *   - name: app                            which the bootstrap always creates)
 *     unit_num: 1
 *     primary_zone: zone1
 * seed: 7                               ← optional: the headless simulator's seed
 * clock_rate: 1                         ← optional: simulated clock speed (0.1..10)
 * ---
 * Prose in Markdown …                   ← a prose cell: everything between command fences
 *
 * ```sql tenant=sys                     ← a command cell: sql | kv | hbase | admin, options k=v
 * SELECT zone FROM oceanbase.DBA_OB_ZONES;
 * ```
 *
 * ```expected                           ← optional: the cell's expected output (only blank lines
 * +-------+                                between it and its command cell)
 * …
 * ```
 * ```
 *
 * Admin cells hold one cluster action per line (`#` starts a comment); their grammar is in
 * admin.ts and their meaning in `AdminCommand` below. Expected output is compared by expect.ts:
 * trailing spaces ignored, a line `...` matches any number of lines, `{...}` inside a line
 * matches any text.
 *
 * This module holds only the shared types and limits (the contracts between the parser, the
 * runner, the hosts that run scenarios and the share-link codec).
 */
import type { ClusterSnapshot } from '../server/snapshot';
import type { ExecuteReply } from '../server/api';
import type { ShellOutput } from '../client/hbase_shell/index';

// ------------------------------------------------------------------------------------ limits

/** Characters of a scenario document (a share link or an opened file); longer is refused. */
export const SCENARIO_CHARS_MAX = 262_144;
/** Cells of one scenario (prose and command). */
export const SCENARIO_CELLS_MAX = 500;
/** Zones a scenario may ask for (`zone1..zoneN`). */
export const SCENARIO_ZONES_MAX = 5;
/** OBServers per zone a scenario may ask for. */
export const SCENARIO_SERVERS_PER_ZONE_MAX = 3;
/** Tenants a scenario header may create (besides sys and test). */
export const SCENARIO_TENANTS_MAX = 6;
/** Longest `wait for … timeout` an admin cell may ask for, simulated ms. */
export const SCENARIO_WAIT_TIMEOUT_MS_MAX = 600_000;
/** Default `wait for …` timeout, simulated ms. */
export const SCENARIO_WAIT_TIMEOUT_MS_DEFAULT = 30_000;
/** Longest `advance` an admin cell may ask for, simulated ms. */
export const SCENARIO_ADVANCE_MS_MAX = 600_000;
/** How often a `wait for` condition is checked, simulated ms. */
export const SCENARIO_WAIT_POLL_MS = 200;

// ------------------------------------------------------------------------------------ document

/** A tenant the header creates (CREATE RESOURCE UNIT/POOL + CREATE TENANT as root@sys). */
export interface ScenarioTenant {
  /** An identifier, not `sys` or `test` (those exist). */
  name: string;
  /** Units per zone (1..serversPerZone). */
  unitNum: number;
  /** OceanBase's PRIMARY_ZONE text (`zone1`, `zone1;zone2,zone3`, `RANDOM`); null: the default. */
  primaryZone: string | null;
}

/** The front matter: the topology the scenario runs on. */
export interface ScenarioHeader {
  title: string;
  /** Zones `zone1..zoneN`. */
  zones: number;
  /** OBServers per zone; ids are numbered zone by zone from 1 (zone1: 1..k, zone2: k+1..2k, …). */
  serversPerZone: number;
  tenants: ScenarioTenant[];
  /** The headless simulator's seed (null: 1). The page ignores it (real time is not seeded). */
  seed: number | null;
  /** Simulated clock speed, × real time (0.1..10; 1 by default). */
  clockRate: number;
}

export type CommandKind = 'sql' | 'kv' | 'hbase' | 'admin';
export type CellKind = 'prose' | CommandKind;

/** `key=value` words after the fence's language. */
export interface CellOptions {
  /** sql/kv/hbase: the tenant (default `test`). */
  tenant?: string;
  /** sql: run on this server (as `obclient -h`); default the first live server. */
  server?: number;
  /** sql/kv/hbase: the database (default `test` in tenant test, none elsewhere for sql). */
  database?: string;
  /**
   * sql: notes printed under each result's status line (`show=stats,routes`): `stats` the
   * storage counters (microblocks read / skipped by the skip index, rows, row or column store),
   * `routes` which replica served each LS of a weak read. In this order, without repeats.
   */
  show?: ResultNote[];
}

export type ResultNote = 'stats' | 'routes';
export const RESULT_NOTES: readonly ResultNote[] = ['stats', 'routes'];

export interface ScenarioCell {
  kind: CellKind;
  /** Prose: its Markdown text; a command cell: the fence's content (no trailing newline). */
  source: string;
  options: CellOptions;
  /** The expected output (the following ```expected fence's content); null: not checked. */
  expected: string | null;
  /** 1-based line where the cell starts in the document (a command: its opening fence). */
  line: number;
}

export interface Scenario {
  header: ScenarioHeader;
  cells: ScenarioCell[];
}

/** A problem in a scenario document, 1-based line and column. */
export interface ScenarioParseError {
  message: string;
  line: number;
  column: number;
}

export type ScenarioParseResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioParseError[] };

// ------------------------------------------------------------------------------------ admin

/** A condition `wait for …` waits for; evaluated on cluster snapshots (condition.ts). */
export type Condition =
  /** `leader of ls 1001 [tenant t] [in zone2 | on server 2]`: a serving leader (there). */
  | { kind: 'leader'; tenant: string; lsId: number; zone: string | null; serverId: number | null }
  /** `leaders`: every log stream of every tenant has a serving leader. */
  | { kind: 'leaders' }
  /** `server 2 active|inactive|stopped`: the server's status as the root service reports it. */
  | { kind: 'server'; serverId: number; status: 'ACTIVE' | 'INACTIVE' | 'STOPPED' }
  /** `major compaction [tenant t]`: the tenant's last major freeze is merged on every replica. */
  | { kind: 'majorDone'; tenant: string }
  /** `mini compaction [tenant t]`: no frozen memtable waits for its mini compaction. */
  | { kind: 'miniDone'; tenant: string }
  /** `balance [tenant t]`: no balance job or transfer task is running. */
  | { kind: 'balanced'; tenant: string }
  /** `column store conversion [tenant t]`: every C replica's tablets are converted to columns. */
  | { kind: 'csConverted'; tenant: string }
  /** `sql [tenant t] returns <text>: <query>`: the first value of the query's first row is `<text>`. */
  | { kind: 'sql'; tenant: string; query: string; value: string };

/** One line of an admin cell. */
export type AdminCommand =
  /** `kill server 2` / `stop server 2`: the server's process dies (kill -9). */
  | { kind: 'killServer'; serverId: number }
  /** `kill leader of ls 1001 [tenant t]`: kills the server that leads that LS now. */
  | { kind: 'killLeader'; tenant: string; lsId: number }
  /** `start server 2` / `restart server 2`: starts a killed server on its files. */
  | { kind: 'startServer'; serverId: number }
  /** `cut link 1 2 [oneway]`. */
  | { kind: 'cutLink'; a: number; b: number; oneWay: boolean }
  /** `heal link 1 2`. */
  | { kind: 'healLink'; a: number; b: number }
  /** `cut zone1 zone2 [oneway]`. */
  | { kind: 'cutZones'; a: string; b: string; oneWay: boolean }
  /** `heal zone1 zone2`. */
  | { kind: 'healZones'; a: string; b: string }
  /** `heal all`. */
  | { kind: 'healAll' }
  /** `delay link 1 2 200ms` / `loss link 1 2 30%` (one-way from → to; 0 clears that part). */
  | { kind: 'linkFault'; from: number; to: number; delayUs: number | null; lossRate: number | null }
  /** `freeze [tenant t]` (ALTER SYSTEM MINOR FREEZE) / `major freeze [tenant t]`; null tenant: all. */
  | { kind: 'freeze'; tenant: string | null; major: boolean }
  /** `wait for <condition> [timeout 30s]`. */
  | { kind: 'wait'; condition: Condition; timeoutMs: number }
  /** `advance 5s`: let this much simulated time pass. */
  | { kind: 'advance'; ms: number }
  /** `pause clock` / `resume clock` / `clock rate 2`. */
  | { kind: 'pauseClock' }
  | { kind: 'resumeClock' }
  | { kind: 'clockRate'; rate: number }
  /** `load sample data tpch [0.01]` / `load sample data world`. */
  | { kind: 'loadSampleData'; dataset: 'tpch' | 'world'; scale: number | null };

/** An admin cell's line, parsed (admin.ts). `line` is 1-based within the cell. */
export type AdminParseResult = { ok: true; commands: { command: AdminCommand; line: number }[] } | { ok: false; errors: ScenarioParseError[] };

// ------------------------------------------------------------------------------------ running

/** A deployed server of the target cluster. */
export interface TargetServer {
  serverId: number;
  zone: string;
  svrIp: string;
}

/** What a KV script printed (engine/client/kv_display.ts `displayToLines` per printed value). */
export interface KvRunOutput {
  lines: string[];
  /** The script's failure (compile error, OBKV error, exception, time limit); null: it finished. */
  error: string | null;
  /** The script line of the failure, when known (1-based). */
  errorLine: number | null;
}

/**
 * The cluster a scenario runs against — the same operations in the page (app/scenario, the
 * workers) and headless (workers/obsh, the in-process simulator). Every method settles when the
 * action is done; none throws for an error of the command itself (SQL errors are in the reply, KV
 * errors in `error`, shell errors in the outputs). Rejections mean the target could not act
 * (no server alive, an unknown server id) and are shown as the cell's error.
 */
export interface ScenarioTarget {
  /** The servers deployed (also killed ones), in id order. */
  servers(): readonly TargetServer[];
  /** Runs SQL (one or more statements) in a session of `tenant` (kept across cells per tenant/server/database). */
  sql(text: string, session: { tenant: string; serverId: number | null; database: string | null }): Promise<ExecuteReply>;
  kv(script: string, session: { tenant: string; database: string }): Promise<KvRunOutput>;
  /** Runs HBase shell commands in a shell session of `tenant` (kept across cells). */
  hbase(commands: string, session: { tenant: string; database: string }): Promise<ShellOutput[]>;
  killServer(serverId: number): Promise<void>;
  /** Starts a killed server on its files; resolves when it serves. */
  startServer(serverId: number): Promise<void>;
  cutLink(a: number, b: number, oneWay: boolean): Promise<void>;
  healLink(a: number, b: number): Promise<void>;
  cutZones(a: string, b: string, oneWay: boolean): Promise<void>;
  healZones(a: string, b: string): Promise<void>;
  healAll(): Promise<void>;
  /** The one-way link's fault (delay µs, loss 0..1; null keeps that part as it is). */
  setLinkFault(from: number, to: number, delayUs: number | null, lossRate: number | null): Promise<void>;
  pauseClock(): Promise<void>;
  resumeClock(): Promise<void>;
  setClockRate(rate: number): Promise<void>;
  /** True while the simulated clock is paused (a `wait`/`advance` then fails at once). */
  clockPaused(): boolean;
  /** A fresh snapshot of the whole cluster (as the topology panel shows it). */
  snapshot(): Promise<ClusterSnapshot>;
  /** Lets `ms` of simulated time pass (headless: advances the virtual clock; page: waits). */
  sleep(ms: number): Promise<void>;
}

/** The outcome of one cell. */
export interface CellRun {
  /** The cell's index in `Scenario.cells`. */
  index: number;
  /** False when the command failed (SQL/KV/shell error, an admin action that could not be done, a wait that timed out). */
  ok: boolean;
  /** What the cell printed (as compared with its expectation). */
  output: string;
  /** 'none' without an expectation. */
  expectation: 'none' | 'pass' | 'fail';
  /** On a failed expectation: the line diff, expected (-) vs actual (+). */
  diff: DiffLine[] | null;
}

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

// ------------------------------------------------------------------------------------ share links

/** What a share link carries (engine/scenario/share_link.ts). */
export interface SharePayload {
  /** The scenario document (its header carries the topology). */
  scenario: string;
  /** The cell the pane opens at (0-based index into the cells; 0 for the first). */
  step: number;
  /** The editors' contents. */
  editors: { sql: string; kv: string; hbase: string };
}

/** Share-link fragments longer than this (characters) are not offered as a link: export a file instead. */
export const SHARE_LINK_CHARS_MAX = 8_192;
