/**
 * PortTransport over real MessageChannels (Node's implement the same API as the browser's), and
 * the batching of events sent to the page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { serverId, type ServerId } from '../engine/common/ids';
import type { ObEvent, WireMessage } from '../engine/env/index';
import { SeededRng, VirtualClock } from '../engine/env/memory';
import { BatchedEventSink, BULK_TRANSFER_MIN_BYTES, PortTransport, type PeerPortLike } from './port_transport';

const open: PortTransport[] = [];

function pair(a: number, b: number): [PortTransport, PortTransport] {
  const ta = new PortTransport(a);
  const tb = new PortTransport(b);
  const ch = new MessageChannel();
  ta.setPeerPort(b, ch.port1);
  tb.setPeerPort(a, ch.port2);
  open.push(ta, tb);
  return [ta, tb];
}

function nextMessage(t: PortTransport): Promise<{ from: ServerId; message: WireMessage }> {
  return new Promise((resolve) => t.onMessage((from, message) => resolve({ from, message })));
}

afterEach(() => {
  for (const t of open.splice(0)) t.close();
});

describe('PortTransport', () => {
  it('delivers a datagram to the peer with the sender id', async () => {
    const [t1, t2] = pair(1, 2);
    const got = nextMessage(t2);
    t1.send(serverId(2), { type: 'vote', term: 3 });
    expect(await got).toEqual({ from: 1, message: { type: 'vote', term: 3 } });
  });

  it('keeps datagrams that arrive before the engine installs its handler', async () => {
    const [t1, t2] = pair(1, 2);
    t1.send(serverId(2), { seq: 1 });
    t1.send(serverId(2), { seq: 2 });
    await new Promise((r) => setTimeout(r, 20));
    const seen: unknown[] = [];
    t2.onMessage((_from, m) => seen.push(m.seq));
    expect(seen).toEqual([1, 2]);
  });

  it('drops datagrams to a server it has no port to', () => {
    const t = new PortTransport(1);
    open.push(t);
    expect(() => t.send(serverId(3), { x: 1 })).not.toThrow();
  });

  it('moves a large payload without detaching the sender buffer', async () => {
    const [t1, t2] = pair(1, 2);
    const payload = new Uint8Array(BULK_TRANSFER_MIN_BYTES + 10).map((_, i) => i & 0xff);
    const got = nextMessage(t2);
    t1.send(serverId(2), { type: 'append', payload });
    const { message } = await got;
    expect(payload.byteLength).toBe(BULK_TRANSFER_MIN_BYTES + 10);
    expect(message.payload).toEqual(payload);
  });

  it('honours an explicit transfer list (the buffer moves)', async () => {
    const [t1, t2] = pair(1, 2);
    const bytes = new Uint8Array([1, 2, 3]);
    const got = nextMessage(t2);
    t1.send(serverId(2), { bytes }, [bytes.buffer]);
    expect(bytes.byteLength).toBe(0);
    expect((await got).message.bytes).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('goes silent after close (a crashed server neither sends nor receives)', async () => {
    const [t1, t2] = pair(1, 2);
    const seen: unknown[] = [];
    t2.onMessage((_f, m) => seen.push(m));
    t2.close();
    t1.send(serverId(2), { late: true });
    t2.send(serverId(1), { fromDead: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
  });

  it('replaces the port of a restarted peer', async () => {
    const [t1] = pair(1, 2);
    const restarted = new PortTransport(2);
    open.push(restarted);
    const ch = new MessageChannel();
    t1.setPeerPort(2, ch.port1);
    restarted.setPeerPort(1, ch.port2);
    const got = nextMessage(restarted);
    t1.send(serverId(2), { hello: 'again' });
    expect((await got).message).toEqual({ hello: 'again' });
    expect(t1.peers()).toEqual([2]);
  });
});

/** A port that records what is posted on it (a synchronous stand-in for one end of a channel). */
class FakePort implements PeerPortLike {
  posted: unknown[] = [];
  closed = false;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  postMessage(message: unknown): void {
    if (!this.closed) this.posted.push((message as { message: WireMessage }).message.seq);
  }
  close(): void {
    this.closed = true;
  }
}

function faulty(clock?: VirtualClock, seed = 1) {
  const t = new PortTransport(1, { clock, rng: new SeededRng(seed) });
  const to2 = new FakePort();
  const to3 = new FakePort();
  t.setPeerPort(2, to2);
  t.setPeerPort(3, to3);
  return { t, to2, to3 };
}
const healthy = { cut: false, delayUs: 0, lossRate: 0 };

describe('PortTransport link faults', () => {
  it('drops datagrams on a cut outgoing link only, and ignores faults of other servers\' links', () => {
    const { t, to2, to3 } = faulty();
    t.setLinkFaults([
      { from: 1, to: 2, ...healthy, cut: true },
      { from: 2, to: 3, ...healthy, cut: true }, // not this server's link
    ]);
    expect(t.linkFaults()).toEqual([{ from: 1, to: 2, ...healthy, cut: true }]);
    t.send(serverId(2), { seq: 1 });
    t.send(serverId(3), { seq: 2 });
    expect(to2.posted).toEqual([]);
    expect(to3.posted).toEqual([2]);
    t.setLinkFaults([]);
    t.send(serverId(2), { seq: 3 });
    expect(to2.posted).toEqual([3]);
  });

  it('holds datagrams on a delayed link for delayUs of the clock, in order', () => {
    const clock = new VirtualClock(0);
    const { t, to2, to3 } = faulty(clock);
    t.setLinkFaults([{ from: 1, to: 2, ...healthy, delayUs: 30_000 }]);
    t.send(serverId(2), { seq: 1 });
    clock.advance(10_000);
    t.send(serverId(2), { seq: 2 });
    t.send(serverId(3), { seq: 3 });
    expect(to3.posted).toEqual([3]);
    clock.advance(19_999);
    expect(to2.posted).toEqual([]);
    clock.advance(1);
    expect(to2.posted).toEqual([1]);
    clock.advance(10_000);
    expect(to2.posted).toEqual([1, 2]);
  });

  it('loses a held datagram when the peer restarted meanwhile (it was on the old connection) or the server died', () => {
    const clock = new VirtualClock(0);
    const { t, to2, to3 } = faulty(clock);
    t.setLinkFaults([{ from: 1, to: 2, ...healthy, delayUs: 5_000 }, { from: 1, to: 3, ...healthy, delayUs: 5_000 }]);
    t.send(serverId(2), { seq: 1 });
    const fresh = new FakePort();
    t.setPeerPort(2, fresh);
    t.send(serverId(2), { seq: 2 });
    t.send(serverId(3), { seq: 3 });
    t.close();
    clock.advance(5_000);
    expect(to2.posted).toEqual([]);
    expect(fresh.posted).toEqual([]);
    expect(to3.posted).toEqual([]);
  });

  it('drops a seeded share on a lossy link: the same seed loses the same datagrams', () => {
    const run = (seed: number) => {
      const { t, to2 } = faulty(undefined, seed);
      t.setLinkFaults([{ from: 1, to: 2, ...healthy, lossRate: 0.25 }]);
      for (let i = 0; i < 400; i++) t.send(serverId(2), { seq: i });
      return to2.posted;
    };
    const a = run(3);
    expect(run(3)).toEqual(a);
    expect(run(4)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(250);
    expect(a.length).toBeLessThan(350);
  });

  it('taps every datagram sent while open (for the message trace), before faults apply', () => {
    const { t } = faulty();
    const tapped: string[] = [];
    t.onSend = (to, m) => tapped.push(`${to}:${m.seq}`);
    t.setLinkFaults([{ from: 1, to: 2, ...healthy, cut: true }]);
    t.send(serverId(2), { seq: 1 });
    t.close();
    t.send(serverId(3), { seq: 2 });
    expect(tapped).toEqual(['2:1']);
  });

  it('refuses a delay fault without a clock', () => {
    const { t } = faulty();
    expect(() => t.setLinkFaults([{ from: 1, to: 2, ...healthy, delayUs: 1 }])).toThrow(/needs the transport clock/);
  });
});

describe('BatchedEventSink', () => {
  function manualSink() {
    const posted: ObEvent[][] = [];
    const timers: (() => void)[] = [];
    const sink = new BatchedEventSink((e) => posted.push(e), { set: (fn) => timers.push(fn) });
    return { sink, posted, fire: () => timers.splice(0).forEach((f) => f()), timers };
  }
  const role = (atUs: number): ObEvent => ({ kind: 'role-change', tenantId: 1002, lsId: 1001, role: 'LEADER', atUs });
  const progress = (done: number): ObEvent => ({
    kind: 'compaction-progress', tenantId: 1002, tabletId: 200001, mergeType: 'MAJOR_MERGE', done, total: 10, atUs: done,
  });

  it('posts one batch per interval, in order', () => {
    const { sink, posted, fire, timers } = manualSink();
    sink.emit(role(1));
    sink.emit(role(2));
    expect(timers).toHaveLength(1);
    expect(posted).toEqual([]);
    fire();
    expect(posted).toEqual([[role(1), role(2)]]);
    sink.emit(role(3));
    fire();
    expect(posted).toHaveLength(2);
  });

  it('keeps only the latest progress of one compaction within a batch', () => {
    const { sink, posted, fire } = manualSink();
    sink.emit(progress(1));
    sink.emit(role(5));
    sink.emit(progress(7));
    fire();
    expect(posted[0]).toEqual([progress(7), role(5)]);
  });

  it('bounds a batch and says how many events it dropped', () => {
    const { sink, posted, fire } = manualSink();
    for (let i = 0; i < 1_005; i++) sink.emit(role(i));
    fire();
    const batch = posted[0];
    expect(batch[0]).toEqual(role(5));
    expect(batch[batch.length - 1]).toMatchObject({ kind: 'log', level: 'warn', message: '5 events dropped (UI batch full)' });
  });
});
