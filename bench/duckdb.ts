/**
 * DuckDB-WASM beside our engine in the columnar benchmark: the Node build of the blocking bindings
 * (`@duckdb/duckdb-wasm/blocking`, synchronous queries on the main thread, one thread, the wasm
 * file read from node_modules — no network), which runs the same WebAssembly module a browser page
 * would (EH build when the runtime supports wasm exceptions, else MVP).
 *
 * Data goes in as an Arrow table built from the benchmark's typed arrays (a staging table), then
 * `CREATE TABLE lineitem AS SELECT` with the TPC-H column types (DECIMAL(15,2), DATE, CHAR/VARCHAR
 * as VARCHAR), so DuckDB queries the same values with the same types as ours.
 *
 * apache-arrow is DuckDB-WASM's own dependency (installed with it); both stay external to the
 * bench bundle (bench/build.mjs) and are loaded with Node's resolver.
 */
import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';
import { INSTRUCTIONS, MODES, type LineitemColumns } from './lineitem_data';

/** The few bits of the DuckDB connection the benchmark uses. */
export interface DuckDbLineitem {
  version: string;
  /** Runs a query; returns its rows as plain arrays. Throws Error (message only, no wasm dump). */
  query(sql: string): unknown[][];
  close(): void;
}

/** Keeps DuckDB's errors short: its thrown errors carry the minified bundle as context. */
function shortError(e: unknown): Error {
  const msg = e instanceof Error ? e.message : String(e);
  return new Error(`duckdb: ${msg.split('\n').slice(0, 3).join(' ').slice(0, 300)}`);
}

/** A Utf8 Arrow vector from JS strings (offsets + one UTF-8 buffer; faster than vectorFromArray). */
function utf8Vector(arrow: typeof Arrow, values: ArrayLike<string>): Arrow.Vector {
  const enc = new TextEncoder();
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  let bytes = new Uint8Array(Math.max(1024, n * 8));
  let at = 0;
  for (let i = 0; i < n; i++) {
    const s = values[i];
    if (at + s.length * 3 > bytes.length) {
      const grown = new Uint8Array(Math.max(bytes.length * 2, at + s.length * 3));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
    }
    at += enc.encodeInto(s, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  }
  const data = arrow.makeData({ type: new arrow.Utf8(), length: n, nullCount: 0, valueOffsets: offsets, data: bytes.subarray(0, at) });
  return arrow.makeVector(data);
}

/** Strings of a column given as indexes into a word list. */
const wordsOf = (codes: Uint8Array, words: readonly string[]) => Array.from(codes, (c) => words[c]);
const charsOf = (codes: Uint8Array) => {
  const table = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
  return Array.from(codes, (c) => table[c]);
};

/**
 * Instantiates DuckDB-WASM and loads `c` as table `lineitem`. Returns the connection; the caller
 * times this call as the load.
 */
export async function openDuckDbLineitem(c: LineitemColumns): Promise<DuckDbLineitem> {
  const require = createRequire(import.meta.url);
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
  const arrow = require('apache-arrow') as typeof Arrow;
  const file = (f: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${f}`);
  const bundles = {
    mvp: { mainModule: file('duckdb-mvp.wasm'), mainWorker: file('duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: file('duckdb-eh.wasm'), mainWorker: file('duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const conn = db.connect();
  const run = (sql: string) => {
    try {
      return conn.query(sql);
    } catch (e) {
      throw shortError(e);
    }
  };
  const f64 = (a: ArrayLike<number>, scale: number) => Float64Array.from(a, (v) => v / scale);
  const stage = new arrow.Table({
    l_orderkey: arrow.makeVector(c.orderKey),
    l_partkey: arrow.makeVector(c.partKey),
    l_suppkey: arrow.makeVector(c.suppKey),
    l_linenumber: arrow.makeVector(c.lineNumber),
    l_quantity: arrow.makeVector(f64(c.quantityCents, 100)),
    l_extendedprice: arrow.makeVector(f64(c.extendedPriceCents, 100)),
    l_discount: arrow.makeVector(f64(c.discountCents, 100)),
    l_tax: arrow.makeVector(f64(c.taxCents, 100)),
    l_returnflag: utf8Vector(arrow, charsOf(c.returnFlag)),
    l_linestatus: utf8Vector(arrow, charsOf(c.lineStatus)),
    l_shipdate: arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: c.rows, nullCount: 0, data: c.shipDate })),
    l_commitdate: arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: c.rows, nullCount: 0, data: c.commitDate })),
    l_receiptdate: arrow.makeVector(arrow.makeData({ type: new arrow.DateDay(), length: c.rows, nullCount: 0, data: c.receiptDate })),
    l_shipinstruct: utf8Vector(arrow, wordsOf(c.shipInstruct, INSTRUCTIONS)),
    l_shipmode: utf8Vector(arrow, wordsOf(c.shipMode, MODES)),
    l_comment: utf8Vector(arrow, c.comment),
  });
  try {
    conn.insertArrowTable(stage, { name: 'lineitem_stage' });
  } catch (e) {
    throw shortError(e);
  }
  run(
    `CREATE TABLE lineitem AS SELECT l_orderkey::BIGINT AS l_orderkey, l_partkey::INTEGER AS l_partkey, ` +
      `l_suppkey::INTEGER AS l_suppkey, l_linenumber::INTEGER AS l_linenumber, ` +
      `l_quantity::DECIMAL(15,2) AS l_quantity, l_extendedprice::DECIMAL(15,2) AS l_extendedprice, ` +
      `l_discount::DECIMAL(15,2) AS l_discount, l_tax::DECIMAL(15,2) AS l_tax, l_returnflag, l_linestatus, ` +
      `l_shipdate, l_commitdate, l_receiptdate, l_shipinstruct, l_shipmode, l_comment FROM lineitem_stage`,
  );
  run('DROP TABLE lineitem_stage');
  return {
    version: db.getVersion(),
    query(sql: string) {
      const t = run(sql);
      return t.toArray().map((row) => Object.values(row.toJSON()));
    },
    close() {
      conn.close();
      db.reset();
    },
  };
}
