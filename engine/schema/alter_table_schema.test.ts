/**
 * ALTER TABLE on a table schema (pure): column-group transitions between row, column and hybrid
 * stores, option changes, MODIFY COLUMN checks, and the tablet storage schema derived from a table.
 */
import { describe, expect, it } from 'vitest';
import { lsId, tableId, tabletId, type TenantId } from '../common/ids';
import { isObError } from '../common/ob_error';
import { SKIP_INDEX_MIN_MAX, SKIP_INDEX_SUM } from '../storage/types';
import { alterTableSchema, type TableAlterStep } from './alter_table_schema';
import { DEFAULT_TABLE_OPTIONS, type ColumnSchema, type TableSchema } from './schema';
import { tabletIdentityOf } from './storage_schema';

const col = (index: number, name: string, kind: ColumnSchema['type']['kind'], extra: Partial<ColumnSchema> = {}): ColumnSchema =>
  ({ index, name, type: { kind }, nullable: true, autoIncrement: false, hidden: false, ...extra });

function table(storeFormat: TableSchema['options']['storeFormat'] = 'row'): TableSchema {
  return {
    tenantId: 1002 as TenantId, databaseName: 'test', tableId: tableId(500001), name: 't',
    columns: [col(0, 'id', 'int', { nullable: false }), col(1, 'v', 'double'), col(2, 's', 'varchar', { type: { kind: 'varchar', precision: 10 } })],
    rowkey: [0], isHeap: false, partitionScheme: null,
    partitions: [{ name: null, index: 0, tabletId: tabletId(200001), lsId: lsId(1001), objectId: 500001 }],
    options: { ...DEFAULT_TABLE_OPTIONS, storeFormat }, schemaVersion: 3,
  };
}

const add = (...groups: ('all columns' | 'each column')[]): TableAlterStep => ({ kind: 'addColumnGroup', groups });
const drop = (...groups: ('all columns' | 'each column')[]): TableAlterStep => ({ kind: 'dropColumnGroup', groups });

function errorText(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isObError(e)) return e.format();
    throw e;
  }
  throw new Error('expected an ObError');
}

describe('column groups', () => {
  it('moves between row, column and hybrid stores as OceanBase documents', () => {
    const cases: [TableSchema['options']['storeFormat'], TableAlterStep, string][] = [
      ['row', add('each column'), 'column'],
      ['row', add('all columns', 'each column'), 'hybrid'],
      ['row', add('all columns'), 'row'],
      ['column', add('all columns'), 'hybrid'],
      ['column', drop('each column'), 'row'],
      ['hybrid', drop('each column'), 'row'],
      ['hybrid', drop('all columns'), 'column'],
      ['hybrid', drop('all columns', 'each column'), 'row'],
    ];
    for (const [from, step, to] of cases) expect(alterTableSchema(table(from), [step]).options.storeFormat, `${from} ${JSON.stringify(step)}`).toBe(to);
  });

  it('refuses adding a group the table has and dropping one it has not', () => {
    expect(errorText(() => alterTableSchema(table('hybrid'), [add('each column')])))
      .toBe("ERROR 1060 (42S21): Duplicate column group name 'each column'");
    expect(errorText(() => alterTableSchema(table('row'), [drop('each column')])))
      .toBe("ERROR 1091 (42000): Can't DROP 'each column'; check that column/key exists");
  });

  it('applies steps in order and leaves the input untouched', () => {
    const t = table('row');
    const next = alterTableSchema(t, [add('each column'), { kind: 'options', options: { compression: 'lz4_1.0', blockSize: 4096 } }, drop('each column')]);
    expect([next.options.storeFormat, next.options.compression, next.options.blockSize]).toEqual(['row', 'lz4_1.0', 4096]);
    expect(t.options).toEqual({ ...DEFAULT_TABLE_OPTIONS, storeFormat: 'row' });
    expect([next.tableId, next.partitions]).toEqual([t.tableId, t.partitions]);
  });
});

describe('options and MODIFY COLUMN', () => {
  it('resets ROW_FORMAT with DYNAMIC and removes an empty COMMENT', () => {
    const compact = alterTableSchema(table(), [{ kind: 'options', options: { rowFormat: 'COMPACT', comment: 'c' } }]);
    expect([compact.options.rowFormat, compact.options.comment]).toEqual(['COMPACT', 'c']);
    const back = alterTableSchema(compact, [{ kind: 'options', options: { rowFormat: 'DYNAMIC', comment: '' } }]);
    expect('rowFormat' in back.options || 'comment' in back.options).toBe(false);
  });

  it('replaces a column definition of the same type at its index', () => {
    const next = alterTableSchema(table(), [{ kind: 'modifyColumn', column: col(9, 'V', 'double', { skipIndex: ['MIN_MAX', 'SUM'] }) }]);
    expect(next.columns[1]).toEqual(col(1, 'V', 'double', { skipIndex: ['MIN_MAX', 'SUM'] }));
  });

  it('refuses a type change, NULL to NOT NULL, AUTO_INCREMENT and an unknown column', () => {
    const modify = (c: ColumnSchema) => () => alterTableSchema(table(), [{ kind: 'modifyColumn', column: c }]);
    expect(errorText(modify(col(1, 'v', 'float')))).toBe('ERROR 1235 (0A000): Modify column data type not supported');
    expect(errorText(modify(col(2, 's', 'varchar', { type: { kind: 'varchar', precision: 20 } })))).toBe('ERROR 1235 (0A000): Modify column data type not supported');
    expect(errorText(modify(col(1, 'v', 'double', { nullable: false })))).toBe('ERROR 1235 (0A000): Modify column to NOT NULL not supported');
    expect(errorText(modify(col(1, 'v', 'double', { autoIncrement: true })))).toBe('ERROR 1235 (0A000): Modify column AUTO_INCREMENT attribute not supported');
    expect(errorText(modify(col(1, 'w', 'double')))).toBe("ERROR 1054 (42S22): Unknown column 'w' in 't'");
  });
});

describe('tablet storage schema', () => {
  it('derives column classes, skip-index bits, store format, compression, rowkey and BLOCK_SIZE', () => {
    const t = alterTableSchema(table('column'), [
      { kind: 'modifyColumn', column: col(1, 'v', 'double', { skipIndex: ['SUM'] }) },
      { kind: 'modifyColumn', column: col(2, 's', 'varchar', { type: { kind: 'varchar', precision: 10 }, skipIndex: ['MIN_MAX'] }) },
      { kind: 'options', options: { blockSize: 65536, compression: 'none' } },
    ]);
    const p = t.partitions[0];
    expect(tabletIdentityOf(t, { tenantId: t.tenantId, tableId: t.tableId, lsId: p.lsId, tabletId: p.tabletId })).toEqual({
      tenantId: 1002, lsId: 1001, tabletId: 200001, tableId: 500001, columnCount: 3, microBlockBytes: 65536,
      storage: {
        columns: [{ kind: 'int' }, { kind: 'double' }, { kind: 'string', ci: true }],
        storeFormat: 'column', compression: 'none', skipIndex: [0, SKIP_INDEX_SUM, SKIP_INDEX_MIN_MAX], rowkey: [0],
      },
    });
  });
});
