/**
 * Management statements end to end through the executor (issue #4): the exact root service
 * command each statement sends (`FakeCluster.rsCommands`), the statement-level checks (sizes,
 * required options, one attribute per ALTER), and the sys-tenant-only rule.
 */
import { describe, expect, it } from 'vitest';
import { tenantId } from '../../common/ids';
import { capacityBytes } from '../cluster_admin';
import { createFakeContext, errorOf, run, type FakeContext } from './fake_context';

function sysContext(): FakeContext {
  const ctx = createFakeContext();
  ctx.session = { ...ctx.session, tenantId: tenantId(1), tenantName: 'sys' };
  return ctx;
}

async function commandsOf(sql: string): Promise<unknown[]> {
  const ctx = sysContext();
  const r = await run(ctx, sql);
  expect(r).toEqual({ kind: 'ok', affectedRows: 0 });
  return ctx.cluster.rsCommands;
}

describe('zones and servers', () => {
  it('ADD ZONE fills IDC and REGION defaults', async () => {
    expect(await commandsOf('ALTER SYSTEM ADD ZONE zone4')).toEqual([{ type: 'addZone', zone: 'zone4', idc: '', region: 'default_region' }]);
    expect(await commandsOf(`ALTER SYSTEM ADD ZONE zone4 IDC 'hz1', REGION 'hangzhou'`)).toEqual([{ type: 'addZone', zone: 'zone4', idc: 'hz1', region: 'hangzhou' }]);
    expect(await commandsOf('ALTER SYSTEM STOP ZONE zone2')).toEqual([{ type: 'stopZone', zone: 'zone2' }]);
    expect(await commandsOf('ALTER SYSTEM DELETE ZONE zone4')).toEqual([{ type: 'deleteZone', zone: 'zone4' }]);
  });

  it('sends one command per server, with ip and RPC port split', async () => {
    expect(await commandsOf(`ALTER SYSTEM ADD SERVER '10.0.0.4:2882', '10.0.0.5:2882' ZONE 'zone1'`)).toEqual([
      { type: 'addServer', svrIp: '10.0.0.4', svrPort: 2882, zone: 'zone1', serverId: 0 },
      { type: 'addServer', svrIp: '10.0.0.5', svrPort: 2882, zone: 'zone1', serverId: 0 },
    ]);
    expect(await commandsOf(`ALTER SYSTEM STOP SERVER '10.0.0.2:2882'`)).toEqual([{ type: 'stopServer', svrIp: '10.0.0.2', svrPort: 2882 }]);
    expect(await commandsOf(`ALTER SYSTEM CANCEL DELETE SERVER '10.0.0.2:2882'`)).toEqual([{ type: 'cancelDeleteServer', svrIp: '10.0.0.2', svrPort: 2882 }]);
    expect(await errorOf(sysContext(), `ALTER SYSTEM DELETE SERVER '10.0.0.2'`)).toBe('ERROR 1210 (HY000): Incorrect arguments to server');
  });

  it('SWITCH REPLICA LEADER names the session tenant by default', async () => {
    expect(await commandsOf(`ALTER SYSTEM SWITCH REPLICA LEADER LS = 1001 SERVER = '10.0.0.2:2882' TENANT = test`)).toEqual([
      { type: 'switchReplicaLeader', tenantName: 'test', lsId: 1001, svrIp: '10.0.0.2', svrPort: 2882 },
    ]);
    const user = createFakeContext();
    await run(user, `ALTER SYSTEM SWITCH REPLICA LEADER LS 1002 SERVER '10.0.0.3:2882'`);
    expect(user.cluster.rsCommands).toEqual([{ type: 'switchReplicaLeader', tenantName: 'test', lsId: 1002, svrIp: '10.0.0.3', svrPort: 2882 }]);
    expect(await errorOf(createFakeContext(), `ALTER SYSTEM SWITCH REPLICA LEADER LS 1 SERVER '10.0.0.3:2882' TENANT sys`)).toBe('ERROR 1227 (42501): Access denied');
  });
});

describe('resource units and pools', () => {
  it('CREATE RESOURCE UNIT converts sizes to bytes and leaves unset options to the root service', async () => {
    expect(await commandsOf(`CREATE RESOURCE UNIT unit1 MAX_CPU 4, MEMORY_SIZE '5G', MAX_IOPS 1280, LOG_DISK_SIZE '10G', MIN_IOPS=1024, IOPS_WEIGHT=1`)).toEqual([{
      type: 'createUnitConfig', name: 'unit1', ifNotExists: false, maxCpu: 4, minCpu: null, memorySizeBytes: 5368709120,
      logDiskSizeBytes: 10737418240, maxIops: '1280', minIops: '1024', iopsWeight: 1,
    }]);
    expect(await commandsOf(`CREATE RESOURCE UNIT IF NOT EXISTS u2 MEMORY_SIZE = 4294967296, MAX_CPU = 1.5, MIN_CPU = 1`)).toEqual([{
      type: 'createUnitConfig', name: 'u2', ifNotExists: true, maxCpu: 1.5, minCpu: 1, memorySizeBytes: 4294967296,
      logDiskSizeBytes: null, maxIops: null, minIops: null, iopsWeight: null,
    }]);
  });

  it('reads sizes the way OceanBase does', () => {
    expect(capacityBytes('MEMORY_SIZE', '512M')).toBe(536870912);
    expect(capacityBytes('MEMORY_SIZE', '5g')).toBe(5368709120);
    expect(capacityBytes('MEMORY_SIZE', '2GB')).toBe(2147483648);
    expect(capacityBytes('MEMORY_SIZE', '1T')).toBe(1099511627776);
    expect(capacityBytes('MEMORY_SIZE', '1073741824')).toBe(1073741824);
    expect(() => capacityBytes('MEMORY_SIZE', '5X')).toThrow('Incorrect arguments to memory_size');
    expect(() => capacityBytes('LOG_DISK_SIZE', 1.5)).toThrow('Incorrect arguments to log_disk_size');
  });

  it('requires MAX_CPU and MEMORY_SIZE and refuses bad values', async () => {
    expect(await errorOf(sysContext(), `CREATE RESOURCE UNIT u MAX_CPU 2`)).toBe('ERROR 4162 (HY000): Miss argument for memory_size');
    expect(await errorOf(sysContext(), `CREATE RESOURCE UNIT u MEMORY_SIZE '5G'`)).toBe('ERROR 4162 (HY000): Miss argument for max_cpu');
    expect(await errorOf(sysContext(), `CREATE RESOURCE UNIT u MAX_CPU 2, MEMORY_SIZE '5 gigs'`)).toBe('ERROR 1210 (HY000): Incorrect arguments to memory_size');
  });

  it('ALTER and DROP RESOURCE UNIT send only what was written', async () => {
    expect(await commandsOf(`ALTER RESOURCE UNIT unit1 MAX_CPU 2, MEMORY_SIZE '6G'`)).toEqual([
      { type: 'alterUnitConfig', name: 'unit1', maxCpu: 2, memorySizeBytes: 6442450944 },
    ]);
    expect(await commandsOf('DROP RESOURCE UNIT IF EXISTS unit1')).toEqual([{ type: 'dropUnitConfig', name: 'unit1', ifExists: true }]);
  });

  it('CREATE RESOURCE POOL defaults UNIT_NUM 1, all zones and FULL', async () => {
    expect(await commandsOf(`CREATE RESOURCE POOL pool1 UNIT='unit1', UNIT_NUM=2, ZONE_LIST=('zone1','zone2')`)).toEqual([
      { type: 'createResourcePool', name: 'pool1', unitConfigName: 'unit1', unitNum: 2, zoneList: ['zone1', 'zone2'], replicaType: 'FULL' },
    ]);
    expect(await commandsOf(`CREATE RESOURCE POOL pool2 UNIT unit1`)).toEqual([
      { type: 'createResourcePool', name: 'pool2', unitConfigName: 'unit1', unitNum: 1, zoneList: null, replicaType: 'FULL' },
    ]);
    expect(await errorOf(sysContext(), `CREATE RESOURCE POOL p UNIT_NUM 1`)).toBe('ERROR 4162 (HY000): Miss argument for unit');
  });

  it('ALTER RESOURCE POOL changes one attribute per statement', async () => {
    expect(await commandsOf(`ALTER RESOURCE POOL pool1 UNIT_NUM = 1 DELETE UNIT = (1002)`)).toEqual([
      { type: 'alterResourcePool', name: 'pool1', unitNum: 1, deleteUnitIds: [1002] },
    ]);
    expect(await commandsOf(`ALTER RESOURCE POOL pool1 ZONE_LIST = ('zone1','zone2','zone3')`)).toEqual([
      { type: 'alterResourcePool', name: 'pool1', zoneList: ['zone1', 'zone2', 'zone3'] },
    ]);
    expect(await commandsOf(`ALTER RESOURCE POOL pool1 UNIT 'unit2'`)).toEqual([{ type: 'alterResourcePool', name: 'pool1', unitConfigName: 'unit2' }]);
    expect(await errorOf(sysContext(), `ALTER RESOURCE POOL pool1 UNIT = 'u2', UNIT_NUM = 2`)).toBe(
      'ERROR 1235 (0A000): alter unit_num, resource_unit, zone_list in one cmd not supported');
    expect(await commandsOf('DROP RESOURCE POOL pool1')).toEqual([{ type: 'dropResourcePool', name: 'pool1', ifExists: false }]);
  });
});

describe('tenants', () => {
  it('CREATE TENANT carries its text for the tenant job and leaves defaults to the root service', async () => {
    const text = `CREATE TENANT IF NOT EXISTS t1 PRIMARY_ZONE='zone1;zone2,zone3', RESOURCE_POOL_LIST=('pool1'), CHARSET='utf8mb4' SET ob_tcp_invited_nodes TO '%'`;
    expect(await commandsOf(text)).toEqual([{
      type: 'createTenant', name: 't1', ifNotExists: true, resourcePoolList: ['pool1'], primaryZone: 'zone1;zone2,zone3', locality: null, sqlText: text,
    }]);
    expect(await commandsOf(`CREATE TENANT t2 RESOURCE_POOL_LIST = ('p1'), LOCALITY = 'F@zone1,R@zone2'`)).toMatchObject([
      { type: 'createTenant', name: 't2', resourcePoolList: ['p1'], primaryZone: null, locality: 'F@zone1,R@zone2' },
    ]);
  });

  it('refuses a tenant without pools, a reserved name and Oracle mode', async () => {
    expect(await errorOf(sysContext(), `CREATE TENANT t PRIMARY_ZONE = 'zone1'`)).toBe('ERROR 1210 (HY000): Incorrect arguments to pool list. empty pool list.');
    expect(await errorOf(sysContext(), `CREATE TENANT all_user RESOURCE_POOL_LIST = ('p')`)).toBe(
      'ERROR 1235 (0A000): since 4.2.1, naming a tenant as all/all_user/all_meta is not supported');
    expect(await errorOf(sysContext(), `CREATE TENANT t RESOURCE_POOL_LIST = ('p') SET ob_compatibility_mode = 'oracle'`)).toBe(
      'ERROR 1235 (0A000): Oracle mode tenant not supported');
  });

  it('ALTER TENANT: locality or primary zone, one per statement', async () => {
    const pz = `ALTER TENANT t1 SET PRIMARY_ZONE = 'zone2'`;
    expect(await commandsOf(pz)).toEqual([{ type: 'alterTenantPrimaryZone', name: 't1', primaryZone: 'zone2', sqlText: pz }]);
    const loc = `ALTER TENANT t1 LOCALITY = 'F@zone1,F@zone2,R@zone3'`;
    expect(await commandsOf(loc)).toEqual([{ type: 'alterTenantLocality', name: 't1', locality: 'F@zone1,F@zone2,R@zone3', sqlText: loc }]);
    expect(await errorOf(sysContext(), `ALTER TENANT t1 LOCALITY = 'F@zone1', PRIMARY_ZONE = 'zone1'`)).toBe(
      'ERROR 1235 (0A000): modify tenant locality and primary_zone in one cmd not supported');
    expect(await errorOf(sysContext(), `ALTER TENANT t1 RESOURCE_POOL_LIST = ('p1', 'p2')`)).toBe('ERROR 1235 (0A000): ALTER TENANT RESOURCE_POOL_LIST not supported');
  });

  it('ALTER RESOURCE TENANT and DROP TENANT', async () => {
    const text = 'ALTER RESOURCE TENANT t1 UNIT_NUM = 1 DELETE UNIT_GROUP = (1006)';
    expect(await commandsOf(text)).toEqual([{ type: 'alterResourceTenantUnitNum', name: 't1', unitNum: 1, deleteUnitGroupIds: [1006], sqlText: text }]);
    expect(await commandsOf('DROP TENANT IF EXISTS t1 FORCE')).toEqual([{ type: 'dropTenant', name: 't1', ifExists: true, force: true }]);
  });

  it('only the sys tenant may manage the cluster', async () => {
    for (const sql of [
      'ALTER SYSTEM ADD ZONE z9', `ALTER SYSTEM STOP SERVER '10.0.0.2:2882'`, `CREATE RESOURCE UNIT u MAX_CPU 1, MEMORY_SIZE '5G'`,
      `CREATE TENANT t RESOURCE_POOL_LIST = ('p')`, `ALTER TENANT test PRIMARY_ZONE = 'zone1'`, 'DROP TENANT test',
    ]) {
      const ctx = createFakeContext();
      expect(await errorOf(ctx, sql)).toBe('ERROR 1227 (42501): Access denied');
      expect(ctx.cluster.rsCommands).toEqual([]);
    }
  });

  it('passes the root service error through', async () => {
    const ctx = sysContext();
    ctx.admin.rootService = async () => {
      const { Errors } = await import('../../common/ob_error');
      throw Errors.notSupported('simulated');
    };
    expect(await errorOf(ctx, 'DROP TENANT t1')).toBe('ERROR 1235 (0A000): simulated not supported');
  });
});
