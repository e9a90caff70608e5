/**
 * Cluster and tenant parameters (`ALTER SYSTEM SET`, `SHOW PARAMETERS`): their defaults, their value
 * checks and where each value lives (OceanBase's `ObServerConfig` / `ObTenantConfig`).
 *
 * Scope as in OceanBase V4 (reference §4.2, DOC `CFG/...`):
 * - a CLUSTER parameter has one value for every tenant;
 * - a TENANT parameter has one value per tenant: a user tenant sets its own, the sys tenant sets
 *   its own or, with `TENANT = t` / `all_user`, another tenant's. Unset tenants use the default.
 *
 * Values are checked when set, as `ObAdminSetConfig::verify_config` does: a value its parameter
 * cannot parse or that lies outside the range fails with ERROR 4147 "Invalid config"
 * (OB_INVALID_CONFIG) and nothing changes. Values are kept as the canonical text SHOW PARAMETERS
 * prints (`True`/`False` for booleans, lower-case enumerations).
 */
import { FREEZE_TRIGGER_PERCENTAGE, MINOR_COMPACT_TRIGGER_DEFAULT } from '../common/limits';
import { Errors } from '../common/ob_error';

export type ParameterScope = 'TENANT' | 'CLUSTER';

export interface ParameterDef {
  name: string;
  /** Default value, as SHOW PARAMETERS prints it. */
  value: string;
  scope: ParameterScope;
  info: string;
  /** The canonical text of a valid `raw` value, or null when the value is invalid. */
  check(raw: string): string | null;
}

/** An integer in [lo, hi] (percentages, trigger counts). */
function intIn(lo: number, hi: number): (raw: string) => string | null {
  return (raw) => {
    if (!/^[+-]?\d+$/.test(raw.trim())) return null;
    const n = Number(raw.trim());
    return n >= lo && n <= hi ? String(n) : null;
  };
}

/** `HH:MM` (00:00–23:59) or `disable` (major_freeze_duty_time). */
function dutyTime(raw: string): string | null {
  const text = raw.trim();
  if (text.toLowerCase() === 'disable') return 'disable';
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const hh = Number(m[1]);
  const mm = Number(m[2]);
  return hh < 24 && mm < 60 ? `${String(hh).padStart(2, '0')}:${m[2]}` : null;
}

function oneOf(...values: string[]): (raw: string) => string | null {
  return (raw) => {
    const lower = raw.trim().toLowerCase();
    return values.includes(lower) ? lower : null;
  };
}

function bool(raw: string): string | null {
  const lower = raw.trim().toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(lower)) return 'True';
  if (['false', 'off', '0', 'no'].includes(lower)) return 'False';
  return null;
}

/** A time span like `10s`, `3600s`, `10m`, `500ms` (a bare number means seconds). */
function timeSpan(raw: string): string | null {
  return /^\d+(us|ms|s|m|h|d)?$/i.test(raw.trim()) ? raw.trim() : null;
}

/** `[HH:MM:SS, HH:MM:SS]` (kv_ttl_duty_duration): the daily window of the TTL task, end up to 24:00:00. */
function dutyDuration(raw: string): string | null {
  const m = /^\[\s*(\d{1,2}):(\d{2}):(\d{2})\s*,\s*(\d{1,2}):(\d{2}):(\d{2})\s*\]$/.exec(raw.trim());
  if (!m) return raw.trim() === '' ? '' : null;
  const [h1, m1, s1, h2, m2, s2] = m.slice(1).map(Number);
  const secs = (h: number, mi: number, se: number) => (mi < 60 && se < 60 ? h * 3600 + mi * 60 + se : Infinity);
  const a = secs(h1, m1, s1);
  const b = secs(h2, m2, s2);
  if (a > 86400 || b > 86400 || a > b) return null;
  const t = (h: number, mi: number, se: number) => [h, mi, se].map((x) => String(x).padStart(2, '0')).join(':');
  return `[${t(h1, m1, s1)}, ${t(h2, m2, s2)}]`;
}

export const PARAMETER_DEFS: readonly ParameterDef[] = [
  { name: 'freeze_trigger_percentage', value: String(FREEZE_TRIGGER_PERCENTAGE), scope: 'TENANT', info: 'the threshold of the size of the mem store when freeze will be triggered', check: intIn(1, 99) },
  { name: 'major_freeze_duty_time', value: '02:00', scope: 'TENANT', info: 'the start time of system daily merge procedure', check: dutyTime },
  { name: 'minor_compact_trigger', value: String(MINOR_COMPACT_TRIGGER_DEFAULT), scope: 'TENANT', info: 'minor_compact_trigger', check: intIn(0, 16) },
  { name: 'major_compact_trigger', value: '0', scope: 'TENANT', info: 'major_compact_trigger alias to minor_freeze_times', check: intIn(0, 65535) },
  { name: 'memstore_limit_percentage', value: '0', scope: 'CLUSTER', info: 'used in calculating the value of MEMSTORE_LIMIT', check: intIn(0, 99) },
  { name: 'lease_time', value: '10s', scope: 'CLUSTER', info: 'heartbeat lease time', check: timeSpan },
  { name: 'server_permanent_offline_time', value: '3600s', scope: 'CLUSTER', info: 'the time interval between any two heartbeats beyond which a server is considered to be permanently offline', check: timeSpan },
  { name: 'default_table_store_format', value: 'row', scope: 'TENANT', info: 'default table store format', check: oneOf('row', 'column', 'compound') },
  { name: 'max_stale_time_for_weak_consistency', value: '5s', scope: 'TENANT', info: 'the max data stale time that cluster weak read version behind current timestamp', check: timeSpan },
  { name: 'enable_rebalance', value: 'True', scope: 'TENANT', info: 'specifies whether the partition load-balancing is turned on', check: bool },
  // Issue #5, OBKV TTL (obkv-apis §1.10, §2.5): ALTER SYSTEM TRIGGER TTL needs enable_kv_ttl.
  { name: 'enable_kv_ttl', value: 'False', scope: 'TENANT', info: 'specifies whether ttl task is enbled', check: bool },
  { name: 'kv_ttl_duty_duration', value: '[00:00:00, 24:00:00]', scope: 'TENANT', info: 'ttl background task working time duration. begin_time or end_time in Range, e.g., [23:00:00, 24:00:00]', check: dutyDuration },
  { name: 'kv_ttl_history_recycle_interval', value: '7d', scope: 'TENANT', info: 'the time to recycle ttl history. Range: [1d, 180d]', check: timeSpan },
];

/** Name, default, scope and description of every parameter (SHOW PARAMETERS order). */
export const DEFAULT_PARAMETERS: { name: string; value: string; scope: ParameterScope; info: string }[] = PARAMETER_DEFS.map(
  ({ name, value, scope, info }) => ({ name, value, scope, info }),
);

const DEFS_BY_NAME: ReadonlyMap<string, ParameterDef> = new Map(PARAMETER_DEFS.map((d) => [d.name, d]));

export function parameterDef(name: string): ParameterDef | undefined {
  return DEFS_BY_NAME.get(name.toLowerCase());
}

/**
 * The canonical value of `raw` for parameter `name`.
 * Errors: `Errors.invalidArgument('Invalid config: name')` for an unknown name (as before this
 * slice), `Errors.invalidConfig()` (ERROR 4147) for a value the parameter refuses.
 */
export function checkParameterValue(name: string, raw: string): string {
  const def = parameterDef(name);
  if (!def) throw Errors.invalidArgument(`Invalid config: ${name}`);
  const value = def.check(raw);
  if (value === null) throw Errors.invalidConfig();
  return value;
}

/**
 * The values of one server: `cluster` holds every parameter's cluster-wide value (the default of a
 * TENANT parameter for tenants that never set it); `tenants` holds per-tenant overrides.
 */
export class ParameterStore {
  readonly cluster = new Map<string, string>(PARAMETER_DEFS.map((d) => [d.name, d.value]));
  private readonly tenants = new Map<number, Map<string, string>>();

  /** The value `tenantId` sees (its own for a TENANT parameter, else the cluster's). */
  get(name: string, tenantId?: number): string {
    const def = parameterDef(name);
    if (def?.scope === 'TENANT' && tenantId !== undefined) {
      const own = this.tenants.get(tenantId)?.get(def.name);
      if (own !== undefined) return own;
    }
    return this.cluster.get(name.toLowerCase()) ?? def?.value ?? '';
  }

  /** Sets a checked value: for `tenantIds` (TENANT parameters) or cluster-wide (null). */
  set(name: string, value: string, tenantIds: readonly number[] | null): void {
    const key = name.toLowerCase();
    if (tenantIds === null) {
      this.cluster.set(key, value);
      return;
    }
    for (const t of tenantIds) {
      let own = this.tenants.get(t);
      if (!own) this.tenants.set(t, (own = new Map()));
      own.set(key, value);
    }
  }

  /** SHOW PARAMETERS of a session in `tenantId`. */
  list(tenantId: number): { name: string; value: string; scope: ParameterScope; info: string }[] {
    return DEFAULT_PARAMETERS.map((p) => ({ ...p, value: this.get(p.name, tenantId) }));
  }
}
