/**
 * Schema refresh of one server (OceanBase's schema service refreshing from the tenant's inner
 * tables when its schema version is behind, `ObServerSchemaService::refresh_schema`): a tenant's
 * DDL records live in its LS 1, so a server hosting a replica of that LS applies them from the
 * log; a server hosting none (issue #4: with more servers than a tenant's replicas, or after
 * ADD SERVER) pulls them from the LS 1 leader instead, every SCHEMA_REFRESH_INTERVAL_US.
 *
 * Invariant: `history(t)[i]` is the DDL record that took tenant t's schema from version i to
 * i + 1 (`TenantSchemaService.applyDdl` bumps the version by one per record), on every server, so
 * a puller asks for `history.slice(version)`. A local LS 1 replica opened after records were
 * pulled replays them again from LSN 1: the n-th record it applies is skipped when the schema
 * already has version ≥ n (`onLogRecord`).
 */
import { lsId as toLsId, type TenantId } from '../common/ids';
import { Errors, isObError } from '../common/ob_error';
import type { Clock } from '../env';
import type { TenantSchemaService } from '../schema/schema_service';
import type { LocationService } from './location';
import type { RpcEndpoint } from '../rpc/rpc';

/** Period of the pull for tenants without a local LS 1 replica, µs. */
export const SCHEMA_REFRESH_INTERVAL_US = 300_000;

export interface SchemaRefreshHost {
  clock: Clock;
  location: LocationService;
  /** The tenant's schema service here, created if absent. */
  schema(tenantId: number): TenantSchemaService;
  /** Whether this server has an open (not stopped) replica of the tenant's LS 1. */
  hasLs1(tenantId: number): boolean;
  /** Tenants of the cluster state that are not being dropped. */
  tenantIds(): number[];
  log(level: 'info' | 'warn', message: string): void;
}

export class SchemaRefresher {
  private readonly historyByTenant = new Map<number, string[]>();
  /** DDL records the local LS 1 replica applied in its current life, per tenant. */
  private readonly seenFromLog = new Map<number, number>();
  private readonly pulling = new Set<number>();
  private lastPullUs = -Infinity;

  constructor(private readonly host: SchemaRefreshHost) {}

  /** The DDL records applied here, in schema-version order. */
  history(tenantId: number): string[] {
    let h = this.historyByTenant.get(tenantId);
    if (!h) {
      h = [];
      this.historyByTenant.set(tenantId, h);
    }
    return h;
  }

  /** A local LS 1 replica of the tenant is (re)opened: its log is applied from the start again. */
  onLs1Opened(tenantId: number): void {
    this.seenFromLog.delete(tenantId);
  }

  /** A DDL record applied by the local LS 1 replica (LogStream apply hook, log order). */
  onLogRecord(tenantId: number, json: string): void {
    const n = (this.seenFromLog.get(tenantId) ?? 0) + 1;
    this.seenFromLog.set(tenantId, n);
    const schema = this.host.schema(tenantId);
    if (n <= schema.version) return; // pulled from the leader before this replica caught up
    this.apply(tenantId, schema, json);
  }

  private apply(tenantId: number, schema: TenantSchemaService, json: string): void {
    schema.applyDdl(json);
    this.history(tenantId).push(json);
  }

  /** `schema.ddlSince` {tenantId, from} → the records after version `from` (LS 1 leader only). */
  register(rpc: Pick<RpcEndpoint, 'register'>): void {
    rpc.register('schema.ddlSince', (_f, b: { tenantId: number; from: number }) => {
      if (!this.host.hasLs1(b.tenantId)) throw Errors.notMaster();
      return this.history(b.tenantId).slice(b.from);
    });
  }

  /** Every PALF tick: pulls for tenants without a local LS 1 replica, at most every interval. */
  onTick(): void {
    const now = this.host.clock.nowUs();
    if (now - this.lastPullUs < SCHEMA_REFRESH_INTERVAL_US) return;
    this.lastPullUs = now;
    for (const t of this.host.tenantIds()) {
      if (!this.host.hasLs1(t) && !this.pulling.has(t)) void this.pull(t);
    }
  }

  private async pull(tenantId: number): Promise<void> {
    this.pulling.add(tenantId);
    try {
      const schema = this.host.schema(tenantId);
      const from = schema.version;
      const records = await this.host.location.callLeader<string[]>(tenantId as TenantId, toLsId(1), 'schema.ddlSince', { tenantId, from }, { budgetUs: 2_000_000 });
      if (schema.version !== from || this.host.hasLs1(tenantId)) return; // applied meanwhile: next round
      for (const json of records) this.apply(tenantId, schema, json);
    } catch (e) {
      // No LS 1 leader reachable right now (electing, partitioned): the next round retries.
      if (!isObError(e)) this.host.log('warn', `schema refresh of tenant ${tenantId}: ${(e as Error).message}`);
    } finally {
      this.pulling.delete(tenantId);
    }
  }
}
