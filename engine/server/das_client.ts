/**
 * The client side of DAS for one statement (`DasService` of exec_context.ts): routes each tablet
 * access to the leader of the tablet's log stream — a local call when this server leads it (no
 * encoding), an RPC otherwise (rows encoded, remote scans paged by rowkey) — and records the log
 * streams a transaction writes (its 2PC participants). Column scans and aggregate pushdown go to
 * the same leader (`das.scanColumns`, `das.aggregate`; server side in das_column.ts).
 *
 * Issue #4: every access goes through `LocationService.callLeader`, which follows the leader when it
 * moves (refresh on OB_NOT_MASTER, retry). Reads are safe to repeat and retry on timeouts too; a
 * write retries only on a certain refusal (OB_NOT_MASTER: it did not run) — after a timeout the
 * statement fails and the session's statement retry runs it again in a new transaction. A write's
 * answer carries the leader's epoch (proposal id), which the transaction keeps per LS and sends
 * with every later request there (das_handler.ts, tx_participant.ts).
 */
import { assert } from '../common/assert';
import type { LsId, Scn, ServerId, TenantId } from '../common/ids';
import { KEY_MAX_SUFFIX, type EncodedRowkey } from '../common/rowkey';
import type { Value } from '../common/value';
import type { RpcEndpoint } from '../rpc/rpc';
import { Errors } from '../common/ob_error';
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
  /** The epoch (leader proposal id) of the transaction's first acknowledged write on the LS, or null. */
  epochOf(lsId: LsId): number | null;
  /** A write on the LS was acknowledged by the leader of `epoch`. Errors: `Errors.txKilled` when it differs. */
  noteEpoch(lsId: LsId, epoch: number): void;
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

  /** The transaction's epoch on the LS (reads of its own writes must reach the same leadership). */
  private epoch(lsId: LsId): number | null {
    return this.tx?.epochOf(lsId) ?? null;
  }

  async *scan(req: DasScanRequest): AsyncIterable<Value[][]> {
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
        epoch: this.epoch(req.partition.lsId),
      };
      const reply = await this.location.callLeader<DasScanReply>(this.tenantId, req.partition.lsId, 'das.scan', body);
      if (req.stats && reply.stats) addScanStats(req.stats, reply.stats);
      const rows = reply.rows ?? decodeRows(reply.encoded!);
      if (rows.length > 0) yield rows;
      remaining -= rows.length;
      if (reply.resumeKey === null) return;
      ranges = resumeRanges(ranges, reply.resumeKey, req.reverse ?? false);
    }
  }

  async get(table: TableSchema, partition: PartitionSchema, keys: EncodedRowkey[]): Promise<(Value[] | null)[]> {
    const reply = await this.location.callLeader<{ rows?: (Value[] | null)[]; present?: number[]; encoded?: Uint8Array }>(
      this.tenantId, partition.lsId, 'das.get', {
        ...this.info(table, partition),
        keys,
        snapshot: this.snapshot.toString(),
        txId: this.tx?.txId ?? null,
        epoch: this.epoch(partition.lsId),
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
      epoch: this.epoch(req.partition.lsId),
    };
  }

  /**
   * Rows of one tablet through storage's column interface, filtered in storage, page by page
   * (`das.scanColumns` on the leader, which keeps the scan open under a cursor between pages; an
   * abandoned scan is closed). Adds each page's storage counters to `req.stats`.
   */
  async *scanColumns(req: DasColumnScanRequest): AsyncIterable<Value[][]> {
    const base = this.columnBody(req);
    let cursor: number | null = null;
    let finished = false;
    // The scan opens on the leader (following it); its cursor lives there, so later pages go there.
    const opened = await this.location.callLeaderAt<DasColumnScanReply>(this.tenantId, req.partition.lsId, 'das.scanColumns', { ...base, cursor: null });
    const leader: ServerId = opened.server;
    try {
      let reply = opened.value;
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
    const reply = await this.location.callLeader<DasAggregateReply>(this.tenantId, req.partition.lsId, 'das.aggregate', {
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
    const tx = this.tx;
    tx.addParticipant(partition.lsId);
    const lsId = partition.lsId;
    // A local leader takes the writes as they are; a remote one gets them encoded (once).
    let encoded: Uint8Array | null = null;
    const bodyFor = (target: ServerId) => {
      const local = target === this.rpc.self;
      if (!local && encoded === null) encoded = encodeWrites(writes);
      return {
        ...this.info(table, partition),
        txId: tx.txId,
        stmtSeq: tx.stmtSeq,
        snapshot: this.snapshot.toString(),
        epoch: tx.epochOf(lsId),
        writes: local ? null : encoded,
        localWrites: local ? writes : undefined,
      };
    };
    const reply = await this.location.callLeader<{ epoch: number }>(this.tenantId, lsId, 'das.write', bodyFor, { retryOnTimeout: false });
    if (typeof reply?.epoch !== 'number') throw Errors.internal('DAS write reply without an epoch');
    tx.noteEpoch(lsId, reply.epoch);
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
