/**
 * The OBKV client's location cache (OBKV direct mode: `TableRoute` / `TableEntry` /
 * `ObPartitionLocation`): per table, the table entry (schema, schema version, precomputed
 * partition info) fetched with `table.route` from any live server (rotating on failure), and per
 * log stream the leader as last learnt. Errors that mean "route wrong" refresh an LS location;
 * errors that mean "meta stale" re-fetch the table entry (reference obkv-apis §1.13).
 *
 * Invariants: an entry's partition info is computed once per schema version (no schema parse on
 * the hot path); locations are keyed by (tenantId, lsId) and shared by every table of the tenant;
 * a server that could not be reached is skipped until a request on that LS succeeds, and one that
 * answered "not master" until the LS's location changes (a location server's cache may still name
 * the old leader during an election).
 */
import { fromJson } from '../common/json';
import { Errors, ObError } from '../common/ob_error';
import type { ColumnType, Value } from '../common/value';
import type { TableSchema } from '../schema/schema';
import { KV_METHODS, type KvLsLocation, type KvReply, type TableRouteBody, type TableRouteReply } from '../table/types';
import type { KvTransport } from './transport';

/** Converts a rowkey value as the script gave it (after wire typing) to the stored key value. */
export type KeyConverter = (v: Value) => Value;

/** A cached table entry with its routing info precomputed. */
export interface TableEntry {
  tenantId: number;
  database: string;
  name: string;
  schema: TableSchema;
  schemaVersion: number;
  /** Rowkey column names in key order. */
  rowkeyNames: string[];
  /** Per partition-key expression: its position in the rowkey, or -1 when it is not a plain key column. */
  partKeyPositions: number[];
  /** Per partition-key expression: the column type (for key conversion). */
  partKeyTypes: ColumnType[];
  /** `KEY(c1)`, `HASH(c1)`, `RANGE COLUMNS(c1, c2)`, or null when not partitioned. */
  partitionDesc: string | null;
  /** Column name → true when VARBINARY/BINARY/BLOB (values read back as Uint8Array). */
  binaryColumns: Set<string>;
  /** Lower-cased column name → column type. */
  columnTypes: Map<string, ColumnType>;
  /** Time of the last fetch, µs (client clock). */
  fetchedUs: number;
  /** One-column partitioning keys → partition index (partition_calc.ts; string and number keys). */
  partitionMemo: Map<string | number, number>;
}

/** A server as the route answers describe it. */
export interface ServerAddr {
  svrIp: string;
  zone: string;
}

function partitionDescOf(schema: TableSchema): string | null {
  const scheme = schema.partitionScheme;
  if (scheme === null) return null;
  const names = scheme.exprs.map((e) => (e.kind === 'column' ? e.name : 'expr'));
  return `${scheme.kind}(${names.join(', ')})`;
}

/** Builds a table entry from a `table.route` answer (the only place a schema is parsed). */
export function buildTableEntry(database: string, name: string, reply: TableRouteReply, nowUs: number): TableEntry {
  const schema = fromJson<TableSchema>(reply.schemaJson);
  const rowkeyNames = schema.rowkey.map((i) => schema.columns[i].name);
  const lowerKey = rowkeyNames.map((n) => n.toLowerCase());
  const scheme = schema.partitionScheme;
  const partKeyPositions: number[] = [];
  const partKeyTypes: ColumnType[] = [];
  for (const e of scheme?.exprs ?? []) {
    const pos = e.kind === 'column' ? lowerKey.indexOf(e.name.toLowerCase()) : -1;
    partKeyPositions.push(pos);
    partKeyTypes.push(pos >= 0 ? schema.columns[schema.rowkey[pos]].type : { kind: 'bigint' });
  }
  const binaryColumns = new Set<string>();
  const columnTypes = new Map<string, ColumnType>();
  for (const c of schema.columns) {
    if (c.type.binary) binaryColumns.add(c.name);
    columnTypes.set(c.name.toLowerCase(), c.type);
  }
  return {
    tenantId: reply.tenantId, database, name, schema, schemaVersion: schema.schemaVersion, rowkeyNames,
    partKeyPositions, partKeyTypes, partitionDesc: partitionDescOf(schema), binaryColumns, columnTypes, fetchedUs: nowUs, partitionMemo: new Map(),
  };
}

/** An ObError from a failed reply or a rejected transport call (unreachable → OB_RPC_SEND_ERROR). */
export function replyError(reply: KvReply | null, cause: unknown, server: string): ObError {
  if (reply !== null && !reply.ok) return ObError.fromInfo(reply.error);
  if (cause instanceof ObError) return cause;
  return Errors.rpcSendError(server);
}

export class RouteCache {
  private readonly tables = new Map<string, TableEntry>();
  private readonly locations = new Map<string, KvLsLocation>();
  private readonly servers = new Map<number, ServerAddr>();
  /** Servers found unreachable per LS (`tenantId:lsId`), until a request on the LS succeeds. */
  private readonly down = new Map<string, Set<number>>();
  /** Servers that answered "not master" per LS, until its location names another leader. */
  private readonly notMaster = new Map<string, Set<number>>();
  private rotate = 0;
  /** Rotates the last-resort probe over an LS's replicas. */
  private probe = 0;
  /** In-flight `table.route` requests by table (and `loc:`-prefixed location refreshes). */
  private readonly inflight = new Map<string, Promise<TableEntry>>();

  constructor(
    private readonly transport: KvTransport,
    private readonly tenant: string,
    private readonly nowUs: () => number,
  ) {}

  /** The cached entry of `database.table`, or undefined (hot path: one Map lookup). */
  cached(database: string, table: string): TableEntry | undefined {
    return this.tables.get(`${database}.${table}`);
  }

  /** Forgets a table entry (after DDL through the HBase admin, or a meta error). */
  invalidate(database: string, table: string): void {
    this.tables.delete(`${database}.${table}`);
  }

  /** Forgets every entry whose name starts with `prefix` (HBase: `t$`). */
  invalidatePrefix(database: string, prefix: string): void {
    for (const [k, e] of this.tables) if (e.database === database && e.name.startsWith(prefix)) this.tables.delete(k);
  }

  /**
   * Fetches (or re-fetches) the entry of `database.table` with `table.route`, asking the live
   * servers in turn until one answers; updates the LS locations it reports.
   * Errors: -5200 OB_ERR_UNKNOWN_TABLE, unknown tenant, or the last send error when none answers.
   */
  refresh(database: string, table: string): Promise<TableEntry> {
    // Concurrent callers of a cold or stale entry share one `table.route` request.
    const key = `${database}.${table}`;
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending;
    const p = (async () => {
      const body: TableRouteBody = { tenant: this.tenant, database, table };
      const reply = (await this.askAny(KV_METHODS.route, body)) as TableRouteReply;
      const entry = buildTableEntry(database, table, reply, this.nowUs());
      this.tables.set(key, entry);
      this.learn(reply.tenantId, reply.locations);
      return entry;
    })().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** Re-reads the locations of `entry`'s LSs (after a route-wrong error); returns the LS's location. */
  async refreshLocation(entry: TableEntry, lsId: number): Promise<KvLsLocation | undefined> {
    const key = `loc:${entry.database}.${entry.name}`;
    let p = this.inflight.get(key);
    if (p === undefined) {
      p = (async () => {
        const body: TableRouteBody = { tenant: this.tenant, database: entry.database, table: entry.name };
        const reply = (await this.askAny(KV_METHODS.route, body)) as TableRouteReply;
        const fresh = buildTableEntry(entry.database, entry.name, reply, this.nowUs());
        const current = this.cached(entry.database, entry.name);
        if (current === undefined || fresh.schemaVersion !== current.schemaVersion) this.tables.set(`${entry.database}.${entry.name}`, fresh);
        this.learn(reply.tenantId, reply.locations);
        return fresh;
      })().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    await p;
    return this.location(entry.tenantId, lsId);
  }

  /** The cached location of an LS, or undefined. */
  location(tenantId: number, lsId: number): KvLsLocation | undefined {
    return this.locations.get(`${tenantId}:${lsId}`);
  }

  /**
   * The server to send an LS's request to: the leader, unless it was unreachable lately or said
   * "not master" since the location last changed; then the first replica that did neither; then
   * the reachable replicas in turn (an election may have finished meanwhile). Null when nothing is known.
   */
  target(tenantId: number, lsId: number): number | null {
    const k = `${tenantId}:${lsId}`;
    const loc = this.locations.get(k);
    if (loc === undefined) return null;
    const down = this.down.get(k);
    const nm = this.notMaster.get(k);
    if ((down === undefined || down.size === 0) && (nm === undefined || nm.size === 0)) return loc.leader ?? loc.replicas[0] ?? null;
    const alive = (s: number) => down === undefined || !down.has(s);
    const fresh = (s: number) => nm === undefined || !nm.has(s);
    if (loc.leader !== null && alive(loc.leader) && fresh(loc.leader)) return loc.leader;
    for (const r of loc.replicas) if (alive(r) && fresh(r)) return r;
    const n = loc.replicas.length;
    for (let i = 0; i < n; i++) {
      const r = loc.replicas[(this.probe + i) % n];
      if (alive(r)) {
        this.probe = (this.probe + i + 1) % n;
        return r;
      }
    }
    return loc.leader ?? loc.replicas[0] ?? null;
  }

  /** Records that `serverId` failed a request on an LS with `code` (unreachable or not master). */
  suspect(tenantId: number, lsId: number, serverId: number, code: number): void {
    const map = isUnreachable(code) ? this.down : this.notMaster;
    const k = `${tenantId}:${lsId}`;
    let s = map.get(k);
    if (s === undefined) map.set(k, (s = new Set()));
    s.add(serverId);
  }

  /** A request on the LS succeeded: every replica is a candidate again. */
  clearSuspects(tenantId: number, lsId: number): void {
    const k = `${tenantId}:${lsId}`;
    this.down.get(k)?.clear();
    this.notMaster.get(k)?.clear();
  }

  /** The server's address as the routes described it. */
  server(serverId: number): ServerAddr {
    return this.servers.get(serverId) ?? { svrIp: `server${serverId}`, zone: '' };
  }

  private learn(tenantId: number, locations: KvLsLocation[]): void {
    for (const loc of locations) {
      const k = `${tenantId}:${loc.lsId}`;
      const prev = this.locations.get(k);
      this.locations.set(k, loc);
      if (prev !== undefined && prev.leader !== loc.leader) this.notMaster.get(k)?.clear();
      if (loc.leader !== null && loc.svrIp !== null) this.servers.set(loc.leader, { svrIp: loc.svrIp, zone: loc.zone ?? '' });
    }
  }

  /**
   * Asks `method` of the live servers, starting from a rotating position, until one answers;
   * a failed reply that is not a send error is final (thrown as its ObError).
   */
  async askAny(method: string, body: unknown): Promise<unknown> {
    const ids = this.transport.servers();
    if (ids.length === 0) throw Errors.rpcSendError('no OBServer available');
    let last: ObError | null = null;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[(this.rotate + i) % ids.length];
      let reply: KvReply | null = null;
      let cause: unknown = null;
      try {
        reply = await this.transport.call(id, method, body);
      } catch (e) {
        cause = e;
      }
      if (reply !== null && reply.ok) {
        this.rotate = (this.rotate + i) % ids.length;
        return reply.value;
      }
      const err = replyError(reply, cause, this.server(id).svrIp);
      if (!isUnreachable(err.obCode)) throw err;
      last = err;
    }
    this.rotate++;
    throw last ?? Errors.rpcSendError('no OBServer available');
  }
}

/** Send failures: the server could not be reached or is not serving. */
export function isUnreachable(code: number): boolean {
  return code === -4121 || code === -4122 || code === -4638 || code === -8001 || code === -8002;
}

/** Codes that make OBKV refresh the partition location (route wrong), reference §1.13. */
export const REFRESH_LOCATION_CODES: ReadonlySet<number> = new Set([
  -4038, -4654, -4225, -4653, -4121, -4122, -4638, -8001, -8002, -6230, -5296,
]);

/** Codes that make OBKV re-fetch the table meta, reference §1.13. */
export const REFRESH_META_CODES: ReadonlySet<number> = new Set([-4029, -5019, -4725, -4719, -4723, -4138, -5627]);
