/**
 * Sample data: the playground's "Load sample data" (TPC-H at a chosen scale factor, or `world`).
 *
 * The loader is independent of how rows reach the tenant: it talks to a small `SampleTarget` the
 * host provides (the server's direct insert path, or `sqlSampleTarget` which sends INSERT
 * statements through `ObServerApi.execute`). It
 * 1. drops and recreates the database (`tpch` or `world`) and its tables with `target.sql`;
 * 2. inserts each table's rows in batches of `SAMPLE_DATA_BATCH_ROWS`, in primary-key order,
 *    reporting `progress` and calling `yield` after each batch, so memory stays bounded and a UI
 *    stays responsive.
 * Generated data is deterministic: the same dataset and scale factor always load the same rows.
 * Errors: whatever the target throws (ObErrors from DDL or inserts) propagates unchanged;
 * `Errors.invalidArgument` for a scale factor that is not a positive number.
 */
import { Errors } from '../common/ob_error';
import { SAMPLE_DATA_BATCH_ROWS } from '../common/limits';
import type { Value } from '../common/value';
import { TPCH_TABLES, tpchCreateTableSql, tpchRowCount, tpchRows } from './tpch';
import { WORLD_TABLES, loadWorldCountries, worldCreateTableSql } from './world';

export { TPCH_QUERIES, type TpchQueryName } from './tpch_queries';
export { TPCH_TABLES, tpchCreateTableSql, tpchRowCount, tpchRows, type TpchTableName } from './tpch';
export { WORLD_TABLES, worldCreateTableSql } from './world';
export { sqlSampleTarget, sqlLiteral } from './sql_target';

export type SampleDataset = 'tpch' | 'world';

/** Where sample rows go. Implemented by the server (direct inserts) or `sqlSampleTarget`. */
export interface SampleTarget {
  /** Runs one DDL statement (CREATE/DROP DATABASE, CREATE TABLE). Throws ObError. */
  sql(text: string): Promise<void>;
  /** Inserts full rows (values in `columns` order) into `db.table`. Throws ObError. */
  insertRows(db: string, table: string, columns: string[], rows: Value[][]): Promise<void>;
  /** Called after every batch: rows of `table` inserted so far, of `rowsTotal`. */
  progress(table: string, rowsDone: number, rowsTotal: number): void;
  /** Lets the host breathe between batches (UI updates, timers, other sessions). */
  yield(): Promise<void>;
}

export const TPCH_SCALE_FACTOR_DEFAULT = 0.01;

/**
 * Loads `dataset` through `target` (dropping the database first when it exists).
 * `scaleFactor` applies to TPC-H only (default 0.01 ≈ 87k rows; any SF > 0).
 * Returns the row count of every table loaded, in load order.
 */
export async function loadSampleData(
  target: SampleTarget,
  dataset: SampleDataset,
  scaleFactor: number = TPCH_SCALE_FACTOR_DEFAULT,
): Promise<{ table: string; rows: number }[]> {
  if (dataset === 'tpch') return loadTpch(target, scaleFactor);
  if (dataset === 'world') return loadWorld(target);
  throw Errors.invalidArgument(`Unknown sample dataset '${String(dataset)}'`);
}

async function recreateDatabase(target: SampleTarget, db: string, creates: string[]): Promise<void> {
  await target.sql(`DROP DATABASE IF EXISTS ${db}`);
  await target.sql(`CREATE DATABASE ${db}`);
  for (const ddl of creates) await target.sql(ddl);
}

async function loadTpch(target: SampleTarget, sf: number): Promise<{ table: string; rows: number }[]> {
  if (typeof sf !== 'number' || !Number.isFinite(sf) || sf <= 0) {
    throw Errors.invalidArgument(`Incorrect arguments to load_sample_data: scale factor must be > 0, got ${sf}`);
  }
  await recreateDatabase(target, 'tpch', TPCH_TABLES.map((t) => tpchCreateTableSql(t, 'tpch')));
  const loaded: { table: string; rows: number }[] = [];
  for (const table of TPCH_TABLES) {
    const total = tpchRowCount(table.name, sf);
    const rows = await insertBatched(target, 'tpch', table.name, [...table.columns], tpchRows(table.name, sf), total);
    loaded.push({ table: table.name, rows });
  }
  return loaded;
}

async function loadWorld(target: SampleTarget): Promise<{ table: string; rows: number }[]> {
  const countries = await loadWorldCountries();
  await recreateDatabase(target, 'world', WORLD_TABLES.map((t) => worldCreateTableSql(t, 'world')));
  const loaded: { table: string; rows: number }[] = [];
  for (const table of WORLD_TABLES) {
    const rows = table.rows(countries);
    const n = await insertBatched(target, 'world', table.name, [...table.columns], rows, rows.length);
    loaded.push({ table: table.name, rows: n });
  }
  return loaded;
}

/** Streams `rows` into the target in batches; returns the number of rows inserted. */
async function insertBatched(
  target: SampleTarget,
  db: string,
  table: string,
  columns: string[],
  rows: Iterable<Value[]>,
  total: number,
): Promise<number> {
  let done = 0;
  let batch: Value[][] = [];
  const flush = async () => {
    await target.insertRows(db, table, columns, batch);
    done += batch.length;
    batch = [];
    target.progress(table, done, total);
    await target.yield();
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length === SAMPLE_DATA_BATCH_ROWS) await flush();
  }
  if (batch.length > 0) await flush();
  else if (done === 0) target.progress(table, 0, total);
  return done;
}
