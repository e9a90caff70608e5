/**
 * Test support for the HBase service: an in-process cluster on a `VirtualClock` and a tiny
 * routing client — `table.route` of the family table `t$f`, the partition of a row by
 * `partitionIndexOf`, the call to that LS's leader — so the service is exercised through
 * `kvCall` exactly as the real client (engine/client/, H4) will call it. Node-only (pumped).
 */
import { fromJson } from '../../common/json';
import { ObError, type ObErrorInfo } from '../../common/ob_error';
import { VirtualClock } from '../../env/memory';
import { partitionIndexOf } from '../../schema/partition';
import type { TableSchema } from '../../schema/schema';
import type { WireResult } from '../../server/api';
import { LocalCluster } from '../../server/local_cluster';
import { pumped } from '../../server/test/virtual_time';
import { KV_METHODS, type KvReply, type TableRouteReply } from '../../table/types';
import { runHBaseTtlTask } from '../hbase_ttl';
import type {
  HAdminCommand, HAdminReply, HCell, HGetReply, HMutateReply, HMutation, HReadSpec, HScanReply,
} from '../types';

export const READ_ALL: HReadSpec = { columns: [], maxVersions: 1, timeRange: null, timestamp: null, filter: null };

export class HBaseHarness {
  private constructor(readonly cluster: LocalCluster, readonly clock: VirtualClock) {}

  static async start(seed = 7): Promise<HBaseHarness> {
    const clock = new VirtualClock();
    const cluster = await pumped(clock, LocalCluster.start({ clock, seed }));
    return new HBaseHarness(cluster, clock);
  }

  async stop(): Promise<void> {
    await pumped(this.clock, this.cluster.stop());
  }

  /** Virtual wall time now, ms. */
  nowMs(): number {
    return Math.floor(this.clock.nowUs() / 1000);
  }

  /** Lets `ms` of virtual time pass. */
  async sleep(ms: number): Promise<void> {
    const until = this.clock.nowUs() + ms * 1000;
    await pumped(this.clock, new Promise<void>((resolve) => this.clock.schedule(until - this.clock.nowUs(), resolve)));
  }

  async call<T>(server: number, method: string, body: unknown): Promise<T> {
    const reply: KvReply = await pumped(this.clock, this.cluster.kvTransport().call(server, method, body));
    if (!reply.ok) throw ObError.fromInfo(reply.error);
    return reply.value as T;
  }

  /** The ObErrorInfo a call fails with (throws when it succeeds). */
  async callError(server: number, method: string, body: unknown): Promise<ObErrorInfo> {
    const reply: KvReply = await pumped(this.clock, this.cluster.kvTransport().call(server, method, body));
    if (reply.ok) throw new Error(`${method} succeeded: ${JSON.stringify(reply.value)}`);
    return reply.error;
  }

  admin(command: HAdminCommand, server = 1, database = 'test'): Promise<HAdminReply> {
    return this.call(server, KV_METHODS.hbaseAdmin, { tenant: 'test', database, command });
  }

  /** Route of `row` of HBase table `htable` whose family `family` exists. */
  async route(htable: string, family: string, row: string, database = 'test') {
    const colon = htable.indexOf(':');
    const db = colon < 0 ? database : htable.slice(0, colon);
    const r = await this.call<TableRouteReply>(1, KV_METHODS.route, { tenant: 'test', database: db, table: `${htable}$${family}` });
    const table = fromJson<TableSchema>(r.schemaJson);
    const partitionIndex = partitionIndexOf(table, [row]);
    const lsId = table.partitions[partitionIndex].lsId as number;
    const leader = r.locations.find((l) => l.lsId === lsId)!.leader!;
    return {
      leader,
      stamp: { tenantId: r.tenantId, database, htable, schemaVersion: table.schemaVersion, lsId, partitionIndex },
      table,
    };
  }

  async mutate(htable: string, family: string, row: string, mutation: HMutation): Promise<HMutateReply> {
    const r = await this.route(htable, family, row);
    return this.call(r.leader, KV_METHODS.hbaseMutate, { ...r.stamp, row, mutation });
  }

  async put(htable: string, row: string, family: string, qualifier: string, value: string, timestamp: number | null = null): Promise<void> {
    await this.mutate(htable, family, row, { type: 'put', cells: [{ family, qualifier, timestamp, value }] });
  }

  async get(htable: string, family: string, row: string, read: Partial<HReadSpec> = {}, existsOnly = false): Promise<HCell[]> {
    const r = await this.route(htable, family, row);
    const reply = await this.call<HGetReply>(r.leader, KV_METHODS.hbaseGet, { ...r.stamp, row, read: { ...READ_ALL, ...read }, existsOnly });
    return reply.cells;
  }

  /**
   * Scans every partition page by page and merges rows like the client does (row order, reverse
   * when reversed): the cells of all rows in scan order.
   */
  async scan(
    htable: string, family: string,
    opts: { startRow?: string; stopRow?: string; reversed?: boolean; read?: Partial<HReadSpec>; pageRows?: number } = {},
  ): Promise<HCell[]> {
    const probe = await this.route(htable, family, '');
    const rows: { row: string; cells: HCell[] }[] = [];
    for (let pi = 0; pi < probe.table.partitions.length; pi++) {
      const lsId = probe.table.partitions[pi].lsId as number;
      const r = await this.call<TableRouteReply>(1, KV_METHODS.route, { tenant: 'test', database: 'test', table: `${htable}$${family}` });
      const leader = r.locations.find((l) => l.lsId === lsId)!.leader!;
      let afterRow: string | null = null;
      for (;;) {
        const reply: HScanReply = await this.call<HScanReply>(leader, KV_METHODS.hbaseScan, {
          ...probe.stamp, lsId, partitionIndex: pi,
          startRow: opts.startRow ?? '', stopRow: opts.stopRow ?? '', reversed: opts.reversed ?? false,
          read: { ...READ_ALL, ...opts.read }, limitRows: opts.pageRows ?? 100, afterRow,
        });
        for (const c of reply.cells) {
          if (rows.length === 0 || rows[rows.length - 1].row !== c.row) rows.push({ row: c.row, cells: [] });
          rows[rows.length - 1].cells.push(c);
        }
        if (!reply.more || reply.cells.length === 0) break;
        afterRow = reply.cells[reply.cells.length - 1].row;
      }
    }
    rows.sort((a, b) => (a.row < b.row ? -1 : a.row > b.row ? 1 : 0));
    if (opts.reversed) rows.reverse();
    return rows.flatMap((r) => r.cells);
  }

  /** The HBase TTL sweep on every server (each deletes on the partitions it leads); cells deleted. */
  async sweep(tenantId: number): Promise<number> {
    let deleted = 0;
    for (const s of this.cluster.servers) deleted += await pumped(this.clock, runHBaseTtlTask(s.kvHost(), tenantId));
    return deleted;
  }

  /** Runs SQL on server 1 as root of tenant `test`; the last statement's rows. */
  async sql(text: string, database = 'test'): Promise<(string | null)[][]> {
    const s = this.cluster.server(1);
    const id = await pumped(this.clock, s.openSession({ tenant: 'test', database }));
    try {
      const reply = await pumped(this.clock, s.execute(id, text));
      if (reply.error) throw new Error(`${text}: ERROR ${reply.error.mysqlCode} ${reply.error.message}`);
      const results: WireResult[] = reply.results;
      return results[results.length - 1].rows;
    } finally {
      await pumped(this.clock, s.closeSession(id));
    }
  }
}

/** `[qualifier, timestamp, value]` triples of cells, for compact expectations. */
export function qtv(cells: HCell[]): [string, number, string][] {
  return cells.map((c) => [c.qualifier, c.timestamp, c.value]);
}
