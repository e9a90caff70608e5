/**
 * The page's check of what an untrusted KV script asks it to run (issue #5 item 5): a message's
 * `call` is executed only when it is a `KvScriptCall` (engine/client/script_api.ts) — a known
 * `kind` with the fields of that kind, made of plain data only (null, booleans, numbers, bigints,
 * strings, undefined, Uint8Array, Date, arrays and plain objects, bounded in depth and size). Deeper rules
 * (column types, filter syntax, ...) are the routing client's and the server's: they answer with
 * OBKV errors, which reach the script as exceptions.
 */
import type { KvScriptCall } from '../../engine/client/script_api';

/** Nesting depth and element count a call may have at most. */
const DEPTH_MAX = 12;
const NODES_MAX = 1_000_000;

function isPlainData(v: unknown, depth: number, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0 || depth > DEPTH_MAX) return false;
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'boolean':
    case 'number':
    case 'bigint':
    case 'string':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (v instanceof Uint8Array || v instanceof Date) return true;
  if (Array.isArray(v)) return v.every((x) => isPlainData(x, depth + 1, budget));
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(v as Record<string, unknown>).every((x) => isPlainData(x, depth + 1, budget));
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isCursor = (v: unknown) => Number.isSafeInteger(v);
const isArr = (v: unknown): v is unknown[] => Array.isArray(v);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const OP_TYPES = new Set(['get', 'insert', 'delete', 'update', 'insertOrUpdate', 'replace', 'increment', 'append', 'put']);

function isOp(v: unknown): boolean {
  return isObj(v) && OP_TYPES.has(v.type as string) && isArr(v.rowkey) && isArr(v.columns) && v.columns.every(isStr) && isArr(v.values) && typeof v.withResult === 'boolean';
}

function isQuery(v: unknown): boolean {
  return (
    isObj(v) && isArr(v.ranges) && v.ranges.every((r) => isObj(r) && isArr(r.start) && isArr(r.end)) &&
    isArr(v.scanRangeColumns) && isArr(v.select) && isNum(v.limit) && isNum(v.offset) &&
    (v.filter === null || isStr(v.filter)) && (v.indexName === null || isStr(v.indexName)) && typeof v.reverse === 'boolean'
  );
}

function isRead(v: unknown): boolean {
  return isObj(v) && isArr(v.columns) && isNum(v.maxVersions) && (v.filter === null || isStr(v.filter));
}

/** Whether `v` has the shape of one `KvScriptCall` (and is plain data throughout). */
export function isKvScriptCall(v: unknown): v is KvScriptCall {
  if (!isObj(v) || !isStr(v.kind)) return false;
  let ok: boolean;
  switch (v.kind) {
    case 'table.op':
      ok = isStr(v.table) && isOp(v.op);
      break;
    case 'table.batch':
      ok = isStr(v.table) && isArr(v.ops) && v.ops.every(isOp) && typeof v.atomic === 'boolean';
      break;
    case 'table.query':
      ok = isStr(v.table) && isQuery(v.query) && isNum(v.batchSize);
      break;
    case 'table.aggregate':
      ok = isStr(v.table) && isQuery(v.query) && isArr(v.aggs) && v.aggs.every((a) => isObj(a) && isStr(a.fn));
      break;
    case 'table.queryNext':
    case 'table.queryClose':
    case 'hbase.scanNext':
    case 'hbase.scanClose':
      ok = isCursor(v.cursor);
      break;
    case 'hbase.admin':
      ok = isObj(v.command) && isStr(v.command.type);
      break;
    case 'hbase.mutate':
      ok = isStr(v.htable) && isArr(v.mutations) && v.mutations.every((m) => isObj(m) && isStr(m.row) && isObj(m.mutation) && isStr(m.mutation.type));
      break;
    case 'hbase.get':
      ok = isStr(v.htable) && isArr(v.gets) && v.gets.every((g) => isObj(g) && isStr(g.row) && isRead(g.read) && typeof g.existsOnly === 'boolean');
      break;
    case 'hbase.scan':
      ok = isStr(v.htable) && isObj(v.scan) && isStr(v.scan.startRow) && isStr(v.scan.stopRow) && isRead(v.scan.read);
      break;
    default:
      ok = false;
  }
  return ok && isPlainData(v, 0, { nodes: NODES_MAX });
}
