/**
 * A deterministic TPC-H data generator (TPC-H specification v3, §4.2) and the MySQL DDL of the 8
 * tables, as OceanBase users load them (orders and lineitem hash-partitioned on the order key, so
 * the data spreads over a tenant's log streams).
 *
 * Cardinalities for scale factor SF (any SF > 0): REGION 5, NATION 25, SUPPLIER SF×10,000,
 * CUSTOMER SF×150,000, PART SF×200,000, PARTSUPP 4 per part, ORDERS SF×1,500,000 with sparse keys
 * (the first 8 of every 32), LINEITEM 1–7 per order (≈ SF×6,000,000).
 *
 * Invariants (tested):
 * - the same SF always yields the same rows (every row is generated from its own seeded stream,
 *   `RowRng.reset(stream, rowIndex)`, so batches can be produced in any order);
 * - value domains follow §4.2.3: dates 1992-01-01..1998-12-31, O_ORDERDATE ≤ ENDDATE − 151 days,
 *   L_SHIPDATE = O_ORDERDATE + [1,121], L_COMMITDATE = O_ORDERDATE + [30,90], L_RECEIPTDATE =
 *   L_SHIPDATE + [1,30], L_RETURNFLAG 'R'/'A' when received by CURRENTDATE (1995-06-17) else 'N',
 *   L_LINESTATUS 'O' when shipped after CURRENTDATE else 'F', O_ORDERSTATUS 'F'/'O'/'P' from its
 *   lines, O_TOTALPRICE = Σ extendedprice × (1 + tax) × (1 − discount), (l_partkey, l_suppkey)
 *   always a PARTSUPP row, O_CUSTKEY never a multiple of 3.
 * Values are engine Values: numbers for integers, `Decimal` (scale 2) for money, quantities and
 * rates, 'YYYY-MM-DD' strings for dates.
 */
import { civilFromDays as civilParts, daysFromCivil } from '../sql/expr/temporal';
import { assert } from '../common/assert';
import { Decimal } from '../common/decimal';
import type { Value } from '../common/value';
import { RowRng } from './rng';
import {
  CONTAINER_S1, CONTAINER_S2, INSTRUCTIONS, MODES, NATIONS, P_NAME_WORDS, PRIORITIES, REGIONS,
  SEGMENTS, TYPE_S1, TYPE_S2, TYPE_S3, randomPhone, randomText, randomVString,
} from './tpch_text';

export type TpchTableName = 'region' | 'nation' | 'supplier' | 'customer' | 'part' | 'partsupp' | 'orders' | 'lineitem';

export interface TpchTable {
  name: TpchTableName;
  columns: readonly string[];
  /** Column definitions and keys, the body of CREATE TABLE. */
  body: string;
  /** Table options after the body, e.g. the partitioning clause. */
  options: string;
}

/** The tables in load order (referenced tables first). */
export const TPCH_TABLES: readonly TpchTable[] = [
  {
    name: 'region',
    columns: ['r_regionkey', 'r_name', 'r_comment'],
    body: 'r_regionkey INT NOT NULL, r_name CHAR(25) NOT NULL, r_comment VARCHAR(152), PRIMARY KEY (r_regionkey)',
    options: '',
  },
  {
    name: 'nation',
    columns: ['n_nationkey', 'n_name', 'n_regionkey', 'n_comment'],
    body:
      'n_nationkey INT NOT NULL, n_name CHAR(25) NOT NULL, n_regionkey INT NOT NULL, n_comment VARCHAR(152), ' +
      'PRIMARY KEY (n_nationkey)',
    options: '',
  },
  {
    name: 'supplier',
    columns: ['s_suppkey', 's_name', 's_address', 's_nationkey', 's_phone', 's_acctbal', 's_comment'],
    body:
      's_suppkey INT NOT NULL, s_name CHAR(25) NOT NULL, s_address VARCHAR(40) NOT NULL, s_nationkey INT NOT NULL, ' +
      's_phone CHAR(15) NOT NULL, s_acctbal DECIMAL(15,2) NOT NULL, s_comment VARCHAR(101) NOT NULL, PRIMARY KEY (s_suppkey)',
    options: '',
  },
  {
    name: 'customer',
    columns: ['c_custkey', 'c_name', 'c_address', 'c_nationkey', 'c_phone', 'c_acctbal', 'c_mktsegment', 'c_comment'],
    body:
      'c_custkey INT NOT NULL, c_name VARCHAR(25) NOT NULL, c_address VARCHAR(40) NOT NULL, c_nationkey INT NOT NULL, ' +
      'c_phone CHAR(15) NOT NULL, c_acctbal DECIMAL(15,2) NOT NULL, c_mktsegment CHAR(10) NOT NULL, ' +
      'c_comment VARCHAR(117) NOT NULL, PRIMARY KEY (c_custkey)',
    options: '',
  },
  {
    name: 'part',
    columns: ['p_partkey', 'p_name', 'p_mfgr', 'p_brand', 'p_type', 'p_size', 'p_container', 'p_retailprice', 'p_comment'],
    body:
      'p_partkey INT NOT NULL, p_name VARCHAR(55) NOT NULL, p_mfgr CHAR(25) NOT NULL, p_brand CHAR(10) NOT NULL, ' +
      'p_type VARCHAR(25) NOT NULL, p_size INT NOT NULL, p_container CHAR(10) NOT NULL, ' +
      'p_retailprice DECIMAL(15,2) NOT NULL, p_comment VARCHAR(23) NOT NULL, PRIMARY KEY (p_partkey)',
    options: '',
  },
  {
    name: 'partsupp',
    columns: ['ps_partkey', 'ps_suppkey', 'ps_availqty', 'ps_supplycost', 'ps_comment'],
    body:
      'ps_partkey INT NOT NULL, ps_suppkey INT NOT NULL, ps_availqty INT NOT NULL, ps_supplycost DECIMAL(15,2) NOT NULL, ' +
      'ps_comment VARCHAR(199) NOT NULL, PRIMARY KEY (ps_partkey, ps_suppkey)',
    options: '',
  },
  {
    name: 'orders',
    columns: [
      'o_orderkey', 'o_custkey', 'o_orderstatus', 'o_totalprice', 'o_orderdate', 'o_orderpriority', 'o_clerk',
      'o_shippriority', 'o_comment',
    ],
    body:
      'o_orderkey BIGINT NOT NULL, o_custkey INT NOT NULL, o_orderstatus CHAR(1) NOT NULL, ' +
      'o_totalprice DECIMAL(15,2) NOT NULL, o_orderdate DATE NOT NULL, o_orderpriority CHAR(15) NOT NULL, ' +
      'o_clerk CHAR(15) NOT NULL, o_shippriority INT NOT NULL, o_comment VARCHAR(79) NOT NULL, PRIMARY KEY (o_orderkey)',
    options: 'PARTITION BY HASH(o_orderkey) PARTITIONS 3',
  },
  {
    name: 'lineitem',
    columns: [
      'l_orderkey', 'l_partkey', 'l_suppkey', 'l_linenumber', 'l_quantity', 'l_extendedprice', 'l_discount', 'l_tax',
      'l_returnflag', 'l_linestatus', 'l_shipdate', 'l_commitdate', 'l_receiptdate', 'l_shipinstruct', 'l_shipmode',
      'l_comment',
    ],
    body:
      'l_orderkey BIGINT NOT NULL, l_partkey INT NOT NULL, l_suppkey INT NOT NULL, l_linenumber INT NOT NULL, ' +
      'l_quantity DECIMAL(15,2) NOT NULL, l_extendedprice DECIMAL(15,2) NOT NULL, l_discount DECIMAL(15,2) NOT NULL, ' +
      'l_tax DECIMAL(15,2) NOT NULL, l_returnflag CHAR(1) NOT NULL, l_linestatus CHAR(1) NOT NULL, ' +
      'l_shipdate DATE NOT NULL, l_commitdate DATE NOT NULL, l_receiptdate DATE NOT NULL, ' +
      'l_shipinstruct CHAR(25) NOT NULL, l_shipmode CHAR(10) NOT NULL, l_comment VARCHAR(44) NOT NULL, ' +
      'PRIMARY KEY (l_orderkey, l_linenumber)',
    options: 'PARTITION BY HASH(l_orderkey) PARTITIONS 3',
  },
];

/** `CREATE TABLE db.name (...) options` for one table. */
export function tpchCreateTableSql(table: TpchTable, db = 'tpch'): string {
  return `CREATE TABLE ${db}.${table.name} (${table.body})${table.options ? ' ' + table.options : ''}`;
}

export function tpchTable(name: TpchTableName): TpchTable {
  const t = TPCH_TABLES.find((x) => x.name === name);
  assert(t, `unknown TPC-H table ${name}`);
  return t;
}

// ---------------------------------------------------------------- dates

export { daysFromCivil };

/** 'YYYY-MM-DD' of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): string {
  const { year, month, day } = civilParts(days);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** §4.2.2.12 */
export const STARTDATE = daysFromCivil(1992, 1, 1);
export const CURRENTDATE = daysFromCivil(1995, 6, 17);
export const ENDDATE = daysFromCivil(1998, 12, 31);

const DATE_TEXT: string[] = [];
for (let d = STARTDATE; d <= ENDDATE; d++) DATE_TEXT.push(civilFromDays(d));

function dateText(days: number): string {
  assert(days >= STARTDATE && days <= ENDDATE, `TPC-H date out of range: ${days}`);
  return DATE_TEXT[days - STARTDATE];
}

// ---------------------------------------------------------------- cardinalities

/** Streams: one per table (and one for line counts), so no two tables share randomness. */
const STREAM = { region: 1, nation: 2, supplier: 3, customer: 4, part: 5, partsupp: 6, orders: 7 } as const;

function scaled(base: number, sf: number, min = 1): number {
  assert(Number.isFinite(sf) && sf > 0, `scale factor must be > 0, got ${sf}`);
  return Math.max(min, Math.round(base * sf));
}

export const supplierCount = (sf: number) => scaled(10_000, sf, 4);
export const customerCount = (sf: number) => scaled(150_000, sf);
export const partCount = (sf: number) => scaled(200_000, sf);
export const orderCount = (sf: number) => scaled(1_500_000, sf);
const clerkCount = (sf: number) => scaled(1_000, sf);

/** Rows `table` has at scale factor `sf` (LINEITEM counted exactly, one cheap pass over orders). */
export function tpchRowCount(table: TpchTableName, sf: number): number {
  switch (table) {
    case 'region':
      return REGIONS.length;
    case 'nation':
      return NATIONS.length;
    case 'supplier':
      return supplierCount(sf);
    case 'customer':
      return customerCount(sf);
    case 'part':
      return partCount(sf);
    case 'partsupp':
      return partCount(sf) * 4;
    case 'orders':
      return orderCount(sf);
    case 'lineitem': {
      const rng = new RowRng();
      let n = 0;
      for (let i = 1, end = orderCount(sf); i <= end; i++) n += lineCountOf(rng, i);
      return n;
    }
  }
}

// ---------------------------------------------------------------- keys and prices

/** O_ORDERKEY of the i-th order (1-based): only the first 8 of each 32 keys are used (§4.2.3). */
export function orderKeyOf(i: number): number {
  return Math.floor((i - 1) / 8) * 32 + ((i - 1) % 8) + 1;
}

/** P_RETAILPRICE in cents (§4.2.3). */
export function retailPriceCents(partKey: number): number {
  return 90000 + (Math.floor(partKey / 10) % 20001) + 100 * (partKey % 1000);
}

/**
 * The 4 suppliers of a part (§4.2.3 PS_SUPPKEY formula). For very small supplier counts the
 * formula can repeat a supplier; the next free supplier is then taken so (partkey, suppkey) stays
 * a key.
 */
export function partSuppliers(partKey: number, suppliers: number): number[] {
  const out: number[] = [];
  const step = Math.floor(suppliers / 4) + Math.floor((partKey - 1) / suppliers);
  for (let i = 0; i < 4; i++) {
    let s = ((partKey + i * step) % suppliers) + 1;
    while (out.includes(s)) s = (s % suppliers) + 1;
    out.push(s);
  }
  return out;
}

const cents = (n: number) => new Decimal(BigInt(n), 2);
/** Shared immutable Decimals for small domains (no allocation per row). */
const HUNDREDTHS: Decimal[] = Array.from({ length: 11 }, (_, i) => cents(i));
const QUANTITIES: Decimal[] = Array.from({ length: 51 }, (_, i) => cents(i * 100));

const pad9 = (n: number) => String(n).padStart(9, '0');

// ---------------------------------------------------------------- small tables

function regionRow(rng: RowRng, i: number): Value[] {
  return [i, REGIONS[i], randomText(rng, 31, 115)];
}

function nationRow(rng: RowRng, i: number): Value[] {
  return [i, NATIONS[i].name, NATIONS[i].regionKey, randomText(rng, 31, 114)];
}

function supplierComment(rng: RowRng): string {
  const base = randomText(rng, 25, 100);
  const r = rng.next();
  if (r >= 0.001 || base.length < 29) return base;
  // §4.2.3: SF×5 suppliers each mention "Customer ... Complaints" / "Customer ... Recommends".
  const tail = r < 0.0005 ? 'Complaints' : 'Recommends';
  const pos = rng.int(0, base.length - 19);
  const mid = rng.int(0, base.length - 19 - pos);
  return base.slice(0, pos) + 'Customer ' + base.slice(pos, pos + mid) + tail + base.slice(pos + mid + 19);
}

function supplierRow(rng: RowRng, key: number): Value[] {
  const nation = rng.int(0, 24);
  return [
    key, `Supplier#${pad9(key)}`, randomVString(rng, 10, 40), nation, randomPhone(rng, nation),
    cents(rng.int(-99999, 999999)), supplierComment(rng),
  ];
}

function customerRow(rng: RowRng, key: number): Value[] {
  const nation = rng.int(0, 24);
  return [
    key, `Customer#${pad9(key)}`, randomVString(rng, 10, 40), nation, randomPhone(rng, nation),
    cents(rng.int(-99999, 999999)), rng.pick(SEGMENTS), randomText(rng, 29, 116),
  ];
}

function partName(rng: RowRng): string {
  const words: string[] = [];
  while (words.length < 5) {
    const w = rng.pick(P_NAME_WORDS);
    if (!words.includes(w)) words.push(w);
  }
  return words.join(' ');
}

function partRow(rng: RowRng, key: number): Value[] {
  const name = partName(rng);
  const m = rng.int(1, 5);
  const n = rng.int(1, 5);
  const type = `${rng.pick(TYPE_S1)} ${rng.pick(TYPE_S2)} ${rng.pick(TYPE_S3)}`;
  const size = rng.int(1, 50);
  const container = `${rng.pick(CONTAINER_S1)} ${rng.pick(CONTAINER_S2)}`;
  return [
    key, name, `Manufacturer#${m}`, `Brand#${m}${n}`, type, size, container, cents(retailPriceCents(key)),
    randomText(rng, 5, 22),
  ];
}

function* partsuppRows(rng: RowRng, sf: number): Generator<Value[]> {
  const suppliers = supplierCount(sf);
  for (let p = 1, end = partCount(sf); p <= end; p++) {
    const supps = partSuppliers(p, suppliers);
    rng.reset(STREAM.partsupp, p);
    for (let i = 0; i < 4; i++) {
      yield [p, supps[i], rng.int(1, 9999), cents(rng.int(100, 100000)), randomText(rng, 49, 198)];
    }
  }
}

// ---------------------------------------------------------------- orders and lineitems

function lineCountOf(rng: RowRng, orderIndex: number): number {
  return rng.reset(STREAM.orders, orderIndex).int(1, 7);
}

interface OrderDraft {
  row: Value[];
  lines: Value[][];
}

/**
 * The i-th order (1-based) and its lines. Both tables come from this one function (the order's
 * status and total price depend on its lines); `withLines` false skips building line rows.
 */
function generateOrder(rng: RowRng, i: number, sf: number, withLines: boolean): OrderDraft {
  const lineCount = lineCountOf(rng, i); // first draw of the order's stream
  const orderKey = orderKeyOf(i);
  const orderDate = rng.int(STARTDATE, ENDDATE - 151);
  const customers = customerCount(sf);
  let custKey = rng.int(1, customers);
  while (custKey % 3 === 0) custKey = rng.int(1, customers);
  const priority = rng.pick(PRIORITIES);
  const clerk = `Clerk#${pad9(rng.int(1, clerkCount(sf)))}`;
  const comment = randomText(rng, 19, 78);
  const parts = partCount(sf);
  const suppliers = supplierCount(sf);
  const lines: Value[][] = [];
  let totalCents = 0;
  let shippedF = 0;
  for (let n = 1; n <= lineCount; n++) {
    const partKey = rng.int(1, parts);
    const suppKey = partSuppliers(partKey, suppliers)[rng.int(0, 3)];
    const quantity = rng.int(1, 50);
    const discount = rng.int(0, 10);
    const tax = rng.int(0, 8);
    const shipDate = orderDate + rng.int(1, 121);
    const commitDate = orderDate + rng.int(30, 90);
    const receiptDate = shipDate + rng.int(1, 30);
    const returnFlag = receiptDate <= CURRENTDATE ? (rng.next() < 0.5 ? 'R' : 'A') : 'N';
    const lineStatus = shipDate > CURRENTDATE ? 'O' : 'F';
    const instruct = rng.pick(INSTRUCTIONS);
    const mode = rng.pick(MODES);
    const lineComment = randomText(rng, 10, 43);
    const extendedCents = quantity * retailPriceCents(partKey);
    // Σ extendedprice × (1 + tax) × (1 − discount), rounded to cents per line (exact integers).
    totalCents += Math.round((extendedCents * (100 + tax) * (100 - discount)) / 10000);
    if (lineStatus === 'F') shippedF++;
    if (withLines) {
      lines.push([
        orderKey, partKey, suppKey, n, QUANTITIES[quantity], cents(extendedCents), HUNDREDTHS[discount],
        HUNDREDTHS[tax], returnFlag, lineStatus, dateText(shipDate), dateText(commitDate), dateText(receiptDate),
        instruct, mode, lineComment,
      ]);
    }
  }
  const status = shippedF === lineCount ? 'F' : shippedF === 0 ? 'O' : 'P';
  const row: Value[] = [
    orderKey, custKey, status, cents(totalCents), dateText(orderDate), priority, clerk, 0, comment,
  ];
  return { row, lines };
}

// ---------------------------------------------------------------- the generator

/**
 * Every row of `table` at scale factor `sf`, in primary-key order, columns as in `TpchTable.columns`.
 * Deterministic: the same (table, sf) always yields the same rows.
 */
export function* tpchRows(table: TpchTableName, sf: number): Generator<Value[]> {
  const rng = new RowRng();
  switch (table) {
    case 'region':
      for (let i = 0; i < REGIONS.length; i++) yield regionRow(rng.reset(STREAM.region, i), i);
      return;
    case 'nation':
      for (let i = 0; i < NATIONS.length; i++) yield nationRow(rng.reset(STREAM.nation, i), i);
      return;
    case 'supplier':
      for (let k = 1, end = supplierCount(sf); k <= end; k++) yield supplierRow(rng.reset(STREAM.supplier, k), k);
      return;
    case 'customer':
      for (let k = 1, end = customerCount(sf); k <= end; k++) yield customerRow(rng.reset(STREAM.customer, k), k);
      return;
    case 'part':
      for (let k = 1, end = partCount(sf); k <= end; k++) yield partRow(rng.reset(STREAM.part, k), k);
      return;
    case 'partsupp':
      yield* partsuppRows(rng, sf);
      return;
    case 'orders':
      for (let i = 1, end = orderCount(sf); i <= end; i++) yield generateOrder(rng, i, sf, false).row;
      return;
    case 'lineitem':
      for (let i = 1, end = orderCount(sf); i <= end; i++) yield* generateOrder(rng, i, sf, true).lines;
      return;
  }
}
