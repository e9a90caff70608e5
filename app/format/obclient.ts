/**
 * Text the way obclient (a MariaDB-based mysql client) prints it, so the page reads like the
 * real console: status lines after each statement, errors with code and SQLSTATE, and the
 * units the panels show (every number carries its unit: architecture §9).
 */
import type { ObErrorInfo } from '../../engine/common/ob_error';
import type { WireResult } from '../../engine/server/api';

/** `(0.004 sec)`: obclient prints the elapsed time with 3 decimals. */
export function formatElapsed(elapsedUs: number): string {
  return `(${(Math.max(0, elapsedUs) / 1_000_000).toFixed(3)} sec)`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function warnings(n: number): string {
  return n > 0 ? `, ${plural(n, 'warning', 'warnings')}` : '';
}

/**
 * The status line after a statement:
 * `3 rows in set (0.004 sec)`, `1 row in set, 1 warning (0.001 sec)`, `Empty set (0.000 sec)`,
 * `Query OK, 1 row affected (0.002 sec)`.
 */
export function statusLine(r: WireResult): string {
  const time = formatElapsed(r.elapsedUs);
  if (r.kind === 'rows') {
    if (r.rows.length === 0) return `Empty set${warnings(r.warningCount)} ${time}`;
    return `${plural(r.rows.length, 'row', 'rows')} in set${warnings(r.warningCount)} ${time}`;
  }
  return `Query OK, ${plural(r.affectedRows, 'row', 'rows')} affected${warnings(r.warningCount)} ${time}`;
}

/** `ERROR 1146 (42S02): Table 'test.t9' doesn't exist` */
export function errorLine(e: Pick<ObErrorInfo, 'mysqlCode' | 'sqlState' | 'message'>): string {
  return `ERROR ${e.mysqlCode} (${e.sqlState}): ${e.message}`;
}

export { formatBytes, formatCount } from '../../engine/common/result_notes';

/** A percentage of done/total, `0%` when total is 0. */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.max(0, Math.round((done / total) * 100))) : 0;
}

/** `HH:MM:SS.mmm` of a µs timestamp, in local time (for the event timeline). */
export function clockTime(atUs: number): string {
  const d = new Date(Math.floor(atUs / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
