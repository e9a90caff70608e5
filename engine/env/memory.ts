/**
 * In-memory implementations of the host interfaces, for unit tests, the in-process simulator
 * and the headless shell without `--data-dir`.
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import type { Clock, FileHandle, FileSystem, Rng, TimerHandle, Transport, WireMessage } from './index';

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

  /** Saves the durable bytes in [start, end) before they change. */
  saveDurable(start: number, end: number): void {
    const e = Math.min(end, this.durableLength);
    if (start < e) this.undo.push({ offset: start, bytes: this.data.slice(start, e) });
  }
}

class MemoryFileHandle implements FileHandle {
  constructor(
    readonly path: string,
    private readonly file: MemoryFile,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const end = Math.min(this.file.length, offset + length);
    return end <= offset ? new Uint8Array(0) : this.file.data.slice(offset, end);
  }

  write(offset: number, data: Uint8Array): void {
    const f = this.file;
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
    return this.file.length;
  }

  truncate(size: number): void {
    const f = this.file;
    if (size < f.length) {
      f.saveDurable(size, f.length);
      f.data.fill(0, size, f.length);
      f.length = size;
    } else if (size > f.length) {
      this.write(f.length, new Uint8Array(size - f.length));
    }
  }

  flush(): void {
    this.file.durableLength = this.file.length;
    this.file.undo = [];
  }

  close(): void {
    this.file.open = false;
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

  /** Simulates power loss: every file falls back to its last flushed content; handles close. */
  crash(): void {
    for (const f of this.files.values()) {
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

/**
 * A clock whose time moves only when told (`advance`), for deterministic tests. Timers fire in
 * time order during `advance`.
 */
export class VirtualClock implements Clock {
  private timeUs: number;
  private nextId = 1;
  private timers: { id: number; atUs: number; fn: () => void }[] = [];

  constructor(startUs = 1_700_000_000_000_000) {
    this.timeUs = startUs;
  }

  nowUs(): number {
    return this.timeUs;
  }

  schedule(delayUs: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, atUs: this.timeUs + Math.max(0, delayUs), fn });
    return { id };
  }

  cancel(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  advance(deltaUs: number): void {
    const target = this.timeUs + deltaUs;
    for (;;) {
      let next: { id: number; atUs: number; fn: () => void } | undefined;
      for (const t of this.timers) if (t.atUs <= target && (!next || t.atUs < next.atUs)) next = t;
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.timeUs = Math.max(this.timeUs, next.atUs);
      next.fn();
    }
    this.timeUs = target;
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

/**
 * An in-process network: every server gets a `Transport` whose `send` delivers asynchronously
 * (on the microtask queue) to the peer's handler. Links can be cut for fault tests.
 */
export class MemoryNetwork {
  private readonly handlers = new Map<ServerId, (from: ServerId, m: WireMessage) => void>();
  private readonly cut = new Set<string>();
  private readonly down = new Set<ServerId>();

  transport(self: ServerId): Transport {
    return {
      self,
      send: (to, message) => {
        if (this.down.has(self) || this.down.has(to) || this.cut.has(`${self}>${to}`)) return;
        queueMicrotask(() => {
          if (this.down.has(to)) return;
          this.handlers.get(to)?.(self, message);
        });
      },
      onMessage: (handler) => {
        this.handlers.set(self, handler);
      },
    };
  }

  cutLink(a: ServerId, b: ServerId): void {
    this.cut.add(`${a}>${b}`).add(`${b}>${a}`);
  }

  healLink(a: ServerId, b: ServerId): void {
    this.cut.delete(`${a}>${b}`);
    this.cut.delete(`${b}>${a}`);
  }

  setDown(s: ServerId, isDown: boolean): void {
    if (isDown) this.down.add(s);
    else this.down.delete(s);
  }
}
