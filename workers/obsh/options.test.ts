import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from './options';

describe('obsh options (mysql client spelling)', () => {
  it('parses the flags scripts use with mysql', () => {
    const o = parseOptions(['-B', '-N', '-e', 'select 1', '-D', 'tpch', '-u', 'root@sys', '--force', '-n']);
    expect(o).toMatchObject({
      batch: true, columnNames: false, execute: 'select 1', database: 'tpch', user: 'root', tenant: 'sys', force: true,
      unbuffered: true,
    });
  });

  it('accepts grouped short flags, attached values, long forms and a positional database', () => {
    expect(parseOptions(['-BNf', '-Dtpch', '-eselect 2'])).toMatchObject({
      batch: true, columnNames: false, force: true, database: 'tpch', execute: 'select 2',
    });
    expect(parseOptions(['--database=world', '--execute=select 3', '--data-dir', '/tmp/x', '--skip-column-names'])).toMatchObject({
      database: 'world', execute: 'select 3', dataDir: '/tmp/x', columnNames: false,
    });
    expect(parseOptions(['-t', 'tpch']).database).toBe('tpch');
    expect(parseOptions(['-h127.0.0.1', '-P2881', '-p', '-A', '-c']).database).toBeNull();
    expect(parseOptions(['-uadmin@t1#obcluster'])).toMatchObject({ user: 'admin', tenant: 't1' });
  });

  it('parses the OBKV modes: --kv, --hbase (- for stdin) and --trace', () => {
    expect(parseOptions(['--kv=s.ts', '--trace', '-e', 'select 1'])).toMatchObject({ kv: 's.ts', trace: true, execute: 'select 1', hbase: null });
    expect(parseOptions(['--hbase', '-', '-f'])).toMatchObject({ hbase: '-', force: true, kv: null, trace: false });
    expect(() => parseOptions(['--trace=yes'])).toThrow(UsageError);
    expect(() => parseOptions(['--kv'])).toThrow(/requires an argument/);
  });

  it('rejects unknown options', () => {
    expect(() => parseOptions(['--frobnicate'])).toThrow(UsageError);
    expect(() => parseOptions(['-Z'])).toThrow(UsageError);
    expect(() => parseOptions(['-e'])).toThrow(/requires an argument/);
  });
});
