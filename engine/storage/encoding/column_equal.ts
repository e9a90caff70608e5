/**
 * COLUMN_EQUAL (OceanBase `ObColumnHeader::COLUMN_EQUAL`, inter-column equality): a column whose
 * every row equals the same row of an earlier column of the microblock stores no payload at all,
 * only the reference (kept by the caller as `refColumn`). Equality is exact identity of the
 * stored value (binary for strings, same scale for DECIMALs, −0 ≠ +0), NULLs included, so
 * decoding may hand back the earlier column's vector itself.
 */
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';

function sameValue(a: Value, b: Value): boolean {
  if (a === b) return typeof a !== 'number' || !Object.is(a, -0) === !Object.is(b, -0);
  if (a instanceof Decimal && b instanceof Decimal) return a.scale === b.scale && a.unscaled === b.unscaled;
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** Index of the first earlier column equal to `values` row by row, or -1. */
export function findEqualColumn(values: readonly Value[], earlier: readonly (readonly Value[])[]): number {
  const n = values.length;
  outer: for (let j = 0; j < earlier.length; j++) {
    const e = earlier[j];
    if (e.length !== n) continue;
    for (let i = 0; i < n; i++) if (!sameValue(values[i], e[i])) continue outer;
    return j;
  }
  return -1;
}
