/**
 * OBKV-Table single-row operations on one tablet (OceanBase's `ObTableApiExecutor`s: get, insert,
 * delete, update, insert_or_update, replace, increment, append, put), with the reference's
 * affected-row counts (obkv-apis §1.3): insert 1 (-5024 on a live row), delete/update 1 or 0
 * (no error when missing), insertOrUpdate **1 in both cases**, replace **1 new / 2 existing**,
 * increment/append 1 (the missing row is inserted with the delta / the appended text), put 1.
 *
 * `prepareOp` does every check that needs no data (rowkey arity -10510, column names -5217, strict
 * input types -10511/-4235/-5167/-4224/-4157, rowkey changes -5040/-4007, put restrictions -4007)
 * before a transaction starts; `executeOp` then runs on the DAS of the caller's transaction, so a
 * batch's later operations see the earlier ones.
 *
 * TTL tables (§1.10): an expired row counts as missing — insert succeeds (overwriting it),
 * update/delete answer 0, insertOrUpdate/increment/append write a fresh row, replace answers 2.
 */
import { bytesToUtf8, utf8ToBytes } from '../common/binary';
import { Errors } from '../common/ob_error';
import { encodeRowkey, type EncodedRowkey } from '../common/rowkey';
import { isIntegerType, normInt, valueToText, type Value } from '../common/value';
import type { PartitionSchema } from '../schema/schema';
import { datetimeTextOfUs } from '../sql/dml/defaults';
import type { DasService } from '../sql/exec_context';
import { filterPredicate, type RowPredicate } from './filter';
import { checkIntRange, checkLength, isKvStringType, toKvValue, toStoredValue, type TableMeta } from './table_meta';
import { expiryTest } from './ttl';
import type { KvColumnValue, KvValue, TableOperation, TableOpResult } from './types';

/** One column assignment of a prepared operation (for increment: the delta; append: the suffix). */
interface ColumnSet {
  index: number;
  value: Value;
}

/** A checked operation, ready to run in a transaction. */
export interface PreparedOp {
  readonly type: TableOperation['type'];
  readonly key: EncodedRowkey;
  readonly keyValues: Value[];
  readonly sets: ColumnSet[];
  readonly filter: RowPredicate | null;
  /** get: the projection; increment/append: extra columns returned with `withResult`. */
  readonly select: number[];
  readonly withResult: boolean;
}

export interface PrepareOptions {
  /** The tenant's binlog_row_image is FULL (default): put must give every column. Asked only for put. */
  binlogRowImageFull(): boolean;
}

/** The rowkey values of an operation, converted to the key columns' types. Errors: -10510, -10511, -4235. */
export function prepareRowkey(meta: TableMeta, rowkey: readonly KvColumnValue[]): Value[] {
  const cols = meta.keyColumns;
  if (rowkey.length !== cols.length) throw Errors.kvRowkeyCountNotMatch(cols.length, rowkey.length);
  const out = new Array<Value>(cols.length);
  for (let i = 0; i < cols.length; i++) out[i] = toStoredValue(meta, cols[i], rowkey[i].value, rowkey[i].inputType);
  return out;
}

/**
 * Checks and converts one operation (see the module comment for the errors). With `partition`,
 * a rowkey that belongs to another partition of the table → -4725 OB_TABLET_NOT_EXIST.
 * `filter` is compiled for the conditional mutations (update, delete, increment, append).
 */
export function prepareOp(meta: TableMeta, op: TableOperation, opts: PrepareOptions, partition?: PartitionSchema): PreparedOp {
  if (meta.table.isHeap) throw Errors.notSupported('table api on a table without primary key');
  const keyValues = prepareRowkey(meta, op.rowkey);
  // The row must belong to the tablet the client routed to (a wrong tablet: refresh the route).
  if (partition && meta.partitionOfKey && meta.partitionOfKey(keyValues) !== partition.index) throw Errors.tabletNotExist();
  const key = encodeRowkey(keyValues, meta.keyTypes);
  const sets: ColumnSet[] = [];
  if (op.type !== 'get') {
    for (const cv of op.values) {
      const c = meta.column(cv.name);
      let value: Value;
      if (op.type === 'increment') value = incrementDelta(meta, c.index, cv);
      else if (op.type === 'append') value = appendSuffix(meta, c.index, cv);
      else value = toStoredValue(meta, c, cv.value, cv.inputType);
      if (meta.isKey[c.index]) {
        const k = meta.table.rowkey.indexOf(c.index);
        if (op.type === 'increment' || op.type === 'append' ||
            encodeRowkey([value], [c.type]) !== encodeRowkey([keyValues[k]], [c.type])) {
          throw op.type === 'update' ? Errors.updateRowkeyColumn() : Errors.notSupported('mutate rowkey column');
        }
        continue; // the rowkey's own value repeated: accepted (JC ObTableClientTest)
      }
      const prev = sets.findIndex((s) => s.index === c.index);
      if (prev >= 0) sets[prev] = { index: c.index, value };
      else sets.push({ index: c.index, value });
    }
  }
  if (op.type === 'put') checkPut(meta, sets, opts);
  const conditional = op.type === 'update' || op.type === 'delete' || op.type === 'increment' || op.type === 'append';
  const filter = conditional ? filterPredicate(op.filter, meta) : null;
  const select = op.type === 'get' || op.withResult ? (op.type === 'get' ? meta.projection(op.selectColumns) : op.selectColumns.map((n) => meta.column(n).index)) : [];
  return { type: op.type, key, keyValues, sets, filter, select, withResult: op.withResult };
}

function incrementDelta(meta: TableMeta, index: number, cv: KvColumnValue): Value {
  const c = meta.table.columns[index];
  if (!isIntegerType(c.type)) throw Errors.kvColumnTypeNotMatch(c.name, meta.typeText[index], cv.inputType);
  if (cv.value === null) return 0;
  if (cv.inputType !== 'BIGINT' || typeof cv.value === 'string' || (typeof cv.value === 'number' && !Number.isInteger(cv.value))) {
    throw Errors.kvColumnTypeNotMatch(c.name, meta.typeText[index], cv.inputType);
  }
  return cv.value;
}

function appendSuffix(meta: TableMeta, index: number, cv: KvColumnValue): Value {
  const c = meta.table.columns[index];
  if (!isKvStringType(c.type)) throw Errors.notSupported(`append to a ${meta.typeText[index]} column`);
  if (cv.value === null) return '';
  if ((cv.inputType !== 'VARCHAR' && cv.inputType !== 'VARBINARY') || typeof cv.value !== 'string') {
    throw Errors.kvColumnTypeNotMatch(c.name, meta.typeText[index], cv.inputType);
  }
  if (c.type.binary) return cv.inputType === 'VARCHAR' ? utf8ToBytes(cv.value) : cv.value;
  return cv.inputType === 'VARBINARY' ? (bytesToUtf8(cv.value) ?? cv.value) : cv.value;
}

function checkPut(meta: TableMeta, sets: ColumnSet[], opts: PrepareOptions): void {
  if (meta.hasIndex) throw Errors.notSupported('table with index use put');
  if (!opts.binlogRowImageFull()) return;
  const given = new Set(sets.map((s) => s.index));
  for (const i of meta.visible) {
    if (!meta.isKey[i] && !given.has(i)) throw Errors.notSupported('binlog_row_image is full use put');
  }
}

/** A full-width new row: the key, the given columns, defaults for the rest. Errors: -4227. */
function newRow(meta: TableMeta, p: PreparedOp, nowUs: number, sets: readonly ColumnSet[] = p.sets): Value[] {
  const t = meta.table;
  const row = new Array<Value>(t.columns.length);
  const given = new Array<boolean>(t.columns.length).fill(false);
  for (let k = 0; k < t.rowkey.length; k++) {
    row[t.rowkey[k]] = p.keyValues[k];
    given[t.rowkey[k]] = true;
  }
  for (const s of sets) {
    row[s.index] = s.value;
    given[s.index] = true;
  }
  for (const c of t.columns) {
    if (given[c.index]) continue;
    if (c.defaultNow) {
      const text = datetimeTextOfUs(nowUs, c.type.precision ?? 0);
      row[c.index] = c.type.kind === 'date' ? text.slice(0, 10) : text;
    } else if (c.defaultValue !== undefined) {
      row[c.index] = c.defaultValue;
    } else if (c.nullable) {
      row[c.index] = null;
    } else {
      throw Errors.kvNoDefault(c.name);
    }
  }
  return row;
}

function rowRecord(meta: TableMeta, row: readonly Value[], cols: readonly number[]): Record<string, KvValue> {
  const out: Record<string, KvValue> = {};
  for (const i of cols) out[meta.table.columns[i].name] = toKvValue(row[i]);
  return out;
}

/** Where an operation runs: its table, tablet and the request's time (µs, for TTL and defaults). */
export interface OpTarget {
  meta: TableMeta;
  partition: PartitionSchema;
  nowUs: number;
}

/**
 * Runs one prepared operation on `das` (the caller's transaction). Errors: -5024 insert on a live
 * row, -4227 missing default, -4224 increment overflow, -5167 append too long, and the DAS's.
 */
export async function executeOp(das: DasService, target: OpTarget, p: PreparedOp): Promise<TableOpResult> {
  const { meta, partition, nowUs } = target;
  const table = meta.table;
  const expired = expiryTest(meta, nowUs);
  const read = async (): Promise<{ row: Value[] | null; stale: boolean }> => {
    const [row] = await das.get(table, partition, [p.key]);
    if (row && expired?.(row)) return { row: null, stale: true };
    return { row, stale: false };
  };
  switch (p.type) {
    case 'get': {
      const { row } = await read();
      return { affectedRows: 0, row: row ? rowRecord(meta, row, p.select) : null };
    }
    case 'put':
      await das.write(table, partition, [{ op: 'put', row: newRow(meta, p, nowUs) }]);
      return { affectedRows: 1 };
    case 'insert': {
      if (!expired) {
        await das.write(table, partition, [{ op: 'insert', row: newRow(meta, p, nowUs) }]);
        return { affectedRows: 1 };
      }
      const { row, stale } = await read();
      if (row) throw Errors.dupEntry(p.keyValues.map((v) => valueToText(v) ?? 'NULL').join('-'));
      await das.write(table, partition, [{ op: stale ? 'put' : 'insert', row: newRow(meta, p, nowUs) }]);
      return { affectedRows: 1 };
    }
    case 'delete': {
      const { row } = await read();
      if (!row || (p.filter && !p.filter(row))) return { affectedRows: 0 };
      await das.write(table, partition, [{ op: 'delete', key: p.key }]);
      return { affectedRows: 1 };
    }
    case 'update': {
      const { row } = await read();
      if (!row || (p.filter && !p.filter(row))) return { affectedRows: 0 };
      const next = row.slice();
      for (const s of p.sets) next[s.index] = s.value;
      await das.write(table, partition, [{ op: 'update', key: p.key, row: next }]);
      return { affectedRows: 1 };
    }
    case 'insertOrUpdate': {
      const { row, stale } = await read();
      if (row) {
        const next = row.slice();
        for (const s of p.sets) next[s.index] = s.value;
        await das.write(table, partition, [{ op: 'update', key: p.key, row: next }]);
      } else {
        await das.write(table, partition, [{ op: stale ? 'put' : 'insert', row: newRow(meta, p, nowUs) }]);
      }
      return { affectedRows: 1 };
    }
    case 'replace': {
      const { row, stale } = await read();
      const exists = row !== null || stale;
      await das.write(table, partition, [{ op: exists ? 'put' : 'insert', row: newRow(meta, p, nowUs) }]);
      return { affectedRows: exists ? 2 : 1 };
    }
    case 'increment':
    case 'append':
      return mutateColumns(das, target, p, read);
  }
}

async function mutateColumns(
  das: DasService, target: OpTarget, p: PreparedOp, read: () => Promise<{ row: Value[] | null; stale: boolean }>,
): Promise<TableOpResult> {
  const { meta, partition, nowUs } = target;
  const table = meta.table;
  const { row, stale } = await read();
  if (p.filter && (!row || !p.filter(row))) return { affectedRows: 0 };
  const combine = p.type === 'increment' ? addInt : appendText;
  const sets = p.sets.map((s) => {
    const c = table.columns[s.index];
    return { index: s.index, value: combine(c, row ? row[s.index] : null, s.value) };
  });
  let result: Value[];
  if (row) {
    result = row.slice();
    for (const s of sets) result[s.index] = s.value;
    await das.write(table, partition, [{ op: 'update', key: p.key, row: result }]);
  } else {
    result = newRow(meta, p, nowUs, sets);
    await das.write(table, partition, [{ op: stale ? 'put' : 'insert', row: result }]);
  }
  if (!p.withResult) return { affectedRows: 1 };
  const cols = [...new Set([...sets.map((s) => s.index), ...p.select])];
  return { affectedRows: 1, row: rowRecord(meta, result, cols) };
}

function addInt(c: import('../schema/schema').ColumnSchema, old: Value, delta: Value): Value {
  const a = old === null ? 0 : (old as number | bigint);
  const d = delta as number | bigint;
  const sum = typeof a === 'number' && typeof d === 'number' && Number.isSafeInteger(a + d) ? a + d : normInt(BigInt(a) + BigInt(d));
  return checkIntRange(c, sum);
}

function appendText(c: import('../schema/schema').ColumnSchema, old: Value, suffix: Value): Value {
  return checkLength(c, (old === null ? '' : String(old)) + String(suffix));
}
