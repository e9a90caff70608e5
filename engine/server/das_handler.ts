/**
 * The server side of DAS (Data Access Service): scans, gets and writes of one tablet, executed on
 * the leader of the tablet's log stream, as OceanBase's DAS remote tasks run on the data's leader.
 *
 * Reads run at the caller's snapshot after `waitReadable` (no commit in flight at or below it) and
 * overlay the caller transaction's own buffered writes. Writes lock the row, check uniqueness
 * against the newest committed version and the transaction's own writes, and buffer the new row in
 * the LS's transaction context; they reach memtables only when the commit record is applied.
 * Rows cross the wire encoded with the row codec (bytes), never as object graphs. Column scans
 * and aggregate pushdown (`scanColumns`, `aggregate`) are in das_column.ts.
 *
 * Weak reads (issue #4, reference §3.7): a read whose body carries `weak` runs on whichever replica
 * it reached — leader, follower, READONLY or COLUMNSTORE — without leadership, at that replica's
 * readable SCN (weak_read.ts), or at the snapshot the statement pinned on its first page. A
 * replica whose readable SCN is older than the caller's `minReadScn` (now − max_stale_time), or
 * whose type the route policy excludes, answers OB_REPLICA_NOT_READABLE: the client tries the next
 * replica. The answer says who served and at which SCN (`served`). Weak reads never see a
 * transaction's buffered writes (a weak transaction cannot write).
 */
import { SCN_MAX, scn, type LsId, type Scn, type TabletId, type TenantId, type TxId } from '../common/ids';
import { DAS_SCAN_BATCH_ROWS } from '../common/limits';
import { Errors } from '../common/ob_error';
import { ByteReader, ByteWriter } from '../common/row_codec';
import { encodeRowkey, type EncodedRowkey } from '../common/rowkey';
import { valueToText, type ColumnType, type Value } from '../common/value';
import type { LogStream } from '../logstream/log_stream';
import type { ReplicaType } from './snapshot';
import { localReplicaType, policyAllows, replicaReadableScn, type RoutePolicy } from './weak_read';
import type { KeyRange, RowWrite } from '../sql/exec_context';
import { RowDecoder } from '../storage/row_decoder';
import { emptyScanStats, type ScanStats, type TabletStore } from '../storage/types';
import { batchOfRows } from '../sql/vector/column_vector';
import {
  aggsOf, classesOf, ColumnCursors, columnBatches, exprsOf, filterAndProject, partialAggregator, predicatesOf, skipIndexPartials,
  type DasAggregateReply, type DasColumnRequest, type DasColumnScanReply,
} from './das_column';

/** What a DAS request says about the table so the leader can build and check rowkeys. */
export interface DasTableInfo {
  tenantId: number;
  lsId: number;
  tabletId: number;
  /** Rowkey column indexes and types. */
  rowkey: number[];
  keyTypes: ColumnType[];
}

/**
 * Issue #4: the transaction's epoch on the LS — the proposal id of the leader that acknowledged its
 * first write there (null: none yet). A leader of another proposal id answers OB_TRANS_KILLED: the
 * transaction's writes died with the earlier leader's contexts.
 */
export interface DasEpoch {
  epoch?: number | null;
  /** Issue #4: present for a weak read (see the module comment); absent or null: strong. */
  weak?: DasWeakRead | null;
}

/** The weak-read part of a read request. */
export interface DasWeakRead {
  /** The server the request is addressed to (the replica reports its own type). */
  server: number;
  /** Oldest readable SCN the caller accepts (now − max_stale_time_for_weak_consistency), decimal. */
  minReadScn: string;
  /** The session's `ob_route_policy` (C replicas serve only under COLUMN_STORE_ONLY). */
  routePolicy: RoutePolicy;
}

/** Who served a weak read, in its answer. */
export interface DasWeakServed {
  /** The snapshot read at (decimal SCN). */
  readScn: string;
  role: 'LEADER' | 'FOLLOWER';
  replicaType: ReplicaType;
}

export interface DasScanBody extends DasTableInfo, DasEpoch {
  ranges: KeyRange[];
  columns: number[];
  snapshot: string;
  txId: number | null;
  reverse: boolean;
  limit: number | null;
}

export interface DasScanReply {
  /** Local calls get rows directly; remote calls get them encoded. */
  rows?: Value[][];
  encoded?: Uint8Array;
  /** Rowkey of the last row returned when more rows remain, else null. */
  resumeKey: EncodedRowkey | null;
  /** Microblocks read for this page (rowsScanned is counted by the caller). */
  stats?: ScanStats;
  /** Issue #4: set when served as a weak read. */
  served?: DasWeakServed;
}

/** `das.scanColumns`: open a column scan (`cursor` null), continue one, or close it (`close`). */
export interface DasColumnScanBody extends DasTableInfo, DasColumnRequest, DasEpoch {
  snapshot: string;
  txId: number | null;
  cursor: number | null;
  close?: boolean;
}

/** `das.aggregate`: partial aggregates of one tablet (sql/exec_context.ts DasAggregateRequest). */
export interface DasAggregateBody extends DasTableInfo, DasColumnRequest, DasEpoch {
  snapshot: string;
  txId: number | null;
  /** GROUP BY key positions in `columns`. */
  groupBy: number[];
  /** JSON of DasPartialAgg[] (arguments over positions in `columns`). */
  aggs: string;
  /** JSON of BoundExpr[]: filters storage does not evaluate. */
  residual: string;
  nowUs: number;
}

export interface DasWriteBody extends DasTableInfo, DasEpoch {
  txId: number;
  stmtSeq: number;
  /** The statement's read snapshot: a row committed after it was read stale (write conflict). */
  snapshot: string;
  /** Encoded RowWrite list (see encodeWrites); null when `localWrites` carries them. */
  writes: Uint8Array | null;
  /** The writes themselves, on a local call only (no encoding between the SQL layer and the LS). */
  localWrites?: RowWrite[];
}

export function encodeRows(rows: Value[][]): Uint8Array {
  const w = new ByteWriter(64 + rows.length * 32);
  w.varint(rows.length);
  for (const r of rows) w.row(r);
  return w.finish();
}

export function decodeRows(bytes: Uint8Array): Value[][] {
  const r = new RowDecoder(bytes, 'das reply');
  const n = r.varint();
  const out: Value[][] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = r.row();
  return out;
}

export function encodeWrites(writes: RowWrite[]): Uint8Array {
  const w = new ByteWriter(64 + writes.length * 32);
  w.varint(writes.length);
  for (const x of writes) {
    switch (x.op) {
      case 'insert':
        w.u8(0);
        w.row(x.row);
        break;
      case 'put':
        w.u8(1);
        w.row(x.row);
        break;
      case 'update':
        w.u8(2);
        w.key(x.key);
        w.row(x.row);
        break;
      case 'delete':
        w.u8(3);
        w.key(x.key);
        break;
    }
  }
  return w.finish();
}

export function decodeWrites(bytes: Uint8Array): RowWrite[] {
  const r = new ByteReader(bytes, 'das write');
  const n = r.varint();
  const out: RowWrite[] = [];
  for (let i = 0; i < n; i++) {
    const op = r.u8();
    if (op === 0) out.push({ op: 'insert', row: r.row() });
    else if (op === 1) out.push({ op: 'put', row: r.row() });
    else if (op === 2) out.push({ op: 'update', key: r.key(), row: r.row() });
    else if (op === 3) out.push({ op: 'delete', key: r.key() });
    else throw Errors.ioError(`bad DAS write op ${op}`);
  }
  return out;
}

export class DasHandler {
  private readonly cursors = new ColumnCursors();

  constructor(private readonly findLs: (tenantId: TenantId, lsId: LsId) => LogStream | undefined) {}

  /**
   * The local leader of the request's LS once its takeover is done, with the caller's transaction
   * epoch checked. Errors: `Errors.notMaster`; `Errors.txKilled` (the epoch names an earlier leader).
   */
  private async servingLs(info: DasTableInfo & DasEpoch): Promise<LogStream> {
    const ls = this.findLs(info.tenantId as TenantId, info.lsId as LsId);
    if (!ls || !ls.isLeader()) throw Errors.notMaster();
    await ls.whenLeaderReady();
    if (info.epoch !== undefined && info.epoch !== null && info.epoch !== ls.leaderEpoch) throw Errors.txKilled();
    return ls;
  }

  /**
   * The replica and snapshot a read runs at: for a strong read the serving leader at the caller's
   * snapshot (after in-flight commits at or below it); for a weak read this server's replica at its
   * readable SCN (or the statement's pinned snapshot, `body.snapshot` non-empty).
   * Errors: `Errors.notMaster` (no such replica here / not the leader), `Errors.txKilled`,
   * `Errors.replicaNotReadable` (weak: too stale, or excluded by the route policy).
   */
  private async readAt(body: DasTableInfo & DasEpoch & { snapshot: string }): Promise<{ ls: LogStream; snapshot: Scn; served?: DasWeakServed }> {
    const weak = body.weak;
    if (!weak) {
      const ls = await this.servingLs(body);
      const snapshot = scn(BigInt(body.snapshot)) as Scn;
      await ls.txMgr.waitReadable(snapshot);
      return { ls, snapshot };
    }
    const ls = this.findLs(body.tenantId as TenantId, body.lsId as LsId);
    if (!ls || ls.isStopped) throw Errors.notMaster();
    const leader = ls.isLeader();
    const replicaType = localReplicaType(ls, weak.server, body.tabletId);
    if (!leader && !policyAllows(weak.routePolicy, replicaType)) throw Errors.replicaNotReadable();
    const readable = replicaReadableScn(ls);
    const snapshot = body.snapshot === '' ? readable : (scn(BigInt(body.snapshot)) as Scn);
    if (readable < BigInt(weak.minReadScn) || readable < snapshot) throw Errors.replicaNotReadable();
    // On the leader, commits in flight at or below the snapshot finish first (a follower has none).
    await ls.txMgr.waitReadable(snapshot);
    return { ls, snapshot, served: { readScn: snapshot.toString(), role: leader ? 'LEADER' : 'FOLLOWER', replicaType } };
  }

  /** The caller transaction's buffered writes on a tablet (none for a weak read). */
  private overlayOf(ls: LogStream, body: DasEpoch & { txId: number | null; tabletId: number }) {
    if (body.weak || body.txId === null) return undefined;
    return ls.txMgr.buffered(body.txId as TxId, body.tabletId as TabletId);
  }

  private tablet(ls: LogStream, tabletId: number): TabletStore {
    const t = ls.tablets.get(tabletId as TabletId);
    if (!t) throw Errors.internal(`tablet ${tabletId} not found in LS ${ls.lsId}`);
    return t;
  }

  async scan(local: boolean, body: DasScanBody): Promise<DasScanReply> {
    const { ls, snapshot, served } = await this.readAt(body);
    const tablet = this.tablet(ls, body.tabletId);
    const overlay = this.overlayOf(ls, body);
    const limit = body.limit ?? Infinity;
    const rows: Value[][] = [];
    const stats = emptyScanStats();
    if (!overlay) {
      // Storage returns the requested columns plus any rowkey column missing from them (to resume
      // the next page); pages hold at most DAS_SCAN_BATCH_ROWS rows, local or remote.
      const extra = body.rowkey.filter((i) => !body.columns.includes(i));
      const storageColumns = extra.length === 0 ? body.columns : [...body.columns, ...extra];
      const pageMax = Math.min(limit, DAS_SCAN_BATCH_ROWS);
      let more = false;
      const ordered = body.reverse ? [...body.ranges].reverse() : body.ranges;
      outer: for (const range of ordered) {
        for (const batch of tablet.scan(range, snapshot, { reverse: body.reverse, columns: storageColumns, limit: body.limit ?? undefined, stats })) {
          for (const row of batch) {
            if (rows.length >= pageMax) {
              more = true;
              break outer;
            }
            rows.push(row);
          }
        }
      }
      const last = rows[rows.length - 1];
      const resumeKey = more && rows.length < limit
        ? encodeRowkey(body.rowkey.map((i) => last[storageColumns.indexOf(i)]), body.keyTypes)
        : null;
      if (extra.length > 0) for (const r of rows) r.length = body.columns.length;
      return local ? { rows, resumeKey, stats, served } : { encoded: encodeRows(rows), resumeKey, stats, served };
    }
    // With the transaction's own writes: merge storage rows with buffered rows by rowkey.
    const merged = this.mergeOverlay(tablet, body, snapshot, overlay);
    const slice = merged.slice(0, Math.min(limit, merged.length));
    const projected = slice.map((r) => body.columns.map((c) => r[c]));
    return local ? { rows: projected, resumeKey: null } : { encoded: encodeRows(projected), resumeKey: null };
  }

  /** The leader's tablet at the caller's snapshot, and the caller transaction's writes on it. */
  private async readTablet(body: DasTableInfo & DasEpoch & { snapshot: string; txId: number | null }) {
    const { ls, snapshot, served } = await this.readAt(body);
    const tablet = this.tablet(ls, body.tabletId);
    const overlay = this.overlayOf(ls, body);
    return { tablet, snapshot, overlay, served };
  }

  /** A column scan page (das_column.ts): rows of `columns` passing the storage predicates. */
  async scanColumns(local: boolean, body: DasColumnScanBody): Promise<DasColumnScanReply> {
    const reply = (page: { rows: Value[][]; cursor: number | null; stats: ScanStats }): DasColumnScanReply =>
      local ? page : { encoded: encodeRows(page.rows), cursor: page.cursor, stats: page.stats };
    if (body.cursor !== null) {
      if (body.close) {
        this.cursors.close(body.cursor);
        return { rows: [], cursor: null, stats: emptyScanStats() };
      }
      return reply(this.cursors.continue(body.cursor));
    }
    const { tablet, snapshot, overlay, served } = await this.readTablet(body);
    const predicates = predicatesOf(body.predicates);
    const classes = classesOf(body.columnTypes);
    const stats = emptyScanStats();
    if (served) {
      const it = columnBatches(tablet, body.ranges, snapshot, body.columns, predicates, classes, body.useColumnStore, stats);
      return { ...reply(this.cursors.page(it, stats)), served };
    }
    if (overlay) {
      const rows = this.mergeOverlay(tablet, body, snapshot, overlay);
      stats.rowsScanned = rows.length;
      return reply({ rows: filterAndProject(rows, body.columns, predicates, classes), cursor: null, stats });
    }
    const it = columnBatches(tablet, body.ranges, snapshot, body.columns, predicates, classes, body.useColumnStore, stats);
    return reply(this.cursors.page(it, stats));
  }

  /** Partial aggregates of one tablet (das_column.ts): one row per group. */
  async aggregate(local: boolean, body: DasAggregateBody): Promise<DasAggregateReply> {
    const { tablet, snapshot, overlay, served } = await this.readTablet(body);
    const predicates = predicatesOf(body.predicates);
    const classes = classesOf(body.columnTypes);
    const aggs = aggsOf(body.aggs);
    const residual = exprsOf(body.residual);
    const stats = emptyScanStats();
    const reply = (rows: Value[][]): DasAggregateReply => (local ? { rows, stats, served } : { encoded: encodeRows(rows), stats, served });
    if (!overlay && predicates.length === 0 && residual.length === 0 && body.groupBy.length === 0) {
      const rows = skipIndexPartials(tablet, body.ranges, snapshot, body, aggs, stats);
      if (rows !== null) return reply(rows);
    }
    const agg = partialAggregator(body.columnTypes, body.groupBy, aggs, residual, body.nowUs);
    if (overlay) {
      const rows = this.mergeOverlay(tablet, body, snapshot, overlay);
      stats.rowsScanned = rows.length;
      const kept = filterAndProject(rows, body.columns, predicates, classes);
      if (kept.length > 0) agg.addBatch(batchOfRows(kept, body.columns.map((_, p) => p)));
    } else {
      for (const b of columnBatches(tablet, body.ranges, snapshot, body.columns, predicates, classes, body.useColumnStore, stats)) agg.addBatch(b);
    }
    return reply(agg.rows());
  }

  private mergeOverlay(tablet: TabletStore, body: DasTableInfo & { ranges: KeyRange[]; reverse?: boolean }, snapshot: Scn, overlay: Map<EncodedRowkey, Value[] | null>): Value[][] {
    const byKey = new Map<EncodedRowkey, Value[] | null>();
    for (const range of body.ranges) {
      for (const batch of tablet.scan(range, snapshot, {})) {
        for (const row of batch) byKey.set(encodeRowkey(body.rowkey.map((i) => row[i]), body.keyTypes), row);
      }
    }
    for (const [k, row] of overlay) {
      if (body.ranges.some((r) => inRange(k, r))) byKey.set(k, row);
    }
    const keys = [...byKey.keys()].sort();
    if (body.reverse) keys.reverse();
    const out: Value[][] = [];
    for (const k of keys) {
      const r = byKey.get(k);
      if (r) out.push(r);
    }
    return out;
  }

  async get(local: boolean, body: DasTableInfo & DasEpoch & { keys: EncodedRowkey[]; snapshot: string; txId: number | null }) {
    const { ls, snapshot, served } = await this.readAt(body);
    const tablet = this.tablet(ls, body.tabletId);
    const overlay = this.overlayOf(ls, body);
    const rows = body.keys.map((k) => (overlay?.has(k) ? overlay.get(k)! : tablet.get(k, snapshot)));
    if (local) return { rows, served };
    const present = rows.map((r) => (r ? 1 : 0));
    return { present, encoded: encodeRows(rows.filter((r): r is Value[] => r !== null)), served };
  }

  /** Buffers the writes under row locks. Returns the LS's leader epoch (the coordinator keeps it). */
  async write(local: boolean, body: DasWriteBody): Promise<{ epoch: number }> {
    if (!local && body.localWrites) throw Errors.internal('local DAS writes from a remote server');
    const ls = await this.servingLs(body);
    const tablet = this.tablet(ls, body.tabletId);
    const epoch = ls.leaderEpoch!;
    // A write after an acknowledged one must find its context (else it died with an earlier leader).
    if (body.epoch !== undefined && body.epoch !== null && !ls.txMgr.ctx(body.txId as TxId)) throw Errors.txKilled();
    const existing = ls.txMgr.ctx(body.txId as TxId);
    if (existing && existing.state !== 'active') throw Errors.txKilled();
    const ctx = ls.txMgr.getOrCreate(body.txId as TxId);
    const tabletId = body.tabletId as TabletId;
    const keyOf = (row: Value[]) => encodeRowkey(body.rowkey.map((i) => row[i]), body.keyTypes);
    const exists = (key: EncodedRowkey) => {
      const own = ctx.writes.get(tabletId);
      if (own?.has(key)) return own.get(key) !== null;
      return tablet.get(key, SCN_MAX) !== null;
    };
    const snapshot = scn(BigInt(body.snapshot));
    /** The statement computed this row's new image from its snapshot: a newer commit makes it stale. */
    const checkNotChanged = (key: EncodedRowkey) => {
      if (ctx.writes.get(tabletId)?.has(key)) return; // locked by this transaction since then
      const latest = tablet.latestVersionScn(key);
      if (latest !== null && latest > snapshot) throw Errors.txSetViolation();
    };
    const dupText = (row: Value[]) => body.rowkey.map((i) => valueToText(row[i]) ?? 'NULL').join('-');
    const seq = body.stmtSeq;
    const mgr = ls.txMgr;
    const writes = body.localWrites ?? decodeWrites(body.writes ?? new Uint8Array(0));
    for (const w of writes) {
      switch (w.op) {
        case 'insert': {
          const key = keyOf(w.row);
          await mgr.lock(ctx, seq, tabletId, key);
          if (exists(key)) throw Errors.dupEntry(dupText(w.row));
          mgr.write(ctx, seq, tabletId, key, w.row);
          break;
        }
        case 'put': {
          const key = keyOf(w.row);
          await mgr.lock(ctx, seq, tabletId, key);
          mgr.write(ctx, seq, tabletId, key, w.row);
          break;
        }
        case 'update': {
          const newKey = keyOf(w.row);
          await mgr.lock(ctx, seq, tabletId, w.key);
          checkNotChanged(w.key);
          if (newKey === w.key) {
            mgr.write(ctx, seq, tabletId, w.key, w.row);
            break;
          }
          mgr.write(ctx, seq, tabletId, w.key, null);
          await mgr.lock(ctx, seq, tabletId, newKey);
          if (exists(newKey)) throw Errors.dupEntry(dupText(w.row));
          mgr.write(ctx, seq, tabletId, newKey, w.row);
          break;
        }
        case 'delete': {
          await mgr.lock(ctx, seq, tabletId, w.key);
          checkNotChanged(w.key);
          mgr.write(ctx, seq, tabletId, w.key, null);
          break;
        }
      }
    }
    return { epoch };
  }
}

function inRange(k: EncodedRowkey, r: KeyRange): boolean {
  const afterStart = r.startInclusive ? k >= r.start : k > r.start;
  const beforeEnd = r.endInclusive ? k <= r.end : k < r.end;
  return afterStart && beforeEnd;
}
