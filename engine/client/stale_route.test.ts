/**
 * Stale routes (reference obkv-apis §1.13): the client caches a table's route, the LS leader moves
 * (ALTER SYSTEM SWITCH REPLICA LEADER as root@sys, or the leader's server dies), and the next call
 * reaches the old leader, gets OB_NOT_MASTER (-4038) or a send error (-4121), refreshes the LS
 * location, retries on the new leader and succeeds; the trace records the failed attempt.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SystemClock } from '../../workers/system_clock';
import { LocalCluster } from '../server/local_cluster';
import { sql } from '../table/test/kv_harness';
import { createKvClients } from './index';
import type { KvScriptGlobals } from './kv_api_types';
import type { KvCallTrace } from './trace';

let cluster: LocalCluster;
let globals: Omit<KvScriptGlobals, 'print'>;
let traces: KvCallTrace[];
const sleeps: number[] = [];

beforeEach(async () => {
  cluster = await LocalCluster.start({ clock: new SystemClock() });
  await cluster.whenLeadersReady();
  traces = [];
  sleeps.length = 0;
  globals = createKvClients(cluster.kvTransport(), {
    onTrace: (t) => traces.push(t),
    sleep: (ms) => {
      sleeps.push(ms);
      return new Promise((resolve) => setTimeout(resolve, ms));
    },
  }).globals;
  await sql(cluster, 'CREATE TABLE t (c1 INT PRIMARY KEY, c2 VARCHAR(10))');
}, 60_000);

afterEach(async () => {
  await cluster?.stop();
});

function servingLeader(tenantId: number, lsId: number): number | null {
  const s = cluster.servers.find((x) => x.status === 'ACTIVE' && x.logStream(tenantId, lsId)?.isServing());
  return s ? s.serverId : null;
}

async function waitFor(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function sysSql(text: string): Promise<void> {
  const s = cluster.server(1);
  const id = await s.openSession({ tenant: 'sys', user: 'root' });
  const r = await s.execute(id, text);
  await s.closeSession(id);
  if (r.error) throw new Error(`${text}: ${r.error.message}`);
}

it('the leader moved by SWITCH REPLICA LEADER: -4038, refresh, one retry, success on the new leader', async () => {
  const { client } = globals;
  expect(await client.insert('t', 1, ['c2'], ['a'])).toBe(1);
  const first = traces[0];
  expect(first.retries).toEqual([]);
  const tenantId = cluster.server(1).kvHost().tenantByName('test')!.tenantId;
  const oldLeader = first.serverId;
  expect(servingLeader(tenantId, first.lsId)).toBe(oldLeader);
  const target = [1, 2, 3].find((s) => s !== oldLeader)!;
  await sysSql(`ALTER SYSTEM SWITCH REPLICA LEADER LS = ${first.lsId} SERVER = '10.0.0.${target}:2882' TENANT = test`);
  await waitFor(() => servingLeader(tenantId, first.lsId) === target, 'leader switched');

  expect(await client.get('t', 1)).toEqual({ c1: 1, c2: 'a' });
  const t = traces[traces.length - 1];
  expect(t.ok).toBe(true);
  expect(t.cacheHit).toBe(false);
  expect(t.serverId).toBe(target);
  expect(t.retries).toHaveLength(1);
  expect(t.retries[0]).toMatchObject({ serverId: oldLeader, obCode: -4038 });
  expect(t.retries[0].error).toMatch(/^\[-4038\]\[OB_NOT_MASTER\]\[/);
  expect(sleeps).toEqual([50]);
  // The refreshed route is cached: the next call goes straight to the new leader.
  expect(await client.update('t', 1, ['c2'], ['b'])).toBe(1);
  expect(traces[traces.length - 1]).toMatchObject({ serverId: target, retries: [], cacheHit: true });
});

it("the leader's server is killed: a send error, then retries until the new leader serves", async () => {
  const { client } = globals;
  expect(await client.insert('t', 2, ['c2'], ['x'])).toBe(1);
  const first = traces[0];
  await cluster.killServer(first.serverId);
  expect(await client.get('t', 2)).toEqual({ c1: 2, c2: 'x' });
  const t = traces[traces.length - 1];
  expect(t.ok).toBe(true);
  expect(t.serverId).not.toBe(first.serverId);
  expect(t.retries.length).toBeGreaterThanOrEqual(1);
  expect(t.retries[0]).toMatchObject({ serverId: first.serverId, obCode: -4121 });
  expect(t.retries[0].error).toMatch(/^\[-4121\]\[OB_RPC_SEND_ERROR\]\[/);
  // Backoff 50, 200, 800, 3200 … ms while the survivors elect a new leader.
  expect(sleeps.slice(0, 3)).toEqual([50, 200, 800].slice(0, Math.min(3, sleeps.length)));
}, 40_000);
