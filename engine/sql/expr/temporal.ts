/**
 * DATE / DATETIME values: parsing, normalisation, calendar arithmetic (OceanBase's `ObTime`,
 * `ObTimeConverter`, MySQL mode).
 *
 * Values are canonical strings — `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS[.ffffff]` — so they order
 * correctly as text (see common/value.ts). This module turns lenient user text ('2024-1-5',
 * '2024-01-05 10:00', '20240105', 240105) into canonical text, and does interval arithmetic on a
 * broken-down `DateTimeParts`. The calendar is proleptic Gregorian, years 0000–9999; the session
 * time zone is '+00:00' (UTC), so epoch conversions are plain arithmetic.
 *
 * Invariants: every string this module returns is canonical and valid (month 1–12, day within the
 * month) or the zero date `0000-00-00` (allowed: the tenant's sql_mode lacks NO_ZERO_DATE);
 * functions return `null` for text that is not a date, never throw for user input.
 */

export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds, 0–999999. */
  micro: number;
}

export const US_PER_SECOND = 1_000_000;
export const US_PER_DAY = 86_400 * US_PER_SECOND;
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm; negative before 1970). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (inverse of `daysFromCivil`). */
export function civilFromDays(z: number): { year: number; month: number; day: number } {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

/** 1-based day of the year. */
export function dayOfYear(p: DateTimeParts): number {
  return DAYS_BEFORE_MONTH[p.month - 1] + p.day + (p.month > 2 && isLeapYear(p.year) ? 1 : 0);
}

/** 0 = Monday … 6 = Sunday (MySQL WEEKDAY). */
export function weekdayOf(p: DateTimeParts): number {
  const days = daysFromCivil(p.year, p.month, p.day); // 1970-01-01 was a Thursday (3)
  return (((days + 3) % 7) + 7) % 7;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
const pad4 = (n: number) => String(n).padStart(4, '0');

export function formatDateParts(p: DateTimeParts): string {
  return `${pad4(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Canonical DATETIME text; `fsp` fractional digits (0 = none). */
export function formatDatetimeParts(p: DateTimeParts, fsp = 0): string {
  const base = `${formatDateParts(p)} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  if (fsp <= 0) return base;
  return `${base}.${String(p.micro).padStart(6, '0').slice(0, fsp)}`;
}

/** `HH:MM:SS[.ffffff]` (TIME text; fraction only when non-zero or fsp > 0). */
export function formatTimeParts(p: DateTimeParts, fsp = 0): string {
  const base = `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
  return fsp > 0 ? `${base}.${String(p.micro).padStart(6, '0').slice(0, fsp)}` : base;
}

function isZeroDate(p: DateTimeParts): boolean {
  return p.year === 0 && p.month === 0 && p.day === 0;
}

/** Calendar and clock ranges; the zero date is valid (NO_ZERO_DATE is not in sql_mode). */
export function isValidParts(p: DateTimeParts): boolean {
  if (p.hour > 23 || p.minute > 59 || p.second > 59 || p.micro > 999999) return false;
  if (p.hour < 0 || p.minute < 0 || p.second < 0 || p.micro < 0) return false;
  if (isZeroDate(p)) return true;
  if (p.year < 0 || p.year > 9999 || p.month < 1 || p.month > 12) return false;
  return p.day >= 1 && p.day <= daysInMonth(p.year, p.month);
}

/** Two-digit years: 70–99 → 1970–1999, 00–69 → 2000–2069 (MySQL). */
function expandYear(y: number, digits: number): number {
  if (digits > 2) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

/** Rounds a fraction text to microseconds; may carry into the second (returns 1000000). */
function fractionToMicro(frac: string): number {
  if (frac.length <= 6) return parseInt(frac.padEnd(6, '0'), 10);
  const us = parseInt(frac.slice(0, 6), 10);
  return frac.charCodeAt(6) >= 53 /* '5' */ ? us + 1 : us;
}

/** Parses all-digit text (`YYYYMMDD`, `YYMMDD`, `YYYYMMDDHHMMSS`, `YYMMDDHHMMSS`) with a fraction. */
function parseUndelimited(digits: string, frac: string): { parts: DateTimeParts; hasTime: boolean } | null {
  const n = digits.length;
  let yearDigits: number;
  if (n === 8 || n === 14) yearDigits = 4;
  else if (n === 6 || n === 12) yearDigits = 2;
  else if (n === 5 || n === 7 || n === 11 || n === 13) {
    // MySQL pads odd lengths on the left (e.g. 1231 → 0001231): keep that rule for numbers only.
    return parseUndelimited('0' + digits, frac);
  } else return null;
  const num = (from: number, len: number) => parseInt(digits.slice(from, from + len), 10);
  const year = expandYear(num(0, yearDigits), yearDigits);
  const parts: DateTimeParts = {
    year,
    month: num(yearDigits, 2),
    day: num(yearDigits + 2, 2),
    hour: 0,
    minute: 0,
    second: 0,
    micro: 0,
  };
  const hasTime = n > 8;
  if (hasTime) {
    parts.hour = num(yearDigits + 4, 2);
    parts.minute = num(yearDigits + 6, 2);
    parts.second = num(yearDigits + 8, 2);
    if (frac) parts.micro = fractionToMicro(frac);
  }
  return { parts, hasTime };
}

const DELIMITED = /^(\d{1,4})[^\d](\d{1,2})[^\d](\d{1,2})(?:(?:[T ]+|[^\d])(\d{1,2})(?:[^\d](\d{1,2})(?:[^\d](\d{1,2})(?:\.(\d*))?)?)?)?$/;

/**
 * Parses MySQL date/datetime text leniently: delimited (`2024-1-5`, `2024/01/05 10:00`,
 * `2024-01-05T10:00:00.5`, `24-01-05`) or undelimited (`20240105`, `20240105103000`).
 * Returns null when the text is not a valid date (including an impossible day like Feb 30).
 * A fraction beyond microseconds is rounded, carrying into seconds.
 */
export function parseTemporalText(text: string): { parts: DateTimeParts; hasTime: boolean } | null {
  const s = text.trim();
  if (s === '') return null;
  let r: { parts: DateTimeParts; hasTime: boolean } | null;
  const m = DELIMITED.exec(s);
  if (m) {
    const parts: DateTimeParts = {
      year: expandYear(parseInt(m[1], 10), m[1].length),
      month: parseInt(m[2], 10),
      day: parseInt(m[3], 10),
      hour: m[4] ? parseInt(m[4], 10) : 0,
      minute: m[5] ? parseInt(m[5], 10) : 0,
      second: m[6] ? parseInt(m[6], 10) : 0,
      micro: m[7] ? fractionToMicro(m[7]) : 0,
    };
    r = { parts, hasTime: m[4] !== undefined };
  } else {
    const u = /^(\d+)(?:\.(\d*))?$/.exec(s);
    r = u ? parseUndelimited(u[1], u[2] ?? '') : null;
  }
  if (!r) return null;
  if (r.parts.micro === US_PER_SECOND) {
    r.parts.micro = 0;
    const carried = addSeconds(r.parts, 1);
    if (!carried) return null;
    r.parts = carried;
  }
  return isValidParts(r.parts) ? r : null;
}

/**
 * A number as a date: 20240105 → 2024-01-05, 240105, 20240105103000 (MySQL's number → DATETIME
 * rule by digit count). 0 is the zero date. Null when not a valid date.
 */
export function parseTemporalNumber(n: number | bigint, fracText = ''): { parts: DateTimeParts; hasTime: boolean } | null {
  if (n === 0 || n === 0n) {
    return { parts: { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 }, hasTime: false };
  }
  if (n < 0) return null;
  const digits = String(n);
  if (digits.length < 3 || digits.length > 14) return null;
  const padded = digits.length <= 6 ? digits.padStart(6, '0') : digits.length <= 8 ? digits.padStart(8, '0')
    : digits.length <= 12 ? digits.padStart(12, '0') : digits.padStart(14, '0');
  const r = parseUndelimited(padded, fracText);
  return r && isValidParts(r.parts) ? r : null;
}

/**
 * Fast decomposition of a canonical value (`YYYY-MM-DD[ HH:MM:SS[.ffffff]]`) as stored; falls
 * back to the lenient parser for anything else. Null when not a date.
 */
export function partsOf(s: string): DateTimeParts | null {
  const n = s.length;
  if ((n === 10 || n >= 19) && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const d = (i: number) => s.charCodeAt(i) - 48;
    const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const month = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    if (n === 10) return { year, month, day, hour: 0, minute: 0, second: 0, micro: 0 };
    if (s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
      const micro = n > 20 && s.charCodeAt(19) === 46 ? parseInt(s.slice(20, 26).padEnd(6, '0'), 10) : 0;
      return { year, month, day, hour: d(11) * 10 + d(12), minute: d(14) * 10 + d(15), second: d(17) * 10 + d(18), micro };
    }
  }
  const r = parseTemporalText(s);
  return r ? r.parts : null;
}

/** Canonical DATE text of lenient input, or null. A time part is dropped (MySQL notes it). */
export function normalizeDateText(text: string): string | null {
  const r = parseTemporalText(text);
  return r ? formatDateParts(r.parts) : null;
}

/** Canonical DATETIME text of lenient input with `fsp` digits (fraction rounded), or null. */
export function normalizeDatetimeText(text: string, fsp = 0): string | null {
  const r = parseTemporalText(text);
  if (!r) return null;
  const p = roundToFsp(r.parts, fsp);
  return p ? formatDatetimeParts(p, fsp) : null;
}

/** Rounds the microseconds to `fsp` digits half up, carrying into the seconds; null on overflow. */
export function roundToFsp(p: DateTimeParts, fsp: number): DateTimeParts | null {
  if (fsp >= 6 || p.micro === 0) return p;
  const unit = 10 ** (6 - fsp);
  const micro = Math.round(p.micro / unit) * unit;
  if (micro < US_PER_SECOND) return { ...p, micro };
  return addSeconds({ ...p, micro: 0 }, 1);
}

/** Microseconds since the Unix epoch (UTC) of a broken-down time. */
export function epochUsOf(p: DateTimeParts): number {
  const days = daysFromCivil(p.year, p.month, p.day);
  return days * US_PER_DAY + ((p.hour * 60 + p.minute) * 60 + p.second) * US_PER_SECOND + p.micro;
}

/** The UTC broken-down time of µs since the Unix epoch. */
export function partsFromEpochUs(us: number): DateTimeParts {
  const days = Math.floor(us / US_PER_DAY);
  let rest = us - days * US_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const micro = rest % US_PER_SECOND;
  rest = (rest - micro) / US_PER_SECOND;
  return { year, month, day, hour: Math.floor(rest / 3600), minute: Math.floor(rest / 60) % 60, second: rest % 60, micro };
}

/** Adds whole seconds (may be negative); null when leaving years 0000–9999. */
export function addSeconds(p: DateTimeParts, seconds: number): DateTimeParts | null {
  return addMicroseconds(p, seconds * US_PER_SECOND);
}

/** Adds microseconds via day number + time of day (exact while |deltaUs| < 2^53 − 1 day). */
export function addMicroseconds(p: DateTimeParts, deltaUs: number): DateTimeParts | null {
  const days = daysFromCivil(p.year, p.month, p.day);
  const tod = ((p.hour * 60 + p.minute) * 60 + p.second) * US_PER_SECOND + p.micro + deltaUs;
  const dayCarry = Math.floor(tod / US_PER_DAY);
  const rest = tod - dayCarry * US_PER_DAY; // 0 ≤ rest < one day
  const civil = civilFromDays(days + dayCarry);
  if (civil.year < 0 || civil.year > 9999) return null;
  const micro = rest % US_PER_SECOND;
  const secs = (rest - micro) / US_PER_SECOND;
  return { ...civil, hour: Math.floor(secs / 3600), minute: Math.floor(secs / 60) % 60, second: secs % 60, micro };
}

/** Adds calendar months, clamping the day to the month's last day ('2024-01-31' + 1 → '2024-02-29'). */
export function addMonths(p: DateTimeParts, months: number): DateTimeParts | null {
  const total = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(total / 12);
  if (year < 0 || year > 9999) return null;
  const month = total - year * 12 + 1;
  return { ...p, year, month, day: Math.min(p.day, daysInMonth(year, month)) };
}

export type IntervalUnitName = 'MICROSECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

const UNIT_US: Partial<Record<IntervalUnitName, number>> = {
  MICROSECOND: 1,
  SECOND: US_PER_SECOND,
  MINUTE: 60 * US_PER_SECOND,
  HOUR: 3600 * US_PER_SECOND,
  DAY: US_PER_DAY,
  WEEK: 7 * US_PER_DAY,
};

/** True for units that change the date only (a DATE stays a DATE). */
export function isDateUnit(unit: IntervalUnitName): boolean {
  return unit === 'DAY' || unit === 'WEEK' || unit === 'MONTH' || unit === 'QUARTER' || unit === 'YEAR';
}

/**
 * `p + INTERVAL n unit` (MySQL DATE_ADD). Month-based units clamp the day; null (MySQL: NULL with
 * a warning) when the result leaves 0000–9999 or the input is the zero date.
 */
export function addInterval(p: DateTimeParts, n: number, unit: IntervalUnitName): DateTimeParts | null {
  if (isZeroDate(p)) return null;
  switch (unit) {
    case 'MONTH':
      return addMonths(p, n);
    case 'QUARTER':
      return addMonths(p, n * 3);
    case 'YEAR':
      return addMonths(p, n * 12);
    case 'DAY':
    case 'WEEK': {
      const civil = civilFromDays(daysFromCivil(p.year, p.month, p.day) + n * (unit === 'WEEK' ? 7 : 1));
      return civil.year < 0 || civil.year > 9999 ? null : { ...p, ...civil };
    }
    default: {
      const us = UNIT_US[unit]!;
      // Split whole days off first so µs arithmetic stays exact for large intervals.
      const perDay = US_PER_DAY / us;
      const wholeDays = Math.trunc(n / perDay);
      const moved = wholeDays === 0 ? p : addInterval(p, wholeDays, 'DAY');
      return moved && addMicroseconds(moved, (n - wholeDays * perDay) * us);
    }
  }
}
