/**
 * INTEGER_BASE_DIFF encoding (OceanBase `ObColumnHeader::INTEGER_BASE_DIFF`,
 * `ObIntegerBaseDiffEncoder`): the microblock minimum as base, then each row's difference from it
 * bit-packed with the minimal width (0..53 bits). For 'int' columns of safe integers and 'decimal'
 * columns whose unscaled values (at the class scale) are safe integers; the value range
 * max − min must itself be a safe integer. Also DATE columns (a binary 'string' class whose values
 * are all canonical dates): their day numbers are packed, decoded back to the same text, and
 * filters compare days (date_days.ts) — a constant that is not a canonical date is left to the
 * decoded path.
 *
 * Payload after the header (NULL bitmap when needed; NULL rows store delta 0): base as float64,
 * u8 width, packed deltas of all rows. Filters rebase the constant (c − base) and compare it with
 * the deltas as they are unpacked, never building values.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';
import type { ColumnClass, ColumnVector, StoragePredicate } from './types';
import { type PreparedColumn, isSafeInt, numVector, readHeader, writeHeader } from './column_data';
import { bitsFor, packBits, paddedPacked, unpackInto } from './bit_pack';
import { compileNumPred, filterNums, type NumPred } from './compare';
import type { ColumnCodec } from './registry';
import { dateToDays, daysToDate } from './date_days';

/** A binary string class: DATE columns use it (DATETIME values never convert to days). */
function isDateLike(cls: ColumnClass): boolean {
  return cls.kind === 'string' && !cls.ci;
}

/** Day numbers of a string column whose non-NULL values are all canonical dates, else null. */
function dateNums(p: PreparedColumn): Float64Array | null {
  if (p.mode !== 'str') return null;
  const nums = new Float64Array(p.n);
  for (let i = 0; i < p.n; i++) {
    const v = p.strs[i];
    if (v === null) continue;
    const d = dateToDays(v);
    if (d === null) return null;
    nums[i] = d;
  }
  return nums;
}

const MAX_WIDTH = 53;

/** Encodes INTEGER_BASE_DIFF; null when the column is not integer-valued or its range is too wide. */
export function encodeIntBaseDiff(p: PreparedColumn, cls: ColumnClass): Uint8Array | null {
  let nums: Float64Array;
  if (p.mode === 'num' && (cls.kind === 'int' || cls.kind === 'decimal')) nums = p.nums;
  else if (p.mode === 'str' && isDateLike(cls)) {
    const days = dateNums(p);
    if (days === null) return null;
    nums = days;
  } else return null;
  const nulls = p.nulls;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < p.n; i++) {
    if (nulls !== null && nulls[i]) continue;
    const x = nums[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (min === Infinity) min = max = 0;
  const range = max - min;
  if (!(range <= Number.MAX_SAFE_INTEGER)) return null;
  const width = bitsFor(range);
  const w = new ByteWriter(32);
  writeHeader(w, p.n, nulls);
  w.f64(min);
  w.u8(width);
  w.bytes(packBits(p.n, width, (i) => (nulls !== null && nulls[i] ? 0 : nums[i] - min)));
  return w.finish();
}

interface Packed {
  nulls: Uint8Array | null;
  base: number;
  width: number;
  packed: Uint8Array;
}

function readPacked(r: ByteReader, n: number, cls: ColumnClass): Packed {
  if (cls.kind !== 'int' && cls.kind !== 'decimal' && !isDateLike(cls)) throw Errors.ioError(`INTEGER_BASE_DIFF on a ${cls.kind} column in ${r.source}`);
  const { nulls } = readHeader(r, n);
  const base = r.f64();
  const width = r.u8();
  if (!isSafeInt(base) || width > MAX_WIDTH) throw Errors.ioError(`bad INTEGER_BASE_DIFF header (${base}, ${width}) in ${r.source}`);
  const packed = paddedPacked(r.buf, r.offset, n, width, r.source);
  r.bytes(packed.length - 8);
  return { nulls, base, width, packed };
}

/** Decodes `n` rows of an INTEGER_BASE_DIFF column into a typed array. */
export function decodeIntBaseDiff(r: ByteReader, n: number, cls: ColumnClass): ColumnVector {
  const { nulls, base, width, packed } = readPacked(r, n, cls);
  const out = new Float64Array(n);
  unpackInto(packed, n, width, base, out);
  if (width > 0 && base + 2 ** width - 1 > Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) if (!(out[i] <= Number.MAX_SAFE_INTEGER)) throw Errors.ioError(`INTEGER_BASE_DIFF value out of range in ${r.source}`);
  }
  if (!isDateLike(cls)) return numVector(cls, out, nulls);
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) values[i] = nulls !== null && nulls[i] ? null : daysToDate(out[i]);
  return { length: n, nulls, data: { kind: 'values', values } };
}

let scratch = new Float64Array(1024);

function rebase(p: NumPred, base: number): NumPred {
  switch (p.kind) {
    case 'range':
      return { ...p, lo: p.lo - base, hi: p.hi - base };
    case 'ne':
      return { kind: 'ne', c: p.c - base };
    case 'set':
      return { kind: 'set', set: new Set([...p.set].map((c) => c - base)) };
    default:
      return p;
  }
}

/** Filters an INTEGER_BASE_DIFF column on its deltas (always handled). */
export function filterIntBaseDiff(r: ByteReader, n: number, cls: ColumnClass, pred: StoragePredicate, sel: Uint8Array): boolean {
  const { nulls, base, width, packed } = readPacked(r, n, cls);
  if (pred.op === 'is_null' || pred.op === 'is_not_null') {
    const want = pred.op === 'is_null' ? 1 : 0;
    for (let i = 0; i < n; i++) if ((nulls !== null ? nulls[i] : 0) !== want) sel[i] = 0;
    return true;
  }
  let compiled: NumPred;
  if (isDateLike(cls)) {
    const days = datePredicate(pred);
    if (days === null) return false;
    compiled = compileNumPred(days, { kind: 'int' }, 0);
  } else {
    compiled = compileNumPred(pred, cls, cls.kind === 'decimal' ? cls.scale : 0);
  }
  // Deltas are exact integers below 2^53; a rebased bound that rounded lies beyond every delta.
  const np = rebase(compiled, base);
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  unpackInto(packed, n, width, 0, scratch);
  filterNums(scratch, n, nulls, np, sel);
  return true;
}

/** `pred` with its canonical-date constants as day numbers; null when one is not such a date. */
function datePredicate(pred: StoragePredicate): StoragePredicate | null {
  const days = (v: unknown): number | null => (typeof v === 'string' ? dateToDays(v) : null);
  switch (pred.op) {
    case 'is_null':
    case 'is_not_null':
      return pred;
    case 'in': {
      const values: number[] = [];
      for (const v of pred.values) {
        const d = days(v);
        if (d === null) return null;
        values.push(d);
      }
      return { column: pred.column, op: 'in', values };
    }
    case 'between': {
      const low = days(pred.low);
      const high = days(pred.high);
      return low === null || high === null ? null : { column: pred.column, op: 'between', low, high };
    }
    default: {
      const value = days(pred.value);
      return value === null ? null : { column: pred.column, op: pred.op, value };
    }
  }
}

export const INT_BASE_DIFF_CODEC: ColumnCodec = {
  type: 'INTEGER_BASE_DIFF',
  worthTrying: (p, cls) =>
    (p.mode === 'num' && (cls.kind === 'int' || cls.kind === 'decimal')) ||
    (p.mode === 'str' && isDateLike(cls) && p.nullCount < p.n && dateToDays(p.strs.find((v) => v !== null)!) !== null),
  encode: encodeIntBaseDiff,
  decode: decodeIntBaseDiff,
  filter: filterIntBaseDiff,
};
