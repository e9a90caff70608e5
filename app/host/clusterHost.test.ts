/**
 * ClusterHost's wiring with stand-in workers (the browser's Worker is replaced by an object that
 * serves a recording ObServerWorkerApi over comlink on a real MessageChannel): one channel per
 * server pair, crash handling, restart with fresh channels to the live peers, nodes added after
 * the bootstrap (ALTER SYSTEM ADD SERVER's observer) and booted again from the saved list; issue
 * #6 scenario deployments (topology numbering, namespace key, their own OPFS directory).
 */
import { simServers } from '../../engine/sim/topology';
import { expose } from 'comlink';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinkFault } from '../../engine/env/index';
import type {
  PeerPort, SimClockState, TracedMessage, WorkerInitConfig, WorkerNotice, WorkerServerInfo,
} from '../../workers/worker_protocol';
import {
  ClusterHost, OBCLUSTER_SERVERS, scenarioDeployment, scenarioKey, topologyServers, userDeployment, type ServerRunState,
} from './clusterHost';

class FakeWorker {
  static all: FakeWorker[] = [];
  readonly name: string;
  terminated = false;
  config?: WorkerInitConfig;
  peers = new Map<number, MessagePort>();
  hostPort?: MessagePort;
  stopped = false;
  faults: LinkFault[] | null = null;
  clock: SimClockState | null = null;
  trace: boolean | null = null;
  hostsAdded: WorkerServerInfo[] = [];
  private readonly channel = new MessageChannel();

  constructor(_url: URL, opts: { name: string }) {
    this.name = opts.name;
    FakeWorker.all.push(this);
    const self = this;
    expose(
      {
        async init(config: WorkerInitConfig, peers: PeerPort[], hostPort: MessagePort) {
          self.config = config;
          self.hostPort = hostPort;
          for (const p of peers) self.peers.set(p.serverId, p.port);
        },
        setPeerPort(p: PeerPort) {
          self.peers.get(p.serverId)?.close();
          self.peers.set(p.serverId, p.port);
        },
        async stop() {
          self.stopped = true;
        },
        setLinkFaults(f: LinkFault[]) {
          self.faults = f;
        },
        setClock(c: SimClockState) {
          self.clock = c;
        },
        setMessageTrace(on: boolean) {
          self.trace = on;
        },
        addHost(info: WorkerServerInfo) {
          self.hostsAdded.push(info);
        },
      },
      this.channel.port2 as never,
    );
  }
  postMessage(m: unknown, t?: Transferable[]) {
    this.channel.port1.postMessage(m, t ?? []);
  }
  addEventListener(type: string, fn: EventListener) {
    if (type === 'message') this.channel.port1.addEventListener('message', fn);
    this.channel.port1.start();
  }
  removeEventListener(type: string, fn: EventListener) {
    if (type === 'message') this.channel.port1.removeEventListener('message', fn);
  }
  terminate() {
    this.terminated = true;
    this.channel.port1.close();
    this.channel.port2.close();
    this.hostPort?.close();
    for (const p of this.peers.values()) p.close();
  }
  notify(n: WorkerNotice) {
    this.hostPort!.postMessage(n);
  }
  static live(id: number): FakeWorker {
    return FakeWorker.all.filter((w) => w.name === `observer-${id}` && !w.terminated).at(-1)!;
  }
}

/** Sends a datagram from server a's port to b and resolves with what b's port to a received. */
function linked(a: FakeWorker, b: FakeWorker, aId: number, bId: number): Promise<unknown> {
  return new Promise((resolve) => {
    const inbound = b.peers.get(aId)!;
    inbound.onmessage = (ev) => resolve(ev.data);
    a.peers.get(bId)!.postMessage({ ping: `${aId}->${bId}` });
  });
}

let states: [number, ServerRunState, string | undefined][] = [];
let traced: [number, TracedMessage[], number][] = [];
let host: ClusterHost;

beforeEach(() => {
  FakeWorker.all = [];
  states = [];
  traced = [];
  (globalThis as { Worker?: unknown }).Worker = FakeWorker;
  host = new ClusterHost({
    progress: () => {},
    events: () => {},
    serverState: (id, state, message) => states.push([id, state, message]),
    messages: (id, messages, total) => traced.push([id, messages, total]),
  });
});

afterEach(() => {
  for (const w of FakeWorker.all) if (!w.terminated) w.terminate();
});

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
};

describe('ClusterHost', () => {
  it('boots one worker per server, each rooted in its own OPFS directory', async () => {
    await host.boot();
    expect(FakeWorker.all.map((w) => w.name)).toEqual(['observer-1', 'observer-2', 'observer-3']);
    expect(FakeWorker.all.map((w) => w.config?.opfsRoot)).toEqual(['obcluster/obs-1', 'obcluster/obs-2', 'obcluster/obs-3']);
    expect(FakeWorker.all[0].config?.servers.map((s) => s.zone)).toEqual(['zone1', 'zone2', 'zone3']);
    expect(host.runningServerIds()).toEqual([1, 2, 3]);
  });

  it('links every pair of servers with its own channel', async () => {
    await host.boot();
    const [w1, w2, w3] = FakeWorker.all;
    expect([...w1.peers.keys()].sort()).toEqual([2, 3]);
    expect(await linked(w1, w2, 1, 2)).toEqual({ ping: '1->2' });
    expect(await linked(w3, w1, 3, 1)).toEqual({ ping: '3->1' });
    expect(await linked(w2, w3, 2, 3)).toEqual({ ping: '2->3' });
  });

  it('marks a server that reports a crash CRASHED and terminates its worker', async () => {
    await host.boot();
    const w2 = FakeWorker.live(2);
    w2.notify({ type: 'crashed', serverId: 2, message: 'AssertionError: assertion failed: commitIndex <= lastIndex' });
    await until(() => host.state(2) === 'crashed');
    expect(w2.terminated).toBe(true);
    expect(host.runningServerIds()).toEqual([1, 3]);
    expect(host.api(2)).toBeNull();
    expect(states.at(-1)).toEqual([2, 'crashed', 'AssertionError: assertion failed: commitIndex <= lastIndex']);
  });

  it('restarts a server on the same directory with fresh channels to the live peers', async () => {
    await host.boot();
    FakeWorker.live(2).notify({ type: 'crashed', serverId: 2, message: 'boom' });
    await until(() => host.state(2) === 'crashed');
    await host.restartServer(2);
    const fresh = FakeWorker.live(2);
    expect(fresh.config?.opfsRoot).toBe('obcluster/obs-2');
    expect(host.runningServerIds()).toEqual([1, 2, 3]);
    await until(() => FakeWorker.live(1).peers.get(2) !== undefined && FakeWorker.live(3).peers.get(2) !== undefined);
    expect(await linked(FakeWorker.live(1), fresh, 1, 2)).toEqual({ ping: '1->2' });
    expect(await linked(fresh, FakeWorker.live(3), 2, 3)).toEqual({ ping: '2->3' });
  });

  it('kill stops one server at once; shutdown stops the rest gracefully', async () => {
    await host.boot();
    host.killServer(3);
    expect(host.state(3)).toBe('stopped');
    expect(FakeWorker.all[2].terminated).toBe(true);
    await host.shutdown();
    expect(FakeWorker.all[0].stopped && FakeWorker.all[1].stopped).toBe(true);
    expect(FakeWorker.all.every((w) => w.terminated)).toBe(true);
  });

  it('sends each worker its outgoing link faults, the clock anchor and the trace switch; a restarted worker gets them at init', async () => {
    const cut: LinkFault = { from: 1, to: 2, cut: true, delayUs: 0, lossRate: 0 };
    const slow: LinkFault = { from: 2, to: 3, cut: false, delayUs: 20_000, lossRate: 0.1 };
    const paused: SimClockState = { anchorWallUs: 5, anchorSimUs: 7, rate: 0.5, paused: true };
    host.setClock(paused); // before boot: the first init carries it
    await host.boot();
    expect(FakeWorker.live(1).config?.clock).toEqual(paused);
    host.setLinkFaults([cut, slow]);
    host.setMessageTrace(true);
    await until(() => FakeWorker.live(3).trace === true && FakeWorker.live(2).faults !== null);
    expect(FakeWorker.live(1).faults).toEqual([cut]);
    expect(FakeWorker.live(2).faults).toEqual([slow]);
    expect(FakeWorker.live(3).faults).toEqual([]);
    host.killServer(2);
    await host.restartServer(2);
    const fresh = FakeWorker.live(2).config!;
    expect([fresh.linkFaults, fresh.clock, fresh.messageTrace]).toEqual([[slow], paused, true]);
    expect(host.linkFaults()).toEqual([cut, slow]);
  });

  it('passes the traced messages of a worker to the listener', async () => {
    await host.boot();
    const m: TracedMessage = { from: 3, to: 1, kind: 'palf.append', bytes: 120, sentAtMs: 42 };
    FakeWorker.live(3).notify({ type: 'messages', serverId: 3, messages: [m], total: 9 });
    await until(() => traced.length === 1);
    expect(traced[0]).toEqual([3, [m], 9]);
  });

  it('adds a node: the next id and ip, its own directory, channels to every peer, the bootstrap servers unchanged', async () => {
    const saved: WorkerServerInfo[][] = [];
    host = new ClusterHost({ progress: () => {}, events: () => {}, serverState: (id, state, m) => states.push([id, state, m]) }, undefined, {
      saveAdded: async (added) => {
        saved.push(added);
        const id = added.at(-1)!.serverId;
        expect(FakeWorker.all.some((w) => w.name === `observer-${id}`)).toBe(false); // saved before the worker starts
      },
    });
    await host.boot();
    const info = await host.addServer('zone1');
    expect(info).toEqual({ serverId: 4, zone: 'zone1', svrIp: '10.0.0.4' });
    expect(saved).toEqual([[info]]);
    const w4 = FakeWorker.live(4);
    expect(w4.config?.opfsRoot).toBe('obcluster/obs-4');
    expect(w4.config?.servers.map((s) => s.serverId)).toEqual([1, 2, 3]);
    expect(w4.config?.hosts?.map((s) => s.serverId)).toEqual([1, 2, 3, 4]);
    expect(host.runningServerIds()).toEqual([1, 2, 3, 4]);
    await until(() => [1, 2, 3].every((id) => FakeWorker.live(id).hostsAdded.length === 1 && FakeWorker.live(id).peers.has(4)));
    expect(FakeWorker.live(2).hostsAdded).toEqual([info]);
    expect(await linked(w4, FakeWorker.live(1), 4, 1)).toEqual({ ping: '4->1' });
    expect(await linked(FakeWorker.live(3), w4, 3, 4)).toEqual({ ping: '3->4' });
    const fifth = await host.addServer('zone2');
    expect(fifth).toEqual({ serverId: 5, zone: 'zone2', svrIp: '10.0.0.5' });
    expect(saved.at(-1)).toEqual([info, fifth]);
    await until(() => FakeWorker.live(4).hostsAdded.length === 1 && FakeWorker.live(4).peers.has(5));
    expect(FakeWorker.live(4).hostsAdded).toEqual([fifth]);
    await expect(host.addServer("zone1'; DROP")).rejects.toThrow(/bad zone name/);
  });

  it('boots the saved added nodes with the others, and a restart passes every node as hosts', async () => {
    const added = [{ serverId: 4, zone: 'zone2', svrIp: '10.0.0.4' }];
    host = new ClusterHost({ progress: () => {}, events: () => {}, serverState: () => {} }, undefined, { added });
    await host.boot();
    expect(FakeWorker.all.map((w) => w.name)).toEqual(['observer-1', 'observer-2', 'observer-3', 'observer-4']);
    expect(FakeWorker.live(4).config?.zone).toBe('zone2');
    expect([...FakeWorker.live(4).peers.keys()].sort()).toEqual([1, 2, 3]);
    expect(host.nodes().map((n) => n.serverId)).toEqual([1, 2, 3, 4]);
    host.killServer(4);
    await host.restartServer(4);
    expect(FakeWorker.live(4).config?.hosts?.map((s) => s.serverId)).toEqual([1, 2, 3, 4]);
    expect(FakeWorker.live(4).config?.opfsRoot).toBe('obcluster/obs-4');
    expect((await host.addServer('zone3')).serverId).toBe(5);
  });
});

describe('scenario deployments (issue #6)', () => {
  it('numbers a header topology zone by zone from 1 as the headless simulator does (ip 10.0.<zone-1>.<n>)', () => {
    expect(topologyServers(2, 2)).toEqual([
      { serverId: 1, zone: 'zone1', svrIp: '10.0.0.1' },
      { serverId: 2, zone: 'zone1', svrIp: '10.0.0.2' },
      { serverId: 3, zone: 'zone2', svrIp: '10.0.1.1' },
      { serverId: 4, zone: 'zone2', svrIp: '10.0.1.2' },
    ]);
    expect(topologyServers(3, 2)).toEqual(simServers(3, 2));
    expect(topologyServers(3, 1)).toEqual([...OBCLUSTER_SERVERS]);
    expect(topologyServers(5, 3).filter((s) => s.zone === 'zone4').map((s) => s.serverId)).toEqual([10, 11, 12]);
    expect(() => topologyServers(0, 1)).toThrow(RangeError);
    expect(() => topologyServers(2, 1.5)).toThrow(RangeError);
  });

  it('keys a scenario namespace by the first 12 hex digits of its SHA-256', async () => {
    // SHA-256('abc') = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(await scenarioKey('abc')).toBe('ba7816bf8f01');
    const a = await scenarioKey('---\ntitle: A\n---\n');
    expect(a).toMatch(/^[0-9a-f]{12}$/);
    expect(await scenarioKey('---\ntitle: A\n---\n')).toBe(a);
    expect(await scenarioKey('---\ntitle: B\n---\n')).not.toBe(a);
    expect(await scenarioKey('ünïcode ✓')).toMatch(/^[0-9a-f]{12}$/);
  });

  it('gives a scenario its own directory and lock, never the user cluster\'s', () => {
    const d = scenarioDeployment('0123456789ab', 2, 2, 'Paxos');
    expect(d).toMatchObject({ kind: 'scenario', namespace: 'scn-0123456789ab', lockName: 'ob-scn-0123456789ab', title: 'Paxos' });
    expect(d.servers).toHaveLength(4);
    expect(scenarioDeployment('0123456789ab', 1, 1, '', 2)).toMatchObject({ namespace: 'scn-0123456789ab-2', lockName: 'ob-scn-0123456789ab-2' });
    const user = userDeployment();
    expect(user).toMatchObject({ kind: 'user', namespace: 'obcluster', lockName: 'obcluster' });
    expect(d.namespace).not.toBe(user.namespace);
    expect(d.lockName).not.toBe(user.lockName);
  });

  it('roots every server of a scenario cluster in its namespace, also one added later', async () => {
    const scn = new ClusterHost({ progress: () => {}, events: () => {}, serverState: () => {} }, topologyServers(2, 2), { namespace: 'scn-feedfacecafe' });
    await scn.boot();
    expect(FakeWorker.all.map((w) => w.config?.opfsRoot)).toEqual(['scn-feedfacecafe/obs-1', 'scn-feedfacecafe/obs-2', 'scn-feedfacecafe/obs-3', 'scn-feedfacecafe/obs-4']);
    expect(FakeWorker.all[0].config?.servers.map((s) => `${s.serverId}@${s.zone}`)).toEqual(['1@zone1', '2@zone1', '3@zone2', '4@zone2']);
    const added = await scn.addServer('zone2');
    expect(added).toEqual({ serverId: 5, zone: 'zone2', svrIp: '10.0.0.5' });
    expect(FakeWorker.live(5).config?.opfsRoot).toBe('scn-feedfacecafe/obs-5');
  });
});
