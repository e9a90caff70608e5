/**
 * What the network fault panel asks the host to do (issue #4 item 5): from two endpoints (a
 * server or a zone each), a direction and an action (cut, heal, delay, loss), the host calls to
 * make — `cutZones`/`healZones` for two zones, `cutLink`/`healLink` per server pair otherwise,
 * `setLinkFault` per one-way link for delay and loss (keeping what else is set on that link).
 * Pure: the panel runs the plan; tests check it.
 */
import type { LinkFault } from '../../engine/env/index';

export type Endpoint = { kind: 'server'; serverId: number } | { kind: 'zone'; zone: string };

export type NetworkAction = 'cut' | 'heal' | 'delay' | 'loss';

export type HostCall =
  | { fn: 'cutZones'; zoneA: string; zoneB: string; oneWay: boolean }
  | { fn: 'healZones'; zoneA: string; zoneB: string }
  | { fn: 'cutLink'; a: number; b: number; oneWay: boolean }
  | { fn: 'healLink'; a: number; b: number }
  | { fn: 'setLinkFault'; fault: LinkFault };

/** Largest delay the panel sets, ms. */
export const LINK_DELAY_MS_MAX = 10_000;

/** `server:2` / `zone:zone1` ↔ Endpoint (the panel's select values). */
export function endpointKey(e: Endpoint): string {
  return e.kind === 'server' ? `server:${e.serverId}` : `zone:${e.zone}`;
}

export function parseEndpoint(key: string): Endpoint | null {
  if (key.startsWith('server:')) {
    const id = Number(key.slice(7));
    return Number.isInteger(id) && id > 0 ? { kind: 'server', serverId: id } : null;
  }
  if (key.startsWith('zone:') && key.length > 5) return { kind: 'zone', zone: key.slice(5) };
  return null;
}

function serversOf(e: Endpoint, servers: readonly { serverId: number; zone: string }[]): number[] {
  return e.kind === 'server' ? [e.serverId] : servers.filter((s) => s.zone === e.zone).map((s) => s.serverId);
}

/**
 * The host calls for `action` between `a` and `b` (`oneWay`: only a → b). `value`: the delay in
 * ms or the loss in percent (ignored for cut/heal). Returns `{ error }` for a choice that makes
 * no link (same endpoint twice, an empty zone, a server inside the other zone only) or a value
 * out of range.
 */
export function planNetworkAction(
  a: Endpoint,
  b: Endpoint,
  oneWay: boolean,
  action: NetworkAction,
  value: number,
  servers: readonly { serverId: number; zone: string }[],
  faults: readonly LinkFault[],
): { calls: HostCall[] } | { error: string } {
  if (endpointKey(a) === endpointKey(b)) return { error: 'Choose two different servers or zones.' };
  if (action === 'delay' && !(value >= 0 && value <= LINK_DELAY_MS_MAX)) return { error: `Delay must be 0–${LINK_DELAY_MS_MAX.toLocaleString('en-US')} ms.` };
  if (action === 'loss' && !(value >= 0 && value <= 100)) return { error: 'Loss must be 0–100%.' };
  if (a.kind === 'zone' && b.kind === 'zone' && (action === 'cut' || action === 'heal')) {
    return { calls: [action === 'cut' ? { fn: 'cutZones', zoneA: a.zone, zoneB: b.zone, oneWay } : { fn: 'healZones', zoneA: a.zone, zoneB: b.zone }] };
  }
  const pairs: [number, number][] = [];
  for (const x of serversOf(a, servers)) for (const y of serversOf(b, servers)) if (x !== y) pairs.push([x, y]);
  if (pairs.length === 0) return { error: 'These two choices share every server: there is no link between them.' };
  if (action === 'cut') return { calls: pairs.map(([x, y]) => ({ fn: 'cutLink', a: x, b: y, oneWay })) };
  if (action === 'heal') return { calls: pairs.map(([x, y]) => ({ fn: 'healLink', a: x, b: y })) };
  const directed = oneWay ? pairs : pairs.flatMap(([x, y]) => [[x, y], [y, x]] as [number, number][]);
  const calls: HostCall[] = directed.map(([from, to]) => {
    const cur = faults.find((f) => f.from === from && f.to === to) ?? { from, to, cut: false, delayUs: 0, lossRate: 0 };
    const fault: LinkFault = action === 'delay' ? { ...cur, delayUs: Math.round(value * 1000) } : { ...cur, lossRate: value / 100 };
    return { fn: 'setLinkFault', fault };
  });
  return { calls };
}
