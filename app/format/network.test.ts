import { describe, expect, it } from 'vitest';
import { endpointKey, parseEndpoint, planNetworkAction, type Endpoint } from './network';

const servers = [
  { serverId: 1, zone: 'zone1' },
  { serverId: 2, zone: 'zone2' },
  { serverId: 3, zone: 'zone3' },
  { serverId: 4, zone: 'zone3' },
];
const zone = (z: string): Endpoint => ({ kind: 'zone', zone: z });
const srv = (id: number): Endpoint => ({ kind: 'server', serverId: id });

describe('network panel plans', () => {
  it('cuts and heals two zones with the zone calls, one way when asked', () => {
    expect(planNetworkAction(zone('zone1'), zone('zone3'), true, 'cut', 0, servers, [])).toEqual({
      calls: [{ fn: 'cutZones', zoneA: 'zone1', zoneB: 'zone3', oneWay: true }],
    });
    expect(planNetworkAction(zone('zone1'), zone('zone3'), false, 'heal', 0, servers, [])).toEqual({ calls: [{ fn: 'healZones', zoneA: 'zone1', zoneB: 'zone3' }] });
  });

  it('cuts a server off a zone link by link', () => {
    expect(planNetworkAction(srv(1), zone('zone3'), false, 'cut', 0, servers, [])).toEqual({
      calls: [
        { fn: 'cutLink', a: 1, b: 3, oneWay: false },
        { fn: 'cutLink', a: 1, b: 4, oneWay: false },
      ],
    });
  });

  it('sets delay on both directions, keeping a cut already on a link', () => {
    const cut = { from: 2, to: 1, cut: true, delayUs: 0, lossRate: 0 };
    expect(planNetworkAction(srv(1), srv(2), false, 'delay', 250, servers, [cut])).toEqual({
      calls: [
        { fn: 'setLinkFault', fault: { from: 1, to: 2, cut: false, delayUs: 250_000, lossRate: 0 } },
        { fn: 'setLinkFault', fault: { from: 2, to: 1, cut: true, delayUs: 250_000, lossRate: 0 } },
      ],
    });
    expect(planNetworkAction(srv(1), srv(2), true, 'loss', 20, servers, [])).toEqual({
      calls: [{ fn: 'setLinkFault', fault: { from: 1, to: 2, cut: false, delayUs: 0, lossRate: 0.2 } }],
    });
  });

  it('refuses the same end twice, a link inside one zone only, and values out of range', () => {
    expect(planNetworkAction(srv(1), srv(1), false, 'cut', 0, servers, [])).toEqual({ error: 'Choose two different servers or zones.' });
    expect('error' in planNetworkAction(srv(2), zone('zone2'), false, 'cut', 0, servers, [])).toBe(true);
    expect('error' in planNetworkAction(srv(1), srv(2), false, 'loss', 120, servers, [])).toBe(true);
    expect('error' in planNetworkAction(srv(1), srv(2), false, 'delay', -1, servers, [])).toBe(true);
  });

  it('round-trips endpoints through the select values', () => {
    for (const e of [srv(3), zone('zone2')]) expect(parseEndpoint(endpointKey(e))).toEqual(e);
    expect(parseEndpoint('server:x')).toBeNull();
    expect(parseEndpoint('zone:')).toBeNull();
  });
});
