/**
 * In-memory implementations of the host interfaces, for unit tests, the in-process simulator
 * and the headless shell without `--data-dir`.
 */
import { assert } from '../common/assert';
import type { ServerId } from '../common/ids';
import type { Clock, FileHandle, FileSystem, Rng, TimerHandle, Transport, WireMessage } from './index';

/**
 * A file kept in memory; `durable` (its first `durableLength` bytes) is what survives
 * `MemoryFileSystem.crash()`. Writes since the last flush are tracked as dirty ranges, so a flush
 * costs the bytes written, not the file size.
 */
class MemoryFile {
  data = new Uint8Array(0);
  length = 0;
  durable = new Uint8Array(0);
  durableLength = 0;
  dirty: [number, number][] = [];
  open = false;
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
    const end = offset + data.length;
    if (end > this.file.data.length) {
      let cap = Math.max(1024, this.file.data.length * 2);
      while (cap < end) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.file.data.subarray(0, this.file.length));
      this.file.data = next;
    }
    this.file.data.set(data, offset);
    this.file.length = Math.max(this.file.length, end);
    const last = this.file.dirty[this.file.dirty.length - 1];
    if (last && last[1] === offset) last[1] = end;
    else this.file.dirty.push([offset, end]);
  }

  size(): number {
    return this.file.length;
  }

  truncate(size: number): void {
    if (size < this.file.length) this.file.data.fill(0, size, this.file.length);
    else this.write(this.file.length, new Uint8Array(size - this.file.length));
    this.file.length = size;
    this.file.dirty.push([size, size]);
  }

  flush(): void {
    const f = this.file;
    if (f.durable.length < f.length) {
      let cap = Math.max(1024, f.durable.length * 2);
      while (cap < f.length) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(f.durable.subarray(0, f.durableLength));
      f.durable = next;
    }
    for (const [start, end] of f.dirty) {
      const e = Math.min(end, f.length);
      if (e > start) f.durable.set(f.data.subarray(start, e), start);
    }
    if (f.length < f.durableLength) f.durable.fill(0, f.length, f.durableLength);
    f.durableLength = f.length;
    f.dirty = [];
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
      f.data = f.durable.slice(0, Math.max(f.durableLength, 1024));
      f.length = f.durableLength;
      f.dirty = [];
      f.open = false;
    }
  }

  /** Flips one byte of a file (for corruption tests). */
  corrupt(path: string, offset: number): void {
    const f = this.files.get(path);
    assert(f && offset < f.length, `cannot corrupt ${path}@${offset}`);
    f.data[offset] ^= 0xff;
    if (offset < f.durableLength) f.durable[offset] ^= 0xff;
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
