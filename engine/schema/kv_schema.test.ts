/**
 * Issue #5 schema support for OBKV: KEY partitioning of binary and integer values as the OBKV
 * clients compute it (obkv-apis §1.13 examples), RANGE COLUMNS over a binary column (byte order),
 * memcomparable rowkeys of binary strings, KV_ATTRIBUTES / TTL checks (kv_options.ts), tablegroup
 * records in the schema service and the tablegroup placement rule.
 */
import { describe, expect, it } from 'vitest';
import { encodeRowkey } from '../common/rowkey';
import { tableId, tabletId, tenantId, lsId, type LsId } from '../common/ids';
import type { ColumnType, Value } from '../common/value';
import { tablegroupPlacement } from '../server/ddl_service';
import type { Expr } from '../sql/ast';
import { checkKvAttributes, checkTtlColumn, hbaseAttributesOf, ttlText } from './kv_options';
import { buildPartitions, keyPartitionHash, partitionIndexOf } from './partition';
import { DEFAULT_TABLE_OPTIONS, type ColumnSchema, type TableSchema, type TablegroupSchema } from './schema';
import { TenantSchemaService } from './schema_service';

const VARBINARY: ColumnType = { kind: 'varchar', precision: 1024, binary: true };
const BIGINT: ColumnType = { kind: 'bigint' };
const keyIndex = (values: Value[], types: ColumnType[], n: number) => Number(keyPartitionHash(values, types) % BigInt(n));

describe('KEY partitioning as the OBKV clients route', () => {
  it('hashes a VARBINARY value by its raw bytes: "part" in 16 partitions → 11, "foo" in 10 → 5', () => {
    expect(keyIndex(['part'], [VARBINARY], 16)).toBe(11);
    expect(keyIndex(['foo'], [VARBINARY], 10)).toBe(5);
  });

  it('hashes BIGINT as int64 little-endian: 1→2, 2→14, 3→2, 100→8 of 16', () => {
    expect([1, 2, 3, 100].map((v) => keyIndex([v], [BIGINT], 16))).toEqual([2, 14, 2, 8]);
  });

  it('keeps case: binary "Part" and "part" are different keys, general_ci text the same', () => {
    const text: ColumnType = { kind: 'varchar', precision: 10 };
    expect(keyPartitionHash(['Part'], [VARBINARY])).not.toBe(keyPartitionHash(['part'], [VARBINARY]));
    expect(keyPartitionHash(['Part'], [text])).toBe(keyPartitionHash(['part'], [text]));
  });
});

const kCol: ColumnSchema = { index: 0, name: 'K', type: VARBINARY, nullable: false, autoIncrement: false, hidden: false };
const tsCol: ColumnSchema = { index: 1, name: 'expired_ts', type: { kind: 'timestamp', precision: 6 }, nullable: true, autoIncrement: false, hidden: false };

function rangeTable(): TableSchema {
  const lit = (value: Value): Expr => ({ kind: 'literal', value });
  const { scheme, partitions } = buildPartitions(
    { kind: 'RANGE COLUMNS', exprs: [{ kind: 'column', name: 'K' }], partitions: [{ name: 'p0', lessThan: [lit('a')] }, { name: 'p1', lessThan: ['MAXVALUE'] }] },
    { columns: [kCol], primaryKey: [0], evalBound: (e) => (e.kind === 'literal' ? e.value : null) },
  );
  return {
    tenantId: tenantId(1002), databaseName: 'test', tableId: tableId(500001), name: 't', columns: [kCol], rowkey: [0], isHeap: false,
    partitionScheme: scheme,
    partitions: partitions.map((p, i) => ({ ...p, tabletId: tabletId(200001 + i), lsId: lsId(1001), objectId: 500002 + i })),
    options: DEFAULT_TABLE_OPTIONS, schemaVersion: 1,
  };
}

describe('binary keys', () => {
  it('RANGE COLUMNS over VARBINARY compares byte-wise: "B" < "a" ≤ "ab"', () => {
    const t = rangeTable();
    expect(partitionIndexOf(t, ['B'])).toBe(0);
    expect(partitionIndexOf(t, ['a'])).toBe(1);
    expect(partitionIndexOf(t, ['\u00ff'])).toBe(1);
  });

  it('encodes binary rowkeys byte by byte: no case folding, no PAD SPACE, escaped zero bytes', () => {
    const enc = (v: string) => encodeRowkey([v], [VARBINARY]);
    expect(enc('a')).not.toBe(enc('A'));
    expect(enc('a')).not.toBe(enc('a '));
    expect(enc('B') < enc('a')).toBe(true);
    expect(enc('a') < enc('a\u0000')).toBe(true);
    expect(enc('a\u0000') < enc('a\u0001')).toBe(true);
    expect(enc('\u007f') < enc('\u0080')).toBe(true);
    const ci: ColumnType = { kind: 'varchar', precision: 10 };
    expect(encodeRowkey(['a'], [ci])).toBe(encodeRowkey(['A '], [ci]));
  });
});

describe('KV_ATTRIBUTES and TTL definitions', () => {
  it('accepts the HBase and Redis forms verbatim and reads the HBase attributes', () => {
    const text = '{"Hbase": {"TimeToLive": 3600, "MaxVersions": 3}}';
    expect(checkKvAttributes(text)).toBe(text);
    expect(checkKvAttributes('{"Redis": {"isTTL": true, "model": "string"}}')).toContain('Redis');
    expect(hbaseAttributesOf({ options: { ...DEFAULT_TABLE_OPTIONS, kvAttributes: text } })).toEqual({ timeToLiveS: 3600, maxVersions: 3 });
    expect(hbaseAttributesOf({ options: { ...DEFAULT_TABLE_OPTIONS, kvAttributes: '{"Hbase": {}}' } })).toEqual({});
    expect(hbaseAttributesOf({ options: DEFAULT_TABLE_OPTIONS })).toBeUndefined();
  });

  it('refuses malformed attributes and non-positive TimeToLive / MaxVersions', () => {
    const wrong = 'ERROR 1235 (0A000): kv attributes with wrong format not supported';
    for (const bad of ['not json', '[]', '{}', '{"Hbase": 1}', '{"HColumnDescriptor": {}}', '{"Hbase": {}, "Redis": {}}']) {
      expect(() => checkKvAttributes(bad)).toThrow(expect.objectContaining({ mysqlCode: 1235 }));
      try {
        checkKvAttributes(bad);
      } catch (e) {
        expect((e as { format(): string }).format()).toBe(wrong);
      }
    }
    expect(() => checkKvAttributes('{"Hbase": {"TimeToLive": -1}}')).toThrow('Time to live of hbase table must be greater than 0');
    expect(() => checkKvAttributes('{"Hbase": {"MaxVersions": 0}}')).toThrow('MaxVersions of hbase table must be greater than 0');
  });

  it('checks the TTL column and prints the definition as SHOW CREATE TABLE does', () => {
    expect(checkTtlColumn({ column: 'EXPIRED_TS', interval: 5, unit: 'SECOND' }, [kCol, tsCol])).toEqual({ column: 'expired_ts', interval: 5, unit: 'SECOND' });
    expect(() => checkTtlColumn({ column: 'x', interval: 5, unit: 'SECOND' }, [kCol])).toThrow("TTL column 'x' not exists");
    expect(() => checkTtlColumn({ column: 'K', interval: 5, unit: 'SECOND' }, [kCol])).toThrow("Column type of 'K' is not supported for TTL definition");
    expect(ttlText({ column: 'expired_ts', interval: 12, unit: 'HOUR' })).toBe('TTL = (expired_ts + INTERVAL 12 HOUR)');
  });
});

describe('tablegroups in the schema', () => {
  it('records CREATE / DROP TABLEGROUP in the DDL log and lists the tables of a group', () => {
    const s = new TenantSchemaService(tenantId(1002));
    const tg: TablegroupSchema = { tenantId: tenantId(1002), name: 'T1', tablegroupId: s.allocateTablegroupId(), sharding: 'ADAPTIVE', schemaVersion: 0 };
    expect(tg.tablegroupId).toBe(200001);
    s.applyDdl(TenantSchemaService.encode({ op: 'create_tablegroup', tablegroup: tg }));
    expect(s.getTablegroup('t1')).toMatchObject({ name: 'T1', sharding: 'ADAPTIVE', schemaVersion: 1 });
    const table = { ...rangeTable(), options: { ...DEFAULT_TABLE_OPTIONS, tablegroup: 'T1' } };
    s.applyDdl(TenantSchemaService.encode({ op: 'create_table', table }));
    expect(s.tablesInTablegroup('t1').map((t) => t.name)).toEqual(['t']);
    // A replaying server allocates the next id past the logged one.
    const replica = new TenantSchemaService(tenantId(1002));
    replica.applyDdl(TenantSchemaService.encode({ op: 'create_tablegroup', tablegroup: tg }));
    expect(replica.allocateTablegroupId()).toBe(200002);
    s.applyDdl(TenantSchemaService.encode({ op: 'drop_tablegroup', name: 'T1' }));
    expect(s.listTablegroups()).toEqual([]);
  });

  it('places partition i with partition i of the oldest table (ADAPTIVE), everything with its p0 (NONE)', () => {
    const t = (id: number, lss: number[]): TableSchema => ({
      ...rangeTable(), tableId: tableId(id),
      partitions: lss.map((l, i) => ({ name: `p${i}`, index: i, tabletId: tabletId(200100 + i), lsId: lsId(l), objectId: id + i + 1 })),
    });
    const group = (sharding: TablegroupSchema['sharding']): TablegroupSchema => ({ tenantId: tenantId(1002), name: 'g', tablegroupId: 200001, sharding, schemaVersion: 1 });
    expect(tablegroupPlacement(group('ADAPTIVE'), [])).toBeUndefined();
    const adaptive = tablegroupPlacement(group('ADAPTIVE'), [t(500001, [1002, 1003]), t(500005, [1001, 1001, 1003])])!;
    expect([0, 1, 2, 3].map(adaptive)).toEqual([1002, 1003, 1003, undefined] as (LsId | undefined)[]);
    const none = tablegroupPlacement(group('NONE'), [t(500001, [1003, 1001])])!;
    expect([0, 1, 5].map(none)).toEqual([1003, 1003, 1003]);
  });
});
