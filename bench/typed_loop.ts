/**
 * The JavaScript limit of the columnar benchmark: TPC-H Q1 and Q6 computed by a hand-written loop
 * over typed arrays (Float64Array values, Int32Array dates, Uint8Array flags) — no SQL, no
 * vectors, no allocation per row. A column store in JavaScript cannot scan faster than this; the
 * reference figures (browser-measurements.md) put it near 7 ms for either query on 1M rows.
 *
 * Q1: `l_shipdate <= date '1998-12-01' - interval '90' day`, grouped by (l_returnflag,
 * l_linestatus), the eight aggregates of the query. Q6: `l_shipdate >= date '1994-01-01' and
 * l_shipdate < date '1995-01-01' and l_discount between 0.05 and 0.07 and l_quantity < 24`,
 * `sum(l_extendedprice * l_discount)`. Money is in doubles here (as DuckDB would with DOUBLE
 * columns), so sums may differ from exact DECIMAL sums in the last cents.
 */
import { daysFromCivil } from '../engine/sample/tpch';
import type { LineitemColumns } from './lineitem_data';

/** The columns the two queries read, as the loop wants them. */
export interface TypedLineitem {
  rows: number;
  quantity: Float64Array;
  extendedPrice: Float64Array;
  discount: Float64Array;
  tax: Float64Array;
  /** Days since 1970-01-01. */
  shipDate: Int32Array;
  returnFlag: Uint8Array;
  lineStatus: Uint8Array;
}

export function toTypedLineitem(c: LineitemColumns): TypedLineitem {
  const n = c.rows;
  const quantity = new Float64Array(n);
  const extendedPrice = new Float64Array(n);
  const discount = new Float64Array(n);
  const tax = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    quantity[i] = c.quantityCents[i] / 100;
    extendedPrice[i] = c.extendedPriceCents[i] / 100;
    discount[i] = c.discountCents[i] / 100;
    tax[i] = c.taxCents[i] / 100;
  }
  return { rows: n, quantity, extendedPrice, discount, tax, shipDate: c.shipDate, returnFlag: c.returnFlag, lineStatus: c.lineStatus };
}

/** One Q1 output row, in the query's column order. */
export interface Q1Row {
  returnFlag: string;
  lineStatus: string;
  sumQty: number;
  sumBasePrice: number;
  sumDiscPrice: number;
  sumCharge: number;
  avgQty: number;
  avgPrice: number;
  avgDisc: number;
  countOrder: number;
}

const Q1_SHIPDATE_MAX = daysFromCivil(1998, 12, 1) - 90;
const Q6_SHIPDATE_MIN = daysFromCivil(1994, 1, 1);
const Q6_SHIPDATE_END = daysFromCivil(1995, 1, 1);

/** TPC-H Q1 over typed arrays; rows ordered by (l_returnflag, l_linestatus). */
export function q1TypedLoop(t: TypedLineitem): Q1Row[] {
  // Group slot of a (returnflag, linestatus) pair: 256 × 256 char codes → slot + 1 (0 = unused).
  const slotOf = new Int32Array(65536);
  const keys: number[] = [];
  const acc = new Float64Array(64 * 6); // per slot: qty, price, discPrice, charge, disc, count
  const { quantity, extendedPrice, discount, tax, shipDate, returnFlag, lineStatus } = t;
  for (let i = 0, n = t.rows; i < n; i++) {
    if (shipDate[i] > Q1_SHIPDATE_MAX) continue;
    const key = (returnFlag[i] << 8) | lineStatus[i];
    let slot = slotOf[key] - 1;
    if (slot < 0) {
      slot = keys.length;
      keys.push(key);
      slotOf[key] = slot + 1;
    }
    const o = slot * 6;
    const price = extendedPrice[i];
    const discPrice = price * (1 - discount[i]);
    acc[o] += quantity[i];
    acc[o + 1] += price;
    acc[o + 2] += discPrice;
    acc[o + 3] += discPrice * (1 + tax[i]);
    acc[o + 4] += discount[i];
    acc[o + 5] += 1;
  }
  return keys
    .map((key, slot) => {
      const o = slot * 6;
      const count = acc[o + 5];
      return {
        returnFlag: String.fromCharCode(key >> 8),
        lineStatus: String.fromCharCode(key & 255),
        sumQty: acc[o],
        sumBasePrice: acc[o + 1],
        sumDiscPrice: acc[o + 2],
        sumCharge: acc[o + 3],
        avgQty: acc[o] / count,
        avgPrice: acc[o + 1] / count,
        avgDisc: acc[o + 4] / count,
        countOrder: count,
      };
    })
    .sort((a, b) => (a.returnFlag + a.lineStatus < b.returnFlag + b.lineStatus ? -1 : 1));
}

/** TPC-H Q6 over typed arrays: the revenue, a double. */
export function q6TypedLoop(t: TypedLineitem): number {
  const { quantity, extendedPrice, discount, shipDate } = t;
  let revenue = 0;
  for (let i = 0, n = t.rows; i < n; i++) {
    const d = shipDate[i];
    if (d < Q6_SHIPDATE_MIN || d >= Q6_SHIPDATE_END) continue;
    const disc = discount[i];
    if (disc < 0.05 || disc > 0.07 || quantity[i] >= 24) continue;
    revenue += extendedPrice[i] * disc;
  }
  return revenue;
}
