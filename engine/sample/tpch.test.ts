import { describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import type { Value } from '../common/value';
import {
  CURRENTDATE, ENDDATE, STARTDATE, TPCH_TABLES, civilFromDays, daysFromCivil, orderKeyOf, partSuppliers,
  retailPriceCents, tpchRowCount, tpchRows, type TpchTableName,
} from './tpch';
import { NATIONS, REGIONS, SEGMENTS, TYPE_S1, TYPE_S2, TYPE_S3 } from './tpch_text';

const SF = 0.01;
const rowsOf = (t: TpchTableName, sf = SF) => [...tpchRows(t, sf)];
const col = (t: TpchTableName, name: string) => TPCH_TABLES.find((x) => x.name === t)!.columns.indexOf(name);
const text = (rows: Value[][]) => rows.map((r) => r.map((v) => String(v)).join('|')).join('\n');

describe('TPC-H generator', () => {
  it('is deterministic: the same scale factor yields the same rows', () => {
    for (const t of ['supplier', 'part', 'orders'] as const) expect(text(rowsOf(t))).toBe(text(rowsOf(t)));
    const a = rowsOf('lineitem');
    const b = rowsOf('lineitem');
    expect(a.length).toBe(b.length);
    expect(text(a.slice(0, 500))).toBe(text(b.slice(0, 500)));
    expect(text(a.slice(-500))).toBe(text(b.slice(-500)));
  });

  it('produces the specification row counts per scale factor', () => {
    const expected: Record<string, number> = {
      region: 5, nation: 25, supplier: 100, customer: 1500, part: 2000, partsupp: 8000, orders: 15000,
    };
    for (const [t, n] of Object.entries(expected)) {
      expect(tpchRowCount(t as TpchTableName, SF)).toBe(n);
      expect(rowsOf(t as TpchTableName).length).toBe(n);
    }
    const lines = rowsOf('lineitem').length;
    expect(tpchRowCount('lineitem', SF)).toBe(lines);
    // 1..7 lines per order, 4 on average.
    expect(lines).toBeGreaterThan(15000 * 3.8);
    expect(lines).toBeLessThan(15000 * 4.2);
    expect(tpchRowCount('orders', 0.002)).toBe(3000);
    expect(tpchRowCount('supplier', 0.002)).toBe(20);
    expect(tpchRowCount('partsupp', 0.002)).toBe(1600);
  });

  it('uses sparse order keys: the first 8 of every 32', () => {
    expect([1, 8, 9, 16, 17].map(orderKeyOf)).toEqual([1, 8, 33, 40, 65]);
    const keys = rowsOf('orders').map((r) => r[0] as number);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((k) => (k - 1) % 32 < 8)).toBe(true);
  });

  it('keeps primary keys unique and partsupp pairs valid', () => {
    const ps = rowsOf('partsupp');
    const pairs = new Set(ps.map((r) => `${r[0]}/${r[1]}`));
    expect(pairs.size).toBe(ps.length);
    const lines = rowsOf('lineitem');
    expect(new Set(lines.map((r) => `${r[0]}/${r[3]}`)).size).toBe(lines.length);
    const [pk, sk] = [col('lineitem', 'l_partkey'), col('lineitem', 'l_suppkey')];
    expect(lines.every((r) => pairs.has(`${r[pk]}/${r[sk]}`))).toBe(true);
    // Even with very few suppliers each part keeps 4 distinct ones.
    for (let p = 1; p <= 500; p++) expect(new Set(partSuppliers(p, 40)).size).toBe(4);
  });

  it('follows the date, flag and status rules of lineitem and orders', () => {
    const orders = new Map(rowsOf('orders').map((r) => [r[0] as number, r]));
    const c = (n: string) => col('lineitem', n);
    const o = (n: string) => col('orders', n);
    const byOrder = new Map<number, Value[][]>();
    const current = civilFromDays(CURRENTDATE);
    const broken: string[] = [];
    const check = (ok: boolean, what: string, row: Value[]) => {
      if (!ok && broken.length < 10) broken.push(`${what}: ${row.map(String).join('|')}`);
    };
    for (const l of rowsOf('lineitem')) {
      const order = orders.get(l[0] as number)!;
      const orderDate = order[o('o_orderdate')] as string;
      const [ship, commit, receipt] = [l[c('l_shipdate')], l[c('l_commitdate')], l[c('l_receiptdate')]] as string[];
      check(ship > orderDate && receipt > ship && commit > orderDate, 'date order', l);
      check(receipt <= '1998-12-31' && orderDate >= '1992-01-01', 'date range', l);
      const flag = l[c('l_returnflag')] as string;
      check(receipt <= current ? flag === 'R' || flag === 'A' : flag === 'N', 'returnflag', l);
      check(l[c('l_linestatus')] === (ship > current ? 'O' : 'F'), 'linestatus', l);
      const discount = (l[c('l_discount')] as Decimal).toNumber();
      const tax = (l[c('l_tax')] as Decimal).toNumber();
      check(discount >= 0 && discount <= 0.1 && tax >= 0 && tax <= 0.08, 'discount/tax', l);
      const qty = (l[c('l_quantity')] as Decimal).toNumber();
      const price = (l[c('l_extendedprice')] as Decimal).unscaled;
      check(price === BigInt(qty * retailPriceCents(l[c('l_partkey')] as number)), 'extendedprice', l);
      if (!byOrder.has(l[0] as number)) byOrder.set(l[0] as number, []);
      byOrder.get(l[0] as number)!.push(l);
    }
    const lastOrderDate = civilFromDays(ENDDATE - 151);
    for (const [key, order] of orders) {
      const lines = byOrder.get(key) ?? [];
      check(lines.length >= 1 && lines.length <= 7, 'line count', order);
      check((order[o('o_orderdate')] as string) <= lastOrderDate, 'orderdate', order);
      const statuses = new Set(lines.map((l) => l[c('l_linestatus')]));
      check(order[o('o_orderstatus')] === (statuses.size === 2 ? 'P' : [...statuses][0]), 'orderstatus', order);
      let total = 0;
      for (const l of lines) {
        const ext = Number((l[c('l_extendedprice')] as Decimal).unscaled);
        const d = Number((l[c('l_discount')] as Decimal).unscaled);
        const t = Number((l[c('l_tax')] as Decimal).unscaled);
        total += Math.round((ext * (100 + t) * (100 - d)) / 10000);
      }
      check((order[o('o_totalprice')] as Decimal).unscaled === BigInt(total), 'totalprice', order);
      check((order[o('o_custkey')] as number) % 3 !== 0, 'custkey', order);
    }
    expect(broken).toEqual([]);
    // Both return flags and all three order statuses occur.
    expect(new Set(rowsOf('orders').map((r) => r[o('o_orderstatus')]))).toEqual(new Set(['F', 'O', 'P']));
  });

  it('draws the specification domains for parts, customers and nations', () => {
    const types = new Set(TYPE_S1.flatMap((a) => TYPE_S2.flatMap((b) => TYPE_S3.map((c) => `${a} ${b} ${c}`))));
    for (const p of rowsOf('part')) {
      expect(types.has(p[col('part', 'p_type')] as string)).toBe(true);
      expect(p[col('part', 'p_brand')]).toMatch(/^Brand#[1-5][1-5]$/);
      expect(p[col('part', 'p_size')] as number).toBeGreaterThanOrEqual(1);
      expect(new Set((p[col('part', 'p_name')] as string).split(' ')).size).toBe(5);
    }
    expect(rowsOf('part')[0][col('part', 'p_retailprice')]!.toString()).toBe('901.00');
    const customers = rowsOf('customer');
    expect(new Set(customers.map((r) => r[col('customer', 'c_mktsegment')]))).toEqual(new Set(SEGMENTS));
    for (const r of customers) {
      const nation = r[col('customer', 'c_nationkey')] as number;
      expect(r[col('customer', 'c_phone')]).toMatch(new RegExp(`^${nation + 10}-\\d{3}-\\d{3}-\\d{4}$`));
      const bal = (r[col('customer', 'c_acctbal')] as Decimal).toNumber();
      expect(bal >= -999.99 && bal <= 9999.99).toBe(true);
    }
    expect(rowsOf('nation').map((r) => r[1])).toEqual(NATIONS.map((n) => n.name));
    expect(rowsOf('region').map((r) => r[1])).toEqual([...REGIONS]);
    expect(rowsOf('nation').find((r) => r[1] === 'CHINA')![2]).toBe(2);
  });

  it('fits every string in its declared CHAR/VARCHAR length', () => {
    for (const t of TPCH_TABLES) {
      const limits = t.columns.map((c) => {
        const m = new RegExp(`${c} (?:VAR)?CHAR\\((\\d+)\\)`).exec(t.body);
        return m ? Number(m[1]) : Infinity;
      });
      const rows = t.name === 'lineitem' ? rowsOf('lineitem').slice(0, 20000) : rowsOf(t.name);
      const tooLong = rows.flatMap((r) => r.filter((v, i) => typeof v === 'string' && v.length > limits[i]));
      expect(tooLong, t.name).toEqual([]);
    }
  });

  it('converts dates both ways', () => {
    expect(civilFromDays(STARTDATE)).toBe('1992-01-01');
    expect(civilFromDays(daysFromCivil(1996, 2, 29) + 1)).toBe('1996-03-01');
    expect(civilFromDays(daysFromCivil(1998, 12, 1) - 90)).toBe('1998-09-02');
  });
});
