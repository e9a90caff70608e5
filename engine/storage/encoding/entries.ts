/**
 * Dictionary entries shared by DICT, RLE and CONST: the distinct non-NULL values of a column in
 * first-appearance order, written as float64 ('num') or length-prefixed UTF-8 ('str'), and read
 * back as a Float64Array or string array. Entries are distinct by exact identity (binary strings,
 * −0 apart from +0), so a decoded 'dict' vector can be grouped by code.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';
import type { ColumnClass, StoragePredicate } from './types';
import { type PreparedColumn, numKey, readF64s, readStrings, writeF64s } from './column_data';
import { compileNumPred, dictPasses, numPasses } from './compare';

/** Distinct entries of a prepared column and each row's code (−1 for NULL rows). */
export interface Entries {
  count: number;
  /** 'num': the entry numbers; 'str': the entry strings. */
  nums: number[];
  strs: string[];
  codes: Int32Array;
}

/**
 * Builds the dictionary of a 'num' or 'str' column; null when it would exceed `maxEntries`
 * (the picker gives up on dictionary-like encodings of mostly distinct columns early).
 */
export function buildEntries(p: PreparedColumn, maxEntries = Infinity): Entries | null {
  const codes = new Int32Array(p.n);
  const nums: number[] = [];
  const strs: string[] = [];
  if (p.mode === 'num') {
    const map = new Map<number | string, number>();
    const { nums: xs, nulls } = p;
    for (let i = 0; i < p.n; i++) {
      if (nulls !== null && nulls[i]) {
        codes[i] = -1;
        continue;
      }
      const k = numKey(xs[i]);
      let c = map.get(k);
      if (c === undefined) {
        c = nums.length;
        if (c >= maxEntries) return null;
        map.set(k, c);
        nums.push(xs[i]);
      }
      codes[i] = c;
    }
    return { count: nums.length, nums, strs, codes };
  }
  if (p.mode !== 'str') return null;
  const map = new Map<string, number>();
  for (let i = 0; i < p.n; i++) {
    const s = p.strs[i];
    if (s === null) {
      codes[i] = -1;
      continue;
    }
    let c = map.get(s);
    if (c === undefined) {
      c = strs.length;
      if (c >= maxEntries) return null;
      map.set(s, c);
      strs.push(s);
    }
    codes[i] = c;
  }
  return { count: strs.length, nums, strs, codes };
}

/** Writes a varint entry count and the entries. */
export function writeEntries(w: ByteWriter, p: PreparedColumn, e: Entries): void {
  w.varint(e.count);
  if (p.mode === 'num') writeF64s(w, e.count, (i) => e.nums[i]);
  else for (let i = 0; i < e.count; i++) w.string(e.strs[i]);
}

/** Entries as read back: numbers for numeric classes, strings for 'string'. */
export type ReadEntries = { kind: 'num'; nums: Float64Array } | { kind: 'str'; strs: string[] };

export function entryCount(e: ReadEntries): number {
  return e.kind === 'num' ? e.nums.length : e.strs.length;
}

/** Reads what `writeEntries` wrote (class decides the entry format). */
export function readEntries(r: ByteReader, cls: ColumnClass): ReadEntries {
  const count = r.varint();
  if (count > r.remaining) throw Errors.ioError(`bad dictionary size ${count} in ${r.source}`);
  if (cls.kind !== 'string') return { kind: 'num', nums: readF64s(r, count) };
  const strs: string[] = new Array(count);
  readStrings(r, count, null, strs);
  return { kind: 'str', strs };
}

/** One byte per entry: 1 when the entry passes `pred` (which is not IS [NOT] NULL). */
export function entryPasses(e: ReadEntries, pred: StoragePredicate, cls: ColumnClass): Uint8Array {
  if (e.kind === 'str') return dictPasses(e.strs, pred, cls);
  const np = compileNumPred(pred, cls, cls.kind === 'decimal' ? cls.scale : 0);
  const pass = new Uint8Array(e.nums.length);
  for (let k = 0; k < pass.length; k++) pass[k] = numPasses(np, e.nums[k]) ? 1 : 0;
  return pass;
}
