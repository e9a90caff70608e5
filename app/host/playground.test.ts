/**
 * The page's fault API without workers (no cluster booted): faults, zone cuts, the simulated
 * clock and the trace switch land in the network store and on the event timeline as `fault`
 * events; bad input is refused.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { clearEvents, useEventStore } from '../state/eventStore';
import { resetNetwork, useNetworkStore } from '../state/networkStore';
import {
  currentDeployment, cutLink, cutZones, deploymentServers, healAll, healLink, healZones, pauseClock, resumeClock, runSqlAs, setClockRate,
  setLinkFault, setMessageTrace,
} from './playground';

const faults = () => useNetworkStore.getState().faults.map((f) => `${f.from}>${f.to}${f.cut ? ' cut' : ''}${f.delayUs ? ` +${f.delayUs}us` : ''}${f.lossRate ? ` ${f.lossRate}` : ''}`);
const timeline = () => useEventStore.getState().entries.map((e) => (e.event.kind === 'fault' ? e.event.description : e.event.kind));

beforeEach(() => {
  resetNetwork();
  clearEvents();
});

describe('playground fault API', () => {
  it('cuts and heals links and zones, one way or both, and records each on the timeline', () => {
    cutLink(1, 2);
    cutZones('zone1', 'zone3', true);
    expect(faults()).toEqual(['1>2 cut', '1>3 cut', '2>1 cut']);
    setLinkFault({ from: 3, to: 2, cut: false, delayUs: 20_000, lossRate: 0.1 });
    healLink(2, 1);
    expect(faults()).toEqual(['1>3 cut', '3>2 +20000us 0.1']);
    cutZones('zone2', 'zone3');
    expect(faults()).toEqual(['1>3 cut', '2>3 cut', '3>2 cut +20000us 0.1']);
    healZones('zone3', 'zone2');
    setLinkFault({ from: 1, to: 3, cut: false, delayUs: 0, lossRate: 0 });
    expect(faults()).toEqual([]);
    cutLink(1, 3);
    healAll();
    expect(faults()).toEqual([]);
    expect(timeline()).toEqual([
      'cut 1 ↔ 2', 'cut zone1 → zone3', 'delay 20 ms, loss 10% on 3 → 2', 'heal 2 ↔ 1', 'cut zone2 ↔ zone3',
      'heal zone3 ↔ zone2', 'heal 1 → 3', 'cut 1 ↔ 3', 'heal all links',
    ]);
    expect(useEventStore.getState().entries.every((e) => e.serverId === 0)).toBe(true);
  });

  it('refuses unknown servers and zones, self links and bad values', () => {
    expect(() => cutLink(1, 9)).toThrow(/no server 9/);
    expect(() => cutLink(2, 2)).toThrow(/two different servers/);
    expect(() => cutZones('zone1', 'zone7')).toThrow(/no zone zone7/);
    expect(() => setLinkFault({ from: 1, to: 2, cut: false, delayUs: 0, lossRate: 1.5 })).toThrow(/bad link fault/);
    expect(faults()).toEqual([]);
    expect(timeline()).toEqual([]);
  });

  it('pauses, resumes and scales the simulated clock continuously; toggles the trace', () => {
    setClockRate(2);
    expect(useNetworkStore.getState().clock).toMatchObject({ rate: 2, paused: false });
    pauseClock();
    const frozen = useNetworkStore.getState().clock;
    expect(frozen.paused).toBe(true);
    pauseClock(); // already paused: nothing recorded
    resumeClock();
    const resumed = useNetworkStore.getState().clock;
    expect(resumed).toMatchObject({ rate: 2, paused: false, anchorSimUs: frozen.anchorSimUs });
    expect(() => setClockRate(50)).toThrow(RangeError);
    setMessageTrace(true);
    expect(useNetworkStore.getState().trace).toBe(true);
    expect(timeline()).toEqual(['clock rate 2×', 'clock paused', 'clock resumed']);
  });
});

describe('deployments (issue #6)', () => {
  it("starts as the user's obcluster: 3 zones, one server each", () => {
    expect(currentDeployment()).toMatchObject({ kind: 'user', namespace: 'obcluster', lockName: 'obcluster' });
    expect(deploymentServers().map((s) => `${s.serverId}@${s.zone}`)).toEqual(['1@zone1', '2@zone2', '3@zone3']);
  });

  it('rejects scenario SQL only when no server can run it', async () => {
    await expect(runSqlAs('SELECT 1;', { tenant: 'test', serverId: null, database: null })).rejects.toThrow(/not running/);
  });
});
