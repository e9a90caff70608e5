import { describe, expect, it } from 'vitest';
import { applyRsCommand } from '../apply';
import { electionPriority } from '../election_priority';
import { topologyFromState } from '../state_topology';
import type { ClusterState, RsCommandInput } from '../types';
import { boot, expectObError, pool, run, tenant, unit, withServers, T0 } from './helpers';

/** Zones Z1..Z3 with two servers each (the seed's cluster for UNIT_NUM = 2). */
function sixServers(): ClusterState {
  let s = boot();
  s = withServers(s, [
    { zone: 'Z1', serverId: 11 }, { zone: 'Z1', serverId: 12, newZone: false },
    { zone: 'Z2', serverId: 21 }, { zone: 'Z2', serverId: 22, newZone: false },
    { zone: 'Z3', serverId: 31 }, { zone: 'Z3', serverId: 32, newZone: false },
  ]);
  return run(s, unit('u1', 5), pool('p1', 'u1', 2, ['Z1', 'Z2', 'Z3']));
}

const userLs = (s: ClusterState, tenantId: number) => s.ls.filter((l) => l.tenantId === tenantId && l.lsId !== 1);
const zoneOf = (s: ClusterState, serverId: number) => s.servers.find((x) => x.serverId === serverId)!.zone;

describe('CREATE TENANT', () => {
  it("the seed's example: UNIT_NUM 2, PRIMARY_ZONE 'Z1,Z2,Z3' → 2 unit groups, 2 LS groups, 6 LSs, leaders over 3 zones", () => {
    const s = run(sixServers(), tenant('t1', ['p1'], { primaryZone: 'Z1,Z2,Z3' }));
    const t = s.tenants.find((x) => x.name === 't1')!;
    expect(t).toMatchObject({ tenantId: 1004, type: 'USER', status: 'CREATING', unitNum: 2, primaryZone: 'Z1,Z2,Z3' });
    expect(s.tenants.find((x) => x.tenantId === 1003)).toMatchObject({ name: 'META$1004', type: 'META' });
    const groups = [...new Set(s.units.filter((u) => u.resourcePoolId === 1002).map((u) => u.unitGroupId))];
    expect(groups).toHaveLength(2);
    const ls = userLs(s, 1004);
    expect(ls.map((l) => l.lsId)).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    expect([...new Set(ls.map((l) => l.lsGroupId))]).toEqual([1001, 1002]);
    expect(ls.map((l) => l.unitGroupId)).toEqual([groups[0], groups[0], groups[0], groups[1], groups[1], groups[1]]);
    for (const l of ls) {
      expect(l.replicas.map((r) => zoneOf(s, r.serverId))).toEqual(['Z1', 'Z2', 'Z3']);
      expect(l.status).toBe('CREATING');
    }
    const topo = topologyFromState(s).tenants.find((x) => x.tenantId === 1004)!;
    const leaderZones = topo.ls.filter((l) => l.lsId !== 1).map((l) => zoneOf(s, l.leader));
    expect(leaderZones).toEqual(['Z1', 'Z2', 'Z3', 'Z1', 'Z2', 'Z3']);
    // Each LS group sits on its own unit group's servers.
    const serversOf = (g: number) => new Set(ls.filter((l) => l.lsGroupId === g).flatMap((l) => l.replicas.map((r) => r.serverId)));
    expect([...serversOf(1001)].some((x) => serversOf(1002).has(x))).toBe(false);
    // LS 1 of both tenants: one replica per zone on the first unit group.
    expect(s.ls.filter((l) => l.lsId === 1 && l.tenantId >= 1003).map((l) => l.replicas.length)).toEqual([3, 3]);
  });

  it('defaults to F@each pool zone and RANDOM, LSs = UNIT_NUM × zones', () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1'), tenant('t1', ['p1']));
    const t = s.tenants.find((x) => x.name === 't1')!;
    expect(t.locality.map((i) => `${i.replicaType}@${i.zone}`)).toEqual(['FULL@zone1', 'FULL@zone2', 'FULL@zone3']);
    expect(t.primaryZone).toBe('RANDOM');
    expect(userLs(s, t.tenantId).map((l) => l.primaryZone)).toEqual(['zone1;zone2;zone3', 'zone2;zone1;zone3', 'zone3;zone1;zone2']);
  });

  it("PRIMARY_ZONE 'zone1;zone2,zone3' gives one LS per unit group preferring zone1", () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1'), tenant('t1', ['p1'], { primaryZone: 'zone1;zone2,zone3' }));
    expect(userLs(s, 1004).map((l) => [l.lsId, l.primaryZone])).toEqual([[1001, 'zone1;zone2,zone3']]);
  });

  it('places READONLY replicas as learners and keeps leaders on FULL zones', () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1'), tenant('t1', ['p1'], { locality: 'F@zone1,F@zone2,R@zone3' }));
    const ls = userLs(s, 1004);
    expect(ls).toHaveLength(2);
    const p = topologyFromState(s).tenants.find((x) => x.tenantId === 1004)!.ls.find((l) => l.lsId === 1001)!;
    expect(p.members).toEqual([1, 2]);
    expect(p.learners).toEqual([3]);
    expect(p.replicaTypes).toEqual({ 1: 'FULL', 2: 'FULL', 3: 'READONLY' });
  });

  it('takes the next free even tenant id', () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1'), pool('p2', 'u1'), tenant('a', ['p1']), tenant('b', ['p2']));
    expect(s.tenants.map((t) => [t.tenantId, t.name])).toEqual([
      [1, 'sys'], [1001, 'META$1002'], [1002, 'test'], [1003, 'META$1004'], [1004, 'a'], [1005, 'META$1006'], [1006, 'b'],
    ]);
  });

  it('refuses bad pools, names, localities and primary zones with OceanBase errors', () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1'), pool('p2', 'u1', 1, ['zone1']));
    expectObError(() => run(s, tenant('test', ['p1'])), "ERROR 5156 (HY000): tenant 'test' already exist");
    expect(run(s, { ...tenant('test', ['p1']), ifNotExists: true } as never).tenants).toHaveLength(3);
    expectObError(() => run(s, tenant('t1', [])), 'ERROR 4647 (HY000): resource pool list is empty');
    expectObError(() => run(s, tenant('t1', ['nope'])), "ERROR 4650 (HY000): resource pool 'nope' not exist");
    expectObError(() => run(s, tenant('t1', ['test_pool'])), "ERROR 4626 (HY000): resource pool 'test_pool' has already been granted to a tenant");
    expectObError(() => run(s, tenant('t1', ['p1'], { primaryZone: 'zone9' })), "ERROR 4643 (HY000): primary zone 'zone9' not in zone list zone1,zone2,zone3");
    expectObError(() => run(s, tenant('t1', ['p2'], { primaryZone: 'zone2' })), "ERROR 4643 (HY000): primary zone 'zone2' not in zone list zone1");
    expectObError(() => run(s, tenant('t1', ['p1'], { locality: 'F@zone1,F@zone9' })), 'ERROR 1210 (HY000): Incorrect arguments to locality');
    expectObError(() => run(s, tenant('t1', ['p1'], { locality: 'R@zone1,R@zone2' })), 'ERROR 4671 (HY000): full replica num not enough');
    expectObError(() => run(s, tenant('t1', ['p1', 'p2'])), "ERROR 4641 (HY000): Duplicated zone 'zone1' in zone list zone1,zone2,zone3,zone1");
  });
});

describe('ALTER TENANT PRIMARY_ZONE', () => {
  it('rewrites the LS priorities, drops surplus LSs and records a job', () => {
    const s = run(boot(), { type: 'alterTenantPrimaryZone', name: 'test', primaryZone: 'zone2;zone1,zone3', sqlText: 'alter tenant test primary_zone' });
    expect(s.tenants.find((t) => t.name === 'test')!.primaryZone).toBe('zone2;zone1,zone3');
    expect(userLs(s, 1002).map((l) => [l.lsId, l.status, l.primaryZone])).toEqual([
      [1001, 'NORMAL', 'zone2;zone1,zone3'], [1002, 'DROPPING', 'zone2;zone1;zone3'], [1003, 'DROPPING', 'zone3;zone1;zone2'],
    ]);
    expect(s.ls.find((l) => l.tenantId === 1001 && l.lsId === 1)!.primaryZone).toBe('zone2;zone1,zone3');
    expect(s.tenantJobs).toEqual([expect.objectContaining({ jobType: 'ALTER_TENANT_PRIMARY_ZONE', jobStatus: 'INPROGRESS', tenantId: 1002 })]);
    expect(s.balanceJobs).toEqual([expect.objectContaining({ jobType: 'LS_BALANCE', balanceStrategy: 'LS_BALANCE_BY_SHRINK', targetPrimaryZoneNum: 1 })]);
    expect(topologyFromState(s).tenants.find((t) => t.tenantId === 1002)!.ls.find((l) => l.lsId === 1)!.leader).toBe(2);
  });

  it('adds LSs when the first level grows back', () => {
    let s = run(boot(), { type: 'alterTenantPrimaryZone', name: 'test', primaryZone: 'zone1', sqlText: '' });
    s = run(s, { type: 'alterTenantPrimaryZone', name: 'test', primaryZone: 'RANDOM', sqlText: '' });
    expect(userLs(s, 1002).filter((l) => l.status !== 'DROPPING').map((l) => [l.lsId, l.status])).toEqual([
      [1001, 'NORMAL'], [1004, 'CREATING'], [1005, 'CREATING'],
    ]);
    expect(s.tenantJobs.map((j) => j.jobStatus)).toEqual(['CANCELED', 'INPROGRESS']);
  });

  it('refuses zones outside the tenant', () => {
    expectObError(() => run(boot(), { type: 'alterTenantPrimaryZone', name: 'test', primaryZone: 'zone4', sqlText: '' }),
      "ERROR 4643 (HY000): primary zone 'zone4' not in zone list zone1,zone2,zone3");
    expectObError(() => run(boot(), { type: 'alterTenantPrimaryZone', name: 'nope', primaryZone: 'zone1', sqlText: '' }),
      "ERROR 5157 (HY000): Unknown tenant 'nope'");
  });
});

describe('ALTER TENANT LOCALITY', () => {
  const four = () => withServers(boot(), [{ zone: 'zone4', serverId: 4 }]);
  const alter = (locality: string) => ({ type: 'alterTenantLocality' as const, name: 'test', locality, sqlText: `alter tenant test locality '${locality}'` });

  it('changes one zone F→R: previous locality kept until the job succeeds', () => {
    const s = run(boot(), alter('F@zone1,F@zone2,R@zone3'));
    const t = s.tenants.find((x) => x.name === 'test')!;
    expect(t.locality.map((i) => i.replicaType)).toEqual(['FULL', 'FULL', 'READONLY']);
    expect(t.previousLocality!.map((i) => i.replicaType)).toEqual(['FULL', 'FULL', 'FULL']);
    expect(s.ls.filter((l) => l.tenantId === 1002 || l.tenantId === 1001).every((l) => l.replicas.find((r) => r.serverId === 3)!.replicaType === 'READONLY')).toBe(true);
    const job = s.tenantJobs[0];
    expect(job).toMatchObject({ jobType: 'ALTER_TENANT_LOCALITY', jobStatus: 'INPROGRESS', sqlText: "alter tenant test locality 'F@zone1,F@zone2,R@zone3'" });
    expectObError(() => run(s, alter('F@zone1,F@zone2')), 'ERROR 4179 (HY000): alter tenant locality while the previous locality change is running not allowed');
    const done = run(s, { type: 'jobProgress', jobId: job.jobId, progress: 100, jobStatus: 'SUCCESS' });
    expect(done.tenants.find((x) => x.name === 'test')!.previousLocality).toBeNull();
    expect(done.tenants.find((x) => x.tenantId === 1001)!.previousLocality).toBeNull();
    expect(done.tenantJobs[0]).toMatchObject({ jobStatus: 'SUCCESS', progress: 100, resultCode: 0 });
  });

  it('adds a replica in a new pool zone (3 → 4)', () => {
    let s = run(four(), { type: 'alterResourcePool', name: 'test_pool', zoneList: ['zone1', 'zone2', 'zone3', 'zone4'] });
    s = run(s, alter('F@zone1,F@zone2,F@zone3,F@zone4'));
    const ls = s.ls.find((l) => l.tenantId === 1002 && l.lsId === 1001)!;
    expect(ls.replicas.map((r) => r.serverId)).toEqual([1, 2, 3, 4]);
    expect(s.units.find((u) => u.serverId === 4 && u.resourcePoolId === 1001)!.unitGroupId).toBe(1001);
  });

  it('drops one replica (3 → 2), but never 2 → 1, never two changes at once, C never changes type', () => {
    const s = run(boot(), alter('F@zone1,F@zone2'));
    expect(s.ls.find((l) => l.tenantId === 1002 && l.lsId === 1001)!.replicas.map((r) => r.serverId)).toEqual([1, 2]);
    const s2 = run(s, { type: 'jobProgress', jobId: 1, progress: 100, jobStatus: 'SUCCESS' });
    expectObError(() => run(s2, alter('F@zone1')), 'ERROR 4179 (HY000): alter tenant locality from 2 FULL replicas to 1 not allowed');
    expectObError(() => run(boot(), alter('F@zone1,R@zone2,R@zone3')),
      'ERROR 4179 (HY000): alter tenant locality with more than one replica change in one statement not allowed');
    const c = run(boot(), alter('F@zone1,F@zone2,F@zone3'));
    expect(c.tenantJobs).toHaveLength(0);
  });

  it('C replicas can be added and dropped but not converted', () => {
    let s = run(four(), { type: 'alterResourcePool', name: 'test_pool', zoneList: ['zone1', 'zone2', 'zone3', 'zone4'] });
    s = run(s, alter('F@zone1,F@zone2,F@zone3,C@zone4'));
    expect(s.ls.find((l) => l.tenantId === 1002 && l.lsId === 1001)!.replicas[3]).toEqual({ serverId: 4, replicaType: 'COLUMNSTORE' });
    s = run(s, { type: 'jobProgress', jobId: 1, progress: 100, jobStatus: 'SUCCESS' });
    expectObError(() => run(s, alter('F@zone1,F@zone2,F@zone3,R@zone4')), 'ERROR 4179 (HY000): converting a COLUMNSTORE replica to another type not allowed');
  });
});

describe('ALTER RESOURCE TENANT UNIT_NUM', () => {
  const six = () => withServers(boot(), [{ zone: 'zone1', serverId: 4, newZone: false }, { zone: 'zone2', serverId: 5, newZone: false }, { zone: 'zone3', serverId: 6, newZone: false }]);

  it('scales out: a new unit group, a new LS group of one LS per zone, jobs', () => {
    const s = run(six(), { type: 'alterResourceTenantUnitNum', name: 'test', unitNum: 2, deleteUnitGroupIds: [], sqlText: 'x' });
    const units = s.units.filter((u) => u.resourcePoolId === 1001);
    expect(units.map((u) => [u.unitId, u.serverId, u.unitGroupId])).toEqual([
      [1001, 1, 1001], [1002, 2, 1001], [1003, 3, 1001], [1004, 4, 1004], [1005, 5, 1004], [1006, 6, 1004],
    ]);
    expect(userLs(s, 1002).map((l) => [l.lsId, l.lsGroupId, l.unitGroupId, l.status])).toEqual([
      [1001, 1001, 1001, 'NORMAL'], [1002, 1001, 1001, 'NORMAL'], [1003, 1001, 1001, 'NORMAL'],
      [1004, 1002, 1004, 'CREATING'], [1005, 1002, 1004, 'CREATING'], [1006, 1002, 1004, 'CREATING'],
    ]);
    expect(s.tenants.find((t) => t.name === 'test')!.unitNum).toBe(2);
    expect(s.tenants.find((t) => t.tenantId === 1001)!.unitNum).toBe(2);
    expect(s.tenantJobs[0]).toMatchObject({ jobType: 'ALTER_RESOURCE_TENANT_UNIT_NUM', jobStatus: 'INPROGRESS' });
    expect(s.balanceJobs[0]).toMatchObject({ jobType: 'LS_BALANCE', targetUnitNum: 2, status: 'DOING' });
    expectObError(() => run(s, { type: 'alterResourceTenantUnitNum', name: 'test', unitNum: 1, deleteUnitGroupIds: [], sqlText: '' }),
      'ERROR 4179 (HY000): alter unit num while the previous unit num change is running not allowed');
  });

  it('refuses to scale out beyond the servers of a zone', () => {
    expectObError(() => run(boot(), { type: 'alterResourceTenantUnitNum', name: 'test', unitNum: 2, deleteUnitGroupIds: [], sqlText: '' }),
      'ERROR 4656 (HY000): resource pool unit num is bigger than zone server count');
  });

  it('scales in: the named unit group goes DELETING, its LSs DROPPING, LS 1 moves, units leave once the LSs are offline', () => {
    let s = run(six(), { type: 'alterResourceTenantUnitNum', name: 'test', unitNum: 2, deleteUnitGroupIds: [], sqlText: '' });
    s = run(s, { type: 'jobProgress', jobId: 1, progress: 100, jobStatus: 'SUCCESS' });
    s = run(s, { type: 'alterResourceTenantUnitNum', name: 'test', unitNum: 1, deleteUnitGroupIds: [1001], sqlText: '' });
    expect(s.units.filter((u) => u.unitGroupId === 1001).every((u) => u.status === 'DELETING')).toBe(true);
    expect(userLs(s, 1002).filter((l) => l.unitGroupId === 1001).every((l) => l.status === 'DROPPING')).toBe(true);
    expect(s.ls.find((l) => l.tenantId === 1002 && l.lsId === 1)!.replicas.map((r) => r.serverId)).toEqual([4, 5, 6]);
    expect(s.tenantJobs[1]).toMatchObject({ jobType: 'SHRINK_RESOURCE_TENANT_UNIT_NUM' });
    for (const id of [1001, 1002, 1003]) s = run(s, { type: 'lsStatus', tenantId: 1002, lsId: id, status: 'WAIT_OFFLINE' });
    expect(s.units.filter((u) => u.resourcePoolId === 1001).map((u) => u.unitId)).toEqual([1004, 1005, 1006]);
    expect(topologyFromState(s).tenants.find((t) => t.tenantId === 1002)!.ls.map((l) => l.lsId)).toEqual([1, 1004, 1005, 1006]);
    expectObError(() => run(s, { type: 'alterResourceTenantUnitNum', name: 'test', unitNum: 1, deleteUnitGroupIds: [9], sqlText: '' }),
      'ERROR 1210 (HY000): Incorrect arguments to delete unit group');
  });
});

describe('DROP TENANT', () => {
  it('marks DROPPING, removes both tenants once their LSs are offline, and frees the pool', () => {
    let s = run(boot(), { type: 'dropTenant', name: 'test', ifExists: false, force: false });
    expect(s.tenants.filter((t) => t.tenantId >= 1001).map((t) => t.status)).toEqual(['DROPPING', 'DROPPING']);
    const all = s.ls.filter((l) => l.tenantId >= 1001);
    expect(all.every((l) => l.status === 'DROPPING')).toBe(true);
    for (const l of all) s = run(s, { type: 'lsStatus', tenantId: l.tenantId, lsId: l.lsId, status: 'WAIT_OFFLINE' });
    expect(s.tenants.map((t) => t.name)).toEqual(['sys']);
    expect(s.ls.map((l) => l.tenantId)).toEqual([1]);
    expect(s.resourcePools.find((p) => p.name === 'test_pool')!.tenantId).toBe(-1);
  });

  it('FORCE removes at once; unknown tenants and sys are refused', () => {
    const s = run(boot(), { type: 'dropTenant', name: 'test', ifExists: false, force: true });
    expect(s.tenants.map((t) => t.name)).toEqual(['sys']);
    expect(run(s, tenant('again', ['test_pool'])).tenants.map((t) => t.tenantId)).toEqual([1, 1003, 1004]);
    expectObError(() => run(boot(), { type: 'dropTenant', name: 'x', ifExists: false, force: false }), "ERROR 5157 (HY000): Unknown tenant 'x'");
    expect(run(boot(), { type: 'dropTenant', name: 'x', ifExists: true, force: false }).tenants).toHaveLength(3);
    expectObError(() => run(boot(), { type: 'dropTenant', name: 'sys', ifExists: false, force: true }), 'ERROR 4179 (HY000): drop sys tenant not allowed');
  });
});

describe('SWITCH REPLICA LEADER and election priority', () => {
  it('puts the named server first in the LS election', () => {
    const s = run(boot(), { type: 'switchReplicaLeader', tenantName: 'test', lsId: 1001, svrIp: '10.0.0.3', svrPort: 2882 });
    expect(electionPriority(s, 1002, 1001, 3)).toBeGreaterThan(electionPriority(s, 1002, 1001, 1));
    expect(topologyFromState(s).tenants.find((t) => t.tenantId === 1002)!.ls.find((l) => l.lsId === 1001)!.leader).toBe(3);
  });

  it('orders by primary zone level, puts stopped servers last and non-FULL replicas at 0', () => {
    let s = boot();
    expect([1, 2, 3].map((id) => electionPriority(s, 1002, 1002, id))).toEqual([90, 100, 80]);
    s = run(s, { type: 'stopServer', svrIp: '10.0.0.2', svrPort: 2882 });
    expect(electionPriority(s, 1002, 1002, 2)).toBe(1);
    expect(topologyFromState(s).tenants.find((t) => t.tenantId === 1002)!.ls.find((l) => l.lsId === 1002)!.leader).toBe(1);
    s = run(s, { type: 'startServer', svrIp: '10.0.0.2', svrPort: 2882 });
    expect(electionPriority(s, 1002, 1002, 2)).toBe(100);
    s = run(s, { type: 'alterTenantLocality', name: 'test', locality: 'F@zone1,F@zone2,R@zone3', sqlText: '' });
    expect(electionPriority(s, 1002, 1003, 3)).toBe(0);
    expect(electionPriority(s, 1002, 9999, 1)).toBe(0);
  });

  it('refuses unknown LSs and servers without a FULL replica', () => {
    expectObError(() => run(boot(), { type: 'switchReplicaLeader', tenantName: 'test', lsId: 1009, svrIp: '10.0.0.3', svrPort: 2882 }),
      'ERROR 4719 (HY000): log stream does not exist');
    const s = run(boot(), { type: 'alterTenantLocality', name: 'test', locality: 'F@zone1,F@zone2,R@zone3', sqlText: '' });
    expectObError(() => run(s, { type: 'switchReplicaLeader', tenantName: 'test', lsId: 1001, svrIp: '10.0.0.3', svrPort: 2882 }),
      "ERROR 1210 (HY000): Incorrect arguments to server, '10.0.0.3:2882' has no FULL replica of log stream 1001");
  });
});

describe('purity and determinism', () => {
  const script: RsCommandInput[] = [
    unit('u1', 5), pool('p1', 'u1'), tenant('t1', ['p1'], { primaryZone: 'zone1;zone2' }),
    { type: 'alterTenantLocality', name: 't1', locality: 'F@zone1,F@zone2,R@zone3', sqlText: '' },
    { type: 'switchReplicaLeader', tenantName: 'test', lsId: 1002, svrIp: '10.0.0.1', svrPort: 2882 },
    { type: 'lsStatus', tenantId: 1004, lsId: 1, status: 'NORMAL' },
  ];

  it('never mutates its input state', () => {
    const s = boot();
    const frozen = structuredClone(s);
    run(s, ...script);
    expect(s).toEqual(frozen);
  });

  it('the same commands from bootstrap give equal states', () => {
    expect(run(boot(), ...script)).toEqual(run(boot(), ...script));
  });

  it('each command bumps the version by one, even a no-op', () => {
    const s = boot();
    expect(applyRsCommand(s, { atUs: T0, type: 'createUnitConfig', ...(unit('test_unit', 5) as object), ifNotExists: true } as never).version).toBe(2);
  });
});
