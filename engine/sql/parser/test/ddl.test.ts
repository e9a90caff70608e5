/**
 * DDL: databases, CREATE TABLE (types, attributes, keys, options, partitioning, column groups),
 * DROP TABLE, TRUNCATE — and SHOW CREATE TABLE output parsing back.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnDef, CreateTable } from '../../ast';
import { bin, col, errorOf, fn, lit, one } from './helpers';

const create = (sql: string) => one(sql) as CreateTable;
const columnOf = (type: string, attrs = ''): ColumnDef => create(`CREATE TABLE t (c ${type} ${attrs})`).columns[0];

describe('databases', () => {
  it('parses CREATE / DROP DATABASE and SCHEMA with IF [NOT] EXISTS and charset options', () => {
    expect(one('CREATE DATABASE d')).toEqual({ kind: 'createDatabase', ifNotExists: false, name: 'd' });
    expect(one('create schema if not exists `D1` default charset = utf8mb4 collate utf8mb4_bin'))
      .toEqual({ kind: 'createDatabase', ifNotExists: true, name: 'D1' });
    expect(one('DROP DATABASE IF EXISTS d')).toEqual({ kind: 'dropDatabase', ifExists: true, name: 'd' });
    expect(one('drop schema d')).toEqual({ kind: 'dropDatabase', ifExists: false, name: 'd' });
  });
});

describe('column types', () => {
  it('maps integer types, widths, UNSIGNED and ZEROFILL', () => {
    expect(columnOf('INT').type).toEqual({ kind: 'int' });
    expect(columnOf('INTEGER(11)').type).toEqual({ kind: 'int' });
    expect(columnOf('tinyint(4) unsigned').type).toEqual({ kind: 'tinyint', unsigned: true });
    expect(columnOf('SMALLINT').type).toEqual({ kind: 'smallint' });
    expect(columnOf('MEDIUMINT ZEROFILL').type).toEqual({ kind: 'mediumint', unsigned: true });
    expect(columnOf('BIGINT(20) SIGNED').type).toEqual({ kind: 'bigint' });
    expect(columnOf('BOOL').type).toEqual({ kind: 'tinyint' });
    expect(columnOf('BOOLEAN').type).toEqual({ kind: 'tinyint' });
  });

  it('maps fixed and floating point types with MySQL defaults', () => {
    expect(columnOf('DECIMAL').type).toEqual({ kind: 'decimal', precision: 10, scale: 0 });
    expect(columnOf('DECIMAL(15,2)').type).toEqual({ kind: 'decimal', precision: 15, scale: 2 });
    expect(columnOf('NUMERIC(8)').type).toEqual({ kind: 'decimal', precision: 8, scale: 0 });
    expect(columnOf('DOUBLE').type).toEqual({ kind: 'double' });
    expect(columnOf('DOUBLE PRECISION').type).toEqual({ kind: 'double' });
    expect(columnOf('REAL').type).toEqual({ kind: 'double' });
    expect(columnOf('FLOAT').type).toEqual({ kind: 'float' });
    expect(columnOf('FLOAT(30)').type).toEqual({ kind: 'double' });
  });

  it('maps string and temporal types', () => {
    expect(columnOf('VARCHAR(25)').type).toEqual({ kind: 'varchar', precision: 25 });
    expect(columnOf('CHAR').type).toEqual({ kind: 'char', precision: 1 });
    expect(columnOf('CHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin').type).toEqual({ kind: 'char', precision: 10 });
    expect(columnOf('TEXT').type).toEqual({ kind: 'text' });
    expect(columnOf('LONGTEXT').type).toEqual({ kind: 'text' });
    expect(columnOf('DATE').type).toEqual({ kind: 'date' });
    expect(columnOf('DATETIME').type).toEqual({ kind: 'datetime' });
    expect(columnOf('DATETIME(6)').type).toEqual({ kind: 'datetime', precision: 6 });
    expect(columnOf('TIMESTAMP(3)').type).toEqual({ kind: 'timestamp', precision: 3 });
  });

  it('answers 1235 for types the playground does not model and 1064 for unknown words', () => {
    const e = errorOf(() => columnOf('JSON'));
    expect(e.format()).toBe('ERROR 1235 (0A000): Data type JSON not supported');
    expect(errorOf(() => columnOf('TIME')).mysqlCode).toBe(1235);
    expect(errorOf(() => columnOf("ENUM('a')")).mysqlCode).toBe(1235);
    expect(errorOf(() => columnOf('VARCHR(10)')).message).toContain(`near 'VARCHR(10) )'`);
    expect(errorOf(() => columnOf('VARCHAR')).mysqlCode).toBe(1064);
  });
});

describe('column attributes', () => {
  it('parses NULL / NOT NULL, DEFAULT forms, AUTO_INCREMENT, keys and COMMENT', () => {
    expect(columnOf('INT', 'NOT NULL AUTO_INCREMENT PRIMARY KEY COMMENT \'id\'')).toEqual({
      name: 'c', type: { kind: 'int' }, notNull: true, autoIncrement: true, primaryKey: true, comment: 'id',
    });
    expect(columnOf('INT', 'NULL DEFAULT -1 UNIQUE KEY')).toEqual({
      name: 'c', type: { kind: 'int' }, nullExplicit: true, default: lit(-1), unique: true,
    });
    expect(columnOf('DATETIME', 'DEFAULT CURRENT_TIMESTAMP').default).toEqual(fn('CURRENT_TIMESTAMP'));
    expect(columnOf('VARCHAR(10)', "DEFAULT 'x'").default).toEqual(lit('x'));
    expect(columnOf('INT', 'DEFAULT NULL').default).toEqual(lit(null));
    expect(columnOf('INT', 'DEFAULT (1 + 2)').default).toEqual(bin('+', lit(1), lit(2)));
    expect(columnOf('INT', 'KEY').primaryKey).toBe(true);
  });

  it('parses SKIP_INDEX lists', () => {
    expect(columnOf('INT', 'SKIP_INDEX(MIN_MAX, SUM)').skipIndex).toEqual(['MIN_MAX', 'SUM']);
    expect(columnOf('INT', 'skip_index()').skipIndex).toEqual([]);
  });

  it('refuses ON UPDATE, CHECK and foreign keys with 1235', () => {
    expect(errorOf(() => columnOf('DATETIME', 'ON UPDATE CURRENT_TIMESTAMP')).mysqlCode).toBe(1235);
    expect(errorOf(() => columnOf('INT', 'CHECK (c > 0)')).mysqlCode).toBe(1235);
    expect(errorOf(() => create('CREATE TABLE t (a INT, FOREIGN KEY (a) REFERENCES u (a))')).mysqlCode).toBe(1235);
  });
});

describe('CREATE TABLE', () => {
  it('parses table-level keys with names, USING and index options', () => {
    const t = create(`CREATE TABLE IF NOT EXISTS db.t (
      a INT, b INT, c VARCHAR(10),
      CONSTRAINT pk PRIMARY KEY (a, b),
      UNIQUE KEY uk_c (c),
      CONSTRAINT u2 UNIQUE (b),
      KEY idx_b USING BTREE (b DESC) BLOCK_SIZE 16384 LOCAL,
      INDEX (c(5)) COMMENT 'prefix'
    )`);
    expect(t.ifNotExists).toBe(true);
    expect(t.table).toEqual({ db: 'db', name: 't' });
    expect(t.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(t.constraints).toEqual([
      { kind: 'primary', columns: ['a', 'b'] },
      { kind: 'unique', name: 'uk_c', columns: ['c'] },
      { kind: 'unique', name: 'u2', columns: ['b'] },
      { kind: 'index', name: 'idx_b', columns: ['b'] },
      { kind: 'index', columns: ['c'] },
    ]);
  });

  it('parses table options with or without = and commas', () => {
    const t = create(`CREATE TABLE t (a INT) ENGINE=InnoDB, DEFAULT CHARSET = utf8mb4 COLLATE utf8mb4_bin
      COMMENT 'hello' COMPRESSION = 'zstd_1.3.8' BLOCK_SIZE 16384 AUTO_INCREMENT = 100 ROW_FORMAT = DYNAMIC
      USE_BLOOM_FILTER = FALSE CHARACTER SET utf8mb4`);
    expect(t.options).toEqual([
      { name: 'ENGINE', value: 'InnoDB' },
      { name: 'CHARSET', value: 'utf8mb4' },
      { name: 'COLLATE', value: 'utf8mb4_bin' },
      { name: 'COMMENT', value: 'hello' },
      { name: 'COMPRESSION', value: 'zstd_1.3.8' },
      { name: 'BLOCK_SIZE', value: 16384 },
      { name: 'AUTO_INCREMENT', value: 100 },
      { name: 'ROW_FORMAT', value: 'DYNAMIC' },
      { name: 'USE_BLOOM_FILTER', value: 'FALSE' },
      { name: 'CHARSET', value: 'utf8mb4' },
    ]);
  });

  it('reports an unknown table option at its name', () => {
    expect(errorOf(() => create('CREATE TABLE t (a INT) ENGIN = InnoDB')).message).toContain(`near 'ENGIN = InnoDB'`);
  });

  it('parses WITH COLUMN GROUP', () => {
    expect(create('CREATE TABLE t (a INT) WITH COLUMN GROUP (all columns, each column)').columnGroups)
      .toEqual(['all columns', 'each column']);
    expect(create('CREATE TABLE t (a INT) WITH COLUMN GROUP(each column)').columnGroups).toEqual(['each column']);
  });

  it('parses SHOW CREATE TABLE output back (reference §8.4)', () => {
    const t = create(`CREATE TABLE \`tt_column_row\` (
  \`c1\` int(11) NOT NULL,
  \`c2\` int(11) DEFAULT NULL,
  \`c3\` int(11) DEFAULT NULL,
  PRIMARY KEY (\`c1\`)
) DEFAULT CHARSET = utf8mb4 ROW_FORMAT = DYNAMIC COMPRESSION = 'zstd_1.3.8' REPLICA_NUM = 1 BLOCK_SIZE = 16384 USE_BLOOM_FILTER = FALSE TABLET_SIZE = 134217728 PCTFREE = 0 WITH COLUMN GROUP(all columns, each column)`);
    expect(t.table.name).toBe('tt_column_row');
    expect(t.columns[1]).toEqual({ name: 'c2', type: { kind: 'int' }, default: lit(null) });
    expect(t.options.map((o) => o.name)).toEqual(
      ['CHARSET', 'ROW_FORMAT', 'COMPRESSION', 'REPLICA_NUM', 'BLOCK_SIZE', 'USE_BLOOM_FILTER', 'TABLET_SIZE', 'PCTFREE']);
    expect(t.columnGroups).toEqual(['all columns', 'each column']);
  });

  it('refuses CREATE TABLE ... LIKE / AS SELECT with 1235', () => {
    expect(errorOf(() => create('CREATE TABLE t LIKE u')).mysqlCode).toBe(1235);
    expect(errorOf(() => create('CREATE TABLE t (a INT) AS SELECT 1')).mysqlCode).toBe(1235);
  });
});

describe('partitioning', () => {
  it('parses HASH and KEY with PARTITIONS n and explicit partition lists', () => {
    expect(create('CREATE TABLE t (a INT) PARTITION BY HASH(a) PARTITIONS 4').partition)
      .toEqual({ kind: 'HASH', exprs: [col('a')], count: 4 });
    expect(create('CREATE TABLE t (a INT, b INT) PARTITION BY KEY(a, b) PARTITIONS 8').partition)
      .toEqual({ kind: 'KEY', exprs: [col('a'), col('b')], count: 8 });
    expect(create('CREATE TABLE t (a INT PRIMARY KEY) PARTITION BY KEY() PARTITIONS 2').partition)
      .toEqual({ kind: 'KEY', exprs: [], count: 2 });
    expect(create('CREATE TABLE t (a INT) PARTITION BY HASH(a + 1) (PARTITION p0, PARTITION p1)').partition)
      .toEqual({ kind: 'HASH', exprs: [bin('+', col('a'), lit(1))], partitions: [{ name: 'p0' }, { name: 'p1' }] });
  });

  it('parses RANGE and RANGE COLUMNS with MAXVALUE', () => {
    expect(create(`CREATE TABLE t (a INT) PARTITION BY RANGE (a) (
      PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)`).partition).toEqual({
      kind: 'RANGE', exprs: [col('a')],
      partitions: [{ name: 'p0', lessThan: [lit(100)] }, { name: 'p1', lessThan: ['MAXVALUE'] }],
    });
    expect(create(`CREATE TABLE t (a INT, d DATE) PARTITION BY RANGE COLUMNS(a, d) (
      PARTITION p0 VALUES LESS THAN (10, '2024-01-01'), PARTITION p1 VALUES LESS THAN (MAXVALUE, MAXVALUE))`).partition).toEqual({
      kind: 'RANGE COLUMNS', exprs: [col('a'), col('d')],
      partitions: [{ name: 'p0', lessThan: [lit(10), lit('2024-01-01')] }, { name: 'p1', lessThan: ['MAXVALUE', 'MAXVALUE'] }],
    });
  });

  it('parses LIST and LIST COLUMNS with tuples and DEFAULT', () => {
    expect(create(`CREATE TABLE t (a INT) PARTITION BY LIST (a) (
      PARTITION p0 VALUES IN (1, 2), PARTITION p1 VALUES IN (DEFAULT))`).partition).toEqual({
      kind: 'LIST', exprs: [col('a')],
      partitions: [{ name: 'p0', inValues: [[lit(1)], [lit(2)]] }, { name: 'p1', isDefault: true }],
    });
    expect(create(`CREATE TABLE t (a INT, b CHAR(1)) PARTITION BY LIST COLUMNS(a, b) (
      PARTITION p0 VALUES IN ((1, 'x'), (2, 'y')))`).partition).toEqual({
      kind: 'LIST COLUMNS', exprs: [col('a'), col('b')],
      partitions: [{ name: 'p0', inValues: [[lit(1), lit('x')], [lit(2), lit('y')]] }],
    });
  });

  it('parses partitioning together with options and column groups in either order', () => {
    const t = create('CREATE TABLE t (a INT) COMPRESSION = \'lz4_1.0\' PARTITION BY HASH(a) PARTITIONS 2 WITH COLUMN GROUP(each column)');
    expect(t.partition?.count).toBe(2);
    expect(t.options).toEqual([{ name: 'COMPRESSION', value: 'lz4_1.0' }]);
    expect(t.columnGroups).toEqual(['each column']);
  });

  it('refuses subpartitions with 1235', () => {
    const e = errorOf(() => create('CREATE TABLE t (a INT, b INT) PARTITION BY RANGE(a) SUBPARTITION BY HASH(b) SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (10))'));
    expect(e.format()).toBe('ERROR 1235 (0A000): Subpartition not supported');
  });
});

describe('DROP TABLE and TRUNCATE', () => {
  it('parses lists and IF EXISTS', () => {
    expect(one('DROP TABLE IF EXISTS t1, db.t2')).toEqual({
      kind: 'dropTable', ifExists: true, tables: [{ name: 't1' }, { db: 'db', name: 't2' }],
    });
    expect(one('TRUNCATE TABLE t')).toEqual({ kind: 'truncateTable', table: { name: 't' } });
    expect(one('truncate db.t')).toEqual({ kind: 'truncateTable', table: { db: 'db', name: 't' } });
  });
});
