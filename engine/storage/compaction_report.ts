/**
 * What a finished merge reports: one GV$OB_TABLET_COMPACTION_HISTORY row
 * (`CompactionHistorySnapshot`), carried by the tablet's `compaction-finished` event so the
 * server can keep its history (OceanBase's `ObSSTableMergeInfo`). Pure: computed from the output
 * SSTables' metas.
 *
 * Task ids look like OceanBase's (`Y<hex>-<16 hex>-0-0`), built from the tablet id and the
 * merge's SSTable sequence number, so replicas name the same merge alike.
 */
import type { CompactionHistorySnapshot, CompactionTaskSnapshot } from '../server/snapshot';
import type { SSTable } from './sstable';
import type { TabletIdentity } from './types';

/** OceanBase-style task id of merge `seq` of tablet `tabletId`, with DAG task `index`. */
export function compactionTaskId(tabletId: number, seq: number, index = 0): string {
  return `Y${tabletId.toString(16).toUpperCase()}-${seq.toString(16).toUpperCase().padStart(16, '0')}-${index}-0`;
}

/** Facts of one merge the outputs do not tell. */
export interface MergeFacts {
  identity: TabletIdentity;
  mergeType: CompactionTaskSnapshot['mergeType'];
  compactionScn: string;
  startUs: number;
  finishUs: number;
  seq: number;
  /** Row versions read from incremental layers (memtables, minis, minor). */
  incrementalRowCount: number;
  parallelDegree: number;
  comments: string;
}

/** The history row of a merge that produced `outputs` (a major's column groups included). */
export function compactionHistory(facts: MergeFacts, outputs: readonly SSTable[]): CompactionHistorySnapshot {
  let occupySize = 0;
  let rawBytes = 0;
  let macroBlockCount = 0;
  let multiplexed = 0;
  let newMicro = 0;
  let totalRowCount = 0;
  let groups = 0;
  for (const t of outputs) {
    totalRowCount += t.rowCount;
    for (const g of [t, ...t.columnGroups]) {
      groups++;
      occupySize += g.meta.bytes;
      rawBytes += g.meta.rawBytes ?? g.meta.bytes;
      for (const m of g.macroBlocks) {
        macroBlockCount++;
        if (m.reused === true) multiplexed++;
        else newMicro += m.microBlockCount;
      }
    }
  }
  const id = facts.identity;
  return {
    tenantId: id.tenantId,
    lsId: id.lsId,
    tabletId: id.tabletId,
    mergeType: facts.mergeType,
    compactionScn: facts.compactionScn,
    startUs: facts.startUs,
    finishUs: facts.finishUs,
    taskId: compactionTaskId(id.tabletId, facts.seq),
    occupySize,
    macroBlockCount,
    multiplexedMacroBlockCount: multiplexed,
    newMicroBlockCount: newMicro,
    totalRowCount,
    incrementalRowCount: facts.incrementalRowCount,
    compressionRatio: occupySize > 0 ? rawBytes / occupySize : 1,
    parallelDegree: facts.parallelDegree,
    startCgId: 0,
    endCgId: Math.max(0, groups - 1),
    comments: facts.comments,
  };
}
