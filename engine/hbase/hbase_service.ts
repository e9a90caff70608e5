/**
 * The OBKV-HBase service of one OBServer (OceanBase's HTable handlers in `src/observer/table/`,
 * obkv-apis §2): `hbase.mutate`, `hbase.get`, `hbase.scan` (one row / one partition, executed
 * locally in one KV transaction on this server's leader replica of the row's LS) and
 * `hbase.admin` (any server; DDL through SQL).
 *
 * Route checks (as the table service's): the HBase table must exist (-10523) and be enabled
 * (-10520); a client whose schema version is older than every family table's answers
 * OB_SCHEMA_ERROR (-4029, refresh the entry); partition `partitionIndex` of the family tables
 * must be in the LS the client routed to (else OB_TABLET_NOT_EXIST -4725); a replica that does
 * not lead the LS answers OB_NOT_MASTER (-4038, from runKvTx).
 */
import type { LsId, TenantId } from '../common/ids';
import { Errors, isObError } from '../common/ob_error';
import { runKvTx, type KvServiceHost } from '../table/kv_tx';
import { KV_METHODS } from '../table/types';
import { runAdmin } from './hbase_admin';
import { applyMutation } from './hbase_mutate';
import { HTableCache, type HTableInfo } from './hbase_model';
import { filterOf, planColumns, readContext, readRow, scanRows } from './hbase_read';
import type {
  HAdminBody, HAdminReply, HCell, HGetBody, HGetReply, HMutateBody, HMutateReply, HRowRoute, HScanBody, HScanReply,
} from './types';

/** Attempts of a mutation that meets OB_TRANSACTION_SET_VIOLATION (concurrent read-modify-writes). */
const MUTATION_RETRY_MAX = 16;
const TX_SET_VIOLATION = Errors.txSetViolation().obCode;

/** The HBase service state of one server (its table cache). */
export class HBaseService {
  readonly cache = new HTableCache();

  constructor(private readonly host: KvServiceHost) {}

  private nowMs(): number {
    return Math.floor(this.host.clock.nowUs() / 1000);
  }

  /** Resolves and checks the route of a one-partition request (see the module comment). */
  resolve(body: HRowRoute): HTableInfo {
    const schema = this.host.schema(body.tenantId);
    if (!schema) throw Errors.tenantNotExist(String(body.tenantId));
    const info = this.cache.get(schema, body.htable, body.database);
    if (!info.enabled) throw Errors.kvTableNotEnabled(body.htable);
    if (info.families.every((f) => f.table.schemaVersion > body.schemaVersion)) throw Errors.schemaError();
    const pi = body.partitionIndex;
    if (!Number.isInteger(pi) || pi < 0 || pi >= info.partitionCount) throw Errors.schemaError();
    for (const f of info.families) {
      const p = f.table.partitions[pi];
      if (!p) throw Errors.schemaError();
      if (p.lsId !== body.lsId) throw Errors.tabletNotExist();
    }
    return info;
  }

  /** `hbase.mutate`: one row's mutation in one transaction on its LS. */
  async mutate(body: HMutateBody): Promise<HMutateReply> {
    const info = this.resolve(body);
    for (let attempt = 1; ; attempt++) {
      const nowMs = this.nowMs();
      try {
        return await runKvTx(this.host, body.tenantId as TenantId, body.lsId as LsId, true, (das) =>
          applyMutation({ das, info, partitionIndex: body.partitionIndex, row: body.row, nowMs }, body.mutation),
        );
      } catch (e) {
        // A read-modify-write whose cell changed after its snapshot runs again on a new one.
        if (!isObError(e) || e.obCode !== TX_SET_VIOLATION || attempt >= MUTATION_RETRY_MAX) throw e;
      }
    }
  }

  /** `hbase.get`: one row's cells (existsOnly: at most the first matching cell). */
  async get(body: HGetBody): Promise<HGetReply> {
    const info = this.resolve(body);
    const ctx = readContext(planColumns(info, body.read), body.read, filterOf(body.read, false), this.nowMs());
    const cells = await runKvTx<HCell[]>(this.host, body.tenantId as TenantId, body.lsId as LsId, false, (das) =>
      readRow(das, ctx, body.partitionIndex, body.row, body.existsOnly),
    );
    return { cells };
  }

  /** `hbase.scan`: one page of whole rows of one partition. */
  async scan(body: HScanBody): Promise<HScanReply> {
    const info = this.resolve(body);
    const ctx = readContext(planColumns(info, body.read), body.read, filterOf(body.read, body.reversed), this.nowMs());
    const limitRows = body.limitRows > 0 ? body.limitRows : Infinity;
    return runKvTx(this.host, body.tenantId as TenantId, body.lsId as LsId, false, (das) =>
      scanRows(das, ctx, body.partitionIndex, { ...body, limitRows }),
    );
  }

  admin(body: HAdminBody): Promise<HAdminReply> {
    return runAdmin(this.host, this.cache, body);
  }
}

/** Registers the HBase KV methods on this server; returns the service (tests, TTL task). */
export function registerHBaseService(host: KvServiceHost): HBaseService {
  const svc = new HBaseService(host);
  host.register(KV_METHODS.hbaseMutate, (b: HMutateBody) => svc.mutate(b));
  host.register(KV_METHODS.hbaseGet, (b: HGetBody) => svc.get(b));
  host.register(KV_METHODS.hbaseScan, (b: HScanBody) => svc.scan(b));
  host.register(KV_METHODS.hbaseAdmin, (b: HAdminBody) => svc.admin(b));
  return svc;
}
