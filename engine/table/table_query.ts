/**
 * OBKV-Table queries of one tablet (reference obkv-apis §1.7; OceanBase's `ObTableQueryP` /
 * `ObTableApiScanExecutor`): scan ranges over the rowkey (or a leading subset with
 * `scanRangeColumns`, or over a secondary index's columns), their union, reverse order, the
 * server-side filter, then offset, then limit, then the projection.
 *
 * Ranges become encoded `KeyRange`s: a bound with fewer cells than the key, or a `KV_MIN`/`KV_MAX`
 * cell, stands for every key with that prefix (MIN: before them, MAX: after them; a missing tail
 * is MIN for an inclusive start / exclusive end and MAX otherwise). The union is sorted and merged
 * (the DAS wants sorted, non-overlapping ranges); a range whose start is past its end is empty.
 * Expired rows of TTL tables are skipped before offset and limit count them.
 *
 * Secondary indexes are metadata only in this playground (no index tablets): a query with
 * `indexName` scans the whole tablet, keeps the rows whose index key (index columns, then the
 * rowkey) falls in the ranges and orders them by it — the same rows and order as an index scan.
 */
import { Errors } from '../common/ob_error';
import { encodeRowkey, KEY_MAX_SUFFIX, type EncodedRowkey } from '../common/rowkey';
import { isIntegerType, type ColumnType, type Value } from '../common/value';
import type { ColumnSchema, PartitionSchema } from '../schema/schema';
import { FULL_RANGE, type DasService, type KeyRange } from '../sql/exec_context';
import { filterPredicate, type RowPredicate } from './filter';
import { inputTypeOf, toStoredValue, type TableMeta } from './table_meta';
import { expiryTest } from './ttl';
import { isKvBound, type KvRangeValue, type KvScanRange, type TableQuerySpec } from './types';

/** A checked query: encoded ranges, compiled filter, limits and projection. */
export interface QueryPlan {
  meta: TableMeta;
  /** Sorted, merged ranges over the rowkey (primary) or the index key. */
  ranges: KeyRange[];
  /** Secondary-index order: the index key of a full row; null for the primary key. */
  indexKey: ((row: readonly Value[]) => EncodedRowkey) | null;
  reverse: boolean;
  filter: RowPredicate | null;
  offset: number;
  /** -1: unlimited. */
  limit: number;
  /** Column indexes returned, in order. */
  projection: number[];
}

/**
 * Checks and prepares a query. Errors: -10513 a range whose cell count differs from the key
 * (or scanRangeColumns) count, -5217 unknown select/filter column, -10514 bad filter, -10511 bad
 * range value, -4007 scanRangeColumns that are not a leading prefix, -4002 unknown index or
 * negative offset.
 */
export function planQuery(meta: TableMeta, spec: TableQuerySpec): QueryPlan {
  if (meta.table.isHeap) throw Errors.notSupported('table api on a table without primary key');
  if (spec.offset < 0) throw Errors.invalidArgument('offset can not be negative');
  const primary = spec.indexName === null || spec.indexName === '' || spec.indexName.toUpperCase() === 'PRIMARY';
  let keyCols: ColumnSchema[];
  let prefixCols: ColumnSchema[];
  let indexKey: QueryPlan['indexKey'] = null;
  if (primary) {
    keyCols = meta.keyColumns;
    prefixCols = keyCols;
  } else {
    const idx = meta.index(spec.indexName!);
    if (!idx) throw Errors.invalidArgument(`index '${spec.indexName}' does not exist in table '${meta.table.name}'`);
    prefixCols = idx.columns.map((n) => meta.column(n));
    keyCols = [...prefixCols, ...meta.keyColumns.filter((k) => !prefixCols.includes(k))];
    const idxs = keyCols.map((c) => c.index);
    const types = keyCols.map((c) => c.type);
    indexKey = (row) => encodeRowkey(idxs.map((i) => row[i]), types);
  }
  let rangeCols = prefixCols;
  if (spec.scanRangeColumns.length > 0) {
    rangeCols = spec.scanRangeColumns.map((n) => meta.column(n));
    if (rangeCols.length > keyCols.length || rangeCols.some((c, i) => c !== keyCols[i])) {
      throw Errors.notSupported('scan range columns that are not a leading prefix of the key');
    }
  }
  const types = keyCols.map((c) => c.type);
  const ranges = spec.ranges.length === 0
    ? [FULL_RANGE]
    : mergeRanges(spec.ranges.map((r) => encodeRange(meta, r, rangeCols, types)));
  return {
    meta,
    ranges,
    indexKey,
    reverse: spec.reverse,
    filter: filterPredicate(spec.filter, meta),
    offset: spec.offset,
    limit: spec.limit < 0 ? -1 : spec.limit,
    projection: meta.projection(spec.select),
  };
}

function encodeRange(meta: TableMeta, r: KvScanRange, cols: ColumnSchema[], types: ColumnType[]): KeyRange {
  for (const cells of [r.start, r.end]) {
    if (cells.length !== cols.length) throw Errors.kvScanRangeMissing(cells.length, cols.length);
  }
  const s = encodeBound(meta, r.start, cols, types, true, r.startInclusive);
  const e = encodeBound(meta, r.end, cols, types, false, r.endInclusive);
  return { start: s.key, startInclusive: s.inclusive, end: e.key, endInclusive: e.inclusive };
}

function encodeBound(
  meta: TableMeta, cells: KvRangeValue[], cols: ColumnSchema[], types: ColumnType[], isStart: boolean, inclusive: boolean,
): { key: EncodedRowkey; inclusive: boolean } {
  const vals: Value[] = [];
  let sentinel: 'MIN' | 'MAX' | null = null;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (isKvBound(cell)) {
      sentinel = cell.kvBound;
      break;
    }
    vals.push(rangeCellValue(meta, cols[i], cell));
  }
  const prefix = encodeRowkey(vals, types.slice(0, vals.length));
  if (sentinel === null && vals.length === types.length) return { key: prefix, inclusive };
  const low = sentinel !== null ? sentinel === 'MIN' : isStart === inclusive;
  return low ? { key: prefix, inclusive: true } : { key: prefix + KEY_MAX_SUFFIX, inclusive: true };
}

/** A range cell in the column's type; bounds may exceed the column's length/range (no -5167). */
function rangeCellValue(meta: TableMeta, c: ColumnSchema, v: Exclude<KvRangeValue, { kvBound: unknown }>): Value {
  if (v === null) return null;
  const t = c.type;
  if (typeof v === 'string' && (t.kind === 'char' || t.kind === 'varchar' || t.kind === 'text')) return v; // byte strings as given
  if (isIntegerType(t) && (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)))) return v;
  return toStoredValue(meta, { ...c, nullable: true }, v, inputTypeOf(v));
}

function startsAfter(a: KeyRange, b: KeyRange): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.startInclusive === b.startInclusive ? 0 : a.startInclusive ? -1 : 1;
}

function isEmpty(r: KeyRange): boolean {
  return r.start > r.end || (r.start === r.end && !(r.startInclusive && r.endInclusive));
}

/** Sorts ranges by start and merges overlapping or touching ones; drops empty ranges. */
export function mergeRanges(ranges: KeyRange[]): KeyRange[] {
  const sorted = ranges.filter((r) => !isEmpty(r)).sort(startsAfter);
  const out: KeyRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    const touches = last && (r.start < last.end || (r.start === last.end && (r.startInclusive || last.endInclusive)));
    if (!touches) {
      out.push({ ...r });
      continue;
    }
    if (r.end > last.end) {
      last.end = r.end;
      last.endInclusive = r.endInclusive;
    } else if (r.end === last.end && r.endInclusive) {
      last.endInclusive = true;
    }
  }
  return out;
}

function inRanges(key: EncodedRowkey, ranges: readonly KeyRange[]): boolean {
  for (const r of ranges) {
    if ((r.startInclusive ? key >= r.start : key > r.start) && (r.endInclusive ? key <= r.end : key < r.end)) return true;
  }
  return false;
}

/**
 * The query's full-width rows in order, after TTL, filter, offset and limit (a lazy stream: the
 * DAS scan is pulled in batches as the consumer asks). `nowUs`: the request's time for TTL.
 */
export async function* queryRows(das: DasService, plan: QueryPlan, partition: PartitionSchema, nowUs: number): AsyncGenerator<Value[]> {
  const { meta, filter, limit } = plan;
  if (limit === 0) return;
  const expired = expiryTest(meta, nowUs);
  let skip = plan.offset;
  let n = 0;
  const source = plan.indexKey ? indexOrderRows(das, plan, partition) : primaryRows(das, plan, partition, !filter && !expired);
  for await (const row of source) {
    if (expired?.(row) || (filter && !filter(row))) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    yield row;
    if (++n === limit) return;
  }
}

async function* primaryRows(das: DasService, plan: QueryPlan, partition: PartitionSchema, pushLimit: boolean): AsyncGenerator<Value[]> {
  const table = plan.meta.table;
  const req = {
    table, partition, ranges: plan.ranges, columns: plan.meta.allColumns, reverse: plan.reverse,
    ...(pushLimit && plan.limit > 0 ? { limit: plan.offset + plan.limit } : {}),
  };
  for await (const batch of das.scan(req)) yield* batch;
}

async function* indexOrderRows(das: DasService, plan: QueryPlan, partition: PartitionSchema): AsyncGenerator<Value[]> {
  const table = plan.meta.table;
  const keyed: { key: EncodedRowkey; row: Value[] }[] = [];
  for await (const batch of das.scan({ table, partition, ranges: [FULL_RANGE], columns: plan.meta.allColumns })) {
    for (const row of batch) {
      const key = plan.indexKey!(row);
      if (inRanges(key, plan.ranges)) keyed.push({ key, row });
    }
  }
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (plan.reverse) keyed.reverse();
  for (const k of keyed) yield k.row;
}
