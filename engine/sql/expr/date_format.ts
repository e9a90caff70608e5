/**
 * DATE_FORMAT and STR_TO_DATE format strings (OceanBase's `ObTimeConverter::ob_time_to_str_format`
 * and `str_to_ob_time_format`, MySQL specifiers, English names).
 *
 * Supported specifiers: %a %b %c %D %d %e %f %H %h %I %i %j %k %l %M %m %p %r %S %s %T %W %w
 * %Y %y %%; any other `%x` prints `x`. STR_TO_DATE accepts the same set (names matched
 * case-insensitively, numbers with up to their width in digits) and yields the parts it read:
 * missing parts are zero; NULL when the text does not match or the date is invalid.
 */
import { dayOfYear, isValidParts, weekdayOf, civilFromDays, daysFromCivil, type DateTimeParts } from './temporal';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function ordinalSuffix(d: number): string {
  if (d >= 11 && d <= 13) return 'th';
  const last = d % 10;
  return last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
}

function hour12(h: number): number {
  const r = h % 12;
  return r === 0 ? 12 : r;
}

/** One specifier's text for `p`, or null when `c` is not a specifier (printed literally). */
function formatSpecifier(c: string, p: DateTimeParts): string | null {
  switch (c) {
    case 'a': return DAYS[weekdayOf(p)].slice(0, 3);
    case 'b': return p.month ? MONTHS[p.month - 1].slice(0, 3) : '';
    case 'c': return String(p.month);
    case 'D': return `${p.day}${ordinalSuffix(p.day)}`;
    case 'd': return pad(p.day, 2);
    case 'e': return String(p.day);
    case 'f': return pad(p.micro, 6);
    case 'H': return pad(p.hour, 2);
    case 'h':
    case 'I': return pad(hour12(p.hour), 2);
    case 'i': return pad(p.minute, 2);
    case 'j': return pad(p.month ? dayOfYear(p) : 0, 3);
    case 'k': return String(p.hour);
    case 'l': return String(hour12(p.hour));
    case 'M': return p.month ? MONTHS[p.month - 1] : '';
    case 'm': return pad(p.month, 2);
    case 'p': return p.hour < 12 ? 'AM' : 'PM';
    case 'r': return `${pad(hour12(p.hour), 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)} ${p.hour < 12 ? 'AM' : 'PM'}`;
    case 'S':
    case 's': return pad(p.second, 2);
    case 'T': return `${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`;
    case 'W': return DAYS[weekdayOf(p)];
    case 'w': return String((weekdayOf(p) + 1) % 7);
    case 'Y': return pad(p.year, 4);
    case 'y': return pad(p.year % 100, 2);
    default: return null;
  }
}

/** DATE_FORMAT(p, format). */
export function formatWithPattern(p: DateTimeParts, format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%' || i + 1 >= format.length) {
      out += ch;
      continue;
    }
    const c = format[++i];
    out += formatSpecifier(c, p) ?? c;
  }
  return out;
}

/** True when the format reads or prints a time of day (STR_TO_DATE then returns a DATETIME). */
export function formatHasTime(format: string): boolean {
  return /%[fHhIiklprSsT]/.test(format.replace(/%%/g, ''));
}

/** True when the format has date parts (STR_TO_DATE of a time-only format returns a TIME text). */
export function formatHasDate(format: string): boolean {
  return /%[abcDdejMmUuVvWwXxYy]/.test(format.replace(/%%/g, ''));
}

interface Reader {
  s: string;
  i: number;
}

function readInt(r: Reader, maxDigits: number): number | null {
  const start = r.i;
  while (r.i < r.s.length && r.i - start < maxDigits && r.s.charCodeAt(r.i) >= 48 && r.s.charCodeAt(r.i) <= 57) r.i++;
  return r.i === start ? null : parseInt(r.s.slice(start, r.i), 10);
}

function readName(r: Reader, names: readonly string[], abbrev: boolean): number | null {
  const rest = r.s.slice(r.i).toLowerCase();
  for (let k = 0; k < names.length; k++) {
    const n = (abbrev ? names[k].slice(0, 3) : names[k]).toLowerCase();
    if (rest.startsWith(n)) {
      r.i += n.length;
      return k;
    }
  }
  return null;
}

/** Reads one specifier into `p`; false when the text does not match. */
function readSpecifier(c: string, r: Reader, p: DateTimeParts, st: { pm: boolean | null; yday: number | null }): boolean {
  let v: number | null;
  switch (c) {
    case 'Y': {
      const start = r.i;
      v = readInt(r, 4);
      if (v !== null) p.year = r.i - start <= 2 ? (v < 70 ? 2000 + v : 1900 + v) : v;
      break;
    }
    case 'y': v = readInt(r, 2); if (v !== null) p.year = v < 70 ? 2000 + v : 1900 + v; break;
    case 'm': case 'c': v = readInt(r, 2); if (v !== null) p.month = v; break;
    case 'd': case 'e': v = readInt(r, 2); if (v !== null) p.day = v; break;
    case 'D': v = readInt(r, 2); if (v !== null) { p.day = v; r.i += Math.min(2, r.s.length - r.i); } break;
    case 'H': case 'k': case 'h': case 'I': case 'l': v = readInt(r, 2); if (v !== null) p.hour = v; break;
    case 'i': v = readInt(r, 2); if (v !== null) p.minute = v; break;
    case 'S': case 's': v = readInt(r, 2); if (v !== null) p.second = v; break;
    case 'f': {
      const start = r.i;
      v = readInt(r, 6);
      if (v !== null) p.micro = v * 10 ** (6 - (r.i - start));
      break;
    }
    case 'j': v = readInt(r, 3); if (v !== null) st.yday = v; break;
    case 'M': v = readName(r, MONTHS, false); if (v !== null) p.month = v + 1; break;
    case 'b': v = readName(r, MONTHS, true); if (v !== null) p.month = v + 1; break;
    case 'W': v = readName(r, DAYS, false); break;
    case 'a': v = readName(r, DAYS, true); break;
    case 'p': {
      const t = r.s.slice(r.i, r.i + 2).toUpperCase();
      v = t === 'AM' || t === 'PM' ? 1 : null;
      if (v !== null) { st.pm = t === 'PM'; r.i += 2; }
      break;
    }
    case 'T': case 'r': {
      const sub = c === 'T' ? '%H:%i:%s' : '%h:%i:%s %p';
      return readAll(sub, r, p, st);
    }
    case '%': v = r.s[r.i] === '%' ? 1 : null; if (v !== null) r.i++; break;
    default: v = r.s[r.i] === c ? 1 : null; if (v !== null) r.i++; break;
  }
  return v !== null;
}

function readAll(format: string, r: Reader, p: DateTimeParts, st: { pm: boolean | null; yday: number | null }): boolean {
  for (let k = 0; k < format.length; k++) {
    const ch = format[k];
    if (ch === '%' && k + 1 < format.length) {
      // MySQL skips spaces in the input before each specifier ('May 1, 2013' with '%M %d,%Y').
      while (r.i < r.s.length && r.s[r.i] === ' ') r.i++;
      if (!readSpecifier(format[++k], r, p, st)) return false;
    } else if (ch === ' ') {
      while (r.i < r.s.length && r.s[r.i] === ' ') r.i++;
    } else {
      if (r.s[r.i] !== ch) return false;
      r.i++;
    }
  }
  return true;
}

/** STR_TO_DATE(text, format): the parts read, or null (see the module comment). */
export function parseWithPattern(text: string, format: string): DateTimeParts | null {
  const p: DateTimeParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 };
  const st: { pm: boolean | null; yday: number | null } = { pm: null, yday: null };
  const r: Reader = { s: text.trim(), i: 0 };
  if (!readAll(format, r, p, st)) return null;
  if (st.pm !== null) {
    if (p.hour < 1 || p.hour > 12) return null;
    p.hour = (p.hour % 12) + (st.pm ? 12 : 0);
  }
  if (st.yday !== null && p.month === 0) {
    const c = civilFromDays(daysFromCivil(p.year, 1, 1) + st.yday - 1);
    if (c.year !== p.year) return null;
    p.month = c.month;
    p.day = c.day;
  }
  if (!formatHasDate(format)) return isValidParts({ ...p, year: 2000, month: 1, day: 1 }) ? p : null;
  return isValidParts(p) && !(p.month === 0 || p.day === 0) ? p : null;
}
