/**
 * Session system variables of a MySQL tenant (reference §8.1): their defaults, reading them for
 * `@@var` / SHOW VARIABLES, and validating `SET [SESSION|GLOBAL] var = value`. Values live in
 * `SessionState.variables` (lower-case names); a variable not set there has its default.
 * The playground's time zone is '+00:00' (time is UTC throughout).
 *
 * Errors: `Errors.unknownSystemVariable(name)`, `Errors.wrongValueForVar(name, value)`.
 */
import { Errors } from '../../common/ob_error';
import type { ColumnType, Value } from '../../common/value';
import type { ExecContext } from '../exec_context';

export const OB_VERSION = '5.7.25-OceanBase_CE-v4.3.3.0';

interface VarDef {
  default: Value;
  /** 'int' variables print and compare as integers; 'bool' ones accept ON/OFF/TRUE/FALSE/1/0. */
  kind: 'int' | 'bool' | 'string';
  values?: readonly string[];
  readOnly?: boolean;
}

const ISOLATION_LEVELS = ['READ-COMMITTED', 'REPEATABLE-READ', 'SERIALIZABLE'] as const;

export const SYSTEM_VARIABLES: ReadonlyMap<string, VarDef> = new Map<string, VarDef>([
  ['autocommit', { default: 1, kind: 'bool' }],
  ['auto_increment_increment', { default: 1, kind: 'int' }],
  ['auto_increment_offset', { default: 1, kind: 'int' }],
  ['character_set_client', { default: 'utf8mb4', kind: 'string' }],
  ['character_set_connection', { default: 'utf8mb4', kind: 'string' }],
  ['character_set_database', { default: 'utf8mb4', kind: 'string' }],
  ['character_set_results', { default: 'utf8mb4', kind: 'string' }],
  ['character_set_server', { default: 'utf8mb4', kind: 'string' }],
  ['collation_connection', { default: 'utf8mb4_general_ci', kind: 'string' }],
  ['collation_database', { default: 'utf8mb4_general_ci', kind: 'string' }],
  ['collation_server', { default: 'utf8mb4_general_ci', kind: 'string' }],
  ['interactive_timeout', { default: 28800, kind: 'int' }],
  ['lower_case_table_names', { default: 1, kind: 'int', readOnly: true }],
  ['max_allowed_packet', { default: 16777216, kind: 'int' }],
  ['net_read_timeout', { default: 30, kind: 'int' }],
  ['net_write_timeout', { default: 60, kind: 'int' }],
  ['ob_compatibility_mode', { default: 'MYSQL', kind: 'string', readOnly: true }],
  ['ob_query_timeout', { default: 10000000, kind: 'int' }],
  ['ob_read_consistency', { default: 'STRONG', kind: 'string', values: ['', 'STRONG', 'WEAK', 'FROZEN'] }],
  ['ob_route_policy', {
    default: 'READONLY_ZONE_FIRST', kind: 'string',
    values: ['READONLY_ZONE_FIRST', 'ONLY_READONLY_ZONE', 'UNMERGE_ZONE_FIRST', 'UNMERGE_FOLLOWER_FIRST', 'COLUMN_STORE_ONLY'],
  }],
  ['ob_trx_idle_timeout', { default: 86400000000, kind: 'int' }],
  ['ob_trx_timeout', { default: 86400000000, kind: 'int' }],
  ['ob_tcp_invited_nodes', { default: '127.0.0.1,::1', kind: 'string' }],
  ['sql_mode', { default: 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_AUTO_CREATE_USER', kind: 'string' }],
  ['system_time_zone', { default: '+00:00', kind: 'string', readOnly: true }],
  ['time_zone', { default: '+00:00', kind: 'string' }],
  ['transaction_isolation', { default: 'READ-COMMITTED', kind: 'string', values: ISOLATION_LEVELS }],
  ['tx_isolation', { default: 'READ-COMMITTED', kind: 'string', values: ISOLATION_LEVELS }],
  ['transaction_read_only', { default: 0, kind: 'bool' }],
  ['tx_read_only', { default: 0, kind: 'bool' }],
  ['version', { default: OB_VERSION, kind: 'string', readOnly: true }],
  ['version_comment', { default: 'OceanBase_CE 4.3.3.0 (r1-playground) (Built in the browser)', kind: 'string', readOnly: true }],
  ['wait_timeout', { default: 28800, kind: 'int' }],
]);

function typeOf(def: VarDef): ColumnType {
  return def.kind === 'string' ? { kind: 'varchar', precision: 1024 } : { kind: 'bigint' };
}

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/^(session|global|local)\./, '');
}

/** The current value of a system variable (session value, else default). */
export function readSystemVariable(ctx: ExecContext, rawName: string): { value: Value; type: ColumnType } {
  const name = normalizeName(rawName);
  const def = SYSTEM_VARIABLES.get(name);
  if (!def) throw Errors.unknownSystemVariable(name);
  const v = ctx.session.variables.has(name) ? ctx.session.variables.get(name)! : def.default;
  return { value: v, type: typeOf(def) };
}

/** Every system variable with its current value, sorted by name (SHOW VARIABLES). */
export function listSystemVariables(ctx: ExecContext): { name: string; value: Value }[] {
  return [...SYSTEM_VARIABLES.keys()].sort().map((name) => ({ name, value: readSystemVariable(ctx, name).value }));
}

function valueText(v: Value): string {
  return v === null ? 'NULL' : String(v);
}

/**
 * Validates and normalises a value for `name` (ON/OFF → 1/0, isolation names upper-cased).
 * `value` undefined means SET var = DEFAULT. Returns the canonical name and value.
 */
export function checkSystemVariable(rawName: string, value: Value | undefined): { name: string; value: Value } {
  const name = normalizeName(rawName);
  const def = SYSTEM_VARIABLES.get(name);
  if (!def) throw Errors.unknownSystemVariable(name);
  if (value === undefined) return { name, value: def.default };
  if (def.readOnly) throw Errors.invalidArgument(`Variable '${name}' is a read only variable`);
  if (def.kind === 'bool') {
    const s = valueText(value).toUpperCase();
    if (s === '1' || s === 'ON' || s === 'TRUE') return { name, value: 1 };
    if (s === '0' || s === 'OFF' || s === 'FALSE') return { name, value: 0 };
    throw Errors.wrongValueForVar(name, valueText(value));
  }
  if (def.kind === 'int') {
    const n = typeof value === 'number' ? value : Number(valueText(value));
    if (!Number.isInteger(n)) throw Errors.wrongValueForVar(name, valueText(value));
    return { name, value: n };
  }
  if (value === null) throw Errors.wrongValueForVar(name, 'NULL');
  const s = valueText(value);
  if (def.values) {
    const up = s.toUpperCase().replace(/ /g, '-');
    if (!def.values.includes(up)) throw Errors.wrongValueForVar(name, s);
    return { name, value: up };
  }
  return { name, value: s };
}
