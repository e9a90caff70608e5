/**
 * Reading single values out of decoded column vectors (`ColumnVector`, encoding/types.ts), for
 * callers that need a `Value` per row (row-at-a-time operators, tests, the row-store path).
 * Hot loops should read the typed arrays directly instead.
 */
import { Decimal } from '../../common/decimal';
import type { Value } from '../../common/value';
import type { ColumnClass, ColumnVector } from './types';

/** Row `i` of `v` as a Value: null for NULL, a Decimal for 'decimal' data, a number for 'int'/'double'. */
export function vectorValueAt(v: ColumnVector, i: number, _cls?: ColumnClass): Value {
  if (v.nulls !== null && v.nulls[i]) return null;
  const d = v.data;
  switch (d.kind) {
    case 'int':
    case 'double':
      return d.values[i];
    case 'decimal':
      return new Decimal(BigInt(d.unscaled[i]), d.scale);
    case 'dict':
      return d.dict[d.codes[i]];
    case 'values':
      return d.values[i];
  }
}

/** Every row of `v` as Values. */
export function vectorToValues(v: ColumnVector, cls: ColumnClass): Value[] {
  const out: Value[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = vectorValueAt(v, i, cls);
  return out;
}
