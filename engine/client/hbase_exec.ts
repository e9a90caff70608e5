/**
 * OBKV-HBase calls of the routing client (HC `OHTable` over the table client): an HBase table is a
 * TABLEGROUP whose family tables `t$f` share partitioning, so a row's partition is computed from K
 * with any family table's entry (`partitionIndexOf` on K) and every `hbase.*` request names that
 * partition index and its LS. Puts/deletes of a list are grouped by partition (in order within a
 * partition, partitions concurrently); scans visit every partition and k-way merge by row so rows
 * come back in row order like HBase (descending when reversed), paging `HBASE_SCAN_PAGE_ROWS`
 * rows per request. Admin commands go to any live server and drop the cached routes of the table.
 */
import { HBASE_SCAN_PAGE_ROWS } from '../common/limits';
import type { HAdminReply, HCell, HGetReply, HMutateReply, HScanReply, HTableDescriptor } from '../hbase/types';
import { KV_METHODS } from '../table/types';
import { formatBytes } from '../common/binary';
import { partitionOfRowkey, partitionRule } from './partition_calc';
import type { TableEntry } from './route_cache';
import type { KvRouter } from './router';
import type { KvScriptHAdmin, KvScriptHMutation, KvScriptHRead, KvScriptHScan, KvScriptScanPage } from './script_api';
import { Errors } from '../common/ob_error';

/** What the client caches of one HBase table. */
interface HTableInfo {
  htable: string;
  database: string;
  families: string[];
  /** The entry of the first family table (partitioning and LS of each partition). */
  entry: TableEntry;
}

function partOfRow(entry: TableEntry, row: string): number {
  return partitionOfRowkey(entry, [{ name: 'K', value: row, inputType: 'VARBINARY' }]);
}

/** Merge state of one scan over every partition. */
interface PartStream {
  partIdx: number;
  rows: HCell[][];
  pos: number;
  more: boolean;
  started: boolean;
  afterRow: string | null;
}

interface ScanState {
  info: HTableInfo;
  spec: KvScriptHScan;
  streams: PartStream[];
  emitted: number;
  done: boolean;
  /** Reverse scan with an inclusive stop row: rows below it are dropped on the client. */
  floor: string | null;
}

function groupRows(cells: HCell[]): HCell[][] {
  const out: HCell[][] = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0].row === c.row) last.push(c);
    else out.push([c]);
  }
  return out;
}

export class HBaseExec {
  private readonly tables = new Map<string, HTableInfo>();
  private readonly scans = new Map<number, ScanState>();
  private nextCursor = 1;

  constructor(
    private readonly router: KvRouter,
    private readonly tenant: string,
    private readonly database: string,
  ) {}

  private dbOf(htable: string): string {
    const i = htable.indexOf(':');
    return i > 0 ? htable.slice(0, i) : this.database;
  }

  /** The HBase table's families and first family table entry (cached). Errors: -10523 unknown table. */
  private async info(htable: string): Promise<{ info: HTableInfo; hit: boolean }> {
    const hit = this.tables.get(htable);
    if (hit !== undefined) return { info: hit, hit: true };
    const reply = (await this.admin({ type: 'describe', htable })) as HAdminReply;
    const d = reply.descriptor as HTableDescriptor;
    if (!d || d.families.length === 0) throw Errors.kvHbaseTableNotExists(htable);
    const database = this.dbOf(htable);
    const families = d.families.map((f) => f.name);
    const entry = await this.router.routes.refresh(database, `${htable}$${families[0]}`);
    const info: HTableInfo = { htable, database, families, entry };
    this.tables.set(htable, info);
    return { info, hit: false };
  }

  private route(info: HTableInfo, entry: TableEntry, partIdx: number) {
    const p = entry.schema.partitions[partIdx];
    return {
      tenantId: entry.tenantId, database: info.database, schemaVersion: entry.schemaVersion,
      lsId: p.lsId, htable: info.htable, partitionIndex: partIdx,
    };
  }

  private describe(info: HTableInfo, what: string, row: string | null, partIdx: number) {
    return () => ({
      call: `hbase ${what} '${info.htable}'${row === null ? '' : ` '${formatBytes(row)}'`}`,
      rowkey: row === null ? null : formatBytes(row),
      partitionRule: row === null ? info.entry.partitionDesc : partitionRule(info.entry, [row], partIdx),
      htable: info.htable,
      table: info.families.map((f) => `${info.htable}$${f}`).join(', '),
    });
  }

  private async sendRow(method: string, info: HTableInfo, hit: boolean, row: string, what: string, body: Record<string, unknown>): Promise<unknown> {
    const partIdx = partOfRow(info.entry, row);
    const tracing = this.router.opts.onTrace !== undefined;
    const { value } = await this.router.send({
      method, entry: info.entry, cacheHit: hit,
      partIdx: (e) => (e === info.entry ? partIdx : partOfRow(e, row)),
      body: (e, p) => ({ ...this.route(info, e, p.index), row, ...body }),
      describe: tracing ? this.describe(info, what, row, partIdx) : undefined,
    });
    return value;
  }

  /** Mutations of rows (grouped by partition; in order within one). → one reply per mutation. */
  async mutate(htable: string, mutations: { row: string; mutation: KvScriptHMutation }[]): Promise<HMutateReply[]> {
    const { info, hit } = await this.info(htable);
    const out: HMutateReply[] = new Array(mutations.length);
    const groups = new Map<number, number[]>();
    mutations.forEach((m, i) => {
      const p = partOfRow(info.entry, m.row);
      const g = groups.get(p);
      if (g === undefined) groups.set(p, [i]);
      else g.push(i);
    });
    await Promise.all(
      [...groups.values()].map(async (idx) => {
        for (const i of idx) {
          const m = mutations[i];
          out[i] = (await this.sendRow(KV_METHODS.hbaseMutate, info, hit, m.row, m.mutation.type, { mutation: m.mutation })) as HMutateReply;
        }
      }),
    );
    return out;
  }

  /** Gets (concurrently). → the cells of each row. */
  async get(htable: string, gets: { row: string; read: KvScriptHRead; existsOnly: boolean }[]): Promise<HCell[][]> {
    const { info, hit } = await this.info(htable);
    return Promise.all(
      gets.map(async (g) => {
        const reply = (await this.sendRow(KV_METHODS.hbaseGet, info, hit, g.row, g.existsOnly ? 'exists' : 'get', {
          read: g.read, existsOnly: g.existsOnly,
        })) as HGetReply;
        return reply.cells;
      }),
    );
  }

  /** Starts a scan; caching 0 → every row at once. */
  async scan(htable: string, spec: KvScriptHScan): Promise<KvScriptScanPage> {
    const { info } = await this.info(htable);
    const parts = info.entry.schema.partitions.map((p) => p.index);
    const floor = spec.reversed && spec.stopInclusive && spec.stopRow !== '' ? spec.stopRow : null;
    const s: ScanState = {
      info, spec, emitted: 0, done: false, floor,
      streams: parts.map((partIdx) => ({ partIdx, rows: [], pos: 0, more: true, started: false, afterRow: null })),
    };
    const max = spec.caching > 0 ? spec.caching : Number.MAX_SAFE_INTEGER;
    const cells = await this.merge(s, max);
    if (s.done) return { cells, cursor: null };
    const id = this.nextCursor++;
    this.scans.set(id, s);
    return { cells, cursor: id };
  }

  async scanNext(cursor: number): Promise<KvScriptScanPage> {
    const s = this.scans.get(cursor);
    if (s === undefined) throw Errors.kvSessNotExist();
    const cells = await this.merge(s, s.spec.caching > 0 ? s.spec.caching : Number.MAX_SAFE_INTEGER);
    if (s.done) this.scans.delete(cursor);
    return { cells, cursor: s.done ? null : cursor };
  }

  scanClose(cursor: number): null {
    this.scans.delete(cursor);
    return null;
  }

  /** Emits up to `maxRows` rows in merged row order. */
  private async merge(s: ScanState, maxRows: number): Promise<HCell[]> {
    const out: HCell[] = [];
    let rows = 0;
    const rev = s.spec.reversed;
    while (rows < maxRows && !s.done) {
      const need = s.streams.filter((st) => st.pos >= st.rows.length && st.more);
      if (need.length > 0) await Promise.all(need.map((st) => this.fetchPage(s, st)));
      let best: PartStream | null = null;
      for (const st of s.streams) {
        if (st.pos >= st.rows.length) continue;
        if (best === null) best = st;
        else {
          const a = st.rows[st.pos][0].row;
          const b = best.rows[best.pos][0].row;
          if (rev ? a > b : a < b) best = st;
        }
      }
      if (best === null) {
        s.done = true;
        break;
      }
      const row = best.rows[best.pos++];
      if (s.floor !== null && row[0].row < s.floor) {
        s.done = true;
        break;
      }
      for (const c of row) out.push(c);
      rows++;
      s.emitted++;
      if (s.spec.limit >= 0 && s.emitted >= s.spec.limit) s.done = true;
    }
    return out;
  }

  private async fetchPage(s: ScanState, st: PartStream): Promise<void> {
    const { spec, info } = s;
    let stopRow = spec.stopRow;
    if (spec.stopInclusive && stopRow !== '') stopRow = spec.reversed ? stopRow.slice(0, -1) : `${stopRow}\x00`;
    const afterRow = st.started ? st.afterRow : !spec.startInclusive && spec.startRow !== '' ? spec.startRow : null;
    const tracing = this.router.opts.onTrace !== undefined;
    const { value } = await this.router.send({
      method: KV_METHODS.hbaseScan, entry: info.entry, cacheHit: st.started || this.tables.get(info.htable) === info,
      partIdx: () => st.partIdx,
      body: (e, p) => ({
        ...this.route(info, e, p.index), startRow: spec.startRow, stopRow, reversed: spec.reversed,
        read: spec.read, limitRows: HBASE_SCAN_PAGE_ROWS, afterRow,
      }),
      describe: tracing ? this.describe(info, 'scan', null, st.partIdx) : undefined,
    });
    const reply = value as HScanReply;
    st.started = true;
    st.rows = groupRows(reply.cells);
    st.pos = 0;
    st.more = reply.more && st.rows.length > 0;
    if (st.rows.length > 0) st.afterRow = st.rows[st.rows.length - 1][0].row;
  }

  /** An admin command on any live server; DDL drops the table's cached routes. */
  async admin(command: KvScriptHAdmin): Promise<HAdminReply> {
    const reply = (await this.router.routes.askAny(KV_METHODS.hbaseAdmin, {
      tenant: this.tenant, database: this.database, command,
    })) as HAdminReply;
    if ('htable' in command && command.type !== 'describe' && command.type !== 'exists' && command.type !== 'isEnabled') {
      this.tables.delete(command.htable);
      this.router.routes.invalidatePrefix(this.dbOf(command.htable), `${command.htable}$`);
    }
    return reply ?? {};
  }
}
