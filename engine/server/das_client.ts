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
 *
 * Weak reads (issue #4, reference §3.7): in weak mode (`DasClientOptions.weak`) each read goes to a
 * replica chosen by `weakReadCandidates` (the local replica, a same-zone follower, any replica, the
 * leader last), which reads at its own readable SCN — no GTS. The first read of an LS pins that
 * replica and its SCN for the rest of the statement (later pages and gets see the same snapshot).
 * A replica that refuses (too stale, wrong type for the route policy, gone) makes the client try
 * the next; when none serves, the leader serves a strong read at a GTS snapshot taken then. Every
 * LS read is reported once in `routes` (who served, role, type, SCN, staleness).
 */
import { assert } from '../common/assert';
import { RPC_TIMEOUT_US } from '../common/limits';
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
import type { ReadRoute } from './api';
import type { LocationService } from './location';
import { isWeakReadRetryable, weakReadCandidates, WEAK_READ_ATTEMPT_TIMEOUT_US, type RoutePolicy } from './weak_read';
import type { DasWeakRead, DasWeakServed } from './das_handler';

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

/** Weak-read settings of a statement (see the module comment). */
export interface WeakReadMode {
  /** `max_stale_time_for_weak_consistency` of the tenant, µs. */
  maxStaleUs: number;
  /** The session server's clock, µs. */
  nowUs(): number;
  routePolicy: RoutePolicy;
  /** A GTS snapshot, for the strong fallback on the leader (called at most once per statement). */
  gts(): Promise<Scn>;
}

export interface DasClientOptions {
  /** Weak mode: reads go to replicas at their readable SCN; the constructor's snapshot is unused. */
  weak?: WeakReadMode;
  /** Receives one entry per LS read (who served it). */
  routes?: ReadRoute[];
}

/** Where a statement reads one LS: the server, the snapshot, weak or strong. */
interface ReadPin {
  server: ServerId;
  snapshot: string;
  weak: boolean;
}

/** Fields every read body carries besides the request's own. */
type ReadBody = Record<string, unknown>;

export class DasClient implements DasService {
  private readonly pins = new Map<LsId, ReadPin>();
  private strongSnapshot: Scn | null;
  private gtsTaken: Promise<Scn> | null = null;

  constructor(
    readonly tenantId: TenantId,
    snapshot: Scn | null,
    private readonly tx: DasTxBinding | null,
    private readonly rpc: RpcEndpoint,
    private readonly location: LocationService,
    private readonly options: DasClientOptions = {},
  ) {
    assert(snapshot !== null || options.weak !== undefined, 'a strong DAS client needs a snapshot');
    this.strongSnapshot = snapshot;
  }

  /** The statement's strong snapshot (0 in weak mode until a fallback took one from GTS). */
  get snapshot(): Scn {
    return this.strongSnapshot ?? (0n as Scn);
  }

  /** The strong snapshot, taken from GTS on first need in weak mode. */
  private async strong(): Promise<Scn> {
    if (this.strongSnapshot !== null) return this.strongSnapshot;
    this.gtsTaken ??= this.options.weak!.gts();
    this.strongSnapshot = await this.gtsTaken;
    return this.strongSnapshot;
  }

  /**
   * Sends read `method` for LS `lsId`: strong to the leader at the statement's snapshot, weak to a
   * replica (see the module comment). Returns the answer and the server that gave it.
   * Errors: the serving replica's ObError; location errors once the leader cannot be reached.
   */
  private async read<T extends { served?: DasWeakServed }>(lsId: LsId, method: string, body: ReadBody): Promise<{ value: T; server: ServerId }> {
    const weak = this.options.weak;
    const pin = this.pins.get(lsId);
    if (!weak || (pin && !pin.weak)) return this.readStrong<T>(lsId, method, body, null);
    if (pin) {
      const weakBody: DasWeakRead = { server: pin.server, minReadScn: '0', routePolicy: weak.routePolicy };
      // The pinned replica already served this statement: a full RPC timeout for its later pages.
      const value = await this.rpc.call<T>(pin.server, method, { ...body, snapshot: pin.snapshot, weak: weakBody }, RPC_TIMEOUT_US);
      return { value, server: pin.server };
    }
    const nowUs = weak.nowUs();
    const minReadScn = BigInt(Math.max(0, Math.floor(nowUs - weak.maxStaleUs))) * 1000n;
    const refused: string[] = [];
    for (const c of weakReadCandidates(this.location, this.tenantId, lsId, this.rpc.self, weak.routePolicy)) {
      const weakBody: DasWeakRead = { server: c.serverId, minReadScn: minReadScn.toString(), routePolicy: weak.routePolicy };
      try {
        const value = await this.rpc.call<T>(c.serverId, method, { ...body, snapshot: '', weak: weakBody }, WEAK_READ_ATTEMPT_TIMEOUT_US);
        const served = value.served;
        if (!served) throw Errors.internal('weak DAS read answered without its snapshot');
        this.pins.set(lsId, { server: c.serverId, snapshot: served.readScn, weak: true });
        this.route(lsId, c.serverId, served.role, served.replicaType, served.readScn, true, nowUs, refused);
        return { value, server: c.serverId };
      } catch (e) {
        if (!isWeakReadRetryable(e)) throw e;
        refused.push(`${this.serverText(c.serverId)} ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return this.readStrong<T>(lsId, method, body, refused);
  }

  /** A strong read on the leader (the statement's snapshot; in weak mode a GTS fallback). */
  private async readStrong<T>(lsId: LsId, method: string, body: ReadBody, refused: string[] | null): Promise<{ value: T; server: ServerId }> {
    const snapshot = (await this.strong()).toString();
    const r = await this.location.callLeaderAt<T>(this.tenantId, lsId, method, { ...body, snapshot });
    if (!this.pins.has(lsId)) {
      this.pins.set(lsId, { server: r.server, snapshot, weak: false });
      const nowUs = this.options.weak?.nowUs();
      this.route(lsId, r.server, 'LEADER', 'FULL', snapshot, false, nowUs, refused ?? []);
    }
    return r;
  }

  private serverText(id: ServerId): string {
    const s = this.location.server(id);
    return s ? `${s.svrIp} (${s.zone})` : `server ${id}`;
  }

  /** Records who served the statement's reads of `lsId`. */
  private route(
    lsId: LsId, server: ServerId, role: 'LEADER' | 'FOLLOWER', replicaType: ReadRoute['replicaType'], readScn: string,
    weak: boolean, nowUs: number | undefined, refused: string[],
  ): void {
    const sink = this.options.routes;
    if (!sink) return;
    const info = this.location.server(server);
    const route: ReadRoute = { lsId, serverId: server, svrIp: info?.svrIp ?? '', role, replicaType, readScn, weak };
    if (info?.zone !== undefined) route.zone = info.zone;
    if (nowUs !== undefined) route.staleUs = Math.max(0, nowUs - Number(BigInt(readScn) / 1000n));
    if (refused.length > 0) route.note = `refused: ${refused.join('; ')}`;
    sink.push(route);
  }

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
      const body: Omit<DasScanBody, 'snapshot'> = {
        ...this.info(req.table, req.partition),
        ranges,
        columns: req.columns,
        txId: this.readTxId(),
        reverse: req.reverse ?? false,
        limit: Number.isFinite(remaining) ? remaining : null,
        epoch: this.epoch(req.partition.lsId),
      };
      const reply = (await this.read<DasScanReply>(req.partition.lsId, 'das.scan', { ...body })).value;
      if (req.stats && reply.stats) addScanStats(req.stats, reply.stats);
      const rows = reply.rows ?? decodeRows(reply.encoded!);
      if (rows.length > 0) yield rows;
      remaining -= rows.length;
      if (reply.resumeKey === null) return;
      ranges = resumeRanges(ranges, reply.resumeKey, req.reverse ?? false);
    }
  }

  async get(table: TableSchema, partition: PartitionSchema, keys: EncodedRowkey[]): Promise<(Value[] | null)[]> {
    const reply = (await this.read<{ rows?: (Value[] | null)[]; present?: number[]; encoded?: Uint8Array; served?: DasWeakServed }>(
      partition.lsId, 'das.get', {
        ...this.info(table, partition),
        keys,
        txId: this.readTxId(),
        epoch: this.epoch(partition.lsId),
      })).value;
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
      txId: this.readTxId(),
      epoch: this.epoch(req.partition.lsId),
    };
  }

  /** The transaction whose own writes a read overlays (none for a weak read: it cannot write). */
  private readTxId(): number | null {
    return this.options.weak ? null : (this.tx?.txId ?? null);
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
    // The scan opens on the leader (following it) or, weak, on the replica routing picks; its
    // cursor lives there, so later pages go there.
    const opened = await this.read<DasColumnScanReply>(req.partition.lsId, 'das.scanColumns', { ...base, cursor: null });
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
    const reply = (await this.read<DasAggregateReply>(req.partition.lsId, 'das.aggregate', {
      ...this.columnBody(req),
      groupBy: req.groupBy,
      aggs: toJson(req.aggs),
      residual: toJson(req.residual),
      nowUs: req.nowUs,
    })).value;
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
