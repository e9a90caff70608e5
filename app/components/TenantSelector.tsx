/** Which tenant the SQL console talks to: the user tenant `test` or the `sys` tenant. */
import { selectTenant } from '../host/playground';
import { useSqlStore, type TenantName } from '../state/sqlStore';

export function TenantSelector() {
  const tenant = useSqlStore((s) => s.tenant);
  return (
    <label className="status-pill" title="Tenant of the SQL session">
      tenant
      <select
        className="select"
        data-testid="tenant-selector"
        value={tenant}
        onChange={(e) => selectTenant(e.target.value as TenantName)}
      >
        <option value="test">test (MySQL)</option>
        <option value="sys">sys</option>
      </select>
    </label>
  );
}
