/**
 * In-memory implementations of the host interfaces, for unit tests, the in-process simulator
 * and the headless shell without `--data-dir`.
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import { Errors } from '../common/ob_error';
import type { Clock, FileHandle, FileSystem, LinkFault, Rng, TimerHandle, Transport, WireMessage } from './index';

/**
 * A file kept in memory. What survives `MemoryFileSystem.crash()` is the content as of the last
 * flush: the first `durableLength` bytes, where bytes overwritten since that flush are restored
 * from `undo` (old bytes saved at write time). Appends past the durable length — the clog and new
 * macroblocks, i.e. almost every write — cost no copy at all.
 */
class MemoryFile {
  data = new Uint8Array(0);
  length = 0;
  durableLength = 0;
  undo: { offset: number; bytes: Uint8Array }[] = [];
  open = false;
  /** Bumped by every crash: handles opened before it are dead (the process that held them is gone). */
  generation = 0;

  /** Saves the durable bytes in [start, end) before they change. */
  saveDurable(start: number, end: number): void {
    const e = Math.min(end, this.durableLength);
    if (start < e) this.undo.push({ offset: start, bytes: this.data.slice(start, e) });
  }
}

class MemoryFileHandle implements FileHandle {
  private readonly generation: number;

  constructor(
    readonly path: string,
    private readonly file: MemoryFile,
  ) {
    this.generation = file.generation;
  }

  /** A handle from before a crash belongs to a dead process: its I/O fails (`Errors.ioError`). */
  private live(): MemoryFile {
    if (this.generation !== this.file.generation) throw Errors.ioError(`${this.path}: handle lost in a crash`);
    return this.file;
  }

  read(offset: number, length: number): Uint8Array {
    this.live();
    const end = Math.min(this.file.length, offset + length);
    return end <= offset ? new Uint8Array(0) : this.file.data.slice(offset, end);
  }

  write(offset: number, data: Uint8Array): void {
    const f = this.live();
    const end = offset + data.length;
    f.saveDurable(offset, end);
    if (end > f.data.length) {
      let cap = Math.max(1024, f.data.length * 2);
      while (cap < end) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(f.data.subarray(0, f.length));
      f.data = next;
    }
    if (offset > f.length) f.data.fill(0, f.length, offset);
    f.data.set(data, offset);
    f.length = Math.max(f.length, end);
  }

  size(): number {
    return this.live().length;
  }

  truncate(size: number): void {
    const f = this.live();
    if (size < f.length) {
      f.saveDurable(size, f.length);
      f.data.fill(0, size, f.length);
      f.length = size;
    } else if (size > f.length) {
      this.write(f.length, new Uint8Array(size - f.length));
    }
  }

  flush(): void {
    const f = this.live();
    f.durableLength = f.length;
    f.undo = [];
  }

  /** Closing a handle lost in a crash does nothing (the file may be open again by a new process). */
  close(): void {
    if (this.generation === this.file.generation) this.file.open = false;
  }
}

export class MemoryFileSystem implements FileSystem {
  private readonly files = new Map<string, MemoryFile>();

  async open(path: string): Promise<FileHandle> {
    let f = this.files.get(path);
    if (!f) {
      f = new MemoryFile();
      this.files.set(path, f);
    }
    assert(!f.open, `file already open: ${path}`);
    f.open = true;
    return new MemoryFileHandle(path, f);
  }

  async exists(path: string): Promise<boolean> {
    return this.files.has(path);
  }

  async list(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    const names = new Set<string>();
    for (const p of this.files.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  async remove(path: string): Promise<void> {
    this.files.delete(path);
  }

  /**
   * Simulates power loss (or `kill -9` with the OS cache lost): every file falls back to its last
   * flushed content; open handles die (their I/O throws `Errors.ioError`, their close is a no-op).
   */
  crash(): void {
    for (const f of this.files.values()) {
      f.generation++;
      for (let i = f.undo.length - 1; i >= 0; i--) f.data.set(f.undo[i].bytes, f.undo[i].offset);
      f.undo = [];
      if (f.length > f.durableLength) f.data.fill(0, f.durableLength, f.length);
      f.length = f.durableLength;
      f.open = false;
    }
  }

  /** Flips one byte of a file (for corruption tests). */
  corrupt(path: string, offset: number): void {
    const f = this.files.get(path);
    assert(f && offset < f.length, `cannot corrupt ${path}@${offset}`);
    f.data[offset] ^= 0xff;
    for (const u of f.undo) if (offset >= u.offset && offset < u.offset + u.bytes.length) u.bytes[offset - u.offset] ^= 0xff;
  }
}

interface VirtualTimer {
  id: number;
  atUs: number;
  fn: () => void;
}

/**
 * A clock whose time moves only when told (`advance`), for deterministic tests and the in-process
 * simulator. Timers fire in (due time, scheduling order) order during `advance`; a timer scheduled
 * by a firing timer fires in the same `advance` if it falls due by its end. A binary heap keeps
 * scheduling and firing O(log n) with thousands of pending RPC timeouts; cancelled timers are
 * skipped lazily.
 */
export class VirtualClock implements Clock {
  private timeUs: number;
  private nextId = 1;
  private readonly heap: VirtualTimer[] = [];
  private readonly pending = new Set<number>();

  constructor(startUs = 1_700_000_000_000_000) {
    this.timeUs = startUs;
  }

  nowUs(): number {
    return this.timeUs;
  }

  schedule(delayUs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.push({ id, atUs: this.timeUs + Math.max(0, delayUs), fn });
    this.pending.add(id);
    return { id };
  }

  cancel(handle: TimerHandle): void {
    this.pending.delete(handle.id);
  }

  /** Timers scheduled and neither fired nor cancelled. */
  pendingTimers(): number {
    return this.pending.size;
  }

  /** Due time (µs) of the next pending timer, or null. */
  nextDueUs(): number | null {
    this.dropCancelled();
    return this.heap.length > 0 ? this.heap[0].atUs : null;
  }

  /** Moves time forward by `deltaUs` (≥ 0), firing every timer due by then in order. */
  advance(deltaUs: number): void {
    assert(deltaUs >= 0, `time does not go back (${deltaUs} µs)`);
    const target = this.timeUs + deltaUs;
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      if (!next || next.atUs > target) break;
      this.pop();
      this.pending.delete(next.id);
      this.timeUs = Math.max(this.timeUs, next.atUs);
      next.fn();
    }
    this.timeUs = target;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && !this.pending.has(this.heap[0].id)) this.pop();
  }

  private before(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.atUs < b.atUs || (a.atUs === b.atUs && a.id < b.id);
  }

  private push(t: VirtualTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.before(h[l], h[m])) m = l;
      if (r < h.length && this.before(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}

/** Mulberry32: small, fast, seeded. */
export class SeededRng implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Options of a `MemoryNetwork`. */
export interface MemoryNetworkOptions {
  /** The clock delayed datagrams wait on; without one, a delay fault cannot be set. */
  clock?: Clock;
  /** Seed of the Rng that draws lossy links' drops (default 1): same seed, same drops. */
  seed?: number;
}

/** Counters of a `MemoryNetwork` (datagrams). */
export interface MemoryNetworkCounters {
  sent: number;
  delivered: number;
  /** Dropped by a cut link, a lossy link, or a down (killed) sender or receiver. */
  dropped: number;
}

const linkKey = (from: number, to: number) => `${from}>${to}`;

/**
 * An in-process network: every server gets a `Transport` whose `send` delivers asynchronously to
 * the peer's handler — on the microtask queue, or after a link's `delayUs` on the injected clock.
 * Faults follow the `LinkFault` model shared with the browser's `PortTransport` (issue #4): per
 * one-way link `cut` (drop), `delayUs` (hold, then deliver; order kept on that link) and
 * `lossRate` (drop drawn from a seeded Rng — the same seed and the same sends drop the same
 * datagrams). `cutLink`/`healLink` are both-direction cuts kept for older tests.
 *
 * A down server (`setDown(s, true)`: its process was killed) neither sends nor receives, and
 * datagrams in flight to it are lost even if it comes back: each `setDown(s, true)` starts a new
 * incarnation, and a transport or a datagram of an older incarnation is dead (a restarted
 * server's new `transport(s)` gets the traffic; the killed one's leftover sends are dropped).
 */
export class MemoryNetwork {
  private readonly handlers = new Map<ServerId, (from: ServerId, m: WireMessage) => void>();
  private readonly faults = new Map<string, LinkFault>();
  private readonly down = new Set<ServerId>();
  private readonly incarnation = new Map<number, number>();
  private readonly clock: Clock | undefined;
  private readonly rng: Rng;
  readonly counters: MemoryNetworkCounters = { sent: 0, delivered: 0, dropped: 0 };
  /** Called for every datagram a live server sends (before faults apply): message traces, counts. */
  onSend: ((from: ServerId, to: ServerId, message: WireMessage) => void) | null = null;

  constructor(options: MemoryNetworkOptions = {}) {
    this.clock = options.clock;
    this.rng = new SeededRng(options.seed ?? 1);
  }

  /** The transport of server `self` for its current incarnation (dead after `setDown(self, true)`). */
  transport(self: ServerId): Transport {
    const born = this.incarnationOf(self);
    return {
      self,
      send: (to, message) => {
        if (this.incarnationOf(self) !== born || this.down.has(self)) return;
        this.send(self, to, message);
      },
      onMessage: (handler) => {
        if (this.incarnationOf(self) === born) this.handlers.set(self, handler);
      },
    };
  }

  /**
   * Sets the fault of the one-way link `f.from` → `f.to`, replacing the previous one; a fault with
   * `cut` false, `delayUs` 0 and `lossRate` 0 clears it. A delay needs the network's clock.
   */
  setLinkFault(f: LinkFault): void {
    assert(f.from !== f.to, 'a link joins two servers');
    assert(f.delayUs >= 0 && f.lossRate >= 0 && f.lossRate <= 1, `bad link fault ${JSON.stringify(f)}`);
    assert(f.delayUs === 0 || this.clock !== undefined, 'a delayed link needs the network clock');
    const key = linkKey(f.from, f.to);
    if (!f.cut && f.delayUs === 0 && f.lossRate === 0) this.faults.delete(key);
    else this.faults.set(key, { ...f });
  }

  /** The faults in force, ordered by (from, to). */
  linkFaults(): LinkFault[] {
    return [...this.faults.values()].map((f) => ({ ...f })).sort((a, b) => a.from - b.from || a.to - b.to);
  }

  /** The fault on the link `from` → `to`, if any. */
  linkFault(from: number, to: number): LinkFault | undefined {
    const f = this.faults.get(linkKey(from, to));
    return f ? { ...f } : undefined;
  }

  /** Heals every link (cuts, delays and losses). Down servers stay down. */
  clearLinkFaults(): void {
    this.faults.clear();
  }

  /** Cuts `a` ↔ `b` both ways (keeping any delay or loss set on those links). */
  cutLink(a: ServerId, b: ServerId): void {
    for (const [from, to] of [[a, b], [b, a]]) this.setLinkFault({ ...this.faultOrClear(from, to), cut: true });
  }

  /** Removes the cut on `a` ↔ `b` both ways (any delay or loss stays). */
  healLink(a: ServerId, b: ServerId): void {
    for (const [from, to] of [[a, b], [b, a]]) this.setLinkFault({ ...this.faultOrClear(from, to), cut: false });
  }

  /** Marks a server's process dead (`true`: a new incarnation starts) or alive again. */
  setDown(s: ServerId, isDown: boolean): void {
    if (isDown) {
      this.down.add(s);
      this.incarnation.set(s, this.incarnationOf(s) + 1);
      this.handlers.delete(s);
    } else {
      this.down.delete(s);
    }
  }

  isDown(s: ServerId): boolean {
    return this.down.has(s);
  }

  private faultOrClear(from: number, to: number): LinkFault {
    return this.faults.get(linkKey(from, to)) ?? { from, to, cut: false, delayUs: 0, lossRate: 0 };
  }

  private incarnationOf(s: number): number {
    return this.incarnation.get(s) ?? 0;
  }

  private send(from: ServerId, to: ServerId, message: WireMessage): void {
    this.counters.sent++;
    this.onSend?.(from, to, message);
    const fault = this.faults.get(linkKey(from, to));
    if (this.down.has(to) || fault?.cut || (fault !== undefined && fault.lossRate > 0 && this.rng.next() < fault.lossRate)) {
      this.counters.dropped++;
      return;
    }
    const target = this.incarnationOf(to);
    const deliver = () => {
      const handler = this.handlers.get(to);
      if (this.down.has(to) || this.incarnationOf(to) !== target || !handler) {
        this.counters.dropped++;
        return;
      }
      this.counters.delivered++;
      handler(from, message);
    };
    if (fault !== undefined && fault.delayUs > 0) this.clock!.schedule(fault.delayUs, deliver);
    else queueMicrotask(deliver);
  }
}
