/**
 * CONST encoding (OceanBase `ObColumnHeader::CONST`, `ObConstEncoder`): one value for the whole
 * column (NULL allowed) plus a short list of exception rows that differ from it. Applies when at
 * most a quarter of the rows are exceptions. No NULL bitmap: NULL is stored as a value.
 *
 * Payload after the flags byte (bit 2 set: the constant is NULL): the constant unless NULL, varint
 * exception count, then per exception varint row gap (row − previous row − 1) and u8 1 + value, or
 * u8 0 for NULL.
 * Values are float64 for numeric classes, length-prefixed UTF-8 for strings. Decodes to typed
 * arrays for numeric classes and `{kind:'dict'}` (distinct entries) for strings; filters evaluate
 * the constant once and each exception once.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnVector, StoragePredicate } from './types';
import { FLAG_CONST_NULL, type PreparedColumn, numVector, readHeader, writeHeader } from './column_data';
import { buildEntries } from './entries';
import { compileNumPred, makeValueTest, numPasses } from './compare';
import type { ColumnCodec } from './registry';

/** Encodes CONST; null for generic columns or when more than a quarter of the rows differ. */
export function encodeConst(p: PreparedColumn): Uint8Array | null {
  if (p.mode === 'generic' || p.n === 0) return null;
  const e = buildEntries(p)!;
  // Most frequent code (−1 = NULL).
  const counts = new Float64Array(e.count + 1);
  for (let i = 0; i < p.n; i++) counts[e.codes[i] + 1]++;
  let best = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] > counts[best]) best = c;
  const constCode = best - 1;
  if (p.n - counts[best] > p.n / 4) return null;
  const w = new ByteWriter(64);
  writeHeader(w, p.n, null, constCode < 0 ? FLAG_CONST_NULL : 0);
  const putValue = (code: number) => {
    if (p.mode === 'num') w.f64(e.nums[code]);
    else w.string(e.strs[code]);
  };
  const put = (code: number) => {
    if (code < 0) return w.u8(0);
    w.u8(1);
    putValue(code);
  };
  if (constCode >= 0) putValue(constCode);
  w.varint(p.n - counts[best]);
  let prev = -1;
  for (let i = 0; i < p.n; i++) {
    if (e.codes[i] === constCode) continue;
    w.varint(i - prev - 1);
    put(e.codes[i]);
    prev = i;
  }
  return w.finish();
}

interface ConstData {
  /** The constant; undefined for NULL. */
  value: number | string | undefined;
  rows: number[];
  values: (number | string | undefined)[];
}

function readConst(r: ByteReader, n: number, cls: ColumnClass): ConstData {
  const { flags, nulls } = readHeader(r, n, FLAG_CONST_NULL);
  if (nulls) throw Errors.ioError(`unexpected NULL bitmap in a CONST column in ${r.source}`);
  const getValue = () => (cls.kind === 'string' ? r.string() : r.f64());
  const get = (): number | string | undefined => {
    const tag = r.u8();
    if (tag === 0) return undefined;
    if (tag !== 1) throw Errors.ioError(`bad CONST value tag ${tag} in ${r.source}`);
    return getValue();
  };
  const value = flags & FLAG_CONST_NULL ? undefined : getValue();
  const count = r.varint();
  if (count > n || count > r.remaining) throw Errors.ioError(`bad CONST exception count ${count} in ${r.source}`);
  const rows: number[] = new Array(count);
  const values: (number | string | undefined)[] = new Array(count);
  let prev = -1;
  for (let k = 0; k < count; k++) {
    const row = prev + 1 + r.varint();
    if (row >= n) throw Errors.ioError(`CONST exception row ${row} out of range in ${r.source}`);
    rows[k] = row;
    values[k] = get();
    prev = row;
  }
  return { value, rows, values };
}

/** Decodes `n` rows of a CONST column. */
export function decodeConst(r: ByteReader, n: number, cls: ColumnClass): ColumnVector {
  const c = readConst(r, n, cls);
  const anyNull = c.value === undefined || c.values.some((v) => v === undefined);
  const nulls = anyNull ? new Uint8Array(n) : null;
  if (nulls && c.value === undefined) nulls.fill(1);
  if (cls.kind === 'string') {
    const dict: string[] = [];
    const index = new Map<string, number>();
    const codeOf = (s: string) => {
      let k = index.get(s);
      if (k === undefined) index.set(s, (k = dict.push(s) - 1));
      return k;
    };
    const codes = new Int32Array(n);
    if (c.value !== undefined) codes.fill(codeOf(c.value as string));
    for (let k = 0; k < c.rows.length; k++) {
      const v = c.values[k];
      if (v === undefined) nulls![c.rows[k]] = 1;
      else {
        codes[c.rows[k]] = codeOf(v as string);
        if (nulls) nulls[c.rows[k]] = 0;
      }
    }
    return { length: n, nulls, data: { kind: 'dict', codes, dict } };
  }
  const out = new Float64Array(n);
  if (c.value !== undefined) out.fill(c.value as number);
  for (let k = 0; k < c.rows.length; k++) {
    const v = c.values[k];
    if (v === undefined) nulls![c.rows[k]] = 1;
    else {
      out[c.rows[k]] = v as number;
      if (nulls) nulls[c.rows[k]] = 0;
    }
  }
  return numVector(cls, out, nulls);
}

/** Filters a CONST column: the constant once, each exception once (always handled). */
export function filterConst(r: ByteReader, n: number, cls: ColumnClass, pred: StoragePredicate, sel: Uint8Array): boolean {
  const c = readConst(r, n, cls);
  let passes: (v: number | string | undefined) => boolean;
  if (pred.op === 'is_null') passes = (v) => v === undefined;
  else if (pred.op === 'is_not_null') passes = (v) => v !== undefined;
  else if (cls.kind === 'string') {
    const test = makeValueTest(pred, cls);
    passes = (v) => v !== undefined && test(v as Value);
  } else {
    const np = compileNumPred(pred, cls, cls.kind === 'decimal' ? cls.scale : 0);
    passes = (v) => v !== undefined && numPasses(np, v as number);
  }
  const constPasses = passes(c.value);
  let start = 0;
  for (let k = 0; k <= c.rows.length; k++) {
    const end = k < c.rows.length ? c.rows[k] : n;
    if (!constPasses) sel.fill(0, start, end);
    if (k < c.rows.length && !passes(c.values[k])) sel[end] = 0;
    start = end + 1;
  }
  return true;
}

export const CONST_CODEC: ColumnCodec = {
  type: 'CONST',
  // Each exception adds at most two runs: more runs than that means more than n/4 exceptions.
  worthTrying: (p, _cls, hints) => p.mode !== 'generic' && hints.runs <= 2 * Math.floor(p.n / 4) + 1,
  encode: (p) => encodeConst(p),
  decode: decodeConst,
  filter: filterConst,
};
