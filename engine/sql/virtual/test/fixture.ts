/**
 * A hand-built `ClusterSnapshot` for the system-view tests: the playground's default topology
 * (3 zones, one server each at 10.0.0.1–3, RS on server 1), the sys tenant (1), the meta tenant
 * META$1002 (1001) and the MySQL user tenant `test` (1002) with user LSs 1001–1003 led from
 * zone1–zone3, a non-partitioned table `t1` and a 3-partition hash table `t2`.
 */
import type {
  ClusterSnapshot,
  LsReplicaSnapshot,
  LsSnapshot,
  ServerSnapshot,
  TabletSnapshot,
  TenantSnapshot,
} from '../../../server/snapshot';

export const BOOT_US = 1_700_000_000_000_000; // 2023-11-14 22:13:20 UTC
export const SCN_A = '1700000000000000001';
export const SCN_B = '1700000050000000000';

const SERVERS = [1, 2, 3];

function ls(tenantId: number, lsId: number, leaderServerId: number, primaryZone: string): LsSnapshot {
  return {
    tenantId,
    lsId,
    status: 'NORMAL',
    primaryZone,
    unitGroupId: lsId === 1 ? 0 : 1000 + tenantId,
    lsGroupId: lsId === 1 ? 0 : lsId,
    createScn: SCN_A,
    replicaServerIds: [...SERVERS],
    leaderServerId,
  };
}

function tenant(tenantId: number, tenantName: string, tenantType: TenantSnapshot['tenantType'], lsList: LsSnapshot[]): TenantSnapshot {
  return {
    tenantId,
    tenantName,
    tenantType,
    primaryZone: 'RANDOM',
    locality: 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3',
    compatibilityMode: 'MYSQL',
    status: 'NORMAL',
    unitNum: 1,
    createTimeUs: BOOT_US + (tenantId === 1 ? 0 : 60_000_000),
    ls: lsList,
  };
}

const TENANTS: TenantSnapshot[] = [
  tenant(1, 'sys', 'SYS', [ls(1, 1, 1, 'zone1;zone2,zone3')]),
  tenant(1001, 'META$1002', 'META', [ls(1001, 1, 2, 'zone1;zone2,zone3')]),
  tenant(1002, 'test', 'USER', [
    ls(1002, 1, 1, 'zone1;zone2,zone3'),
    ls(1002, 1001, 1, 'zone1;zone2,zone3'),
    ls(1002, 1002, 2, 'zone2;zone1,zone3'),
    ls(1002, 1003, 3, 'zone3;zone1,zone2'),
  ]),
];

const TABLETS = [
  { tabletId: 200001, lsId: 1001, tableId: 500002, tableName: 't1', partitionName: null as string | null, objectId: 500002 },
  { tabletId: 200002, lsId: 1001, tableId: 500003, tableName: 't2', partitionName: 'p0', objectId: 500004 },
  { tabletId: 200003, lsId: 1002, tableId: 500003, tableName: 't2', partitionName: 'p1', objectId: 500005 },
  { tabletId: 200004, lsId: 1003, tableId: 500003, tableName: 't2', partitionName: 'p2', objectId: 500006 },
];

function replicasOf(serverId: number): LsReplicaSnapshot[] {
  const out: LsReplicaSnapshot[] = [];
  for (const t of TENANTS) {
    for (const l of t.ls) {
      const leader = l.leaderServerId === serverId;
      out.push({
        tenantId: t.tenantId,
        lsId: l.lsId,
        role: leader ? 'LEADER' : 'FOLLOWER',
        replicaType: 'FULL',
        proposalId: 1,
        memberList: [...SERVERS],
        leaderServerId: l.leaderServerId,
        lastLsn: 10,
        committedLsn: 10,
        appliedLsn: 10,
        appliedScn: leader ? SCN_B : SCN_A,
        checkpointLsn: 0,
        tabletCount: TABLETS.filter((x) => t.tenantId === 1002 && x.lsId === l.lsId).length,
      });
    }
  }
  return out;
}

function tabletsOf(): TabletSnapshot[] {
  return TABLETS.map((t, i) => ({
    tenantId: 1002,
    lsId: t.lsId,
    tabletId: t.tabletId,
    tableId: t.tableId,
    memtables: [
      ...(i === 0 ? [{ isActive: false, rowCount: 5, bytes: 4096, startScn: '1', endScn: SCN_A }] : []),
      { isActive: true, rowCount: 2, bytes: 2048, startScn: SCN_A, endScn: '4611686018427387903' },
    ],
    sstables: i === 0
      ? [
          { type: 'MINI' as const, rowCount: 3, bytes: 8192, startScn: '1', endScn: '100', macroBlockCount: 1, microBlockCount: 1 },
          { type: 'MAJOR' as const, rowCount: 10, bytes: 16384, startScn: '0', endScn: '1', macroBlockCount: 1, microBlockCount: 2 },
        ]
      : [],
    compaction: null,
  }));
}

function server(serverId: number): ServerSnapshot {
  return {
    serverId,
    svrIp: `10.0.0.${serverId}`,
    svrPort: 2882,
    sqlPort: 2881,
    zone: `zone${serverId}`,
    status: 'ACTIVE',
    withRootserver: serverId === 1,
    startServiceTimeUs: BOOT_US + 5_000_000,
    buildVersion: '4.3.3.0_100000142024101215-playground(Oct 12 2024 15:00:00)',
    lsReplicas: replicasOf(serverId),
    tablets: tabletsOf(),
    memstore: [
      { tenantId: 1002, activeBytes: 2048 * 4, totalBytes: 2048 * 4 + 4096, freezeTriggerBytes: 53687091, memstoreLimitBytes: 268435456, freezeCount: 1 },
      { tenantId: 1, activeBytes: 0, totalBytes: 0, freezeTriggerBytes: 53687091, memstoreLimitBytes: 268435456, freezeCount: 0 },
    ],
    counters: {
      sqlStatements: 0, rpcIn: 0, rpcOut: 0, palfEntriesAppended: 0,
      blockCacheHits: 0, blockCacheMisses: 0, dataFileBytes: 0, clogBytes: 0,
    },
    takenAtUs: BOOT_US + 100_000_000,
  };
}

/** A fresh copy every call, so a test may mutate it (crash a server, move a leader). */
export function clusterFixture(): ClusterSnapshot {
  return {
    clusterName: 'obcluster',
    zones: [3, 1, 2].map((n) => ({
      zone: `zone${n}`,
      status: 'ACTIVE' as const,
      idc: '',
      region: 'default_region',
      type: 'ReadWrite' as const,
      createTimeUs: BOOT_US,
      modifyTimeUs: BOOT_US,
    })),
    servers: SERVERS.map(server),
    tenants: structuredClone(TENANTS),
    unitConfigs: [
      { unitConfigId: 1, name: 'sys_unit_config', maxCpu: 1, minCpu: 1, memorySize: 1073741824, logDiskSize: 3221225472, maxIops: '9223372036854775807', minIops: '9223372036854775807', iopsWeight: 1 },
      { unitConfigId: 1001, name: 'test_unit', maxCpu: 2, minCpu: 2, memorySize: 2147483648, logDiskSize: 6442450944, maxIops: '9223372036854775807', minIops: '9223372036854775807', iopsWeight: 2 },
    ],
    resourcePools: [
      { resourcePoolId: 1, name: 'sys_pool', tenantId: 1, unitCount: 1, unitConfigId: 1, zoneList: ['zone1', 'zone2', 'zone3'], replicaType: 'FULL' },
      { resourcePoolId: 1001, name: 'test_pool', tenantId: 1002, unitCount: 1, unitConfigId: 1001, zoneList: ['zone1', 'zone2', 'zone3'], replicaType: 'FULL' },
    ],
    units: SERVERS.flatMap((s) => [
      { unitId: s, tenantId: 1, status: 'ACTIVE' as const, resourcePoolId: 1, unitGroupId: 0, zone: `zone${s}`, serverId: s, unitConfigId: 1 },
      { unitId: 1000 + s, tenantId: 1002, status: 'ACTIVE' as const, resourcePoolId: 1001, unitGroupId: 1002, zone: `zone${s}`, serverId: s, unitConfigId: 1001 },
    ]),
    tabletLocations: TABLETS.map((t) => ({
      tenantId: 1002,
      databaseName: 'test',
      tableName: t.tableName,
      tableId: t.tableId,
      partitionName: t.partitionName,
      tabletId: t.tabletId,
      lsId: t.lsId,
      objectId: t.objectId,
    })),
    takenAtUs: BOOT_US + 100_000_000,
  };
}
