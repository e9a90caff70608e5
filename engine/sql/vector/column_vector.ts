/**
 * Helpers over decoded column batches (`ColumnVector`, storage/encoding/types.ts): reading one
 * row's `Value` back out of a vector, building vectors from rows (the transaction-overlay and
 * row-store fallbacks feed the same vectorized code as column scans), and the selection vector
 * of a batch. OceanBase's counterpart is the `ObIVector` family of the vectorized engine 2.0.
 *
 * Invariants: a vector's data slot of a NULL row is never read; `valueAt` returns the row
 * executor's representation of the value (numbers for integers and doubles, `Decimal` at the
 * vector's scale for decimals, dictionary entries as stored).
 */
import { assert } from '../../common/assert';
import type { Value } from '../../common/value';
import type { ColumnVector } from '../../storage/encoding/types';
import { vectorValueAt } from '../../storage/encoding/vector';
import { valuesVector } from '../../storage/column_scan';
import type { ColumnBatch } from '../../storage/types';

/** Row `i` of `v` as a Value (allocates a Decimal for decimal vectors). */
export function valueAt(v: ColumnVector, i: number): Value {
  return vectorValueAt(v, i);
}

/** A 'values' vector over column `c` of `rows` (one Value per row, NULL bitmap when needed). */
export function vectorOfRows(rows: readonly Value[][], c: number): ColumnVector {
  return valuesVector(rows, c);
}

/** A batch over `rows`, columns `cols` of each row, every row selected. */
export function batchOfRows(rows: readonly Value[][], cols: readonly number[]): ColumnBatch {
  return { length: rows.length, columns: cols.map((c) => vectorOfRows(rows, c)), sel: null, selCount: rows.length };
}

/** Identity selections, shared: `IDENTITY.subarray(0, n)` selects rows 0..n-1. */
let IDENTITY = new Int32Array(0);

/** The selected row numbers of `b` (a shared identity prefix when every row is selected). */
export function selectionOf(b: ColumnBatch): { sel: Int32Array; count: number } {
  if (b.sel !== null) {
    assert(b.selCount <= b.sel.length && b.selCount <= b.length, 'selection within the batch');
    return { sel: b.sel, count: b.selCount };
  }
  if (IDENTITY.length < b.length) {
    IDENTITY = new Int32Array(Math.max(b.length, 2 * IDENTITY.length, 1024));
    for (let i = 0; i < IDENTITY.length; i++) IDENTITY[i] = i;
  }
  return { sel: IDENTITY, count: b.length };
}

/** The selected rows of `b` as Value rows (the DAS reply of a column scan). */
export function rowsOfBatch(b: ColumnBatch): Value[][] {
  const { sel, count } = selectionOf(b);
  const out: Value[][] = new Array(count);
  const cols = b.columns;
  for (let k = 0; k < count; k++) {
    const i = sel[k];
    const row: Value[] = new Array(cols.length);
    for (let j = 0; j < cols.length; j++) row[j] = valueAt(cols[j], i);
    out[k] = row;
  }
  return out;
}
