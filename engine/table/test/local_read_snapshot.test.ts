/**
 * KV reads on an LS leader take the LS-local read snapshot instead of a GTS round trip
 * (kv_tx.ts, `LogStream.localReadSnapshot`). The tenant's LS leaders are spread over the three
 * servers while GTS lives on LS 1's leader, so most reads here run on a server without GTS. A read
 * right after an acknowledged write must see it, and after the whole cluster restarts — the rows
 * then only in SSTables and the clog, the LSs' applied SCN starting again — every row must still be
 * visible.
 */
import { afterEach, expect, it } from 'vitest';
import { SystemClock } from '../../../workers/system_clock';
import { MemoryFileSystem } from '../../env/memory';
import { LocalCluster } from '../../server/local_cluster';
import { createKvClients } from '../../client/index';
import { sql } from './kv_harness';

let cluster: LocalCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

it('reads see every acknowledged write on leaders without GTS, also after a restart from SSTables', async () => {
  const fsList = [new MemoryFileSystem(), new MemoryFileSystem(), new MemoryFileSystem()];
  const boot = () => LocalCluster.start({ clock: new SystemClock(), fsFor: (id) => fsList[id - 1] });
  cluster = await boot();
  await sql(cluster, 'CREATE TABLE lr (k BIGINT PRIMARY KEY, v VARCHAR(10)) PARTITION BY KEY(k) PARTITIONS 6');
  const leaders = await sql(cluster, "SELECT DISTINCT svr_ip FROM oceanbase.DBA_OB_LS_LOCATIONS WHERE role = 'LEADER' AND ls_id > 1000");
  expect(leaders.results[0].rows.length).toBeGreaterThan(1); // some reads run where GTS is not
  let client = createKvClients(cluster.kvTransport(), { sleep }).globals.client;
  for (let k = 1; k <= 40; k++) {
    expect(await client.insert('lr', k, ['v'], [`a${k}`])).toBe(1);
    expect(await client.get('lr', k, ['v'])).toEqual({ v: `a${k}` });
    expect(await client.update('lr', k, ['v'], [`b${k}`])).toBe(1);
    expect(await client.get('lr', k, ['v'])).toEqual({ v: `b${k}` });
  }
  await sql(cluster, 'ALTER SYSTEM MINOR FREEZE');
  await sleep(500);
  await cluster.stop();
  cluster = await boot();
  client = createKvClients(cluster.kvTransport(), { sleep }).globals.client;
  for (let k = 1; k <= 40; k++) expect(await client.get('lr', k, ['v'])).toEqual({ v: `b${k}` });
}, 120_000);
