/**
 * Utility statements: USE, SHOW, DESC / EXPLAIN, transactions, SET, CALL and ALTER SYSTEM.
 */
import { describe, expect, it } from 'vitest';
import { bin, col, errorOf, lit, one } from './helpers';

describe('USE and SHOW', () => {
  it('parses USE', () => {
    expect(one('USE test')).toEqual({ kind: 'use', db: 'test' });
    expect(one('use `my db`')).toEqual({ kind: 'use', db: 'my db' });
  });

  it('parses SHOW DATABASES / TABLES / COLUMNS / CREATE TABLE / INDEX', () => {
    expect(one('SHOW DATABASES')).toEqual({ kind: 'show', what: 'databases' });
    expect(one(`SHOW SCHEMAS LIKE 'te%'`)).toEqual({ kind: 'show', what: 'databases', like: 'te%' });
    expect(one('SHOW TABLES')).toEqual({ kind: 'show', what: 'tables' });
    expect(one(`SHOW FULL TABLES FROM oceanbase LIKE 'DBA%'`)).toEqual(
      { kind: 'show', what: 'tables', db: 'oceanbase', like: 'DBA%', full: true });
    expect(one('SHOW COLUMNS FROM t')).toEqual({ kind: 'show', what: 'columns', table: { name: 't' } });
    expect(one('SHOW FULL FIELDS IN t FROM db')).toEqual({ kind: 'show', what: 'columns', table: { db: 'db', name: 't' }, full: true });
    expect(one('SHOW CREATE TABLE db.t')).toEqual({ kind: 'show', what: 'createTable', table: { db: 'db', name: 't' } });
    expect(one('SHOW INDEX FROM t')).toEqual({ kind: 'show', what: 'index', table: { name: 't' } });
    expect(one('SHOW KEYS IN db.t')).toEqual({ kind: 'show', what: 'index', table: { db: 'db', name: 't' } });
  });

  it('parses SHOW VARIABLES / WARNINGS / ERRORS / PARAMETERS and the small ones', () => {
    expect(one('SHOW VARIABLES')).toEqual({ kind: 'show', what: 'variables', global: false });
    expect(one(`SHOW GLOBAL VARIABLES LIKE 'ob_%'`)).toEqual({ kind: 'show', what: 'variables', global: true, like: 'ob_%' });
    expect(one('SHOW SESSION VARIABLES')).toEqual({ kind: 'show', what: 'variables', global: false });
    expect(one('SHOW WARNINGS')).toEqual({ kind: 'show', what: 'warnings' });
    expect(one('SHOW ERRORS')).toEqual({ kind: 'show', what: 'errors' });
    expect(one(`SHOW PARAMETERS LIKE 'major%'`)).toEqual({ kind: 'show', what: 'parameters', like: 'major%' });
    expect(one('SHOW TENANT')).toEqual({ kind: 'show', what: 'tenant' });
    expect(one('SHOW FULL PROCESSLIST')).toEqual({ kind: 'show', what: 'processlist' });
    expect(one('SHOW STORAGE ENGINES')).toEqual({ kind: 'show', what: 'engines' });
    expect(one('SHOW CHARACTER SET')).toEqual({ kind: 'show', what: 'charset' });
    expect(one('SHOW COLLATION')).toEqual({ kind: 'show', what: 'collation' });
  });
});

describe('DESCRIBE and EXPLAIN', () => {
  it('describes tables', () => {
    expect(one('DESC t')).toEqual({ kind: 'describe', table: { name: 't' } });
    expect(one('DESCRIBE db.t c1')).toEqual({ kind: 'describe', table: { db: 'db', name: 't' }, column: 'c1' });
    expect(one('EXPLAIN t')).toEqual({ kind: 'describe', table: { name: 't' } });
  });

  it('explains queries and DML in each format', () => {
    const q = one('EXPLAIN SELECT * FROM t');
    expect(q.kind === 'explain' && q.format).toBe('traditional');
    expect(q.kind === 'explain' && q.statement.kind).toBe('select');
    const formats = ['BASIC', 'EXTENDED', 'EXTENDED_NOADDR', 'FORMAT=JSON', 'FORMAT = TRADITIONAL'].map((f) => {
      const s = one(`EXPLAIN ${f} SELECT 1`);
      return s.kind === 'explain' ? s.format : undefined;
    });
    expect(formats).toEqual(['basic', 'extended', 'extended', 'json', 'traditional']);
    for (const [sql, kind] of [
      ['EXPLAIN INSERT INTO t VALUES (1)', 'insert'], ['EXPLAIN UPDATE t SET a = 1', 'update'],
      ['EXPLAIN DELETE FROM t', 'delete'], ['EXPLAIN REPLACE INTO t VALUES (1)', 'insert'],
      ['DESC SELECT a FROM t', 'select'], ['describe (SELECT 1)', 'select'],
    ] as const) {
      const s = one(sql);
      expect(s.kind === 'explain' && s.statement.kind).toBe(kind);
    }
  });

  it('describes a table named like an EXPLAIN option', () => {
    expect(one('DESC basic')).toEqual({ kind: 'describe', table: { name: 'basic' } });
  });

  it('rejects an unknown EXPLAIN format', () => {
    expect(errorOf(() => one('EXPLAIN FORMAT=XML SELECT 1')).message).toContain(`near 'XML SELECT 1'`);
  });
});

describe('transactions', () => {
  it('parses BEGIN / START TRANSACTION / COMMIT / ROLLBACK', () => {
    expect(one('BEGIN')).toEqual({ kind: 'begin' });
    expect(one('begin work')).toEqual({ kind: 'begin' });
    expect(one('START TRANSACTION')).toEqual({ kind: 'begin' });
    expect(one('START TRANSACTION READ ONLY')).toEqual({ kind: 'begin', readOnly: true });
    expect(one('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ WRITE')).toEqual({ kind: 'begin', readOnly: false });
    expect(one('COMMIT')).toEqual({ kind: 'commit' });
    expect(one('COMMIT WORK')).toEqual({ kind: 'commit' });
    expect(one('ROLLBACK')).toEqual({ kind: 'rollback' });
  });

  it('parses SET TRANSACTION ISOLATION LEVEL with its scope', () => {
    expect(one('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')).toEqual(
      { kind: 'setTransaction', scope: 'next', isolation: 'READ-COMMITTED' });
    expect(one('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ')).toEqual(
      { kind: 'setTransaction', scope: 'session', isolation: 'REPEATABLE-READ' });
    expect(one('set global transaction isolation level serializable')).toEqual(
      { kind: 'setTransaction', scope: 'global', isolation: 'SERIALIZABLE' });
    expect(errorOf(() => one('SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED')).mysqlCode).toBe(1235);
  });
});

describe('SET', () => {
  const v = (name: string, scope: 'user' | 'session' | 'global') => ({ kind: 'variable' as const, name, scope });

  it('parses session, global and user assignments; a scope keyword carries forward', () => {
    expect(one('SET autocommit = 0')).toEqual({ kind: 'set', assignments: [{ variable: v('autocommit', 'session'), value: lit(0) }] });
    expect(one('SET GLOBAL a = 1, b = 2, SESSION c = 3, @@global.d = 4, @@e = 5, @x := 6')).toEqual({
      kind: 'set',
      assignments: [
        { variable: v('a', 'global'), value: lit(1) },
        { variable: v('b', 'global'), value: lit(2) },
        { variable: v('c', 'session'), value: lit(3) },
        { variable: v('d', 'global'), value: lit(4) },
        { variable: v('e', 'session'), value: lit(5) },
        { variable: v('x', 'user'), value: lit(6) },
      ],
    });
  });

  it('reads bare words and ON as strings for system variables, expressions otherwise', () => {
    expect(one('SET autocommit = ON')).toEqual({ kind: 'set', assignments: [{ variable: v('autocommit', 'session'), value: lit('ON') }] });
    expect(one('SET sql_mode = STRICT_ALL_TABLES')).toEqual(
      { kind: 'set', assignments: [{ variable: v('sql_mode', 'session'), value: lit('STRICT_ALL_TABLES') }] });
    expect(one('SET @x = a + 1')).toEqual({ kind: 'set', assignments: [{ variable: v('x', 'user'), value: bin('+', col('a'), lit(1)) }] });
    expect(one('SET ob_query_timeout = DEFAULT')).toEqual(
      { kind: 'set', assignments: [{ variable: v('ob_query_timeout', 'session'), value: { kind: 'default' } }] });
  });

  it('parses SET NAMES and SET CHARACTER SET', () => {
    expect(one('SET NAMES utf8mb4')).toEqual({ kind: 'setNames', charset: 'utf8mb4' });
    expect(one(`SET NAMES 'utf8mb4' COLLATE 'utf8mb4_general_ci'`)).toEqual({ kind: 'setNames', charset: 'utf8mb4' });
    expect(one('SET CHARACTER SET utf8mb4')).toEqual({ kind: 'setNames', charset: 'utf8mb4' });
  });
});

describe('CALL', () => {
  it('parses qualified procedure names and arguments', () => {
    expect(one(`CALL dbms_playground.load_sample_data('tpch', 0.01)`)).toMatchObject({
      kind: 'call', name: 'dbms_playground.load_sample_data', args: [lit('tpch'), { kind: 'literal' }],
    });
    expect(one('CALL p')).toEqual({ kind: 'call', name: 'p', args: [] });
    expect(one('CALL p()')).toEqual({ kind: 'call', name: 'p', args: [] });
  });
});

describe('ALTER SYSTEM', () => {
  it('parses MINOR FREEZE with each option, in any order', () => {
    expect(one('ALTER SYSTEM MINOR FREEZE')).toEqual({ kind: 'alterSystem', action: 'minorFreeze' });
    expect(one(`ALTER SYSTEM MINOR FREEZE TENANT = (all_user)`)).toEqual({ kind: 'alterSystem', action: 'minorFreeze', tenant: ['all_user'] });
    expect(one('ALTER SYSTEM MINOR FREEZE TENANT t1, t2 TABLET_ID = 200001')).toEqual(
      { kind: 'alterSystem', action: 'minorFreeze', tenant: ['t1', 't2'], tabletId: 200001 });
    expect(one(`alter system minor freeze tenant = t1 ls 1 tablet_id = 60000`)).toEqual(
      { kind: 'alterSystem', action: 'minorFreeze', tenant: ['t1'], lsId: 1, tabletId: 60000 });
    expect(one(`ALTER SYSTEM MINOR FREEZE SERVER = ('10.0.0.1:2882', '10.0.0.2:2882') ZONE 'z1'`)).toEqual(
      { kind: 'alterSystem', action: 'minorFreeze', servers: ['10.0.0.1:2882', '10.0.0.2:2882'], zones: ['z1'] });
  });

  it('parses MAJOR FREEZE with tenant and tablet', () => {
    expect(one('ALTER SYSTEM MAJOR FREEZE')).toEqual({ kind: 'alterSystem', action: 'majorFreeze' });
    expect(one('ALTER SYSTEM MAJOR FREEZE TENANT = all')).toEqual({ kind: 'alterSystem', action: 'majorFreeze', tenant: ['all'] });
    expect(one('ALTER SYSTEM MAJOR FREEZE TENANT t1 TABLET_ID = 200001')).toEqual(
      { kind: 'alterSystem', action: 'majorFreeze', tenant: ['t1'], tabletId: 200001 });
    expect(errorOf(() => one(`ALTER SYSTEM MAJOR FREEZE SERVER = ('a:1')`)).message).toContain(`near 'SERVER =`);
  });

  it('parses ALTER SYSTEM SET with numbers, strings, words and a tenant', () => {
    expect(one(`ALTER SYSTEM SET major_freeze_duty_time = '02:00' TENANT = t1`)).toEqual(
      { kind: 'alterSystem', action: 'setParameter', name: 'major_freeze_duty_time', value: '02:00', tenant: 't1' });
    expect(one('ALTER SYSTEM SET freeze_trigger_percentage = 30')).toEqual(
      { kind: 'alterSystem', action: 'setParameter', name: 'freeze_trigger_percentage', value: 30 });
    expect(one('ALTER SYSTEM SET enable_x = true')).toEqual(
      { kind: 'alterSystem', action: 'setParameter', name: 'enable_x', value: 'true' });
  });

  it('passes any other ALTER SYSTEM form through as action other', () => {
    const text = `ALTER SYSTEM ADD REPLICA LS = 1001 SERVER = '127.0.0.1:2882' REPLICA_TYPE = 'R' TENANT = t1`;
    expect(one(text)).toEqual({ kind: 'alterSystem', action: 'other', text });
  });
});
