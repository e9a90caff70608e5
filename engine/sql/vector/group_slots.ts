/**
 * GROUP BY on decoded column batches: maps every selected row to a dense group slot (OceanBase's
 * storage GROUP BY pushdown for low-NDV columns, `ObGroupByCell`, which groups on the
 * microblock's dictionary).
 *
 * Per key column a `KeyIds` table gives each distinct key value a dense id, with MySQL equality
 * (types.ts `hashKey`: 'a' and 'A ' are one group under utf8mb4_general_ci; NULLs form one group):
 * - a 'dict' vector maps its dictionary entries to ids once per dictionary, then each row is one
 *   Int32Array lookup of its code — no hashing per row;
 * - 'int' / 'double' vectors hash the number itself; 'decimal' vectors hash the unscaled integer
 *   at the column's scale (one Map lookup, no Decimal per row);
 * - 'values' vectors hash `hashKey(value)`.
 * The ids of the key columns combine into the slot: one key → an array lookup by id; two keys →
 * one number key; more → a short string. Slots are numbered in first-seen order of the selected
 * rows. The representative value
 * of a group's keys are those of its first row (what HASH GROUP BY keeps).
 */
import { assert } from '../../common/assert';
import { Decimal } from '../../common/decimal';
import type { ColumnType, Value } from '../../common/value';
import type { ColumnVector } from '../../storage/encoding/types';
import type { CompareKind } from '../expr/bound';
import { compareKindOf, hashKey } from '../plan/expr_api';
import { valueAt } from './column_vector';

const SAFE = Number.MAX_SAFE_INTEGER;
const NULL_KEY = '\u0000NULL';
/** Ids per key column below which two ids pack into one number key. */
const PACK = 1 << 21;
/** Ids per key column below which two keys find their slot in a direct table. */
const DENSE = 64;

/** Dense ids of the distinct values of one key column. */
class KeyIds {
  private readonly general = new Map<string | number, number>();
  /** DECIMAL columns: ids by unscaled integer at the column's scale. */
  private readonly unscaled = new Map<number, number>();
  readonly values: Value[] = [];
  private dict: readonly Value[] | null = null;
  private dictIds = new Int32Array(0);
  private readonly kind: CompareKind;
  private readonly decimalScale: number;

  constructor(type: ColumnType) {
    this.kind = compareKindOf(type, type);
    this.decimalScale = type.kind === 'decimal' ? type.scale ?? 0 : -1;
  }

  private idOfKey(key: string | number, value: Value): number {
    let id = this.general.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.general.set(key, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of a DECIMAL column value by its unscaled integer at the column's scale. */
  private idOfUnscaled(u: number, value: () => Value): number {
    let id = this.unscaled.get(u);
    if (id === undefined) {
      id = this.values.length;
      this.unscaled.set(u, id);
      this.values.push(value());
    }
    return id;
  }

  /** The id of any Value of this column. */
  idOf(v: Value): number {
    if (v === null) return this.idOfKey(NULL_KEY, null);
    if (this.decimalScale >= 0 && v instanceof Decimal) {
      const r = v.rescale(this.decimalScale);
      const u = r.compare(v) === 0 ? Number(r.unscaled) : NaN;
      if (u <= SAFE && u >= -SAFE) return this.idOfUnscaled(u, () => v);
    }
    if (this.decimalScale >= 0 && typeof v === 'number' && Number.isSafeInteger(v) && this.decimalScale <= 15) {
      const u = v * 10 ** this.decimalScale;
      if (u <= SAFE && u >= -SAFE) return this.idOfUnscaled(u, () => v);
    }
    return this.idOfKey(hashKey(v, this.kind), v);
  }

  /** Fills `ids[i]` for the selected rows of `v`. */
  fill(v: ColumnVector, sel: Int32Array, count: number, ids: Int32Array): void {
    const d = v.data;
    const nulls = v.nulls;
    let nullId = -1;
    const nullKey = () => (nullId >= 0 ? nullId : (nullId = this.idOf(null)));
    if (d.kind === 'dict') {
      const map = this.mapDict(d.dict);
      const codes = d.codes;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        ids[i] = nulls !== null && nulls[i] === 1 ? nullKey() : map[codes[i]];
      }
      return;
    }
    if (d.kind === 'decimal' && d.scale === this.decimalScale) {
      const src = d.unscaled;
      const scale = d.scale;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        ids[i] = nulls !== null && nulls[i] === 1 ? nullKey() : this.idOfUnscaled(src[i], () => new Decimal(BigInt(src[i]), scale));
      }
      return;
    }
    if ((d.kind === 'int' || d.kind === 'double') && this.decimalScale < 0) {
      const src = d.values;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        if (nulls !== null && nulls[i] === 1) {
          ids[i] = nullKey();
          continue;
        }
        const x = src[i];
        ids[i] = this.idOfKey(x === 0 ? 0 : x, x);
      }
      return;
    }
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      ids[i] = this.idOf(valueAt(v, i));
    }
  }

  /** Ids of a dictionary's entries, computed once per dictionary array. */
  private mapDict(dict: readonly Value[]): Int32Array {
    if (this.dict === dict) return this.dictIds;
    if (this.dictIds.length < dict.length) this.dictIds = new Int32Array(Math.max(dict.length, 16));
    for (let c = 0; c < dict.length; c++) this.dictIds[c] = this.idOf(dict[c]);
    this.dict = dict;
    return this.dictIds;
  }
}

/** Row → group slot for one GROUP BY (see the module comment). */
export class GroupSlots {
  private readonly keyIds: KeyIds[];
  private readonly ids: Int32Array[];
  private slots = new Int32Array(0);
  private readonly packed = new Map<number, number>();
  /** Two keys with ids below DENSE: slot by `id0 · DENSE + id1` (-1: none yet). */
  private readonly dense = new Int32Array(DENSE * DENSE).fill(-1);
  private readonly joined = new Map<string, number>();
  /** Per slot: its key values, from the first row that fell into it (what HASH GROUP BY keeps). */
  private readonly slotKeys: Value[][] = [];
  private keyVectors: readonly ColumnVector[] = [];

  constructor(keyTypes: readonly ColumnType[]) {
    this.keyIds = keyTypes.map((t) => new KeyIds(t));
    this.ids = keyTypes.map(() => new Int32Array(0));
  }

  /** One key: the slot of each key id (-1: no selected row had it yet; a dictionary maps all its
   *  entries to ids, not all of them occur). */
  private slotOfId = new Int32Array(0);

  get groupCount(): number {
    return this.keyIds.length === 0 ? 1 : this.slotKeys.length;
  }

  /** The key values of slot `s` (first seen). */
  keysOf(s: number): Value[] {
    return this.slotKeys[s];
  }

  /** Slots of the selected rows of a batch, `keyVectors[j]` being key column j; indexed by row. */
  assign(keyVectors: readonly ColumnVector[], sel: Int32Array, count: number, length: number): Int32Array {
    assert(keyVectors.length === this.keyIds.length, 'one vector per key column');
    if (this.slots.length < length) {
      this.slots = new Int32Array(Math.max(length, 2 * this.slots.length, 256));
      for (let j = 0; j < this.ids.length; j++) this.ids[j] = new Int32Array(this.slots.length);
    }
    const slots = this.slots;
    const nk = this.keyIds.length;
    this.keyVectors = keyVectors;
    if (nk === 0) {
      for (let k = 0; k < count; k++) slots[sel[k]] = 0;
      return slots;
    }
    for (let j = 0; j < nk; j++) this.keyIds[j].fill(keyVectors[j], sel, count, this.ids[j]);
    if (nk === 1) {
      const a = this.ids[0];
      const ids = this.keyIds[0].values.length;
      if (this.slotOfId.length < ids) {
        const grown = new Int32Array(Math.max(ids, 2 * this.slotOfId.length, 64)).fill(-1);
        grown.set(this.slotOfId);
        this.slotOfId = grown;
      }
      const slotOfId = this.slotOfId;
      for (let k = 0; k < count; k++) {
        const i = sel[k];
        let s = slotOfId[a[i]];
        if (s < 0) slotOfId[a[i]] = s = this.newSlot(i);
        slots[i] = s;
      }
      return slots;
    }
    this.combine(sel, count);
    return slots;
  }

  private combine(sel: Int32Array, count: number): void {
    const slots = this.slots;
    const nk = this.keyIds.length;
    const a = this.ids[0];
    const b = this.ids[1];
    const dense = this.dense;
    for (let k = 0; k < count; k++) {
      const i = sel[k];
      if (nk === 2 && a[i] < DENSE && b[i] < DENSE) {
        // Low-NDV keys: a direct table of id pairs.
        const at = a[i] * DENSE + b[i];
        let s = dense[at];
        if (s < 0) dense[at] = s = this.newSlot(i);
        slots[i] = s;
        continue;
      }
      if (nk === 2 && a[i] < PACK && b[i] < PACK) {
        const key = a[i] + b[i] * PACK;
        let s = this.packed.get(key);
        if (s === undefined) this.packed.set(key, (s = this.newSlot(i)));
        slots[i] = s;
        continue;
      }
      let key = '';
      for (let j = 0; j < nk; j++) key += `${this.ids[j][i]},`;
      let s = this.joined.get(key);
      if (s === undefined) this.joined.set(key, (s = this.newSlot(i)));
      slots[i] = s;
    }
  }

  private newSlot(i: number): number {
    this.slotKeys.push(this.keyVectors.map((v) => valueAt(v, i)));
    return this.slotKeys.length - 1;
  }
}
