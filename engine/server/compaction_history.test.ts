/**
 * The per-server compaction history (a bounded ring, latest first, fed from `compaction-finished`
 * events) and the parameter checks and duty-time arithmetic the admin service relies on.
 */
import { describe, expect, it } from 'vitest';
import { isObError } from '../common/ob_error';
import type { ObEvent } from '../env';
import { dutyOffsetUs, nextDutyInstantUs } from './admin_service';
import { CompactionHistory, observeCompactions } from './compaction_history';
import { checkParameterValue, ParameterStore } from './parameters';

const host = { svrIp: '10.0.0.2', svrPort: 2882, lsIdOf: (_t: number, tablet: number) => (tablet === 200001 ? 1001 : undefined) };

function finished(tabletId: number, atUs: number, extra: Record<string, unknown> = {}): ObEvent {
  return { kind: 'compaction-finished', tenantId: 1002, tabletId, mergeType: 'MINI_MERGE', atUs, ...extra } as ObEvent;
}

describe('CompactionHistory', () => {
  it('keeps the newest entries up to its capacity, latest first', () => {
    const h = new CompactionHistory(host, 3);
    for (let i = 1; i <= 5; i++) h.record(finished(200000 + i, i * 1000) as Extract<ObEvent, { kind: 'compaction-finished' }>);
    expect(h.length).toBe(3);
    expect(h.list().map((e) => e.tabletId)).toEqual([200005, 200004, 200003]);
  });

  it('takes the storage layer\'s fields from the event and fills only what is missing', () => {
    const h = new CompactionHistory(host);
    h.record(finished(200001, 5_000, {
      mergeType: 'MAJOR_MERGE', compactionScn: '123', startUs: 1_000, finishUs: 5_000, occupySize: 4096, macroBlockCount: 2,
      multiplexedMacroBlockCount: 1, totalRowCount: 10, compressionRatio: 3, taskId: 'T1',
    }) as Extract<ObEvent, { kind: 'compaction-finished' }>);
    h.record(finished(200001, 9_000) as Extract<ObEvent, { kind: 'compaction-finished' }>);
    const [bare, full] = h.list();
    expect(full).toMatchObject({ lsId: 1001, mergeType: 'MAJOR_MERGE', compactionScn: '123', startUs: 1_000, finishUs: 5_000, occupySize: 4096, multiplexedMacroBlockCount: 1, taskId: 'T1', compressionRatio: 3 });
    // An event without history fields: the LS from the server, neutral sizes, a generated task id.
    expect(bare).toMatchObject({ lsId: 1001, mergeType: 'MINI_MERGE', startUs: 9_000, finishUs: 9_000, occupySize: 0, compressionRatio: 1, parallelDegree: 1 });
    expect(bare.taskId).toMatch(/^YB420A000002-[0-9A-F]{16}-0-0$/);
  });

  it('observeCompactions records finished compactions and forwards every event', () => {
    const h = new CompactionHistory(host);
    const seen: ObEvent[] = [];
    const sink = observeCompactions({ emit: (e) => seen.push(e) }, h);
    sink.emit({ kind: 'compaction-progress', tenantId: 1002, tabletId: 200001, mergeType: 'MINI_MERGE', done: 1, total: 2, atUs: 1 });
    sink.emit(finished(200001, 2));
    expect(seen.map((e) => e.kind)).toEqual(['compaction-progress', 'compaction-finished']);
    expect(h.list()).toHaveLength(1);
  });
});

describe('parameters', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (isObError(e)) return e.mysqlCode;
      throw e;
    }
    return 0;
  };

  it('accepts valid values in their canonical form', () => {
    expect(checkParameterValue('freeze_trigger_percentage', '30')).toBe('30');
    expect(checkParameterValue('major_freeze_duty_time', '3:05')).toBe('03:05');
    expect(checkParameterValue('major_freeze_duty_time', 'DISABLE')).toBe('disable');
    expect(checkParameterValue('default_table_store_format', 'Column')).toBe('column');
    expect(checkParameterValue('enable_rebalance', 'false')).toBe('False');
  });

  it('refuses out-of-range and malformed values with ERROR 4147, unknown names with 1210', () => {
    for (const [name, value] of [
      ['freeze_trigger_percentage', '0'], ['freeze_trigger_percentage', '100'], ['freeze_trigger_percentage', 'abc'],
      ['major_freeze_duty_time', '24:00'], ['major_freeze_duty_time', '02:60'], ['major_freeze_duty_time', 'noon'],
      ['default_table_store_format', 'columnar'], ['major_compact_trigger', '-1'], ['minor_compact_trigger', '17'],
    ]) {
      expect(code(() => checkParameterValue(name, value)), `${name}=${value}`).toBe(4147);
    }
    expect(code(() => checkParameterValue('no_such_parameter', '1'))).toBe(1210);
  });

  it('keeps TENANT parameters per tenant and CLUSTER parameters for all', () => {
    const p = new ParameterStore();
    p.set('default_table_store_format', 'column', [1002]);
    p.set('lease_time', '20s', null);
    expect(p.get('default_table_store_format', 1002)).toBe('column');
    expect(p.get('default_table_store_format', 1)).toBe('row');
    expect(p.get('lease_time', 1002)).toBe('20s');
    expect(p.list(1002).find((x) => x.name === 'default_table_store_format')?.value).toBe('column');
  });
});

describe('major_freeze_duty_time arithmetic (UTC wall time of the simulated clock)', () => {
  const DAY = 86_400_000_000;
  const midnight = 19_675 * DAY; // 2023-11-14 00:00 UTC
  it('finds the next duty instant after a time, today or tomorrow', () => {
    const twoAm = dutyOffsetUs('02:00')!;
    expect(twoAm).toBe(2 * 3_600_000_000);
    expect(nextDutyInstantUs(midnight + 60_000_000, twoAm)).toBe(midnight + twoAm);
    expect(nextDutyInstantUs(midnight + twoAm, twoAm)).toBe(midnight + DAY + twoAm);
    expect(dutyOffsetUs('disable')).toBeNull();
  });
});
