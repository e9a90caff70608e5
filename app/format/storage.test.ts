import { describe, expect, it } from 'vitest';
import type { TabletSnapshot } from '../../engine/server/snapshot';
import {
  SCN_MAX_TEXT, columnGroupLabel, columnLabel, compareScn, compressionRatio, lsmLayers, scnRange, storageStatsLine,
} from './storage';

const mem = (isActive: boolean, startScn: string, endScn: string) => ({ isActive, rowCount: 1, bytes: 10, startScn, endScn });
const sst = (type: 'MINI' | 'MINOR' | 'MAJOR', startScn: string, endScn: string) => ({
  type, rowCount: 1, bytes: 10, startScn, endScn, macroBlockCount: 1, microBlockCount: 1,
});

describe('LSM stack order', () => {
  it('puts memtables on top, then minis newest first, then the minor, then the major', () => {
    const tablet: TabletSnapshot = {
      tenantId: 1002, lsId: 1001, tabletId: 200001, tableId: 500001, compaction: null,
      memtables: [mem(false, '10', '20'), mem(true, '30', SCN_MAX_TEXT), mem(false, '20', '30')],
      sstables: [sst('MAJOR', '0', '5'), sst('MINI', '5', '8'), sst('MINOR', '1', '5'), sst('MINI', '8', '10')],
    };
    expect(lsmLayers(tablet).map((l) => `${l.level}:${(l.memtable ?? l.sstable)!.endScn}`)).toEqual([
      `active:${SCN_MAX_TEXT}`, 'frozen:30', 'frozen:20', 'MINI:10', 'MINI:8', 'MINOR:5', 'MAJOR:5',
    ]);
  });

  it('compares SCNs beyond 2^53 exactly and prints the open end as MAX', () => {
    expect(compareScn('9007199254740993', '9007199254740992')).toBe(1);
    expect(scnRange('1700000000000000001', SCN_MAX_TEXT)).toBe('SCN 1700000000000000001 – MAX');
  });
});

describe('storage figures', () => {
  it('states the compression ratio only when raw bytes were reported', () => {
    expect(compressionRatio(4000, 1000)).toBe('4.0×');
    expect(compressionRatio(undefined, 1000)).toBeNull();
    expect(compressionRatio(100, 0)).toBeNull();
  });

  it('words a scan\'s storage counters with their units', () => {
    expect(storageStatsLine({ microBlocksRead: 12, microBlocksSkipped: 40, microBlocksAggregated: 0, bytesRead: 98_304, rowsScanned: 10_000, columnStore: true }))
      .toBe('12 microblocks read (96.0 KiB), 40 skipped by the skip index, 10,000 rows scanned · column store');
    expect(storageStatsLine({ microBlocksRead: 1, microBlocksSkipped: 0, microBlocksAggregated: 3, bytesRead: 500, rowsScanned: 1, columnStore: false }))
      .toBe('1 microblock read (500 B), 3 answered from skip-index aggregates, 1 row scanned · row store');
  });

  it('labels columns and column groups by name when the engine reported names', () => {
    const named = { columnNames: ['c1', 'c2'] };
    expect(columnLabel(named, 1)).toBe('c2');
    expect(columnLabel({}, 1)).toBe('column 1');
    expect(columnGroupLabel(named, { name: '1', columns: [1] })).toBe('c2');
    expect(columnGroupLabel(named, { name: 'all columns', columns: [0, 1] })).toBe('all columns');
  });
});
