/**
 * A short HBase shell session end to end: the shell → the routing client
 * (`createKvClients(cluster.kvTransport())`) → the OBServers' HBase service on an in-process
 * cluster. Checks the transcript the user sees (timestamps given explicitly so it is stable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemClock } from '../../../../workers/system_clock';
import { LocalCluster } from '../../../server/local_cluster';
import { createKvClients } from '../../index';
import { HBaseShell, renderTranscript } from '../shell';

let cluster: LocalCluster;
let shell: HBaseShell;

beforeAll(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  const { globals } = createKvClients(cluster.kvTransport());
  let now = 0;
  shell = new HBaseShell({ api: globals, nowMs: () => (now += 5) });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

async function run(text: string): Promise<string> {
  return renderTranscript(await shell.run(text));
}

describe('HBase shell on a cluster', () => {
  it('creates a table, writes versions, reads them back with get and scan', async () => {
    const out = await run(
      [
        `create 'st', {NAME => 'f1', VERSIONS => 3}, 'f2'`,
        `put 'st', 'r1', 'f1:c1', 'v1', 1700000000000`,
        `put 'st', 'r1', 'f1:c1', 'v2', 1700000000001`,
        `put 'st', 'r1', 'f2:c2', 'x', 1700000000000`,
        `put 'st', 'r2', 'f1:c1', 'w', 1700000000005`,
        `put 'st', "r3\\x00", 'f1:c1', "\\x01\\x02", 1700000000006`,
        `get 'st', 'r1'`,
        `get 'st', 'r1', {COLUMN => 'f1:c1', VERSIONS => 3}`,
        `scan 'st'`,
      ].join('\n'),
    );
    expect(out).toBe(
      [
        `hbase:001:0> create 'st', {NAME => 'f1', VERSIONS => 3}, 'f2'`,
        'Created table st',
        'Took 0.0050 seconds',
        '=> Hbase::Table - st',
        `hbase:002:0> put 'st', 'r1', 'f1:c1', 'v1', 1700000000000`,
        'Took 0.0050 seconds',
        `hbase:003:0> put 'st', 'r1', 'f1:c1', 'v2', 1700000000001`,
        'Took 0.0050 seconds',
        `hbase:004:0> put 'st', 'r1', 'f2:c2', 'x', 1700000000000`,
        'Took 0.0050 seconds',
        `hbase:005:0> put 'st', 'r2', 'f1:c1', 'w', 1700000000005`,
        'Took 0.0050 seconds',
        `hbase:006:0> put 'st', "r3\\x00", 'f1:c1', "\\x01\\x02", 1700000000006`,
        'Took 0.0050 seconds',
        `hbase:007:0> get 'st', 'r1'`,
        'COLUMN                 CELL',
        ' f1:c1                 timestamp=1700000000001, value=v2',
        ' f2:c2                 timestamp=1700000000000, value=x',
        '1 row(s)',
        'Took 0.0050 seconds',
        `hbase:008:0> get 'st', 'r1', {COLUMN => 'f1:c1', VERSIONS => 3}`,
        'COLUMN                 CELL',
        ' f1:c1                 timestamp=1700000000001, value=v2',
        ' f1:c1                 timestamp=1700000000000, value=v1',
        '1 row(s)',
        'Took 0.0050 seconds',
        `hbase:009:0> scan 'st'`,
        'ROW                    COLUMN+CELL',
        ' r1                    column=f1:c1, timestamp=1700000000001, value=v2',
        ' r1                    column=f2:c2, timestamp=1700000000000, value=x',
        ' r2                    column=f1:c1, timestamp=1700000000005, value=w',
        ' r3\\x00                column=f1:c1, timestamp=1700000000006, value=\\x01\\x02',
        '3 row(s)',
        'Took 0.0050 seconds',
      ].join('\n'),
    );
  });

  it('scan options: reversed with a limit, a row prefix, a filter', async () => {
    const out = await run(
      [`scan 'st', {REVERSED => true, LIMIT => 1}`, `scan 'st', {ROWPREFIXFILTER => 'r2'}`, `scan 'st', {FILTER => "ValueFilter(=, 'binary:x')"}`].join('\n'),
    );
    const blocks = out.split(/\nhbase:\d+:0> /);
    expect(blocks[0]).toContain(' r3\\x00                column=f1:c1');
    expect(blocks[0]).toContain('1 row(s)');
    expect(blocks[1]).toContain(' r2                    column=f1:c1, timestamp=1700000000005, value=w\n1 row(s)');
    expect(blocks[2]).toContain(' r1                    column=f2:c2, timestamp=1700000000000, value=x\n1 row(s)');
  });

  it('counters, append, delete of all versions, count, deleteall', async () => {
    const out = await run(
      [
        `incr 'st', 'r1', 'f1:n', 10`,
        `incr 'st', 'r1', 'f1:n'`,
        `get_counter 'st', 'r1', 'f1:n'`,
        `append 'st', 'r2', 'f1:c1', '+more'`,
        `delete 'st', 'r1', 'f1:c1'`,
        `get 'st', 'r1', {COLUMN => 'f1:c1', VERSIONS => 3}`,
        `deleteall 'st', 'r2'`,
        `count 'st'`,
      ].join('\n'),
    );
    expect(out).toContain(`hbase:013:0> incr 'st', 'r1', 'f1:n', 10\nCOUNTER VALUE = 10`);
    expect(out).toContain(`hbase:014:0> incr 'st', 'r1', 'f1:n'\nCOUNTER VALUE = 11`);
    expect(out).toContain(`get_counter 'st', 'r1', 'f1:n'\nCOUNTER VALUE = 11`);
    expect(out).toContain('CURRENT VALUE = w+more');
    expect(out).toContain(`get 'st', 'r1', {COLUMN => 'f1:c1', VERSIONS => 3}\nCOLUMN                 CELL\n0 row(s)`);
    expect(out).toContain(`count 'st'\n2 row(s)\nTook 0.0050 seconds\n=> 2`);
    expect(out).not.toContain('ERROR');
  });

  it('describe, list, drop needs disable, then the table is gone', async () => {
    const out = await run([`describe 'st'`, `list`, `drop 'st'`, `disable 'st'`, `is_disabled 'st'`, `drop 'st'`, `exists 'st'`].join('\n'));
    expect(out).toContain(`describe 'st'\nTable st is ENABLED\nst, {TABLE_ATTRIBUTES => {TABLEGROUP => 'st', PARTITIONING => 'KEY(K) PARTITIONS`);
    expect(out).toContain(`COLUMN FAMILIES DESCRIPTION\n{NAME => 'f1', VERSIONS => '3', TTL => 'FOREVER'}\n{NAME => 'f2', VERSIONS => '1', TTL => 'FOREVER'}\n\n2 row(s)`);
    expect(out).toMatch(/hbase:\d+:0> list\nTABLE\n(.*\n)*st\n/);
    expect(out).toMatch(/drop 'st'\nERROR: \[-10519\]\[OB_KV_TABLE_NOT_DISABLED\]\[.*\]/);
    expect(out).toContain(`is_disabled 'st'\ntrue`);
    expect(out).toContain(`exists 'st'\nTable st does not exist\nTook 0.0050 seconds\n=> false`);
  });
});
