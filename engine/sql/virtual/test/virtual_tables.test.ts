/**
 * System views over a hand-built cluster snapshot: column lists exactly as OceanBase's (reference
 * §5–6), tenant scoping (DBA_ = own tenant, CDB_ and cluster views only in sys, GV$ filtered), leader-
 * only MEMBER_LIST, SCN and timestamp rendering, and the information_schema views.
 */
import { describe, expect, it } from 'vitest';
import { tenantId as toTenantId, tableId, tabletId, lsId } from '../../../common/ids';
import type { ClusterSnapshot } from '../../../server/snapshot';
import type { SchemaGuard, VirtualTableProvider } from '../../exec_context';
import { DEFAULT_TABLE_OPTIONS, type DatabaseSchema, type TableSchema } from '../../../schema/schema';
import type { Value } from '../../../common/value';
import { createVirtualTables, formatTimestampUs } from '../index';
import { BOOT_US, SCN_A, SCN_B, clusterFixture } from './fixture';

function provider(tenantId: number, snapshot: ClusterSnapshot = clusterFixture(), schema?: SchemaGuard): VirtualTableProvider {
  const tenantName = tenantId === 1 ? 'sys' : 'test';
  return createVirtualTables({ tenantId, tenantName, clusterSnapshot: async () => snapshot, schema });
}

async function query(p: VirtualTableProvider, view: string, db = 'oceanbase'): Promise<Record<string, Value>[]> {
  const def = p.lookup(db, view);
  if (!def) throw new Error(`no view ${view}`);
  const rows = await def.rows();
  return rows.map((r) => Object.fromEntries(def.columns.map((c, i) => [c.name, r[i]])));
}

const columnsOf = (p: VirtualTableProvider, view: string, db = 'oceanbase') => p.lookup(db, view)!.columns.map((c) => c.name);
const split = (s: string) => s.split(',').map((x) => x.trim());

describe('system view columns match OceanBase (reference §5–6)', () => {
  const sys = provider(1);
  const cases: [string, string][] = [
    ['DBA_OB_ZONES', 'ZONE, CREATE_TIME, MODIFY_TIME, STATUS, IDC, REGION, TYPE'],
    ['DBA_OB_SERVERS', 'SVR_IP, SVR_PORT, ID, ZONE, SQL_PORT, WITH_ROOTSERVER, STATUS, START_SERVICE_TIME, STOP_TIME, BLOCK_MIGRATE_IN_TIME, CREATE_TIME, MODIFY_TIME, BUILD_VERSION, LAST_OFFLINE_TIME'],
    ['DBA_OB_UNIT_CONFIGS', 'UNIT_CONFIG_ID, NAME, CREATE_TIME, MODIFY_TIME, MAX_CPU, MIN_CPU, MEMORY_SIZE, LOG_DISK_SIZE, MAX_IOPS, MIN_IOPS, IOPS_WEIGHT'],
    ['DBA_OB_RESOURCE_POOLS', 'RESOURCE_POOL_ID, NAME, TENANT_ID, CREATE_TIME, MODIFY_TIME, UNIT_COUNT, UNIT_CONFIG_ID, ZONE_LIST, REPLICA_TYPE'],
    ['DBA_OB_UNITS', 'UNIT_ID, TENANT_ID, STATUS, RESOURCE_POOL_ID, UNIT_GROUP_ID, CREATE_TIME, MODIFY_TIME, ZONE, SVR_IP, SVR_PORT, MIGRATE_FROM_SVR_IP, MIGRATE_FROM_SVR_PORT, MANUAL_MIGRATE, UNIT_CONFIG_ID, MAX_CPU, MIN_CPU, MEMORY_SIZE, LOG_DISK_SIZE, MAX_IOPS, MIN_IOPS, IOPS_WEIGHT'],
    ['DBA_OB_TENANTS', 'TENANT_ID, TENANT_NAME, TENANT_TYPE, CREATE_TIME, MODIFY_TIME, PRIMARY_ZONE, LOCALITY, PREVIOUS_LOCALITY, COMPATIBILITY_MODE, STATUS, IN_RECYCLEBIN, LOCKED, TENANT_ROLE, SWITCHOVER_STATUS, SWITCHOVER_EPOCH, SYNC_SCN, REPLAYABLE_SCN, READABLE_SCN, RECOVERY_UNTIL_SCN, LOG_MODE, ARBITRATION_SERVICE_STATUS, UNIT_NUM, COMPATIBLE, MAX_LS_ID'],
    ['DBA_OB_LS', 'LS_ID, STATUS, PRIMARY_ZONE, UNIT_GROUP_ID, LS_GROUP_ID, CREATE_SCN, DROP_SCN, SYNC_SCN, READABLE_SCN, FLAG'],
    ['CDB_OB_LS', 'TENANT_ID, LS_ID, STATUS, PRIMARY_ZONE, UNIT_GROUP_ID, LS_GROUP_ID, CREATE_SCN, DROP_SCN, SYNC_SCN, READABLE_SCN, FLAG'],
    ['DBA_OB_LS_LOCATIONS', 'CREATE_TIME, MODIFY_TIME, LS_ID, SVR_IP, SVR_PORT, SQL_PORT, ZONE, ROLE, MEMBER_LIST, PAXOS_REPLICA_NUMBER, REPLICA_TYPE, LEARNER_LIST, REBUILD'],
    ['CDB_OB_LS_LOCATIONS', 'CREATE_TIME, MODIFY_TIME, TENANT_ID, LS_ID, SVR_IP, SVR_PORT, SQL_PORT, ZONE, ROLE, MEMBER_LIST, PAXOS_REPLICA_NUMBER, REPLICA_TYPE, LEARNER_LIST, REBUILD'],
    ['DBA_OB_TABLET_TO_LS', 'TABLET_ID, LS_ID'],
    ['CDB_OB_TABLET_TO_LS', 'TENANT_ID, TABLET_ID, LS_ID'],
    ['DBA_OB_TABLE_LOCATIONS', 'DATABASE_NAME, TABLE_NAME, TABLE_ID, TABLE_TYPE, PARTITION_NAME, SUBPARTITION_NAME, INDEX_NAME, DATA_TABLE_ID, TABLET_ID, LS_ID, ZONE, SVR_IP, SVR_PORT, ROLE, REPLICA_TYPE, DUPLICATE_SCOPE, OBJECT_ID, TABLEGROUP_NAME, TABLEGROUP_ID, SHARDING'],
    ['CDB_OB_TABLE_LOCATIONS', 'TENANT_ID, DATABASE_NAME, TABLE_NAME, TABLE_ID, TABLE_TYPE, PARTITION_NAME, SUBPARTITION_NAME, INDEX_NAME, DATA_TABLE_ID, TABLET_ID, LS_ID, ZONE, SVR_IP, SVR_PORT, ROLE, REPLICA_TYPE, DUPLICATE_SCOPE, OBJECT_ID, TABLEGROUP_NAME, TABLEGROUP_ID, SHARDING'],
    ['GV$OB_SSTABLES', 'SVR_IP, SVR_PORT, TABLE_TYPE, TENANT_ID, LS_ID, TABLET_ID, START_LOG_SCN, END_LOG_SCN, SIZE, REF, UPPER_TRANS_VERSION, IS_ACTIVE, CONTAIN_UNCOMMITTED_ROW'],
    ['GV$OB_MEMSTORE', 'SVR_IP, SVR_PORT, TENANT_ID, ACTIVE_SPAN, FREEZE_TRIGGER, FREEZE_CNT, MEMSTORE_USED, MEMSTORE_LIMIT'],
    ['GV$OB_LOG_STAT', 'TENANT_ID, LS_ID, SVR_IP, SVR_PORT, ROLE, PROPOSAL_ID, CONFIG_VERSION, ACCESS_MODE, PAXOS_MEMBER_LIST, PAXOS_REPLICA_NUM, IN_SYNC, BASE_LSN, BEGIN_LSN, BEGIN_SCN, END_LSN, END_SCN, MAX_LSN, MAX_SCN, ARBITRATION_MEMBER, DEGRADED_LIST, LEARNER_LIST'],
  ];
  for (const [view, columns] of cases) {
    it(view, () => {
      expect(columnsOf(sys, view)).toEqual(split(columns));
    });
  }

  it('every row has as many values as the view has columns', async () => {
    for (const view of sys.list('oceanbase')) {
      const def = sys.lookup('oceanbase', view)!;
      for (const row of await def.rows()) expect(row).toHaveLength(def.columns.length);
    }
  });
});

describe('tenant scoping', () => {
  it('a user tenant has no CDB_ views and no cluster-only views (ERROR 1146 upstream)', () => {
    const user = provider(1002);
    for (const name of ['CDB_OB_LS', 'CDB_OB_LS_LOCATIONS', 'CDB_OB_TABLET_TO_LS', 'CDB_OB_TABLE_LOCATIONS',
      'DBA_OB_SERVERS', 'DBA_OB_ZONES', 'DBA_OB_UNITS', 'DBA_OB_UNIT_CONFIGS', 'DBA_OB_RESOURCE_POOLS']) {
      expect(user.lookup('oceanbase', name), name).toBeUndefined();
    }
    expect(user.lookup('oceanbase', 'DBA_OB_LS_LOCATIONS')).toBeDefined();
    expect(user.list('oceanbase')).not.toContain('CDB_OB_LS');
    expect(user.list('oceanbase')).toContain('DBA_OB_TENANTS');
    expect(provider(1).list('oceanbase')).toContain('CDB_OB_LS');
  });

  it('lookup is case-insensitive in database and view name', () => {
    const user = provider(1002);
    expect(user.lookup('OceanBase', 'dba_ob_ls')?.name).toBe('DBA_OB_LS');
    expect(user.lookup('oceanbase', 'gv$ob_sstables')?.name).toBe('GV$OB_SSTABLES');
    expect(user.lookup('test', 'DBA_OB_LS')).toBeUndefined();
  });

  it('DBA_OB_TENANTS shows every tenant from sys and only the own tenant otherwise', async () => {
    const all = await query(provider(1), 'DBA_OB_TENANTS');
    expect(all.map((t) => [t.TENANT_ID, t.TENANT_NAME, t.TENANT_TYPE])).toEqual([
      [1, 'sys', 'SYS'],
      [1001, 'META$1002', 'META'],
      [1002, 'test', 'USER'],
    ]);
    const own = await query(provider(1002), 'DBA_OB_TENANTS');
    expect(own.map((t) => t.TENANT_ID)).toEqual([1002]);
  });

  it('DBA_OB_LS shows the current tenant; CDB_OB_LS every tenant', async () => {
    expect((await query(provider(1002), 'DBA_OB_LS')).map((r) => r.LS_ID)).toEqual([1, 1001, 1002, 1003]);
    expect((await query(provider(1), 'DBA_OB_LS')).map((r) => r.LS_ID)).toEqual([1]);
    const cdb = await query(provider(1), 'CDB_OB_LS');
    expect(cdb.map((r) => [r.TENANT_ID, r.LS_ID])).toEqual([[1, 1], [1001, 1], [1002, 1], [1002, 1001], [1002, 1002], [1002, 1003]]);
  });

  it('GV$ views show the own tenant from a user tenant and all tenants from sys', async () => {
    const userMem = await query(provider(1002), 'GV$OB_MEMSTORE');
    expect(new Set(userMem.map((r) => r.TENANT_ID))).toEqual(new Set([1002]));
    expect(userMem).toHaveLength(3);
    const sysMem = await query(provider(1), 'GV$OB_MEMSTORE');
    expect(new Set(sysMem.map((r) => r.TENANT_ID))).toEqual(new Set([1, 1002]));
    const snapshot = clusterFixture();
    for (const s of snapshot.servers) for (const t of s.tablets) t.tenantId = 1001;
    expect(await query(provider(1002, snapshot), 'GV$OB_SSTABLES')).toEqual([]);
  });
});

describe('DBA_OB_LS_LOCATIONS', () => {
  it('has exactly one LEADER per LS, with the member list and replica number only on it', async () => {
    const rows = await query(provider(1002), 'DBA_OB_LS_LOCATIONS');
    expect(rows).toHaveLength(12);
    const leaders = rows.filter((r) => r.ROLE === 'LEADER');
    expect(leaders.map((r) => [r.LS_ID, r.ZONE, r.SVR_IP])).toEqual([
      [1, 'zone1', '10.0.0.1'],
      [1001, 'zone1', '10.0.0.1'],
      [1002, 'zone2', '10.0.0.2'],
      [1003, 'zone3', '10.0.0.3'],
    ]);
    for (const l of leaders) {
      expect(l.MEMBER_LIST).toBe('10.0.0.1:2882:1,10.0.0.2:2882:1,10.0.0.3:2882:1');
      expect(l.PAXOS_REPLICA_NUMBER).toBe(3);
    }
    for (const f of rows.filter((r) => r.ROLE === 'FOLLOWER')) {
      expect(f.MEMBER_LIST).toBeNull();
      expect(f.PAXOS_REPLICA_NUMBER).toBeNull();
    }
    for (const r of rows) {
      expect([r.SVR_PORT, r.SQL_PORT, r.REPLICA_TYPE, r.LEARNER_LIST, r.REBUILD]).toEqual([2882, 2881, 'FULL', '', 'FALSE']);
    }
  });

  it('orders rows by LS id, then server address', async () => {
    const rows = await query(provider(1002), 'DBA_OB_LS_LOCATIONS');
    expect(rows.slice(0, 3).map((r) => [r.LS_ID, r.SVR_IP])).toEqual([[1, '10.0.0.1'], [1, '10.0.0.2'], [1, '10.0.0.3']]);
  });

  it('follows a leader change reported by PALF (higher proposal id wins)', async () => {
    const snapshot = clusterFixture();
    const moved = snapshot.servers[2].lsReplicas.find((r) => r.tenantId === 1002 && r.lsId === 1001)!;
    moved.role = 'LEADER';
    moved.proposalId = 2;
    const rows = await query(provider(1002, snapshot), 'DBA_OB_LS_LOCATIONS');
    const leaders = rows.filter((r) => r.LS_ID === 1001 && r.ROLE === 'LEADER');
    expect(leaders.map((r) => r.ZONE)).toEqual(['zone3']);
  });

  it('CDB_OB_LS_LOCATIONS carries TENANT_ID and covers every tenant', async () => {
    const rows = await query(provider(1), 'CDB_OB_LS_LOCATIONS');
    expect(new Set(rows.map((r) => r.TENANT_ID))).toEqual(new Set([1, 1001, 1002]));
    expect(rows.filter((r) => r.ROLE === 'LEADER')).toHaveLength(6);
  });
});

describe('DBA_OB_LS values', () => {
  it('LS 1 has NULL CREATE_SCN; user LS SCNs are exact bigints; sys/meta SCNs are NULL', async () => {
    const rows = await query(provider(1002), 'DBA_OB_LS');
    expect(rows[0]).toMatchObject({ LS_ID: 1, CREATE_SCN: null, UNIT_GROUP_ID: 0, LS_GROUP_ID: 0, STATUS: 'NORMAL', FLAG: '' });
    expect(rows[1]).toMatchObject({ LS_ID: 1001, CREATE_SCN: BigInt(SCN_A), SYNC_SCN: BigInt(SCN_B), READABLE_SCN: BigInt(SCN_A), DROP_SCN: null });
    const sysRows = await query(provider(1), 'CDB_OB_LS');
    expect(sysRows[0]).toMatchObject({ TENANT_ID: 1, SYNC_SCN: null, READABLE_SCN: null });
  });
});

describe('tablet and table locations', () => {
  it('DBA_OB_TABLET_TO_LS maps each user tablet to its LS', async () => {
    const rows = await query(provider(1002), 'DBA_OB_TABLET_TO_LS');
    expect(rows.map((r) => [r.TABLET_ID, r.LS_ID])).toEqual([[200001, 1001], [200002, 1001], [200003, 1002], [200004, 1003]]);
    expect(await query(provider(1), 'DBA_OB_TABLET_TO_LS')).toEqual([]);
    expect((await query(provider(1), 'CDB_OB_TABLET_TO_LS'))[0]).toEqual({ TENANT_ID: 1002, TABLET_ID: 200001, LS_ID: 1001 });
  });

  it('DBA_OB_TABLE_LOCATIONS has one row per replica with partition names and roles', async () => {
    const rows = await query(provider(1002), 'DBA_OB_TABLE_LOCATIONS');
    expect(rows).toHaveLength(12);
    const t1 = rows.filter((r) => r.TABLE_NAME === 't1');
    expect(t1.map((r) => [r.ZONE, r.ROLE])).toEqual([['zone1', 'LEADER'], ['zone2', 'FOLLOWER'], ['zone3', 'FOLLOWER']]);
    expect(t1[0]).toMatchObject({
      DATABASE_NAME: 'test', TABLE_TYPE: 'USER TABLE', PARTITION_NAME: 'NULL', SUBPARTITION_NAME: 'NULL',
      INDEX_NAME: null, DATA_TABLE_ID: null, DUPLICATE_SCOPE: 'NONE', OBJECT_ID: 500002, TABLEGROUP_NAME: null,
    });
    const t2Leaders = rows.filter((r) => r.TABLE_NAME === 't2' && r.ROLE === 'LEADER');
    expect(t2Leaders.map((r) => [r.PARTITION_NAME, r.TABLET_ID, r.LS_ID, r.ZONE])).toEqual([
      ['p0', 200002, 1001, 'zone1'],
      ['p1', 200003, 1002, 'zone2'],
      ['p2', 200004, 1003, 'zone3'],
    ]);
  });
});

describe('cluster views', () => {
  it('DBA_OB_SERVERS shows ports, RS placement, and INACTIVE for a crashed server', async () => {
    const snapshot = clusterFixture();
    snapshot.servers[1].status = 'CRASHED';
    const rows = await query(provider(1, snapshot), 'DBA_OB_SERVERS');
    expect(rows.map((r) => [r.SVR_IP, r.SVR_PORT, r.ID, r.ZONE, r.SQL_PORT, r.WITH_ROOTSERVER, r.STATUS])).toEqual([
      ['10.0.0.1', 2882, 1, 'zone1', 2881, 'YES', 'ACTIVE'],
      ['10.0.0.2', 2882, 2, 'zone2', 2881, 'NO', 'INACTIVE'],
      ['10.0.0.3', 2882, 3, 'zone3', 2881, 'NO', 'ACTIVE'],
    ]);
    expect(rows[0].START_SERVICE_TIME).toBe('2023-11-14 22:13:25.000000');
    expect(rows[1].START_SERVICE_TIME).toBeNull();
    expect(rows[0].STOP_TIME).toBeNull();
  });

  it('DBA_OB_ZONES is ordered by zone name', async () => {
    const rows = await query(provider(1), 'DBA_OB_ZONES');
    expect(rows.map((r) => [r.ZONE, r.STATUS, r.REGION, r.TYPE])).toEqual([
      ['zone1', 'ACTIVE', 'default_region', 'ReadWrite'],
      ['zone2', 'ACTIVE', 'default_region', 'ReadWrite'],
      ['zone3', 'ACTIVE', 'default_region', 'ReadWrite'],
    ]);
  });

  it('DBA_OB_TENANTS values of a primary user tenant and of the sys tenant', async () => {
    const [sys, meta, user] = await query(provider(1), 'DBA_OB_TENANTS');
    expect(user).toMatchObject({
      COMPATIBILITY_MODE: 'MYSQL', STATUS: 'NORMAL', TENANT_ROLE: 'PRIMARY', SWITCHOVER_STATUS: 'NORMAL',
      RECOVERY_UNTIL_SCN: 4611686018427387903n, LOG_MODE: 'NOARCHIVELOG', UNIT_NUM: 1, MAX_LS_ID: 1003,
      COMPATIBLE: '4.3.3.0', PREVIOUS_LOCALITY: null, LOCALITY: 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3',
    });
    expect(user.SYNC_SCN).toBe(BigInt(SCN_B));
    expect(sys).toMatchObject({ SYNC_SCN: null, RECOVERY_UNTIL_SCN: null, MAX_LS_ID: 1 });
    expect(meta).toMatchObject({ TENANT_NAME: 'META$1002', MAX_LS_ID: 1 });
  });

  it('unit configs, pools and units show sizes in bytes and IOPS as exact integers', async () => {
    const p = provider(1);
    const [sysConfig] = await query(p, 'DBA_OB_UNIT_CONFIGS');
    expect(sysConfig).toMatchObject({ NAME: 'sys_unit_config', MEMORY_SIZE: 1073741824, MAX_IOPS: 9223372036854775807n });
    const pools = await query(p, 'DBA_OB_RESOURCE_POOLS');
    expect(pools[1]).toMatchObject({ NAME: 'test_pool', TENANT_ID: 1002, ZONE_LIST: 'zone1;zone2;zone3', REPLICA_TYPE: 'FULL' });
    const units = await query(p, 'DBA_OB_UNITS');
    expect(units).toHaveLength(6);
    expect(units[3]).toMatchObject({ UNIT_ID: 1001, TENANT_ID: 1002, SVR_IP: '10.0.0.1', SVR_PORT: 2882, MIGRATE_FROM_SVR_IP: null, MAX_CPU: 2 });
  });
});

describe('storage views', () => {
  it('GV$OB_SSTABLES lists major, minor, mini, then memtables per tablet replica', async () => {
    const rows = await query(provider(1002), 'GV$OB_SSTABLES');
    const first = rows.filter((r) => r.SVR_IP === '10.0.0.1' && r.TABLET_ID === 200001);
    expect(first.map((r) => [r.TABLE_TYPE, r.IS_ACTIVE])).toEqual([
      ['MAJOR', 'NO'], ['MINI', 'NO'], ['MEMTABLE', 'NO'], ['MEMTABLE', 'YES'],
    ]);
    expect(first[3]).toMatchObject({ END_LOG_SCN: 4611686018427387903n, UPPER_TRANS_VERSION: 9223372036854775807n, SIZE: 2048 });
    expect(first[1]).toMatchObject({ START_LOG_SCN: 1, END_LOG_SCN: 100, UPPER_TRANS_VERSION: 100, SIZE: 8192 });
    expect(rows).toHaveLength(3 * (4 + 3 * 1));
  });

  it('a crashed server answers no GV$ rows', async () => {
    const snapshot = clusterFixture();
    snapshot.servers[0].status = 'CRASHED';
    const rows = await query(provider(1002, snapshot), 'GV$OB_MEMSTORE');
    expect(rows.map((r) => r.SVR_IP)).toEqual(['10.0.0.2', '10.0.0.3']);
  });

  it('GV$OB_LOG_STAT shows one row per replica with the Paxos member list', async () => {
    const rows = await query(provider(1002), 'GV$OB_LOG_STAT');
    expect(rows).toHaveLength(12);
    const leader = rows.find((r) => r.LS_ID === 1002 && r.ROLE === 'LEADER')!;
    expect(leader).toMatchObject({ SVR_IP: '10.0.0.2', PAXOS_REPLICA_NUM: 3, IN_SYNC: 'YES', ACCESS_MODE: 'APPEND' });
    expect(leader.PAXOS_MEMBER_LIST).toBe('10.0.0.1:2882:1,10.0.0.2:2882:1,10.0.0.3:2882:1');
  });
});

describe('formatting', () => {
  it('timestamps print in UTC with six fractional digits', () => {
    expect(formatTimestampUs(BOOT_US)).toBe('2023-11-14 22:13:20.000000');
    expect(formatTimestampUs(0)).toBe('1970-01-01 00:00:00.000000');
    expect(formatTimestampUs(951_782_400_000_001)).toBe('2000-02-29 00:00:00.000001');
    expect(formatTimestampUs(4_102_444_799_999_999)).toBe('2099-12-31 23:59:59.999999');
  });
});

describe('information_schema', () => {
  const db = (name: string): DatabaseSchema => ({ tenantId: toTenantId(1002), databaseId: 1, name, schemaVersion: 1 });
  const table: TableSchema = {
    tenantId: toTenantId(1002),
    databaseName: 'test',
    tableId: tableId(500002),
    name: 't1',
    columns: [
      { index: 0, name: 'id', type: { kind: 'int' }, nullable: false, autoIncrement: true, hidden: false },
      { index: 1, name: 'v', type: { kind: 'varchar', precision: 10 }, nullable: true, defaultValue: 'x', autoIncrement: false, hidden: false },
      { index: 2, name: 'd', type: { kind: 'decimal', precision: 15, scale: 2 }, nullable: true, defaultValue: null, autoIncrement: false, hidden: false },
    ],
    rowkey: [0],
    isHeap: false,
    partitionScheme: null,
    partitions: [{ name: null, index: 0, tabletId: tabletId(200001), lsId: lsId(1001), objectId: 500002 }],
    options: DEFAULT_TABLE_OPTIONS,
    schemaVersion: 1,
  };
  const guard: SchemaGuard = {
    tenantId: toTenantId(1002),
    version: 1,
    getDatabase: (n) => (n === 'test' ? db('test') : undefined),
    listDatabases: () => [db('test'), db('information_schema')],
    getTable: (d, n) => (d === 'test' && n === 't1' ? table : undefined),
    listTables: (d) => (d === 'test' ? [table] : []),
  };
  let snapshots = 0;
  const p = createVirtualTables({
    tenantId: 1002,
    tenantName: 'test',
    clusterSnapshot: async () => {
      snapshots++;
      return clusterFixture();
    },
    schema: () => guard,
  });

  it('SCHEMATA, TABLES and COLUMNS come from the schema without a cluster snapshot', async () => {
    expect((await query(p, 'SCHEMATA', 'information_schema')).map((r) => r.SCHEMA_NAME)).toEqual(['information_schema', 'test']);
    const tables = await query(p, 'tables', 'INFORMATION_SCHEMA');
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ TABLE_SCHEMA: 'test', TABLE_NAME: 't1', TABLE_TYPE: 'BASE TABLE', TABLE_COLLATION: 'utf8mb4_general_ci' });
    const cols = await query(p, 'COLUMNS', 'information_schema');
    expect(cols.map((c) => [c.COLUMN_NAME, c.ORDINAL_POSITION, c.COLUMN_TYPE, c.IS_NULLABLE, c.COLUMN_KEY, c.EXTRA, c.COLUMN_DEFAULT])).toEqual([
      ['id', 1, 'int(11)', 'NO', 'PRI', 'auto_increment', null],
      ['v', 2, 'varchar(10)', 'YES', '', '', 'x'],
      ['d', 3, 'decimal(15,2)', 'YES', '', '', null],
    ]);
    expect(cols[1]).toMatchObject({ CHARACTER_MAXIMUM_LENGTH: 10, CHARACTER_OCTET_LENGTH: 40, CHARACTER_SET_NAME: 'utf8mb4' });
    expect(cols[2]).toMatchObject({ NUMERIC_PRECISION: 15, NUMERIC_SCALE: 2, CHARACTER_SET_NAME: null });
    expect(snapshots).toBe(0);
  });

  it('lists the information_schema views by upper-case name', () => {
    expect(p.list('information_schema')).toEqual(['COLUMNS', 'SCHEMATA', 'TABLES']);
  });

  it('takes a fresh snapshot for every read of a cluster view', async () => {
    const def = p.lookup('oceanbase', 'DBA_OB_LS')!;
    await def.rows();
    await def.rows();
    expect(snapshots).toBe(2);
  });
});
