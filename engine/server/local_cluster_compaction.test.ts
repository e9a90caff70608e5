/**
 * Compaction administration on the in-process cluster, driven on a virtual clock and observed
 * through SQL only (the views a user would query): a major freeze going COMPACTING → VERIFYING →
 * IDLE, the merge history, SUSPEND / RESUME MERGE, the daily duty time and major_compact_trigger,
 * every ALTER SYSTEM MINOR FREEZE variant touching only its targets, and parameter checks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Value } from '../common/value';
import type { ObEvent } from '../env';
import { MemoryFileSystem, VirtualClock } from '../env/memory';
import type { ExecuteReply } from './api';
import { LocalCluster } from './local_cluster';
import { pumped } from './test/virtual_time';

interface Run {
  cluster: LocalCluster;
  clock: VirtualClock;
  events: ObEvent[];
}

let run: Run | null = null;
afterEach(async () => {
  if (run) await pumped(run.clock, run.cluster.stop());
  run = null;
});

async function boot(startUs?: number, fsList?: MemoryFileSystem[], clock = new VirtualClock(startUs)): Promise<Run> {
  const events: ObEvent[] = [];
  const cluster = await pumped(clock, LocalCluster.start({
    clock, seed: 7, events: { emit: (e) => events.push(e) }, fsFor: fsList ? (id) => fsList[id - 1] : undefined,
  }));
  run = { cluster, clock, events };
  return run;
}

async function sql(r: Run, text: string, tenant = 'test', server = 1): Promise<ExecuteReply> {
  const s = r.cluster.server(server);
  const id = await pumped(r.clock, s.openSession({ tenant, database: tenant === 'test' ? 'test' : null }));
  try {
    return await pumped(r.clock, s.execute(id, text));
  } finally {
    await pumped(r.clock, s.closeSession(id));
  }
}

async function ok(r: Run, text: string, tenant = 'test'): Promise<ExecuteReply> {
  const reply = await sql(r, text, tenant);
  if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
  return reply;
}

/** Rows of the last result as objects keyed by column name (values as the wire prints them). */
async function rows(r: Run, text: string, tenant = 'test'): Promise<Record<string, Value>[]> {
  const reply = await ok(r, text, tenant);
  const last = reply.results[reply.results.length - 1];
  return last.rows.map((row) => Object.fromEntries(last.columns.map((c, i) => [c.name, row[i]])));
}

/** Advances virtual time by `us` (the cluster keeps running meanwhile). */
function advance(r: Run, us: number, stepUs = 20_000): Promise<void> {
  return pumped(r.clock, new Promise<void>((resolve) => r.clock.schedule(us, resolve)), stepUs);
}

/** Polls `check` every 100 ms of virtual time until it holds (at most `maxUs`). */
async function until(r: Run, check: () => Promise<boolean>, maxUs = 60_000_000): Promise<void> {
  const deadline = r.clock.nowUs() + maxUs;
  while (!(await check())) {
    if (r.clock.nowUs() > deadline) throw new Error('condition not reached in virtual time');
    await advance(r, 100_000);
  }
}

const majorOf = async (r: Run) => (await rows(r, 'SELECT * FROM oceanbase.DBA_OB_MAJOR_COMPACTION'))[0];
const idleAfter = (r: Run, frozenBefore: Value) => async () => {
  const m = await majorOf(r);
  return m.STATUS === 'IDLE' && m.FROZEN_SCN !== frozenBefore;
};

describe('major compaction as the views show it', () => {
  it('moves COMPACTING → VERIFYING → IDLE with LAST_SCN = FROZEN_SCN, zones and replicas agreeing', async () => {
    const r = await boot();
    await ok(r, 'CREATE TABLE g (id INT PRIMARY KEY, v INT) PARTITION BY HASH(id) PARTITIONS 3');
    await ok(r, 'INSERT INTO g VALUES (1, 1), (2, 2), (3, 3), (4, 4)');
    const before = await majorOf(r);
    expect(before).toMatchObject({ FROZEN_SCN: '1', LAST_SCN: '1', STATUS: 'IDLE', IS_ERROR: 'NO', IS_SUSPENDED: 'NO' });
    expect(before.FROZEN_TIME).toBe('1970-01-01 00:00:00.000000');

    await ok(r, 'ALTER SYSTEM MAJOR FREEZE');
    expect((await majorOf(r)).STATUS).not.toBe('IDLE');
    await until(r, idleAfter(r, '1'));

    const m = await majorOf(r);
    expect(m.LAST_SCN).toBe(m.FROZEN_SCN);
    expect(m.GLOBAL_BROADCAST_SCN).toBe(m.FROZEN_SCN);
    const statuses = r.events.filter((e) => e.kind === 'major-freeze' && e.tenantId === 1002).map((e) => (e as { status: string }).status);
    expect(statuses).toEqual(['COMPACTING', 'VERIFYING', 'IDLE']);

    const zones = await rows(r, 'SELECT * FROM oceanbase.DBA_OB_ZONE_MAJOR_COMPACTION');
    expect(zones.map((z) => z.ZONE)).toEqual(['zone1', 'zone2', 'zone3']);
    for (const z of zones) expect(z).toMatchObject({ BROADCAST_SCN: m.FROZEN_SCN, LAST_SCN: m.FROZEN_SCN, STATUS: 'IDLE' });

    const freezeInfo = await rows(r, 'SELECT FROZEN_SCN FROM oceanbase.DBA_OB_FREEZE_INFO');
    expect(freezeInfo.map((f) => f.FROZEN_SCN)).toEqual(['1', m.FROZEN_SCN]);

    // Every replica of every tablet has its baseline at the frozen SCN.
    const majors = await rows(r, "SELECT SVR_IP, TABLET_ID, END_LOG_SCN FROM oceanbase.GV$OB_SSTABLES WHERE TABLE_TYPE = 'MAJOR' AND TABLET_ID >= 200001");
    expect(majors).toHaveLength(9);
    expect(new Set(majors.map((x) => x.END_LOG_SCN))).toEqual(new Set([m.FROZEN_SCN]));

    const progress = await rows(r, "SELECT SVR_IP, STATUS, UNFINISHED_TABLET_COUNT FROM oceanbase.GV$OB_COMPACTION_PROGRESS WHERE TYPE = 'MAJOR_MERGE'");
    expect(progress.map((p) => [p.SVR_IP, p.STATUS, p.UNFINISHED_TABLET_COUNT])).toEqual([
      ['10.0.0.1', 'FINISH', '0'], ['10.0.0.2', 'FINISH', '0'], ['10.0.0.3', 'FINISH', '0'],
    ]);
    // The sys tenant sees every tenant in the CDB_ view.
    const cdb = await rows(r, 'SELECT TENANT_ID, FROZEN_SCN FROM oceanbase.CDB_OB_MAJOR_COMPACTION', 'sys');
    expect(cdb.find((x) => x.TENANT_ID === '1002')?.FROZEN_SCN).toBe(m.FROZEN_SCN);
  });

  it('records MINI_MERGE, MINOR_MERGE and MAJOR_MERGE in the history of every replica', async () => {
    const r = await boot();
    await ok(r, 'CREATE TABLE h (id INT PRIMARY KEY, v VARCHAR(10))');
    const tabletId = (await rows(r, "SELECT TABLET_ID FROM oceanbase.DBA_OB_TABLE_LOCATIONS WHERE TABLE_NAME = 'h'"))[0].TABLET_ID;
    const typesOn = async () => {
      const h = await rows(r, `SELECT SVR_IP, TYPE FROM oceanbase.GV$OB_TABLET_COMPACTION_HISTORY WHERE TABLET_ID = ${tabletId}`);
      const byServer = new Map<Value, Set<Value>>();
      for (const x of h) byServer.set(x.SVR_IP, (byServer.get(x.SVR_IP) ?? new Set()).add(x.TYPE));
      return byServer;
    };
    for (const batch of [1, 2]) {
      await ok(r, `INSERT INTO h VALUES (${batch}, 'v${batch}')`);
      await ok(r, 'ALTER SYSTEM MINOR FREEZE');
      await until(r, async () => [...(await typesOn()).values()].filter((s) => s.has('MINI_MERGE')).length === 3);
      await advance(r, 500_000);
    }
    // minor_compact_trigger = 2: the second mini merged the minis into a minor.
    await until(r, async () => [...(await typesOn()).values()].every((s) => s.has('MINOR_MERGE')));
    await ok(r, 'ALTER SYSTEM MAJOR FREEZE');
    await until(r, idleAfter(r, '1'));
    const types = await typesOn();
    expect([...types.keys()].sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    for (const t of types.values()) expect([...t].sort()).toEqual(['MAJOR_MERGE', 'MINI_MERGE', 'MINOR_MERGE']);
    const major = (await rows(r, `SELECT * FROM oceanbase.GV$OB_TABLET_COMPACTION_HISTORY WHERE TABLET_ID = ${tabletId} AND TYPE = 'MAJOR_MERGE'`))[0];
    expect(major.COMPACTION_SCN).toBe((await majorOf(r)).FROZEN_SCN);
    expect(major.LS_ID).toBe('1001');
    expect(String(major.TASK_ID)).toMatch(/^Y/);
    expect((await rows(r, `SELECT ACTION FROM oceanbase.GV$OB_MERGE_INFO WHERE TABLET_ID = ${tabletId} AND ACTION = 'MAJOR_MERGE'`))).toHaveLength(3);
  });

  it('SUSPEND MERGE holds the major in COMPACTING (no new tablet merge starts); RESUME MERGE finishes it', async () => {
    const r = await boot();
    await ok(r, 'CREATE TABLE s (id INT PRIMARY KEY)');
    await ok(r, 'INSERT INTO s VALUES (1), (2)');
    await ok(r, 'ALTER SYSTEM SUSPEND MERGE');
    await ok(r, 'ALTER SYSTEM MAJOR FREEZE');
    await advance(r, 5_000_000);
    const held = await majorOf(r);
    expect(held).toMatchObject({ STATUS: 'COMPACTING', IS_SUSPENDED: 'YES', LAST_SCN: '1' });
    expect(await rows(r, "SELECT * FROM oceanbase.GV$OB_SSTABLES WHERE TABLE_TYPE = 'MAJOR' AND TABLET_ID >= 200001")).toEqual([]);
    const zones = await rows(r, 'SELECT STATUS FROM oceanbase.DBA_OB_ZONE_MAJOR_COMPACTION');
    expect(zones.map((z) => z.STATUS)).toEqual(['COMPACTING', 'COMPACTING', 'COMPACTING']);

    // A second freeze while the first is unfinished: Query OK with OceanBase's warning.
    const again = await sql(r, 'ALTER SYSTEM MAJOR FREEZE; SHOW WARNINGS');
    expect(again.error).toBeUndefined();
    expect(again.results[1].rows[0]).toEqual(['Warning', expect.any(String), 'larger frozen_scn already exist, prev merge may not finish']);

    await ok(r, 'ALTER SYSTEM RESUME MERGE');
    await until(r, idleAfter(r, '1'));
    expect(await majorOf(r)).toMatchObject({ IS_SUSPENDED: 'NO', FROZEN_SCN: held.FROZEN_SCN, LAST_SCN: held.FROZEN_SCN });
  });

  it('a restarted root service reports the baseline its replicas recovered', async () => {
    const fsList = [new MemoryFileSystem(), new MemoryFileSystem(), new MemoryFileSystem()];
    let r = await boot(undefined, fsList);
    await ok(r, 'CREATE TABLE k (id INT PRIMARY KEY)');
    await ok(r, 'INSERT INTO k VALUES (1)');
    await ok(r, 'ALTER SYSTEM MAJOR FREEZE');
    await until(r, idleAfter(r, '1'));
    const frozen = (await majorOf(r)).FROZEN_SCN;
    await pumped(r.clock, r.cluster.stop());
    run = null;
    r = await boot(undefined, fsList, r.clock);
    expect(await majorOf(r)).toMatchObject({ FROZEN_SCN: frozen, LAST_SCN: frozen, STATUS: 'IDLE' });
    expect((await rows(r, 'SELECT FROZEN_SCN FROM oceanbase.DBA_OB_FREEZE_INFO')).map((f) => f.FROZEN_SCN)).toEqual(['1', frozen]);
  });

  it('a replica checksum mismatch stops in VERIFYING with IS_ERROR; CLEAR MERGE ERROR verifies again', async () => {
    const r = await boot();
    await ok(r, 'CREATE TABLE c (id INT PRIMARY KEY)');
    await ok(r, 'INSERT INTO c VALUES (1), (2)');
    const tabletId = (await rows(r, "SELECT TABLET_ID FROM oceanbase.DBA_OB_TABLE_LOCATIONS WHERE TABLE_NAME = 'c'"))[0].TABLET_ID;
    // Fault: server 3 reports a different baseline checksum for every tablet (a diverged replica).
    const admin = r.cluster.server(3).admin;
    const honest = admin.localMajorMerge.bind(admin);
    admin.localMajorMerge = async (...args) => {
      const sums = await honest(...args);
      return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v ^ 1]));
    };
    await ok(r, 'ALTER SYSTEM MAJOR FREEZE');
    await until(r, async () => (await majorOf(r)).IS_ERROR === 'YES');
    const failed = await majorOf(r);
    expect(failed).toMatchObject({ STATUS: 'VERIFYING', LAST_SCN: '1' });
    expect(String(failed.INFO)).toContain(`checksum error on tablets ${tabletId}`);
    // Still the same (unfinished) major: a new freeze only warns.
    expect((await sql(r, 'ALTER SYSTEM MAJOR FREEZE')).results[0].warningCount).toBe(1);

    admin.localMajorMerge = honest; // the replica is repaired
    await ok(r, 'ALTER SYSTEM CLEAR MERGE ERROR');
    await until(r, async () => (await majorOf(r)).STATUS === 'IDLE');
    expect(await majorOf(r)).toMatchObject({ IS_ERROR: 'NO', INFO: '', LAST_SCN: failed.FROZEN_SCN });
  });

  it('CLEAR MERGE ERROR is accepted with nothing to clear; an unknown tenant is refused', async () => {
    const r = await boot();
    await ok(r, 'ALTER SYSTEM CLEAR MERGE ERROR');
    expect((await majorOf(r)).IS_ERROR).toBe('NO');
    const bad = await sql(r, 'ALTER SYSTEM SUSPEND MERGE TENANT = nosuch', 'sys');
    expect(bad.error).toMatchObject({ mysqlCode: 5160, message: "Unknown tenant 'nosuch'" });
  });
});

describe('automatic major freezes', () => {
  it('major_freeze_duty_time launches the daily major when the simulated wall clock passes it', async () => {
    const day = 19_676 * 86_400_000_000; // 2023-11-15 00:00 UTC
    const r = await boot(day + (1 * 60 + 59) * 60_000_000); // 01:59:00
    expect((await majorOf(r)).FROZEN_SCN).toBe('1');
    await advance(r, 30_000_000); // 01:59:30: not yet
    expect((await majorOf(r)).FROZEN_SCN).toBe('1');
    await advance(r, 40_000_000); // 02:00:10
    await until(r, idleAfter(r, '1'));
    const m = await majorOf(r);
    expect(String(m.FROZEN_TIME) >= '2023-11-15 02:00:00').toBe(true);
    expect(String(m.FROZEN_TIME) < '2023-11-15 02:01:00').toBe(true);
    // Once a day: another minute passes without a new freeze.
    await advance(r, 60_000_000);
    expect((await majorOf(r)).FROZEN_SCN).toBe(m.FROZEN_SCN);
  });

  it("'disable' turns the daily major off", async () => {
    const day = 19_676 * 86_400_000_000;
    const r = await boot(day + (1 * 60 + 59) * 60_000_000);
    await ok(r, "ALTER SYSTEM SET major_freeze_duty_time = 'disable'");
    await advance(r, 90_000_000);
    expect((await majorOf(r)).FROZEN_SCN).toBe('1');
  });

  it('major_compact_trigger = 2 starts a major after two minor freezes', async () => {
    const r = await boot();
    await ok(r, 'ALTER SYSTEM SET major_compact_trigger = 2');
    await ok(r, 'CREATE TABLE t (id INT PRIMARY KEY)');
    await ok(r, 'INSERT INTO t VALUES (1)');
    await ok(r, 'ALTER SYSTEM MINOR FREEZE');
    await advance(r, 2_000_000);
    expect((await majorOf(r)).FROZEN_SCN).toBe('1');
    await ok(r, 'INSERT INTO t VALUES (2)');
    await ok(r, 'ALTER SYSTEM MINOR FREEZE');
    await until(r, idleAfter(r, '1'));
    const memstore = await rows(r, 'SELECT FREEZE_CNT FROM oceanbase.GV$OB_MEMSTORE');
    expect(memstore.map((x) => x.FREEZE_CNT)).toEqual(['2', '2', '2']);
  });
});

describe('ALTER SYSTEM MINOR FREEZE variants touch only their targets', () => {
  /** Per replica (`ip/tablet`), whether it still has a memtable with data. */
  async function memtables(r: Run): Promise<Set<string>> {
    const m = await rows(r, "SELECT SVR_IP, TABLET_ID FROM oceanbase.GV$OB_SSTABLES WHERE TABLE_TYPE = 'MEMTABLE' AND TABLET_ID >= 200001");
    return new Set(m.map((x) => `${x.SVR_IP}/${x.TABLET_ID}`));
  }

  async function setup(): Promise<{ r: Run; tablets: { tabletId: string; lsId: string }[]; all: string[] }> {
    const r = await boot();
    await ok(r, 'CREATE TABLE f (id INT PRIMARY KEY) PARTITION BY HASH(id) PARTITIONS 3');
    const tablets = (await rows(r, "SELECT TABLET_ID, LS_ID FROM oceanbase.DBA_OB_TABLE_LOCATIONS WHERE TABLE_NAME = 'f' AND ROLE = 'LEADER' ORDER BY TABLET_ID"))
      .map((t) => ({ tabletId: String(t.TABLET_ID), lsId: String(t.LS_ID) }));
    const all = ['10.0.0.1', '10.0.0.2', '10.0.0.3'].flatMap((ip) => tablets.map((t) => `${ip}/${t.tabletId}`));
    return { r, tablets, all };
  }

  async function refill(r: Run, all: string[], from: number): Promise<void> {
    await ok(r, `INSERT INTO f VALUES ${Array.from({ length: 9 }, (_, i) => `(${from + i})`).join(', ')}`);
    await until(r, async () => (await memtables(r)).size === all.length);
  }

  /** Runs `statement`, waits until `frozen` replicas lost their memtable, checks the others kept it. */
  async function expectFrozen(r: Run, statement: string, all: string[], frozen: string[], tenant = 'test'): Promise<void> {
    await ok(r, statement, tenant);
    await until(r, async () => {
      const left = await memtables(r);
      return frozen.every((k) => !left.has(k));
    });
    await advance(r, 1_000_000);
    const left = await memtables(r);
    expect([...left].sort(), statement).toEqual(all.filter((k) => !frozen.includes(k)).sort());
  }

  it('TABLET_ID, LS, SERVER, ZONE and TENANT each freeze only what they name', async () => {
    const { r, tablets, all } = await setup();
    await refill(r, all, 0);
    const [t0, t1] = tablets;
    await expectFrozen(r, `ALTER SYSTEM MINOR FREEZE TABLET_ID = ${t0.tabletId}`, all, all.filter((k) => k.endsWith(`/${t0.tabletId}`)));
    await refill(r, all, 100);
    await expectFrozen(r, `ALTER SYSTEM MINOR FREEZE LS ${t1.lsId}`, all, all.filter((k) => k.endsWith(`/${t1.tabletId}`)));
    await refill(r, all, 200);
    await expectFrozen(r, "ALTER SYSTEM MINOR FREEZE SERVER = ('10.0.0.2:2882')", all, all.filter((k) => k.startsWith('10.0.0.2/')));
    await refill(r, all, 300);
    await expectFrozen(r, "ALTER SYSTEM MINOR FREEZE ZONE = ('zone3')", all, all.filter((k) => k.startsWith('10.0.0.3/')));
    await refill(r, all, 400);
    // From sys, naming the sys tenant leaves the user tenant's memtables alone ...
    await expectFrozen(r, 'ALTER SYSTEM MINOR FREEZE TENANT = sys', all, [], 'sys');
    // ... and naming the user tenant freezes all of them.
    await expectFrozen(r, 'ALTER SYSTEM MINOR FREEZE TENANT = test', all, all, 'sys');
  });

  it('refuses a zone or server that does not exist', async () => {
    const r = await boot();
    expect((await sql(r, "ALTER SYSTEM MINOR FREEZE ZONE = ('zone9')")).error).toMatchObject({ mysqlCode: 1210 });
    expect((await sql(r, "ALTER SYSTEM MINOR FREEZE SERVER = ('10.9.9.9:2882')")).error).toMatchObject({ mysqlCode: 1210 });
  });
});

describe('ALTER SYSTEM SET checks values', () => {
  it('refuses bad values with ERROR 4147 and keeps tenant parameters per tenant', async () => {
    const r = await boot();
    for (const text of [
      'ALTER SYSTEM SET freeze_trigger_percentage = 0',
      'ALTER SYSTEM SET freeze_trigger_percentage = 120',
      "ALTER SYSTEM SET major_freeze_duty_time = '25:00'",
      "ALTER SYSTEM SET default_table_store_format = 'columnar'",
      'ALTER SYSTEM SET major_compact_trigger = -1',
    ]) {
      expect((await sql(r, text)).error, text).toMatchObject({ mysqlCode: 4147, sqlState: 'HY000', message: 'Invalid config' });
    }
    await ok(r, "ALTER SYSTEM SET default_table_store_format = 'COLUMN'");
    await ok(r, "ALTER SYSTEM SET major_freeze_duty_time = '3:30'");
    const mine = await rows(r, "SHOW PARAMETERS LIKE 'default_table_store_format'");
    expect(mine[0].value).toBe('column');
    expect((await rows(r, "SHOW PARAMETERS LIKE 'major_freeze_duty_time'"))[0].value).toBe('03:30');
    // The sys tenant keeps its own value of a TENANT parameter.
    expect((await rows(r, "SHOW PARAMETERS LIKE 'default_table_store_format'", 'sys'))[0].value).toBe('row');
    await ok(r, "ALTER SYSTEM SET default_table_store_format = 'compound' TENANT = test", 'sys');
    expect((await rows(r, "SHOW PARAMETERS LIKE 'default_table_store_format'"))[0].value).toBe('compound');
  });
});
