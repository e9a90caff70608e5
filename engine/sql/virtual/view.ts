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
 * `ViewSpec.scope` encodes which of these a view follows; index.ts applies it. A DBA_ view with a
 * CDB_ twin is derived from it (`cdbViewWithDbaTwin`), so the two cannot drift apart.
 */
import type { ClusterSnapshot, ServerSnapshot, TenantSnapshot } from '../../server/snapshot';
import type { Value } from '../../common/value';
import type { ResultColumn, SchemaGuard } from '../exec_context';
import { assert } from '../../common/assert';
import { recordsToRows } from './format';

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

/**
 * A `CDB_` view, from which its `DBA_` twin is derived: the same columns without `TENANT_ID`, the
 * same rows restricted to the session's tenant (in the sys tenant: the sys tenant itself).
 * `records` builds the rows (with `TENANT_ID`) of the tenants given, in view order.
 */
export interface CdbViewDef {
  /** `CDB_OB_...`; the twin is named `DBA_OB_...`. */
  readonly name: string;
  /** Columns as the CDB_ view has them, `TENANT_ID` included. */
  readonly columns: readonly ResultColumn[];
  records(ctx: ViewContext, tenants: readonly TenantSnapshot[]): Record<string, Value>[];
}

/** `[DBA_ view, CDB_ view]` from one definition (the CDB_ view exists only in the sys tenant). */
export function cdbViewWithDbaTwin(def: CdbViewDef): [ViewSpec, ViewSpec] {
  assert(def.name.startsWith('CDB_'), `not a CDB_ view: ${def.name}`);
  assert(def.columns.some((c) => c.name === 'TENANT_ID'), `${def.name} has no TENANT_ID column`);
  const dbaColumns = def.columns.filter((c) => c.name !== 'TENANT_ID');
  const cdb: ViewSpec = {
    name: def.name,
    db: 'oceanbase',
    scope: 'sys-only',
    columns: def.columns,
    rows(ctx) {
      const tenants = [...ctx.snapshot.tenants].sort((a, b) => a.tenantId - b.tenantId);
      return recordsToRows(def.columns, def.records(ctx, tenants));
    },
  };
  const dba: ViewSpec = {
    name: `DBA_${def.name.slice('CDB_'.length)}`,
    db: 'oceanbase',
    scope: 'any',
    columns: dbaColumns,
    rows(ctx) {
      const own = ctx.tenantById(ctx.tenantId);
      const records = own ? def.records(ctx, [own]) : [];
      return recordsToRows(dbaColumns, records.map(({ TENANT_ID: _tenant, ...rest }) => rest));
    },
  };
  return [dba, cdb];
}
