/**
 * System views of a tenant session: OceanBase's `oceanbase.DBA_OB_*`, `CDB_OB_*` (sys tenant only)
 * and `GV$OB_*` views, plus `information_schema.SCHEMATA/TABLES/COLUMNS` when a schema is given.
 *
 *   SQL layer ── ctx.virtual.lookup('oceanbase', 'dba_ob_ls_locations') ──▶ VirtualTableDef
 *                                         rows() ──▶ source.clusterSnapshot() ──▶ ViewSpec.rows(ctx)
 *
 * Every view is built from the same `ClusterSnapshot` the UI panels render (architecture §6), so a
 * panel and a query agree. Names are matched case-insensitively; `list()` gives the upper-case names
 * as `SHOW TABLES FROM oceanbase` prints them. A view the session's tenant may not query (CDB_ views
 * and the cluster views from a user tenant) does not exist for it: `lookup` returns undefined and the
 * resolver raises ERROR 1146, as OceanBase does.
 */
import type { ClusterSnapshot, ServerSnapshot, TenantSnapshot } from '../../server/snapshot';
import type { SchemaGuard, VirtualTableDef, VirtualTableProvider } from '../exec_context';
import { CLUSTER_VIEWS } from './cluster_views';
import { COMPACTION_VIEWS } from './compaction_views';
import { INFORMATION_SCHEMA_VIEWS } from './information_schema';
import { JOB_VIEWS } from './job_views';
import { LS_VIEWS } from './ls_views';
import { STORAGE_VIEWS } from './storage_views';
import { TABLEGROUP_VIEWS } from './tablegroup_views';
import { SYS_TENANT, type ViewContext, type ViewSpec } from './view';

export interface VirtualTableSource {
  tenantId: number;
  tenantName: string;
  /** The cluster as the session's server sees it (ObServerApi.clusterSnapshot). */
  clusterSnapshot(): Promise<ClusterSnapshot>;
  /** The tenant schema for information_schema; a function is called per query (latest version). */
  schema?: SchemaGuard | (() => SchemaGuard);
}

/** Every view, in the order `list()` reports them within a database (alphabetical, as SHOW TABLES). */
export const ALL_VIEWS: readonly ViewSpec[] = [...CLUSTER_VIEWS, ...LS_VIEWS, ...JOB_VIEWS, ...STORAGE_VIEWS, ...COMPACTION_VIEWS, ...INFORMATION_SCHEMA_VIEWS, ...TABLEGROUP_VIEWS];

const VIEWS_BY_KEY: ReadonlyMap<string, ViewSpec> = new Map(ALL_VIEWS.map((v) => [`${v.db}.${v.name.toLowerCase()}`, v]));

/**
 * Creates the view provider of one session's tenant.
 * `lookup(db, name)` → the view, or undefined when it does not exist for this tenant (→ ERROR 1146);
 * `rows()` takes a fresh cluster snapshot on every call (one per statement that reads the view).
 */
export function createVirtualTables(source: VirtualTableSource): VirtualTableProvider {
  const isSysTenant = source.tenantId === SYS_TENANT;
  const visible = (v: ViewSpec) => v.scope === 'any' || isSysTenant;
  return {
    lookup(db: string, name: string): VirtualTableDef | undefined {
      const spec = VIEWS_BY_KEY.get(`${db.toLowerCase()}.${name.toLowerCase()}`);
      if (!spec || !visible(spec)) return undefined;
      return {
        name: spec.name,
        columns: [...spec.columns],
        rows: async () => spec.rows(await viewContext(source, spec, isSysTenant)),
      };
    },
    list(db: string): string[] {
      const key = db.toLowerCase();
      return ALL_VIEWS.filter((v) => v.db === key && visible(v))
        .map((v) => v.name)
        .sort();
    },
  };
}

const EMPTY_SNAPSHOT: ClusterSnapshot = {
  clusterName: '',
  zones: [],
  servers: [],
  tenants: [],
  unitConfigs: [],
  resourcePools: [],
  units: [],
  tabletLocations: [],
  takenAtUs: 0,
};

async function viewContext(source: VirtualTableSource, spec: ViewSpec, isSysTenant: boolean): Promise<ViewContext> {
  const snapshot = spec.schemaOnly ? EMPTY_SNAPSHOT : await source.clusterSnapshot();
  const servers = new Map<number, ServerSnapshot>(snapshot.servers.map((s) => [s.serverId, s]));
  const tenants = new Map<number, TenantSnapshot>(snapshot.tenants.map((t) => [t.tenantId, t]));
  const schema = typeof source.schema === 'function' ? source.schema() : source.schema;
  return {
    snapshot,
    tenantId: source.tenantId,
    tenantName: source.tenantName,
    isSysTenant,
    canSee: (tenantId) => isSysTenant || tenantId === source.tenantId,
    schema,
    serverById: (id) => servers.get(id),
    tenantById: (id) => tenants.get(id),
  };
}

export type { ViewContext, ViewSpec } from './view';
export { formatTimestampUs } from './format';
