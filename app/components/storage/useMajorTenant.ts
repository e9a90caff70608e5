/**
 * The tenant whose major compaction the panel shows: the one picked in the major-compaction view,
 * else the SQL console's tenant (`test` or `sys`), by its id in the snapshot.
 */
import { useClusterStore } from '../../state/clusterStore';
import { useSqlStore } from '../../state/sqlStore';
import { useStorageStore } from '../../state/storageStore';

export function useMajorTenant(): { tenantId: number | null; tenantName: string } {
  const picked = useStorageStore((s) => s.majorTenantId);
  const consoleTenant = useSqlStore((s) => s.tenant);
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const t = tenants?.find((x) => x.tenantId === picked) ?? tenants?.find((x) => x.tenantName === consoleTenant);
  return { tenantId: t?.tenantId ?? null, tenantName: t?.tenantName ?? consoleTenant };
}
