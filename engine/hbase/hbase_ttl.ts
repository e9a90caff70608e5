/**
 * The HBase part of the tenant's TTL task (OceanBase's `ObTTLTask` on HBase family tables,
 * obkv-apis §2.5, doc "OBKV-HBase delete expired data"): physically deletes, on every partition of
 * every family table whose LS this server leads, the cells older than now − TimeToLive and the
 * versions beyond MaxVersions of each column (newest kept) — exactly the cells reads already hide
 * (hbase_read.ts), so a sweep never changes what a Get or Scan returns. Called by the table
 * service's TTL task (engine/table/ttl_task.ts) on ALTER SYSTEM TRIGGER TTL and on its duty.
 *
 * Invariants: one KV transaction per partition (its LS, 1PC on the local leader); deletes are
 * written in chunks after the partition was read, never while its scan is open.
 */
import type { LsId, TenantId } from '../common/ids';
import { isObError } from '../common/ob_error';
import type { Value } from '../common/value';
import { FULL_RANGE, type RowWrite } from '../sql/exec_context';
import { runKvTx, type KvServiceHost } from '../table/kv_tx';
import { COL_K, COL_Q, KQTV, cellKey, isFamilyTable, parseKvAttributes, rowTimestamp, type HFamily } from './hbase_model';

const DELETE_CHUNK_ROWS = 1000;

/** The cells of one tablet's rows (key order) that the sweep removes. */
export function expiredCells(rows: Value[][], maxVersions: number, oldestMs: number): Value[][] {
  const out: Value[][] = [];
  let k: Value = null;
  let q: Value = null;
  let kept = 0;
  for (const r of rows) {
    if (r[COL_K] !== k || r[COL_Q] !== q) {
      k = r[COL_K];
      q = r[COL_Q];
      kept = 0;
    }
    if (rowTimestamp(r) < oldestMs || kept >= maxVersions) out.push(r);
    else kept++;
  }
  return out;
}

/**
 * Deletes expired cells and extra versions on the partitions this server leads; returns the
 * number of cells deleted. A partition whose leadership moves meanwhile (OB_NOT_MASTER) or
 * whose transaction fails is skipped; the next run retries it.
 */
export async function runHBaseTtlTask(host: KvServiceHost, tenantId: number): Promise<number> {
  const schema = host.schema(tenantId);
  if (!schema) return 0;
  const nowMs = Math.floor(host.clock.nowUs() / 1000);
  let deleted = 0;
  for (const table of schema.allTables()) {
    if (!isFamilyTable(table)) continue;
    const a = parseKvAttributes(table.options.kvAttributes);
    if (a.ttlSeconds === null && a.maxVersions === null) continue;
    const fam: HFamily = {
      name: table.name,
      table,
      maxVersions: a.maxVersions ?? Infinity,
      ttlMs: a.ttlSeconds === null ? null : a.ttlSeconds * 1000,
      enabled: true,
      keyTypes: table.rowkey.map((i) => table.columns[i].type),
    };
    const oldestMs = fam.ttlMs === null ? -Infinity : nowMs - fam.ttlMs;
    for (const partition of table.partitions) {
      if (!host.isLocalLeader(tenantId, partition.lsId)) continue;
      try {
        deleted += await runKvTx(host, tenantId as TenantId, partition.lsId as LsId, true, async (das) => {
          const rows: Value[][] = [];
          for await (const batch of das.scan({ table, partition, ranges: [FULL_RANGE], columns: KQTV })) {
            for (const r of batch) rows.push(r);
          }
          const gone = expiredCells(rows, fam.maxVersions, oldestMs);
          for (let i = 0; i < gone.length; i += DELETE_CHUNK_ROWS) {
            const writes: RowWrite[] = gone.slice(i, i + DELETE_CHUNK_ROWS).map((r) => ({
              op: 'delete', key: cellKey(fam, r[COL_K] as string, r[COL_Q] as string, rowTimestamp(r)),
            }));
            await das.write(table, partition, writes);
          }
          return gone.length;
        });
      } catch (e) {
        if (!isObError(e)) throw e;
      }
    }
  }
  return deleted;
}
