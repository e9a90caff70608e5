/**
 * Column-store access paths, filter pushdown and aggregate pushdown, as the optimizer plans them
 * and EXPLAIN shows them; and the answers, identical for row, column and hybrid tables with and
 * without hints. Runs on the in-memory context, whose DAS has no column service: the scans compute
 * the same partials from rows (the cluster path is covered in engine/server/das_column.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createFakeContext, explain, query, run, type FakeContext } from './fake_context';

const COLUMNS = 'id INT PRIMARY KEY, flag CHAR(1), status VARCHAR(2), qty DECIMAL(15,2), price DECIMAL(15,2), disc DECIMAL(15,2), ship DATE, note VARCHAR(20), w DOUBLE';

async function setup(): Promise<FakeContext> {
  const ctx = createFakeContext();
  await run(ctx, `CREATE TABLE r (${COLUMNS})`);
  await run(ctx, `CREATE TABLE c (${COLUMNS}) WITH COLUMN GROUP (each column)`);
  await run(ctx, `CREATE TABLE h (${COLUMNS}) WITH COLUMN GROUP (all columns, each column)`);
  const rows: string[] = [];
  for (let i = 1; i <= 60; i++) {
    const flag = ['A', 'N', 'R', 'a'][i % 4];
    const status = i % 3 === 0 ? 'O' : 'F';
    const qty = i % 7 === 0 ? 'NULL' : `${(i * 37) % 50}.${i % 10}0`;
    const price = `${1000 + ((i * 7919) % 90000)}.${(i * 13) % 100}`;
    const disc = `0.0${i % 10}`;
    const ship = `199${4 + (i % 5)}-0${1 + (i % 9)}-1${i % 10}`;
    const note = i % 5 === 0 ? 'NULL' : `'n${i % 11}'`;
    rows.push(`(${i}, '${flag}', '${status}', ${qty}, ${price}, ${disc}, '${ship}', ${note}, ${i / 8})`);
  }
  for (const t of ['r', 'c', 'h']) await run(ctx, `INSERT INTO ${t} VALUES ${rows.join(', ')}`);
  return ctx;
}

const Q1 = (t: string, hint = '') => `SELECT ${hint} flag, status, SUM(qty), SUM(price), SUM(price * (1 - disc)), SUM(price * (1 - disc) * (1 + disc)),
  AVG(qty), AVG(price), AVG(disc), COUNT(*), MIN(ship), MAX(note), COUNT(note)
  FROM ${t} WHERE ship <= DATE '1998-09-02' GROUP BY flag, status ORDER BY flag, status`;
const Q6 = (t: string, hint = '') => `SELECT ${hint} SUM(price * disc), COUNT(*), MIN(qty), MAX(w)
  FROM ${t} WHERE ship >= DATE '1995-01-01' AND ship < DATE '1997-01-01' AND disc BETWEEN 0.02 AND 0.07 AND qty < 24`;

describe('column store plans', () => {
  it('a pure column table: COLUMN TABLE FULL SCAN with filters and GROUP BY pushed into storage', async () => {
    const ctx = await setup();
    const text = await explain(ctx, `EXPLAIN ${Q1('c')}`);
    expect(text).toContain('|2 |  └─COLUMN TABLE FULL SCAN|c   |');
    expect(text).toContain("      pushdown_filter([c.ship <= '1998-09-02']),");
    expect(text).toContain(
      '      pushdown_groupby([c.flag], [c.status]), pushdown_aggregation([T_FUN_SUM(c.qty)], [T_FUN_SUM(c.price)], [T_FUN_SUM(c.price * (1 - c.disc))], ' +
        '[T_FUN_SUM((c.price * (1 - c.disc)) * (1 + c.disc))], [T_FUN_SUM(c.qty)], [T_FUN_COUNT(c.qty)], [T_FUN_SUM(c.price)], [T_FUN_COUNT(c.price)], ' +
        '[T_FUN_SUM(c.disc)], [T_FUN_COUNT(c.disc)], [T_FUN_COUNT(*)], [T_FUN_MIN(c.ship)], [T_FUN_MAX(c.note)], [T_FUN_COUNT(c.note)])',
    );
    expect(text).toContain('group([c.flag], [c.status]), agg_func([T_FUN_SUM(T_FUN_SUM(c.qty))]');
    expect(text).toContain('[T_FUN_SUM(T_FUN_SUM(c.qty)) / T_FUN_COUNT_SUM(T_FUN_COUNT(c.qty))]');
  });

  it('EXPLAIN of a scalar aggregate with every filter pushed (TPC-H Q6 shape)', async () => {
    const ctx = await setup();
    expect(await explain(ctx, `EXPLAIN ${Q6('c')}`)).toBe(
      [
        '========================================================',
        '|ID|OPERATOR                |NAME|EST.ROWS|EST.TIME(us)|',
        '--------------------------------------------------------',
        '|0 |SCALAR GROUP BY         |    |1       |2           |',
        '|1 |└─COLUMN TABLE FULL SCAN|c   |1       |2           |',
        '========================================================',
        'Outputs & filters:',
        '-------------------------------------',
        '  0 - output([T_FUN_SUM(T_FUN_SUM(c.price * c.disc))], [T_FUN_COUNT_SUM(T_FUN_COUNT(*))], [T_FUN_MIN(T_FUN_MIN(c.qty))], [T_FUN_MAX(T_FUN_MAX(c.w))]), filter(nil), rowset=256',
        '      group(nil), agg_func([T_FUN_SUM(T_FUN_SUM(c.price * c.disc))], [T_FUN_COUNT_SUM(T_FUN_COUNT(*))], [T_FUN_MIN(T_FUN_MIN(c.qty))], [T_FUN_MAX(T_FUN_MAX(c.w))])',
        "  1 - output([T_FUN_SUM(c.price * c.disc)], [T_FUN_COUNT(*)], [T_FUN_MIN(c.qty)], [T_FUN_MAX(c.w)]), filter([c.ship >= '1995-01-01'], [c.ship < '1997-01-01'], [c.disc BETWEEN 0.02 AND 0.07], [c.qty < 24]), rowset=256",
        '      access([c.qty], [c.price], [c.disc], [c.ship], [c.w]), partitions(p0)',
        '      is_index_back=false, is_global_index=false, filter_before_indexback[false],',
        '      range_key([c.id]), range(MIN ; MAX)always true,',
        "      pushdown_filter([c.ship >= '1995-01-01'], [c.ship < '1997-01-01'], [c.disc BETWEEN 0.02 AND 0.07], [c.qty < 24]),",
        '      pushdown_aggregation([T_FUN_SUM(c.price * c.disc)], [T_FUN_COUNT(*)], [T_FUN_MIN(c.qty)], [T_FUN_MAX(c.w)])',
      ].join('\n'),
    );
  });

  it('a hybrid table reads columns for narrow scans or with USE_COLUMN_TABLE, rows for wide ones, point gets or NO_USE_COLUMN_TABLE', async () => {
    const ctx = await setup();
    const op = async (sql: string) => (await explain(ctx, `EXPLAIN BASIC ${sql}`)).split('\n').filter((l) => /SCAN|GET/.test(l)).map((l) => l.split('|')[2].replace(/^[└├│─ ]+/, '').trim());
    expect(await op('SELECT SUM(qty) FROM h')).toEqual(['COLUMN TABLE FULL SCAN']);
    expect(await op('SELECT * FROM h WHERE qty > 1')).toEqual(['TABLE FULL SCAN']);
    expect(await op('SELECT /*+ USE_COLUMN_TABLE(h) */ * FROM h WHERE qty > 1')).toEqual(['COLUMN TABLE FULL SCAN']);
    expect(await op('SELECT /*+ NO_USE_COLUMN_TABLE(h) */ SUM(qty) FROM h')).toEqual(['TABLE FULL SCAN']);
    expect(await op('SELECT /*+ NO_USE_COLUMN_TABLE(x) */ SUM(qty) FROM h x')).toEqual(['TABLE FULL SCAN']);
    expect(await op('SELECT * FROM h WHERE id = 3')).toEqual(['TABLE GET']);
    expect(await op('SELECT qty FROM h WHERE id > 3')).toEqual(['COLUMN TABLE RANGE SCAN']);
    expect(await op('SELECT * FROM c WHERE id = 3')).toEqual(['COLUMN TABLE GET']);
    expect(await op('SELECT /*+ USE_COLUMN_TABLE(r) */ qty FROM r')).toEqual(['TABLE FULL SCAN']);
  });

  it('keeps filters that storage cannot evaluate exactly on the scan, and then does not push aggregates', async () => {
    const ctx = await setup();
    const text = await explain(ctx, "EXPLAIN SELECT id FROM c WHERE note LIKE 'n1%' AND qty > 10 AND w > 2 AND qty < 0.005");
    expect(text).toContain("filter([c.note LIKE 'n1%'], [c.qty > 10], [c.w > 2], [c.qty < 0.005])");
    expect(text).toContain('pushdown_filter([c.qty > 10], [c.w > 2])');
    const agg = await explain(ctx, "EXPLAIN SELECT SUM(qty) FROM c WHERE note LIKE 'n1%'");
    expect(agg).toContain('agg_func([T_FUN_SUM(c.qty)])');
    expect(agg).not.toContain('pushdown_aggregation');
  });

  it('does not push DISTINCT aggregates or DOUBLE sums; pushes GROUP BY on a row store too', async () => {
    const ctx = await setup();
    expect(await explain(ctx, 'EXPLAIN SELECT COUNT(DISTINCT flag) FROM c')).not.toContain('pushdown');
    expect(await explain(ctx, 'EXPLAIN SELECT SUM(w) FROM c')).not.toContain('pushdown');
    expect(await explain(ctx, 'EXPLAIN SELECT flag, SUM(qty) FROM r GROUP BY flag')).toContain('pushdown_groupby([r.flag])');
    expect(await explain(ctx, 'EXPLAIN SELECT SUM(qty) FROM r')).toContain('pushdown_aggregation([T_FUN_SUM(r.qty)])');
  });
});

describe('answers are the same for every store', () => {
  const QUERIES = [
    Q1('%'),
    Q6('%'),
    'SELECT COUNT(*), COUNT(qty), SUM(qty), AVG(qty), MIN(flag), MAX(flag), MIN(price), MAX(ship) FROM %',
    "SELECT flag, COUNT(*), AVG(price * 2 - disc) FROM % WHERE status IN ('F') AND note IS NOT NULL GROUP BY flag ORDER BY flag",
    "SELECT id, qty FROM % WHERE qty > 20 AND note LIKE 'n%' ORDER BY id",
    'SELECT COUNT(*) FROM % WHERE qty IS NULL',
    "SELECT SUM(qty) FROM % WHERE flag = 'x'",
    'SELECT flag, MIN(w), MAX(w) FROM % WHERE w BETWEEN 1 AND 5 GROUP BY flag ORDER BY flag',
  ];

  it('row, column and hybrid tables, with and without hints, answer alike', async () => {
    const ctx = await setup();
    for (const q of QUERIES) {
      const want = await query(ctx, q.replace('%', 'r'));
      expect(want.length).toBeGreaterThan(0);
      expect(await query(ctx, q.replace('%', 'c')), q).toEqual(want);
      expect(await query(ctx, q.replace('%', 'h')), q).toEqual(want);
      expect(await query(ctx, q.replace('SELECT', 'SELECT /*+ USE_COLUMN_TABLE(h) */').replace('%', 'h')), q).toEqual(want);
      expect(await query(ctx, q.replace('SELECT', 'SELECT /*+ NO_USE_COLUMN_TABLE(c) */').replace('%', 'c')), q).toEqual(want);
    }
  });

  it('a cached plan re-bound to constants storage cannot compare exactly still answers right', async () => {
    const ctx = await setup();
    const a = await query(ctx, 'SELECT SUM(price) FROM c WHERE qty < 24');
    const b = await query(ctx, 'SELECT SUM(price) FROM c WHERE qty < 24.005');
    expect(a).toEqual(await query(ctx, 'SELECT SUM(price) FROM r WHERE qty < 24'));
    expect(b).toEqual(await query(ctx, 'SELECT SUM(price) FROM r WHERE qty < 24.005'));
  });
});
