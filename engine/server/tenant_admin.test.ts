/**
 * Management statements from a session's side: privileges, finding the root service past
 * OB_NOT_MASTER, adopting the resulting state, and CREATE TENANT waiting for its log streams.
 */
import { describe, expect, it } from 'vitest';
import type { ServerId } from '../common/ids';
import { Errors, ObError } from '../common/ob_error';
import { VirtualClock } from '../env/memory';
import { applyRsCommand, bootstrapClusterState } from '../rootservice';
import { ClusterStateHolder, RootService, planLsProgress, type LsLeaderReport } from '../rootservice/root_service';
import { defaultServers } from '../rootservice/topology';
import type { RsCommandInput } from '../rootservice/types';
import { checkRootServicePrivilege, runRootServiceCommand, tenantServing, type TenantAdminHost } from './tenant_admin';

const T0 = 1_700_000_000_000_000;
const GIB = 1024 ** 3;
const SYS = { tenantId: 1, tenantName: 'sys' };
const TEST = { tenantId: 1002, tenantName: 'test' };

const unitCmd = (name: string): RsCommandInput => ({
  type: 'createUnitConfig', name, ifNotExists: false, maxCpu: 1, minCpu: null, memorySizeBytes: 5 * GIB, logDiskSizeBytes: null,
  maxIops: null, minIops: null, iopsWeight: null,
});

/** Root service on server 1 (single-replica fake sys LS); the session runs on server 3. */
function harness() {
  const clock = new VirtualClock(T0);
  const initial = bootstrapClusterState(defaultServers(), T0);
  const rsHolder = new ClusterStateHolder(initial, applyRsCommand);
  const rs = new RootService({
    serverId: 1, clock, events: { emit() {} }, holder: rsHolder, apply: applyRsCommand,
    sysLs: () => ({ isServingLeader: () => true, submitRs: async (json) => rsHolder.onRsRecord(json) }),
    param: () => '10s', log: () => {},
  });
  rs.onTick();
  const local = new ClusterStateHolder(initial, applyRsCommand);
  const calls: number[] = [];
  const host: TenantAdminHost = {
    serverId: 3, clock, holder: local,
    call: async <T,>(to: ServerId, method: string, body: unknown): Promise<T> => {
      calls.push(to);
      if (to !== 1) throw Errors.notMaster();
      expect(method).toBe('rs.command');
      return (await rs.handleCommand((body as { cmd: RsCommandInput }).cmd)) as T;
    },
    rootServiceCandidates: () => [2, 1, 3],
  };
  return { clock, rs, rsHolder, local, host, calls };
}

describe('privileges of management statements', () => {
  it('lets only the sys tenant run them, except switching its own replica leaders', () => {
    expect(() => checkRootServicePrivilege(SYS, unitCmd('u'))).not.toThrow();
    const err = (() => { try { checkRootServicePrivilege(TEST, unitCmd('u')); } catch (e) { return e as ObError; } })();
    expect(err?.mysqlCode).toBe(1227);
    const switchOwn: RsCommandInput = { type: 'switchReplicaLeader', tenantName: 'TEST', lsId: 1001, svrIp: '10.0.0.2', svrPort: 2882 };
    expect(() => checkRootServicePrivilege(TEST, switchOwn)).not.toThrow();
    const other = (() => { try { checkRootServicePrivilege(TEST, { ...switchOwn, tenantName: 'sys' }); } catch (e) { return e as ObError; } })();
    expect(other?.mysqlCode).toBe(1235);
  });
});

describe('runRootServiceCommand', () => {
  it('finds the root service past OB_NOT_MASTER and returns with the state applied here', async () => {
    const h = harness();
    await runRootServiceCommand(h.host, SYS, unitCmd('u1'));
    expect(h.calls).toEqual([2, 1]);
    expect(h.local.state.unitConfigs.map((u) => u.name)).toContain('u1');
    expect(h.local.state.version).toBe(h.rsHolder.state.version);
  });

  it('returns the command error without retrying elsewhere', async () => {
    const h = harness();
    await runRootServiceCommand(h.host, SYS, unitCmd('u1'));
    h.calls.length = 0;
    const err = await runRootServiceCommand(h.host, SYS, unitCmd('u1')).catch((e: unknown) => e as ObError);
    expect(err?.mysqlCode).toBe(4649);
    expect(h.calls).toEqual([2, 1]);
  });

  it('CREATE TENANT returns once the tenant and its meta tenant have serving LS leaders', async () => {
    const h = harness();
    await runRootServiceCommand(h.host, SYS, unitCmd('u1'));
    await runRootServiceCommand(h.host, SYS, { type: 'createResourcePool', name: 'p1', unitConfigName: 'u1', unitNum: 1, zoneList: null, replicaType: 'FULL' });
    let done = false;
    const create = runRootServiceCommand(h.host, SYS, { type: 'createTenant', name: 't1', ifNotExists: false, resourcePoolList: ['p1'], primaryZone: null, locality: null, sqlText: 'CREATE TENANT t1' })
      .then(() => (done = true));
    for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    h.clock.advance(1_000_000);
    await new Promise<void>((r) => setImmediate(r));
    expect(done).toBe(false);
    expect(tenantServing(h.local.state, 't1')).toBe(false);
    // The new LSs' leaders report; the root service marks them NORMAL; this server hears of it.
    const st = h.rsHolder.state;
    const reports = new Map<string, LsLeaderReport>(st.ls.map((l) => [`${l.tenantId}/${l.lsId}`, {
      tenantId: l.tenantId, lsId: l.lsId, serverId: l.replicas[0].serverId, proposalId: 1, members: l.replicas.map((r) => r.serverId), learners: [], configChangePending: false, serving: true,
    }]));
    for (const cmd of planLsProgress(st, reports, true)) await h.rs.handleCommand(cmd);
    expect(h.rsHolder.state.tenants.find((t) => t.name === 't1')?.status).toBe('NORMAL');
    h.local.adopt(h.rsHolder.state);
    h.clock.advance(200_000);
    await create;
    expect(done).toBe(true);
  });
});
