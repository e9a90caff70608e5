/**
 * The columnar benchmark's own correctness: the typed-array data is the TPC-H generator's
 * lineitem, the INSERT statements carry every row within the size cap, and the typed-array loop
 * (the "JavaScript limit" figure) computes the same Q1 and Q6 answers as SQLite on the same data —
 * a fast figure for a wrong answer would be worthless.
 */
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../engine/common/decimal';
import { tpchRows } from '../engine/sample/tpch';
import { TPCH_QUERIES } from '../engine/sample/tpch_queries';
import { sqliteCreateTable, toSqliteDialect } from '../engine/sample/test/tpch_sqlite';
import { LINEITEM, generateLineitem, lineitemInserts, lineitemRow } from './lineitem_data';
import { q1TypedLoop, q6TypedLoop, toTypedLineitem } from './typed_loop';

const ROWS = 6000;
const data = generateLineitem(ROWS);

describe('columnar bench data', () => {
  it('holds the first rows of the TPC-H lineitem generator, values unchanged', () => {
    let i = 0;
    let tbl = 0;
    for (const r of tpchRows('lineitem', (ROWS * 1.02) / 6_000_000 + 1e-6)) {
      if (i === ROWS) break;
      const expected = r.map((v) => (v instanceof Decimal ? v.toNumber() : v));
      expect(lineitemRow(data, i)).toEqual(expected);
      tbl += r.reduce<number>((n, v) => n + String(v).length + 1, 1);
      i++;
    }
    expect(i).toBe(ROWS);
    expect(data.tblBytes).toBe(tbl);
  });

  it('splits the rows into INSERT statements under the size cap, each row exactly once', () => {
    const stmts = [...lineitemInserts(data, 'lineitem', 0, ROWS, 20_000)];
    expect(stmts.length).toBeGreaterThan(1);
    let tuples = 0;
    let counted = 0;
    for (const s of stmts) {
      expect(s.sql.length).toBeLessThanOrEqual(20_000);
      expect(s.sql.startsWith(`INSERT INTO lineitem (${LINEITEM.columns.join(', ')}) VALUES (`)).toBe(true);
      tuples += s.sql.split('), (').length;
      counted += s.rows;
    }
    expect(tuples).toBe(ROWS);
    expect(counted).toBe(ROWS);
  });

  it('typed-array Q1 and Q6 agree with SQLite on the same rows', async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.run(sqliteCreateTable('lineitem', LINEITEM.body));
    const stmt = db.prepare(`INSERT INTO lineitem VALUES (${LINEITEM.columns.map(() => '?').join(', ')})`);
    for (let i = 0; i < ROWS; i++) stmt.run(lineitemRow(data, i));
    stmt.free();
    const typed = toTypedLineitem(data);

    const lite = db.exec(toSqliteDialect(TPCH_QUERIES.Q1))[0].values;
    const ours = q1TypedLoop(typed);
    expect(ours.map((r) => [r.returnFlag, r.lineStatus, r.countOrder])).toEqual(lite.map((r) => [r[0], r[1], r[9]]));
    ours.forEach((r, k) => {
      const [sumQty, sumBase, sumDisc, sumCharge, avgQty, avgPrice, avgDisc] = lite[k].slice(2, 9) as number[];
      expect(r.sumQty).toBeCloseTo(sumQty, 4);
      expect(r.sumBasePrice).toBeCloseTo(sumBase, 2);
      expect(r.sumDiscPrice).toBeCloseTo(sumDisc, 2);
      expect(r.sumCharge).toBeCloseTo(sumCharge, 2);
      expect(r.avgQty).toBeCloseTo(avgQty, 6);
      expect(r.avgPrice).toBeCloseTo(avgPrice, 6);
      expect(r.avgDisc).toBeCloseTo(avgDisc, 6);
    });

    const revenue = db.exec(toSqliteDialect(TPCH_QUERIES.Q6))[0].values[0][0] as number;
    expect(revenue).toBeGreaterThan(0);
    expect(q6TypedLoop(typed)).toBeCloseTo(revenue, 2);
    db.close();
  });
});
