/**
 * ALTER TABLE (column groups, table options, MODIFY ... SKIP_INDEX) and the storage attributes of
 * CREATE TABLE: SKIP_INDEX kinds and ROW_FORMAT values (reference §4.7–4.10).
 */
import { describe, expect, it } from 'vitest';
import type { AlterTable, CreateTable } from '../../ast';
import { errorOf, nearOf, one, parseErrorText } from './helpers';

const alter = (sql: string) => one(sql) as AlterTable;
const create = (sql: string) => one(sql) as CreateTable;

describe('ALTER TABLE column groups', () => {
  it('parses ADD and DROP COLUMN GROUP lists in either order', () => {
    expect(alter('ALTER TABLE t ADD COLUMN GROUP(each column)')).toEqual({
      kind: 'alterTable', table: { name: 't' }, actions: [{ kind: 'addColumnGroup', groups: ['each column'] }],
    });
    expect(alter('alter table db.t drop column group (each column, all columns)')).toEqual({
      kind: 'alterTable', table: { db: 'db', name: 't' }, actions: [{ kind: 'dropColumnGroup', groups: ['each column', 'all columns'] }],
    });
  });

  it('refuses a customised column group with 1235', () => {
    expect(parseErrorText('ALTER TABLE t ADD COLUMN GROUP(g1(a, b))')).toBe('ERROR 1235 (0A000): Customized column group not supported');
  });
});

describe('ALTER TABLE options', () => {
  it('parses SET options and MySQL-style options, comma-separated or not', () => {
    expect(alter("ALTER TABLE t SET COMPRESSION = 'lz4_1.0'").actions).toEqual([
      { kind: 'setOptions', options: [{ name: 'COMPRESSION', value: 'lz4_1.0' }] },
    ]);
    expect(alter("ALTER TABLE t COMPRESSION 'none' BLOCK_SIZE 32768, ROW_FORMAT = COMPACT").actions).toEqual([
      { kind: 'setOptions', options: [{ name: 'COMPRESSION', value: 'none' }, { name: 'BLOCK_SIZE', value: 32768 }] },
      { kind: 'setOptions', options: [{ name: 'ROW_FORMAT', value: 'COMPACT' }] },
    ]);
    expect(alter('alter table t set block_size = 131072').actions).toEqual([
      { kind: 'setOptions', options: [{ name: 'BLOCK_SIZE', value: 131072 }] },
    ]);
  });

  it('reports an unknown option or a missing action as 1064', () => {
    expect(nearOf('ALTER TABLE t BLOCKSIZE = 1')).toBe('BLOCKSIZE = 1@1');
    expect(nearOf('ALTER TABLE t')).toBe('@1');
  });
});

describe('ALTER TABLE MODIFY', () => {
  it('parses MODIFY [COLUMN] with SKIP_INDEX, including the empty list that removes it', () => {
    expect(alter('ALTER TABLE test_skidx MODIFY COLUMN col2 FLOAT SKIP_INDEX(SUM)').actions).toEqual([
      { kind: 'modifyColumn', column: { name: 'col2', type: { kind: 'float' }, skipIndex: ['SUM'] } },
    ]);
    expect(alter('ALTER TABLE test_skidx MODIFY col1 INT NOT NULL SKIP_INDEX()').actions).toEqual([
      { kind: 'modifyColumn', column: { name: 'col1', type: { kind: 'int' }, notNull: true, skipIndex: [] } },
    ]);
  });
});

describe('ALTER TABLE actions the playground does not model', () => {
  it('answers 1235 naming the action, never 1064', () => {
    const cases: [string, string][] = [
      ['ALTER TABLE t ADD COLUMN c INT', 'ALTER TABLE ADD COLUMN'],
      ['ALTER TABLE t ADD c INT', 'ALTER TABLE ADD COLUMN'],
      ['ALTER TABLE t ADD (c INT, d INT)', 'ALTER TABLE ADD COLUMN'],
      ['ALTER TABLE t ADD INDEX i (a)', 'ALTER TABLE ADD INDEX'],
      ['ALTER TABLE t ADD PRIMARY KEY (a)', 'ALTER TABLE ADD PRIMARY KEY'],
      ['ALTER TABLE t ADD PARTITION (PARTITION p2 VALUES LESS THAN (30))', 'ALTER TABLE ADD PARTITION'],
      ['ALTER TABLE t DROP COLUMN c', 'ALTER TABLE DROP COLUMN'],
      ['ALTER TABLE t DROP c', 'ALTER TABLE DROP COLUMN'],
      ['ALTER TABLE t DROP INDEX i', 'ALTER TABLE DROP INDEX'],
      ['ALTER TABLE t DROP FOREIGN KEY fk', 'ALTER TABLE DROP FOREIGN KEY'],
      ['ALTER TABLE t DROP TABLEGROUP', 'ALTER TABLE DROP TABLEGROUP'],
      ['ALTER TABLE t CHANGE a b INT', 'ALTER TABLE CHANGE'],
      ['ALTER TABLE t RENAME TO u', 'ALTER TABLE RENAME'],
      ['ALTER TABLE t ALTER COLUMN a SET DEFAULT 1', 'ALTER TABLE ALTER COLUMN'],
      ['ALTER TABLE t ORDER BY a', 'ALTER TABLE ORDER BY'],
      ['ALTER TABLE t PARTITION BY HASH(a) PARTITIONS 2', 'ALTER TABLE PARTITION BY'],
      ['ALTER TABLE t TRUNCATE PARTITION p0', 'ALTER TABLE TRUNCATE'],
      ["ALTER TABLE t COMPRESSION 'none', ADD COLUMN c INT", 'ALTER TABLE ADD COLUMN'],
    ];
    for (const [sql, what] of cases) expect(parseErrorText(sql), sql).toBe(`ERROR 1235 (0A000): ${what} not supported`);
  });

  it('keeps ALTER SYSTEM working beside ALTER TABLE', () => {
    expect(one('ALTER SYSTEM MAJOR FREEZE')).toEqual({ kind: 'alterSystem', action: 'majorFreeze' });
  });
});

describe('CREATE TABLE storage attributes', () => {
  it('keeps each SKIP_INDEX kind once, in MIN_MAX, SUM order, case-insensitively', () => {
    expect(create('CREATE TABLE t (a INT SKIP_INDEX(sum, Min_Max, SUM))').columns[0].skipIndex).toEqual(['MIN_MAX', 'SUM']);
  });

  it('reports an unknown skip-index kind at its word (1064)', () => {
    expect(nearOf('CREATE TABLE t (a INT SKIP_INDEX(MIN_MAX, BLOOM))')).toBe('BLOOM))@1');
  });

  it("accepts OceanBase's ROW_FORMAT values and reports others at the value", () => {
    for (const f of ['REDUNDANT', 'compact', 'DYNAMIC', 'COMPRESSED', 'CONDENSED', 'DEFAULT']) {
      expect(create(`CREATE TABLE t (a INT) ROW_FORMAT = ${f}`).options).toEqual([{ name: 'ROW_FORMAT', value: f }]);
    }
    expect(nearOf('CREATE TABLE t (a INT) ROW_FORMAT = FIXED BLOCK_SIZE 16384')).toBe('FIXED BLOCK_SIZE 16384@1');
  });

  it('refuses CREATE INDEX (with or without a column group) with 1235', () => {
    expect(errorOf(() => one('CREATE INDEX idx ON t (c1) WITH COLUMN GROUP (each column)')).format())
      .toBe('ERROR 1235 (0A000): CREATE INDEX not supported');
  });
});
