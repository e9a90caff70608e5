/**
 * The client side of DAS for one statement (`DasService` of exec_context.ts): routes each tablet
 * access to the leader of the tablet's log stream — a local call when this server leads it (no
 * encoding), an RPC otherwise (rows encoded, remote scans paged by rowkey) — and records the log
 * streams a transaction writes (its 2PC participants). Column scans and aggregate pushdown go to
 * the same leader (`das.scanColumns`, `das.aggregate`; server side in das_column.ts).
 */
import { assert } from '../common/assert';
import type { LsId, Scn, TenantId } from '../common/ids';
import { KEY_MAX_SUFFIX, type EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { RpcEndpoint } from '../rpc/rpc';
import { rowkeyTypes, type PartitionSchema, type TableSchema } from '../schema/schema';
import { toJson } from '../common/json';
import type { DasAggregateRequest, DasColumnScanRequest, DasScanRequest, DasService, KeyRange, RowWrite } from '../sql/exec_context';
import { addScanStats, type DasAggregateReply, type DasColumnScanReply } from './das_column';
import { decodeRows, encodeWrites, type DasScanBody, type DasScanReply, type DasTableInfo } from './das_handler';
import type { LocationService } from './location';

/** The transaction a statement runs in, as the DAS needs it. */
export interface DasTxBinding {
  txId: number;
  stmtSeq: number;
  /** Adds a participant LS (a write happened there). */
  addParticipant(lsId: LsId): void;
}

export class DasClient implements DasService {
  constructor(
    readonly tenantId: TenantId,
    readonly snapshot: Scn,
    private readonly tx: DasTxBinding | null,
    private readonly rpc: RpcEndpoint,
    private readonly location: LocationService,
  ) {}

  private info(table: TableSchema, partition: PartitionSchema): DasTableInfo {
    return {
      tenantId: this.tenantId,
      lsId: partition.lsId,
      tabletId: partition.tabletId,
      rowkey: table.rowkey,
      keyTypes: rowkeyTypes(table),
    };
  }

  async *scan(req: DasScanRequest): AsyncIterable<Value[][]> {
    const leader = this.location.leaderOf(this.tenantId, req.partition.lsId);
    let ranges = req.ranges;
    let remaining = req.limit ?? Infinity;
    while (ranges.length > 0 && remaining > 0) {
      const body: DasScanBody = {
        ...this.info(req.table, req.partition),
        ranges,
        columns: req.columns,
        snapshot: this.snapshot.toString(),
        txId: this.tx?.txId ?? null,
        reverse: req.reverse ?? false,
        limit: Number.isFinite(remaining) ? remaining : null,
      };
      const reply = await this.rpc.call<DasScanReply>(leader, 'das.scan', body);
      if (req.stats && reply.stats) addScanStats(req.stats, reply.stats);
      const rows = reply.rows ?? decodeRows(reply.encoded!);
      if (rows.length > 0) yield rows;
      remaining -= rows.length;
      if (reply.resumeKey === null) return;
      ranges = resumeRanges(ranges, reply.resumeKey, req.reverse ?? false);
    }
  }

  async get(table: TableSchema, partition: PartitionSchema, keys: EncodedRowkey[]): Promise<(Value[] | null)[]> {
    const leader = this.location.leaderOf(this.tenantId, partition.lsId);
    const reply = await this.rpc.call<{ rows?: (Value[] | null)[]; present?: number[]; encoded?: Uint8Array }>(leader, 'das.get', {
      ...this.info(table, partition),
      keys,
      snapshot: this.snapshot.toString(),
      txId: this.tx?.txId ?? null,
    });
    if (reply.rows) return reply.rows;
    const found = decodeRows(reply.encoded!);
    let i = 0;
    return reply.present!.map((p) => (p ? found[i++] : null));
  }

  /** The column-request fields of a column scan or aggregate request. */
  private columnBody(req: DasColumnScanRequest) {
    return {
      ...this.info(req.table, req.partition),
      ranges: req.ranges,
      columns: req.columns,
      columnTypes: req.columns.map((c) => req.table.columns[c].type),
      predicates: toJson(req.predicates),
      useColumnStore: req.useColumnStore,
      snapshot: this.snapshot.toString(),
      txId: this.tx?.txId ?? null,
    };
  }

  /**
   * Rows of one tablet through storage's column interface, filtered in storage, page by page
   * (`das.scanColumns` on the leader, which keeps the scan open under a cursor between pages; an
   * abandoned scan is closed). Adds each page's storage counters to `req.stats`.
   */
  async *scanColumns(req: DasColumnScanRequest): AsyncIterable<Value[][]> {
    const leader = this.location.leaderOf(this.tenantId, req.partition.lsId);
    const base = this.columnBody(req);
    let cursor: number | null = null;
    let finished = false;
    try {
      let reply = await this.rpc.call<DasColumnScanReply>(leader, 'das.scanColumns', { ...base, cursor: null });
      for (;;) {
        if (req.stats) addScanStats(req.stats, reply.stats);
        cursor = reply.cursor;
        const rows = reply.rows ?? decodeRows(reply.encoded!);
        if (rows.length > 0) yield rows;
        if (cursor === null) {
          finished = true;
          return;
        }
        reply = await this.rpc.call<DasColumnScanReply>(leader, 'das.scanColumns', { ...base, cursor });
      }
    } finally {
      if (!finished && cursor !== null) {
        this.rpc.call(leader, 'das.scanColumns', { ...base, cursor, close: true }).catch(() => undefined);
      }
    }
  }

  /** Partial aggregates of one tablet, computed by the server holding it (`das.aggregate`). */
  async aggregate(req: DasAggregateRequest): Promise<Value[][]> {
    const leader = this.location.leaderOf(this.tenantId, req.partition.lsId);
    const reply = await this.rpc.call<DasAggregateReply>(leader, 'das.aggregate', {
      ...this.columnBody(req),
      groupBy: req.groupBy,
      aggs: toJson(req.aggs),
      residual: toJson(req.residual),
      nowUs: req.nowUs,
    });
    if (req.stats) addScanStats(req.stats, reply.stats);
    return reply.rows ?? decodeRows(reply.encoded!);
  }

  async write(table: TableSchema, partition: PartitionSchema, writes: RowWrite[]): Promise<void> {
    assert(this.tx, 'DAS write outside a transaction');
    if (writes.length === 0) return;
    this.tx.addParticipant(partition.lsId);
    const leader = this.location.leaderOf(this.tenantId, partition.lsId);
    // A local leader takes the writes as they are; a remote one gets them encoded.
    const local = leader === this.rpc.self;
    await this.rpc.call(leader, 'das.write', {
      ...this.info(table, partition),
      txId: this.tx.txId,
      stmtSeq: this.tx.stmtSeq,
      snapshot: this.snapshot.toString(),
      writes: local ? null : encodeWrites(writes),
      localWrites: local ? writes : undefined,
    });
  }
}

/** The ranges still to scan after `resumeKey` (exclusive), for a forward or reverse scan. */
export function resumeRanges(ranges: KeyRange[], resumeKey: EncodedRowkey, reverse: boolean): KeyRange[] {
  const out: KeyRange[] = [];
  for (const r of ranges) {
    if (!reverse) {
      if (r.endInclusive ? r.end < resumeKey : r.end <= resumeKey) continue;
      if (r.start < resumeKey || (r.start === resumeKey)) out.push({ ...r, start: resumeKey, startInclusive: false });
      else out.push(r);
    } else {
      if (r.startInclusive ? r.start > resumeKey : r.start >= resumeKey) continue;
      if (r.end > resumeKey || r.end === resumeKey || r.end === KEY_MAX_SUFFIX) out.push({ ...r, end: resumeKey, endInclusive: false });
      else out.push(r);
    }
  }
  return out;
}
