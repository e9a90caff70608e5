/**
 * RLE encoding (OceanBase `ObColumnHeader::RLE`, `ObRLEEncoder`): runs of equal consecutive
 * values, NULL being a value of its own, stored as (entry code, run length) pairs over a
 * dictionary of the distinct run values. No NULL bitmap: NULL runs carry code 0, entry k code k+1.
 *
 * Payload after the flags byte: varint entry count, entries (entries.ts), varint run count, then
 * per run varint code and varint length (lengths ≥ 1 summing to the row count). Decodes to typed
 * arrays for numeric classes and `{kind:'dict'}` for strings; filters test each entry once and
 * clear whole runs.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';
import type { ColumnClass, ColumnVector, StoragePredicate } from './types';
import { type PreparedColumn, numVector, readHeader, writeHeader } from './column_data';
import { buildEntries, entryCount, entryPasses, readEntries, writeEntries, type ReadEntries } from './entries';
import type { ColumnCodec } from './registry';

/** Encodes RLE; null for generic columns. */
export function encodeRle(p: PreparedColumn): Uint8Array | null {
  if (p.mode === 'generic') return null;
  const e = buildEntries(p)!;
  const w = new ByteWriter(64);
  writeHeader(w, p.n, null);
  writeEntries(w, p, e);
  const codes = e.codes;
  const runs: number[] = [];
  for (let i = 0; i < p.n; ) {
    let j = i + 1;
    while (j < p.n && codes[j] === codes[i]) j++;
    runs.push(codes[i] + 1, j - i);
    i = j;
  }
  w.varint(runs.length / 2);
  for (let k = 0; k < runs.length; k++) w.varint(runs[k]);
  return w.finish();
}

interface Runs {
  entries: ReadEntries;
  /** Per run: code (0 = NULL, k+1 = entry k) and end row (exclusive). */
  codes: Int32Array;
  ends: Float64Array;
  hasNull: boolean;
}

function readRuns(r: ByteReader, n: number, cls: ColumnClass): Runs {
  const { nulls } = readHeader(r, n);
  if (nulls) throw Errors.ioError(`unexpected NULL bitmap in an RLE column in ${r.source}`);
  const entries = readEntries(r, cls);
  const count = entryCount(entries);
  const runCount = r.varint();
  if (runCount > r.remaining || runCount > n) throw Errors.ioError(`bad RLE run count ${runCount} in ${r.source}`);
  const codes = new Int32Array(runCount);
  const ends = new Float64Array(runCount);
  let end = 0;
  let hasNull = false;
  for (let k = 0; k < runCount; k++) {
    const code = r.varint();
    const len = r.varint();
    if (code > count || len < 1) throw Errors.ioError(`bad RLE run (${code}, ${len}) in ${r.source}`);
    if (code === 0) hasNull = true;
    end += len;
    codes[k] = code;
    ends[k] = end;
  }
  if (end !== n) throw Errors.ioError(`RLE runs cover ${end} rows, expected ${n} in ${r.source}`);
  return { entries, codes, ends, hasNull };
}

/** Decodes `n` rows of an RLE column. */
export function decodeRle(r: ByteReader, n: number, cls: ColumnClass): ColumnVector {
  const { entries, codes, ends, hasNull } = readRuns(r, n, cls);
  const nulls = hasNull ? new Uint8Array(n) : null;
  if (entries.kind === 'str') {
    const out = new Int32Array(n);
    for (let k = 0, start = 0; k < codes.length; start = ends[k], k++) {
      if (codes[k] === 0) nulls!.fill(1, start, ends[k]);
      else out.fill(codes[k] - 1, start, ends[k]);
    }
    return { length: n, nulls, data: { kind: 'dict', codes: out, dict: entries.strs } };
  }
  const out = new Float64Array(n);
  for (let k = 0, start = 0; k < codes.length; start = ends[k], k++) {
    if (codes[k] === 0) nulls!.fill(1, start, ends[k]);
    else out.fill(entries.nums[codes[k] - 1], start, ends[k]);
  }
  return numVector(cls, out, nulls);
}

/** Filters an RLE column once per run (always handled). */
export function filterRle(r: ByteReader, n: number, cls: ColumnClass, pred: StoragePredicate, sel: Uint8Array): boolean {
  const { entries, codes, ends } = readRuns(r, n, cls);
  let pass: Uint8Array | null = null;
  if (pred.op !== 'is_null' && pred.op !== 'is_not_null') pass = entryPasses(entries, pred, cls);
  for (let k = 0, start = 0; k < codes.length; start = ends[k], k++) {
    const c = codes[k];
    const ok = pass === null ? (c === 0) === (pred.op === 'is_null') : c !== 0 && pass[c - 1] === 1;
    if (!ok) sel.fill(0, start, ends[k]);
  }
  return true;
}

export const RLE_CODEC: ColumnCodec = {
  type: 'RLE',
  worthTrying: (p, _cls, hints) => p.mode !== 'generic' && hints.runs * 2 <= p.n,
  encode: (p) => encodeRle(p),
  decode: decodeRle,
  filter: filterRle,
};
