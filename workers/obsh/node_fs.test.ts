import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir, NodeFileSystem, serverFileSystem } from './node_fs';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'obsh-fs-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('NodeFileSystem (obsh --data-dir)', () => {
  it('reads back what was written, at offsets, across reopen and new instances', async () => {
    const root = tmp();
    const a = new NodeFileSystem(root);
    const f = await a.open('clog/1001/1');
    f.write(0, new Uint8Array([1, 2, 3, 4]));
    f.write(6, new Uint8Array([9]));
    f.flush();
    expect(f.size()).toBe(7);
    expect([...f.read(2, 10)]).toEqual([3, 4, 0, 0, 9]);
    f.truncate(3);
    expect(f.size()).toBe(3);
    f.close();
    const b = new NodeFileSystem(root);
    expect(await b.exists('clog/1001/1')).toBe(true);
    expect(await b.list('clog')).toEqual(['1001']);
    expect(await b.list('nothing/here')).toEqual([]);
    const g = await b.open('clog/1001/1');
    expect([...g.read(0, 3)]).toEqual([1, 2, 3]);
    g.close();
    await b.remove('clog/1001/1');
    expect(await b.exists('clog/1001/1')).toBe(false);
  });

  it('allows one open handle per path and refuses paths leaving the root', async () => {
    const fsys = serverFileSystem(tmp(), 2);
    expect(fsys.root.endsWith('observer2')).toBe(true);
    const h = await fsys.open('data/block_file');
    await expect(fsys.open('data/block_file')).rejects.toThrow(/already open/);
    h.close();
    (await fsys.open('data/block_file')).close();
    await expect(fsys.open('../escape')).rejects.toThrow(/bad engine path/);
  });

  it('locks a data directory against a second live shell and takes over a stale lock', () => {
    const dir = tmp();
    const release = lockDataDir(dir);
    expect(() => lockDataDir(dir)).toThrow(/in use by another obsh/);
    release();
    fs.writeFileSync(path.join(dir, 'obsh.lock'), '999999999');
    const again = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'obsh.lock'), 'utf8')).toBe(String(process.pid));
    again();
  });
});
