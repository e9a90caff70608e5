/**
 * Issue #4 in a real browser: one worker per OBServer, PALF elections over MessagePorts, OPFS.
 * - kill the worker leading LS 1001: a new leader is elected within the RTO (8 s of simulated
 *   time, measured between the `fault` event of the kill and the new leader's `election` event),
 *   and every row whose INSERT was acknowledged reads back;
 * - restart it: a new worker recovers from OPFS and its replica catches up with the leader;
 * - cut zone1 off from zone2 and zone3: writes through a zone2 server keep succeeding.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ClusterSnapshot, LsReplicaSnapshot } from '../engine/server/snapshot';
import { openPlayground, screenshot, snapshot, sql } from './helpers';

const TENANT = 1002;
const LS = 1001;
const RTO_US = 8_000_000;

function replicasOf(snap: ClusterSnapshot, lsId: number): (LsReplicaSnapshot & { serverId: number })[] {
  return snap.servers.flatMap((s) =>
    s.lsReplicas.filter((r) => r.tenantId === TENANT && r.lsId === lsId).map((r) => ({ ...r, serverId: s.serverId })));
}

/** The server whose replica of `lsId` leads and serves (takeover done), or null. */
function servingLeader(snap: ClusterSnapshot, lsId: number): number | null {
  const leaders = replicasOf(snap, lsId).filter((r) => r.role === 'LEADER' && (r.election?.servingStrong ?? true));
  leaders.sort((a, b) => b.proposalId - a.proposalId);
  return leaders[0]?.serverId ?? null;
}

function sqlOn(page: Page, serverId: number, text: string) {
  return page.evaluate(([t, id]) => window.obPlayground.sql(t as string, { serverId: id as number }), [text, serverId] as const);
}

/** Inserts ids [from, to) one statement each; returns the ids whose INSERT was acknowledged. */
async function insertRange(page: Page, table: string, from: number, to: number, serverId?: number): Promise<number[]> {
  const acked: number[] = [];
  for (let id = from; id < to; id++) {
    const text = `INSERT INTO ${table} VALUES (${id}, 'v${id}');`;
    const reply = serverId === undefined ? await sql(page, text) : await sqlOn(page, serverId, text);
    if (!reply.error) acked.push(id);
  }
  return acked;
}

async function idsOf(page: Page, table: string, serverId?: number): Promise<number[]> {
  const text = `SELECT id FROM ${table} ORDER BY id;`;
  const reply = serverId === undefined ? await sql(page, text) : await sqlOn(page, serverId, text);
  expect(reply.error).toBeUndefined();
  return reply.results[0].rows.map((r) => Number(r[0]));
}

test('kill the leader of LS 1001: a new leader within the RTO, no acknowledged row lost; restart catches up', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE fo_t (id INT PRIMARY KEY, v VARCHAR(20)) PARTITION BY HASH(id) PARTITIONS 3;');
  const acked = await insertRange(page, 'fo_t', 0, 30);
  expect(acked).toHaveLength(30);

  const before = await snapshot(page);
  const victim = servingLeader(before, LS);
  expect(victim).not.toBeNull();
  await page.evaluate((id) => window.obPlayground.killServer(id), victim!);

  // A new leader on another server, elected within the RTO of the kill (simulated time).
  await expect
    .poll(async () => {
      const leader = servingLeader(await snapshot(page), LS);
      return leader !== null && leader !== victim;
    }, { timeout: 30_000 })
    .toBe(true);
  const events = await page.evaluate(() => window.obPlayground.events());
  const kill = events.findLast((e) => e.event.kind === 'fault' && /kill/i.test((e.event as { description: string }).description));
  const election = events.find((e) =>
    e.event.kind === 'election' && e.event.lsId === LS && e.event.tenantId === TENANT && e.serverId !== victim && kill && e.event.atUs > kill.event.atUs);
  expect(kill).toBeDefined();
  expect(election).toBeDefined();
  expect(election!.event.atUs - kill!.event.atUs).toBeLessThan(RTO_US);

  // Writes continue and every acknowledged row reads back.
  acked.push(...(await insertRange(page, 'fo_t', 30, 40)));
  expect(acked.filter((id) => id >= 30).length).toBeGreaterThan(0);
  const ids = await idsOf(page, 'fo_t');
  for (const id of acked) expect(ids).toContain(id);
  await screenshot(page, 'failover-killed');

  // Restart: a new worker recovers from OPFS and catches up with the leader.
  await page.evaluate((id) => window.obPlayground.restartServer(id), victim!);
  await expect
    .poll(async () => {
      const snap = await snapshot(page);
      const leader = replicasOf(snap, LS).find((r) => r.role === 'LEADER');
      const mine = replicasOf(snap, LS).find((r) => r.serverId === victim);
      return leader && mine ? mine.appliedLsn >= leader.committedLsn - 1 && mine.appliedLsn > 0 : false;
    }, { timeout: 30_000 })
    .toBe(true);
  await screenshot(page, 'failover-restarted');
});

test('cut zone1 off: writes through zone2 keep succeeding and every acknowledged row reads back', async ({ page }) => {
  await openPlayground(page);
  await sql(page, 'CREATE TABLE cut_t (id INT PRIMARY KEY, v VARCHAR(20)) PARTITION BY HASH(id) PARTITIONS 3;');
  const acked = await insertRange(page, 'cut_t', 0, 10, 2);
  expect(acked).toHaveLength(10);

  await page.evaluate(() => {
    window.obPlayground.cutZones('zone1', 'zone2');
    window.obPlayground.cutZones('zone1', 'zone3');
  });
  await expect(page.getByTestId('link-strip')).toBeVisible();
  // Leaders that were in zone1 move to zone2/zone3 (a minority cannot keep its lease).
  await expect
    .poll(async () => {
      const snap = await snapshot(page);
      return [1001, 1002, 1003].every((ls) => {
        const leader = servingLeader({ ...snap, servers: snap.servers.filter((s) => s.serverId !== 1) }, ls);
        return leader !== null;
      });
    }, { timeout: 30_000 })
    .toBe(true);
  const after = await insertRange(page, 'cut_t', 10, 30, 2);
  expect(after.length).toBe(20);
  acked.push(...after);
  const ids = await idsOf(page, 'cut_t', 2);
  expect(ids).toEqual(acked);
  await screenshot(page, 'cut-zone1');

  await page.evaluate(() => window.obPlayground.healAll());
  await expect(page.getByTestId('link-strip')).toBeHidden();
});
