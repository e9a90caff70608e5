/**
 * Issue #5 syntax: binary column types, CREATE / DROP TABLEGROUP, SHOW TABLEGROUPS, the TABLEGROUP,
 * KV_ATTRIBUTES and TTL table options, ALTER TABLE ... REMOVE TTL and ALTER SYSTEM TRIGGER TTL.
 */
import { describe, expect, it } from 'vitest';
import type { AlterTable, CreateTable } from '../../ast';
import { errorOf, one } from './helpers';

const typeOf = (t: string) => (one(`CREATE TABLE t (c ${t})`) as CreateTable).columns[0].type;

describe('binary types', () => {
  it('maps VARBINARY, BINARY and the BLOB family onto binary string types', () => {
    expect(typeOf('varbinary(1024)')).toEqual({ kind: 'varchar', precision: 1024, binary: true });
    expect(typeOf('BINARY(16)')).toEqual({ kind: 'char', precision: 16, binary: true });
    expect(typeOf('binary')).toEqual({ kind: 'char', precision: 1, binary: true });
    expect(typeOf('blob')).toEqual({ kind: 'text', binary: true });
    expect(typeOf('blob(100)')).toEqual({ kind: 'text', binary: true });
    expect(typeOf('TINYBLOB')).toEqual({ kind: 'text', binary: true, blobKind: 'tinyblob' });
    expect(typeOf('longblob')).toEqual({ kind: 'text', binary: true, blobKind: 'longblob' });
  });

  it('needs a length for VARBINARY (1064) and keeps refusing unmodelled types (1235)', () => {
    expect(errorOf(() => typeOf('varbinary')).mysqlCode).toBe(1064);
    expect(errorOf(() => typeOf('varbinary(1,2)')).mysqlCode).toBe(1064);
    expect(errorOf(() => typeOf("ENUM('a')")).mysqlCode).toBe(1235);
  });
});

describe('tablegroups', () => {
  it('parses CREATE TABLEGROUP with IF NOT EXISTS and SHARDING, DROP TABLEGROUP, SHOW TABLEGROUPS', () => {
    expect(one('CREATE TABLEGROUP IF NOT EXISTS t1')).toEqual({ kind: 'createTablegroup', ifNotExists: true, name: 't1' });
    expect(one(`create tablegroup \`tg\` sharding = 'partition'`)).toEqual({ kind: 'createTablegroup', ifNotExists: false, name: 'tg', sharding: 'PARTITION' });
    expect(one('DROP TABLEGROUP IF EXISTS t1')).toEqual({ kind: 'dropTablegroup', ifExists: true, name: 't1' });
    expect(one(`SHOW TABLEGROUPS LIKE 't%'`)).toEqual({ kind: 'show', what: 'tablegroups', like: 't%' });
  });

  it('refuses unknown SHARDING values (1064) and partitioned tablegroups (1235)', () => {
    expect(errorOf(() => one(`CREATE TABLEGROUP t SHARDING = 'ALL'`)).mysqlCode).toBe(1064);
    expect(errorOf(() => one('CREATE TABLEGROUP t PARTITION BY HASH PARTITIONS 2')).mysqlCode).toBe(1235);
    expect(errorOf(() => one('ALTER TABLEGROUP t SHARDING = NONE')).mysqlCode).toBe(1235);
  });
});

describe('OBKV table options', () => {
  it('parses an HBase family table exactly as the HBase service writes it', () => {
    const stmt = one(`CREATE TABLE \`t1$f1\` (
      \`K\` varbinary(1024) NOT NULL, \`Q\` varbinary(256) NOT NULL, \`T\` bigint(20) NOT NULL, \`V\` varbinary(1024) DEFAULT NULL,
      PRIMARY KEY (\`K\`, \`Q\`, \`T\`)
    ) TABLEGROUP = t1 KV_ATTRIBUTES = '{"Hbase": {"TimeToLive": 3600, "MaxVersions": 3}}' PARTITION BY KEY(\`K\`) PARTITIONS 3`) as CreateTable;
    expect(stmt.table.name).toBe('t1$f1');
    expect(stmt.options).toEqual([
      { name: 'TABLEGROUP', value: 't1' },
      { name: 'KV_ATTRIBUTES', value: '{"Hbase": {"TimeToLive": 3600, "MaxVersions": 3}}' },
    ]);
    expect(stmt.partition).toMatchObject({ kind: 'KEY', count: 3 });
  });

  it('parses TTL(col + INTERVAL n unit) with or without =, and REMOVE TTL', () => {
    const c = one('CREATE TABLE t (a int primary key, e timestamp(6)) TTL(e + INTERVAL 5 SECOND)') as CreateTable;
    expect(c.options).toEqual([{ name: 'TTL', value: 'e + INTERVAL 5 SECOND', ttl: { column: 'e', interval: 5, unit: 'SECOND' } }]);
    const a = one('ALTER TABLE t TTL = (e + INTERVAL 12 HOUR)') as AlterTable;
    expect(a.actions).toEqual([{ kind: 'setOptions', options: [{ name: 'TTL', value: 'e + INTERVAL 12 HOUR', ttl: { column: 'e', interval: 12, unit: 'HOUR' } }] }]);
    expect((one('ALTER TABLE t REMOVE TTL') as AlterTable).actions).toEqual([{ kind: 'removeTtl' }]);
  });

  it('answers 1235 for TTL expressions other than column + INTERVAL n unit', () => {
    expect(errorOf(() => one('CREATE TABLE t (a int) TTL(e + 5)')).mysqlCode).toBe(1235);
    expect(errorOf(() => one('CREATE TABLE t (a int) TTL(e + INTERVAL 1 WEEK)')).mysqlCode).toBe(1235);
    expect(errorOf(() => one('CREATE TABLE t (a int) TTL(e - INTERVAL 1 DAY)')).mysqlCode).toBe(1235);
  });
});

describe('ALTER SYSTEM TRIGGER TTL', () => {
  it('parses the own-tenant and the TENANT = forms', () => {
    expect(one('ALTER SYSTEM TRIGGER TTL')).toEqual({ kind: 'alterSystem', action: 'triggerTtl' });
    expect(one('alter system trigger ttl tenant = t1, t2')).toEqual({ kind: 'alterSystem', action: 'triggerTtl', tenant: ['t1', 't2'] });
    expect(errorOf(() => one('ALTER SYSTEM TRIGGER TTL NOW')).mysqlCode).toBe(1064);
    expect(errorOf(() => one('ALTER SYSTEM SUSPEND TTL')).format()).toBe('ERROR 1235 (0A000): ALTER SYSTEM SUSPEND TTL not supported');
    expect(one('ALTER SYSTEM SUSPEND MERGE')).toMatchObject({ action: 'suspendMerge' });
  });
});
