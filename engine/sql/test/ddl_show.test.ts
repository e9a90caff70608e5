import { describe, expect, it } from 'vitest';
import { createFakeContext, errorOf, query, run } from './fake_context';

describe('DDL and SHOW', () => {
  it('creates, uses and drops databases', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE DATABASE shop');
    expect(await query(ctx, 'SHOW DATABASES')).toEqual([['information_schema'], ['mysql'], ['oceanbase'], ['shop'], ['test']]);
    await run(ctx, 'USE shop');
    expect(await query(ctx, 'SELECT DATABASE()')).toEqual([['shop']]);
    expect(await errorOf(ctx, 'USE nope')).toBe("ERROR 1049 (42000): Unknown database 'nope'");
    await run(ctx, 'DROP DATABASE shop');
    expect(await query(ctx, 'SELECT DATABASE()')).toEqual([['NULL']]);
    expect(await errorOf(ctx, 'SELECT * FROM t')).toBe('ERROR 1046 (3D000): No database selected');
  });

  it('SHOW TABLES and SHOW TABLES FROM oceanbase', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE b (id INT PRIMARY KEY); CREATE TABLE a (id INT PRIMARY KEY)');
    const r = await run(ctx, 'SHOW TABLES');
    expect(r.kind === 'rows' && r.columns[0].name).toBe('Tables_in_test');
    expect(await query(ctx, 'SHOW TABLES')).toEqual([['a'], ['b']]);
    expect(await query(ctx, 'SHOW TABLES FROM oceanbase')).toEqual([['DBA_OB_TEST_VIEW']]);
    expect(await query(ctx, 'SELECT NAME FROM oceanbase.DBA_OB_TEST_VIEW WHERE ID = 2')).toEqual([['two']]);
  });

  it('DESC shows Field | Type | Null | Key | Default | Extra', async () => {
    const ctx = createFakeContext();
    await run(ctx, "CREATE TABLE t (id BIGINT NOT NULL AUTO_INCREMENT, name VARCHAR(20) DEFAULT 'x', price DECIMAL(15,2), PRIMARY KEY (id))");
    const r = await run(ctx, 'DESC t');
    expect(r.kind === 'rows' && r.columns.map((c) => c.name)).toEqual(['Field', 'Type', 'Null', 'Key', 'Default', 'Extra']);
    expect(await query(ctx, 'DESC t')).toEqual([
      ['id', 'bigint(20)', 'NO', 'PRI', 'NULL', 'auto_increment'],
      ['name', 'varchar(20)', 'YES', '', 'x', ''],
      ['price', 'decimal(15,2)', 'YES', '', 'NULL', ''],
    ]);
  });

  it('SHOW CREATE TABLE prints OceanBase format with partitions', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE t (c1 INT NOT NULL, c2 INT, KEY i2 (c2), PRIMARY KEY (c1)) PARTITION BY HASH(c1) PARTITIONS 2');
    const [[name, text]] = await query(ctx, 'SHOW CREATE TABLE t');
    expect(name).toBe('t');
    expect(text).toBe(
      'CREATE TABLE `t` (\n' +
        '  `c1` int(11) NOT NULL,\n' +
        '  `c2` int(11) DEFAULT NULL,\n' +
        '  PRIMARY KEY (`c1`),\n' +
        '  KEY `i2` (`c2`) BLOCK_SIZE 16384 LOCAL\n' +
        ") DEFAULT CHARSET = utf8mb4 ROW_FORMAT = DYNAMIC COMPRESSION = 'zstd_1.3.8' REPLICA_NUM = 1 BLOCK_SIZE = 16384 USE_BLOOM_FILTER = FALSE TABLET_SIZE = 134217728 PCTFREE = 0\n" +
        ' partition by hash(c1)\n' +
        '(partition p0,\n' +
        'partition p1)',
    );
  });

  it('range and list partitions and column groups in SHOW CREATE TABLE', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'CREATE TABLE r (id INT PRIMARY KEY) PARTITION BY RANGE(id) (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)');
    const [[, r]] = await query(ctx, 'SHOW CREATE TABLE r');
    expect(r.endsWith(' partition by range(id)\n(partition p0 values less than (100),\npartition p1 values less than (MAXVALUE))')).toBe(true);
    await run(ctx, 'CREATE TABLE l (id INT PRIMARY KEY) PARTITION BY LIST(id) (PARTITION p0 VALUES IN (1,2), PARTITION p1 VALUES IN (3))');
    const [[, l]] = await query(ctx, 'SHOW CREATE TABLE l');
    expect(l.endsWith(' partition by list(id)\n(partition p0 values in (1,2),\npartition p1 values in (3))')).toBe(true);
    await run(ctx, 'CREATE TABLE c (id INT PRIMARY KEY, v INT) WITH COLUMN GROUP(all columns, each column)');
    const [[, c]] = await query(ctx, 'SHOW CREATE TABLE c');
    expect(c.endsWith('PCTFREE = 0 WITH COLUMN GROUP(all columns, each column)')).toBe(true);
  });

  it('validates CREATE TABLE', async () => {
    const ctx = createFakeContext();
    expect(await errorOf(ctx, 'CREATE TABLE t (a DECIMAL(66,2))')).toBe("ERROR 1426 (42000): Too-big precision 66 specified for 'a'. Maximum is 65.");
    expect(await errorOf(ctx, 'CREATE TABLE t (a DECIMAL(10,31))')).toBe("ERROR 1425 (42000): Too big scale 31 specified for column 'a'. Maximum is 30.");
    expect(await errorOf(ctx, 'CREATE TABLE t (a DECIMAL(5,6))')).toBe("ERROR 1427 (42000): For float(M,D), double(M,D) or decimal(M,D), M must be >= D (column 'a').");
    expect(await errorOf(ctx, 'CREATE TABLE t (a INT PRIMARY KEY, b INT PRIMARY KEY)')).toBe('ERROR 1068 (42000): Multiple primary key defined');
    expect(await errorOf(ctx, 'CREATE TABLE t (a INT AUTO_INCREMENT, b INT)')).toBe(
      'ERROR 1075 (42000): Incorrect table definition; there can be only one auto column and it must be defined as a key',
    );
    expect(await errorOf(ctx, 'CREATE TABLE t (a INT, a INT)')).toBe("ERROR 1060 (42S21): Duplicate column name 'a'");
    expect(await errorOf(ctx, 'CREATE TABLE t (a INT PRIMARY KEY, b INT) PARTITION BY HASH(b) PARTITIONS 2')).toBe(
      "ERROR 1503 (HY000): A PRIMARY KEY must include all columns in the table's partitioning function",
    );
    expect(await errorOf(ctx, 'CREATE TABLE t (a INT PRIMARY KEY, UNIQUE KEY u (a))')).toMatch(/^ERROR 1235 \(0A000\)/);
    await run(ctx, 'CREATE TABLE t (a INT PRIMARY KEY)');
    expect(await errorOf(ctx, 'CREATE TABLE t (a INT PRIMARY KEY)')).toBe("ERROR 1050 (42S01): Table 't' already exists");
    await run(ctx, 'CREATE TABLE IF NOT EXISTS t (a INT PRIMARY KEY)');
  });

  it('SHOW VARIABLES, @@version and session functions', async () => {
    const ctx = createFakeContext();
    expect(await query(ctx, "SHOW VARIABLES LIKE 'autocommit'")).toEqual([['autocommit', '1']]);
    expect(await query(ctx, 'SELECT @@version, @@tx_isolation')).toEqual([['5.7.25-OceanBase_CE-v4.3.3.0', 'READ-COMMITTED']]);
    expect(await query(ctx, 'SELECT VERSION(), USER(), CONNECTION_ID()')).toEqual([['5.7.25-OceanBase_CE-v4.3.3.0', 'root@%', '3221487617']]);
    await run(ctx, 'SET @x = 41');
    expect(await query(ctx, 'SELECT @x + 1')).toEqual([['42']]);
    expect(await errorOf(ctx, 'SELECT @@nope')).toBe("ERROR 1193 (HY000): Unknown system variable 'nope'");
  });

  it('ALTER SYSTEM and CALL go to the admin service; TRUNCATE empties', async () => {
    const ctx = createFakeContext();
    await run(ctx, 'ALTER SYSTEM MAJOR FREEZE');
    expect(ctx.cluster.alterSystemCalls.map((s) => s.action)).toEqual(['majorFreeze']);
    await run(ctx, "CALL dbms_playground.load_sample_data('tpch', 0.01)");
    expect(ctx.cluster.calls[0].args.map(String)).toEqual(['tpch', '0.01']);
    await run(ctx, 'CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1); TRUNCATE TABLE t');
    expect(await query(ctx, 'SELECT COUNT(*) FROM t')).toEqual([['0']]);
  });
});
