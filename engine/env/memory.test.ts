/**
 * The in-memory host: crash semantics of MemoryFileSystem (only flushed bytes survive, handles of
 * the dead process die) and MemoryNetwork's link faults (cut one way, delay order on the virtual
 * clock, seeded loss, killed incarnations).
 */
import { describe, expect, it } from 'vitest';
import { serverId } from '../common/ids';
import { MemoryFileSystem, MemoryNetwork, VirtualClock } from './memory';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('MemoryFileSystem', () => {
  it('keeps only flushed content across a crash: overwrites undone, appends and truncations dropped', async () => {
    const fs = new MemoryFileSystem();
    const f = await fs.open('clog/1');
    f.write(0, bytes(1, 2, 3, 4));
    f.flush();
    f.write(1, bytes(9, 9)); // overwrite durable bytes
    f.write(4, bytes(5, 6)); // append
    f.truncate(2);
    f.write(2, bytes(7));
    expect([...f.read(0, 10)]).toEqual([1, 9, 7]);
    fs.crash();
    const g = await fs.open('clog/1');
    expect([...g.read(0, 10)]).toEqual([1, 2, 3, 4]);
  });

  it('makes everything durable at flush and lists files per directory', async () => {
    const fs = new MemoryFileSystem();
    const f = await fs.open('data/block_file');
    f.write(4, bytes(8));
    f.flush();
    fs.crash();
    const g = await fs.open('data/block_file');
    expect([...g.read(0, 10)]).toEqual([0, 0, 0, 0, 8]);
    expect(await fs.list('data')).toEqual(['block_file']);
    expect(await fs.list('nothing')).toEqual([]);
  });
});

describe('MemoryFileSystem handles across a crash', () => {
  it('fails I/O through a handle opened before the crash, and its close does not close the reopened file', async () => {
    const fs = new MemoryFileSystem();
    const old = await fs.open('slog/checkpoint');
    old.write(0, bytes(1));
    old.flush();
    fs.crash();
    expect(() => old.write(1, bytes(2))).toThrow(/IO error: slog\/checkpoint: handle lost in a crash/);
    expect(() => old.read(0, 1)).toThrow(/IO error/);
    const fresh = await fs.open('slog/checkpoint');
    old.close();
    await expect(fs.open('slog/checkpoint')).rejects.toThrow(/already open/);
    expect([...fresh.read(0, 4)]).toEqual([1]);
  });
});

const s1 = serverId(1);
const s2 = serverId(2);
const s3 = serverId(3);

/** Three servers on one network; `got[id]` lists `from:seq` of what each received. */
function net(clock?: VirtualClock, seed?: number) {
  const network = new MemoryNetwork({ clock, seed });
  const got: Record<number, string[]> = { 1: [], 2: [], 3: [] };
  const t = [s1, s2, s3].map((id) => {
    const tr = network.transport(id);
    tr.onMessage((from, m) => got[id].push(`${from}:${m.seq}`));
    return tr;
  });
  return { network, got, t };
}
const settle = () => new Promise<void>((r) => setTimeout(r, 0));

describe('MemoryNetwork link faults', () => {
  it('a one-way cut drops 1→2 only; 2→1 still flows; clearing heals it', async () => {
    const { network, got, t } = net();
    network.setLinkFault({ from: 1, to: 2, cut: true, delayUs: 0, lossRate: 0 });
    t[0].send(s2, { seq: 1 });
    t[1].send(s1, { seq: 2 });
    t[0].send(s3, { seq: 3 });
    await settle();
    expect(got).toEqual({ 1: ['2:2'], 2: [], 3: ['1:3'] });
    expect(network.linkFaults()).toEqual([{ from: 1, to: 2, cut: true, delayUs: 0, lossRate: 0 }]);
    network.setLinkFault({ from: 1, to: 2, cut: false, delayUs: 0, lossRate: 0 });
    expect(network.linkFaults()).toEqual([]);
    t[0].send(s2, { seq: 4 });
    await settle();
    expect(got[2]).toEqual(['1:4']);
  });

  it('cutLink/healLink cut both directions and keep a delay set on the link', async () => {
    const clock = new VirtualClock(0);
    const { network, got, t } = net(clock);
    network.setLinkFault({ from: 1, to: 2, cut: false, delayUs: 1_000, lossRate: 0 });
    network.cutLink(s1, s2);
    t[0].send(s2, { seq: 1 });
    t[1].send(s1, { seq: 2 });
    clock.advance(5_000);
    await settle();
    expect(got).toEqual({ 1: [], 2: [], 3: [] });
    network.healLink(s1, s2);
    expect(network.linkFaults()).toEqual([{ from: 1, to: 2, cut: false, delayUs: 1_000, lossRate: 0 }]);
  });

  it('a delayed link delivers after delayUs of the clock, in send order, while other links stay immediate', async () => {
    const clock = new VirtualClock(0);
    const { network, got, t } = net(clock);
    network.setLinkFault({ from: 1, to: 2, cut: false, delayUs: 10_000, lossRate: 0 });
    t[0].send(s2, { seq: 1 });
    clock.advance(4_000);
    t[0].send(s2, { seq: 2 });
    t[0].send(s3, { seq: 3 });
    await settle();
    expect(got[2]).toEqual([]);
    expect(got[3]).toEqual(['1:3']);
    clock.advance(6_000); // t = 10 ms: the first is due
    expect(got[2]).toEqual(['1:1']);
    clock.advance(4_000); // t = 14 ms: the second
    expect(got[2]).toEqual(['1:1', '1:2']);
  });

  it('a lossy link drops a seeded share: the same seed drops the same datagrams', async () => {
    const run = async (seed: number) => {
      const { network, got, t } = net(undefined, seed);
      network.setLinkFault({ from: 1, to: 2, cut: false, delayUs: 0, lossRate: 0.5 });
      for (let i = 0; i < 200; i++) t[0].send(s2, { seq: i });
      await settle();
      return { got: got[2], counters: { ...network.counters } };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(a.got).toEqual(b.got);
    expect(a.got).not.toEqual(c.got);
    expect(a.got.length).toBeGreaterThan(60);
    expect(a.got.length).toBeLessThan(140);
    expect(a.counters).toEqual({ sent: 200, delivered: a.got.length, dropped: 200 - a.got.length });
  });

  it('a killed server neither sends nor receives; its new incarnation gets traffic, its old transport stays dead', async () => {
    const clock = new VirtualClock(0);
    const { network, got, t } = net(clock);
    network.setLinkFault({ from: 1, to: 2, cut: false, delayUs: 1_000, lossRate: 0 });
    t[0].send(s2, { seq: 1 }); // in flight when 2 dies
    network.setDown(s2, true);
    t[2].send(s2, { seq: 2 });
    t[1].send(s3, { seq: 3 });
    network.setDown(s2, false);
    const reborn = network.transport(s2);
    const again: string[] = [];
    reborn.onMessage((from, m) => again.push(`${from}:${m.seq}`));
    clock.advance(2_000);
    t[1].send(s3, { seq: 4 }); // the dead incarnation's transport
    reborn.send(s3, { seq: 5 });
    t[2].send(s2, { seq: 6 });
    await settle();
    expect(got[2]).toEqual([]);
    expect(again).toEqual(['3:6']);
    expect(got[3]).toEqual(['2:5']);
  });
});

describe('VirtualClock', () => {
  it('fires timers in due-time order, ties in scheduling order, including timers scheduled while firing', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.schedule(30, () => fired.push('c@30'));
    clock.schedule(10, () => {
      fired.push('a@10');
      clock.schedule(5, () => fired.push('d@15'));
    });
    clock.schedule(10, () => fired.push('b@10'));
    const gone = clock.schedule(20, () => fired.push('cancelled'));
    clock.cancel(gone);
    clock.advance(29);
    expect(fired).toEqual(['a@10', 'b@10', 'd@15']);
    expect(clock.nowUs()).toBe(29);
    expect(clock.nextDueUs()).toBe(30);
    clock.advance(1);
    expect(fired).toEqual(['a@10', 'b@10', 'd@15', 'c@30']);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('sees the due time as now inside a timer callback', () => {
    const clock = new VirtualClock(100);
    let seen = 0;
    clock.schedule(7, () => (seen = clock.nowUs()));
    clock.advance(50);
    expect(seen).toBe(107);
    expect(clock.nowUs()).toBe(150);
  });
});
