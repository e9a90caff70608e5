/**
 * The column encoder/decoder front door (OceanBase's `ObMicroBlockEncoder` choosing an
 * `ObIColumnEncoder` per column, and `ObMicroBlockDecoder`): tries the applicable encodings of a
 * column and keeps the smallest (never larger than RAW), decodes by encoding type, and evaluates
 * predicates on encoded bytes where the encoding allows it.
 *
 * Malformed input (bytes from disk that passed the microblock CRC, so only a codec bug or format
 * skew) throws `Errors.ioError`; any low-level exception while decoding is converted to one.
 */
import { ByteReader } from '../../common/row_codec';
import { assert } from '../../common/assert';
import { Errors, isObError } from '../../common/ob_error';
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnVector, EncodedColumn, EncodingType, StoragePredicate } from './types';
import { type PreparedColumn, prepareColumn } from './column_data';
import { decodeRaw, encodeRaw } from './raw';
import { CODECS, type ColumnCodec, type ColumnHints } from './registry';
import { findEqualColumn } from './column_equal';

const SOURCE = 'encoded column';
/** Rows of one encoded column at most: a larger row count read from disk is malformed. */
export const ENCODED_COLUMN_ROWS_MAX = 1 << 24;

function checkRowCount(rowCount: number): void {
  if (!(Number.isSafeInteger(rowCount) && rowCount >= 0 && rowCount <= ENCODED_COLUMN_ROWS_MAX)) {
    throw Errors.ioError(`bad row count ${rowCount} of an encoded column`);
  }
}

function rawColumn(p: PreparedColumn): EncodedColumn {
  const bytes = encodeRaw(p);
  return { type: 'RAW', bytes, rawBytes: bytes.length };
}

/**
 * Encodes one column of a microblock with the smallest applicable encoding. `values` are the
 * column's rows (length ≥ 1), `earlier[j]` the values of column j < this one in the same
 * microblock (COLUMN_EQUAL may point at one). The result is never larger than RAW.
 */
export function encodeColumn(values: readonly Value[], cls: ColumnClass, earlier?: readonly (readonly Value[])[]): EncodedColumn {
  const p = prepareColumn(values, cls);
  const raw = rawColumn(p);
  const ref = earlier ? findEqualColumn(values, earlier) : -1;
  if (ref >= 0) return { type: 'COLUMN_EQUAL', bytes: new Uint8Array(0), rawBytes: raw.bytes.length, refColumn: ref };
  let best = raw;
  if (p.mode === 'generic') return best;
  const hints = analyse(p);
  for (const codec of CODECS) {
    if (!codec.worthTrying(p, cls, hints)) continue;
    const bytes = codec.pick ? codec.pick(p, cls) : codec.encode(p, cls);
    if (bytes !== null && bytes.length < best.bytes.length) best = { type: codec.type, bytes, rawBytes: raw.bytes.length };
  }
  return best;
}

function analyse(p: PreparedColumn): ColumnHints {
  let runs = p.n > 0 ? 1 : 0;
  if (p.mode === 'num') {
    const { nums, nulls } = p;
    for (let i = 1; i < p.n; i++) {
      const a = nulls !== null && nulls[i - 1] === 1;
      const b = nulls !== null && nulls[i] === 1;
      if (a !== b || (!a && !Object.is(nums[i], nums[i - 1]))) runs++;
    }
  } else if (p.mode === 'str') {
    for (let i = 1; i < p.n; i++) if (p.strs[i] !== p.strs[i - 1]) runs++;
  }
  return { runs };
}

/**
 * Encodes the column with `type` (for tests and the storage panel); null when `type` does not
 * apply to these values (e.g. INTEGER_BASE_DIFF on strings, COLUMN_EQUAL with no equal column).
 */
export function encodeColumnAs(
  type: EncodingType,
  values: readonly Value[],
  cls: ColumnClass,
  earlier?: readonly (readonly Value[])[],
): EncodedColumn | null {
  const p = prepareColumn(values, cls);
  const raw = rawColumn(p);
  if (type === 'RAW') return raw;
  if (type === 'COLUMN_EQUAL') {
    const ref = earlier ? findEqualColumn(values, earlier) : -1;
    return ref < 0 ? null : { type, bytes: new Uint8Array(0), rawBytes: raw.bytes.length, refColumn: ref };
  }
  if (p.mode === 'generic') return null;
  const codec = codecOf(type);
  const bytes = codec ? codec.encode(p, cls) : null;
  return bytes === null ? null : { type, bytes, rawBytes: raw.bytes.length };
}

function codecOf(type: EncodingType): ColumnCodec | undefined {
  return CODECS.find((c) => c.type === type);
}

function asIoError(e: unknown, type: EncodingType): never {
  if (isObError(e)) throw e;
  throw Errors.ioError(`malformed ${type} column: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * Decodes `rowCount` rows of a column encoded as `type`. `earlier` are the already decoded
 * columns of the same microblock (COLUMN_EQUAL returns `earlier[refColumn]` itself). Numeric
 * classes decode to typed arrays ('int' / 'double' / 'decimal') whenever every value fits, whatever
 * the encoding; strings decode to 'dict' from DICT/RLE/CONST and to 'values' otherwise.
 * Throws `Errors.ioError` on malformed bytes (never returns wrong data, never a RangeError) and
 * on a row count above `ENCODED_COLUMN_ROWS_MAX`.
 */
export function decodeColumn(
  type: EncodingType,
  bytes: Uint8Array,
  rowCount: number,
  cls: ColumnClass,
  earlier: readonly ColumnVector[],
  refColumn?: number,
): ColumnVector {
  checkRowCount(rowCount);
  if (type === 'COLUMN_EQUAL') {
    const ref = refColumn === undefined ? undefined : earlier[refColumn];
    if (bytes.length !== 0 || ref === undefined || ref.length !== rowCount) throw Errors.ioError(`bad COLUMN_EQUAL reference ${refColumn}`);
    return ref;
  }
  try {
    const r = new ByteReader(bytes, SOURCE);
    let v: ColumnVector;
    if (type === 'RAW') v = decodeRaw(r, rowCount, cls);
    else {
      const codec = codecOf(type);
      if (!codec) throw Errors.ioError(`unknown column encoding ${String(type)}`);
      v = codec.decode(r, rowCount, cls);
    }
    if (r.remaining !== 0) throw Errors.ioError(`${r.remaining} trailing bytes after a ${type} column`);
    return v;
  } catch (e) {
    return asIoError(e, type);
  }
}

/**
 * Evaluates `pred` on an encoded column without decoding every row (`sel[i] &= passes(i)`):
 * DICT tests each dictionary entry once then maps codes, RLE each run, CONST the constant and its
 * exceptions, INTEGER_BASE_DIFF compares packed deltas with the rebased constant. Returns false
 * (leaving `sel` untouched) when the encoding is not handled here: the caller decodes and uses
 * `filterVector`. Throws `Errors.ioError` on malformed bytes.
 */
export function filterEncoded(
  type: EncodingType,
  bytes: Uint8Array,
  rowCount: number,
  cls: ColumnClass,
  pred: StoragePredicate,
  sel: Uint8Array,
): boolean {
  const codec = codecOf(type);
  if (!codec || !codec.filter) return false;
  checkRowCount(rowCount);
  assert(sel.length >= rowCount, 'selection shorter than the column');
  try {
    const r = new ByteReader(bytes, SOURCE);
    const done = codec.filter(r, rowCount, cls, pred, sel);
    if (done && r.remaining !== 0) throw Errors.ioError(`${r.remaining} trailing bytes after a ${type} column`);
    return done;
  } catch (e) {
    return asIoError(e, type);
  }
}
