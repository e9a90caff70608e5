/**
 * Which tenant the SQL console talks to: the MySQL user tenants and `sys`, as the cluster snapshot
 * lists them (a tenant made with CREATE TENANT appears once the root service reports it).
 */
import { selectTenant } from '../host/playground';
import { useClusterStore } from '../state/clusterStore';
import { useSqlStore } from '../state/sqlStore';

export function TenantSelector() {
  const tenant = useSqlStore((s) => s.tenant);
  const tenants = useClusterStore((s) => s.snapshot?.tenants);
  const names = (tenants ?? [])
    .filter((t) => t.tenantType !== 'META' && t.status !== 'DROPPING')
    .map((t) => ({ name: t.tenantName, label: t.tenantType === 'SYS' ? 'sys' : `${t.tenantName} (MySQL)` }));
  const options = names.length > 0 ? names : [{ name: 'test', label: 'test (MySQL)' }, { name: 'sys', label: 'sys' }];
  if (!options.some((o) => o.name === tenant)) options.push({ name: tenant, label: tenant });
  return (
    <label className="status-pill" title="Tenant of the SQL session (user@tenant)">
      <select
        className="select"
        aria-label="Tenant of the SQL session"
        data-testid="tenant-selector"
        value={tenant}
        onChange={(e) => selectTenant(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.name} value={o.name}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}
