/**
 * STRING_PREFIX encoding (OceanBase `ObColumnHeader::STRING_PREFIX`, `ObStringPrefixEncoder`):
 * the longest prefix shared by every non-NULL string of the column once, then each row's suffix.
 * The prefix never ends inside a UTF-16 surrogate pair, so both halves stay valid UTF-8.
 *
 * Payload after the header (NULL bitmap when needed): the prefix (varint length + UTF-8), then per
 * non-NULL row the suffix. Applies to string columns with a non-empty common prefix; decodes to
 * `{kind:'values'}`.
 */
import { ByteReader, ByteWriter } from '../../common/row_codec';
import { Errors } from '../../common/ob_error';
import type { ColumnClass, ColumnVector } from './types';
import { type PreparedColumn, readHeader, readStrings, writeHeader } from './column_data';
import type { ColumnCodec } from './registry';

/** Length (UTF-16 units) of the common prefix of every non-NULL string; -1 when all are NULL. */
export function commonPrefixLength(strs: readonly (string | null)[]): number {
  let first: string | null = null;
  let len = 0;
  for (const s of strs) {
    if (s === null) continue;
    if (first === null) {
      first = s;
      len = s.length;
      continue;
    }
    if (len > s.length) len = s.length;
    let k = 0;
    while (k < len && s.charCodeAt(k) === first.charCodeAt(k)) k++;
    len = k;
    if (len === 0) return 0;
  }
  if (first === null) return -1;
  // Do not split a surrogate pair between prefix and suffix.
  if (len > 0) {
    const c = first.charCodeAt(len - 1);
    if (c >= 0xd800 && c < 0xdc00) len--;
  }
  return len;
}

/** Encodes STRING_PREFIX; null unless a string column with a non-empty common prefix. */
export function encodeStringPrefix(p: PreparedColumn): Uint8Array | null {
  if (p.mode !== 'str') return null;
  const len = commonPrefixLength(p.strs);
  if (len <= 0) return null;
  let prefix = '';
  for (const s of p.strs) if (s !== null) { prefix = s.slice(0, len); break; }
  const w = new ByteWriter(64 + p.n * 8);
  writeHeader(w, p.n, p.nulls);
  w.string(prefix);
  for (let i = 0; i < p.n; i++) {
    const s = p.strs[i];
    if (s !== null) w.string(len === s.length ? '' : s.slice(len));
  }
  return w.finish();
}

/** Decodes `n` rows of a STRING_PREFIX column. */
export function decodeStringPrefix(r: ByteReader, n: number, cls: ColumnClass): ColumnVector {
  if (cls.kind !== 'string') throw Errors.ioError(`STRING_PREFIX on a ${cls.kind} column in ${r.source}`);
  const { nulls } = readHeader(r, n);
  const prefix = r.string();
  const values: (string | null)[] = new Array(n);
  readStrings(r, n, nulls, values, prefix);
  return { length: n, nulls, data: { kind: 'values', values } };
}

export const STRING_PREFIX_CODEC: ColumnCodec = {
  type: 'STRING_PREFIX',
  worthTrying: (p) => p.mode === 'str',
  encode: (p) => encodeStringPrefix(p),
  decode: decodeStringPrefix,
};
