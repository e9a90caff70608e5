/**
 * The columnar benchmark's data: TPC-H `lineitem` with exactly `rows` rows, generated once by the
 * engine's deterministic TPC-H generator (engine/sample/tpch.ts) and kept column-wise in typed
 * arrays, so every engine of the benchmark (ours, sql.js, DuckDB-WASM, the plain typed-array loop)
 * is fed the very same values without holding 1M row objects.
 *
 * Scale: lineitem has ≈ 6,000,000 × SF rows, so `rows` = 1,000,000 is SF ≈ 1/6; the generator is
 * run at a scale factor slightly above rows / 6M and cut at `rows` (whole orders first, so the
 * primary key (l_orderkey, l_linenumber) stays a prefix of the real table).
 *
 * Units: money and rates are kept as integer cents (DECIMAL(15,2) unscaled values), dates as days
 * since 1970-01-01 (what Arrow's DateDay and our DATE literals need), flags as char codes,
 * l_shipinstruct / l_shipmode as indexes into the generator's word lists.
 */
import { Decimal } from '../engine/common/decimal';
import type { Value } from '../engine/common/value';
import { daysFromCivil, tpchRows, tpchTable } from '../engine/sample/tpch';
import { INSTRUCTIONS, MODES } from '../engine/sample/tpch_text';
import { sqlLiteral } from '../engine/sample/sql_target';

export const LINEITEM = tpchTable('lineitem');
export { INSTRUCTIONS, MODES };

/** One lineitem table, column-wise. Arrays are `rows` long. */
export interface LineitemColumns {
  rows: number;
  orderKey: Int32Array;
  partKey: Int32Array;
  suppKey: Int32Array;
  lineNumber: Int32Array;
  /** DECIMAL(15,2) columns as unscaled integer cents. */
  quantityCents: Int32Array;
  extendedPriceCents: Float64Array;
  discountCents: Int32Array;
  taxCents: Int32Array;
  /** Char codes of 'A'/'N'/'R' and 'F'/'O'. */
  returnFlag: Uint8Array;
  lineStatus: Uint8Array;
  /** Days since 1970-01-01. */
  shipDate: Int32Array;
  commitDate: Int32Array;
  receiptDate: Int32Array;
  /** Indexes into INSTRUCTIONS / MODES. */
  shipInstruct: Uint8Array;
  shipMode: Uint8Array;
  comment: string[];
  /** Size of the data as dbgen's `lineitem.tbl` text ('|'-terminated fields, one line per row), bytes. */
  tblBytes: number;
}

const centsOf = (v: Value): number => {
  if (!(v instanceof Decimal)) throw new Error(`lineitem: expected a DECIMAL, got ${String(v)}`);
  return Number(v.rescale(2).unscaled);
};

const daysOf = (v: Value): number => {
  const s = String(v);
  return daysFromCivil(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
};

/** Generates the first `rows` rows of TPC-H lineitem (deterministic) into typed arrays. */
export function generateLineitem(rows: number): LineitemColumns {
  const c: LineitemColumns = {
    rows,
    orderKey: new Int32Array(rows),
    partKey: new Int32Array(rows),
    suppKey: new Int32Array(rows),
    lineNumber: new Int32Array(rows),
    quantityCents: new Int32Array(rows),
    extendedPriceCents: new Float64Array(rows),
    discountCents: new Int32Array(rows),
    taxCents: new Int32Array(rows),
    returnFlag: new Uint8Array(rows),
    lineStatus: new Uint8Array(rows),
    shipDate: new Int32Array(rows),
    commitDate: new Int32Array(rows),
    receiptDate: new Int32Array(rows),
    shipInstruct: new Uint8Array(rows),
    shipMode: new Uint8Array(rows),
    comment: new Array<string>(rows),
    tblBytes: 0,
  };
  const instructIndex = new Map(INSTRUCTIONS.map((s, i) => [s, i]));
  const modeIndex = new Map(MODES.map((s, i) => [s, i]));
  // ≈ 4 lines per order: 1.02 × rows / 6M keeps the cut inside the generated orders.
  const sf = (rows * 1.02) / 6_000_000 + 1e-6;
  let i = 0;
  let tbl = 0;
  for (const r of tpchRows('lineitem', sf)) {
    if (i === rows) break;
    c.orderKey[i] = r[0] as number;
    c.partKey[i] = r[1] as number;
    c.suppKey[i] = r[2] as number;
    c.lineNumber[i] = r[3] as number;
    c.quantityCents[i] = centsOf(r[4]);
    c.extendedPriceCents[i] = centsOf(r[5]);
    c.discountCents[i] = centsOf(r[6]);
    c.taxCents[i] = centsOf(r[7]);
    c.returnFlag[i] = (r[8] as string).charCodeAt(0);
    c.lineStatus[i] = (r[9] as string).charCodeAt(0);
    c.shipDate[i] = daysOf(r[10]);
    c.commitDate[i] = daysOf(r[11]);
    c.receiptDate[i] = daysOf(r[12]);
    c.shipInstruct[i] = instructIndex.get(r[13] as string)!;
    c.shipMode[i] = modeIndex.get(r[14] as string)!;
    c.comment[i] = r[15] as string;
    // dbgen writes every field followed by '|', then '\n'.
    for (const v of r) tbl += String(v).length + 1;
    tbl += 1;
    i++;
  }
  if (i < rows) throw new Error(`lineitem generator produced ${i} rows, wanted ${rows}`);
  c.tblBytes = tbl;
  return c;
}

const DATE_TEXT = new Map<number, string>();

/** 'YYYY-MM-DD' of days since 1970-01-01 (memoised: TPC-H has ≈ 2,600 distinct dates). */
export function dateText(days: number): string {
  let s = DATE_TEXT.get(days);
  if (s === undefined) {
    s = new Date(days * 86_400_000).toISOString().slice(0, 10);
    DATE_TEXT.set(days, s);
  }
  return s;
}

/** Integer cents as DECIMAL text ('1234.05'); non-negative values only (all of lineitem's). */
export function centsText(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = cents - whole * 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Row `i` as engine Values in `LINEITEM.columns` order (for sql.js and checks). */
export function lineitemRow(c: LineitemColumns, i: number): (number | string)[] {
  return [
    c.orderKey[i], c.partKey[i], c.suppKey[i], c.lineNumber[i],
    c.quantityCents[i] / 100, c.extendedPriceCents[i] / 100, c.discountCents[i] / 100, c.taxCents[i] / 100,
    String.fromCharCode(c.returnFlag[i]), String.fromCharCode(c.lineStatus[i]),
    dateText(c.shipDate[i]), dateText(c.commitDate[i]), dateText(c.receiptDate[i]),
    INSTRUCTIONS[c.shipInstruct[i]], MODES[c.shipMode[i]], c.comment[i],
  ];
}

/** Row `i` as a MySQL VALUES tuple: `(1, 155190, 7706, 1, 17.00, ..., 'comment')`. */
export function lineitemTuple(c: LineitemColumns, i: number): string {
  return (
    `(${c.orderKey[i]}, ${c.partKey[i]}, ${c.suppKey[i]}, ${c.lineNumber[i]}, ` +
    `${centsText(c.quantityCents[i])}, ${centsText(c.extendedPriceCents[i])}, ` +
    `${centsText(c.discountCents[i])}, ${centsText(c.taxCents[i])}, ` +
    `'${String.fromCharCode(c.returnFlag[i])}', '${String.fromCharCode(c.lineStatus[i])}', ` +
    `'${dateText(c.shipDate[i])}', '${dateText(c.commitDate[i])}', '${dateText(c.receiptDate[i])}', ` +
    `'${INSTRUCTIONS[c.shipInstruct[i]]}', '${MODES[c.shipMode[i]]}', ${sqlLiteral(c.comment[i])})`
  );
}

/**
 * Multi-row INSERT statements covering rows [from, to), each at most `maxChars` characters
 * (the client-side batching a loader such as obloader or mysqlimport does), with their row counts.
 */
export function* lineitemInserts(
  c: LineitemColumns,
  table: string,
  from: number,
  to: number,
  maxChars: number,
): Generator<{ sql: string; rows: number }> {
  const head = `INSERT INTO ${table} (${LINEITEM.columns.join(', ')}) VALUES `;
  let parts: string[] = [];
  let length = head.length;
  for (let i = from; i < to; i++) {
    const t = lineitemTuple(c, i);
    if (parts.length > 0 && length + t.length + 2 > maxChars) {
      yield { sql: head + parts.join(', '), rows: parts.length };
      parts = [];
      length = head.length;
    }
    parts.push(t);
    length += t.length + 2;
  }
  if (parts.length > 0) yield { sql: head + parts.join(', '), rows: parts.length };
}
