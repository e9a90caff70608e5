/**
 * Compaction views over a hand-built cluster snapshot (fixture.ts plus a major compaction in
 * progress, finished merges and a columnar major): columns in the reference's order (§5), the
 * root service's state in CDB_/DBA_OB_MAJOR_COMPACTION and its zones, freeze info, per-server and
 * per-tablet progress, history, and the V4.3 column-store table types in GV$OB_SSTABLES.
 */
import { describe, expect, it } from 'vitest';
import type { Value } from '../../../common/value';
import type { ClusterSnapshot, CompactionHistorySnapshot, MajorCompactionSnapshot } from '../../../server/snapshot';
import type { VirtualTableProvider } from '../../exec_context';
import { clusterVersionNumber } from '../compaction_views';
import { createVirtualTables } from '../index';
import { BOOT_US, clusterFixture } from './fixture';

const FROZEN = '1700000100000000000'; // ns → 2023-11-14 22:15:00 UTC
const FROZEN_US = 1_700_000_100_000_000;
const PREV = '1700000050000000000';

function major(overrides: Partial<MajorCompactionSnapshot> = {}): MajorCompactionSnapshot {
  return {
    tenantId: 1002,
    frozenScn: FROZEN,
    frozenTimeUs: FROZEN_US,
    globalBroadcastScn: FROZEN,
    lastScn: PREV,
    lastFinishTimeUs: BOOT_US + 55_000_000,
    startTimeUs: FROZEN_US,
    status: 'COMPACTING',
    isError: false,
    isSuspended: true,
    info: '',
    zones: [
      { zone: 'zone1', broadcastScn: FROZEN, lastScn: FROZEN, lastFinishTimeUs: FROZEN_US + 2_000_000, startTimeUs: FROZEN_US, status: 'IDLE' },
      { zone: 'zone2', broadcastScn: FROZEN, lastScn: PREV, lastFinishTimeUs: BOOT_US + 55_000_000, startTimeUs: FROZEN_US, status: 'COMPACTING' },
      { zone: 'zone3', broadcastScn: FROZEN, lastScn: FROZEN, lastFinishTimeUs: FROZEN_US + 3_000_000, startTimeUs: FROZEN_US, status: 'IDLE' },
    ],
    freezeInfo: [
      { frozenScn: '1', schemaVersion: 0, createTimeUs: BOOT_US },
      { frozenScn: PREV, schemaVersion: 3, createTimeUs: BOOT_US + 50_000_000 },
      { frozenScn: FROZEN, schemaVersion: 5, createTimeUs: FROZEN_US },
    ],
    ...overrides,
  };
}

function history(overrides: Partial<CompactionHistorySnapshot>): CompactionHistorySnapshot {
  return {
    tenantId: 1002, lsId: 1001, tabletId: 200001, mergeType: 'MINI_MERGE', compactionScn: PREV,
    startUs: BOOT_US + 50_000_000, finishUs: BOOT_US + 52_000_000, taskId: 'YB420A000001-0000000000000001-0-0',
    occupySize: 204_800, macroBlockCount: 1, multiplexedMacroBlockCount: 0, newMicroBlockCount: 3,
    totalRowCount: 100, incrementalRowCount: 100, compressionRatio: 4, parallelDegree: 1,
    startCgId: 0, endCgId: 0, comments: '',
    ...overrides,
  };
}

/** The fixture during a major: zone2 (server 2) still merging tablet 200001; server 1 is the root service. */
function compactingCluster(): ClusterSnapshot {
  const snap = clusterFixture();
  const [s1, s2, s3] = snap.servers;
  s1.majorCompactions = [
    major(),
    { ...major({ tenantId: 1, frozenScn: '1', frozenTimeUs: 0, globalBroadcastScn: '1', lastScn: '1', startTimeUs: 0, status: 'IDLE', isSuspended: false }), freezeInfo: [{ frozenScn: '1', schemaVersion: 0, createTimeUs: BOOT_US }] },
  ];
  for (const s of [s1, s3]) {
    for (const t of s.tablets) t.sstables = [{ type: 'MAJOR', rowCount: 10, bytes: 1000, rawBytes: 4000, startScn: '0', endScn: FROZEN, macroBlockCount: 1, microBlockCount: 1 }];
  }
  for (const t of s2.tablets.slice(1)) t.sstables = [{ type: 'MAJOR', rowCount: 10, bytes: 1000, rawBytes: 4000, startScn: '0', endScn: FROZEN, macroBlockCount: 1, microBlockCount: 1 }];
  const running = s2.tablets[0];
  running.sstables = [{ type: 'MAJOR', rowCount: 10, bytes: 16384, startScn: '0', endScn: PREV, macroBlockCount: 1, microBlockCount: 2 }];
  running.compaction = { mergeType: 'MAJOR_MERGE', status: 'RUNNING', rowsDone: 25, rowsTotal: 100, startUs: FROZEN_US, compactionScn: FROZEN };
  const mini = s3.tablets[1];
  mini.memtables = [{ isActive: false, rowCount: 4, bytes: 3000, startScn: PREV, endScn: FROZEN }];
  mini.compaction = { mergeType: 'MINI_MERGE', status: 'RUNNING', rowsDone: 0, rowsTotal: 4, startUs: FROZEN_US + 1_000_000, compactionScn: FROZEN };
  s1.compactionHistory = [
    history({ mergeType: 'MAJOR_MERGE', compactionScn: PREV, startUs: BOOT_US + 53_000_000, finishUs: BOOT_US + 54_000_000, occupySize: 1_048_576, macroBlockCount: 4, multiplexedMacroBlockCount: 3, parallelDegree: 2 }),
    history({}),
    history({ tenantId: 1, lsId: 1, tabletId: 1, mergeType: 'MINI_MERGE' }),
  ];
  snap.takenAtUs = FROZEN_US + 4_000_000;
  for (const s of snap.servers) s.takenAtUs = snap.takenAtUs;
  return snap;
}

function provider(tenantId: number, snapshot: ClusterSnapshot): VirtualTableProvider {
  return createVirtualTables({ tenantId, tenantName: tenantId === 1 ? 'sys' : 'test', clusterSnapshot: async () => snapshot });
}

async function query(p: VirtualTableProvider, view: string): Promise<Record<string, Value>[]> {
  const def = p.lookup('oceanbase', view);
  if (!def) throw new Error(`no view ${view}`);
  return (await def.rows()).map((r) => Object.fromEntries(def.columns.map((c, i) => [c.name, r[i]])));
}

const split = (s: string) => s.split(',').map((x) => x.trim());

describe('compaction view columns match OceanBase (reference §5)', () => {
  const sys = provider(1, compactingCluster());
  const cases: [string, string][] = [
    ['GV$OB_COMPACTION_PROGRESS', 'SVR_IP, SVR_PORT, TENANT_ID, TYPE, ZONE, COMPACTION_SCN, STATUS, TOTAL_TABLET_COUNT, UNFINISHED_TABLET_COUNT, DATA_SIZE, UNFINISHED_DATA_SIZE, COMPRESSION_RATIO, START_TIME, ESTIMATED_FINISH_TIME, COMMENTS'],
    ['GV$OB_TABLET_COMPACTION_PROGRESS', 'SVR_IP, SVR_PORT, TENANT_ID, TYPE, LS_ID, TABLET_ID, COMPACTION_SCN, TASK_ID, STATUS, DATA_SIZE, UNFINISHED_DATA_SIZE, PROGRESSIVE_COMPACTION_ROUND, CREATE_TIME, START_TIME, ESTIMATED_FINISH_TIME'],
    ['GV$OB_TABLET_COMPACTION_HISTORY', 'SVR_IP, SVR_PORT, TENANT_ID, LS_ID, TABLET_ID, TYPE, COMPACTION_SCN, START_TIME, FINISH_TIME, TASK_ID, OCCUPY_SIZE, MACRO_BLOCK_COUNT, MULTIPLEXED_MACRO_BLOCK_COUNT, NEW_MICRO_COUNT_IN_NEW_MACRO, MULTIPLEXED_MICRO_COUNT_IN_NEW_MACRO, TOTAL_ROW_COUNT, INCREMENTAL_ROW_COUNT, COMPRESSION_RATIO, NEW_FLUSH_DATA_RATE, PROGRESSIVE_COMPACTION_ROUND, PROGRESSIVE_COMPACTION_NUM, PARALLEL_DEGREE, PARALLEL_INFO, PARTICIPANT_TABLE, MACRO_ID_LIST, COMMENTS, START_CG_ID, END_CG_ID, KEPT_SNAPSHOT, MERGE_LEVEL'],
    ['GV$OB_MERGE_INFO', 'SVR_IP, SVR_PORT, TENANT_ID, TABLE_ID, LS_ID, TABLET_ID, ACTION, COMPACTION_SCN, START_TIME, END_TIME, MACRO_BLOCK_COUNT, REUSE_PCT, PARALLEL_DEGREE'],
    ['CDB_OB_MAJOR_COMPACTION', 'TENANT_ID, FROZEN_SCN, FROZEN_TIME, GLOBAL_BROADCAST_SCN, LAST_SCN, LAST_FINISH_TIME, START_TIME, STATUS, IS_ERROR, IS_SUSPENDED, INFO'],
    ['DBA_OB_MAJOR_COMPACTION', 'FROZEN_SCN, FROZEN_TIME, GLOBAL_BROADCAST_SCN, LAST_SCN, LAST_FINISH_TIME, START_TIME, STATUS, IS_ERROR, IS_SUSPENDED, INFO'],
    ['CDB_OB_ZONE_MAJOR_COMPACTION', 'TENANT_ID, ZONE, BROADCAST_SCN, LAST_SCN, LAST_FINISH_TIME, START_TIME, STATUS'],
    ['DBA_OB_ZONE_MAJOR_COMPACTION', 'ZONE, BROADCAST_SCN, LAST_SCN, LAST_FINISH_TIME, START_TIME, STATUS'],
    ['DBA_OB_FREEZE_INFO', 'FROZEN_SCN, CLUSTER_VERSION, SCHEMA_VERSION, GMT_CREATE, GMT_MODIFIED'],
    ['CDB_OB_FREEZE_INFO', 'TENANT_ID, FROZEN_SCN, CLUSTER_VERSION, SCHEMA_VERSION, GMT_CREATE, GMT_MODIFIED'],
  ];
  for (const [view, columns] of cases) {
    it(view, () => {
      expect(sys.lookup('oceanbase', view)!.columns.map((c) => c.name)).toEqual(split(columns));
    });
  }

  it('every DBA_ view with a CDB_ twin has the twin\'s columns without TENANT_ID', () => {
    const names = sys.list('oceanbase');
    const pairs = names.filter((n) => n.startsWith('CDB_') && names.includes(`DBA_${n.slice(4)}`));
    expect(pairs.length).toBeGreaterThanOrEqual(7);
    for (const cdb of pairs) {
      const cdbColumns = sys.lookup('oceanbase', cdb)!.columns.map((c) => c.name).filter((c) => c !== 'TENANT_ID');
      expect(sys.lookup('oceanbase', `DBA_${cdb.slice(4)}`)!.columns.map((c) => c.name), cdb).toEqual(cdbColumns);
    }
  });
});

describe('major compaction state (CDB_/DBA_OB_MAJOR_COMPACTION, zones, freeze info)', () => {
  it('CDB_ lists every tenant with the root service\'s SCNs, times and flags', async () => {
    const rows = await query(provider(1, compactingCluster()), 'CDB_OB_MAJOR_COMPACTION');
    expect(rows.map((r) => r.TENANT_ID)).toEqual([1, 1001, 1002]);
    expect(rows[2]).toEqual({
      TENANT_ID: 1002,
      FROZEN_SCN: BigInt(FROZEN),
      FROZEN_TIME: '2023-11-14 22:15:00.000000',
      GLOBAL_BROADCAST_SCN: BigInt(FROZEN),
      LAST_SCN: BigInt(PREV),
      LAST_FINISH_TIME: '2023-11-14 22:14:15.000000',
      START_TIME: '2023-11-14 22:15:00.000000',
      STATUS: 'COMPACTING',
      IS_ERROR: 'NO',
      IS_SUSPENDED: 'YES',
      INFO: '',
    });
    // A fresh tenant: SCN 1 read as a time is the epoch, as OceanBase prints it.
    expect(rows[0]).toMatchObject({ FROZEN_SCN: 1, FROZEN_TIME: '1970-01-01 00:00:00.000000', LAST_SCN: 1, STATUS: 'IDLE', START_TIME: '1970-01-01 00:00:00.000000' });
  });

  it('DBA_ shows the session tenant only; CDB_ does not exist in a user tenant', async () => {
    const user = provider(1002, compactingCluster());
    expect(user.lookup('oceanbase', 'CDB_OB_MAJOR_COMPACTION')).toBeUndefined();
    expect(user.lookup('oceanbase', 'CDB_OB_ZONE_MAJOR_COMPACTION')).toBeUndefined();
    const rows = await query(user, 'DBA_OB_MAJOR_COMPACTION');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ FROZEN_SCN: BigInt(FROZEN), STATUS: 'COMPACTING' });
    expect(await query(provider(1, compactingCluster()), 'DBA_OB_MAJOR_COMPACTION')).toEqual([
      expect.objectContaining({ FROZEN_SCN: 1, STATUS: 'IDLE', IS_SUSPENDED: 'NO' }),
    ]);
  });

  it('zone rows: a zone is COMPACTING until its servers reported; BROADCAST_SCN is the frozen SCN', async () => {
    const rows = await query(provider(1002, compactingCluster()), 'DBA_OB_ZONE_MAJOR_COMPACTION');
    expect(rows.map((r) => [r.ZONE, r.STATUS, r.LAST_SCN])).toEqual([
      ['zone1', 'IDLE', BigInt(FROZEN)],
      ['zone2', 'COMPACTING', BigInt(PREV)],
      ['zone3', 'IDLE', BigInt(FROZEN)],
    ]);
    expect(rows.every((r) => r.BROADCAST_SCN === BigInt(FROZEN))).toBe(true);
  });

  it('freeze info: one row per frozen SCN, oldest first, with the packed cluster version', async () => {
    expect(clusterVersionNumber('4.3.3.0')).toBe(17180066560);
    expect(clusterVersionNumber('4.2.1.0')).toBe(17180000512);
    const rows = await query(provider(1002, compactingCluster()), 'DBA_OB_FREEZE_INFO');
    expect(rows.map((r) => [r.FROZEN_SCN, r.SCHEMA_VERSION])).toEqual([[1, 0], [BigInt(PREV), 3], [BigInt(FROZEN), 5]]);
    expect(rows.every((r) => r.CLUSTER_VERSION === 17180066560)).toBe(true);
    expect(rows[2].GMT_CREATE).toBe('2023-11-14 22:15:00.000000');
  });

  it('with the root service down, the newest baseline any replica holds is shown, IDLE', async () => {
    const snap = compactingCluster();
    snap.servers[0].status = 'CRASHED';
    const rows = await query(provider(1002, snap), 'DBA_OB_MAJOR_COMPACTION');
    expect(rows).toEqual([expect.objectContaining({ FROZEN_SCN: BigInt(FROZEN), LAST_SCN: BigInt(FROZEN), STATUS: 'IDLE' })]);
  });
});

describe('progress views', () => {
  it('GV$OB_COMPACTION_PROGRESS: the major per server (FINISH where the zone is done) and running minis', async () => {
    const rows = await query(provider(1002, compactingCluster()), 'GV$OB_COMPACTION_PROGRESS');
    const majors = rows.filter((r) => r.TYPE === 'MAJOR_MERGE');
    expect(majors.map((r) => [r.SVR_IP, r.STATUS, r.TOTAL_TABLET_COUNT, r.UNFINISHED_TABLET_COUNT])).toEqual([
      ['10.0.0.1', 'FINISH', 4, 0],
      ['10.0.0.2', 'NODE_RUNNING', 4, 1],
      ['10.0.0.3', 'FINISH', 4, 0],
    ]);
    expect(majors[1]).toMatchObject({
      TENANT_ID: 1002, ZONE: 'zone2', COMPACTION_SCN: BigInt(FROZEN), DATA_SIZE: 3 * 1000 + 16384, UNFINISHED_DATA_SIZE: 16384,
      COMPRESSION_RATIO: 0.25, START_TIME: '2023-11-14 22:15:00.000000', COMMENTS: 'is_inited:1,real_finish_cnt:3',
    });
    expect(majors[0].ESTIMATED_FINISH_TIME).toBe('2023-11-14 22:15:02.000000'); // zone1's finish
    const minis = rows.filter((r) => r.TYPE === 'MINI_MERGE');
    expect(minis).toEqual([expect.objectContaining({ SVR_IP: '10.0.0.3', STATUS: 'NODE_RUNNING', TOTAL_TABLET_COUNT: 1, DATA_SIZE: 3000, UNFINISHED_DATA_SIZE: 3000 })]);
    // The sys tenant never had a major (FROZEN_SCN 1): no progress row for it.
    expect((await query(provider(1, compactingCluster()), 'GV$OB_COMPACTION_PROGRESS')).some((r) => r.TENANT_ID === 1)).toBe(false);
  });

  it('GV$OB_TABLET_COMPACTION_PROGRESS: one NODE_RUNNING row per tablet merge, sizes from its inputs', async () => {
    const rows = await query(provider(1002, compactingCluster()), 'GV$OB_TABLET_COMPACTION_PROGRESS');
    expect(rows.map((r) => [r.SVR_IP, r.TYPE, r.TABLET_ID, r.STATUS])).toEqual([
      ['10.0.0.2', 'MAJOR_MERGE', 200001, 'NODE_RUNNING'],
      ['10.0.0.3', 'MINI_MERGE', 200002, 'NODE_RUNNING'],
    ]);
    expect(rows[0]).toMatchObject({
      LS_ID: 1001, COMPACTION_SCN: BigInt(FROZEN), DATA_SIZE: 16384, UNFINISHED_DATA_SIZE: 12288,
      START_TIME: '2023-11-14 22:15:00.000000',
      // 25 % done after 4 s: 16 s in all.
      ESTIMATED_FINISH_TIME: '2023-11-14 22:15:16.000000',
    });
    expect(rows[0].TASK_ID).toMatch(/^YB420A000002-[0-9A-F]{16}-0-0$/);
  });
});

describe('finished merges (GV$OB_TABLET_COMPACTION_HISTORY, GV$OB_MERGE_INFO)', () => {
  it('lists each server\'s merges with OceanBase\'s ratio, rate and parallel info conventions', async () => {
    const rows = await query(provider(1, compactingCluster()), 'GV$OB_TABLET_COMPACTION_HISTORY');
    expect(rows.map((r) => [r.TENANT_ID, r.TYPE])).toEqual([[1002, 'MAJOR_MERGE'], [1002, 'MINI_MERGE'], [1, 'MINI_MERGE']]);
    expect(rows[0]).toMatchObject({
      SVR_IP: '10.0.0.1', LS_ID: 1001, TABLET_ID: 200001, COMPACTION_SCN: BigInt(PREV),
      START_TIME: '2023-11-14 22:14:13.000000', FINISH_TIME: '2023-11-14 22:14:14.000000',
      OCCUPY_SIZE: 1_048_576, MACRO_BLOCK_COUNT: 4, MULTIPLEXED_MACRO_BLOCK_COUNT: 3,
      COMPRESSION_RATIO: 0.25, NEW_FLUSH_DATA_RATE: 1024, PARALLEL_DEGREE: 2, MERGE_LEVEL: 'MACRO_BLOCK_LEVEL',
    });
    expect(rows[1]).toMatchObject({ PARALLEL_INFO: '-', NEW_FLUSH_DATA_RATE: 100 });
  });

  it('a user tenant sees only its own merges', async () => {
    const rows = await query(provider(1002, compactingCluster()), 'GV$OB_TABLET_COMPACTION_HISTORY');
    expect(rows.map((r) => r.TENANT_ID)).toEqual([1002, 1002]);
  });

  it('GV$OB_MERGE_INFO names the table and the share of reused macroblocks', async () => {
    const rows = await query(provider(1002, compactingCluster()), 'GV$OB_MERGE_INFO');
    expect(rows[0]).toMatchObject({ TABLE_ID: 500002, TABLET_ID: 200001, ACTION: 'MAJOR_MERGE', MACRO_BLOCK_COUNT: 4, REUSE_PCT: 75 });
    expect(rows[1]).toMatchObject({ ACTION: 'MINI_MERGE', REUSE_PCT: 0 });
  });
});

describe('GV$OB_SSTABLES for a columnar major (V4.3)', () => {
  it('shows the base column group as CO_MAJOR and every other group as NORMAL_CG', async () => {
    const snap = clusterFixture();
    const cg = (name: string, bytes: number) => ({ name, columns: [0], rowCount: 10, bytes, rawBytes: bytes * 2, macroBlockCount: 1, microBlockCount: 1, reusedMacroBlockCount: 0 });
    for (const s of snap.servers) {
      s.tablets[1].sstables = [{
        type: 'MAJOR', rowCount: 10, bytes: 600, startScn: '0', endScn: FROZEN, macroBlockCount: 3, microBlockCount: 3,
        columnGroups: [cg('rowkey', 100), cg('1', 200), cg('2', 300)],
      }];
      s.tablets[2].sstables = [{
        type: 'MAJOR', rowCount: 10, bytes: 500, startScn: '0', endScn: FROZEN, macroBlockCount: 1, microBlockCount: 1,
        columnGroups: [cg('all columns', 500)],
      }];
    }
    const rows = (await query(provider(1002, snap), 'GV$OB_SSTABLES')).filter((r) => r.SVR_IP === '10.0.0.1');
    expect(rows.filter((r) => r.TABLET_ID === 200002).map((r) => [r.TABLE_TYPE, r.SIZE])).toEqual([
      ['CO_MAJOR', 100], ['NORMAL_CG', 200], ['NORMAL_CG', 300], ['MEMTABLE', 2048],
    ]);
    // A row-store major (one `all columns` group) stays MAJOR.
    expect(rows.filter((r) => r.TABLET_ID === 200003).map((r) => r.TABLE_TYPE)).toEqual(['MAJOR', 'MEMTABLE']);
  });
});
