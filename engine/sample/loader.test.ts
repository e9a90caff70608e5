import { describe, expect, it } from 'vitest';
import { Decimal } from '../common/decimal';
import { ObError } from '../common/ob_error';
import type { Value } from '../common/value';
import type { ExecuteReply, ObServerApi } from '../server/api';
import { loadSampleData, sqlLiteral, sqlSampleTarget, type SampleTarget } from './index';

/** Records what the loader asks of its target. */
class RecordingTarget implements SampleTarget {
  ddl: string[] = [];
  batches: { table: string; columns: string[]; rows: Value[][] }[] = [];
  progressLog: [string, number, number][] = [];
  yields = 0;
  async sql(text: string) {
    this.ddl.push(text);
  }
  async insertRows(db: string, table: string, columns: string[], rows: Value[][]) {
    this.batches.push({ table: `${db}.${table}`, columns, rows });
  }
  progress(table: string, done: number, total: number) {
    this.progressLog.push([table, done, total]);
  }
  async yield() {
    this.yields++;
  }
  rowsOf(table: string) {
    return this.batches.filter((b) => b.table === table).flatMap((b) => b.rows);
  }
}

describe('loadSampleData', () => {
  it('recreates the tpch database and loads every table in batches with progress', async () => {
    const target = new RecordingTarget();
    const result = await loadSampleData(target, 'tpch', 0.002);
    expect(target.ddl.slice(0, 2)).toEqual(['DROP DATABASE IF EXISTS tpch', 'CREATE DATABASE tpch']);
    expect(target.ddl).toHaveLength(10);
    expect(target.ddl.find((d) => d.startsWith('CREATE TABLE tpch.lineitem'))).toMatch(
      /PRIMARY KEY \(l_orderkey, l_linenumber\)\) PARTITION BY HASH\(l_orderkey\) PARTITIONS 3$/,
    );
    expect(result.map((r) => r.table)).toEqual([
      'region', 'nation', 'supplier', 'customer', 'part', 'partsupp', 'orders', 'lineitem',
    ]);
    expect(result.find((r) => r.table === 'orders')!.rows).toBe(3000);
    for (const b of target.batches) {
      expect(b.rows.length).toBeLessThanOrEqual(2000);
      expect(b.rows.every((r) => r.length === b.columns.length)).toBe(true);
    }
    for (const { table, rows } of result) {
      expect(target.rowsOf(`tpch.${table}`)).toHaveLength(rows);
      const last = target.progressLog.filter((p) => p[0] === table).at(-1)!;
      expect(last).toEqual([table, rows, rows]);
    }
    expect(target.yields).toBe(target.batches.length);
  });

  it('loads the world database from the world-countries package', async () => {
    const target = new RecordingTarget();
    const result = await loadSampleData(target, 'world');
    expect(target.ddl.slice(0, 2)).toEqual(['DROP DATABASE IF EXISTS world', 'CREATE DATABASE world']);
    expect(result.map((r) => r.table)).toEqual(['country', 'country_language', 'country_border']);
    const countries = target.rowsOf('world.country');
    expect(countries.length).toBeGreaterThanOrEqual(240);
    const china = countries.find((r) => r[0] === 'CHN')!;
    expect(china.slice(0, 8)).toEqual([
      'CHN', 'CN', '156', 'China', "People's Republic of China", 'Asia', 'Eastern Asia', 'Beijing',
    ]);
    expect(String(china[8])).toBe('9706961.00');
    const keys = countries.map((r) => r[0] as string);
    expect([...keys].sort()).toEqual(keys);
    const borders = target.rowsOf('world.country_border');
    expect(borders).toContainEqual(['FRA', 'ESP']);
    expect(borders).toContainEqual(['ESP', 'FRA']);
    expect(target.rowsOf('world.country_language')).toContainEqual(['CHE', 'fra', 'French']);
  });

  it('rejects a scale factor that is not positive', async () => {
    await expect(loadSampleData(new RecordingTarget(), 'tpch', 0)).rejects.toBeInstanceOf(ObError);
    await expect(loadSampleData(new RecordingTarget(), 'tpch', -1)).rejects.toThrow(/scale factor/);
  });
});

describe('sqlSampleTarget', () => {
  it('writes MySQL literals with escapes', () => {
    expect(sqlLiteral(null)).toBe('NULL');
    expect(sqlLiteral(42)).toBe('42');
    expect(sqlLiteral(12345678901234567890n)).toBe('12345678901234567890');
    expect(sqlLiteral(new Decimal(-5n, 2))).toBe('-0.05');
    expect(sqlLiteral("Côte d'Ivoire")).toBe("'Côte d\\'Ivoire'");
    expect(sqlLiteral('a\\b\nc\0')).toBe("'a\\\\b\\nc\\0'");
  });

  it('sends DDL and multi-row INSERTs through the API and surfaces errors as ObError', async () => {
    const sent: string[] = [];
    const api = {
      async execute(_session: number, sql: string): Promise<ExecuteReply> {
        sent.push(sql);
        if (sql.startsWith('CREATE TABLE bad')) {
          return {
            results: [], database: null,
            error: { obCode: -5020, mysqlCode: 1050, sqlState: '42S01', message: "Table 'bad' already exists", retryable: false, sql, statementIndex: 0 },
          };
        }
        return { results: [], database: null };
      },
    } as unknown as ObServerApi;
    const target = sqlSampleTarget(api, 7);
    await target.insertRows('tpch', 'region', ['r_regionkey', 'r_name'], [[0, 'AFRICA'], [1, 'AMERICA']]);
    expect(sent).toEqual(["INSERT INTO tpch.region (r_regionkey, r_name) VALUES (0, 'AFRICA'), (1, 'AMERICA')"]);
    await expect(target.sql('CREATE TABLE bad (a int)')).rejects.toMatchObject({ mysqlCode: 1050 });
  });
});
