/**
 * Cluster and tenant management statements (issue #4, reference §1.2–1.8): every statement with
 * OceanBase's syntax variants (optional `=`, optional commas, quoted and unquoted names, sizes as
 * strings or bytes, option order), and the syntax errors with MySQL's position text.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, one } from './helpers';

const admin = (action: string, rest: Record<string, unknown>) => ({ kind: 'clusterAdmin', action, ...rest });

describe('ALTER SYSTEM zones and servers', () => {
  it('parses ADD ZONE with IDC / REGION in any order, with or without = and commas', () => {
    expect(one('ALTER SYSTEM ADD ZONE zone4')).toEqual(admin('addZone', { zone: 'zone4' }));
    expect(one(`ALTER SYSTEM ADD ZONE zone4 IDC 'hz1', REGION 'hangzhou'`)).toEqual(admin('addZone', { zone: 'zone4', idc: 'hz1', region: 'hangzhou' }));
    expect(one(`alter system add zone 'z5' region = 'sh' idc = 'sh1' zone_type 'ReadWrite'`)).toEqual(admin('addZone', { zone: 'z5', idc: 'sh1', region: 'sh' }));
  });

  it('parses DELETE / START / STOP ZONE', () => {
    expect(one('ALTER SYSTEM DELETE ZONE zone4')).toEqual(admin('deleteZone', { zone: 'zone4' }));
    expect(one('ALTER SYSTEM START ZONE `zone4`')).toEqual(admin('startZone', { zone: 'zone4' }));
    expect(one(`ALTER SYSTEM STOP ZONE 'zone4'`)).toEqual(admin('stopZone', { zone: 'zone4' }));
  });

  it('parses the server commands with a list and an optional ZONE', () => {
    expect(one(`ALTER SYSTEM ADD SERVER '10.0.0.4:2882' ZONE 'zone1'`)).toEqual(admin('addServer', { servers: ['10.0.0.4:2882'], zone: 'zone1' }));
    expect(one(`ALTER SYSTEM ADD SERVER '10.0.0.4:2882', '10.0.0.5:2882' ZONE = zone2`)).toEqual(
      admin('addServer', { servers: ['10.0.0.4:2882', '10.0.0.5:2882'], zone: 'zone2' }));
    expect(one(`ALTER SYSTEM DELETE SERVER '10.0.0.4:2882'`)).toEqual(admin('deleteServer', { servers: ['10.0.0.4:2882'] }));
    expect(one(`ALTER SYSTEM CANCEL DELETE SERVER '10.0.0.4:2882' ZONE 'zone1'`)).toEqual(admin('cancelDeleteServer', { servers: ['10.0.0.4:2882'], zone: 'zone1' }));
    expect(one(`ALTER SYSTEM START SERVER '10.0.0.2:2882'`)).toEqual(admin('startServer', { servers: ['10.0.0.2:2882'] }));
    expect(one(`ALTER SYSTEM STOP SERVER '10.0.0.2:2882'`)).toEqual(admin('stopServer', { servers: ['10.0.0.2:2882'] }));
  });

  it('parses SWITCH REPLICA LEADER with its options in any order', () => {
    const expected = admin('switchReplicaLeader', { lsId: 1001, server: '10.0.0.2:2882', tenant: 't1' });
    expect(one(`ALTER SYSTEM SWITCH REPLICA LEADER LS = 1001 SERVER = '10.0.0.2:2882' TENANT = t1`)).toEqual(expected);
    expect(one(`ALTER SYSTEM SWITCH REPLICA LEADER SERVER '10.0.0.2:2882' TENANT 't1' LS 1001`)).toEqual(expected);
    expect(one(`ALTER SYSTEM SWITCH REPLICA LEADER LS=1001 SERVER='10.0.0.2:2882'`)).toEqual(
      admin('switchReplicaLeader', { lsId: 1001, server: '10.0.0.2:2882' }));
  });

  it('reports what it does not model with 1235, and malformed forms with 1064', () => {
    expect(errorOf(() => one(`ALTER SYSTEM FORCE STOP SERVER '10.0.0.2:2882'`)).format()).toBe('ERROR 1235 (0A000): ALTER SYSTEM FORCE STOP not supported');
    expect(errorOf(() => one(`ALTER SYSTEM MODIFY ZONE z1 SET REGION 'x'`)).format()).toBe('ERROR 1235 (0A000): ALTER SYSTEM MODIFY ZONE not supported');
    expect(errorOf(() => one(`ALTER SYSTEM ADD SERVER 10.0.0.2`)).format()).toContain(`near '10.0.0.2' at line 1`);
    expect(errorOf(() => one(`ALTER SYSTEM ADD ZONE z4 IDC`)).format()).toContain(`near '' at line 1`);
    expect(errorOf(() => one(`ALTER SYSTEM SWITCH REPLICA LEADER SERVER = '10.0.0.2:2882'`)).format()).toContain(`near '' at line 1`);
    expect(errorOf(() => one(`ALTER SYSTEM SWITCH REPLICA LEADER LS = x`)).format()).toContain(`near 'x' at line 1`);
  });
});

describe('RESOURCE UNIT and RESOURCE POOL', () => {
  it('parses CREATE RESOURCE UNIT with sizes as strings or bytes and CPUs as decimals', () => {
    expect(one(`CREATE RESOURCE UNIT unit1 MAX_CPU 4, MEMORY_SIZE '5G', MAX_IOPS 1280, LOG_DISK_SIZE '10G', MIN_IOPS=1024, IOPS_WEIGHT=1`)).toEqual(
      admin('createResourceUnit', {
        name: 'unit1', ifNotExists: false,
        options: [
          { name: 'MAX_CPU', value: 4 }, { name: 'MEMORY_SIZE', value: '5G' }, { name: 'MAX_IOPS', value: 1280 },
          { name: 'LOG_DISK_SIZE', value: '10G' }, { name: 'MIN_IOPS', value: 1024 }, { name: 'IOPS_WEIGHT', value: 1 },
        ],
      }));
    expect(one(`create resource unit if not exists 'u2' memory_size = 5368709120 max_cpu = 1.5 min_cpu 1`)).toEqual(
      admin('createResourceUnit', {
        name: 'u2', ifNotExists: true,
        options: [{ name: 'MEMORY_SIZE', value: 5368709120 }, { name: 'MAX_CPU', value: 1.5 }, { name: 'MIN_CPU', value: 1 }],
      }));
    expect(one(`CREATE RESOURCE UNIT u MAX_CPU 1, MEMORY_SIZE '5G', MAX_IOPS 9223372036854775807`)).toMatchObject(
      { options: [{ name: 'MAX_CPU', value: 1 }, { name: 'MEMORY_SIZE', value: '5G' }, { name: 'MAX_IOPS', value: '9223372036854775807' }] });
  });

  it('parses ALTER and DROP RESOURCE UNIT', () => {
    expect(one(`ALTER RESOURCE UNIT unit1 MAX_CPU 2, MEMORY_SIZE '6G'`)).toEqual(
      admin('alterResourceUnit', { name: 'unit1', options: [{ name: 'MAX_CPU', value: 2 }, { name: 'MEMORY_SIZE', value: '6G' }] }));
    expect(one('DROP RESOURCE UNIT unit1')).toEqual(admin('dropResourceUnit', { name: 'unit1', ifExists: false }));
    expect(one('DROP RESOURCE UNIT IF EXISTS unit1')).toEqual(admin('dropResourceUnit', { name: 'unit1', ifExists: true }));
  });

  it('refuses V3 unit options and unknown words', () => {
    expect(errorOf(() => one(`CREATE RESOURCE UNIT u MAX_MEMORY '5G'`)).format()).toBe('ERROR 1235 (0A000): MAX_MEMORY (a V3 resource unit option) not supported');
    expect(errorOf(() => one(`CREATE RESOURCE UNIT u MAX_CPU 1, CPU 2`)).format()).toContain(`near 'CPU 2' at line 1`);
    expect(errorOf(() => one(`CREATE RESOURCE UNIT u`)).format()).toContain(`near '' at line 1`);
  });

  it('parses CREATE RESOURCE POOL with ZONE_LIST in parentheses or bare', () => {
    expect(one(`CREATE RESOURCE POOL pool1 UNIT='unit1', UNIT_NUM=1, ZONE_LIST=('zone1','zone2')`)).toEqual(
      admin('createResourcePool', {
        name: 'pool1', ifNotExists: false,
        options: [{ name: 'UNIT', value: 'unit1' }, { name: 'UNIT_NUM', value: 1 }, { name: 'ZONE_LIST', value: ['zone1', 'zone2'] }],
      }));
    expect(one(`create resource pool p2 unit u2 unit_num 2 zone_list 'zone1'`)).toMatchObject(
      { options: [{ name: 'UNIT', value: 'u2' }, { name: 'UNIT_NUM', value: 2 }, { name: 'ZONE_LIST', value: ['zone1'] }] });
  });

  it('parses ALTER RESOURCE POOL forms, DELETE UNIT after UNIT_NUM, and DROP', () => {
    expect(one(`ALTER RESOURCE POOL pool1 UNIT = 'unit2'`)).toEqual(admin('alterResourcePool', { name: 'pool1', options: [{ name: 'UNIT', value: 'unit2' }] }));
    expect(one(`ALTER RESOURCE POOL pool1 UNIT_NUM = 1 DELETE UNIT = (1002, 1003)`)).toEqual(
      admin('alterResourcePool', { name: 'pool1', options: [{ name: 'UNIT_NUM', value: 1 }, { name: 'DELETE_UNIT', value: [1002, 1003] }] }));
    expect(one(`ALTER RESOURCE POOL pool1 ZONE_LIST = ('zone1','zone2','zone3')`)).toEqual(
      admin('alterResourcePool', { name: 'pool1', options: [{ name: 'ZONE_LIST', value: ['zone1', 'zone2', 'zone3'] }] }));
    expect(one(`ALTER RESOURCE POOL pool1 UNIT 'u', UNIT_NUM 2`)).toMatchObject({ options: [{ name: 'UNIT' }, { name: 'UNIT_NUM' }] });
    expect(one('DROP RESOURCE POOL IF EXISTS pool1')).toEqual(admin('dropResourcePool', { name: 'pool1', ifExists: true }));
    expect(errorOf(() => one(`CREATE RESOURCE POOL p UNIT_NUM 1 DELETE UNIT = (1)`)).format()).toContain(`near 'DELETE UNIT = (1)' at line 1`);
  });
});

describe('TENANT', () => {
  it('parses CREATE TENANT with options, RANDOM and SET variables', () => {
    expect(one(`CREATE TENANT IF NOT EXISTS test_tenant PRIMARY_ZONE='zone1;zone2,zone3', RESOURCE_POOL_LIST=('pool1'), CHARSET='utf8mb4' SET ob_tcp_invited_nodes TO '%'`)).toEqual(
      admin('createTenant', {
        name: 'test_tenant', ifNotExists: true,
        options: [
          { name: 'PRIMARY_ZONE', value: 'zone1;zone2,zone3' }, { name: 'RESOURCE_POOL_LIST', value: ['pool1'] }, { name: 'CHARSET', value: 'utf8mb4' },
        ],
        variables: [{ name: 'ob_tcp_invited_nodes', value: '%' }],
      }));
    expect(one(`create tenant t2 resource_pool_list = (p1, 'p2') primary_zone = random locality = 'F@z1,R@z2' set variables ob_compatibility_mode='mysql', ob_tcp_invited_nodes='%'`)).toEqual(
      admin('createTenant', {
        name: 't2', ifNotExists: false,
        options: [{ name: 'RESOURCE_POOL_LIST', value: ['p1', 'p2'] }, { name: 'PRIMARY_ZONE', value: 'RANDOM' }, { name: 'LOCALITY', value: 'F@z1,R@z2' }],
        variables: [{ name: 'ob_compatibility_mode', value: 'mysql' }, { name: 'ob_tcp_invited_nodes', value: '%' }],
      }));
    expect(one('CREATE TENANT t3')).toEqual(admin('createTenant', { name: 't3', ifNotExists: false, options: [], variables: [] }));
  });

  it('parses ALTER TENANT with and without SET, ALTER RESOURCE TENANT and DROP TENANT', () => {
    expect(one(`ALTER TENANT t1 SET PRIMARY_ZONE = 'zone2'`)).toEqual(admin('alterTenant', { name: 't1', options: [{ name: 'PRIMARY_ZONE', value: 'zone2' }] }));
    expect(one(`ALTER TENANT t1 LOCALITY 'F@z1,F@z2,R@z3'`)).toEqual(admin('alterTenant', { name: 't1', options: [{ name: 'LOCALITY', value: 'F@z1,F@z2,R@z3' }] }));
    expect(one(`ALTER TENANT t1 LOCALITY = 'F@z1', PRIMARY_ZONE = 'z1'`)).toMatchObject({ options: [{ name: 'LOCALITY' }, { name: 'PRIMARY_ZONE' }] });
    expect(one('ALTER RESOURCE TENANT t1 UNIT_NUM = 2')).toEqual(admin('alterResourceTenant', { name: 't1', unitNum: 2, deleteUnitGroups: [] }));
    expect(one('ALTER RESOURCE TENANT t1 UNIT_NUM 1 DELETE UNIT_GROUP = (1006)')).toEqual(admin('alterResourceTenant', { name: 't1', unitNum: 1, deleteUnitGroups: [1006] }));
    expect(one('DROP TENANT t1')).toEqual(admin('dropTenant', { name: 't1', ifExists: false, force: false }));
    expect(one('DROP TENANT IF EXISTS t1 FORCE')).toEqual(admin('dropTenant', { name: 't1', ifExists: true, force: true }));
  });

  it('answers 1235 for the ALTER TENANT forms not modelled and 1064 for bad syntax', () => {
    expect(errorOf(() => one('ALTER TENANT t1 SET VARIABLES autocommit = 0')).format()).toBe('ERROR 1235 (0A000): ALTER TENANT SET VARIABLES not supported');
    expect(errorOf(() => one('ALTER TENANT t1 RENAME GLOBAL_NAME TO t2')).format()).toBe('ERROR 1235 (0A000): ALTER TENANT RENAME not supported');
    expect(errorOf(() => one(`CREATE TENANT t ZONE_LIST = ('z1')`)).format()).toBe('ERROR 1235 (0A000): tenant option ZONE_LIST not supported');
    expect(errorOf(() => one(`CREATE TENANT t RESOURCE_POOL_LIST = ('p1' 'p2'`)).format()).toContain(`near '' at line 1`);
    expect(errorOf(() => one(`CREATE TENANT t PRIMARY_ZONE = 'z1', BOGUS = 1`)).format()).toContain(`near 'BOGUS = 1' at line 1`);
    expect(errorOf(() => one('ALTER RESOURCE TENANT t1 UNIT_NUM')).format()).toContain(`near '' at line 1`);
    expect(errorOf(() => one('DROP TENANT t1 CASCADE')).format()).toContain(`near 'CASCADE' at line 1`);
  });

  it('reports the line of the offending token in a multi-line statement', () => {
    expect(errorOf(() => one(`CREATE RESOURCE POOL p\n  UNIT = 'u',\n  UNIT_NUMBER = 2`)).format()).toContain(`near 'UNIT_NUMBER = 2' at line 3`);
  });
});
