/**
 * Test and benchmark support: the same TPC-H data in SQLite (sql.js), the TPC-H queries rewritten
 * to SQLite's dialect, and a comparison of two result sets that allows for SQLite's doubles.
 *
 * SQLite has no DATE or DECIMAL: dates are stored as 'YYYY-MM-DD' text (which orders and compares
 * like dates), money and rates as REAL. The MySQL query text is rewritten mechanically, so both
 * engines run the same query: `date 'X' ± interval 'N' unit` becomes the computed date literal,
 * `date 'X'` becomes 'X', and constant arithmetic such as `.06 - 0.01` is folded exactly
 * (SQLite would compute 0.049999… in doubles and miss the boundary rows MySQL's DECIMAL keeps).
 */
import type { Database } from 'sql.js';
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';
import { TPCH_TABLES, civilFromDays, daysFromCivil, tpchRows } from '../tpch';

/** CREATE TABLE for SQLite from the MySQL column definitions. */
export function sqliteCreateTable(name: string, body: string): string {
  const sqliteBody = body
    .replace(/\bDECIMAL\(\d+,\d+\)/gi, 'REAL')
    .replace(/\b(?:VAR)?CHAR\(\d+\)|\bDATE\b/gi, 'TEXT')
    .replace(/\b(?:BIG)?INT\b/gi, 'INTEGER');
  return `CREATE TABLE ${name} (${sqliteBody})`;
}

/** A Value as SQLite stores it (Decimal → double). */
export function sqliteValue(v: Value): number | string | null {
  if (v instanceof Decimal) return v.toNumber();
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** Creates the 8 tables and loads TPC-H at `sf` in one transaction; returns rows loaded. */
export function loadTpchIntoSqlite(db: Database, sf: number): number {
  let total = 0;
  for (const t of TPCH_TABLES) db.run(sqliteCreateTable(t.name, t.body));
  db.run('BEGIN');
  for (const t of TPCH_TABLES) {
    const stmt = db.prepare(`INSERT INTO ${t.name} VALUES (${t.columns.map(() => '?').join(', ')})`);
    for (const row of tpchRows(t.name, sf)) {
      stmt.run(row.map(sqliteValue));
      total++;
    }
    stmt.free();
  }
  db.run('COMMIT');
  return total;
}

function addInterval(date: string, sign: number, n: number, unit: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const u = unit.toLowerCase();
  if (u === 'day') return civilFromDays(daysFromCivil(y, m, d) + sign * n);
  const months = (u === 'year' ? 12 : 1) * sign * n + (y * 12 + m - 1);
  return civilFromDays(daysFromCivil(Math.floor(months / 12), (months % 12) + 1, d));
}

/** Rewrites a TPC-H query from MySQL to SQLite (date literals and arithmetic, constant folding). */
export function toSqliteDialect(sql: string): string {
  return sql
    .replace(
      /date '(\d{4}-\d{2}-\d{2})' ([+-]) interval '(\d+)' (day|month|year)/gi,
      (_m, date: string, op: string, n: string, unit: string) => `'${addInterval(date, op === '-' ? -1 : 1, Number(n), unit)}'`,
    )
    .replace(/date '(\d{4}-\d{2}-\d{2})'/gi, "'$1'")
    .replace(/(?<![\w.])(\d*\.\d+|\d+) ([+-]) (\d*\.\d+|\d+)(?![\w.])/g, (_m, a: string, op: string, b: string) => {
      const x = Decimal.parse(a)!;
      const y = Decimal.parse(b)!;
      return (op === '+' ? x.add(y) : x.sub(y)).toString();
    });
}

/** Runs a query in SQLite; rows as arrays of JS values. */
export function sqliteQuery(db: Database, sql: string): { columns: string[]; rows: (number | string | null)[][] } {
  const res = db.exec(sql);
  if (res.length === 0) return { columns: [], rows: [] };
  return { columns: res[0].columns, rows: res[0].values as (number | string | null)[][] };
}

/**
 * Differences between our text rows and SQLite's rows, as readable messages ([] when equal).
 * Numbers match when |ours − theirs| ≤ half a unit of our last printed digit (our DECIMALs are
 * exact and rounded to their scale) + `relTolerance` × |theirs| (SQLite's double arithmetic).
 */
export function compareRows(
  ours: (string | null)[][],
  theirs: (number | string | null)[][],
  relTolerance = 1e-9,
): string[] {
  const problems: string[] = [];
  if (ours.length !== theirs.length) problems.push(`row count: ours ${ours.length}, sqlite ${theirs.length}`);
  const n = Math.min(ours.length, theirs.length);
  for (let i = 0; i < n && problems.length < 20; i++) {
    if (ours[i].length !== theirs[i].length) {
      problems.push(`row ${i}: width ${ours[i].length} vs ${theirs[i].length}`);
      continue;
    }
    ours[i].forEach((a, j) => {
      const b = theirs[i][j];
      if (!valuesMatch(a, b, relTolerance)) problems.push(`row ${i} column ${j}: ours ${a} vs sqlite ${b}`);
    });
  }
  return problems;
}

function valuesMatch(a: string | null, b: number | string | null, relTolerance: number): boolean {
  if (a === null || b === null) return a === b;
  if (typeof b === 'string') return a === b;
  const x = Number(a);
  if (!Number.isFinite(x) || a.trim() === '') return false;
  const dot = a.indexOf('.');
  const scale = dot < 0 || /e/i.test(a) ? 0 : a.length - dot - 1;
  const tolerance = (dot < 0 ? 0 : 0.5 * 10 ** -scale) + relTolerance * Math.max(1, Math.abs(b));
  return Math.abs(x - b) <= tolerance;
}
