/**
 * The encodings the picker tries beyond RAW and COLUMN_EQUAL, and the interface each implements.
 * The order only breaks ties in size (earlier wins): CONST, then RLE, DICT, INTEGER_BASE_DIFF,
 * STRING_PREFIX.
 */
import type { ByteReader } from '../../common/row_codec';
import type { ColumnClass, ColumnVector, EncodingType, StoragePredicate } from './types';
import type { PreparedColumn } from './column_data';
import { CONST_CODEC } from './const';
import { RLE_CODEC } from './rle';
import { DICT_CODEC } from './dict';
import { INT_BASE_DIFF_CODEC } from './int_base_diff';
import { STRING_PREFIX_CODEC } from './string_prefix';

/** Cheap facts the picker uses to skip hopeless candidates. */
export interface ColumnHints {
  /** Number of runs of equal consecutive values (NULL is a value). */
  runs: number;
}

export interface ColumnCodec {
  readonly type: EncodingType;
  /** Cheap pre-check for the picker: false when the encoding cannot apply or cannot win here. */
  worthTrying(p: PreparedColumn, cls: ColumnClass, hints: ColumnHints): boolean;
  /** Encoded bytes, or null when the encoding does not apply to these values. */
  encode(p: PreparedColumn, cls: ColumnClass): Uint8Array | null;
  /** Like `encode` but may give up early when it will not win (the picker calls this). */
  pick?(p: PreparedColumn, cls: ColumnClass): Uint8Array | null;
  /** Decodes `n` rows; the reader must end exactly at the end of the column. */
  decode(r: ByteReader, n: number, cls: ColumnClass): ColumnVector;
  /** Filters on the encoded form (see `filterEncoded`); false when not handled. */
  filter?(r: ByteReader, n: number, cls: ColumnClass, pred: StoragePredicate, sel: Uint8Array): boolean;
}

export const CODECS: readonly ColumnCodec[] = [CONST_CODEC, RLE_CODEC, DICT_CODEC, INT_BASE_DIFF_CODEC, STRING_PREFIX_CODEC];
