/**
 * DICT encoding (OceanBase `ObColumnHeader::DICT`, `ObDictEncoder`): the distinct values once, then
 * one bit-packed code per row of the minimal width (⌈log2(entries)⌉ bits; NULL rows code 0 and a
 * NULL bitmap).
 *
 * Payload after the header: varint entry count, the entries (entries.ts), packed codes of all rows.
 * Decodes to typed arrays for numeric classes and to `{kind:'dict'}` for strings. Filters on the
 * encoded form test each entry once, then map codes: O(entries) + O(rows), no per-row allocation.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';
import type { ColumnClass, ColumnVector, StoragePredicate } from './types';
import { type PreparedColumn, numVector, readHeader, writeHeader } from './column_data';
import { bitsFor, filterCodes, packBits, paddedPacked, unpackInto, unpackMapped } from './bit_pack';
import { buildEntries, entryCount, entryPasses, readEntries, writeEntries } from './entries';
import type { ColumnCodec } from './registry';

/** Encodes DICT; null when not a 'num'/'str' column or (picking) the dictionary grows past `maxEntries`. */
export function encodeDict(p: PreparedColumn, maxEntries = Infinity): Uint8Array | null {
  if (p.mode === 'generic') return null;
  const e = buildEntries(p, Math.min(maxEntries, 1 << MAX_CODE_BITS));
  if (!e) return null;
  const w = new ByteWriter(64 + e.count * 8);
  writeHeader(w, p.n, p.nulls);
  writeEntries(w, p, e);
  const width = bitsFor(Math.max(0, e.count - 1));
  const codes = e.codes;
  w.bytes(packBits(p.n, width, (i) => (codes[i] < 0 ? 0 : codes[i])));
  return w.finish();
}

/** Widest dictionary code: DICT applies to at most 2^24 entries. */
const MAX_CODE_BITS = 24;

function readPackedCodes(r: ByteReader, n: number, count: number): { packed: Uint8Array; width: number } {
  const width = bitsFor(Math.max(0, count - 1));
  if (width > MAX_CODE_BITS) throw Errors.ioError(`dictionary of ${count} entries in ${r.source}`);
  const packed = paddedPacked(r.buf, r.offset, n, width, r.source);
  r.bytes(packed.length - 8);
  return { packed, width };
}

function checkCodes(maxCode: number, n: number, count: number, nulls: Uint8Array | null, source: string): void {
  if (n > 0 && maxCode >= Math.max(count, 1)) throw Errors.ioError(`dictionary code ${maxCode} out of range in ${source}`);
  if (count === 0 && n > 0) {
    if (!nulls) throw Errors.ioError(`empty dictionary for non-NULL rows in ${source}`);
    for (let i = 0; i < nulls.length; i++) if (!nulls[i]) throw Errors.ioError(`empty dictionary for non-NULL rows in ${source}`);
  }
}

function maxOf(codes: Int32Array): number {
  let max = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  return max;
}

/** Decodes `n` rows of a DICT column. */
export function decodeDict(r: ByteReader, n: number, cls: ColumnClass): ColumnVector {
  const { nulls } = readHeader(r, n);
  const e = readEntries(r, cls);
  const count = entryCount(e);
  const { packed, width } = readPackedCodes(r, n, count);
  if (e.kind === 'str') {
    const codes = new Int32Array(n);
    unpackInto(packed, n, width, 0, codes);
    checkCodes(maxOf(codes), n, count, nulls, r.source);
    return { length: n, nulls, data: { kind: 'dict', codes, dict: e.strs } };
  }
  const out = new Float64Array(n);
  checkCodes(unpackMapped(packed, n, width, e.nums, out), n, count, nulls, r.source);
  return numVector(cls, out, nulls);
}

/** Filters a DICT column on its encoded form (always handled). */
export function filterDict(r: ByteReader, n: number, cls: ColumnClass, pred: StoragePredicate, sel: Uint8Array): boolean {
  const { nulls } = readHeader(r, n);
  const e = readEntries(r, cls);
  const count = entryCount(e);
  const { packed, width } = readPackedCodes(r, n, count);
  if (pred.op === 'is_null' || pred.op === 'is_not_null') {
    const codes = new Int32Array(n);
    unpackInto(packed, n, width, 0, codes);
    checkCodes(maxOf(codes), n, count, nulls, r.source);
    const want = pred.op === 'is_null' ? 1 : 0;
    for (let i = 0; i < n; i++) if ((nulls !== null ? nulls[i] : 0) !== want) sel[i] = 0;
    return true;
  }
  const pass = entryPasses(e, pred, cls);
  checkCodes(filterCodes(packed, n, width, pass, sel), n, count, nulls, r.source);
  if (nulls) for (let i = 0; i < n; i++) if (nulls[i]) sel[i] = 0;
  return true;
}

export const DICT_CODEC: ColumnCodec = {
  type: 'DICT',
  worthTrying: (p) => p.mode !== 'generic' && p.n >= 2,
  encode: (p) => encodeDict(p),
  pick: (p) => encodeDict(p, Math.max(2, Math.floor(p.n * 0.75))),
  decode: decodeDict,
  filter: filterDict,
};
