/**
 * Date and time functions, MySQL mode, session time zone '+00:00' (OceanBase's `ObExprDateAdd`,
 * `ObExprExtract`, `ObExprDateFormat`, `ObExprStrToDate`, `ObExprCurDate`, ...).
 *
 * - `date_add` / `date_sub` (also `adddate` / `subdate`): args `[d, n]`, `meta.unit` (an
 *   IntervalUnit; ADDDATE(d, n) without INTERVAL means days). DATE + a date unit stays a DATE
 *   (`date '1998-12-01' - interval '90' day` = '1998-09-02'); month units clamp the day
 *   ('2024-01-31' + 1 MONTH = '2024-02-29'); a string argument gives a string result.
 *   A fractional INTERVAL n SECOND counts microseconds; other fractional counts round.
 * - `extract` with `meta.unit`; `year month day dayofmonth hour minute second microsecond
 *   dayofweek (1 = Sunday) weekday (0 = Monday) dayofyear quarter week(d[, 0|3]) monthname
 *   dayname last_day datediff to_days from_days date time`.
 * - `date_format(d, f)`, `str_to_date(s, f)` (DATE or DATETIME by the constant format).
 * - "now" functions read `CompileOptions.nowUs` (µs since the epoch, the statement's time):
 *   `now current_timestamp localtime localtimestamp sysdate utc_timestamp ([fsp])`, `curdate
 *   current_date utc_date`, `curtime current_time`, `unix_timestamp([d])`, `from_unixtime(n[, f])`.
 * Invalid dates give NULL (MySQL: NULL with a warning).
 */
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import { Errors } from '../../common/ob_error';
import { isStringType, isTemporalType } from '../../common/value';
import type { ColumnType, Value } from '../../common/value';
import type { BoundExpr, CompiledExpr } from './bound';
import { temporalPartsOf } from './coerce';
import { anyToDecimal, anyToDouble, type NonNull } from './convert';
import { formatHasDate, formatHasTime, formatWithPattern, parseWithPattern } from './date_format';
import {
  argSmallInt, argText, constArg, def, strict1, strict2, type BuildInput, type FunctionDef, type Meta,
} from './registry';
import {
  US_PER_SECOND, addInterval, civilFromDays, dayOfYear, daysFromCivil, daysInMonth, epochUsOf, formatDateParts,
  formatDatetimeParts, formatTimeParts, isDateUnit, partsFromEpochUs, partsOf, roundToFsp, weekdayOf,
  type DateTimeParts, type IntervalUnitName,
} from './temporal';
import { BIGINT, VARCHAR } from './types';

const DATE: ColumnType = { kind: 'date' };
const UNITS: ReadonlySet<string> = new Set(['MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);
/** TO_DAYS('1970-01-01'). */
const TO_DAYS_EPOCH = 719528;

const datetime = (fsp = 0): ColumnType => (fsp > 0 ? { kind: 'datetime', precision: fsp } : { kind: 'datetime' });

/** Argument `i` as broken-down time (temporal, string or number), null when NULL or not a date. */
function argParts(input: BuildInput, i: number): (row: readonly Value[]) => DateTimeParts | null {
  const f = input.args[i];
  const t = input.argTypes[i];
  if (isTemporalType(t)) return (row) => {
    const v = f(row);
    return v === null ? null : partsOf(v as string);
  };
  return (row) => {
    const v = f(row);
    if (v === null) return null;
    const r = temporalPartsOf(v, t);
    return r ? r.parts : null;
  };
}

function unitOf(meta: Meta, fallback: IntervalUnitName | null): IntervalUnitName {
  const u = typeof meta.unit === 'string' ? meta.unit.toUpperCase() : fallback;
  if (u === null || !UNITS.has(u)) throw Errors.notSupported(`Interval unit ${String(meta.unit ?? '')}`);
  return u as IntervalUnitName;
}

// ---------------------------------------------------------------- DATE_ADD / DATE_SUB

function dateAddType(args: readonly BoundExpr[], meta: Meta, fallback: IntervalUnitName | null): ColumnType {
  const unit = unitOf(meta, fallback);
  const t = args[0].type;
  const n = args[1].type;
  const fractional = n.kind === 'double' || n.kind === 'float' || (n.kind === 'decimal' && (n.scale ?? 0) > 0);
  const microFsp = unit === 'MICROSECOND' || (unit === 'SECOND' && fractional) ? 6 : 0;
  if (t.kind === 'date') return isDateUnit(unit) ? DATE : datetime(microFsp);
  if (t.kind === 'datetime' || t.kind === 'timestamp') return datetime(Math.max(t.precision ?? 0, microFsp));
  return VARCHAR(29);
}

/** The interval count as a number; SECOND with a fraction becomes microseconds. */
function intervalAmount(v: NonNull, unit: IntervalUnitName): { n: number; unit: IntervalUnitName } {
  if (typeof v === 'number' && Number.isInteger(v)) return { n: v, unit };
  const d = anyToDecimal(typeof v === 'string' ? v.trim() : v);
  if (unit === 'SECOND' && d.scale > 0) return { n: Number(d.rescale(6).unscaled), unit: 'MICROSECOND' };
  return { n: Number(d.rescale(0).unscaled), unit };
}

function buildDateAdd(sign: 1 | -1, fallback: IntervalUnitName | null): (input: BuildInput) => CompiledExpr {
  return (input) => {
    const unit = unitOf(input.meta, fallback);
    const base = input.args[0];
    const baseType = input.argTypes[0];
    const temporalBase = isTemporalType(baseType);
    const amount = input.args[1];
    const out = input.type;
    return (row) => {
      const v = base(row);
      if (v === null) return null;
      const raw = amount(row);
      if (raw === null) return null;
      const parsed = temporalBase ? { parts: partsOf(v as string), hasTime: true } : temporalPartsOf(v, baseType);
      if (parsed === null || parsed.parts === null) return null;
      const a = intervalAmount(raw, unit);
      const r = addInterval(parsed.parts, sign * a.n, a.unit);
      if (r === null) return null;
      if (out.kind === 'date') return formatDateParts(r);
      if (out.kind === 'datetime') return formatDatetimeParts(r, out.precision ?? 0);
      // String input: a date stays a date unless the unit or the input carries a time.
      const hasTime = parsed.hasTime || !isDateUnit(a.unit);
      return hasTime ? formatDatetimeParts(r, r.micro ? 6 : 0) : formatDateParts(r);
    };
  };
}

// ---------------------------------------------------------------- field extraction

function week(p: DateTimeParts, mode: number): number {
  if (mode === 3) {
    // ISO 8601: weeks start on Monday; week 1 contains the year's first Thursday.
    const days = daysFromCivil(p.year, p.month, p.day);
    const thursday = days - weekdayOf(p) + 3;
    const ty = civilFromDays(thursday).year;
    return Math.floor((thursday - daysFromCivil(ty, 1, 1)) / 7) + 1;
  }
  // Mode 0: weeks start on Sunday; days before the year's first Sunday are week 0.
  const jan1 = (weekdayOf({ ...p, month: 1, day: 1 }) + 1) % 7; // 0 = Sunday
  const beforeFirstSunday = (7 - jan1) % 7;
  const yday = dayOfYear(p);
  return yday <= beforeFirstSunday ? 0 : Math.floor((yday - beforeFirstSunday - 1) / 7) + 1;
}

const FIELDS: Record<string, (p: DateTimeParts) => number> = {
  YEAR: (p) => p.year,
  QUARTER: (p) => Math.floor((p.month + 2) / 3),
  MONTH: (p) => p.month,
  WEEK: (p) => week(p, 0),
  DAY: (p) => p.day,
  HOUR: (p) => p.hour,
  MINUTE: (p) => p.minute,
  SECOND: (p) => p.second,
  MICROSECOND: (p) => p.micro,
};

function field(name: string, f: (p: DateTimeParts) => number): FunctionDef {
  return def(name, 1, 1, BIGINT, (input) => strict1(argParts(input, 0), f));
}

function buildExtract(input: BuildInput): CompiledExpr {
  const unit = unitOf(input.meta, null);
  return strict1(argParts(input, 0), FIELDS[unit]);
}

function buildWeek(input: BuildInput): CompiledExpr {
  const mode = input.args.length > 1 ? constArg(input.argExprs, 1) : 0;
  if (mode !== 0 && mode !== 3) throw Errors.notSupported(`WEEK() mode ${String(mode)}`);
  return strict1(argParts(input, 0), (p) => week(p, mode));
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// ---------------------------------------------------------------- formatting

function strToDateType(args: readonly BoundExpr[]): ColumnType {
  const f = constArg(args, 1);
  if (typeof f === 'string') {
    if (!formatHasDate(f)) return VARCHAR(15); // a TIME, printed as text
    return formatHasTime(f) ? datetime(/%f/.test(f) ? 6 : 0) : DATE;
  }
  return datetime(6);
}

function buildStrToDate(input: BuildInput): CompiledExpr {
  const out = input.type;
  return strict2(argText(input, 0), argText(input, 1), (s, f) => {
    const p = parseWithPattern(s, f);
    if (p === null) return null;
    if (out.kind === 'varchar') return formatTimeParts(p, p.micro ? 6 : 0);
    return out.kind === 'date' ? formatDateParts(p) : formatDatetimeParts(p, out.precision ?? 0);
  });
}

// ---------------------------------------------------------------- now and epochs

function nowOf(input: BuildInput): () => number {
  const nowUs = input.opts.nowUs;
  assert(nowUs !== undefined, `${input.expr.fn}() needs CompileOptions.nowUs`);
  return nowUs;
}

function fspType(args: readonly BoundExpr[]): ColumnType {
  const f = constArg(args, 0);
  const fsp = typeof f === 'number' ? f : 0;
  if (fsp < 0 || fsp > 6) throw Errors.invalidArgument(`Too-big precision ${fsp} specified for 'now'. Maximum is 6.`);
  return datetime(fsp);
}

function buildNow(input: BuildInput): CompiledExpr {
  const now = nowOf(input);
  const fsp = input.type.precision ?? 0;
  return () => formatDatetimeParts(roundToFsp(partsFromEpochUs(now()), fsp)!, fsp);
}

function unixTimestampType(args: readonly BoundExpr[]): ColumnType {
  if (args.length === 0) return BIGINT;
  const t = args[0].type;
  if ((t.kind === 'datetime' || t.kind === 'timestamp') && (t.precision ?? 0) > 0) return { kind: 'decimal', precision: 18, scale: t.precision };
  return BIGINT;
}

function buildUnixTimestamp(input: BuildInput): CompiledExpr {
  if (input.args.length === 0) {
    const now = nowOf(input);
    return () => Math.floor(now() / US_PER_SECOND);
  }
  const scale = input.type.kind === 'decimal' ? input.type.scale ?? 0 : -1;
  return strict1(argParts(input, 0), (p) => {
    const us = epochUsOf(p);
    if (us < 0) return 0;
    if (scale < 0) return Math.floor(us / US_PER_SECOND);
    return new Decimal(BigInt(us), 6).rescale(scale);
  });
}

function fromUnixtimeType(args: readonly BoundExpr[]): ColumnType {
  if (args.length === 2) return VARCHAR(64);
  const t = args[0].type;
  return t.kind === 'decimal' ? datetime(Math.min(t.scale ?? 0, 6)) : t.kind === 'double' ? datetime(6) : datetime(0);
}

function buildFromUnixtime(input: BuildInput): CompiledExpr {
  const secs = input.args[0];
  const fsp = input.type.precision ?? 0;
  const fmt = input.args.length === 2 ? argText(input, 1) : null;
  return (row) => {
    const v = secs(row);
    if (v === null) return null;
    const s = anyToDouble(v);
    if (s < 0 || s > 32536771199) return null;
    const us = v instanceof Decimal ? Number(v.rescale(6).unscaled) : Math.round(s * US_PER_SECOND);
    const p = partsFromEpochUs(us);
    if (!fmt) return formatDatetimeParts(roundToFsp(p, fsp)!, fsp);
    const f = fmt(row);
    return f === null ? null : formatWithPattern(p, f);
  };
}

export const DATETIME_FUNCTIONS: readonly FunctionDef[] = [
  def('date_add', 2, 2, (a, m) => dateAddType(a, m, null), buildDateAdd(1, null)),
  def('date_sub', 2, 2, (a, m) => dateAddType(a, m, null), buildDateAdd(-1, null)),
  def('adddate', 2, 2, (a, m) => dateAddType(a, m, 'DAY'), buildDateAdd(1, 'DAY')),
  def('subdate', 2, 2, (a, m) => dateAddType(a, m, 'DAY'), buildDateAdd(-1, 'DAY')),
  def('extract', 1, 1, BIGINT, buildExtract, { validate: (_a, m) => void unitOf(m, null) }),
  field('year', FIELDS.YEAR),
  field('quarter', FIELDS.QUARTER),
  field('month', FIELDS.MONTH),
  field('day', FIELDS.DAY),
  field('dayofmonth', FIELDS.DAY),
  field('hour', FIELDS.HOUR),
  field('minute', FIELDS.MINUTE),
  field('second', FIELDS.SECOND),
  field('microsecond', FIELDS.MICROSECOND),
  field('dayofweek', (p) => ((weekdayOf(p) + 1) % 7) + 1),
  field('weekday', weekdayOf),
  field('dayofyear', dayOfYear),
  field('to_days', (p) => daysFromCivil(p.year, p.month, p.day) + TO_DAYS_EPOCH),
  def('week', 1, 2, BIGINT, buildWeek),
  def('monthname', 1, 1, VARCHAR(9), (input) => strict1(argParts(input, 0), (p) => MONTH_NAMES[p.month - 1] ?? null)),
  def('dayname', 1, 1, VARCHAR(9), (input) => strict1(argParts(input, 0), (p) => DAY_NAMES[weekdayOf(p)])),
  def('last_day', 1, 1, DATE, (input) =>
    strict1(argParts(input, 0), (p) => (p.month === 0 ? null : formatDateParts({ ...p, day: daysInMonth(p.year, p.month) })))),
  def('datediff', 2, 2, BIGINT, (input) =>
    strict2(argParts(input, 0), argParts(input, 1), (a, b) => daysFromCivil(a.year, a.month, a.day) - daysFromCivil(b.year, b.month, b.day))),
  def('from_days', 1, 1, DATE, (input) =>
    strict1(argSmallInt(input, 0), (n) => (n < 366 ? '0000-00-00' : formatDateParts({ ...civilFromDays(n - TO_DAYS_EPOCH), hour: 0, minute: 0, second: 0, micro: 0 })))),
  def('date', 1, 1, DATE, (input) => strict1(argParts(input, 0), formatDateParts)),
  def('timestamp', 1, 1, datetime(0), (input) => strict1(argParts(input, 0), (p) => formatDatetimeParts(p))),
  def('time', 1, 1, VARCHAR(15), (input) => strict1(argParts(input, 0), (p) => formatTimeParts(p, p.micro ? 6 : 0))),
  def('date_format', 2, 2, VARCHAR(256), (input) => strict2(argParts(input, 0), argText(input, 1), formatWithPattern)),
  def('str_to_date', 2, 2, strToDateType, buildStrToDate),
  ...['now', 'current_timestamp', 'localtime', 'localtimestamp', 'sysdate', 'utc_timestamp'].map((n) =>
    def(n, 0, 1, fspType, buildNow, { volatile: true })),
  ...['curdate', 'current_date', 'utc_date'].map((n) =>
    def(n, 0, 0, DATE, (input) => {
      const now = nowOf(input);
      return () => formatDateParts(partsFromEpochUs(now()));
    }, { volatile: true })),
  ...['curtime', 'current_time', 'utc_time'].map((n) =>
    def(n, 0, 1, VARCHAR(15), (input) => {
      const now = nowOf(input);
      return () => formatTimeParts(partsFromEpochUs(now()));
    }, { volatile: true })),
  def('unix_timestamp', 0, 1, unixTimestampType, buildUnixTimestamp, { volatile: true }),
  def('from_unixtime', 1, 2, fromUnixtimeType, buildFromUnixtime),
];
