/**
 * OBKV table options (issue #5): `KV_ATTRIBUTES = '{...}'` of HBase-model tables and
 * `TTL(col + INTERVAL n unit)` of TTL tables (reference obkv-apis §1.10, §2.1, §2.5).
 *
 * KV_ATTRIBUTES is stored verbatim (`TableOptions.kvAttributes`) after OceanBase's format check
 * (`ObTTLUtil::parse_kv_attributes`): a JSON object with one model key — `Hbase`
 * (`{"TimeToLive": seconds, "MaxVersions": n}`, both optional, both > 0) or `Redis`. Anything
 * else is `ERROR 1235 (0A000): kv attributes with wrong format not supported`, as OceanBase says.
 * A TTL column must exist and be DATETIME or TIMESTAMP (OB_TTL_COLUMN_NOT_EXIST /
 * OB_TTL_COLUMN_TYPE_NOT_SUPPORTED). Consumers (the table and HBase services) read the parsed
 * form through `hbaseAttributesOf` and `ttlIntervalUs`-style helpers here.
 */
import { Errors } from '../common/ob_error';
import type { ColumnSchema, TableSchema, TtlDefinition } from './schema';

/** HBase family attributes of a table's KV_ATTRIBUTES (absent fields: HBase's defaults). */
export interface HbaseKvAttributes {
  /** Seconds a cell lives; undefined: forever. */
  timeToLiveS?: number;
  /** Versions kept per cell; undefined: unlimited (OceanBase keeps all versions by default). */
  maxVersions?: number;
}

const wrongFormat = () => Errors.notSupported('kv attributes with wrong format');

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a KV_ATTRIBUTES text and returns it unchanged (stored verbatim).
 * Errors: `notSupported('kv attributes with wrong format')` for invalid JSON or an unknown model;
 * `Errors.ttlInvalidHbaseTtl` / `ttlInvalidHbaseMaxVersions` for a TimeToLive / MaxVersions ≤ 0
 * or not an integer.
 */
export function checkKvAttributes(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw wrongFormat();
  }
  if (!isObject(parsed)) throw wrongFormat();
  const keys = Object.keys(parsed);
  if (keys.length !== 1) throw wrongFormat();
  const model = keys[0].toLowerCase();
  const body = parsed[keys[0]];
  if (!isObject(body)) throw wrongFormat();
  if (model === 'redis') return text;
  if (model !== 'hbase') throw wrongFormat();
  for (const [k, v] of Object.entries(body)) {
    const key = k.toLowerCase();
    if (key === 'timetolive' && !(Number.isSafeInteger(v) && (v as number) > 0)) throw Errors.ttlInvalidHbaseTtl();
    if (key === 'maxversions' && !(Number.isSafeInteger(v) && (v as number) > 0)) throw Errors.ttlInvalidHbaseMaxVersions();
  }
  return text;
}

/**
 * The HBase attributes of a table (its KV_ATTRIBUTES `Hbase` object), or undefined when the
 * table has no KV_ATTRIBUTES or they are not HBase's. Never throws (the text was checked at DDL).
 */
export function hbaseAttributesOf(table: Pick<TableSchema, 'options'>): HbaseKvAttributes | undefined {
  const text = table.options.kvAttributes;
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const key = Object.keys(parsed).find((k) => k.toLowerCase() === 'hbase');
  const body = key === undefined ? undefined : parsed[key];
  if (!isObject(body)) return undefined;
  const out: HbaseKvAttributes = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v !== 'number') continue;
    if (k.toLowerCase() === 'timetolive') out.timeToLiveS = v;
    if (k.toLowerCase() === 'maxversions') out.maxVersions = v;
  }
  return out;
}

/**
 * Checks a TTL definition against the table's columns and returns it with the column's declared
 * name. Errors: `Errors.ttlColumnNotExist`, `Errors.ttlColumnTypeNotSupported` (not DATETIME or
 * TIMESTAMP).
 */
export function checkTtlColumn(ttl: TtlDefinition, columns: readonly ColumnSchema[]): TtlDefinition {
  const c = columns.find((x) => !x.hidden && x.name.toLowerCase() === ttl.column.toLowerCase());
  if (!c) throw Errors.ttlColumnNotExist(ttl.column);
  if (c.type.kind !== 'datetime' && c.type.kind !== 'timestamp') throw Errors.ttlColumnTypeNotSupported(c.name);
  return { column: c.name, interval: ttl.interval, unit: ttl.unit };
}

/** `expired_ts + INTERVAL 5 SECOND` — a TTL definition's text (OceanBase's `ttl_definition`). */
export function ttlDefinitionText(ttl: TtlDefinition): string {
  return `${ttl.column} + INTERVAL ${ttl.interval} ${ttl.unit}`;
}

/** `TTL = (expired_ts + INTERVAL 5 SECOND)` — how SHOW CREATE TABLE prints it (ObSchemaPrinter). */
export function ttlText(ttl: TtlDefinition): string {
  return `TTL = (${ttlDefinitionText(ttl)})`;
}
