import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, CompactionHistorySnapshot, MajorCompactionSnapshot, ServerSnapshot, TabletSnapshot } from '../../engine/server/snapshot';
import { majorCompactionOf, majorRounds, zoneMajorProgress } from './major';

const tablet = (tabletId: number, majorEndScn: string | null, running?: { rowsDone: number; rowsTotal: number }): TabletSnapshot => ({
  tenantId: 1002, lsId: 1001, tabletId, tableId: 500001, memtables: [],
  sstables: majorEndScn ? [{ type: 'MAJOR', rowCount: 5, bytes: 100, startScn: '0', endScn: majorEndScn, macroBlockCount: 1, microBlockCount: 1 }] : [],
  compaction: running ? { mergeType: 'MAJOR_MERGE', status: 'RUNNING', startUs: 1, compactionScn: '300', ...running } : null,
});
const history = (tabletId: number, scn: string, startUs: number, finishUs: number): CompactionHistorySnapshot => ({
  tenantId: 1002, lsId: 1001, tabletId, mergeType: 'MAJOR_MERGE', compactionScn: scn, startUs, finishUs, taskId: 'T', occupySize: 100,
  macroBlockCount: 2, multiplexedMacroBlockCount: 1, newMicroBlockCount: 3, totalRowCount: 10, incrementalRowCount: 2,
  compressionRatio: 3, parallelDegree: 1, startCgId: 0, endCgId: 1, comments: '',
});
const server = (serverId: number, zone: string, tablets: TabletSnapshot[], compactionHistory: CompactionHistorySnapshot[] = [], majorCompactions?: MajorCompactionSnapshot[]) =>
  ({ serverId, zone, svrIp: `10.0.0.${serverId}`, tablets, compactionHistory, majorCompactions }) as unknown as ServerSnapshot;
const zone = (name: string, status: 'IDLE' | 'COMPACTING', broadcastScn: string) => ({ zone: name, broadcastScn, lastScn: '200', lastFinishTimeUs: 0, startTimeUs: 0, status });
const mc: MajorCompactionSnapshot = {
  tenantId: 1002, frozenScn: '300', frozenTimeUs: 5, globalBroadcastScn: '300', lastScn: '200', lastFinishTimeUs: 0, startTimeUs: 0,
  status: 'COMPACTING', isError: false, isSuspended: false, info: '',
  zones: [zone('zone1', 'COMPACTING', '300'), zone('zone2', 'IDLE', '300')],
  freezeInfo: [{ frozenScn: '1', schemaVersion: 1, createTimeUs: 1 }, { frozenScn: '200', schemaVersion: 1, createTimeUs: 2 }, { frozenScn: '300', schemaVersion: 1, createTimeUs: 3 }],
};

describe('major compaction per zone', () => {
  const snap = {
    servers: [
      server(1, 'zone1', [tablet(1, '300'), tablet(2, '200', { rowsDone: 3, rowsTotal: 10 })], [], [mc]),
      server(2, 'zone2', [tablet(1, '300'), tablet(2, '200')], [history(2, '300', 10, 20)]),
    ],
  } as unknown as ClusterSnapshot;

  it('finds the tenant\'s major compaction on its root service\'s server', () => {
    expect(majorCompactionOf(snap, 1002)?.frozenScn).toBe('300');
    expect(majorCompactionOf(snap, 1)).toBeNull();
  });

  it('counts a zone\'s tablet replicas merged to its broadcast SCN and its running merges', () => {
    const [z1, z2] = zoneMajorProgress(snap, mc);
    expect(z1).toMatchObject({ zone: 'zone1', tabletsTotal: 2, tabletsMerged: 1, running: 1, rowsDone: 3, rowsTotal: 10 });
    // A finished MAJOR_MERGE at the SCN counts even before the snapshot shows the new MAJOR.
    expect(z2).toMatchObject({ zone: 'zone2', tabletsTotal: 2, tabletsMerged: 2, running: 0 });
  });

  it('groups finished major merges into rounds by SCN, per zone, oldest first', () => {
    const withHistory = {
      servers: [
        server(1, 'zone1', [], [history(1, '200', 5, 9), history(2, '200', 4, 12)]),
        server(2, 'zone2', [], [history(1, '300', 30, 40), history(1, '200', 6, 7)]),
      ],
    } as unknown as ClusterSnapshot;
    const rounds = majorRounds(withHistory, 1002, mc, 5);
    expect(rounds.map((r) => r.compactionScn)).toEqual(['200', '300']);
    expect(rounds[0].byZone.zone1).toMatchObject({ tablets: 2, rows: 20, startUs: 4, finishUs: 12, reusedMacroBlocks: 2 });
    expect(rounds[0].byZone.zone2).toMatchObject({ tablets: 1 });
    expect(rounds[1].frozenTimeUs).toBe(3);
    expect(majorRounds(withHistory, 1002, mc, 1).map((r) => r.compactionScn)).toEqual(['300']);
  });
});
