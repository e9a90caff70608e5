import { describe, expect, it } from 'vitest';
import { tenantId, tableId, tabletId, lsId } from '../common/ids';
import { Decimal } from '../common/decimal';
import type { Expr, PartitionOption } from '../sql/ast';
import type { Value } from '../common/value';
import {
  buildPartitions, formatPartitionList, keyPartitionHash, murmurHash64A, partitionIndexOf, prunePartitionsByKeys, prunePartitionsByRange,
} from './partition';
import { DEFAULT_TABLE_OPTIONS, type ColumnSchema, type TableSchema } from './schema';

const cols: ColumnSchema[] = [
  { index: 0, name: 'id', type: { kind: 'int' }, nullable: false, autoIncrement: false, hidden: false },
  { index: 1, name: 'name', type: { kind: 'varchar', precision: 10 }, nullable: true, autoIncrement: false, hidden: false },
  { index: 2, name: 'd', type: { kind: 'date' }, nullable: true, autoIncrement: false, hidden: false },
];
const col = (name: string): Expr => ({ kind: 'column', name });
const lit = (value: Value): Expr => ({ kind: 'literal', value });
const evalBound = (e: Expr) => (e.kind === 'literal' ? e.value : null);

function table(option: PartitionOption, pk: number[] = [0]): TableSchema {
  const { scheme, partitions } = buildPartitions(option, { columns: cols, primaryKey: pk, evalBound });
  return {
    tenantId: tenantId(1002), databaseName: 'test', tableId: tableId(500001), name: 't', columns: cols, rowkey: pk, isHeap: false,
    partitionScheme: scheme,
    partitions: partitions.map((p, i) => ({ ...p, tabletId: tabletId(200001 + i), lsId: lsId(1001), objectId: 500002 + i })),
    options: DEFAULT_TABLE_OPTIONS, schemaVersion: 1,
  };
}

describe('HASH partitioning', () => {
  it('routes abs(value) mod n, NULL as 0, names p0..pN-1', () => {
    const t = table({ kind: 'HASH', exprs: [col('id')], count: 4 });
    expect(t.partitions.map((p) => p.name)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect([0, 1, 5, 7, -5, -6].map((v) => partitionIndexOf(t, [v]))).toEqual([0, 1, 1, 3, 1, 2]);
    expect(partitionIndexOf(t, [null])).toBe(0);
    expect(partitionIndexOf(t, [9007199254740993n])).toBe(1);
    expect(prunePartitionsByKeys(t, [[1], [5], [2]])).toEqual([1, 2]);
  });

  it('needs an integer column in the primary key', () => {
    expect(() => table({ kind: 'HASH', exprs: [col('name')], count: 2 }, [1])).toThrow("Field 'name' is of a not allowed type for this type of partitioning");
    expect(() => table({ kind: 'HASH', exprs: [col('id')], count: 2 }, [1])).toThrow("A PRIMARY KEY must include all columns in the table's partitioning function");
    expect(() => table({ kind: 'HASH', exprs: [col('id')], count: 8193 })).toThrow('Too many partitions');
  });
});

describe('KEY partitioning', () => {
  it('MurmurHash64A matches the reference implementation', () => {
    // Published known-answer vectors of MurmurHash64A (as in rust-fasthash's murmur2 tests).
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(murmurHash64A(new Uint8Array(0), 0n)).toBe(0n);
    expect(murmurHash64A(enc('hello'), 0n).toString(16)).toBe('1e68d17c457bf117');
    expect(murmurHash64A(enc('hello'), 123n).toString(16)).toBe('240cb1d62529fb86');
    expect(murmurHash64A(enc('helloworld'), 0n).toString(16)).toBe('1db22e549a1d8f97');
    expect(murmurHash64A(enc('foobar'), 0n).toString(16)).toBe('d49f461720d7a196');
  });

  it('routes equal keys (under the collation) together and spreads distinct keys', () => {
    const t = table({ kind: 'KEY', exprs: [col('name')], count: 8 }, [1]);
    expect(partitionIndexOf(t, ['abc'])).toBe(partitionIndexOf(t, ['ABC ']));
    const used = new Set(Array.from({ length: 100 }, (_, i) => partitionIndexOf(t, [`k${i}`])));
    expect(used.size).toBe(8);
    expect(keyPartitionHash([1], [{ kind: 'int' }])).toBe(keyPartitionHash([1], [{ kind: 'bigint' }]));
  });

  it('KEY() uses the primary key', () => {
    const t = table({ kind: 'KEY', exprs: [], count: 3 });
    expect(t.partitionScheme!.columnIndexes).toEqual([0]);
  });
});

describe('RANGE partitioning', () => {
  const opt: PartitionOption = {
    kind: 'RANGE', exprs: [col('id')],
    partitions: [{ name: 'p0', lessThan: [lit(10)] }, { name: 'p1', lessThan: [lit(20)] }, { name: 'pmax', lessThan: ['MAXVALUE'] }],
  };

  it('routes below each bound and prunes ranges', () => {
    const t = table(opt);
    expect([-5, 9, 10, 19, 20, 1000].map((v) => partitionIndexOf(t, [v]))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(prunePartitionsByRange(t, { value: 12, inclusive: true }, { value: 15, inclusive: true })).toEqual([1]);
    expect(prunePartitionsByRange(t, undefined, { value: 10, inclusive: false })).toEqual([0]);
    expect(prunePartitionsByRange(t, undefined, { value: 10, inclusive: true })).toEqual([0, 1]);
    expect(prunePartitionsByRange(t, { value: 20, inclusive: true }, undefined)).toEqual([2]);
  });

  it('rejects values above the last bound and non-increasing bounds', () => {
    const t = table({ ...opt, partitions: opt.partitions!.slice(0, 2) });
    expect(() => partitionIndexOf(t, [20])).toThrow('Table has no partition for value 20');
    expect(() => table({ ...opt, partitions: [{ name: 'a', lessThan: [lit(10)] }, { name: 'b', lessThan: [lit(10)] }] })).toThrow(
      'VALUES LESS THAN value must be strictly increasing for each partition',
    );
    expect(() => table({ ...opt, partitions: [{ name: 'a', lessThan: [lit(10)] }, { name: 'A', lessThan: [lit(20)] }] })).toThrow('Duplicate partition name A');
    expect(() => table({ kind: 'RANGE', exprs: [col('id')] })).toThrow('For RANGE partitions each partition must be defined');
  });

  it('RANGE COLUMNS compares tuples and dates', () => {
    const t = table(
      { kind: 'RANGE COLUMNS', exprs: [col('d')], partitions: [{ name: 'p2023', lessThan: [lit('2024-01-01')] }, { name: 'p2024', lessThan: [lit('2025-01-01')] }] },
      [2],
    );
    expect(partitionIndexOf(t, ['2023-12-31'])).toBe(0);
    expect(partitionIndexOf(t, ['2024-06-01'])).toBe(1);
  });
});

describe('LIST partitioning', () => {
  it('routes listed values and the DEFAULT partition', () => {
    const t = table({
      kind: 'LIST', exprs: [col('id')],
      partitions: [{ name: 'odd', inValues: [[lit(1)], [lit(3)]] }, { name: 'even', inValues: [[lit(2)], [lit(4)]] }],
    });
    expect(partitionIndexOf(t, [3])).toBe(0);
    expect(partitionIndexOf(t, [4])).toBe(1);
    expect(() => partitionIndexOf(t, [5])).toThrow('Table has no partition for value 5');
    const d = table({ kind: 'LIST', exprs: [col('id')], partitions: [{ name: 'a', inValues: [[lit(1)]] }, { name: 'rest', isDefault: true }] });
    expect(partitionIndexOf(d, [9])).toBe(1);
    expect(prunePartitionsByKeys(d, [[1]])).toEqual([0]);
  });
});

describe('EXPLAIN partition lists', () => {
  it('formats ranges of numbered partitions', () => {
    const t = table({ kind: 'HASH', exprs: [col('id')], count: 8 });
    expect(formatPartitionList(t, [0, 1, 2, 3])).toBe('p[0-3]');
    expect(formatPartitionList(t, [0, 6])).toBe('p0, p6');
    expect(formatPartitionList(t, [0, 1, 2, 5])).toBe('p[0-2], p5');
    expect(formatPartitionList(t, [3])).toBe('p3');
  });

  it('compares decimals exactly', () => {
    const t = table(
      { kind: 'LIST COLUMNS', exprs: [col('id')], partitions: [{ name: 'a', inValues: [[lit(new Decimal(150n, 2))]] }, { name: 'b', isDefault: true }] },
    );
    expect(partitionIndexOf(t, [Decimal.parse('1.5')!])).toBe(0);
  });
});
