import { describe, expect, it } from 'vitest';
import { createFakeContext, errorOf, query, run } from './fake_context';

describe('INSERT', () => {
  it('counts rows and reports Records info for multi-row inserts', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10) DEFAULT \'x\', n INT NOT NULL DEFAULT 7)');
    expect(await run(ctx, "INSERT INTO t (id, v) VALUES (1,'a'),(2,'b'),(3,DEFAULT)")).toEqual({
      kind: 'ok', affectedRows: 3, lastInsertId: undefined, info: 'Records: 3  Duplicates: 0  Warnings: 0',
    });
    expect(await run(ctx, 'INSERT INTO t (id) VALUES (4)')).toMatchObject({ affectedRows: 1, info: undefined });
    expect(await query(ctx, 'SELECT * FROM t ORDER BY id')).toEqual([['1', 'a', '7'], ['2', 'b', '7'], ['3', 'x', '7'], ['4', 'x', '7']]);
  });

  it('rejects duplicate keys with the MySQL value text and keeps the statement atomic', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (a INT, b VARCHAR(5), PRIMARY KEY (a, b))');
    await run(ctx, "INSERT INTO t VALUES (1,'a')");
    expect(await errorOf(ctx, "INSERT INTO t VALUES (2,'x'),(1,'a')")).toBe("ERROR 1062 (23000): Duplicate entry '1-a' for key 'PRIMARY'");
    expect(await query(ctx, 'SELECT COUNT(*) FROM t')).toEqual([['1']]);
    expect(await errorOf(ctx, "INSERT INTO t VALUES (5,'x'),(5,'X')")).toBe("ERROR 1062 (23000): Duplicate entry '5-X' for key 'PRIMARY'");
  });

  it('INSERT IGNORE skips duplicates', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 1)');
    expect(await run(ctx, 'INSERT IGNORE INTO t VALUES (1, 9), (2, 2)')).toMatchObject({ affectedRows: 1, info: 'Records: 2  Duplicates: 1  Warnings: 1' });
    expect(await query(ctx, 'SHOW WARNINGS')).toEqual([['Warning', '1062', "Duplicate entry '1' for key 'PRIMARY'"]]);
    expect(await query(ctx, 'SELECT v FROM t ORDER BY id')).toEqual([['1'], ['2']]);
    expect(await query(ctx, 'SHOW WARNINGS')).toEqual([]);
  });

  it('ON DUPLICATE KEY UPDATE counts 1 per insert, 2 per update, 0 when unchanged', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 10), (2, 20)');
    const r = await run(ctx, 'INSERT INTO t VALUES (1, 11), (2, 20), (3, 30) ON DUPLICATE KEY UPDATE v = VALUES(v)');
    expect(r).toMatchObject({ affectedRows: 3 });
    expect(await query(ctx, 'SELECT * FROM t ORDER BY id')).toEqual([['1', '11'], ['2', '20'], ['3', '30']]);
    expect(await run(ctx, 'INSERT INTO t VALUES (1, 0) ON DUPLICATE KEY UPDATE v = v + 1')).toMatchObject({ affectedRows: 2 });
    expect(await query(ctx, 'SELECT v FROM t WHERE id = 1')).toEqual([['12']]);
  });

  it('REPLACE deletes the conflicting row and counts 2', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 10)');
    expect(await run(ctx, 'REPLACE INTO t VALUES (1, 11), (2, 22)')).toMatchObject({ affectedRows: 3, info: 'Records: 2  Duplicates: 1  Warnings: 0' });
    expect(await query(ctx, 'SELECT * FROM t ORDER BY id')).toEqual([['1', '11'], ['2', '22']]);
  });

  it('AUTO_INCREMENT fills ids, follows explicit values and sets LAST_INSERT_ID', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(5))');
    expect(await run(ctx, "INSERT INTO t (v) VALUES ('a'), ('b')")).toMatchObject({ affectedRows: 2, lastInsertId: 1 });
    await run(ctx, "INSERT INTO t VALUES (10, 'c')");
    await run(ctx, "INSERT INTO t (v) VALUES ('d')");
    expect(await query(ctx, 'SELECT id, v FROM t ORDER BY id')).toEqual([['1', 'a'], ['2', 'b'], ['10', 'c'], ['11', 'd']]);
    expect(await query(ctx, 'SELECT LAST_INSERT_ID()')).toEqual([['11']]);
  });

  it('heap tables get a hidden __pk_increment never shown by SELECT * or DESC', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE h (a INT, b INT)');
    await run(ctx, 'INSERT INTO h VALUES (1, 2), (1, 2)');
    expect(await query(ctx, 'SELECT * FROM h')).toEqual([['1', '2'], ['1', '2']]);
    expect(await query(ctx, 'DESC h')).toEqual([['a', 'int(11)', 'YES', '', 'NULL', ''], ['b', 'int(11)', 'YES', '', 'NULL', '']]);
  });

  it('enforces NOT NULL, defaults and column counts with MySQL errors', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(3) NOT NULL)');
    expect(await errorOf(ctx, 'INSERT INTO t VALUES (1, NULL)')).toBe("ERROR 1048 (23000): Column 'v' cannot be null");
    expect(await errorOf(ctx, 'INSERT INTO t (id) VALUES (1)')).toBe("ERROR 1364 (HY000): Field 'v' doesn't have a default value");
    expect(await errorOf(ctx, 'INSERT INTO t VALUES (1)')).toBe("ERROR 1136 (21S01): Column count doesn't match value count at row 1");
    expect(await errorOf(ctx, "INSERT INTO t VALUES (1, 'abcd')")).toBe("ERROR 1406 (22001): Data too long for column 'v' at row 1");
    expect(await errorOf(ctx, "INSERT INTO t (id, zz) VALUES (1, 'a')")).toBe("ERROR 1054 (42S22): Unknown column 'zz' in 'field list'");
  });

  it('INSERT ... SELECT copies rows', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE a (id INT PRIMARY KEY, v INT); CREATE TABLE b (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO a VALUES (1, 1), (2, 4), (3, 9)');
    expect(await run(ctx, 'INSERT INTO b SELECT id, v * 2 FROM a WHERE id > 1')).toMatchObject({ affectedRows: 2, info: 'Records: 2  Duplicates: 0  Warnings: 0' });
    expect(await query(ctx, 'SELECT * FROM b ORDER BY id')).toEqual([['2', '8'], ['3', '18']]);
  });
});

describe('UPDATE and DELETE', () => {
  it('UPDATE reports matched and changed rows', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 1), (2, 5), (3, 3)');
    expect(await run(ctx, 'UPDATE t SET v = 5 WHERE id <= 2')).toEqual({ kind: 'ok', affectedRows: 1, info: 'Rows matched: 2  Changed: 1  Warnings: 0' });
    expect(await run(ctx, 'UPDATE t SET v = v + 1, id = id + 10 WHERE id = 3')).toMatchObject({ affectedRows: 1 });
    expect(await query(ctx, 'SELECT * FROM t ORDER BY id')).toEqual([['1', '5'], ['2', '5'], ['13', '4']]);
  });

  it('UPDATE to an existing primary key fails with ERROR 1062 and changes nothing', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 1), (2, 2)');
    expect(await errorOf(ctx, 'UPDATE t SET id = 2 WHERE id = 1')).toBe("ERROR 1062 (23000): Duplicate entry '2' for key 'PRIMARY'");
    await run(ctx, 'UPDATE t SET id = id + 10 ORDER BY id DESC');
    expect(await query(ctx, 'SELECT id FROM t ORDER BY id')).toEqual([['11'], ['12']]);
  });

  it('UPDATE evaluates SET left to right, ORDER BY and LIMIT apply', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 1, 0), (2, 2, 0), (3, 3, 0)');
    await run(ctx, 'UPDATE t SET a = a + 1, b = a ORDER BY id DESC LIMIT 2');
    expect(await query(ctx, 'SELECT * FROM t ORDER BY id')).toEqual([['1', '1', '0'], ['2', '3', '3'], ['3', '4', '4']]);
  });

  it('DELETE removes matching rows', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY, v INT)');
    await run(ctx, 'INSERT INTO t VALUES (1, 1), (2, 2), (3, 3)');
    expect(await run(ctx, 'DELETE FROM t WHERE v >= 2')).toEqual({ kind: 'ok', affectedRows: 2 });
    expect(await query(ctx, 'SELECT id FROM t')).toEqual([['1']]);
    expect(await run(ctx, 'DELETE FROM t')).toEqual({ kind: 'ok', affectedRows: 1 });
  });

  it('moves a row whose partition key changes', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE p (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 4');
    await run(ctx, 'INSERT INTO p VALUES (1, 1), (2, 2), (5, 5)');
    expect(ctx.cluster.partitionRowCounts('test', 'p')).toEqual([0, 2, 1, 0]);
    await run(ctx, 'UPDATE p SET id = 3 WHERE id = 5');
    expect(ctx.cluster.partitionRowCounts('test', 'p')).toEqual([0, 1, 1, 1]);
    expect(await query(ctx, 'SELECT id FROM p ORDER BY id')).toEqual([['1'], ['2'], ['3']]);
  });
});

describe('transactions', () => {
  it('ROLLBACK undoes and COMMIT keeps; SET autocommit', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY)');
    await run(ctx, 'BEGIN; INSERT INTO t VALUES (1); ROLLBACK');
    expect(await query(ctx, 'SELECT COUNT(*) FROM t')).toEqual([['0']]);
    await run(ctx, 'START TRANSACTION; INSERT INTO t VALUES (2); COMMIT');
    expect(await query(ctx, 'SELECT id FROM t')).toEqual([['2']]);
    await run(ctx, 'SET autocommit = 0; INSERT INTO t VALUES (3)');
    expect(await query(ctx, 'SELECT @@autocommit')).toEqual([['0']]);
    await run(ctx, 'SET autocommit = 1');
    expect(ctx.txn.inTransaction()).toBe(false);
    await run(ctx, 'ROLLBACK');
    expect(await query(ctx, 'SELECT COUNT(*) FROM t')).toEqual([['2']]);
  });

  it('refuses to change isolation inside a transaction', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'BEGIN');
    expect(await errorOf(ctx, 'SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE')).toBe(
      "ERROR 1568 (25001): Transaction characteristics can't be changed while a transaction is in progress",
    );
    await run(ctx, 'COMMIT; SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    expect(await query(ctx, 'SELECT @@transaction_isolation, @@tx_isolation')).toEqual([['REPEATABLE-READ', 'REPEATABLE-READ']]);
  });
});
