/**
 * RAW encoding (OceanBase `ObColumnHeader::RAW`): every row stored as is. The fallback every column
 * can take, and the "before" size of the storage panel (`rawBytes`).
 *
 * Payload after the header: 'num' → 8 bytes (float64 LE) per row, NULL rows 0; 'str' → varint byte
 * length + UTF-8 per non-NULL row; 'generic' (flag bit 1, no bitmap) → one tagged row-codec value
 * per row (NULL included). Decodes to typed arrays ('num') or `{kind:'values'}`.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnVector } from './types';
import { FLAG_GENERIC, type PreparedColumn, numVector, readF64s, readHeader, readStrings, writeF64s, writeHeader } from './column_data';

/** Encodes a prepared column RAW. */
export function encodeRaw(p: PreparedColumn): Uint8Array {
  const w = new ByteWriter(p.mode === 'num' ? 16 + p.n * 8 : 64 + p.n * 8);
  if (p.mode === 'generic') {
    w.u8(FLAG_GENERIC);
    for (let i = 0; i < p.n; i++) w.value(p.values[i]);
    return w.finish();
  }
  writeHeader(w, p.n, p.nulls);
  if (p.mode === 'num') {
    const nums = p.nums;
    writeF64s(w, p.n, (i) => nums[i]);
  } else {
    for (let i = 0; i < p.n; i++) {
      const s = p.strs[i];
      if (s !== null) w.string(s);
    }
  }
  return w.finish();
}

/** Decodes a RAW column of `n` rows (throws `Errors.ioError` on malformed bytes). */
export function decodeRaw(r: ByteReader, n: number, cls: ColumnClass): ColumnVector {
  const { flags, nulls } = readHeader(r, n);
  if (flags & FLAG_GENERIC) {
    const values: Value[] = new Array(n);
    let nullFlags: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const v = r.value();
      values[i] = v;
      if (v === null) (nullFlags ??= new Uint8Array(n))[i] = 1;
    }
    return { length: n, nulls: nullFlags, data: { kind: 'values', values } };
  }
  if (cls.kind !== 'string') return numVector(cls, readF64s(r, n), nulls);
  const values: (string | null)[] = new Array(n);
  readStrings(r, n, nulls, values);
  return { length: n, nulls, data: { kind: 'values', values } };
}
