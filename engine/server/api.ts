/**
 * The public API of one OBServer, the same in-process (tests, simulator, headless shell) and
 * through comlink in a browser worker (conventions §3: callers cannot tell which they have).
 * Everything crossing it is structured-clone safe: no class instances, no bigints in results.
 */
import type { ObErrorInfo } from '../common/ob_error';
import type { KvReply } from '../table/types';
import type { ScanStats } from '../storage/types';
import type { ClusterSnapshot, ServerSnapshot, SstableDetail, SstableType } from './snapshot';

/** One column of a result set as the MySQL protocol describes it. */
export interface WireColumn {
  name: string;
  /** SQL type text, e.g. `bigint(20)`, `decimal(15,2)`, `varchar(25)`. */
  type: string;
  /** Numbers are right-aligned by obclient. */
  numeric: boolean;
}

/** One statement's outcome, rows in the MySQL text protocol (strings or NULL). */
export interface WireResult {
  /** The statement text. */
  sql: string;
  kind: 'rows' | 'ok';
  columns: WireColumn[];
  rows: (string | null)[][];
  affectedRows: number;
  lastInsertId?: number;
  info?: string;
  warningCount: number;
  /** Server-side execution time, µs. */
  elapsedUs: number;
  /** Storage counters of the statement's table scans (blocks read and skipped, bytes, rows). */
  storageStats?: ScanStats;
  /**
   * Issue #4: which replica served each log stream the statement read (one entry per LS), so a
   * weak read shows that a follower / R / C replica answered and how stale it was.
   */
  readRoutes?: ReadRoute[];
}

/** Who served a statement's reads of one log stream (issue #4, weak reads). */
export interface ReadRoute {
  lsId: number;
  serverId: number;
  svrIp: string;
  zone?: string;
  role: 'LEADER' | 'FOLLOWER';
  replicaType: 'FULL' | 'READONLY' | 'COLUMNSTORE';
  /** The read snapshot (decimal SCN): the replica's readable SCN for a weak read, GTS otherwise. */
  readScn: string;
  /** True when served as a weak read (no GTS, the replica's own readable SCN). */
  weak: boolean;
  /** How far the read snapshot was behind the session server's clock when it was chosen, µs. */
  staleUs?: number;
  /** Why a weak read did not go where routing first sent it (replicas that refused), if any. */
  note?: string;
}

export interface ExecuteReply {
  /** Results of the statements that ran, in order. */
  results: WireResult[];
  /** The first failing statement's error; statements after it did not run. */
  error?: ObErrorInfo & { sql: string; statementIndex: number };
  /** The session's current database after the statements (for the prompt). */
  database: string | null;
}

export interface SessionOptions {
  /** Tenant name; default `test` (a MySQL user tenant). `sys` for the sys tenant. */
  tenant?: string;
  user?: string;
  database?: string | null;
}

export interface ObServerApi {
  /** Opens a SQL session (as a client connected directly to this server). */
  openSession(options: SessionOptions): Promise<number>;
  /** Runs every statement in `sql`; stops at the first error. Never throws for SQL errors. */
  execute(sessionId: number, sql: string): Promise<ExecuteReply>;
  closeSession(sessionId: number): Promise<void>;
  /** This server's state for the panels and GV$ views. */
  snapshot(): Promise<ServerSnapshot>;
  /** The whole cluster as this server sees it (asks every reachable server). */
  clusterSnapshot(): Promise<ClusterSnapshot>;
  /** The storage panel's column view of this server's replica of one tablet's SSTable, or null. */
  sstableDetail(tenantId: number, tabletId: number, type: SstableType): Promise<SstableDetail | null>;
  /**
   * Issue #5: one OBKV request (`method` from `KV_METHODS`, engine/table/types.ts), as the table API
   * RPC of a client connected directly to this server. It enters the server's request queue at RPC
   * priority. Never rejects for an expected failure: the answer is `{ ok: false, error }` with the
   * ObErrorInfo (OB_NOT_MASTER when routed to a server that does not lead the tablet's LS: the client
   * refreshes and retries; -4019 OB_SIZE_OVERFLOW when the request queue is full).
   */
  kvCall(method: string, body: unknown): Promise<KvReply>;
}
