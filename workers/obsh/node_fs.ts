/**
 * The engine's `FileSystem` on the local disk with `node:fs`, for `obsh --data-dir DIR`: each
 * OBServer gets its own subdirectory (`DIR/observer<serverId>/`), which plays the part of that
 * server's local disk (block file, clog segments, slog/checkpoint).
 *
 * Invariants:
 * - engine paths are `/`-separated and relative; `..` and absolute paths are refused (asserted);
 * - at most one open handle per path, as with OPFS sync access handles (asserted);
 * - `flush()` is `fsync`, so what the engine calls durable survives a crash of the process;
 * - failures are ObErrors: `Errors.diskFull` for ENOSPC/EDQUOT, `Errors.ioError` naming the file
 *   otherwise.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assert } from '../../engine/common/assert';
import { Errors, ObError } from '../../engine/common/ob_error';
import type { FileHandle, FileSystem } from '../../engine/env/index';

function toObError(e: unknown, file: string): ObError {
  if (e instanceof ObError) return e;
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'ENOSPC' || code === 'EDQUOT') return Errors.diskFull();
  const message = e instanceof Error ? e.message : String(e);
  return Errors.ioError(`${message} (${file})`);
}

class NodeFileHandle implements FileHandle {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly fullPath: string,
    private readonly fd: number,
    private readonly onClose: () => void,
  ) {}

  read(offset: number, length: number): Uint8Array {
    assert(!this.closed, `read of closed file ${this.path}`);
    const buffer = new Uint8Array(length);
    let done = 0;
    try {
      while (done < length) {
        const n = fs.readSync(this.fd, buffer, done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
    } catch (e) {
      throw toObError(e, this.fullPath);
    }
    return done === length ? buffer : buffer.subarray(0, done);
  }

  write(offset: number, data: Uint8Array): void {
    assert(!this.closed, `write to closed file ${this.path}`);
    try {
      let done = 0;
      while (done < data.length) done += fs.writeSync(this.fd, data, done, data.length - done, offset + done);
    } catch (e) {
      throw toObError(e, this.fullPath);
    }
  }

  size(): number {
    try {
      return fs.fstatSync(this.fd).size;
    } catch (e) {
      throw toObError(e, this.fullPath);
    }
  }

  truncate(size: number): void {
    try {
      fs.ftruncateSync(this.fd, size);
    } catch (e) {
      throw toObError(e, this.fullPath);
    }
  }

  flush(): void {
    try {
      fs.fsyncSync(this.fd);
    } catch (e) {
      throw toObError(e, this.fullPath);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      fs.closeSync(this.fd);
    } finally {
      this.onClose();
    }
  }
}

export class NodeFileSystem implements FileSystem {
  private readonly open_ = new Set<string>();

  /** `root`: this server's directory (created on first write). */
  constructor(readonly root: string) {}

  private resolve(p: string): string {
    const parts = p.split('/').filter((x) => x.length > 0 && x !== '.');
    assert(!p.startsWith('/') && !parts.includes('..'), `bad engine path '${p}'`);
    return path.join(this.root, ...parts);
  }

  async open(p: string): Promise<FileHandle> {
    const full = this.resolve(p);
    assert(!this.open_.has(full), `file already open: ${p}`);
    try {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      const fd = fs.openSync(full, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
      this.open_.add(full);
      return new NodeFileHandle(p, full, fd, () => this.open_.delete(full));
    } catch (e) {
      throw toObError(e, full);
    }
  }

  async exists(p: string): Promise<boolean> {
    return fs.existsSync(this.resolve(p));
  }

  async list(dir: string): Promise<string[]> {
    const full = dir === '' || dir === '.' ? this.root : this.resolve(dir);
    try {
      return fs.readdirSync(full).sort();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw toObError(e, full);
    }
  }

  async remove(p: string): Promise<void> {
    const full = this.resolve(p);
    try {
      fs.rmSync(full, { force: true, recursive: true });
    } catch (e) {
      throw toObError(e, full);
    }
  }
}

/** The FileSystem of server `serverId` under a shell data directory. */
export function serverFileSystem(dataDir: string, serverId: number): NodeFileSystem {
  return new NodeFileSystem(path.join(dataDir, `observer${serverId}`));
}

/**
 * Takes `DIR/obsh.lock` so two shells never open the same cluster files (as one browser tab owns
 * the OPFS cluster). A lock left by a dead process is taken over. Returns the release function.
 * Errors: `Errors.ioError` when another live obsh holds the directory.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'obsh.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(lockPath, { force: true });
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw toObError(e, lockPath);
      const holder = Number(fs.readFileSync(lockPath, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) {
        throw Errors.ioError(`data directory ${dataDir} is in use by another obsh (pid ${holder})`);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw Errors.ioError(`cannot lock data directory ${dataDir}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
