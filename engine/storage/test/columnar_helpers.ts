/**
 * Test helpers for encoded and columnar majors: a six-column table (INT PRIMARY KEY, INT,
 * DECIMAL(10,2), VARCHAR ci, CHAR with few values, DOUBLE with NULLs), its storage schema per
 * store format, deterministic rows, and a loader.
 */
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';
import type { ColumnClass } from '../encoding/types';
import type { Tablet } from '../tablet';
import { SKIP_INDEX_MIN_MAX, SKIP_INDEX_SUM, type TabletIdentity, type TabletStorageSchema } from '../types';
import { identity, k, l, s } from './helpers';

export const WIDE_CLASSES: ColumnClass[] = [
  { kind: 'int' },
  { kind: 'int' },
  { kind: 'decimal', scale: 2 },
  { kind: 'string', ci: true },
  { kind: 'string', ci: false },
  { kind: 'double' },
];

export function wideStorage(storeFormat: TabletStorageSchema['storeFormat'], overrides: Partial<TabletStorageSchema> = {}): TabletStorageSchema {
  return {
    columns: WIDE_CLASSES,
    storeFormat,
    compression: 'lz4_1.0',
    skipIndex: [SKIP_INDEX_MIN_MAX, SKIP_INDEX_MIN_MAX | SKIP_INDEX_SUM, 0, 0, 0, 0],
    rowkey: [0],
    ...overrides,
  };
}

export function wideIdentity(storeFormat: TabletStorageSchema['storeFormat'], overrides: Partial<TabletStorageSchema> = {}, microBlockBytes = 2048): TabletIdentity {
  return identity({ columnCount: 6, microBlockBytes, storage: wideStorage(storeFormat, overrides) });
}

const FLAGS = ['A', 'N', 'R'];

/** Row n of the wide table (version tag `v` changes the non-key values). */
export function wideRow(n: number, v = 0): Value[] {
  return [
    n,
    (n * 7 + v) % 50,
    new Decimal(BigInt(((n * 131 + v) % 100000) - 20000), 2),
    `name-${(n * 13 + v) % 997}`,
    FLAGS[(n + v) % 3],
    n % 11 === 0 ? null : (n % 17) * 0.5 - v,
  ];
}

/** Writes rows n ∈ [from, to) in one transaction at `scn`, logged at `lsn`. */
export function loadWide(t: Tablet, from: number, to: number, scn: number, lsn: number, v = 0, step = 1): void {
  const muts = [];
  for (let n = from; n < to; n += step) muts.push({ key: k(n), row: wideRow(n, v) });
  t.applyCommitted(muts, s(scn), l(lsn));
}

/** Comparable text of rows (Decimals and doubles as text). */
export function text(rows: readonly (readonly Value[])[]): string[] {
  return rows.map((r) => JSON.stringify(r.map((x) => (x === null ? null : typeof x === 'object' || typeof x === 'bigint' ? String(x) : x))));
}
