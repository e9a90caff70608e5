/**
 * The shell's data commands on OBKV-HBase tables (reference obkv-apis §2.2–2.4, §2.6): put, get,
 * scan, delete, deleteall, incr, get_counter, append, count — each mapped onto the HBase client's
 * Put/Get/Delete/Scan exactly as hbase-shell's `table.rb` builds them. Notably `delete 't','r','f:q'`
 * is `Delete.addColumns` (every version ≤ ts, default all), not `addColumn` (latest only), and a
 * column without a qualifier (`'f1'`) means the whole family.
 */
import { bytesToByteString, bytesToLong } from '../../common/binary';
import type { Delete, Get, HCellResult, HResult, Scan } from '../kv_api_types';
import {
  asBool,
  asColumn,
  asFilter,
  asInt,
  asReadColumns,
  asString,
  asTimeRange,
  isHash,
  readOptions,
  ShellUsageError,
  type ColumnSpec,
  type ShellValue,
} from './args';
import { toApiBytes, type ShellContext, type ShellHandler } from './context';
import {
  convertValue,
  displayKeyToBytes,
  formatColumn,
  formatKey,
  formatValue,
  getCell,
  scanCell,
  tableHeader,
  tableRow,
  VALUE_CONVERTERS,
} from './format';

const RAW_UNSUPPORTED = 'OBKV-HBase has no raw scans: deletes remove cells physically, so there are no delete markers to show (RAW => true)';
const READ_UNSUPPORTED: Record<string, string> = {
  RAW: RAW_UNSUPPORTED,
  ATTRIBUTES: 'OBKV-HBase does not support operation ATTRIBUTES',
  AUTHORIZATIONS: 'OBKV-HBase has no visibility labels (AUTHORIZATIONS)',
  CONSISTENCY: 'OBKV-HBase reads are always strong (CONSISTENCY)',
  REGION_REPLICA_ID: 'OBKV-HBase reads the leader replica only (REGION_REPLICA_ID)',
};
const GET_OPTIONS = ['COLUMN', 'COLUMNS', 'VERSIONS', 'TIMERANGE', 'TIMESTAMP', 'FILTER', 'FORMATTER'];
const SCAN_OPTIONS = [
  'COLUMNS', 'COLUMN', 'STARTROW', 'STOPROW', 'ROWPREFIXFILTER', 'LIMIT', 'REVERSED', 'VERSIONS', 'TIMERANGE', 'TIMESTAMP',
  'FILTER', 'CACHE', 'BATCH', 'CACHE_BLOCKS', 'FORMATTER',
];
const CONVERTERS = Object.keys(VALUE_CONVERTERS);

/** How get/scan show values: per-column converters (`'f1:c1:toLong'`), else FORMATTER, else binary. */
function valueFormatter(columns: ColumnSpec[], opts: Map<string, ShellValue>): (cell: HCellResult) => string {
  let fallback: string | undefined;
  if (opts.has('FORMATTER')) {
    fallback = asString(opts.get('FORMATTER'), 'FORMATTER');
    if (fallback !== 'toString' && fallback !== 'toStringBinary') {
      throw new ShellUsageError(`FORMATTER must be 'toString' or 'toStringBinary', got '${fallback}'`);
    }
  }
  const byColumn = new Map(columns.filter((c) => c.converter).map((c) => [`${c.family}:${c.qualifier}`, c.converter]));
  return (cell) => convertValue(cell, byColumn.get(`${displayKeyToBytes(cell.family)}:${displayKeyToBytes(cell.qualifier)}`) ?? fallback);
}

function table(ctx: ShellContext, v: ShellValue | undefined) {
  const name = asString(v, 'table name');
  if (name === '') throw new ShellUsageError('table name must not be empty');
  return ctx.api.hbase.table(name);
}

function row(v: ShellValue | undefined): string {
  return asString(v, 'row');
}

function addColumns<T extends Get | Scan>(b: T, columns: ColumnSpec[]): T {
  for (const c of columns) {
    if (c.qualifier === null) b.addFamily(toApiBytes(c.family));
    else b.addColumn(toApiBytes(c.family), toApiBytes(c.qualifier));
  }
  return b;
}

/** VERSIONS, TIMERANGE, TIMESTAMP, FILTER shared by get and scan. */
function applyReadOptions<T extends Get | Scan>(b: T, opts: Map<string, ShellValue>): void {
  if (opts.has('VERSIONS')) {
    const n = asInt(opts.get('VERSIONS'), 'VERSIONS');
    if (n < 1) throw new ShellUsageError(`VERSIONS must be at least 1, got ${n}`);
    b.setMaxVersions(n);
  }
  if (opts.has('TIMERANGE')) {
    const [min, max] = asTimeRange(opts.get('TIMERANGE'));
    b.setTimeRange(min, max);
  }
  if (opts.has('TIMESTAMP')) b.setTimeStamp(asInt(opts.get('TIMESTAMP'), 'TIMESTAMP'));
  if (opts.has('FILTER')) b.setFilter(asFilter(opts.get('FILTER')));
}

const put: ShellHandler = {
  minArgs: 4,
  maxArgs: 5,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    const p = new ctx.api.Put(toApiBytes(row(args[1])));
    const c = asColumn(args[2], 'column');
    const value = toApiBytes(asString(args[3], 'value'));
    const q = toApiBytes(c.qualifier ?? '');
    if (args.length === 5) p.addColumn(toApiBytes(c.family), q, asInt(args[4], 'timestamp'), value);
    else p.addColumn(toApiBytes(c.family), q, value);
    await t.put(p);
  },
};

/** get's third and later arguments: columns as strings/arrays, or one options hash. */
function getSpec(rest: ShellValue[]): { columns: ColumnSpec[]; opts: Map<string, ShellValue> } {
  if (rest.length === 1 && isHash(rest[0])) {
    const opts = readOptions(rest[0], GET_OPTIONS, READ_UNSUPPORTED);
    const columns = [
      ...(opts.has('COLUMN') ? asReadColumns(opts.get('COLUMN'), 'COLUMN', CONVERTERS) : []),
      ...(opts.has('COLUMNS') ? asReadColumns(opts.get('COLUMNS'), 'COLUMNS', CONVERTERS) : []),
    ];
    return { columns, opts };
  }
  if (rest.some(isHash)) throw new ShellUsageError('get takes either columns or one options hash after the row');
  return { columns: rest.flatMap((v) => asReadColumns(v, 'column', CONVERTERS)), opts: new Map() };
}

const get: ShellHandler = {
  minArgs: 2,
  maxArgs: -1,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    const { columns, opts } = getSpec(args.slice(2));
    const g = addColumns(new ctx.api.Get(toApiBytes(row(args[1]))), columns);
    applyReadOptions(g, opts);
    const show = valueFormatter(columns, opts);
    const result = await t.get(g);
    ctx.out(tableHeader('COLUMN', 'CELL'));
    for (const cell of result.cells) ctx.out(tableRow(formatColumn(cell), getCell(cell, show(cell))));
    ctx.out(`${result.cells.length > 0 ? 1 : 0} row(s)`);
  },
};

/** The smallest row key greater than every key starting with `prefix` ('' when none: to the end). */
export function prefixStopRow(prefix: string): string {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xff) end--;
  if (end === 0) return '';
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}

interface ScanPlan {
  scan: Scan;
  show: (cell: HCellResult) => string;
  /** ROWPREFIXFILTER: rows must start with it (guards the range ends). */
  prefix: string | null;
  limit: number | null;
}

function buildScan(ctx: ShellContext, hash: ShellValue | undefined): ScanPlan {
  if (hash !== undefined && !isHash(hash)) throw new ShellUsageError('scan options must be a hash: {STARTROW => ..., LIMIT => ...}');
  const opts = readOptions(hash, SCAN_OPTIONS, READ_UNSUPPORTED);
  const scan = new ctx.api.Scan();
  const reversed = opts.has('REVERSED') ? asBool(opts.get('REVERSED'), 'REVERSED') : false;
  if (reversed) scan.setReversed(true);
  const prefix = opts.has('ROWPREFIXFILTER') ? asString(opts.get('ROWPREFIXFILTER'), 'ROWPREFIXFILTER') : null;
  if (prefix !== null) {
    const after = prefixStopRow(prefix);
    if (!reversed) {
      scan.withStartRow(toApiBytes(prefix), true);
      if (after !== '') scan.withStopRow(toApiBytes(after), false);
    } else {
      if (after !== '') scan.withStartRow(toApiBytes(after), false);
      scan.withStopRow(toApiBytes(prefix), true);
    }
  } else {
    if (opts.has('STARTROW')) scan.withStartRow(toApiBytes(asString(opts.get('STARTROW'), 'STARTROW')));
    if (opts.has('STOPROW')) scan.withStopRow(toApiBytes(asString(opts.get('STOPROW'), 'STOPROW')));
  }
  const columns = [
    ...(opts.has('COLUMNS') ? asReadColumns(opts.get('COLUMNS'), 'COLUMNS', CONVERTERS) : []),
    ...(opts.has('COLUMN') ? asReadColumns(opts.get('COLUMN'), 'COLUMN', CONVERTERS) : []),
  ];
  addColumns(scan, columns);
  applyReadOptions(scan, opts);
  let limit: number | null = null;
  if (opts.has('LIMIT')) {
    limit = asInt(opts.get('LIMIT'), 'LIMIT');
    if (limit < 1) throw new ShellUsageError(`LIMIT must be at least 1, got ${limit}`);
    // A reversed prefix scan may see the exclusive start row once: ask for one more.
    scan.setLimit(prefix !== null && reversed ? limit + 1 : limit);
  }
  if (opts.has('CACHE')) scan.setCaching(asInt(opts.get('CACHE'), 'CACHE'));
  if (opts.has('BATCH')) scan.setBatch(asInt(opts.get('BATCH'), 'BATCH'));
  return { scan, prefix, limit, show: valueFormatter(columns, opts) };
}

/** Runs a scan plan: rows in scan order, the prefix guard and limit applied. */
async function runScan(ctx: ShellContext, tableArg: ShellValue | undefined, plan: ScanPlan): Promise<HResult[]> {
  let results = await table(ctx, tableArg).scan(plan.scan);
  if (plan.prefix !== null) {
    const prefix = plan.prefix;
    results = results.filter((r) => rowBytes(r).startsWith(prefix));
  }
  if (plan.limit !== null && results.length > plan.limit) results = results.slice(0, plan.limit);
  return results;
}

/** A result's row as bytes (the client shows rows as display text). */
function rowBytes(r: HResult): string {
  return displayKeyToBytes(r.row);
}

const scan: ShellHandler = {
  minArgs: 1,
  maxArgs: 2,
  async run(ctx, args) {
    const plan = buildScan(ctx, args[1]);
    const results = await runScan(ctx, args[0], plan);
    ctx.out(tableHeader('ROW', 'COLUMN+CELL'));
    for (const r of results) {
      for (const cell of r.cells) ctx.out(tableRow(formatKey(cell.row), scanCell(cell, plan.show(cell))));
    }
    ctx.out(`${results.length} row(s)`);
  },
};

/** `addColumns(f, q[, ts])` or, for a bare family, `addFamily(f[, ts])` (hbase-shell `_createdelete_internal`). */
function deleteColumn(d: Delete, c: ColumnSpec, ts: number | undefined): void {
  if (c.qualifier === null) d.addFamily(toApiBytes(c.family), ts);
  else d.addColumns(toApiBytes(c.family), toApiBytes(c.qualifier), ts);
}

const del: ShellHandler = {
  minArgs: 3,
  maxArgs: 4,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    const d = new ctx.api.Delete(toApiBytes(row(args[1])));
    deleteColumn(d, asColumn(args[2], 'column'), args.length === 4 ? asInt(args[3], 'timestamp') : undefined);
    await t.delete(d);
  },
};

const deleteall: ShellHandler = {
  minArgs: 2,
  maxArgs: 4,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    if (isHash(args[1])) {
      // deleteall 't1', {ROWPREFIXFILTER => 'p'}: every row with that prefix.
      const opts = readOptions(args[1], ['ROWPREFIXFILTER', 'CACHE']);
      if (!opts.has('ROWPREFIXFILTER')) throw new ShellUsageError('deleteall with a hash needs ROWPREFIXFILTER');
      const plan = buildScan(ctx, { kind: 'hash', map: new Map([['ROWPREFIXFILTER', opts.get('ROWPREFIXFILTER')!]]) });
      const rows = await runScan(ctx, args[0], plan);
      if (rows.length > 0) await t.delete(rows.map((r) => new ctx.api.Delete(toApiBytes(rowBytes(r)))));
      return;
    }
    const d = new ctx.api.Delete(toApiBytes(row(args[1])));
    if (args.length >= 3) deleteColumn(d, asColumn(args[2], 'column'), args.length === 4 ? asInt(args[3], 'timestamp') : undefined);
    await t.delete(d);
  },
};

function counterAmount(v: ShellValue | undefined): bigint {
  if (v === undefined) return 1n;
  if (typeof v === 'bigint') return v;
  throw new ShellUsageError('the increment must be an Integer');
}

const incr: ShellHandler = {
  minArgs: 3,
  maxArgs: 4,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    const c = asColumn(args[2], 'column');
    const v = await t.incrementColumnValue(toApiBytes(row(args[1])), toApiBytes(c.family), toApiBytes(c.qualifier ?? ''), counterAmount(args[3]));
    ctx.out(`COUNTER VALUE = ${v}`);
  },
};

const getCounter: ShellHandler = {
  minArgs: 3,
  maxArgs: 3,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    const c = asColumn(args[2], 'column');
    const g = new ctx.api.Get(toApiBytes(row(args[1]))).addColumn(toApiBytes(c.family), toApiBytes(c.qualifier ?? ''));
    const result = await t.get(g);
    const cell = result.cells[0];
    if (!cell) {
      ctx.out('No counter found at specified coordinates');
      return;
    }
    const value = bytesToLong(bytesToByteString(cell.bytes));
    if (value === null) {
      throw new ShellUsageError(`${formatColumn(cell)} holds ${cell.bytes.length} byte(s) (value=${formatValue(cell)}); a counter is an 8-byte long written by incr`);
    }
    ctx.out(`COUNTER VALUE = ${value}`);
  },
};

const append: ShellHandler = {
  minArgs: 4,
  maxArgs: 4,
  async run(ctx, args) {
    const t = table(ctx, args[0]);
    const c = asColumn(args[2], 'column');
    const q = c.qualifier ?? '';
    const result = await t.append(toApiBytes(row(args[1])), toApiBytes(c.family), toApiBytes(q), toApiBytes(asString(args[3], 'value')));
    const cell: HCellResult | undefined = result.cells[0];
    if (cell) ctx.out(`CURRENT VALUE = ${formatValue(cell)}`);
  },
};

const count: ShellHandler = {
  minArgs: 1,
  maxArgs: 2,
  async run(ctx, args) {
    const opts = readOptions(isHash(args[1]) ? args[1] : undefined, ['INTERVAL', 'CACHE', 'FILTER', 'CACHE_BLOCKS']);
    if (args[1] !== undefined && !isHash(args[1])) throw new ShellUsageError('count options must be a hash: {INTERVAL => 1000}');
    const interval = opts.has('INTERVAL') ? asInt(opts.get('INTERVAL'), 'INTERVAL') : 1000;
    if (interval < 1) throw new ShellUsageError(`INTERVAL must be at least 1, got ${interval}`);
    const s = new ctx.api.Scan().setCaching(opts.has('CACHE') ? asInt(opts.get('CACHE'), 'CACHE') : 10);
    if (opts.has('FILTER')) s.setFilter(asFilter(opts.get('FILTER')));
    const results = await table(ctx, args[0]).scan(s);
    for (let i = interval; i <= results.length; i += interval) {
      ctx.out(`Current count: ${i}, row: ${formatKey(results[i - 1].row)}`);
    }
    ctx.out(`${results.length} row(s)`);
    ctx.result(String(results.length));
  },
};

/** The data handlers by command name. */
export const DML_HANDLERS: Record<string, ShellHandler> = {
  put,
  get,
  scan,
  delete: del,
  deleteall,
  incr,
  get_counter: getCounter,
  append,
  count,
};
