/**
 * The engine's `FileSystem` on the Origin Private File System, with synchronous access handles
 * (available in dedicated workers only). It plays the part of an OBServer's local disk: the
 * data (block) file of macroblocks, the clog segments of each log stream, the slog/checkpoint.
 *
 * Layout: every server is rooted at its own directory, `obcluster/obs-<serverId>/`, so no file is
 * ever opened by two workers; `/` in engine paths become nested OPFS directories.
 *
 * Invariants:
 * - At most one open handle per path (OPFS sync access handles are exclusive locks); open
 *   handles are kept in a map and all released by `closeAll()` (server stop or crash), so a
 *   restarted worker can reopen the files.
 * - `NoModificationAllowedError` when creating a handle means another holder still has the lock
 *   (a reload race: Chrome releases a dead worker's handles a little late). Opening retries with
 *   backoff before failing with `Errors.ioError`.
 * - Quota exhaustion (`QuotaExceededError`) is `Errors.diskFull()`; other I/O failures are
 *   `Errors.ioError(...)` naming the file.
 */
import { assert } from '../engine/common/assert';
import { Errors, ObError } from '../engine/common/ob_error';
import type { FileHandle, FileSystem } from '../engine/env/index';

// Minimal structural views of the OPFS types (TypeScript's DOM lib lacks the worker-only parts).

export interface OpfsSyncHandle {
  read(buffer: Uint8Array, options?: { at?: number }): number;
  write(buffer: Uint8Array, options?: { at?: number }): number;
  getSize(): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

export interface OpfsFile {
  readonly kind: 'file';
  createSyncAccessHandle(): Promise<OpfsSyncHandle>;
}

export interface OpfsDirectory {
  readonly kind: 'directory';
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<OpfsDirectory>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<OpfsFile>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
  keys(): AsyncIterable<string>;
}

/** Retry delays (ms) when a sync access handle is still locked; about 3 s in all. */
export const OPFS_LOCK_RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600] as const;

export interface OpfsOptions {
  /** The OPFS root (defaults to `navigator.storage.getDirectory()`). */
  storageRoot?: OpfsDirectory;
  /** Waits between lock retries (defaults to setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function splitPath(path: string): string[] {
  const parts = path.split('/').filter((p) => p.length > 0 && p !== '.');
  assert(parts.length > 0 && !parts.includes('..'), `bad OPFS path '${path}'`);
  return parts;
}

function domName(e: unknown): string {
  return typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';
}

/** Maps a DOMException from OPFS to the engine's ObError. */
function toObError(e: unknown, path: string): ObError {
  if (e instanceof ObError) return e;
  if (domName(e) === 'QuotaExceededError') return Errors.diskFull();
  const message = e instanceof Error ? e.message : String(e);
  return Errors.ioError(`${domName(e) || 'Error'}: ${message} (${path})`);
}

class OpfsFileHandle implements FileHandle {
  constructor(
    readonly path: string,
    private readonly handle: OpfsSyncHandle,
    private readonly onClose: (h: OpfsFileHandle) => void,
  ) {}

  read(offset: number, length: number): Uint8Array {
    assert(offset >= 0 && length >= 0, `read(${offset}, ${length}) of ${this.path}`);
    const buf = new Uint8Array(length);
    const n = this.guard(() => this.handle.read(buf, { at: offset }));
    return n < length ? buf.subarray(0, n) : buf;
  }

  write(offset: number, data: Uint8Array): void {
    assert(offset >= 0, `write at ${offset} of ${this.path}`);
    const n = this.guard(() => this.handle.write(data, { at: offset }));
    if (n < data.length) throw Errors.diskFull();
  }

  size(): number {
    return this.guard(() => this.handle.getSize());
  }

  truncate(size: number): void {
    this.guard(() => this.handle.truncate(size));
  }

  flush(): void {
    this.guard(() => this.handle.flush());
  }

  close(): void {
    this.release();
    this.onClose(this);
  }

  /** Closes the OPFS handle without notifying the file system (used by closeAll). */
  release(): void {
    try {
      this.handle.close();
    } catch {
      // Already closed (the worker is shutting down): nothing left to release.
    }
  }

  private guard<T>(op: () => T): T {
    try {
      return op();
    } catch (e) {
      throw toObError(e, this.path);
    }
  }
}

export class OpfsFileSystem implements FileSystem {
  private readonly openHandles = new Map<string, OpfsFileHandle>();
  private readonly dirs = new Map<string, OpfsDirectory>();

  private constructor(
    private readonly root: OpfsDirectory,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.dirs.set('', root);
  }

  /**
   * Opens (creating) the directory `rootPath` (e.g. `obcluster/obs-1`) under the OPFS root.
   * Throws `Errors.ioError` when OPFS is unavailable (not a dedicated worker, private mode).
   */
  static async open(rootPath: string, options: OpfsOptions = {}): Promise<OpfsFileSystem> {
    let dir: OpfsDirectory;
    try {
      dir = options.storageRoot ?? ((await navigator.storage.getDirectory()) as unknown as OpfsDirectory);
      for (const part of splitPath(rootPath)) dir = await dir.getDirectoryHandle(part, { create: true });
    } catch (e) {
      throw toObError(e, rootPath);
    }
    return new OpfsFileSystem(dir, options.sleep ?? defaultSleep);
  }

  /** Opens `path`, creating it and its directories. Retries while another holder has the lock. */
  async open(path: string): Promise<FileHandle> {
    assert(!this.openHandles.has(path), `file already open: ${path}`);
    const parts = splitPath(path);
    try {
      const dir = await this.directory(parts.slice(0, -1), true);
      assert(dir, 'created directory missing');
      const file = await dir.getFileHandle(parts[parts.length - 1], { create: true });
      const sync = await this.lockWithRetry(file, path);
      const handle = new OpfsFileHandle(path, sync, (h) => this.openHandles.delete(h.path));
      this.openHandles.set(path, handle);
      return handle;
    } catch (e) {
      throw toObError(e, path);
    }
  }

  async exists(path: string): Promise<boolean> {
    const parts = splitPath(path);
    const dir = await this.directory(parts.slice(0, -1), false);
    if (!dir) return false;
    const name = parts[parts.length - 1];
    for await (const entry of dir.keys()) if (entry === name) return true;
    return false;
  }

  async list(dir: string): Promise<string[]> {
    const parts = dir.split('/').filter((p) => p.length > 0);
    const handle = await this.directory(parts, false);
    if (!handle) return [];
    const names: string[] = [];
    for await (const name of handle.keys()) names.push(name);
    return names.sort();
  }

  /** Removes a file or a whole directory; open handles under it are closed first. */
  async remove(path: string): Promise<void> {
    const parts = splitPath(path);
    const prefix = parts.join('/');
    for (const [p, h] of [...this.openHandles]) {
      if (p === prefix || p.startsWith(prefix + '/')) h.close();
    }
    for (const key of [...this.dirs.keys()]) if (key === prefix || key.startsWith(prefix + '/')) this.dirs.delete(key);
    const dir = await this.directory(parts.slice(0, -1), false);
    if (!dir) return;
    try {
      await dir.removeEntry(parts[parts.length - 1], { recursive: true });
    } catch (e) {
      if (domName(e) !== 'NotFoundError') throw toObError(e, path);
    }
  }

  /** Paths with an open handle (for diagnostics and tests). */
  openPaths(): string[] {
    return [...this.openHandles.keys()].sort();
  }

  /** Releases every OPFS handle (server stop or crash), so another worker can open the files. */
  closeAll(): void {
    for (const h of this.openHandles.values()) h.release();
    this.openHandles.clear();
  }

  private async directory(parts: string[], create: boolean): Promise<OpfsDirectory | null> {
    let key = '';
    let dir = this.root;
    for (const part of parts) {
      key = key ? `${key}/${part}` : part;
      const cached = this.dirs.get(key);
      if (cached) {
        dir = cached;
        continue;
      }
      try {
        dir = await dir.getDirectoryHandle(part, { create });
      } catch (e) {
        if (!create && (domName(e) === 'NotFoundError' || domName(e) === 'TypeMismatchError')) return null;
        throw e;
      }
      this.dirs.set(key, dir);
    }
    return dir;
  }

  private async lockWithRetry(file: OpfsFile, path: string): Promise<OpfsSyncHandle> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await file.createSyncAccessHandle();
      } catch (e) {
        if (domName(e) !== 'NoModificationAllowedError') throw e;
        if (attempt >= OPFS_LOCK_RETRY_DELAYS_MS.length) {
          throw Errors.ioError(`'${path}' is locked by another holder (is the playground open in another tab?)`);
        }
        await this.sleep(OPFS_LOCK_RETRY_DELAYS_MS[attempt]);
      }
    }
  }
}
