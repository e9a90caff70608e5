/**
 * Partition routing: from a row's partitioning-key values to the leaf partition (and so the tablet)
 * that stores it, partition pruning for the optimizer, and validation of `PARTITION BY` clauses
 * (OceanBase's `ObPartitionUtils` / `calc_partition_id`, MySQL mode, reference §2.1).
 *
 * - HASH(expr): the integer value `v` goes to partition `abs(v) mod n` (NULL counts as 0).
 * - KEY(cols): MurmurHash64A of the key columns' values, chained column by column (the previous
 *   hash is the next column's seed, the first seed is 0), then `abs(hash as int64) mod n`. The
 *   bytes hashed per value are our own canonical form (integers as int64 little-endian, strings as
 *   their utf8mb4_general_ci weight in UTF-8, binary strings — VARBINARY — as their raw bytes,
 *   ...), so placement is deterministic and equal keys (under the collation) land together; for
 *   integers and binary strings it matches OceanBase's (and the OBKV clients') placement
 *   (obkv-apis §1.13), for general_ci text it is not bit-identical.
 * - RANGE / RANGE COLUMNS: the first partition whose `VALUES LESS THAN` bound is above the key
 *   (lexicographic for COLUMNS, binary columns byte-wise; MAXVALUE above everything).
 * - LIST / LIST COLUMNS: the partition listing the key tuple, else the DEFAULT partition.
 * A RANGE/LIST key with no partition raises `Errors.noPartitionForGivenValue`.
 *
 * Invariants: partition indexes are 0-based positions in `TableSchema.partitions`; RANGE bounds
 * are strictly increasing (checked at CREATE TABLE); HASH/KEY partitions are named p0..pN-1.
 */
import { assert } from '../common/assert';
import { byteStringToArray } from '../common/binary';
import { Decimal } from '../common/decimal';
import { PARTITIONS_MAX } from '../common/limits';
import { Errors } from '../common/ob_error';
import { generalCiWeight } from '../common/rowkey';
import { isIntegerType, type ColumnType, type Value } from '../common/value';
import type { Expr, PartitionOption } from '../sql/ast';
import type { ColumnSchema, PartitionSchema, PartitionSchemeSchema, TableSchema } from './schema';

/** A partition before the server assigns its tablet, LS and object id. */
export type PartitionDraft = Omit<PartitionSchema, 'tabletId' | 'lsId' | 'objectId'>;

/** A RANGE bound value or MAXVALUE. */
export type BoundValue = Value | 'MAXVALUE';

// ---------------------------------------------------------------- comparing key values

/**
 * Orders two non-MAXVALUE key values of the same column type (NULL first, strings by general_ci;
 * byte strings of a binary column — `type.binary` — byte by byte).
 */
export function compareKeyValues(a: Value, b: Value, type?: ColumnType): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (type?.binary && typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Decimal || b instanceof Decimal) {
    const da = a instanceof Decimal ? a : Decimal.parse(String(a));
    const db = b instanceof Decimal ? b : Decimal.parse(String(b));
    assert(da !== null && db !== null, 'decimal key compared with a non-number');
    return da.compare(db);
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const wa = generalCiWeight(a);
    const wb = generalCiWeight(b);
    return wa < wb ? -1 : wa > wb ? 1 : 0;
  }
  if (typeof a === 'string' || typeof b === 'string') {
    const na = Number(a);
    const nb = Number(b);
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareBound(a: BoundValue, b: BoundValue, type?: ColumnType): number {
  if (a === 'MAXVALUE' || b === 'MAXVALUE') return a === b ? 0 : a === 'MAXVALUE' ? 1 : -1;
  return compareKeyValues(a, b, type);
}

/** Compares a key tuple with a `VALUES LESS THAN` bound tuple, lexicographically. */
function compareTupleToBound(key: readonly Value[], bound: readonly BoundValue[], types?: readonly (ColumnType | undefined)[]): number {
  for (let i = 0; i < bound.length; i++) {
    const c = compareBound(i < key.length ? key[i] : null, bound[i], types?.[i]);
    if (c !== 0) return c;
  }
  return 0;
}

// ---------------------------------------------------------------- MurmurHash64A (KEY partitioning)

const M64 = 0xc6a4a7935bd1e995n;
const MASK64 = 0xffffffffffffffffn;
const encoder = new TextEncoder();

/** MurmurHash64A (Austin Appleby), 64-bit, over `data` with `seed`; returns an unsigned 64-bit bigint. */
export function murmurHash64A(data: Uint8Array, seed: bigint): bigint {
  const len = data.length;
  let h = (seed ^ ((BigInt(len) * M64) & MASK64)) & MASK64;
  const blocks = len >> 3;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < blocks; i++) {
    let k = view.getBigUint64(i * 8, true);
    k = (k * M64) & MASK64;
    k ^= k >> 47n;
    k = (k * M64) & MASK64;
    h ^= k;
    h = (h * M64) & MASK64;
  }
  const tail = len & 7;
  if (tail > 0) {
    const base = blocks * 8;
    for (let i = tail - 1; i >= 0; i--) h ^= BigInt(data[base + i]) << BigInt(8 * i);
    h = (h * M64) & MASK64;
  }
  h ^= h >> 47n;
  h = (h * M64) & MASK64;
  h ^= h >> 47n;
  return h;
}

/** The canonical bytes of one key value for KEY hashing (see the module comment). */
function keyValueBytes(v: Value, type: ColumnType | undefined): Uint8Array {
  if (v === null) return new Uint8Array(0);
  const kind = type?.kind;
  if (typeof v === 'number' && (kind === 'double' || kind === 'float' || !Number.isInteger(v))) {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setFloat64(0, v === 0 ? 0 : v, true);
    return out;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    const out = new Uint8Array(8);
    new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, BigInt(v)), true);
    return out;
  }
  if (v instanceof Decimal) {
    // Normalised text: 1.50 and 1.5 hash alike.
    const s = v.toString();
    return encoder.encode(s.includes('.') ? s.replace(/\.?0+$/, '') : s);
  }
  // Binary collation (VARBINARY, issue #5): the raw bytes, as OceanBase hashes them.
  if (type?.binary) return byteStringToArray(v);
  const isText = kind === undefined || kind === 'char' || kind === 'varchar' || kind === 'text';
  return encoder.encode(isText ? generalCiWeight(v) : v);
}

/** The KEY-partitioning hash of a key tuple, as a non-negative bigint. */
export function keyPartitionHash(values: readonly Value[], types: readonly (ColumnType | undefined)[]): bigint {
  let h = 0n;
  for (let i = 0; i < values.length; i++) h = murmurHash64A(keyValueBytes(values[i], types[i]), h);
  const signed = BigInt.asIntN(64, h);
  return signed < 0n ? -signed : signed;
}

// ---------------------------------------------------------------- routing

/** Types of a COLUMNS scheme's key columns (binary columns compare byte-wise); undefined for
 *  expression keys (RANGE/LIST over one expression, whose values are integers). */
function keyTypes(table: TableSchema): (ColumnType | undefined)[] {
  const scheme = table.partitionScheme!;
  if (scheme.kind !== 'RANGE COLUMNS' && scheme.kind !== 'LIST COLUMNS') return [];
  return scheme.columnIndexes.map((i) => table.columns[i]?.type);
}

function integerKey(v: Value): bigint {
  if (v === null) return 0n;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (v instanceof Decimal) return v.rescale(0).unscaled;
  const d = Decimal.parse(v);
  return d === null ? 0n : d.rescale(0).unscaled;
}

function valueText(v: Value): string {
  if (v === null) return 'NULL';
  return String(v);
}

/**
 * The index (in `table.partitions`) of the partition holding a row whose partitioning-key
 * expressions evaluate to `keyValues` (one per `partitionScheme.exprs`, in order).
 * Non-partitioned tables → 0. Errors: `Errors.noPartitionForGivenValue` for RANGE/LIST misses.
 */
export function partitionIndexOf(table: TableSchema, keyValues: readonly Value[]): number {
  const scheme = table.partitionScheme;
  if (scheme === null) return 0;
  const parts = table.partitions;
  switch (scheme.kind) {
    case 'HASH': {
      assert(keyValues.length === 1, 'HASH takes one key value');
      const k = integerKey(keyValues[0]);
      return Number((k < 0n ? -k : k) % BigInt(parts.length));
    }
    case 'KEY': {
      const types = scheme.columnIndexes.map((i) => table.columns[i]?.type);
      return Number(keyPartitionHash(keyValues, types) % BigInt(parts.length));
    }
    case 'RANGE':
    case 'RANGE COLUMNS': {
      const types = keyTypes(table);
      for (const p of parts) {
        assert(p.lessThan !== undefined, 'RANGE partition without bound');
        if (compareTupleToBound(keyValues, p.lessThan, types) < 0) return p.index;
      }
      throw Errors.noPartitionForGivenValue(scheme.kind === 'RANGE' ? valueText(keyValues[0]) : 'from column_list');
    }
    case 'LIST':
    case 'LIST COLUMNS': {
      const types = keyTypes(table);
      let dflt = -1;
      for (const p of parts) {
        if (p.isDefault) dflt = p.index;
        for (const tuple of p.inValues ?? []) {
          if (tuple.length === keyValues.length && tuple.every((v, i) => compareKeyValues(v, keyValues[i], types[i]) === 0)) return p.index;
        }
      }
      if (dflt >= 0) return dflt;
      throw Errors.noPartitionForGivenValue(scheme.kind === 'LIST' ? valueText(keyValues[0]) : 'from column_list');
    }
  }
}

// ---------------------------------------------------------------- pruning

/**
 * Partitions that can hold rows whose key tuple is one of `tuples` (equality / IN pruning for
 * every partitioning kind). Returns sorted, distinct indexes; tuples with no partition are skipped.
 */
export function prunePartitionsByKeys(table: TableSchema, tuples: readonly (readonly Value[])[]): number[] {
  if (table.partitionScheme === null) return [0];
  const out = new Set<number>();
  for (const t of tuples) {
    try {
      out.add(partitionIndexOf(table, t));
    } catch {
      // No partition for this value: it cannot match any row.
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** One side of a range on the first partitioning column (absent: unbounded). */
export interface KeyBound {
  value: Value;
  inclusive: boolean;
}

/**
 * RANGE [COLUMNS] pruning on the first key column: the partitions that can hold values in
 * [low, high]. Other kinds (and non-partitioned tables) get every partition.
 */
export function prunePartitionsByRange(table: TableSchema, low: KeyBound | undefined, high: KeyBound | undefined): number[] {
  const scheme = table.partitionScheme;
  const all = table.partitions.map((p) => p.index);
  if (scheme === null || (scheme.kind !== 'RANGE' && scheme.kind !== 'RANGE COLUMNS')) return all;
  const out: number[] = [];
  let lower: BoundValue | null = null; // inclusive lower bound of the partition (null: unbounded)
  const t0 = keyTypes(table)[0];
  for (const p of table.partitions) {
    const upper = p.lessThan![0];
    // Multi-column bounds: the partition may also hold first-column values equal to `upper`.
    const upperInclusive = p.lessThan!.length > 1;
    const aboveLow =
      low === undefined || upper === 'MAXVALUE' || (upperInclusive ? compareKeyValues(low.value, upper, t0) <= 0 : compareKeyValues(low.value, upper, t0) < 0);
    const belowHigh =
      high === undefined || lower === null ||
      (lower !== 'MAXVALUE' && (high.inclusive ? compareKeyValues(high.value, lower, t0) >= 0 : compareKeyValues(high.value, lower, t0) > 0));
    if (aboveLow && belowHigh) out.push(p.index);
    lower = upper;
  }
  return out;
}

/** `partitions(p0)`, `partitions(p[0-3])`, `partitions(p0, p6)` as EXPLAIN prints a partition set. */
export function formatPartitionList(table: TableSchema, indexes: readonly number[]): string {
  if (table.partitionScheme === null) return 'p0';
  const names = indexes.map((i) => table.partitions[i].name ?? `p${i}`);
  const numbered = names.map((n) => /^p(\d+)$/.exec(n));
  const allNumbered = numbered.every((m) => m !== null);
  if (!allNumbered) return names.join(', ');
  const nums = numbered.map((m) => Number(m![1]));
  const pieces: string[] = [];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j] + 1) j++;
    pieces.push(j - i >= 2 ? `p[${nums[i]}-${nums[j]}]` : nums.slice(i, j + 1).map((n) => `p${n}`).join(', '));
    i = j + 1;
  }
  return pieces.join(', ');
}

// ---------------------------------------------------------------- CREATE TABLE ... PARTITION BY

/** What the SQL layer tells `buildPartitions` about the table being created. */
export interface PartitionBuildContext {
  columns: readonly ColumnSchema[];
  /** Primary key column indexes ([] for a heap table). */
  primaryKey: readonly number[];
  /** Type and referenced columns of a partitioning expression (default: plain column references only). */
  keyExprInfo?: (e: Expr) => { type: ColumnType; columnIndexes: number[] };
  /** Evaluates a bound (VALUES LESS THAN / IN) expression, coerced to key `keyIndex`'s type. */
  evalBound: (e: Expr, keyType: ColumnType) => Value;
}

function findColumn(columns: readonly ColumnSchema[], name: string): ColumnSchema {
  const c = columns.find((col) => col.name.toLowerCase() === name.toLowerCase());
  if (!c) throw Errors.badField(name, 'partition function');
  return c;
}

function defaultKeyExprInfo(columns: readonly ColumnSchema[]) {
  return (e: Expr) => {
    if (e.kind !== 'column') throw Errors.partitionFunctionNotAllowed();
    const c = findColumn(columns, e.name);
    return { type: c.type, columnIndexes: [c.index] };
  };
}

function keyExprs(option: PartitionOption, ctx: PartitionBuildContext): { exprs: Expr[]; types: ColumnType[]; columnIndexes: number[] } {
  let exprs = option.exprs;
  if (option.kind === 'KEY' && exprs.length === 0) {
    if (ctx.primaryKey.length === 0) throw Errors.partitionFunctionNotAllowed();
    exprs = ctx.primaryKey.map((i) => ({ kind: 'column', name: ctx.columns[i].name }) as Expr);
  }
  const single = option.kind === 'HASH' || option.kind === 'RANGE' || option.kind === 'LIST';
  if (single && exprs.length !== 1) throw Errors.partitionFunctionNotAllowed();
  const columnsOnly = option.kind !== 'HASH' && option.kind !== 'RANGE' && option.kind !== 'LIST';
  const info = ctx.keyExprInfo ?? defaultKeyExprInfo(ctx.columns);
  const types: ColumnType[] = [];
  const columnIndexes: number[] = [];
  for (const e of exprs) {
    if (columnsOnly && e.kind !== 'column') throw Errors.partitionFunctionNotAllowed();
    const { type, columnIndexes: cols } = info(e);
    if (single && !isIntegerType(type)) {
      if (e.kind === 'column') throw Errors.fieldTypeNotAllowedAsPartitionField(e.name);
      throw Errors.partitionFunctionNotAllowed();
    }
    if (option.kind === 'KEY' && type.kind === 'text') throw Errors.fieldTypeNotAllowedAsPartitionField((e as { name: string }).name);
    types.push(type);
    for (const c of cols) if (!columnIndexes.includes(c)) columnIndexes.push(c);
  }
  return { exprs, types, columnIndexes };
}

function checkPartitionCount(n: number): void {
  if (n < 1 || n > PARTITIONS_MAX) throw Errors.tooManyPartitions();
}

function checkDuplicateNames(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const n of names) {
    const k = n.toLowerCase();
    if (seen.has(k)) throw Errors.sameNamePartition(n);
    seen.add(k);
  }
}

function buildHashOrKey(option: PartitionOption): PartitionDraft[] {
  const named = option.partitions ?? [];
  const n = named.length > 0 ? named.length : (option.count ?? 1);
  if (named.length > 0 && option.count !== undefined && option.count !== named.length) throw Errors.partitionFunctionNotAllowed();
  checkPartitionCount(n);
  const names = named.length > 0 ? named.map((p) => p.name) : Array.from({ length: n }, (_, i) => `p${i}`);
  checkDuplicateNames(names);
  return names.map((name, index) => ({ name, index }));
}

function buildRange(option: PartitionOption, types: ColumnType[], ctx: PartitionBuildContext): PartitionDraft[] {
  const defs = option.partitions ?? [];
  if (defs.length === 0) throw Errors.partitionsMustBeDefined('RANGE');
  checkPartitionCount(defs.length);
  checkDuplicateNames(defs.map((d) => d.name));
  const out: PartitionDraft[] = [];
  let prev: BoundValue[] | null = null;
  defs.forEach((d, index) => {
    if (!d.lessThan || d.lessThan.length !== types.length) throw Errors.partitionFunctionNotAllowed();
    const bound: BoundValue[] = d.lessThan.map((e, i) => (e === 'MAXVALUE' ? 'MAXVALUE' : ctx.evalBound(e, types[i])));
    if (prev !== null && compareBoundTuples(prev, bound, types) >= 0) throw Errors.rangeNotIncreasing();
    prev = bound;
    out.push({ name: d.name, index, lessThan: bound });
  });
  return out;
}

function compareBoundTuples(a: readonly BoundValue[], b: readonly BoundValue[], types?: readonly ColumnType[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareBound(a[i], b[i], types?.[i]);
    if (c !== 0) return c;
  }
  return 0;
}

function buildList(option: PartitionOption, types: ColumnType[], ctx: PartitionBuildContext): PartitionDraft[] {
  const defs = option.partitions ?? [];
  if (defs.length === 0) throw Errors.partitionsMustBeDefined('LIST');
  checkPartitionCount(defs.length);
  checkDuplicateNames(defs.map((d) => d.name));
  return defs.map((d, index) => {
    if (d.isDefault) return { name: d.name, index, inValues: [], isDefault: true };
    const inValues = (d.inValues ?? []).map((tuple) => {
      if (tuple.length !== types.length) throw Errors.partitionFunctionNotAllowed();
      return tuple.map((e, i) => ctx.evalBound(e, types[i]));
    });
    if (inValues.length === 0) throw Errors.partitionsMustBeDefined('LIST');
    return { name: d.name, index, inValues };
  });
}

/**
 * Validates a `PARTITION BY` clause and builds the table's partition scheme and partition drafts.
 * Errors: `Errors.partitionFunctionNotAllowed`, `Errors.fieldTypeNotAllowedAsPartitionField`
 * (HASH/RANGE/LIST on a non-integer column, KEY on TEXT), `Errors.uniqueKeyNeedAllFieldsInPf
 * ('PRIMARY KEY')` (a key column outside the primary key), `Errors.partitionsMustBeDefined`,
 * `Errors.rangeNotIncreasing`, `Errors.sameNamePartition`, `Errors.tooManyPartitions` (> 8192).
 */
export function buildPartitions(
  option: PartitionOption,
  ctx: PartitionBuildContext,
): { scheme: PartitionSchemeSchema; partitions: PartitionDraft[] } {
  const { exprs, types, columnIndexes } = keyExprs(option, ctx);
  if (ctx.primaryKey.length > 0 && columnIndexes.some((c) => !ctx.primaryKey.includes(c))) {
    throw Errors.uniqueKeyNeedAllFieldsInPf('PRIMARY KEY');
  }
  let partitions: PartitionDraft[];
  switch (option.kind) {
    case 'HASH':
    case 'KEY':
      partitions = buildHashOrKey(option);
      break;
    case 'RANGE':
    case 'RANGE COLUMNS':
      partitions = buildRange(option, types, ctx);
      break;
    case 'LIST':
    case 'LIST COLUMNS':
      partitions = buildList(option, types, ctx);
      break;
  }
  assert(partitions.length >= 1 && partitions.length <= PARTITIONS_MAX, 'partition count within limits');
  return { scheme: { kind: option.kind, exprs, columnIndexes }, partitions };
}
