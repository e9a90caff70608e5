/**
 * OpfsFileSystem against a small in-memory stand-in for OPFS that follows the browser's rules
 * (exclusive sync access handles, DOMException names). Real OPFS is covered by the Playwright
 * tests (rows survive a reload).
 */
import { describe, expect, it } from 'vitest';
import { ObError } from '../engine/common/ob_error';
import { OPFS_LOCK_RETRY_DELAYS_MS, OpfsFileSystem, type OpfsDirectory, type OpfsFile, type OpfsSyncHandle } from './opfs_fs';

class FakeFile implements OpfsFile {
  readonly kind = 'file' as const;
  data = new Uint8Array(0);
  locked = false;
  /** How many more createSyncAccessHandle calls fail as if another holder had the lock. */
  busyFor = 0;
  constructor(private readonly quota: { bytes: number }) {}

  async createSyncAccessHandle(): Promise<OpfsSyncHandle> {
    if (this.locked || this.busyFor-- > 0) {
      throw new DOMException('Access Handles cannot be created if there is another open Access Handle', 'NoModificationAllowedError');
    }
    this.locked = true;
    let open = true;
    const check = () => {
      if (!open) throw new DOMException('closed', 'InvalidStateError');
    };
    return {
      read: (buf, o) => {
        check();
        const at = o?.at ?? 0;
        const part = this.data.subarray(at, at + buf.length);
        buf.set(part);
        return part.length;
      },
      write: (buf, o) => {
        check();
        const end = (o?.at ?? 0) + buf.length;
        if (end > this.quota.bytes) throw new DOMException('quota', 'QuotaExceededError');
        if (end > this.data.length) {
          const grown = new Uint8Array(end);
          grown.set(this.data);
          this.data = grown;
        }
        this.data.set(buf, o?.at ?? 0);
        return buf.length;
      },
      getSize: () => this.data.length,
      truncate: (size) => {
        const next = new Uint8Array(size);
        next.set(this.data.subarray(0, size));
        this.data = next;
      },
      flush: () => check(),
      close: () => {
        open = false;
        this.locked = false;
      },
    };
  }
}

class FakeDir implements OpfsDirectory {
  readonly kind = 'directory' as const;
  readonly children = new Map<string, FakeDir | FakeFile>();
  constructor(readonly quota = { bytes: 1 << 20 }) {}

  async getDirectoryHandle(name: string, o?: { create?: boolean }): Promise<OpfsDirectory> {
    const c = this.children.get(name);
    if (c instanceof FakeDir) return c;
    if (c) throw new DOMException('not a directory', 'TypeMismatchError');
    if (!o?.create) throw new DOMException('missing', 'NotFoundError');
    const d = new FakeDir(this.quota);
    this.children.set(name, d);
    return d;
  }

  async getFileHandle(name: string, o?: { create?: boolean }): Promise<OpfsFile> {
    const c = this.children.get(name);
    if (c instanceof FakeFile) return c;
    if (c) throw new DOMException('not a file', 'TypeMismatchError');
    if (!o?.create) throw new DOMException('missing', 'NotFoundError');
    const f = new FakeFile(this.quota);
    this.children.set(name, f);
    return f;
  }

  async removeEntry(name: string): Promise<void> {
    const c = this.children.get(name);
    if (!c) throw new DOMException('missing', 'NotFoundError');
    if (c instanceof FakeFile && c.locked) throw new DOMException('locked', 'NoModificationAllowedError');
    this.children.delete(name);
  }

  async *keys(): AsyncIterable<string> {
    for (const k of this.children.keys()) yield k;
  }
}

async function setup() {
  const root = new FakeDir();
  const waits: number[] = [];
  const fs = await OpfsFileSystem.open('obcluster/obs-2', {
    storageRoot: root,
    sleep: async (ms) => void waits.push(ms),
  });
  const serverDir = (await (await root.getDirectoryHandle('obcluster')).getDirectoryHandle('obs-2')) as FakeDir;
  return { root, fs, waits, serverDir };
}

describe('OpfsFileSystem', () => {
  it('roots a server in obcluster/obs-<id> and nests directories from the path', async () => {
    const { fs, serverDir } = await setup();
    const h = await fs.open('clog/1002/1001');
    h.write(0, new Uint8Array([7, 8, 9]));
    h.flush();
    const clog = serverDir.children.get('clog') as FakeDir;
    expect(clog.children.get('1002')).toBeInstanceOf(FakeDir);
    expect(await fs.list('clog/1002')).toEqual(['1001']);
    expect(await fs.list('clog')).toEqual(['1002']);
    expect(await fs.list('nowhere')).toEqual([]);
  });

  it('reads and writes at offsets; reads past the end come back short', async () => {
    const { fs } = await setup();
    const h = await fs.open('data/block_file');
    h.write(4, new Uint8Array([1, 2]));
    expect(h.size()).toBe(6);
    expect(h.read(3, 10)).toEqual(new Uint8Array([0, 1, 2]));
    h.truncate(2);
    expect(h.size()).toBe(2);
    expect(h.read(5, 4)).toEqual(new Uint8Array(0));
  });

  it('keeps data across close and reopen (what recovery reads)', async () => {
    const { fs } = await setup();
    const h = await fs.open('slog/checkpoint');
    h.write(0, new TextEncoder().encode('ckpt'));
    h.close();
    expect(fs.openPaths()).toEqual([]);
    const again = await fs.open('slog/checkpoint');
    expect(new TextDecoder().decode(again.read(0, 100))).toBe('ckpt');
  });

  it('answers exists for files and directories', async () => {
    const { fs } = await setup();
    await fs.open('clog/1/1');
    expect(await fs.exists('clog/1/1')).toBe(true);
    expect(await fs.exists('clog/1')).toBe(true);
    expect(await fs.exists('clog/2/1')).toBe(false);
    expect(await fs.exists('slog')).toBe(false);
  });

  it('removes an open file by closing its handle first', async () => {
    const { fs } = await setup();
    await fs.open('clog/1/1');
    await fs.remove('clog/1');
    expect(await fs.exists('clog/1/1')).toBe(false);
    expect(fs.openPaths()).toEqual([]);
    await expect(fs.remove('clog/9')).resolves.toBeUndefined();
  });

  it('turns a quota error into ERROR 4184 (Server out of disk space)', async () => {
    const { fs, root } = await setup();
    root.quota.bytes = 8;
    const h = await fs.open('data/block_file');
    let caught: unknown;
    try {
      h.write(0, new Uint8Array(16));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ObError);
    expect((caught as ObError).format()).toBe('ERROR 4184 (HY000): Server out of disk space');
  });

  it('retries with backoff while a dying worker still holds the lock (reload race)', async () => {
    const { fs, serverDir, waits } = await setup();
    const file = (await serverDir.getFileHandle('meta', { create: true })) as FakeFile;
    file.busyFor = 2;
    const h = await fs.open('meta');
    expect(waits).toEqual([OPFS_LOCK_RETRY_DELAYS_MS[0], OPFS_LOCK_RETRY_DELAYS_MS[1]]);
    h.write(0, new Uint8Array([1]));
  });

  it('gives up with an I/O error when the lock is never released', async () => {
    const { fs, serverDir, waits } = await setup();
    const file = (await serverDir.getFileHandle('meta', { create: true })) as FakeFile;
    file.busyFor = 100;
    await expect(fs.open('meta')).rejects.toThrow(/locked by another holder/);
    expect(waits).toEqual([...OPFS_LOCK_RETRY_DELAYS_MS]);
  });

  it('closeAll releases every handle so a restarted server can reopen its files', async () => {
    const { fs, root } = await setup();
    await fs.open('clog/1/1');
    await fs.open('data/block_file');
    fs.closeAll();
    const second = await OpfsFileSystem.open('obcluster/obs-2', { storageRoot: root, sleep: async () => {} });
    await expect(second.open('clog/1/1')).resolves.toBeDefined();
    await expect(second.open('data/block_file')).resolves.toBeDefined();
  });
});
