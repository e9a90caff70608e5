/**
 * Issue #4 topology views over hand-built snapshots: the root service's view of servers (STATUS,
 * STOP_TIME, WITH_ROOTSERVER), unit migration, PREVIOUS_LOCALITY, F/R/C replicas in the location
 * views (LEARNER_LIST, REPLICA_TYPE), GV$OB_LOG_STAT's config version and learners, the job views
 * (live and history) and the C-replica conversion stats — columns in OceanBase's order, tenant scoping.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot } from '../../../server/snapshot';
import type { Value } from '../../../common/value';
import type { VirtualTableProvider } from '../../exec_context';
import { createVirtualTables } from '../index';
import { BOOT_US, SCN_A, SCN_B, clusterFixture } from './fixture';

function provider(tenantId: number, snapshot: ClusterSnapshot): VirtualTableProvider {
  return createVirtualTables({ tenantId, tenantName: tenantId === 1 ? 'sys' : 'test', clusterSnapshot: async () => snapshot });
}

async function query(p: VirtualTableProvider, view: string): Promise<Record<string, Value>[]> {
  const def = p.lookup('oceanbase', view);
  if (!def) throw new Error(`no view ${view}`);
  const rows = await def.rows();
  return rows.map((r) => Object.fromEntries(def.columns.map((c, i) => [c.name, r[i]])));
}

const columnsOf = (p: VirtualTableProvider, view: string) => p.lookup('oceanbase', view)!.columns.map((c) => c.name).join(', ');
const T = (s: number) => BOOT_US + s * 1_000_000;

/** The fixture plus root-service state: server 3 stopped and silent, a fourth server being deleted,
 *  an R replica on server 3 and a C replica on a fourth node for LS 1001 of tenant 1002, jobs. */
function rsSnapshot(): ClusterSnapshot {
  const s = clusterFixture();
  s.rootServerId = 2;
  s.rsServers = [1, 2, 3, 4].map((id) => ({
    serverId: id, svrIp: `10.0.0.${id}`, svrPort: 2882, zone: `zone${Math.min(id, 3)}`,
    status: id === 3 ? 'INACTIVE' as const : id === 4 ? 'DELETING' as const : 'ACTIVE' as const,
    stopTimeUs: id === 3 ? T(50) : 0, startServiceTimeUs: T(5), lastHeartbeatUs: T(90), permanentOffline: false,
  }));
  const tenant = s.tenants.find((t) => t.tenantId === 1002)!;
  tenant.previousLocality = 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3';
  tenant.locality = 'FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3';
  tenant.modifyTimeUs = T(70);
  const ls1001 = tenant.ls.find((l) => l.lsId === 1001)!;
  ls1001.replicas = [
    { serverId: 1, replicaType: 'FULL' }, { serverId: 2, replicaType: 'FULL' },
    { serverId: 3, replicaType: 'READONLY' }, { serverId: 4, replicaType: 'COLUMNSTORE' },
  ];
  for (const server of s.servers) {
    for (const r of server.lsReplicas) {
      if (r.tenantId !== 1002 || r.lsId !== 1001) continue;
      if (server.serverId === 3) r.replicaType = 'READONLY';
      r.memberList = [1, 2];
      r.configVersion = 4;
      if (r.role === 'LEADER') r.learnerList = [3, 4];
    }
  }
  const fourth = structuredClone(s.servers[0]);
  fourth.serverId = 4;
  fourth.svrIp = '10.0.0.4';
  fourth.zone = 'zone3';
  fourth.withRootserver = false;
  fourth.lsReplicas = fourth.lsReplicas
    .filter((r) => r.tenantId === 1002 && r.lsId === 1001)
    .map((r) => ({ ...r, role: 'FOLLOWER' as const, replicaType: 'COLUMNSTORE' as const, learnerList: undefined }));
  // Tablet 200001 (LS 1001) has a row-store major: not converted yet; 200002 has no major.
  fourth.tablets = fourth.tablets.filter((t) => t.lsId === 1001);
  s.servers.push(fourth);
  s.units[0].migrateFromServerId = 4;
  s.tenantJobs = [{
    jobId: 7, tenantId: 1002, jobType: 'ALTER_TENANT_LOCALITY', jobStatus: 'INPROGRESS', progress: 50, sqlText: `ALTER TENANT test LOCALITY = 'F@zone1,F@zone2,R@zone3'`,
    extraInfo: '', startTimeUs: T(70), modifyTimeUs: T(80),
  }, {
    jobId: 5, tenantId: 1002, jobType: 'ALTER_TENANT_PRIMARY_ZONE', jobStatus: 'SUCCESS', progress: 100, sqlText: `ALTER TENANT test PRIMARY_ZONE = 'zone1'`,
    extraInfo: '', startTimeUs: T(60), modifyTimeUs: T(61),
  }];
  s.balanceJobs = [
    { jobId: 9, tenantId: 1002, jobType: 'LS_BALANCE', balanceStrategy: 'LS balance by expand', targetUnitNum: 2, targetPrimaryZoneNum: 1, status: 'DOING', comment: '', startTimeUs: T(71), modifyTimeUs: T(72) },
    { jobId: 8, tenantId: 1002, jobType: 'PARTITION_BALANCE', targetUnitNum: 1, targetPrimaryZoneNum: 1, status: 'COMPLETED', comment: '', startTimeUs: T(65), modifyTimeUs: T(66) },
  ];
  s.transferTasks = [
    { taskId: 3, tenantId: 1002, srcLsId: 1001, destLsId: 1004, tabletList: [200001, 200002], status: 'DOING', balanceJobId: 9, startScn: SCN_A, finishScn: '', startTimeUs: T(73), finishTimeUs: 0 },
    { taskId: 2, tenantId: 1002, srcLsId: 1002, destLsId: 1003, tabletList: [200003], status: 'COMPLETED', balanceJobId: 8, startScn: SCN_A, finishScn: SCN_B, startTimeUs: T(65), finishTimeUs: T(66) },
  ];
  return s;
}

describe('columns in OceanBase order', () => {
  it('job views and CS replica stats', () => {
    const sys = provider(1, rsSnapshot());
    expect(columnsOf(sys, 'DBA_OB_TENANT_JOBS')).toBe('JOB_ID, JOB_TYPE, JOB_STATUS, RESULT_CODE, PROGRESS, START_TIME, MODIFY_TIME, TENANT_ID, SQL_TEXT, EXTRA_INFO, RS_SVR_IP, RS_SVR_PORT');
    expect(columnsOf(sys, 'DBA_OB_BALANCE_JOBS')).toBe('JOB_ID, CREATE_TIME, MODIFY_TIME, BALANCE_STRATEGY, JOB_TYPE, TARGET_UNIT_NUM, TARGET_PRIMARY_ZONE_NUM, STATUS, COMMENT');
    expect(columnsOf(sys, 'CDB_OB_BALANCE_JOBS')).toBe('TENANT_ID, JOB_ID, CREATE_TIME, MODIFY_TIME, BALANCE_STRATEGY, JOB_TYPE, TARGET_UNIT_NUM, TARGET_PRIMARY_ZONE_NUM, STATUS, COMMENT');
    expect(columnsOf(sys, 'DBA_OB_TRANSFER_TASKS')).toBe(
      'TASK_ID, CREATE_TIME, MODIFY_TIME, SRC_LS, DEST_LS, PART_LIST, PART_COUNT, NOT_EXIST_PART_LIST, LOCK_CONFLICT_PART_LIST, TABLE_LOCK_TABLET_LIST, '
      + 'TABLET_LIST, TABLET_COUNT, START_SCN, FINISH_SCN, STATUS, TRACE_ID, RESULT, BALANCE_TASK_ID, TABLE_LOCK_OWNER_ID, COMMENT');
    expect(columnsOf(sys, 'DBA_OB_CS_REPLICA_STATS')).toBe('SVR_IP, SVR_PORT, LS_ID, TOTAL_TABLET_CNT, AVAILABLE_TABLET_CNT, TOTAL_MACRO_BLOCK_CNT, AVAILABLE_MACRO_BLOCK_CNT, AVAILABLE');
    expect(columnsOf(sys, 'CDB_OB_CS_REPLICA_STATS')).toBe('TENANT_ID, SVR_IP, SVR_PORT, LS_ID, TOTAL_TABLET_CNT, AVAILABLE_TABLET_CNT, TOTAL_MACRO_BLOCK_CNT, AVAILABLE_MACRO_BLOCK_CNT, AVAILABLE');
  });

  it('CDB_ job views exist only in sys', () => {
    const user = provider(1002, rsSnapshot());
    expect(user.lookup('oceanbase', 'CDB_OB_BALANCE_JOBS')).toBeUndefined();
    expect(user.lookup('oceanbase', 'CDB_OB_TRANSFER_TASKS')).toBeUndefined();
    expect(user.lookup('oceanbase', 'DBA_OB_TRANSFER_TASKS')).toBeDefined();
  });
});

describe('DBA_OB_SERVERS from the root service', () => {
  it('shows every server it knows with STATUS, STOP_TIME and the root service', async () => {
    const rows = await query(provider(1, rsSnapshot()), 'DBA_OB_SERVERS');
    expect(rows.map((r) => [r.SVR_IP, r.ID, r.ZONE, r.SQL_PORT, r.WITH_ROOTSERVER, r.STATUS, r.STOP_TIME])).toEqual([
      ['10.0.0.1', 1, 'zone1', 2881, 'NO', 'ACTIVE', null],
      ['10.0.0.2', 2, 'zone2', 2881, 'YES', 'ACTIVE', null],
      ['10.0.0.3', 3, 'zone3', 2881, 'NO', 'INACTIVE', '2023-11-14 22:14:10.000000'],
      ['10.0.0.4', 4, 'zone3', 2881, 'NO', 'DELETING', null],
    ]);
    expect(rows[2].START_SERVICE_TIME).toBeNull();
    expect(rows[0].START_SERVICE_TIME).toBe('2023-11-14 22:13:25.000000');
  });
});

describe('tenants and units', () => {
  it('DBA_OB_TENANTS shows PREVIOUS_LOCALITY while a locality change runs', async () => {
    const rows = await query(provider(1002, rsSnapshot()), 'DBA_OB_TENANTS');
    expect(rows.map((r) => [r.TENANT_ID, r.LOCALITY, r.PREVIOUS_LOCALITY, r.MODIFY_TIME, r.UNIT_NUM, r.MAX_LS_ID])).toEqual([
      [1002, 'FULL{1}@zone1, FULL{1}@zone2, READONLY{1}@zone3', 'FULL{1}@zone1, FULL{1}@zone2, FULL{1}@zone3', '2023-11-14 22:14:30.000000', 1, 1003],
    ]);
  });

  it('DBA_OB_UNITS shows where a migrating unit comes from', async () => {
    const rows = await query(provider(1, rsSnapshot()), 'DBA_OB_UNITS');
    expect([rows[0].UNIT_ID, rows[0].MIGRATE_FROM_SVR_IP, rows[0].MIGRATE_FROM_SVR_PORT, rows[0].MANUAL_MIGRATE]).toEqual([1, '10.0.0.4', 2882, 'NO']);
    expect([rows[1].MIGRATE_FROM_SVR_IP, rows[1].MIGRATE_FROM_SVR_PORT, rows[1].MANUAL_MIGRATE]).toEqual([null, null, null]);
    expect(rows.map((r) => r.UNIT_GROUP_ID)).toEqual([0, 0, 0, 1002, 1002, 1002]);
  });
});

describe('F / R / C replicas in the location views', () => {
  it('DBA_OB_LS_LOCATIONS: types per replica, members and learners on the leader row only', async () => {
    const rows = (await query(provider(1002, rsSnapshot()), 'DBA_OB_LS_LOCATIONS')).filter((r) => r.LS_ID === 1001);
    expect(rows.map((r) => [r.SVR_IP, r.ROLE, r.REPLICA_TYPE, r.MEMBER_LIST, r.PAXOS_REPLICA_NUMBER, r.LEARNER_LIST])).toEqual([
      ['10.0.0.1', 'LEADER', 'FULL', '10.0.0.1:2882:1,10.0.0.2:2882:1', 2, '10.0.0.3:2882:1,10.0.0.4:2882:1'],
      ['10.0.0.2', 'FOLLOWER', 'FULL', null, null, ''],
      ['10.0.0.3', 'FOLLOWER', 'READONLY', null, null, ''],
      ['10.0.0.4', 'FOLLOWER', 'COLUMNSTORE', null, null, ''],
    ]);
  });

  it('a placed replica not yet reporting shows the type the root service gave it', async () => {
    const s = rsSnapshot();
    s.servers = s.servers.filter((x) => x.serverId !== 4);
    s.servers[0].lsReplicas.find((r) => r.tenantId === 1002 && r.lsId === 1001)!.learnerList = undefined;
    s.rsServers = s.rsServers!.filter((x) => x.serverId !== 4);
    const rows = (await query(provider(1, s), 'CDB_OB_LS_LOCATIONS')).filter((r) => r.TENANT_ID === 1002 && r.LS_ID === 1001);
    expect(rows.map((r) => [r.SVR_IP, r.REPLICA_TYPE])).toEqual([['10.0.0.1', 'FULL'], ['10.0.0.2', 'FULL'], ['10.0.0.3', 'READONLY']]);
    // The leader's report has no learner list: the root service's placement gives the R replica.
    expect(rows[0].LEARNER_LIST).toBe('10.0.0.3:2882:1');
  });

  it('DBA_OB_LS spells WAIT OFFLINE with a space', async () => {
    const s = rsSnapshot();
    s.tenants.find((t) => t.tenantId === 1002)!.ls.find((l) => l.lsId === 1003)!.status = 'WAIT_OFFLINE';
    const rows = await query(provider(1002, s), 'DBA_OB_LS');
    expect(rows.map((r) => [r.LS_ID, r.STATUS])).toEqual([[1, 'NORMAL'], [1001, 'NORMAL'], [1002, 'NORMAL'], [1003, 'WAIT OFFLINE']]);
  });

  it('GV$OB_LOG_STAT shows the config version and the leader learners', async () => {
    const rows = (await query(provider(1002, rsSnapshot()), 'GV$OB_LOG_STAT')).filter((r) => r.LS_ID === 1001);
    expect(rows.map((r) => [r.SVR_IP, r.ROLE, r.CONFIG_VERSION, r.PAXOS_MEMBER_LIST, r.PAXOS_REPLICA_NUM, r.LEARNER_LIST])).toEqual([
      ['10.0.0.1', 'LEADER', '{proposal_id:1, config_seq:4}', '10.0.0.1:2882:1,10.0.0.2:2882:1', 2, '10.0.0.3:2882:1,10.0.0.4:2882:1'],
      ['10.0.0.2', 'FOLLOWER', '{proposal_id:1, config_seq:4}', '10.0.0.1:2882:1,10.0.0.2:2882:1', 2, ''],
      ['10.0.0.3', 'FOLLOWER', '{proposal_id:1, config_seq:4}', '10.0.0.1:2882:1,10.0.0.2:2882:1', 2, ''],
      ['10.0.0.4', 'FOLLOWER', '{proposal_id:1, config_seq:4}', '10.0.0.1:2882:1,10.0.0.2:2882:1', 2, ''],
    ]);
  });
});

describe('jobs', () => {
  it('DBA_OB_TENANT_JOBS: every job in id order, the root service address, own tenant only outside sys', async () => {
    const rows = await query(provider(1, rsSnapshot()), 'DBA_OB_TENANT_JOBS');
    expect(rows.map((r) => [r.JOB_ID, r.JOB_TYPE, r.JOB_STATUS, r.RESULT_CODE, r.PROGRESS, r.TENANT_ID, r.RS_SVR_IP, r.RS_SVR_PORT])).toEqual([
      [5, 'ALTER_TENANT_PRIMARY_ZONE', 'SUCCESS', 0, 100, 1002, '10.0.0.2', 2882],
      [7, 'ALTER_TENANT_LOCALITY', 'INPROGRESS', null, 50, 1002, '10.0.0.2', 2882],
    ]);
    expect(rows[1].SQL_TEXT).toBe(`ALTER TENANT test LOCALITY = 'F@zone1,F@zone2,R@zone3'`);
    expect(rows[1].START_TIME).toBe('2023-11-14 22:14:30.000000');
    const s = rsSnapshot();
    s.tenantJobs!.push({ ...s.tenantJobs![0], jobId: 9, tenantId: 1004 });
    expect((await query(provider(1002, s), 'DBA_OB_TENANT_JOBS')).map((r) => r.JOB_ID)).toEqual([5, 7]);
  });

  it('running balance jobs and transfer tasks are live; finished ones are history', async () => {
    const p = provider(1002, rsSnapshot());
    const live = await query(p, 'DBA_OB_BALANCE_JOBS');
    expect(live.map((r) => [r.JOB_ID, r.BALANCE_STRATEGY, r.JOB_TYPE, r.TARGET_UNIT_NUM, r.STATUS])).toEqual([[9, 'LS balance by expand', 'LS_BALANCE', 2, 'DOING']]);
    const history = await query(p, 'DBA_OB_BALANCE_JOB_HISTORY');
    expect(history.map((r) => [r.JOB_ID, r.STATUS, r.FINISH_TIME])).toEqual([[8, 'COMPLETED', '2023-11-14 22:14:26.000000']]);
    const tasks = await query(p, 'DBA_OB_TRANSFER_TASKS');
    expect(tasks.map((r) => [r.TASK_ID, r.SRC_LS, r.DEST_LS, r.PART_LIST, r.PART_COUNT, r.TABLET_LIST, r.TABLET_COUNT, r.STATUS, r.FINISH_SCN, r.BALANCE_TASK_ID])).toEqual([
      [3, 1001, 1004, '500002:500002,500003:500004', 2, '200001:0,200002:0', 2, 'DOING', null, 9],
    ]);
    const done = await query(provider(1, rsSnapshot()), 'CDB_OB_TRANSFER_TASK_HISTORY');
    expect(done.map((r) => [r.TENANT_ID, r.TASK_ID, r.PART_LIST, r.STATUS, r.FINISH_SCN, r.RESULT])).toEqual([
      [1002, 2, '500003:500005', 'COMPLETED', 1700000050000000000n, 0],
    ]);
  });
});

describe('C replica conversion', () => {
  it('counts converted tablets and macroblocks per C replica', async () => {
    const s = rsSnapshot();
    const rows = await query(provider(1, s), 'CDB_OB_CS_REPLICA_STATS');
    expect(rows).toEqual([{
      TENANT_ID: 1002, SVR_IP: '10.0.0.4', SVR_PORT: 2882, LS_ID: 1001,
      TOTAL_TABLET_CNT: 2, AVAILABLE_TABLET_CNT: 1, TOTAL_MACRO_BLOCK_CNT: 1, AVAILABLE_MACRO_BLOCK_CNT: 0, AVAILABLE: 'FALSE',
    }]);
    // The major is rewritten column-wise: the replica becomes available.
    const major = s.servers[3].tablets[0].sstables.find((x) => x.type === 'MAJOR')!;
    major.columnGroups = [{ name: 'rowkey', columns: [0], rowCount: 10, bytes: 100, rawBytes: 100, macroBlockCount: 1, microBlockCount: 1, reusedMacroBlockCount: 0 }];
    const after = await query(provider(1002, s), 'DBA_OB_CS_REPLICA_STATS');
    expect(after.map((r) => [r.LS_ID, r.AVAILABLE_TABLET_CNT, r.AVAILABLE_MACRO_BLOCK_CNT, r.AVAILABLE])).toEqual([[1001, 2, 1, 'TRUE']]);
  });
});
