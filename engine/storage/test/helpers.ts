/**
 * Test helpers for the storage module: integer rowkeys, a no-op yielder, a fresh block manager on
 * a `MemoryFileSystem`, tablet identities and a whole-tablet reader.
 */
import { lsId, lsn, scn, tableId, tabletId, tenantId, type Lsn, type Scn } from '../../common/ids';
import { MICRO_BLOCK_BYTES_DEFAULT } from '../../common/limits';
import { encodeRowkey, type EncodedRowkey } from '../../common/rowkey';
import type { Value } from '../../common/value';
import { MemoryFileSystem } from '../../env/memory';
import { FULL_RANGE, type KeyRange } from '../../sql/exec_context';
import { BlockManager } from '../block_manager';
import { collectRows } from '../scan';
import type { ScanOptions, TabletIdentity, TabletStorageSchema, TabletStore, Yielder } from '../types';

export const NO_YIELD: Yielder = { yield: async () => {} };

const INT = { kind: 'int' as const };

/** Encoded rowkey of integer primary key `n`. */
export const k = (n: number): EncodedRowkey => encodeRowkey([n], [INT]);
export const s = (n: number | bigint): Scn => scn(n);
export const l = (n: number): Lsn => lsn(n);

export function identity(overrides: Partial<TabletIdentity> = {}): TabletIdentity {
  return {
    tenantId: tenantId(1002),
    lsId: lsId(1001),
    tabletId: tabletId(200001),
    tableId: tableId(500001),
    columnCount: 2,
    microBlockBytes: MICRO_BLOCK_BYTES_DEFAULT,
    ...overrides,
  };
}

/** A storage schema for the two-column (INT PRIMARY KEY, VARCHAR binary) test tables. */
export function storage(overrides: Partial<TabletStorageSchema> = {}): TabletStorageSchema {
  return {
    columns: [{ kind: 'int' }, { kind: 'string', ci: false }],
    storeFormat: 'row',
    compression: 'none',
    skipIndex: [0, 0],
    rowkey: [0],
    ...overrides,
  };
}

export async function freshBlocks(fs = new MemoryFileSystem()): Promise<{ fs: MemoryFileSystem; bm: BlockManager }> {
  return { fs, bm: await BlockManager.open(fs) };
}

/** Every visible row of `t` at `snapshot` in `range`. */
export function readAll(t: TabletStore, snapshot: Scn, range: KeyRange = FULL_RANGE, options?: ScanOptions): Value[][] {
  return collectRows(t.scan(range, snapshot, options));
}

/** Range helper: [a, b] with the given inclusiveness. */
export function range(a: number, b: number, startInclusive = true, endInclusive = true): KeyRange {
  return { start: k(a), startInclusive, end: k(b), endInclusive };
}
