/**
 * Location service: which server leads each log stream, which LS holds each tablet
 * (OceanBase's location cache; `DBA_OB_LS_LOCATIONS`). Leaders are fixed by the topology in this
 * slice; issue #4 turns this into a cache refreshed on "not master".
 */
import { assert } from '../common/assert';
import type { LsId, ServerId, TenantId } from '../common/ids';
import type { ClusterTopology, ServerInfo } from '../rootservice/topology';

export class LocationService {
  private readonly leaders = new Map<string, ServerId>();
  private readonly servers = new Map<number, ServerInfo>();

  constructor(readonly topology: ClusterTopology) {
    for (const t of topology.tenants) for (const l of t.ls) this.leaders.set(`${t.tenantId}/${l.lsId}`, l.leader);
    for (const s of topology.servers) this.servers.set(s.serverId, s);
  }

  /** The leader of LS `lsId` of tenant `tenantId`. */
  leaderOf(tenantId: TenantId, lsId: LsId): ServerId {
    const s = this.leaders.get(`${tenantId}/${lsId}`);
    assert(s !== undefined, `unknown log stream ${tenantId}/${lsId}`);
    return s;
  }

  server(id: number): ServerInfo | undefined {
    return this.servers.get(id);
  }

  tenantByName(name: string) {
    return this.topology.tenants.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  tenant(id: number) {
    return this.topology.tenants.find((t) => t.tenantId === id);
  }
}
