/**
 * The schema service's transfer record: moved tablets' partitions name their new LS, only the
 * tables holding them change (with the new schema version), and `findTablet` follows.
 */
import { describe, expect, it } from 'vitest';
import { lsId, tableId, tabletId, tenantId } from '../common/ids';
import { DEFAULT_TABLE_OPTIONS, type TableSchema } from './schema';
import { TenantSchemaService } from './schema_service';

function table(name: string, id: number, tablets: number[]): TableSchema {
  return {
    tenantId: tenantId(1002), databaseName: 'test', tableId: tableId(id), name, rowkey: [0], isHeap: false, partitionScheme: null,
    columns: [{ index: 0, name: 'id', type: { kind: 'int' }, nullable: false, autoIncrement: false, hidden: false }],
    partitions: tablets.map((t, i) => ({ name: tablets.length > 1 ? `p${i}` : null, index: i, tabletId: tabletId(t), lsId: lsId(1001), objectId: id })),
    options: DEFAULT_TABLE_OPTIONS, schemaVersion: 0,
  };
}

describe('transfer_tablets', () => {
  it('moves the named tablets to their new LS at a new schema version', () => {
    const s = new TenantSchemaService(tenantId(1002));
    s.applyDdl(TenantSchemaService.encode({ op: 'create_table', table: table('a', 500001, [200001, 200002]) }));
    s.applyDdl(TenantSchemaService.encode({ op: 'create_table', table: table('b', 500002, [200003]) }));
    s.applyDdl(TenantSchemaService.encode({ op: 'transfer_tablets', moves: [{ tabletId: 200002, lsId: 1003 }] }));
    expect(s.version).toBe(3);
    const a = s.getTable('test', 'a')!;
    expect(a.partitions.map((p) => p.lsId)).toEqual([1001, 1003]);
    expect(a.schemaVersion).toBe(3);
    expect(s.getTable('test', 'b')!.schemaVersion).toBe(2);
    expect(s.findTablet(200002)?.partition.lsId).toBe(1003);
    expect(s.findTablet(299999)).toBeUndefined();
  });
});
