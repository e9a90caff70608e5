/**
 * The shape of one system view and the context its rows are built in.
 *
 * OceanBase's scoping rules (reference §5 intro; system-view overview in the V4.3 docs):
 * - `DBA_*` views show the current tenant only; in the sys tenant that is the sys tenant itself.
 * - `CDB_*` views exist only in the sys tenant and carry `TENANT_ID`, covering every tenant.
 * - Cluster views (`DBA_OB_ZONES`, `DBA_OB_SERVERS`, `DBA_OB_UNITS`, `DBA_OB_UNIT_CONFIGS`,
 *   `DBA_OB_RESOURCE_POOLS`) can be queried only from the sys tenant; from a user tenant they do
 *   not exist (ERROR 1146).
 * - `GV$*` views show every tenant from the sys tenant and the current tenant from a user tenant.
 * `ViewSpec.scope` encodes which of these a view follows; index.ts applies it.
 */
import type { ClusterSnapshot, ServerSnapshot, TenantSnapshot } from '../../server/snapshot';
import type { Value } from '../../common/value';
import type { ResultColumn, SchemaGuard } from '../exec_context';

/** `sys-only`: the view exists only in the sys tenant. `any`: in every tenant. */
export type ViewScope = 'sys-only' | 'any';

export interface ViewContext {
  readonly snapshot: ClusterSnapshot;
  /** The tenant the session belongs to. */
  readonly tenantId: number;
  readonly tenantName: string;
  readonly isSysTenant: boolean;
  /** Rows of GV$ views and the like: every tenant from sys, the own tenant otherwise. */
  canSee(tenantId: number): boolean;
  /** The tenant schema, when the provider was given one (information_schema). */
  readonly schema: SchemaGuard | undefined;
  serverById(serverId: number): ServerSnapshot | undefined;
  tenantById(tenantId: number): TenantSnapshot | undefined;
}

export interface ViewSpec {
  /** Upper-case, as `SHOW TABLES FROM oceanbase` lists it. */
  readonly name: string;
  readonly db: 'oceanbase' | 'information_schema';
  readonly scope: ViewScope;
  readonly columns: readonly ResultColumn[];
  /** True when rows need no cluster snapshot (information_schema from the schema guard). */
  readonly schemaOnly?: boolean;
  rows(ctx: ViewContext): Value[][];
}

export const SYS_TENANT = 1;
