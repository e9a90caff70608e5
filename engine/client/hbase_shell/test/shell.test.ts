/**
 * Each shell command against a fake OBKV-HBase client: the calls and builder options it makes, and
 * its output as the HBase 2.x shell prints it (goldens via `renderTranscript`).
 */
import { describe, expect, it } from 'vitest';
import { longToBytes } from '../../../common/binary';
import { Errors } from '../../../common/ob_error';
import { HBaseShell, renderTranscript } from '../shell';
import { cell, fakeHBase, kvError, result, type FakeHBase } from './fake_api';

/** A shell whose clock advances 12 ms per reading, so every command took 0.0120 s. */
function setup(): { fake: FakeHBase; shell: HBaseShell; run: (text: string) => Promise<string> } {
  const fake = fakeHBase();
  let now = 1_000_000;
  const shell = new HBaseShell({ api: fake.api, nowMs: () => (now += 12) });
  const run = async (text: string) => renderTranscript(await shell.run(text));
  return { fake, shell, run };
}

/** The ops recorded on the builder passed as the call's argument `i`. */
function ops(call: unknown[], i = 1): unknown[] {
  return (call[i] as { ops: unknown[] }).ops;
}

describe('DDL', () => {
  it('create: families from strings and hashes, VERSIONS/TTL, SPLITS', async () => {
    const { fake, run } = setup();
    const out = await run(`create 't1', 'f1', {NAME => 'f2', VERSIONS => 3, TTL => 3600}, SPLITS => ['g', 'p']`);
    expect(fake.calls).toEqual([
      ['admin.createTable', 't1', [{ name: 'f1' }, { name: 'f2', maxVersions: 3, ttlSeconds: 3600 }], { splits: ['g', 'p'] }],
    ]);
    expect(out).toBe(
      [
        `hbase:001:0> create 't1', 'f1', {NAME => 'f2', VERSIONS => 3, TTL => 3600}, SPLITS => ['g', 'p']`,
        'Created table t1',
        'Took 0.0120 seconds',
        '=> Hbase::Table - t1',
      ].join('\n'),
    );
  });

  it('create: NUMREGIONS sets the partition count; ignored HBase options are noted; no family is an error', async () => {
    const { fake, run } = setup();
    const out = await run(`create 't1', {NAME => 'f1', COMPRESSION => 'SNAPPY'}, {NUMREGIONS => 4}\ncreate 't2'`);
    expect(fake.calls).toEqual([['admin.createTable', 't1', [{ name: 'f1' }], { partitions: 4 }]]);
    expect(out).toContain('OBKV-HBase keeps only VERSIONS and TTL of a family; ignored: COMPRESSION');
    expect(out).toContain(`hbase:002:0> create 't2'\nERROR: Table must have at least one column family\nFor usage try 'help "create"'\nTook 0.0120 seconds`);
  });

  it('list prints TABLE, the names, the count and the Ruby array', async () => {
    const { fake, run } = setup();
    fake.responses['admin.listTables'] = ['t1', 'users'];
    expect(await run(`list 'u.*'`)).toBe(
      [`hbase:001:0> list 'u.*'`, 'TABLE', 't1', 'users', '2 row(s)', 'Took 0.0120 seconds', '=> ["t1", "users"]'].join('\n'),
    );
    expect(fake.calls).toEqual([['admin.listTables', 'u.*']]);
  });

  it('describe prints the state, attributes and families', async () => {
    const { fake, run } = setup();
    fake.responses['admin.describe'] = {
      name: 't1',
      enabled: true,
      families: [
        { name: 'f1', maxVersions: 3, ttlSeconds: 3600 },
        { name: 'f2', maxVersions: 1, ttlSeconds: null },
      ],
      partitioning: 'KEY(K) PARTITIONS 3',
    };
    expect(await run(`desc 't1'`)).toBe(
      [
        `hbase:001:0> desc 't1'`,
        'Table t1 is ENABLED',
        "t1, {TABLE_ATTRIBUTES => {TABLEGROUP => 't1', PARTITIONING => 'KEY(K) PARTITIONS 3'}}",
        'COLUMN FAMILIES DESCRIPTION',
        "{NAME => 'f1', VERSIONS => '3', TTL => '3600 SECONDS (1 HOUR)'}",
        "{NAME => 'f2', VERSIONS => '1', TTL => 'FOREVER'}",
        '',
        '2 row(s)',
        'Took 0.0120 seconds',
      ].join('\n'),
    );
  });

  it('exists / is_enabled / is_disabled answer and return the boolean', async () => {
    const { fake, run } = setup();
    fake.responses['admin.tableExists'] = (name: string) => name === 't1';
    fake.responses['admin.isTableEnabled'] = false;
    const out = await run(`exists 't1'\nexists 'nope'\nis_enabled 't1'\nis_disabled 't1'`);
    expect(out).toBe(
      [
        `hbase:001:0> exists 't1'`, 'Table t1 does exist', 'Took 0.0120 seconds', '=> true',
        `hbase:002:0> exists 'nope'`, 'Table nope does not exist', 'Took 0.0120 seconds', '=> false',
        `hbase:003:0> is_enabled 't1'`, 'false', 'Took 0.0120 seconds', '=> false',
        `hbase:004:0> is_disabled 't1'`, 'true', 'Took 0.0120 seconds', '=> true',
      ].join('\n'),
    );
  });

  it('disable, enable, drop and truncate call the admin', async () => {
    const { fake, run } = setup();
    const out = await run(`disable 't1'\nenable 't1'\ndisable 't1'\ndrop 't1'\ntruncate 't2'`);
    expect(fake.calls).toEqual([
      ['admin.disableTable', 't1'],
      ['admin.enableTable', 't1'],
      ['admin.disableTable', 't1'],
      ['admin.deleteTable', 't1'],
      ['admin.truncateTable', 't2'],
    ]);
    expect(out).toContain(`hbase:005:0> truncate 't2'\nTruncating 't2' table (it may take a while):\nTruncating table...\nTook 0.0120 seconds`);
  });

  it('drop of an enabled table shows the OBKV error code', async () => {
    const { fake, run } = setup();
    fake.responses['admin.deleteTable'] = Errors.kvTableNotDisabled('t1');
    expect(await run(`drop 't1'`)).toBe(
      [`hbase:001:0> drop 't1'`, "ERROR: [-10519][OB_KV_TABLE_NOT_DISABLED][Table 't1' is not disabled]", 'Took 0.0120 seconds'].join('\n'),
    );
  });

  it('alter modifies VERSIONS/TTL, adds a family, deletes one both ways', async () => {
    const { fake, run } = setup();
    const out = await run(
      [
        `alter 't1', NAME => 'f1', VERSIONS => 5`,
        `alter 't1', {NAME => 'f1', TTL => 'FOREVER'}, 'f3'`,
        `alter 't1', 'delete' => 'f2'`,
        `alter 't1', NAME => 'f3', METHOD => 'delete'`,
        `alter 't1', MAX_FILESIZE => '134217728'`,
      ].join('\n'),
    );
    expect(fake.calls).toEqual([
      ['admin.modifyFamily', 't1', { name: 'f1', maxVersions: 5 }],
      ['admin.modifyFamily', 't1', { name: 'f1' }],
      ['admin.modifyFamily', 't1', { name: 'f3' }],
      ['admin.deleteFamily', 't1', 'f2'],
      ['admin.deleteFamily', 't1', 'f3'],
    ]);
    expect(out).toContain(`hbase:001:0> alter 't1', NAME => 'f1', VERSIONS => 5\nUpdating all regions with the new schema...\nDone.\nTook 0.0120 seconds`);
    expect(out).toContain('ERROR: OBKV-HBase cannot alter table attributes (MAX_FILESIZE)');
  });
});

describe('DML', () => {
  it('put with and without a timestamp, bare family = empty qualifier', async () => {
    const { fake, run } = setup();
    const out = await run(`put 't1', 'r1', 'f1:c1', 'v1'\nput 't1', 'r1', 'f1:c1', 'v2', 1700000000000\nput 't1', "r\\x00", 'f1', 42`);
    expect(fake.calls.map((c) => [c[0], c[1], (c[2] as { rowText: string }).rowText, ops(c, 2)])).toEqual([
      ['table.put', 't1', 'r1', [['addColumn', 'f1', 'c1', 'v1']]],
      ['table.put', 't1', 'r1', [['addColumn', 'f1', 'c1', 1700000000000, 'v2']]],
      ['table.put', 't1', 'r\x00', [['addColumn', 'f1', '', '42']]],
    ]);
    expect(out).toBe(
      [
        `hbase:001:0> put 't1', 'r1', 'f1:c1', 'v1'`, 'Took 0.0120 seconds',
        `hbase:002:0> put 't1', 'r1', 'f1:c1', 'v2', 1700000000000`, 'Took 0.0120 seconds',
        `hbase:003:0> put 't1', "r\\x00", 'f1', 42`, 'Took 0.0120 seconds',
      ].join('\n'),
    );
  });

  it('get prints COLUMN/CELL rows with timestamps and values', async () => {
    const { fake, run } = setup();
    fake.responses['table.get'] = result([
      cell('r1', 'f1:c1', 1700000000002, 'new'),
      cell('r1', 'f1:c1', 1700000000001, 'old'),
      cell('r1', 'f2:bin', 1700000000000, '\x00\x01ok\xff', true),
    ]);
    const out = await run(`get 't1', 'r1', {COLUMN => ['f1:c1', 'f2'], VERSIONS => 2}`);
    expect(ops(fake.calls[0], 2)).toEqual([
      ['addColumn', 'f1', 'c1'],
      ['addFamily', 'f2'],
      ['setMaxVersions', 2],
    ]);
    expect(out).toBe(
      [
        `hbase:001:0> get 't1', 'r1', {COLUMN => ['f1:c1', 'f2'], VERSIONS => 2}`,
        'COLUMN                 CELL',
        ' f1:c1                 timestamp=1700000000002, value=new',
        ' f1:c1                 timestamp=1700000000001, value=old',
        ' f2:bin                timestamp=1700000000000, value=\\x00\\x01ok\\xFF',
        '1 row(s)',
        'Took 0.0120 seconds',
      ].join('\n'),
    );
  });

  it('get options: columns as arguments, TIMERANGE, TIMESTAMP, FILTER; an empty row is 0 row(s)', async () => {
    const { fake, run } = setup();
    fake.responses['table.get'] = result([]);
    const out = await run(
      [
        `get 't1', 'r1', 'f1:a', 'f1:b'`,
        `get 't1', 'r1', ['f1:a']`,
        `get 't1', 'r1', {TIMERANGE => [10, 20], FILTER => "ValueFilter(=, 'binary:abc')"}`,
        `get 't1', 'r1', {COLUMNS => 'f1:a', TIMESTAMP => 15}`,
      ].join('\n'),
    );
    expect(fake.calls.map((c) => ops(c, 2))).toEqual([
      [['addColumn', 'f1', 'a'], ['addColumn', 'f1', 'b']],
      [['addColumn', 'f1', 'a']],
      [['setTimeRange', 10, 20], ['setFilter', "ValueFilter(=, 'binary:abc')"]],
      [['addColumn', 'f1', 'a'], ['setTimeStamp', 15]],
    ]);
    expect(out).toContain(`hbase:001:0> get 't1', 'r1', 'f1:a', 'f1:b'\nCOLUMN                 CELL\n0 row(s)\nTook 0.0120 seconds`);
  });

  it('column converters (f:q:toLong) and FORMATTER => toString show values typed', async () => {
    const { fake, run } = setup();
    const cells = [
      cell('r1', 'f1:hits', 5, longToBytes(-42n), true),
      cell('r1', 'f1:n', 5, '\x00\x00\x01\x00', true),
      cell('r1', 'f1:txt', 5, 'é!'),
    ];
    fake.responses['table.get'] = result(cells);
    fake.responses['table.scan'] = [result(cells)];
    const out = await run(
      [
        `get 't1', 'r1', 'f1:hits:toLong', 'f1:n:toInt', 'f1:txt'`,
        `scan 't1', {COLUMNS => ['f1:hits:toLong', 'f1:n:toLong'], FORMATTER => 'toString'}`,
      ].join('\n'),
    );
    expect(ops(fake.calls[0], 2)).toEqual([
      ['addColumn', 'f1', 'hits'],
      ['addColumn', 'f1', 'n'],
      ['addColumn', 'f1', 'txt'],
    ]);
    expect(out).toContain(' f1:hits               timestamp=5, value=-42\n f1:n                  timestamp=5, value=256\n f1:txt                timestamp=5, value=é!');
    // toLong of a 4-byte value does not apply: the FORMATTER (toString) shows it.
    expect(out).toContain('column=f1:hits, timestamp=5, value=-42\n r1                    column=f1:n, timestamp=5, value=\\x00\\x00\\x01\\x00');
  });

  it('scan prints ROW/COLUMN+CELL and the row count', async () => {
    const { fake, run } = setup();
    fake.responses['table.scan'] = [
      result([cell('r1', 'f1:c1', 1700000000000, 'v1'), cell('r1', 'f2:c2', 1700000000000, 'v2')]),
      result([cell('row-with-a-very-long-key', 'f1:c1', 1700000000001, 'x')]),
    ];
    expect(await run(`scan 't1'`)).toBe(
      [
        `hbase:001:0> scan 't1'`,
        'ROW                    COLUMN+CELL',
        ' r1                    column=f1:c1, timestamp=1700000000000, value=v1',
        ' r1                    column=f2:c2, timestamp=1700000000000, value=v2',
        ' row-with-a-very-long-key column=f1:c1, timestamp=1700000000001, value=x',
        '2 row(s)',
        'Took 0.0120 seconds',
      ].join('\n'),
    );
    expect(fake.calls).toEqual([['table.scan', 't1', expect.anything()]]);
    expect(ops(fake.calls[0], 2)).toEqual([]);
  });

  it('scan options reach the Scan builder', async () => {
    const { fake, run } = setup();
    fake.responses['table.scan'] = [];
    await run(
      `scan 't1', {COLUMNS => ['f1:c1', 'f2'], STARTROW => 'a', STOPROW => 'm', LIMIT => 10, REVERSED => true, VERSIONS => 3, TIMERANGE => [1, 2], FILTER => "PrefixFilter('r')", CACHE => 100, BATCH => 5}`,
    );
    expect(ops(fake.calls[0], 2)).toEqual([
      ['setReversed', true],
      ['withStartRow', 'a'],
      ['withStopRow', 'm'],
      ['addColumn', 'f1', 'c1'],
      ['addFamily', 'f2'],
      ['setMaxVersions', 3],
      ['setTimeRange', 1, 2],
      ['setFilter', "PrefixFilter('r')"],
      ['setLimit', 10],
      ['setCaching', 100],
      ['setBatch', 5],
    ]);
  });

  it('ROWPREFIXFILTER scans [prefix, next(prefix)) and keeps only prefixed rows', async () => {
    const { fake, run } = setup();
    fake.responses['table.scan'] = [
      result([cell('row2', 'f:q', 1, 'a')]),
      result([cell('row2x', 'f:q', 1, 'b')]),
      result([cell('row3', 'f:q', 1, 'c')]),
    ];
    const out = await run(`scan 't1', {ROWPREFIXFILTER => 'row2'}\nscan 't1', {ROWPREFIXFILTER => "a\\xff", REVERSED => true, LIMIT => 1}`);
    expect(ops(fake.calls[0], 2)).toEqual([
      ['withStartRow', 'row2', true],
      ['withStopRow', 'row3', false],
    ]);
    expect(ops(fake.calls[1], 2)).toEqual([
      ['setReversed', true],
      ['withStartRow', 'b', false],
      ['withStopRow', 'bytes(97,255)', true],
      ['setLimit', 2],
    ]);
    expect(out).toContain(' row2x                 column=f:q, timestamp=1, value=b\n2 row(s)');
  });

  it('RAW => true is refused; unknown options get a did-you-mean', async () => {
    const { fake, run } = setup();
    const out = await run(`scan 't1', {RAW => true, VERSIONS => 10}\nscan 't1', {'LIMT' => 1}`);
    expect(fake.calls).toEqual([]);
    expect(out).toContain('ERROR: OBKV-HBase has no raw scans');
    expect(out).toContain('ERROR: unknown option LIMT (did you mean LIMIT?)');
  });

  it('delete is addColumns (all versions ≤ ts); deleteall covers row, column, family', async () => {
    const { fake, run } = setup();
    await run(
      [
        `delete 't1', 'r1', 'f1:c1'`,
        `delete 't1', 'r1', 'f1:c1', 1700000000000`,
        `delete 't1', 'r1', 'f1'`,
        `deleteall 't1', 'r1'`,
        `deleteall 't1', 'r1', 'f1:c1'`,
        `deleteall 't1', 'r1', 'f1:c1', 5`,
        `deleteall 't1', 'r1', 'f2', 5`,
      ].join('\n'),
    );
    expect(fake.calls.map((c) => [c[0], ops(c, 2)])).toEqual([
      ['table.delete', [['addColumns', 'f1', 'c1', undefined]]],
      ['table.delete', [['addColumns', 'f1', 'c1', 1700000000000]]],
      ['table.delete', [['addFamily', 'f1', undefined]]],
      ['table.delete', []],
      ['table.delete', [['addColumns', 'f1', 'c1', undefined]]],
      ['table.delete', [['addColumns', 'f1', 'c1', 5]]],
      ['table.delete', [['addFamily', 'f2', 5]]],
    ]);
  });

  it('deleteall with ROWPREFIXFILTER deletes every matching row', async () => {
    const { fake, run } = setup();
    fake.responses['table.scan'] = [result([cell('p1', 'f:q', 1, 'a')]), result([cell('p2', 'f:q', 1, 'b')])];
    await run(`deleteall 't1', {ROWPREFIXFILTER => 'p'}`);
    expect(fake.calls[1][0]).toBe('table.delete');
    expect((fake.calls[1][2] as { rowText: string }[]).map((d) => d.rowText)).toEqual(['p1', 'p2']);
  });

  it('incr and get_counter print COUNTER VALUE', async () => {
    const { fake, run } = setup();
    fake.responses['table.incrementColumnValue'] = 11n;
    fake.responses['table.get'] = result([cell('r1', 'f1:cnt', 1, longToBytes(11n), true)]);
    const out = await run(`incr 't1', 'r1', 'f1:cnt', 10\nincr 't1', 'r1', 'f1:cnt'\nget_counter 't1', 'r1', 'f1:cnt'`);
    expect(fake.calls[0]).toEqual(['table.incrementColumnValue', 't1', 'r1', 'f1', 'cnt', 10n]);
    expect(fake.calls[1]).toEqual(['table.incrementColumnValue', 't1', 'r1', 'f1', 'cnt', 1n]);
    expect(ops(fake.calls[2], 2)).toEqual([['addColumn', 'f1', 'cnt']]);
    expect(out).toBe(
      [
        `hbase:001:0> incr 't1', 'r1', 'f1:cnt', 10`, 'COUNTER VALUE = 11', 'Took 0.0120 seconds',
        `hbase:002:0> incr 't1', 'r1', 'f1:cnt'`, 'COUNTER VALUE = 11', 'Took 0.0120 seconds',
        `hbase:003:0> get_counter 't1', 'r1', 'f1:cnt'`, 'COUNTER VALUE = 11', 'Took 0.0120 seconds',
      ].join('\n'),
    );
  });

  it('get_counter on a missing or non-counter cell', async () => {
    const { fake, run } = setup();
    fake.responses['table.get'] = result([]);
    expect(await run(`get_counter 't1', 'r1', 'f1:c'`)).toContain('No counter found at specified coordinates');
    fake.responses['table.get'] = result([cell('r1', 'f1:c', 1, 'abc')]);
    expect(await run(`get_counter 't1', 'r1', 'f1:c'`)).toContain(
      'ERROR: f1:c holds 3 byte(s) (value=abc); a counter is an 8-byte long written by incr',
    );
  });

  it('incr on a non-long cell shows the OBKV error', async () => {
    const { fake, run } = setup();
    fake.responses['table.incrementColumnValue'] = kvError(-10516, 'OB_KV_HBASE_INCR_FIELD_IS_NOT_LONG', 'hbase increment field is not long');
    expect(await run(`incr 't1', 'r1', 'f1:c'`)).toContain('ERROR: [-10516][OB_KV_HBASE_INCR_FIELD_IS_NOT_LONG][hbase increment field is not long]');
  });

  it('append prints CURRENT VALUE', async () => {
    const { fake, run } = setup();
    fake.responses['table.append'] = result([cell('r1', 'f1:c1', 1, 'value_append')]);
    const out = await run(`append 't1', 'r1', 'f1:c1', '_append'`);
    expect(fake.calls[0]).toEqual(['table.append', 't1', 'r1', 'f1', 'c1', '_append']);
    expect(out).toContain('CURRENT VALUE = value_append');
  });

  it('count prints progress every INTERVAL rows, the total, and returns it', async () => {
    const { fake, run } = setup();
    fake.responses['table.scan'] = ['a', 'b', 'c', 'd', 'e'].map((r) => result([cell(r, 'f:q', 1, 'v')]));
    expect(await run(`count 't1', INTERVAL => 2, CACHE => 1000`)).toBe(
      [
        `hbase:001:0> count 't1', INTERVAL => 2, CACHE => 1000`,
        'Current count: 2, row: b',
        'Current count: 4, row: d',
        '5 row(s)',
        'Took 0.0120 seconds',
        '=> 5',
      ].join('\n'),
    );
    expect(ops(fake.calls[0], 2)).toEqual([['setCaching', 1000]]);
  });
});

describe('general and errors', () => {
  it('unknown words get a did-you-mean; unsupported HBase commands say so', async () => {
    const { run } = setup();
    const out = await run(`scna 't1'\nfoo\nsnapshot 't1', 's1'\nmajor_compact 't1'\ndrop_all 't.*'`);
    expect(out).toBe(
      [
        `hbase:001:0> scna 't1'`, "ERROR: Unknown command 'scna'. Did you mean 'scan'?",
        'hbase:002:0> foo', "ERROR: Unknown command 'foo'",
        `hbase:003:0> snapshot 't1', 's1'`, "ERROR: 'snapshot' is not supported by OBKV-HBase",
        `hbase:004:0> major_compact 't1'`, "ERROR: 'major_compact' is not supported by OBKV-HBase",
        `hbase:005:0> drop_all 't.*'`, "ERROR: 'drop_all' asks for a y/n confirmation, which this editor cannot answer; run 'drop' for each table",
      ].join('\n'),
    );
  });

  it('wrong argument counts and types are usage errors', async () => {
    const { fake, run } = setup();
    const out = await run(`get 't1'\nput 't1', 'r1', 'f1:c1', 'v', 'not a ts'\nscan 't1', 'STARTROW'`);
    expect(fake.calls).toEqual([]);
    expect(out).toContain(`ERROR: wrong number of arguments for 'get' (given 1, expected 2+)\nFor usage try 'help "get"'`);
    expect(out).toContain('ERROR: timestamp must be an Integer, got String');
    expect(out).toContain('ERROR: scan options must be a hash');
  });

  it('a syntax error is reported and the next commands still run', async () => {
    const { fake, run } = setup();
    fake.responses['admin.listTables'] = [];
    const out = await run(`get 't1', 'r1' x\nlist`);
    expect(out).toBe(
      [
        `hbase:001:0> get 't1', 'r1' x`,
        "ERROR: syntax error at line 1, column 16: expected ',' or end of line, found 'x'",
        'hbase:002:0> list',
        'TABLE',
        '0 row(s)',
        'Took 0.0120 seconds',
        '=> []',
      ].join('\n'),
    );
  });

  it('help lists groups, help "cmd" shows the syntax; show_filters, version, whoami, status answer', async () => {
    const { fake, run } = setup();
    fake.responses['admin.listTables'] = ['t1'];
    const out = await run(`help\nhelp 'get'\nshow_filters\nwhoami\nstatus\nversion`);
    expect(out).toContain('  Group name: dml\n  Commands: put, get, scan, delete, deleteall, incr, get_counter, append, count');
    expect(out).toContain(`hbase:002:0> help 'get'\nget: Reads one row`);
    expect(out).toContain('PrefixFilter\n');
    expect(out).toContain('hbase:004:0> whoami\nroot@test\n    tenant: test, database: test');
    expect(out).toContain("OBKV-HBase in tenant 'test', database 'test': 1 table(s)");
    expect(out).toContain('HBase 2.x shell syntax on OBKV-HBase');
    expect(out.split('\n').filter((l) => l.startsWith('Took')).length).toBe(4);
  });

  it('numbers prompts across runs of the same shell', async () => {
    const { shell, fake } = setup();
    fake.responses['admin.listTables'] = [];
    await shell.run('list');
    const [o] = await shell.run('list');
    expect(o.seq).toBe(2);
    expect(shell.commandCount).toBe(2);
  });
});
