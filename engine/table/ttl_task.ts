/**
 * The tenant's KV TTL task on one server (OceanBase's `ObTTLService` / `ObTenantTabletTTLMgr`,
 * reference obkv-apis §1.10 and §2.5): physically deletes the expired rows of OBKV TTL tables on
 * the tablets whose LS this server leads, and runs the HBase part (`runHBaseTtlTask`: cells past
 * TimeToLive / beyond MaxVersions) in the same task.
 *
 * Triggered by `ALTER SYSTEM TRIGGER TTL` (the `table.ttl.trigger` RPC, answered once the run is
 * done) and, while the tenant's `enable_kv_ttl` is true, every `KV_TTL_DUTY_INTERVAL_US` of server
 * time. Deletion runs in KV transactions on the local leader, at most `KV_TTL_DELETE_BATCH_ROWS`
 * rows per transaction. A tenant runs at most one task at a time (a trigger during a run joins
 * it). Each run is counted for a DBA_OB_KV_TTL_TASKS-like summary (`history`).
 */
import type { TenantId, LsId } from '../common/ids';
import { isObError } from '../common/ob_error';
import type { PartitionSchema } from '../schema/schema';
import { FULL_RANGE } from '../sql/exec_context';
import { runHBaseTtlTask } from '../hbase/hbase_ttl';
import { runKvTx, type KvServiceHost } from './kv_tx';
import { tableMeta, type TableMeta } from './table_meta';
import { expiryTest } from './ttl';

/** Period of the scheduled TTL duty while `enable_kv_ttl` is true (µs of server time). */
export const KV_TTL_DUTY_INTERVAL_US = 5_000_000;
/** Rows deleted per KV transaction of the TTL task. */
export const KV_TTL_DELETE_BATCH_ROWS = 1000;
const HISTORY_MAX = 100;

/** One finished run of the TTL task on this server (one tenant). */
export interface KvTtlTaskRecord {
  tenantId: number;
  taskId: number;
  trigger: 'USER' | 'PERIODIC';
  startUs: number;
  endUs: number;
  /** TTL table tablets led here that were swept. */
  tablets: number;
  scannedRows: number;
  deletedRows: number;
  /** Cells removed by the HBase part. */
  hbaseDeletedCells: number;
  status: 'FINISHED' | 'FAILED';
  error?: string;
}

export class KvTtlTask {
  private readonly running = new Map<number, Promise<KvTtlTaskRecord>>();
  private nextTaskId = 1;
  readonly history: KvTtlTaskRecord[] = [];

  constructor(private readonly host: KvServiceHost) {}

  /** Runs the task for `tenantId` (or joins the running one) and resolves with its record. */
  trigger(tenantId: number, trigger: KvTtlTaskRecord['trigger'] = 'USER'): Promise<KvTtlTaskRecord> {
    let p = this.running.get(tenantId);
    if (!p) {
      p = this.run(tenantId, trigger).finally(() => this.running.delete(tenantId));
      this.running.set(tenantId, p);
    }
    return p;
  }

  /** The scheduled duty: every tenant with `enable_kv_ttl = true` gets a run. */
  duty(tenantIds: readonly number[]): void {
    for (const t of tenantIds) {
      if ((this.host.parameter(t, 'enable_kv_ttl') ?? 'false').toLowerCase() !== 'true') continue;
      if (this.running.has(t)) continue;
      void this.trigger(t, 'PERIODIC').catch(() => {});
    }
  }

  private async run(tenantId: number, trigger: KvTtlTaskRecord['trigger']): Promise<KvTtlTaskRecord> {
    const rec: KvTtlTaskRecord = {
      tenantId, taskId: this.nextTaskId++, trigger, startUs: this.host.clock.nowUs(), endUs: 0,
      tablets: 0, scannedRows: 0, deletedRows: 0, hbaseDeletedCells: 0, status: 'FINISHED',
    };
    try {
      const schema = this.host.schema(tenantId);
      for (const table of schema?.allTables() ?? []) {
        if (!table.options.ttl) continue;
        const meta = tableMeta(table);
        for (const p of table.partitions) {
          if (!this.host.isLocalLeader(tenantId, p.lsId)) continue;
          rec.tablets++;
          await this.purgeTablet(tenantId, meta, p, rec);
        }
      }
      rec.hbaseDeletedCells = await runHBaseTtlTask(this.host, tenantId);
    } catch (e) {
      if (!isObError(e)) throw e;
      rec.status = 'FAILED';
      rec.error = e.message;
    }
    rec.endUs = this.host.clock.nowUs();
    this.history.push(rec);
    if (this.history.length > HISTORY_MAX) this.history.shift();
    return rec;
  }

  /** Deletes the tablet's expired rows, `KV_TTL_DELETE_BATCH_ROWS` per transaction. */
  private async purgeTablet(tenantId: number, meta: TableMeta, partition: PartitionSchema, rec: KvTtlTaskRecord): Promise<void> {
    const table = meta.table;
    for (;;) {
      const deleted = await runKvTx(this.host, tenantId as TenantId, partition.lsId as LsId, true, async (das) => {
        const expired = expiryTest(meta, this.host.clock.nowUs())!;
        const keys: string[] = [];
        scan: for await (const batch of das.scan({ table, partition, ranges: [FULL_RANGE], columns: meta.allColumns })) {
          for (const row of batch) {
            rec.scannedRows++;
            if (!expired(row)) continue;
            keys.push(meta.keyOfRow(row));
            if (keys.length >= KV_TTL_DELETE_BATCH_ROWS) break scan;
          }
        }
        if (keys.length > 0) await das.write(table, partition, keys.map((key) => ({ op: 'delete' as const, key })));
        return keys.length;
      });
      rec.deletedRows += deleted;
      if (deleted < KV_TTL_DELETE_BATCH_ROWS) return;
    }
  }
}
