/**
 * The layout of a major SSTable (OceanBase's CO SSTable, `ObCOSSTableV2`, and the column-group
 * merge of V4.3, reference §4.9): how the storage schema's store format becomes column groups
 * (major_merge.ts feeds every row to each group's SSTable builder), and the row hash.
 *
 * Layouts (`planMajorLayout`):
 * - `row`    — WITH COLUMN GROUP(all columns): one keyed `all columns` group;
 * - `column` — WITH COLUMN GROUP(each column): a keyed `rowkey` group (rowkeys, SCNs and the
 *   rowkey columns) plus one unkeyed group per column;
 * - `hybrid` — WITH COLUMN GROUP(all columns, each column): `all columns` plus one per column.
 * The keyed group's SSTable is the major the table store lists; the others ride in its meta's
 * `columnGroups`. Every group holds every row, in rowkey order, so rows line up by ordinal.
 * Column groups of a column store get SKIP_INDEX(MIN_MAX, SUM) automatically; the all-columns
 * and rowkey groups keep the explicit SKIP_INDEX attributes.
 *
 * COLUMNSTORE (C) replicas (reference §3.1): a tablet of a C replica writes every major of a
 * user table (table id ≥ FIRST_USER_TABLE_ID) as `column` — a rowkey group plus each column —
 * whatever the table's own column-group schema says; system and internal tablets stay as their
 * schema says (`replicaStoreFormat = 'column'` argument of `planMajorLayout`, OceanBase's
 * `ObStorageSchema` transformed from row to columnar on a C replica).
 *
 * The baseline checksum (`MajorResult.checksum`, OceanBase's data checksum compared across
 * replicas) is a sum of per-row hashes over (rowkey, row as row_codec bytes at the table's
 * column count), computed once per row (`RowHasher`) — independent of layout, encodings, compression and
 * block boundaries, so row, column and hybrid majors of the same data agree.
 */
import CRC32 from 'crc-32';
import { FIRST_USER_TABLE_ID } from '../common/ids';
import type { EncodedRowkey } from '../common/rowkey';
import { ByteWriter } from '../common/row_codec';
import type { Value } from '../common/value';
import { DEFAULT_COMPRESSOR, isCompressorName, type CompressorName } from './compression';
import type { ColumnClass } from './encoding/types';
import { writeKey } from './microblock';
import { RowDecoder } from './row_decoder';
import { autoSkipBits, sumEligible } from './skip_index';
import type { SSTable } from './sstable';
import type { EncodedBuildSpec } from './sstable_builder';
import { SKIP_INDEX_MIN_MAX, SKIP_INDEX_SUM, type TabletIdentity } from './types';

export type StoreFormat = 'row' | 'column' | 'hybrid';

/** How a replica stores its majors: `row` follows the table's schema (F and R replicas);
 *  `column` makes user tables columnar (a COLUMNSTORE replica). */
export type ReplicaStoreFormat = 'row' | 'column';

/**
 * True when a C replica stores this tablet's baseline column-wise: a user table (table id ≥
 * FIRST_USER_TABLE_ID, 500001). System and internal tables (and, once they exist as tablets,
 * index tables) stay row-wise on every replica.
 */
export function columnStoreReplicaApplies(identity: Pick<TabletIdentity, 'tableId'>): boolean {
  return identity.tableId >= FIRST_USER_TABLE_ID;
}

/** What a major writes: its column groups (the first is the keyed group) and compression. */
export interface MajorLayout {
  storeFormat: StoreFormat;
  compression: CompressorName;
  columnCount: number;
  groups: EncodedBuildSpec[];
}

/**
 * The layout the next major of a tablet with `identity` writes. Without a storage schema: a
 * row store, `zstd_1.3.8`, classes inferred per microblock, no skip index. On a C replica
 * (`replica = 'column'`) a user table's layout is `column` (rowkey group + each column) with the
 * schema's classes, compression and skip indexes, whatever its declared store format.
 */
export function planMajorLayout(identity: TabletIdentity, replica: ReplicaStoreFormat = 'row'): MajorLayout {
  const st = identity.storage;
  const n = identity.columnCount;
  const compression: CompressorName = st !== undefined && isCompressorName(st.compression) ? st.compression : DEFAULT_COMPRESSOR;
  const cls = (c: number): ColumnClass | null => st?.columns[c] ?? null;
  const explicitBits = (c: number): number => {
    const k = cls(c);
    if (k === null) return 0;
    const bits = st?.skipIndex[c] ?? 0;
    return bits & (SKIP_INDEX_MIN_MAX | (sumEligible(k) ? SKIP_INDEX_SUM : 0));
  };
  const all = Array.from({ length: n }, (_, c) => c);
  const group = (name: string, columns: number[], keyed: boolean, bits: (c: number) => number): EncodedBuildSpec => ({
    name,
    columns,
    keyed,
    classes: columns.map(cls),
    skipBits: columns.map(bits),
    compression,
  });
  const eachColumn = () =>
    all.map((c) => group(String(c), [c], false, (x) => (cls(x) === null ? 0 : autoSkipBits(cls(x)!) | explicitBits(x))));
  const storeFormat: StoreFormat = replica === 'column' && columnStoreReplicaApplies(identity) ? 'column' : st?.storeFormat ?? 'row';
  let groups: EncodedBuildSpec[];
  if (storeFormat === 'column' && n > 0) {
    const rowkey = (st?.rowkey ?? []).filter((c) => c < n);
    groups = [group('rowkey', rowkey, true, explicitBits), ...eachColumn()];
  } else if (storeFormat === 'hybrid' && n > 0) {
    groups = [group('all columns', all, true, explicitBits), ...eachColumn()];
  } else {
    groups = [group('all columns', all, true, explicitBits)];
  }
  return { storeFormat, compression, columnCount: n, groups };
}

function groupSignature(g: { name: string; columns: number[]; keyed: boolean; classes: readonly (ColumnClass | null)[]; skipBits: readonly number[] }): string {
  return JSON.stringify([g.name, g.columns, g.keyed, g.classes, g.skipBits]);
}

/**
 * True when `major` was written with exactly `layout` (same groups, classes, skip indexes and
 * compression), so its macroblocks may be reused by the next major.
 */
export function sameLayout(major: SSTable, layout: MajorLayout): boolean {
  const m = major.meta;
  if (m.format !== 'encoded' || m.group === undefined || m.compression !== layout.compression) return false;
  if ((m.storeFormat ?? 'row') !== layout.storeFormat) return false;
  const groups = [m.group, ...(m.columnGroups ?? []).map((g) => g.group)];
  if (groups.length !== layout.groups.length) return false;
  return groups.every((g, i) => g !== undefined && groupSignature(g) === groupSignature(layout.groups[i]));
}

/** Computes logical row hashes (rowkey + row_codec row at the table's column count). */
export class RowHasher {
  private readonly keyWriter = new ByteWriter(64);
  private readonly rowWriter = new ByteWriter(256);

  constructor(private readonly columnCount: number) {}

  /** The row as values (decoded when given row_codec bytes). */
  values(row: readonly Value[] | Uint8Array): readonly Value[] {
    return row instanceof Uint8Array ? new RowDecoder(row, 'merge input').row() : row;
  }

  /** Hash of (key, row) — the unit of the baseline checksum. */
  hash(key: EncodedRowkey, row: readonly Value[] | Uint8Array, values: readonly Value[]): number {
    const kw = this.keyWriter;
    kw.reset();
    writeKey(kw, key);
    const keyHash = CRC32.buf(kw.view_());
    const n = this.columnCount;
    if (row instanceof Uint8Array && values.length === n) return CRC32.buf(row, keyHash) >>> 0;
    const rw = this.rowWriter;
    rw.reset();
    rw.varint(n);
    for (let c = 0; c < n; c++) rw.value(c < values.length ? values[c] : null);
    return CRC32.buf(rw.view_(), keyHash) >>> 0;
  }
}
