/**
 * SimCluster smoke: a 3-zone cluster boots in virtual time, takes writes, loses a follower to
 * `kill -9` (its unflushed bytes gone), keeps committing with the remaining majority, and the
 * restarted follower recovers from its files and catches up from the leader. Also: zone cuts
 * become link faults, killed servers refuse calls, and a seed reproduces the same run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecuteReply } from '../server/api';
import { SimCluster } from './sim_cluster';
import { nodeSimOptions } from './test/node_host';

let cluster: SimCluster | null = null;
afterEach(async () => {
  await cluster?.stop();
  cluster = null;
});

function ok(reply: ExecuteReply): ExecuteReply {
  if (reply.error) throw new Error(`${reply.error.sql}: ${reply.error.message}`);
  return reply;
}

/** The LS of table `t`'s only tablet, and a follower of it that leads no LS 1 (GTS, root service). */
async function lsAndFollower(c: SimCluster, table: string): Promise<{ lsId: number; leader: number; follower: number }> {
  const tabletId = c.server(1)!.schemas.get(1002)!.getTable('test', table)!.partitions[0].tabletId;
  const snaps = await Promise.all(c.aliveIds().map((id) => c.snapshot(id)));
  const lsId = snaps.flatMap((s) => s.tablets).find((t) => t.tenantId === 1002 && t.tabletId === tabletId)!.lsId;
  const roleOf = (sid: number, ls: number, tenant = 1002) =>
    snaps.find((s) => s.serverId === sid)!.lsReplicas.find((r) => r.tenantId === tenant && r.lsId === ls)?.role;
  const leader = c.aliveIds().find((id) => roleOf(id, lsId) === 'LEADER')!;
  const follower = c
    .aliveIds()
    .filter((id) => id !== leader && roleOf(id, 1, 1) !== 'LEADER' && roleOf(id, 1, 1002) !== 'LEADER')
    .at(-1)!;
  return { lsId, leader, follower };
}

async function replicaOf(c: SimCluster, server: number, lsId: number) {
  return (await c.snapshot(server)).lsReplicas.find((r) => r.tenantId === 1002 && r.lsId === lsId)!;
}

describe('SimCluster', () => {
  it('boots, writes, kills a follower, keeps committing, restarts it and the follower catches up', async () => {
    const c = (cluster = await SimCluster.start(nodeSimOptions(11)));
    expect(c.aliveIds()).toEqual([1, 2, 3]);
    ok(await c.sql(1, 'CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))'));
    ok(await c.sql(1, "INSERT INTO t VALUES (1,'a'),(2,'b')"));
    const { lsId, leader, follower } = await lsAndFollower(c, 't');

    c.kill(follower);
    expect(c.isAlive(follower)).toBe(false);
    await expect(c.sql(follower, 'SELECT 1')).rejects.toThrow(/server is not alive/);
    const writer = c.aliveIds()[0];
    for (let i = 3; i <= 12; i++) ok(await c.sql(writer, `INSERT INTO t VALUES (${i},'r${i}')`));
    await c.advance(200);
    const lead = await replicaOf(c, leader, lsId);

    await c.restart(follower);
    expect(c.isAlive(follower)).toBe(true);
    await c.whenCaughtUp(follower, 10_000);
    expect((await replicaOf(c, follower, lsId)).appliedLsn).toBeGreaterThanOrEqual(lead.committedLsn);
    const rows = ok(await c.sql(follower, 'SELECT COUNT(*), MAX(id) FROM t')).results[0].rows;
    expect(rows).toEqual([['12', '12']]);
    expect(c.events.filter((e) => e.event.kind === 'fault').map((e) => (e.event as { description: string }).description)).toEqual([
      `kill server ${follower} (zone${follower})`,
      `restart server ${follower} (zone${follower})`,
    ]);
  }, 60_000);

  it('cuts and heals zones as one-way link faults, and a killed server drops its sessions', async () => {
    const c = (cluster = await SimCluster.start(nodeSimOptions(3)));
    c.cutZones('zone1', 'zone3', true);
    expect(c.network.linkFaults()).toEqual([{ from: 1, to: 3, cut: true, delayUs: 0, lossRate: 0 }]);
    c.cutZones('zone2', 'zone3');
    expect(c.network.linkFaults().map((f) => `${f.from}>${f.to}`)).toEqual(['1>3', '2>3', '3>2']);
    c.healZones('zone1', 'zone3');
    c.setLinkFault({ from: 1, to: 2, cut: false, delayUs: 20_000, lossRate: 0.1 });
    expect(c.network.linkFaults().map((f) => `${f.from}>${f.to}`)).toEqual(['1>2', '2>3', '3>2']);
    c.healAll();
    expect(c.network.linkFaults()).toEqual([]);
    c.kill(2);
    c.kill(2); // already down: nothing happens
    expect(c.aliveIds()).toEqual([1, 3]);
    await expect(c.snapshot(2)).rejects.toThrow(/server is not alive: 10\.0\.0\.2:2882/);
  }, 60_000);

  it('replays the same run for the same seed (same log positions at the same virtual time)', async () => {
    const run = async (seed: number) => {
      const c = await SimCluster.start(nodeSimOptions(seed));
      ok(await c.sql(1, 'CREATE TABLE k (id INT PRIMARY KEY)'));
      c.setLinkFault({ from: 1, to: 3, cut: false, delayUs: 3_000, lossRate: 0.3 });
      for (let i = 0; i < 5; i++) ok(await c.sql(1, `INSERT INTO k VALUES (${i})`));
      await c.advance(500);
      const state = { atUs: c.clock.nowUs(), net: { ...c.network.counters }, lsns: [] as number[] };
      for (const id of [1, 2, 3]) for (const r of (await c.snapshot(id)).lsReplicas) state.lsns.push(r.lastLsn, r.committedLsn);
      await c.stop();
      return state;
    };
    const a = await run(5);
    const b = await run(5);
    expect(b).toEqual(a);
  }, 60_000);
});
