import { describe, expect, it } from 'vitest';
import { boot, expectObError, pool, run, unit, withServers } from './helpers';

const G = 1024 ** 3;

describe('CREATE / ALTER / DROP RESOURCE UNIT', () => {
  it('applies OceanBase defaults: MIN_CPU = MAX_CPU, LOG_DISK_SIZE = 3 × memory, IOPS INT64_MAX, weight = MIN_CPU', () => {
    const s = run(boot(), unit('u1', 6, 4));
    expect(s.unitConfigs.find((c) => c.name === 'u1')).toMatchObject({
      unitConfigId: 1002, maxCpu: 4, minCpu: 4, memorySizeBytes: 6 * G, logDiskSizeBytes: 18 * G,
      maxIops: '9223372036854775807', minIops: '9223372036854775807', iopsWeight: 4,
    });
  });

  it('copies the one IOPS value given and sets IOPS_WEIGHT 0', () => {
    const s = run(boot(), { ...unit('u1', 5), maxIops: '1280' } as never);
    expect(s.unitConfigs.find((c) => c.name === 'u1')).toMatchObject({ maxIops: '1280', minIops: '1280', iopsWeight: 0 });
  });

  it('refuses duplicates, too little memory, log disk, CPU and IOPS', () => {
    const s = run(boot(), unit('u1', 5));
    expectObError(() => run(s, unit('u1', 5)), "ERROR 4649 (HY000): resource unit 'u1' already exist");
    expect(run(s, { ...unit('u1', 5), ifNotExists: true } as never).unitConfigs).toHaveLength(3);
    expectObError(() => run(s, unit('u2', 4)), 'ERROR 4659 (HY000): invalid MEMORY_SIZE value, min value is 5G');
    expectObError(() => run(s, { ...unit('u2', 5), logDiskSizeBytes: G } as never), 'ERROR 4659 (HY000): invalid LOG_DISK_SIZE value, min value is 2G');
    expectObError(() => run(s, { ...unit('u2', 5), maxCpu: 0.5 } as never), 'ERROR 4659 (HY000): invalid MIN_CPU value, min value is 1');
    expectObError(() => run(s, { ...unit('u2', 5), maxCpu: 2, minCpu: 3 } as never), 'ERROR 4659 (HY000): invalid MAX_CPU value, min value is 3');
    expectObError(() => run(s, { ...unit('u2', 5), minIops: '100' } as never), 'ERROR 4659 (HY000): invalid MIN_IOPS value, min value is 1024');
  });

  it('alters a config only while every unit using it still fits its server', () => {
    const s = run(boot(), { type: 'alterUnitConfig', name: 'test_unit', maxCpu: 4, memorySizeBytes: 8 * G });
    expect(s.unitConfigs.find((c) => c.name === 'test_unit')).toMatchObject({ maxCpu: 4, minCpu: 2, memorySizeBytes: 8 * G });
    expectObError(() => run(boot(), { type: 'alterUnitConfig', name: 'test_unit', memorySizeBytes: 31 * G }),
      `ERROR 4624 (HY000): zone 'zone1' server '"10.0.0.1:2882"' MEMORY_SIZE resource is not enough to hold a new unit`);
    expectObError(() => run(boot(), { type: 'alterUnitConfig', name: 'nope', maxCpu: 4 }), "ERROR 4648 (HY000): resource unit 'nope' not exist");
  });

  it('drops an unused config, refuses one a pool references', () => {
    const s = run(boot(), unit('u1', 5), { type: 'dropUnitConfig', name: 'u1', ifExists: false });
    expect(s.unitConfigs.map((c) => c.name)).toEqual(['sys_unit_config', 'test_unit']);
    expectObError(() => run(boot(), { type: 'dropUnitConfig', name: 'test_unit', ifExists: false }),
      "ERROR 4634 (HY000): resource unit 'test_unit' is referenced by some resource pool");
    expectObError(() => run(boot(), { type: 'dropUnitConfig', name: 'zz', ifExists: false }), "ERROR 4648 (HY000): resource unit 'zz' not exist");
    expect(run(boot(), { type: 'dropUnitConfig', name: 'zz', ifExists: true }).version).toBe(2);
  });
});

describe('CREATE / ALTER / DROP RESOURCE POOL', () => {
  it('places UNIT_NUM units per zone on the zone servers, one per server', () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1', 1, ['zone1', 'zone2']));
    const p = s.resourcePools.find((x) => x.name === 'p1')!;
    expect(p).toMatchObject({ resourcePoolId: 1002, tenantId: -1, unitCount: 1, zoneList: ['zone1', 'zone2'] });
    expect(s.units.filter((u) => u.resourcePoolId === 1002).map((u) => [u.unitId, u.zone, u.serverId])).toEqual([[1004, 'zone1', 1], [1005, 'zone2', 2]]);
  });

  it('picks the least-loaded server of a zone', () => {
    let s = withServers(boot(), [{ zone: 'zone1', serverId: 4, newZone: false }]);
    s = run(s, unit('u1', 5), pool('p1', 'u1', 1, ['zone1']));
    expect(s.units.find((u) => u.resourcePoolId === 1002)!.serverId).toBe(4);
  });

  it('refuses UNIT_NUM above the zone server count, unknown zones, duplicates and missing resources', () => {
    const s = run(boot(), unit('u1', 5), unit('big', 26));
    expectObError(() => run(s, pool('p1', 'u1', 2)), 'ERROR 4656 (HY000): resource pool unit num is bigger than zone server count');
    expectObError(() => run(s, pool('p1', 'u1', 1, ['zone9'])), "ERROR 4530 (HY000): Zone info 'zone9' not exist");
    expectObError(() => run(s, pool('p1', 'u1', 1, ['zone1', 'zone1'])), "ERROR 4641 (HY000): Duplicated zone 'zone1' in zone list zone1,zone1");
    expectObError(() => run(s, pool('p1', 'nope')), "ERROR 4648 (HY000): resource unit 'nope' not exist");
    expectObError(() => run(s, pool('test_pool', 'u1')), "ERROR 4651 (HY000): resource pool 'test_pool' exist");
    expectObError(() => run(s, pool('p1', 'big', 1, ['zone2'])),
      `ERROR 4624 (HY000): zone 'zone2' server '"10.0.0.2:2882"' MEMORY_SIZE resource is not enough to hold a new unit`);
  });

  it('changes one attribute per ALTER RESOURCE POOL', () => {
    const s = run(boot(), unit('u1', 5), unit('u2', 6), pool('p1', 'u1', 1, ['zone1']));
    expectObError(() => run(s, { type: 'alterResourcePool', name: 'p1', unitConfigName: 'u2', unitNum: 2 }),
      'ERROR 1235 (0A000): alter unit_num, resource_unit, zone_list in one cmd not supported');
    const s2 = run(s, { type: 'alterResourcePool', name: 'p1', unitConfigName: 'u2' });
    expect(s2.resourcePools.find((p) => p.name === 'p1')!.unitConfigId).toBe(1003);
    const s3 = run(s, { type: 'alterResourcePool', name: 'p1', zoneList: ['zone1', 'zone3'] });
    expect(s3.units.filter((u) => u.resourcePoolId === 1002).map((u) => u.zone)).toEqual(['zone1', 'zone3']);
    const s4 = run(s3, { type: 'alterResourcePool', name: 'p1', zoneList: ['zone3'] });
    expect(s4.units.filter((u) => u.resourcePoolId === 1002).map((u) => u.zone)).toEqual(['zone3']);
  });

  it('grows and shrinks an unused pool, deleting the named units', () => {
    let s = withServers(boot(), [{ zone: 'zone1', serverId: 4, newZone: false }]);
    s = run(s, unit('u1', 5), pool('p1', 'u1', 1, ['zone1']), { type: 'alterResourcePool', name: 'p1', unitNum: 2 });
    const ids = s.units.filter((u) => u.resourcePoolId === 1002).map((u) => u.unitId);
    expect(ids).toHaveLength(2);
    const s2 = run(s, { type: 'alterResourcePool', name: 'p1', unitNum: 1, deleteUnitIds: [ids[0]] });
    expect(s2.units.filter((u) => u.resourcePoolId === 1002).map((u) => u.unitId)).toEqual([ids[1]]);
    expectObError(() => run(s, { type: 'alterResourcePool', name: 'p1', unitNum: 1, deleteUnitIds: [1] }),
      'ERROR 1210 (HY000): Incorrect arguments to delete unit');
  });

  it('drops an unused pool with its units, refuses a granted one', () => {
    const s = run(boot(), unit('u1', 5), pool('p1', 'u1'), { type: 'dropResourcePool', name: 'p1', ifExists: false });
    expect(s.resourcePools.map((p) => p.name)).toEqual(['sys_pool', 'test_pool']);
    expect(s.units).toHaveLength(6);
    expectObError(() => run(boot(), { type: 'dropResourcePool', name: 'test_pool', ifExists: false }),
      "ERROR 4626 (HY000): resource pool 'test_pool' has already been granted to a tenant");
    expectObError(() => run(boot(), { type: 'dropResourcePool', name: 'zz', ifExists: false }), "ERROR 4650 (HY000): resource pool 'zz' not exist");
  });
});
