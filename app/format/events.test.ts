import { describe, expect, it } from 'vitest';
import type { ObEvent } from '../../engine/env/index';
import type { TimelineEntry } from '../state/eventStore';
import { describeEvent, eventGroup, timelineLines } from './events';

let seq = 0;
const entry = (serverId: number, event: ObEvent): TimelineEntry => ({ seq: ++seq, serverId, event });
const progress = (serverId: number, atUs: number, done: number, mergeType = 'MINI_MERGE', tabletId = 200001) =>
  entry(serverId, { kind: 'compaction-progress', tenantId: 1002, tabletId, mergeType, done, total: 100, atUs });
const finished = (serverId: number, atUs: number, mergeType = 'MINI_MERGE', tabletId = 200001) =>
  entry(serverId, { kind: 'compaction-finished', tenantId: 1002, tabletId, mergeType, atUs });

const text = (lines: TimelineEntry[]) => lines.map((l) => `${l.serverId} ${describeEvent(l.event)}`);

describe('event timeline lines', () => {
  it('shows a running merge as its newest progress line only, per server', () => {
    const lines = timelineLines([progress(1, 10, 20), progress(2, 11, 10), progress(1, 12, 60), progress(2, 13, 40)], 100);
    expect(text(lines)).toEqual([
      '2 tenant 1002 tablet 200001: MINI_MERGE 40/100 rows',
      '1 tenant 1002 tablet 200001: MINI_MERGE 60/100 rows',
    ]);
  });

  it('keeps every finished merge and folds each run’s progress under it', () => {
    const lines = timelineLines(
      [progress(1, 1, 50), finished(1, 2), entry(1, { kind: 'ddl', tenantId: 1002, statement: 'create_table', atUs: 3 }), progress(1, 4, 50), finished(1, 5)],
      100,
    );
    expect(text(lines)).toEqual([
      '1 tenant 1002 tablet 200001: MINI_MERGE finished',
      '1 tenant 1002 DDL: create_table',
      '1 tenant 1002 tablet 200001: MINI_MERGE finished',
    ]);
  });

  it('keeps merges of different kinds and tablets apart, newest first, at most max lines', () => {
    const all = [progress(1, 1, 10, 'MINI_MERGE'), progress(1, 2, 10, 'MAJOR_MERGE'), progress(1, 3, 10, 'MINI_MERGE', 200002)];
    expect(text(timelineLines(all, 100))).toEqual([
      '1 tenant 1002 tablet 200002: MINI_MERGE 10/100 rows',
      '1 tenant 1002 tablet 200001: MAJOR_MERGE 10/100 rows',
      '1 tenant 1002 tablet 200001: MINI_MERGE 10/100 rows',
    ]);
    expect(timelineLines(all, 2)).toHaveLength(2);
  });

  it('shows one line per sample-data table being loaded', () => {
    const load = (table: string, rowsDone: number, atUs: number) =>
      entry(1, { kind: 'sample-data-progress', dataset: 'tpch', table, rowsDone, rowsTotal: 100, atUs });
    expect(text(timelineLines([load('nation', 25, 1), load('lineitem', 50, 2), load('lineitem', 100, 3)], 100))).toEqual([
      '1 loading tpch.lineitem: 100/100 rows',
      '1 loading tpch.nation: 25/100 rows',
    ]);
  });
});

describe('issue #4 events', () => {
  it('tells who was elected leader of which LS and why', () => {
    expect(
      describeEvent({ kind: 'election', tenantId: 1002, lsId: 1001, serverId: 2, proposalId: 5, reason: 'leader lease expired', atUs: 1 }),
    ).toBe('server 2 elected leader of tenant 1002 LS 1001 — leader lease expired (proposal id 5)');
  });

  it('files every event under one filter group', () => {
    const groups = ([
      { kind: 'election', tenantId: 1, lsId: 1, serverId: 1, proposalId: 1, reason: 'no leader at start', atUs: 1 },
      { kind: 'role-change', tenantId: 1, lsId: 1, role: 'LEADER', atUs: 1 },
      { kind: 'server-status', serverId: 1, svrIp: '10.0.0.1', zone: 'zone1', status: 'INACTIVE', reason: 'lease_time', atUs: 1 },
      { kind: 'fault', description: 'cut zone1 ⇄ zone2', atUs: 1 },
      { kind: 'ls-member-change', tenantId: 1002, lsId: 1001, change: 'add learner', serverId: 3, atUs: 1 },
      { kind: 'transfer', tenantId: 1002, taskId: 1, srcLsId: 1001, destLsId: 1002, tabletIds: [1], status: 'DOING', atUs: 1 },
      { kind: 'tenant-job', tenantId: 1002, jobId: 1, jobType: 'ALTER_TENANT_LOCALITY', status: 'INPROGRESS', progress: 0, atUs: 1 },
      { kind: 'freeze', tenantId: 1002, tabletId: 1, freezeType: 'MINI_MERGE', atUs: 1 },
      { kind: 'log', level: 'error', message: 'OBServer 3 crashed: x', atUs: 1 },
      { kind: 'ddl', tenantId: 1002, statement: 'create table', atUs: 1 },
    ] as ObEvent[]).map(eventGroup);
    expect(groups).toEqual(['elections', 'elections', 'servers', 'faults', 'members', 'transfers', 'jobs', 'storage', 'servers', 'other']);
  });
});
