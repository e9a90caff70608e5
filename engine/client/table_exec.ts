/**
 * OBKV-Table calls of the routing client (JC `ObTableClient`): single-row operations routed by
 * rowkey; batches split by tablet, the parts sent concurrently and the results re-assembled in
 * request order (an atomic batch across partitions is refused on the client, as JC's
 * `ObTablePartitionConsistentException`); queries over the partitions their ranges can touch,
 * visited in partition order (reverse for a reverse scan) with offset/limit counted across them
 * (the playground's choice — UNCONFIRMED in the reference), streamed through server query
 * sessions when a batch size is set; aggregations on one partition only (-4007 otherwise).
 */
import { Errors, OB_ERROR_NAMES, formatKvError, type ObErrorInfo } from '../common/ob_error';
import {
  KV_METHODS, type KvColumnValue, type KvScanRange, type KvValue, type TableAggregateReply, type TableBatchItem,
  type TableOpResult, type TableOperation, type TableQueryReply, type TableQuerySpec,
} from '../table/types';
import type { Row, Value } from './kv_api_types';
import { partitionKeyValues, partitionOfRowkey, partitionRule, partitionsForRanges, type WireRange } from './partition_calc';
import type { TableEntry } from './route_cache';
import type { KvRouter } from './router';
import { ObTableException, type KvScriptAgg, type KvScriptError, type KvScriptOp, type KvScriptQuery, type KvScriptQueryPage } from './script_api';
import { binaryPositions, formatKey, fromWireRow, fromWireRows, toWire, toWireRange } from './wire_values';

/** Looks up (or fetches) a table entry: `hit` tells whether it came from the cache. */
export type EntryLookup = (table: string) => { entry: TableEntry; hit: boolean } | Promise<{ entry: TableEntry; hit: boolean }>;

/** JC's ObTablePartitionConsistentException text for an atomic batch spanning partitions. */
export const ATOMIC_BATCH_ACROSS_PARTITIONS = 'require atomic operation but found across partition may cause consistent problem ';

function stamp(entry: TableEntry, tabletId: number, lsId: number) {
  return { tenantId: entry.tenantId, database: entry.database, table: entry.name, schemaVersion: entry.schemaVersion, tabletId, lsId };
}

/** A script operation on the wire. Errors: -10510 when the rowkey has the wrong column count. */
export function wireOp(entry: TableEntry, op: KvScriptOp): TableOperation {
  const names = entry.rowkeyNames;
  if (op.rowkey.length !== names.length) throw Errors.kvRowkeyCountNotMatch(names.length, op.rowkey.length);
  const rowkey = new Array<KvColumnValue>(names.length);
  for (let i = 0; i < names.length; i++) rowkey[i] = toWire(names[i], op.rowkey[i]);
  const isRead = op.type === 'get';
  const values = isRead || op.type === 'delete' ? [] : op.columns.map((c, i) => toWire(c, op.values[i]));
  return { type: op.type, rowkey, values, selectColumns: isRead ? op.columns : [], withResult: op.withResult, filter: null };
}

/** The script-level result of one operation: a Row for get/increment/append, else affected rows. */
function opResult(entry: TableEntry, type: TableOperation['type'], r: TableOpResult): number | Row {
  if (type === 'get' || type === 'increment' || type === 'append') {
    return r.row ? fromWireRow(r.row, entry.binaryColumns) : {};
  }
  return r.affectedRows;
}

function scriptError(e: ObErrorInfo): KvScriptError {
  return { code: e.obCode, errorName: OB_ERROR_NAMES[e.obCode] ?? '', message: formatKvError(e) };
}

export class TableExec {
  constructor(
    private readonly router: KvRouter,
    private readonly lookup: EntryLookup,
  ) {}

  /** One single-row operation (legacy API). */
  async op(table: string, op: KvScriptOp): Promise<number | Row> {
    let found = this.lookup(table);
    if (found instanceof Promise) found = await found;
    const { entry, hit } = found;
    const w = wireOp(entry, op);
    const tracing = this.router.opts.onTrace !== undefined;
    const { value } = await this.router.send({
      method: KV_METHODS.execute,
      entry,
      cacheHit: hit,
      partIdx: (e) => partitionOfRowkey(e, w.rowkey),
      body: (e, p) => ({ ...stamp(e, p.tabletId, p.lsId), op: w }),
      describe: tracing ? () => this.describeRow(entry, table, op.type, op.rowkey, w.rowkey) : undefined,
    });
    return opResult(entry, w.type, value as TableOpResult);
  }

  private describeRow(entry: TableEntry, table: string, type: string, rowkey: Value[], wire: KvColumnValue[]) {
    const key = formatKey(rowkey);
    let rule: string | null = null;
    if (entry.schema.partitionScheme !== null) {
      const keys = partitionKeyValues(entry, wire);
      rule = partitionRule(entry, keys, partitionOfRowkey(entry, wire));
    }
    return { call: `${type}('${table}', ${key})`, rowkey: key, partitionRule: rule };
  }

  /** A batch: split by partition, parts run concurrently, results in request order. */
  async batch(table: string, ops: KvScriptOp[], atomic: boolean): Promise<({ ok: true; value: number | Row } | { ok: false; error: KvScriptError })[]> {
    const { entry, hit } = await this.lookup(table);
    const results: ({ ok: true; value: number | Row } | { ok: false; error: KvScriptError })[] = new Array(ops.length);
    const groups = new Map<number, { idx: number[]; ops: TableOperation[] }>();
    for (let i = 0; i < ops.length; i++) {
      let w: TableOperation;
      let p: number;
      try {
        w = wireOp(entry, ops[i]);
        p = partitionOfRowkey(entry, w.rowkey);
      } catch (e) {
        if (atomic) throw e;
        results[i] = { ok: false, error: scriptError(e as ObErrorInfo) };
        continue;
      }
      let g = groups.get(p);
      if (g === undefined) groups.set(p, (g = { idx: [], ops: [] }));
      g.idx.push(i);
      g.ops.push(w);
    }
    if (atomic && groups.size > 1) throw ObTableException.of(-4007, 'OB_NOT_SUPPORTED', ATOMIC_BATCH_ACROSS_PARTITIONS);
    const tracing = this.router.opts.onTrace !== undefined;
    await Promise.all(
      [...groups].map(async ([p, g]) => {
        const { value } = await this.router.send({
          method: KV_METHODS.batch,
          entry,
          cacheHit: hit,
          partIdx: (e) => (e === entry ? p : partitionOfRowkey(e, g.ops[0].rowkey)),
          body: (e, part) => ({ ...stamp(e, part.tabletId, part.lsId), ops: g.ops, atomic }),
          describe: tracing
            ? () => ({
                call: `batch('${table}') ${g.ops.length} op(s) → ${entry.schema.partitions[p]?.name ?? 'p0'}`,
                rowkey: g.idx.map((i) => formatKey(ops[i].rowkey)).join(', '),
                partitionRule: entry.schema.partitionScheme === null ? null : partitionRule(entry, partitionKeyValues(entry, g.ops[0].rowkey), p),
              })
            : undefined,
        });
        const items = value as (TableBatchItem | TableOpResult)[];
        g.idx.forEach((reqIdx, j) => {
          const it = items[j];
          if (it !== undefined && 'ok' in it) {
            results[reqIdx] = it.ok ? { ok: true, value: opResult(entry, g.ops[j].type, it.result) } : { ok: false, error: scriptError(it.error) };
          } else {
            results[reqIdx] = { ok: true, value: opResult(entry, g.ops[j].type, (it ?? { affectedRows: 0 }) as TableOpResult) };
          }
        });
      }),
    );
    return results;
  }

  // ------------------------------------------------------------------------------ queries

  private nextCursor = 1;
  private readonly cursors = new Map<number, QueryCursor>();

  /** Starts a query; batchSize 0 → every row at once (cursor null). */
  async query(table: string, q: KvScriptQuery, batchSize: number): Promise<KvScriptQueryPage> {
    const { entry, hit } = await this.lookup(table);
    const { spec, parts } = this.plan(entry, q);
    const ordered = q.reverse ? [...parts].reverse() : parts;
    const single = ordered.length <= 1;
    const c: QueryCursor = {
      entry, hit, table, spec, parts: ordered, i: 0, sessionId: null, serverId: -1, batchSize,
      skip: single ? 0 : q.offset, remaining: q.limit < 0 ? -1 : single ? q.limit : q.limit,
      columns: null, binIdx: [], perPartLimit: q.limit < 0 ? -1 : q.offset + q.limit, single,
    };
    if (batchSize <= 0) {
      const rows: Value[][] = [];
      while (!this.cursorDone(c)) for (const r of await this.fetch(c)) rows.push(r);
      return { columns: c.columns ?? this.defaultColumns(entry, q), rows, cursor: null };
    }
    const page = await this.page(c);
    if (page.cursor !== null) {
      const id = this.nextCursor++;
      this.cursors.set(id, c);
      page.cursor = id;
    }
    if (page.columns.length === 0) page.columns = this.defaultColumns(entry, q);
    return page;
  }

  /** The next page of a streaming query. Errors: -10524 when the cursor is unknown (closed). */
  async queryNext(cursor: number): Promise<KvScriptQueryPage> {
    const c = this.cursors.get(cursor);
    if (c === undefined) throw Errors.kvSessNotExist();
    const page = await this.page(c);
    if (page.cursor === null) this.cursors.delete(cursor);
    else page.cursor = cursor;
    return page;
  }

  async queryClose(cursor: number): Promise<null> {
    const c = this.cursors.get(cursor);
    this.cursors.delete(cursor);
    if (c !== undefined) await this.closeSession(c);
    return null;
  }

  private defaultColumns(entry: TableEntry, q: KvScriptQuery): string[] {
    return q.select.length > 0 ? q.select : entry.schema.columns.filter((col) => !col.hidden).map((col) => col.name);
  }

  /** The wire spec and the partitions (ascending) a query touches. */
  private plan(entry: TableEntry, q: KvScriptQuery): { spec: TableQuerySpec; parts: number[] } {
    const ranges: KvScanRange[] = q.ranges.map((r) => ({
      start: r.start.map(toWireRange), startInclusive: r.startInclusive, end: r.end.map(toWireRange), endInclusive: r.endInclusive,
    }));
    const onIndex = q.indexName !== null && q.indexName.toUpperCase() !== 'PRIMARY';
    let positions: number[] | null = null;
    if (!onIndex) {
      const lower = entry.rowkeyNames.map((n) => n.toLowerCase());
      const cols = q.scanRangeColumns.length > 0 ? q.scanRangeColumns.map((c) => lower.indexOf(c.toLowerCase())) : lower.map((_, i) => i);
      positions = cols.every((p) => p >= 0) ? cols : null;
    }
    const inputTypes = q.ranges.map((r) => r.start.map((v) => (typeof v === 'string' ? 'VARCHAR' as const : 'BIGINT' as const)));
    const parts = partitionsForRanges(entry, ranges as WireRange[], positions, inputTypes);
    const spec: TableQuerySpec = {
      ranges, scanRangeColumns: q.scanRangeColumns, select: q.select, indexName: q.indexName,
      reverse: q.reverse, limit: q.limit, offset: q.offset, filter: q.filter,
    };
    return { spec, parts };
  }

  private cursorDone(c: QueryCursor): boolean {
    return c.remaining === 0 || (c.i >= c.parts.length && c.sessionId === null);
  }

  /** One page of rows (at least one row unless the query is done). */
  private async page(c: QueryCursor): Promise<KvScriptQueryPage> {
    let rows: Value[][] = [];
    while (rows.length === 0 && !this.cursorDone(c)) rows = await this.fetch(c);
    if (c.remaining === 0) await this.closeSession(c);
    return { columns: c.columns ?? [], rows, cursor: this.cursorDone(c) ? null : 0 };
  }

  /** Fetches the next reply (a partition's first page or a session's next page), skip/limit applied. */
  private async fetch(c: QueryCursor): Promise<Value[][]> {
    let reply: TableQueryReply;
    const tracing = this.router.opts.onTrace !== undefined;
    if (c.sessionId !== null) {
      const partIdx = c.parts[c.i - 1];
      const { value } = await this.router.send({
        method: KV_METHODS.queryNext, entry: c.entry, cacheHit: true, partIdx: () => partIdx, pinnedServer: c.serverId,
        body: (e) => ({ tenantId: e.tenantId, sessionId: c.sessionId }),
        describe: tracing ? () => ({ call: `query('${c.table}') next`, rowkey: null, partitionRule: null }) : undefined,
      });
      reply = value as TableQueryReply;
    } else {
      const partIdx = c.parts[c.i++];
      const spec = c.single ? c.spec : { ...c.spec, offset: 0, limit: c.perPartLimit };
      const hit = c.hit;
      c.hit = true;
      const { value, serverId } = await this.router.send({
        method: KV_METHODS.query, entry: c.entry, cacheHit: hit, partIdx: () => partIdx,
        body: (e, p) => ({ ...stamp(e, p.tabletId, p.lsId), query: spec, batchSize: c.batchSize }),
        describe: tracing
          ? () => ({ call: `query('${c.table}') ${c.entry.schema.partitions[partIdx]?.name ?? 'p0'}`, rowkey: null, partitionRule: c.entry.partitionDesc })
          : undefined,
      });
      c.serverId = serverId;
      reply = value as TableQueryReply;
    }
    c.sessionId = reply.sessionId;
    if (c.columns === null) {
      c.columns = reply.columns;
      c.binIdx = binaryPositions(reply.columns, c.entry.binaryColumns);
    }
    let rows = reply.rows as KvValue[][];
    if (c.skip > 0) {
      const n = Math.min(c.skip, rows.length);
      c.skip -= n;
      rows = rows.slice(n);
    }
    if (c.remaining >= 0) {
      if (rows.length > c.remaining) rows = rows.slice(0, c.remaining);
      c.remaining -= rows.length;
    }
    return fromWireRows(rows, c.binIdx);
  }

  private async closeSession(c: QueryCursor): Promise<void> {
    if (c.sessionId === null) return;
    const sessionId = c.sessionId;
    c.sessionId = null;
    try {
      await this.router.transport.call(c.serverId, KV_METHODS.queryClose, { tenantId: c.entry.tenantId, sessionId });
    } catch {
      // The server is gone: its sessions went with it.
    }
  }

  /** An aggregation on the single partition its ranges touch. Errors: -4007 over several partitions. */
  async aggregate(table: string, q: KvScriptQuery, aggs: KvScriptAgg[]): Promise<Record<string, Value>> {
    const { entry, hit } = await this.lookup(table);
    const { spec, parts } = this.plan(entry, q);
    if (parts.length > 1) throw Errors.notSupported('aggregation over more than one partition is');
    const partIdx = parts[0] ?? 0;
    const tracing = this.router.opts.onTrace !== undefined;
    const { value } = await this.router.send({
      method: KV_METHODS.aggregate, entry, cacheHit: hit, partIdx: () => partIdx,
      body: (e, p) => ({ ...stamp(e, p.tabletId, p.lsId), query: spec, aggs }),
      describe: tracing ? () => ({ call: `aggregate('${table}')`, rowkey: null, partitionRule: entry.partitionDesc }) : undefined,
    });
    return (value as TableAggregateReply).values as Record<string, Value>;
  }
}

interface QueryCursor {
  entry: TableEntry;
  hit: boolean;
  table: string;
  spec: TableQuerySpec;
  /** Partition indexes in visiting order. */
  parts: number[];
  /** Next partition to start (position in `parts`). */
  i: number;
  sessionId: number | null;
  serverId: number;
  batchSize: number;
  /** Rows still to skip (multi-partition offset). */
  skip: number;
  /** Rows still to return (-1: unlimited). */
  remaining: number;
  /** offset + limit asked of each partition when several are visited (-1: unlimited). */
  perPartLimit: number;
  single: boolean;
  columns: string[] | null;
  binIdx: number[];
}
