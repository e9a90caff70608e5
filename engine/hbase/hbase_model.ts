/**
 * The OBKV-HBase model on the schema (obkv-apis §2.1): an HBase table `t` (`ns:t`) is the set of
 * family tables `` `t$f` `` (`` `ns:t$f` `` in database `ns`) of a tablegroup, each
 * (K varbinary, Q varbinary, T bigint = −timestamp ms, V varbinary), PRIMARY KEY (K, Q, T). This
 * module resolves an HBase table name to its family tables (`HTableInfo`), reads each family's
 * KV_ATTRIBUTES (TimeToLive, MaxVersions, State) and builds the rowkeys and scan ranges of cells.
 *
 * Invariants: an `HTableInfo` is built once per (tenant, database, table) and schema version and
 * cached (the per-request path never parses schema JSON); families are in byte order of their
 * names, as HBase orders column families; every family table has the same partitioning, so
 * partition i of all of them is one LS (tablegroup alignment, done by the DDL service).
 */
import { Errors } from '../common/ob_error';
import { encodeRowkey, KEY_MAX_SUFFIX, type EncodedRowkey } from '../common/rowkey';
import type { ColumnType, Value } from '../common/value';
import type { TableSchema } from '../schema/schema';
import type { TenantSchemaService } from '../schema/schema_service';
import type { KeyRange } from '../sql/exec_context';

/** Columns of a family table, by position (the model's fixed layout). */
export const COL_K = 0;
export const COL_Q = 1;
export const COL_T = 2;
export const COL_V = 3;
export const KQTV = [COL_K, COL_Q, COL_T, COL_V];

/** MaxVersions shown for a family without a cap (HBase prints Integer.MAX_VALUE). */
export const UNLIMITED_VERSIONS = 2147483647;

/** One column family: its table and attributes. */
export interface HFamily {
  name: string;
  table: TableSchema;
  /** MaxVersions, or UNLIMITED_VERSIONS when KV_ATTRIBUTES sets none. */
  maxVersions: number;
  /** TimeToLive in ms, or null (forever). */
  ttlMs: number | null;
  /** KV_ATTRIBUTES "State" is not "disable". */
  enabled: boolean;
  /** Rowkey column types (K, Q, T). */
  keyTypes: ColumnType[];
}

/** An HBase table as the schema has it. */
export interface HTableInfo {
  /** The HBase name (`t` or `ns:t`). */
  htable: string;
  /** The OceanBase database holding the family tables. */
  database: string;
  /** Table-name prefix of the family tables (`t` / `ns:t`); also the tablegroup name. */
  prefix: string;
  families: HFamily[];
  byName: Map<string, HFamily>;
  /** Every family enabled (disable/enable act on all of them). */
  enabled: boolean;
  partitionCount: number;
}

/** Parsed `KV_ATTRIBUTES` of a family table (`{"Hbase": {"TimeToLive": s, "MaxVersions": n, "State": "disable"}}`). */
export interface HbaseKvAttributes {
  ttlSeconds: number | null;
  maxVersions: number | null;
  disabled: boolean;
}

/** Reads the Hbase part of KV_ATTRIBUTES (keys case-insensitive, as OceanBase's parser). Absent/invalid → defaults. */
export function parseKvAttributes(text: string | undefined): HbaseKvAttributes {
  const out: HbaseKvAttributes = { ttlSeconds: null, maxVersions: null, disabled: false };
  if (!text) return out;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return out;
  }
  const hb = pick(json, 'hbase');
  if (hb === undefined) return out;
  const ttl = pick(hb, 'timetolive');
  const mv = pick(hb, 'maxversions');
  const state = pick(hb, 'state');
  if (typeof ttl === 'number' && ttl > 0) out.ttlSeconds = ttl;
  if (typeof mv === 'number' && mv > 0) out.maxVersions = mv;
  out.disabled = typeof state === 'string' && state.toLowerCase() === 'disable';
  return out;
}

function pick(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === key) return v;
  return undefined;
}

/**
 * KV_ATTRIBUTES text in OceanBase's layout (`ObTTLUtil::format_kv_attributes_to_json_str`):
 * `{"Hbase": {"TimeToLive": 10, "MaxVersions": 3}}`, with `"State": "disable"/"enable"` once a
 * table was disabled or enabled.
 */
export function formatKvAttributes(a: { ttlSeconds: number | null; maxVersions: number | null; state?: 'enable' | 'disable' }): string {
  const parts: string[] = [];
  if (a.ttlSeconds !== null) parts.push(`"TimeToLive": ${a.ttlSeconds}`);
  if (a.maxVersions !== null) parts.push(`"MaxVersions": ${a.maxVersions}`);
  if (a.state) parts.push(`"State": "${a.state}"`);
  return `{"Hbase": {${parts.join(', ')}}}`;
}

/** Splits `ns:t` into (database, table prefix); the default namespace maps to `defaultDb`. */
export function splitHTableName(htable: string, defaultDb: string): { database: string; prefix: string; namespace: string | null } {
  const i = htable.indexOf(':');
  if (i < 0) return { database: defaultDb, prefix: htable, namespace: null };
  const ns = htable.slice(0, i);
  if (ns === 'default') return { database: defaultDb, prefix: htable.slice(i + 1), namespace: null };
  return { database: ns, prefix: htable, namespace: ns };
}

/** True when `t` has the family-table layout (K, Q, T, V with PRIMARY KEY (K, Q, T)). */
export function isFamilyTable(t: TableSchema): boolean {
  const c = t.columns;
  return (
    c.length >= 4 && c[COL_K].name.toUpperCase() === 'K' && c[COL_Q].name.toUpperCase() === 'Q' &&
    c[COL_T].name.toUpperCase() === 'T' && c[COL_V].name.toUpperCase() === 'V' &&
    t.rowkey.length === 3 && t.rowkey[0] === COL_K && t.rowkey[1] === COL_Q && t.rowkey[2] === COL_T &&
    t.name.includes('$')
  );
}

function buildInfo(schema: TenantSchemaService, htable: string, database: string, prefix: string): HTableInfo | null {
  const lower = `${prefix}$`.toLowerCase();
  const families: HFamily[] = [];
  for (const t of schema.listTables(database)) {
    if (!t.name.toLowerCase().startsWith(lower) || !isFamilyTable(t)) continue;
    const name = t.name.slice(lower.length);
    if (name.length === 0 || name.includes('$')) continue;
    const a = parseKvAttributes(t.options.kvAttributes);
    families.push({
      name,
      table: t,
      maxVersions: a.maxVersions ?? UNLIMITED_VERSIONS,
      ttlMs: a.ttlSeconds === null ? null : a.ttlSeconds * 1000,
      enabled: !a.disabled,
      keyTypes: t.rowkey.map((i) => t.columns[i].type),
    });
  }
  if (families.length === 0) return null;
  families.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    htable,
    database,
    prefix,
    families,
    byName: new Map(families.map((f) => [f.name, f])),
    enabled: families.every((f) => f.enabled),
    partitionCount: families[0].table.partitions.length,
  };
}

interface CacheEntry {
  version: number;
  info: HTableInfo | null;
}

const CACHE_LIMIT = 4096;

/**
 * Resolves HBase table names to their family tables, cached per (tenant, database, table) and
 * schema version: a lookup costs one Map get while the schema does not change.
 */
export class HTableCache {
  private readonly entries = new Map<string, CacheEntry>();

  /** The table, or null when it has no family table. Errors: none (the caller decides). */
  lookup(schema: TenantSchemaService, htable: string, defaultDb: string): HTableInfo | null {
    const { database, prefix } = splitHTableName(htable, defaultDb);
    const key = `${schema.tenantId}\u0000${database.toLowerCase()}\u0000${prefix.toLowerCase()}`;
    const hit = this.entries.get(key);
    if (hit && hit.version === schema.version) return hit.info;
    const info = buildInfo(schema, htable, database, prefix);
    if (this.entries.size >= CACHE_LIMIT) this.entries.clear();
    this.entries.set(key, { version: schema.version, info });
    return info;
  }

  /** The table; -10523 OB_KV_HBASE_TABLE_NOT_EXISTS when missing. */
  get(schema: TenantSchemaService, htable: string, defaultDb: string): HTableInfo {
    const info = this.lookup(schema, htable, defaultDb);
    if (!info) throw Errors.kvHbaseTableNotExists(htable);
    return info;
  }
}

/** The family, or -5200 (the family table `t$f` is unknown, as OBKV answers it). */
export function familyOf(info: HTableInfo, family: string): HFamily {
  const f = info.byName.get(family);
  if (!f) throw Errors.kvUnknownTable(`${info.prefix}$${family}`, info.database);
  return f;
}

// ---------------------------------------------------------------- keys and ranges

/** The rowkey of cell (K, Q, ts): T = −ts. */
export function cellKey(f: HFamily, row: string, qualifier: string, ts: number): EncodedRowkey {
  return encodeRowkey([row, qualifier, -ts], f.keyTypes);
}

/** Every version of every column of `row`. */
export function rowRange(f: HFamily, row: string): KeyRange {
  const p = encodeRowkey([row], f.keyTypes);
  return { start: p, startInclusive: true, end: p + KEY_MAX_SUFFIX, endInclusive: true };
}

/** Every version of column (row, qualifier), newest first in key order. */
export function columnRange(f: HFamily, row: string, qualifier: string): KeyRange {
  const p = encodeRowkey([row, qualifier], f.keyTypes);
  return { start: p, startInclusive: true, end: p + KEY_MAX_SUFFIX, endInclusive: true };
}

/**
 * The key range of rows [lowRow, highRow] with inclusivity per end; `null` bounds are open.
 * Returns null when the range is empty.
 */
export function rowsRange(
  f: HFamily, low: string | null, lowInclusive: boolean, high: string | null, highInclusive: boolean,
): KeyRange | null {
  let start = '';
  let startInclusive = true;
  if (low !== null) {
    const p = encodeRowkey([low], f.keyTypes);
    start = lowInclusive ? p : p + KEY_MAX_SUFFIX;
    startInclusive = lowInclusive;
  }
  let end = KEY_MAX_SUFFIX;
  let endInclusive = true;
  if (high !== null) {
    const p = encodeRowkey([high], f.keyTypes);
    end = highInclusive ? p + KEY_MAX_SUFFIX : p;
    endInclusive = highInclusive;
  }
  if (start > end || (start === end && !(startInclusive && endInclusive))) return null;
  return { start, startInclusive, end, endInclusive };
}

/** A stored row [K, Q, T, V] as cell parts; T is negated back to the timestamp. */
export function rowTimestamp(row: Value[]): number {
  const t = row[COL_T];
  return -(typeof t === 'bigint' ? Number(t) : (t as number));
}
