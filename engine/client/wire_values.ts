/**
 * Script values ↔ OBKV wire values (engine/table/types.ts `KvValue`, `KvColumnValue`): the client
 * declares each input's type from the JavaScript value (integer → BIGINT, non-integer number →
 * DOUBLE, string → VARCHAR, Uint8Array → VARBINARY, Date → DATETIME, null → NULL), as OBKV's
 * clients derive the `ObObjType` from the Java object (reference obkv-apis §1.3, §1.5). Values
 * read back from VARBINARY/BLOB columns become Uint8Array. Also the short text forms of values used
 * in call traces (`insert('t1', [1, 'a'])`).
 */
import { byteStringToArray, bytesToByteString } from '../common/binary';
import { OB_ERROR_NAMES, ObError, formatKvError } from '../common/ob_error';
import type { KvColumnValue, KvInputType, KvRangeValue, KvValue } from '../table/types';
import { KV_MAX, KV_MIN, isKvBound } from '../table/types';
import type { RangeValue, Row, Value } from './kv_api_types';
import { ObTableException, dateToDatetimeText } from './script_api';

/** The wire value and declared input type of a script value. Errors: -4002 for other JS types. */
export function toWire(name: string, v: Value): KvColumnValue {
  if (v === null || v === undefined) return { name, value: null, inputType: 'NULL' };
  switch (typeof v) {
    case 'number':
      return { name, value: v, inputType: Number.isInteger(v) ? 'BIGINT' : 'DOUBLE' };
    case 'bigint':
      return { name, value: v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v, inputType: 'BIGINT' };
    case 'string':
      return { name, value: v, inputType: 'VARCHAR' };
    case 'boolean':
      return { name, value: v ? 1 : 0, inputType: 'BIGINT' };
  }
  if (v instanceof Uint8Array) return { name, value: bytesToByteString(v), inputType: 'VARBINARY' };
  if (v instanceof Date) return { name, value: dateToDatetimeText(v), inputType: 'DATETIME' };
  throw ObTableException.of(-4002, 'OB_INVALID_ARGUMENT', `unsupported value type for column '${name}': ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v !== 'object' || v === null) return typeof v;
  return (v as object).constructor?.name ?? 'object';
}

/** A scan-range value on the wire (MIN/MAX sentinels kept). */
export function toWireRange(v: RangeValue): KvRangeValue {
  if (isKvBound(v)) return v.kvBound === 'MIN' ? KV_MIN : KV_MAX;
  return toWire('', v as Value).value;
}

/** The declared input type of a value (for traces and tests). */
export function inputTypeOf(v: Value): KvInputType {
  return toWire('', v).inputType;
}

/** A row read back: VARBINARY/BLOB columns as Uint8Array. `binary` empty → the row itself. */
export function fromWireRow(row: Record<string, KvValue>, binary: ReadonlySet<string>): Row {
  if (binary.size === 0) return row as Row;
  const out: Row = {};
  for (const k in row) {
    const v = row[k];
    out[k] = typeof v === 'string' && binary.has(k) ? byteStringToArray(v) : v;
  }
  return out;
}

/** Query rows read back: `binaryIdx` lists the positions of binary columns. */
export function fromWireRows(rows: KvValue[][], binaryIdx: readonly number[]): Value[][] {
  if (binaryIdx.length === 0) return rows as Value[][];
  return rows.map((r) => {
    const out: Value[] = r.slice();
    for (const i of binaryIdx) if (typeof r[i] === 'string') out[i] = byteStringToArray(r[i] as string);
    return out;
  });
}

/** Positions of the binary columns among `columns`. */
export function binaryPositions(columns: readonly string[], binary: ReadonlySet<string>): number[] {
  if (binary.size === 0) return [];
  const out: number[] = [];
  columns.forEach((c, i) => {
    if (binary.has(c)) out.push(i);
  });
  return out;
}

/** A value as the trace shows it: `1`, `'a'`, `x'0102'`, `MIN`. */
export function formatValue(v: RangeValue | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (isKvBound(v)) return v.kvBound;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return `x'${Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')}'`;
  if (v instanceof Date) return `'${dateToDatetimeText(v)}'`;
  return String(v);
}

/** A rowkey or range bound as the trace shows it: `1` or `[1, 'a']`. */
export function formatKey(values: readonly RangeValue[]): string {
  return values.length === 1 ? formatValue(values[0]) : `[${values.map(formatValue).join(', ')}]`;
}

/** An ObError (or anything thrown inside the client) as the ObTableException scripts see. */
export function kvException(e: unknown): ObTableException {
  if (e instanceof ObTableException) return e;
  if (e instanceof ObError) return new ObTableException(e.obCode, OB_ERROR_NAMES[e.obCode] ?? '', formatKvError(e));
  const text = e instanceof Error ? e.message : String(e);
  return ObTableException.of(-4016, 'OB_ERR_UNEXPECTED', text);
}
