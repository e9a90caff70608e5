/**
 * INTEGER_BASE_DIFF encoding (OceanBase `ObColumnHeader::INTEGER_BASE_DIFF`,
 * `ObIntegerBaseDiffEncoder`): the microblock minimum as base, then each row's difference from it
 * bit-packed with the minimal width (0..53 bits). For 'int' columns of safe integers and 'decimal'
 * columns whose unscaled values (at the class scale) are safe integers; the value range
 * max − min must itself be a safe integer.
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

const MAX_WIDTH = 53;

/** Encodes INTEGER_BASE_DIFF; null when the column is not integer-valued or its range is too wide. */
export function encodeIntBaseDiff(p: PreparedColumn, cls: ColumnClass): Uint8Array | null {
  if (p.mode !== 'num' || (cls.kind !== 'int' && cls.kind !== 'decimal')) return null;
  const { nums, nulls } = p;
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
  if (cls.kind !== 'int' && cls.kind !== 'decimal') throw Errors.ioError(`INTEGER_BASE_DIFF on a ${cls.kind} column in ${r.source}`);
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
  return numVector(cls, out, nulls);
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
  // Deltas are exact integers below 2^53; a rebased bound that rounded lies beyond every delta.
  const np = rebase(compileNumPred(pred, cls, cls.kind === 'decimal' ? cls.scale : 0), base);
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  unpackInto(packed, n, width, 0, scratch);
  filterNums(scratch, n, nulls, np, sel);
  return true;
}

export const INT_BASE_DIFF_CODEC: ColumnCodec = {
  type: 'INTEGER_BASE_DIFF',
  worthTrying: (p, cls) => p.mode === 'num' && (cls.kind === 'int' || cls.kind === 'decimal'),
  encode: encodeIntBaseDiff,
  decode: decodeIntBaseDiff,
  filter: filterIntBaseDiff,
};
