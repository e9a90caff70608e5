/**
 * Client-side partition calculation (OBKV's `ObPartDesc.getPartId` family, reference obkv-apis
 * §1.13): from a rowkey to the partition index with the SAME function the server places rows with
 * (`schema/partition.ts partitionIndexOf`), the human rule shown in traces
 * (`KEY(c1): murmurhash64a → 7 % 4 = 3`, `HASH(c1): abs(-5) % 4 = 1`, `RANGE COLUMNS(c1): 'm' < 'n' → p1`),
 * and the partitions a scan range can touch (point ranges on the partitioning key → one partition;
 * RANGE partitioning on the leading key column → pruned; otherwise every partition).
 *
 * Invariants: key values are converted to what the server stores for the column (text into a
 * binary column → its UTF-8 bytes, DECIMAL text → Decimal) before hashing/comparing, so client and
 * server agree; partitioning expressions other than a plain rowkey column are refused (-4007).
 */
import { utf8ToBytes } from '../common/binary';
import { Decimal } from '../common/decimal';
import { Errors } from '../common/ob_error';
import { isIntegerType, type ColumnType, type Value } from '../common/value';
import { keyPartitionHash, partitionIndexOf, prunePartitionsByRange } from '../schema/partition';
import type { KvColumnValue, KvRangeValue } from '../table/types';
import { isKvBound } from '../table/types';
import type { TableEntry } from './route_cache';

/** A rowkey value (typed on the wire) as the server stores it in a column of type `t`. */
export function storedKeyValue(cv: KvColumnValue, t: ColumnType): Value {
  const v = cv.value;
  if (v === null) return null;
  if (t.binary === true && typeof v === 'string') return cv.inputType === 'VARCHAR' ? utf8ToBytes(v) : v;
  if (t.kind === 'decimal' && (typeof v === 'string' || typeof v === 'number')) return Decimal.parse(String(v)) ?? v;
  if (isIntegerType(t) && typeof v === 'bigint' && v >= -9007199254740991n && v <= 9007199254740991n) return Number(v);
  return v;
}

/** The partitioning-key values of a rowkey. Errors: -4007 for a non-column partitioning expression. */
export function partitionKeyValues(entry: TableEntry, rowkey: readonly KvColumnValue[]): Value[] {
  const n = entry.partKeyPositions.length;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) {
    const pos = entry.partKeyPositions[i];
    if (pos < 0) throw Errors.notSupported('partitioning expression other than a rowkey column in the OBKV client');
    out[i] = storedKeyValue(rowkey[pos], entry.partKeyTypes[i]);
  }
  return out;
}

/** The partition index of a full rowkey (0 when the table is not partitioned). */
export function partitionOfRowkey(entry: TableEntry, rowkey: readonly KvColumnValue[]): number {
  if (entry.schema.partitionScheme === null) return 0;
  // Hot path: a one-column partitioning key is memoised per entry (the entry is rebuilt on refresh).
  if (entry.partKeyPositions.length === 1 && entry.partKeyPositions[0] >= 0) {
    const cv = rowkey[entry.partKeyPositions[0]];
    if (cv !== undefined && cv.inputType !== 'VARBINARY' && (typeof cv.value === 'string' || typeof cv.value === 'number')) {
      const hit = entry.partitionMemo.get(cv.value);
      if (hit !== undefined) return hit;
      const idx = partitionIndexOf(entry.schema, partitionKeyValues(entry, rowkey));
      if (entry.partitionMemo.size >= PARTITION_MEMO_MAX) entry.partitionMemo.clear();
      entry.partitionMemo.set(cv.value, idx);
      return idx;
    }
  }
  return partitionIndexOf(entry.schema, partitionKeyValues(entry, rowkey));
}

/** Rowkeys whose partition one table entry remembers (cleared when full). */
const PARTITION_MEMO_MAX = 65_536;

function text(v: Value | 'MAXVALUE'): string {
  if (v === 'MAXVALUE') return 'MAXVALUE';
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/** The rule that placed `keyValues` in partition `index`, as the trace shows it. */
export function partitionRule(entry: TableEntry, keyValues: readonly Value[], index: number): string | null {
  const scheme = entry.schema.partitionScheme;
  if (scheme === null) return null;
  const n = entry.schema.partitions.length;
  const head = entry.partitionDesc ?? scheme.kind;
  const part = entry.schema.partitions[index];
  const name = part?.name ?? `p${index}`;
  switch (scheme.kind) {
    case 'HASH':
      return `${head}: abs(${text(keyValues[0])}) % ${n} = ${index}`;
    case 'KEY': {
      const types = entry.partKeyTypes;
      return `${head}: murmurhash64a → ${keyPartitionHash(keyValues, types)} % ${n} = ${index}`;
    }
    case 'RANGE':
    case 'RANGE COLUMNS': {
      const bound = part?.lessThan ?? [];
      const key = keyValues.length === 1 ? text(keyValues[0]) : `(${keyValues.map(text).join(', ')})`;
      const b = bound.length === 1 ? text(bound[0]) : `(${bound.map(text).join(', ')})`;
      return `${head}: ${key} < ${b} → ${name}`;
    }
    case 'LIST':
    case 'LIST COLUMNS': {
      const key = keyValues.length === 1 ? text(keyValues[0]) : `(${keyValues.map(text).join(', ')})`;
      return part?.isDefault ? `${head}: ${key} → ${name} (DEFAULT)` : `${head}: ${key} in ${name}`;
    }
  }
}

/** One scan range with wire values (start/end over `positions` of the rowkey). */
export interface WireRange {
  start: KvRangeValue[];
  startInclusive: boolean;
  end: KvRangeValue[];
  endInclusive: boolean;
}

/**
 * The partitions (ascending indexes) a query over `ranges` can touch. `keyPositions[i]` is the
 * rowkey position the i-th range value covers (null: ranges are over an index, not the rowkey).
 * Empty `ranges` → every partition.
 */
export function partitionsForRanges(
  entry: TableEntry,
  ranges: readonly WireRange[],
  keyPositions: readonly number[] | null,
  types: readonly KvColumnValue['inputType'][][] | null = null,
): number[] {
  const all = entry.schema.partitions.map((p) => p.index);
  if (entry.schema.partitionScheme === null) return [0];
  if (ranges.length === 0 || keyPositions === null) return all;
  const out = new Set<number>();
  ranges.forEach((r, ri) => {
    for (const p of rangePartitions(entry, r, keyPositions, types?.[ri] ?? null, all)) out.add(p);
  });
  return [...out].sort((a, b) => a - b);
}

function rangePartitions(
  entry: TableEntry,
  r: WireRange,
  keyPositions: readonly number[],
  inputTypes: readonly KvColumnValue['inputType'][] | null,
  all: number[],
): number[] {
  // Range value for a rowkey position, or undefined when the range does not cover it.
  const at = (vals: KvRangeValue[], pos: number): KvRangeValue | undefined => {
    const i = keyPositions.indexOf(pos);
    return i >= 0 && i < vals.length ? vals[i] : undefined;
  };
  const inputAt = (pos: number): KvColumnValue['inputType'] => {
    const i = keyPositions.indexOf(pos);
    return inputTypes?.[i] ?? 'VARCHAR';
  };
  // Point on the partitioning key: every key position before the last partition key column is
  // fixed (start == end, not a bound) → exactly one partition.
  const maxPos = Math.max(...entry.partKeyPositions);
  if (entry.partKeyPositions.every((p) => p >= 0)) {
    let point = true;
    for (let pos = 0; pos <= maxPos && point; pos++) {
      const s = at(r.start, pos);
      const e = at(r.end, pos);
      if (s === undefined || e === undefined || isKvBound(s) || isKvBound(e) || !sameValue(s, e)) point = false;
    }
    if (point) {
      const keys: Value[] = entry.partKeyPositions.map((pos, i) =>
        storedKeyValue({ name: '', value: at(r.start, pos) as KvColumnValue['value'], inputType: inputAt(pos) }, entry.partKeyTypes[i]),
      );
      try {
        return [partitionIndexOf(entry.schema, keys)];
      } catch {
        return [];
      }
    }
  }
  const kind = entry.schema.partitionScheme!.kind;
  if ((kind === 'RANGE' || kind === 'RANGE COLUMNS') && entry.partKeyPositions[0] === 0) {
    const s = at(r.start, 0);
    const e = at(r.end, 0);
    const multi = keyPositions.length > 1;
    const conv = (v: KvRangeValue) =>
      storedKeyValue({ name: '', value: v as KvColumnValue['value'], inputType: inputAt(0) }, entry.partKeyTypes[0]);
    const low = s === undefined || isKvBound(s) ? undefined : { value: conv(s), inclusive: multi || r.startInclusive };
    const high = e === undefined || isKvBound(e) ? undefined : { value: conv(e), inclusive: multi || r.endInclusive };
    return prunePartitionsByRange(entry.schema, low, high);
  }
  return all;
}

function sameValue(a: KvRangeValue, b: KvRangeValue): boolean {
  const numeric = (x: unknown) => typeof x === 'number' || typeof x === 'bigint';
  if (typeof a !== typeof b && numeric(a) && numeric(b)) return String(a) === String(b);
  return a === b;
}
