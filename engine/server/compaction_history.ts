/**
 * The server's compaction history: the finished mini, minor and major merges of its tablet
 * replicas, newest first, as `GV$OB_TABLET_COMPACTION_HISTORY` lists them (OceanBase's
 * `ObTenantSSTableMergeInfoMgr`, a bounded in-memory list per server: old entries fall off).
 *
 * Fed by observing the server's `EventSink`: every `compaction-finished` event a tablet emits is
 * recorded, then passed on unchanged (`observeCompactions`). The storage layer puts the history
 * fields of `CompactionHistorySnapshot` on the event; a field the event lacks is filled from what
 * the server knows (the tablet's LS; the SCN and start time of the merge the tablet still shows as
 * running when it reports completion) or left neutral (0 bytes, ratio 1), never invented as data.
 *
 * Invariants: at most COMPACTION_HISTORY_MAX entries; `list()` is latest first; not persisted (a
 * restarted server starts with an empty history, as OceanBase's in-memory merge info does).
 */
import { assert } from '../common/assert';
import { COMPACTION_HISTORY_MAX } from '../common/limits';
import type { EventSink, ObEvent } from '../env';
import type { CompactionHistorySnapshot, CompactionTaskSnapshot } from './snapshot';

type FinishedEvent = Extract<ObEvent, { kind: 'compaction-finished' }>;
type MergeType = CompactionHistorySnapshot['mergeType'];

const MERGE_TYPES: readonly MergeType[] = ['MINI_MERGE', 'MINOR_MERGE', 'MAJOR_MERGE', 'MEDIUM_MERGE', 'CONVERT_CO_MAJOR_MERGE'];

export interface CompactionHistoryHost {
  /** The LS holding `tabletId` on this server, when the event does not say. */
  lsIdOf(tenantId: number, tabletId: number): number | undefined;
  /** The tablet's compaction still marked running when it reports completion (its SCN and start). */
  runningCompactionOf?(tenantId: number, tabletId: number): CompactionTaskSnapshot | null | undefined;
  /** `10.0.0.1`: the server's address, for generated task ids. */
  readonly svrIp: string;
  readonly svrPort: number;
}

/** A fixed-capacity ring of finished compactions (latest first when listed). */
export class CompactionHistory {
  private readonly ring: (CompactionHistorySnapshot | undefined)[];
  private next = 0;
  private size = 0;
  private taskSeq = 0;

  constructor(
    private readonly host: CompactionHistoryHost,
    readonly capacity = COMPACTION_HISTORY_MAX,
  ) {
    assert(capacity > 0, 'compaction history needs room for one entry');
    this.ring = new Array(capacity);
  }

  /** Records one finished compaction (overwrites the oldest when full). */
  add(entry: CompactionHistorySnapshot): void {
    assert(entry.finishUs >= entry.startUs, `compaction finished before it started: ${entry.startUs} > ${entry.finishUs}`);
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Records the compaction a `compaction-finished` event reports. */
  record(e: FinishedEvent): void {
    this.add(this.fromEvent(e));
  }

  /** Every kept entry, latest first (copies: the caller may keep them). */
  list(): CompactionHistorySnapshot[] {
    const out: CompactionHistorySnapshot[] = [];
    for (let i = 1; i <= this.size; i++) {
      const entry = this.ring[(this.next - i + this.capacity) % this.capacity];
      assert(entry !== undefined, 'compaction history ring has a hole');
      out.push({ ...entry });
    }
    return out;
  }

  get length(): number {
    return this.size;
  }

  /**
   * A history entry from the event: the storage layer's fields when present, else the server's
   * knowledge (LS id) and neutral values. Times: µs of the server clock.
   */
  private fromEvent(e: FinishedEvent): CompactionHistorySnapshot {
    const x = e as FinishedEvent & Partial<CompactionHistorySnapshot>;
    const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
    const running = this.host.runningCompactionOf?.(e.tenantId, e.tabletId);
    const task = running && running.mergeType === e.mergeType ? running : null;
    const finishUs = num(x.finishUs, e.atUs);
    const startUs = Math.min(num(x.startUs, task?.startUs ?? finishUs), finishUs);
    const mergeType = MERGE_TYPES.includes(e.mergeType as MergeType) ? (e.mergeType as MergeType) : 'MINI_MERGE';
    return {
      tenantId: e.tenantId,
      lsId: num(x.lsId, this.host.lsIdOf(e.tenantId, e.tabletId) ?? 0),
      tabletId: e.tabletId,
      mergeType,
      compactionScn: typeof x.compactionScn === 'string' && x.compactionScn !== '' ? x.compactionScn : task?.compactionScn ?? '0',
      startUs,
      finishUs,
      taskId: typeof x.taskId === 'string' && x.taskId !== '' ? x.taskId : this.newTaskId(finishUs),
      occupySize: num(x.occupySize, 0),
      macroBlockCount: num(x.macroBlockCount, 0),
      multiplexedMacroBlockCount: num(x.multiplexedMacroBlockCount, 0),
      newMicroBlockCount: num(x.newMicroBlockCount, 0),
      totalRowCount: num(x.totalRowCount, 0),
      incrementalRowCount: num(x.incrementalRowCount, 0),
      compressionRatio: num(x.compressionRatio, 1),
      parallelDegree: num(x.parallelDegree, 1),
      startCgId: num(x.startCgId, 0),
      endCgId: num(x.endCgId, 0),
      comments: typeof x.comments === 'string' ? x.comments : '',
    };
  }

  /**
   * An OceanBase-style trace id, `Y<port hex><ip hex>-<16 hex digits>-0-0` (the DAG id a real
   * server prints, e.g. `YB42AC1E87CA-00060FAC10C57979-0-0` for 172.30.135.202:2882), then a sequence.
   */
  private newTaskId(atUs: number): string {
    const ipHex = this.host.svrIp
      .split('.')
      .map((p) => Number(p).toString(16).toUpperCase().padStart(2, '0'))
      .join('');
    const seq = BigInt(Math.max(0, Math.floor(atUs))) * 1024n + BigInt(++this.taskSeq % 1024);
    return `Y${this.host.svrPort.toString(16).toUpperCase()}${ipHex}-${seq.toString(16).toUpperCase().padStart(16, '0')}-0-0`;
  }
}

/** An EventSink that records `compaction-finished` events in `history`, then forwards every event. */
export function observeCompactions(sink: EventSink, history: CompactionHistory): EventSink {
  return {
    emit(event: ObEvent): void {
      if (event.kind === 'compaction-finished') history.record(event);
      sink.emit(event);
    },
  };
}
