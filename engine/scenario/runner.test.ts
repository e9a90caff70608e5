/**
 * The scenario runner against a scripted target (what it asks the cluster, in which session, and
 * what each cell prints): sessions and defaults, expectations (a cell may expect an error), admin
 * cells stopping at the first failure, server/zone checks, kill leader resolved from a snapshot,
 * freeze as root@sys, waits polling until they hold or time out, a paused clock, setup creating
 * the header's tenants, and the never-throws promise.
 */
import { describe, expect, it } from 'vitest';
import type { ExecuteReply, WireResult } from '../server/api';
import type { ClusterSnapshot, ServerSnapshot } from '../server/snapshot';
import { ScenarioRunner } from './runner';
import type { Scenario, ScenarioCell, ScenarioHeader, ScenarioTarget } from './types';

type SqlSession = { tenant: string; serverId: number | null; database: string | null };

const header: ScenarioHeader = { title: 't', zones: 3, serversPerZone: 1, tenants: [], seed: null, clockRate: 1 };

function rowsReply(value: string | null): ExecuteReply {
  const r: WireResult = { sql: 'q', kind: 'rows', columns: [{ name: 'c', type: 'bigint', numeric: true }], rows: [[value]], affectedRows: 0, warningCount: 0, elapsedUs: 1 };
  return { results: [r], database: null };
}
const okReply: ExecuteReply = { results: [{ sql: 'x', kind: 'ok', columns: [], rows: [], affectedRows: 0, warningCount: 0, elapsedUs: 1 }], database: null };

function snapshotWithLeader(serverId: number, atUs = 0): ClusterSnapshot {
  const server = (id: number): ServerSnapshot => ({
    serverId: id, svrIp: `10.0.0.${id}`, svrPort: 2882, sqlPort: 2881, zone: `zone${id}`, status: 'ACTIVE', withRootserver: false, startServiceTimeUs: 0, buildVersion: '',
    lsReplicas: [{ tenantId: 1002, lsId: 1001, role: id === serverId ? 'LEADER' : 'FOLLOWER', replicaType: 'FULL', proposalId: 1, memberList: [], leaderServerId: serverId, lastLsn: 0, committedLsn: 0, appliedLsn: 0, appliedScn: '0', checkpointLsn: 0, tabletCount: 0 }],
    tablets: [], memstore: [], counters: { sqlStatements: 0, rpcIn: 0, rpcOut: 0, palfEntriesAppended: 0, blockCacheHits: 0, blockCacheMisses: 0, dataFileBytes: 0, clogBytes: 0 }, takenAtUs: atUs,
  });
  return {
    clusterName: 'c', zones: [], servers: [server(1), server(2), server(3)], unitConfigs: [], resourcePools: [], units: [], tabletLocations: [], takenAtUs: atUs,
    tenants: [{ tenantId: 1002, tenantName: 'test', tenantType: 'USER', primaryZone: '', locality: '', compatibilityMode: 'MYSQL', status: 'NORMAL', unitNum: 1, createTimeUs: 0, ls: [{ tenantId: 1002, lsId: 1001, status: 'NORMAL', primaryZone: '', unitGroupId: 1, lsGroupId: 1, createScn: '0', replicaServerIds: [1, 2, 3], leaderServerId: serverId }] }],
  };
}

/** A scripted target: records every call; `sqlAnswer` decides SQL replies; the leader is on `leaderOn`. */
class FakeTarget implements ScenarioTarget {
  calls: string[] = [];
  sqlLog: { text: string; session: SqlSession }[] = [];
  sqlAnswer: (text: string, s: SqlSession) => ExecuteReply | Promise<ExecuteReply> = () => okReply;
  leaderOn = 2;
  nowMs = 0;
  paused = false;

  servers() {
    return [1, 2, 3].map((id) => ({ serverId: id, zone: `zone${id}`, svrIp: `10.0.0.${id}` }));
  }
  async sql(text: string, session: SqlSession) {
    this.sqlLog.push({ text, session });
    return this.sqlAnswer(text, session);
  }
  async kv(script: string) {
    this.calls.push(`kv ${script}`);
    return { lines: ['printed'], error: script.includes('boom') ? 'boom' : null, errorLine: script.includes('boom') ? 2 : null };
  }
  async hbase(commands: string) {
    this.calls.push(`hbase ${commands}`);
    return [{ seq: 1, input: commands, pos: { line: 1, column: 1 }, ok: true, lines: [{ kind: 'out' as const, text: 'TABLE' }, { kind: 'took' as const, text: 'Took 0.1 seconds' }] }];
  }
  async killServer(id: number) {
    this.calls.push(`kill ${id}`);
  }
  async startServer(id: number) {
    this.calls.push(`start ${id}`);
  }
  async cutLink(a: number, b: number, oneWay: boolean) {
    this.calls.push(`cut ${a} ${b} ${oneWay}`);
  }
  async healLink(a: number, b: number) {
    this.calls.push(`heal ${a} ${b}`);
  }
  async cutZones(a: string, b: string) {
    this.calls.push(`cutZones ${a} ${b}`);
  }
  async healZones(a: string, b: string) {
    this.calls.push(`healZones ${a} ${b}`);
  }
  async healAll() {
    this.calls.push('healAll');
  }
  async setLinkFault(from: number, to: number, delayUs: number | null, lossRate: number | null) {
    this.calls.push(`fault ${from} ${to} ${delayUs} ${lossRate}`);
  }
  async pauseClock() {
    this.paused = true;
  }
  async resumeClock() {
    this.paused = false;
  }
  async setClockRate(rate: number) {
    this.calls.push(`rate ${rate}`);
  }
  clockPaused() {
    return this.paused;
  }
  async snapshot() {
    return snapshotWithLeader(this.leaderOn, this.nowMs * 1000);
  }
  async sleep(ms: number) {
    this.calls.push(`sleep ${ms}`);
    this.nowMs += ms;
  }
}

function cell(kind: ScenarioCell['kind'], source: string, extra: Partial<ScenarioCell> = {}): ScenarioCell {
  return { kind, source, options: {}, expected: null, line: 1, ...extra };
}

function runner(cells: ScenarioCell[], target = new FakeTarget(), h: Partial<ScenarioHeader> = {}): { r: ScenarioRunner; t: FakeTarget } {
  const scenario: Scenario = { header: { ...header, ...h }, cells };
  return { r: new ScenarioRunner(scenario, target), t: target };
}

describe('ScenarioRunner: command cells', () => {
  it('prose prints nothing; sql runs in tenant test / database test by default, or the cell\'s session', async () => {
    const { r, t } = runner([cell('prose', '# hi'), cell('sql', 'SELECT 1'), cell('sql', 'SELECT 2', { options: { tenant: 'sys', server: 3 } })]);
    t.sqlAnswer = () => rowsReply('1');
    expect(await r.runCell(0)).toEqual({ index: 0, ok: true, output: '', expectation: 'none', diff: null });
    const run = await r.runCell(1);
    expect(run.output).toBe('+---+\n| c |\n+---+\n| 1 |\n+---+\n1 row in set');
    expect(t.sqlLog[0].session).toEqual({ tenant: 'test', serverId: null, database: 'test' });
    await r.runCell(2);
    expect(t.sqlLog[1].session).toEqual({ tenant: 'sys', serverId: 3, database: null });
  });

  it('a failed command is not ok; with an expectation of its error the expectation passes', async () => {
    const err: ExecuteReply = { results: [], error: { obCode: -5019, mysqlCode: 1146, sqlState: '42S02', message: "Table 'test.x' doesn't exist", retryable: false, sql: 'x', statementIndex: 0 }, database: 'test' };
    const { r, t } = runner([cell('sql', 'SELECT * FROM x'), cell('sql', 'SELECT * FROM x', { expected: "ERROR 1146 (42S02): Table 'test.x' doesn't exist" })]);
    t.sqlAnswer = () => err;
    expect(await r.runCell(0)).toMatchObject({ ok: false, expectation: 'none' });
    expect(await r.runCell(1)).toMatchObject({ ok: false, expectation: 'pass', diff: null });
  });

  it('a wrong expectation fails with a diff', async () => {
    const { r, t } = runner([cell('sql', 'SELECT 1', { expected: '+---+\n| c |\n+---+\n| 2 |\n+---+\n1 row in set' })]);
    t.sqlAnswer = () => rowsReply('1');
    const run = await r.runCell(0);
    expect(run).toMatchObject({ ok: true, expectation: 'fail' });
    expect(run.diff!.filter((d) => d.op !== ' ')).toEqual([{ op: '-', text: '| 2 |' }, { op: '+', text: '| 1 |' }]);
  });

  it('kv and hbase cells print through the target; an unknown cell or a rejection never throws', async () => {
    const { r, t } = runner([cell('kv', 'x; boom'), cell('hbase', 'list'), cell('sql', 'SELECT 1', { options: { server: 9 } })]);
    expect(await r.runCell(0)).toMatchObject({ ok: false, output: 'printed\nERROR: boom at line 2' });
    expect(await r.runCell(1)).toMatchObject({ ok: true, output: 'TABLE' });
    expect(await r.runCell(2)).toMatchObject({ ok: false, output: 'ERROR: no server 9 (the servers are 1, 2, 3)' });
    expect(await r.runCell(7)).toMatchObject({ ok: false, output: 'ERROR: no cell 7' });
    t.sqlAnswer = () => Promise.reject(new Error('server is not alive: 10.0.0.1:2882'));
    const { r: r2 } = runner([cell('sql', 'SELECT 1')], t);
    expect(await r2.runCell(0)).toMatchObject({ ok: false, output: 'ERROR: server is not alive: 10.0.0.1:2882' });
  });
});

describe('ScenarioRunner: admin cells', () => {
  it('runs actions in order and stops at the first that fails', async () => {
    const { r, t } = runner([cell('admin', 'kill server 1\nkill server 9\nstart server 1')]);
    const run = await r.runCell(0);
    expect(run).toMatchObject({ ok: false, output: 'killed server 1 (zone1)\nERROR: no server 9 (the servers are 1, 2, 3)' });
    expect(t.calls).toEqual(['kill 1']);
  });

  it('prints one line per action', async () => {
    const src = 'cut link 1 2 oneway\nheal link 1 2\ncut zone1 zone3\nheal zone1 zone3\nheal all\ndelay link 1 2 200ms\nstart server 2\nadvance 1.5s\nclock rate 2';
    const { r, t } = runner([cell('admin', src)]);
    const run = await r.runCell(0);
    expect(run.output.split('\n')).toEqual([
      'cut link 1 → 2', 'healed link 1 ↔ 2', 'cut zone1 ↔ zone3', 'healed zone1 ↔ zone3', 'healed all links',
      'link 1 → 2: delay 200ms', 'started server 2 (zone2)', 'advanced 1.5s', 'clock rate 2x',
    ]);
    expect(t.calls).toEqual(['cut 1 2 true', 'heal 1 2', 'cutZones zone1 zone3', 'healZones zone1 zone3', 'healAll', 'fault 1 2 200000 null', 'start 2', 'sleep 1500', 'rate 2']);
    expect(await runner([cell('admin', 'cut zone1 zone9')]).r.runCell(0)).toMatchObject({ ok: false, output: 'ERROR: no zone zone9 (the zones are zone1, zone2, zone3)' });
  });

  it('reports an admin syntax error with its line and column', async () => {
    const run = await runner([cell('admin', 'kill server 1\nfly away')]).r.runCell(0);
    expect(run.ok).toBe(false);
    expect(run.output).toMatch(/^ERROR: line 2:1: /);
  });

  it('kills the server that leads the LS now', async () => {
    const { r, t } = runner([cell('admin', 'kill leader of ls 1001')]);
    t.leaderOn = 3;
    expect(await r.runCell(0)).toMatchObject({ ok: true, output: 'killed server 3 (zone3): leader of LS 1001 (test)' });
    expect(t.calls).toEqual(['kill 3']);
  });

  it('freezes as root@sys and loads sample data in the cell\'s tenant', async () => {
    const { r, t } = runner([cell('admin', 'freeze\nmajor freeze tenant test\nload sample data tpch 0.01')]);
    expect((await r.runCell(0)).output).toBe('minor freeze of every tenant\nmajor freeze of tenant test\nloaded sample data tpch (scale 0.01) into tenant test');
    expect(t.sqlLog.map((l) => [l.text, l.session.tenant])).toEqual([
      ['ALTER SYSTEM MINOR FREEZE', 'sys'],
      ['ALTER SYSTEM MAJOR FREEZE TENANT = test', 'sys'],
      ["CALL load_sample_data('tpch', 0.01)", 'test'],
    ]);
  });

  it('waits, polling every 200 ms, until the condition holds', async () => {
    const { r, t } = runner([cell('admin', 'wait for leader of ls 1001 in zone3 timeout 5s')]);
    t.leaderOn = 2;
    const origSleep = t.sleep.bind(t);
    t.sleep = async (ms) => {
      await origSleep(ms);
      if (t.nowMs >= 600) t.leaderOn = 3;
    };
    expect(await r.runCell(0)).toMatchObject({ ok: true, output: 'leader of LS 1001 (test) is on server 3 (zone3)' });
    expect(t.calls).toEqual(['sleep 200', 'sleep 200', 'sleep 200']);
  });

  it('times out with a message, and a sql condition compares the first value', async () => {
    const { r, t } = runner([cell('admin', 'wait for leader of ls 1001 in zone1 timeout 1s'), cell('admin', "wait for sql returns 3: SELECT COUNT(*) FROM t")]);
    const run = await r.runCell(0);
    expect(run).toMatchObject({ ok: false, output: 'ERROR: timed out after 1s waiting for a leader of LS 1001 (test) in zone1' });
    expect(t.calls.length).toBe(5);
    let n = 0;
    t.sqlAnswer = () => rowsReply(String(++n));
    expect(await r.runCell(1)).toMatchObject({ ok: true, output: '`SELECT COUNT(*) FROM t` returned 3' });
  });

  it('a paused clock makes wait and advance fail at once', async () => {
    const { r, t } = runner([cell('admin', 'pause clock\nadvance 1s'), cell('admin', 'wait for leaders'), cell('admin', 'resume clock\nwait for leaders')]);
    expect(await r.runCell(0)).toMatchObject({ ok: false, output: 'clock paused\nERROR: cannot advance while the clock is paused (resume clock first)' });
    expect(await r.runCell(1)).toMatchObject({ ok: false });
    expect(t.calls).toEqual([]);
    expect(await r.runCell(2)).toMatchObject({ ok: true, output: 'clock resumed\nevery log stream has a leader' });
  });
});

describe('ScenarioRunner: setup and runAll', () => {
  it('creates the header\'s tenants as root@sys, skipping one that exists, and sets the clock rate', async () => {
    const tenants = [{ name: 'app', unitNum: 1, primaryZone: 'zone1' }, { name: 'old', unitNum: 2, primaryZone: null }];
    const { r, t } = runner([cell('sql', 'SELECT 1')], undefined, { tenants, clockRate: 2 });
    t.sqlAnswer = (text) => (text.startsWith('SELECT COUNT') ? rowsReply(text.includes("'old'") ? '1' : '0') : okReply);
    const runs = await r.runAll();
    expect(runs.map((x) => x.index)).toEqual([-1, 0]);
    expect(runs[0]).toMatchObject({ ok: true, output: 'created tenant app (unit_num 1, primary_zone zone1)\ntenant old exists\nclock rate 2x' });
    expect(t.sqlLog.filter((l) => l.session.tenant === 'sys').map((l) => l.text)).toEqual([
      "SELECT COUNT(*) FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'app'",
      "CREATE RESOURCE UNIT app_unit MAX_CPU 1, MEMORY_SIZE '5G'",
      "CREATE RESOURCE POOL app_pool UNIT = 'app_unit', UNIT_NUM = 1, ZONE_LIST = ('zone1', 'zone2', 'zone3')",
      "CREATE TENANT app RESOURCE_POOL_LIST = ('app_pool'), PRIMARY_ZONE = 'zone1'",
      "SELECT COUNT(*) FROM oceanbase.DBA_OB_TENANTS WHERE TENANT_NAME = 'old'",
    ]);
  });

  it('a failing CREATE fails the setup with obclient\'s error line', async () => {
    const { r, t } = runner([], undefined, { tenants: [{ name: 'app', unitNum: 1, primaryZone: null }] });
    t.sqlAnswer = (text) =>
      text.startsWith('SELECT')
        ? rowsReply('0')
        : { results: [], error: { obCode: -4624, mysqlCode: 4624, sqlState: 'HY000', message: 'machine resource is not enough', retryable: false, sql: text, statementIndex: 0 }, database: null };
    expect(await r.setup()).toMatchObject({ index: -1, ok: false, output: 'ERROR 4624 (HY000): machine resource is not enough' });
  });
});
