/**
 * The server list of a cluster of N zones × M OBServers, as the simulator, the headless scenario
 * target and the page's scenario clusters deploy it (one numbering everywhere, so a scenario prints
 * the same addresses in the page and in `obsh --scenario`): ids 1.. numbered zone by zone, zones
 * `zone1..zoneN`, IPs `10.0.<zone-1>.<n>` — or `10.0.0.<id>` when each zone has one server (the
 * default obcluster's 10.0.0.1..3). Servers started later (ALTER SYSTEM ADD SERVER) take
 * `10.0.0.<id>` with ids beyond these, which never collide.
 */
import { assert } from '../common/assert';

export interface TopologyServer {
  serverId: number;
  zone: string;
  svrIp: string;
}

export function simServers(zones: number, serversPerZone: number): TopologyServer[] {
  assert(zones >= 1 && serversPerZone >= 1, 'a cluster needs a zone and a server');
  const list: TopologyServer[] = [];
  for (let z = 1; z <= zones; z++) {
    for (let k = 1; k <= serversPerZone; k++) list.push({ serverId: list.length + 1, zone: `zone${z}`, svrIp: `10.0.${z - 1}.${k}` });
  }
  if (serversPerZone === 1) for (const s of list) s.svrIp = `10.0.0.${s.serverId}`;
  return list;
}
