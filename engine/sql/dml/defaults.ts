/**
 * Column defaults evaluated at insert time: DEFAULT CURRENT_TIMESTAMP takes the statement's
 * time (`ctx.nowUs()`, µs since the epoch, UTC as the playground's time_zone '+00:00'),
 * formatted with the column's fractional-second precision.
 */
import type { Value } from '../../common/value';
import type { ColumnSchema } from '../../schema/schema';
import type { ExecContext } from '../exec_context';

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` of `us` µs since the epoch, in UTC, with `fsp` fraction digits. */
export function datetimeTextOfUs(us: number, fsp = 0): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // 2024-01-05T10:00:00.123Z
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  if (fsp <= 0) return base;
  const micros = String(((us % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${base}.${micros.slice(0, fsp)}`;
}

export function defaultNowValue(c: ColumnSchema, ctx: ExecContext): Value {
  const text = datetimeTextOfUs(ctx.nowUs(), c.type.precision ?? 0);
  return c.type.kind === 'date' ? text.slice(0, 10) : text;
}
