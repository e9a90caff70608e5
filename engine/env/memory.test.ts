import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from './memory';

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
