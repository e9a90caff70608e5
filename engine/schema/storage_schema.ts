/**
 * From a table's schema to what its tablets store: the `TabletStorageSchema` of each tablet
 * identity (OceanBase's `ObStorageSchema`, which a tablet keeps beside its table store and which
 * the next major compaction follows).
 *
 * Invariant: every tablet identity the DDL path hands to storage — at CREATE TABLE, TRUNCATE and
 * after every ALTER TABLE — is built here, so all replicas of a tablet derive the same storage
 * schema from the same schema version. A change takes effect at the next major compaction: the
 * existing SSTables stay as they were written (reference §4.8: "rewrites the data progressively").
 */
import { tableId as toTableId, type LsId, type TabletId, type TenantId } from '../common/ids';
import { columnClassOf } from '../storage/encoding';
import { SKIP_INDEX_MIN_MAX, SKIP_INDEX_SUM, type TabletIdentity, type TabletStorageSchema } from '../storage/types';
import type { ColumnSchema, TableSchema } from './schema';

/** The parts of a table that decide its storage schema (a draft has them before it has ids). */
export type StorageDefinition = Pick<TableSchema, 'columns' | 'rowkey' | 'options'>;

/** Explicit SKIP_INDEX(...) attribute of a column as storage bits (SKIP_INDEX_MIN_MAX | SKIP_INDEX_SUM). */
export function skipIndexBits(c: ColumnSchema): number {
  let bits = 0;
  for (const kind of c.skipIndex ?? []) bits |= kind === 'MIN_MAX' ? SKIP_INDEX_MIN_MAX : SKIP_INDEX_SUM;
  return bits;
}

/**
 * The storage schema of every tablet of `t`: per column (by column index) its storage class
 * and explicit skip-index bits, the store format (row / column / hybrid), the compression and the
 * rowkey columns. Column-store groups get MIN_MAX and SUM automatically inside storage; only the
 * explicit attribute is carried here.
 */
export function tabletStorageSchemaOf(t: StorageDefinition): TabletStorageSchema {
  const byIndex = [...t.columns].sort((a, b) => a.index - b.index);
  return {
    columns: byIndex.map((c) => columnClassOf(c.type)),
    storeFormat: t.options.storeFormat,
    compression: t.options.compression,
    skipIndex: byIndex.map(skipIndexBits),
    rowkey: [...t.rowkey],
  };
}

/** The identity of one tablet of `t` (one partition), with its storage schema. */
export function tabletIdentityOf(
  t: StorageDefinition,
  where: { tenantId: TenantId | number; tableId: number; lsId: LsId; tabletId: TabletId },
): TabletIdentity {
  return {
    tenantId: where.tenantId as TenantId,
    lsId: where.lsId,
    tabletId: where.tabletId,
    tableId: toTableId(where.tableId),
    columnCount: t.columns.length,
    microBlockBytes: t.options.blockSize,
    storage: tabletStorageSchemaOf(t),
  };
}

/** True when `a` and `b` would make storage write the same baseline (storage schema and block size). */
export function sameStorage(a: TabletIdentity, b: TabletIdentity): boolean {
  return a.microBlockBytes === b.microBlockBytes && a.columnCount === b.columnCount
    && JSON.stringify(a.storage ?? null) === JSON.stringify(b.storage ?? null);
}
